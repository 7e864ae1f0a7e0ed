from __future__ import annotations

import io
import itertools
import json
import lzma
import os
import random
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.extract import docxtext, reading
from indexer.extract.reading import (
    MAX_BYTES,
    SUFFIXES,
    ReadError,
    SourceText,
    decode_text,
    docx_to_text,
    html_to_text,
    is_noise_line,
    read_bytes,
    read_document,
)
from tests.conftest import ARTICLES

# From a real report (mfa.go.th); Thai digits, an en dash and English in brackets.
THAI = (
    "เมื่อวันที่ ๒ พฤษภาคม ๒๕๖๐ กระทรวงการต่างประเทศร่วมกับสำนักงานป้องกันยาเสพติดและ"
    "ปราบปรามอาชญากรรมแห่งสหประชาชาติ (UN Office on Drugs and Crime – UNODC) "
    "เป็นเจ้าภาพจัดการประชุม ณ ศูนย์การประชุมสหประชาชาติ กรุงเทพฯ"
)
UNDECODABLE = "cannot decode: not UTF-8 or TIS-620/cp874"
BINARY = "binary file, not a text document"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def make_docx(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp874"])
def test_encodings_round_trip_exactly(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "report.txt", (THAI + "\r\nบรรทัดที่สอง\n").encode(encoding))
    result = read_document(path)
    assert result == SourceText(THAI + "\r\nบรรทัดที่สอง\n", "text", encoding)


def test_utf16_big_endian_bom() -> None:
    data = b"\xfe\xff" + THAI.encode("utf-16-be")
    assert decode_text(data) == (THAI, "utf-16")


@pytest.mark.parametrize(
    "line",
    [
        "การประชุมฯ",  # 10 characters
        "สวัสดีครับ",
        "น้ำท่วมหนัก",
        "ไทย",
        "ประชุมASEAN ครั้งที่ ๓๕",
        "เเละ ผู้แทนไทย",  # "เเ" typed for "แ", common in government files
        "“ความร่วมมือ” – ๒๕๖๗",  # cp874 punctuation shared with cp1252
        "21 พฤษภาคม 2564",
        "ปฐมภูมิ",
        "ก๊าซธรรมชาติ",
        "ฮ่องกง",
    ],
)
def test_short_cp874_text_is_detected(line: str) -> None:
    assert decode_text(line.encode("cp874")) == (line, "cp874")


def test_english_with_cp1252_quotes_decodes_identically() -> None:
    text = "The “Bangkok Principles” – adopted 2023"
    assert decode_text(text.encode("cp1252")) == (text, "cp874")


@pytest.mark.parametrize(
    "text",
    [
        "Café crème brûlée, naïve façade - Größe",
        "Les élèves à l'école",
        "São Paulo",
        "El Niño",
        "«Bonjour»",
        "déjà vu",
        "Zürich",
    ],
)
def test_latin1_is_not_mistaken_for_thai(text: str) -> None:
    with pytest.raises(ReadError, match=UNDECODABLE):
        decode_text(text.encode("latin-1"))
    with pytest.raises(ReadError, match=UNDECODABLE):
        read_bytes(text.encode("latin-1"), name="note.txt")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("서울 회의", "euc_kr"),
        ("서울에서 열린 회의에서 양국 대표단은 경제 협력과 무역 확대 방안을 논의했다", "euc_kr"),
        ("외교부 장관은 방콕을 방문하여", "euc_kr"),
        ("北京会议期间双方代表团讨论了经济合作", "gb2312"),
        ("外交部长访问曼谷", "gb2312"),
        ("Заседание комитета", "cp1251"),
    ],
)
def test_other_legacy_encodings_are_not_mistaken_for_thai(text: str, encoding: str) -> None:
    with pytest.raises(ReadError, match=UNDECODABLE):
        decode_text(text.encode(encoding))


CORPUS = ARTICLES


