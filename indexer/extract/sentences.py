"""Thai sentences of a paragraph, with their offsets.

Thai marks no sentence end: a space separates sentences, but also phrases, names and numbers
inside one. A space starts a new sentence here when what follows opens one: a discourse word
("ทั้งนี้", "นอกจากนี้", "ในการนี้", "โอกาสนี้"), the subject of a new statement ("ทั้งสองฝ่าย",
"ที่ประชุม", "ฝ่ายไทย", "นายกรัฐมนตรี" after a finished clause), or an item of an enumeration
("1)", "(๒)", "๓."). English sentences end at ". " before a capital. This is cheaper than
PyThaiNLP's segmenters (``crfcut`` needs python-crfsuite, not installed here, and a word
segmentation first; ``thaisum`` takes ~0.3 s a paragraph) and splits where an action of a
meeting report starts, which is what the follow-up rules need.
"""

from __future__ import annotations

import re

_OPENERS = (
    r"ทั้งนี้|นอกจากนี้|อย่างไรก็ดี|อย่างไรก็ตาม|ในการนี้|ในโอกาสนี้|โอกาสนี้|ขณะเดียวกัน|ขณะที่|"
    r"พร้อมกันนี้|ในตอนท้าย|ภายหลัง(?:การ|เสร็จสิ้น)|สำหรับ|ส่วน(?!ร่วม|หน้า|ตัว|ใหญ่|หนึ่ง|ราชการ|กลาง|ภูมิภาค|ท้องถิ่น)|ด้าน(?=[^\s]{2,}\s)|"
    r"ทั้งสองฝ่าย|ทั้งสองประเทศ|ผู้นำทั้งสอง|ที่ประชุม|ฝ่ายไทย|ไทยได้|ไทยจะ|ประเทศไทย(?:จะ|ได้)|"
    r"(?:รอง)?นายกรัฐมนตรี(?:ได้|ยัง|กล่าว|ยืนยัน|เน้นย้ำ|ขอ|เห็น|ยินดี|หวัง|มอบหมาย|จะ)|"
    r"โดย(?:จะ|ได้|ที่ประชุม|ทั้งสองฝ่าย|ฝ่ายไทย|ไทย)|ซึ่ง(?:ทั้งสองฝ่าย|ที่ประชุม)|"
    r"(?:โดย)?ในปี(?:หน้า|\s*[0-9๐-๙]{4})|"
    r"(?:\(?[0-9๐-๙]{1,2}[).](?![0-9๐-๙]))"
)
# What someone said starts a sentence of its own: "นายสุรชัย กล่าวว่า ท่านรัฐมนตรีจะ…".
_SAID = "|".join(
    f"(?<={verb}ว่า)" for verb in ("กล่าว", "เปิดเผย", "เผย", "ระบุ", "แจ้ง", "ชี้แจง", "ยืนยัน")
)
_BOUNDARY = re.compile(
    r"(?:%s)\s+|(?<=[a-z0-9)][.!?])\s+(?=[A-Z])|"
    r"\s+(?=(?:และ|โดย)?มอบหมายให้|และ(?:เห็นชอบ|เห็นพ้อง|ตกลง)(?:ให้|ที่จะ))|(?<![-–])\s+(?=(?:%s))"
    r"|(?<=\S)(?=\([0-9๐-๙]{1,2}\)\s)" % (_SAID, _OPENERS)
)
_MIN = 8  # characters: shorter pieces join the sentence before them
_BRACKET_SPAN = 60  # characters from "(" to a number closing it ("(ด่านทับช้าง 1, 2 และด่านธัญบุรี 1, 2)")
_INTRO_WORD = r"(?:ได้แก่|ดังนี้|อาทิ|คือ|:)"  # what introduces a list
_ENUM_INTRO = re.compile(r"%s\s*$" % _INTRO_WORD)
_ENUM_ITEM = re.compile(r"\(?[0-9๐-๙]{1,2}[).]")
# "2) …", "ดังนี้ 1) …": an item's own number, opening it or after its introduction, closes no bracket.
_ITEM_NUMBER = re.compile(r"(^\s*|%s\s*)[0-9๐-๙]{1,2}\)" % _INTRO_WORD)


def _enumerated(paragraph: str, start: int) -> bool:
    return bool(_ENUM_ITEM.match(paragraph, start))


def _closes_bracket(paragraph: str, start: int, boundary: re.Match[str]) -> bool:
    number = _ENUM_ITEM.match(paragraph, boundary.end())
    if number is None or not number.group().endswith(")") or number.group().startswith("("):
        return False
    before = _ITEM_NUMBER.sub(r"\1", paragraph[start : boundary.start()])
    if before.count("(") <= before.count(")"):
        return False
    # a bracket left open further back ("(มาจากประเทศในทวีปแอฟริกา … Zimbabwe 4) …") is no
    # bracket this number closes
    return len(before) - before.rfind("(") <= _BRACKET_SPAN


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``paragraph``, spaces around it left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(paragraph):
        intro = _ENUM_INTRO.search(paragraph, start, boundary.start())
        if intro and not _enumerated(paragraph, start):
            continue  # "… ได้แก่ 1) …": the first item stays with the sentence introducing it
        if _closes_bracket(paragraph, start, boundary):
            continue  # "ครม. (5 ต.ค. 64) มีมติ…": "64)" closes a bracket, it numbers no item
        if boundary.start() - start >= _MIN or not spans:
            if paragraph[start : boundary.start()].strip():
                spans.append((start, boundary.start()))
            start = boundary.end()
    if paragraph[start:].strip():
        spans.append((start, len(paragraph)))
    out = []
    for begin, end in spans:
        text = paragraph[begin:end]
        lead = len(text) - len(text.lstrip())
        out.append((begin + lead, begin + len(text.rstrip())))
    return out


def sentences(paragraph: str) -> list[str]:
    """The sentences of ``paragraph`` (see :func:`sentence_spans`)."""
    return [paragraph[start:end] for start, end in sentence_spans(paragraph)]
