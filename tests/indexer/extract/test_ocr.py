"""OCR with the real Tesseract (Thai + English): a scan image and an image-only PDF, one page
each (seconds per page), and the joining of Tesseract's per-character Thai words."""

from __future__ import annotations

import io
import subprocess

import pytest

from indexer.extract import ocr
from indexer.extract.reading import read_bytes
from tests.indexer.extract.pdfmaker import make_pdf

LINES = [
    "การประชุมคณะกรรมการร่วมว่าด้วยความร่วมมือทวิภาคี",
    "ณ กรุงเวียงจันทน์ สาธารณรัฐประชาธิปไตยประชาชนลาว",
    "ที่ประชุมเห็นชอบให้จัดตั้งคณะทำงานด้านการค้าชายแดน",
]


def _font_file() -> str | None:
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "Laksaman"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return None
    return found if found.endswith(".ttf") and "Laksaman" in found else None


def _needs_ocr() -> None:
    problem = ocr.available()
    if problem:
        pytest.skip(f"{problem}: `make documents` installs it")
    if _font_file() is None:
        pytest.skip("the Thai font Laksaman (fonts-thai-tlwg) is missing: `make documents`")


def _page_image():
    """A page of Thai text rendered like a 300 dpi scan (16 pt TH Sarabun-like letters)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(_font_file(), 70)
    image = Image.new("L", (2480, 900), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(LINES):
        draw.text((200, 150 + 180 * n), line, font=font, fill=0)
    return image.rotate(0.8, expand=True, fillcolor=255)


def _errors(found: str, truth: str) -> int:
    import difflib

    a, b = "".join(found.split()), "".join(truth.split())
    matched = sum(block.size for block in difflib.SequenceMatcher(None, a, b).get_matching_blocks())
    return max(len(a), len(b)) - matched


def test_a_scan_image_is_read_by_ocr() -> None:
    _needs_ocr()
    buffer = io.BytesIO()
    _page_image().save(buffer, format="PNG")
    progress: list[tuple[int, int]] = []
    source = read_bytes(buffer.getvalue(), name="scan.png", progress=lambda *p: progress.append(p))
    truth = "\n".join(LINES)
    assert source.format == "image"
    assert progress == [(1, 1)]
    assert source.page_starts == [0]
    assert _errors(source.text, truth) <= 0.05 * len(truth), source.text
    assert "ร่วมว่าด้วยความร่วมมือทวิภาคี" in source.text
    [note] = source.warnings
    assert note.startswith("อ่านด้วย OCR โปรดตรวจทานข้อความ: หน้า ๑ (ความมั่นใจ ")


def test_an_image_only_pdf_page_goes_to_ocr() -> None:
    _needs_ocr()
    buffer = io.BytesIO()
    _page_image().save(buffer, format="PDF", resolution=300)
    source = read_bytes(buffer.getvalue(), name="scanned.pdf")
    assert source.format == "pdf"
    assert "ที่ประชุมเห็นชอบ" in source.text
    assert any(w.startswith("อ่านด้วย OCR") for w in source.warnings)


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


def test_a_scan_with_a_hidden_latin_ocr_layer_is_read_again() -> None:
    # the scan whose invisible text layer is Latin garbage and no Thai at all
    _needs_ocr()
    from PIL import Image

    page = Image.new("L", (2480, 3508), 255)
    page.paste(_page_image(), (0, 200))
    garbage = [(72, 760 - 20 * n, "Iii lIl ,,:; rn m1 lIIl il l1 tbe qulck") for n in range(3)]
    data = make_pdf([garbage], scan=(2480, 3508, page.tobytes()))
    source = read_bytes(data, name="scan-with-layer.pdf")
    assert "lIIl" not in source.text
    assert "ที่ประชุมเห็นชอบ" in source.text
    assert source.warnings[0].startswith("อ่านด้วย OCR โปรดตรวจทานข้อความ: หน้า ๑ (ความมั่นใจ ")
