"""Accounts: adding users, passwords, API tokens, and the ``archive users`` commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.accounts import (
    UserError,
    add_user,
    authenticate,
    get_user,
    issue_token,
    list_users,
    user_by_token,
)
from archive.store.db import Database
from archive.store.models import User
from tests.conftest import cli_run


def test_passwords_are_hashed_and_checked(db: Database) -> None:
    with db.session() as session:
        add_user(session, "somchai", "รหัสผ่านยาวพอ", "editor")
    with db.session() as session:
        stored = get_user(session, "somchai")
        assert stored is not None and "รหัสผ่าน" not in stored.password_hash
        assert stored.password_hash.startswith("scrypt:")
        assert authenticate(session, "somchai", "รหัสผ่านยาวพอ").name == "somchai"  # type: ignore[union-attr]
        assert authenticate(session, "somchai", "wrong-password") is None
        assert authenticate(session, "nobody", "รหัสผ่านยาวพอ") is None
        stored.active = False
        assert authenticate(session, "somchai", "รหัสผ่านยาวพอ") is None


@pytest.mark.parametrize(
    ("name", "password", "role", "reason"),
    [
        ("", "password-1", "viewer", "user name"),
        ("two words", "password-1", "viewer", "user name"),
        ("x" * 101, "password-1", "viewer", "user name"),
        ("somchai", "short", "viewer", "at least 8"),
        ("somchai", "password-1", "root", "role"),
    ],
)
def test_bad_users_are_refused(
    db: Database, name: str, password: str, role: str, reason: str
) -> None:
    with pytest.raises(UserError, match=reason), db.session() as session:
        add_user(session, name, password, role)


def test_names_are_unique(db: Database) -> None:
    with db.session() as session:
        add_user(session, "malee", "password-1")
    with pytest.raises(UserError, match="already exists"), db.session() as session:
        add_user(session, "malee", "password-2")


def test_tokens_are_stored_hashed_replaced_and_refused_for_disabled_users(db: Database) -> None:
    with db.session() as session:
        add_user(session, "malee", "password-1", "editor")
        first = issue_token(session, "malee")
        second = issue_token(session, "malee")
    with db.session() as session:
        assert user_by_token(session, first) is None
        user = user_by_token(session, second)
        assert user is not None and user.name == "malee"
        assert second not in (user.token_hash or "")
        assert user_by_token(session, "") is None
        assert user_by_token(session, "x" * 500) is None
        user.active = False
    with db.session() as session:
        assert user_by_token(session, second) is None
    with pytest.raises(UserError, match="no user"), db.session() as session:
        issue_token(session, "nobody")


def test_cli_adds_lists_and_issues_tokens(home: Path, db: Database) -> None:
    from click.testing import CliRunner

    from archive.cli import main

    result = CliRunner().invoke(
        main,
        ["--home", str(home), "users", "add", "somchai", "--role", "editor", "--password-stdin"],
        input="รหัสผ่านยาวพอ\n",
    )
    assert result.exit_code == 0, result.output
    assert "somchai (editor)" in result.output
    prompted = CliRunner().invoke(
        main, ["--home", str(home), "users", "add", "malee"], input="password-9\npassword-9\n"
    )
    assert prompted.exit_code == 0, prompted.output
    token = cli_run(home, "users", "token", "somchai").output.strip()
    assert len(token) >= 40
    with db.session() as session:
        assert user_by_token(session, token).name == "somchai"  # type: ignore[union-attr]
        assert [(u.name, u.role) for u in list_users(session)] == [
            ("malee", "viewer"),
            ("somchai", "editor"),
        ]
    listing = cli_run(home, "users", "list").output.splitlines()
    assert listing == ["malee\tviewer\t-", "somchai\teditor\ttoken"]


def test_cli_errors_are_clear(home: Path, db: Database) -> None:
    from click.testing import CliRunner

    from archive.cli import main

    short = CliRunner().invoke(
        main, ["--home", str(home), "users", "add", "a", "--password-stdin"], input="abc\n"
    )
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    missing = cli_run(home, "users", "token", "nobody")
    assert missing.exit_code == 1 and "no user 'nobody'" in missing.output
    with db.session() as session:
        assert session.query(User).count() == 0
