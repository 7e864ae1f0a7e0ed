"""Paged documents (PDFs, scans, photos) → one text: each page's text layer repaired and judged;
a page without a usable text layer is read by OCR. Gives where each page starts and, in Thai,
what a reviewer should know (pages read by OCR and how sure it was, active content ignored)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from archive.thai.calendar import thai_digits
from indexer.extract import ocr
from indexer.extract.images import ImageFile
from indexer.extract.pagefurniture import drop_furniture
from indexer.extract.pagequality import SCANNED_IMAGE_SHARE, PageScore, score_page
from indexer.extract.pdfdocument import PdfFile
from indexer.extract.sources import (
    OCR,
    READING,
    Limits,
    Progress,
    ReadError,
    SourceText,
    has_text,
)
from indexer.extract.thairepair import repair_thai

# A JavaScript action in the file's uncompressed objects (those in object streams are found
# by PDFium's count of named actions).
_JAVASCRIPT = re.compile(rb"/S\s*/JavaScript|/JS\s*[(<]")


@dataclass
class Page:
    lines: list[str]
    ocr_confidence: float | None = None  # set when the page was read by OCR
    doubtful: str | None = None  # why a kept text layer is doubtful (OCR not possible)
    repaired: bool = False


def read_pdf(data: bytes, limits: Limits, progress: Progress | None = None) -> SourceText:
    """A PDF's text: text layer where it is good, OCR elsewhere."""
    notes: list[str] = []
    with PdfFile(data, limits) as pdf:
        if pdf.javascript_actions() or _JAVASCRIPT.search(data):
            notes.append("ไฟล์ PDF มีสคริปต์ (JavaScript): ไม่ได้เรียกใช้ อ่านเฉพาะข้อความ")
        attached = pdf.attachments()
        if attached or b"/EmbeddedFile" in data:
            count = f" {thai_digits(str(attached))} ไฟล์" if attached else ""
            notes.append(f"ไฟล์ PDF มีไฟล์แนบ{count}: ไม่ได้เปิดอ่าน")
        layers = drop_furniture([[line.text for line in pdf.lines(i)] for i in range(pdf.pages)])
        budget = _OcrBudget(limits)
        pages: list[Page] = []
        for index, raw_lines in enumerate(layers):
            scanned = pdf.image_share(index) >= SCANNED_IMAGE_SHARE
            announce = _announcer(progress, index, pdf.pages)
            pages.append(
                _read_page(raw_lines, lambda i=index: pdf.render(i), budget, scanned, announce)
            )
            if progress:
                progress(index + 1, pdf.pages, READING)
    if budget.refused_empty and not any(has_text("".join(page.lines)) for page in pages):
        raise ReadError(f"no text layer, and cannot OCR: {budget.refused_empty}")
    return _finish(pages, "pdf", notes + budget.notes())


def read_image(data: bytes, limits: Limits, progress: Progress | None = None) -> SourceText:
    """A scan or photo (PNG, JPEG, TIFF with one or more pages) read by OCR."""
    image = ImageFile(data, limits)
    problem = ocr.available()
    if problem:
        raise ReadError(f"cannot OCR the image: {problem}")
    pages: list[Page] = []
    for index, frame in enumerate(image.frames()):
        if progress:
            progress(index, image.pages, OCR)
        result = ocr.ocr_image(frame, timeout=limits.timeout)
        pages.append(Page(repair_thai(result.text).split("\n"), result.confidence))
        if progress:
            progress(index + 1, image.pages, READING)
    return _finish(pages, "image", [])


class _OcrBudget:
    """How many pages may still go to OCR, and whether OCR can run at all."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.left = limits.max_ocr_pages
        self.skipped = 0
        self.refused_empty: str | None = None  # why a page without text could not be OCRed
        self._problem: str | bool | None = False  # False: not asked yet

    def problem(self) -> str | None:
        if self._problem is False:
            self._problem = ocr.available()
        return self._problem  # type: ignore[return-value]

    def take(self) -> str | None:
        """None if a page may be OCRed now, else why not."""
        problem = self.problem()
        if problem:
            return problem
        if self.left <= 0:
            self.skipped += 1
            return f"over the OCR limit of {self.limits.max_ocr_pages} pages"
        self.left -= 1
        return None

    def notes(self) -> list[str]:
        if not self.skipped:
            return []
        return [
            f"ไม่ได้อ่านด้วย OCR อีก {thai_digits(str(self.skipped))} หน้า "
            f"(เกินขีดจำกัด {thai_digits(str(self.limits.max_ocr_pages))} หน้าต่อไฟล์)"
        ]


def _announcer(progress: Progress | None, index: int, total: int) -> Callable[[], None]:
    """What says that page ``index`` (0-based) goes to OCR now."""
    if progress is None:
        return lambda: None
    report = progress
    return lambda: report(index, total, OCR)


def _read_page(
    raw_lines: list[str],
    render: Callable[[], object],
    budget: _OcrBudget,
    scanned: bool,
    announce: Callable[[], None],
) -> Page:
    raw = "\n".join(raw_lines)
    text = repair_thai(raw)
    score = score_page(text)
    reason = score.reason_for_ocr(scanned=scanned)
    page = Page(text.split("\n") if text else [], repaired=text != _plain(raw))
    if reason is None:
        return page
    refused = budget.take()
    if refused:
        if score.visible:
            page.doubtful = refused
        else:
            budget.refused_empty = refused
        return page
    announce()
    result = ocr.ocr_image(render(), timeout=budget.limits.timeout)
    ocr_text = repair_thai(result.text)
    if not has_text(text) or _better(score_page(ocr_text), score):
        return Page(ocr_text.split("\n") if ocr_text else [], result.confidence)
    return page


def _better(ocr_score: PageScore, layer: PageScore) -> bool:
    return ocr_score.better_than(layer)


def _plain(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def _finish(pages: list[Page], fmt: str, notes: list[str]) -> SourceText:
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for page in pages:
        body = "\n".join(page.lines).strip("\n")
        starts.append(offset)
        parts.append(body)
        offset += len(body) + 2  # pages are joined by a blank line
    text = "\n\n".join(parts)
    if not has_text(text):
        raise ReadError("no text found (no text layer, and OCR read nothing)")
    warnings = _page_notes(pages) + notes
    return SourceText(text, fmt, None, page_starts=starts, warnings=warnings)


def _page_notes(pages: list[Page]) -> list[str]:
    notes: list[str] = []
    read = [
        f"หน้า {thai_digits(str(n))} "
        + (
            f"(ความมั่นใจ {thai_digits(f'{p.ocr_confidence:.0f}')}%)"
            if any(line.strip() for line in p.lines)
            else "(ไม่พบข้อความ)"
        )
        for n, p in enumerate(pages, 1)
        if p.ocr_confidence is not None
    ]
    if read:
        notes.append("อ่านด้วย OCR โปรดตรวจทานข้อความ: " + ", ".join(read))
    doubtful = [str(n) for n, p in enumerate(pages, 1) if p.doubtful]
    if doubtful:
        notes.append(
            "ข้อความในไฟล์อาจเพี้ยนแต่อ่านด้วย OCR ไม่ได้: หน้า "
            + thai_digits(", ".join(doubtful))
        )
    repaired = [str(n) for n, p in enumerate(pages, 1) if p.repaired]
    if repaired:
        notes.append(
            "ซ่อมอักษรไทยที่ฟอนต์ในไฟล์ PDF แปลงผิดแล้ว: หน้า " + thai_digits(", ".join(repaired))
        )
    return notes
