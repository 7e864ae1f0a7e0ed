"""Responsible offices named in follow-up text, as separate normalised names."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from archive.reference.gazetteer import find_places
from archive.reference.international import find_internationals
from archive.reference.tables import load_tsv, split_aliases
from archive.thai.normalize import clean_text
from archive.thai.spans import Covered

_SPACE = re.compile(r"\s+")
# Office names start with one of these words. Longer prefixes first: "สำนักงาน" before "สำนัก".
PREFIXES = ("สำนักงาน", "สำนัก", "กองบัญชาการ", "กองบังคับการ", "กองทัพ", "กอง", "กรม", "กระทรวง")
# Words that end an unknown office name: a verb or connective following the name.
_STOP_WORDS = (
    "และ",
    "เพื่อ",
    "เป็น",
    "ได้",
    "ที่",
    "โดย",
    "ซึ่ง",
    "ใน",
    "ต่อไป",
    "ให้",
    "ดำเนิน",
    "รับผิดชอบ",
    "ร่วม",
    "จะ",
    "พิจารณา",
    "ทราบ",
    "หรือ",
    "กับ",
    "จัด",
    "ประสาน",
    "นำ",
    "ติดตาม",
    "กำกับ",
    "ต้อง",
    "ก็",
    "ยัง",
    "เช่น",
    "ต่างๆ",
    "อื่นๆ",
    "ทุก",
    "หารือ",
    "เตรียม",
    "ทำงาน",
    "ทำหน้าที่",
    "รายงาน",
    "ดังนั้น",
    "เท่านั้น",
    "นั้น",
    "ครบ",
    "อย่าง",
    "จำนวน",
    "เร่ง",
    "ชี้แจง",
    "มั่นใจ",
    "ไม่",
)
# An unknown name ends at "ฯ" (U+0E2F), the mark of a name cut short.
_UNKNOWN = re.compile(r"(?P<prefix>%s)[\u0e00-\u0e2e\u0e30-\u0e7f]{2,40}ฯ?" % "|".join(PREFIXES))
# Royal titles ("กรมสมเด็จพระ…", "กรมหลวง…") and ministerial regulations ("กฎกระทรวงว่าด้วย…").
_NOT_OFFICES = ("กรุงเทพ", "กองทุน", "กรมธรรม์", "กรมสมเด็จ", "กรมหลวง", "กระทรวงว่าด้วย")
# What follows an office word in a generic phrase or a sentence, not a name: another office word
# ("กระทรวงกรม", "กระทรวงทบวงกรม"), "whose" words, or a verb ("กรมจะสนับสนุน…", "กระทรวงแจ้ง…").
# Some are stop words too, which are looked for only from the fifth letter on: right after "กรม"
# or "กอง" a stop word may start a real name ("กรมจัดหางาน", "กองประสานราชการยุติธรรมจังหวัด").
_GENERIC = re.compile(
    r"(?:%s|ฯ)$|เจ้าสังกัด|เจ้าของ|ที่เกี่ยวข้อง|ทบวง|หน่วยงาน|อธิบดี|ทุก|"
    r"จะ|ต้อง|ก็|ได้|ให้|ยัง|เตรียม|เร่ง|แจ้ง|พูด|บูรณาการ|รายงาน" % "|".join(PREFIXES)
)
# A person's name right before "กอง…": the word starts a surname (กองจันทร์, กองแก้ว), not an office.
_PERSON_BEFORE = re.compile(
    r"(?:นาย(?!ก|ทะเบียน|อำเภอ|จ้าง|หน้า|ด่าน|ตำรวจ|ทหาร|สิบ|ร้อย|พัน|พล|เรือ)|นางสาว|นาง(?!งาม)|น\.ส\.|ดร\.)"
    r"[\u0e01-\u0e4e]{2,20}$"
)
# An office in an official's title ("รองปลัดกระทรวงแรงงาน เผย…", "โฆษกประจำสำนักนายกรัฐมนตรี") or in
# the name of a meeting ("ที่ประชุม ศบค. มีมติ…", "การประชุมคณะผู้ว่าราชการจังหวัดชายแดน…") names
# who speaks or decides, not a body that will act. A minister's ministry does act: a minister is
# told to or will do a thing for it ("มอบหมายให้รัฐมนตรีว่าการกระทรวงการต่างประเทศพิจารณา…").
_TITLED = re.compile(
    r"(?<!สำนัก)(?<!สำนักงาน)(?<!กอง)(?:ปลัด|อธิบดี|โฆษก(?:ประจำ)?|เลขาธิการ|ผู้อำนวยการ|ผู้บัญชาการ|"
    r"ผู้แทน|ผู้ตรวจราชการ|หัวหน้า|ที่ปรึกษา|ข้าราชการ|ที่ประชุม|คณะ)$"
)
# ... unless the official is the one told to act ("มอบหมายให้ปลัดกระทรวงสาธารณสุขเร่ง…").
_ADDRESSED = re.compile(r"(?:ให้|มอบหมาย|มอบ)(?:รอง|ผู้ช่วย)?$")
_INSIDE = ("กำกับ",)  # a stop word inside a longer word of a name ("กับ" in "กำกับ")
_LEADING_VOWELS = "เแโใไ"  # a stop word right after one is inside a word ("ที่" in "เที่ยว")
_ABBREVIATED = "ฯ"  # "กระทรวงเกษตรฯ": the name goes on, left out; the next word is not part of it


@dataclass(frozen=True)
class Agency:
    name_th: str
    name_en: str


@cache
def known_agencies() -> dict[str, Agency]:
    """Every known office, keyed by each of its names with spaces removed."""
    table: dict[str, Agency] = {}
    for row in load_tsv("agencies.tsv"):
        agency = Agency(row[0], row[1] if len(row) > 1 else "")
        for name in [row[0], *split_aliases(row[2] if len(row) > 2 else "")]:
            table[_SPACE.sub("", name)] = agency
    return table


@lru_cache(maxsize=4096)
def _abbreviation(name: str) -> str | None:
    """The one known office an abbreviated name stands for ("กระทรวงเกษตรฯ" → กระทรวงเกษตรและ
    สหกรณ์), or None when its opening words fit none or several (it is kept as written)."""
    stem = name.rstrip(_ABBREVIATED)
    meant = {agency.name_th for key, agency in known_agencies().items() if key.startswith(stem)}
    return meant.pop() if len(meant) == 1 else None


@cache
def _known_pattern() -> re.Pattern[str]:
    names = sorted(known_agencies(), key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names))


def _trim_unknown(name: str) -> str:
    for stop in _STOP_WORDS:
        cut = name.find(stop, 4)
        while cut > 0 and (name[cut - 1] in _LEADING_VOWELS or name.startswith(_INSIDE, cut - 2)):
            cut = name.find(stop, cut + 1)
        if cut > 0:
            name = name[:cut]
    return name


_FOREIGN_UNIT = ("มณฑล", "แขวง", "เขตปกครอง", "รัฐบาลกลาง")


def _foreign(compact: str, end: int) -> bool:
    """Whether the office name ending at ``end`` belongs to a foreign place named right after it."""
    tail = compact[end : end + 30]
    if tail.startswith(_FOREIGN_UNIT):
        return True
    places = find_places(tail)
    return bool(places) and places[0].pos <= 5 and places[0].country.code != "TH"


def _titled(compact: str, start: int) -> bool:
    """Whether the office name at ``start`` is part of an official's title or a meeting's name."""
    if compact.startswith("ผู้", start) and compact.endswith("รอง", 0, start):
        return True  # a deputy of an official named as an office ("รองผู้ว่าราชการจังหวัด")
    title = _TITLED.search(compact, max(0, start - 20), start)
    if title is None:
        return False
    return not _ADDRESSED.search(compact, max(0, title.start() - 12), title.start())


def _mentions(compact: str) -> Iterator[tuple[str, int, bool]]:
    """Every office named in whitespace-free text: canonical Thai name, where it starts, and
    whether it is named in an official's title or a meeting's name (:data:`_TITLED`)."""
    taken: list[tuple[int, int]] = []
    acronyms: set[int] = set()  # where a known name written as an acronym starts ("พม.")
    for match in _known_pattern().finditer(compact):
        taken.append(match.span())
        if "." in match.group():
            acronyms.add(match.start())
        if not _foreign(compact, match.end()):
            name = known_agencies()[match.group()].name_th
            yield name, match.start(), _titled(compact, match.start())
    unknown = list(_UNKNOWN.finditer(compact))
    if unknown:
        # "สำนักงานป้องกันยาเสพติดและปราบปรามอาชญากรรมแห่งสหประชาชาติ" is UNODC
        taken += [(m.pos, m.endpos) for m in find_internationals(compact)]
    covered = Covered(taken)
    # where a known office name opening with an office word starts: an unknown name ends there
    starts = sorted(start for start, _ in taken if compact.startswith(PREFIXES, start))
    for match in unknown:
        if covered.holds(match.start()) or match.end("prefix") in acronyms:
            continue  # known already, or the word before a known acronym ("กระทรวง พม.")
        if not _word_starts(compact, match.start()):
            continue  # "ทรัพยากรมนุษย์", "กฎกระทรวง…", "องค์กรมีผล": an office word inside a word
        name = _trim_unknown(match.group())
        known_next = bisect_right(starts, match.start())  # "สำนักโฆษกสำนักเลขาธิการ…": two names
        if known_next < len(starts) and starts[known_next] < match.start() + len(name):
            name = name[: starts[known_next] - match.start()]
        following = compact[match.start() + len(name) : match.start() + len(name) + 1]
        foreign_unit = any(unit in match.group() for unit in _FOREIGN_UNIT) or (
            "สหประชาชาติ" in match.group()  # a UN body: "…แห่งสหประชาชาติ"
        )
        if (
            (following.isascii() and following.isalpha())
            or foreign_unit
            or _foreign(compact, match.start() + len(name))
        ):
            continue  # "สำนักเลขาธิการ UNESCAP", "กรมการท่องเที่ยวกรุงฮานอย": a foreign body
        if name.endswith(_ABBREVIATED):
            name = _abbreviation(name) or name
        if len(name) < 6 or name.startswith(_NOT_OFFICES) or name.rstrip(_ABBREVIATED) in PREFIXES:
            continue
        prefix, start = match.group("prefix"), match.start()
        if _GENERIC.match(name, len(prefix)) or (
            prefix == "กอง" and _PERSON_BEFORE.search(compact, max(0, start - 30), start)
        ):
            continue  # "กระทรวงกรม", "กระทรวงเจ้าสังกัด"; a surname ("นายทองเปลว กองจันทร์")
        yield name, start, _titled(compact, start)


_WORD_WINDOW = 16  # characters either side of an unknown name's start that the tokenizer reads


def _word_starts(compact: str, start: int) -> bool:
    """Whether a word starts at ``start`` of whitespace-free Thai text, as PyThaiNLP's dictionary
    segmenter reads the text around it."""
    if start == 0:
        return True
    begin = max(0, start - _WORD_WINDOW)
    return start - begin in _word_boundaries(compact[begin : start + _WORD_WINDOW])


@lru_cache(maxsize=8192)
def _word_boundaries(text: str) -> frozenset[int]:
    from pythainlp.tokenize import word_tokenize  # loads its dictionary on first use

    ends, at = set(), 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=False):
        at += len(token)
        ends.add(at)
    return frozenset(ends)


def _compact(text: str) -> str:
    # Names wrap across lines and get stray spaces ("สำนักการวางผังและ       พัฒนาเมือง"):
    # known names are matched on the text with all whitespace removed.
    return _SPACE.sub("", clean_text(text))


def _in_order(mentions: Iterable[tuple[str, int, bool]]) -> list[str]:
    found: dict[str, int] = {}
    for name, start, _ in mentions:
        found[name] = min(start, found.get(name, start))
    return sorted(found, key=found.__getitem__)


def find_agencies(text: str) -> list[str]:
    """Offices named in ``text``, canonical Thai names, in order of first mention."""
    return _in_order(_mentions(_compact(text)))


def responsible_agencies(text: str) -> list[str]:
    """Offices named in a follow-up as bodies that act: an office named only in an official's
    title ("รองปลัดกระทรวงแรงงาน เผย…") or a meeting's name ("ที่ประชุม ศบค. มีมติ…") is left out."""
    return _in_order(m for m in _mentions(_compact(text)) if not m[2])


def agency_english(name_th: str) -> str | None:
    """English name of a known office, if any."""
    agency = known_agencies().get(_SPACE.sub("", name_th))
    return agency.name_en if agency else None
