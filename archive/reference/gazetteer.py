"""Countries and cities in Thai and English: exact lookup and place mentions in running text.

The data lives in ``indexer/data/countries.tsv`` (every ISO 3166-1 entry, sorted by code) and
``indexer/data/cities.tsv`` (capitals, major cities, the 77 Thai provinces and Bangkok's 50
districts, sorted by country; a row whose ``city_of`` column is set is a part of that city and
resolves to it). Both are read once, on first use.

Matching rules of :func:`find_places`:

- Names are compared on a length-preserving key: Latin lower-cased and stripped of accents,
  dashes unified, Thai digits made Arabic. A space or dash inside a name may be written as any
  run of spaces/dashes or left out, and a space may follow a full stop ("สปป.ลาว" =
  "สปป. ลาว", "แชงกรี–ลา" = "แชงกรีลา"). Offsets always refer to the text as given.
- Leftmost-longest, non-overlapping: "อินโดนีเซีย" is never "อินเดีย"+..., "ปาปัวนิวกินี" is
  never "กินี", and a few longer phrases (``_NOT_PLACES``: "อเมริกาใต้", "ทะเลจีนใต้",
  "New Jersey", ...) are matched only to be thrown away.
- English names must stand on word boundaries. Upper-case abbreviations (US, UK, ROK, BKK) must
  be written exactly so ("us" is not the USA); names that are also common English nouns
  (``_PROPER_ONLY``: china, turkey, chad, male, ...) must start with a capital letter.
- Thai is written without spaces, so Thai names are found inside longer strings, but never
  across a syllable: not after a preposed vowel (เ แ โ ใ ไ) or a silent leading ห, not before
  a following vowel, a mark, a consonant silenced by ์ or a "รร" syllable ("ลาว" is not in
  "ลาวา", "ลาวัณย์", "ลาวด์", "หลาว", "วิลาวรรณ"); and not right after "ภาษา" (a language is
  not a place: "ภาษาอังกฤษ") or a title (``_TITLES``: "นายสุรินทร์" is a person).
- Short Thai names (at most 4 characters, except the unambiguous ``_FREE_SHORT`` ones such as
  ไทย, จีน, ลาว, ไทเป) and the names that are also common Thai given names (``_GIVEN_NAMES``)
  are *guarded*: they count only right after a place word (ประเทศ, กรุง, จังหวัด, จ., ...; see
  ``_PLACE_PREFIXES``) or when standing alone between non-Thai characters (spaces,
  punctuation, line ends). So "ชาด" is not found in "ชาดก", nor "มาลี" in "ดอกมาลี", nor
  "แพร่" in "เผยแพร่", nor "เลย" in "ไม่เลย", nor "โรม" in "โรมรัน"; but "ประเทศมาลี",
  "จ.แพร่" and "ไทย ลาว มาลี" are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial

from archive.reference.prepared import prepared
from archive.reference.tables import load_tsv, split_aliases
from archive.thai.normalize import _DASHES, _INVISIBLE, _SPACES, THAI_DIGITS, fold

COUNTRY_COLUMNS = ("code", "name_en", "name_th", "official_th", "aliases")
CITY_COLUMNS = ("name_en", "name_th", "country_code", "aliases", "city_of")


@dataclass(frozen=True)
class Country:
    code: str
    name_en: str
    name_th: str
    official_th: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class City:
    name_en: str
    name_th: str
    country_code: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class PlaceMatch:
    country: Country
    city: City | None
    pos: int
    endpos: int
    text: str


# --- matching rules (see the module docstring) ----------------------------------------------

# Short Thai names that are not (parts of) common Thai words, so they need no guard.
_FREE_SHORT = frozenset(
    {
        "ไทย", "จีน", "ลาว", "พม่า", "เขมร", "สเปน", "เปรู", "ฟิจิ", "เฮติ", "กรีซ", "สวิส",
        "ชิลี", "ไทเป", "ดูไบ", "ไคโร", "โดฮา", "ดิลี", "โกเบ", "เชจู", "แทกู", "ไถจง", "นาฮะ",
        "คีฟ",
    }
)  # fmt: skip
# Longer names that are also Thai given names or words: guarded like the short ones.
_GIVEN_NAMES = frozenset(
    {
        "สุรินทร์", "ชุมพร", "พิจิตร", "ยโสธร", "อ่างทอง", "ชัยนาท", "สระแก้ว", "ลำพูน", "กระบี่",
        "ชัยภูมิ", "พัทยา", "ปีนัง", "โซเฟีย", "เบิร์น",
        # across the border: "ตำบลวังกระแจะ", "นางรัชนี โพธิสัตยา", "วัดสังกัสรัตนคีรี",
        # "ไม้หมอนมะริด", "หน้าผาอันสูงชัน", "เกาะสองเกาะ", "ไพลิน" (a given name), "หัวพันธุ์"
        "กระแจะ", "โพธิสัต", "รัตนคีรี", "มะริด", "สาละวัน", "ผาอัน", "เกาะสอง", "ไพลิน", "หัวพัน",
        "กุ้ยหลิน",
    }
)  # fmt: skip
# A Thai name right after a title is part of a person's name ("นายสุรินทร์", "นางสาวพัทยา").
_TITLES = ("นาย", "นาง", "นางสาว", "น.ส.", "ดร.")
_PLACE_PREFIXES = (
    "ประเทศ",
    "สาธารณรัฐ",
    "ราชอาณาจักร",
    "รัฐ",
    "กรุง",
    "นคร",
    "เมือง",
    "จังหวัด",
    "จ.",
    "เกาะ",
    "หมู่เกาะ",
    "สปป.",
    "แขวง",
)
# Phrases that contain a place name but are no place: matched only to be thrown away.
_NOT_PLACES = (
    "อเมริกาใต้", "อเมริกาเหนือ", "อเมริกากลาง", "อเมริกาลาติน", "ลาตินอเมริกา", "ละตินอเมริกา",
    "อเมริกาโน", "นิวเม็กซิโก", "นิวเจอร์ซีย์", "ทะเลจีนใต้", "ทะเลจีนตะวันออก", "อินโดจีน",
    "ขนมจีน", "ยูจีน", "ปราจีน", "มหาสมุทรอินเดีย", "อินเดียนแดง", "อินเดียแดง", "อินเดียนา",
    "ปรัสเซีย", "สเปนเซอร์", "ซีเรียส", "ซีเรียม", "เชโกสโลวาเกีย", "เช็กโกสโลวาเกีย",
    "เช็คโกสโลวาเกีย", "ตากอากาศ", "นราธิวาสราชนครินทร์", "จันทบุรีนฤนาถ", "ผักกวางตุ้ง",
    "ผักกาดกวางตุ้ง", "Sheikh Sabah", "Al-Sabah", "Al Sabah",
    "South America", "North America", "Central America", "Latin America", "New Jersey",
    "New Mexico", "New South Wales", "South China Sea", "East China Sea", "Lake Victoria",
)  # fmt: skip
_PROPER_ONLY = frozenset(
    {"china", "turkey", "chad", "male", "guinea", "jordan", "lima", "mecca", "victoria"}
)
_LANGUAGE = "ภาษา"

# --- character classes and the length-preserving comparison table ---------------------------

_SEP = "<sep>"  # trie token (never a single character): an optional run of spaces/dashes
_SEP_RX = r"[\s\-]*"
_SEP_CHARS = re.compile(r"[\s\-]+")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]")
_LATIN_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")
_PREPOSED = frozenset("เแโใไ")
# Characters that cannot begin a syllable: following vowels, above/below vowels, tone marks.
_FOLLOWERS = frozenset("ะัาำิีึืฺุู็่้๊๋์ํ๎ๅ")
_KARAN = "์"
# Low consonants that a silent leading ห turns into one syllable with it ("หลาว", "หนอง").
_LED_BY_HO = frozenset("งญนมยรลว")
_CONSONANT = re.compile(r"[\u0e01-\u0e2e]")
# Text needing a slower, offset-mapped clean-up first: invisible characters, a decomposed
# sara am (nikhahit + sara aa) or Latin combining accents.
_NEEDS_CLEANING = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "\u0300-\u036f]|\u0e4d\u0e32")


def _char_table() -> dict[int, str]:
    # normalize's dash/space tables and Thai digits: all one character to one character.
    table: dict[int, str] = {**_DASHES, **_SPACES}
    table.update({ord(d): str(i) for i, d in enumerate(THAI_DIGITS)})
    table.update({ord(c): " " for c in "\t\n\r\f\v"})
    table.update({ord("\u2018"): "'", ord("\u2019"): "'", ord("`"): "'"})
    for cp in range(0x41, 0x250):
        ch = chr(cp)
        if cp > 0x5A and cp < 0xC0:
            continue
        base = unicodedata.normalize("NFD", ch)[0].lower()
        if base != ch and len(base) == 1 and base.isascii() and base.isalpha():
            table[cp] = base
    return table


_TABLE = _char_table()


def _norm(text: str) -> str:
    """Same-length comparison form of ``text`` (for the matcher)."""
    return text.translate(_TABLE)


def name_key(name: str) -> str:
    """The key two spellings of one name share: folded, accents and spaces/dashes removed."""
    return _SEP_CHARS.sub("", _norm(fold(name)))


def _tokens(name: str) -> list[str]:
    toks: list[str] = []
    for ch in _norm(fold(name)):
        if ch.isspace() or ch == "-":
            if toks and toks[-1] != _SEP:
                toks.append(_SEP)
        else:
            if toks and toks[-1] == "." and ch != _SEP:
                toks.append(_SEP)
            toks.append(ch)
    while toks and toks[-1] == _SEP:
        toks.pop()
    return toks


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def syllable_ok(ts: str, start: int, end: int) -> bool:
    """Boundary rules every match must pass: English word boundaries, Thai syllable edges."""
    first, last = ts[start], ts[end - 1]
    prev = ts[start - 1] if start else " "
    nxt = ts[end] if end < len(ts) else " "
    if _is_thai(first):
        if prev in _PREPOSED or (prev == "ห" and first in _LED_BY_HO):
            return False
    elif _LATIN_WORD.match(first) and _LATIN_WORD.match(prev):
        return False
    if _is_thai(last):
        if nxt in _FOLLOWERS:
            return False
        if _CONSONANT.match(nxt) and _KARAN in (ts[end + 1 : end + 2], ts[end + 2 : end + 3]):
            return False  # a silenced consonant, with its vowel or not: "หัวพันธุ์"
        if ts[end : end + 2] == "รร":
            return False
    elif _LATIN_WORD.match(last) and _LATIN_WORD.match(nxt):
        return False
    return True


# Called as accept(src, ts, start, end, key): src is the text (after invisible-character
# clean-up), ts its same-length comparison form.
Accept = Callable[[str, str, int, int, str], bool]


class NameMatcher:
    """Leftmost-longest, non-overlapping finder for a fixed set of names (one trie regex)."""

    def __init__(self, names: Iterable[str], accept: Accept | None = None) -> None:
        self._trie: dict = {}
        for name in names:
            toks = _tokens(name)
            if not toks:
                continue
            node = self._trie
            for tok in toks:
                node = node.setdefault(tok, {})
            node[""] = True
        # Compiled on first use: looking a name up needs only the trie, and a prepared table
        # (``archive.reference.prepared``) is read back without compiling.
        self._pattern = _render(self._trie)
        self._regex: re.Pattern[str] | None = None
        self._accept = accept

    def _compiled(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self._pattern)
        return self._regex

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_regex"] = None
        return state

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield (pos, endpos, key) of each accepted match; offsets into ``text`` as given."""
        if _NEEDS_CLEANING.search(text):
            src, offsets = _clean_with_offsets(text)
        else:
            src, offsets = text, None
        ts = _norm(src)
        pos = 0
        search = self._compiled().search
        while True:
            m = search(ts, pos)
            if m is None:
                return
            start, end = m.span()
            hit = self._check(src, ts, start, end)
            if hit is None:
                for alt in self._ends(ts, start):
                    if alt != end:
                        hit = self._check(src, ts, start, alt)
                        if hit is not None:
                            break
            if hit is None:
                pos = start + 1
                continue
            end, key = hit
            if offsets is None:
                yield start, end, key
            else:
                yield offsets[start], offsets[end - 1] + 1, key
            pos = end

    def _check(self, src: str, ts: str, start: int, end: int) -> tuple[int, str] | None:
        if end <= start or not syllable_ok(ts, start, end):
            return None
        key = _SEP_CHARS.sub("", ts[start:end])
        if self._accept is not None and not self._accept(src, ts, start, end, key):
            return None
        return end, key

    def _ends(self, ts: str, start: int) -> list[int]:
        """Every end position of a name starting at ``start``, longest first."""
        ends: set[int] = set()
        stack = [(self._trie, start)]
        n = len(ts)
        while stack:
            node, i = stack.pop()
            if "" in node and i > start:
                ends.add(i)
            if i < n and ts[i] in node:
                stack.append((node[ts[i]], i + 1))
            sep = node.get(_SEP)
            if sep is not None:
                j = i
                while j < n and (ts[j].isspace() or ts[j] == "-"):
                    j += 1
                stack.append((sep, j))
        return sorted(ends, reverse=True)


