"""Shared fixtures: a fresh migrated database per test, the shared seeds and articles.

The store, tracking, ingest, index-following, accounts, command-line, upload-job and API tests
run on both databases: their fixtures ``home``, ``db`` and ``fresh_archive`` take the
parametrised ``backend`` ("sqlite", "postgresql"). A PostgreSQL test gets a database of its own
in a throwaway cluster (``tests/postgres_server.py``), named by ``ARCHIVE_DATABASE_URL`` for the
test's duration, so the command line, the site and subprocesses all use it. Apps and archives
that tests share (the session-wide ``app`` of tests/webapp) take ``shared_backend`` instead,
parametrised at session scope: the tests of one database run together, each shared app is
built once per database.
"""

from __future__ import annotations

import itertools
import json
import lzma
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.config import database_url
from archive.store.db import Database
from tests.postgres_server import Cluster

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ARCHIVE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
ARTICLES = SHARED / "data" / "thaigov-2020-2022.jsonl.xz"
CORPUS = ROOT / "corpus"
# Tests (paths under tests/) that run on both databases, through ``backend`` or, for the
# session-wide ``app`` of tests/webapp, ``shared_backend``; the others on SQLite only.
BOTH_DATABASES = (
    "archive/store/",
    "archive/tracking/",
    "archive/curation/",
    "indexer/test_ingest.py",
    "indexer/search/test_indexing.py",
    "webapp/api/",
    "webapp/followups/",
    "webapp/curation/",
    "archive/notifications/",
    "archive/jobs/",
    "archive/test_accounts.py",
    "archive/test_cli.py",
    "indexer/test_uploads.py",
)
BACKENDS = ("sqlite", "postgresql")
# The record JSON keys of `archive show --json` and `/api/records/<id>`.
RECORD_KEYS = {
    "id",
    "version",
    "title",
    "document_kind",
    "organization",
    "mission_group",
    "venue",
    "date_start",
    "date_end",
    "published",
    "updated",
    "meetings",
    "findings",
    "follow_ups",
    "people",
    "reporter",
    "source_url",
    "source_path",
    "content_hash",
    "warnings",
    "party_countries",
    "party_organizations",
    "sources",
}


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


# --------------------------------------------------------------------------- documents

DEFAULT_FOLLOW_UPS = (
    "ให้สำนักการระบายน้ำรายงานผลการศึกษาให้กองการต่างประเทศทราบภายในวันที่ 28 กุมภาพันธ์ 2562",
    "ให้สำนักการโยธาจัดทำแผนปรับปรุงท่อระบายน้ำในพื้นที่เสี่ยง",
)


def bma_form(
    title: str,
    *,
    venue: str = "กรุงโตเกียว ประเทศญี่ปุ่น",
    dates: str = "4 – 5 พฤศจิกายน 2561",
    summary: str = "ที่ประชุมหารือแนวทางการจัดการน้ำท่วมในเขตเมือง",
    follow_ups: tuple[str, ...] | list[str] = DEFAULT_FOLLOW_UPS,
) -> str:
    """A minimal BMA summary form (corpus layout 1); follow-ups are numbered 5.1, 5.2, ..."""
    actions = "\n\n".join(f"5.{i} {text}" for i, text in enumerate(follow_ups, 1))
    return f"""สรุปเนื้อหาการประชุมทางวิชาการหรือการหารือความร่วมมือกับต่างประเทศ

กลุ่มภารกิจ : โครงสร้างพื้นฐานและสาธารณูปโภค

1. ชื่อการประชุม/หัวข้อการหารือ

{title}

2. สถานที่

{venue}

3. วันที่

{dates}

4. สรุปเนื้อหา

4.1 {summary}

5. การดำเนินงานต่อเนื่อง

{actions}

6. ผู้รายงาน

นายสมชาย ใจดี

นักวิเทศสัมพันธ์ปฏิบัติการ

กองการต่างประเทศ สำนักปลัดกรุงเทพมหานคร
"""


