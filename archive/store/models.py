"""SQLAlchemy models: the archive's source of truth."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass




class User(Base):
    """A person who signs in: reads (viewer), tracks follow-ups (editor), manages users (admin)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    password_hash: Mapped[str] = mapped_column(String(300))
    # sha256 of the personal API token; the token itself is shown once and never stored.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # Where notices go (archive.notifications), the language they are written in ("th" | "en")
    # and whether follow-up reminders are wanted (their unsubscribe link turns this off).
    email: Mapped[str | None] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(2), default="th", server_default="th")
    reminders: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Venue(Base):
    """A place as written in a document, with its resolved city and country."""

    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    raw: Mapped[str] = mapped_column(Text, unique=True)
    city: Mapped[str | None] = mapped_column(String(200), index=True)
    city_th: Mapped[str | None] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2), index=True)
    country_name_th: Mapped[str | None] = mapped_column(String(200))
    country_name_en: Mapped[str | None] = mapped_column(String(200))
    # Held by video or telephone: no physical place, whoever hosted it.
    online: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Record(Base):
    """One ingested document."""

    __tablename__ = "records"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    document_kind: Mapped[str] = mapped_column(String(40), index=True)
    organization: Mapped[str | None] = mapped_column(String(300), index=True)
    mission_group: Mapped[str | None] = mapped_column(String(300), index=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"), index=True)
    date_start: Mapped[date | None] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    published: Mapped[date | None] = mapped_column(Date)
    updated: Mapped[date | None] = mapped_column(Date)
    reporter_name: Mapped[str | None] = mapped_column(String(300))
    reporter_position: Mapped[str | None] = mapped_column(String(300))
    reporter_unit: Mapped[str | None] = mapped_column(String(300))
    reporter_phone: Mapped[str | None] = mapped_column(String(100))
    people: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_url: Mapped[str | None] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(Text, unique=True)
    source_format: Mapped[str] = mapped_column(String(20))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The parties to the meeting: foreign countries (ISO 3166-1 alpha-2; Thailand implied) and
    # international organisations (canonical names of archive.reference.international).
    # (NULL in rows stored before these facts were extracted: read as none.)
    party_countries: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    party_organizations: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    # Where each fact was read: character offsets into ``text`` ("venue", "date", and
    # "parties" by code or name), so that a reviewer sees the sentence.
    sources: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=dict)
    # Character offsets in ``text`` where each page of a paged original (PDF) starts; NULL or
    # empty when the original has no pages.
    page_starts: Mapped[list[int] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # Indexed: the follow-up dashboard asks for its maximum to know whether anything changed.
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now(), index=True
    )

    # Optimistic locking of people's corrections (``archive.curation``), as on follow-ups.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Withdrawn by an admin: hidden from search, feeds and exports; kept, and restorable.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    # Review (archive.curation.review): records stored since review began wait for an editor
    # (kept out of public search when the site sets REVIEW_BEFORE_PUBLISH); rows stored before
    # did not (the server default). The latest mark; every mark is in ``record_history``.
    awaiting_review: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=false(), index=True
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    # The smallest id of the records linked with this one as the same meeting (None: no such
    # link): derived from ``record_links`` by archive.curation.links; the index groups by it.
    meeting_group: Mapped[int | None] = mapped_column(Integer, index=True)
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012

    venue: Mapped[Venue | None] = relationship(lazy="joined")
    # What people set, kept apart from what the document says (the columns above).
    corrections: Mapped[list[RecordCorrection]] = relationship(
        cascade="all, delete-orphan", order_by="RecordCorrection.field", lazy="selectin"
    )
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="Meeting.position"
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="Finding.position"
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="FollowUp.position"
    )


class RecordCorrection(Base):
    """A person's value of one field of a record (a key of the record JSON), shown instead of
    the document's; ``source_value`` is what the document said when it was last looked at (a
    different value now: "the source now says ...")."""

    __tablename__ = "record_corrections"
    __table_args__ = (UniqueConstraint("record_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    source_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user_name: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)


class _Change:
    """What every history row holds: who (and their name then), when, which field, its old and
    new value, a note, and the version of the thing this change produced (changes saved
    together share it)."""

    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The name at the time of the change (None: the ingest of a re-parsed document).
    user_name: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)


class RecordChange(_Change, Base):
    """One change of a record's field by a person (or its withdrawal), values as JSON text.
    Append-only: the database refuses updates and deletes."""

    __tablename__ = "record_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)


class Meeting(Base):
    """One meeting reported in a record (a record may report several)."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"), index=True)
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)

    record: Mapped[Record] = relationship(back_populates="meetings")
    venue: Mapped[Venue | None] = relationship(lazy="joined")


class Finding(Base):
    """A numbered section of a record's summary."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(40))
    heading: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)

    record: Mapped[Record] = relationship(back_populates="findings")


