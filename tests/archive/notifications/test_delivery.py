"""How ``archive notify`` talks to the mail server: STARTTLS or TLS from the start, checking the
server's certificate (a private CA named by ``MAIL_CA_FILE``), a login (a wrong password is a
failed run, retried, the notice kept); an address refused for good (5xx) or too often (4xx) is
abandoned and reported once; on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from archive.notifications.errors import NotifyError
from archive.notifications.settings import MailSettings
from archive.store.db import Database
from archive.store.models import FollowUp, Notice, User
from tests.archive.notifications.conftest import (
    LOGIN,
    TODAY,
    Certificates,
    Login,
    SmtpServer,
    add_user,
    assign,
    notify,
    write_site_toml,
)
from tests.conftest import SearchArchive

USER, PASSWORD = LOGIN


@pytest.fixture
def secure(request: pytest.FixtureRequest, certificates: Certificates) -> Iterator[SmtpServer]:
    """A server that takes mail only after a login over TLS: STARTTLS required
    (``request.param`` "starttls") or TLS from the start ("ssl")."""
    context = certificates.server_context()
    login = Login()
    if request.param == "starttls":
        options = {"tls_context": context, "require_starttls": True}
    else:  # AUTH allowed "without STARTTLS": the whole connection is TLS (FROM_THE_START)
        options = {"ssl_context": context, "auth_require_tls": False}
    server = SmtpServer(authenticator=login, auth_required=True, **options)
    server.start()
    yield server
    server.stop()


def _settings(mode: str, **extra: object) -> dict[str, object]:
    return {"MAIL_USE_TLS" if mode == "starttls" else "MAIL_USE_SSL": True, **extra}


def _notice(database: Database) -> Notice:
    with database.session() as session:
        [notice] = session.scalars(select(Notice)).all()
        return notice


# aiosmtpd counts only STARTTLS as TLS for AUTH and warns when told otherwise; with TLS from
# the start the whole connection is encrypted, so its warning is wrong here.
FROM_THE_START = pytest.param(
    "ssl", marks=pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
)


@pytest.mark.parametrize("secure", ["starttls", FROM_THE_START], indirect=True)
def test_a_login_over_tls_and_a_wrong_password_retried(
    fresh_archive: SearchArchive,
    secure: SmtpServer,
    certificates: Certificates,
    database: Database,
    request: pytest.FixtureRequest,
) -> None:
    home, mode = fresh_archive.home, request.node.callspec.params["secure"]
    add_user(home, "jane", "jane@example.org", "en")
    assign(database, "jane", [TODAY + timedelta(days=1)])
    settings = _settings(mode, MAIL_USERNAME=USER, MAIL_CA_FILE=certificates.ca_file)

    write_site_toml(home, secure.port, MAIL_PASSWORD="not-the-password", **settings)
    wrong = notify(home)
    assert wrong.exit_code == 1
    assert "sent: 0; failed: 1; abandoned: 0" in wrong.output
    assert (
        f"the mail server 127.0.0.1:{secure.port} refused the login of 'archive': 535"
        in wrong.stderr
    )
    assert "(will be retried)" in wrong.stderr and not secure.inbox.messages
    notice = _notice(database)
    assert (notice.status, notice.attempts) == ("failed", 0)  # never offered: not counted

    write_site_toml(home, secure.port, MAIL_PASSWORD=PASSWORD, **settings)
    right = notify(home)
    assert right.exit_code == 0, right.stderr
    assert "made: none; sent: 1; failed: 0; abandoned: 0" in right.output  # the same notice
    [message] = secure.inbox.messages
    assert message["To"] == "jane@example.org"
    assert message["Subject"] == "Reminder: follow-up due 8 Dec 2026 (BE 2569)"
    assert secure.inbox.tls[0] in ("TLSv1.2", "TLSv1.3")
    tries = secure.options["authenticator"].tries
    assert tries[-1] == (USER, True) and (USER, False) in tries  # smtplib tried each way
    notice = _notice(database)
    assert (notice.status, notice.attempts, notice.last_error) == ("sent", 1, None)


@pytest.mark.parametrize("secure", ["starttls"], indirect=True)
def test_the_servers_certificate_is_checked_and_no_password_goes_in_clear(
    fresh_archive: SearchArchive,
    secure: SmtpServer,
    certificates: Certificates,
    database: Database,
) -> None:
    home = fresh_archive.home
    add_user(home, "jane", "jane@example.org", "en")
    assign(database, "jane", [TODAY + timedelta(days=1)])
    login = {"MAIL_USERNAME": USER, "MAIL_PASSWORD": PASSWORD}

    write_site_toml(home, secure.port, MAIL_USE_TLS=True, **login)  # the CA is not trusted
    untrusted = notify(home)
    assert untrusted.exit_code == 1 and "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr

    write_site_toml(home, secure.port, **login)  # no STARTTLS: the server offers no login
    plain = notify(home)
    assert plain.exit_code == 1
    assert f"the mail server 127.0.0.1:{secure.port} refused the session" in plain.stderr
    assert secure.options["authenticator"].tries == []  # the password was never sent
    assert not secure.inbox.messages and _notice(database).status == "failed"

    shutil.copy(certificates.ca_file, home / "mail-ca.pem")  # relative: in the data folder
    write_site_toml(home, secure.port, MAIL_USE_TLS=True, MAIL_CA_FILE="mail-ca.pem", **login)
    sent = notify(home)
    assert sent.exit_code == 0 and "sent: 1" in sent.output, sent.stderr
    assert len(secure.inbox.messages) == 1 and secure.inbox.tls[0] is not None


def test_mail_settings_defaults_and_bad_values(tmp_path) -> None:  # type: ignore[no-untyped-def]
    mail = MailSettings.from_settings({"MAIL_FROM": "archive@example.org"})
    assert (mail.reminder_days, mail.max_attempts, mail.ca_file) == (7, 5, None)
    with pytest.raises(NotifyError, match="MAIL_MAX_ATTEMPTS must be 1 or more"):
        MailSettings.from_settings({"MAIL_FROM": "a@b.co", "MAIL_MAX_ATTEMPTS": 0})
    with pytest.raises(NotifyError, match=r"MAIL_CA_FILE '.*missing\.pem' cannot be read"):
        MailSettings.from_settings({"MAIL_FROM": "a@b.co", "MAIL_CA_FILE": "missing.pem"}, tmp_path)
    (tmp_path / "junk.pem").write_text("ไม่ใช่ใบรับรอง\n", encoding="utf-8")
    with pytest.raises(NotifyError, match=r"MAIL_CA_FILE .* cannot be read as PEM"):
        MailSettings.from_settings({"MAIL_FROM": "a@b.co", "MAIL_CA_FILE": "junk.pem"}, tmp_path)


def _give_items(database: Database, names: list[str]) -> None:
    """One open item due tomorrow to each user of ``names`` (in order)."""
    with database.session() as session:
        items = session.scalars(
            select(FollowUp).where(FollowUp.status == "open").order_by(FollowUp.id)
        ).all()
        for item, name in zip(items, names, strict=False):
            user = session.scalar(select(User).where(User.name == name))
            assert user is not None
            item.assignee_id, item.due_date = user.id, TODAY + timedelta(days=1)


def test_a_refused_address_is_abandoned_and_reported_once(
    fresh_archive: SearchArchive, smtp: SmtpServer, database: Database
) -> None:
    home = fresh_archive.home
    write_site_toml(home, smtp.port, MAIL_MAX_ATTEMPTS=3)
    for name in ("ghost", "busy", "jane"):
        add_user(home, name, f"{name}@example.org", "th")
    _give_items(database, ["ghost", "busy", "jane"])
    smtp.inbox.refused = {
        "ghost@example.org": "550 5.1.1 <ghost@example.org>: no such mailbox",  # for good
        "busy@example.org": "452 4.2.2 mailbox full",  # for now
    }

    first = notify(home)
    assert first.exit_code == 1
    assert "due_soon 3; sent: 1; failed: 1; abandoned: 1" in first.output
    [abandoned] = [line for line in first.stderr.splitlines() if line.startswith("abandoned")]
    assert "to ghost@example.org: SMTPRecipientsRefused" in abandoned and "550" in abandoned
    assert abandoned.endswith("(will not be retried)")
    [failed] = [line for line in first.stderr.splitlines() if line.startswith("failed")]
    assert "to busy@example.org" in failed and "452" in failed
    assert [m["To"] for m in smtp.inbox.messages] == ["jane@example.org"]

    second = notify(home)
    assert second.exit_code == 1
    assert "sent: 0; failed: 1; abandoned: 0" in second.output
    assert "ghost" not in second.output + second.stderr  # reported once, never offered again

    smtp.stop()  # a run that cannot reach the server offers nothing and gives nothing up
    down = notify(home)
    assert down.exit_code == 1 and "sent: 0; failed: 1; abandoned: 0" in down.output
    smtp.start()

    third = notify(home)  # busy@ refused a third time: MAIL_MAX_ATTEMPTS
    assert third.exit_code == 1 and "sent: 0; failed: 0; abandoned: 1" in third.output
    assert "abandoned" in third.stderr and "to busy@example.org" in third.stderr

    quiet = notify(home)
    assert quiet.exit_code == 0 and "made: none; sent: 0; failed: 0; abandoned: 0" in quiet.output
    assert quiet.stderr == ""
    offered = smtp.inbox.offered
    assert [offered.count(f"{n}@example.org") for n in ("ghost", "busy", "jane")] == [1, 3, 1]
    with database.session() as session:
        notices = {n.recipient: n for n in session.scalars(select(Notice))}
    assert {r: (n.status, n.attempts) for r, n in notices.items()} == {
        "ghost@example.org": ("abandoned", 1),
        "busy@example.org": ("abandoned", 3),
        "jane@example.org": ("sent", 1),
    }
    assert "550" in (notices["ghost@example.org"].last_error or "")
    assert "452" in (notices["busy@example.org"].last_error or "")
