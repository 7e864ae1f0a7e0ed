"""The foreign parties to a reported meeting: countries (ISO codes) and international
organisations, each with the phrase it was read from.

Only a report of a meeting has parties (its lead names a meeting, talks, a call or a visit).
Countries are read from the title and the first paragraphs; a country counts as a party when
the text ties it to the meeting rather than mentioning it as a topic:
- it is named in a title that names a meeting or a partnership;
- a person, office or government of it is named ("เอกอัครราชทูตสหรัฐอเมริกาประจำประเทศไทย",
  "รัฐมนตรีว่าการกระทรวงวัฒนธรรมและวิจิตรศิลป์กัมพูชา"), but not Thailand's own envoy to it
  ("เอกอัครราชทูตไทยประจำ…", "เอกอัครราชทูต ณ กรุง…");
- it is the other side of a bilateral pair ("ไทย – จีน", "ระหว่างไทยกับมาเลเซีย");
- it is in a list of participants ("ประเทศสมาชิก … ได้แก่ กัมพูชา ลาว เมียนมา และเวียดนาม"),
  not of examples ("เช่น …") or of development partners in the background;
- it hosts or chairs the meeting ("… ทำหน้าที่เป็นประธานและเจ้าภาพ");
- it, or its capital, speaks in the meeting ("กรุงพนมเปญ นำเสนอ…", "กรุงเนปยีดอเห็นด้วย…");
- its leader is named by title and name, as a speech addresses them ("ท่านประธานาธิบดีไบเดน");
- a Thai delegation travels to visit it ("เดินทางเยือนซาอุดีอาระเบีย").
It is no party when it is the topic ("เรื่องเมียนมา", "แรงงานไทยในฟินแลนด์"), its companies,
traders or market took part or are meant ("ภาคเอกชนสหรัฐฯ", "ผู้นำเข้าฮ่องกง", "สู่ตลาดฮ่องกง"),
the pair is the subject of a statement about what the two are ("ไทยและญี่ปุ่นเป็นประเทศที่…"),
the title names it as a venue ("ณ นครเจนีวา สมาพันธรัฐสวิส", "ณ ประเทศโปแลนด์"), it is a link
of a route ("จีน – ลาว – ไทย") or the frame of trade ("การค้าระหว่างไทยกับจีน"), or
it is part of an organisation's name ("องค์การความร่วมมือเซี่ยงไฮ้").
Thailand is implied and never listed. Organisations count when the title or the opening two
paragraphs name them (further on they are mostly topics), not as a region, frame or topic
("ภูมิภาคอาเซียน", "ในกรอบอาเซียน", "การเป็นเจ้าภาพเอเปค") nor as the event a bilateral meeting
was held beside ("ในโอกาสเข้าร่วมการประชุมผู้นำเขตเศรษฐกิจเอเปค"); a list of organisations taking
part ("ผู้แทนองค์กรระหว่างประเทศ ได้แก่ …"), like a list of countries taking part, counts further
on too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from archive.reference.gazetteer import PlaceMatch, find_places
from archive.reference.international import InternationalMatch, find_internationals
from archive.reference.leaders import find_leaders
from archive.store.recorddata import Span

_LEAD = 3  # paragraphs after the title
_ORG_LEAD = 2  # organisations named further on are mostly topics (ASEAN, APEC)
# Words that name a meeting, a call, a visit or a signing (Thai and English).
MEETING_WORDS = re.compile(
    r"หารือ|ประชุม|เยี่ยมคารวะ|เข้าพบ|พบปะ|พบกับ|เยือน|ลงนาม|ต้อนรับ|สนทนา|ศึกษาดูงาน|พูดคุย|เจรจา|"
    r"\b(?:meeting|talks|call|visit|summit)\b",
    re.IGNORECASE,
)
# A title that names a meeting or a partnership: the countries it names are the parties. Other
# titles name a country as a destination, a recipient or a language ("ไทยช่วยเหลือศรีลังกา…",
# "เล็งส่งเยาวชนฝึกงานญี่ปุ่น", "การอบรมภาษาอังกฤษ - จีน"); the text must tie it to the meeting.
_TITLE_MEETING = re.compile(
    MEETING_WORDS.pattern + r"|ร่วมมือ|ผนึก|กระชับ|จับมือ|ความสัมพันธ์|คำนับ|บันทึกความเข้าใจ|MOU|"
    r"\b(?:discuss\w*|meets?|cooperat\w*|relations?|ties|partnership|agree\w*|bilateral|"
    r"forum|conference)\b",
    re.IGNORECASE,
)
_NOT_A_MEETING = re.compile(r"คำกล่าว|สุนทรพจน์|ถ้อยแถลง|สาร(?:จาก|ของ|แสดง)|บทความ")
# A cabinet decision ("ครม. เห็นชอบ…") reports no meeting with a partner, unless its title says
# it approves the outcome of one ("ครม.เห็นชอบผลการประชุมคณะกรรมาธิการร่วม…").
_CABINET_TITLE = re.compile(
    r"^(?:(?:ที่ประชุม\s*)?ครม\.?|สรุป(?:ข่าว)?(?:ผล)?การประชุม\s?(?:คณะรัฐมนตรี|ครม\.?)|มติ\s?(?:คณะรัฐมนตรี|ครม\.?))"
    r"(?!.*ผลการ(?:ประชุม|หารือ|เยือน))"
)
# ... or whose opening tells what the cabinet decided ("…เปิดเผยหลังการประชุมคณะรัฐมนตรี (ครม.)
# เมื่อวันที่ 8 พฤศจิกายน 2565 ครม.เห็นชอบร่างเอกสารสำคัญ 3 ฉบับ…": drafts to be signed, RULES.md
# set k), unless what it approves is about a meeting: its minutes or outcome, Thailand's position
# for it, or the statement it will adopt (RULES.md sets d and q).
_CABINET_LEAD = re.compile(
    r"(?:หลัง|ภายหลัง)(?:การ)?ประชุม\s?(?:คณะรัฐมนตรี|ครม\.?)[^\n]{0,120}?(?:ครม\.?|คณะรัฐมนตรี)\s?"
    r"(?:ได้)?\s?(?:มีมติ)?\s?(?:เห็นชอบ|อนุมัติ|รับทราบ)"
)
_ABOUT_A_MEETING = re.compile(
    r"ท่าที|ร่าง(?:ปฏิญญา|แถลงการณ์|ถ้อยแถลง|เอกสารผลลัพธ์|เอกสารวาระ)|ผลการ(?:ประชุม|หารือ|เยือน)|"
    r"บันทึกการประชุม"
)
_CABINET_LEAD_PARAGRAPHS = 3  # long paragraphs after the title where the cabinet's decision is told
# A cabinet decision approving the declaration a meeting with partners adopts ("ครม.เห็นชอบร่าง
# ปฏิญญาร่วมของการประชุมระดับรัฐมนตรี…"): that meeting's parties are named (RULES.md).
_MEETING_DECLARATION = re.compile(
    r"ร่าง(?:ปฏิญญา|แถลงการณ์|เอกสารผลลัพธ์)[^\n]{0,80}?(?:ของ|ใน|สำหรับ)\s?(?:เวที)?(?:การ)?ประชุม"
)
# Mentions of a meeting that are no meeting of the report: the cabinet's session, a hall.
_NOT_THE_MEETING = re.compile(
    r"(?:ที่)?ประชุม\s*(?:คณะรัฐมนตรี|ครม\.?)|(?:หอ|ห้อง|ศูนย์)ประชุม(?:\S*)"
)
# A meeting still ahead ("มีกำหนดการประชุมร่วมกับ…") has decided nothing yet.
_AHEAD = re.compile(r"จะ|มีกำหนด|เตรียม|แผน")
# The Thai side holding or attending a meeting (a domestic committee has follow-ups too).
_HELD = re.compile(
    r"(?:เป็นประธาน|ร่วม|เข้าร่วม|จัด|เรียก)(?:ใน)?(?:การ)?ประชุม|ประชุม(?:คณะ|ร่วม|หารือ|มอบนโยบาย|ติดตาม|เชิง)|"
    r"ที่ประชุม(?:ได้|มี|เห็น)|หารือ(?:ร่วม)?กับ|เยี่ยมคารวะ|เข้าพบ|เยือน|(?:พูดคุย|เจรจา)\S{0,30}ระหว่าง|"
    r"(?:เป็นประธาน|สักขีพยาน)(?:ใน)?(?:พิธี)?(?:การ)?ลงนาม|ร่วม(?:ใน)?พิธี(?:การ)?ลงนาม"
)
# A meeting's resolution told anywhere in the body ("มติที่ประชุม…", "ที่ประชุมยังได้มีมติ…",
# "ที่ประชุมเห็นชอบ…"): a meeting was held, whatever the lead says.
_DECIDED = re.compile(
    r"มติที่ประชุม(?!คณะรัฐมนตรี|ครม)|"
    r"ที่ประชุม(?!คณะรัฐมนตรี|ครม)(?:[^\n]{0,30}?มีมติ|[^\n]{0,20}?เห็นชอบ)"
)
_OPENING = 80  # characters: a shorter first paragraph is a dateline or a repeated heading
# A person, office or government of the country named just before it (no space between).
_ROLE = re.compile(
    r"(?:เอกอัครราชทูต|อุปทูต|ทูต|รัฐมนตรี|นายกรัฐมนตรี|ประธานาธิบดี|ประธาน|ผู้แทน|ผู้ช่วยทูต|"
    r"เลขาธิการ|อธิบดี|ปลัด|ผู้ว่า|นายกเทศมนตรี|รัฐบาล|กระทรวง|มกุฎราชกุมาร|สมเด็จ|กษัตริย์|"
    r"เจ้าชาย|ผู้นำ|ตำรวจ|กองทัพ|ฝ่าย|หน่วยงาน|Ambassador|Minister|President|Prime)\S{0,40}$"
)
# An official title ending in "แห่ง<country>" ("รัฐมนตรีว่าการกระทรวงที่ดิน โครงสร้างพื้นฐาน
# การขนส่งและการท่องเที่ยวแห่งญี่ปุ่น"): the title may hold spaces, not a clause break.
_OFFICIAL_OF = re.compile(
    r"(?:รัฐมนตรี|กระทรวง|เลขาธิการ|อธิบดี|ผู้ว่าการ|ประธาน|สำนักงาน|กรม|สภา)[^\n]{0,100}?"
    r"(?<!ไทย)แห่ง\s?(?:ประเทศ|สาธารณรัฐ|ราชอาณาจักร)?\s?$"
)
# Thailand's own envoy to the country.
_THAI_ENVOY = re.compile(r"(?:ทูต|กงสุล\S*)(?:ไทย)?\s*(?:ประจำ|ณ)\s*(?:ประเทศ|กรุง|นคร)?\s*$")
_PAIR_BEFORE = re.compile(
    r"(?:ไทย|อาเซียน|ASEAN)\s*[-–]\s*$|ระหว่าง(?:ประเทศ)?ไทย(?:และ|กับ)\s*$|ไทย(?:กับ|และ)\s*$|"
    r"(?:อาเซียน|อาเชียน|ASEAN)\s*(?:และ|กับ)\s*$|Thailand\s*(?:[-–]|and)\s*$"
)
# A country that is the topic of the sentence ("ผู้แทนพิเศษ … เรื่องเมียนมา", "แรงงานไทยในฟินแลนด์",
# "หลังสหรัฐอเมริกาจัดระดับไทย…"), the addressee of a report sent later ("…และส่งสหรัฐอเมริกา",
# "จะได้แจ้งไปยังสถานเอกอัครราชทูตสหรัฐอเมริกา"), whose companies took part ("หารือภาคเอกชน
# สหรัฐฯ": RULES.md, a company abroad is no party), or a European Parliament member's home
# ("สมาชิกรัฐสภายุโรปของโปแลนด์": RULES.md, that is the EU).
_COUNTRY_TOPIC = re.compile(
    r"(?:เรื่อง|(?<!ร่วม)ใน(?:ประเทศ)?|หลัง(?:จาก)?|ภาคเอกชน|เอกชน|บริษัท|นักลงทุน|นักธุรกิจ|"
    r"ตลาด|ผู้นำเข้า|ผู้ส่งออก|ผู้ประกอบการ|"
    r"(?:และ|เพื่อ)ส่ง|แจ้ง(?:ไป)?ยัง\S{0,20}|รัฐสภายุโรป(?:ของ|จาก)|กรม|"
    r"(?<!กระทรวง)(?<!กรม)(?<!ทูต)(?<!รัฐมนตรี)(?<!สำนักงาน)แรงงาน(?:ต่างด้าว)?(?:สัญชาติ)?|สัญชาติ|ชาว|นักท่องเที่ยว(?:ชาว)?|ผู้(?:หนีภัย|ลี้ภัย|อพยพ)\S{0,30})\s*$"
)
# A language of a list of languages ("อบรมภาษาอังกฤษ - จีน", "ภาษาอังกฤษ จีน เกาหลี ญี่ปุ่น").
_LANGUAGES_BEFORE = re.compile(
    r"ภาษา(?:[^\s\-–,]{2,12}?(?:\s*[-–,/]\s*|\s+|\s*และ\s*|\s*หรือ\s*)){1,6}$"
)
# A bilateral pair named as the frame of trade, of a route or of a topic ("การค้าระหว่างประเทศไทย –
# เมียนมา", "โครงการรถไฟความเร็วสูงไทย-จีน", "ในประเด็นความสัมพันธ์ไทย-จีน"), not as the sides of
# the meeting.
_PAIR_TOPIC = re.compile(r"(?:การค้า|การลงทุน|มูลค่า|รถไฟ|เส้นทาง|ประเด็น)\S{0,30}$")
# ... or a thing the two have ("กัญชงของไทยและญี่ปุ่น"), unless an office or a person is theirs
# ("รัฐมนตรีว่าการกระทรวงการต่างประเทศของไทยและญี่ปุ่น").
_THING_OF = re.compile(r"\Sของ\s*$")
# ... or the subject of a statement about what the two are ("ไทยและญี่ปุ่นเป็นประเทศที่มีความ
# สัมพันธ์ใกล้ชิด"); "ไทยกับลาวมีความสัมพันธ์…" said by both sides still names the other side.
_PAIR_STATEMENT = re.compile(r"\s*(?:ต่าง)?(?:ก็)?เป็น(?:ประเทศ|มิตร|หุ้นส่วน)")
_PAIRS_OFFICIAL = re.compile(
    r"(?:รัฐมนตรี|กระทรวง|รัฐบาล|ผู้แทน|ผู้นำ|เอกอัครราชทูต|ประธานาธิบดี|นายกรัฐมนตรี|เลขาธิการ)\S{0,40}ของ\s*$"
)
# "ณ นครเจนีวา สมาพันธรัฐสวิส": a venue, not a party.
_VENUE_BEFORE = re.compile(r"(?:^|\s)ณ\s*(?:\S+\s+)?(?:ประเทศ|สาธารณรัฐ|ราชอาณาจักร)?$")
# The country a Thai delegation travels to visit ("เดินทางเยือนซาอุดีอาระเบีย", "เดินทางไปเยือน
# ประเทศญี่ปุ่น"); a bare "เยือน" is as often a guest's visit to Thailand.
_VISITED = re.compile(r"เดินทาง(?:ไป)?เยือน(?:ประเทศ|ราชอาณาจักร|สาธารณรัฐ)?\s*$")
_CHAIN_BEFORE = re.compile(r"[^\s\-–]+\s*[-–]\s*[^\s\-–]+\s*[-–]\s*$")
_CHAIN_AFTER = re.compile(r"\s*[-–]\s*[^\s\-–]+\s*[-–]\s*[^\s\-–]")
_DASH_BEFORE = re.compile(r"[^\s\-–]\s*[-–]\s*$")
_DASH_AFTER = re.compile(r"\s*[-–]\s*[^\s\-–]")
_PAIR_AFTER = re.compile(r"\s*[-–]\s*(?:ประเทศ)?ไทย|\s*[-–]\s*(?:อาเซียน|ASEAN)")
_LIST_GAP = re.compile(r"[\s,]*(?:และ|หรือ)?\s*(?:ประเทศ|สาธารณรัฐ|ราชอาณาจักร)?\s*")
_LIST_INTRO = re.compile(
    r"(?:ได้แก่|ประกอบด้วย|อาทิ|ดังนี้|จาก|ทั้ง|คู่เจรจา\s?\S{0,4}\s?\()\s*(?:ประเทศ)?\s*$"
)
# A list in brackets after the group it spells out ("ผู้แทนจากประเทศสมาชิกอาเซียน (บรูไน …
# เวียดนาม) ประเทศคู่เจรจา (จีน ญี่ปุ่น และเกาหลีใต้)"): who took part is said before the first.
_BRACKETED_INTRO = re.compile(r"(?:สมาชิก\S{0,20}|คู่เจรจา\S{0,4})\s?\(\s*$")
# A list whose first item is the ASEAN members as a group ("ผู้เข้าร่วม ได้แก่ ผู้นำและผู้แทนประเทศ
# สมาชิกอาเซียน ออสเตรเลีย จีน …"): the countries after the group are in it.
_MEMBERS_FIRST = re.compile(
    r"(?:ได้แก่|ประกอบด้วย)\s*(?:ผู้นำ|ผู้แทน|และ|\s)*(?:ประเทศ)?สมาชิก(?:อาเซียน|ASEAN)\S{0,3}\s*$"
)
_BRACKETED_SPAN = 300  # characters back from a bracketed list to the words naming participants
_TAKING_PART = re.compile(r"ผู้แทน|เข้าร่วม|ร่วมกับ|เจ้าหน้าที่อาวุโส")
# A country or its capital speaking in the meeting ("กรุงพนมเปญ นำเสนอโครงการ…", "กรุงบันดาร์
# เสรีเบกาวันและกรุงเนปยีดอเห็นด้วยต่อ…", "สิงคโปร์ได้เสนอ…"), not an initiative it proposed
# before ("ข้อริเริ่มที่จีนเสนอ").
_ACTS_AFTER = re.compile(
    r"\s*(?:ที่|ได้|ก็|จึง)?\s*(?:เห็นด้วย|เห็นพ้อง|(?:นำ)?เสนอ|ยืนยัน|ตอบรับ|ขอบคุณ|ชื่นชม)"
)
_ACTOR_GAP = re.compile(r"\s*(?:,|และ)\s*")
# ... nor Thailand's envoy posted there ("อัครราชทูต (ฝ่ายเกษตร) ประจำกรุงโรม ได้นำเสนอ…").
# ... nor the news media of a country ("ตามที่สำนักข่าวญี่ปุ่นนำเสนอ").
_NOT_AN_ACTOR = re.compile(
    r"(?:ที่|ประจำ\s*(?:ประเทศ|กรุง|นคร)?|ณ\s*(?:ประเทศ|กรุง|นคร)?|สำนักข่าว|สื่อ(?:มวลชน)?|หนังสือพิมพ์)\s*$"
)
# From the last country of a list of participants to the list of the other side.
_SIDE_GAP = re.compile(r"\s*กับ[^\n]{0,80}?(?:ได้แก่|ประกอบด้วย)\s*(?:ประเทศ)?\s*")
_PARTICIPANTS = re.compile(r"ผู้แทน|ผู้นำ|เข้าร่วม|ร่วมกับ|สมาชิก|รัฐมนตรี|ทูต|คณะ|ร่วม")
# Not a list of the meeting's participants: examples, partners in the background, a body's
# membership ("ปัจจุบันสมาพันธ์ฯ มีประเทศภาคีสมาชิกทั้งสิ้น ๑๐ ประเทศ ได้แก่"), or fellow trainees
# of a course ("ผู้เข้ารับการศึกษาดูงานจำนวน 14 คน จาก 9 ประเทศ ได้แก่").
_OFFICIALS_OF = re.compile(r"(?:รัฐมนตรี|ผู้นำ|ผู้แทน|เจ้าหน้าที่อาวุโส)(?:ของ|จาก)?\s*(?:ประเทศ)?\s*$")
_NOT_PARTICIPANTS = re.compile(
    r"เช่น\s*$|หุ้นส่วน|มี(?:ประเทศ)?(?:ภาคี)?สมาชิก|ผู้เข้ารับ(?:การ)?(?:ศึกษาดูงาน|ฝึกอบรม|อบรม)"
)
_UN = "United Nations"
_UN_NEAR = 80  # characters between "สหประชาชาติ" and the acronym of the agency it belongs to
_UN_GLOSS = re.compile(r"\s*\(\s*")  # "…แห่งสหประชาชาติ (UNODC)"
_UN_NAME_GOES_ON = re.compile(r" (?:[A-Z][a-z]+)")
_UN_OF = re.compile(r"(?:แห่ง|ของ)\s*(?:องค์การ)?$")  # "UNODC … สำนักงาน…แห่งสหประชาชาติ"
_EXAMPLE = re.compile(r"(?:เช่น|ยกเว้น)\s*$")
# An organisation named as a region, a frame, the owner of a topic or a place, not as a party:
# "ภูมิภาคอาเซียน", "ในอาเซียน", "ความร่วมมือในกรอบอาเซียน", "ในบรรดาสมาชิกอาเซียน", "ฉันทามติ …
# ของอาเซียน", "ตามมติของสหประชาชาติ", "อนุสัญญาองค์การแรงงานระหว่างประเทศ", "ศูนย์อาเซียนด้าน…",
# "ชิงแชมป์อาเซียน", "การเป็นเจ้าภาพเอเปค", "ณ สำนักงานใหญ่สหประชาชาติ".
_ORG_TOPIC = re.compile(
    r"(?:ภูมิ(?:ภาค)?|ใน(?:กรอบ(?:ความร่วมมือ)?|กลุ่ม)?|ในบรรดา(?:ประเทศ)?สมาชิก|ของ|มติ(?:ของ)?|"
    r"(?<!ผู้นำ)เขตเศรษฐกิจ(?:สมาชิก)?|"
    r"พันธกรณี(?:ของ)?|อนุสัญญา|ภายใต้|ชิงแชมป์|ศูนย์|เจ้าภาพ(?:การประชุม)?|ในฐานะ\S{0,30}|"
    r"ณ\s*(?:สำนักงานใหญ่|ศูนย์(?:การ)?ประชุม)?)\s*$"
)
# Members of an organisation named one by one ("ประเทศสมาชิกเอเปค จำนวน ๖ ประเทศ ได้แก่ …"): the
# members are the parties (RULES.md), not the organisation.
_MEMBERS_BEFORE = re.compile(r"(?:ประเทศ|รัฐ)สมาชิก\s*$")
_MEMBERS_NAMED = re.compile(r"[^\n]{0,40}?(?:ได้แก่|คือ)")
# ... unless a person or an office of the organisation precedes "ของ" ("ผู้แทนพิเศษของ
# เลขาธิการสหประชาชาติ", "ผู้บริหารสูงสุดของ UNDP").
_ORG_MEMBER = re.compile(
    r"(?:ผู้\S*|เลขาธิการ\S*|Director|ประธาน\S*|หน่วยงาน\S*|สำนักงาน\S*|คู่เจรจา)ของ\s*$"
)
# A bilateral meeting held on the occasion of a multilateral one ("ในโอกาสเดินทางเข้าร่วมการ
# ประชุมผู้นำเขตเศรษฐกิจเอเปค", "ในห้วงการประชุมสุดยอดอาเซียน", "ในฐานะแขกพิเศษของการประชุม…",
# "นอกเหนือจากกรอบการประชุมเอเปค"): that event is no party to it; nor is an event that news of
# its preparations or support names ("ความพร้อมดูแลสุขภาพประชุมผู้นำเอเปค", "รับประชุมเอเปค").
_ORG_SIDELINE = re.compile(
    r"(?:ในโอกาส|ในห้วง|นอกเหนือจาก|นอกรอบ|แขกพิเศษ|ระหว่างการเข้าร่วม|รองรับ|รับ(?=ประชุม)|ช่วง|สำหรับ|"
    r"ดูแล|อำนวยความสะดวก|ความปลอดภัย|"
    r"ความพร้อม|ต้อนรับ|จัดเลี้ยง|เตรียม(?:การ|ท่าที|ความพร้อม)|ก่อน|ภายหลัง|หลังจาก)\S{0,60}"
    r"(?:ประชุม|ผู้นำ)\S{0,40}\s?$"
)
# A representative or head of an organisation taking part, further on than the opening
# ("พร้อมด้วยผู้แทนสำนักงานว่าด้วยยาเสพติดและอาชญากรรมแห่งสหประชาชาติ (UNODC)"), and a head of
# state or government, a minister or an ambassador of a country ("นายอูฮูรู เคนยาตา ประธานาธิบดี
# สาธารณรัฐเคนยา เป็นผู้กล่าวเปิด").
_ORG_OFFICIAL = re.compile(
    r"(?:ผู้แทน|ผู้บริหาร\S{0,12}|(?<!สำนัก)เลขาธิการ|ผู้อำนวยการ\S{0,8})(?:ของ)?\s*$"
)
# (a ministry's name runs on with no space, but no verb or preposition is in it: not
# "รัฐมนตรีว่าการกระทรวงเกษตรฯส่งออกทุเรียนไปจีน"; not a deputy or a former one)
_HEAD_OF = re.compile(
    r"(?<!รอง)(?<!อดีต)(?:ประธานาธิบดี|นายกรัฐมนตรี|"
    r"รัฐมนตรี(?:ว่าการ)?กระทรวง(?:(?!ไป|ส่ง|ที่|จาก|กับ|และ|ใน(?!ประเทศ))\S){0,30}|เอกอัครราชทูต)"
    r"(?:แห่ง|ของ)?\s*(?:ประเทศ|สาธารณรัฐ|ราชอาณาจักร|สหพันธ์สาธารณรัฐ)?$"
)
# A summit of a programme with a partner ("การประชุมสุดยอดอาเซียน-สหรัฐฯ", "… อาเซียน – ญี่ปุ่น").
_SUMMIT_WITH = re.compile(r"ประชุม(?:สุดยอด)?(?:ผู้นำ)?\s?(?:อาเซียน|ASEAN)\s*[-–]\s*$")
_GLOSS_GAP = 80  # characters between a name and its gloss in brackets
# A list of organisations taking part ("ผู้แทนองค์กรระหว่างประเทศ ได้แก่ …") or the one that invited
# the Thai side ("ตามคำเชิญของคณะกรรมการบริหารสมาคมพืชสวนระหว่างประเทศ (AIPH)"), read in the whole
# lead; the names of a list are apart by spaces, commas, "และ" or a gloss in brackets.
_ORG_LIST = re.compile(
    r"องค์(?:กร|การ)ระหว่างประเทศ\S{0,12}\s*(?:ได้แก่|ประกอบด้วย|อาทิ)\s*|"
    r"ตามคำเชิญของ\s*(?:คณะกรรมการ(?:บริหาร)?|ผู้อำนวยการ(?:ใหญ่)?|เลขาธิการ|ประธาน)?\s*"
)
_ORG_LIST_GAP = re.compile(r"[\s,]*(?:และ|รวมทั้ง)?\s*")
_ORG_GLOSS = re.compile(r"\s*\([^()\n]{0,120}\)")
_ORG_LIST_SPAN = 600  # characters of a list of organisations
_LIST_LEAD = 8  # paragraphs after the title where a list of participants is still read
# Business councils speak for companies, and a company is no party (RULES.md).
_BUSINESS_COUNCILS = frozenset({"ABAC", "USABC"})
# The host of the meeting reported ("… สาธารณรัฐประชาธิปไตยประชาชนลาว เป็นเจ้าภาพในการจัดการประชุม",
# "สาธารณรัฐฟิลิปปินส์ทำหน้าที่เป็นประธานและเจ้าภาพ", "ราชอาณาจักรกัมพูชาร่วมกับธนาคารพัฒนาเอเชีย
# (ADB) เป็นเจ้าภาพ"), or its chair ("มาเลเซีย ประธานการประชุมฯ", "บรูไนในฐานะประธานอาเซียน").
_HOST_AFTER = re.compile(
    r"\s*(?:ซึ่ง)?(?:ร่วมกับ[^\n]{0,80}?)?(?:ทำหน้าที่)?(?:(?:เป็น|ในฐานะ)(?:ประธานและ)?เจ้าภาพ|"
    r"(?:เป็น|ในฐานะ)?ประธาน(?:การประชุม|ที่ประชุม|ร่วม)|ในฐานะ(?:ประเทศ)?ประธาน)"
)


@dataclass
class Parties:
    """The parties found, and where: offsets into the lead text searched."""

    countries: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    where: dict[str, tuple[int, int]] = field(default_factory=dict)  # into ``lead``
    lead: str = ""


def _cabinet_decision(title: str, paragraphs: list[str]) -> bool:
    """Whether the report tells a cabinet decision, by its title or its opening."""
    if _CABINET_TITLE.match(title):
        return True
    if _ABOUT_A_MEETING.search(title):
        return False
    opening = [p for p in paragraphs if len(p) >= _OPENING][:_CABINET_LEAD_PARAGRAPHS]
    return any(
        _CABINET_LEAD.search(p) and not _ABOUT_A_MEETING.search(p) for p in opening
    )


def reports_meeting(title: str, paragraphs: list[str]) -> bool:
    """Whether the title or the opening paragraphs name a meeting, talks, a call or a visit
    (speeches, cabinet decisions and policy news do not)."""
    if _NOT_A_MEETING.match(title) or _cabinet_decision(title, paragraphs):
        return False
    opening = [p for p in paragraphs if len(p) >= _OPENING][:2]  # the first may repeat the title
    lead = _NOT_THE_MEETING.sub(" ", "\n".join([title, *opening]))
    return bool(MEETING_WORDS.search(lead))


def holds_meeting(title: str, paragraphs: list[str]) -> bool:
    """Whether the report says the Thai side held or attended a meeting (a committee, talks, a
    call), so that what the meeting decided is worth tracking even with no foreign party."""
    if _NOT_A_MEETING.match(title) or _cabinet_decision(title, paragraphs):
        return False
    if _DECIDED.search("\n".join(paragraphs)):
        return True  # the body tells what a meeting resolved
    if not reports_meeting(title, paragraphs):
        return False
    opening = [p for p in paragraphs if len(p) >= _OPENING][:2]
    lead = _NOT_THE_MEETING.sub(" ", "\n".join([title, *opening]))
    return any(
        not _AHEAD.search(lead, max(0, held.start() - 20), held.start())
        for held in _HELD.finditer(lead)
    )


def _names_meeting(title: str, paragraphs: list[str]) -> bool:
    """Whether a report that is no meeting news names a meeting with partners all the same: a
    statement given at an international forum ("ถ้อยแถลง… ในการประชุม Paris Peace Forum") or at a
    meeting or visit with a foreign country ("ถ้อยแถลงข่าวร่วม การเยือนราชอาณาจักรซาอุดีอาระเบีย…"),
    or the cabinet approving a declaration a meeting will adopt."""
    if _NOT_A_MEETING.match(title):
        found = find_internationals(title)
        if any(m.organization.name not in _BUSINESS_COUNCILS for m in found):
            return True
        foreign = any(p.country.code != "TH" for p in _places_outside_names(title, found))
        return foreign and bool(MEETING_WORDS.search(title))
    opening = [p for p in paragraphs if len(p) >= _OPENING][:2]
    return bool(_MEETING_DECLARATION.search("\n".join([title, *opening])))


def _participant_lists(
    text: str, places: list[PlaceMatch], names: list[InternationalMatch]
) -> set[int]:
    """Indexes of ``places`` that are in a list of participants, or in a list whose first
    country an official's title ties to the meeting ("…กับรัฐมนตรีจีน ญี่ปุ่น และสาธารณรัฐเกาหลี")."""
    chosen: set[int] = set()
    run: list[int] = []

    def close() -> None:
        if len(run) >= 2:
            start = places[run[0]].pos
            before = text[max(0, start - 100) : start]
            bracket = _BRACKETED_INTRO.search(text, max(0, start - 40), start)
            if bracket is not None:  # who takes part is said before the group's name
                before = text[max(0, start - _BRACKETED_SPAN) : bracket.start()].split("\n")[-1]
                if _TAKING_PART.search(before) and not _NOT_PARTICIPANTS.search(before):
                    chosen.update(run)
                return
            members = _MEMBERS_FIRST.search(before)
            if members is not None:  # who takes part is said before the members' group
                taking_part = _PARTICIPANTS.search(before, 0, members.start())
                if taking_part and not _NOT_PARTICIPANTS.search(before):
                    chosen.update(run)
                return
            if (
                _LIST_INTRO.search(before[-20:])
                and (_PARTICIPANTS.search(before) or _other_side(text, places, chosen, start))
                and not _NOT_PARTICIPANTS.search(before)
            ) or _OFFICIALS_OF.search(before):
                chosen.update(run)

    gaps = _without_organizations(text, names)  # "… แคนาดา สหภาพยุโรป รัสเซีย …" is one list
    for index, place in enumerate(places):
        if run and _LIST_GAP.fullmatch(gaps, places[run[-1]].endpos, place.pos):
            run.append(index)
        else:
            close()
            run = [index]
    close()
    return chosen