def _render(node: dict) -> str:
    alts = [
        (_SEP_RX if tok == _SEP else re.escape(tok)) + _render(child)
        for tok, child in sorted(node.items(), key=lambda kv: kv[0])
        if tok != ""
    ]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return "(?:" + body + ")?" if "" in node else body


def _clean_with_offsets(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ord(ch) in _INVISIBLE or "\u0300" <= ch <= "\u036f":
            i += 1
            continue
        if ch == "\u0e4d" and i + 1 < n and text[i + 1] == "\u0e32":
            chars.append("\u0e33")
            offsets.append(i)
            i += 2
            continue
        chars.append(ch)
        offsets.append(i)
        i += 1
    return "".join(chars), offsets


# --- the data -------------------------------------------------------------------------------


def _read_tsv(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    header, *rows = load_tsv(name)
    if tuple(header[: len(columns)]) != columns:
        raise ValueError(f"{name}: expected the columns {columns}, found {header}")
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)) for row in rows]


def _split(aliases: str) -> tuple[str, ...]:
    return tuple(split_aliases(aliases))


@dataclass(frozen=True)
class _Gazetteer:
    countries: tuple[Country, ...]
    cities: tuple[City, ...]
    by_code: dict[str, Country]
    places: dict[str, tuple[Country | City, ...]]  # name key -> places; () = not a place
    thai_words: frozenset[str]
    matcher: NameMatcher


