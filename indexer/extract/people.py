"""People named in a document, and the reporter block of a form."""

from __future__ import annotations

import re

from archive.store.recorddata import ReporterData
from archive.thai.normalize import strip_line, thai_to_arabic_digits

_THAI_TITLES = (
    r"นางสาว|นาง(?!สาว)|นาย(?!ก(?:รัฐมนตรี|เทศมนตรี|สมาคม|องค์การ|เมือง|ฯ)|อำเภอ|ทหาร|ตำรวจ|จ้าง|ทุน"
    r"|หน้า|ประกัน|ด่าน|ท่า|ช่าง|ห้าง|กฯ)|ดร\.|นายแพทย์|แพทย์หญิง|พลเอก|พลโท|พลตรี|พลตำรวจเอก|พลตำรวจโท"
    r"|พลตำรวจตรี|พลเรือเอก|พลอากาศเอก|พันเอก|พันตำรวจเอก|พล\.อ\.|พล\.ท\.|พล\.ต\.อ\.|พล\.ต\.ท\.|พล\.ต\.ต\."
    r"|พล\.ต\.|พ\.อ\.|พ\.ต\.อ\.|ศาสตราจารย์|รองศาสตราจารย์|ผู้ช่วยศาสตราจารย์|ศ\.|รศ\.|ผศ\.|ม\.ร\.ว\.|ม\.ล\."
    r"|คุณหญิง"
)
_THAI_NAME = re.compile(
    r"(?<![\u0e00-\u0e7f])(?P<title>(?:%s)(?:\s*(?:ดร\.|นายแพทย์))?)\s?"
    r"(?P<first>[\u0e01-\u0e4e]{2,20})\s(?P<last>[\u0e01-\u0e4e]{2,25})" % _THAI_TITLES
)
_LATIN_WORD = r"[A-ZÀ-Þ][a-zà-ÿA-ZÀ-Þ'’\-]+"
_LATIN_NAME = re.compile(
    r"(?:H\.E\.\s+)?\b(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+(?P<name>%s(?:\s+%s){1,2})"
    % (_LATIN_WORD, _LATIN_WORD)
)
# A surname never starts with a vowel sign or tone mark; these words end a name.
_NOT_SURNAMES = ("โฆษก", "ผู้", "รอง", "ประธาน", "ปลัด", "อธิบดี", "รัฐมนตรี", "นายก", "เลขาธิการ")


def find_people(text: str, *, limit: int = 30) -> list[str]:
    """Names with a Thai or English title, in order of first mention."""
    found: dict[str, None] = {}
    for match in _THAI_NAME.finditer(text):
        if match.group("last").startswith(_NOT_SURNAMES):
            continue
        found.setdefault(strip_line(match.group(0)), None)
    for match in _LATIN_NAME.finditer(text):
        found.setdefault(match.group("name"), None)
    return list(found)[:limit]


_PHONE = re.compile(
    r"(?:โทรศัพท์|โทร\.?|Tel\.?|Phone)\s*:?\s*(?P<phone>[0-9๐-๙][0-9๐-๙ \-]{6,20}[0-9๐-๙])"
)
_UNIT_START = re.compile(r"(?:กลุ่มงาน|กลุ่ม|ฝ่าย|ส่วน|กอง|สำนักงาน|สำนัก|ศูนย์|กรม|กระทรวง|สง\.)")


def parse_reporter(lines: list[str]) -> ReporterData | None:
    """Name, position, unit and phone from the lines of a reporter block."""
    lines = [strip_line(line) for line in lines if line.strip()]
    if not lines:
        return None
    labelled = _labelled_reporter(lines)
    if labelled:
        return labelled
    reporter = ReporterData()
    rest: list[str] = []
    for line in lines:
        phone = _PHONE.search(line)
        if phone:
            reporter.phone = thai_to_arabic_digits(phone.group("phone")).strip()
            line = line[: phone.start()].strip()
            if not line:
                continue
        if (reporter.name is None and _THAI_NAME.match(line)) or (
            reporter.name is None and _LATIN_NAME.match(line)
        ):
            reporter.name = line
            continue
        rest.append(line)
    if rest:
        first = rest[0]
        unit_at = _UNIT_START.search(first)
        if unit_at and unit_at.start() > 0:
            reporter.position = first[: unit_at.start()].strip()
            units = [first[unit_at.start() :].strip(), *rest[1:]]
        elif unit_at:
            units = rest
        else:
            reporter.position = first
            units = rest[1:]
        reporter.unit = " ".join(units) or None
    return reporter if any(vars(reporter).values()) else None


_LABELS = {
    "name": re.compile(r"^(?:ชื่อ\s*[-–/]?\s*(?:นาม)?สกุล|ชื่อ|ผู้รายงาน|Name)\s*:?\s*"),
    "position": re.compile(r"^(?:ตำแหน่ง|Position)\s*:?\s*"),
    "unit": re.compile(r"^(?:หน่วยงาน|สังกัด|ส่วนราชการ|Unit|Office)\s*:?\s*"),
    "phone": re.compile(r"^(?:โทรศัพท์|โทร\.?|Tel\.?|Phone)\s*:?\s*"),
}


def _labelled_reporter(lines: list[str]) -> ReporterData | None:
    """A reporter block written as "label value" pairs (often a two-column table)."""
    found: dict[str, str] = {}
    pending: str | None = None
    for line in lines:
        for key, label in _LABELS.items():
            match = label.match(line)
            if match and (key != "name" or len(line) - match.end() < 60):
                value = line[match.end() :].strip()
                if value:
                    found.setdefault(key, value)
                    pending = None
                else:
                    pending = key
                break
        else:
            if pending:
                found.setdefault(pending, line)
                pending = None
    if not {"name", "position", "unit"} & {k for k in found if k != "phone"}:
        return None
    if "phone" in found:
        found["phone"] = thai_to_arabic_digits(found["phone"])
    return ReporterData(**found)


def contact_footer(lines: list[str]) -> ReporterData | None:
    """A press release's closing contact line ("สง.โฆษก กอ.รมน. (...) ... โทร. 0-2241-4109")."""
    for line in reversed(lines[-6:]):
        phone = _PHONE.search(line)
        if phone:
            unit = re.split(r"\s*\(|\s+ถ\.|\s+ถนน|\s+เลขที่", line[: phone.start()])[0].strip()
            return ReporterData(
                unit=unit or None, phone=thai_to_arabic_digits(phone.group("phone"))
            )
    return None
