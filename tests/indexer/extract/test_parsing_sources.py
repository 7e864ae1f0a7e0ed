"""Every fact read from prose keeps where it came from: offsets into ``RecordData.text``."""

from __future__ import annotations

import re

import pytest

from archive.store.recorddata import RecordData
from indexer.extract.parsing import parse_text
from tests.indexer.extract.test_parsing_corpus import record


def squeezed(text: str) -> str:
    return re.sub(r"[\s\u200b*#]+", "", text)


@pytest.mark.parametrize("key", ["05", "06", "08", "09", "13"])
def test_spans_slice_the_stated_facts(key: str) -> None:
    rec: RecordData = record(key)
    assert rec.venue is not None and rec.venue.source_span is not None
    assert squeezed(rec.text[slice(*rec.venue.source_span)]) == squeezed(rec.venue.raw)
    assert rec.date_span is not None
    for item in rec.follow_ups:
        assert item.source_span is not None, item.text
        assert squeezed(rec.text[slice(*item.source_span)]) == squeezed(item.text)
    parties = rec.party_countries + rec.party_organizations
    assert parties and set(rec.party_sources) == set(parties)
    for name, span in rec.party_sources.items():
        assert rec.text[slice(*span)].strip(), name


def test_corpus_partners() -> None:
    assert record("05").party_countries == ["LA"]
    assert record("08").party_countries[0] == "CN"
    assert "UNESCAP" in record("06").party_organizations


def test_an_online_meeting_has_no_city_and_no_warning_about_it() -> None:
    text = "\n".join(
        [
            "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-นายกฯ หารือทางโทรศัพท์กับนายกรัฐมนตรีเวียดนาม",
            "วันพุธที่ 12 พฤษภาคม 2564",
            "นายกฯ หารือทางโทรศัพท์กับนายกรัฐมนตรีเวียดนาม",
            "วันนี้ (12 พฤษภาคม 2564) เวลา 15.30 น. ณ ห้องโดม ชั้น 2 ตึกไทยคู่ฟ้า ทำเนียบรัฐบาล "
            "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี ได้หารือทางโทรศัพท์กับนายฝ่าม มิงห์ จิ๋งห์ "
            "นายกรัฐมนตรีสาธารณรัฐสังคมนิยมเวียดนาม",
            "ทั้งสองฝ่ายเห็นพ้องที่จะจัดการประชุมร่วมคณะรัฐมนตรีไทย-เวียดนาม ครั้งที่ 4 ในโอกาสแรก",
        ]
    )
    rec = parse_text(text, source_path="a.txt")
    assert rec.venue is not None and rec.venue.online
    assert (rec.venue.city, rec.venue.country_code) == (None, None)
    assert text[slice(*rec.venue.source_span)] == "หารือทางโทรศัพท์"  # type: ignore[misc]
    assert not any(w.startswith("venue not matched") for w in rec.warnings)
    assert rec.party_countries == ["VN"]
    (item,) = rec.follow_ups
    assert item.text.startswith("ทั้งสองฝ่ายเห็นพ้องที่จะจัดการประชุมร่วม")
    assert text[slice(*item.source_span)] == item.text  # type: ignore[misc]
