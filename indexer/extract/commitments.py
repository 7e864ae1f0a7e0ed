"""Follow-up actions stated in running prose: what the Thai side will do after the meeting, or
what both sides agreed to do.

A paragraph is split into Thai sentences (``indexer.extract.sentences``); only paragraphs with a
cue are split at all. A sentence is an action when it states
- an agreement: "เห็นพ้องที่จะ", "ตกลงที่จะ", "มีมติให้", "เห็นชอบให้", "เห็นควรให้", "รับที่จะ",
  "ยืนยันคำมั่นที่จะ";
- an assignment: "มอบหมายให้ …", "สั่งการให้ …", "ให้ <office> …", "ขอให้ <office> …";
- a plan with a Thai or joint actor: "ไทยจะเป็นเจ้าภาพ", "<office> จะประสาน…", "ทั้งสองฝ่ายจะ…",
  "เตรียมผลักดัน…", "คาดว่าจะมีการลงนาม…", "มีแนวคิดที่จะจัดตั้ง…"; in a meeting with no
  foreign party also "<Thai office> จะ <step>" ("กรมท่าอากาศยานจะเปิดให้บริการ…");
- a decision, request or instruction of the meeting: "ที่ประชุมมีมติ…", "ที่ประชุมเห็นชอบ…",
  "ขอให้ กทพ. พิจารณา…", "ให้ท่าอากาศยานเตรียม…", "กำชับให้…", "กำชับจังหวัด… เร่ง…";
and is not readiness or a wish ("พร้อมสนับสนุน", "ยินดี", "หวังว่า", "เชื่อมั่นว่า"), a thing
done ("ได้รับมอบหมาย", "ได้ลงนาม … แล้ว"), a proposal or request to the other side ("เสนอ",
"ขอให้ฝ่ายกัมพูชา"), the foreign side's own plan, or agreement in general terms ("เห็นพ้องที่จะ
กระชับความร่วมมือ"). The items of an enumeration that an action introduces ("เห็นพ้องที่จะ
ดำเนินความร่วมมือใน 4 ด้าน ได้แก่ 1) … 2) …") are actions each. The sentence telling the
report's own meeting, and nothing to do, is none (:func:`tells_meeting`).
"""

from __future__ import annotations

import re
from datetime import date

from archive.reference.agencies import PREFIXES, find_agencies
from archive.reference.gazetteer import find_places
from archive.reference.international import find_internationals
from archive.store.recorddata import FollowUpData
from indexer.extract.actions import make_item
from indexer.extract.dates import first_date_span
from indexer.extract.sentences import sentence_spans

