"""Where a meeting reported in running prose took place: a physical venue, or online.

The lead of a report (its title and first paragraphs) states the venue after "ณ", "ที่" (when a
place word or a known place follows), "เยือน" or "เดินทางไป"; a video or phone meeting says so
("ผ่านระบบการประชุมทางไกล", "หารือทางโทรศัพท์", "Zoom") and is online even when the Thai side
sat in Government House. A hybrid meeting ("แบบผสมผสาน", "ณ … และผ่านระบบ…", "การประชุมจริง
เกิดขึ้น ณ …") keeps its physical venue. A Thai ministry or department named as the venue
without a city is in Bangkok; a foreign venue named without a city takes the city of the same
country that the lead names; a venue naming a country only ("เยือนไทยอย่างเป็นทางการ") takes a
place of that country with a city from the lead's next phrases ("ณ ตึกภักดีบดินทร์ ทำเนียบรัฐบาล").
"""

from __future__ import annotations

import re
from dataclasses import replace

from archive.reference.agencies import find_agencies
from archive.reference.gazetteer import cities, country_by_code, find_places
from archive.store.recorddata import VenueData
from indexer.extract.venues import EMBASSY, resolve_venue, venue_city, venue_ends

_THAI = "\u0e01-\u0e4e"
# Words that open a place after "ที่" (which is mostly a relative pronoun: "ที่ประชุม", "ที่จะ").
_PLACE_WORDS = (
    r"ห้อง|โรงแรม|อาคาร|ตึก|ศูนย์|ทำเนียบ|ศาลาว่าการ|กระทรวง|สำนักงาน"
    r"|กรุง|นคร|เมือง|จังหวัด|จ\.|ประเทศ|สาธารณรัฐ|ราชอาณาจักร|สถานเอกอัครราชทูต|โรงพยาบาล"
    r"|มหาวิทยาลัย|พระราชวัง|วัง|ท่าเทียบเรือ|สนามบิน|ท่าอากาศยาน"
)
# Words that may introduce a place. "ณ" does when a space or a place word follows it ("ณัฐ" is a
# name) and it starts a word, "ณ." so when a known place follows ("ณ.กรุงฮานอย", not an initial);
# "ที่" when a place word follows it and a space or a meeting verb precedes it
# ("ประชุมที่กรุงเทพมหานคร"; elsewhere it is mostly a relative pronoun); "เยือน",
# "เดินทางไป", "ลงพื้นที่" and "เวลาท้องถิ่น" always (the phrase must then name a known place
# to count); "และ" or "จาก" before a meeting room ("ผ่านระบบการประชุมทางไกล … และห้องประชุม
# ๑๐-๐๑ อาคาร…", "…ผ่านระบบวิดีทัศน์ทางไกล จากห้องประชุม 301 ชั้น 3 ตึกบัญชาการ 1 ทำเนียบรัฐบาล").
# Every alternative starts with a literal, so the search skips other positions quickly.
_INTRO = re.compile(
    r"(?:ณ\.?|ที่จัดขึ้นที่|จัดขึ้น(?:ที่|ณ)|ที่|เยือน|เดินทางไป(?:ยัง)?|ลงพื้นที่|เวลาท้องถิ่น(?:ที่)?|"
    r"(?:และ|จาก)(?=ห้องประชุม))\s*"
)
_AFTER_NA = re.compile(r"\s|%s" % _PLACE_WORDS)
# A mission's building goes on with where it is ("ทำเนียบสถานเอกอัครราชทูต ณ กรุงโซล"); an
# ambassador's title does not ("หารือกับเอกอัครราชทูต ณ กรุงวอชิงตัน" names a post).
_MISSION_IN = re.compile(r"(?:สถาน|ทำเนียบ|บ้านพัก)(?:เอกอัครราชทูต|กงสุล(?:ใหญ่)?)(?:ไทย)?\s*$")
_PLACE_AFTER = re.compile(_PLACE_WORDS)
_VERB_BEFORE_THI = ("ประชุม", "หารือ", "ขึ้น", "พบ")
_STOP = re.compile(
    r"\s{2,}(?![0-9๐-๙]|ชั้น|อาคาร|ตึก|กระทรวง|สำนักงาน|กรม|ทำเนียบ|ศาลา)|\s(?=ณ\s|ที่ประชุม|โดย|เพื่อ|พร้อม|ได้|เมื่อ|ซึ่ง|ระหว่าง|จำนวน|ภายหลัง|มี|และ|ใน(?:วัน|ระหว่าง|การ|โอกาส)|"
    r"นาย|นาง|พล|ดร\.|ร่วม|เป็น|จัด|ตั้งแต่|วันที่|กล่าว|ให้|ท่าม|ผู้|รอง|ประธาน|อธิบดี|ปลัด|"
    r"รัฐมนตรี|เอกอัครราชทูต|หัวหน้า|ว่า|ทั้งนี้|นอกจากนี้|อย่างไร|สำหรับ|ตามเวลา|เวลา|ถึง|หลัง|"
    r"ภาย|คณะ|ทาง|กับ|ของ|เข้า|ก่อน|จึง|แต่|ซี่ง|ต่อ|เนื่อง|นับ|อีก|ด้วย|ทั้ง(?!ห)|หารือ|ประชุม)|"
    r"[,\n“\"]|\((?![^()\n]{1,30}\))|\s*$"
)
# A Thai noble surname ("นางยุถิกา อิศรางกูร ณ อยุธยา") is part of a person's name.
_SURNAME_PROVINCE = re.compile(
    r"(?:อยุธยา|สงขลา|ถลาง|เชียงใหม่|ลำปาง|น่าน|ระนอง|นคร|พัทลุง|มหาชัย|บางช้าง|ป้อมเพชร|"
    r"ตะกั่วทุ่ง|ตะกั่วป่า|กาฬสินธุ์|ลำพูน|หนองคาย|จัมปาศักดิ์|พิศณุโลก|ราชสีมา|อุบล|ร้อยเอ็ด|ศรีเกษ)"
)
_PERSON_BEFORE = re.compile(
    r"(?:นาย|นาง|นางสาว|น\.ส\.|ดร\.|คุณหญิง|ม\.ร\.ว\.|ม\.ล\.|หม่อม|พล\.?[อทตร]\.|พลเอก)\s?\S+\s+\S+\s$"
)
# "เอกอัครราชทูต ณ กรุงเวลลิงตัน" is a title, not where the meeting was; so is a diplomat's post
# "อัครราชทูตที่ปรึกษาฝ่ายการพาณิชย์ ณ สถานเอกอัครราชทูตออสเตรียประจำประเทศไทย".
_TITLE_BEFORE = re.compile(r"(?<!สถาน)เอกอัครราชทูต(?:ไทย)?\s*$|กงสุล(?:ใหญ่)?\s*$")
_POST_BEFORE = re.compile(r"(?:ราชทูต|ทูต|กงสุล|เลขานุการ)\S*\s*$")
# ... nor where an office named as someone's sits ("ผู้อำนวยการใหญ่ สำนักงานสหประชาชาติ ณ กรุง
# เวียนนา"), unlike an office that is the venue ("ประชุม ณ สำนักงานสหประชาชาติ ณ นครเจนีวา").
_OFFICE_BEFORE = re.compile(r"(?<!ณ)(?<!ณ\s)(?<!ที่)(?<!ที่\s)สำนักงาน\S{0,40}\s*$")
_HOST_AFTER = re.compile(r"\s*(?:ซึ่ง)?(?:เป็น|ร่วม)?\s*(?:เจ้าภาพ|ผู้จัด)")
_CITY_WORD = re.compile(r"กรุง|นคร|เมือง|ประเทศ")
# A later event's venue ("ซึ่งจะจัดขึ้น … ณ …") or a past one ("เมื่อครั้ง … ณ …", and
# "นับตั้งแต่นายกรัฐมนตรีเดินทางเยือน…" in one run of words up to the place).
_OTHER_EVENT = re.compile(
    r"(?:ซึ่ง|ที่)จะ(?:มี|จัด)ขึ้น|จะจัด(?:ขึ้น)?|กำหนดจัด|ครั้งต่อไป|ครั้งหน้า|เมื่อครั้ง|"
    r"นับ(?:ตั้ง)?แต่\S*$|สำเร็จ(?:ของ|จาก)?(?:การ)?(?:เดินทาง)?เยือน\s*$"
)

