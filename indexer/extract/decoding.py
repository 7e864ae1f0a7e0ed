"""Bytes -> text: BOM-marked Unicode, UTF-8 or Thai cp874 (TIS-620), or ``ReadError``; never a
guessed encoding that turns the text into mojibake."""

from __future__ import annotations

import codecs
import re
import unicodedata

from indexer.extract.sources import ReadError

_THAI_CHARSETS = frozenset(
    {
        "cp874", "ms874", "windows-874", "x-windows-874", "dos-874", "ibm874",
        "tis-620", "tis620", "x-tis-620", "tis_620", "iso-8859-11", "iso8859-11", "iso8859_11",
    }
)  # fmt: skip
# Declared charsets that are not real document encodings (or that only a BOM may announce).
_REFUSED_CODECS = frozenset(
    {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined", "charmap",
     "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8", "utf-8-sig"}
)  # fmt: skip
# WHATWG: pages labelled Latin-1/ASCII are decoded as windows-1252.
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252",
                  "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}  # fmt: skip

_UNDECODABLE = "cannot decode: not UTF-8 or TIS-620/cp874"


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes as BOM-marked Unicode, UTF-8 or Thai cp874; return (text, encoding)."""
    return decode(data, None)


def decode(data: bytes, declared: str | None) -> tuple[str, str]:
    bom = _decode_bom(data)
    if bom is not None:
        return _checked(*bom)
    if b"\x00" in data:
        raise ReadError("binary file, not a text document")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    thai_declared = declared in _THAI_CHARSETS
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        text = None
    if text is not None and (thai_declared or _plausible_cp874(text)):
        return _checked(text, "cp874")
    codec = _declared_codec(declared) if declared and not thai_declared else None
    if codec is not None:
        try:
            return _checked(data.decode(codec), codec)
        except (UnicodeDecodeError, LookupError):
            pass
    raise ReadError(_UNDECODABLE)


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    boms = (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise ReadError(f"cannot decode: invalid {encoding.upper()} text") from None
            if encoding != "utf-8-sig" and not _plausible_unicode(text):
                # Two bytes FF FE decode almost anything as UTF-16: random binary comes out as
                # a page of CJK characters. A Thai or English document does not.
                raise ReadError(f"cannot decode: not {encoding.upper()} Thai or English text")
            return text, encoding
    return None


def _plausible_unicode(text: str) -> bool:
    """Whether most visible characters are Thai, Latin or common punctuation."""
    visible = [ch for ch in text[:20_000] if not ch.isspace()]
    if not visible:
        return True
    usual = sum(
        1
        for ch in visible
        if ch < "\u0250" or "\u0e00" <= ch <= "\u0e7f" or "\u2000" <= ch <= "\u206f"
    )
    return usual >= 0.6 * len(visible)


def _declared_codec(label: str) -> str | None:
    label = _LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
        b"a".decode(name)  # LookupError for bytes-to-bytes codecs such as "hex" or "zlib"
    except (LookupError, UnicodeDecodeError):
        return None
    return None if name in _REFUSED_CODECS else name


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Reject decoded text that is really binary data (control chars, unassigned code points)."""
    if "\x00" in text:
        raise ReadError("binary file, not a text document")
    bad_chars = {c for c in set(text) if _is_bad_char(c)}
    if bad_chars:
        if len(bad_chars) > 32:
            raise ReadError("binary file, not a text document")
        bad = sum(text.count(c) for c in bad_chars)
        if bad * 100 > len(text):
            raise ReadError("binary file, not a text document")
    return text, encoding


def _is_bad_char(c: str) -> bool:
    if c < "\x80":
        return _CONTROL.match(c) is not None
    return unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs")