_AGENCY = "(?:%s)[\u0e00-\u0e7f]" % "|".join(PREFIXES)
_SIDES = r"ทั้ง(?:สอง|สาม|สี่)(?:ฝ่าย|ประเทศ)"  # "ทั้งสองฝ่าย", "ทั้งสามประเทศ": the sides together
_ACRONYM = r"[ก-ฮ]{2,6}\.(?:[ก-ฮ]{1,5}\.)*"  # an office's Thai acronym: "กฟผ.", "ศปก.ศบค."
# Who may be told to act: a Thai office (by name or Thai acronym: "กฟผ."), governors, inspectors,
# committees and working groups, "the agencies concerned".
_ASSIGNEE = (
    r"(?:%s|%s|ผู้(?:ตรวจ|ว่า|บัญชาการ|อำนวยการ)\S{0,30}|"
    r"คณะ(?:อนุ)?กรรมการ\S{0,30}|คณะทำงาน\S{0,30}|ผู้ว่าราชการ|หน่วยงาน|กอ\.รมน\.|(?:ทุก)?เหล่าทัพ|ทุกกระทรวง|"
    r"(?:ทุก)?ส่วนราชการ)" % (_AGENCY, _ACRONYM)
)
# Any of these in a paragraph is worth splitting it into sentences.
_CUE = re.compile(
    r"เห็นพ้อง|ตกลง|มีมติ|เห็นชอบ|เห็นควร|รับที่จะ|มอบหมาย|สั่งการ|ให้|จะ|เตรียม|มีกำหนด|คาดว่า|"
    r"ยืนยัน|มีแนว|กำหนดจัด|หน่วยงานหลัก|มติ|agreed|will"
)
_AGREED = re.compile(
    r"(?:เห็นพ้อง(?:กัน|ต้องกัน)?|ตกลง(?:กัน|ร่วมกัน)?|เห็นชอบ|รับ|ยืนยันคำมั่น)"
    r"(?:ที่จะ|ให้|ว่าควร|ร่วมกันที่จะ)|มีมติ(?:เห็นชอบ)?ให้|"
    r"(?:ที่ประชุม|%s|โดย)\S{0,12}\s?เห็นควร|ยืนยันการสนับสนุนการ|"
    r"มีมติ(?:เป็นเอกฉันท์)?(?:เห็นชอบ(?!รับหลักการ|ในหลักการ|ร่าง)|เห็นว่าควร)|เห็นชอบ(?:การ)?(?:จัด(?!ขึ้น)|เตรียม)"
    r"|\bagreed to\b" % _SIDES
)
_ASSIGNED = re.compile(
    r"มอบหมาย(?:ให้(?!\s*(?:ผม|ดิฉัน|ตน|ข้าพเจ้า))|(?=%s))|(?<!ข้อ)สั่งการ(?:ให้|(?=%s))|เร่งรัด(?:ให้)?หน่วยงาน|"
    r"(?:^|\s)มี\s*\S[^\n]{0,120}?\s(?:เป็นหน่วยงานหลัก|ร่วมกันดำเนินงาน)|"
    r"(?:^|\s|(?<=[ก-ฮ]\.)|ขอ|เสนอ|โดย|จะ|จึงขอ|ย้ำ|กำชับ)ให้\s*%s|(?:ทั้งสองฝ่าย|ผู้นำทั้งสอง)(?:ต่าง)?ขอให้|"
    r"%s\S{0,60}\s?ต้อง(?:ดำเนินการ|เร่ง|เตรียม)"
    % (_ASSIGNEE, _ASSIGNEE, _ASSIGNEE, _ASSIGNEE)
)
# What one is asked to do ("ขอให้ดำเนินการ…", "ขอให้ กทพ. พิจารณา…").
_TO_DO = (
    r"(?:ดำเนินการ|ช่วยกัน|ประสาน|ปรับ|พิจารณา|เร่ง|ติดตาม|จัด|เตรียม|สำรวจ|ตรวจ|ศึกษา|สร้าง|ทำ|กำกับ)"
)
# Who is asked: an office by name or by its Thai acronym ("กทพ.", "ศปก.ศบค.").
_ADDRESSEE = r"(?:%s\S{0,60}|%s)" % (_AGENCY, _ACRONYM)
# A paper a meeting approves or notes: decided there, nothing left to do.
_PAPER = r"\s?(?:ต่อ|ใน)?\s?(?:เอกสาร|รายงาน|ร่าง|\(ร่าง\)|ผลการ|บันทึก|กรอบ|แผน)"
# A request to an office made in the meeting ("ขอให้ กทพ. พิจารณา…"), a decision of the meeting
# ("ที่ประชุมมีมติ…", "มติที่ประชุม เห็นชอบ…", not approving a paper), an instruction ("ให้
# ท่าอากาศยานเตรียมความพร้อม…", "กำชับให้ กทพ. ดำเนินการ…").
_DIRECTED = re.compile(
    r"(?:^|\s|โดย|และ|ได้)(?:ขอ|จึงขอ)ให้\s?%s\s?%s|"
    r"มีมติ(?!เลือก|เห็นชอบรับหลักการ|\s?ที่สำคัญ|\s?ดังนี้)|มติที่ประชุม|"
    r"ที่ประชุม(?:\S{0,4}\s?(?:ยัง|ได้|ร่วม|พิจารณา|และ|ให้ความ|\s)*)เห็นชอบ(?!%s|\s?ตามที่)|"
    # an instruction: an item or a sentence that starts "ให้ …", or "กำชับ/เน้นย้ำ … ให้ …"
    r"^(?:และ|โดย)?ให้(?!ความ|การ|สัมภาษณ์|เกียรติ|ข้อมูล|ข้อคิด|คำ|สิทธิ|บริการ|แก่|กับ|เป็น|เกิด|มี(?!การ))\s?\S|"
    r"(?<!ข้อ)(?:กำชับ|เน้นย้ำ|เร่งรัด|ขอความร่วมมือ)(?!ที่จะ|ถึง|ว่า)\s?(?:%s\S{0,30}\s?|ที่ประชุม\s?)?ให้\s?"
    r"(?!ความ|การ|เกียรติ|ที่ประชุม|เห็น|แก่|กับ|ทราบ)\S|"
    r"(?<!ข้อ)กำชับ(?!\s?(?:ให้|ว่า)|ถึง|ที่จะ|ไว้|แล้ว)\s?\S|(?<!ข้อ)(?:กำชับ|เน้นย้ำ)ไปยัง\s?%s[^\n]{0,120}?(?:ให้|ในการ)"
    % (_ADDRESSEE, _TO_DO, _PAPER, _ASSIGNEE, _ASSIGNEE)
)
_ADVERB = r"(?:ต่าง|ยัง|ก็|จึง|คง|ได้ตกลง|สามารถ|วางแผน(?:ที่)?|มีแผน(?:ที่)?)?"
# The actor starts a word: "ไทยจะ", "โดยไทยจะ", "มากไปกว่านั้นทั้งสามประเทศจะ", not "เศรษฐกิจไทยจะ".
# ("ยินดีที่ทั้งสองฝ่ายจะ…" welcomes a joint plan; "ที่ไทยจะเป็นเจ้าภาพ" is a relative clause)
_WORD_START = r"(?:(?<=^)|(?<=\s)|(?<=โดย)|(?<=ซึ่ง)|(?<=และ)|(?<=ว่า)|(?<=จึง)|(?<=ยินดีที่)|(?<=กว่านั้น))"
_JOINT = (
    r"(?:ฝ่ายไทย|ประเทศไทย|ไทย|%s|ผู้นำทั้งสอง|ที่ประชุม|อาเซียน|"
    r"คณะทำงาน\S{0,60}|คณะกรรมการ\S{0,60}|เรา|ตน|รมว\.\S{0,60}|รัฐมนตรี\S{0,60}|ปลัด\S{0,60}|อธิบดี\S{0,60}|นายกฯ|"
    r"(?:ท่าน|นาย|นาง)\S+(?:\s\S+){0,3}?\s(?:รมว\.|รมช\.|ปลัด|อธิบดี)\S{0,60})"
) % _SIDES
# A concrete next step, not a policy or an outlook ("ไทยจะคุ้มครองดูแล…", "ไทยจะได้รับ…").
_STEP = (
    r"(?:ได้)?(?:มีการ)?(?:จัด(?!ขึ้น|ส่ง)|ลงนาม|เดินทาง|เป็นเจ้าภาพ|เร่ง|ผลักดัน|ประสาน|มอบหมาย|"
    r"ดำเนินการ|เสนอ|ตั้ง|แต่งตั้ง|ส่ง(?!เสริม)|ติดตาม|ร่วมกัน|เข้าร่วม|ให้ความช่วยเหลือ|ให้การสนับสนุน|"
    r"สนับสนุนเงิน|ไป|หารือ(?:ใน|ร่วมกัน)?รายละเอียด|หารือ(?:ใน|เพื่อ)?การกำหนด|สรรหา|ศึกษา|พิจารณา|จ้าง|"
    r"ทบทวน|เชิญ(?!ชวน|ให้)|ส่งมอบ|นำ(?!ไปสู่|มาซึ่ง|แนวคิด|แนวทาง|ประสบการณ์|ความรู้|องค์ความรู้)|ประกาศ|สรุป|รวบรวม|เปิด(?:ด่าน|สำนักงาน|ตลาด|ศูนย์)|เตรียม|"
    r"ให้ความร่วมมือใน)"
)
_PREPARE = r"เตรียม(?:การ)?(?:จัด|ผลักดัน|ลงนาม|เสนอ|ส่ง(?!เสริม)|เดินทาง)"
_WILL = r"(?:จะ(?:สามารถ)?%s|%s|มีกำหนด(?!การ)|มีแนวคิดที่จะ|มีแนวทางที่จะ)" % (_STEP, _PREPARE)
_PLANNED = re.compile(
    r"%s%s%s\s*(?:%s|คาดว่าจะ%s)|"
    r"%s%s\S{0,60}(?:\s+(?:และ\s*)?\S{1,30}?){0,2}\s*%s%s|"
    r"(?:^|\s|(?<=และ)|(?<=โดย)|(?<=อีกทั้ง)|(?<=จากนั้น))จะ(?:ร่วมกัน|มอบหมาย|จัด(?!ขึ้น|ส่ง)|ลงนาม|เสนอ|"
    r"มีการ(?:ลงนาม|จัดตั้ง|ตั้ง|สรุป|จัด(?!ขึ้น)|เสนอ))|"
    r"การประชุม[^\n]{0,80}?(?:ครั้งต่อไป|ครั้งที่\s*[0-9๐-๙]+)\s?(?:จะ|มีกำหนด)(?:จัด)?ขึ้น(?:ที่|ณ)\s?(?:ประเทศ)?ไทย|"
    r"คาดว่า(?:ทั้งสองฝ่าย|ไทย)?จะ\S{0,15}?(?:ลงนาม|จัดตั้ง|จัดทำ)|"
    r"(?:^|\s)%s|"
    r"(?:^|\s|(?<=และ)|(?<=ซึ่ง))(?:ใน)?ปี(?:หน้า|\s*[0-9๐-๙]{4})\s?(?:\S{0,40}\s?)?จะ%s|"
    r"(?:^|(?<=และ)|(?<=โดย)|(?<=จากนั้น))จะ(?:ผลักดัน|ดำเนินการ|เร่ง|เตรียม|เชิญ(?!ชวน|ให้)|ส่งมอบ|"
    r"เปิด(?:ด่าน|สำนักงาน|ตลาด|ศูนย์))|"
    r"จะมีการตั้ง|(?<=และ)มีแผน(?:ที่จะ|จะ)?(?:จัด|ลงนาม|เดินทาง|เสนอ|ตั้ง)"
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
    r"พร้อม(?:ที่จะ|จะ|ให้|สนับสนุน|ร่วม|เร่ง|ผลักดัน)|"
    r"(?<!บริหาร)(?<!ให้เตรียม)(?<!ให้ เตรียม)ความพร้อม|ยินดี(?!ที่ทั้งสองฝ่าย)|หวัง|"
    r"เชื่อมั่น|เชื่อว่า|คาดการณ์|ปรารถนา|ขอบคุณ|ชื่นชม|อวยพร|มุ่ง|ประสงค์|สนใจ|(?<!จะ)เชิญ|โอกาส(?:ดี|อันดี)|เป็นโอกาส(?:ที่|ให้)[^\n]{0,40}?จะได้|"
    r"(?<!ต่าง)(?<!จึง)ขอให้(?!\s*%s|\s?(?:%s\s?)?%s)" % (_ASSIGNEE, _ADDRESSEE, _TO_DO)
)
_DONE = re.compile(
    r"ได้รับมอบหมาย|รับมอบหมาย|(?:คณะรัฐมนตรี|ครม\.)\s?(?:\([^)\n]{0,30}\))?(?:\s?ได้)?\s?(?:มีมติ|เห็นชอบ|อนุมัติ)|"
    r"เนื่องด้วย|เนื่องจากมติ|"
    r"ตามที่[^\n]{0,100}?(?:มอบหมาย|สั่งการ)|ตามที่(?:ได้|เคย)?(?:มอบหมาย|สั่งการ|มีมติ|ตกลง)|ตามที่ได้|(?:^|\s)ตามที่(?!ประชุม)[^\n]{0,60}?จะเป็นเจ้าภาพ|สืบเนื่อง|จากการที่|หลังจากที่|ที่ผ่านมา|ได้เตรียม|(?:แล้ว|เเล้ว)(?:\s|$)|"
    r"เมื่อ(?:วันที่|ปี|ครั้ง)|"
    r"ได้(?:ลงนาม|จัด|มอบ(?!หมาย|นโยบาย)|ร่วมกัน|ดำเนิน|หารือ)"
)
# A cue denied: "ยืนยันไม่เคยสั่งการให้…", "ไม่ได้มอบหมายให้…", written with no space ("…หรือไม่ จึงขอ
# ให้…" asks a question and then instructs).
_DENIED = re.compile(r"(?<!หรือ)ไม่(?:เคย|ได้)?(?:มี)?$")
_DENIAL = 12  # characters before a cue's words that may deny it
_PROPOSAL = re.compile(r"(?:^|\s|ได้|ไทย)เสนอ(?!ให้\s*%s)|ข้อเสนอ" % _AGENCY)
# Agreement in general terms: to cooperate, to strengthen relations, to talk again.
_GENERAL = re.compile(
    r"(?:ที่จะ|ให้|จะ)(?:ยังคง|ร่วมกัน|ได้)?(?:ส่งเสริม|กระชับ|เพิ่มพูน|สานต่อ|ขยาย|พัฒนา|ผลักดัน|"
    r"เสริมสร้าง|ยกระดับ|เร่งรัด|ร่วมมือ|มี)(?:ความร่วมมือ|ความสัมพันธ์|กัน(?:ใน|ทั้ง)|อย่างใกล้ชิด)|"
    r"(?:ที่จะ|ให้|จะ)(?:ยังคง)?ร่วมมือ(?:กัน)?|"
    r"จะ(?:ได้)?(?:มีการ)?(?:หารือ(?!ใน|เพื่อ)|แลกเปลี่ยน(?:ความคิดเห็น|ข้อคิดเห็น|การเยือน|มุมมอง)|เดินทางไปมาหาสู่)|"
    r"หน่วยงาน(?:ต่าง\s?ๆ|ในพื้นที่|ที่เกี่ยวข้อง)?\s*(?:มีการ)?(?:ร่วมกัน)?บูรณาการ|ทำงานอย่างบูรณาการ|"
    r"agreed to (?:further )?(?:promote|strengthen|enhance|expand|deepen|cooperate|forge|explore|"
    r"work (?:closely )?together|support each other)"
)
_ENUM_INTRO = re.compile(r"(?:ได้แก่|ดังนี้|อาทิ|คือ|:)\s*$")
_ENUM_ITEM = re.compile(r"^\(?[0-9๐-๙]{1,2}\s?[).]\s*")  # "1)", "(1)", "๑ ."
_LEAD_WORDS = re.compile(
    r"^(?:นอกจากนี้|ทั้งนี้|อนึ่ง|และ|ในการนี้|โอกาสนี้|ในโอกาสนี้|อย่างไรก็ดี|อย่างไรก็ตาม|ในตอนท้าย|"
    r"พร้อมกันนี้)\s*,?\s*"
)
_MIN_LENGTH = 15
_INTRO_ONLY = 80  # characters: a list's introduction this short states nothing but the list
_THAI_MEMBER = frozenset(
    {"ASEAN", "APEC", "BIMSTEC", "ACMECS", "Mekong-Lancang Cooperation", "IMT-GT", "United Nations"}
)
_CLAUSE = 60  # characters before a cue that belong to its clause
_KINDS = (_AGREED, _ASSIGNED, _PLANNED, _DIRECTED)
# "เห็นพ้องที่จะดำเนินความร่วมมือใน 4 ด้าน ได้แก่ 1) …": the list starts inside the sentence.
_ENUM_STARTS = re.compile(r"(?:ได้แก่|ดังนี้|อาทิ|คือ|:)\s*\(?[0-9๐-๙]{1,2}\s?[).]")
# "มอบหมายให้ A … และให้ B …": where a second assignment with its own office (by name or by its
# Thai acronym: "… และให้ กยท. รายงาน…") starts.
_NEXT_ASSIGNMENT = re.compile(
    r"\s(?=(?:และ|รวมทั้ง|พร้อมทั้ง)?\s*(?:ให้|มอบหมายให้|ขอให้)\s*(?:%s|%s))"
    % ("|".join(PREFIXES), _ACRONYM)
)
# An office told by its Thai acronym alone ("มีมติให้ กยท.ประสาน…"), known to the report only.
_TOLD_BY_ACRONYM = re.compile(r"ให้\s*%s" % _ACRONYM)
_TOPIC_MAX_CHARS = 60  # a numbered item's opening at most this long is its topic
_NEXT_MEETING = re.compile(r"การประชุม\S{0,40}(?:ครั้งต่อไป|ครั้งที่\s*[0-9๐-๙]+|อีกครั้ง)|เป็นเจ้าภาพ")
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