_ONLINE = re.compile(
    r"(?:ผ่าน|ด้วย|โดย|ทาง)?(?:ทาง)?ระบบ(?:การ)?(?:ประชุม)?(?:ผ่าน)?(?:สื่อ)?\s*(?:ทางไกล|ออนไลน์|อิเล็กทรอนิกส์|"
    r"ว[ิี]ด[ิี](?:ทัศน์|โอ)(?:ทางไกล|คอนเฟอเรนซ์)?|VDO|Video|VTC|Zoom|ZOOM|e-?conference|"
    r"โทรศัพท์(?:ทางไกล)?)|ประชุม(?:หารือ)?ทางไกล|ทางไกล\s*\(Virtual|Virtual\s+(?:Meeting|Ministerial)|"
    r"(?:หารือ|สนทนา|คุย)(?:ทาง|ผ่าน)โทรศัพท์|ผ่าน(?:ระบบ)?\s*(?:โปรแกรม\s?)?(?:วิดีโอคอนเฟอเรนซ์|Video\s*Conference|Zoom|VTC|"
    r"Microsoft Teams|Webex)|\bvia (?:the )?video ?conferenc\w*|\bvideo ?conference\b|"
    r"\bby (?:tele)?phone\b|ในรูปแบบ(?:การประชุม)?(?:ออนไลน์|ทางไกล)|แบบทางไกล|"
    r"(?:ผ่าน(?:ทาง)?|แบบ|ทาง)\s?ออนไลน์|ประชุม[^\n]{0,40}\sออนไลน์(?=\s*(?:\n|$))|"
    r"(?:ผ่าน|โดย)(?:การ)?บันทึก(?:เทป)?\s?ว[ิี]ด[ิี](?:ทัศน์|โอ)|\bvideo message\b|"
    r"(?:ผ่าน|โดย)(?:ผ่าน)?(?:ทาง)?(?:ระบบ|การประชุม)?\s?(?:สื่ออิเล็[กค]ทรอนิ[กค]ส์|(?:Application|แอปพลิเคชัน)?\s?"
    r"(?:Cisco\s?)?(?:Web[Ee]x|Zoom)(?:\s?Meetings?)?)",
    re.IGNORECASE,
)
# A word every online cue contains.
_ONLINE_WORD = re.compile(
    r"ทางไกล|ออนไลน์|อิเล็กทรอนิกส์|ทัศน์|วิดีโอ|วีดีโอ|วีดิโอ|โทรศัพท์|Zoom|ZOOM|zoom|VTC|VDO|[Vv]ideo|"
    r"Virtual|conferenc|Teams|Webex|WebEx|phone|อิเล็คทรอนิ"
)
_HYBRID = re.compile(
    r"(?:ประชุม|รูปแบบ)(?:แบบ)?ผสม(?:ผสาน)?|\bhybrid\b(?!\s*scam)|ณ\s*สถานที่จริง|การประชุมจริง"
    r"|\bon-?site\b|ออนไซต์|ออนไลน์และ(?:แบบ)?ออฟไลน์",
    re.IGNORECASE,
)
# The online cue was someone else joining ("ร่วมเป็นสักขีพยานผ่านวิดีโอ…") or a second channel
# of a meeting held somewhere ("ณ ห้องประชุม… และผ่านระบบ…").
_SECOND_CHANNEL = re.compile(r"(?:และ|รวมทั้ง|พร้อมทั้ง|ทั้ง)\s*$")
_GUEST = re.compile(r"สักขีพยาน|ร่วมเป็นเกียรติ|ถ่ายทอดสด")
# A title announcing a meeting still to come (RULES.md: the report is labelled as that meeting).
_ANNOUNCED = re.compile(r"เตรียม(?:เดินทาง|เข้าร่วม|ร่วม)|พร้อมเดินทาง|มีกำหนด|จะ(?:เดินทาง|เข้าร่วม|ร่วม)")
# "ณ วันที่ 31 ธันวาคม", "ณ ปัจจุบัน", "ณ สิ้นเดือน…", "ณ ราคาคงที่", "ณ ความชื้น 15%", "ณ ที่นี่": a
# time, a measure or "here", not a place (unless it names one: "ลงพื้นที่ 2 อำเภอของจังหวัดศรีสะเกษ").
_NOT_A_PLACE = re.compile(
    r"(?:วันที่|วันนี้|เวลา|ปัจจุบัน|ขณะ|โอกาส|สิ้น|ราคา|เดือน|ปี(?:\s?[0-9๐-๙]|นี้|หน้า)|ความชื้น|ระดับ|"
    r"อัตรา|ตอนนี้|ที่นี่|ที่นี้|นี้|จุดนี้|[0-9๐-๙])"
)
# Intros that are as often a verb's ("เดินทางไปใช้จ่าย…", "ลงพื้นที่ตรวจเยี่ยม…"): the phrase counts
# only when it names a known place.
_NAMED_ONLY = re.compile(r"เยือน|เดินทางไป|ลงพื้นที่|เวลาท้องถิ่น")
# "ไทยเป็นเจ้าภาพ(การประชุม)" with no venue named: the meeting is in Thailand.
_THAI_HOST = re.compile(r"(?:ประเทศ)?ไทย(?:จะ|ได้)?(?:เป็น|รับเป็น|ในฐานะ)เจ้าภาพ")
_OFFICE = re.compile(r"(?:กระทรวง|ศาลาว่าการ|ทำเนียบ)[%s]" % _THAI)
_LEAD_PARAGRAPHS = 6
_SHORT = 120  # characters: a paragraph shorter than this is a phrase of a longer sentence


