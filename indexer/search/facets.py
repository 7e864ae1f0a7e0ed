"""The search facets as data: one entry per facet, in display order.

An entry says all there is to say about its facet: its name and labels, how a record yields its
values, how a value typed in a filter or a query ("year:2561", "country=ญี่ปุ่น") becomes the
stored form, and how a stored value reads in Thai or English. The index fields, counting,
filtering and exclusion, the ``field:value`` query syntax, the web labels and the command line's
help all derive from ``FACETS``: adding a facet is adding an entry.

The search, the index and the web read ``FACETS`` (or ``facet_names()``) when they run, so an
entry appended to the list (a test does) takes effect at once; only what is built once, at
import, from ``FACET_NAMES`` (the OpenAPI document) or the list (the command line's help) waits
for the next start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from archive.reference.gazetteer import City, Country, country_by_code, lookup
from archive.reference.international import international_named
from archive.store.vocabulary import DOCUMENT_KINDS, RECORD_STATUS_LABELS, Label, label
from archive.thai.calendar import month_label, to_ce, year_label
from archive.thai.normalize import thai_to_arabic_digits

if TYPE_CHECKING:  # annotations only: a search runs without SQLAlchemy
    from archive.store.models import Record, Venue


def _as_typed(value: str) -> str:
    return value


def _as_stored(value: str, language: str) -> str:
    return value


@dataclass(frozen=True)
class Facet:
    """One facet. Values are strings; a record may have several values of a facet."""

    name: str  # in URLs, the query syntax ("country:JP") and the JSON
    label: Label  # the facet's heading
    values: Callable[[Record], list[str]]  # a record's values, in their stored form
    normalise: Callable[[str], str] = _as_typed  # a typed value -> its stored form
    display: Callable[[str, str], str] = _as_stored  # (stored value, "th" | "en") -> text
    timeline: bool = False  # values are periods: shown newest first, as a histogram

    def title(self, language: str) -> str:
        """The facet's heading in ``language`` ("th" or "en")."""
        return self.label.text(language)


# --- how a record yields its values ---------------------------------------------------------


def _years(record: Record) -> list[str]:
    """Every year the meeting spans (at most five)."""
    if not record.date_start:
        return []
    end = record.date_end or record.date_start
    return [str(year) for year in range(record.date_start.year, end.year + 1)][:5]


def _month(record: Record) -> list[str]:
    return [record.date_start.strftime("%Y-%m")] if record.date_start else []


def _venues(record: Record) -> list[Venue]:
    return [v for v in (record.venue, *(m.venue for m in record.meetings)) if v]


def _countries(record: Record) -> list[str]:
    return list(dict.fromkeys(v.country_code for v in _venues(record) if v.country_code))


def _cities(record: Record) -> list[str]:
    return list(dict.fromkeys(v.city for v in _venues(record) if v.city))


def _organization(record: Record) -> list[str]:
    return [record.organization] if record.organization else []


def _mission_group(record: Record) -> list[str]:
    return [record.mission_group] if record.mission_group else []


def _agencies(record: Record) -> list[str]:
    """The agencies responsible for the record's follow-ups still in its source."""
    live = (f for f in record.follow_ups if not f.removed_from_source)
    return list(dict.fromkeys(a.name for f in live for a in f.agencies))


def _partners(record: Record) -> list[str]:
    """The parties to the meeting: foreign countries (ISO codes), then organisations."""
    return [*(record.party_countries or []), *(record.party_organizations or [])]


def _kind(record: Record) -> list[str]:
    return [record.document_kind]


def _status(record: Record) -> list[str]:
    """The follow-up status of the record as a whole: "none", "done" or "open"."""
    live = [f for f in record.follow_ups if not f.removed_from_source]
    if not live:
        return ["none"]
    if all(f.status in ("done", "cancelled") for f in live):
        return ["done"]
    return ["open"]


# --- how a typed value is normalised ----------------------------------------------------------


def typed_year(text: str) -> int | None:
    """A year typed in BE or CE, in Thai or Arabic digits, as a CE year (1900-2100), or None."""
    digits = thai_to_arabic_digits(text.strip())
    if len(digits) == 4 and digits.isdigit():
        year = to_ce(int(digits))
        if 1900 <= year <= 2100:
            return year
    return None


