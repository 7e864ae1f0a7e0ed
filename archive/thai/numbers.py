"""Whole numbers as people and programs write them in URLs and forms: Thai or Arabic digits."""

from __future__ import annotations


def whole_number(text: str) -> int:
    """A whole number as written: "10", "๑๐", " 10 " or "10.0"; ValueError otherwise."""
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():  # 10.5, inf, nan
            raise ValueError(text) from None
        return int(number)