@pytest.mark.skipif(not CORPUS.exists(), reason="shared thaigov corpus not available")
def test_real_thai_lines_are_accepted_as_cp874() -> None:
    rejected = []
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for row in itertools.islice(f, 300):
            text = json.loads(row)["text"]
            data = text.encode("cp874", "ignore")
            assert decode_text(data)[0] == data.decode("cp874")
            for line in text.splitlines():
                data = line.encode("cp874", "ignore")
                if any(b >= 0x80 for b in data):
                    try:
                        decode_text(data)
                    except ReadError:
                        rejected.append(line)
    assert rejected == []


def test_random_bytes_are_rejected() -> None:
    rng = random.Random(1234)
    for _ in range(20):
        with pytest.raises(ReadError):
            read_bytes(rng.randbytes(2000), name="x.txt")


def test_high_bytes_without_nul_are_rejected() -> None:
    rng = random.Random(99)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    with pytest.raises(ReadError):
        read_bytes(data, name="x.txt")


def test_invalid_utf16_after_bom() -> None:
    with pytest.raises(ReadError, match="cannot decode"):
        decode_text(b"\xff\xfe\x00\xd8a")  # lone surrogate


# --------------------------------------------------------------------------- plain formats


def test_markdown_is_kept_verbatim(tmp_path: Path) -> None:
    source = "# รายงานการประชุม\n\n* **วันที่** ๒ พฤษภาคม\n<!-- note -->\n"
    result = read_document(write(tmp_path, "r.md", source.encode()))
    assert result == SourceText(source, "markdown", "utf-8")
    assert read_bytes(source.encode(), name="r.markdown").format == "markdown"


def test_unknown_suffix_with_text_content_is_read() -> None:
    assert read_bytes(THAI.encode(), name="report.log") == SourceText(THAI, "text", "utf-8")
    assert read_bytes(THAI.encode()) == SourceText(THAI, "text", "utf-8")


def test_suffixes() -> None:
    assert {".txt", ".text", ".md", ".markdown", ".htm", ".html", ".docx"} <= SUFFIXES
    assert {".pdf", ".doc", ".odt", ".png", ".jpg", ".jpeg", ".tif", ".tiff"} <= SUFFIXES
    assert all(s == s.lower() and s.startswith(".") for s in SUFFIXES)


# --------------------------------------------------------------------------- HTML

PAGE = f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="{{charset}}"><title>ข่าวสาร</title>
<script>var html = "<p>ไม่ใช่เนื้อหา</p>";</script><style>p {{{{ color: red }}}}</style>
</head>
<body class="home has-sidebar">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead"><h1>กระทรวงการต่างประเทศ</h1></header>
<nav><ul><li>หน้าแรก</li><li>ข่าว</li></ul></nav>
<div class="main-menu"><a href="/about">เกี่ยวกับเรา</a></div>
<div class="breadcrumb">หน้าแรก &raquo; ข่าวสาร</div>
<div id="content">
<h2>การประชุม UNODC</h2>
<div class="post-meta">12 พฤษภาคม 2560 | 3,526 view</div>
<p>{THAI}</p>
<p>&nbsp;</p>
<p>ผู้แทนไทยได้แชร์ประสบการณ์ &amp; แนวทาง<br>ในการป้องกันยาเสพติด</p>
<table>
 <tr><th>ลำดับ</th><th>หน่วยงาน</th></tr>
 <tr><td><p>1</p></td><td><p>สำนักงาน ป.ป.ส.</p></td></tr>
</table>
<p>รูปภาพประกอบ</p>
<div>เข้าชม 1,234 ครั้ง</div>
<div class="share-buttons"><a>Facebook</a> <a>Twitter</a> <a>LINE</a></div>
<p>แชร์</p>
</div>
<aside class="widget-area"><h3>ข่าวล่าสุด</h3></aside>
<div class="social-links">ติดตามเรา</div>
<p>ติดตามเรา</p>
<footer><p>&copy; 2567 กระทรวงการต่างประเทศ</p></footer>
<div id="cookie-notice">เว็บไซต์นี้ใช้คุกกี้ <button>ยอมรับ</button></div>
<noscript>เปิด JavaScript</noscript>
</body></html>"""

PAGE_TEXT = f"""การประชุม UNODC
{THAI}

