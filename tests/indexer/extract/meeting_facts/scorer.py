"""Score the parser's meeting facts against the labels read by hand (RULES.md beside this).

    python -m tests.indexer.extract.meeting_facts.scorer            # dev and held-out tables
    python -m tests.indexer.extract.meeting_facts.scorer --misses   # and what was wrong (dev)

Facts: venue country (meetings held in a place), venue city, online meetings, meeting start
date, partner countries and organisations (precision, recall, F1 over all documents), and
follow-up actions (an extracted item matches a labelled action when it contains most of it;
precision over every extracted item, recall over every labelled action).
"""

from __future__ import annotations

import argparse
import json
import lzma
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from archive.reference.agencies import known_agencies
from archive.reference.gazetteer import City, lookup
from archive.reference.international import international_named
from archive.store.recorddata import FollowUpData, RecordData, VenueData
from archive.thai.normalize import collapse_spaces
from indexer.extract.parsing import parse_text
from indexer.extract.reading import read_document

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SHARED = ROOT.parent / "shared"
ARTICLES = SHARED / "data" / "thaigov-2020-2022.jsonl.xz"
MATCH = 0.6  # share of a labelled action's characters an extracted item must contain
# Labelling rounds: sets a-d were labelled while the rules were written, sets e-h after, sets i,
# j to q (reports naming a foreign party) after those (RULES.md).
BATCHES = {"a": "a-d", "b": "a-d", "c": "a-d", "d": "a-d", "e": "e-h", "f": "e-h", "g": "e-h",
           "h": "e-h", "i": "i", "j": "j", "k": "k", "l": "l", "m": "m", "n": "n", "o": "o",
           "p": "p", "q": "q", "r": "r", "s": "s", "t": "t", "u": "u", "v": "v", "w": "w",
           "x": "x", "y": "y", "z": "z"}


