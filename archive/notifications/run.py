"""One run of ``archive notify``: under the lock, make the notices due and send every one
not sent yet."""

from __future__ import annotations

from datetime import UTC, date, datetime

from archive.notifications.kinds import Due
from archive.notifications.lock import notify_lock
from archive.notifications.outbox import Report, deliver, plan
from archive.notifications.settings import MailSettings
from archive.store.db import Database
from indexer.search.generations import Index


def notify(
    db: Database,
    index: Index | None,
    mail: MailSettings,
    secret: str,
    *,
    today: date | None = None,
    now: datetime | None = None,
    send: bool = True,
) -> Report:
    """Make what is due and send what waits (``send=False``: make only); ``Busy`` when another
    run holds the lock. The search index must follow the database (the caller applies the
    change log first)."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    today = today or date.today()  # the local day: due dates are Thai office days
    report = Report()
    with notify_lock(db):
        with db.session() as session:
            plan(Due(session, index, today, now, mail, secret), report)
            session.commit()
        if send:
            with db.session() as session:
                deliver(session, mail, now, report)
    return report
