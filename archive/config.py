"""Where the archive keeps its data: the home folder and the database URL."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

DEFAULT_HOME = "instance"
DATABASE_FILE = "archive.sqlite3"
INDEX_DIR = "index"
SETTINGS_FILE = "site.toml"  # optional site settings (upper-case keys, webapp.create_app)
SECRET_FILE = "secret_key"  # the key that signs session cookies, made once (mode 600)
# What a backup keeps of the data folder besides the database (the index is rebuilt).
KEPT_FILES = (SETTINGS_FILE, SECRET_FILE)


def resolve_home(home: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``home``, else $ARCHIVE_HOME, else ./instance; created if missing."""
    path = Path(home or os.environ.get("ARCHIVE_HOME") or DEFAULT_HOME).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def database_url(home: Path) -> str:
    """$ARCHIVE_DATABASE_URL if set, else the SQLite file in the data folder."""
    return os.environ.get("ARCHIVE_DATABASE_URL") or f"sqlite:///{home / DATABASE_FILE}"


def index_dir(home: Path) -> Path:
    """Folder of the search index inside the data folder."""
    return home / INDEX_DIR


def site_settings(home: Path) -> dict[str, Any]:
    """The settings of ``site.toml`` in the data folder (empty without one)."""
    path = home / SETTINGS_FILE
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)
