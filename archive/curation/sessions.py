"""Session numbers of meetings in a series, as titles write them: "ครั้งที่ 7", "ครั้งที่ ๗",
"7th", "Meeting No. 7", "ครั้งแรก"; and a title without its number (the series' name)."""

from __future__ import annotations

import re

from archive.thai.normalize import thai_to_arabic_digits

ORDINALS = {  # English ordinal words a title may spell out
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip

# One pattern per way of writing a number; group "n" is the number (digits or a word).
_NUMBERS = (
    r"ครั้งที่\s*(?P<n>\d+)",
    r"ครั้ง(?P<n>แรก)",
    r"\b(?P<n>\d+)\s*(?:st|nd|rd|th)\b",
    r"\b(?:meeting|session)\s+no\.?\s*(?P<n>\d+)",
    r"\b(?P<n>" + "|".join(ORDINALS) + r")\b",
)
_NUMBER = re.compile("|".join(f"(?:{p})" for p in _NUMBERS).replace("?P<n>", "?:"), re.I)
_EACH = [re.compile(p, re.I) for p in _NUMBERS]
# What differs between the titles of one series besides the number: years and dates.
_YEAR = re.compile(r"(?:ประจำปี|พ\.ศ\.|ค\.ศ\.|ปี)?\s*\b(?:19|20|25)\d\d\b", re.I)
_NOISE = re.compile(r"[\s\-–—,.:;()\[\]\"'“”]+")


def session_number(title: str) -> int | None:
    """The session number a title states, or None."""
    text = thai_to_arabic_digits(title or "")
    for pattern in _EACH:
        found = pattern.search(text)
        if found:
            value = found.group("n").lower()
            if value == "แรก":
                return 1
            return ORDINALS.get(value) or int(value)
    return None


def series_name(title: str) -> str:
    """The title without its session number, years and punctuation, lower-cased: equal (or
    nearly) for the meetings of one series."""
    text = thai_to_arabic_digits(title or "")
    text = _NUMBER.sub(" ", text)
    text = _YEAR.sub(" ", text)
    return _NOISE.sub(" ", text).strip().lower()
