"""Labelled sections of a report form ("1. ชื่อการประชุม", "สถานที่/วันที่", "5. การดำเนินงานต่อเนื่อง"),
and the numbered blocks inside a section (4.1, 4.3.1, (1), 1))."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Section labels as data: (field, label pattern). Order matters: the first pattern that matches
# the whole label wins, so combined labels come before their parts.
LABELS: list[tuple[str, str]] = [
    (
        "title",
        r"ชื่อ(?:การประชุม|การสัมมนา|โครงการ|การหารือ|เรื่อง)(?:\s*/\s*(?:หัวข้อ|ชื่อ)[\u0e00-\u0e7f]*)?",
    ),
    ("topic", r"หัวข้อ(?:การหารือ|การประชุม|การสัมมนา)?|ประเด็นการหารือ"),
    (
        "venue_date",
        r"(?:สถานที่\s*(?:/|และ)\s*วัน(?:ที่|เวลา)|วัน(?:ที่|เวลา)\s*(?:/|และ)\s*สถานที่"
        r"|วัน\s*เวลา\s*(?:และ)?\s*สถานที่)",
    ),
    ("venue", r"สถานที่(?:จัด(?:การ)?ประชุม|ประชุม|จัดงาน)?"),
    ("date", r"วันที่(?:จัด)?(?:การ)?(?:ประชุม)?|วัน\s*เวลา|ระยะเวลา(?:การประชุม|ดำเนินการ)?|วันและเวลา"),
    (
        "findings",
        r"สรุป(?:เนื้อหา|สาระสำคัญ|ผล)(?:การประชุม|การหารือ)?|สาระสำคัญ(?:ของการประชุม)?"
        r"|ผลการ(?:ประชุม|หารือ)|รายละเอียด(?:การประชุม)?",
    ),
    (
        "follow_up",
        r"การดำเนิน(?:งาน|การ)(?:ต่อเนื่อง|ต่อไป|ที่เกี่ยวข้อง)|ข้อเสนอแนะ(?:\s*/\s*[\u0e00-\u0e7f]+)?"
        r"|แผนการดำเนิน(?:งาน|การ)(?:ต่อไป)?|การติดตามผล|ข้อสั่งการ|มติที่ประชุม",
    ),
    ("reporter", r"ผู้(?:รายงาน|จัดทำรายงาน|บันทึก|สรุปรายงาน)"),
    ("mission_group", r"กลุ่มภารกิจ"),
    ("participants", r"ผู้เข้าร่วม(?:การ)?ประชุม|คณะผู้แทน(?:ไทย)?|ผู้แทนกรุงเทพมหานคร"),
]

_NUM = r"(?:\d+|[๐-๙]+)"
_LABEL_LINE = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*|__)?\s*(?:%s\s*[.)]\s*)?(?P<label>%s)\s*(?:\*\*|__)?\s*"
    r"(?:[:：]\s*(?:\*\*|__)?\s*(?P<value>.*?))?\s*$"
    % (_NUM, "|".join(f"(?P<{name}{i}>{pattern})" for i, (name, pattern) in enumerate(LABELS)))
)


@dataclass
class Sections:
    """Lines of a form grouped under their labels; ``preamble`` is what precedes the first."""

    preamble: list[str] = field(default_factory=list)
    by_field: dict[str, list[str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def get(self, name: str) -> list[str] | None:
        """Lines of the section, or None when the form has no such label."""
        return self.by_field.get(name)

    def text(self, name: str) -> str | None:
        """The section as one stripped string, or None when absent or empty."""
        lines = self.by_field.get(name)
        joined = "\n".join(line for line in (lines or []) if line.strip()).strip()
        return joined or None


def label_of(line: str) -> tuple[str, str | None] | None:
    """(field, inline value) when ``line`` is a section label, else None."""
    if len(line) > 160:
        return None
    match = _LABEL_LINE.match(line)
    if not match:
        return None
    for key, value in match.groupdict().items():
        if value is not None and key not in ("label", "value"):
            name = key.rstrip("0123456789")
            return name, (match.group("value") or None)
    return None


def split_sections(lines: list[str]) -> Sections:
    """Group ``lines`` under the labels they follow."""
    sections = Sections()
    current: list[str] = sections.preamble
    for line in lines:
        labelled = label_of(line)
        if labelled is None:
            current.append(line)
            continue
        name, value = labelled
        if name not in sections.by_field:
            sections.by_field[name] = []
            sections.order.append(name)
        current = sections.by_field[name]
        if current:
            current.append(
                ""
            )  # a repeated label ("ข้อเสนอแนะ" after "การดำเนินงานต่อเนื่อง") starts anew
        if value:
            current.append(value)
    return sections


# A numbered block starts a line: "4.3.1 ...", "1. ...", "๑. ...", "(1) ...", "1) ...".
NUMBERED = re.compile(
    r"^\s*(?:(?P<dotted>%s(?:\.%s)+)\.?|(?P<plain>%s)[.)]|\((?P<paren>%s)\))\s+(?P<rest>\S.*)$"
    % (_NUM, _NUM, _NUM, _NUM)
)
BULLET = re.compile(r"^\s*[-•▪●*–]\s+(?P<rest>\S.*)$")
# "หัวข้อ : ข้อความ" separates a heading; "Topic Workshop: Counterterrorism" (Latin before the colon)
# is part of a name, not a separator.
_HEADING_SEPARATOR = re.compile(r"\s[:：]\s?|(?<=[\u0e00-\u0e7f])[:：]\s")


def numbering(line: str) -> tuple[str, str] | None:
    """(number, rest) when ``line`` starts a numbered block; Thai digits are folded."""
    from archive.thai.normalize import thai_to_arabic_digits

    match = NUMBERED.match(line)
    if not match:
        return None
    number = match.group("dotted") or match.group("plain") or match.group("paren")
    return thai_to_arabic_digits(number), match.group("rest").strip()


def split_heading(rest: str, *, next_is_blank: bool) -> tuple[str | None, str]:
    """Split a block's first line into (heading, text).

    "สภาพปัญหา... : ที่ประชุมได้..." has its heading before the colon; a short line standing
    alone (followed by a blank line or another block) is a heading on its own."""
    for sep in _HEADING_SEPARATOR.finditer(rest):
        before = rest[: sep.start()]
        if sep.start() > 120:
            break
        if sep.start() >= 2 and before.count("(") == before.count(")"):
            return before.strip(), rest[sep.end() :].strip()
    if next_is_blank and len(rest) <= 150:
        return rest.strip(), ""
    return None, rest