def write_bma(path: Path, title: str, **fields: object) -> Path:
    """Write ``bma_form(title, **fields)`` to ``path`` (UTF-8, parent folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bma_form(title, **fields), encoding="utf-8")  # type: ignore[arg-type]
    return path


def write_many(folder: Path, count: int, *, prefix: str = "doc") -> list[Path]:
    """``count`` small valid documents with distinct titles (so distinct content)."""
    return [
        write_bma(folder / f"{prefix}{n:05d}.txt", f"การประชุมความร่วมมือด้านการจัดการน้ำ ครั้งที่ {n}")
        for n in range(count)
    ]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def _no_archive_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose the data folder and database themselves, never the caller's environment."""
    monkeypatch.delenv("ARCHIVE_HOME", raising=False)
    monkeypatch.delenv("ARCHIVE_DATABASE_URL", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner (stdout and stderr kept apart)."""
    return CliRunner()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of corpus/ that a test may modify."""
    return Path(shutil.copytree(CORPUS, tmp_path / "corpus"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a test of SQLite itself, not parametrised")
    config.addinivalue_line("markers", "postgresql_only: a test of PostgreSQL only")
    config.addinivalue_line(
        "markers",
        "timed: holds the site to a latency the README promises; `make test` runs these alone, "
        "after the rest, so that no other test process competes for the 2 cores",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the tests of ``BOTH_DATABASES`` that use a database once per backend."""
    names = [name for name in ("backend", "shared_backend") if name in metafunc.fixturenames]
    if not names:
        return
    where = metafunc.definition.path.relative_to(ROOT / "tests").as_posix()
    marked = metafunc.definition.get_closest_marker
    if marked("postgresql_only"):
        backends: tuple[str, ...] = ("postgresql",)
    elif where.startswith(BOTH_DATABASES) and not marked("sqlite_only"):
        backends = BACKENDS
    else:
        return
    # A test of a shared app and of its own database has one backend for both.
    metafunc.parametrize(
        names,
        [(name,) * len(names) for name in backends],
        indirect=True,
        ids=backends,
        scope="session" if "shared_backend" in names else None,
    )


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database of this test: "sqlite" unless parametrised (see ``BOTH_DATABASES``)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def shared_backend(request: pytest.FixtureRequest) -> str:
    """The database of the apps and archives that tests share (``app``): "sqlite" unless
    parametrised (see ``BOTH_DATABASES``)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for the session; skips saying why where there is none."""
    reason = Cluster.unavailable()
    if reason:
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    cluster = Cluster().start()
    yield cluster
    cluster.stop()


_DATABASE_NAMES = itertools.count(1)


def postgres_database(request: pytest.FixtureRequest, template: str) -> str:
    """A new database of the session cluster copied from ``template``, dropped after the test
    that asked for it; its URL."""
    cluster: Cluster = request.getfixturevalue("postgres")
    name = f"test_{next(_DATABASE_NAMES)}"
    url = cluster.create_database(name, template=template)
    request.addfinalizer(lambda: cluster.drop_database(name))
    return url


@pytest.fixture(scope="session")
def postgres_template(postgres: Cluster) -> str:
    """The name of a database migrated once, copied for every PostgreSQL test."""
    name = "archive_template"
    Database(postgres.create_database(name)).dispose()
    return name


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file migrated once by Alembic, copied for every test."""
    path = tmp_path_factory.mktemp("template") / "archive.sqlite3"
    database = Database(f"sqlite:///{path}")
    database.dispose()
    return path


@pytest.fixture
def home(
    tmp_path: Path,
    template_db: Path,
    backend: str,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """A fresh data folder with a freshly migrated database: the SQLite file in it, or a new
    PostgreSQL database named by ``ARCHIVE_DATABASE_URL``."""
    folder = tmp_path / "home"
    folder.mkdir()
    if backend == "postgresql":
        template = request.getfixturevalue("postgres_template")
        monkeypatch.setenv("ARCHIVE_DATABASE_URL", postgres_database(request, template))
    else:
        shutil.copy(template_db, folder / "archive.sqlite3")
    return folder


@pytest.fixture
def new_database(
    backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], None]:
    """Call it to give the data folders used from then on a fresh database of their own: a new
    PostgreSQL database named by ``ARCHIVE_DATABASE_URL`` (on SQLite each folder has its file
    already)."""

    def switch() -> None:
        if backend == "postgresql":
            template = request.getfixturevalue("postgres_template")
            monkeypatch.setenv("ARCHIVE_DATABASE_URL", postgres_database(request, template))

    return switch


@pytest.fixture
def db(home: Path) -> Iterator[Database]:
    """A fresh database for one test."""
    database = Database(database_url(home))
    yield database
    database.dispose()


# --------------------------------------------------------------------------- search archives


@dataclass(frozen=True)
class SearchArchive:
    """A data folder (database + search index) built with ``archive ingest``, and its records
    as ``archive list --json`` prints them."""

    home: Path
    records: list[dict]  # type: ignore[type-arg]

    def id_of(self, prefix: str) -> int:
        """The record id of the file whose name starts with ``prefix`` ("01", "000", ...)."""
        found = [r["id"] for r in self.records if Path(r["source_path"]).name.startswith(prefix)]
        assert len(found) == 1, (prefix, found)
        return found[0]

    def ids_of(self, *prefixes: str) -> set[int]:
        return {self.id_of(p) for p in prefixes}

    @property
    def ids(self) -> set[int]:
        return {r["id"] for r in self.records}


def cli_run(home: Path, *args: str) -> Result:
    """``archive --home HOME ARGS...`` in a click test runner."""
    from archive.cli import main

    return CliRunner().invoke(main, ["--home", str(home), *args])


def list_records(home: Path) -> list[dict]:  # type: ignore[type-arg]
    """``archive list --json`` of a data folder."""
    result = cli_run(home, "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def build_search_archive(
    home: Path, template: Path, *paths: Path, url: str | None = None
) -> SearchArchive:
    """Ingest ``paths`` into a fresh data folder (``ingest`` also builds the search index):
    its database is a copy of the SQLite ``template``, or the database at ``url``."""
    home.mkdir(parents=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("ARCHIVE_HOME", raising=False)
        patch.delenv("ARCHIVE_DATABASE_URL", raising=False)
        if url:
            patch.setenv("ARCHIVE_DATABASE_URL", url)
        else:
            shutil.copy(template, home / "archive.sqlite3")
        result = cli_run(home, "ingest", *map(str, paths), "--workers", "1")
        assert result.exit_code == 0, result.output
        return SearchArchive(home, list_records(home))


@pytest.fixture(scope="session")
def corpus_archive(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> SearchArchive:
    """corpus/ ingested and indexed once per session. Read-only: copy it to modify it."""
    return build_search_archive(
        tmp_path_factory.mktemp("corpus-archive") / "home", template_db, CORPUS
    )


@pytest.fixture(scope="session")
def _seeded_archive(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> SearchArchive | None:
    if not SEEDS.exists():
        return None
    return build_search_archive(
        tmp_path_factory.mktemp("seeded-archive") / "home", template_db, CORPUS, SEEDS
    )


@pytest.fixture
def seeded_archive(_seeded_archive: SearchArchive | None) -> SearchArchive:
    """corpus/ then ../shared/seeds ingested and indexed once per session (skips without the
    seeds). Read-only."""
    require_shared(SEEDS)
    assert _seeded_archive is not None
    return _seeded_archive


@pytest.fixture(scope="session")
def postgres_corpus_archive(
    postgres: Cluster, postgres_template: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[SearchArchive, str]:
    """corpus/ ingested into a PostgreSQL database once per session, and the database's name
    (the template of ``fresh_archive``'s copies). Read-only."""
    name = "corpus_archive"
    url = postgres.create_database(name, template=postgres_template)
    home = tmp_path_factory.mktemp("postgres-corpus-archive") / "home"
    return build_search_archive(home, Path(), CORPUS, url=url), name


def corpus_archive_copy(
    request: pytest.FixtureRequest, backend: str, home: Path
) -> tuple[SearchArchive, str]:
    """A private copy of the corpus archive on ``backend`` in the new data folder ``home``, and
    the URL of its database: the SQLite file in ``home``, or a new PostgreSQL database copied
    from ``postgres_corpus_archive`` and dropped when the fixture that asked (of any scope)
    ends."""
    if backend == "postgresql":
        source, template = request.getfixturevalue("postgres_corpus_archive")
        url = postgres_database(request, template)
    else:
        source = request.getfixturevalue("corpus_archive")
        url = f"sqlite:///{home / 'archive.sqlite3'}"
    return SearchArchive(Path(shutil.copytree(source.home, home)), source.records), url


@pytest.fixture
def fresh_archive(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> SearchArchive:
    """A private copy of ``corpus_archive`` (database and index) that a test may modify; on
    PostgreSQL, a copy of ``postgres_corpus_archive`` named by ``ARCHIVE_DATABASE_URL``."""
    archive, url = corpus_archive_copy(request, backend, tmp_path / "home")
    if backend == "postgresql":
        monkeypatch.setenv("ARCHIVE_DATABASE_URL", url)
    return archive