def _actors(text: str, places: list[PlaceMatch]) -> set[int]:
    """Indexes of ``places`` that speak in the meeting, alone or joined by "และ"."""
    acting: set[int] = set()
    run: list[int] = []
    for index, place in enumerate(places):
        if run and not _ACTOR_GAP.fullmatch(text, places[run[-1]].endpos, place.pos):
            run = []
        run.append(index)
        line = _line_before(text, places[run[0]].pos)
        if _ACTS_AFTER.match(text, place.endpos) and not _NOT_AN_ACTOR.search(line):
            acting.update(run)
    return acting


def _without_organizations(text: str, names: list[InternationalMatch]) -> str:
    """``text`` with the organisations ``names`` finds in it blanked out (same length)."""
    parts, last = [], 0
    for match in names:
        if match.pos >= last:
            parts += [text[last : match.pos], " " * (match.endpos - match.pos)]
            last = match.endpos
    return "".join([*parts, text[last:]])


def _other_side(text: str, places: list[PlaceMatch], chosen: set[int], start: int) -> bool:
    """Whether the list starting at ``start`` is the other side of a list of participants just
    before it ("…ระหว่างประเทศผู้ส่งแรงงาน 12 ประเทศ ได้แก่ … และเวียดนาม กับกลุ่มประเทศผู้รับ
    แรงงาน 7 ประเทศ ได้แก่ …")."""
    ends = [places[i].endpos for i in chosen if places[i].endpos <= start]
    return bool(ends) and bool(_SIDE_GAP.fullmatch(text, max(ends), start))


