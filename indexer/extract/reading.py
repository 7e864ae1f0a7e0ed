"""Turn one file (or its bytes) into decoded document text, or raise ``ReadError``.

This is the first step of a batch ingest over folders of untrusted files. Every failure is a
``ReadError`` whose message is a short reason for the user; no other exception type escapes
``read_document`` / ``read_bytes``, and text is never returned in a guessed (mojibake) encoding.

Content is sniffed, not trusted from the file name: a ``.txt`` holding HTML is read as HTML, a
renamed PDF is reported as a PDF, a docx without the ``.docx`` suffix is still read as docx.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_MB = 1024 * 1024
MAX_BYTES: int = 20 * _MB
# A .docx is a zip: python-docx unpacks every part into memory, so a small file could expand
# to gigabytes (zip bomb). Real reports, even with images, stay far below this.
MAX_UNZIPPED_BYTES: int = 256 * _MB

SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".text", ".md", ".markdown", ".htm", ".html", ".docx"}
)
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_HTML_SUFFIXES = frozenset({".htm", ".html", ".xhtml"})


class ReadError(Exception):
    """A file that cannot be read as a document; str(err) is the reason shown to the user."""


@dataclass(frozen=True)
class SourceText:
    text: str
    format: str  # "text" | "markdown" | "html" | "docx"
    encoding: str | None  # None for docx


# --------------------------------------------------------------------------- files


def read_document(path: Path, *, max_bytes: int = MAX_BYTES) -> SourceText:
    """Read one file from disk as a document, or raise ReadError with the reason."""
    path = Path(path)
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise ReadError("is a directory")
        if not stat.S_ISREG(st.st_mode):
            # FIFOs and devices would block or never end.
            raise ReadError("not a regular file")
        if st.st_size > max_bytes:
            raise ReadError(_too_large(st.st_size, max_bytes))
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise ReadError(_too_large(size, max_bytes))
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
        raise ReadError(_too_large(len(data), max_bytes))
    return read_bytes(data, name=path.name, max_bytes=max_bytes)


def _too_large(size: int, limit: int) -> str:
    if limit >= _MB:
        return f"file too large: {size / _MB:.1f} MB (limit {limit / _MB:g} MB)"
    return f"file too large: {size:,} bytes (limit {limit:,} bytes)"


# --------------------------------------------------------------------------- bytes


def read_bytes(data: bytes, *, name: str = "", max_bytes: int = MAX_BYTES) -> SourceText:
    """Read a document from bytes already in memory; name (a file name) only gives the suffix."""
    if len(data) > max_bytes:
        raise ReadError(_too_large(len(data), max_bytes))
    if not data:
        raise ReadError("empty file")
    suffix = Path(name).suffix.lower() if name else ""

    detected = _sniff_binary_type(data)
    if detected == "zip":
        return _read_zip(data, suffix)
    if detected is not None:
        if detected == "OLE2" and suffix == ".docx":
            raise ReadError("unsupported file type: encrypted .docx or legacy .doc")
        if detected == "OLE2":
            detected = "legacy Office document (.doc/.xls/.ppt)"
        raise ReadError(f"unsupported file type: {detected}")
    if suffix == ".docx":
        raise ReadError("corrupt .docx: not a zip file")

    head = _ascii_head(data)
    is_html = suffix in _HTML_SUFFIXES or _looks_like_html(head)
    declared = _declared_charset(head) if is_html else None
    text, encoding = _decode(data, declared)
    if not is_html and _looks_like_html(text[:4096]):  # e.g. UTF-16 HTML, seen only once decoded
        is_html = True

    if is_html:
        try:
            extracted = html_to_text(text)
        except ReadError:
            raise
        except Exception as err:  # lxml/bs4 on hostile markup: report, never crash the batch
            raise ReadError(f"cannot parse HTML: {_short(err)}") from None
        if not _has_text(extracted):
            raise ReadError("no text found")
        return SourceText(extracted, "html", encoding)

    if not _has_text(text):
        raise ReadError("empty file")
    fmt = "markdown" if suffix in _MARKDOWN_SUFFIXES else "text"
    return SourceText(text, fmt, encoding)


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_VISIBLE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")


def _has_text(text: str) -> bool:
    return _VISIBLE.search(text) is not None


def _short(err: BaseException, limit: int = 120) -> str:
    msg = str(err).strip().strip("'\"").strip() or type(err).__name__
    return msg if len(msg) <= limit else msg[: limit - 1] + "…"


# --------------------------------------------------------------------------- sniffing

# (magic prefix, human name); checked against the start of the file.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"%!PS", "PostScript document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x7fELF", "ELF executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"(\xb5/\xfd", "zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2"),
    (b"{\\rtf", "RTF document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def _sniff_binary_type(data: bytes) -> str | None:
    """Name of a known non-text format, "zip" for any zip, or None."""
    start = data[:64]
    if start.startswith(_ZIP_MAGIC):
        return "zip"
    if start.lstrip(b"\t\n\r\f\v \x00").startswith(b"%PDF-"):
        return "PDF document"
    for magic, kind in _MAGIC:
        if start.startswith(magic):
            return kind
    if start.startswith(b"BZh") and data[4:10] == b"1AY&SY":
        return "bzip2 archive"
    if start.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[data[8:12]]
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media file"
    if start.startswith(b"MZ") and b"\x00" in data[:256]:
        return "Windows executable"
    return None


_OOXML_TYPES: tuple[tuple[bytes, str], ...] = (
    (b"wordprocessingml.document.main+xml", "docx"),
    (b"ms-word.document.macroEnabled.main+xml", "macro-enabled Word document (.docm)"),
    (b"wordprocessingml.template.main+xml", "Word template (.dotx)"),
    (b"ms-word.template.macroEnabledTemplate.main+xml", "Word template (.dotm)"),
    (b"spreadsheetml", "Excel workbook (.xlsx)"),
    (b"ms-excel", "Excel workbook (.xlsm)"),
    (b"presentationml", "PowerPoint presentation (.pptx)"),
    (b"ms-powerpoint", "PowerPoint presentation (.pptm)"),
)


def _zip_kind(data: bytes) -> str:
    """Kind of zip: "docx", the name of another zip-based format, or "zip archive"."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = {info.filename: info for info in zf.infolist()}
        ct = infos.get("[Content_Types].xml")
        if ct is not None and ct.file_size <= _MB:
            content_types = zf.read(ct)
            for marker, kind in _OOXML_TYPES:
                if marker in content_types:
                    return kind
        mime = infos.get("mimetype")
        if mime is not None and mime.file_size <= 200:
            value = zf.read(mime).decode("ascii", "replace").strip()
            if value == "application/epub+zip":
                return "EPUB e-book"
            if value.startswith("application/vnd.oasis.opendocument.text"):
                return "OpenDocument text (.odt)"
            if value.startswith("application/vnd.oasis.opendocument"):
                return "OpenDocument file"
        if "word/document.xml" in infos:  # no usable [Content_Types].xml: let python-docx judge
            return "docx"
    return "zip archive"


