"""One PDF opened with PDFium (pypdfium2) for reading only: its pages' text lines in reading
order and its pages rendered as images for OCR. Nothing in the file is executed: no form
environment is started, so JavaScript never runs, and embedded files are never opened.

pypdfium2 was chosen by measurement on Thai PDFs (README "PDFs, scans and OCR"): PDFium keeps
Thai combining marks with their base letters, where pdfminer.six tears them onto lines of
their own; PyMuPDF is AGPL.
"""

from __future__ import annotations

import functools
import re
import threading
import zlib
from dataclasses import dataclass

from indexer.extract.sources import MB, Limits, ReadError, short_error
from indexer.extract.thairepair import COMBINING_MARKS

_POINTS_PER_INCH = 72
OCR_DPI = 300
OCR_MAX_PIXELS = 2480 * 3508  # A4 at 300 dpi

# PDFium is not thread-safe: every call into it holds this lock (a web worker may read in threads).
PDFIUM = threading.RLock()
_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(rb"/FlateDecode")
_CHUNK = 1 * MB
_INPUT_CHUNK = 64 * 1024


def _locked(method):
    @functools.wraps(method)
    def run(*args, **kwargs):
        with PDFIUM:
            return method(*args, **kwargs)

    return run


@dataclass(frozen=True)
class Line:
    text: str
    top: float  # PDF points from the bottom of the page
    bottom: float


class PdfFile:
    """An open PDF; close it (or use ``with``) when done."""

    @_locked
    def __init__(self, data: bytes, limits: Limits) -> None:
        import pypdfium2

        check_inflated_size(data, limits.max_inflated)
        try:
            self.pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as err:
            raise ReadError(_open_error(err)) from None
        self.limits = limits
        self.pages = len(self.pdf)
        if self.pages == 0:
            self.close()
            raise ReadError("broken PDF: it has no pages")
        if self.pages > limits.max_pages:
            self.close()
            raise ReadError(f"too many pages: {self.pages} (limit {limits.max_pages})")

    def __enter__(self) -> PdfFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @_locked
    def close(self) -> None:
        """Release PDFium's memory for the document."""
        self.pdf.close()

    @_locked
    def javascript_actions(self) -> int:
        """Named JavaScript actions in the document (never run)."""
        import pypdfium2.raw as pdfium_c

        return max(0, pdfium_c.FPDFDoc_GetJavaScriptActionCount(self.pdf.raw))

    @_locked
    def attachments(self) -> int:
        """Embedded files (never opened)."""
        return self.pdf.count_attachments()

    @_locked
    def lines(self, index: int) -> list[Line]:
        """The page's text as lines, top to bottom (a two-column page column by column);
        pieces on one baseline (table cells, tab stops) joined left to right with a space."""
        page = self.pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                return _page_lines(textpage, page.get_size()[0])
            finally:
                textpage.close()
        except ReadError:
            raise
        except Exception as err:  # PDFium on a damaged page
            reason = f"broken PDF: page {index + 1} cannot be read ({short_error(err)})"
            raise ReadError(reason) from None
        finally:
            page.close()

    @_locked
    def image_share(self, index: int) -> float:
        """Share of the page covered by its largest image (a scan is one image, ~1.0)."""
        import pypdfium2
        import pypdfium2.raw as pdfium_c

        page = self.pdf[index]
        try:
            width, height = page.get_size()
            largest = 0.0
            for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
                left, bottom, right, top = obj.get_bounds()
                visible = (min(right, width) - max(left, 0)) * (min(top, height) - max(bottom, 0))
                largest = max(largest, visible)
            return largest / (width * height) if width * height > 0 else 0.0
        except pypdfium2.PdfiumError:  # a damaged object: judge the page by its text alone
            return 0.0
        finally:
            page.close()

    @_locked
    def render(self, index: int):
        """The page as a grayscale PIL image at 300 dpi; a page larger than A4 (scanners often
        store 1 point per pixel) at the pixels of an A4 page at 300 dpi."""
        page = self.pdf[index]
        try:
            width, height = page.get_size()
            scale = OCR_DPI / _POINTS_PER_INCH
            budget = min(OCR_MAX_PIXELS, self.limits.max_pixels)
            pixels = width * height * scale * scale
            if pixels > budget:
                scale *= (budget / pixels) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True)
            return bitmap.to_pil()
        finally:
            page.close()


def _open_error(err: Exception) -> str:
    message = str(err).lower()
    if "password" in message or "security" in message:
        return "encrypted PDF: a password is needed to open it"
    if "format" in message or "file" in message:
        return "broken PDF: not a readable PDF file"
    return f"broken PDF: {short_error(err)}"