def labels() -> list[dict[str, Any]]:
    """Every labelled document, in file order."""
    rows = []
    for path in sorted(HERE.glob("labels-*.jsonl")):
        batch = BATCHES[path.stem.removeprefix("labels-")]
        rows += [
            {**json.loads(line), "batch": batch}
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
    return rows


def _articles(paths: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    with lzma.open(ARTICLES, "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            if article["path"] in paths:
                found[article["path"]] = article["text"]
    return found


def parsed(rows: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], RecordData]]:
    """Each labelled document with the parser's record of it."""
    wanted = {r["doc"].split(":", 1)[1] for r in rows if r["doc"].startswith("thaigov:")}
    articles = _articles(wanted) if wanted else {}
    for row in rows:
        source, name = row["doc"].split(":", 1)
        if source == "thaigov":
            yield row, parse_text(articles[name], source_path=name)
            continue
        path = (SHARED / "seeds" if source == "seed" else ROOT / "corpus") / name
        text = read_document(path)
        yield row, parse_text(text.text, source_path=name, source_format=text.format)


@dataclass
class Tally:
    """Counts of one fact."""

    right: int = 0
    asked: int = 0  # labelled (recall's denominator)
    given: int = 0  # extracted (precision's denominator)
    misses: list[str] = field(default_factory=list)

    def line(self, name: str, *, accuracy: bool) -> str:
        if accuracy:
            share = self.right / self.asked if self.asked else 0.0
            return f"{name:<26} {share:6.3f}   ({self.right}/{self.asked})"
        precision = self.right / self.given if self.given else 0.0
        recall = self.right / self.asked if self.asked else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return (
            f"{name:<26} P {precision:5.3f}  R {recall:5.3f}  F1 {f1:5.3f}   "
            f"({self.right} right, {self.given} given, {self.asked} labelled)"
        )


def _contained(label: str, item: str) -> float:
    a, b = collapse_spaces(label), collapse_spaces(item)
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size / max(len(a), 1)


def _organisation(name: str) -> str:
    """An organisation by its canonical name where the reference table knows the one given
    (readers wrote "UN" or "United Nations", "GMS" or "Greater Mekong Subregion")."""
    known = international_named(name)
    return known.name if known else name


def _sets(tally: Tally, doc: str, labelled: Iterable[str], given: Iterable[str]) -> None:
    want, got = set(labelled), set(given)
    tally.right += len(want & got)
    tally.asked += len(want)
    tally.given += len(got)
    if want != got:
        tally.misses.append(f"{doc}: labelled {sorted(want)} given {sorted(got)}")


def _city_name(name: str) -> str:
    """The gazetteer's name of a city a reader spelled another way ("Chonburi", "Washington,
    D.C."), so that a spelling is not scored as another place."""
    place = lookup(name)
    return place.name_en if isinstance(place, City) else name


def score(pairs: Iterable[tuple[dict[str, Any], RecordData]]) -> dict[str, Tally]:
    """The tallies of every fact over the labelled documents."""
    t = {name: Tally() for name in (
        "venue country", "venue city", "online", "start date",
        "partner countries", "partner organisations", "actions", "due date", "offices",
    )}
    for row, record in pairs:
        doc = row["doc"]
        venue = row.get("venue") or None
        got_venue = record.venue
        online = bool(getattr(got_venue, "online", False))
        if venue and not venue["online"] and venue["country"]:
            t["venue country"].asked += 1
            got = got_venue.country_code if got_venue else None
            if got == venue["country"]:
                t["venue country"].right += 1
            else:
                t["venue country"].misses.append(f"{doc}: {venue['country']} given {got}")
        if venue and not venue["online"] and venue["city"]:
            t["venue city"].asked += 1
            got = got_venue.city if got_venue else None
            if got and _city_name(got) == _city_name(venue["city"]):
                t["venue city"].right += 1
            else:
                t["venue city"].misses.append(f"{doc}: {venue['city']} given {got}")
        if venue and venue["online"]:
            t["online"].asked += 1
            t["online"].right += online
            if not online:
                t["online"].misses.append(f"{doc}: online not seen")
        if row.get("dates"):
            t["start date"].asked += 1
            got = record.date_start.isoformat() if record.date_start else None
            if got == row["dates"]["start"]:
                t["start date"].right += 1
            else:
                t["start date"].misses.append(f"{doc}: {row['dates']['start']} given {got}")
        _sets(t["partner countries"], doc, row["partner_countries"],
              getattr(record, "party_countries", []))
        _sets(t["partner organisations"], doc, map(_organisation, row["partner_organizations"]),
              map(_organisation, getattr(record, "party_organizations", [])))
        actions = t["actions"]
        items = [item.text for item in record.follow_ups]
        free = list(range(len(items)))
        actions.asked += len(row["actions"])
        actions.given += len(items)
        for action in row["actions"]:
            best = max(free, key=lambda i: _contained(action["text"], items[i]), default=None)
            if best is not None and _contained(action["text"], items[best]) >= MATCH:
                actions.right += 1
                free.remove(best)
                _due(t["due date"], doc, action, record.follow_ups[best].due_date)
                _offices(t["offices"], doc, action, record.follow_ups[best].agencies)
            else:
                actions.misses.append(f"{doc}: missed “{action['text'][:90]}”")
        for i in free:
            actions.misses.append(f"{doc}: not an action “{items[i][:90]}”")
    return t


def _due(tally: Tally, doc: str, action: dict[str, Any], got: date | None) -> None:
    """A found action's due date against the label's, where either has one."""
    if action.get("due") is None and got is None:
        return
    tally.asked += 1
    if (got.isoformat() if got else None) == action.get("due"):
        tally.right += 1
    else:
        tally.misses.append(f"{doc}: due {action.get('due')} given {got} “{action['text'][:60]}”")


def _office(name: str) -> str:
    """An office by its canonical name where the offices table holds the name as written."""
    known = known_agencies().get("".join(name.split()))
    return known.name_th if known else collapse_spaces(name)


def _offices(tally: Tally, doc: str, action: dict[str, Any], got: list[str]) -> None:
    """A found action's offices against the responsible offices of its label."""
    _sets(tally, doc, {_office(a) for a in action["agencies"]}, {_office(a) for a in got})


ACCURACY = ("venue country", "venue city", "online", "start date", "due date")


def report(name: str, tallies: dict[str, Tally], *, misses: bool = False) -> str:
    """A printable table of one split."""
    lines = [f"== {name}"]
    for fact, tally in tallies.items():
        lines.append(tally.line(fact, accuracy=fact in ACCURACY))
    if misses:
        for fact, tally in tallies.items():
            lines += [f"  [{fact}] {miss}" for miss in tally.misses]
    return "\n".join(lines)


def readings(name: str) -> list[dict[str, Any]]:
    """One reader's labels of every document (``first-reading.jsonl``, ``second-reading.jsonl``)."""
    return [
        json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines()
    ]


def agreement() -> str:
    """How far two readers agree, and how far each comes from the adjudicated answer key: every
    document was read twice, blind, and a third reader settled each disagreement (RULES.md); a
    reader is scored like the parser."""
    gold = {row["doc"]: row for row in labels()}
    first, second = readings("first-reading.jsonl"), readings("second-reading.jsonl")
    by_doc = {row["doc"]: row for row in first}
    kinds = sum(by_doc[row["doc"]]["kind"] == row["kind"] for row in second) / len(second)
    return "\n".join([
        report(f"second reader against the first ({len(second)} documents; same kind "
               f"{kinds:.3f})", score((by_doc[row["doc"]], _as_record(row)) for row in second)),
        report("first reader against the answer key",
               score((gold[row["doc"]], _as_record(row)) for row in first)),
        report("second reader against the answer key",
               score((gold[row["doc"]], _as_record(row)) for row in second)),
    ])


def _as_record(row: dict[str, Any]) -> RecordData:
    """A reader's labels in the shape of the parser's record, to be scored like it."""
    venue = row.get("venue") or {}
    dates = row.get("dates") or {}
    return RecordData(
        title="", text="", source_path=row["doc"], content_hash="",
        venue=VenueData(raw=venue.get("text") or "", city=venue.get("city"),
                        country_code=venue.get("country"), online=bool(venue.get("online")))
        if venue else None,
        date_start=date.fromisoformat(dates["start"]) if dates.get("start") else None,
        follow_ups=[
            FollowUpData(text=a["text"], key=str(i), agencies=list(a["agencies"]),
                         due_date=date.fromisoformat(a["due"]) if a.get("due") else None)
            for i, a in enumerate(row["actions"])
        ],
        party_countries=row["partner_countries"],
        party_organizations=row["partner_organizations"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list what the dev set missed")
    parser.add_argument("--agreement", action="store_true",
                        help="also score the two readers against each other and the answer key")
    args = parser.parse_args()
    rows = labels()
    pairs = list(parsed(rows))
    for split in ("dev", "heldout"):
        chosen = [(row, record) for row, record in pairs if row["split"] == split]
        print(report(f"{split} ({len(chosen)} documents)", score(chosen),
                     misses=args.misses and split == "dev"))
        for batch in sorted(set(BATCHES.values())):
            part = [(row, record) for row, record in chosen if row["batch"] == batch]
            print(report(f"{split}, sets {batch} ({len(part)} documents)", score(part)))
    if args.agreement:
        print(agreement())


if __name__ == "__main__":
    main()