class Agency(Base):
    """A responsible office, by its normalised Thai name."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)


class FollowUp(Base):
    """An action agreed at a meeting. The id is stable across re-ingest of the same document."""

    __tablename__ = "follow_ups"
    __table_args__ = (UniqueConstraint("record_id", "key"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # Where the document states it: character offsets into the record's text (None: by hand).
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    # Set when a re-ingested document no longer contains the item; the row and its history stay.
    removed_from_source: Mapped[bool] = mapped_column(default=False)
    progress: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Markdown, rendered sanitised
    notes: Mapped[str] = mapped_column(Text, default="")
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_follow_ups_assignee_id_users"), index=True
    )
    # Added by a person rather than found in the document: re-ingest never marks it removed.
    manual: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Optimistic locking: every tracked change increments it; a save naming an older one conflicts.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # Every UPDATE also names the version it read: a concurrent change made in another process
    # since then (PostgreSQL does not serialise writers) fails it instead of being overwritten.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012

    record: Mapped[Record] = relationship(back_populates="follow_ups")
    agency_links: Mapped[list[FollowUpAgency]] = relationship(
        cascade="all, delete-orphan", order_by="FollowUpAgency.position", lazy="selectin"
    )
    assignee: Mapped[User | None] = relationship(lazy="joined")
    history: Mapped[list[FollowUpChange]] = relationship(
        order_by="FollowUpChange.id", lazy="select", viewonly=True
    )
    links: Mapped[list[FollowUpLink]] = relationship(
        cascade="all, delete-orphan", order_by="FollowUpLink.created_at", lazy="selectin"
    )

    @property
    def agencies(self) -> list[Agency]:
        """Responsible agencies in the order the document names them."""
        return [link.agency for link in self.agency_links]


class FollowUpAgency(Base):
    """Link between a follow-up item and one of its responsible agencies."""

    __tablename__ = "follow_up_agencies"

    follow_up_id: Mapped[str] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), primary_key=True
    )
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    agency: Mapped[Agency] = relationship(lazy="joined")


class FollowUpChange(_Change, Base):
    """One change of a follow-up item. Append-only: the database refuses updates and deletes."""

    __tablename__ = "follow_up_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[str] = mapped_column(ForeignKey("follow_ups.id"), index=True)


class FollowUpLink(Base):
    """A later record that reports on this follow-up item (the same action across meetings)."""

    __tablename__ = "follow_up_links"

    follow_up_id: Mapped[str] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), primary_key=True
    )
    record_id: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    record: Mapped[Record] = relationship(lazy="joined")


class IndexChange(Base):
    """One entry of the change log that the search indexes follow: this record changed.

    Written in the transaction of the change itself (ingest, follow-up edits, corrections), so
    a crash never loses one; ``seq`` only grows, and each index keeps the last ``seq`` it has
    applied (``archive.store.changelog``).
    """

    __tablename__ = "index_changes"

    # AUTOINCREMENT on SQLite: a sequence number is never reused, even after the newest rows
    # are pruned, so that an index's position keeps its meaning.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(Integer, index=True)
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    __table_args__ = ({"sqlite_autoincrement": True},)


class SavedSearch(Base):
    """A user's named search (the query string of a /search URL) and its e-mail digest."""

    __tablename__ = "saved_searches"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    params: Mapped[str] = mapped_column(Text, default="")
    # How often its digest comes: immediate | daily | weekly | none.
    frequency: Mapped[str] = mapped_column(String(20), default="none")
    # The highest record id the last digest covered: the next one lists matches above it.
    seen_record_id: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    user: Mapped[User] = relationship(lazy="joined")


class AgencyContact(Base):
    """An address that receives the weekly digest of an agency's open and overdue follow-ups."""

    __tablename__ = "agency_contacts"
    __table_args__ = (UniqueConstraint("agency_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(2), default="th", server_default="th")

    agency: Mapped[Agency] = relationship(lazy="joined")


class DashboardSubscription(Base):
    """A user who receives the weekly dashboard summary by e-mail."""

    __tablename__ = "dashboard_subscriptions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    user: Mapped[User] = relationship(lazy="joined")


class Notice(Base):
    """One e-mail, composed once and kept until sent: ``key`` names what it is about (a digest
    period, a due date), so that nothing is sent twice; a failed send stays to be retried."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    unsubscribe_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class Lock(Base):
    """A named lock held by one process (SQLite; PostgreSQL uses an advisory lock)."""

    __tablename__ = "locks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(DateTime)


class OriginalFile(Base):
    """The bytes of an ingested or uploaded file, stored once per distinct content."""

    __tablename__ = "original_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class RecordOriginal(Base):
    """A record was read from this original, under this file name (the newest one is shown)."""

    __tablename__ = "record_originals"
    __table_args__ = (UniqueConstraint("record_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(ForeignKey("original_files.sha256"), index=True)
    filename: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class UploadJob(Base):
    """One uploaded file on its way to a record: queued, running, done or failed."""

    __tablename__ = "upload_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(Text)
    # The uploaded bytes (an ``original_files`` row, kept while the job needs them).
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    # What the worker is doing: "queued", "reading", "parsing", "parsed", "duplicate", "failed";
    # pages read so far and of how many (a paged document).
    stage: Mapped[str] = mapped_column(String(20), default="queued")
    pages_done: Mapped[int | None] = mapped_column(Integer)
    pages_total: Mapped[int | None] = mapped_column(Integer)
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("records.id", ondelete="SET NULL"), index=True
    )
    # The record that already holds the same file or the same text (nothing stored twice).
    duplicate_of: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    user_name: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Which worker runs it ("host:pid") and when it last said so: a job whose worker died is
    # queued again (``archive.jobs.sweep``).
    worker: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class RecordLink(Base):
    """Two records an editor linked: the same meeting reported twice ("same_meeting"), or two
    meetings of one series ("series"). ``record_id`` is the smaller id."""

    __tablename__ = "record_links"
    __table_args__ = (UniqueConstraint("record_id", "other_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user_name: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime)


class RateLimit(Base):
    """A fixed-window counter of Flask-Limiter (the sign-in limits) kept in the database, so
    that every process of one archive counts together (``archive.store.ratelimits``)."""

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch
