"""Text of a page image by Tesseract OCR (Thai and English models), lines joined by us.

Tesseract's word-level output cuts Thai into one "word" per character or cluster
(tesseract-ocr/tesseract#2702), so words are joined on each line by their spacing: a gap
wider than a share of the line's height is a space, a smaller one is not.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from statistics import median

from indexer.extract.sources import ReadError

LANGUAGES = "tha+eng"
# A gap wider than this share of the line height separates two words.
SPACE_GAP = 0.5
# Marks and vowels that never start a word: their boxes sit over or after their letter.
_NO_SPACE_BEFORE = frozenset(
    "\u0e30\u0e31\u0e32\u0e33"
    + "".join(map(chr, range(0x0E34, 0x0E3B)))
    + "".join(map(chr, range(0x0E45, 0x0E4F)))
)
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float  # 0-100, Tesseract's word confidences weighted by length


@dataclass(frozen=True)
class _Word:
    text: str
    left: int
    width: int
    height: int
    conf: float


@lru_cache(maxsize=1)
def available() -> str | None:
    """None when Tesseract with the Thai model can run, else why not."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-tha)"
    try:
        langs = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return "Tesseract cannot be run"
    missing = [lang for lang in LANGUAGES.split("+") if lang not in langs]
    if missing:
        return f"Tesseract has no {', '.join(missing)} model (Debian: tesseract-ocr-tha)"
    return None


def ocr_image(image, *, timeout: float) -> OcrPage:
    """Read one page image (PIL) with Tesseract; ReadError when it cannot run."""
    problem = available()
    if problem:
        raise ReadError(f"cannot OCR: {problem}")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    # One thread per Tesseract: documents are already read in parallel, one per process.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        run = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", LANGUAGES, "--psm", "3", "tsv"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ReadError(f"OCR took longer than {timeout:g} seconds on one page") from None
    except OSError as err:
        raise ReadError(f"cannot OCR: {err.strerror or err}") from None
    if run.returncode != 0:
        reason = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError(f"OCR failed: {reason[-1] if reason else run.returncode}")
    return parse_tsv(run.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> OcrPage:
    """Lines of Tesseract's TSV output joined into text, with the mean word confidence."""
    lines: dict[tuple[int, int, int], list[_Word]] = {}
    order: list[tuple[int, int, int]] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        if key not in lines:
            lines[key] = []
            order.append(key)
        lines[key].append(
            _Word(cols[11].strip(), int(cols[6]), int(cols[8]), int(cols[9]), float(cols[10]))
        )
    text_lines: list[str] = []
    previous_block: tuple[int, int] | None = None
    weighted = total = 0.0
    for key in order:
        words = lines[key]
        if previous_block is not None and key[:2] != previous_block:
            text_lines.append("")  # a new paragraph
        previous_block = key[:2]
        text_lines.append(_join(words))
        for word in words:
            if word.conf >= 0:
                weighted += word.conf * len(word.text)
                total += len(word.text)
    return OcrPage("\n".join(text_lines).strip(), weighted / total if total else 0.0)


def _join(words: list[_Word]) -> str:
    bases = [w for w in words if w.text[0] not in _NO_SPACE_BEFORE] or words
    height = median(w.height for w in bases)
    out = [words[0].text]
    right = words[0].left + words[0].width
    for before, word in pairwise(words):
        if word.text[0] not in _NO_SPACE_BEFORE:
            gap = word.left - right
            latin = before.text[-1] in _LATIN and word.text[0] in _LATIN
            if latin or gap > SPACE_GAP * height:
                out.append(" ")
        right = max(right, word.left + word.width)
        out.append(word.text)
    return "".join(out)
