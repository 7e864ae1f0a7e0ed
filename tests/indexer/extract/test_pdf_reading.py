"""PDFs and images through ``read_bytes``: text layer, page starts, furniture, tables, and hostile
files refused with a reason. No OCR here (see test_ocr.py): Latin-only pages are not scans."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from indexer.extract.pdfdocument import PdfFile
from indexer.extract.reading import ReadError, read_bytes, read_document
from indexer.extract.sources import Limits
from indexer.extract.thairepair import repair_thai
from indexer.ingest import is_document_name, prepare_file
from tests.indexer.conftest import needs_ocr
from tests.indexer.extract.pdfmaker import make_pdf

DOCUMENTS = Path(__file__).parent / "documents"
PAGE = [(72, 760, "Minutes of the joint working group on border trade and transport")]


def test_real_pdf_with_private_use_tone_marks_is_repaired() -> None:
    pages: list[tuple[int, int, str]] = []
    source = read_document(
        DOCUMENTS / "pythainlp-manual-1.4.pdf", progress=lambda *p: pages.append(p)
    )
    assert source.format == "pdf"
    assert pages == [(n, 8, "reading") for n in range(1, 9)]  # a good text layer: no OCR
    assert len(source.page_starts) == 8 and source.page_starts[0] == 0
    assert source.page_starts == sorted(source.page_starts)
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in source.text)
    assert "คู่มือการใช้งาน PyThaiNLP 1.4" in source.text
    assert "พัฒนาขึ้นเพื่อ" in source.text  # a tone mark drawn late, put back
    assert any(w.startswith("ซ่อมอักษรไทย") for w in source.warnings)


def test_real_exam_loses_its_running_header_and_keeps_page_starts() -> None:
    source = read_document(DOCUMENTS / "kmutnb-exam-knowledge-management.pdf")
    assert len(source.page_starts) == 5
    assert "Knowledge Management หน้า" not in source.text
    assert source.text.startswith("คณะครุศาสตร์อุตสาหกรรม\nมหาวิทยาลัยเทคโนโลยีพระจอมเกล้า")
    for start in source.page_starts[1:]:
        assert source.text[start - 2 : start] == "\n\n"  # pages joined by a blank line
    assert source.warnings == []


def test_marks_of_an_excel_report_go_back_on_their_letters() -> None:
    # Excel 2013 with a TH Sarabun font: PDFium puts each mark after the next letter
    # (``จงัหวดั``) and maps the nikhahit to a space drawn above the letter (``ลา พูน``)
    source = read_document(DOCUMENTS / "budget-bureau-provincial-allocation-2559.pdf")
    assert "แผนการจัดสรรงบประมาณ ประจำปีงบประมาณ 2559" in source.text
    assert "จำแนกตามจังหวัด/ต่างประเทศ" in source.text
    for row in ("รวมทั้งสิ้น 2,720,000,000,000", "กลุ่มจังหวัดภาคเหนือตอนบน 74,023,730,930",
                "จังหวัดลำพูน 3,788,132,098", "จังหวัดกำแพงเพชร 7,286,770,182",
                "จังหวัดสุโขทัย 5,238,359,393"):  # fmt: skip
        assert row in source.text.split("\n")
    assert "จงัหวดั" not in source.text and "ลา พูน" not in source.text
    # pages 2-3, scaled to fit, come from PDFium one letter a piece: the touching letters are
    # one word again (``จัง ห วัด`` would fail the quality gate and go to OCR)
    assert "จังหวัดพระนครศรีอยุธยา 10,219,504,752" in source.text.split("\n")
    assert "กลุ่มจังหวัดภาคตะวันออกเฉียงเหนือตอนล่าง 88,921,749,997" in source.text.split("\n")
    assert not any("OCR" in warning for warning in source.warnings)


def page_text(name: str, page: int) -> str:
    """One page of a real PDF: its lines as PdfFile reads them, then the Thai repair."""
    with PdfFile((DOCUMENTS / name).read_bytes(), Limits()) as pdf:
        return repair_thai("\n".join(line.text for line in pdf.lines(page)))


def test_marks_displaced_words_away_or_past_a_line_break_are_put_back() -> None:
    # a Budget Bureau volume: tone marks as Latin-1 letters, marks words after their letter
    # with generated spaces around them (``ลกษณะรายจ ั าย่``), sara am as U+FFFD
    text = page_text("budget-bureau-2565-vol3-book17.pdf", 10)
    assert "3 สรุปงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2565" in text.split("\n")
    assert "3.1 จำแนกตามลักษณะรายจ่าย" in text.split("\n")
    assert "รวมทั้งสิ้น ด้านความมั่นคง" in text
    assert not any(ch in text for ch in "ÉÊ\ufffd")
    # its contents page draws every mark twice, with a glyph without Unicode (U+FFFD) beside
    text = page_text("budget-bureau-2565-vol3-book17.pdf", 4)
    assert "ความเชื่อมโยงยุทธศาสตร์ชาติ แผนแม่บทภายใต้ยุทธศาสตร์ชาติ" in text
    assert "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ ฉบับที่ 12" in text.split("\n")
    assert "ผลสัมฤทธิ์และประโยชน์ที่คาดว่าจะได้รับจากการใช้จ่ายงบประมาณ" in text
    assert "\ufffd" not in text
    # PDFium breaks the line before the marks of ``เพื่อมนุษยธรรม``: they go back, the line
    # is one again
    text = page_text("budget-bureau-2565-vol3-book17.pdf", 40)
    assert "ดำเนินการเพื่อมนุษยธรรม" in text
    # a Royal Gazette act with private-use tone marks, one PDFium put on a line of its own
    text = page_text("royal-gazette-budget-act-2553.pdf", 0)
    assert text.split("\n")[:2] == ["หน้า ๑", "เล่ม ๑๒๖ ตอนที่ ๗๙ ก ราชกิจจานุเบกษา ๒๒ ตุลาคม ๒๕๕๒"]
    for line in ("ให้ไว้ ณ วันที่ ๒๒ ตุลาคม พ.ศ. ๒๕๕๒", "เป็นปีที่ ๖๔ ในรัชกาลปัจจุบัน"):
        assert line in text.split("\n")
    assert "โดยที่เป็นการสมควรตั้งงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. ๒๕๕๓" in text


def test_a_sara_am_drawn_as_its_nikhahit_alone_keeps_its_word_whole() -> None:
    # the font maps the nikhahit to sara am and the sara aa to nothing: PDFium made up a space
    # (``บำ รุงสุข``); the bulletin's front pages also have marks drawn apart from their letters
    text = page_text("security-studies-bulletin-148.pdf", 1)
    assert text.split("\n")[4:9] == [
        "สุรชาติ บำรุงสุข",
        "กุลนันทน์ คันธิก",
        "สนับสนุนการพิมพ์โดย",
        "สถาบันการข่าวกรอง",
        "สำนักข่าวกรองแห่งชาติ",
    ]


def test_lines_in_reading_order_and_table_rows_kept() -> None:
    # the content stream gives the table column by column; the text keeps its rows
    data = make_pdf(
        [
            [
                (72, 760, "Agenda of the joint committee on trade"),
                (72, 700, "Delegation"),
                (72, 680, "Thailand"),
                (72, 660, "Lao PDR"),
                (300, 700, "Head"),
                (300, 680, "Director-General"),
                (300, 660, "Deputy Minister"),
                (72, 600, "The meeting ended at 16.30 hours."),
            ]
        ]
    )
    source = read_bytes(data, name="agenda.pdf")
    assert source.text.split("\n") == [
        "Agenda of the joint committee on trade",
        "Delegation Head",
        "Thailand Director-General",
        "Lao PDR Deputy Minister",
        "The meeting ended at 16.30 hours.",
    ]
    assert source.page_starts == [0]


LEFT = [
    "The delegations reviewed the progress of the",
    "joint projects on border trade facilitation",
    "and agreed to open two new permanent border",
    "checkpoints before the end of the fiscal year.",
    "The customs offices will share their data.",
    "Both sides welcomed the new railway link.",
]
RIGHT = [
    "The meeting also discussed the cooperation",
    "on tourism and the promotion of cultural",
    "exchanges between the sister provinces, and",
    "thanked the host for the warm hospitality.",
    "The next meeting will be held in Vientiane",
    "in the second half of next year, in August.",
]


def test_a_two_column_page_is_read_column_by_column() -> None:
    items = [(150, 780, "Joint Commission on Bilateral Cooperation: Summary")]
    items += [(40, 720 - 16 * n, line) for n, line in enumerate(LEFT)]
    items += [(310, 720 - 16 * n, line) for n, line in enumerate(RIGHT)]
    items += [(150, 540, "Signed by both heads of delegation at the closing session")]
    source = read_bytes(make_pdf([items]), name="two-columns.pdf")
    assert source.text.split("\n") == [
        "Joint Commission on Bilateral Cooperation: Summary",
        *LEFT,
        *RIGHT,
        "Signed by both heads of delegation at the closing session",
    ]


def test_a_long_two_column_table_keeps_its_rows() -> None:
    rows = [
        ("Thailand", "Director-General, Department of East Asian Affairs"),
        ("Lao PDR", "Director-General, Department of Asian Affairs"),
        ("Cambodia", "Secretary of State, Ministry of Foreign Affairs"),
        ("Viet Nam", "Deputy Director-General, Department of Planning"),
        ("Myanmar", "Director, Department of Consular Affairs"),
        ("Malaysia", "Undersecretary, Southeast Asia Division"),
        ("Indonesia", "Director for ASEAN Political-Security Cooperation"),
    ]
    items = [(72, 700 - 20 * n, left) for n, (left, _) in enumerate(rows)]
    items += [(200, 700 - 20 * n, right) for n, (_, right) in enumerate(rows)]
    source = read_bytes(make_pdf([items]), name="delegations.pdf")
    assert source.text.split("\n") == [f"{left} {right}" for left, right in rows]


def test_page_numbers_and_repeated_footers_dropped_across_pages() -> None:
    needs_ocr()  # short pages are checked by OCR; without it they are flagged as unchecked
    bodies = ["Opening of the meeting.", "Trade and transport.", "Any other business."]
    pages = [
        [
            (72, 800, "Ministry of Foreign Affairs - internal record"),
            (72, 700, body),
            (290, 40, f"- {n} -"),
        ]
        for n, body in enumerate(bodies, 1)
    ]
    source = read_bytes(make_pdf(pages), name="record.pdf")
    assert source.text == "\n\n".join(bodies)
    assert source.page_starts == [0, 25, 47]
    assert source.text[25:].startswith("Trade and transport.")
    assert source.warnings == []  # no page went to OCR


def test_javascript_is_never_run_and_reported() -> None:
    js = "<< /S /JavaScript /JS (app.alert\\('hello'\\);) >>"
    data = make_pdf(
        [PAGE], catalog="/OpenAction {0} /Names << /JavaScript << /Names [(x) {0}] >> >>",
        objects=(js,),
    )  # fmt: skip
    source = read_bytes(data, name="script.pdf")
    assert source.text.startswith("Minutes of the joint working group")
    assert any("JavaScript" in w and "ไม่ได้เรียกใช้" in w for w in source.warnings)


def test_embedded_files_are_not_opened_and_reported() -> None:
    spec = "<< /Type /Filespec /F (payload.exe) /EF << /F {1} >> >>"
    payload = "<< /Type /EmbeddedFile /Length 5 >>\nstream\nMZ...\nendstream"
    data = make_pdf(
        [PAGE], catalog="/Names << /EmbeddedFiles << /Names [(payload.exe) {0}] >> >>",
        objects=(spec, payload),
    )  # fmt: skip
    source = read_bytes(data, name="attached.pdf")
    assert "MZ" not in source.text
    assert "ไฟล์ PDF มีไฟล์แนบ ๑ ไฟล์: ไม่ได้เปิดอ่าน" in source.warnings


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_pdf([PAGE], encrypt=True), "encrypted PDF: a password is needed to open it"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\ngarbage that is no PDF at all", "broken PDF: "),
        (make_pdf([PAGE], bomb=5 * 1024 * 1024), "decompression bomb: the PDF's streams"),
        (make_pdf([PAGE, PAGE, PAGE]), "too many pages: 3 (limit 2)"),
        (make_pdf([PAGE]), "file too large"),
        (make_pdf([]), "broken PDF"),
    ],
)
def test_hostile_pdfs_are_refused_with_the_reason(data: bytes, reason: str) -> None:
    limits = Limits(max_pages=2, max_inflated=1024 * 1024)
    if reason.startswith("file too large"):
        limits = Limits(max_bytes=len(data) - 1)
        reason = f"file too large: {len(data):,} bytes (limit {len(data) - 1:,} bytes)"
    with pytest.raises(ReadError) as err:
        read_bytes(data, name="report.pdf", limits=limits)
    assert str(err.value).startswith(reason)


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("a.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("report.pdf", "รายงานการประชุม".encode(), "not a PDF: the file is text"),
        ("report.pdf", b"<html><body>x</body></html>", "not a PDF: the file is HTML"),
        ("report.pdf", _zip(), "not a PDF: the file is a zip archive"),
        ("report.pdf", b"\x89PNG\r\n\x1a\n" + bytes(40), "broken image"),  # an image is read
        ("scan.png", b"%!PS-Adobe-3.0\n", "not a PNG, JPEG or TIFF image: the file is a Post"),
        ("scan.jpg", "ข้อความ".encode(), "not a PNG, JPEG or TIFF image: the file is text"),
        ("old.doc", b"{\\rtf1\\ansi hello}", "unsupported file type: RTF document"),
        ("old.doc", b"plain words", "corrupt .doc: not a Word 97-2003 document"),
    ],
)
def test_a_file_that_is_not_what_its_name_says(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as err:
        read_bytes(data, name=name)
    assert str(err.value).startswith(reason)


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = zlib.compress(b"\x00" * 16)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(idat)) + b"IDAT" + idat
        + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
    )  # fmt: skip


def test_images_of_absurd_dimensions_are_refused_before_decoding() -> None:
    needs_ocr()  # without Tesseract an image is refused for that first
    with pytest.raises(ReadError, match=r"^image too large: absurd dimensions"):
        read_bytes(_png_header(100_000, 100_000), name="scan.png")
    with pytest.raises(ReadError, match=r"^image too large"):
        read_bytes(_png_header(5000, 5000), name="scan.png", limits=Limits(max_pixels=1000))


def test_a_tiff_with_too_many_pages_is_refused() -> None:
    from PIL import Image

    frames = [Image.new("L", (20, 20), 255) for _ in range(3)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(ReadError, match=r"^too many pages: 3 \(limit 2\)"):
        read_bytes(out.getvalue(), name="scan.tif", limits=Limits(max_pages=2))


def test_the_batch_goes_on_past_hostile_files(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.PDF", "scan.tiff", "old.doc", "paper.odt", "photo.JPG"):
        assert is_document_name(name)
    (tmp_path / "locked.pdf").write_bytes(make_pdf([PAGE], encrypt=True))
    (tmp_path / "fake.pdf").write_bytes(b"just text")
    good = make_pdf([[(72, 760, "การประชุม".encode().hex())]])  # Helvetica: Latin text only
    (tmp_path / "good.pdf").write_bytes(good)
    results = {p.name: prepare_file(p) for p in sorted(tmp_path.iterdir())}
    assert results["locked.pdf"].reason == "encrypted PDF: a password is needed to open it"
    assert results["fake.pdf"].reason == "not a PDF: the file is text"
    record = results["good.pdf"]
    assert record.text == "การประชุม".encode().hex()
    assert record.page_starts == [0]


def _image_pdf() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (400, 560), 255).save(out, format="PDF", resolution=50)
    return out.getvalue()


def test_without_tesseract_scans_are_refused_saying_why(monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.extract import ocr

    missing = "Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-tha)"
    monkeypatch.setattr(ocr, "available", lambda: missing)
    with pytest.raises(ReadError, match=r"^no text layer, and cannot OCR: Tesseract is not"):
        read_bytes(_image_pdf(), name="scan.pdf")
    with pytest.raises(ReadError, match=r"^cannot OCR the image: Tesseract is not installed"):
        read_bytes(_png_header(20, 20), name="scan.png")


def test_limits_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_MAX_FILE_MB", "0.001")
    monkeypatch.setenv("ARCHIVE_MAX_PAGES", "7")
    limits = Limits.from_env()
    assert (limits.max_bytes, limits.max_pages, limits.max_ocr_pages) == (1048, 7, 100)
    with pytest.raises(ReadError, match=r"^file too large: 1,[0-9]{3} bytes \(limit 1,048 bytes\)"):
        read_bytes(make_pdf([PAGE, PAGE]) + b" " * 1000, name="big.pdf")
