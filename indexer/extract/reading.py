"""Turn one file (or its bytes) into decoded document text, or raise ``ReadError``.

This is the first step of a batch ingest over folders of untrusted files. Every failure is a
``ReadError`` whose message is a short reason for the user; no other exception type escapes
``read_document`` / ``read_bytes``, and text is never returned in a guessed (mojibake) encoding.

Content is sniffed, not trusted from the file name: a ``.txt`` holding HTML is read as HTML, a
docx without the ``.docx`` suffix is still read as docx; a file named ``.pdf`` (or as an image)
that is something else is refused saying what it is. Each format has its own module: text
(``decoding``), HTML (``htmltext``), Word (``docxtext``, ``office``), PDF (``pdfdocument``,
``paged``), scans (``images``, ``ocr``); limits in ``sources.Limits``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from indexer.extract import paged
from indexer.extract.decoding import decode, decode_text
from indexer.extract.docxtext import docx_to_text, zip_error
from indexer.extract.htmltext import NOISE_PATTERNS, html_to_text, is_noise_line
from indexer.extract.office import doc_to_text, odt_to_text, ole2_kind
from indexer.extract.sniffing import (
    ascii_head,
    declared_charset,
    looks_like_html,
    sniff_binary_type,
    zip_kind,
)
from indexer.extract.sources import (
    Limits,
    Progress,
    ReadError,
    SourceText,
    has_text,
    short_error,
    too_large,
)

__all__ = [
    "MAX_BYTES",
    "NOISE_PATTERNS",
    "SUFFIXES",
    "Limits",
    "ReadError",
    "SourceText",
    "decode_text",
    "docx_to_text",
    "html_to_text",
    "is_noise_line",
    "read_bytes",
    "read_document",
]

MAX_BYTES: int = Limits().max_bytes

_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".text", ".md", ".markdown", ".htm", ".html", ".docx", ".doc", ".odt", ".pdf"}
    | _IMAGE_SUFFIXES
)
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_HTML_SUFFIXES = frozenset({".htm", ".html", ".xhtml"})
_IMAGE_KINDS = frozenset({"PNG image", "JPEG image", "TIFF image"})


# --------------------------------------------------------------------------- files


def read_document(
    path: Path,
    *,
    max_bytes: int | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> SourceText:
    """Read one file from disk as a document, or raise ReadError with the reason;
    ``progress(done_pages, total_pages, stage)`` is called while the pages of a PDF or scan are
    read: stage "ocr" before a page goes to OCR, "reading" after each page."""
    limits = _limits(limits, max_bytes)
    data = load_file(path, max_bytes=limits.max_bytes)
    return read_bytes(data, name=Path(path).name, progress=progress, limits=limits)


def load_file(path: Path, *, max_bytes: int) -> bytes:
    """A regular file's bytes, refused by its size before reading; ReadError with the reason."""
    path = Path(path)
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise ReadError("is a directory")
        if not stat.S_ISREG(st.st_mode):
            # FIFOs and devices would block or never end.
            raise ReadError("not a regular file")
        if st.st_size > max_bytes:
            raise ReadError(too_large(st.st_size, max_bytes))
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise ReadError(too_large(size, max_bytes))
            data = f.read(max_bytes + 1)
    except ReadError:
        raise
    except FileNotFoundError:
        raise ReadError("broken symbolic link" if path.is_symlink() else "file not found") from None
    except NotADirectoryError:
        raise ReadError("file not found") from None
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as err:
        raise ReadError(f"cannot read file: {err.strerror or err}") from None
    except ValueError:  # e.g. an embedded NUL in the path
        raise ReadError("invalid file name") from None
    if len(data) > max_bytes:  # the file grew after stat
        raise ReadError(too_large(len(data), max_bytes))
    return data

# --------------------------------------------------------------------------- bytes


