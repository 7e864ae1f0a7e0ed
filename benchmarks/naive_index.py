"""The reference the search index build must beat: a naive build of the shared thaigov
articles in one process. nlpo3 words (pythainlp's word list) into a two-field Whoosh index,
no parsing, no database: title = the first line of the article, body = the whole text, both
TEXT fields (positions; stored, as a searchable archive must show and highlight them) whose
analyzer is only ``NaiveNlpo3Tokenizer``; one plain ``ix.writer()`` (no procs), one
``commit()`` at the end. Prints docs, chars, seconds, docs/s and peak memory.

    python benchmarks/naive_index.py                 # all 27,305 articles
    python benchmarks/naive_index.py --articles 3000
    python benchmarks/naive_index.py --no-store      # index only (about 30 % faster)
"""

from __future__ import annotations

import argparse
import json
import lzma
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from whoosh import fields, index  # noqa: E402

from evaluation.baselines import NaiveNlpo3Tokenizer  # noqa: E402
from indexer.search.analysis import pythainlp_dictionary_name  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "data" / "thaigov-2020-2022.jsonl.xz"


def load(path: Path, limit: int | None) -> list[str]:
    """The text of the first ``limit`` articles (all of them if None)."""
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            out.append(json.loads(line)["text"])
            if limit is not None and len(out) >= limit:
                break
    return out


def build(texts: list[str], folder: str, *, stored: bool) -> None:
    schema = fields.Schema(
        title=fields.TEXT(analyzer=NaiveNlpo3Tokenizer(), stored=stored),
        body=fields.TEXT(analyzer=NaiveNlpo3Tokenizer(), stored=stored),
    )
    ix = index.create_in(folder, schema)
    writer = ix.writer()
    for text in texts:
        writer.add_document(title=text.split("\n", 1)[0], body=text)
    writer.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help="default: all")
    parser.add_argument("--source", type=Path, default=ARTICLES)
    parser.add_argument(
        "--no-store", dest="stored", action="store_false", help="do not store title and body"
    )
    args = parser.parse_args()
    if not args.source.exists():
        sys.exit(f"articles not found at {args.source} (../shared is absent)")

    texts = load(args.source, args.articles)
    chars = sum(map(len, texts))
    pythainlp_dictionary_name()  # load the dictionary before timing
    with tempfile.TemporaryDirectory(prefix="naive-index-") as folder:
        start = time.perf_counter()
        build(texts, folder, stored=args.stored)
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in Path(folder).iterdir())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"fields    title, body ({'stored' if args.stored else 'not stored'})")
    print(f"docs      {len(texts):,}")
    print(f"chars     {chars:,}")
    print(f"seconds   {seconds:.1f}")
    print(f"docs/s    {len(texts) / seconds:,.1f}")
    print(f"chars/s   {chars / seconds:,.0f}")
    print(f"index MB  {size / 2**20:,.1f}")
    print(f"peak MB   {peak:,.0f} (whole process, articles in memory included)")


if __name__ == "__main__":
    main()
