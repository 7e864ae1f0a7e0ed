"""The review queue: which records wait and why (checks as data, SQL and Python agreeing),
filters by check and organisation, counts, pages, doubtful facts beside their sentences,
confirming a fact and marking a record reviewed (kept in the history), a changed source under
a correction (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.accounts import add_user
from archive.config import database_url
from archive.curation import review
from archive.curation.links import LinkError
from archive.store import changelog
from archive.store.db import Database
from archive.store.models import Record, RecordChange, User
from tests.archive.curation.meetings import (
    BMA_7,
    LOOSE,
    MONG_YAWNG,
    NEWS_7,
    SEOUL,
    store_meetings,
)


@dataclass
class Queue:
    db: Database
    ids: dict[str, int]
    editor: User


@pytest.fixture
def queue_db(home: Path, tmp_path: Path) -> Iterator[Queue]:
    db = Database(database_url(home))
    ids = store_meetings(db, tmp_path / "docs")
    with db.session() as session:
        editor = add_user(session, "malee", "a-long-password", "editor")
    yield Queue(db, ids, editor)
    db.dispose()


def test_the_queue_holds_the_doubtful_records_newest_first(queue_db: Queue) -> None:
    ids = queue_db.ids
    with queue_db.db.session() as session:
        page = review.queue(session, hold=False)
        assert [item.id for item in page.items] == [ids[MONG_YAWNG], ids[LOOSE]]  # with doubts
        names = [c.name for c in page.items[1].checks]
        assert names == ["no_date", "no_venue", "no_organization", "layout_unknown", "warning"]
        assert [c.name for c in page.items[0].checks] == ["venue_unmatched", "warning"]
        counts = {c.name: n for c, n in page.by_check}
        assert counts == {**dict.fromkeys(names, 1), "warning": 2, "venue_unmatched": 1}
        assert [i.id for i in review.queue(session, hold=False, check="no_date").items] == [
            ids[LOOSE]
        ]
        assert review.queue(session, hold=False, check="date_from_text").total == 0

        # On a site that reviews before publishing, every new record waits: newest first.
        held = review.queue(session, hold=True)
        assert held.total == 6
        assert [item.id for item in held.items] == sorted(ids.values(), reverse=True)
        assert review.waiting_count(session, hold=True) == 6
        assert review.waiting_count(session, hold=False) == 2
        # By organisation (the BMA forms), and in pages of two.
        bma = review.queue(session, hold=True, organization="กรุงเทพมหานคร", per_page=2)
        assert bma.total == 4 and bma.pages == 2 and len(bma.items) == 2
        second = review.queue(session, hold=True, organization="กรุงเทพมหานคร", per_page=2,
                              page=2)  # fmt: skip
        assert len(second.items) == 2
        shown = [i.id for i in bma.items + second.items]
        assert sorted(shown, reverse=True) == shown and ids[LOOSE] not in shown
        assert ("กรุงเทพมหานคร", 4) in held.by_organization


def test_doubtful_facts_are_shown_beside_their_sentence(queue_db: Queue) -> None:
    ids = queue_db.ids
    with queue_db.db.session() as session:
        # A fact read from the text: where the date and venue of the news page were read.
        found = review.get_for_review(session, ids[NEWS_7], hold=True)
        assert [d.fact for d in found.doubts] == [None]  # only "new, awaiting review"
        record = session.get(Record, ids[NEWS_7])
        venue = review.sentence(record.text, record.sources["venue"])
        assert venue is not None and "ศาลาว่าการกรุงโตเกียว" in venue.quoted + venue.after
        assert "วันนี้ (4 พ.ย.61)" in venue.before
        # A venue the gazetteer lacks, shown where the form states it.
        mong_yawng = review.get_for_review(session, ids[MONG_YAWNG], hold=False)
        place = {d.fact: d for d in mong_yawng.doubts}
        assert [c.name for c in place["venue"].checks] == ["venue_unmatched"]
        assert [(name, s.quoted) for name, s in place["venue"].sources] == [
            ("venue", "ศาลากลางเมืองยอง")
        ]
        assert place["venue"].warnings == [
            "venue not matched to a city or country: “ศาลากลางเมืองยอง”"
        ]
        assert place[None].warnings == []  # told under the venue already
        loose = review.get_for_review(session, ids[LOOSE], hold=False)
        facts = {d.fact: d for d in loose.doubts}
        assert set(facts) == {"date", "venue", "organization", None}
        assert facts["date"].warnings == ["no meeting date found"]
        assert facts["date"].sources == [] and facts["date"].confirmed is None
        with pytest.raises(LinkError):
            review.get_for_review(session, 99_999, hold=False)


def test_confirm_and_mark_reviewed_keep_history_and_log(queue_db: Queue) -> None:
    ids, db = queue_db.ids, queue_db.db
    loose = ids[LOOSE]
    with db.session() as session:
        review.confirm_fact(session, loose, "venue", queue_db.editor)
        with pytest.raises(LinkError):
            review.confirm_fact(session, loose, "colour", queue_db.editor)
    with db.session() as session:
        facts = {d.fact: d for d in review.get_for_review(session, loose, hold=False).doubts}
        assert facts["venue"].confirmed.user_name == "malee"
        assert review.waiting_count(session, hold=True) == 6
        before = changelog.last_seq(session)
        assert review.mark_reviewed(session, loose, queue_db.editor, "ตรวจแล้ว ไม่มีวันที่ในต้นฉบับ")
    with db.session() as session:
        record = session.get(Record, loose)
        assert not record.awaiting_review and record.reviewed_by == "malee"
        assert [r for _, r in changelog.changes_after(session, before)] == [loose]
        marks = session.scalars(
            select(RecordChange).where(RecordChange.record_id == loose).order_by(RecordChange.id)
        ).all()
        assert [(m.field, m.new_value, m.user_name) for m in marks] == [
            ("confirmed", '"venue"', "malee"),
            ("reviewed", "true", "malee"),
        ]
        assert marks[1].note == "ตรวจแล้ว ไม่มีวันที่ในต้นฉบับ"
        assert review.queue(session, hold=False).total == 1
        assert review.waiting_count(session, hold=True) == 5  # counted again at once
        assert review.waiting_count(session, hold=False) == 1
        assert review.mark_reviewed(session, loose, queue_db.editor) is False
        assert ids[BMA_7] in {i.id for i in review.queue(session, hold=True).items}


def test_the_queue_follows_re_ingest_and_new_records(queue_db: Queue, tmp_path: Path) -> None:
    """Read once, then only what changed: a corrected document leaves the queue, a new doubtful
    one joins it."""
    from archive.store.save import save_record
    from indexer.ingest import prepare_file
    from tests.conftest import write_bma

    db, ids = queue_db.db, queue_db.ids
    with db.session() as session:
        assert [i.id for i in review.queue(session, hold=False).items] == [
            ids[MONG_YAWNG], ids[LOOSE]
        ]
    fixed = write_bma(tmp_path / "docs" / "f_mong_yawng.txt", MONG_YAWNG,
                      venue="กรุงโตเกียว ประเทศญี่ปุ่น", dates="12 มีนาคม 2562")  # fmt: skip
    added = write_bma(tmp_path / "more" / "g_new.txt", "การหารือกับคณะผู้แทนเมืองพะอัน",
                      venue="ศาลากลางเมืองพะอัน", dates="1 เมษายน 2562")  # fmt: skip
    with db.session() as session:
        assert save_record(session, prepare_file(fixed)).status == "updated"  # type: ignore[arg-type]
        new_id = save_record(session, prepare_file(added)).record_id  # type: ignore[arg-type]
    with db.session() as session:
        page = review.queue(session, hold=False)
        assert [i.id for i in page.items] == [new_id, ids[LOOSE]]
        assert review.waiting_count(session, hold=False) == 2


def test_a_changed_source_under_a_correction_waits_even_when_reviewed(
    queue_db: Queue, tmp_path: Path
) -> None:
    """A changed source ("the source now says"): a corrected field whose document changed at a
    re-ingest puts the record in the queue (reviewed or not) until an editor accepts or keeps
    it."""
    from archive.curation import edits
    from archive.store.save import save_record
    from indexer.ingest import prepare_file
    from tests.conftest import write_bma

    db, ids = queue_db.db, queue_db.ids
    seoul = ids[SEOUL]
    with db.session() as session:
        edits.update_record(session, seoul, {"venue": {"raw": "กรุงปูซาน", "city": "Busan"}},
                            user=queue_db.editor, version=1)  # fmt: skip
        review.mark_reviewed(session, seoul, queue_db.editor)
    with db.session() as session:
        assert review.queue(session, hold=False, check="source_changed").total == 0
        assert seoul not in {i.id for i in review.queue(session, hold=True).items}
    changed = write_bma(tmp_path / "docs" / "d_seoul.txt", SEOUL, venue="กรุงโซล ประเทศเกาหลีใต้",
                        dates="6 พฤศจิกายน 2561")  # fmt: skip
    with db.session() as session:
        assert save_record(session, prepare_file(changed)).status == "updated"  # type: ignore[arg-type]
    with db.session() as session:
        page = review.queue(session, hold=False)
        waiting = {i.id: [c.name for c in i.checks] for i in page.items}
        assert waiting[seoul] == ["source_changed"]
        assert dict((c.name, n) for c, n in page.by_check)["source_changed"] == 1
        doubts = review.get_for_review(session, seoul, hold=False).doubts
        assert [(d.fact, [c.name for c in d.checks]) for d in doubts] == [
            (None, ["source_changed"])
        ]
        record = session.get(Record, seoul)
        edits.resolve_source_change(session, seoul, "venue", accept=False,
                                    user=queue_db.editor, version=record.version)  # fmt: skip
    with db.session() as session:
        assert review.queue(session, hold=False, check="source_changed").total == 0
        assert review.waiting_count(session, hold=False) == 2