# "มอบหมายให้ นาย ก … เข้าร่วมการประชุม / เป็นหัวหน้าคณะผู้แทน": who represents Thailand at the
# meeting reported, not a task after it.
_DELEGATE = re.compile(
    r"\s*(?:นาย|นาง|นางสาว|ดร\.|ศ\.|รศ\.|พล|พัน|ร้อย|ท่าน)\S{0,60}[^\n]{0,150}?"
    r"(?:(?:เป็นหัวหน้าคณะ|เป็นผู้แทน|เป็นประธาน|เข้าร่วม(?:การ)?(?:ประชุม|พิธี|งาน)|ให้การต้อนรับ|กล่าว|"
    r"เข้าพบ|เข้าประชุม|ร่วมประชุม|นำทีม)|(?P<visit>หารือ(?:กับ|ร่วมกับ)|ลงพื้น))"
)
# ... a visit or talks only when the sentence tells them as held: at a place, on a day ("มอบหมายให้
# นาง ก … ลงพื้นที่จังหวัดเพชรบุรี … ณ องค์การบริหารส่วนตำบล…"); else they are the task.
_TOLD_AS_HELD = re.compile(r"(?:^|\s)ณ\s|เมื่อ|วันนี้")
# A meeting's own resolution naming a person ("ที่ประชุมได้มอบหมายให้นาย ก … ลงพื้นที่…") is a task.
_RESOLVED = re.compile(r"(?:ที่ประชุม\S{0,20}|(?<!สม)มติ\S{0,30})\s?(?:ได้|จึง|ยัง|จึงได้)?\s?$")
# "ตามนโยบายของ <minister> ที่ได้สั่งการให้ …": the standing policy, told as background.
_POLICY_OF = re.compile(r"นโยบาย\s?ของ[^\n]{0,100}?ที่(?:ได้)?\s?$")
# "ตามที่ <someone> มอบหมายให้ …": an assignment made before, told as background.
_AS_ASSIGNED = re.compile(r"ตามที่(?!ประชุม)[^\n]{0,100}$")
# A foreign person named in Latin script ("H.E. Erica …", "Mr. …") as the subject.
_FOREIGN_PERSON = re.compile(r"(?:H\.E\.|Mr\.|Ms\.|Mrs\.|Dr\.|Prof\.)\s*[A-Z]|นาย\s*[A-Z][a-z]")
# The two sides or the Thai side as the actor just before the cue.
_JOINT_ACTOR = re.compile(
    r"%s|ผู้นำทั้งสอง|ที่ประชุม|ฝ่ายไทย|(?:ประเทศ)?ไทย\s*(?:และ|กับ|[-–]|จะ|ได้|ยัง)" % _SIDES
)


