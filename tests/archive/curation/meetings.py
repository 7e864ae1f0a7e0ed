"""Real-looking Thai reports for the curation tests: one meeting (the 7th Bangkok–Tokyo joint
committee) reported twice in two styles (a BMA summary form and a thaigov news page), the 6th
meeting of the same series, an unrelated meeting on overlapping dates, a loose note the
parser is unsure of (no date, no venue, no organisation) and a form whose venue it could not
place."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from archive.store.db import Database
from archive.store.models import Record
from archive.store.save import save_record
from indexer.ingest import prepare_file
from tests.conftest import write_bma

SERIES = "การประชุมคณะกรรมการร่วมว่าด้วยความร่วมมือด้านการพัฒนาเมืองระหว่างกรุงเทพมหานครและกรุงโตเกียว"
BMA_7 = f"{SERIES} ครั้งที่ 7"
BMA_6 = f"{SERIES} ครั้งที่ ๖"  # Thai digits, as some forms are written
NEWS_7 = "กทม. – กรุงโตเกียว ประชุมคณะกรรมการร่วมด้านการพัฒนาเมือง ครั้งที่ ๗ เน้นจัดการน้ำท่วมและขยะ"
SEOUL = "การหารือความร่วมมือด้านการขนส่งมวลชนกับกรุงโซล"
LOOSE = "บันทึกการหารือกับคณะผู้แทนเมืองยอง"
MONG_YAWNG = "การหารือความร่วมมือด้านการค้าชายแดนกับเมืองยอง"  # a venue the gazetteer lacks

NEWS_7_TEXT = f"""รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{NEWS_7}


วันอาทิตย์ที่ 4 พฤศจิกายน 2561
04/11/2561
พิมพ์
{NEWS_7}
{NEWS_7}
วันนี้ (4 พ.ย.61) เวลา 10.00 น. ณ ศาลาว่าการกรุงโตเกียว กรุงโตเกียว ประเทศญี่ปุ่น ปลัดกรุงเทพมหานครในฐานะหัวหน้าคณะผู้แทนกรุงเทพมหานคร และรองผู้ว่าการกรุงโตเกียว เป็นประธานร่วม{BMA_7} โดยมีผู้แทนสำนักการระบายน้ำ สำนักสิ่งแวดล้อม และสำนักงานเขตเข้าร่วม

ที่ประชุมได้หารือแนวทางการจัดการน้ำท่วมในเขตเมืองและการลดปริมาณขยะมูลฝอย โดยฝ่ายญี่ปุ่นพร้อมแบ่งปันประสบการณ์การก่อสร้างอุโมงค์ระบายน้ำใต้ดิน และเสนอให้มีการแลกเปลี่ยนเจ้าหน้าที่ด้านเทคนิคระหว่างสองเมือง

ทั้งนี้ ที่ประชุมมอบหมายให้สำนักการระบายน้ำจัดทำข้อเสนอโครงการศึกษาดูงานอุโมงค์ระบายน้ำ ภายในวันที่ 31 มีนาคม 2562 ส่วนการประชุมครั้งต่อไปกรุงเทพมหานครจะเป็นเจ้าภาพ ในเดือนพฤศจิกายน 2562
.............
กลุ่มประชาสัมพันธ์และเผยแพร่ สำนักโฆษก

ที่มา : https://www.thaigov.go.th/news/contents/details/99001
"""  # noqa: E501 (a news page's paragraphs are long lines)

LOOSE_TEXT = f"""{LOOSE}

คณะผู้แทนเมืองยองเข้าพบเพื่อหารือเรื่องการค้าชายแดนและการท่องเที่ยว ที่ประชุมเห็นชอบให้จัดทำแผนความร่วมมือร่วมกัน
"""


def write_meetings(folder: Path) -> Path:
    """Write the six reports into ``folder`` (file names a_ to f_, the ingest order)."""
    write_bma(folder / "a_bma_7.txt", BMA_7,
              venue="ศาลาว่าการกรุงโตเกียว กรุงโตเกียว ประเทศญี่ปุ่น", dates="4 – 5 พฤศจิกายน 2561")
    write_bma(folder / "b_bma_6.txt", BMA_6,
              venue="ศาลาว่าการกรุงเทพมหานคร กรุงเทพมหานคร", dates="6 – 7 พฤศจิกายน 2560")
    (folder / "c_news_7.txt").write_text(NEWS_7_TEXT, encoding="utf-8")
    write_bma(folder / "d_seoul.txt", SEOUL, venue="กรุงโซล สาธารณรัฐเกาหลี",
              dates="5 พฤศจิกายน 2561")
    (folder / "e_loose.txt").write_text(LOOSE_TEXT, encoding="utf-8")
    write_bma(folder / "f_mong_yawng.txt", MONG_YAWNG, venue="ศาลากลางเมืองยอง",
              dates="12 มีนาคม 2562")
    return folder


def store_meetings(db: Database, folder: Path) -> dict[str, int]:
    """Parse the reports with the real extraction and store them in file-name order (no
    index: the store's tests need none); title -> record id."""
    with db.session() as session:
        for path in sorted(write_meetings(folder).iterdir()):
            data = prepare_file(path)
            assert not hasattr(data, "error"), data
            save_record(session, data)  # type: ignore[arg-type]
    with db.session() as session:
        return {r.title: r.id for r in session.scalars(select(Record))}
