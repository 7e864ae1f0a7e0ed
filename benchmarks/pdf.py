"""PDFs, scans and OCR: how good the Thai text is, before and after our repair, and how fast.

Three sets:
- real PDFs collected from public repositories (tests/indexer/extract/documents, SOURCES.md);
- PDFs made here from real Thai government articles (../shared) the way offices make them:
  .docx (TH Sarabun-like Laksaman, running header, page-number footer, a table) or .odt,
  printed to PDF by LibreOffice; the first articles are the tuning part, the rest held out;
- scans: first pages of those PDFs rendered at 300 dpi with skew and noise (known text: the
  CER of OCR is measured against it), and the real scans of the documents folder.

Per text PDF: the dictionary share of Thai tokens and the counts of private-use, replacement,
Latin-in-Thai and orphan-mark characters for the raw output of pypdfium2 and pdfminer.six,
the same after our repair stage, and for the whole reader (``read_bytes``: furniture dropped,
quality gate, OCR where needed). Then the OCR character error rate and pages per minute.

    .venv/bin/python benchmarks/pdf.py [--articles 10] [--scans 4] [--no-ocr]

``--no-ocr`` skips the scans (text PDFs whose pages fail the quality gate are still read by
OCR, as ``read_bytes`` does). A per-file Markdown table of the text PDFs ends that part.
"""

from __future__ import annotations

import argparse
import io
import json
import lzma
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.extract import ocr  # noqa: E402
from indexer.extract.office import soffice  # noqa: E402
from indexer.extract.pagequality import score_page  # noqa: E402
from indexer.extract.reading import read_bytes  # noqa: E402
from indexer.extract.thairepair import repair_thai  # noqa: E402

DOCUMENTS = ROOT / "tests" / "indexer" / "extract" / "documents"
ARTICLES = ROOT.parent / "shared" / "data" / "thaigov-2020-2022.jsonl.xz"
TUNING = 4  # the first generated documents; the others are held out
FONT = "Laksaman"


# --------------------------------------------------------------------------- extractors


def pypdfium2_text(data: bytes) -> str:
    """Raw text of every page, PDFium's own order and line breaks."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def pdfminer_text(data: bytes) -> str:
    """Raw text by pdfminer.six's high-level extract_text."""
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


EXTRACTORS = {"pypdfium2": pypdfium2_text, "pdfminer.six": pdfminer_text}


def measures(text: str) -> dict[str, float]:
    """Dictionary share and error counts of a text."""
    score = score_page(text)
    return {
        "dict": round(score.dictionary_share, 3),
        "pua": score.private_use,
        "fffd": score.replacement,
        "latin": score.latin_in_thai,
        "orphan": score.orphan_marks,
        "thai": score.thai,
    }


# --------------------------------------------------------------------------- generated set


