"""Follow-up tracking: changes with history, optimistic locking, items by hand, links, the
dashboard and its "as of" view, and what re-ingest keeps."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import text

from archive.accounts import add_user
from archive.store.db import Database
from archive.store.models import FollowUp
from archive.store.recorddata import FollowUpData, RecordData
from archive.store.save import save_record
from archive.tracking import dashboard as board
from archive.tracking import edits as tracking
from archive.tracking import fields as values
from archive.tracking.dashboard import Filters
from archive.tracking.edits import Conflict, NotFound, TrackingError
from indexer.extract.actions import item_key
from indexer.extract.parsing import content_hash

TODAY = date(2020, 6, 1)
ROADS = "ให้สำนักการโยธาศึกษาแนวทางการจัดการน้ำท่วมร่วมกับเมืองโยโกฮามา ภายในเดือนมีนาคม 2563"
DRAINS = "ให้สำนักการระบายน้ำจัดทำแผนความร่วมมือด้านระบบระบายน้ำกับกรุงโตเกียว"
VISIT = "ให้กองการต่างประเทศประสานการเยือนกรุงเวียงจันทน์ สาธารณรัฐประชาธิปไตยประชาชนลาว"


def item(text_: str, *agencies: str, due: date | None = None) -> FollowUpData:
    return FollowUpData(text=text_, key=item_key(text_), agencies=list(agencies), due_date=due)


def ingest(db: Database, body: str, items: list[FollowUpData], **fields: object) -> int:
    """Save a record for /docs/a.txt (a changed ``body`` re-ingests it)."""
    with db.session() as session:
        return save_record(
            session,
            RecordData(
                title=str(fields.pop("title", "การประชุมความร่วมมือกรุงเทพมหานคร-โตเกียว")),
                text=body,
                source_path=str(fields.pop("path", "/docs/a.txt")),
                content_hash=content_hash(body),
                follow_ups=items,
                **fields,  # type: ignore[arg-type]
            ),
        ).record_id


def users(db: Database) -> None:
    with db.session() as session:
        add_user(session, "somchai", "password-1", "editor")
        add_user(session, "malee", "password-2", "editor")


def ids(db: Database) -> list[str]:
    with db.session() as session:
        return [s.id for s in board.item_states(session, today=TODAY)]


def change(db: Database, item_id: str, changes: dict, *, by: str = "somchai", **kw):  # type: ignore[no-untyped-def,type-arg]
    with db.session() as session:
        from archive.accounts import get_user

        rows = tracking.update_follow_up(
            session, item_id, changes, user=get_user(session, by), **kw
        )
        return [(r.field, r.old_value, r.new_value, r.user_name, r.note, r.version) for r in rows]


def history(db: Database, item_id: str) -> list[tuple]:  # type: ignore[type-arg]
    with db.session() as session:
        return [
            (c.field, c.old_value, c.new_value, c.user_name, c.version)
            for c in tracking.history(session, item_id)
        ]


@pytest.fixture
def tracked(db: Database) -> Database:
    users(db)
    ingest(
        db,
        "ฉบับแรก",
        [item(ROADS, "สำนักการโยธา", due=date(2020, 3, 31)), item(DRAINS, "สำนักการระบายน้ำ")],
        date_start=date(2019, 11, 4),
        organization="กรุงเทพมหานคร",
        mission_group="กลุ่มภารกิจด้านการต่างประเทศ",
    )
    return db


# ----------------------------------------------------------------------------- changes


def test_each_changed_field_is_one_history_entry_with_user_note_and_version(
    tracked: Database,
) -> None:
    roads = ids(tracked)[0]
    rows = change(
        tracked,
        roads,
        {"status": "in_progress", "progress": "๕๐", "agencies": ["สำนักการโยธา", "สำนักผังเมือง"]},
        version=1,
        note="เริ่มสำรวจพื้นที่แล้ว",
    )
    assert rows == [
        ("status", "open", "in_progress", "somchai", "เริ่มสำรวจพื้นที่แล้ว", 2),
        ("progress", "0", "50", "somchai", "เริ่มสำรวจพื้นที่แล้ว", 2),
        (
            "agencies",
            '["สำนักการโยธา"]',
            '["สำนักการโยธา", "สำนักผังเมือง"]',
            "somchai",
            "เริ่มสำรวจพื้นที่แล้ว",
            2,
        ),
    ]
    with tracked.session() as session:
        stored = session.get(FollowUp, roads)
        assert (stored.status, stored.progress, stored.version) == ("in_progress", 50, 2)
        assert [a.name for a in stored.agencies] == ["สำนักการโยธา", "สำนักผังเมือง"]


def test_unchanged_values_write_nothing_and_a_note_alone_is_a_note_entry(
    tracked: Database,
) -> None:
    roads = ids(tracked)[0]
    assert change(tracked, roads, {"status": "open", "due_date": "2020-03-31"}, version=1) == []
    rows = change(tracked, roads, {"status": "open"}, version=1, note="โทรติดตามแล้ว")
    assert rows == [("note", None, None, "somchai", "โทรติดตามแล้ว", 2)]


def test_due_dates_in_buddhist_era_and_thai_digits(tracked: Database) -> None:
    roads = ids(tracked)[0]
    change(tracked, roads, {"due_date": "๓๐/๙/๒๕๖๓"}, version=1)
    assert history(tracked, roads)[-1][:3] == ("due_date", "2020-03-31", "2020-09-30")
    assert values.parse_date("2020-02-29") == date(2020, 2, 29)
    assert values.parse_date("") is None
    for bad in ("31/02/2563", "tomorrow", "2020-13-01"):
        with pytest.raises(TrackingError, match="due_date"):
            values.parse_date(bad)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "finished"}, "status"),
        ({"progress": "150"}, "progress"),
        ({"progress": "ครึ่งหนึ่ง"}, "progress"),
        ({"progress": "33.5"}, "progress"),
        ({"assignee": "nobody"}, "assignee"),
        ({"title": "x"}, "title"),
        ({"notes": "ก" * 20001}, "notes"),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_change_nothing(
    tracked: Database,
    changes: dict,
    field: str,  # type: ignore[type-arg]
) -> None:
    roads = ids(tracked)[0]
    with pytest.raises(TrackingError, match=field):
        change(tracked, roads, changes, version=1)
    assert history(tracked, roads) == []


def test_a_save_from_an_older_version_conflicts_and_shows_the_other_change(
    tracked: Database,
) -> None:
    roads = ids(tracked)[0]
    change(tracked, roads, {"status": "done"}, by="malee", version=1, note="เสร็จแล้ว")
    with pytest.raises(Conflict) as caught:
        change(tracked, roads, {"status": "cancelled"}, version=1)
    error = caught.value
    assert (error.expected, error.current) == (1, 2)
    assert [(c["field"], c["new_value"], c["user"], c["note"]) for c in error.changes] == [
        ("status", "done", "malee", "เสร็จแล้ว")
    ]
    assert "version 2" in str(error)
    # Nothing of the second save was written; it goes through from the current version.
    assert history(tracked, roads) == [("status", "open", "done", "malee", 2)]
    change(tracked, roads, {"status": "cancelled"}, version=2)
    assert history(tracked, roads)[-1] == ("status", "done", "cancelled", "somchai", 3)


def test_history_is_append_only_in_the_database(tracked: Database) -> None:
    roads = ids(tracked)[0]
    change(tracked, roads, {"status": "done"}, version=1)
    for statement in (
        "UPDATE follow_up_history SET new_value = 'open'",
        "DELETE FROM follow_up_history",
    ):
        with pytest.raises(Exception, match="append-only"), tracked.session() as session:
            session.execute(text(statement))
    assert history(tracked, roads) == [("status", "open", "done", "somchai", 2)]


@pytest.mark.postgresql_only
def test_two_editors_in_two_processes_one_conflicts(tracked: Database) -> None:
    """PostgreSQL does not serialise writers: the second editor waits for the first's commit,
    then conflicts instead of overwriting it."""
    roads = ids(tracked)[0]
    first = tracked.sessions()
    tracking.update_follow_up(first, roads, {"status": "done"}, user=None, version=1)
    first.flush()
    outcome: list[BaseException] = []

    def second() -> None:
        try:
            change(tracked, roads, {"status": "cancelled"}, version=1)
        except Exception as error:
            outcome.append(error)

    editor = threading.Thread(target=second)
    editor.start()
    editor.join(0.5)
    assert editor.is_alive()  # waiting for the first editor's row
    first.commit()
    first.close()
    editor.join(10)
    assert [type(error) for error in outcome] == [Conflict]
    assert history(tracked, roads) == [("status", "open", "done", None, 2)]


def test_assignee_is_a_user(tracked: Database) -> None:
    roads = ids(tracked)[0]
    change(tracked, roads, {"assignee": "malee"}, version=1)
    with tracked.session() as session:
        state = board.item_states(session, today=TODAY)[0]
    assert state.assignee == "malee"
    change(tracked, roads, {"assignee": ""}, version=2)
    assert history(tracked, roads)[-1][:3] == ("assignee", "malee", None)


# ----------------------------------------------------------------------------- by hand, links


def test_items_added_by_hand_have_a_created_entry_and_survive_re_ingest(
    tracked: Database,
) -> None:
    with tracked.session() as session:
        from archive.accounts import get_user

        added = tracking.add_follow_up(
            session,
            1,
            "ให้สำนักงานเขตบางรักรายงานผลการจัดการขยะต่อที่ประชุมครั้งหน้า",
            user=get_user(session, "somchai"),
            agency_names=["สำนักงานเขตบางรัก"],
            due_date="2020-12-31",
        )
        added_id = added.id
    assert history(tracked, added_id)[0][0] == "created"
    # The document changes and no longer has DRAINS; the hand-made item is not "removed".
    ingest(tracked, "ฉบับแก้ไข", [item(ROADS, "สำนักการโยธา")])
    with tracked.session() as session:
        states = {s.id: s for s in board.item_states(session, today=TODAY)}
        assert states[added_id].removed_from_source is False
        assert states[added_id].manual is True
        assert states[added_id].agencies == ["สำนักงานเขตบางรัก"]
    with pytest.raises(NotFound), tracked.session() as session:
        tracking.add_follow_up(session, 99, "ข้อความ", user=None)
    with pytest.raises(TrackingError, match="text"), tracked.session() as session:
        tracking.add_follow_up(session, 1, "   ", user=None)


def test_an_item_is_linked_to_a_later_record_both_ways(tracked: Database) -> None:
    later = ingest(tracked, "การประชุมครั้งที่สอง", [], path="/docs/b.txt", title="ครั้งที่สอง")
    roads = ids(tracked)[0]
    with tracked.session() as session:
        assert tracking.link_follow_up(session, roads, later, user=None) is True
        assert tracking.link_follow_up(session, roads, later, user=None) is False
    with tracked.session() as session:
        assert [i.id for i in tracking.linked_items(session, later)] == [roads]
        assert [link.record_id for link in tracking.get_follow_up(session, roads).links] == [later]
    with pytest.raises(TrackingError), tracked.session() as session:
        tracking.link_follow_up(session, roads, 1, user=None)
    with tracked.session() as session:
        assert tracking.link_follow_up(session, roads, later, user=None, unlink=True) is True
    assert [h[:3] for h in history(tracked, roads)] == [
        ("link", None, str(later)),
        ("link", str(later), None),
    ]


# ----------------------------------------------------------------------------- dashboard


def test_overdue_is_against_the_given_day_and_closed_items_are_never_overdue(
    tracked: Database,
) -> None:
    roads, _drains = ids(tracked)
    with tracked.session() as session:
        before = board.item_states(session, today=date(2020, 3, 31))
        after = board.item_states(session, today=date(2020, 4, 1))
    assert [s.overdue for s in before] == [False, False]
    assert [s.overdue for s in after] == [True, False]  # DRAINS has no due date
    change(tracked, roads, {"status": "done"}, version=1)
    with tracked.session() as session:
        assert not board.item_states(session, today=date(2020, 4, 1))[0].overdue


def test_dashboard_counts_and_breakdowns(tracked: Database) -> None:
    _roads, drains = ids(tracked)
    change(tracked, drains, {"status": "done"}, version=1)
    with tracked.session() as session:
        states = board.item_states(session, today=TODAY)
    counts = board.dashboard(states, Filters())
    assert counts["total"] == 2
    assert counts["status"] == {"open": 1, "in_progress": 0, "done": 1, "cancelled": 0}
    assert counts["overdue"] == 1
    # [value, total, open, overdue], the most overdue first
    assert counts["agency"] == [["สำนักการโยธา", 1, 1, 1], ["สำนักการระบายน้ำ", 1, 0, 0]]
    assert counts["year"] == [[2019, 2, 1, 1]]
    assert counts["mission_group"] == [["กลุ่มภารกิจด้านการต่างประเทศ", 2, 1, 1]]
    only_drains = board.dashboard(states, Filters(agency=["สำนักการระบายน้ำ"]))
    assert (only_drains["total"], only_drains["overdue"]) == (1, 0)


def test_list_filters_and_sorts(tracked: Database) -> None:
    roads, drains = ids(tracked)
    change(tracked, drains, {"progress": 80, "assignee": "malee"}, version=1)
    with tracked.session() as session:
        states = board.item_states(session, today=TODAY)

    def listed(filters: Filters = Filters(), **kw) -> list[str]:  # noqa: B008
        return [s.id for s in board.select_items(states, filters, **kw)]

    assert listed() == [roads, drains]  # overdue first
    assert listed(sort="progress", descending=True) == [drains, roads]
    assert listed(Filters(assignee=["malee"])) == [drains]
    assert listed(Filters(overdue=True)) == [roads]
    assert listed(Filters(year=[2019], status=["open"])) == [roads, drains]
    assert listed(Filters(year=[2020])) == []
    assert listed(Filters(q="โตเกียว")) == [drains]


def test_as_of_rebuilds_the_dashboard_from_history(tracked: Database) -> None:
    roads, drains = ids(tracked)
    with tracked.session() as session:
        session.execute(text("UPDATE follow_ups SET created_at = '2020-01-01 09:00:00'"))
    change(
        tracked,
        roads,
        {"status": "in_progress", "progress": 30},
        version=1,
        now=datetime(2020, 2, 1, 10),
    )
    change(
        tracked, roads, {"status": "done", "progress": 100}, version=2, now=datetime(2020, 3, 1, 10)
    )
    change(tracked, drains, {"agencies": ["สำนักการโยธา"]}, version=1, now=datetime(2020, 3, 5, 10))
    with tracked.session() as session:

        def at(day: date) -> dict[str, tuple]:  # type: ignore[type-arg]
            return {
                s.id: (s.status, s.progress, s.agencies, s.version)
                for s in board.item_states(session, today=TODAY, as_of=day)
            }

        assert at(date(2019, 12, 31)) == {}  # before the items existed
        assert at(date(2020, 1, 15)) == {
            roads: ("open", 0, ["สำนักการโยธา"], 1),
            drains: ("open", 0, ["สำนักการระบายน้ำ"], 1),
        }
        assert at(date(2020, 2, 1))[roads] == ("in_progress", 30, ["สำนักการโยธา"], 2)
        assert at(date(2020, 3, 1))[roads] == ("done", 100, ["สำนักการโยธา"], 3)
        assert at(date(2020, 3, 4))[drains][2] == ["สำนักการระบายน้ำ"]
        assert at(TODAY)[drains][2] == ["สำนักการโยธา"]
        # Overdue as of a day is judged on that day.
        assert [
            s.overdue for s in board.item_states(session, today=TODAY, as_of=date(2020, 2, 1))
        ] == [False, False]


# ----------------------------------------------------------------------------- re-ingest


def test_re_ingest_keeps_tracked_state_of_reworded_items_and_records_the_change(
    tracked: Database,
) -> None:
    roads, drains = ids(tracked)
    change(tracked, roads, {"status": "in_progress", "notes": "**ติดตามทุกเดือน**"}, version=1)
    change(tracked, drains, {"agencies": ["สำนักการระบายน้ำ", "สำนักการโยธา"]}, version=1)
    reworded = ROADS.replace("ภายในเดือนมีนาคม 2563", "ภายในเดือนเมษายน 2563")
    ingest(
        tracked,
        "ฉบับแก้ไข",
        [
            item(VISIT, "กองการต่างประเทศ"),
            item(DRAINS, "สำนักการระบายน้ำ"),
            item(reworded, "สำนักการโยธา"),
        ],
    )
    with tracked.session() as session:
        states = {s.id: s for s in board.item_states(session, today=TODAY)}
    assert len(states) == 3
    kept = states[roads]
    assert (kept.text, kept.status, kept.notes) == (reworded, "in_progress", "**ติดตามทุกเดือน**")
    # Agencies edited by a person are not overwritten by the document.
    assert states[drains].agencies == ["สำนักการระบายน้ำ", "สำนักการโยธา"]
    new = next(s for s in states.values() if s.text == VISIT)
    assert (new.status, new.version) == ("open", 1)
    assert history(tracked, roads)[-1][:4] == ("text", ROADS, reworded, None)
    assert kept.version == 3


def test_re_ingest_writes_what_the_document_changed_and_keeps_what_people_set(
    tracked: Database,
) -> None:
    roads, drains = ids(tracked)
    change(tracked, drains, {"due_date": "2020-05-31", "agencies": ["สำนักการโยธา"]}, version=1)
    ingest(
        tracked,
        "ฉบับแก้ไขกำหนด",
        [
            item(ROADS, "สำนักการโยธา", "กองการต่างประเทศ", due=date(2020, 4, 30)),
            item(DRAINS, "สำนักการระบายน้ำ", due=date(2020, 12, 31)),
        ],
    )
    with tracked.session() as session:
        states = {s.id: s for s in board.item_states(session, today=TODAY)}
    # the document moved the deadline and added an office: applied, and in the history
    assert states[roads].due_date == date(2020, 4, 30)
    assert states[roads].agencies == ["สำนักการโยธา", "กองการต่างประเทศ"]
    assert history(tracked, roads) == [
        ("due_date", "2020-03-31", "2020-04-30", None, 2),
        ("agencies", '["สำนักการโยธา"]', '["สำนักการโยธา", "กองการต่างประเทศ"]', None, 2),
    ]
    # what a person set stays: the document no longer decides those fields
    assert states[drains].due_date == date(2020, 5, 31)
    assert states[drains].agencies == ["สำนักการโยธา"]
    assert [row[3] for row in history(tracked, drains)] == ["somchai", "somchai"]


def test_re_ingest_marks_vanished_items_removed_and_brings_them_back(tracked: Database) -> None:
    roads, drains = ids(tracked)
    change(tracked, drains, {"status": "in_progress"}, version=1)
    ingest(tracked, "ฉบับที่สอง", [item(ROADS, "สำนักการโยธา")])
    with tracked.session() as session:
        states = {s.id: s for s in board.item_states(session, today=TODAY)}
    assert states[drains].removed_from_source is True
    assert states[drains].status == "in_progress"
    assert board.select_items(list(states.values()), Filters()) == [states[roads]]
    assert history(tracked, drains)[-1][:3] == ("removed_from_source", "False", "True")
    ingest(tracked, "ฉบับที่สาม", [item(ROADS, "สำนักการโยธา"), item(DRAINS, "สำนักการระบายน้ำ")])
    with tracked.session() as session:
        states = {s.id: s for s in board.item_states(session, today=TODAY)}
    assert states[drains].removed_from_source is False
    assert states[drains].status == "in_progress"


def test_dissimilar_items_are_not_matched(tracked: Database) -> None:
    roads, drains = ids(tracked)
    ingest(tracked, "ฉบับใหม่", [item(VISIT, "กองการต่างประเทศ")])
    with tracked.session() as session:
        states = {s.id: s for s in board.item_states(session, today=TODAY)}
    assert states[roads].removed_from_source and states[drains].removed_from_source
    assert [s.text for s in states.values() if not s.removed_from_source] == [VISIT]


def test_listed_state_follows_every_kind_of_change(tracked: Database) -> None:
    """item_states reuses its rows until the data changes; each kind of change shows at once."""

    def listed() -> list[tuple]:  # type: ignore[type-arg]
        with tracked.session() as session:
            return [
                (s.text, s.agencies, s.status) for s in board.item_states(session, today=TODAY)
            ]

    assert listed()[0] == (ROADS, ["สำนักการโยธา"], "open")
    # The document names another office for the same text: links replaced, in the history.
    ingest(tracked, "ฉบับที่สอง", [item(ROADS, "สำนักผังเมือง"), item(DRAINS, "สำนักการระบายน้ำ")])
    assert listed()[0] == (ROADS, ["สำนักผังเมือง"], "open")
    change(tracked, ids(tracked)[0], {"status": "done"}, version=2)
    assert listed()[0] == (ROADS, ["สำนักผังเมือง"], "done")
    ingest(tracked, "อีกฉบับ", [item(VISIT)], path="/docs/c.txt", title="การเยือนลาว")
    assert [row[0] for row in listed()] == [ROADS, DRAINS, VISIT]
