"""Foreign heads of state and government named by title and name ("ท่านประธานาธิบดีไบเดน",
"นายกรัฐมนตรีคิชิดะ", "President Biden"), each with the country they lead.

The table is ``data/leaders.tsv``. A name counts only right after a leader's title, so that a
short name ("สี", "มุน") is not read inside other words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from archive.reference.tables import load_tsv, split_aliases

COLUMNS = ("name", "aliases", "country")
# Not a deputy, a former or the late leader ("รองประธานาธิบดี…", "อดีตนายกรัฐมนตรีอาเบะ",
# "Vice President …", "former President …").
_TITLE = (
    r"(?<!รอง)(?<!อดีต)(?<!Vice )(?<!former )(?<!Former )(?<!late )"
    r"(?:ประธานาธิบดี|นายกรัฐมนตรี|นายกฯ|สมเด็จพระราชาธิบดี|สุลต่าน|President|Prime Minister|"
    r"Chancellor)\s?(?:นาย|นาง|ฯพณฯ|H\.E\.|Mr\.|Ms\.|Mrs\.)?\s?"
)

# The name ends there: not inside a longer word ("ประธานาธิบดีสีหน้า…" is no Xi Jinping), but a
# Thai name may run on into the next word ("…ไบเดนและท่านนายกรัฐมนตรีคิชิดะที่จัด…").
_NAME_ENDS = (
    r"(?![A-Za-z])(?=$|[^\u0e01-\u0e2e\u0e30-\u0e4e]|และ|ที่|ของ|ได้|ซึ่ง|กับ|ว่า|จะ|ใน|เป็น|ก็|ต่อ)"
)


@dataclass(frozen=True)
class LeaderMatch:
    """A leader named in a text: their English name, their country and where the name is."""

    name: str
    country: str
    pos: int  # where the name starts (after the title)
    endpos: int


@cache
def _table() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    header, *rows = load_tsv("leaders.tsv")
    if tuple(header) != COLUMNS:
        raise ValueError(f"leaders.tsv: expected the columns {COLUMNS}, found {header}")
    by_alias: dict[str, tuple[str, str]] = {}
    for name, aliases, country in rows:
        for alias in (name, *split_aliases(aliases)):
            by_alias.setdefault(alias, (name, country))
    names = "|".join(re.escape(a) for a in sorted(by_alias, key=len, reverse=True))
    return re.compile(rf"{_TITLE}({names}){_NAME_ENDS}"), by_alias


def find_leaders(text: str) -> list[LeaderMatch]:
    """Every leader named after a title in ``text``, in order."""
    pattern, by_alias = _table()
    found = []
    for match in pattern.finditer(text):
        name, country = by_alias[match.group(1)]
        found.append(LeaderMatch(name, country, match.start(1), match.end(1)))
    return found