def _is_abbreviation(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isascii() and c.isupper() for c in letters)


@cache
def _load() -> _Gazetteer:
    return prepared(
        "gazetteer",
        _build,
        ("countries.tsv", "cities.tsv"),
        ("gazetteer.py", "tables.py", "prepared.py"),
    )


def _build() -> _Gazetteer:
    countries = tuple(
        Country(r["code"], r["name_en"], r["name_th"], r["official_th"], _split(r["aliases"]))
        for r in _read_tsv("countries.tsv", COUNTRY_COLUMNS)
    )
    by_code = {c.code: c for c in countries}
    cities: list[City] = []
    parts: list[tuple[dict[str, str], str]] = []
    for r in _read_tsv("cities.tsv", CITY_COLUMNS):
        if r.get("city_of"):
            parts.append((r, r["city_of"]))
        else:
            cities.append(City(r["name_en"], r["name_th"], r["country_code"], _split(r["aliases"])))
    city_by_en = {(c.name_en, c.country_code): c for c in cities}

    entries: list[tuple[str, Country | City]] = []
    for c in countries:
        entries += [(n, c) for n in (c.name_en, c.name_th, c.official_th, *c.aliases)]
    for ci in cities:
        entries += [(n, ci) for n in (ci.name_en, ci.name_th, *ci.aliases)]
    for r, parent in parts:
        city = city_by_en[(parent, r["country_code"])]
        entries += [(n, city) for n in (r["name_en"], r["name_th"], *_split(r["aliases"]))]

    places: dict[str, list[Country | City]] = {}
    spellings: dict[str, list[str]] = {}
    for name, place in entries:
        if not name:
            continue
        key = name_key(name)
        bucket = places.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)
        spellings.setdefault(key, []).append(name)
    for name in _NOT_PLACES:
        places.setdefault(name_key(name), [])
        spellings.setdefault(name_key(name), []).append(name)

    # Abbreviations must be written as in the data; short Thai names are guarded.
    exact = {
        key: frozenset(_SEP_CHARS.sub("", n) for n in names)
        for key, names in spellings.items()
        if all(_is_abbreviation(n) for n in names)
    }
    guarded = frozenset(
        key
        for key, names in spellings.items()
        if any(_is_thai(ch) for ch in key)
        and ((len(key) <= 4 and key not in _FREE_SHORT) or key in _GIVEN_NAMES)
    )
    return _Gazetteer(
        countries=countries,
        cities=tuple(cities),
        by_code=by_code,
        places={k: tuple(v) for k, v in places.items()},
        thai_words=frozenset(n for n, _ in entries if any(_is_thai(ch) for ch in n)),
        matcher=NameMatcher(
            (n for names in spellings.values() for n in names), partial(_accept, exact, guarded)
        ),
    )