def read_bytes(
    data: bytes,
    *,
    name: str = "",
    max_bytes: int | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> SourceText:
    """Read a document from bytes already in memory; name (a file name) only gives the suffix;
    ``progress(done_pages, total_pages, stage)`` is called while the pages of a PDF or scan are
    read: stage "ocr" before a page goes to OCR, "reading" after each page."""
    limits = _limits(limits, max_bytes)
    if len(data) > limits.max_bytes:
        raise ReadError(too_large(len(data), limits.max_bytes))
    if not data:
        raise ReadError("empty file")
    suffix = Path(name).suffix.lower() if name else ""

    detected = sniff_binary_type(data)
    if detected == "PDF document":
        return _guarded(lambda: paged.read_pdf(data, limits, progress), "PDF")
    if detected in _IMAGE_KINDS:
        return _guarded(lambda: paged.read_image(data, limits, progress), "image")
    if suffix == ".pdf":
        raise ReadError(f"not a PDF: the file is {_what(detected, data)}")
    if suffix in _IMAGE_SUFFIXES:
        raise ReadError(f"not a PNG, JPEG or TIFF image: the file is {_what(detected, data)}")
    if detected == "zip":
        return _read_zip(data, suffix)
    if detected == "OLE2":
        return _read_ole2(data, suffix, limits)
    if detected is not None:
        raise ReadError(f"unsupported file type: {detected}")
    if suffix in (".docx", ".odt"):
        raise ReadError(f"corrupt {suffix}: not a zip file")
    if suffix == ".doc" and not looks_like_html(ascii_head(data)):
        raise ReadError("corrupt .doc: not a Word 97-2003 document")

    head = ascii_head(data)
    is_html = suffix in _HTML_SUFFIXES or suffix == ".doc" or looks_like_html(head)
    declared = declared_charset(head) if is_html else None
    text, encoding = decode(data, declared)
    if not is_html and looks_like_html(text[:4096]):  # e.g. UTF-16 HTML, seen only once decoded
        is_html = True

    if is_html:
        try:
            extracted = html_to_text(text)
        except ReadError:
            raise
        except Exception as err:  # lxml/bs4 on hostile markup: report, never crash the batch
            raise ReadError(f"cannot parse HTML: {short_error(err)}") from None
        if not has_text(extracted):
            raise ReadError("no text found")
        return SourceText(extracted, "html", encoding)

    if not has_text(text):
        raise ReadError("empty file")
    fmt = "markdown" if suffix in _MARKDOWN_SUFFIXES else "text"
    return SourceText(text, fmt, encoding)


def _limits(limits: Limits | None, max_bytes: int | None) -> Limits:
    limits = limits or Limits.from_env()
    if max_bytes is not None:
        limits = Limits(**{**limits.__dict__, "max_bytes": max_bytes})
    return limits


def _guarded(read, kind: str) -> SourceText:
    """Run a binary reader: its ReadErrors pass, anything else from a damaged file is one."""
    try:
        return read()
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(f"{kind} too large to read in memory") from None
    except Exception as err:
        raise ReadError(f"broken {kind}: {short_error(err)}") from None


def _what(detected: str | None, data: bytes) -> str:
    if detected == "OLE2":
        return "a legacy Office document"
    if detected == "zip":
        return "a zip archive"
    if detected is not None:
        return f"a {detected}" if not detected.startswith(("a ", "an ")) else detected
    return "HTML" if looks_like_html(ascii_head(data)) else "text"


def _read_ole2(data: bytes, suffix: str, limits: Limits) -> SourceText:
    kind = ole2_kind(data)
    if kind == "encrypted" or suffix == ".docx":
        raise ReadError("unsupported file type: encrypted .docx or legacy .doc")
    if kind != "doc" and suffix == ".doc":
        raise ReadError("corrupt .doc: no Word document inside")
    if kind != "doc":
        raise ReadError("unsupported file type: legacy Office document (.xls/.ppt)")
    text = doc_to_text(data, timeout=limits.timeout)
    if not has_text(text):
        raise ReadError("no text found")
    return SourceText(text, "doc", None)


def _read_zip(data: bytes, suffix: str) -> SourceText:
    try:
        kind = zip_kind(data)
    except Exception as err:  # zipfile raises a zoo of types on damaged archives
        if suffix in (".docx", ".odt"):
            raise ReadError(f"corrupt {suffix}: {zip_error(err)}") from None
        raise ReadError("unsupported file type: zip archive (damaged)") from None
    if kind == "docx":
        text = docx_to_text(data)
        if not has_text(text):
            raise ReadError("no text found")
        return SourceText(text, "docx", None)
    if kind == "OpenDocument text (.odt)":
        text = odt_to_text(data)
        if not has_text(text):
            raise ReadError("no text found")
        return SourceText(text, "odt", None)
    if kind == "zip archive" and suffix == ".docx":
        raise ReadError("corrupt .docx: zip archive without a Word document inside")
    raise ReadError(f"unsupported file type: {kind}")