# Agreeing to promote, support or strengthen something abstract ("เห็นพ้องที่จะช่วยส่งเสริม
# ความร่วมมือ…", "ทั้งสองฝ่ายจะร่วมกันส่งเสริมความเชื่อมโยง…") is a direction, not a step; unless a
# concrete object follows (a project, an agreement, a meeting, an office to open).
_PROMOTE = re.compile(
    r"(?:ที่จะ|ให้|จะ|ควร)\s?(?:ช่วย|ร่วม(?:กัน)?|พิจารณา|ยังคง|ได้|ต่าง)?\s?"
    r"(?:ส่งเสริม|กระชับ|สนับสนุน|เสริมสร้าง|ยกระดับ|ขยาย|ร่วมมือ|ประสานท่าที)"
)
_CONCRETE = re.compile(
    r"โครงการ|ความตกลง|บันทึก|MOU|การเจรจา|ลงนาม|จัดตั้ง|คณะทำงาน|การประชุม|ศูนย์|เปิด|แผน|ภายใน|"
    r"เงิน|งบประมาณ|ทุน|จำนวน"
)


def _abstract_aim(sentence: str, cue: re.Match[str]) -> bool:
    aim = _PROMOTE.search(sentence, cue.start(), cue.end() + 15)
    return aim is not None and not _CONCRETE.search(sentence, aim.end(), aim.end() + 80)