# Thai streets are named after provinces ("ถ.นครราชสีมา", "ถนนเพชรบุรี"): a street, not a place.
_STREETS = ("ถ.", "ถนน", "ซ.", "ซอย", "แยก", "สะพาน", "สถานี")


def _after_prefix(ts: str, start: int, prefixes: Iterable[str]) -> bool:
    head = ts[max(0, start - 13) : start]
    if head.endswith(" "):
        head = head[:-1]
    return any(head.endswith(p) for p in prefixes)


def _accept(
    exact: dict[str, frozenset[str]],
    guarded: frozenset[str],
    src: str,
    ts: str,
    start: int,
    end: int,
    key: str,
) -> bool:
    """Gazetteer rules on top of :func:`syllable_ok` (see the module docstring)."""
    allowed = exact.get(key)
    if allowed is not None:
        return _SEP_CHARS.sub("", src[start:end]) in allowed
    first = ts[start]
    if not _is_thai(first):
        return key not in _PROPER_ONLY or src[start].isupper()
    if _after_prefix(ts, start, (_LANGUAGE, *_TITLES, *_STREETS)):
        return False
    if key in guarded:
        if _after_prefix(ts, start, _PLACE_PREFIXES):
            return True
        prev = ts[start - 1] if start else " "
        nxt = ts[end] if end < len(ts) else " "
        return not _THAI_LETTER.match(prev) and not _THAI_LETTER.match(nxt)
    return True