def _read_zip(data: bytes, suffix: str) -> SourceText:
    try:
        kind = _zip_kind(data)
    except Exception as err:  # zipfile raises a zoo of types on damaged archives
        if suffix == ".docx":
            raise ReadError(f"corrupt .docx: {_zip_error(err)}") from None
        raise ReadError("unsupported file type: zip archive (damaged)") from None
    if kind == "docx":
        text = docx_to_text(data)
        if not _has_text(text):
            raise ReadError("no text found")
        return SourceText(text, "docx", None)
    if kind == "zip archive" and suffix == ".docx":
        raise ReadError("corrupt .docx: zip archive without a Word document inside")
    raise ReadError(f"unsupported file type: {kind}")


def _zip_error(err: BaseException) -> str:
    if isinstance(err, zipfile.BadZipFile):
        return "not a valid zip file"
    return _short(err)


def _ascii_head(data: bytes, size: int = 8192) -> str:
    """The start of the file as Latin-1: enough to sniff ASCII markup in any ASCII-based charset."""
    head = data[:size]
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return head.decode("latin-1")


_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE)


def _looks_like_html(head: str) -> bool:
    """True if the text starts like an HTML document (not merely contains a tag)."""
    start = head.lstrip(" \t\r\n\f" + _INVISIBLE)[:2048]
    if not start.startswith("<"):
        return False
    lowered = start.lower()
    if lowered.startswith(("<!doctype html", "<html")):
        return True
    return bool(_HTML_START.search(lowered))