# What names the foreign side just before its country: "ฝ่ายกัมพูชา", "รัฐบาลญี่ปุ่น",
# "นายกรัฐมนตรีของกัมพูชา", "รัฐมนตรีว่าการกระทรวง…แห่งเวียดนาม".
_FOREIGN_SIDE = re.compile(
    r"(?:ฝ่าย|ทาง|รัฐบาล|(?:นายก)?รัฐมนตรี\S{0,40}(?:ของ|แห่ง)|ประธานาธิบดี(?:ของ|แห่ง)?)\s*$"
)


def _foreign_actor(before: str) -> bool:
    """Whether the clause before a cue makes the foreign side its actor ("ซึ่งฝ่ายเวียดนามเห็นว่า …
    จึงมอบหมายให้ …", "H.E. Erica … ได้เห็นพ้องที่จะ …")."""
    clause = before[-_CLAUSE * 2 :]
    if _FOREIGN_PERSON.search(clause):
        return True
    for place in find_places(clause):
        if place.country.code != "TH" and _FOREIGN_SIDE.search(clause[: place.pos]):
            return True
    return False


# In a meeting with no foreign party, a Thai office's (or the speaker's) next step is the
# meeting's follow-up ("กรมท่าอากาศยานจะเปิดให้บริการ…", "โดยจะเริ่มนำร่อง…");
# an outcome ("จะทำให้", "จะส่งผล", "จะได้รับ") is not. In talks with a foreign side such a
# sentence is as often the other side's plan or an outlook, so there it needs a named step.
_DOMESTIC_PLAN = re.compile(
    r"(?:^|\s|โดย|และ|ซึ่ง)(?:%s\S{0,60}\s?|ตน|เรา|ทั้ง\s?[0-9๐-๙]+\s?หน่วยงาน|หน่วยงาน\S{0,60}\s?)?(?:ก็|ยัง|จึง)?"
    r"จะ(?:ต้อง|ได้)?(?:มีการ)?(?:ร่วม(?:กัน)?)?"
    r"(?!ทำให้|เป็นประโยชน์|เป็นการ|ส่งผล|ช่วย|ได้รับ|มี(?!การ)|เกิด|สามารถ|นำไปสู่|เป็น(?!หน่วยงานหลัก|เจ้าภาพ)|"
    r"ไม่|ยัง|ยิ่ง|ต้องมี|ดีขึ้น|เพิ่มขึ้น|ลดลง|ขยายตัว|เติบโต|กลับ|คุ้มครอง|ดูแล)"
    r"(?:เริ่ม|เปิด|พิจารณา|ส่งเสริม|สนับสนุน|ขับเคลื่อน|ลงพื้นที่|รายงาน|นำ|จัด|ประสาน|เร่ง|ดำเนินการ|ปรับ|ทำ|"
    r"สำรวจ|เสนอ|แจ้ง|ติดตาม|ตรวจ|ออก|เป็นหน่วยงานหลัก|เป็นเจ้าภาพ)|"
    r"(?:^|\s|ยัง|และ|โดย|%s\S{0,60}\s?)เตรียม(?:การ)?(?:นำ|กระจาย|จัด|ผลักดัน|เสนอ|ออก|ปรับ|เปิด|ส่ง(?!เสริม)|ขยาย)|"
    # a request with no addressee: to those present in a domestic meeting, to the other side in
    # talks with a foreign one
    r"(?:^|\s|โดย|และ|ได้)(?:ขอ|จึงขอ)ให้\s?%s|"
    # a scheduled step, an order to set something up, a step "จะได้" take, a body to be set up
    r"มีกำหนด(?:การ)?(?:จะ)?(?:จัด|เดินทาง|ลงนาม|เปิด|รายงาน|ประชุม)|"
    r"(?:^|\s|โดย|และ)ให้มีการ(?:ยกระดับ|จัดตั้ง|ตั้ง|ปรับ|จัด|เพิ่ม)|"
    r"จะได้(?:มีการ)?(?:ประสาน|แจ้ง|นำ|จัด|เสนอ)|พิจารณา(?:จัดตั้ง|แต่งตั้ง|ตั้ง)"
    % (_AGENCY, _AGENCY, _TO_DO)
)


