"""OpenDocument .odt (odfpy) and Word 97-2003 .doc (LibreOffice headless) to text."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import pytest

from indexer.extract.office import soffice
from indexer.extract.reading import ReadError, read_bytes

TITLE = "รายงานการประชุมคณะกรรมการร่วมไทย-ลาว ครั้งที่ ๒๒"
BODY = "ที่ประชุมเห็นชอบให้เปิดจุดผ่านแดนถาวรเพิ่มเติม ณ จังหวัดหนองคาย"
ROWS = [("ผู้แทนฝ่ายไทย", "อธิบดีกรมเอเชียตะวันออก"), ("ผู้แทนฝ่ายลาว", "อธิบดีกรมเอเชีย")]
EXPECTED = "\n".join([TITLE, BODY, *(" ".join(row) for row in ROWS), "ปิดประชุมเวลา ๑๖.๓๐ น."])


def _odt() -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=TITLE))
    document.text.addElement(P(text=BODY))
    table = Table(name="delegations")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for left, right in ROWS:
        row = TableRow()
        for value in (left, right):
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(P(text="ปิดประชุมเวลา ๑๖.๓๐ น."))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_odt_paragraphs_and_table_rows() -> None:
    source = read_bytes(_odt(), name="minutes.odt")
    assert (source.format, source.text) == ("odt", EXPECTED)
    assert source.page_starts == []
    # sniffed, not trusted from the name
    assert read_bytes(_odt(), name="minutes").text == EXPECTED


def test_a_broken_odt_is_refused() -> None:
    data = _odt()
    with pytest.raises(ReadError, match=r"^corrupt \.odt: not a zip file"):
        read_bytes(b"not a zip at all", name="minutes.odt")
    with pytest.raises(ReadError, match=r"^(corrupt \.odt|unsupported file type)"):
        read_bytes(data[: len(data) // 2], name="minutes.odt")


def test_word_97_doc_through_libreoffice(tmp_path: Path) -> None:
    exe = soffice()
    if exe is None:
        pytest.skip("LibreOffice is not installed: `make documents` installs it")
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph(BODY)
    table = document.add_table(rows=0, cols=2)
    for left, right in ROWS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = left, right
    document.add_paragraph("ปิดประชุมเวลา ๑๖.๓๐ น.")
    document.save(tmp_path / "minutes.docx")
    subprocess.run(
        [exe, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path),
         str(tmp_path / "minutes.docx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    data = (tmp_path / "minutes.doc").read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    source = read_bytes(data, name="minutes.doc")
    assert (source.format, source.text) == ("doc", EXPECTED)
    with pytest.raises(ReadError, match=r"^corrupt \.doc: no Word document inside"):
        read_bytes(data[:4096], name="minutes.doc")
    damaged = data[:2048] + bytes(len(data) - 2048)  # the directory kept, the text gone
    with pytest.raises(ReadError, match=r"^(corrupt \.doc|no text found)"):
        read_bytes(damaged, name="minutes.doc")