_META_CHARSET = re.compile(
    r"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    r"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def _declared_charset(head: str) -> str | None:
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    return (match.group(1) or match.group(2)).lower()


# --------------------------------------------------------------------------- decoding

_THAI_CHARSETS = frozenset(
    {
        "cp874", "ms874", "windows-874", "x-windows-874", "dos-874", "ibm874",
        "tis-620", "tis620", "x-tis-620", "tis_620", "iso-8859-11", "iso8859-11", "iso8859_11",
    }
)  # fmt: skip
# Declared charsets that are not real document encodings (or that only a BOM may announce).
_REFUSED_CODECS = frozenset(
    {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined", "charmap",
     "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8", "utf-8-sig"}
)  # fmt: skip
# WHATWG: pages labelled Latin-1/ASCII are decoded as windows-1252.
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252",
                  "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}  # fmt: skip

_UNDECODABLE = "cannot decode: not UTF-8 or TIS-620/cp874"


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes as BOM-marked Unicode, UTF-8 or Thai cp874; return (text, encoding)."""
    return _decode(data, None)


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    bom = _decode_bom(data)
    if bom is not None:
        return _checked(*bom)
    if b"\x00" in data:
        raise ReadError("binary file, not a text document")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    thai_declared = declared in _THAI_CHARSETS
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        text = None
    if text is not None and (thai_declared or _plausible_cp874(text)):
        return _checked(text, "cp874")
    codec = _declared_codec(declared) if declared and not thai_declared else None
    if codec is not None:
        try:
            return _checked(data.decode(codec), codec)
        except (UnicodeDecodeError, LookupError):
            pass
    raise ReadError(_UNDECODABLE)


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    boms = (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise ReadError(f"cannot decode: invalid {encoding.upper()} text") from None
            if encoding != "utf-8-sig" and not _plausible_unicode(text):
                # Two bytes FF FE decode almost anything as UTF-16: random binary comes out as
                # a page of CJK characters. A Thai or English document does not.
                raise ReadError(f"cannot decode: not {encoding.upper()} Thai or English text")
            return text, encoding
    return None


def _plausible_unicode(text: str) -> bool:
    """Whether most visible characters are Thai, Latin or common punctuation."""
    visible = [ch for ch in text[:20_000] if not ch.isspace()]
    if not visible:
        return True
    usual = sum(
        1
        for ch in visible
        if ch < "\u0250" or "\u0e00" <= ch <= "\u0e7f" or "\u2000" <= ch <= "\u206f"
    )
    return usual >= 0.6 * len(visible)


def _declared_codec(label: str) -> str | None:
    label = _LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
        b"a".decode(name)  # LookupError for bytes-to-bytes codecs such as "hex" or "zlib"
    except (LookupError, UnicodeDecodeError):
        return None
    return None if name in _REFUSED_CODECS else name


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Reject decoded text that is really binary data (control chars, unassigned code points)."""
    if "\x00" in text:
        raise ReadError("binary file, not a text document")
    bad_chars = {c for c in set(text) if _is_bad_char(c)}
    if bad_chars:
        if len(bad_chars) > 32:
            raise ReadError("binary file, not a text document")
        bad = sum(text.count(c) for c in bad_chars)
        if bad * 100 > len(text):
            raise ReadError("binary file, not a text document")
    return text, encoding


def _is_bad_char(c: str) -> bool:
    if c < "\x80":
        return _CONTROL.match(c) is not None
    return unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs")


_THAI_CONSONANT = re.compile(r"[\u0e01-\u0e2e]")
_NOT_THAI = re.compile(r"[^\u0e01-\u0e5b]+")
# Vowel signs, tone marks and other marks that can only follow a consonant (or another mark).
_MARK_WITHOUT_BASE = re.compile(
    r"(?<![\u0e01-\u0e2e\u0e30-\u0e3a\u0e45\u0e47-\u0e4e])[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]"
)
# Leading vowels เ แ โ ใ ไ must be followed by a consonant.
_LEADING_WITHOUT_CONSONANT = re.compile(r"[\u0e40-\u0e44](?![\u0e01-\u0e2e])")
_DOUBLE_SARA_E = re.compile(r"\u0e40(?=\u0e40[\u0e01-\u0e2e])")  # "เเ" typed for "แ": common
# Obsolete letters ฃ ฅ ฦ and the signs ๎ ๏ ๚ ๛: next to absent from modern text, but where
# the trail bytes of double-byte East Asian encodings (EUC-KR, GB2312) land.
_RARE_THAI = re.compile(r"[\u0e03\u0e05\u0e26\u0e4e\u0e4f\u0e5a\u0e5b]")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]")
# log(frequency in Thai text / frequency if every Thai letter were equally likely), in tiers,
# measured on the thaigov 2020-2022 news corpus. Mojibake (e.g. EUC-KR read as cp874) spreads
# over the letters evenly and averages below 0; real Thai averages about +0.85 per letter.
_THAI_LETTER_SCORE: dict[str, float] = {
    **dict.fromkeys("ารน", 1.5),
    **dict.fromkeys("ก่งมัอ", 1.0),
    **dict.fromkeys("้เยวทล", 0.7),
    **dict.fromkeys("ีดะิสบคต", 0.4),
    **dict.fromkeys("ปหแพจชุขใืำไ", 0.0),
    **dict.fromkeys("ูโ์ผศณ็ภธถฐษึ", -1.0),
    **dict.fromkeys("ญซฟฒฉ", -2.0),
    **dict.fromkeys("ฎฝฤฏๆฑ๊๋ฮ", -3.0),
}
_RARE_LETTER_SCORE = -4.0
# Thresholds on the mean score, set so that no line of that corpus is rejected.
_MIN_LETTERS_TO_SCORE = 4
_MIN_SCORE_SHORT = -0.5  # fewer than 20 letters: a single word can be unusual ("พฤษภาคม")
_MIN_SCORE = 0.0
_SCORED_PREFIX = 100_000  # characters; enough to judge, and bounds the work on 20 MB files
# A one- or two-character Thai run glued to a Latin letter: "caf้", "Gr๖฿e" (Latin-1 mojibake).
_THAI_IN_LATIN_WORD = re.compile(
    r"(?<=[A-Za-z])[\u0e00-\u0e7f]{1,2}(?![\u0e00-\u0e7f])"
    r"|(?<![\u0e00-\u0e7f])[\u0e00-\u0e7f]{1,2}(?=[A-Za-z])"
)


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def _plausible_cp874(text: str) -> bool:
    """True if cp874-decoded text reads as Thai (or has no Thai and only cp1252-shared marks).

    Bytes 0xA1-0xFB decode to Thai for any 8-bit file, so Latin-1 text "decodes" too; it is
    told apart by Thai spelling (marks with no consonant before them, leading vowels with no
    consonant after them, single Thai characters inside Latin words, obsolete characters) and
    by how common its letters are in Thai.
    """
    thai = len(_NOT_THAI.sub("", text))
    if thai == 0:
        # Only ASCII plus € … ‘ ’ “ ” • – — NBSP, which cp1252 decodes identically.
        return True
    if not _THAI_CONSONANT.search(text):
        return False
    violations = (
        _count(_MARK_WITHOUT_BASE, text)
        + _count(_LEADING_WITHOUT_CONSONANT, text)
        - _count(_DOUBLE_SARA_E, text)
        + _count(_THAI_IN_LATIN_WORD, text)
        + _count(_RARE_THAI, text)
    )
    if violations * 20 > thai:
        return False
    letters = _THAI_LETTER.findall(text, 0, _SCORED_PREFIX)
    if len(letters) < _MIN_LETTERS_TO_SCORE:
        return True
    score = sum(_THAI_LETTER_SCORE.get(c, _RARE_LETTER_SCORE) for c in letters) / len(letters)
    return score >= (_MIN_SCORE_SHORT if len(letters) < 20 else _MIN_SCORE)


