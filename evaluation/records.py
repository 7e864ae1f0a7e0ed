"""The archive's records as the evaluation sees them, and the resolution of a query's
``relevant`` entries to record ids: source paths (matched by suffix: "seeds/000_....txt",
"corpus/01_...", "2020/09/17/..._1.txt") and rules, ``{"country": "JP"}`` (records whose venue
or one of whose meetings is in that country), ``{"contains": "ร่วมมือ"}`` (records whose
title or text contains that string) and ``{"entity": "country:LA"}`` (records whose title names
the entity by one of its names, or whose partners include it: see :func:`names_entity`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nlpo3

from archive.reference.entities import Entity, entity_by_id, partner_entity_id
from archive.store.db import Database
from archive.store.lookups import iter_records
from indexer.search.analysis import pythainlp_dictionary_name


@dataclass
class EvalRecord:
    """What the evaluation needs of one archive record."""

    id: int
    path: str  # source path, seeds and corpus files as "seeds/NAME" / "corpus/NAME"
    title: str
    text: str
    countries: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()  # entity ids of the meeting's partners

    @property
    def body(self) -> str:
        """Title and text: what the baselines index and what ``contains`` rules look in."""
        return f"{self.title}\n{self.text}"


def short_path(source_path: str) -> str:
    """A stored source path as the query file names it: absolute paths (seeds and corpus files,
    stored resolved) as "FOLDER/NAME", relative ones (thaigov articles) as they are."""
    path = Path(source_path)
    return f"{path.parent.name}/{path.name}" if path.is_absolute() else source_path


def load_records(db: Database) -> list[EvalRecord]:
    """Every record of the archive, in id order."""
    out = []
    with db.session() as session:
        for record in iter_records(session):
            venues = [record.venue, *(m.venue for m in record.meetings)]
            out.append(
                EvalRecord(
                    id=record.id,
                    path=short_path(record.source_path),
                    title=record.title,
                    text=record.text,
                    countries=frozenset(v.country_code for v in venues if v and v.country_code),
                    partners=frozenset(
                        partner_entity_id(p)
                        for p in (record.party_countries or []) + (record.party_organizations or [])
                    ),
                )
            )
    return out


class RecordSet:
    """Records with the lookups that resolve ``relevant`` entries to record ids."""

    def __init__(self, records: Sequence[EvalRecord]) -> None:
        self.records = list(records)
        self.by_id = {r.id: r for r in self.records}
        self.by_path = {r.path: r.id for r in self.records}

    def path_ids(self, wanted: str) -> set[int]:
        """Records whose source path is ``wanted`` or ends with "/" + ``wanted``."""
        if wanted in self.by_path:
            return {self.by_path[wanted]}
        return {r.id for r in self.records if r.path.endswith("/" + wanted)}

    def relevant(self, entries: Iterable[str | dict[str, str]]) -> set[int]:
        """The ids the ``relevant`` entries of a query name (paths and rules, united)."""
        ids: set[int] = set()
        for entry in entries:
            if isinstance(entry, str):
                ids |= self.path_ids(entry)
            elif "country" in entry:
                ids |= {r.id for r in self.records if entry["country"] in r.countries}
            elif "contains" in entry:
                ids |= {r.id for r in self.records if entry["contains"] in r.body}
            elif "entity" in entry:
                entity = entity_by_id(entry["entity"])
                if entity is None:
                    raise ValueError(f"unknown entity: {entry['entity']!r}")
                ids |= {r.id for r in self.records if names_entity(r, entity)}
            else:
                raise ValueError(f"unknown relevance rule: {entry!r}")
        return ids


SHORT_THAI = 4  # a Thai name this short must stand between word boundaries ("ริกา" ≠ อเมริกา)


@cache
def _name_patterns(entity: Entity) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """How the evaluation reads a title for ``entity``, independently of the project's matcher:
    a pattern of its Latin names as whole words (an all-capital acronym as written, other names
    in any case) and longer Thai names anywhere (Thai has no spaces); and its short Thai names,
    which count only on word boundaries (nlpo3 words). ISO codes are left out."""
    parts, short = [], []
    for name in entity.names:
        if name == entity.code or len(name) < 2:
            continue
        escaped = re.escape(name)
        if any("\u0e00" <= ch <= "\u0e7f" for ch in name):
            if len(name) <= SHORT_THAI:
                short.append(name)
            else:
                parts.append(escaped)
        elif name.isupper():
            parts.append(r"(?-i:(?<![A-Za-z0-9])%s(?![A-Za-z0-9]))" % escaped)
        else:
            parts.append(r"(?<![A-Za-z0-9])%s(?![A-Za-z0-9])" % escaped)
    return re.compile("|".join(parts) or "(?!)", re.IGNORECASE), tuple(short)


@cache
def _boundaries(title: str) -> frozenset[int]:
    """Offsets in ``title`` where an nlpo3 word starts or ends."""
    edges, at = {0}, 0
    for word in nlpo3.segment(title, pythainlp_dictionary_name()):
        at += len(word)
        edges.add(at)
    return frozenset(edges)


def names_entity(record: EvalRecord, entity: Entity) -> bool:
    """Whether the record's title names ``entity`` or one of its partners is it: what makes a
    record relevant to a query naming the entity."""
    if entity.id in record.partners:
        return True
    pattern, short = _name_patterns(entity)
    if pattern.search(record.title):
        return True
    for name in short:
        start = record.title.find(name)
        while start != -1:
            edges = _boundaries(record.title)
            if start in edges and start + len(name) in edges:
                return True
            start = record.title.find(name, start + 1)
    return False
