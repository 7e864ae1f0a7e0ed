"""Follow-up actions: items of a follow-up section, or commitments stated in the prose."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from archive.reference.agencies import PREFIXES, find_agencies
from archive.store.recorddata import FollowUpData
from archive.thai.normalize import collapse_spaces, fold
from indexer.extract.dates import find_dates
from indexer.extract.findings import join_wrapped
from indexer.extract.sections import BULLET, numbering

_ITEM_NUMBER = re.compile(r"(?:^|(?<=:\s))\(\d+(?:\.\d+)*\)\s*")
# Words just before a date that make it a deadline or a future event rather than a past one.
_DUE_CUE = re.compile(r"(?:ภายใน|จะ|กำหนด|ก่อน|เสร็จ|ไม่เกิน|by|before|deadline)[^\n]{0,40}$")
_PAST_CUE = re.compile(r"(?:ลงวันที่|เมื่อวันที่|เมื่อ|ตั้งแต่)\s*$")
# Sentences that commit someone to a future action.
COMMITMENT = re.compile(
    r"เห็นชอบให้|มอบหมายให้|มอบหมาย(?:ให้)?|ขอให้|ให้ความเห็นชอบ(?:ให้)?|เห็นพ้อง(?:กัน)?(?:ว่า)?ควร|"
    r"ตกลง(?:ที่)?จะ|ตกลงให้|จะร่วมกัน|จะดำเนินการ|จะจัด(?:ให้มี|ทำ)|กำหนดจัด|จะเสนอ|จะนำเสนอ|"
    r"ข้อสั่งการ|สั่งการให้|agreed to|will (?:host|hold|submit|present|organi[sz]e)"
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\s(?=(?:ทั้งนี้|นอกจากนี้|อย่างไรก็ดี|อย่างไรก็ตาม)\s)")
# "มอบหมายให้ A ... ภายในวันที่ D และให้ B ...": two assignments in one sentence, each its own item,
# so that D stays with A.
_NEXT_ASSIGNMENT = re.compile(
    r"\s(?=(?:และ|รวมทั้ง|พร้อมทั้ง)?\s*(?:ให้|มอบหมายให้|ขอให้)\s*(?:%s))" % "|".join(PREFIXES)
)
_LEAD_WORDS = re.compile(r"^(?:นอกจากนี้|ทั้งนี้|อนึ่ง|และ)\s*")


@dataclass
class _Block:
    marker: str | None  # "number", "bullet" or None
    lines: list[str]

    @property
    def text(self) -> str:
        joined = ""
        for line in self.lines:
            joined = join_wrapped(joined, collapse_spaces(line))
        return joined


def item_key(text: str) -> str:
    """Stable key of a follow-up: a hash of its folded text, spaces ignored (Thai spacing
    varies between versions of the same document)."""
    unnumbered = _ITEM_NUMBER.sub("", fold(text))  # renumbering must not change the key
    return hashlib.sha1(unnumbered.replace(" ", "").encode("utf-8")).hexdigest()[:12]


def due_date(text: str, *, after: date | None = None) -> date | None:
    """The deadline in a follow-up: a date after a due cue, else the first date after ``after``."""
    spans = find_dates(text)
    for span in spans:
        if _DUE_CUE.search(text[max(0, span.pos - 60) : span.pos]):
            return span.start
    for span in spans:
        if _PAST_CUE.search(text[max(0, span.pos - 12) : span.pos]):
            continue
        if after is not None and span.start > after:
            return span.start
    return None


def make_item(text: str, *, after: date | None = None) -> FollowUpData:
    """A follow-up item from its text: agencies, due date and stable key filled in."""
    text = collapse_spaces(text)
    return FollowUpData(
        text=text,
        key=item_key(text),
        agencies=find_agencies(text),
        due_date=due_date(text, after=after),
    )


def _blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    blank_before = False
    for line in lines:
        if not line.strip():
            if current is not None and current.marker is None:
                current = None  # a blank line ends an unmarked paragraph
            blank_before = True
            continue
        if blank_before and line[:1] not in (" ", "\t"):
            current = None  # so does an unindented paragraph after a blank line
        blank_before = False
        numbered = numbering(line)
        bullet = BULLET.match(line)
        if numbered:
            current = _Block("number", [f"({numbered[0]}) {numbered[1]}"])
            blocks.append(current)
        elif bullet:
            current = _Block("bullet", [bullet.group("rest")])
            blocks.append(current)
        elif current is None:
            current = _Block(None, [line.strip()])
            blocks.append(current)
        else:
            current.lines.append(line.strip())
    return blocks


def items_from_section(lines: list[str], *, after: date | None = None) -> list[FollowUpData]:
    """Items of a follow-up section: its numbered or bulleted entries, else its paragraphs.

    Where bullets head groups of numbered entries ("- กรอบความร่วมมือแบบทวิภาคี..." then "(1)..."),
    the numbered entries are the items and each keeps its group as a prefix."""
    blocks = _blocks(lines)
    has_numbers = any(b.marker == "number" for b in blocks)
    has_bullets = any(b.marker == "bullet" for b in blocks)
    if not has_numbers and not has_bullets:
        return [make_item(b.text, after=after) for b in blocks if len(b.text) >= 8]
    texts: list[str] = []
    if has_numbers:
        group = ""
        for index, block in enumerate(blocks):
            if block.marker == "bullet":
                following = next((b.marker for b in blocks[index + 1 :] if b.marker), None)
                if following == "number":
                    group = block.text
                else:  # a bullet with no numbered entries under it is an item itself
                    group = ""
                    texts.append(block.text)
            elif block.marker == "number":
                texts.append(f"{group}: {block.text}" if group else block.text)
    elif has_bullets:
        texts = [b.text for b in blocks if b.marker == "bullet"]
    else:
        texts = [b.text for b in blocks]
    return [make_item(text, after=after) for text in texts if len(text) >= 8]


def items_from_prose(paragraphs: list[str], *, after: date | None = None) -> list[FollowUpData]:
    """Commitments stated in running text ("ที่ประชุมเห็นชอบให้ไทยนำเสนอ... ซึ่งจะจัดขึ้น...")."""
    items: list[FollowUpData] = []
    for paragraph in paragraphs:
        if not COMMITMENT.search(paragraph):
            continue
        for sentence in _SENTENCE_BREAK.split(collapse_spaces(paragraph)):
            if not (sentence and COMMITMENT.search(sentence) and len(sentence) >= 20):
                continue
            parts: list[str] = []
            for part in _NEXT_ASSIGNMENT.split(sentence):
                # split only between two assignments, each naming its own office
                if parts and not find_agencies(parts[-1]):
                    parts[-1] = f"{parts[-1]} {part.strip()}"
                else:
                    parts.append(part.strip())
            for part in parts:
                part = _LEAD_WORDS.sub("", part)
                if len(part) >= 12:
                    items.append(make_item(part, after=after))
    return items