# --------------------------------------------------------------------------- HTML

_DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer",
        "aside", "form", "button", "select", "head", "title", "object", "embed", "canvas",
        "audio", "video", "textarea", "input", "datalist", "dialog", "menu", "map",
    }
)  # fmt: skip
_DROP_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
     "dialog", "alertdialog", "toolbar"}
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
        "thead", "tr", "ul",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
# A cell with at most this much text (and no nested table) is one segment of its row's line;
# bigger cells are page-layout cells (old sites put the whole page in a table) and keep blocks.
_MAX_INLINE_CELL = 300
# Parts of class/id names marking page furniture: short words at the start or end of a part
# ("navbar", "topnav", "sharebar"), longer ones anywhere in it ("mainmenu", "sitefooter").
_FURNITURE_PREFIXES = ("nav", "share", "sharing")
_FURNITURE_WORDS = ("menu", "breadcrumb", "social", "footer", "sidebar", "cookie", "related")
# Class names that describe the page rather than mark furniture: layout flags ("has-sidebar",
# "no-footer") and WordPress taxonomy classes ("tag-social", "category-social-affairs").
_NOT_FURNITURE_PREFIXES = frozenset(
    {"has", "no", "with", "without", "show", "hide", "is", "enable",
     "tag", "tags", "category", "cat", "term", "format", "type", "author", "status", "postid"}
)  # fmt: skip
_NAME_PART = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_HTML_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def html_to_text(html: str) -> str:
    """Extract the readable text of an HTML page: one line per block, page furniture dropped."""
    from bs4 import BeautifulSoup, UnusualUsageWarning

    html = _XML_DECL.sub("", html, count=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnusualUsageWarning)
        soup = BeautifulSoup(html, "lxml")
    body = soup.body or soup
    body_len = len(body.get_text())
    roots = _content_roots(body, body_len)
    protected = {id(soup), id(body)}
    protected.update(id(parent) for root in roots for parent in root.parents)
    doomed = [
        element
        for element in body.find_all(True)
        if id(element) not in protected and _is_furniture(element, body_len)
    ]
    for element in doomed:
        element.extract()

    body_text = _render(body)
    if roots:
        text = "\n".join(_render(root) for root in roots)
        # A <main>/<article> holding a small share of the page is a widget, not the content.
        if len(text.strip()) * 4 >= len(body_text.strip()):
            return _finish_lines(text)
    return _finish_lines(body_text)


