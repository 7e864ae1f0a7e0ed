"""The issuing body of a document, recognised from cues in its header, footer or reporter."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from archive.reference.tables import load_tsv, split_aliases


@dataclass(frozen=True)
class Organization:
    name_th: str
    name_en: str
    cues: tuple[str, ...]


@cache
def organizations() -> list[Organization]:
    """The known issuing bodies."""
    return [
        Organization(r[0], r[1], tuple(split_aliases(r[2]))) for r in load_tsv("organizations.tsv")
    ]


def organization_named(name: str) -> Organization | None:
    """The known organisation whose Thai name or a cue is exactly ``name``."""
    for org in organizations():
        if name == org.name_th or name in org.cues:
            return org
    return None


def find_organization(*texts: str | None) -> str | None:
    """The first organisation whose cue appears in the texts, tried in the order given."""
    for text in texts:
        if not text:
            continue
        best: tuple[int, str] | None = None
        for org in organizations():
            for cue in org.cues:
                pos = text.find(cue)
                if pos >= 0 and (best is None or pos < best[0]):
                    best = (pos, org.name_th)
        if best:
            return best[1]
    return None
