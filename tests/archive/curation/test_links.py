"""Links between records: suggestions on real-looking Thai reports (one meeting reported in two
styles, a series 6th/7th), linking and unlinking with history and change-log entries, groups
of one meeting, series order (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.accounts import add_user
from archive.config import database_url
from archive.curation import links, suggestions
from archive.curation.links import LinkError
from archive.curation.sessions import series_name, session_number
from archive.store import changelog
from archive.store.db import Database
from archive.store.models import Record, RecordChange, User
from tests.archive.curation.meetings import BMA_6, BMA_7, NEWS_7, SEOUL, store_meetings


@dataclass
class Meetings:
    db: Database
    ids: dict[str, int]  # title -> record id
    editor: User


@pytest.fixture
def meetings(home: Path, tmp_path: Path) -> Iterator[Meetings]:
    """The five reports ingested (the real parser) into a fresh database, and an editor."""
    db = Database(database_url(home))
    ids = store_meetings(db, tmp_path / "docs")
    with db.session() as session:
        editor = add_user(session, "somsri", "a-long-password", "editor")
    yield Meetings(db, ids, editor)
    db.dispose()


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("การประชุมคณะกรรมการร่วมไทย–มาเลเซีย ครั้งที่ 7", 7),
        ("การประชุมคณะกรรมการร่วมไทย–มาเลเซีย ครั้งที่ ๗ ประจำปี ๒๕๖๘", 7),
        ("The 6th Mekong–Ganga Cooperation Ministerial Meeting (MGCMM)", 6),
        ("Seventh Joint Commission Meeting", 7),
        ("Joint Commission Meeting No. 12", 12),
        ("การประชุมหารือครั้งแรกระหว่างกรุงเทพมหานครและกรุงโซล", 1),
        ("การประชุมความร่วมมือด้านการจัดการน้ำ พ.ศ. 2567", None),
    ],
)
def test_session_numbers_as_titles_write_them(title: str, number: int | None) -> None:
    assert session_number(title) == number


def test_series_names_drop_numbers_and_years() -> None:
    assert series_name("การประชุมคณะกรรมการร่วมไทย–ลาว ครั้งที่ ๗ ประจำปี ๒๕๖๘") == series_name(
        "การประชุมคณะกรรมการร่วมไทย–ลาว ครั้งที่ 6 ประจำปี 2567"
    )


def test_the_two_reports_of_one_meeting_are_suggested(meetings: Meetings) -> None:
    ids = meetings.ids
    with meetings.db.session() as session:
        bma = session.get(Record, ids[BMA_7])
        found = suggestions.same_meeting(session, bma)
        assert [s.id for s in found] == [ids[NEWS_7]]  # not the Seoul meeting of the same days
        best = found[0]
        assert best.score >= suggestions.SAME_MEETING_THRESHOLD
        codes = {r.code: r.value for r in best.reasons}
        assert codes["same_city"] == "Tokyo"
        assert "JP" in codes["same_partners"]
        assert codes["same_number"] == "7"
        assert "overlapping_dates" in codes  # 4–5 November and 4 November
        assert best.reasons[0].text("th") == "วันที่ประชุมซ้อนกัน"
        # The other way round too; the 6th meeting (a year before) never.
        news = session.get(Record, ids[NEWS_7])
        assert [s.id for s in suggestions.same_meeting(session, news)] == [ids[BMA_7]]
        assert suggestions.same_meeting(session, session.get(Record, ids[BMA_6])) == []
        seoul = session.get(Record, ids[SEOUL])
        assert suggestions.same_meeting(session, seoul) == []


def test_the_previous_meeting_of_the_series_is_suggested(meetings: Meetings) -> None:
    ids = meetings.ids
    with meetings.db.session() as session:
        for title, other in ((BMA_7, BMA_6), (BMA_6, BMA_7)):  # "ครั้งที่ 7" and "ครั้งที่ ๖"
            found = suggestions.series(session, session.get(Record, ids[title]))
            assert [s.id for s in found] == [ids[other]], title
            assert {r.code for r in found[0].reasons} >= {"series_name", "numbers", "consecutive"}
            assert found[0].score == 1.0
        assert suggestions.series(session, session.get(Record, ids[SEOUL])) == []


def test_linking_one_meeting_groups_logs_and_keeps_history(meetings: Meetings) -> None:
    ids, db = meetings.ids, meetings.db
    bma, news, seoul = ids[BMA_7], ids[NEWS_7], ids[SEOUL]
    with db.session() as session:
        before = changelog.last_seq(session)
        assert links.link(session, news, bma, "same_meeting", meetings.editor) is True
    with db.session() as session:
        logged = {r for _, r in changelog.changes_after(session, before)}
        assert logged == {bma, news}
        groups = {r.id: r.meeting_group for r in session.scalars(select(Record))}
        assert groups[bma] == groups[news] == min(bma, news)
        assert groups[seoul] is None
        history = session.scalars(
            select(RecordChange).where(RecordChange.field == "same_meeting")
        ).all()
        assert {(h.record_id, h.new_value, h.user_name) for h in history} == {
            (bma, str(news), "somsri"),
            (news, str(bma), "somsri"),
        }
        # Linking again changes nothing; both pages list each other.
        assert links.link(session, bma, news, "same_meeting", meetings.editor) is False
        assert [r.id for r in links.links_of(session, bma).same_meeting] == [news]
        mine = links.links_of(session, news).same_meeting
        assert [(r.id, r.user) for r in mine] == [(bma, "somsri")]
        suggested = suggestions.same_meeting(session, session.get(Record, bma))
        assert suggested == []  # linked already

    # A third report joins the group through one link; unlinking takes one out again.
    with db.session() as session:
        links.link(session, seoul, news, "same_meeting", meetings.editor)
    with db.session() as session:
        assert {r.id for r in links.links_of(session, bma).same_meeting} == {news, seoul}
        assert session.get(Record, seoul).meeting_group == min(bma, news, seoul)
        before = changelog.last_seq(session)
        links.unlink(session, news, bma, "same_meeting", meetings.editor)
    with db.session() as session:
        groups = {r.id: r.meeting_group for r in session.scalars(select(Record))}
        assert groups[bma] is None
        assert groups[news] == groups[seoul] == min(news, seoul)
        assert {r for _, r in changelog.changes_after(session, before)} >= {bma, news, seoul}
        removed = session.scalars(
            select(RecordChange).where(RecordChange.old_value == str(bma))
        ).all()
        assert [(h.record_id, h.field, h.new_value) for h in removed] == [
            (news, "same_meeting", None)
        ]
        with pytest.raises(LinkError) as missing:
            links.unlink(session, news, bma, "same_meeting", meetings.editor)
        assert missing.value.missing


def test_a_series_reads_previous_and_next(meetings: Meetings) -> None:
    ids, db = meetings.ids, meetings.db
    with db.session() as session:
        links.link(session, ids[BMA_7], ids[BMA_6], "series", meetings.editor)
    with db.session() as session:
        seventh = links.links_of(session, ids[BMA_7])
        sixth = links.links_of(session, ids[BMA_6])
        assert [m.number for m in seventh.series] == [6, 7]
        assert seventh.previous is not None and seventh.previous.id == ids[BMA_6]
        assert seventh.next is None
        assert sixth.next is not None and sixth.next.id == ids[BMA_7] and sixth.previous is None
        assert session.get(Record, ids[BMA_7]).meeting_group is None  # a series is not a group
        assert seventh.as_json()["previous"]["number"] == 6


def test_links_refused(meetings: Meetings) -> None:
    seventh, sixth = meetings.ids[BMA_7], meetings.ids[BMA_6]
    with meetings.db.session() as session:
        for a, b, kind, code in (
            (seventh, seventh, "same_meeting", "link.same_record"),
            (seventh, sixth, "sequel", "link.kind"),
            (seventh, 99_999, "series", "record.not_found"),
        ):
            with pytest.raises(LinkError) as refused:
                links.link(session, a, b, kind, meetings.editor)
            assert refused.value.code == code
            assert refused.value.missing == (code == "record.not_found")
        assert session.scalars(select(RecordChange)).all() == []


def test_alike_titles_of_one_day_with_other_numbers_are_not_one_meeting() -> None:
    from datetime import date

    from archive.curation.suggestions import _Facts, same_meeting_score

    def facts(id_: int, title: str, partners: frozenset[str] = frozenset()) -> _Facts:
        day = date(2021, 3, 4)
        return _Facts(id_, title, day, day, "Bangkok", "TH", False, partners, None)

    fifth = facts(1, "ผู้ตรวจดีอีเอส ติดตามการดำเนินงานตามภารกิจกระทรวงฯ เขตตรวจราชการที่ 5 จ.พัทลุง")
    seventh = facts(2, "ผู้ตรวจดีอีเอส ติดตามการดำเนินงานตามภารกิจกระทรวงฯ เขตตรวจราชการที่ 7 จ.นราธิวาส")
    assert same_meeting_score(fifth, seventh) == (0.0, [])
    # The same day and city alone tie nothing; shared partners do.
    other = facts(3, "ครม. เห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านแรงงาน")
    assert same_meeting_score(fifth, other) == (0.0, [])
    israel_th = facts(4, "นายกฯ พร้อมกระชับความร่วมมือไทย-อิสราเอล ในทุกมิติ", frozenset({"IL"}))
    israel_en = facts(5, "Thailand and Israel to promote Thai labours' rights", frozenset({"IL"}))
    score, reasons = same_meeting_score(israel_th, israel_en)
    assert score >= 0.5 and [r.code for r in reasons][:3] == [
        "same_dates", "same_city", "same_partners"
    ]
