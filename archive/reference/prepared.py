"""Reference tables prepared once and kept on disk: building the gazetteer's name keys (Thai
folding of every name) takes a second or more, reading them back a few milliseconds, so the
first search of a new process does not pay for it.

A prepared table is a pickle in the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``,
``thai-meeting-archive/``, private to the user), named by a digest of everything it is made
from: the data files, the source of the modules that build it and the versions of Python and
pythainlp. A changed table or module gets a new file; a file that cannot be read is rebuilt.
Set ``ARCHIVE_REFERENCE_CACHE=0`` to build in every process.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

from archive.reference.tables import DATA

T = TypeVar("T")
_HERE = Path(__file__).resolve().parent
_THAI = _HERE.parent / "thai"


def cache_folder() -> Path | None:
    """Where prepared tables are kept (None: not kept, as ``ARCHIVE_REFERENCE_CACHE=0`` asks)."""
    if os.environ.get("ARCHIVE_REFERENCE_CACHE", "1") == "0":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "thai-meeting-archive"


def _digest(name: str, data_files: Iterable[str], modules: Iterable[str]) -> str:
    digest = hashlib.blake2b(digest_size=12)
    try:
        pythainlp = version("pythainlp")
    except PackageNotFoundError:
        pythainlp = "-"
    digest.update(f"{name}\0{sys.version}\0{pythainlp}\0".encode())
    for data in sorted(data_files):
        digest.update((DATA / data).read_bytes())
    for module in sorted(modules):
        digest.update((_HERE / module).read_bytes())
    digest.update((_THAI / "normalize.py").read_bytes())
    return digest.hexdigest()


def prepared(
    name: str, build: Callable[[], T], data_files: Iterable[str], modules: Iterable[str]
) -> T:
    """``build()``'s result, read from the cache when an up-to-date copy is there, else built
    and kept (written aside, then renamed: processes racing to write it each write a whole
    file)."""
    folder = cache_folder()
    if folder is None:
        return build()
    path = folder / f"{name}-{_digest(name, data_files, modules)}.pickle"
    try:
        if path.stat().st_uid == os.getuid():
            with path.open("rb") as handle:
                return pickle.load(handle)  # our own file, in our private folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: build in every process
    return value
