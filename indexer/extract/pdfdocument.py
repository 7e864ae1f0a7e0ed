"""One PDF opened with PDFium (pypdfium2) for reading only: its pages' text lines in reading
order and its pages rendered as images for OCR. Nothing in the file is executed: no form
environment is started, so JavaScript never runs, and embedded files are never opened.

pypdfium2 was chosen by measurement on Thai PDFs (README "PDFs, scans and OCR"): PDFium keeps
Thai combining marks with their base letters, where pdfminer.six tears them onto lines of
their own; PyMuPDF is AGPL.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import threading
import zlib
from dataclasses import dataclass

from indexer.extract.sources import MB, Limits, ReadError, short_error
from indexer.extract.thairepair import COMBINING_MARKS, LATIN_MARK_LETTERS, PRIVATE_USE_TABLE

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
    upright: bool = True  # not rotated text (a table's column headings often are)


def _page_lines(textpage, width: float) -> list[Line]:
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # indices do not match characters: keep PDFium's order
        return [Line(t.strip(), 0.0, 0.0) for t in text.splitlines() if t.strip()]
    pieces: list[_Piece] = []
    for order in _segments(text, _marks_on_their_letters(textpage, text)):
        piece = "".join(text[i] for i in order).strip()
        if piece:
            boxes = [
                textpage.get_charbox(i)
                for i in order
                if not text[i].isspace() and text[i] not in _MARKS
            ]
            boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]] or [
                b
                for b in (textpage.get_charbox(i) for i in order if not text[i].isspace())
                if b[2] > b[0] or b[3] > b[1]
            ]  # a piece of marks alone: where the marks are
            if boxes:
                pieces.append(
                    _Piece(
                        piece,
                        min(b[0] for b in boxes),
                        max(b[2] for b in boxes),
                        min(b[1] for b in boxes),
                        max(b[3] for b in boxes),
                        _upright(textpage, next(i for i in order if not text[i].isspace())),
                    )
                )
            else:
                pieces.append(_Piece(piece, 0.0, 0.0, 0.0, 0.0))
    gutter = _gutter(pieces, width)
    return _baselines(pieces) if gutter is None else _in_columns(pieces, gutter)


def _upright(textpage, i: int) -> bool:
    """True if character i is not rotated."""
    import pypdfium2.raw as pdfium_c

    angle = pdfium_c.FPDFText_GetCharAngle(textpage.raw, i) % (2 * math.pi)
    return min(angle, 2 * math.pi - angle) < 0.05


# Combining marks that sit over or under a consonant, their private-use glyph variants, the
# Latin-1 letters some fonts map tone marks to and U+FFFD, a glyph without Unicode, drawn as a
# mark where it is one (thairepair maps, joins or drops those once they are on their letter).
_MARKS = (
    COMBINING_MARKS
    | LATIN_MARK_LETTERS
    | {chr(pua) for pua, thai in PRIVATE_USE_TABLE.items() if thai in COMBINING_MARKS}
    | {"\ufffd"}
)
_CONSONANTS = frozenset(map(chr, range(0x0E01, 0x0E2F)))
_BELOW = frozenset("\u0e38\u0e39\u0e3a") | {
    chr(pua) for pua, thai in PRIVATE_USE_TABLE.items() if thai in "\u0e38\u0e39\u0e3a"
}


def _segments(text: str, order: list[int]) -> list[list[int]]:
    """The character indices cut into PDFium's lines at its line breaks."""
    segments: list[list[int]] = [[]]
    for i in order:
        if text[i] == "\n":
            segments.append([])
        elif text[i] != "\r":
            segments[-1].append(i)
        elif i + 1 >= len(text) or text[i + 1] != "\n":
            segments.append([])
    return segments


_MARK_REACH = 48  # characters back a mark may have been displaced from its letter