def _is_party(text: str, title_end: int, place: PlaceMatch, listed: bool) -> bool:
    before = text[max(0, place.pos - 60) : place.pos]
    line = _line_before(text, place.pos)
    if _EXAMPLE.search(before) or _COUNTRY_TOPIC.search(line) or _THAI_ENVOY.search(line):
        return False
    if _LANGUAGES_BEFORE.search(line):
        return False
    if place.pos < title_end and _VENUE_BEFORE.search(line):
        return False  # the title names where a multilateral meeting was held
    if (place.pos < title_end and _TITLE_MEETING.search(text, 0, title_end)) or listed:
        return True
    if _chain(text, place):
        return False
    pair = _PAIR_BEFORE.search(before)
    if pair or _PAIR_AFTER.match(text, place.endpos):
        frame = before[: pair.start()] if pair else before
        thing = _THING_OF.search(frame) and not _PAIRS_OFFICIAL.search(frame)
        statement = pair is not None and _PAIR_STATEMENT.match(text, place.endpos)
        return not (_PAIR_TOPIC.search(frame) or thing or statement)
    if _HOST_AFTER.match(text, place.endpos) or _VISITED.search(before):
        return True
    if _OFFICIAL_OF.search(text[max(0, place.pos - 120) : place.pos].rsplit("\n", 1)[-1]):
        return True
    return bool(_ROLE.search(line))