ผู้แทนไทยได้แชร์ประสบการณ์ & แนวทาง
ในการป้องกันยาเสพติด
ลำดับ หน่วยงาน
1 สำนักงาน ป.ป.ส."""


def test_html_page_keeps_only_content(tmp_path: Path) -> None:
    path = write(tmp_path, "news.html", PAGE.format(charset="utf-8").encode())
    assert read_document(path) == SourceText(PAGE_TEXT, "html", "utf-8")


def test_cp874_html_with_meta_charset(tmp_path: Path) -> None:
    path = write(tmp_path, "news.htm", PAGE.format(charset="windows-874").encode("cp874"))
    assert read_document(path) == SourceText(PAGE_TEXT, "html", "cp874")


def test_meta_charset_is_honoured_for_thai_pages() -> None:
    # A stray tone mark makes this short text implausible as bare bytes ...
    body = "ทดสอบ ่ระบบ"
    with pytest.raises(ReadError, match=UNDECODABLE):
        decode_text(body.encode("cp874"))
    # ... but a page declaring windows-874 is decoded as declared.
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-874">'
    page += f"</head><body><p>{body}</p></body></html>"
    assert read_bytes(page.encode("cp874"), name="p.html") == SourceText(body, "html", "cp874")


def test_meta_charset_for_non_thai_page() -> None:
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>Café de Paris</p></body>"
    result = read_bytes(page.encode("latin-1"), name="p.html")
    assert result == SourceText("Café de Paris", "html", "cp1252")


def test_txt_holding_html_is_read_as_html(tmp_path: Path) -> None:
    path = write(tmp_path, "saved.txt", PAGE.format(charset="utf-8").encode())
    assert read_document(path) == SourceText(PAGE_TEXT, "html", "utf-8")


def test_utf16_html_in_txt() -> None:
    data = PAGE.format(charset="utf-16").encode("utf-16")
    assert read_bytes(data, name="saved.txt") == SourceText(PAGE_TEXT, "html", "utf-16")


def test_html_prefers_main_and_keeps_article_header() -> None:
    page = """<html><body>
    <div class="topbar">ยินดีต้อนรับ</div>
    <main><article>
      <header><h1>รายงานการประชุมอาเซียน</h1></header>
      <p>ที่ประชุมได้หารือเรื่องความร่วมมือ</p>
      <footer class="entry-footer">Tags: ASEAN</footer>
    </article></main>
    <div>ลิขสิทธิ์ กระทรวง</div>
    </body></html>"""
    assert html_to_text(page) == "รายงานการประชุมอาเซียน\nที่ประชุมได้หารือเรื่องความร่วมมือ"


def test_html_widgets_are_not_taken_for_the_content() -> None:
    page = """<html><body class="page-sidebar">
    <div id="primary"><div class="post-12 post type-post category-social-affairs tag-social">
      <h1>การประชุมด้านสังคม</h1><p>เนื้อหาการประชุม</p>
    </div></div>
    <aside><article><p>ข่าวอื่น</p></article></aside>
    </body></html>"""
    assert html_to_text(page) == "การประชุมด้านสังคม\nเนื้อหาการประชุม"


def test_html_page_wrapped_in_one_form() -> None:
    page = """<html><body><form id="aspnetForm" method="post">
    <div class="menu">เมนู</div><input type="hidden" value="x">
    <div><p>เนื้อหาหลักของหน้า</p><p>ย่อหน้าที่สอง</p></div>
    </form></body></html>"""
    assert html_to_text(page) == "เนื้อหาหลักของหน้า\nย่อหน้าที่สอง"


def test_html_layout_cells_keep_their_lines() -> None:
    long_paragraph = "ความร่วมมือ " * 40
    page = f"""<html><body><table><tr>
    <td>เมนูซ้าย</td>
    <td><h1>หัวข้อ</h1><p>{long_paragraph}</p><p>ย่อหน้าที่สอง</p></td>
    </tr></table></body></html>"""
    assert html_to_text(page).split("\n") == [
        "เมนูซ้าย",
        "หัวข้อ",
        long_paragraph.strip(),
        "ย่อหน้าที่สอง",
    ]


def test_html_blank_lines_are_collapsed() -> None:
    page = "<p>หนึ่ง</p><p>&nbsp;</p><p>&nbsp;</p><br><br><br><p>สอง</p>"
    assert html_to_text(page) == "หนึ่ง\n\nสอง"


def test_html_without_text() -> None:
    page = b"<html><body><nav>menu</nav><script>x()</script></body></html>"
    with pytest.raises(ReadError, match=r"^no text found$"):
        read_bytes(page, name="p.html")


@pytest.mark.parametrize(
    "data",
    [
        b"http://example.com/news",  # bs4 MarkupResemblesLocatorWarning bait
        b"index.html",
        b"<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
    ],
)
def test_html_parser_warnings_do_not_escape(data: bytes) -> None:
    assert read_bytes(data, name="page.html").format == "html"


def test_deeply_nested_html() -> None:
    page = "<div>" * 20000 + "ข้อความ" + "</div>" * 20000
    assert read_bytes(page.encode(), name="deep.html").text == "ข้อความ"


# --------------------------------------------------------------------------- docx


def build_report(document) -> None:
    document.add_heading("รายงานการประชุม", level=1)
    document.add_paragraph(THAI)
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate([("ลำดับ", "หน่วยงาน"), ("1", "กระทรวงการต่างประเทศ"), ("2", "")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("")
    document.add_paragraph("ข้อเสนอแนะ")


REPORT_TEXT = f"""รายงานการประชุม
{THAI}
ลำดับ หน่วยงาน
1 กระทรวงการต่างประเทศ
2

