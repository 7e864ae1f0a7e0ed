"""Thai text normalisation shared by the parser and the analyzer.

Two kinds of normalisation live here and must not be confused:
- ``clean_text`` is applied to decoded documents before parsing. It only removes what is
  invisible noise (zero-width characters, BOMs, NBSP, CR) so that the stored text still reads
  exactly like the source.
- ``fold`` produces comparison keys (digits to Arabic, Latin lower-cased, spaces collapsed,
  Thai tone-mark/vowel order fixed). It is for matching, never for display.
"""

from __future__ import annotations

import re
import unicodedata

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_DIGIT_TABLE = str.maketrans(THAI_DIGITS, "0123456789")

# Zero-width space/joiners, word joiner, BOM and soft hyphen appear in copy-pasted government
# pages (the thaigov corpus has U+200B at the start of some titles).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = str.maketrans({"\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u3000": " "})
_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"}
)
_WS = re.compile(r"[ \t]+")

# Where pythainlp.util.normalize may change text (its _REORDER_PAIRS, _NOREPEAT_PAIRS,
# _RE_TONEMARKS, remove_dangling, remove_spaces_before_marks, remove_zw; whitespace aside,
# which ``fold`` collapses anyway): zero-width characters, a dangling mark first or after a
# space, เเ, a tone mark or ์ before an above/below vowel, any nikhahit, a following vowel
# before a tone mark, any lakkhangyao, a vowel or sign repeated (spaces between), two tone
# marks in a row. Elsewhere ``fold`` does not import pythainlp (50 ms of a first search).
_TONE = "\u0e48-\u0e4b"
_ABOVE_BELOW = "\u0e31\u0e34-\u0e39\u0e47\u0e4d"
_DANGLING = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_NO_REPEAT = "\u0e30\u0e32\u0e33\u0e45\u0e40-\u0e44\u0e31\u0e34-\u0e3a\u0e47\u0e4c-\u0e4e"
_NORMALIZED_BY_PYTHAINLP = re.compile(
    f"[\u200b\u200c]|(?:^|\\s)[{_DANGLING}]|\u0e40\u0e40|[{_TONE}\u0e4c][{_ABOVE_BELOW}]|\u0e4d"
    f"|[\u0e30\u0e32\u0e33\u0e45][{_TONE}]|\u0e45|([{_NO_REPEAT}])\\s*\\1|[{_TONE}]{{2}}"
)


def _any_of(table: dict[int, object]) -> re.Pattern[str]:
    return re.compile("[%s]" % re.escape("".join(map(chr, table))))


# Not str.translate on whole texts: it costs ~100 ns per character of Thai (0.5 ms for an
# article), where a regex finds the few characters to replace in a few ns per character.
_DIGITS, _INVISIBLES = _any_of(_DIGIT_TABLE), _any_of(_INVISIBLE)
_ODD_SPACES, _ODD_DASHES = _any_of(_SPACES), _any_of(_DASHES)


def _digit(match: re.Match[str]) -> str:
    return str(THAI_DIGITS.index(match.group()))


def thai_to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐-๙ with 0-9."""
    return _DIGITS.sub(_digit, text)


def clean_text(text: str) -> str:
    """Remove invisible noise from decoded document text, keeping it readable as written."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # SARA AM typed as NIKHAHIT + SARA AA ("สําหรับ") renders the same but breaks matching.
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    return _ODD_SPACES.sub(" ", _INVISIBLES.sub("", text))


def collapse_spaces(text: str) -> str:
    """Collapse runs of whitespace (including newlines) to single spaces and strip."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Comparison key: NFC, invisible chars removed, Thai digits to Arabic, dashes unified,
    Latin lower-cased, Thai vowel/tone order normalised, whitespace collapsed."""
    text = _ODD_DASHES.sub("-", clean_text(text))
    text = thai_to_arabic_digits(text).lower()
    if _NORMALIZED_BY_PYTHAINLP.search(text):
        from pythainlp.util import normalize as thai_normalize

        text = thai_normalize(text)
    return collapse_spaces(text)


def strip_line(text: str) -> str:
    """Strip a line and squeeze inner runs of spaces/tabs to one space."""
    return _WS.sub(" ", text).strip()
