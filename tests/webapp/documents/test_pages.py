"""The page of a paged original that a piece of a record's text is on."""

from webapp.documents.pages import page_at, page_of_text


def test_pages_by_offset_and_by_text() -> None:
    starts = [0, 100, 250]
    assert [page_at(starts, o) for o in (0, 99, 100, 249, 250, 10_000)] == [1, 1, 2, 2, 3, 3]
    assert page_at([], 5) is None and page_at(starts, None) is None
    text = "หน้าหนึ่ง" + " " * 91 + "ข้อตกลงเรื่องน้ำ" + " " * 200 + "ปิดประชุม"
    assert page_of_text(starts, text, "ข้อตกลงเรื่องน้ำ") == 2
    assert page_of_text(starts, text, "ปิดประชุม") == 3
    assert page_of_text(starts, text, "ไม่มีในข้อความ") is None