ข้อเสนอแนะ"""


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    path = write(tmp_path, "report.docx", make_docx(build_report))
    assert read_document(path) == SourceText(REPORT_TEXT, "docx", None)


def test_docx_without_its_suffix_is_still_docx() -> None:
    assert read_bytes(make_docx(build_report), name="report").format == "docx"
    assert read_bytes(make_docx(build_report), name="report.txt").text == REPORT_TEXT


def test_docx_merged_cells_are_not_repeated() -> None:
    def build(document) -> None:
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "ประเทศไทย"
        table.cell(0, 1).text = "ก"
        table.cell(1, 1).text = "ข"
        table.cell(0, 0).merge(table.cell(1, 0))

    assert docx_to_text(make_docx(build)) == "ประเทศไทย ก\nข"


def test_empty_docx() -> None:
    with pytest.raises(ReadError, match=r"^no text found$"):
        read_bytes(make_docx(lambda d: None), name="empty.docx")


def test_corrupt_docx(tmp_path: Path) -> None:
    data = make_docx(build_report)
    with pytest.raises(ReadError, match=r"^corrupt \.docx: "):
        read_document(write(tmp_path, "truncated.docx", data[: len(data) // 2]))
    with pytest.raises(ReadError, match=r"^corrupt \.docx: "):
        read_document(write(tmp_path, "text.docx", THAI.encode()))
    with pytest.raises(ReadError, match=r"^corrupt \.docx: "):
        docx_to_text(b"PK\x03\x04 not really a zip")


def test_corrupt_odt_is_named_as_such(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^corrupt \.odt: not a valid zip file$"):
        read_document(write(tmp_path, "minutes.odt", b"PK\x03\x04 broken odt"))


def test_zip_that_is_not_a_docx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("notes.txt", "hello")
    with pytest.raises(ReadError, match=r"^corrupt \.docx: "):
        read_bytes(out.getvalue(), name="report.docx")
    with pytest.raises(ReadError, match=r"^unsupported file type: zip archive$"):
        read_bytes(out.getvalue(), name="report.txt")


def test_docx_with_broken_document_xml() -> None:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx(build_report))) as src,
        zipfile.ZipFile(out, "w") as dst,
    ):
        for item in src.infolist():
            body = src.read(item)
            dst.writestr(item, b"<w:document" if item.filename == "word/document.xml" else body)
    with pytest.raises(ReadError, match=r"^corrupt \.docx: "):
        read_bytes(out.getvalue(), name="report.docx")


def test_docx_that_unpacks_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docxtext, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(ReadError, match=r"^docx too large when unpacked: "):
        read_bytes(make_docx(build_report), name="bomb.docx")


def test_xlsx_is_named() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        ct = '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
        ct += 'spreadsheetml.sheet.main+xml"/></Types>'
        zf.writestr("[Content_Types].xml", ct)
    with pytest.raises(ReadError, match=r"^unsupported file type: Excel workbook"):
        read_bytes(out.getvalue(), name="budget.docx")


# --------------------------------------------------------------------------- other content


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF executable"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "Windows executable"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "legacy Office document (.xls/.ppt)"),
        (b"{\\rtf1\\ansi\\ansicpg874 hello}", "RTF document"),
    ],
)
def test_known_binary_types_are_named(tmp_path: Path, data: bytes, kind: str) -> None:
    for name in ("file.txt", "file.html", "file.docx", "file"):
        with pytest.raises(ReadError, match=r"^unsupported file type: "):
            read_document(write(tmp_path, name, data))
    with pytest.raises(ReadError) as err:
        read_bytes(data, name="file.txt")
    assert str(err.value) == f"unsupported file type: {kind}"


def test_nul_laden_binary() -> None:
    data = b"\x00\x01\x02\x03hello\x00world\x00" * 50
    with pytest.raises(ReadError, match=f"^{BINARY}$"):
        read_bytes(data, name="data.txt")


def test_many_control_characters() -> None:
    data = bytes(range(1, 32)) * 20 + b"text"
    with pytest.raises(ReadError, match=f"^{BINARY}$"):
        read_bytes(data, name="data.txt")


def test_utf16_without_bom_is_binary() -> None:
    with pytest.raises(ReadError, match=f"^{BINARY}$"):
        read_bytes("hello report".encode("utf-16-le"), name="r.txt")


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^empty file$"):
        read_document(write(tmp_path, "empty.txt", b""))


@pytest.mark.parametrize("data", [b" \n\t\r\n ", b"\xef\xbb\xbf", "\u00a0\u200b\n".encode()])
def test_whitespace_only_file(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ReadError, match=r"^empty file$"):
        read_document(write(tmp_path, "blank.txt", data))


def test_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"a" * 2000)
    with pytest.raises(ReadError, match=r"^file too large: 2,000 bytes \(limit 1,000 bytes\)$"):
        read_document(path, max_bytes=1000)
    with pytest.raises(ReadError, match=r"^file too large: "):
        read_bytes(b"a" * 2000, max_bytes=1000)
    assert read_document(path, max_bytes=2000).text == "a" * 2000


def test_too_large_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(60 * 1024 * 1024)  # sparse: costs no disk
    tracemalloc.start()
    try:
        with pytest.raises(ReadError) as err:
            read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(err.value) == "file too large: 60.0 MB (limit 20 MB)"
    assert peak < 1024 * 1024
    assert MAX_BYTES == 20 * 1024 * 1024


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^file not found$"):
        read_document(tmp_path / "gone.txt")
    with pytest.raises(ReadError, match=r"^file not found$"):
        read_document(tmp_path / "gone" / "deeper.txt")


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(ReadError, match=r"^broken symbolic link$"):
        read_document(link)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "reports.txt"
    folder.mkdir()
    with pytest.raises(ReadError, match=r"^is a directory$"):
        read_document(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match=r"^not a regular file$"):
        read_document(fifo)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", THAI.encode())

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reading, "open", deny, raising=False)
    with pytest.raises(ReadError, match=r"^permission denied$"):
        read_document(path)


def test_other_os_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "bad-disk.txt", THAI.encode())

    def fail(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(reading, "open", fail, raising=False)
    with pytest.raises(ReadError, match=r"^cannot read file: Input/output error$"):
        read_document(path)


# --------------------------------------------------------------------------- noise lines


@pytest.mark.parametrize(
    "line",
    [
        "| 3,526 view",
        "3,526 views",
        "12 พฤษภาคม 2560 | 3,526 view",
        "เข้าชม 1,234 ครั้ง",
        "จำนวนผู้เข้าชม 55",
        "ผู้เข้าชม : ๑๒๓ คน",
        "Views: 87",
        "ติดตามเรา",
        "ติดตามเราได้ที่",
        "รูปภาพประกอบ",
        "ภาพประกอบข่าว",
        "แชร์",
        "Share",
        "Share this:",
        "Share on Facebook",
        "พิมพ์",
        "Print",
        "You may have missed",
        "ข่าวที่เกี่ยวข้อง",
        "หน้าแรก",
        "หน้าแรก » ข่าวสาร » ข่าวกิจกรรม",
        "Skip to content",
        "อ่านต่อ",
        "อ่านต่อ...",
        "Read more »",
        "Tags:",
        "Tags: ASEAN, UNODC",
        "Facebook",
        "Twitter",
        "LINE",
        "YouTube",
        "Facebook Twitter LINE",
        "กลับด้านบน",
    ],
)
def test_noise_lines(line: str) -> None:
    assert is_noise_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        THAI,
        "ผู้แทนไทยได้แชร์ประสบการณ์ด้านการป้องกันยาเสพติดกับที่ประชุม",
        "ที่ประชุมแชร์ข้อมูลระหว่างกัน",
        "The campaign video reached 3,526 views in its first week.",
        "Participants shared their views on maritime security.",
        "การประชุมครั้งที่ 5",
        "๕ ครั้ง",
        "พิมพ์เขียวประชาคมอาเซียน",
        "Printed in Thailand",
        "หน้าแรกของรายงานสรุปผลการประชุม",
        "ติดตามผลการดำเนินงาน",
        "ภาพประกอบการบรรยายของผู้แทนไทย",
        "Home Affairs Ministers of ASEAN met in Bangkok",
        "LINE Corporation presented its platform",
        "อ่านต่อที่ประชุมเพื่อรับรอง",
    ],
)
def test_content_lines_are_not_noise(line: str) -> None:
    assert not is_noise_line(line)


# --------------------------------------------------------------------------- robustness

NAMES = st.sampled_from(["", "a.txt", "a.md", "a.html", "a.docx", "a.pdf", "a"])


def check_total(data: bytes, name: str) -> None:
    try:
        result = read_bytes(data, name=name)
    except ReadError as err:
        assert str(err)
        return
    assert isinstance(result, SourceText)
    assert result.text.strip()
    assert result.format in {"text", "markdown", "html", "docx"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), name=NAMES)
def test_read_bytes_is_total_on_arbitrary_bytes(data: bytes, name: str) -> None:
    check_total(data, name)


PREFIXES = st.sampled_from(
    [
        b"",
        b"<html><body>",
        b"<!DOCTYPE html><meta charset=tis-620><p>",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
        b"PK\x03\x04",
        b"{\\rtf",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=PREFIXES, data=st.binary(max_size=500), text=st.text(max_size=200), name=NAMES)
def test_read_bytes_is_total_on_document_like_bytes(
    prefix: bytes, data: bytes, text: str, name: str
) -> None:
    check_total(prefix + data, name)
    check_total(prefix + text.encode("utf-8", "surrogatepass"), name)
    check_total(prefix + text.encode("cp874", "ignore"), name)


def test_a_utf16_bom_on_binary_is_not_read_as_text() -> None:
    # FF FE makes any bytes "UTF-16": random binary would come out as CJK characters.
    with pytest.raises(ReadError, match="not UTF-16 Thai or English text"):
        read_bytes(b"\xff\xfe\x00garbage\x81\x82\x90\x91", name="bad.txt")
    assert read_bytes("การประชุม Stockholm".encode("utf-16"), name="ok.txt").text == (
        "การประชุม Stockholm"
    )