def _cues(sentence: str, *, domestic: bool = False) -> list[re.Match[str]]:
    kinds = (*_KINDS, _DOMESTIC_PLAN) if domestic else _KINDS
    return [m for rx in kinds for m in rx.finditer(sentence)]


def _holds(sentence: str, cue: re.Match[str]) -> bool:
    """Whether the clause of ``cue`` states an action: not a wish, a thing done, a proposal or
    an agreement in general terms."""
    begin = max(0, cue.start() - _CLAUSE)
    clause = sentence[begin : cue.end()]
    done = _DONE.search(sentence, begin, cue.end())
    if _WISH.search(clause) or (done is not None and done.start() < cue.start()):
        return False
    words = _words_start(cue)
    if _DENIED.search(sentence[max(0, words - _DENIAL) : words]):
        return False
    proposal = _PROPOSAL.search(clause, 0, len(clause) - len(cue.group()))
    if proposal is not None and not (
        cue.re is _AGREED and re.search(r"ที่ประชุม|ทั้งสองฝ่าย", clause[proposal.end() :])
    ):
        return False
    if _abstract_aim(sentence, cue):
        return False
    if cue.re is _ASSIGNED and (
        _delegated(sentence, cue)
        or _AS_ASSIGNED.search(sentence, max(0, cue.start() - 110), cue.start())
    ):
        return False
    if _POLICY_OF.search(sentence, max(0, cue.start() - 120), cue.start()):
        return False
    return not _GENERAL.search(sentence, cue.start(), cue.end() + 40)


def _words_start(cue: re.Match[str]) -> int:
    """Where a cue's words start: a cue may match the space before them."""
    return cue.start() + len(cue.group()) - len(cue.group().lstrip())


def _delegated(sentence: str, cue: re.Match[str]) -> bool:
    """Whether an assignment names who was sent to the meeting or visit the report tells."""
    delegate = _DELEGATE.match(sentence, cue.end())
    if delegate is None or _RESOLVED.search(sentence, max(0, cue.start() - 50), cue.start()):
        return False
    return not delegate.group("visit") or bool(_TOLD_AS_HELD.search(sentence))


def is_action(sentence: str, *, domestic: bool = False) -> bool:
    """Whether a Thai sentence states a follow-up action (see the module docstring); in a
    ``domestic`` meeting (no foreign party) a Thai office's stated next step is one too."""
    return bool(_action_cues(_ENUM_ITEM.sub("", sentence, count=1), domestic=domestic))


def _action_cues(sentence: str, *, domestic: bool) -> list[re.Match[str]]:
    """The cues of ``sentence`` that state an action: holding (:func:`_holds`), and with the Thai
    or both sides as the actor."""
    found = []
    for cue in _cues(sentence, domestic=domestic):
        if not _holds(sentence, cue):
            continue
        joint = _JOINT_ACTOR.search(sentence, max(0, cue.start() - _CLAUSE), cue.end())
        if joint is not None or not (
            _foreign_subject(sentence) or _foreign_actor(sentence[: cue.start()])
        ):
            found.append(cue)
    return found


# Where a clause may start inside a sentence: a space before a joining word ("…ภายใน 30 วัน
# พร้อมเน้นย้ำให้…", "… รวมทั้งขอให้…", "… และจะเชิญ…").
_JOINERS = r"(?:และ|รวมทั้ง|รวมถึง|พร้อม(?:ทั้ง)?|โดย|อีกทั้ง|ตลอดจน|นอกจากนั้น|นอกจากนี้|ทั้งนี้|จึง|ซึ่ง)"
_JOINING = re.compile(r"\s(?=%s(?!ที่|กับ|กัน|ความ|การ(?!จัด)|เป็น|เฉพาะ))" % _JOINERS)
_JOINING_WORD = re.compile(r"^%s\s*" % _JOINERS)
# A verb of doing that opens a task ("ประสาน…", "สำรวจ…", "จัดทำ…").
_TASK_VERB = (
    r"(?:ประสาน|เสนอ|เตรียม|ส่ง(?!เสริม)|สื่อสาร|จัดทำ|จัดตั้ง|แยก|ศึกษา|รายงาน|สำรวจ|เร่ง|ทำความเข้าใจ|"
    r"ทำแผน|ขับเคลื่อน|ติดตาม|ตรวจ|กำกับ|ปรับปรุง|ยกเลิก|หา(?:แนวทาง|วิธี|พื้นที่)|พัฒนา|ลงนาม|"
    r"แลกเปลี่ยน|เปิด|สร้าง|กำชับ|เน้นย้ำ|สั่งการ|มอบหมาย|จับกุม|เข้มงวด|เฝ้าระวัง|รวบรวม|"
    r"บูรณาการ|ประชาสัมพันธ์|จัด(?!ขึ้น|ส่ง|การ\S))"
)
# A second task of the same actor, after the first ("… รวมทั้งให้สำรวจ…", "… อีกทั้งให้ประสาน…"):
# a joining word, a request, then a verb of doing.
_CONTINUED = re.compile(
    r"(?:และ|รวมทั้ง|รวมถึง|พร้อม(?:ทั้ง)?|อีกทั้ง|ตลอดจน)\s?(?:จะ|ให้|ขอให้|ได้ให้)\s?(?:มีการ)?%s"
    % _TASK_VERB
)
# A further instruction naming no office is for the office of the one before ("ขอให้ ทร. ดูแล…
# รวมทั้งให้ประสานกับ ตร. ท้องที่…").
_SAME_ADDRESSEE = re.compile(r"(?:ขอ|ได้)?ให้\s?(?:มีการ)?%s" % _TASK_VERB)
_CONTINUED_MIN = 25  # characters: shorter second verbs stay with the first ("ติดตาม และรายงานผล")


