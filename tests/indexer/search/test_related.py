"""Related records ("more like this"): key terms, boosted by shared partners and entities and
by a close date; never the record itself. A small archive of thaigov-style news, built once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.config import database_url
from archive.curation.review import mark_reviewed
from archive.store.db import Database
from archive.store.models import Record
from indexer.search.generations import Index
from indexer.search.related import ORGANISATION_BONUS, key_terms, related_records
from indexer.search.service import index_root
from tests.conftest import SearchArchive, build_search_archive, cli_run
from tests.indexer.search.conftest import commit
from tests.indexer.search.test_entity_search import thaigov

ARTICLES = {
    "r0_base": (
        "ไทยและญี่ปุ่นหารือความร่วมมือด้านการจัดการภัยพิบัติและระบบเตือนภัยล่วงหน้า",
        "ทั้งสองฝ่ายหารือการพัฒนาระบบเตือนภัยล่วงหน้าและการจัดการภัยพิบัติจากอุทกภัย",
        "25/08/2563",
    ),
    "r1_same_topic_japan_near": (
        "ญี่ปุ่นสนับสนุนระบบเตือนภัยล่วงหน้าด้านอุทกภัยแก่ไทย",
        "ความร่วมมือด้านการจัดการภัยพิบัติ ระบบเตือนภัยล่วงหน้า และการฝึกอบรมเจ้าหน้าที่",
        "01/09/2563",
    ),
    "r2_same_topic_far": (
        "กรมป้องกันและบรรเทาสาธารณภัยพัฒนาระบบเตือนภัยล่วงหน้า",
        "การจัดการภัยพิบัติจากอุทกภัย ระบบเตือนภัยล่วงหน้าในพื้นที่เสี่ยง",
        "10/03/2565",
    ),
    "r3_japan_other_topic": (
        "ไทยและญี่ปุ่นลงนามความตกลงด้านการค้ายานยนต์ไฟฟ้า",
        "การลงทุนยานยนต์ไฟฟ้าและแบตเตอรี่ในเขตพัฒนาพิเศษภาคตะวันออก",
        "28/08/2563",
    ),
    "r4_unrelated": (
        "นายกรัฐมนตรีมอบนโยบายส่งเสริมการท่องเที่ยวชุมชน",
        "ส่งเสริมการท่องเที่ยวชุมชนและผลิตภัณฑ์ท้องถิ่น",
        "26/08/2563",
    ),
}


MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
          "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]  # fmt: skip


@pytest.fixture(scope="module")
def related_archive(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> SearchArchive:
    folder = tmp_path_factory.mktemp("related-articles")
    for name, (title, body, day) in ARTICLES.items():
        d, m, y = day.split("/")
        line = f"วันอังคารที่ {int(d)} {MONTHS[int(m) - 1]} {y}"
        text = thaigov(title, body).replace("25/08/2563", day)
        text = text.replace("วันอังคารที่ 25 สิงหาคม 2563", line)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return build_search_archive(tmp_path_factory.mktemp("related") / "home", template_db, folder)


@pytest.fixture(scope="module")
def related_index(related_archive: SearchArchive) -> Iterator[Index]:
    index = Index(index_root(related_archive.home))
    yield index
    index.close()


def test_key_terms_are_the_words_that_tell_a_record_apart():
    frequency = {"ภัยพิบัติ": 3, "ความร่วมมือ": 900, "หารือ": 1}.get
    terms = key_terms("ความร่วมมือด้านภัยพิบัติ", "หารือ ภัยพิบัติ", lambda w: frequency(w, 5), 1000)
    assert terms[0] == "ภัยพิบัติ"  # in the title, in few records
    assert "ความร่วมมือ" not in terms  # in most records
    assert "หารือ" not in terms  # in no other record: matches nothing


def test_related_records_order(related_index, related_archive):
    names = {related_archive.id_of(name): name for name in ARTICLES}
    found = related_records(related_index, related_archive.id_of("r0_base"))
    order = [names[r.id] for r in found]
    assert "r0_base" not in order
    # same topic, the same partner and a week apart first; same topic years apart next
    assert order[:2] == ["r1_same_topic_japan_near", "r2_same_topic_far"]
    assert "r4_unrelated" not in order[:3]
    scores = [r.score for r in found]
    assert scores == sorted(scores, reverse=True)
    first = found[0]
    assert "country:JP" in first.shared and first.days_apart == 7
    # the record sharing only the partner and the week still comes before the unrelated one
    if "r4_unrelated" in order:
        assert order.index("r3_japan_other_topic") < order.index("r4_unrelated")


def test_unknown_record_has_no_related(related_index):
    assert related_records(related_index, 999_999) == []


def _all_related(home: Path, ids: set[int], **options: bool) -> dict[int, list[tuple[int, float]]]:
    """Each record's related records (id, score), from a newly opened index."""
    index = Index(index_root(home))
    try:
        return {
            record_id: [(r.id, r.score) for r in related_records(index, record_id, **options)]
            for record_id in sorted(ids)
        }
    finally:
        index.close()


