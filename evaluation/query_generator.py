"""Generating the query file from an archive, deterministically (one seed). See
:func:`generate_queries` for how each kind is cut."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any

import nlpo3
from pythainlp.corpus import thai_words

from archive.reference.entities import Entity, all_entities
from archive.reference.gazetteer import Country, country_by_code, lookup
from evaluation.icu_words import icu_available, icu_boundaries, outside_bmp
from evaluation.records import EvalRecord, names_entity
from indexer.search.analysis import pythainlp_dictionary_name, words

_THAI_LETTERS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"  # no ฯ ๆ, no digits
_THAI_ONLY = re.compile("[%s]+" % _THAI_LETTERS)
_SPACE = re.compile(r"\s+")
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_URL = re.compile(r"\S*(?:https?://|www\.)\S*|ที่มา\s*:.*")
# Function words: a query piece neither starts nor ends with one (nor ends with a prefix
# such as การ/ความ whose noun was cut off).
_FUNCTION_WORDS = frozenset(
    {
        "และ", "หรือ", "ที่", "ซึ่ง", "ใน", "ของ", "เพื่อ", "ให้", "กับ", "โดย", "จาก", "ได้",
        "ว่า", "ต่อ", "แก่", "ไป", "มา", "อยู่", "เป็น", "มี", "จะ", "ก็", "ถึง", "รวมถึง",
        "ทั้งนี้", "อาทิ", "แต่", "นั้น", "นี้", "ด้วย", "ไม่", "ยัง", "ทั้ง", "อีก", "เช่น",
        "ตาม", "กว่า", "คือ", "แล้ว", "ไว้", "เพื่อให้", "ซึ่งเป็น", "โดยมี", "ได้แก่", "ณ",
    }
)  # fmt: skip
_NOT_FIRST = _FUNCTION_WORDS
_NOT_LAST = _FUNCTION_WORDS | {"การ", "ความ", "ผู้", "นาย", "นาง", "นางสาว", "ประเทศ", "กรุง"}
# Upper-case abbreviations (MGMAC, JICA, OECD): the English names of mixed queries.
_ACRONYM = re.compile(r"(?<![A-Za-z0-9\-])[A-Z]{3,8}(?![A-Za-z0-9\-])")
_COMMON_ENGLISH = frozenset(
    {
        "the", "and", "for", "with", "from", "this", "that", "are", "was", "were", "has",
        "have", "not", "but", "all", "new", "one", "two", "our", "its", "covid", "vdo", "zoom",
        "online", "meeting", "conference", "www", "http", "https", "com", "org", "net",
    }
)  # fmt: skip


def _flat(text: str) -> str:
    return _SPACE.sub("", text)


class _Texts:
    """Space-free texts of every record, for uniqueness checks."""

    def __init__(self, records: Sequence[EvalRecord]) -> None:
        self.ids = [r.id for r in records]
        self.flat = [_flat(r.body) for r in records]

    def holders(self, piece: str, stop: int = 2) -> list[int]:
        """Ids of the records whose space-free text contains ``piece`` (at most ``stop``)."""
        out = []
        for record_id, flat in zip(self.ids, self.flat, strict=True):
            if piece in flat:
                out.append(record_id)
                if len(out) >= stop:
                    break
        return out


def _nlpo3_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of the non-space nlpo3 segments of ``text`` (pythainlp's word list)."""
    out, start = [], 0
    for word in nlpo3.segment(text, pythainlp_dictionary_name()):
        end = start + len(word)
        if not word.isspace():
            out.append((start, end))
        start = end
    return out


def word_pieces(line: str, low: int, high: int, min_chars: int) -> list[str]:
    """Space-free Thai pieces of ``line`` made of ``low``-``high`` whole words. A word is an
    nlpo3 segment (pythainlp's word list); a piece starts and ends where nlpo3 and ICU both
    put a word boundary, so no word segmenter would call the cut a word split. Every word is
    in the dictionary (no fragment of an unknown name) and the piece neither starts nor ends
    with a function word (what a person looking for it would not type)."""
    dictionary = thai_words()
    segments = _nlpo3_words(line)
    known = [line[s:e] in dictionary for s, e in segments]
    agreed = icu_boundaries(line) if not outside_bmp(line) else set()
    out = []
    for i, (start, first_end) in enumerate(segments):
        if start not in agreed or line[start:first_end] in _NOT_FIRST:
            continue
        for n in range(low, high + 1):
            if i + n > len(segments) or not all(known[i : i + n]):
                break
            last_start, end = segments[i + n - 1]
            if end not in agreed or line[last_start:end] in _NOT_LAST:
                continue
            piece = _flat(line[start:end])
            if len(piece) >= min_chars and _THAI_ONLY.fullmatch(piece):
                out.append(piece)
    return out


def _body_lines(record: EvalRecord) -> list[str]:
    """Lines of the record's text that are prose, not the title, header or source line."""
    out = []
    for line in record.text.splitlines():
        line = line.strip()
        if len(line) < 40 or _URL.search(line) or record.title in line or line in record.title:
            continue
        out.append(line)
    return out


