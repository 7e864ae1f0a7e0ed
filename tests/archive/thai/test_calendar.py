"""Tests for archive.thai.calendar: Buddhist-era years and Thai dates written out."""

from __future__ import annotations

from datetime import date as D

import pytest

from archive.thai.calendar import format_thai_date, format_thai_range, thai_digits, to_be, to_ce


@pytest.mark.parametrize(("year", "ce"), [(2559, 2016), (2016, 2016), (2400, 1857), (2399, 2399)])
def test_to_ce_reads_years_from_2400_as_buddhist_era(year: int, ce: int) -> None:
    assert to_ce(year) == ce


def test_to_be_and_thai_digits() -> None:
    assert to_be(2016) == 2559
    assert thai_digits("13/9/2559") == "๑๓/๙/๒๕๕๙"


def test_format_thai_date() -> None:
    day = D(2016, 9, 13)
    assert format_thai_date(day) == "13 กันยายน 2559"
    assert format_thai_date(day, short=True) == "13 ก.ย. 2559"
    assert format_thai_date(day, thai_digits=True) == "๑๓ กันยายน ๒๕๕๙"


def test_format_thai_range() -> None:
    assert format_thai_range(D(2016, 9, 13), D(2016, 9, 18)) == "13 – 18 กันยายน 2559"
    assert format_thai_range(D(2019, 6, 30), D(2019, 7, 2)) == "30 มิถุนายน – 2 กรกฎาคม 2562"
    assert format_thai_range(D(2019, 12, 30), D(2020, 1, 2)) == "30 ธันวาคม 2562 – 2 มกราคม 2563"
    assert format_thai_range(D(2019, 6, 30), D(2019, 7, 2), short=True) == "30 มิ.ย. – 2 ก.ค. 2562"
    assert format_thai_range(D(2016, 9, 13), None) == "13 กันยายน 2559"
    assert format_thai_range(D(2016, 9, 13), D(2016, 9, 13)) == "13 กันยายน 2559"
    with pytest.raises(ValueError):
        format_thai_range(D(2016, 9, 13), D(2016, 9, 12))
