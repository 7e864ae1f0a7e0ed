"""How good one page of extracted Thai text is, and whether it should be read by OCR instead."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extract.thairepair import COMBINING, PRIVATE_USE, THAI, thai_dictionary

_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e4e]")
# A combining mark with no Thai letter (or other mark) before it: torn off its base.
_ORPHAN_MARK = re.compile(rf"(?<![\u0e01-\u0e2e\u0e30-\u0e4e])[{COMBINING}\u0e33]")
# A glyph mapped to the wrong character: a Latin-1 letter right after Thai (``ทีÉ``), or ASCII
# letters with Thai directly on both sides (``ประจlาปี``).
_LATIN_IN_THAI = re.compile(
    rf"(?<=[{THAI}])[\u00c0-\u00ff]|(?<=[{THAI}])[A-Za-z]{{1,3}}(?=[{THAI}])"
)
_THAI_DIGITS_ONLY = re.compile(r"[\u0e50-\u0e59]+")
# Runs of accented Latin letters (Latin-1 and Latin Extended-A/B): a font that maps Thai glyphs
# into them leaves words of nothing else (``ĀîŠü÷Üćî`` for หน่วยงาน, a form made on iOS); names
# in Vietnamese or Polish mix them with plain letters (``Đức``, ``Łukasz``).
_SHIFTED = re.compile(r"[\u00c0-\u024f]{4,}")

# A page whose largest image covers this share of it is a scan.
SCANNED_IMAGE_SHARE = 0.5
# Below these a page's text layer is not trusted (README "PDFs, scans and OCR").
MIN_DICTIONARY_SHARE = 0.80
MAX_ERRORS_PER_100_THAI = 1.0
MIN_VISIBLE_CHARS = 20


@dataclass(frozen=True)
class PageScore:
    visible: int  # non-space characters
    thai: int  # Thai letters
    private_use: int
    replacement: int  # U+FFFD
    orphan_marks: int
    latin_in_thai: int
    shifted: int  # letters in runs of accented Latin ones
    thai_tokens: int
    dictionary_tokens: int

    @property
    def errors(self) -> int:
        """Characters that show a broken text layer."""
        return (
            self.private_use
            + self.replacement
            + self.orphan_marks
            + self.latin_in_thai
            + self.shifted
        )

    @property
    def dictionary_share(self) -> float:
        """Share of Thai tokens found in the dictionary (1.0 when there is no Thai)."""
        return self.dictionary_tokens / self.thai_tokens if self.thai_tokens else 1.0

    def reason_for_ocr(self, *, scanned: bool = False) -> str | None:
        """Why the page should be read by OCR, or None when its text layer is good;
        ``scanned``: the page is mostly one image, so text without Thai is a hidden OCR layer
        of another language (or garbage), not an English page."""
        if self.visible < MIN_VISIBLE_CHARS:
            return "no text layer"
        if self.thai == 0:
            if self.shifted * 2 > self.visible:
                return "broken characters"
            return "no Thai" if scanned else None
        if self.errors * 100 > MAX_ERRORS_PER_100_THAI * self.thai:
            return "broken characters"
        if self.dictionary_share < MIN_DICTIONARY_SHARE:
            return "low dictionary share"
        return None

    def better_than(self, other: PageScore) -> bool:
        """True if this reading of a page beats another reading of it."""
        if (self.thai > 0) != (other.thai > 0):
            return self.thai > 0
        if self.thai > 0:  # both read Thai: a sound reading beats a doubtful one
            sound, other_sound = self.reason_for_ocr() is None, other.reason_for_ocr() is None
            if sound != other_sound:
                return sound
            if not sound:  # both doubtful (a form's shifted glyphs, OCR of its dotted lines):
                return self.dictionary_tokens > other.dictionary_tokens  # more words read
        return (self.dictionary_share, -self.errors) > (other.dictionary_share, -other.errors)


def score_page(text: str) -> PageScore:
    """Count what shows a broken or missing text layer in one page's text."""
    from pythainlp.tokenize import word_tokenize

    words = thai_dictionary()
    thai_tokens = dictionary_tokens = 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=False):
        if not _THAI_LETTER.search(token) or _THAI_DIGITS_ONLY.fullmatch(token):
            continue
        thai_tokens += 1
        dictionary_tokens += token in words
    return PageScore(
        visible=sum(1 for ch in text if not ch.isspace()),
        thai=len(_THAI_LETTER.findall(text)),
        private_use=len(PRIVATE_USE.findall(text)),
        replacement=text.count("\ufffd"),
        orphan_marks=len(_ORPHAN_MARK.findall(text)),
        latin_in_thai=len(_LATIN_IN_THAI.findall(text)),
        shifted=sum(len(run) for run in _SHIFTED.findall(text)),
        thai_tokens=thai_tokens,
        dictionary_tokens=dictionary_tokens,
    )
