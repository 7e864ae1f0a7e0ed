"""What a file really is, from its first bytes: a known binary format, a zip-based office
document, or text (and then whether it starts like HTML and which charset it declares)."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from indexer.extract.sources import INVISIBLE, MB

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


def sniff_binary_type(data: bytes) -> str | None:
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


def zip_kind(data: bytes) -> str:
    """Kind of zip: "docx", the name of another zip-based format, or "zip archive"."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = {info.filename: info for info in zf.infolist()}
        ct = infos.get("[Content_Types].xml")
        if ct is not None and ct.file_size <= MB:
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



def ascii_head(data: bytes, size: int = 8192) -> str:
    """The start of the file as Latin-1: enough to sniff ASCII markup in any ASCII-based charset."""
    head = data[:size]
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return head.decode("latin-1")


_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE)


def looks_like_html(head: str) -> bool:
    """True if the text starts like an HTML document (not merely contains a tag)."""
    start = head.lstrip(" \t\r\n\f" + INVISIBLE)[:2048]
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


def declared_charset(head: str) -> str | None:
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    return (match.group(1) or match.group(2)).lower()

