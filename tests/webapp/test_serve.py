"""``archive serve``: waitress by default, Flask's debugger only with --debug."""

from __future__ import annotations

from typing import Any

import pytest
import waitress
from flask import Flask

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
    result = cli_run(corpus_archive.home, "serve", "--port", "8123")
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8123}]


def test_serve_debug_uses_the_flask_debugger(
    corpus_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(Flask, "run", lambda _app, **options: calls.append(options))
    monkeypatch.setattr(waitress, "serve", lambda *_a, **_k: pytest.fail("waitress with --debug"))
    result = cli_run(corpus_archive.home, "serve", "--debug", "--host", "0.0.0.0")
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "0.0.0.0", "port": 5000, "debug": True}]
    assert cli_run(corpus_archive.home, "serve", "--port", "0").exit_code == 2
