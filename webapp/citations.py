"""Citations and exports of archive records: BibTeX, RIS, CSL-JSON, APA/Chicago, CSV, XLSX.

Pure functions over the record JSON of :func:`archive.store.serialize.record_dict` plus the record's
permalink; nothing here touches Flask or the database.

Choices worth knowing:

* Meetings and visits are cited as conference material (``@inproceedings`` / ``CONF`` /
  ``paper-conference``, the meeting name as booktitle/T2/event, the venue as place); projects,
  news and other documents as reports (``@techreport`` / ``RPRT`` / ``report``, the issuing
  organisation as institution/PB/publisher).
* The author is the reporter (ผู้รายงาน, honorific dropped) when the record names one, else the
  issuing organisation as a corporate author. Dates are already Common Era in the record JSON;
  the Buddhist-era range appears only as a human note ("13 – 18 กันยายน 2559").
* APA 7 and Chicago author-date references are rendered here, not by citeproc-py: its 0.11
  output for conference items has known defects (a stray "Edition.", "Paper presented" without
  "at") and it crashes on date ranges, which every meeting record has.
  Titles are kept as written (no sentence/title casing: most are Thai).
* Free text is data, never markup: whitespace (including newlines) is collapsed so no value can
  break a line-based format, BibTeX specials are escaped, and spreadsheet cells that would start
  a formula are neutralised.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus, urlencode

from archive.reference.gazetteer import country_by_code
from archive.spreadsheet import csv_bytes, xlsx_bytes
from archive.store.vocabulary import OPEN_STATUSES
from archive.thai.calendar import format_thai_range

__all__ = [
    "TABLE_COLUMNS",
    "coins",
    "formatted",
    "highwire",
    "schema_org",
    "table_row",
    "to_bibtex",
    "to_csl",
    "to_ris",
]

CONFERENCE_KINDS = frozenset({"meeting", "visit"})

# English month names for APA/Chicago dates (the "C" locale's names, whatever the server's).
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_RE = re.compile(r"\s+")
# Thai courtesy titles written in front of a reporter's name; longest first.
_HONORIFIC_RE = re.compile(r"^(?:นางสาว|น\.ส\.|นาย|นาง)\s*(?=\S)")
_KEY_STOPWORDS = frozenset({"the", "a", "an", "of", "and", "on", "for", "in", "to", "at"})


# --------------------------------------------------------------------------- record helpers


def clean(value: Any) -> str:
    """Text as one line: control characters dropped, runs of whitespace made one space."""
    if value is None:
        return ""
    return _SPACE_RE.sub(" ", _CONTROL_RE.sub("", str(value))).strip()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _span(record: dict[str, Any]) -> tuple[date | None, date | None]:
    """The date (range) a citation carries: the meeting dates, else the publication date."""
    start = _date(record.get("date_start"))
    if start is not None:
        end = _date(record.get("date_end"))
        return start, end if end and end > start else None
    return _date(record.get("published")), None


def is_conference(record: dict[str, Any]) -> bool:
    """Whether the record is cited as conference material (meetings and visits)."""
    return record.get("document_kind") in CONFERENCE_KINDS


def personal_author(record: dict[str, Any]) -> str:
    """The reporter's name without a courtesy title, or "" when the record names none."""
    reporter = record.get("reporter") or {}
    return _HONORIFIC_RE.sub("", clean(reporter.get("name")))


def author(record: dict[str, Any]) -> str:
    """The reporter when named, else the issuing organisation (corporate author)."""
    return personal_author(record) or clean(record.get("organization"))


def meeting_name(record: dict[str, Any]) -> str:
    """The first meeting's name, or the title."""
    for meeting in record.get("meetings") or []:
        if name := clean(meeting.get("name")):
            return name
    return clean(record.get("title"))


def place(record: dict[str, Any]) -> str:
    """ "City, Country" (English) from the venue, else the raw venue text, else ""."""
    venue = record.get("venue") or {}
    parts = [clean(venue.get("city")), clean(venue.get("country_name_en"))]
    joined = ", ".join(p for p in parts if p)
    return joined or clean(venue.get("raw"))


