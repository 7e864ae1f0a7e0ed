"""Follow-up actions stated in running prose: what the Thai side will do after the meeting, or
what both sides agreed to do.

A paragraph is split into Thai sentences (``indexer.extract.sentences``); only paragraphs with a
cue are split at all. A sentence is an action when it states
- an agreement: "เห็นพ้องที่จะ", "ตกลงที่จะ", "มีมติให้", "เห็นชอบให้", "เห็นควรให้", "รับที่จะ",
  "ยืนยันคำมั่นที่จะ";
- an assignment: "มอบหมายให้ …", "สั่งการให้ …", "ให้ <office> …", "ขอให้ <office> …";
- a plan with a Thai or joint actor: "ไทยจะเป็นเจ้าภาพ", "<office> จะประสาน…", "ทั้งสองฝ่ายจะ…",
  "เตรียมผลักดัน…", "คาดว่าจะมีการลงนาม…", "มีแนวคิดที่จะจัดตั้ง…";
and is not readiness or a wish ("พร้อมสนับสนุน", "ยินดี", "หวังว่า", "เชื่อมั่นว่า"), a thing
done ("ได้รับมอบหมาย", "ได้ลงนาม … แล้ว"), a proposal or request to the other side ("เสนอ",
"ขอให้ฝ่ายกัมพูชา"), the foreign side's own plan, or agreement in general terms ("เห็นพ้องที่จะ
กระชับความร่วมมือ"). The items of an enumeration that an action introduces ("เห็นพ้องที่จะ
ดำเนินความร่วมมือใน 4 ด้าน ได้แก่ 1) … 2) …") are actions each.
"""

from __future__ import annotations

import re
from datetime import date

from archive.reference.agencies import PREFIXES, find_agencies
from archive.reference.gazetteer import find_places
from archive.reference.international import find_internationals
from archive.store.recorddata import FollowUpData
from indexer.extract.actions import make_item
from indexer.extract.sentences import sentence_spans
from indexer.extract.sentences import sentences as sentence_texts