def articles(count: int, seed: int = 13) -> list[dict]:
    """Articles about meetings with foreign partners, 1,500-5,000 characters long."""
    picked: list[dict] = []
    with lzma.open(ARTICLES, "rt", encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            text = item["text"]
            if 1500 <= len(text) <= 5000 and "ประชุม" in text and "ความร่วมมือ" in text:
                picked.append(item)
            if len(picked) >= count * 20:
                break
    random.Random(seed).shuffle(picked)
    return picked[:count]


def make_docx(item: dict, path: Path) -> None:
    """A Word file like an office's meeting summary: header, page numbers, a table."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    lines = [ln.strip() for ln in item["text"].splitlines() if ln.strip()]
    title = lines[0].split("-", 2)[-1] if lines else "บันทึกการประชุม"
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(16)
    fonts = style.element.rPr.rFonts
    for attr in ("w:cs", "w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), "32")
    style.element.rPr.append(size_cs)
    section = document.sections[0]
    section.header.paragraphs[0].text = "สำนักงานปลัดสำนักนายกรัฐมนตรี  เอกสารประกอบการประชุม"
    footer = section.footer.paragraphs[0]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    document.add_paragraph(title)
    table = document.add_table(rows=0, cols=2)
    for key, value in (("เรื่อง", title[:80]), ("แหล่งข้อมูล", item["path"])):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    for line in lines[1:]:
        if not line.startswith("ที่มา"):
            document.add_paragraph(line)
    document.save(path)


def convert(paths: list[Path], target: str, outdir: Path) -> None:
    """LibreOffice headless conversion of many files in one run."""
    exe = soffice()
    if exe is None:
        raise SystemExit("LibreOffice is needed to make the generated set (make documents)")
    profile = (outdir / "profile").as_uri()
    subprocess.run(
        [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(outdir), *map(str, paths)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip


def generated_pdfs(count: int, work: Path) -> list[tuple[str, bytes]]:
    """(name, PDF bytes): even-numbered made from .docx, odd ones from .odt."""
    docx_dir, odt_dir, pdf_dir = work / "docx", work / "odt", work / "pdf"
    for folder in (docx_dir, odt_dir, pdf_dir):
        folder.mkdir(parents=True, exist_ok=True)
    sources: list[Path] = []
    for n, item in enumerate(articles(count)):
        path = docx_dir / f"article-{n:02d}.docx"
        make_docx(item, path)
        sources.append(path)
    odd = [p for i, p in enumerate(sources) if i % 2]
    if odd:
        convert(odd, "odt", odt_dir)
    inputs = [p if i % 2 == 0 else odt_dir / (p.stem + ".odt") for i, p in enumerate(sources)]
    convert(inputs, "pdf", pdf_dir)
    return [(f"{p.stem}{p.suffix}→pdf", (pdf_dir / (p.stem + ".pdf")).read_bytes()) for p in inputs]


def scan_page(pdf: bytes, rng: random.Random):
    """The first page at 300 dpi, skewed and noisy like a scan; and its known text."""
    import pypdfium2
    from PIL import Image, ImageFilter

    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    image = page.render(scale=300 / 72, grayscale=True).to_pil().convert("L")
    truth = page.get_textpage().get_text_range()
    document.close()
    image = image.rotate(rng.uniform(-1.5, 1.5), expand=True, fillcolor=255, resample=3)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    noise = Image.effect_noise(image.size, 28)
    image = Image.blend(image, noise, 0.12)
    pixels = image.load()
    width, height = image.size
    for _ in range(width * height // 2000):  # salt and pepper
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 255))
    return image, repair_thai(truth)


def cer(found: str, truth: str) -> float:
    """Character error rate, spaces and line breaks ignored (Levenshtein / truth length)."""
    a = "".join(found.split())
    b = "".join(truth.split())
    if not b:
        return 0.0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] / len(b)


# --------------------------------------------------------------------------- report


def text_pdf_rows(name: str, data: bytes, part: str) -> tuple[list[dict], dict]:
    rows = []
    for extractor, read in EXTRACTORS.items():
        raw = read(data)
        rows.append({"file": name, "part": part, "reader": f"{extractor} raw", **measures(raw)})
        rows.append(
            {"file": name, "part": part, "reader": f"{extractor} + repair",
             **measures(repair_thai(raw))}
        )  # fmt: skip
    started = time.perf_counter()
    pages: list[int] = []
    ocr_pages: list[int] = []
    source = read_bytes(data, name=name + ".pdf", progress=_recorder(pages, ocr_pages))
    elapsed = time.perf_counter() - started
    ours = {"file": name, "part": part, "reader": "read_bytes", **measures(source.text)}
    ours["ocr_pages"] = len(ocr_pages)
    rows.append(ours)
    return rows, {"pages": pages[-1] if pages else 0, "seconds": elapsed, "ocr": len(ocr_pages)}


def print_table(rows: list[dict]) -> None:
    columns = ("file", "part", "reader", "dict", "pua", "fffd", "latin", "orphan")
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in columns))


def print_markdown(rows: list[dict]) -> None:
    """Per text PDF: the raw output of both extractors and ``read_bytes``, as a Markdown table."""

    def cell(row: dict | None) -> str:
        if row is None or not row["thai"]:
            return "no Thai"
        return f"{row['dict']:.3f} · {row['pua']}/{row['fffd']}/{row['latin']}/{row['orphan']}"

    readers = ("pypdfium2 raw", "pdfminer.six raw", "read_bytes")
    print("\n| file | part | " + " | ".join(readers) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in readers) + " |")
    files = list(dict.fromkeys((r["file"], r["part"]) for r in rows))
    for name, part in files:
        found = {r["reader"]: r for r in rows if r["file"] == name}
        ocr = found["read_bytes"].get("ocr_pages", 0)
        label = f"{name} (OCR {ocr} p.)" if ocr else name
        print(f"| {label} | {part} | " + " | ".join(cell(found.get(r)) for r in readers) + " |")


def summary(rows: list[dict], reader: str, label: str) -> None:
    chosen = [r for r in rows if r["reader"] == reader and r["thai"] > 0]
    if not chosen:
        return
    shares = [r["dict"] for r in chosen]
    left = sum(r["pua"] + r["fffd"] + r["latin"] for r in chosen)
    print(
        f"  {label:<28} {reader:<24} files {len(chosen):>2}  median {statistics.median(shares):.3f}"
        f"  worst {min(shares):.3f}  private-use+replacement+Latin-in-Thai left {left}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10, help="generated PDFs")
    parser.add_argument("--scans", type=int, default=4, help="generated scans")
    parser.add_argument("--no-ocr", action="store_true", help="skip the scans (OCR)")
    args = parser.parse_args()
    problem = ocr.available()
    print(f"machine: {platform.machine()}, {_cpus()} cores, Python {platform.python_version()}")
    print(f"tesseract: {_tesseract_version()}{'' if not problem else ' — ' + problem}\n")

    rows: list[dict] = []
    text_pages = text_seconds = 0.0
    real = sorted(DOCUMENTS.glob("*.pdf"))
    scans_real = [p for p in real if p.name.startswith("scan-")]
    for path in real:
        if path in scans_real:
            continue
        found, timing = text_pdf_rows(path.stem, path.read_bytes(), "real")
        rows += found
        if not timing["ocr"]:
            text_pages += timing["pages"]
            text_seconds += timing["seconds"]

    generated: list[tuple[str, bytes]] = []
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        if ARTICLES.exists():
            generated = generated_pdfs(args.articles, Path(tmp))
        else:
            print(f"skipped the generated set: {ARTICLES} is absent")
    for n, (name, data) in enumerate(generated):
        part = "tuning" if n < TUNING else "held-out"
        found, timing = text_pdf_rows(name, data, part)
        rows += found
        text_pages += timing["pages"]
        text_seconds += timing["seconds"]

    print_table(rows)
    print("\nText PDFs (files with a Thai text layer):")
    for part, label in (("real", "real PDFs"), ("tuning", "generated, tuning"),
                        ("held-out", "generated, held out")):  # fmt: skip
        part_rows = [r for r in rows if r["part"] == part]
        for reader in ("pypdfium2 raw", "pdfminer.six raw", "pypdfium2 + repair",
                       "pdfminer.six + repair", "read_bytes"):  # fmt: skip
            summary(part_rows, reader, label)
    for reader in ("pypdfium2 raw", "pdfminer.six raw", "read_bytes"):
        summary(rows, reader, "all")
    if text_seconds:
        print(
            f"  text PDFs: {text_pages:.0f} pages in {text_seconds:.1f} s = "
            f"{60 * text_pages / text_seconds:.0f} pages/minute (read_bytes, one process)"
        )
    print_markdown(rows)

    if args.no_ocr:
        print("\nScans skipped (--no-ocr)")
        return
    if problem:
        print(f"\nOCR skipped: {problem}")
        return
    print("\nScans (OCR, tha+eng, 300 dpi):")
    rng = random.Random(7)
    ocr_pages = ocr_seconds = 0.0
    errors: list[float] = []
    shares: list[float] = []
    for name, data in generated[: args.scans]:
        image, truth = scan_page(data, rng)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        started = time.perf_counter()
        source = read_bytes(buffer.getvalue(), name=name + ".png")
        ocr_seconds += time.perf_counter() - started
        ocr_pages += 1
        rate = cer(source.text, truth)
        share = score_page(source.text).dictionary_share
        errors.append(rate)
        shares.append(share)
        print(f"  {name:<28} generated scan  CER {rate:.3f}  dictionary share {share:.3f}")
    for path in scans_real:
        pages: list[int] = []
        started = time.perf_counter()
        source = read_bytes(path.read_bytes(), name=path.name, progress=_recorder(pages))
        ocr_seconds += time.perf_counter() - started
        ocr_pages += pages[-1] if pages else 0
        share = score_page(source.text).dictionary_share
        shares.append(share)
        print(
            f"  {path.stem:<28} real scan, {pages[-1] if pages else 0} pages  "
            f"dictionary share {share:.3f}"
        )
    if errors:
        print(
            f"  CER on generated scans: mean {statistics.mean(errors):.3f}, worst {max(errors):.3f}"
        )
    if shares:
        print(
            f"  dictionary share on scans: median {statistics.median(shares):.3f}, "
            f"worst {min(shares):.3f}"
        )
    print(
        f"  OCR: {ocr_pages:.0f} pages in {ocr_seconds:.1f} s = "
        f"{60 * ocr_pages / ocr_seconds:.1f} pages/minute (one process)"
    )


def _recorder(pages: list[int], ocr_pages: list[int] | None = None):
    def progress(done: int, total: int, stage: str) -> None:
        pages.append(total)
        if stage == "ocr" and ocr_pages is not None:
            ocr_pages.append(done + 1)

    return progress


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def _tesseract_version() -> str:
    try:
        out = subprocess.run(
            ["tesseract", "--version"], capture_output=True, text=True, check=False
        )
    except OSError:
        return "absent"
    return (out.stdout or out.stderr).splitlines()[0] if (out.stdout or out.stderr) else "?"


if __name__ == "__main__":
    main()
