"""OCR with the real Tesseract (Thai + English): scan images (PNG, JPEG) and image-only PDFs,
one page each (seconds per page), the OCR page limit, and the joining of Tesseract's
per-character Thai words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from indexer.extract import ocr
from indexer.extract.reading import read_bytes
from tests.indexer.conftest import SCAN_LINES, image_bytes, needs_ocr, render_scan
from tests.indexer.extract.pdfmaker import make_pdf

DOCUMENTS = Path(__file__).parent / "documents"


def _errors(found: str, truth: str) -> int:
    import difflib

    a, b = "".join(found.split()), "".join(truth.split())
    matched = sum(block.size for block in difflib.SequenceMatcher(None, a, b).get_matching_blocks())
    return max(len(a), len(b)) - matched


def test_a_scan_image_is_read_by_ocr(scan_page: Image.Image) -> None:
    progress: list[tuple[int, int, str]] = []
    source = read_bytes(
        image_bytes(scan_page, "PNG"), name="scan.png", progress=lambda *p: progress.append(p)
    )
    truth = "\n".join(SCAN_LINES)
    assert source.format == "image"
    assert progress == [(0, 1, "ocr"), (1, 1, "reading")]  # said before the OCR, then done
    assert source.page_starts == [0]
    assert _errors(source.text, truth) <= 0.05 * len(truth), source.text
    assert "ร่วมว่าด้วยความร่วมมือทวิภาคี" in source.text
    [note] = source.warnings
    assert note.startswith("อ่านด้วย OCR โปรดตรวจทานข้อความ: หน้า ๑ (ความมั่นใจ ")


def test_a_jpeg_photo_of_a_page_is_read_by_ocr(scan_page: Image.Image) -> None:
    progress: list[tuple[int, int, str]] = []
    data = image_bytes(scan_page, "JPEG", quality=80)
    source = read_bytes(data, name="รูปถ่าย.jpg", progress=lambda *p: progress.append(p))
    truth = "\n".join(SCAN_LINES)
    assert source.format == "image"
    assert progress == [(0, 1, "ocr"), (1, 1, "reading")]
    assert _errors(source.text, truth) <= 0.05 * len(truth), source.text
    assert "กรุงเวียงจันทน์" in source.text
    [note] = source.warnings
    assert note.startswith("อ่านด้วย OCR โปรดตรวจทานข้อความ: หน้า ๑ (ความมั่นใจ ")


def test_an_image_only_pdf_page_goes_to_ocr(scan_page: Image.Image) -> None:
    progress: list[tuple[int, int, str]] = []
    data = image_bytes(scan_page, "PDF", resolution=300)
    source = read_bytes(data, name="scanned.pdf", progress=lambda *p: progress.append(p))
    assert source.format == "pdf"
    assert progress == [(0, 1, "ocr"), (1, 1, "reading")]
    assert "ที่ประชุมเห็นชอบ" in source.text
    assert any(w.startswith("อ่านด้วย OCR") for w in source.warnings)


def test_pages_past_the_ocr_limit_are_skipped_with_a_note(
    scan_page: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCHIVE_MAX_OCR_PAGES", "1")
    second = render_scan(["ผู้แทนกรุงเทพมหานครรายงานการพัฒนาระบบระบายน้ำ"])
    data = image_bytes(scan_page, "PDF", resolution=300, save_all=True, append_images=[second])
    progress: list[tuple[int, int, str]] = []
    source = read_bytes(data, name="two-scans.pdf", progress=lambda *p: progress.append(p))
    assert progress == [(0, 2, "ocr"), (1, 2, "reading"), (2, 2, "reading")]  # page 2: no OCR
    assert "ที่ประชุมเห็นชอบ" in source.text and "ระบายน้ำ" not in source.text
    assert len(source.page_starts) == 2
    read, skipped = source.warnings
    assert read.startswith("อ่านด้วย OCR โปรดตรวจทานข้อความ: หน้า ๑ (ความมั่นใจ ")
    assert "หน้า ๒" not in read
    assert skipped == "ไม่ได้อ่านด้วย OCR อีก ๑ หน้า (เกินขีดจำกัด ๑ หน้าต่อไฟล์)"


def _tsv(words: list[tuple[int, int, int, str, float]]) -> str:
    columns = ["level", "page_num", "block_num", "par_num", "line_num", "word_num"]
    head = "\t".join([*columns, "left", "top", "width", "height", "conf", "text"])
    rows = [
        f"5\t1\t1\t1\t{line}\t{n}\t{left}\t100\t{width}\t27\t{conf}\t{text}"
        for n, (line, left, width, text, conf) in enumerate(words, 1)
    ]
    return "\n".join([head, *rows])


def test_tesseract_words_of_one_character_are_joined_and_real_spaces_kept() -> None:
    # "อำเภอเมือง จังหวัด" as Tesseract 5 gives it: one "word" per character or cluster,
    # the marks with boxes of their own; a real space is a wide gap
    words = [
        (1, 1494, 17, "อ", 90.0), (1, 1519, 10, "ํ", 90.0), (1, 1528, 18, "า", 90.0),
        (1, 1546, 39, "เภ", 90.0), (1, 1584, 20, "อ", 90.0), (1, 1610, 34, "เม", 90.0),
        (1, 1650, 12, "ื", 90.0), (1, 1661, 18, "อ", 90.0), (1, 1679, 11, "ง", 90.0),
        (1, 1717, 18, "จ", 60.0), (1, 1735, 15, "ั", 60.0), (1, 1756, 18, "ง", 60.0),
        (1, 1773, 18, "ห", 60.0), (1, 1791, 17, "ว", 60.0), (1, 1812, 16, "ั", 60.0),
        (1, 1833, 21, "ด", 60.0),
        (2, 100, 60, "ASEAN", 95.0), (2, 168, 40, "2024", 95.0),
    ]  # fmt: skip
    page = ocr.parse_tsv(_tsv(words))
    assert page.text == "อําเภอเมือง จังหวัด\nASEAN 2024"
    weights = [(90.0, 11), (60.0, 7), (95.0, 9)]  # by characters
    expected = sum(c * n for c, n in weights) / sum(n for _, n in weights)
    assert page.confidence == pytest.approx(expected)


def test_a_text_layer_of_thai_shifted_into_latin_extended_is_read_by_ocr() -> None:
    # a real KMUTNB form (tests/indexer/extract/documents/SOURCES.md): its printed Thai has
    # Latin Extended letters for text (ĀîŠü÷Üćî for หน่วยงาน); OCR reads the page instead
    needs_ocr()
    data = (DOCUMENTS / "kmutnb-web-hosting-request-form.pdf").read_bytes()
    source = read_bytes(data, name="kmutnb-web-hosting-request-form.pdf")
    assert "ĀîŠü÷Üćî" not in source.text
    assert "หน่วยงาน" in source.text
    assert source.warnings[0].startswith("อ่านด้วย OCR โปรดตรวจทานข้อความ: หน้า ๑ (ความมั่นใจ ")


def test_a_scan_with_a_hidden_latin_ocr_layer_is_read_again(scan_page: Image.Image) -> None:
    # the scan whose invisible text layer is Latin garbage and no Thai at all
    page = Image.new("L", (2480, 3508), 255)
    page.paste(scan_page, (0, 200))
    garbage = [(72, 760 - 20 * n, "Iii lIl ,,:; rn m1 lIIl il l1 tbe qulck") for n in range(3)]
    data = make_pdf([garbage], scan=(2480, 3508, page.tobytes()))
    source = read_bytes(data, name="scan-with-layer.pdf")
    assert "lIIl" not in source.text
    assert "ที่ประชุมเห็นชอบ" in source.text
    assert source.warnings[0].startswith("อ่านด้วย OCR โปรดตรวจทานข้อความ: หน้า ๑ (ความมั่นใจ ")