_AGENCY = "(?:%s)[\u0e00-\u0e7f]" % "|".join(PREFIXES)
# Who may be told to act: a Thai office, the provincial governors, "the agencies concerned".
_ASSIGNEE = r"(?:%s|ผู้ว่าราชการ|หน่วยงาน|กอ\.รมน\.)" % _AGENCY
# Any of these in a paragraph is worth splitting it into sentences.
_CUE = re.compile(
    r"เห็นพ้อง|ตกลง|มีมติ|เห็นชอบ|เห็นควร|รับที่จะ|มอบหมาย|สั่งการ|ให้|จะ|เตรียม|มีกำหนด|คาดว่า|"
    r"ยืนยัน|มีแนว|กำหนดจัด|หน่วยงานหลัก|agreed|will"
)
_AGREED = re.compile(
    r"(?:เห็นพ้อง(?:กัน|ต้องกัน)?|ตกลง(?:กัน|ร่วมกัน)?|เห็นชอบ|รับ|ยืนยันคำมั่น)"
    r"(?:ที่จะ|ให้|ว่าควร|ร่วมกันที่จะ)|มีมติ(?:เห็นชอบ)?ให้|"
    r"(?:ที่ประชุม|ทั้งสองฝ่าย|ทั้งสองประเทศ|โดย)\S{0,12}เห็นควร|ยืนยันการสนับสนุนการ"
    r"|\bagreed to\b"
)
_ASSIGNED = re.compile(
    r"มอบหมาย(?:ให้(?!\s*(?:ผม|ดิฉัน|ตน|ข้าพเจ้า))|(?=%s))|(?<!ข้อ)สั่งการ(?:ให้|(?=%s))|เร่งรัด(?:ให้)?หน่วยงาน|"
    r"(?:^|\s)มี\s*\S[^\n]{0,120}?\s(?:เป็นหน่วยงานหลัก|ร่วมกันดำเนินงาน)|"
    r"(?:^|\s|ขอ|เสนอ|โดย|จะ|จึงขอ|ย้ำ|กำชับ)ให้\s*%s|(?:ทั้งสองฝ่าย|ผู้นำทั้งสอง)(?:ต่าง)?ขอให้"
    % (_ASSIGNEE, _ASSIGNEE, _ASSIGNEE)
)
_ADVERB = r"(?:ต่าง|ยัง|ก็|จึง|คง|ได้ตกลง|สามารถ)?"
# The actor starts a word: "ไทยจะ", "โดยไทยจะ", not "เศรษฐกิจไทยจะ".
# ("ยินดีที่ทั้งสองฝ่ายจะ…" welcomes a joint plan; "ที่ไทยจะเป็นเจ้าภาพ" is a relative clause)
_WORD_START = r"(?:(?<=^)|(?<=\s)|(?<=โดย)|(?<=ซึ่ง)|(?<=และ)|(?<=ว่า)|(?<=จึง)|(?<=ยินดีที่))"
_JOINT = r"(?:ฝ่ายไทย|ประเทศไทย|ไทย|ทั้งสองฝ่าย|ทั้งสองประเทศ|ผู้นำทั้งสอง|ที่ประชุม|อาเซียน)"
# A concrete next step, not a policy or an outlook ("ไทยจะคุ้มครองดูแล…", "ไทยจะได้รับ…").
_STEP = (
    r"(?:ได้)?(?:มีการ)?(?:จัด(?!ขึ้น|ส่ง)|ลงนาม|เดินทาง|เป็นเจ้าภาพ|เร่ง|ผลักดัน|ประสาน|มอบหมาย|"
    r"ดำเนินการ|เสนอ|ตั้ง|แต่งตั้ง|ส่ง|ติดตาม|ร่วมกัน|เข้าร่วม|ให้ความช่วยเหลือ|ให้การสนับสนุน|"
    r"สนับสนุนเงิน|ไป|หารือ(?:ใน|ร่วมกัน)?รายละเอียด|สรรหา|ศึกษา|พิจารณา|จ้าง|ทบทวน)"
)
_PREPARE = r"เตรียม(?:การ)?(?:จัด|ผลักดัน|ลงนาม|เสนอ|ส่ง|เดินทาง)"
_WILL = r"(?:จะ(?:สามารถ)?%s|%s|มีกำหนด|มีแนวคิดที่จะ|มีแนวทางที่จะ)" % (_STEP, _PREPARE)
_PLANNED = re.compile(
    r"%s%s%s\s*(?:%s|คาดว่าจะ%s)|"
    r"%s%s\S*(?:\s+และ\s*\S+){0,2}\s*%s%s|"
    r"(?:^|\s|(?<=และ)|(?<=โดย)|(?<=อีกทั้ง))จะ(?:ร่วมกัน|มอบหมาย|จัด(?!ขึ้น|ส่ง)|ลงนาม|เสนอ|มีการ(?:ลงนาม|จัดตั้ง|ตั้ง))|"
    r"คาดว่า(?:ทั้งสองฝ่าย|ไทย)?จะ\S{0,15}?(?:ลงนาม|จัดตั้ง|จัดทำ)|"
    r"(?:^|\s)%s|"
    r"(?:^|\s|(?<=และ)|(?<=ซึ่ง))(?:ใน)?ปี(?:หน้า|\s*[0-9๐-๙]{4})\s?(?:\S{0,40}\s?)?จะ%s|"
    r"จะมีการตั้ง"
    % (
        _WORD_START,
        _JOINT,
        _ADVERB,
        _WILL,
        _STEP,
        _WORD_START,
        _AGENCY,
        _ADVERB,
        _WILL,
        _PREPARE,
        _STEP,
    )
)
# Readiness, wishes, thanks and praise before the cue make it no action.
_WISH = re.compile(
    r"พร้อม(?:ที่จะ|จะ|ให้|สนับสนุน|ร่วม|เร่ง|ผลักดัน)|ความพร้อม|ยินดี(?!ที่ทั้งสองฝ่าย)|หวัง|"
    r"เชื่อมั่น|เชื่อว่า|คาดการณ์|ปรารถนา|ขอบคุณ|ชื่นชม|อวยพร|มุ่ง|ประสงค์|สนใจ|เชิญ|โอกาส(?:ดี|อันดี)|"
    r"(?<!ต่าง)(?<!จึง)ขอให้(?!\s*%s)" % _ASSIGNEE
)
_DONE = re.compile(
    r"ได้รับมอบหมาย|รับมอบหมาย|ตามที่ได้|ที่ผ่านมา|ได้เตรียม|แล้ว(?:\s|$)|เมื่อ(?:วันที่|ปี|ครั้ง)|"
    r"ได้(?:ลงนาม|จัด|มอบ(?!หมาย)|ร่วมกัน|ดำเนิน|หารือ)"
)
_PROPOSAL = re.compile(r"(?:^|\s|ได้|ไทย)เสนอ(?!ให้\s*%s)|ข้อเสนอ" % _AGENCY)
# Agreement in general terms: to cooperate, to strengthen relations, to talk again.
_GENERAL = re.compile(
    r"(?:ที่จะ|ให้|จะ)(?:ยังคง|ร่วมกัน|ได้)?(?:ส่งเสริม|กระชับ|เพิ่มพูน|สานต่อ|ขยาย|พัฒนา|ผลักดัน|"
    r"เสริมสร้าง|ยกระดับ|เร่งรัด|ร่วมมือ|มี)(?:ความร่วมมือ|ความสัมพันธ์|กัน(?:ใน|ทั้ง)|อย่างใกล้ชิด)|"
    r"(?:ที่จะ|ให้|จะ)(?:ยังคง)?ร่วมมือ(?:กัน)?|"
    r"จะ(?:ได้)?(?:มีการ)?(?:หารือ|แลกเปลี่ยน|เดินทางไปมาหาสู่)|"
    r"agreed to (?:further )?(?:promote|strengthen|enhance|expand|deepen|cooperate|forge|explore|"
    r"work (?:closely )?together|support each other)"
)
_ENUM_INTRO = re.compile(r"(?:ได้แก่|ดังนี้|:)\s*$")
_ENUM_ITEM = re.compile(r"^\(?[0-9๐-๙]{1,2}[).]\s*")
_LEAD_WORDS = re.compile(
    r"^(?:นอกจากนี้|ทั้งนี้|อนึ่ง|และ|ในการนี้|โอกาสนี้|ในโอกาสนี้|อย่างไรก็ดี|อย่างไรก็ตาม|ในตอนท้าย|"
    r"พร้อมกันนี้)\s*,?\s*"
)
_MIN_LENGTH = 15
_THAI_MEMBER = frozenset(
    {"ASEAN", "APEC", "BIMSTEC", "ACMECS", "Mekong-Lancang Cooperation", "IMT-GT", "United Nations"}
)
_CLAUSE = 60  # characters before a cue that belong to its clause
# "เห็นพ้องที่จะดำเนินความร่วมมือใน 4 ด้าน ได้แก่ 1) …": the list starts inside the sentence.
_ENUM_STARTS = re.compile(r"(?:ได้แก่|ดังนี้|:)\s*\(?[0-9๐-๙]{1,2}[).]")
# "มอบหมายให้ A … และให้ B …": where a second assignment with its own office starts.
_NEXT_ASSIGNMENT = re.compile(
    r"\s(?=(?:และ|รวมทั้ง|พร้อมทั้ง)?\s*(?:ให้|มอบหมายให้|ขอให้)\s*(?:%s))" % "|".join(PREFIXES)
)
# A numbered decision of a press release: "1. การแลกเปลี่ยนข้อมูล… : ที่ประชุมเห็นพ้อง…".
_DECISION = re.compile(r"^[0-9๐-๙]{1,2}\.\s*[^:]{3,120}\s:\s")
_NEXT_MEETING = re.compile(r"การประชุม\S{0,40}(?:ครั้งต่อไป|ครั้งที่\s*[0-9๐-๙]+|อีกครั้ง)|เป็นเจ้าภาพ")
# The organiser holding another progress meeting is a date, not a task ("กอ.รมน. จะจัด
# การประชุมติดตามความคืบหน้าอีกครั้ง…").
_FOLLOW_UP_MEETING = re.compile(r"จัด(?:การ)?ประชุมติดตาม\S*\s?(?:อีกครั้ง|ครั้งต่อไป)")


