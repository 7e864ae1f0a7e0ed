"""What people subscribe to: saved searches and their digest, agency contact addresses, the
weekly dashboard summary, and a user's own address and language."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.store.models import (
    Agency,
    AgencyContact,
    DashboardSubscription,
    Record,
    SavedSearch,
    User,
)
from indexer.search.service import SearchError
from indexer.search.url_state import QueryArgs, search_request

FREQUENCIES = ("immediate", "daily", "weekly", "none")
LANGUAGES = ("th", "en")
MAX_NAME = 200
MAX_PARAMS = 2000
MAX_EMAIL = 320
# An address as people type it (one @, a dot in the domain, no spaces); the server decides more.
_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+$")
# URL parameters of the search page that are part of a search (not its page or display).
SEARCH_PARAMS = ("q", "f", "x", "sort")


class FieldError(ValueError):
    """A value cannot be saved: ``field`` names it, the message says why (English)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


def check_email(address: str, field: str = "email") -> str:
    """The address stripped; ``FieldError`` when it is not one."""
    address = address.strip()
    if len(address) > MAX_EMAIL or not _EMAIL.match(address):
        raise FieldError(field, f"not an e-mail address: {address!r}")
    return address


def set_contact_details(
    session: Session, user: User, *, email: str | None, language: str | None = None
) -> None:
    """Change a user's address (empty: none) and the language of their messages."""
    user.email = check_email(email) if email and email.strip() else None
    if language is not None:
        if language not in LANGUAGES:
            raise FieldError("language", f"must be one of {', '.join(LANGUAGES)}")
        user.language = language


def normal_params(params: str) -> str:
    """The query string of a /search URL (or the URL itself) kept to what makes the search
    (``q``, ``f``, ``x``, ``sort``); ``FieldError`` on ``params`` when the search is wrong."""
    params = params.strip()
    if len(params) > MAX_PARAMS:
        raise FieldError("params", f"longer than {MAX_PARAMS} characters")
    if "?" in params:
        params = params.split("?", 1)[1]
    pairs = [(k, v) for k, v in parse_qsl(params, keep_blank_values=True) if k in SEARCH_PARAMS]
    try:
        request = search_request(QueryArgs(urlencode(pairs)))
    except SearchError as error:
        raise FieldError("params", str(error)) from None
    # Filter values as the search reads them (BE years to CE, country names to ISO codes).
    normal = [("q", request.q)] if request.q else []
    normal += [("f", f"{n}:{v}") for n, values in request.filters.items() for v in values]
    normal += [("x", f"{n}:{v}") for n, values in request.excluded.items() for v in values]
    if request.sort != "relevance":
        normal.append(("sort", request.sort))
    return urlencode(normal)


def _check(session: Session, user: User, name: str, frequency: str, *, own: int | None) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise FieldError("name", f"a name is 1-{MAX_NAME} characters")
    if frequency not in FREQUENCIES:
        raise FieldError("frequency", f"must be one of {', '.join(FREQUENCIES)}")
    taken = session.scalar(
        select(SavedSearch.id).where(SavedSearch.user_id == user.id, SavedSearch.name == name)
    )
    if taken is not None and taken != own:
        raise FieldError("name", f"you already have a saved search called {name!r}")
    return name


def saved_searches(session: Session, user: User) -> list[SavedSearch]:
    """A user's saved searches, by name."""
    return list(
        session.scalars(
            select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.name)
        )
    )


def saved_search(session: Session, user: User, search_id: int) -> SavedSearch | None:
    """The user's saved search of this id (None for someone else's)."""
    found = session.get(SavedSearch, search_id)
    return found if found is not None and found.user_id == user.id else None


def save_search(
    session: Session, user: User, name: str, params: str, frequency: str = "none"
) -> SavedSearch:
    """Save a search under a name; its digest will list records added from now on."""
    name = _check(session, user, name, frequency, own=None)
    saved = SavedSearch(
        user_id=user.id,
        name=name,
        params=normal_params(params),
        frequency=frequency,
        seen_record_id=session.scalar(select(func.max(Record.id))) or 0,
    )
    session.add(saved)
    session.flush()
    return saved


def change_search(
    session: Session, saved: SavedSearch, *, name: str | None = None, frequency: str | None = None
) -> None:
    """Rename a saved search or change how often its digest comes."""
    user = session.get(User, saved.user_id)
    assert user is not None
    saved.name = _check(
        session, user, saved.name if name is None else name,
        saved.frequency if frequency is None else frequency, own=saved.id,
    )
    if frequency is not None:
        if saved.frequency == "none" and frequency != "none":  # digests start from now
            saved.seen_record_id = session.scalar(select(func.max(Record.id))) or 0
        saved.frequency = frequency


def agency_names(session: Session) -> list[str]:
    """Every agency's name, in order (what contact addresses can be given to)."""
    return list(session.scalars(select(Agency.name).order_by(Agency.name)))


def agency_contacts(session: Session) -> list[AgencyContact]:
    """Every agency contact address, by agency and address."""
    return list(
        session.scalars(
            select(AgencyContact)
            .join(Agency, Agency.id == AgencyContact.agency_id)
            .order_by(Agency.name, AgencyContact.email)
        )
    )


def add_agency_contact(
    session: Session, agency_name: str, email: str, language: str = "th"
) -> AgencyContact:
    """Give an agency (by its name) a contact address for its weekly digest."""
    agency = session.scalar(select(Agency).where(Agency.name == agency_name.strip()))
    if agency is None:
        raise FieldError("agency", f"no agency called {agency_name!r}")
    email = check_email(email)
    if language not in LANGUAGES:
        raise FieldError("language", f"must be one of {', '.join(LANGUAGES)}")
    exists = session.scalar(
        select(AgencyContact).where(
            AgencyContact.agency_id == agency.id, AgencyContact.email == email
        )
    )
    if exists is not None:
        raise FieldError("email", f"{email} is already a contact of {agency.name}")
    contact = AgencyContact(agency_id=agency.id, email=email, language=language)
    session.add(contact)
    session.flush()
    return contact


def remove_agency_contact(session: Session, contact_id: int) -> bool:
    """Remove a contact address; whether there was one."""
    contact = session.get(AgencyContact, contact_id)
    if contact is None:
        return False
    session.delete(contact)
    return True


def subscribed_to_dashboard(session: Session, user: User) -> bool:
    """Whether the user receives the weekly dashboard summary."""
    return session.get(DashboardSubscription, user.id) is not None


def set_dashboard_subscription(session: Session, user: User, wanted: bool) -> None:
    """Subscribe the user to the weekly dashboard summary, or not."""
    current = session.get(DashboardSubscription, user.id)
    if wanted and current is None:
        session.add(DashboardSubscription(user_id=user.id))
    elif not wanted and current is not None:
        session.delete(current)
