"""SQLAlchemy models: the archive's source of truth."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


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
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    venue: Mapped[Venue | None] = relationship(lazy="joined")
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="Meeting.position"
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="Finding.position"
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="FollowUp.position"
    )


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
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    # Set when a re-ingested document no longer contains the item; the row and its history stay.
    removed_from_source: Mapped[bool] = mapped_column(default=False)

    record: Mapped[Record] = relationship(back_populates="follow_ups")
    agency_links: Mapped[list[FollowUpAgency]] = relationship(
        cascade="all, delete-orphan", order_by="FollowUpAgency.position", lazy="selectin"
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
