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
    from pythainlp.util import normalize as thai_normalize

    text = _ODD_DASHES.sub("-", clean_text(text))
    text = thai_to_arabic_digits(text).lower()
    return collapse_spaces(thai_normalize(text))


def strip_line(text: str) -> str:
    """Strip a line and squeeze inner runs of spaces/tabs to one space."""
    return _WS.sub(" ", text).strip()
