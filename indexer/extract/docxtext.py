"""The text of a Word .docx: paragraphs and table rows in document order."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from indexer.extract.sources import MB, ReadError, short_error

# A .docx is a zip: python-docx unpacks every part into memory, so a small file could expand
# to gigabytes (zip bomb). Real reports, even with images, stay far below this.
MAX_UNZIPPED_BYTES: int = 256 * MB


def zip_error(err: BaseException) -> str:
    """A damaged zip's error as a short reason."""
    if isinstance(err, zipfile.BadZipFile):
        return "not a valid zip file"
    return short_error(err)


def check_unpacked(data: bytes, kind: str) -> None:
    """Refuse a zip-based document (``kind``: "docx", "odt") that is no zip or would unpack
    beyond :data:`MAX_UNZIPPED_BYTES`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except Exception as err:
        raise ReadError(f"corrupt .{kind}: {zip_error(err)}") from None
    if unpacked > MAX_UNZIPPED_BYTES:
        raise ReadError(
            f"{kind} too large when unpacked: {unpacked / MB:.0f} MB "
            f"(limit {MAX_UNZIPPED_BYTES / MB:.0f} MB)"
        )


def docx_to_text(data: bytes) -> str:
    """Extract paragraphs and table rows (cells joined by spaces) of a .docx in document order."""
    check_unpacked(data, "docx")
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document.element.body, document))
    except Exception as err:  # python-docx/lxml/zipfile raise many types on broken files
        raise ReadError(f"corrupt .docx: {zip_error(err)}") from None
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line.strip() and (not out or not out[-1]):
            continue
        out.append(line if line.strip() else "")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _docx_lines(container, document) -> Iterator[str]:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for child in _docx_children(container, (qn("w:p"), qn("w:tbl"))):
        if child.tag == qn("w:p"):
            yield Paragraph(child, document).text
        else:
            for row in _docx_children(child, (qn("w:tr"),)):
                cells = []
                for cell in _docx_children(row, (qn("w:tc"),)):
                    if _is_vmerge_continuation(cell):
                        continue  # the merged cell's text was given in the row above
                    text = " ".join(
                        " ".join(line.split()) for line in _docx_lines(cell, document)
                    ).strip()
                    if text:
                        cells.append(text)
                yield " ".join(cells)


def _docx_children(element, tags: tuple[str, ...]) -> Iterator:
    """Children with the given tags, looking through content-control and custom-XML wrappers."""
    from docx.oxml.ns import qn

    wrappers = (qn("w:sdt"), qn("w:customXml"), qn("w:sdtContent"))
    for child in element.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in wrappers:
            yield from _docx_children(child, tags)


def _is_vmerge_continuation(cell) -> bool:
    from docx.oxml.ns import qn

    props = cell.find(qn("w:tcPr"))
    merge = props.find(qn("w:vMerge")) if props is not None else None
    return merge is not None and merge.get(qn("w:val"), "continue") == "continue"