def _chain(text: str, place: PlaceMatch) -> bool:
    """Whether the place is one link of a chain of three or more ("จีน – ลาว – ไทย", a route or a
    growth triangle), not the other side of a bilateral pair."""
    before = text[max(0, place.pos - 60) : place.pos]
    after = text[place.endpos : place.endpos + 60]
    return bool(
        _CHAIN_BEFORE.search(before)
        or _CHAIN_AFTER.match(after)
        or (_DASH_BEFORE.search(before) and _DASH_AFTER.match(after))
    )


def find_parties(title: str, paragraphs: list[str]) -> Parties:
    """The foreign countries and international organisations that took part in the meeting
    the report describes; none when the lead names no meeting."""
    if not (reports_meeting(title, paragraphs) or _names_meeting(title, paragraphs)):
        return Parties(lead="\n".join([title, *paragraphs[:_LEAD]]))
    lead = "\n".join([title, *paragraphs[:_LEAD]])
    parties = Parties(lead="\n".join([title, *paragraphs[:_LIST_LEAD]]))  # the lead is a prefix
    names = find_internationals(parties.lead)
    lead_names = [m for m in names if m.endpos <= len(lead)]
    places = _places_outside_names(lead, lead_names)
    in_lists = _participant_lists(lead, places, lead_names)
    listed = in_lists | _actors(lead, places)
    add: Callable[[list[str], str, int, int], None] = _adder(parties)
    # countries the title names but not as a party (a topic: "…เรื่องเมียนมา"; a venue; Thailand):
    # a later mention in the title does not make them one ("… มุ่งหวังให้เมียนมา…")
    not_in_title: set[str] = set()
    for index, place in enumerate(places):
        code = place.country.code
        title_end = 0 if code in not_in_title else len(title)
        if code != "TH" and _is_party(lead, title_end, place, index in listed):
            add(parties.countries, code, place.pos, place.endpos)
        elif place.pos < len(title):
            not_in_title.add(code)
    opening = len(title) + sum(len(p) + 1 for p in paragraphs[:_ORG_LEAD]) + 1
    matches = [m for m in names if m.endpos <= opening]
    for match in matches:
        if _org_is_party(lead, match, matches):
            add(parties.organizations, match.organization.name, match.pos, match.endpos)
            if match.organization.country:  # a national agency (JICA) speaks for its country
                add(parties.countries, match.organization.country, match.pos, match.endpos)
    # a list of those taking part counts further on too
    further = [p for p in _places_outside_names(parties.lead, names) if p.pos >= len(lead)]
    further_lists = _participant_lists(parties.lead, further, names)
    for match in [
        *_representatives(parties.lead, opening, names),
        *_listed_organizations(parties.lead),
        *_organizations_in_lists(parties.lead, places, in_lists, names),
        *_organizations_in_lists(parties.lead, further, further_lists, names),
    ]:
        add(parties.organizations, match.organization.name, match.pos, match.endpos)
    heads = {  # in a meeting with foreign parties; a domestic one only mentions them
        index
        for index, place in enumerate(further)
        if (parties.countries or parties.organizations)
        and _HEAD_OF.search(_line_before(parties.lead, place.pos))
    }
    for index in sorted(further_lists | _actors(parties.lead, further) | heads):
        place = further[index]
        if place.country.code != "TH":
            add(parties.countries, place.country.code, place.pos, place.endpos)
    if parties.countries or parties.organizations:
        _add_programme_summits(parties, "\n".join([title, *paragraphs]), add)
    if _NOT_A_MEETING.match(title):  # a speech addresses them after its headings
        parties.lead = "\n".join([title, *paragraphs])
    for leader in find_leaders(parties.lead):  # "ท่านประธานาธิบดีไบเดน", "นายกรัฐมนตรีคิชิดะ"
        add(parties.countries, leader.country, leader.pos, leader.endpos)
    return parties