_THAI_CONSONANT = re.compile(r"[\u0e01-\u0e2e]")
_NOT_THAI = re.compile(r"[^\u0e01-\u0e5b]+")
# Vowel signs, tone marks and other marks that can only follow a consonant (or another mark).
_MARK_WITHOUT_BASE = re.compile(
    r"(?<![\u0e01-\u0e2e\u0e30-\u0e3a\u0e45\u0e47-\u0e4e])[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]"
)
# Leading vowels เ แ โ ใ ไ must be followed by a consonant.
_LEADING_WITHOUT_CONSONANT = re.compile(r"[\u0e40-\u0e44](?![\u0e01-\u0e2e])")
_DOUBLE_SARA_E = re.compile(r"\u0e40(?=\u0e40[\u0e01-\u0e2e])")  # "เเ" typed for "แ": common
# Obsolete letters ฃ ฅ ฦ and the signs ๎ ๏ ๚ ๛: next to absent from modern text, but where
# the trail bytes of double-byte East Asian encodings (EUC-KR, GB2312) land.
_RARE_THAI = re.compile(r"[\u0e03\u0e05\u0e26\u0e4e\u0e4f\u0e5a\u0e5b]")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]")
# log(frequency in Thai text / frequency if every Thai letter were equally likely), in tiers,
# measured on the thaigov 2020-2022 news corpus. Mojibake (e.g. EUC-KR read as cp874) spreads
# over the letters evenly and averages below 0; real Thai averages about +0.85 per letter.
_THAI_LETTER_SCORE: dict[str, float] = {
    **dict.fromkeys("ารน", 1.5),
    **dict.fromkeys("ก่งมัอ", 1.0),
    **dict.fromkeys("้เยวทล", 0.7),
    **dict.fromkeys("ีดะิสบคต", 0.4),
    **dict.fromkeys("ปหแพจชุขใืำไ", 0.0),
    **dict.fromkeys("ูโ์ผศณ็ภธถฐษึ", -1.0),
    **dict.fromkeys("ญซฟฒฉ", -2.0),
    **dict.fromkeys("ฎฝฤฏๆฑ๊๋ฮ", -3.0),
}
_RARE_LETTER_SCORE = -4.0
# Thresholds on the mean score, set so that no line of that corpus is rejected.
_MIN_LETTERS_TO_SCORE = 4
_MIN_SCORE_SHORT = -0.5  # fewer than 20 letters: a single word can be unusual ("พฤษภาคม")
_MIN_SCORE = 0.0
_SCORED_PREFIX = 100_000  # characters; enough to judge, and bounds the work on 20 MB files
# A one- or two-character Thai run glued to a Latin letter: "caf้", "Gr๖฿e" (Latin-1 mojibake).
_THAI_IN_LATIN_WORD = re.compile(
    r"(?<=[A-Za-z])[\u0e00-\u0e7f]{1,2}(?![\u0e00-\u0e7f])"
    r"|(?<![\u0e00-\u0e7f])[\u0e00-\u0e7f]{1,2}(?=[A-Za-z])"
)


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def _plausible_cp874(text: str) -> bool:
    """True if cp874-decoded text reads as Thai (or has no Thai and only cp1252-shared marks).

    Bytes 0xA1-0xFB decode to Thai for any 8-bit file, so Latin-1 text "decodes" too; it is
    told apart by Thai spelling (marks with no consonant before them, leading vowels with no
    consonant after them, single Thai characters inside Latin words, obsolete characters) and
    by how common its letters are in Thai.
    """
    thai = len(_NOT_THAI.sub("", text))
    if thai == 0:
        # Only ASCII plus € … ‘ ’ “ ” • – — NBSP, which cp1252 decodes identically.
        return True
    if not _THAI_CONSONANT.search(text):
        return False
    violations = (
        _count(_MARK_WITHOUT_BASE, text)
        + _count(_LEADING_WITHOUT_CONSONANT, text)
        - _count(_DOUBLE_SARA_E, text)
        + _count(_THAI_IN_LATIN_WORD, text)
        + _count(_RARE_THAI, text)
    )
    if violations * 20 > thai:
        return False
    letters = _THAI_LETTER.findall(text, 0, _SCORED_PREFIX)
    if len(letters) < _MIN_LETTERS_TO_SCORE:
        return True
    score = sum(_THAI_LETTER_SCORE.get(c, _RARE_LETTER_SCORE) for c in letters) / len(letters)
    return score >= (_MIN_SCORE_SHORT if len(letters) < 20 else _MIN_SCORE)

