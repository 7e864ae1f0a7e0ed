"""Fixtures of the reading and upload tests: a page of Thai text rendered like a scan, for the
real Tesseract (skipped where Tesseract with its Thai model or the Thai font is missing)."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

SCAN_LINES = [
    "การประชุมคณะกรรมการร่วมว่าด้วยความร่วมมือทวิภาคี",
    "ณ กรุงเวียงจันทน์ สาธารณรัฐประชาธิปไตยประชาชนลาว",
    "ที่ประชุมเห็นชอบให้จัดตั้งคณะทำงานด้านการค้าชายแดน",
]


def thai_font() -> str | None:
    """The file of Laksaman (fonts-thai-tlwg, a TH Sarabun-like font), None without it."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "Laksaman"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return None
    return found if found.endswith(".ttf") and "Laksaman" in found else None


def needs_ocr() -> None:
    """Skip the test where Tesseract (with tha) or the Thai font is missing."""
    from indexer.extract import ocr

    problem = ocr.available()
    if problem:
        pytest.skip(f"{problem}: `make documents` installs it")
    if thai_font() is None:
        pytest.skip("the Thai font Laksaman (fonts-thai-tlwg) is missing: `make documents`")


def render_scan(lines: list[str] = SCAN_LINES) -> Image.Image:
    """``lines`` rendered like a 300 dpi scan (16 pt letters, slightly skewed)."""
    font = ImageFont.truetype(str(thai_font()), 70)
    image = Image.new("L", (2480, 900), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((200, 150 + 180 * n), line, font=font, fill=0)
    return image.rotate(0.8, expand=True, fillcolor=255)


def image_bytes(image: Image.Image, fmt: str, **options: object) -> bytes:
    """``image`` saved as ``fmt`` (PNG, JPEG, PDF, ...)."""
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.fixture
def scan_page() -> Image.Image:
    """A page of ``SCAN_LINES`` rendered like a scan (the test is skipped without OCR)."""
    needs_ocr()
    return render_scan()