def _is_local(record: EvalRecord) -> bool:
    return record.path.startswith(("seeds/", "corpus/"))


def _order(records: Sequence[EvalRecord], rng: random.Random, local_first: int) -> list[EvalRecord]:
    """Records in a random order, ``local_first`` seed/corpus records first."""
    local = [r for r in records if _is_local(r)]
    articles = [r for r in records if not _is_local(r)]
    rng.shuffle(local)
    rng.shuffle(articles)
    return local[:local_first] + articles + local[local_first:]


def _known_items(
    records: Sequence[EvalRecord],
    texts: _Texts,
    rng: random.Random,
    *,
    kind: str,
    count: int,
    local_first: int,
    used: set[int],
) -> list[dict[str, Any]]:
    """Known-item queries: a unique piece of a record's title (2-5 words) or body (3-8)."""
    out: list[dict[str, Any]] = []
    for record in _order(records, rng, local_first):
        if len(out) >= count:
            break
        if record.id in used:
            continue
        if kind == "known_title":
            pieces = word_pieces(record.title, 2, 5, 8)
        else:
            lines = _body_lines(record)
            rng.shuffle(lines)
            pieces = [p for line in lines[:3] for p in word_pieces(line, 3, 8, 14)]
        rng.shuffle(pieces)
        for piece in pieces[:8]:
            if texts.holders(piece) == [record.id]:
                out.append({"kind": kind, "query": piece, "relevant": [record.path]})
                used.add(record.id)
                break
    return out


def _typo(piece: str, how: str, rng: random.Random) -> str | None:
    """``piece`` with one Thai character dropped, two adjacent ones swapped, or a tone mark
    changed; None when that edit does not apply."""
    inner = list(range(1, len(piece) - 1))
    rng.shuffle(inner)
    if how == "drop":
        i = inner[0]
        return piece[:i] + piece[i + 1 :]
    if how == "swap":
        for i in inner:
            if i + 1 < len(piece) and piece[i] != piece[i + 1]:
                return piece[:i] + piece[i + 1] + piece[i] + piece[i + 2 :]
        return None
    tones = [i for i, ch in enumerate(piece) if ch in _TONES]
    if not tones:
        return None
    i = rng.choice(tones)
    return piece[:i] + rng.choice([t for t in _TONES if t != piece[i]]) + piece[i + 1 :]


def _typos(
    records: Sequence[EvalRecord], texts: _Texts, rng: random.Random, count: int, used: set[int]
) -> list[dict[str, Any]]:
    """Title pieces (3-5 words, unique) with one typo that occurs in no record."""
    out: list[dict[str, Any]] = []
    edits = ("drop", "swap", "tone")
    for record in _order(records, rng, 2):
        if len(out) >= count:
            break
        if record.id in used:
            continue
        how = edits[len(out) % len(edits)]
        pieces = word_pieces(record.title, 3, 5, 12)
        rng.shuffle(pieces)
        for piece in pieces[:8]:
            typo = _typo(piece, how, rng)
            if typo and texts.holders(piece) == [record.id] and not texts.holders(typo, 1):
                out.append({"kind": "typo", "query": typo, "relevant": [record.path]})
                used.add(record.id)
                break
    return out


# The issue's own examples, asked first when the archive holds them inside longer words.
ISSUE_SUBWORDS = ("ร่วมมือ", "ก่อการร้าย", "สตอกโฮล์ม")


def _subwords(
    records: Sequence[EvalRecord], rng: random.Random, count: int
) -> list[dict[str, Any]]:
    """Parts of compound words: a token of the project's segmenter that is two dictionary
    words A + B (pythainlp's list); the query is the longer part (5+ characters, not a
    country name) when that part is never a whole token of the document, and 2 to 200
    records contain it. The issue's examples come first. Relevant: every record containing
    the part (``{"contains": part}``)."""
    out: list[dict[str, Any]] = []
    for part in ISSUE_SUBWORDS:
        if any(part in r.body and part not in words(r.body) for r in records):
            out.append({"kind": "subword", "query": part, "relevant": [{"contains": part}]})
    dictionary = thai_words()
    seen = set(ISSUE_SUBWORDS)
    for record in _order(records, rng, 3):
        if len(out) >= count:
            break
        tokens = set(words(record.body))
        compounds = sorted(t for t in tokens if len(t) >= 8 and _THAI_ONLY.fullmatch(t))
        rng.shuffle(compounds)
        for compound in compounds:
            parts = []
            for i in range(2, len(compound) - 1):
                a, b = compound[:i], compound[i:]
                if a in dictionary and b in dictionary:
                    part = b if len(b) >= len(a) else a
                    if (
                        len(part) >= 5
                        and part not in tokens
                        and part not in seen
                        and part not in _FUNCTION_WORDS
                        and not isinstance(lookup(part), Country)
                    ):
                        parts.append(part)
            if not parts:
                continue
            part = rng.choice(parts)
            holders = sum(1 for r in records if part in r.body)
            if 2 <= holders <= 200:
                out.append({"kind": "subword", "query": part, "relevant": [{"contains": part}]})
                seen.add(part)
                break
    return out


