"""The query file (``tests/search_queries.json``): a JSON list of ``{"kind", "query",
"relevant"}``, one query per line; ``relevant`` lists source paths and rules (see
:mod:`evaluation.records`). :mod:`evaluation.query_generator` cuts a new one from an archive."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluation.paths import QUERIES

# Kinds of the query file; the entity kinds run on archives of unseen articles (a dev part and a
# held-out part, reported as KIND and KIND + HELD_OUT).
FILE_KINDS = (
    "known_title",
    "known_body",
    "subword",
    "mixed",
    "country_en",
    "typo",
    "entity_en",
    "entity_th",
)
UNSEEN_KINDS = ("entity_en", "entity_th")
HELD_OUT = "_heldout"
KINDS = FILE_KINDS + tuple(kind + HELD_OUT for kind in UNSEEN_KINDS)  # as reported
KNOWN_ITEM_KINDS = ("known_title", "known_body")
ENTITY_KINDS = UNSEEN_KINDS + tuple(kind + HELD_OUT for kind in UNSEEN_KINDS)


@dataclass
class EvalQuery:
    """One query of the file: its kind, its text and what is relevant to it."""

    kind: str
    query: str
    relevant: list[str | dict[str, str]]


RULES = ("country", "contains", "entity")


def load_queries(path: Path = QUERIES) -> list[EvalQuery]:
    """The query file, checked: known kinds, a non-empty query, paths or known rules."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: a JSON list of queries expected")
    queries = []
    for n, item in enumerate(data):
        where = f"{path}: query {n}"
        if set(item) != {"kind", "query", "relevant"}:
            raise ValueError(f"{where}: keys must be kind, query, relevant")
        if item["kind"] not in FILE_KINDS:
            raise ValueError(f"{where}: unknown kind {item['kind']!r}")
        if not isinstance(item["query"], str) or not item["query"].strip():
            raise ValueError(f"{where}: empty query")
        if not isinstance(item["relevant"], list) or not item["relevant"]:
            raise ValueError(f"{where}: relevant must be a non-empty list")
        for entry in item["relevant"]:
            ok = isinstance(entry, str) or (
                isinstance(entry, dict) and len(entry) == 1 and next(iter(entry)) in RULES
            )
            if not ok:
                raise ValueError(f"{where}: bad relevant entry {entry!r}")
        queries.append(EvalQuery(item["kind"], item["query"], list(item["relevant"])))
    return queries


def write_queries(path: Path, queries: Sequence[dict[str, Any]]) -> None:
    """The query file: one query per line, readable in a diff."""
    lines = [json.dumps(q, ensure_ascii=False) for q in queries]
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