def _content_roots(body, body_len: int) -> list:
    """Outermost <main> elements, else outermost <article>s, that are not inside furniture."""
    for candidates in (
        body.find_all(lambda e: e.name == "main" or e.get("role") == "main"),
        body.find_all("article"),
    ):
        ids = {id(c) for c in candidates}
        roots = [
            c
            for c in candidates
            if not any(id(p) in ids or _is_furniture(p, body_len) for p in c.parents)
        ]
        if roots:
            return roots
    return []


def _is_content_root(element) -> bool:
    return element.name in ("main", "article") or element.get("role") == "main"


def _is_furniture(element, body_len: int) -> bool:
    name = element.name
    if name in ("html", "body", "[document]"):
        return False
    if element.has_attr("hidden") or str(element.get("aria-hidden", "")).lower() == "true":
        return True
    if name in _DROP_TAGS:
        if name == "header" and element.find_parent(_is_content_root) is not None:
            return False  # an article's own header holds its title
        # ASP.NET pages wrap the whole page in one <form>.
        return not (name == "form" and _holds_the_page(element, body_len))
    if _is_content_root(element):
        return False
    names = element.get("class") or []
    if isinstance(names, str):
        names = names.split()
    names = [*names, str(element.get("id", ""))]
    marked = str(element.get("role", "")).lower() in _DROP_ROLES or any(
        _is_furniture_name(n) for n in names if n
    )
    # A wrapper named e.g. "sidebar-right" for the page layout still holds the page's text.
    return marked and not _holds_the_page(element, body_len)


