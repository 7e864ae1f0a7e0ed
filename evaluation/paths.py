"""Where the evaluation's inputs are: the repository's corpus and query file, and ``../shared``
(seeds and thaigov articles; ``ARCHIVE_SHARED`` names another folder)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ARCHIVE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPUS = ROOT / "corpus"
ARTICLES = SHARED / "data" / "thaigov-2020-2022.jsonl.xz"
QUERIES = ROOT / "tests" / "search_queries.json"
