"""The value types of the API's schemas: URL parameters read as the services read them, JSON
bodies strict, text valid Unicode, facet filters of the facets of the moment."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

import indexer.search.service as search_service
from webapp.api.values import (
    DateText,
    FacetFilter,
    QueryInt,
    WholeNumber,
    facet_filter_pattern,
    text,
)


class Query(BaseModel):
    number: QueryInt = 0
    day: DateText = ""
    filters: list[FacetFilter] = []


class Body(BaseModel):
    model_config = ConfigDict(strict=True)

    number: WholeNumber = 0
    words: text(5) = ""  # type: ignore[valid-type]


@pytest.mark.parametrize(("given", "read"), [("12", 12), (" 7 ", 7), ("๒๕๖๑", 2561)])
def test_query_numbers_read_as_int_reads_them(given: str, read: int) -> None:
    assert Query.model_validate({"number": given}).number == read


@pytest.mark.parametrize("given", ["", "1.5", "x", "9" * 5000])
def test_query_numbers_that_int_refuses_are_refused(given: str) -> None:
    with pytest.raises(ValidationError, match="not a number"):
        Query.model_validate({"number": given})


def test_dates_in_either_calendar() -> None:
    assert Query.model_validate({"day": "31/12/2561"}).day == "31/12/2561"
    assert Query.model_validate({"day": "2018-12-31"}).day == "2018-12-31"
    for bad in ("tomorrow", "31/02/2563", ""):
        with pytest.raises(ValidationError, match="not a date"):
            Query.model_validate({"day": bad})


@pytest.mark.parametrize(("given", "ok"), [(5, True), (5.0, True), (5.5, False), ("5", False),
                                           (True, False), (float("nan"), False)])  # fmt: skip
def test_body_numbers_are_whole_numbers_only(given: object, ok: bool) -> None:
    if ok:
        assert Body.model_validate({"number": given}).number == 5
    else:
        with pytest.raises(ValidationError):
            Body.model_validate({"number": given})


def test_body_text_is_bounded_unicode() -> None:
    assert Body.model_validate({"words": "น้ำท่วม"[:5]}).words == "น้ำท่"
    with pytest.raises(ValidationError, match="at most 5"):
        Body.model_validate({"words": "x" * 6})
    with pytest.raises(ValidationError, match="unicode"):
        Body.model_validate({"words": "\ud800"})


def test_facet_filters_follow_the_facet_list(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Query.model_validate({"filters": ["country:JP", "year:2561"]}).filters
    for bad in ("colour:red", "year", "year: ", "country:"):
        with pytest.raises(ValidationError, match="field:value"):
            Query.model_validate({"filters": [bad]})
    monkeypatch.setattr(search_service, "FACET_NAMES", ("colour",))
    assert facet_filter_pattern() == "^(colour):.*\\S"
    assert Query.model_validate({"filters": ["colour:red"]}).filters == ["colour:red"]
