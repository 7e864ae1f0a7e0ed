"""The kinds of notice, one entry each in ``KINDS``: what is due now and what it says.

A kind yields ``Draft``s, each with a ``key`` that names what it is about (a saved search's
digest period, an item's due date and assignee, an agency's week); the outbox keeps one notice
per key, so a run that finds the same thing due again sends nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.notifications.messages import Item, Message, date_text, word
from archive.notifications.settings import MailSettings
from archive.notifications.unsubscribe import make_token
from archive.store.lookups import get_record
from archive.store.models import (
    AgencyContact,
    DashboardSubscription,
    FollowUp,
    Notice,
    Record,
    SavedSearch,
    User,
)
from archive.store.shown import ShownRecord, shown
from archive.store.vocabulary import (
    CLOSED_STATUSES,
    FOLLOW_UP_STATUS_LABELS,
    OPEN_STATUSES,
    label,
)
from archive.tracking.dashboard import Filters, dashboard, item_states, select_items
from indexer.search.generations import Index
from indexer.search.service import SearchError, matching
from indexer.search.url_state import QueryArgs, search_request

MAX_LISTED = 50  # records or items listed in one message (the link shows the rest)


@dataclass
class Due:
    """What the kinds read: the database session, the search index, the clock and settings."""

    session: Session
    index: Index | None  # None without a search index: no saved-search digests this run
    today: date
    now: datetime
    mail: MailSettings
    secret: str

    def known(self, key: str) -> bool:
        """Whether a notice with this key was made already (sent or waiting)."""
        return self.session.scalar(select(Notice.id).where(Notice.key == key)) is not None

    def url(self, path: str) -> str:
        """An absolute link to a page of the site."""
        return f"{self.mail.site_url}{path}"

    def unsubscribe_url(self, target: str, ident: int) -> str:
        """The one-click unsubscribe link for ``target`` ``ident``."""
        return self.url(f"/unsubscribe/{make_token(self.secret, target, ident)}")


@dataclass
class Draft:
    """A notice to keep and send."""

    key: str
    kind: str
    recipient: str
    message: Message


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _period(frequency: str, today: date, top: int) -> str:
    if frequency == "daily":
        return today.isoformat()
    if frequency == "weekly":
        return _week(today)
    return f"upto-{top}"  # immediate: each new batch of records


def _venue(record: ShownRecord, language: str) -> str:
    venue = record.venue
    if venue is None:
        return ""
    if language == "en":
        parts = [venue.city, venue.country_name_en]
    else:
        parts = [venue.city_th or venue.city, venue.country_name_th]
    return ", ".join(p for p in parts if p) or venue.raw


def _record_item(due: Due, record: ShownRecord, language: str) -> Item:
    details = [d for d in (date_text(record.date_start, record.date_end, language),) if d]
    venue = _venue(record, language)
    if venue:
        details.append(f"{word('venue', language)}: {venue}")
    return Item(record.title, due.url(f"/records/{record.id}"), details)


def saved_search_digests(due: Due) -> Iterator[Draft]:
    """Per saved search with a digest: the records added since the last one that match it."""
    if due.index is None:
        return
    top = due.session.scalar(select(func.max(Record.id))) or 0
    searches = due.session.scalars(
        select(SavedSearch).where(SavedSearch.frequency != "none").order_by(SavedSearch.id)
    )
    for saved in searches:
        user = saved.user
        if not user.email or not user.active or saved.seen_record_id >= top:
            continue
        key = f"search:{saved.id}:{_period(saved.frequency, due.today, top)}"
        if due.known(key):  # this period's digest is made: the new records wait for the next
            continue
        try:
            request = search_request(QueryArgs(saved.params))
        except SearchError:
            continue  # a facet since renamed: nothing can match it
        candidates = due.session.scalars(
            select(Record.id)
            .where(Record.id > saved.seen_record_id, Record.id <= top)
            .order_by(Record.id)
        ).all()
        found = matching(due.index, request, candidates)
        saved.seen_record_id = top
        if not found:
            continue
        saved.last_sent_at = due.now
        language = user.language
        records = [get_record(due.session, i) for i in found[:MAX_LISTED]]
        message = Message(
            language=language,
            subject=word("search.subject", language, name=saved.name, count=len(found)),
            intro=word("search.intro", language, name=saved.name),
            items=[_record_item(due, shown(r), language) for r in records if r is not None],
            link=(word("search.open", language), due.url(f"/search?{saved.params}")),
            unsubscribe_url=due.unsubscribe_url("search", saved.id),
        )
        yield Draft(key, "saved_search", user.email, message)


def _assigned(due: Due) -> list[tuple[FollowUp, User]]:
    rows = due.session.execute(
        select(FollowUp, User)
        .join(User, User.id == FollowUp.assignee_id)
        .join(Record, Record.id == FollowUp.record_id)
        .where(
            Record.withdrawn_at.is_(None),  # a withdrawn record's items wait with it
            FollowUp.due_date.is_not(None),
            FollowUp.status.in_(OPEN_STATUSES),
            FollowUp.removed_from_source.is_(False),
            User.email.is_not(None),
            User.active.is_(True),
            User.reminders.is_(True),
        )
        .order_by(FollowUp.due_date, FollowUp.id)
    )
    return [(item, user) for item, user in rows]


def _item_message(due: Due, item: FollowUp, user: User, which: str) -> Message:
    language = user.language
    assert item.due_date is not None
    when = date_text(item.due_date, None, language)
    record = shown(item.record)  # with editors' corrections
    details = [
        f"{word('due', language)}: {when}",
        label(FOLLOW_UP_STATUS_LABELS, item.status, language),
        f"{word('meeting', language)}: {record.title}",
    ]
    return Message(
        language=language,
        subject=word(f"{which}.subject", language, due=when),
        intro=word(f"{which}.intro", language, days=(item.due_date - due.today).days),
        items=[Item(item.text, due.url(f"/follow-ups/{item.id}"), details)],
        unsubscribe_url=due.unsubscribe_url("reminders", user.id),
    )


def due_soon_reminders(due: Due) -> Iterator[Draft]:
    """To each assignee: an open item due within ``REMINDER_DAYS`` days (once per due date)."""
    last = due.today + timedelta(days=due.mail.reminder_days)
    for item, user in _assigned(due):
        assert item.due_date is not None and user.email is not None
        if not due.today <= item.due_date <= last:
            continue
        key = f"due:{item.id}:{item.due_date}:{user.id}"
        if not due.known(key):
            yield Draft(key, "due_soon", user.email, _item_message(due, item, user, "due"))


def overdue_reminders(due: Due) -> Iterator[Draft]:
    """To each assignee: an open item whose due date has passed (once per due date)."""
    for item, user in _assigned(due):
        assert item.due_date is not None and user.email is not None
        if item.due_date >= due.today:
            continue
        key = f"overdue:{item.id}:{item.due_date}:{user.id}"
        if not due.known(key):
            yield Draft(key, "overdue", user.email, _item_message(due, item, user, "overdue"))


def agency_digests(due: Due) -> Iterator[Draft]:
    """Weekly, to each agency contact: the agency's open items, overdue first."""
    contacts = list(due.session.scalars(select(AgencyContact).order_by(AgencyContact.id)))
    if not contacts:
        return
    states = item_states(due.session, today=due.today)
    for contact in contacts:
        key = f"agency:{contact.id}:{_week(due.today)}"
        if due.known(key):
            continue
        name = contact.agency.name
        listed_states = select_items(states, Filters(agency=[name]))
        items = [s for s in listed_states if s.status not in CLOSED_STATUSES]
        if not items:
            continue
        language = contact.language
        overdue = sum(s.overdue for s in items)
        listed = []
        for state in items[:MAX_LISTED]:
            details = [label(FOLLOW_UP_STATUS_LABELS, state.status, language)]
            if state.due_date:
                flag = f" ({word('overdue', language)})" if state.overdue else ""
                details.append(
                    f"{word('due', language)}: {date_text(state.due_date, None, language)}{flag}"
                )
            details.append(f"{word('meeting', language)}: {state.record_title}")
            listed.append(Item(state.text, due.url(f"/follow-ups/{state.id}"), details))
        message = Message(
            language=language,
            subject=word("agency.subject", language, agency=name, open=len(items), overdue=overdue),
            intro=word("agency.intro", language, agency=name),
            items=listed,
            link=(word("dashboard.link", language), due.url("/follow-ups")),
            unsubscribe_url=due.unsubscribe_url("agency", contact.id),
        )
        yield Draft(key, "agency_digest", contact.email, message)


