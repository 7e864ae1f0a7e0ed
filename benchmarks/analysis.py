"""Analyzer throughput: chars/s and tokens/s of the word and sub-word analyzers over the first
N shared thaigov articles, next to a baseline measured in the same run (``nlpo3.segment``
alone, pythainlp's word list, whole article, no Python per token). Median of the rounds; the
analyzers' memos are cleared before each round, so every round is a first pass.

    python benchmarks/analysis.py --articles 2000 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import lzma
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nlpo3  # noqa: E402

from indexer.search.analysis import (  # noqa: E402
    clear_memos,
    dictionary_name,
    pythainlp_dictionary_name,
    subword_analyzer,
    word_analyzer,
)

ARTICLES = ROOT.parent / "shared" / "data" / "thaigov-2020-2022.jsonl.xz"


def load(path: Path, limit: int) -> list[str]:
    """The text of the first ``limit`` articles."""
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            out.append(json.loads(line)["text"])
            if len(out) >= limit:
                break
    return out


def baseline(texts: list[str]) -> int:
    name = pythainlp_dictionary_name()
    return sum(len(nlpo3.segment(text, name)) for text in texts)


def analyzer_count(analyzer) -> Callable[[list[str]], int]:
    def run(texts: list[str]) -> int:
        count = 0
        for text in texts:
            # As whoosh indexes a field with chars: positions and offsets on.
            for _ in analyzer(text, positions=True, chars=True, mode="index"):
                count += 1
        return count

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--source", type=Path, default=ARTICLES)
    args = parser.parse_args()
    if not args.source.exists():
        sys.exit(f"articles not found at {args.source} (../shared is absent)")

    texts = load(args.source, args.articles)
    chars = sum(map(len, texts))
    # Load both dictionaries before timing anything.
    pythainlp_dictionary_name()
    dictionary_name()
    cases = [
        ("nlpo3.segment (baseline)", baseline),
        ("word_analyzer()", analyzer_count(word_analyzer())),
        ("subword_analyzer()", analyzer_count(subword_analyzer())),
    ]
    times: dict[str, list[float]] = {name: [] for name, _ in cases}
    tokens: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, run in cases:  # interleaved, so machine noise hits all cases alike
            clear_memos()  # each round is a first pass over the articles, as an index build is
            start = time.perf_counter()
            tokens[name] = run(texts)
            times[name].append(time.perf_counter() - start)

    print(f"{len(texts)} articles, {chars:,} chars, median of {args.rounds} rounds")
    print(f"{'':26} {'seconds':>8} {'chars/s':>12} {'tokens':>11} {'tokens/s':>11}")
    for name, _ in cases:
        seconds = statistics.median(times[name])
        print(
            f"{name:26} {seconds:8.2f} {chars / seconds:12,.0f} {tokens[name]:11,}"
            f" {tokens[name] / seconds:11,.0f}"
        )


if __name__ == "__main__":
    main()