def _add_programme_summits(
    parties: Parties, whole: str, add: Callable[[list[str], str, int, int], None]
) -> None:
    """The partners of the summits a programme names further down than the lead ("14.00 น. -
    การประชุมสุดยอดอาเซียน-จีน"); the text searched then runs to the end of ``whole``."""
    offset = len(parties.lead)
    summits = [
        place
        for place in find_places(whole[offset:])
        if place.country.code != "TH"
        and _SUMMIT_WITH.search(_line_before(whole, offset + place.pos))
    ]
    if summits:
        parties.lead = whole
        for place in summits:
            add(parties.countries, place.country.code, offset + place.pos, offset + place.endpos)


def _line_before(text: str, pos: int) -> str:
    """Up to 60 characters before ``pos``, on its line."""
    return text[max(0, pos - 60) : pos].rsplit("\n", 1)[-1]


def _representatives(
    text: str, opening: int, names: list[InternationalMatch]
) -> list[InternationalMatch]:
    """Organisations a representative or head of which takes part, named after the opening
    ("พร้อมด้วยผู้แทนสำนักงานว่าด้วยยาเสพติด…แห่งสหประชาชาติ (UNODC)")."""
    return [
        match
        for match in names
        if match.pos >= opening
        and _ORG_OFFICIAL.search(_line_before(text, match.pos))
        and _org_is_party(text, match, names)
    ]


