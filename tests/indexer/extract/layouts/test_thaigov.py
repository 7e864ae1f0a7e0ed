"""The thaigov layout's meeting date: the event's own date, kept apart from the publication."""

from __future__ import annotations

from datetime import date

from indexer.extract.parsing import parse_text


def article(*body: str) -> str:
    return "\n".join(
        [
            "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-ไทยร่วมประชุมรัฐมนตรี",
            "วันพฤหัสบดีที่ 29 ตุลาคม 2563",
            "ไทยร่วมประชุมรัฐมนตรี",
            *body,
            "ที่มา : https://www.thaigov.go.th/news/contents/details/1",
        ]
    )


def test_a_yearless_event_date_in_the_opening_is_the_meeting_date() -> None:
    text = article(
        "นายอลงกรณ์ แถลงถึงผลการประชุม วันนี้ (28ต.ค) ว่า ได้ร่วมประชุมกับรัฐมนตรีเขตเศรษฐกิจสมาชิก "
        "เมื่อวันที่ 27 ตุลาคมที่ผ่านมา"
    )
    record = parse_text(text, source_path="a.txt")
    assert (record.published, record.date_start) == (date(2020, 10, 29), date(2020, 10, 27))
    assert record.date_span is not None and text[slice(*record.date_span)] == "27 ตุลาคม"


def test_a_yearless_date_further_on_is_background() -> None:
    text = article(
        "วันนี้ (28 ตุลาคม 2563) ณ ห้องโดม ตึกไทยคู่ฟ้า ทำเนียบรัฐบาล นายกรัฐมนตรีหารือทางโทรศัพท์",
        "นายกรัฐมนตรีแสดงความเสียใจต่อเหตุการณ์ เมื่อวันที่ 4 ตุลาคม ที่ผ่านมา",
    )
    assert parse_text(text, source_path="a.txt").date_start == date(2020, 10, 28)