def _holds_the_page(element, body_len: int) -> bool:
    if len(element.get_text()) * 2 <= body_len:
        return False
    return element.find(["p", "table", "h1", "h2", "h3", "h4", "h5", "h6"]) is not None


def _is_furniture_name(name: str) -> bool:
    parts = [p.lower() for p in _NAME_PART.findall(name)]
    if not parts or parts[0] in _NOT_FURNITURE_PREFIXES:
        return False
    return any(
        part.startswith(_FURNITURE_PREFIXES)
        or part.endswith("nav")
        or any(word in part for word in _FURNITURE_WORDS)
        for part in parts
    )


def _render(root) -> str:
    """Text of an element, with a line break at each block boundary (iterative: deep pages)."""
    from bs4 import NavigableString, Tag

    lines: list[str] = []
    line: list[str] = []
    pieces = 0  # pieces of visible text so far, to tell whether an element produced any
    inline_cells = 0  # > 0 while inside a table cell rendered as part of its row's line
    pre = 0

    def soft_break() -> None:
        if "".join(line).strip():
            lines.append("".join(line))
        line.clear()

    def hard_break() -> None:
        lines.append("".join(line))
        line.clear()

    # (node, exit action or None when entering, pieces count when entered)
    stack: list[tuple[object, str | None, int]] = [(root, None, 0)]
    while stack:
        node, action, mark = stack.pop()
        if action is not None:
            if node.name == "pre":
                pre -= 1
            if action == "cell":
                inline_cells -= 1
                line.append(" ")
            elif action == "block":
                if inline_cells:
                    line.append(" ")
                else:
                    soft_break()
                    if node.name == "p" and pieces == mark:
                        lines.append("")  # <p>&nbsp;</p> spacer: the author's blank line
            continue
        if isinstance(node, Tag):
            name = node.name
            if name == "br":
                if inline_cells:
                    line.append(" ")
                else:
                    hard_break()
                continue
            exit_action = "none"
            if name in _CELL_TAGS and (inline_cells or _is_inline_cell(node)):
                inline_cells += 1
                line.append(" ")
                exit_action = "cell"
            elif name in _BLOCK_TAGS or name in _CELL_TAGS:
                if inline_cells:
                    line.append(" ")
                else:
                    soft_break()
                exit_action = "block"
            if name == "pre":
                pre += 1
            stack.append((node, exit_action, pieces))
            stack.extend((child, None, 0) for child in reversed(node.contents))
        elif type(node) is NavigableString:
            text = str(node)
            if text.strip():
                pieces += 1
            if pre and not inline_cells:
                first, *rest = text.replace("\r\n", "\n").split("\n")
                line.append(first)
                for part in rest:
                    hard_break()
                    line.append(part)
            else:
                line.append(_SPACES.sub(" ", text))
    soft_break()
    return "\n".join(lines)


def _is_inline_cell(cell) -> bool:
    if cell.find("table") is not None:
        return False
    return len(cell.get_text()) <= _MAX_INLINE_CELL


def _finish_lines(text: str) -> str:
    out: list[str] = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", _HTML_CONTROLS.sub("", raw)).strip()
        if line and is_noise_line(line):
            continue
        if not line and (not out or not out[-1]):
            continue  # no leading blank line, no runs of blank lines
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# --------------------------------------------------------------------------- noise lines

