"""ICU word segmentation (PyICU, ``BreakIterator`` word instance, locale ``th``): what Lucene's
Thai analyzer does. PyICU is optional (``pip install -e '.[eval]'``, it builds against
libicu-dev): without it :func:`icu_available` says why and the ICU baseline is skipped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

_NON_BMP = re.compile("[\U00010000-\U0010ffff]")
_ICU_WORD_NONE_LIMIT = 100  # rule status below this: spaces, punctuation (UBRK_WORD_NONE_LIMIT)


@cache
def _icu_word_iterator():  # type: ignore[no-untyped-def]
    import icu  # optional (PyICU): imported only when the ICU baseline runs

    return icu.BreakIterator.createWordInstance(icu.Locale("th"))


def icu_available() -> str | None:
    """None when PyICU works, else why not (the ICU baseline is then skipped)."""
    try:
        _icu_word_iterator()
    except Exception as error:  # ImportError, or an ICU without break rules
        return f"PyICU unavailable ({type(error).__name__}: {error}); pip install PyICU"
    return None


def icu_segments(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the ICU word segments of ``text`` that hold letters or digits."""
    # ICU counts UTF-16 units: a character outside the BMP (an emoji) would shift every offset
    # after it, so it is replaced by one BMP character first.
    text = _NON_BMP.sub("\ufffd", text)
    words = _icu_word_iterator()
    words.setText(text)
    start = words.first()
    for end in words:
        if words.getRuleStatus() >= _ICU_WORD_NONE_LIMIT:
            yield start, end
        start = end


def icu_boundaries(text: str) -> set[int]:
    """Every ICU word boundary of ``text`` (spaces and punctuation included)."""
    words = _icu_word_iterator()
    words.setText(_NON_BMP.sub("\ufffd", text))
    return {words.first(), *words}


def outside_bmp(text: str) -> bool:
    """Whether ``text`` holds a character outside the BMP (an emoji), where ICU's UTF-16
    offsets and Python's differ."""
    return _NON_BMP.search(text) is not None