def _places_outside_names(text: str, names: list[InternationalMatch]) -> list[PlaceMatch]:
    """The places of ``text`` but those inside an organisation's name ``names`` found there
    ("องค์การความร่วมมือเซี่ยงไฮ้", "กระบวนการบาหลี")."""
    named = [(m.pos, m.endpos) for m in names]
    return [p for p in find_places(text) if not any(a <= p.pos and p.endpos <= b for a, b in named)]


def _organizations_in_lists(
    text: str, places: list[PlaceMatch], listed: set[int], names: list[InternationalMatch]
) -> list[InternationalMatch]:
    """The organisations named among or after the countries of a list of participants ("ได้แก่
    ออสเตรเลีย … เกาหลีใต้ สหภาพยุโรป องค์การสหประชาชาติ (UNGGE, UN OEWG)")."""
    names = [m for m in names if m.organization.name not in _BUSINESS_COUNCILS]
    return [m for i in sorted(listed) for m in _organization_run(text, places[i].endpos, names)]


def _listed_organizations(lead: str) -> list[InternationalMatch]:
    """The organisations of a list of those taking part, wherever the lead gives it ("…ได้หารือ
    กับผู้แทนองค์กรระหว่างประเทศ ได้แก่ ธนาคารโลก ธนาคารพัฒนาเอเชีย และกองทุนการเงินระหว่าง
    ประเทศ")."""
    found: list[InternationalMatch] = []
    for intro in _ORG_LIST.finditer(lead):
        start = intro.end()
        names = [
            replace(m, pos=start + m.pos, endpos=start + m.endpos)
            for m in find_internationals(lead[start : start + _ORG_LIST_SPAN])
        ]
        found += _organization_run(lead, start, names)
    return found