def _lead(title: str, paragraphs: list[str]) -> str:
    return "\n".join([title, *paragraphs[:_LEAD_PARAGRAPHS]])


def _phrase_at(text: str, start: int) -> str | None:
    """The place phrase that begins at ``start``, cut where the sentence goes on."""
    window = text[start : start + 160]
    stop = _STOP.search(window, 2)
    if stop and _MISSION_IN.search(window, 0, stop.start()) and window.startswith("ณ", stop.end()):
        stop = _STOP.search(window, stop.end() + 2)  # "ทำเนียบสถานเอกอัครราชทูต ณ กรุงโซล"
    phrase = window[: stop.start() if stop else len(window)]
    ends = [p.endpos for p in find_places(phrase)] + venue_ends(phrase)
    if ends:
        # keep a known venue whole ("ตึกไทยคู่ฟ้า", not the country "ไทย" inside it)
        end = max(ends)
        while end < len(phrase) and phrase[end] not in " ,()":
            end += 1
        phrase = phrase[:end]
    return phrase.strip(" ,") or None


def _introduces(text: str, intro: re.Match[str]) -> bool:
    word, start = intro.group().strip(), intro.start()
    word_start = start == 0 or text[start - 1] in " \t\n("
    if word == "ณ":
        return word_start and bool(_AFTER_NA.match(text, start + 1))
    if word == "ณ.":  # the phrase must then name a known place ("ณ. สมชาย" is an initial)
        return word_start and bool(_AFTER_NA.match(text, start + 2))
    if word == "ที่":
        return bool(_PLACE_AFTER.match(text, intro.end())) and (
            word_start or text.endswith(_VERB_BEFORE_THI, 0, start)
        )
    if word.startswith(("ที่จัดขึ้น", "จัดขึ้น")):
        return word_start
    return True