def _clauses(sentence: str, *, domestic: bool) -> list[str]:
    """The actions of a sentence, one text each: a sentence that states several ("สั่งการให้
    กรมราชทัณฑ์รีบสอบสวน … รวมทั้งกำชับให้ …", "… จะมีการสรรหาผู้อำนวยการ … และเตรียมการจัด
    ประชุม …") is cut where a clause holding its own action cue starts; a clause with none stays
    with the action before it (the sentence's opening with the first)."""
    stripped = _ENUM_ITEM.sub("", sentence, count=1)
    cues = [_words_start(cue) for cue in _action_cues(stripped, domestic=domestic)]
    joins = [m.start() + 1 for m in _JOINING.finditer(stripped)]
    continued = [
        j for j in joins
        if cues and j > min(cues) + _CONTINUED_MIN and _CONTINUED.match(stripped, j)
        and len(stripped) - j >= _CONTINUED_MIN
    ]
    cues += continued
    starts = [0, *joins]
    starts += [c for c in cues if c and stripped[c - 1].isspace()]
    starts = sorted(set(starts))
    bounds = list(zip(starts, [*starts[1:], len(stripped)], strict=True))
    parts: list[str] = []
    setting = sentence[: len(sentence) - len(stripped)]  # the item's number, if any
    for begin, end in bounds:
        part = stripped[begin:end].strip()
        if any(begin <= cue < end for cue in cues):
            parts.append(f"{setting}{part}")
            setting = ""
        elif parts:
            parts[-1] = f"{parts[-1]} {part}"
        else:
            setting = f"{setting}{part} "
    return [_LEAD_WORDS.sub("", part) for part in parts[:1]] + [
        _JOINING_WORD.sub("", part) for part in parts[1:]
    ]


def _assignments(sentence: str) -> list[str]:
    """A sentence of two assignments, each naming its own office ("มอบหมายให้ A … ภายในวันที่ D
    และให้ B …"), as two parts, so that D stays with A; what comes before the first (a numbered
    decision's topic naming an office, "1. การปรับปรุงแผนการเดินรถไฟของ รฟท.") stays with it."""
    parts: list[str] = []
    for part in _NEXT_ASSIGNMENT.split(sentence):
        topic = (
            len(parts) == 1
            and len(parts[0]) <= _TOPIC_MAX_CHARS
            and _ENUM_ITEM.match(parts[0]) is not None
            and "ให้" not in parts[0]
        )
        office = parts and (find_agencies(parts[-1]) or _TOLD_BY_ACRONYM.search(parts[-1]))
        if parts and (topic or not office):
            parts[-1] = f"{parts[-1]} {part.strip()}"
        else:
            parts.append(part.strip())
    return [_LEAD_WORDS.sub("", part) for part in parts]


def _item(text: str, after: date | None) -> FollowUpData:
    item = make_item(text, after=after)
    if _NEXT_MEETING.search(text):
        item.due_date = None  # the date of the next meeting is no deadline
    return item


# A resolution approving or noting a paper ("เห็นชอบต่อรายงาน EIA…", "รับทราบ…").
_APPROVES_PAPER = re.compile(r"(?:ให้ความ)?(?:เห็นชอบ|อนุมัติ)%s|รับทราบ" % _PAPER)


def _numbering_style(number: str) -> str:
    """ "1)", "1." or "(1)": how an enumeration numbers its items."""
    if number.startswith("("):
        return "(1)"
    return "1)" if number.rstrip().endswith(")") else "1."


def _sentences(paragraph: str) -> list[str]:
    """The units of a paragraph that may be actions: its sentences. A numbered decision of a
    press release ("1. <topic> : ที่ประชุมเห็นพ้องให้ … และมอบหมายให้ …") gives one unit per action
    it states; its topic stays with the first."""
    return [_LEAD_WORDS.sub("", paragraph[start:end]) for start, end in sentence_spans(paragraph)]


_OPEN_END = re.compile(r"(?:ให้|ว่า|โดย)\s*$")


