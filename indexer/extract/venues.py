"""Venue strings ("กรุงสตอกโฮล์ม ราชอาณาจักรสวีเดน", "ณ โรงแรมเดอะสุโกศล") to city and country.

The most specific place wins: the first city named (a Bangkok district counts as Bangkok),
else a well-known venue from ``indexer/data/venues.tsv`` (hotels, conference centres,
government buildings; each belongs to a city), else the first country named. A venue's city is
dropped when the text names a different country ("กระทรวงการต่างประเทศญี่ปุ่น" is in Japan);
a named city always wins over a named country. A province written as the address ("…
จังหวัดปทุมธานี") wins over another province named inside a building's name ("โรงแรมโนโวเทล
กรุงเทพ ฟิวเจอร์พาร์ค"), and an embassy is in the country it is accredited to ("สถานเอกอัครราชทูต
ออสเตรียประจำประเทศไทย").
"""

from __future__ import annotations

import re
from functools import cache

from archive.reference.gazetteer import (
    City,
    NameMatcher,
    PlaceMatch,
    cities,
    country_by_code,
    find_places,
    name_key,
)
from archive.reference.tables import load_tsv, split_aliases
from archive.store.recorddata import VenueData

VENUE_COLUMNS = ("name", "city", "aliases")
_PROVINCE = re.compile(r"(?:จังหวัด|จ\.)\s*$")
_PROVINCE_NAME = re.compile(r"จังหวัด|จ\.")
# An embassy or a consulate (in the country it is accredited to).
EMBASSY = re.compile(r"สถาน(?:เอกอัครราชทูต|กงสุล)")
_HOSTED = re.compile(r"ประจำ\s*(?:ประเทศ|กรุง|นคร)?\s*$")


@cache
def _venues() -> tuple[NameMatcher, dict[str, City]]:
    header, *rows = load_tsv("venues.tsv")
    if tuple(header) != VENUE_COLUMNS:
        raise ValueError(f"venues.tsv: expected the columns {VENUE_COLUMNS}, found {header}")
    by_name = {c.name_en: c for c in cities()}
    city_of: dict[str, City] = {}
    names: list[str] = []
    for name, city, *rest in rows:
        if city not in by_name:
            raise ValueError(f"venues.tsv: {name!r} is in {city!r}, which cities.tsv lacks")
        for alias in [name, *split_aliases(rest[0] if rest else "")]:
            city_of[name_key(alias)] = by_name[city]
            names.append(alias)
    return NameMatcher(names), city_of


def venue_city(text: str) -> City | None:
    """The city of the first well-known venue named in ``text``, or None."""
    matcher, city_of = _venues()
    return next((city_of[key] for _, _, key in matcher.finditer(text)), None)


def venue_ends(text: str) -> list[int]:
    """Where each well-known venue named in ``text`` ends."""
    matcher, _ = _venues()
    return [end for _, end, _ in matcher.finditer(text)]


def _stated(raw: str, places: list[PlaceMatch]) -> list[PlaceMatch]:
    """``places`` with the one the phrase states as its address first: a province written
    "จังหวัด…" ("โรงแรมโนโวเทล กรุงเทพ ฟิวเจอร์พาร์ค รังสิต … จังหวัดปทุมธานี": the hotel's name
    holds "กรุงเทพ"), or the host country of an embassy ("สถานเอกอัครราชทูตออสเตรียประจำ
    ประเทศไทย" is in Thailand)."""
    for place in places:
        before = raw[max(0, place.pos - 30) : place.pos]
        others = [p for p in places if p is not place]
        province = _PROVINCE.search(before) or _PROVINCE_NAME.match(place.text)
        if province and all(p.city is None or _province(p.city) for p in others):
            return [place, *others]  # a town inside it ("เมืองพัทยา จังหวัดชลบุรี") is nearer
        if _HOSTED.search(before) and EMBASSY.search(raw):
            return [place, *others]
    return places


def _province(city: City) -> bool:
    """Whether ``city`` is a whole province (Bangkok, or one named "จังหวัด…")."""
    return city.name_en == "Bangkok" or any(_PROVINCE_NAME.match(a) for a in city.aliases)


# "… เป็นการประชุมนอกนครเจนีวา": a place the meeting is held outside of.
_OUTSIDE = re.compile(r"นอก(?:เขต|ประเทศ)?$")  # not a street's "ราชดำเนินนอก กรุงเทพฯ"


def resolve_venue(raw: str) -> VenueData:
    """Resolve the most specific city and country named in a venue string (``raw`` is kept)."""
    places = [
        p for p in find_places(raw) if not _OUTSIDE.search(raw, max(0, p.pos - 10), p.pos)
    ]
    places = _stated(raw, places)
    city = next((p.city for p in places if p.city is not None), None)
    country = places[0].country if places else None
    if city is None:
        known = venue_city(raw)
        if known is not None and (country is None or country.code == known.country_code):
            city = known
    if city is not None:
        country = country_by_code(city.country_code)
    return VenueData(
        raw=raw,
        city=city.name_en if city else None,
        city_th=city.name_th if city else None,
        country_code=country.code if country else None,
        country_name_th=country.name_th if country else None,
        country_name_en=country.name_en if country else None,
    )