def _foreign_subject(sentence: str) -> bool:
    """Whether the sentence's subject is the foreign side ("ฝ่ายกัมพูชาจะ…", "เอกอัครราชทูตฯ จะ…")."""
    head = sentence[:40]
    if re.match(r"(?:ด้าน|ทาง|ฝ่าย)?\s*(?:เอกอัครราชทูต|ผู้แทน(?!ไทย|ฝ่ายไทย))", head):
        return True
    places = find_places(head)
    if places and places[0].pos <= 12 and places[0].country.code != "TH":
        return True
    # an organisation Thailand is no member of ("ITU จะจัดงาน …")
    orgs = find_internationals(head)
    return bool(orgs) and orgs[0].pos <= 25 and orgs[0].organization.name not in _THAI_MEMBER


def _cues(sentence: str) -> list[re.Match[str]]:
    return [m for rx in (_AGREED, _ASSIGNED, _PLANNED) for m in rx.finditer(sentence)]


def _holds(sentence: str, cue: re.Match[str]) -> bool:
    """Whether the clause of ``cue`` states an action: not a wish, a thing done, a proposal or
    an agreement in general terms."""
    begin = max(0, cue.start() - _CLAUSE)
    clause = sentence[begin : cue.end()]
    done = _DONE.search(sentence, begin, cue.end())
    if _WISH.search(clause) or (done is not None and done.start() < cue.start()):
        return False
    if _PROPOSAL.search(clause, 0, len(clause) - len(cue.group())):
        return False
    return not _GENERAL.search(sentence, cue.start(), cue.end() + 40)