def _year_typed(value: str) -> str:
    year = typed_year(value)
    return str(year) if year else value


def _country_typed(value: str) -> str:
    """A country (or a city: its country) named in any language, or a code, as its ISO code."""
    place = lookup(value)
    if isinstance(place, Country):
        return place.code
    if isinstance(place, City):
        return place.country_code
    return value.upper()


def _partner_typed(value: str) -> str:
    """A partner named in any language: a country as its ISO code, an organisation by its
    canonical name ("อาเซียน" -> "ASEAN")."""
    organisation = international_named(value)
    if organisation is not None:
        return organisation.name
    place = lookup(value)
    if isinstance(place, Country):
        return place.code
    return value.upper() if len(value) == 2 else value


def _city_typed(value: str) -> str:
    place = lookup(value)
    return place.name_en if isinstance(place, City) else value


# --- how a value reads ------------------------------------------------------------------------


def _country_shown(code: str, language: str) -> str:
    """A country code as "ญี่ปุ่น (Japan)" in Thai, "Japan" in English (the code when unknown)."""
    country = country_by_code(code) if code else None
    if country is None:
        return code or ""
    if language == "en":
        return country.name_en
    return f"{country.name_th} ({country.name_en})"


def _partner_shown(value: str, language: str) -> str:
    """A country code as a country; an organisation as "อาเซียน (ASEAN)" in Thai."""
    if country_by_code(value) is not None:
        return _country_shown(value, language)
    organisation = international_named(value)
    if organisation is None or language == "en" or not organisation.name_th:
        return value
    return f"{organisation.name_th} ({organisation.name})"


def _city_shown(name_en: str, language: str) -> str:
    """A city (stored under its English name) in Thai, or as stored in English."""
    if language == "en":
        return name_en
    place = lookup(name_en)
    return place.name_th if isinstance(place, City) and place.name_th else name_en


# --- the facets -------------------------------------------------------------------------------

FACETS: list[Facet] = [
    Facet(
        "year",
        Label("ปี", "Year"),
        _years,
        normalise=_year_typed,
        display=year_label,
        timeline=True,
    ),
    Facet("month", Label("เดือน", "Month"), _month, display=month_label, timeline=True),
    Facet(
        "partner",
        Label("คู่เจรจา", "Partner"),
        _partners,
        normalise=_partner_typed,
        display=_partner_shown,
    ),
    Facet(
        "country",
        Label("ประเทศที่จัดประชุม", "Venue country"),
        _countries,
        normalise=_country_typed,
        display=_country_shown,
    ),
    Facet("city", Label("เมือง", "City"), _cities, normalise=_city_typed, display=_city_shown),
    Facet("organization", Label("หน่วยงานเจ้าของเรื่อง", "Organisation"), _organization),
    Facet("mission_group", Label("กลุ่มภารกิจ", "Mission group"), _mission_group),
    Facet("agency", Label("หน่วยงานรับผิดชอบ", "Responsible agency"), _agencies),
    Facet(
        "kind",
        Label("ประเภทเอกสาร", "Document kind"),
        _kind,
        display=partial(label, DOCUMENT_KINDS),
    ),
    Facet(
        "status",
        Label("สถานะการติดตาม", "Follow-up status"),
        _status,
        display=partial(label, RECORD_STATUS_LABELS),
    ),
]


def facet_names() -> tuple[str, ...]:
    """The names of ``FACETS`` as it is now, in display order."""
    return tuple(facet.name for facet in FACETS)


# The names as imported, for what is built once from them (the OpenAPI document); everything
# that may see an added entry calls ``facet_names()``.
FACET_NAMES = facet_names()


def find_facet(name: str) -> Facet | None:
    """The facet called ``name``, or None."""
    return next((facet for facet in FACETS if facet.name == name), None)


def record_facets(record: Record) -> dict[str, list[str]]:
    """The values of one record for every facet, in facet order (what filters and counts see)."""
    return {facet.name: facet.values(record) for facet in FACETS}


def normalise(name: str, value: str) -> str:
    """A value of facet ``name`` as typed, in its stored form (a value of an unknown facet as
    it is): years in CE, countries as ISO codes, cities by their English names."""
    facet = find_facet(name)
    return facet.normalise(value) if facet else value
