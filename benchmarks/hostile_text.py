"""Parsing time of hostile text: how the parser scales on a long run of Thai with no space (an
uploaded file of one 600 KB "word" repeating an office name, a meeting cue and a decision cue).
A parser whose time grows with the square of the length ties up an upload worker for minutes;
this prints the time per size and the ratio between sizes (4x the text should take ~4x the time).

    .venv/bin/python benchmarks/hostile_text.py [--sizes 2000 8000 30000]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.extract.parsing import parse_text

_UNIT = "กระทรวงการคลังหารือ"  # an office name and a meeting word, no space: one long token


def hostile(repeats: int) -> str:
    """A thaigov-shaped article whose body is one spaceless run of ``repeats`` units."""
    return (
        "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-ที่ประชุมหารือ\n\nวันพุธที่ 2 มีนาคม 2564\n"
        f"ที่ประชุมเห็นชอบ {_UNIT * repeats}\nที่มา : https://www.thaigov.go.th/\n"
    )


def seconds(text: str, runs: int) -> float:
    """Median wall time of parsing ``text``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_text(text, source_path="hostile.txt")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the parse time per size and the growth between sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000, 30000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"# {platform.python_version()}, {platform.machine()}; median of {args.runs} runs")
    parse_text(hostile(10), source_path="warm.txt")  # tables loaded once, outside the timing
    previous: tuple[int, float] | None = None
    for repeats in args.sizes:
        text = hostile(repeats)
        took = seconds(text, args.runs)
        growth = ""
        if previous is not None:
            size_ratio = len(text) / previous[0]
            growth = f"  ({took / previous[1]:.1f}x the time for {size_ratio:.1f}x the text)"
        print(f"{len(text):>9,} characters  {took:7.2f} s{growth}")
        previous = (len(text), took)


if __name__ == "__main__":
    main()
