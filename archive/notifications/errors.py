"""What can go wrong with notices, worded for the person who runs ``archive notify``."""

from __future__ import annotations


class NotifyError(ValueError):
    """Notices cannot be sent as asked: the message names the setting or the field."""


class Busy(RuntimeError):
    """Another ``archive notify`` holds the lock."""

    def __init__(self) -> None:
        super().__init__("another archive notify is running")