def partners(record: dict[str, Any]) -> list[str]:
    """The parties to the meeting in English: countries by name, organisations as named."""
    names = []
    for code in record.get("party_countries") or []:
        country = country_by_code(code)
        names.append(country.name_en if country else code)
    return [*names, *(record.get("party_organizations") or [])]


def thai_dates(record: dict[str, Any]) -> str:
    """The citation dates in Thai, Buddhist era ("13 – 18 กันยายน 2559"), or ""."""
    start, end = _span(record)
    return format_thai_range(start, end) if start else ""


# --------------------------------------------------------------------------- BibTeX

_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_RE = re.compile("[%s]" % re.escape("".join(_BIBTEX_ESCAPES)))


def bibtex_escape(value: Any) -> str:
    """One-line text with the LaTeX specials escaped; Thai and other Unicode stay UTF-8."""
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_ESCAPES[m[0]], clean(value))


def _bibtex_url(value: str) -> str:
    # url fields are verbatim in biblatex, so no LaTeX escaping: percent-encode what could
    # unbalance the braces instead.
    return clean(value).replace(" ", "%20").replace("{", "%7B").replace("}", "%7D")


def citation_key(record: dict[str, Any]) -> str:
    """ "archive<year><first title word>" in ASCII, else "archive<id>"."""
    start, _ = _span(record)
    words = re.findall(r"[A-Za-z]+", clean(record.get("title")))
    word = next((w.lower() for w in words if w.lower() not in _KEY_STOPWORDS), "")
    if start and word:
        return f"archive{start.year}{word}"
    return f"archive{record['id']}"


