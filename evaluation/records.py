"""The archive's records as the evaluation sees them, and the resolution of a query's
``relevant`` entries to record ids: source paths (matched by suffix: "seeds/000_....txt",
"corpus/01_...", "2020/09/17/..._1.txt") and rules, ``{"country": "JP"}`` (records whose venue
or one of whose meetings is in that country) and ``{"contains": "ร่วมมือ"}`` (records whose
title or text contains that string)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from archive.store.db import Database
from archive.store.lookups import iter_records


@dataclass
class EvalRecord:
    """What the evaluation needs of one archive record."""

    id: int
    path: str  # source path, seeds and corpus files as "seeds/NAME" / "corpus/NAME"
    title: str
    text: str
    countries: frozenset[str] = frozenset()

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
            else:
                raise ValueError(f"unknown relevance rule: {entry!r}")
        return ids
