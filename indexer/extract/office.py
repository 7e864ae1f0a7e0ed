"""Word 97-2003 ``.doc`` (through LibreOffice in headless mode) and OpenDocument ``.odt``
(odfpy) to text: paragraphs and table rows in document order."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from indexer.extract.docxtext import check_unpacked, docx_to_text
from indexer.extract.sources import ReadError, short_error

# The OLE2 directory names the streams in UTF-16: a Word document has "WordDocument".
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def ole2_kind(data: bytes) -> str:
    """What an OLE2 compound file holds: "doc", "encrypted", or another Office file."""
    if _ENCRYPTED_STREAM in data:
        return "encrypted"
    if _WORD_STREAM in data:
        return "doc"
    return "other"


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def doc_to_text(data: bytes, *, timeout: float) -> str:
    """Convert a .doc to .docx with LibreOffice (a private profile, no macros, a time limit)
    and read that."""
    exe = soffice()
    if exe is None:
        raise ReadError("cannot read .doc: LibreOffice is not installed (libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="archive-doc-") as tmp:
        folder = Path(tmp)
        source = folder / "document.doc"
        source.write_bytes(data)
        command = [
            exe,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: a timeout ends all of it
            env={**os.environ, "HOME": str(folder)},
        )
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            reason = f"cannot read .doc: LibreOffice took longer than {timeout:g} s"
            raise ReadError(reason) from None
        converted = folder / "out" / "document.docx"
        if not converted.is_file():
            reason = stderr.decode("utf-8", "replace").strip().splitlines()
            detail = f" ({reason[-1][:120]})" if reason else ""
            raise ReadError(f"corrupt .doc: LibreOffice could not convert it{detail}")
        return docx_to_text(converted.read_bytes())


def odt_to_text(data: bytes) -> str:
    """Paragraphs, headings, list items and table rows (cells joined by spaces) of an .odt."""
    check_unpacked(data, "odt")
    try:
        from odf.opendocument import load

        document = load(io.BytesIO(data))
        lines = list(_odt_lines(document.text))
    except Exception as err:  # odfpy / xml raise many types on broken files
        raise ReadError(f"corrupt .odt: {short_error(err)}") from None
    out: list[str] = []
    for line in lines:
        line = " ".join(line.split())
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _odt_lines(element) -> Iterator[str]:
    from odf import teletype

    for child in element.childNodes:
        name = getattr(child, "qname", None)
        if name is None:
            continue
        local = name[1]
        if local in ("p", "h"):
            yield teletype.extractText(child)
        elif local == "table-row":
            cells = [
                " ".join(_odt_lines(cell)) for cell in child.childNodes if _is(cell, "table-cell")
            ]
            yield " ".join(c.strip() for c in cells if c.strip())
        elif local in ("table-header-rows", "table-rows", "table", "list", "list-item",
                       "list-header", "section", "table-row-group", "index-body"):  # fmt: skip
            yield from _odt_lines(child)


def _is(node, local: str) -> bool:
    name = getattr(node, "qname", None)
    return name is not None and name[1] == local