def _marks_on_their_letters(textpage, text: str) -> list[int]:
    """The page's character indices, each Thai combining mark moved after the consonant it is
    drawn over. PDFium orders glyphs by their origin, and a mark drawn leftwards from the next
    letter's origin (Microsoft Office with TH Sarabun PSK and similar fonts) comes out after
    that letter (``จงัหวดั``), sometimes words later with spaces PDFium generated around it
    (``รายจ ั าย่``) that go with the mark, or after a line break (``หน`` / ``้`` / ``า``). A
    space drawn above a letter is a nikhahit its font maps to a space (``ประจา ปี``): it goes
    after that letter, where thairepair's sara am rule finds it (``ประจ าปี`` → ``ประจำปี``).
    A space made up after a sara am drawn as its nikhahit alone is dropped (``บำ รุงสุข``)."""
    if not any(ch in _MARKS or ch == " " for ch in text):
        return list(range(len(text)))
    import pypdfium2.raw as pdfium_c

    boxes: dict[int, tuple[float, float, float, float]] = {}

    def box(i: int) -> tuple[float, float, float, float]:
        """The glyph's box; nothing (0, 0, 0, 0) for a glyph not upright (rotated text)."""
        if i not in boxes:
            boxes[i] = textpage.get_charbox(i) if _upright(textpage, i) else (0.0, 0.0, 0.0, 0.0)
        return boxes[i]

    def generated_space(i: int) -> bool:  # line breaks stay: pieces of a line are rejoined
        return text[i] == " " and pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1

    order: list[int] = []
    dropped: set[int] = set()
    for i in range(len(text)):
        drawn_space = text[i] == " "
        if drawn_space and generated_space(i) and _after_nikhahit_alone(text, order, box, i):
            continue
        if (text[i] not in _MARKS and not drawn_space) or (drawn_space and generated_space(i)):
            order.append(i)
            continue
        left, bottom, right, top = box(i)
        if right <= left or top <= bottom:  # nothing drawn: a blank, or a mark PDFium cannot place
            order.append(i)
            continue
        letters: list[tuple[int, tuple[float, ...]]] = []  # (position in order, box)
        attached = False  # the characters since the last letter are marks on it
        for k in range(max(0, len(order) - _MARK_REACH), len(order)):
            ch = text[order[k]]
            if ch in _CONSONANTS:
                letters.append((k, box(order[k])))
                attached = True
            elif ch in _MARKS and attached and not drawn_space:  # the letter with its marks
                letters[-1] = (letters[-1][0], _union(letters[-1][1], box(order[k])))
            else:
                attached = False
        on = _letter_under(box(i), letters, below=text[i] in _BELOW, drawn=drawn_space)
        if on is None or all(text[j] in _MARKS for j in order[on + 1 :]):
            order.append(i)  # on the letter before it, as it should be, or on none
            continue
        at = on + 1
        while at < len(order) and text[order[at]] in _MARKS:
            at += 1
        order.insert(at, i)
        before: list[int] = []  # generated spaces around where the mark was taken from ...
        while len(order) - 1 > at and generated_space(order[-1]):
            before.append(order.pop())
        after = i + 1
        while after < len(text) and generated_space(after):
            after += 1
        spaces = [*before, *range(i + 1, after)]
        last = next(j for j in reversed(order) if text[j] not in _MARKS)
        if spaces and after < len(text) and _no_gap(box(last), box(after)):
            dropped.update(spaces)  # ... go when the letters around them touch (``จ ั า``)
        else:
            order.extend(reversed(before))
    return [i for i in order if i not in dropped]


def _after_nikhahit_alone(text: str, order: list[int], box, i: int) -> bool:
    """True for a space PDFium made up inside a word after a sara am whose glyph is drawn
    above the letters (its font maps the nikhahit to sara am and the sara aa to nothing, whose
    width PDFium takes for a gap: ``บำ รุงสุข``)."""
    if not order or text[order[-1]] != "\u0e33" or i + 1 >= len(text):
        return False
    if not "\u0e01" <= text[i + 1] <= "\u0e4e":
        return False
    letter = next((j for j in reversed(order[:-1]) if text[j] in _CONSONANTS), None)
    if letter is None:
        return False
    am, base = box(order[-1]), box(letter)
    return am[2] > am[0] and am[1] >= base[3] - 0.1 * (base[3] - base[1])


def _no_gap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """True if glyph b starts (nearly) where glyph a ends: no blank between them."""
    height = a[3] - a[1]
    return height > 0 and b[2] > b[0] and b[0] - a[2] < 0.3 * height


def _union(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    if b[2] <= b[0]:
        return a
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _letter_under(
    mark: tuple[float, float, float, float],
    letters: list[tuple[int, tuple[float, ...]]],
    *,
    below: bool = False,
    drawn: bool = False,
) -> int | None:
    """Of the letters before a mark (position, box), the one it is drawn over (or under, for a
    mark ``below``): on the same line, the largest horizontal overlap; the last letter keeps
    the mark unless it is under less than half of it and an earlier one is under more. A
    ``drawn`` space counts only wholly above a letter (a blank between words is not)."""
    left, bottom, right, top = mark
    width, middle = right - left, (bottom + top) / 2
    if width <= 0 or top <= bottom or not letters:
        return None

    def overlap(b: tuple[float, ...]) -> float:
        height, centre = b[3] - b[1], (b[1] + b[3]) / 2
        if below:
            beside = b[1] - height <= middle < centre
        else:
            beside = centre < middle <= b[3] + height and (not drawn or bottom >= b[3])
        return max(0.0, min(right, b[2]) - max(left, b[0])) if beside else 0.0

    last_at, last_box = letters[-1]
    last = overlap(last_box)
    best_at, best = last_at, last
    for at, b in letters[:-1]:
        if overlap(b) > best:
            best_at, best = at, overlap(b)
    if best_at != last_at and last < width / 2:
        return best_at
    return last_at if last > 0 else None


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
    lines = []
    for group in groups:
        ordered = sorted(group, key=lambda p: p.left)
        text = ordered[0].text
        for before, piece in itertools.pairwise(ordered):
            text += _joiner(before, piece) + piece.text
        lines.append(Line(text, max(p.top for p in group), min(p.bottom for p in group)))
    return lines


def _joiner(before: _Piece, piece: _Piece) -> str:
    """A space between two pieces of one line, or nothing where PDFium split Thai text whose
    letters touch (a line of Excel's scaled to fit: ``จัง`` ``ห`` ``วัด``) or a Thai word at a
    mark drawn apart (``หน`` ``้`` ``า``, ``เป็`` ``นการ``)."""
    last, first = before.text[-1], piece.text[0]
    if not (_is_thai(last) and _is_thai(first) and before.upright and piece.upright):
        return " "
    split = first in _MARKS or first in "\u0e32\u0e33" or last in _MARKS
    height = max(before.top - before.bottom, piece.top - piece.bottom)
    gap = piece.left - before.right
    return "" if gap < (0.5 if split else 0.3) * height else " "


def _is_thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b" or ch in _MARKS
