"""ICU word segments: letters or digits only, offsets right after characters outside the BMP."""

import pytest

from evaluation.icu_words import icu_available, icu_segments, outside_bmp


def test_icu_segments():
    pytest.importorskip("icu")
    assert icu_available() is None
    text = "ความร่วมมือ 😀 COVID-19 ณ กรุงสตอกโฮล์ม"
    segments = [text[s:e] for s, e in icu_segments(text)]
    assert "😀" not in segments and "-" not in segments and " " not in segments
    assert segments[-2:] == ["กรุง", "สตอกโฮล์ม"]  # offsets right after an emoji


def test_outside_bmp():
    assert outside_bmp("ประชุม 😀")
    assert not outside_bmp("ประชุม COVID-19")
