"""International organisations and frameworks (ASEAN, UNODC, JICA, Mekong-Lancang …) named in
Thai or English text, each by the canonical name a record stores.

The table is ``data/international.tsv``. Names are found with the gazetteer's matcher (Thai
syllable edges, English word boundaries, any spacing or dashes inside a name); an all-capital
acronym must be written exactly so ("WHO" is the organisation, "who" is not).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial

from archive.reference.gazetteer import NameMatcher, name_key
from archive.reference.prepared import prepared
from archive.reference.tables import load_tsv, split_aliases

COLUMNS = ("name", "name_th", "aliases", "country")


@dataclass(frozen=True)
class International:
    name: str
    name_th: str
    aliases: tuple[str, ...]
    country: str | None = None  # a national agency's country (JICA: JP)


@dataclass(frozen=True)
class InternationalMatch:
    organization: International
    pos: int
    endpos: int
    text: str


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isascii() and c.isupper() for c in letters)


def _accept(acronyms: dict[str, frozenset[str]], src: str, ts: str, start: int, end: int,
            key: str) -> bool:  # fmt: skip
    written = acronyms.get(key)
    return written is None or "".join(src[start:end].split()) in written


Table = tuple[tuple[International, ...], dict[str, International], NameMatcher]


@cache
def _table() -> Table:
    return prepared(
        "international",
        _build,
        ("international.tsv",),
        ("international.py", "gazetteer.py", "tables.py", "prepared.py"),
    )


def _build() -> Table:
    header, *rows = load_tsv("international.tsv")
    if tuple(header) != COLUMNS:
        raise ValueError(f"international.tsv: expected the columns {COLUMNS}, found {header}")
    organizations = []
    by_key: dict[str, International] = {}
    spellings: dict[str, set[str]] = {}
    for name, name_th, aliases, country in rows:
        org = International(name, name_th, tuple(split_aliases(aliases)), country or None)
        organizations.append(org)
        for alias in (org.name, org.name_th, *org.aliases):
            key = name_key(alias)
            by_key.setdefault(key, org)
            spellings.setdefault(key, set()).add(alias)
    acronyms = {
        key: frozenset("".join(n.split()) for n in names)
        for key, names in spellings.items()
        if all(_is_acronym(n) for n in names)
    }
    matcher = NameMatcher(
        (n for names in spellings.values() for n in names), partial(_accept, acronyms)
    )
    return tuple(organizations), by_key, matcher


def internationals() -> list[International]:
    """Every organisation and framework of the table, in table order."""
    return list(_table()[0])


def international_named(name: str) -> International | None:
    """The organisation one of whose names is ``name`` (any spacing, case), or None."""
    return _table()[1].get(name_key(name))


def find_internationals(text: str) -> list[InternationalMatch]:
    """Every organisation named in ``text``, leftmost-longest, in order."""
    _, by_key, matcher = _table()
    return [
        InternationalMatch(by_key[key], start, end, text[start:end])
        for start, end, key in matcher.finditer(text)
        if key in by_key
    ]
