"""Shared fixtures: a fresh migrated database per test, the shared seeds and articles."""

from __future__ import annotations

import json
import lzma
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.db import Database

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ARCHIVE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
ARTICLES = SHARED / "data" / "thaigov-2020-2022.jsonl.xz"
CORPUS = ROOT / "corpus"


def require_shared(path: Path) -> Path:
    """``path`` inside ../shared, or skip the test saying why."""
    if not path.exists():
        message = f"shared material not found at {path} (../shared is absent)"
        print(f"SKIP: {message}")
        pytest.skip(message)
    return path


def seed_text(prefix: str) -> str:
    """The text of the seed document whose file name starts with ``prefix``."""
    folder = require_shared(SEEDS)
    return next(folder.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def load_articles(limit: int, *, every: int = 1) -> list[dict[str, str]]:
    """The first ``limit`` shared thaigov articles (taking every n-th one)."""
    require_shared(ARTICLES)
    out = []
    with lzma.open(ARTICLES, "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if index % every == 0:
                out.append(json.loads(line))
                if len(out) >= limit:
                    break
    return out


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file migrated once by Alembic, copied for every test."""
    path = tmp_path_factory.mktemp("template") / "archive.sqlite3"
    database = Database(f"sqlite:///{path}")
    database.dispose()
    return path


@pytest.fixture
def home(tmp_path: Path, template_db: Path) -> Path:
    """A fresh data folder holding a freshly migrated database."""
    folder = tmp_path / "home"
    folder.mkdir()
    shutil.copy(template_db, folder / "archive.sqlite3")
    return folder


@pytest.fixture
def db(home: Path) -> Iterator[Database]:
    """A fresh database for one test."""
    database = Database(f"sqlite:///{home / 'archive.sqlite3'}")
    yield database
    database.dispose()