def _english_names(text: str) -> list[str]:
    """Upper-case abbreviations in ``text`` outside URLs, not common words nor places."""
    names = _ACRONYM.findall(_URL.sub(" ", text))
    return sorted({n for n in names if n.lower() not in _COMMON_ENGLISH and lookup(n) is None})


def _mixed(records: Sequence[EvalRecord], rng: random.Random, count: int) -> list[dict[str, Any]]:
    """An English abbreviation and a Thai word (one or two words, 4+ characters, cut like the
    known items) from the same line of a record, in either order; relevant: the 1 to 10
    records holding both (the Thai word as a substring, the abbreviation as a whole Latin
    word, any case)."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for record in _order(records, rng, 8):
        if len(out) >= count:
            break
        lines = [line for line in record.body.splitlines() if _english_names(line)]
        rng.shuffle(lines)
        for line in lines[:4]:
            name = rng.choice(_english_names(line))
            thai = word_pieces(line, 1, 2, 4)
            if name.lower() in seen or not thai:
                continue
            word = rng.choice(thai)
            pattern = re.compile(r"(?<![A-Za-z0-9])%s(?![A-Za-z0-9])" % re.escape(name), re.I)
            holders = [r for r in records if word in r.body and pattern.search(r.body)]
            if 1 <= len(holders) <= 10 and record in holders:
                query = f"{word} {name}" if rng.random() < 0.5 else f"{name} {word}"
                out.append({"kind": "mixed", "query": query, "relevant": [h.path for h in holders]})
                seen.add(name.lower())
                break
    return out


def _countries(records: Sequence[EvalRecord]) -> list[dict[str, Any]]:
    """Every country that is a venue of some record, by its English name."""
    codes: dict[str, int] = {}
    for record in records:
        for code in record.countries:
            codes[code] = codes.get(code, 0) + 1
    out = []
    for code in sorted(codes, key=lambda c: (-codes[c], c)):
        country = country_by_code(code)
        if country is not None:
            relevant = [{"country": code}, {"entity": f"country:{code}"}]
            out.append({"kind": "country_en", "query": country.name_en, "relevant": relevant})
    return out


ENTITY_MIN_RECORDS = 3  # an entity gets queries when at least this many records are about it
ENTITY_QUOTA = {"country": 20, "organisation": 10, "city": 5}
_EVERYWHERE = ("country:TH", "city:Bangkok")  # nearly every record: nothing to rank
THAI_NAME_MAX = 25  # longer Thai names (official titles of organisations) are not typed


def entity_queries(records: Sequence[EvalRecord]) -> list[dict[str, Any]]:
    """Queries naming a country, organisation or city by its English name (``entity_en``: the
    English name, or the acronym of an organisation) and by its usual Thai name
    (``entity_th``), for the entities most records are about (title or partners: see
    :func:`evaluation.records.names_entity`), at least ``ENTITY_MIN_RECORDS`` of them."""
    counted: list[tuple[int, Entity]] = []
    for entity in all_entities():
        if entity.id in _EVERYWHERE:
            continue
        count = sum(1 for r in records if names_entity(r, entity))
        if count >= ENTITY_MIN_RECORDS:
            counted.append((count, entity))
    counted.sort(key=lambda item: (-item[0], item[1].id))
    out: list[dict[str, Any]] = []
    for kind, quota in ENTITY_QUOTA.items():
        chosen = [e for _, e in counted if e.kind == kind][:quota]
        for entity in chosen:
            relevant = [{"entity": entity.id}]
            out.append({"kind": "entity_en", "query": entity.name_en, "relevant": relevant})
            if entity.name_th and len(entity.name_th) <= THAI_NAME_MAX:
                out.append({"kind": "entity_th", "query": entity.name_th, "relevant": relevant})
    return out


def generate_queries(
    records: Sequence[EvalRecord], *, seed: int = 2024, per_kind: int = 20
) -> list[dict[str, Any]]:
    """The query set, cut from ``records`` deterministically:

    - known_title: 2-5 words of a record's title (30 queries), known_body: 3-8 words of a prose
      line (30), both Thai only, spaces removed, cut where nlpo3 and ICU agree on a word
      boundary, and found (spaces removed) in that record only;
    - typo: a unique 3-5-word title piece with one character dropped, two swapped or a tone
      mark changed, the result found in no record;
    - subword: see ``_subwords``; mixed: see ``_mixed``; country_en: see ``_countries``.

    A record gives at most one known-item or typo query."""
    if icu_available():
        raise SystemExit(f"generating needs ICU word boundaries: {icu_available()}")
    rng = random.Random(seed)
    texts = _Texts(records)
    used: set[int] = set()
    known = 30
    queries = _known_items(
        records, texts, rng, kind="known_title", count=known, local_first=4, used=used
    )
    queries += _known_items(
        records, texts, rng, kind="known_body", count=known, local_first=6, used=used
    )
    queries += _subwords(records, rng, per_kind)
    queries += _mixed(records, rng, per_kind)
    queries += _countries(records)
    queries += _typos(records, texts, rng, per_kind, used)
    return queries
