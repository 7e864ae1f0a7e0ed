"""The metadata formats a harvester may ask for, one entry each in :data:`FORMATS`: simple
Dublin Core (``oai_dc``, which every harvester reads) and ``meeting``, the archive's own with
partners, venue and the follow-up summary (schema: ``meeting.xsd`` beside this module)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from flask import url_for
from lxml import etree

from archive.reference.gazetteer import country_by_code
from archive.store.vocabulary import DOCUMENT_KINDS, FOLLOW_UP_STATUSES

XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
MEETING = "urn:x-thai-meeting-archive:oai:meeting:1"
MEETING_SCHEMA_FILE = Path(__file__).with_name("meeting.xsd")

Render = Callable[[dict[str, Any], str], etree._Element]


class Format(NamedTuple):
    """A metadata format: its prefix, namespace, schema (None: the app serves it) and how a
    record JSON (with its permalink) becomes its XML."""

    prefix: str
    namespace: str
    schema: str | None
    render: Render


def _add(parent: etree._Element, tag: str, text: Any, **attributes: Any) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()
                                             if v is not None})
    if text is not None:
        element.text = str(text)
    return element


def _country(code: str) -> tuple[str | None, str | None]:
    country = country_by_code(code)
    return (country.name_th, country.name_en) if country else (None, None)


def oai_dc(record: dict[str, Any], url: str) -> etree._Element:
    """Simple Dublin Core of a record."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def dc(name: str, text: Any) -> None:
        if text:
            _add(root, f"{{{DC}}}{name}", text)

    dc("title", record["title"])
    dc("creator", record["organization"])
    dc("subject", record["mission_group"])
    for code in record["party_countries"]:
        name_th, name_en = _country(code)
        dc("subject", f"{name_th} ({name_en})" if name_th else code)
    for name in record["party_organizations"]:
        dc("subject", name)
    dc("description", "\n".join(f["text"] for f in record["findings"]))
    dc("date", record["date_start"])
    if record["date_end"] and record["date_end"] != record["date_start"]:
        dc("date", record["date_end"])
    dc("type", "Text")
    kind = DOCUMENT_KINDS.get(record["document_kind"])
    dc("type", kind.en if kind else record["document_kind"])
    dc("identifier", url)
    dc("source", record["source_url"])
    dc("language", "th")
    venue = record["venue"] or {}
    dc("coverage", venue.get("raw"))
    country = venue.get("country_name_en")
    if country and country not in (venue.get("raw") or ""):
        dc("coverage", country)
    return root


def meeting(record: dict[str, Any], url: str) -> etree._Element:
    """The archive's own format (``meeting.xsd``): the record with its partners, venue and
    follow-up summary."""
    m = f"{{{MEETING}}}"
    root = etree.Element(f"{m}meeting", nsmap={None: MEETING, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{MEETING} {url_of_schema()}")
    root.set("id", str(record["id"]))
    _add(root, f"{m}title", record["title"])
    _add(root, f"{m}url", url)
    _add(root, f"{m}kind", record["document_kind"])
    for key, tag in (("organization", "organization"), ("mission_group", "missionGroup"),
                     ("date_start", "dateStart"), ("date_end", "dateEnd")):
        if record[key]:
            _add(root, m + tag, record[key])
    venue = record["venue"]
    if venue:
        place = _add(root, f"{m}venue", None, online=str(bool(venue["online"])).lower())
        _add(place, f"{m}name", venue["raw"])
        if venue["city"]:
            _add(place, f"{m}city", venue["city"])
        if venue["country_code"]:
            _add(place, f"{m}country", venue["country_name_en"] or venue["country_code"],
                 code=venue["country_code"], th=venue["country_name_th"])
    partners = _add(root, f"{m}partners", None)
    for code in record["party_countries"]:
        name_th, name_en = _country(code)
        _add(partners, f"{m}country", name_en or code, code=code, th=name_th)
    for name in record["party_organizations"]:
        _add(partners, f"{m}organization", name)
    summary = _add(root, f"{m}summary", None)
    for finding in record["findings"]:
        _add(summary, f"{m}finding", finding["text"], number=finding["number"],
             heading=finding["heading"])
    items = [f for f in record["follow_ups"] if not f["removed_from_source"]]
    counts = Counter(f["status"] for f in items)
    follow_ups = _add(root, f"{m}followUps", None, total=len(items))
    for status in FOLLOW_UP_STATUSES:
        if counts[status]:
            _add(follow_ups, f"{m}count", counts[status], status=status)
    for item in items:
        entry = _add(follow_ups, f"{m}item", None, status=item["status"], due=item["due_date"])
        _add(entry, f"{m}text", item["text"])
        for agency in item["agencies"]:
            _add(entry, f"{m}agency", agency)
    if record["source_url"]:
        _add(root, f"{m}sourceUrl", record["source_url"])
    return root


def url_of_schema() -> str:
    """Where the site serves ``meeting.xsd`` (absolute)."""
    return url_for("oai.schema", _external=True)


FORMATS: dict[str, Format] = {
    f.prefix: f
    for f in (
        Format("oai_dc", OAI_DC, "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", oai_dc),
        Format("meeting", MEETING, None, meeting),
    )
}


def schema_location(fmt: Format) -> str:
    """The schema URL of a format."""
    return fmt.schema or url_of_schema()