def _organization_run(
    text: str, start: int, names: list[InternationalMatch]
) -> list[InternationalMatch]:
    """The organisations of ``names`` named one after another from ``start``: apart by spaces,
    commas, "และ" or a gloss in brackets (a name inside a gloss is the gloss's)."""
    found: list[InternationalMatch] = []
    last = start
    for match in names:
        if match.pos < last:
            continue
        if not _ORG_LIST_GAP.fullmatch(text, last, match.pos):
            break
        found.append(match)
        gloss = _ORG_GLOSS.match(text, match.endpos)
        last = gloss.end() if gloss else match.endpos
    return found


def _org_is_party(text: str, match: InternationalMatch, matches: list[InternationalMatch]) -> bool:
    """An organisation named in the opening is a party unless it is an example ("เช่น ASEAN"),
    a region, frame or topic (:data:`_ORG_TOPIC`), the place of the meeting ("ณ สำนักงานใหญ่
    สหประชาชาติ") or the event a bilateral meeting was held beside (:data:`_ORG_SIDELINE`);
    "สหประชาชาติ" inside the name of a UN agency found beside it ("…แห่งสหประชาชาติ (UNODC)")
    is that agency, not the UN itself."""
    if match.organization.name == _UN and any(
        other.organization.name != _UN and _un_in_name(text, match, other) for other in matches
    ):
        return False
    if match.organization.name in _BUSINESS_COUNCILS or _gloss(text, match, matches):
        return False  # a gloss: the name it glosses decides
    line = text[max(0, match.pos - 90) : match.pos].rsplit("\n", 1)[-1]
    if _ORG_TOPIC.search(line) and not _ORG_MEMBER.search(line):
        return False
    if _MEMBERS_BEFORE.search(line) and _MEMBERS_NAMED.match(text, match.endpos):
        return False  # its members are named instead
    return not (_EXAMPLE.search(line[-40:]) or _ORG_SIDELINE.search(line))