_NUM = r"[\d๐-๙][\d๐-๙,.]*"
_SOCIAL = r"facebook|twitter|line|youtube|instagram|tiktok|linkedin|pinterest|whatsapp|telegram"
_COUNTER = (
    rf"(?:{_NUM}\s*(?:views?|reads?|hits?|วิว)"
    rf"|(?:views?|hits?|reads?|(?:จำนวน)?(?:ผู้|การ)?เข้าชม|(?:เปิด)?อ่าน(?:แล้ว)?)"
    rf"\s*:?\s*{_NUM}\s*(?:ครั้ง|คน|views?|times)?)"
)
# Whole-line patterns (matched case-insensitively against the trimmed line) for page furniture
# in saved Thai government pages. Each must be unable to match a sentence of real content.
NOISE_PATTERNS: tuple[str, ...] = (
    # view counters, alone or after a date/author and a separator: "12 ม.ค. 2567 | 3,526 view"
    rf"(?:[^|•·]{{0,60}}[|•·]\s*)?{_COUNTER}",
    r"ติดตามเรา(?:ได้)?(?:ที่|ทาง|บน)?",
    r"(?:รูป)?ภาพประกอบ(?:ข่าว)?",
    rf"(?:แชร์|share|shares|sharing|tweet)(?:\s*(?:this|ข่าวนี้|บทความนี้|นี้|post|article))?"
    rf"(?:\s*(?:on|to|via|ไปยัง|ผ่าน)?\s*(?:{_SOCIAL}|e-?mail|อีเมล))?(?:\s*{_NUM})?",
    r"(?:พิมพ์|print)(?:\s*(?:หน้านี้|this page|page|ข่าว|บทความ))?",
    r"you may have missed|you might also like|related (?:posts|articles|news)"
    r"|(?:ข่าว|บทความ)(?:ที่เกี่ยวข้อง|อื่น\s*ๆ|ล่าสุด)",
    r"หน้าแรก|หน้าหลัก|home",
    r"(?:หน้าแรก|หน้าหลัก|home)\s*[>»/|›].{0,200}",  # breadcrumb trail
    r"skip to (?:main )?content|ข้ามไป(?:ยัง|ที่)?เนื้อหา(?:หลัก)?",
    r"อ่านต่อ|อ่านเพิ่มเติม|read more|continue reading",
    r"(?:tags?|แท็ก|แทก|ป้ายกำกับ|คำค้น)(?:\s*:.{0,200})?",
    rf"(?:(?:{_SOCIAL})[\s|,/·•]*)+",
    r"(?:กลับ(?:สู่|ไป)?)?ด้านบน|back to top|scroll to top",
    r"copy link|คัดลอก(?:ลิงก์|ลิ้งก์|ลิงค์|link)",
    r"(?:previous|next)(?: post| article)?|(?:ข่าว|บทความ)?(?:ก่อนหน้า|ถัดไป)",
)
_NOISE = tuple(re.compile(p, re.IGNORECASE) for p in NOISE_PATTERNS)
_NOISE_TRIM = " \t|•·:：-–—»«>›‹<.…*"
_MAX_NOISE_LINE = 200


def is_noise_line(line: str) -> bool:
    """True if the line is web-page furniture (view counter, share/print link, menu word...)."""
    line = _SPACES.sub(" ", line.replace("\u200b", "")).strip(_NOISE_TRIM)
    if not line or len(line) > _MAX_NOISE_LINE:
        return False
    return any(p.fullmatch(line) for p in _NOISE)


# --------------------------------------------------------------------------- docx


def docx_to_text(data: bytes) -> str:
    """Extract paragraphs and table rows (cells joined by spaces) of a .docx in document order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except Exception as err:
        raise ReadError(f"corrupt .docx: {_zip_error(err)}") from None
    if unpacked > MAX_UNZIPPED_BYTES:
        raise ReadError(
            f"docx too large when unpacked: {unpacked / _MB:.0f} MB "
            f"(limit {MAX_UNZIPPED_BYTES / _MB:.0f} MB)"
        )
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document.element.body, document))
    except Exception as err:  # python-docx/lxml/zipfile raise many types on broken files
        raise ReadError(f"corrupt .docx: {_zip_error(err)}") from None
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
