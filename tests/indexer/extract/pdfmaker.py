"""Small PDFs written by hand for the reader's tests: text placed where a test wants it (Latin,
Helvetica), and the hostile parts (JavaScript, embedded files, encryption, bombs)."""

from __future__ import annotations

import zlib

# (x, y, text) in points from the bottom left of an A4 page
Item = tuple[float, float, str]


def make_pdf(
    pages: list[list[Item]],
    *,
    catalog: str = "",
    objects: tuple[str, ...] = (),
    encrypt: bool = False,
    bomb: int = 0,
    scan: tuple[int, int, bytes] | None = None,
) -> bytes:
    """A PDF with one content stream per page; ``catalog`` is added to the catalog dictionary
    and may name ``objects`` as {0}, {1}... (references); ``bomb``: bytes of spaces a Flate
    content stream on the first page inflates to; ``scan``: (width, height, 8-bit gray
    pixels) drawn over the whole of every page, under its text (a scan with a text layer)."""
    first_page = 4
    first_extra = first_page + 2 * len(pages) + (1 if bomb else 0) + (1 if scan else 0)
    bomb_ref = f"{first_page + 2 * len(pages)} 0 R"
    image_ref = f"{first_page + 2 * len(pages) + (1 if bomb else 0)} 0 R"
    refs = [f"{first_extra + i} 0 R" for i in range(len(objects))]
    body: list[bytes] = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog.format(*refs)} >>".encode(),
        (
            "<< /Type /Pages /Kids ["
            + " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(pages)))
            + f"] /Count {len(pages)} >>"
        ).encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, items in enumerate(pages):
        contents = f"{first_page + 2 * i + 1} 0 R"
        if bomb and i == 0:
            contents = f"[{contents} {bomb_ref}]"
        body.append(
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                "/Resources << /Font << /F1 3 0 R >>"
                + (f" /XObject << /Im1 {image_ref} >>" if scan else "")
                + f" >> /Contents {contents} >>"
            ).encode()
        )
        # text render mode 3: invisible, as OCR layers of scans are
        drawn = "q 595 0 0 842 0 0 cm /Im1 Do Q\n3 Tr\n" if scan else ""
        stream = drawn + "".join(
            f"BT /F1 12 Tf {x:g} {y:g} Td ({_escape(text)}) Tj ET\n" for x, y, text in items
        )
        body.append(_stream(stream.encode()))
    if bomb:
        body.append(_stream(zlib.compress(b" " * bomb, 9), b"/Filter /FlateDecode"))
    if scan:
        width, height, pixels = scan
        body.append(
            _stream(
                zlib.compress(pixels),
                b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, height),
            )
        )
    body += [obj.format(*refs).encode() for obj in objects]

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(body, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(body) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"<< /Size {len(body) + 1} /Root 1 0 R"
    if encrypt:  # a user password is needed: O and U do not match the empty one
        trailer += (
            " /Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -4"
            f" /O <{'7a' * 32}> /U <{'3c' * 32}> >> /ID [<{'11' * 16}> <{'11' * 16}>]"
        )
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
