"""Finding a phrase of the cleaned paragraphs in the original text."""

from __future__ import annotations

from indexer.extract.offsets import TextLocator, item_span


def test_spacing_line_breaks_and_invisible_characters_do_not_matter() -> None:
    text = "ที่ประชุม\u200bเห็นพ้อง\nที่จะจัดการ  ประชุม **ร่วม** ส\u0e4d\u0e32หรับปี 2567"
    locator = TextLocator(text)
    start, end = locator.span("ที่ประชุมเห็นพ้องที่จะจัดการ ประชุม ร่วม สำหรับปี 2567")  # type: ignore[misc]
    assert (start, end) == (0, len(text))
    assert locator.span("ไม่มีในข้อความ") is None


def test_the_occurrence_after_an_offset() -> None:
    locator = TextLocator("ณ ทำเนียบรัฐบาล … ณ ทำเนียบรัฐบาล")
    assert locator.span("ทำเนียบรัฐบาล") == (2, 15)
    assert locator.span("ทำเนียบรัฐบาล", after=10) == (20, 33)


def test_a_section_item_is_found_without_its_group_and_number() -> None:
    text = "- ความร่วมมือด้านการศึกษา\n1. ให้สำนักการศึกษาจัดค่ายเยาวชน"
    locator = TextLocator(text)
    found = item_span("ความร่วมมือด้านการศึกษา: (1) ให้สำนักการศึกษาจัดค่ายเยาวชน", locator)
    assert found is not None and text[slice(*found)] == "ให้สำนักการศึกษาจัดค่ายเยาวชน"