def venue_phrases(text: str) -> list[tuple[int, str]]:
    """Every place phrase introduced in ``text`` ("ณ …", "ที่ห้อง…", "เยือน…"), with its offset."""
    found = []
    for intro in _INTRO.finditer(text):
        if not _introduces(text, intro):
            continue
        before = text[max(0, intro.start() - 60) : intro.start()]
        word = intro.group()
        if word.startswith("ณ") and (
            (
                (_TITLE_BEFORE.search(before) or _OFFICE_BEFORE.search(before))
                and _CITY_WORD.match(text, intro.end())
            )
            or (_PERSON_BEFORE.search(before) and _SURNAME_PROVINCE.match(text, intro.end()))
            or (_POST_BEFORE.search(before) and EMBASSY.match(text, intro.end()))
        ):
            continue
        phrase = _phrase_at(text, intro.end())
        doubtful = phrase and (
            _NOT_A_PLACE.match(phrase) or _NAMED_ONLY.match(word) or word.strip() == "ณ."
        )
        if doubtful and not _places(phrase):
            continue
        if phrase and phrase.startswith("ของ") and word.startswith("เยือน"):
            continue  # "การเสด็จเยือนของราชวงศ์เบลเยียม": who visits, not where
        if word.strip() == "ที่" and phrase and _HOST_AFTER.match(text, intro.end() + len(phrase)):
            continue  # "การประชุมที่กระทรวงกลาโหมบรูไนเป็นเจ้าภาพ": who hosts, not where
        if phrase and len(phrase) >= 2:
            found.append((intro.end(), phrase))
    return found


def venue_phrase(text: str) -> str | None:
    """The first place phrase in running text (see :func:`venue_phrases`), or an online cue."""
    phrases = venue_phrases(text)
    if phrases:
        return phrases[0][1]
    online = _ONLINE.search(text)
    return online.group().strip() if online else None


