"""Names for the search box as it is typed (typeahead): countries, cities and international
organisations by any of their names (``archive.reference.entities``), government agencies and
issuing bodies (the reference tables and the index's facet values), and people (names the
caller passes, read from the records), in Thai and English.

A typed prefix matches the start of a name or of any word of it ("korea" finds "South Korea",
"ประยุทธ์" finds "พลเอก ประยุทธ์ จันทร์โอชา"), compared without case, spaces, dashes and
dots. The best come first: a name typed in full, then the
names most records are about, then the shortest.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np

from archive.reference.agencies import known_agencies
from archive.reference.entities import all_entities
from archive.reference.organizations import organizations
from indexer.search.documents import ENTITIES_FIELD
from indexer.search.index_view import View

KINDS = ("country", "city", "organisation", "agency", "person")
LIMIT = 8
_THAI = re.compile("[\u0e00-\u0e7f]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.]+")


def name_key(name: str) -> str:
    """The form names are compared in: case folded, spaces, dashes and dots removed (cheaper
    than the gazetteer's key, which runs for every name of every table)."""
    return _SEPARATORS.sub("", name.casefold())


_TITLES = ("นางสาว", "นาง", "นาย", "ดร.", "ดร", "พลเอก", "พล.อ.", "พลตำรวจเอก", "พล.ต.อ.")


@dataclass(frozen=True)
class Candidate:
    """A name that may be suggested: its Thai and English forms, kind, and how the index
    counts its records (an entity id, or a facet and value)."""

    name_th: str
    name_en: str
    kind: str  # one of KINDS
    entity: str = ""  # "country:LA": counted in the entities field
    facet: str = ""  # "agency": counted as a value of this facet (``name_th``)
    count: int = 0  # records, when neither (people: as the caller counted them)

    def value(self, thai: bool) -> str:
        """What goes into the search box: the name in the script typed."""
        first, second = (self.name_th, self.name_en) if thai else (self.name_en, self.name_th)
        return first or second


def _keys(name: str) -> set[str]:
    """The keys a name is found under: the whole name and each of its words onward, without a
    person's title ("นายธนพล" under "ธนพล")."""
    keys = {name_key(name)}
    words = name.split()
    keys |= {name_key(" ".join(words[i:])) for i in range(1, len(words))}
    for title in _TITLES:
        if name.startswith(title) and len(name) > len(title) + 1:
            keys.add(name_key(name[len(title) :]))
    return {k for k in keys if k}


class NameTable:
    """(key, spelling, candidate) sorted by key, for prefix look-ups with ``bisect``."""

    def __init__(self, entries: Iterable[tuple[str, str, Candidate]]) -> None:
        rows = sorted(set(entries), key=lambda row: (row[0], row[1].count(" "), row[1]))
        self.keys = [row[0] for row in rows]
        self.rows = rows

    def starting(self, prefix: str, most: int = 400) -> list[tuple[str, str, Candidate]]:
        """(key, spelling, candidate) for keys starting with ``prefix`` (at most ``most``)."""
        at = bisect.bisect_left(self.keys, prefix)
        end = min(bisect.bisect_right(self.keys, prefix + "\U0010ffff"), at + most)
        return self.rows[at:end]


def candidates_of(names: Iterable[tuple[str, Candidate]]) -> NameTable:
    """A table of (spelling, candidate) pairs, under every key of each spelling."""
    return NameTable((key, spelling, c) for spelling, c in names for key in _keys(spelling))


@cache
def reference_names() -> NameTable:
    """Entities (every name but ISO codes), agencies and issuing bodies of the reference tables."""
    pairs: list[tuple[str, Candidate]] = []
    for entity in all_entities():
        candidate = Candidate(entity.name_th, entity.name_en, entity.kind, entity=entity.id)
        pairs += [(n, candidate) for n in entity.names if n != entity.code]
    for spelling, agency in known_agencies().items():
        candidate = Candidate(agency.name_th, agency.name_en, "agency", facet="agency")
        pairs += [(spelling, candidate), (agency.name_th, candidate)]
        if agency.name_en:
            pairs.append((agency.name_en, candidate))
    for org in organizations():
        candidate = Candidate(org.name_th, org.name_en, "agency", facet="organization")
        pairs += [(org.name_th, candidate), (org.name_en, candidate)]
    return candidates_of(pairs)


# Per view (its folder and commit; the few newest kept): its names and counts.
_VIEW_NAMES: dict[tuple[str, int], tuple[NameTable, dict[tuple[str, str], int]]] = {}
_LOCK = threading.Lock()


def _view_names(view: View) -> tuple[NameTable, dict[tuple[str, str], int]]:
    """The agencies and organisations the index's records name (facet values) and the records
    of each facet value, once per view."""
    table, key = view.table, (str(view.folder), view.generation)
    with _LOCK:
        found = _VIEW_NAMES.get(key)
    if found is None:
        counts: dict[tuple[str, str], int] = {}
        pairs = []
        for facet in ("agency", "organization"):
            values = table.values.get(facet, [])
            tally = np.bincount(table.codes[facet], minlength=len(values)) if values else []
            for value, count in zip(values, tally, strict=True):
                counts[facet, value] = int(count)
                pairs.append((value, Candidate(value, "", "agency", facet=facet)))
        found = (candidates_of(pairs), counts)
        with _LOCK:
            while len(_VIEW_NAMES) >= 4:
                _VIEW_NAMES.pop(next(iter(_VIEW_NAMES)))
            _VIEW_NAMES[key] = found
    return found


def _records(view: View, candidate: Candidate, counts: dict[tuple[str, str], int]) -> int:
    if candidate.entity:
        return int(view.searcher.doc_frequency(ENTITIES_FIELD, candidate.entity))
    if candidate.facet:
        return counts.get((candidate.facet, candidate.name_th), 0)
    return candidate.count


def suggest_names(
    view: View, typed: str, people: NameTable | None = None, limit: int = LIMIT
) -> list[dict[str, object]]:
    """Up to ``limit`` names starting with ``typed`` (a name or any word of it): ``{"value",
    "label", "kind", "records"}``, in the script typed, best first (typed in full, then most
    records, then shortest)."""
    prefix = name_key(typed or "")
    if not prefix:
        return []
    thai = bool(_THAI.search(typed))
    index_names, counts = _view_names(view)
    found: dict[tuple[str, str, str], tuple[bool, int, Candidate]] = {}
    for table in (reference_names(), index_names, people):
        if table is None:
            continue
        for key, spelling, candidate in table.starting(prefix):
            same = (candidate.kind, candidate.entity or candidate.name_th or candidate.name_en)
            exact = key == prefix
            value = candidate.value(thai)
            at_word = any(k.startswith(prefix) for k in _keys(value))
            if not at_word and bool(_THAI.search(spelling)) == thai:
                value = spelling  # "ไจ" -> "ไจก้า", not JICA's official Thai name
            known = found.get(same)
            if known is None or (exact and not known[0]):
                found[same] = (exact, _records(view, candidate, counts), value, candidate)
    ranked = sorted(found.values(), key=lambda item: (not item[0], -item[1], len(item[2]), item[2]))
    out = []
    for _, records, value, candidate in ranked[:limit]:
        other = candidate.name_en if thai else candidate.name_th
        if not other or name_key(other) == name_key(value):
            other = candidate.name_th if thai else candidate.name_en
        label = f"{value} ({other})" if other and name_key(other) != name_key(value) else value
        out.append({"value": value, "label": label, "kind": candidate.kind, "records": records})
    return out


def people_names(names: dict[str, int]) -> NameTable:
    """A table of people's names (as records spell them, with how many records name them) for
    :func:`suggest_names`."""
    pairs = []
    for name, count in names.items():
        thai = bool(_THAI.search(name))
        person = Candidate(name if thai else "", "" if thai else name, "person", count=count)
        pairs.append((name, person))
    return candidates_of(pairs)