def _rejoined(paragraphs: list[str]) -> list[str]:
    """Paragraphs, a line cut after "สั่งการให้" / "กล่าวว่า" joined to the next one."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out and _OPEN_END.search(out[-1]):
            out[-1] = f"{out[-1]} {paragraph}"
        else:
            out.append(paragraph)
    return out


def items_from_prose(
    paragraphs: list[str], *, after: date | None = None, domestic: bool = False
) -> list[FollowUpData]:
    """The actions stated in running text, one item a sentence (see the module docstring);
    ``domestic``: the meeting has no foreign party (see :func:`is_action`)."""
    items: list[FollowUpData] = []
    listing = False  # inside an enumeration that an action introduced (its items may be paragraphs)
    style: str | None = None  # how that enumeration numbers its items: "1)", "1." or "(1)"
    for paragraph in _rejoined(paragraphs):
        if not _CUE.search(paragraph) and not (listing and _ENUM_ITEM.match(paragraph)):
            listing = False
            continue
        for sentence in _sentences(paragraph):
            number = _ENUM_ITEM.match(sentence)
            enumerated = number is not None
            if number is not None and listing:
                style = style or _numbering_style(number.group())
            # an item numbered otherwise is a point inside an item ("2) … ได้แก่ 1. … 2. …")
            listed = (
                listing
                and number is not None
                and _numbering_style(number.group()) == style
                and not _APPROVES_PAPER.match(sentence, number.end())
            )
            stated = is_action(sentence, domestic=domestic)
            action = stated or listed
            introduces = stated and bool(
                _ENUM_INTRO.search(sentence) or _ENUM_STARTS.search(sentence)
            )
            if not enumerated:
                listing = action and introduces
                style = None
            elif action and introduces:
                listing, style = True, None
            if not action:
                continue
            if (
                introduces
                and not enumerated
                and len(sentence) <= _INTRO_ONLY
                and _ENUM_INTRO.search(sentence)
            ):
                continue  # "โดยทั้งสองฝ่ายจะร่วมกันดำเนินการ ดังนี้": the items that follow are the actions
            clauses = _clauses(sentence, domestic=domestic) if stated else [sentence]
            offices: list[str] = []  # of the sentence's item before
            for part in (p for clause in clauses for p in _assignments(clause)):
                if len(part) >= _MIN_LENGTH:
                    item = _item(part, after)
                    if not item.agencies and _SAME_ADDRESSEE.match(part):
                        item.agencies = list(offices)
                    items.append(item)
                    offices = item.agencies
    return items


def agreements_from_prose(
    paragraphs: list[str], *, after: date | None = None
) -> list[FollowUpData]:
    """What the meeting agreed or resolved, as stated in a form's summary ("ทั้งสองฝ่ายเห็นพ้อง
    ที่จะ…", "ที่ประชุมมีมติ…"): the form's follow-up section lists the offices' tasks, while the
    agreements themselves are told in the summary. Assignments and plans there are left to the
    follow-up section."""
    return [item for item in items_from_prose(paragraphs, after=after) if _agreed(item.text)]


def _agreed(sentence: str) -> bool:
    holding = [cue for cue in _cues(sentence) if _holds(sentence, cue)]
    return bool(holding) and all(cue.re is _AGREED for cue in holding)


# Taking part in a meeting still to come: "มีกำหนดจะนำคณะเข้าร่วม…", "จะเข้าร่วมการประชุม…",
# "จะเป็นประธานการประชุม…" (not a visitor who "ได้นำคณะเข้าพบ").
_ATTENDING = re.compile(
    r"(?:มีกำหนด(?:การ)?\s?(?:จะ)?|(?<!ผู้ที่)จะ)\s?(?:เข้าร่วม(?:การ)?(?:ประชุม|เสวนา)|นำคณะ|"
    r"เดินทางไป(?:ร่วม|เยือน|ประชุม)|เป็นประธาน(?:ใน)?(?:การ)?ประชุม)"
)
# Attended: the subject took part ("… เข้าร่วมการประชุม…"), not a guest who came ("มาเข้าร่วม").
_ATTENDED = re.compile(r"(?<!ผู้)(?<!ไม่)(?<!มา)เข้าร่วม(?:การ)?ประชุม")
# ... not the end of an attendee list ("โดยมี … เข้าร่วมประชุม").
_ATTENDEES = re.compile(r"โดยมี|พร้อมด้วย")
_ATTENDEE_REACH = 200  # characters of an attendee list before "เข้าร่วมประชุม"
# Who was sent to attend: the attending verb right after their names and titles, no other
# clause between ("… สั่งการให้เร่งช่วยเหลือโดยเร่งด่วน และในวันพรุ่งนี้ … จะเป็นประธาน…" is two).
_SENT = re.compile(r"(?:ได้)?(?:มอบหมาย|สั่งการ)(?:ให้)?(?:(?!โดย|เพื่อ|จะ|และใน)[^\n]){0,150}$")


def _on_the_days(item: str, days: tuple[date, date]) -> bool:
    """Whether the item's first date is a day of the meeting ("1. วันที่ 7 เมษายน 2565 รัฐมนตรี…
    จะเข้าร่วม…" in a report of a meeting held 7-8 April 2565): a day of its programme."""
    span = first_date_span(item)
    return span is not None and span.precision == "day" and days[0] <= span.start <= days[1]


def tells_meeting(
    item: str, date_phrase: str, *, domestic: bool, days: tuple[date, date] | None = None
) -> bool:
    """Whether a prose item states the report's own meeting and nothing to do: the sentence its
    date was read from, telling who will attend or chair it ("ระหว่างวันที่ 27 พ.ย.-2 ธ.ค. 64 …
    มีกำหนดจะนำคณะเข้าร่วมการประชุม…") or who attended it ("เมื่อวันที่ 21 เมษายน 2565 …
    เข้าร่วมการประชุมเชิงปฏิบัติการ…"), or a day of its programme within ``days`` (the meeting's
    first and last day), with no action stated before or after that ("… จึงสั่งการให้เร่งช่วยเหลือ
    และในวันพรุ่งนี้ (22 ก.ค. 64) ท่านนายกจะเป็นประธานประชุม…" is kept)."""
    if date_phrase not in item and not (days and _on_the_days(item, days)):
        return False
    told = _ATTENDING.search(item)
    if told is None:
        told = _ATTENDED.search(item)
        if told is None:
            return False
        if _ATTENDEES.search(item, max(0, told.start() - _ATTENDEE_REACH), told.start()):
            return False  # the end of an attendee list
    before = item[: told.start()]
    sent = _SENT.search(before)
    if sent is not None:
        before = before[: sent.start()]  # "ได้มอบหมายให้ปลัดกระทรวง… เข้าร่วมประชุม…": sent to attend
    after = item[told.end() :]
    return not (is_action(before, domestic=domestic) or is_action(after, domestic=domestic))
