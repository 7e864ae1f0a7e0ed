"""``archive serve``: waitress by default, Flask's debugger only with --debug."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import waitress
from flask import Flask

from archive.cli import serve_command, worker_command
from indexer.search.generations import Index
from indexer.search.warm import warm_up
from tests.conftest import SearchArchive, cli_run


def test_serve_runs_waitress(
    corpus_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def fake_serve(app: Flask, **options: Any) -> None:
        assert app.config["ARCHIVE_HOME"] == str(corpus_archive.home)
        assert not app.debug
        calls.append(options)

    def no_run(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the development server must not run without --debug")

    monkeypatch.setattr(waitress, "serve", fake_serve)
    monkeypatch.setattr(Flask, "run", no_run)
    result = cli_run(
        corpus_archive.home, "serve", "--port", "8123", "--no-worker", "--processes", "1"
    )
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8123, "threads": 4}]
    result = cli_run(corpus_archive.home, "serve", "--no-worker", "--processes", "1",
                     "--threads", "1")
    assert result.exit_code == 0, result.output
    assert calls[-1] == {"host": "127.0.0.1", "port": 5000, "threads": 1}
    result = cli_run(corpus_archive.home, "serve", "--threads", "0")
    assert result.exit_code == 2 and "--threads" in result.output


def test_serve_warms_the_search_up_before_it_listens(
    corpus_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first visitor does not wait for the index and the tokenizer to load."""
    events: list[str] = []

    def warm(index: Index) -> float:
        events.append("warm up")
        return warm_up(index)

    def fake_serve(_app: Flask, **_options: Any) -> None:
        events.append("serve")

    monkeypatch.setattr(serve_command, "warm_up", warm)
    monkeypatch.setattr(waitress, "serve", fake_serve)
    result = cli_run(corpus_archive.home, "serve", "--no-worker", "--processes", "1")
    assert result.exit_code == 0, result.output
    assert events == ["warm up", "serve"]
    assert re.search(r"Search warmed up in \d+\.\d s", result.output)


@pytest.mark.parametrize(("cores", "expected"), [(1, 1), (2, 2), (8, 2)])
def test_serve_uses_two_processes_where_there_are_two_cores(
    corpus_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch, cores: int,
    expected: int,
) -> None:
    """The default: every core of a 2-core server searches (README "Several processes")."""
    from archive.cli import serve_processes

    asked: list[int] = []
    monkeypatch.setattr(serve_command.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(serve_processes, "serve_processes",
                        lambda _home, _host, _port, count, _worker, _threads: asked.append(count)
                        or 0)
    monkeypatch.setattr(waitress, "serve", lambda *_a, **_k: asked.append(1))
    result = cli_run(corpus_archive.home, "serve", "--no-worker")
    assert result.exit_code == 0, result.output
    assert asked == [expected]


def test_serve_debug_uses_the_flask_debugger(
    corpus_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(Flask, "run", lambda _app, **options: calls.append(options))
    monkeypatch.setattr(waitress, "serve", lambda *_a, **_k: pytest.fail("waitress with --debug"))
    result = cli_run(corpus_archive.home, "serve", "--debug", "--host", "0.0.0.0", "--no-worker")
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "0.0.0.0", "port": 5000, "debug": True}]
    assert cli_run(corpus_archive.home, "serve", "--port", "0").exit_code == 2



def test_serve_starts_a_worker_for_uploads(
    tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By default ``archive serve`` runs ``archive worker`` beside the site, and stops it."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(template_db, home / "archive.sqlite3")
    started: list[subprocess.Popen[bytes]] = []
    running: list[bool] = []

    def tracked(folder: Path) -> subprocess.Popen[bytes] | None:
        process = worker_command.start_worker_process(folder)
        assert process is not None
        started.append(process)
        return process

    monkeypatch.setattr(serve_command, "start_worker_process", tracked)
    monkeypatch.setattr(
        waitress, "serve", lambda *_a, **_k: running.append(started[0].poll() is None)
    )
    result = cli_run(home, "serve", "--processes", "1")
    assert result.exit_code == 0, result.output
    assert running == [True]  # the worker ran while the site served
    assert "worker" in started[0].args and started[0].poll() is not None  # then stopped
