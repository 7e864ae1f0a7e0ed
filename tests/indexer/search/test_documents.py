"""One record as one index document (``indexer.search.documents``)."""

from __future__ import annotations

from archive.store.models import Finding, FollowUp, Record
from indexer.search.documents import content_text, make_schema, remainder_text


def test_a_document_holds_each_text_of_its_record_once() -> None:
    record = Record(
        id=7,
        title="การประชุมเรื่องการจัดการน้ำ",
        text=(
            "กรุงเทพมหานคร - การประชุมเรื่องการจัดการน้ำ\n"
            "การประชุมเรื่องการจัดการน้ำ\n"
            "1.  ที่ประชุมหารือเรื่องน้ำท่วม “มอบหมาย” ให้สำนักการระบายน้ำศึกษาแนวทาง\n"
            "พิมพ์\n"
            "ที่มา : https://example.org/news/1\n"
        ),
        findings=[
            Finding(
                position=0,
                number="1",
                text="ที่ประชุมหารือเรื่องน้ำท่วม “มอบหมาย” ให้สำนักการระบายน้ำศึกษาแนวทาง",
            )
        ],
        follow_ups=[
            FollowUp(text="ให้สำนักการระบายน้ำศึกษาแนวทาง", status="open"),  # quoted in finding 1
            FollowUp(text="รายงานผลภายในเดือนมีนาคม", status="open"),  # added by hand
        ],
    )
    content = content_text(record)
    assert content.splitlines() == [
        "1 ที่ประชุมหารือเรื่องน้ำท่วม “มอบหมาย” ให้สำนักการระบายน้ำศึกษาแนวทาง",
        "รายงานผลภายในเดือนมีนาคม",
    ]
    # Lines already in the title or the content, up to spaces and punctuation, are left out.
    assert remainder_text(record, content).splitlines() == [
        "กรุงเทพมหานคร - การประชุมเรื่องการจัดการน้ำ",
        "พิมพ์",
        "ที่มา :",
    ]
    assert "follow_ups" not in make_schema().names()
