"""Whoosh's segment and file names drawn from the operating system's randomness.

Whoosh names new segments and temporary files with ``random.choice``: whoever reseeds the
``random`` module (hypothesis does, for every example; so may any library) makes the next
segment of an index take a name an existing segment already has, and the commit fails. The
names come from ``secrets`` instead; importing this module applies it.
"""

from __future__ import annotations

import secrets

import whoosh.codec.base
import whoosh.filedb.compound
import whoosh.filedb.filestore
import whoosh.multiproc
import whoosh.writing
from whoosh.util import IDCHARS


def random_name(size: int = 28) -> str:
    """A name of ``size`` characters that no reseeding of ``random`` repeats."""
    return "".join(secrets.choice(IDCHARS) for _ in range(size))


for _module in (
    whoosh.codec.base,
    whoosh.filedb.compound,
    whoosh.filedb.filestore,
    whoosh.multiproc,
    whoosh.writing,
):
    _module.random_name = random_name  # type: ignore[attr-defined]
