"""Three records for the evaluation's pieces, and a trigram baseline built over them."""

from collections.abc import Iterator

import pytest

from evaluation.baselines import Baseline, trigram_analyzer
from evaluation.records import EvalRecord

RECORDS = [
    EvalRecord(
        1,
        "seeds/000_a.txt",
        "Stockholm Security Conference",
        "การประชุมความร่วมมือด้านการรักษาความปลอดภัย ณ กรุงสตอกโฮล์ม ราชอาณาจักรสวีเดน",
        frozenset({"SE"}),
    ),
    EvalRecord(
        2,
        "corpus/01_tokyo.txt",
        "การศึกษาดูงานด้านภัยพิบัติ",
        "JICA จัดการฝึกอบรมการป้องกันภัยพิบัติ ณ กรุงโตเกียว ประเทศญี่ปุ่น",
        frozenset({"JP"}),
    ),
    EvalRecord(
        3,
        "2021/03/25/ด้านความมั่นคง_5.txt",
        "ความร่วมมือต่อต้านการก่อการร้าย",
        "ที่ประชุมหารือมาตรการต่อต้านการก่อการร้ายข้ามชาติ",
        frozenset({"TH", "JP"}),
    ),
]


@pytest.fixture
def records() -> list[EvalRecord]:
    """The three records: a seed in Sweden, a corpus file in Japan, an article in TH and JP."""
    return list(RECORDS)


@pytest.fixture
def trigram(tmp_path, records) -> Iterator[Baseline]:
    """The trigram baseline over the three records, built, then reopened from disk."""
    baseline = Baseline("trigram", trigram_analyzer, fts5=True)
    baseline.open_or_build(tmp_path / "trigram", records)
    yield baseline
    baseline.close()