def check_inflated_size(data: bytes, limit: int) -> None:
    """Refuse a PDF whose compressed streams inflate past ``limit`` bytes in all (a
    decompression bomb), inflating in bounded chunks so the check itself stays small."""
    if not _FLATE.search(data):
        return
    total = 0
    for match in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        position = match.end()
        try:
            while not inflater.eof:
                pending = data[position : position + _INPUT_CHUNK]
                if not pending:
                    break
                position += len(pending)
                while pending and not inflater.eof:
                    out = inflater.decompress(pending, _CHUNK)
                    total += len(out)
                    if total > limit:
                        raise ReadError(
                            "decompression bomb: the PDF's streams inflate to more than "
                            f"{limit / MB:g} MB"
                        )
                    pending = inflater.unconsumed_tail
        except zlib.error:
            continue  # not a Flate stream (or a damaged one): PDFium judges it


@dataclass(frozen=True)
class _Piece:
    text: str
    left: float
    right: float
    bottom: float
    top: float


def _page_lines(textpage, width: float) -> list[Line]:
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # indices do not match characters: keep PDFium's order
        return [Line(t.strip(), 0.0, 0.0) for t in text.splitlines() if t.strip()]
    pieces: list[_Piece] = []
    start = 0
    for end in [*(m.start() for m in re.finditer(r"\r\n|\r|\n", text)), count]:
        piece = text[start:end].strip()
        if piece:
            boxes = [
                textpage.get_charbox(i)
                for i in range(start, end)
                if not text[i].isspace() and not _is_mark(text[i])
            ]
            boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]]
            if boxes:
                pieces.append(
                    _Piece(
                        piece,
                        min(b[0] for b in boxes),
                        max(b[2] for b in boxes),
                        min(b[1] for b in boxes),
                        max(b[3] for b in boxes),
                    )
                )
            else:
                pieces.append(_Piece(piece, 0.0, 0.0, 0.0, 0.0))
        start = end + (2 if text[end : end + 2] == "\r\n" else 1)
    gutter = _gutter(pieces, width)
    return _baselines(pieces) if gutter is None else _in_columns(pieces, gutter)


def _is_mark(ch: str) -> bool:
    return ch in COMBINING_MARKS


# A page is read as two columns when a vertical gap near its middle is crossed by few pieces
# of text (headings), with prose on both sides: lines that fill their column (table cells do
# not, so a table keeps its rows).
_SPANNING = 0.6
_MIN_COLUMN_LINES = 6
_FILLED = 0.6  # of the column's width ...
_FILLED_SHARE = 0.75  # ... by this share of its lines (a paragraph's last line is short)
_COLUMN_WIDTH = 0.3  # of the page, each column at least


def _gutter(pieces: list[_Piece], width: float) -> float | None:
    body = [p for p in pieces if 0 < p.right - p.left < _SPANNING * width]
    if width <= 0 or len(body) < 2 * _MIN_COLUMN_LINES:
        return None
    for percent in sorted(range(30, 71), key=lambda n: abs(n - 50)):
        x = width * percent / 100
        if sum(p.left < x < p.right for p in body) > len(body) // 5:  # titles may cross
            continue
        left = [p for p in body if p.right <= x]
        right = [p for p in body if p.left >= x]
        if (
            min(len(left), len(right)) >= _MIN_COLUMN_LINES
            and _fills(left, width)
            and _fills(right, width)
        ):
            return x
    return None


def _fills(side: list[_Piece], width: float) -> bool:
    """A column of prose: wide (a table's key column is not) and filled by most lines."""
    column = max(p.right for p in side) - min(p.left for p in side)
    if column < _COLUMN_WIDTH * width:
        return False
    filled = sum(p.right - p.left >= _FILLED * column for p in side)
    return filled >= _FILLED_SHARE * len(side)


def _in_columns(pieces: list[_Piece], gutter: float) -> list[Line]:
    """Bands between the pieces that cross the gutter (titles), each read left column first."""
    lines: list[Line] = []
    band: list[_Piece] = []

    def flush() -> None:
        lines.extend(_baselines([p for p in band if p.right <= gutter]))
        lines.extend(_baselines([p for p in band if p.right > gutter]))
        band.clear()

    for piece in sorted(pieces, key=lambda p: -p.top):
        if piece.left < gutter < piece.right:
            flush()
            lines.extend(_baselines([piece]))
        else:
            band.append(piece)
    flush()
    return lines


def _baselines(pieces: list[_Piece]) -> list[Line]:
    """Pieces whose vertical middles fall inside one another's extent make one line."""
    groups: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: -p.top):
        middle = (piece.bottom + piece.top) / 2
        for group in groups[-3:]:
            bottom = min(p.bottom for p in group)
            top = max(p.top for p in group)
            if bottom <= middle <= top and piece.bottom <= (bottom + top) / 2 <= piece.top:
                group.append(piece)
                break
        else:
            groups.append([piece])
    return [
        Line(
            " ".join(p.text for p in sorted(group, key=lambda p: p.left)),
            max(p.top for p in group),
            min(p.bottom for p in group),
        )
        for group in groups
    ]