def dashboard_summaries(due: Due) -> Iterator[Draft]:
    """Weekly, to each subscriber: the dashboard's counts, with the agencies most behind."""
    subscriptions = list(due.session.scalars(select(DashboardSubscription)))
    if not subscriptions:
        return
    summary = dashboard(item_states(due.session, today=due.today), Filters())
    open_count = sum(summary["status"][s] for s in OPEN_STATUSES)
    for subscription in subscriptions:
        user = subscription.user
        if not user.email or not user.active:
            continue
        key = f"dashboard:{user.id}:{_week(due.today)}"
        if due.known(key):
            continue
        language = user.language
        rows = [
            Item(
                label(FOLLOW_UP_STATUS_LABELS, status, language),
                due.url(f"/follow-ups?status={status}"),
                [str(count)],
            )
            for status, count in summary["status"].items()
        ]
        overdue_url = due.url("/follow-ups?overdue=1")
        rows.append(Item(word("overdue", language), overdue_url, [str(summary["overdue"])]))
        for agency, total, still_open, overdue in summary["agency"][:10]:
            rows.append(
                Item(
                    f"{word('agency_row', language)}: {agency}",
                    due.url("/follow-ups"),
                    [f"{word('total', language)} {total} · {word('open', language)} {still_open}"
                     f" · {word('overdue', language)} {overdue}"],
                )
            )
        message = Message(
            language=language,
            subject=word(
                "dashboard.subject", language, open=open_count, overdue=summary["overdue"]
            ),
            intro=word("dashboard.intro", language, today=date_text(due.today, None, language)),
            items=rows,
            link=(word("dashboard.link", language), due.url("/follow-ups")),
            unsubscribe_url=due.unsubscribe_url("dashboard", user.id),
        )
        yield Draft(key, "dashboard_summary", user.email, message)


KINDS: dict[str, Callable[[Due], Iterator[Draft]]] = {
    "saved_search": saved_search_digests,
    "due_soon": due_soon_reminders,
    "overdue": overdue_reminders,
    "agency_digest": agency_digests,
    "dashboard_summary": dashboard_summaries,
}
"""Every kind of notice, in the order a run makes them."""
