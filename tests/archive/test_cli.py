"""The ``archive`` command line: data folder and database selection, usage errors, and the
output of ``show`` and ``list``."""

from __future__ import annotations

import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.cli import main
from archive.store.db import Database
from archive.store.lookups import count_records
from tests.conftest import CORPUS, RECORD_KEYS, ROOT, write_bma

TOKYO = CORPUS / "01_tokyo-jica-disaster-prevention.txt"
TOKYO_TITLE = (
    "การศึกษาดูงานหลักสูตร Disaster Risk Reduction for Metropolitan Cities "
    "ภายใต้ความร่วมมือกับองค์การความร่วมมือระหว่างประเทศของญี่ปุ่น "
    "(Japan International Cooperation Agency: JICA)"
)
DATE_KEYS = {"date_start", "date_end", "published", "updated", "due_date"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def cli(runner: CliRunner, home: Path, *args: str) -> Result:
    return runner.invoke(main, ["--home", str(home), *args])


def records_in(path: Path) -> int:
    database = Database(f"sqlite:///{path}", migrate=False)
    try:
        with database.session() as session:
            return count_records(session)
    finally:
        database.dispose()


def check_shape(value: object) -> None:
    """Every key snake_case, every date "YYYY-MM-DD" or null, all the way down."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert SNAKE.fullmatch(key), key
            if key in DATE_KEYS:
                assert item is None or ISO_DATE.fullmatch(item), (key, item)
            check_shape(item)
    elif isinstance(value, list):
        for item in value:
            check_shape(item)


@pytest.fixture
def filled(runner: CliRunner, home: Path) -> Path:
    """A data folder holding the corpus."""
    result = cli(runner, home, "ingest", str(CORPUS), "--workers", "1")
    assert result.exit_code == 0, result.output
    return home


# --------------------------------------------------------------------------- entry points


def test_python_dash_m_archive_runs_the_cli(tmp_path: Path, template_db: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    home = tmp_path / "fresh home"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "archive",
            "--home",
            str(home),
            "ingest",
            str(TOKYO.relative_to(ROOT)),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "Ingested: 1 new, 0 updated, 0 unchanged, 0 failed\n"
    assert records_in(home / "archive.sqlite3") == 1


def test_importing_the_main_module_does_not_run_the_cli() -> None:
    # Worker processes started by "spawn" or "forkserver" import the main module under the
    # name __mp_main__; it must not run the command line again (that would recurse).
    namespace = runpy.run_module("archive.__main__", run_name="__mp_main__")
    assert namespace["main"] is main


def test_home_folder_is_created_if_missing(runner: CliRunner, tmp_path: Path) -> None:
    home = tmp_path / "not" / "yet" / "there"
    result = cli(runner, home, "ingest", str(TOKYO), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert records_in(home / "archive.sqlite3") == 1


def test_archive_home_from_the_environment(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCHIVE_HOME", str(tmp_path / "from-env"))
    result = runner.invoke(main, ["ingest", str(TOKYO), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert records_in(tmp_path / "from-env" / "archive.sqlite3") == 1

    # --home wins over the environment.
    result = cli(runner, tmp_path / "from-option", "ingest", str(TOKYO), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert records_in(tmp_path / "from-option" / "archive.sqlite3") == 1
    assert records_in(tmp_path / "from-env" / "archive.sqlite3") == 1


def test_default_home_is_instance_in_the_working_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (tmp_path / "instance" / "archive.sqlite3").is_file()


def test_database_url_from_the_environment(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", f"sqlite:///{other}")
    home = tmp_path / "home"
    result = cli(runner, home, "ingest", str(TOKYO), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert records_in(other) == 1
    assert not (home / "archive.sqlite3").exists()
    listed = json.loads(cli(runner, home, "list", "--json").stdout)
    assert [r["title"] for r in listed] == [TOKYO_TITLE]


def test_a_database_that_cannot_be_opened_is_a_clear_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", f"sqlite:///{tmp_path}/missing/dir/db.sqlite3")
    result = cli(runner, tmp_path / "home", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open the database: ")


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest"], "Missing argument 'PATHS...'"),
        (["ingest", "--no-such-option", "x.txt"], "No such option '--no-such-option'"),
        (["ingest", "--workers", "-1", "x.txt"], "Invalid value for '--workers'"),
        (["ingest", "--workers", "many", "x.txt"], "Invalid value for '--workers'"),
        (["show"], "Missing argument 'RECORD_ID'"),
        (["show", "abc"], "Invalid value for 'RECORD_ID'"),
        (["list", "--limit", "0"], "Invalid value for '--limit'"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    """Refused before any database is opened (so not run on each database)."""
    result = cli(runner, tmp_path / "home", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_show_an_unknown_id(runner: CliRunner, home: Path) -> None:
    result = cli(runner, home, "show", "999")
    assert result.exit_code == 1
    assert result.stderr == "Error: no record with id 999\n"
    assert cli(runner, home, "show", "999", "--json").exit_code == 1


def test_ingest_exit_status_and_summary(runner: CliRunner, home: Path, tmp_path: Path) -> None:
    good = write_bma(tmp_path / "good.txt", "การประชุมทดสอบ")
    result = cli(runner, home, "ingest", str(good), "--workers", "1")
    # the first ingest builds the search index and says so
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "Ingested: 1 new, 0 updated, 0 unchanged, 0 failed\n",
        "Search index: 1 records updated.\n",
    )
    result = cli(runner, home, "ingest", str(good), str(tmp_path / "gone.txt"), "--workers", "1")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "Ingested: 0 new, 0 updated, 1 unchanged, 1 failed\n",
        f"FAILED {tmp_path / 'gone.txt'}: no such file or folder\n",
    )


def test_progress_bar_on_request(runner: CliRunner, home: Path) -> None:
    shown = cli(runner, home, "ingest", str(CORPUS), "--workers", "1", "--progress")
    assert shown.exit_code == 0
    assert "0/14" in shown.stderr
    quiet = cli(runner, home, "ingest", str(CORPUS), "--workers", "1", "--no-progress")
    assert quiet.stderr == ""


# --------------------------------------------------------------------------- show and list


def test_show_json(runner: CliRunner, filled: Path) -> None:
    result = cli(runner, filled, "show", "1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == RECORD_KEYS
    check_shape(data)
    assert data["id"] == 1
    assert data["title"] == TOKYO_TITLE
    assert data["document_kind"] == "visit"
    assert data["organization"] == "กรุงเทพมหานคร"
    assert data["mission_group"] == "การปกครองและการรักษาความเป็นระเบียบเรียบร้อย"
    assert data["venue"] == {
        "raw": "กรุงโตเกียว ประเทศญี่ปุ่น",
        "city": "Tokyo",
        "country_code": "JP",
        "country_name_th": "ญี่ปุ่น",
        "country_name_en": "Japan",
        "online": False,
    }
    assert (data["date_start"], data["date_end"]) == ("2018-11-04", "2018-11-15")
    assert (data["published"], data["updated"], data["source_url"]) == (None, None, None)
    reporter = data["reporter"]
    assert set(reporter) == {"name", "position", "unit", "phone"}
    assert (reporter["name"], reporter["phone"]) == ("นายธนพล เกียรติวงศ์ไพศาล", "0 2224 8179")
    # Where "กลุ่มงานต่างประเทศ 1" belongs (position or unit) is the parser's business.
    assert f"{reporter['position']} {reporter['unit']}" == (
        "นักวิเทศสัมพันธ์ปฏิบัติการ กลุ่มงานต่างประเทศ 1 กองการต่างประเทศ สำนักปลัดกรุงเทพมหานคร"
    )
    [item] = data["follow_ups"]
    assert set(item) == {
        *("id", "text", "agencies", "due_date", "status", "removed_from_source", "source")
    }
    assert item["agencies"] == ["สำนักป้องกันและบรรเทาสาธารณภัย", "กองการต่างประเทศ"]
    assert (item["due_date"], item["status"], item["removed_from_source"]) == (
        "2019-02-28",
        "open",
        False,
    )
    assert item["id"].startswith("1-")
    assert data["source_path"] == str(TOKYO)
    assert "text" not in data
    with_text = json.loads(cli(runner, filled, "show", "1", "--json", "--text").stdout)
    assert with_text["text"] == TOKYO.read_text(encoding="utf-8")


def test_list_json(runner: CliRunner, filled: Path) -> None:
    result = cli(runner, filled, "list", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert [r["id"] for r in data] == list(range(1, 15))
    for record in data:
        assert set(record) == RECORD_KEYS
    check_shape(data)
    assert data[0] == json.loads(cli(runner, filled, "show", "1", "--json").stdout)
    project = data[13]
    assert (project["document_kind"], project["venue"], project["date_start"]) == (
        "project",
        None,
        None,
    )
    assert project["date_end"] is None
    assert project["warnings"]  # it says what it could not find
    page = json.loads(cli(runner, filled, "list", "--json", "--limit", "2", "--offset", "3").stdout)
    assert [r["id"] for r in page] == [4, 5]


def test_list_json_of_an_empty_archive(runner: CliRunner, home: Path) -> None:
    result = cli(runner, home, "list", "--json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_list_text_lists_titles(runner: CliRunner, filled: Path) -> None:
    result = cli(runner, filled, "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 14
    assert lines[0] == f"     1  2018-11-04  JP  visit    {TOKYO_TITLE[:90]}"
    assert lines[13].startswith("    14  ----------  --  project  โครงการเมืองคู่ความร่วมมือลุ่มน้ำโขง")


def test_show_text(runner: CliRunner, filled: Path) -> None:
    result = cli(runner, filled, "show", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        f"#1 {TOKYO_TITLE}",
        "  kind: visit   organisation: กรุงเทพมหานคร",
        "  dates: 2018-11-04 .. 2018-11-15",
        "  venue: กรุงโตเกียว ประเทศญี่ปุ่น (Tokyo, JP)",
        "  findings: 7   follow-ups: 1",
    ]
    assert lines[5].startswith("    [open] ได้นำเรียนปลัดกรุงเทพมหานคร")
    assert lines[5].endswith("(สำนักป้องกันและบรรเทาสาธารณภัย, กองการต่างประเทศ; due 2019-02-28)")