# --- public API -----------------------------------------------------------------------------


def countries() -> list[Country]:
    """Every ISO 3166-1 country and territory, sorted by code."""
    return list(_load().countries)


def cities() -> list[City]:
    """Every city (capitals, major cities, Thai provinces); Bangkok's districts are not cities."""
    return list(_load().cities)


def country_by_code(code: str) -> Country | None:
    """The country with this ISO 3166-1 alpha-2 code (any case), or None."""
    return _load().by_code.get(code.strip().upper())


def lookup(name: str) -> Country | City | None:
    """Exact lookup of a single name typed by a user: Thai, English (case-insensitive),
    official name, alias, or an ISO alpha-2 code in upper case ("JP", "SE")."""
    g = _load()
    name = name.strip()
    if len(name) == 2 and name.isascii() and name.isupper() and name in g.by_code:
        return g.by_code[name]
    key = name_key(name)
    places = g.places.get(key)
    if not places:
        for prefix in _PLACE_PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                places = g.places.get(key[len(prefix) :])
                if places:
                    break
    if not places:
        return None
    return next((p for p in places if isinstance(p, Country)), places[0])


def find_places(text: str) -> list[PlaceMatch]:
    """Every city/country name mentioned in text, leftmost-longest, non-overlapping, in order."""
    g = _load()
    out = []
    for start, end, key in g.matcher.finditer(text):
        places = g.places.get(key)
        if not places:
            continue
        city = next((p for p in places if isinstance(p, City)), None)
        if city is not None:
            country = g.by_code[city.country_code]
        else:
            country = next(p for p in places if isinstance(p, Country))
        out.append(PlaceMatch(country, city, start, end, text[start:end]))
    return out


def dictionary_words() -> set[str]:
    """Every Thai name and alias (countries, cities) — for a word segmenter's custom dictionary."""
    return set(_load().thai_words)