def test_related_records_stay_the_same_after_a_record_is_indexed_again(
    related_archive: SearchArchive, tmp_path: Path
) -> None:
    """An edit writes the record's document again; its old copy stays in the index, deleted,
    until a merge, and must not make the record's own words look shared by another record."""
    home = Path(shutil.copytree(related_archive.home, tmp_path / "home"))
    base = related_archive.id_of("r0_base")
    before = _all_related(home, related_archive.ids)
    commit(home, [base])  # what the follower does after an edit of the record
    after = _all_related(home, related_archive.ids)
    assert before[base]  # there is something to compare
    for record_id in sorted(related_archive.ids):  # the record and its neighbours
        assert [i for i, _ in after[record_id]] == [i for i, _ in before[record_id]], record_id
        # BM25F's statistics (Whoosh's) count the deleted copy until a merge: scores move a
        # little in an archive of five records, no more
        assert [s for _, s in after[record_id]] == pytest.approx(
            [s for _, s in before[record_id]], rel=0.15
        ), record_id


def test_related_records_leave_out_records_awaiting_review_when_asked(
    related_archive: SearchArchive, tmp_path: Path
) -> None:
    """As the search hides them from the public on a site that reviews before publishing."""
    home = Path(shutil.copytree(related_archive.home, tmp_path / "home"))
    names = {related_archive.id_of(name): name for name in ARTICLES}
    held = related_archive.id_of("r1_same_topic_japan_near")
    reviewed = sorted(related_archive.ids - {held})
    database = Database(database_url(home))
    try:
        with database.session() as session:
            for record_id in reviewed:
                assert mark_reviewed(session, record_id, None)
    finally:
        database.dispose()
    commit(home, reviewed)
    base = related_archive.id_of("r0_base")
    shown = _all_related(home, {base})[base]
    hidden = _all_related(home, {base}, hide_awaiting_review=True)[base]
    assert names[shown[0][0]] == "r1_same_topic_japan_near"
    assert [names[i] for i, _ in hidden][:1] == ["r2_same_topic_far"]
    assert [i for i, _ in hidden] == [i for i, _ in shown if i != held]


def test_the_same_organisation_adds_a_small_bonus(
    related_archive: SearchArchive, tmp_path: Path
) -> None:
    """Every article is the government's (รัฐบาลไทย); once one is another organisation's, it
    loses the bonus for the same organisation and nothing else."""
    home = Path(shutil.copytree(related_archive.home, tmp_path / "home"))
    base = related_archive.id_of("r0_base")
    other = related_archive.id_of("r3_japan_other_topic")
    before = dict(_all_related(home, {base})[base])
    database = Database(database_url(home))
    try:
        with database.session() as session:
            record = session.get(Record, other)
            assert record is not None and record.organization == "รัฐบาลไทย"
            record.organization = "กระทรวงพาณิชย์"
    finally:
        database.dispose()
    assert cli_run(home, "index").exit_code == 0  # rebuilt: the same statistics
    after = dict(_all_related(home, {base})[base])
    assert set(after) == set(before)
    assert after[other] == pytest.approx(before[other] - ORGANISATION_BONUS, abs=1e-3)
    for record_id in set(before) - {other}:
        assert after[record_id] == pytest.approx(before[record_id], abs=1e-3)