def to_bibtex(record: dict[str, Any], permalink: str, *, key: str | None = None) -> str:
    """One BibTeX entry: ``@inproceedings`` for meetings/visits, else ``@techreport``."""
    conference = is_conference(record)
    organization = clean(record.get("organization"))
    person = personal_author(record)
    start, end = _span(record)
    fields: list[tuple[str, str]] = []
    if who := person or organization:
        # Double braces keep a corporate or Thai name from being split into given/family.
        fields.append(("author", "{%s}" % bibtex_escape(who)))
    fields.append(("title", bibtex_escape(record.get("title"))))
    if conference:
        fields.append(("booktitle", bibtex_escape(meeting_name(record))))
        if organization:
            fields.append(("organization", bibtex_escape(organization)))
    elif organization:
        fields.append(("institution", bibtex_escape(organization)))
    if where := place(record):
        fields.append(("address", bibtex_escape(where)))
    if start:
        fields.append(("year", str(start.year)))
        fields.append(("month", str(start.month)))
        iso = start.isoformat() + (f"/{end.isoformat()}" if end else "")
        fields.append(("date", iso))
    fields.append(("url", _bibtex_url(permalink)))
    if note := thai_dates(record):
        fields.append(("note", bibtex_escape(note)))
    if parties := partners(record):
        fields.append(("keywords", bibtex_escape(", ".join(parties))))
    fields.append(("langid", "thai"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    kind = "inproceedings" if conference else "techreport"
    return f"@{kind}{{{key or citation_key(record)},\n{body}\n}}\n"


def bibtex_export(records: list[dict[str, Any]], permalinks: list[str]) -> bytes:
    """A .bib file; colliding keys get a, b, c... suffixes in result-set order."""
    used: set[str] = set()
    entries = []
    for record, permalink in zip(records, permalinks, strict=True):
        base = key = citation_key(record)
        suffix = ord("a")
        while key in used:
            key = f"{base}{chr(suffix)}" if suffix <= ord("z") else f"{base}-{record['id']}"
            suffix += 1
        used.add(key)
        entries.append(to_bibtex(record, permalink, key=key))
    return "\n".join(entries).encode("utf-8")


# --------------------------------------------------------------------------- RIS


def to_ris(record: dict[str, Any], permalink: str) -> str:
    """One RIS record: ``CONF`` (T2 meeting, C1 place) or ``RPRT`` (PB issuing body)."""
    conference = is_conference(record)
    start, _ = _span(record)
    lines: list[tuple[str, str]] = [("TY", "CONF" if conference else "RPRT")]
    lines.append(("TI", clean(record.get("title"))))
    lines.append(("AU", author(record)))
    if conference:
        lines.append(("T2", meeting_name(record)))
    lines.append(("PB", clean(record.get("organization"))))
    where = place(record)
    if conference:
        lines.append(("C1", where))
    lines.append(("CY", where))
    if start:
        lines.append(("PY", str(start.year)))
        lines.append(("DA", start.strftime("%Y/%m/%d")))
    lines.append(("UR", clean(permalink)))
    lines.append(("LA", "th"))
    lines.append(("N1", thai_dates(record)))
    lines += [("KW", party) for party in partners(record)]
    lines.append(("ID", f"archive-{record['id']}"))
    out = "".join(f"{tag}  - {value}\n" for tag, value in lines if value)
    return out + "ER  - \n"


def ris_export(records: list[dict[str, Any]], permalinks: list[str]) -> bytes:
    """A .ris file, one record per entry."""
    parts = [to_ris(r, p) for r, p in zip(records, permalinks, strict=True)]
    return "\n".join(parts).encode("utf-8")


# --------------------------------------------------------------------------- CSL-JSON


def _date_parts(value: date) -> list[int]:
    return [value.year, value.month, value.day]


def to_csl(record: dict[str, Any], permalink: str) -> dict[str, Any]:
    """A CSL-JSON item (``paper-conference`` or ``report``)."""
    conference = is_conference(record)
    start, _ = _span(record)
    item: dict[str, Any] = {
        "id": f"archive-{record['id']}",
        "type": "paper-conference" if conference else "report",
        "title": clean(record.get("title")),
        "language": "th",
        "URL": clean(permalink),
    }
    if who := author(record):
        item["author"] = [{"literal": who}]
    if organization := clean(record.get("organization")):
        item["publisher"] = organization
    where = place(record)
    if conference:
        item["event"] = meeting_name(record)
        if where:
            item["event-place"] = where
    elif where:
        item["publisher-place"] = where
    if start:
        # The start only: a two-part range is valid CSL but citeproc-py 0.11 crashes on it.
        item["issued"] = {"date-parts": [_date_parts(start)]}
    if note := thai_dates(record):
        item["note"] = note
    if parties := partners(record):
        item["keyword"] = ", ".join(parties)
    return item


def csl_export(records: list[dict[str, Any]], permalinks: list[str]) -> bytes:
    """A CSL-JSON array."""
    items = [to_csl(r, p) for r, p in zip(records, permalinks, strict=True)]
    return json.dumps(items, ensure_ascii=False, indent=2).encode("utf-8")


# --------------------------------------------------------------------------- APA / Chicago


def _sentence(text: str) -> str:
    """Text closed with a period unless it already ends in . ? or !"""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _month_day(value: date) -> str:
    return f"{_MONTHS[value.month - 1]} {value.day}"


def _english_range(start: date, end: date | None, *, year_first: bool) -> str:
    """ "September 13–18" style ranges; ``year_first`` gives APA's "2016, September 13–18"."""
    if end is None:
        tail = ""
    elif end.year != start.year:
        tail = (
            f"–{end.year}, {_month_day(end)}" if year_first else f"–{_month_day(end)}, {end.year}"
        )
    elif end.month != start.month:
        tail = f"–{_month_day(end)}"
    else:
        tail = f"–{end.day}"
    if year_first:
        return f"{start.year}, {_month_day(start)}{tail}"
    if end is not None and end.year != start.year:
        return f"{_month_day(start)}, {start.year}{tail}"
    return f"{_month_day(start)}{tail}"


def _event(record: dict[str, Any]) -> str:
    """Meeting name and place, the name left out when it only repeats the title."""
    name = meeting_name(record)
    parts = [name if name != clean(record.get("title")) else "", place(record)]
    return ", ".join(p for p in parts if p)


def _apa(record: dict[str, Any], permalink: str) -> str:
    start, end = _span(record)
    title = clean(record.get("title"))
    organization = clean(record.get("organization"))
    person = personal_author(record)
    if start is None:
        when = "n.d."
    elif is_conference(record) or record.get("document_kind") == "news":
        when = _english_range(start, end, year_first=True)
    else:
        when = str(start.year)
    parts = []
    if who := person or organization:
        parts.append(_sentence(who))
    parts.append(f"({when}).")
    if is_conference(record):
        label = "Visit report" if record.get("document_kind") == "visit" else "Meeting report"
        parts.append(f"{title} [{label}].")
        if event := _event(record):
            parts.append(_sentence(event))
    else:
        parts.append(_sentence(title))
        if person and organization:  # APA omits the publisher when it is the author
            parts.append(_sentence(organization))
    parts.append(clean(permalink))
    return " ".join(parts)


def _chicago(record: dict[str, Any], permalink: str) -> str:
    start, end = _span(record)
    title = clean(record.get("title"))
    organization = clean(record.get("organization"))
    person = personal_author(record)
    parts = []
    if who := person or organization:
        parts.append(_sentence(who))
    parts.append(f"{start.year}." if start else "n.d.")
    quoted = f"“{_sentence(title)}”" if not title.endswith(("?", "!")) else f"“{title}”"
    if is_conference(record):
        label = "Visit report" if record.get("document_kind") == "visit" else "Meeting report"
        detail = [
            label,
            _event(record),
            _english_range(start, end, year_first=False) if start else "",
        ]
        parts.append(quoted)
        parts.append(_sentence(", ".join(p for p in detail if p)))
    elif record.get("document_kind") == "news":
        parts.append(quoted)
        if start:
            parts.append(_sentence(_english_range(start, end, year_first=False)))
    else:
        parts.append(_sentence(title))
        if person and organization:
            parts.append(_sentence(organization))
    parts.append(_sentence(clean(permalink)))
    return " ".join(parts)


STYLES: dict[str, Callable[[dict[str, Any], str], str]] = {
    "apa": _apa,
    "chicago": _chicago,
}


def formatted(record: dict[str, Any], permalink: str, style: str = "apa") -> str:
    """A plain-text reference in APA 7 ("apa") or Chicago author-date ("chicago") style."""
    try:
        render = STYLES[style]
    except KeyError:
        raise ValueError(f"unknown citation style {style!r}; known: {sorted(STYLES)}") from None
    return render(record, permalink)


# --------------------------------------------------------------------------- CSV / XLSX

TABLE_COLUMNS = (
    "id",
    "title",
    "document_kind",
    "organization",
    "mission_group",
    "venue",
    "city",
    "country",
    "partners",
    "date_start",
    "date_end",
    "open_follow_ups",
    "follow_up_agencies",
    "permalink",
)


def table_row(record: dict[str, Any], permalink: str) -> list[Any]:
    """One spreadsheet row in :data:`TABLE_COLUMNS` order (dates as ``date``)."""
    venue = record.get("venue") or {}
    live = [f for f in record.get("follow_ups") or [] if not f.get("removed_from_source")]
    agencies = dict.fromkeys(clean(a) for f in live for a in f.get("agencies") or [])
    return [
        record["id"],
        clean(record.get("title")),
        clean(record.get("document_kind")),
        clean(record.get("organization")),
        clean(record.get("mission_group")),
        clean(venue.get("raw")),
        clean(venue.get("city")),
        clean(venue.get("country_name_en")) or clean(venue.get("country_name_th")),
        "; ".join(partners(record)),
        _date(record.get("date_start")),
        _date(record.get("date_end")),
        sum(1 for f in live if f.get("status", "open") in OPEN_STATUSES),
        "; ".join(a for a in agencies if a),
        clean(permalink),
    ]


def csv_export(records: list[dict[str, Any]], permalinks: list[str]) -> bytes:
    """CSV in UTF-8 with a BOM (so Excel reads the Thai), formula-looking cells escaped."""
    return csv_bytes(TABLE_COLUMNS, _rows(records, permalinks))


_XLSX_WIDTHS = {"title": 60, "organization": 30, "venue": 30, "follow_up_agencies": 40}


def xlsx_export(records: list[dict[str, Any]], permalinks: list[str]) -> bytes:
    """An .xlsx workbook: bold header, sized columns, real dates, text never a formula."""
    return xlsx_bytes(
        TABLE_COLUMNS, _rows(records, permalinks), title="records", widths=_XLSX_WIDTHS
    )


def _rows(records: list[dict[str, Any]], permalinks: list[str]) -> Iterator[list[Any]]:
    for record, permalink in zip(records, permalinks, strict=True):
        yield table_row(record, permalink)


# --------------------------------------------------------------------------- embedded metadata


def highwire(record: dict[str, Any], permalink: str) -> list[tuple[str, str]]:
    """Highwire Press ``<meta name="citation_*">`` pairs (Zotero's embedded-metadata
    translator); ``citation_technical_report_institution`` types the item as a report, and
    ``citation_conference_title`` (meetings and visits) as conference material."""
    start, _ = _span(record)
    published = _date(record.get("published")) or start
    organization = clean(record.get("organization"))
    tags = [("citation_title", clean(record.get("title")))]
    if who := author(record):
        tags.append(("citation_author", who))
    if start:
        tags.append(("citation_date", start.strftime("%Y/%m/%d")))
    if published:
        tags.append(("citation_publication_date", published.strftime("%Y/%m/%d")))
    if organization:
        tags.append(("citation_technical_report_institution", organization))
        tags.append(("citation_publisher", organization))
    if is_conference(record):
        tags.append(("citation_conference_title", meeting_name(record)))
    tags.append(("citation_language", "th"))
    tags.append(("citation_public_url", clean(permalink)))
    tags.append(("citation_abstract_html_url", clean(permalink)))
    return [(name, value) for name, value in tags if value]


def schema_org(record: dict[str, Any], permalink: str) -> dict[str, Any]:
    """A schema.org ``Report`` for a JSON-LD block (escape it for HTML when embedding)."""
    start, end = _span(record)
    published = _date(record.get("published")) or start
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": clean(record.get("title")),
        "url": clean(permalink),
        "inLanguage": "th",
    }
    if organization := clean(record.get("organization")):
        data["author"] = {"@type": "Organization", "name": organization}
        data["publisher"] = {"@type": "Organization", "name": organization}
    if person := personal_author(record):
        data["contributor"] = {"@type": "Person", "name": person}
    if published:
        data["datePublished"] = published.isoformat()
    venue = record.get("venue") or {}
    location: dict[str, Any] | None = None
    if where := place(record):
        location = {"@type": "Place", "name": clean(venue.get("raw")) or where}
        address = {
            "@type": "PostalAddress",
            "addressLocality": clean(venue.get("city")),
            "addressCountry": clean(venue.get("country_code")),
        }
        if address["addressLocality"] or address["addressCountry"]:
            location["address"] = {k: v for k, v in address.items() if v}
        data["locationCreated"] = location
    if is_conference(record):
        event: dict[str, Any] = {"@type": "Event", "name": meeting_name(record)}
        if start:
            event["startDate"] = start.isoformat()
            event["endDate"] = (end or start).isoformat()
        if location:
            event["location"] = location
        data["about"] = event
    return data


_COINS_HEAD = urlencode(
    [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"),
        ("rft.genre", "report"),
    ]
)


@lru_cache(maxsize=8192)
def _kev(value: str) -> str:
    # urlencode's quoting; a results page repeats organisations, places and dates, and the
    # same records come back from search to search.
    return quote_plus(value)


def coins(record: dict[str, Any], permalink: str) -> str:
    """The ContextObject (KEV, URL-encoded) for a COinS ``<span class="Z3988" title=...>``:
    a book-format report; HTML-escape it as an attribute value."""
    start, _ = _span(record)
    organization = clean(record.get("organization"))
    pairs = [
        ("rft.btitle", clean(record.get("title"))),
        ("rft.aucorp", organization),
        ("rft.pub", organization),
        ("rft.place", place(record)),
        ("rft.date", start.isoformat() if start else ""),
        ("rft.language", "th"),
        ("rft_id", clean(permalink)),
    ]
    return "&".join([_COINS_HEAD, *(f"{k}={_kev(v)}" for k, v in pairs if v)])
