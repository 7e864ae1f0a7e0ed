"""One entity, all its names: a country, a city or an international organisation with every
name it goes by in Thai and English (short, official, aliases, acronyms, ISO code), under one
id ("country:LA", "city:Vientiane", "org:ASEAN").

The names come from the gazetteer (``data/countries.tsv``, ``data/cities.tsv``) and the
international organisations table (``data/international.tsv``); this module only joins them,
so a name added to a table is an entity name at once. The search matches a typed name to its
entity (:func:`entity_named`) and the index records which entities a title names
(:func:`entities_in`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from archive.reference.gazetteer import City, Country, cities, countries, find_places, lookup
from archive.reference.international import (
    International,
    find_internationals,
    international_named,
    internationals,
)

KINDS = ("country", "city", "organisation")


@dataclass(frozen=True)
class Entity:
    """A country, city or organisation and every name of it."""

    id: str  # "country:LA", "city:Vientiane", "org:ASEAN"
    kind: str  # one of KINDS
    name_th: str
    name_en: str
    names: tuple[str, ...]  # every name, the Thai and English ones first
    code: str = ""  # a country's ISO code; a city's country

    def label(self, language: str) -> str:
        """The entity as shown: "ลาว (Laos)" in Thai, "Laos" in English."""
        if language == "en" or not self.name_th:
            return self.name_en or self.name_th
        if not self.name_en or self.name_en == self.name_th:
            return self.name_th
        return f"{self.name_th} ({self.name_en})"


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def country_entity(country: Country) -> Entity:
    """The entity of a gazetteer country."""
    names = (
        country.name_th,
        country.name_en,
        country.official_th,
        *country.aliases,
        country.code,
    )
    return Entity(
        f"country:{country.code}",
        "country",
        country.name_th,
        country.name_en,
        _unique(names),
        country.code,
    )


def city_entity(city: City) -> Entity:
    """The entity of a gazetteer city."""
    return Entity(
        f"city:{city.name_en}",
        "city",
        city.name_th,
        city.name_en,
        _unique((city.name_th, city.name_en, *city.aliases)),
        city.country_code,
    )


def organisation_entity(org: International) -> Entity:
    """The entity of an international organisation or framework."""
    return Entity(
        f"org:{org.name}",
        "organisation",
        org.name_th,
        org.name,
        _unique((org.name_th, org.name, *org.aliases)),
    )


def _of(item: Country | City | International) -> Entity:
    if isinstance(item, Country):
        return country_entity(item)
    if isinstance(item, City):
        return city_entity(item)
    return organisation_entity(item)


def entity_named(name: str) -> Entity | None:
    """The entity one of whose names is ``name`` as a user types it (any case, spacing, a
    place word such as "ประเทศ" in front), or None. A country comes before a city of the same
    name, a place before an organisation."""
    name = (name or "").strip()
    if not name:
        return None
    place = lookup(name)
    if place is not None:
        return _of(place)
    org = international_named(name)
    return organisation_entity(org) if org is not None else None


@cache
def _by_id() -> dict[str, Entity]:
    return {e.id: e for e in all_entities()}


def entity_by_id(entity_id: str) -> Entity | None:
    """The entity with this id, or None."""
    return _by_id().get(entity_id)


@cache
def all_entities() -> tuple[Entity, ...]:
    """Every entity: countries, cities, then organisations, in table order."""
    return (
        *(country_entity(c) for c in countries()),
        *(city_entity(c) for c in cities()),
        *(organisation_entity(o) for o in internationals()),
    )


def entities_in(text: str) -> list[Entity]:
    """The entities ``text`` names (places by the gazetteer's rules, organisations by the
    table's), each once, in order of first mention. A city names the city, not its country."""
    found: list[tuple[int, Entity]] = []
    for place in find_places(text or ""):
        found.append((place.pos, _of(place.city or place.country)))
    for match in find_internationals(text or ""):
        found.append((match.pos, organisation_entity(match.organization)))
    found.sort(key=lambda item: item[0])
    return list({e.id: e for _, e in found}.values())


def partner_entity_id(value: str) -> str:
    """The entity id of a stored partner value (an ISO code or an organisation's name)."""
    if len(value) == 2 and value.isupper():
        return f"country:{value}"
    org = international_named(value)
    return f"org:{org.name}" if org is not None else f"org:{value}"
