"""``archive notify`` end to end: a real SMTP server receives the messages, which are parsed
back (Thai subjects, both parts, unsubscribe headers); nothing is sent twice, a failed send is
kept and retried, a second run waits for the lock; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from archive.cli import main
from archive.notifications.settings import MailSettings
from archive.notifications.subscriptions import (
    add_agency_contact,
    save_search,
    set_dashboard_subscription,
)
from archive.store.db import Database
from archive.store.models import Agency, FollowUp, Notice, Record, SavedSearch, User
from archive.store.vocabulary import OPEN_STATUSES
from archive.tracking.dashboard import Filters, dashboard, item_states
from tests.archive.notifications.conftest import (
    TODAY,
    SmtpServer,
    add_user,
    assign,
    notify,
    parts,
    write_site_toml,
)
from tests.conftest import ROOT, SearchArchive, cli_run, write_bma
from webapp import close_app, create_app

# New records of the digest test (each names Tokyo, as its saved searches ask).
TITLES = (
    "การหารือความร่วมมือด้านรถไฟฟ้ากับกรุงโตเกียว",
    "การประชุมเมืองอัจฉริยะร่วมกับกรุงโตเกียว",
    "การศึกษาดูงานการจัดการขยะของกรุงโตเกียว",
)


@pytest.fixture
def archive(fresh_archive: SearchArchive, smtp: SmtpServer) -> SearchArchive:
    write_site_toml(fresh_archive.home, smtp.port, REMINDER_DAYS=5)
    return fresh_archive


def test_saved_search_digest_lists_only_new_records_in_the_users_language(
    archive: SearchArchive, smtp: SmtpServer, database: Database, tmp_path: Path
) -> None:
    home = archive.home
    add_user(home, "somchai", "somchai@example.org", "th")
    add_user(home, "jane", "jane@example.org", "en")
    with database.session() as session:
        for name, title in (("somchai", "น้ำท่วมโตเกียว"), ("jane", "Tokyo floods")):
            user = session.scalar(select(User).where(User.name == name))
            assert user is not None
            save_search(session, user, title, "/search?q=โตเกียว&page=3", "immediate")
        session.commit()
    first = notify(home)
    assert first.exit_code == 0, first.output
    assert "sent: 0" in first.output and not smtp.inbox.messages  # nothing new yet

    new = write_bma(tmp_path / "new" / "tokyo.txt", "การหารือความร่วมมือด้านรถไฟฟ้ากับกรุงโตเกียว")
    write_bma(
        tmp_path / "new" / "paris.txt",
        "การประชุมเมืองสีเขียวที่กรุงปารีส",
        venue="กรุงปารีส ประเทศฝรั่งเศส",
    )
    ingested = cli_run(home, "ingest", str(new.parent), "--workers", "1")
    assert ingested.exit_code == 0, ingested.output
    second = notify(home)
    assert second.exit_code == 0, second.output
    assert "saved_search 2" in second.output and "sent: 2" in second.output

    [thai] = smtp.inbox.to("somchai@example.org")
    assert thai["Subject"] == "การค้นหา “น้ำท่วมโตเกียว”: ระเบียนใหม่ 1 รายการ"
    raw = thai.as_bytes().decode("ascii")  # every header and part is 7-bit on the wire
    assert "=?utf-8?" in raw.split("\n\n", 1)[0].lower()
    text, html = parts(thai)
    assert "การหารือความร่วมมือด้านรถไฟฟ้ากับกรุงโตเกียว" in text
    assert "ปารีส" not in text and "ปารีส" not in html
    assert "4 – 5 พฤศจิกายน 2561" in text  # Buddhist era
    record_id = int(re.search(r"http://archive\.test/records/(\d+)", html)[1])  # type: ignore[index]
    assert record_id > max(archive.ids)
    unsubscribe = thai["List-Unsubscribe"]
    assert re.fullmatch(r"<http://archive\.test/unsubscribe/[\w.\-]+>", unsubscribe)
    assert thai["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in text and "q=%E0%B9%82" in text  # the search's own link

    [english] = smtp.inbox.to("jane@example.org")
    assert english["Subject"] == "Saved search “Tokyo floods”: 1 new records"
    text, _ = parts(english)
    assert "4 Nov 2018 – 5 Nov 2018 (BE 2561)" in text
    assert "Unsubscribe: http://archive.test/unsubscribe/" in text

    third = notify(home)
    assert third.exit_code == 0 and "sent: 0" in third.output
    assert len(smtp.inbox.messages) == 2  # never the same notice twice

    # The link works without signing in: GET asks, POST (RFC 8058 one-click) unsubscribes.
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(home), "INDEX_FOLLOW": False})
    try:
        client, path = app.test_client(), unsubscribe[1:-1].removeprefix("http://archive.test")
        asked = client.get(path)
        assert asked.status_code == 200 and 'id="unsubscribe-button"' in asked.text
        done = client.post(path, data={"List-Unsubscribe": "One-Click"})
        assert done.status_code == 200 and 'id="unsubscribed"' in done.text
    finally:
        close_app(app)
    with database.session() as session:
        notices = session.scalars(select(Notice)).all()
        assert [(n.kind, n.status, n.attempts) for n in notices] == [
            ("saved_search", "sent", 1)
        ] * 2
        newest = session.scalar(select(func.max(Record.id)))
        searches = session.scalars(select(SavedSearch).order_by(SavedSearch.id)).all()
        assert {s.seen_record_id for s in searches} == {newest}
        assert [s.frequency for s in searches] == ["none", "immediate"]  # somchai unsubscribed


def _ingest(home: Path, folder: Path, *titles: str) -> None:
    """Ingest a BMA form (venue Tokyo) per title."""
    for number, title in enumerate(titles):
        write_bma(folder / f"{number}.txt", title)
    result = cli_run(home, "ingest", str(folder), "--workers", "1")
    assert result.exit_code == 0, result.output


def test_daily_and_weekly_digests_one_per_period_later_records_wait(
    archive: SearchArchive, smtp: SmtpServer, database: Database, tmp_path: Path
) -> None:
    home = archive.home
    add_user(home, "somchai", "somchai@example.org", "th")
    with database.session() as session:
        user = session.scalar(select(User).where(User.name == "somchai"))
        assert user is not None
        daily = save_search(session, user, "รายวัน", "q=โตเกียว", "daily").id
        weekly = save_search(session, user, "รายสัปดาห์", "q=โตเกียว", "weekly").id
        session.commit()

    def run(day: date) -> dict[str, list[str]]:
        """``archive notify`` on ``day``: the new digests, by saved search, and the titles of
        the records each lists."""
        before = len(smtp.inbox.messages)
        result = cli_run(home, "notify", "--today", day.isoformat())
        assert result.exit_code == 0, result.output
        digests = {}
        for message in smtp.inbox.messages[before:]:
            name = re.search(r"“(.+)”", message["Subject"])[1]  # type: ignore[index]
            text, _ = parts(message)
            digests[name] = sorted(t for t in TITLES if t in text)
        return digests

    monday, tuesday, sunday, next_monday = (TODAY + timedelta(days=n) for n in (0, 1, 6, 7))
    first, second, third = TITLES
    _ingest(home, tmp_path / "a", first)
    assert run(monday) == {"รายวัน": [first], "รายสัปดาห์": [first]}
    _ingest(home, tmp_path / "b", second)
    assert run(monday) == {}  # this day's and this week's digests are made: the record waits
    assert run(tuesday) == {"รายวัน": [second]}  # the week's digest is made already
    _ingest(home, tmp_path / "c", third)
    assert run(tuesday) == {}
    assert run(sunday) == {"รายวัน": [third]}  # the same ISO week still
    assert run(next_monday) == {"รายสัปดาห์": sorted([second, third])}  # nothing new daily
    assert run(next_monday) == {}
    with database.session() as session:
        keys = set(session.scalars(select(Notice.key)))
    assert keys == {
        f"search:{daily}:2026-12-07",
        f"search:{daily}:2026-12-08",
        f"search:{daily}:2026-12-13",
        f"search:{weekly}:2026-W50",
        f"search:{weekly}:2026-W51",
    }


def test_reminders_before_the_due_date_and_when_overdue(
    archive: SearchArchive, smtp: SmtpServer, database: Database
) -> None:
    home = archive.home
    add_user(home, "somchai", "somchai@example.org", "th")
    soon, later, late, done = assign(
        database,
        "somchai",
        [
            TODAY + timedelta(days=5),
            TODAY + timedelta(days=6),
            TODAY - timedelta(days=2),
            TODAY - timedelta(days=1),
        ],
    )
    with database.session() as session:
        session.get(FollowUp, done).status = "done"  # type: ignore[union-attr]
        session.commit()
    result = notify(home)
    assert result.exit_code == 0, result.output
    subjects = sorted(m["Subject"] for m in smtp.inbox.messages)
    assert subjects == [
        "เกินกำหนด: เรื่องติดตามครบกำหนด 5 ธันวาคม 2569",
        "เตือน: เรื่องติดตามครบกำหนด 12 ธันวาคม 2569",
    ]
    due_soon = next(m for m in smtp.inbox.messages if m["Subject"].startswith("เตือน"))
    text, html = parts(due_soon)
    assert "ในอีก 5 วัน" in text and f"http://archive.test/follow-ups/{soon}" in html
    assert due_soon["List-Unsubscribe"]

    # The next day the item due in 6 days enters the window; nothing else is sent again.
    result = cli_run(home, "notify", "--today", (TODAY + timedelta(days=1)).isoformat())
    assert result.exit_code == 0, result.output
    assert len(smtp.inbox.messages) == 3
    assert smtp.inbox.messages[-1]["Subject"] == "เตือน: เรื่องติดตามครบกำหนด 13 ธันวาคม 2569"
    with database.session() as session:
        keys = set(session.scalars(select(Notice.key)))
    assert keys == {
        f"due:{soon}:{TODAY + timedelta(days=5)}:1",
        f"due:{later}:{TODAY + timedelta(days=6)}:1",
        f"overdue:{late}:{TODAY - timedelta(days=2)}:1",
    }


def test_reminders_go_seven_days_ahead_by_default(
    fresh_archive: SearchArchive, smtp: SmtpServer, database: Database
) -> None:
    home = fresh_archive.home
    write_site_toml(home, smtp.port)  # no REMINDER_DAYS
    assert MailSettings.from_settings({"MAIL_FROM": "a@b.co"}).reminder_days == 7
    add_user(home, "jane", "jane@example.org", "en")
    seven, _ = assign(database, "jane", [TODAY + timedelta(days=7), TODAY + timedelta(days=8)])
    result = notify(home)
    assert result.exit_code == 0 and "due_soon 1" in result.output, result.output
    [message] = smtp.inbox.messages
    assert message["Subject"] == "Reminder: follow-up due 14 Dec 2026 (BE 2569)"
    text, _ = parts(message)
    assert "due in 7 days" in text and f"http://archive.test/follow-ups/{seven}" in text


def test_a_failed_send_is_kept_reported_and_retried(
    archive: SearchArchive, smtp: SmtpServer, database: Database
) -> None:
    home = archive.home
    add_user(home, "jane", "jane@example.org", "en")
    assign(database, "jane", [TODAY + timedelta(days=1)])
    smtp.stop()  # the server is down
    down = notify(home)
    assert down.exit_code == 1
    assert "due_soon 1" in down.output and "sent: 0; failed: 1" in down.output
    assert "cannot reach the mail server 127.0.0.1" in down.stderr and "retried" in down.stderr
    smtp.start()
    smtp.inbox.refuse = True  # up, but refusing for now (4xx)
    refused = notify(home)
    assert refused.exit_code == 1 and "451" in refused.stderr
    with database.session() as session:
        [notice] = session.scalars(select(Notice)).all()
        assert (notice.status, notice.attempts) == ("failed", 1)  # offered once: server down
        assert "451" in (notice.last_error or "")
    smtp.inbox.refuse = False
    retried = notify(home)
    assert retried.exit_code == 0, retried.output
    assert "made: none; sent: 1; failed: 0; abandoned: 0" in retried.output
    [message] = smtp.inbox.messages
    assert message["Subject"] == "Reminder: follow-up due 8 Dec 2026 (BE 2569)"
    assert notify(home).exit_code == 0 and len(smtp.inbox.messages) == 1
    with database.session() as session:
        [notice] = session.scalars(select(Notice)).all()
        assert (notice.status, notice.attempts, notice.last_error) == ("sent", 2, None)


def test_agency_contacts_and_dashboard_subscribers_get_weekly_digests(
    archive: SearchArchive, smtp: SmtpServer, database: Database
) -> None:
    home = archive.home
    add_user(home, "manager", "manager@example.org", "th")
    assign(database, "manager", [TODAY - timedelta(days=30)])
    with database.session() as session:
        agency = session.scalars(select(Agency).order_by(Agency.name)).first()
        assert agency is not None
        name = agency.name
        add_agency_contact(session, name, "office@example.go.th", "th")
        manager = session.scalar(select(User).where(User.name == "manager"))
        set_dashboard_subscription(session, manager, True)  # type: ignore[arg-type]
        session.commit()
    result = notify(home)
    assert result.exit_code == 0, result.output
    with database.session() as session:
        states = item_states(session, today=TODAY)
    mine = [s for s in states if name in s.agencies and s.status in OPEN_STATUSES]
    [digest] = smtp.inbox.to("office@example.go.th")
    overdue = sum(s.overdue for s in mine)
    assert digest["Subject"] == f"{name}: เรื่องติดตามค้าง {len(mine)} รายการ (เกินกำหนด {overdue})"
    text, _ = parts(digest)
    assert all(f"http://archive.test/follow-ups/{s.id}" in text for s in mine)
    summary = dashboard(states, Filters())
    still_open = sum(summary["status"][s] for s in OPEN_STATUSES)
    assert summary["overdue"] >= 1
    subject = f"สรุปเรื่องติดตามประจำสัปดาห์: ค้าง {still_open} เกินกำหนด {summary['overdue']}"
    assert [m["Subject"] for m in smtp.inbox.to("manager@example.org")] == [
        "เกินกำหนด: เรื่องติดตามครบกำหนด 7 พฤศจิกายน 2569",  # the item assigned to them
        subject,
    ]
    count = len(smtp.inbox.messages)
    assert notify(home).exit_code == 0 and len(smtp.inbox.messages) == count  # same week
    next_week = cli_run(home, "notify", "--today", (TODAY + timedelta(days=7)).isoformat())
    assert next_week.exit_code == 0
    assert len(smtp.inbox.to("office@example.go.th")) == 2
    assert len(smtp.inbox.to("manager@example.org")) == 3  # the next week's summary


def test_a_second_run_is_refused_while_one_holds_the_lock(
    archive: SearchArchive, database: Database
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from archive.store.db import Database\n"
            "from archive.notifications.lock import notify_lock\n"
            "db = Database(sys.argv[1])\n"
            "with notify_lock(db):\n"
            "    print('held', flush=True)\n"
            "    sys.stdin.read()\n",
            database.url,
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        refused = notify(archive.home)
        assert refused.exit_code == 1
        assert "another archive notify is running" in refused.output
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    assert holder.returncode == 0
    after = notify(archive.home)
    assert after.exit_code == 0, after.output


def test_users_add_takes_an_email_and_refuses_a_bad_one(home: Path, smtp: SmtpServer) -> None:
    added = CliRunner().invoke(
        main,
        [
            "--home",
            str(home),
            "users",
            "add",
            "somsri",
            "--email",
            "somsri@example.go.th",
            "--password-stdin",
        ],
        input="a long password\n",
    )
    assert added.exit_code == 0 and "somsri@example.go.th" in added.output
    refused = CliRunner().invoke(
        main,
        [
            "--home",
            str(home),
            "users",
            "add",
            "other",
            "--email",
            "somsri at example",
            "--password-stdin",
        ],
        input="a long password\n",
    )
    assert refused.exit_code == 1 and "email: not an e-mail address" in refused.output
    listed = cli_run(home, "users", "list")
    assert "somsri" in listed.output and "other" not in listed.output
    write_site_toml(home, smtp.port)  # no search index yet: reminders go, digests wait
    ran = notify(home)
    assert ran.exit_code == 0 and "saved-search digests wait for `archive index`" in ran.stderr


def test_bad_mail_settings_are_named(archive: SearchArchive) -> None:
    (archive.home / "site.toml").write_text('MAIL_PORT = "25"\nMAIL_FROM = "a@b.c"\n')
    result = notify(archive.home)
    assert result.exit_code == 1 and "MAIL_PORT must be a whole number" in result.output
    (archive.home / "site.toml").write_text("MAIL_SERVER = 'localhost'\n")
    result = notify(archive.home)
    assert result.exit_code == 1 and "MAIL_FROM (the sender's address) is not set" in result.output
    (archive.home / "site.toml").write_text(
        'MAIL_FROM = "a@b.c"\nMAIL_USERNAME = "archive"\nMAIL_PASSWORD = "รหัสผ่าน1"\n'
    )
    result = notify(archive.home)
    assert result.exit_code == 1 and "MAIL_PASSWORD must be ASCII" in result.output