def is_action(sentence: str) -> bool:
    """Whether a Thai sentence states a follow-up action (see the module docstring)."""
    sentence = _ENUM_ITEM.sub("", sentence, count=1)
    for cue in _cues(sentence):
        if not _holds(sentence, cue):
            continue
        joint = re.search(r"ทั้งสองฝ่าย|ทั้งสองประเทศ|ผู้นำทั้งสอง|ที่ประชุม|ไทย", sentence[: cue.end()])
        if joint is not None or not _foreign_subject(sentence):
            return True
    return False


def _assignments(sentence: str) -> list[str]:
    """A sentence of two assignments, each naming its own office ("มอบหมายให้ A … ภายในวันที่ D
    และให้ B …"), as two parts, so that D stays with A."""
    parts: list[str] = []
    for part in _NEXT_ASSIGNMENT.split(sentence):
        if parts and not find_agencies(parts[-1]):
            parts[-1] = f"{parts[-1]} {part.strip()}"
        else:
            parts.append(part.strip())
    return [_LEAD_WORDS.sub("", part) for part in parts]


def _item(text: str, after: date | None) -> FollowUpData:
    item = make_item(text, after=after)
    if _NEXT_MEETING.search(text):
        item.due_date = None  # the date of the next meeting is no deadline
    return item


def _sentences(paragraph: str) -> list[str]:
    """The units of a paragraph that may be actions: its sentences; a numbered decision of a
    press release ("1. <topic> : …") is one unit, as its numbering makes it one item."""
    if _DECISION.match(paragraph):
        return [paragraph]
    return [_LEAD_WORDS.sub("", paragraph[start:end]) for start, end in sentence_spans(paragraph)]


def items_from_prose(paragraphs: list[str], *, after: date | None = None) -> list[FollowUpData]:
    """The actions stated in running text, one item a sentence (see the module docstring)."""
    items: list[FollowUpData] = []
    for paragraph in paragraphs:
        if not _CUE.search(paragraph):
            continue
        decision = bool(_DECISION.match(paragraph))
        listing = False  # inside an enumeration that an action introduced
        for sentence in _sentences(paragraph):
            enumerated = bool(_ENUM_ITEM.match(sentence)) and not decision
            if decision:
                action = any(map(is_action, sentence_texts(sentence)))
            else:
                action = is_action(sentence) or (listing and enumerated)
            introduces = bool(
                (_ENUM_INTRO.search(sentence) or _ENUM_STARTS.search(sentence))
                and (_AGREED.search(sentence) or _ASSIGNED.search(sentence))
            )
            if not enumerated:
                listing = action and introduces
            elif action and introduces:
                listing = True
            if not action or _FOLLOW_UP_MEETING.search(sentence):
                continue
            for part in [sentence] if decision else _assignments(sentence):
                if len(part) >= _MIN_LENGTH:
                    items.append(_item(part, after))
    return items