def _un_in_name(text: str, un: InternationalMatch, other: InternationalMatch) -> bool:
    """Whether "สหประชาชาติ" ends the Thai name of the agency ``other`` glosses or names
    ("โครงการพัฒนาแห่งสหประชาชาติ (UNDP)"), not the UN's own officer beside an agency
    ("เลขาธิการสหประชาชาติ กรรมการผู้จัดการกองทุนการเงินระหว่างประเทศ")."""
    if other.pos >= un.endpos and _UN_GLOSS.fullmatch(text, un.endpos, other.pos):
        return True
    if _UN_NAME_GOES_ON.match(text, un.endpos) and abs(other.pos - un.pos) <= _UN_NEAR:
        return True  # "(United Nations Economic and Social Commission … – UNESCAP)"
    near = other.endpos >= un.pos - _UN_NEAR and other.pos <= un.endpos + _UN_NEAR
    return near and _UN_OF.search(text, max(0, un.pos - 20), un.pos) is not None


def _gloss(text: str, match: InternationalMatch, matches: list[InternationalMatch]) -> bool:
    """Whether ``match`` only glosses in brackets a name of the same organisation just before it
    ("องค์การสหประชาชาติ (UN)", "…ด้านยาเสพติด ครั้งที่ 7 (AMMD)")."""
    for other in matches:
        if other.organization != match.organization or other.endpos > match.pos:
            continue
        between = text[other.endpos : match.pos]
        if len(between) <= _GLOSS_GAP and "(" in between and ")" not in between:
            return True
    return False


def _adder(parties: Parties) -> Callable[[list[str], str, int, int], None]:
    def add(names: list[str], name: str, pos: int, endpos: int) -> None:
        if name not in names:
            names.append(name)
            parties.where[name] = (pos, endpos)

    return add


def source_spans(parties: Parties, locate: Callable[[str, int], Span | None]) -> dict[str, Span]:
    """Where each party was read, in offsets of the original text: ``locate(phrase, after)``
    finds a phrase of the lead there."""
    spans: dict[str, Span] = {}
    for name, (pos, endpos) in parties.where.items():
        context = parties.lead[max(0, pos - 30) : endpos].rsplit("\n", 1)[-1]
        anchor = locate(context, 0)
        found = locate(parties.lead[pos:endpos], anchor[0] if anchor else 0)
        if found is not None:
            spans[name] = found
    return spans