def _online_cue(text: str) -> re.Match[str] | None:
    """The first online cue of ``text`` that is about the meeting itself."""
    if not _ONLINE_WORD.search(text):
        return None  # most paragraphs: no need to try the full pattern at every position
    skip_until = -1
    for cue in _ONLINE.finditer(text):
        if cue.start() <= skip_until:
            continue  # "(Video Conference)" right after a cue already set aside
        before = text[max(0, cue.start() - 80) : cue.start()]
        if (
            _SECOND_CHANNEL.search(before[-12:])
            or _GUEST.search(before[-40:])
            or _OTHER_EVENT.search(before)
        ):
            skip_until = cue.end() + 30
            continue
        return cue
    return None


def _thai_office(raw: str) -> bool:
    """Whether ``raw`` names a Thai ministry, department or office (all in Bangkok unless a
    place is named)."""
    return bool(find_agencies(raw) or _OFFICE.search(raw))


def _with_city(venue: VenueData, lead: str) -> VenueData:
    """A foreign venue with no city takes the first city of the same country the lead names."""
    if venue.city or not venue.country_code or venue.country_code == "TH":
        return venue
    for place in find_places(lead):
        if place.city is not None and place.city.country_code == venue.country_code:
            return replace(venue, city=place.city.name_en, city_th=place.city.name_th)
    return venue


def _resolved(raw: str, lead: str) -> VenueData:
    return _with_city(resolve_venue(raw), lead)


def in_thai_office(venue: VenueData) -> VenueData:
    """A venue naming a Thai ministry, department or office ("ณ ห้อง 112 กระทรวงเกษตรและ
    สหกรณ์", "ศาลาว่าการกลาโหม") and no place is in Bangkok, where they all sit."""
    if venue.country_code or venue.online or not _thai_office(venue.raw):
        return venue
    bangkok = next(c for c in cities() if c.name_en == "Bangkok")
    thailand = country_by_code("TH")
    assert thailand is not None
    return replace(
        venue,
        city=bangkok.name_en,
        city_th=bangkok.name_th,
        country_code="TH",
        country_name_th=thailand.name_th,
        country_name_en=thailand.name_en,
    )


# Words that start a clause of their own between two place phrases ("… ที่จะจัดขึ้น ณ จีน ผ่านระบบ
# Zoom ณ ห้องประชุมกระทรวง…", "… ณ เนเธอร์แลนด์ โดยมีผู้บริหารเข้าร่วม ณ ห้องประชุม…"); a date
# between them ("ซึ่งจะจัดขึ้น ณ จีน ระหว่างวันที่ 8 เมษายน – 8 ตุลาคม 2564 ณ เมืองหยางโจว") does not.
_NEW_CLAUSE = re.compile(r"โดย|ผ่าน|เข้าร่วม|พร้อม(?:ด้วย|กับ)|ร่วมกับ")


def _choose(phrases: list[tuple[int, str]], text: str) -> tuple[int, str] | None:
    """The meeting's own venue: the first phrase that is not a later or past event's,
    preferring one that resolves to a place, and a city over its country alone
    ("ตามเวลาท้องถิ่นประเทศญี่ปุ่น ณ ทำเนียบนายกรัฐมนตรีญี่ปุ่น")."""
    candidates = []
    before = 0  # where the phrase before ends
    cut = 0  # where a phrase told apart from this one ends: event words before it are its own
    for pos, phrase in phrases:
        if before and _NEW_CLAUSE.search(text, before, pos):
            cut = before
        if not _OTHER_EVENT.search(text[max(0, pos - 90, cut) : pos]):
            candidates.append((pos, phrase))
        before = pos + len(phrase)
    placed = [(pos, phrase, resolve_venue(phrase)) for pos, phrase in candidates if _places(phrase)]
    if not placed:
        return candidates[0] if candidates else None
    pos, phrase, venue = placed[0]
    if venue.city is None and venue.country_code:
        for later_pos, later, later_venue in placed[1:]:
            if _narrows(venue, later_venue):
                return later_pos, later
    return pos, phrase


def _narrows(venue: VenueData, later: VenueData) -> bool:
    """Whether ``later`` names a city (or a Thai office, in Bangkok) of ``venue``'s country."""
    later = in_thai_office(later)
    return bool(later.city) and later.country_code == venue.country_code


def _units(paragraphs: list[str]) -> list[str]:
    """The lead's paragraphs, a short one joined to the next: a page saved one phrase a line
    ("ณ ห้องประชุม…", "ผ่านทางระบบการประชุมทางไกล") says in several lines what one sentence says."""
    units: list[str] = []
    for paragraph in paragraphs[:_LEAD_PARAGRAPHS]:
        if units and len(units[-1].rsplit("\n", 1)[-1]) < _SHORT:
            units[-1] = f"{units[-1]}\n{paragraph}"
        else:
            units.append(paragraph)
    return units


def prose_venue(title: str, paragraphs: list[str], *, domestic: bool = False) -> VenueData | None:
    """The venue of the meeting a prose report describes, or None when it states none.

    The first paragraph of the lead that states a place or an online cue decides: an online
    cue there (not a guest's, not a second channel, not in a meeting that paragraph or the
    title calls hybrid: "ผสมผสาน" further on is mostly about other activities) or in the title
    makes the meeting online; else its first place phrase that resolves to a place, else the
    next paragraphs' or the title's. A ``domestic`` meeting (no foreign party) chaired from a
    room in Thailand that others joined by video ("ณ ห้องประชุม… กระทรวง… ผ่านระบบการประชุม
    ทางไกล") is held in that room."""
    lead = _lead(title, paragraphs)
    hybrid = _HYBRID.search(lead)
    if hybrid is not None and hybrid.group() == "การประชุมจริง":
        # "…ทางไกล ซึ่งการประชุมจริง เกิดขึ้น ณ นครเกียวโต": the venue follows the cue
        later = [(p, phrase) for p, phrase in venue_phrases(lead) if p > hybrid.start()]
        if later and _places(later[0][1]):
            return _resolved(later[0][1], lead)
    title_online = _online_cue(title)
    if title_online is not None and hybrid is None and not (domestic and _room(paragraphs)):
        return VenueData(raw=title_online.group().strip(), online=True)
    first: tuple[int, str] | None = None
    units = _units(paragraphs)
    for index, unit in enumerate(units):
        phrases = venue_phrases(unit)
        if first is None:
            online = _online_cue(unit)
            if online is not None and not _HYBRID.search(f"{title}\n{unit}") and not (
                domestic and _in_thailand(_choose(phrases, unit))
            ):
                return VenueData(raw=online.group().strip(), online=True)
        chosen = _choose(phrases, unit)
        if chosen is not None and _places(chosen[1]):
            return _narrowed(_resolved(chosen[1], lead), units[index + 1 :])
        first = first or chosen
    chosen = _choose(venue_phrases(title), title)
    if chosen is not None and _places(chosen[1]):
        return _resolved(chosen[1], lead)
    if _ANNOUNCED.search(title):
        # a report announcing the meeting: its venue is the one "ซึ่งจะจัดขึ้น ณ …"
        ahead = [phrase for _, phrase in venue_phrases(lead) if _places(phrase)]
        if ahead:
            return _resolved(ahead[0], lead)
    host = _THAI_HOST.search(lead)
    if host is not None:
        return _resolved(host.group(), lead)
    return _resolved(first[1], lead) if first else None


def _narrowed(venue: VenueData, later_units: list[str]) -> VenueData:
    """A venue naming only a country ("เยือนไทยอย่างเป็นทางการ") takes the first place of that
    country with a city that the lead's next paragraphs name ("ณ ตึกภักดีบดินทร์ ทำเนียบรัฐบาล")."""
    if venue.city or not venue.country_code:
        return venue
    for unit in later_units:
        for pos, phrase in venue_phrases(unit):
            if _OTHER_EVENT.search(unit[max(0, pos - 90) : pos]):
                continue
            later = resolve_venue(phrase)
            if _narrows(venue, later):
                return later
    return venue


def _room(paragraphs: list[str]) -> bool:
    """Whether the first place the lead states is in Thailand (a domestic meeting's room)."""
    for unit in _units(paragraphs):
        chosen = _choose(venue_phrases(unit), unit)
        if chosen is not None:
            return _in_thailand(chosen)
    return False


def _in_thailand(chosen: tuple[int, str] | None) -> bool:
    if chosen is None:
        return False
    venue = resolve_venue(chosen[1])
    return venue.country_code == "TH" or (not venue.country_code and _thai_office(chosen[1]))


def _places(phrase: str) -> bool:
    venue = resolve_venue(phrase)
    return bool(venue.country_code or venue_city(phrase) or _thai_office(phrase))
