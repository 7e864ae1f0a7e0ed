"""Facets as data (``indexer.search.facets``): each entry says how a record yields its values,
how a typed value is normalised and how a value reads; and adding an entry is all it takes to
add a facet to the index, the counts, filters, exclusions, the query syntax, the search page
and the command line."""

from __future__ import annotations

import importlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from click.testing import CliRunner

import archive.cli.search_command
from archive.cli import main
from archive.store.models import FollowUp, Record
from archive.store.vocabulary import Label
from archive.thai.calendar import to_ce
from indexer.search.documents import make_schema
from indexer.search.facets import (
    FACET_NAMES,
    FACETS,
    Facet,
    facet_names,
    find_facet,
    normalise,
    record_facets,
)
from indexer.search.generations import Index
from indexer.search.service import SearchRequest, index_root, parse_filters, search
from tests.conftest import SearchArchive, cli_run
from tests.webapp.conftest import sidebar
from webapp import close_app, create_app

# --------------------------------------------------------------------------- the entries


def test_the_facets_in_display_order() -> None:
    assert facet_names() == FACET_NAMES
    assert facet_names() == (
        "year",
        "month",
        "partner",
        "country",
        "city",
        "organization",
        "mission_group",
        "agency",
        "kind",
        "status",
    )
    assert {f"f_{name}" for name in FACET_NAMES} <= set(make_schema().names())


@pytest.mark.parametrize(
    ("name", "typed", "stored"),
    [
        ("year", "2561", "2018"),
        ("year", "๒๕๖๑", "2018"),
        ("year", "2018", "2018"),
        ("year", "next year", "next year"),
        ("month", "2018-11", "2018-11"),
        ("country", "ญี่ปุ่น", "JP"),
        ("country", "Japan", "JP"),
        ("country", "jp", "JP"),
        ("country", "โตเกียว", "JP"),  # a city: its country
        ("city", "โตเกียว", "Tokyo"),
        ("city", "Nowhere", "Nowhere"),
        ("organization", "กรุงเทพมหานคร", "กรุงเทพมหานคร"),
        ("kind", "meeting", "meeting"),
        ("colour", "red", "red"),  # no such facet: as typed
    ],
)
def test_a_typed_value_in_its_stored_form(name: str, typed: str, stored: str) -> None:
    assert normalise(name, typed) == stored


@pytest.mark.parametrize(
    ("name", "value", "thai", "english"),
    [
        ("year", "2018", "2561 (2018)", "2018 (BE 2561)"),
        ("month", "2018-11", "พฤศจิกายน 2561", "Nov 2018"),
        ("month", "2018-00", "2018-00", "2018-00"),
        ("country", "JP", "ญี่ปุ่น (Japan)", "Japan"),
        ("country", "ZZ", "ZZ", "ZZ"),
        ("city", "Tokyo", "โตเกียว", "Tokyo"),
        ("organization", "กรุงเทพมหานคร", "กรุงเทพมหานคร", "กรุงเทพมหานคร"),
        ("kind", "meeting", "การประชุม", "Meeting"),
        ("status", "open", "ยังค้างดำเนินการ", "Open follow-ups"),
        ("status", "none", "ไม่มีเรื่องติดตาม", "No follow-ups"),
    ],
)
def test_a_value_reads_in_either_language(name: str, value: str, thai: str, english: str) -> None:
    facet = find_facet(name)
    assert facet is not None
    assert (facet.display(value, "th"), facet.display(value, "en")) == (thai, english)


def test_a_record_yields_its_values() -> None:
    record = Record(
        id=1,
        title="t",
        text="t",
        document_kind="visit",
        organization="กรุงเทพมหานคร",
        follow_ups=[
            FollowUp(text="a", status="done"),
            FollowUp(text="b", status="open", removed_from_source=True),
        ],
    )
    values = record_facets(record)
    assert list(values) == list(FACET_NAMES)
    assert values["organization"] == ["กรุงเทพมหานคร"]
    assert values["kind"] == ["visit"]
    assert values["status"] == ["done"]  # the removed item does not count
    assert values["year"] == values["month"] == values["country"] == []


# --------------------------------------------------------------------------- one entry more

DECADE = Facet(
    "decade",
    Label("ทศวรรษ", "Decade"),
    values=lambda record: [str(record.date_start.year // 10 * 10)] if record.date_start else [],
    normalise=lambda typed: str(to_ce(int(typed)) // 10 * 10) if typed.isdigit() else typed,
    display=lambda value, language: f"{value}s" if language == "en" else f"ทศวรรษ ค.ศ. {value}",
)


@contextmanager
def added(facet: Facet) -> Iterator[None]:
    """``facet`` appended to ``FACETS`` (the one change adding a facet takes), then removed."""
    FACETS.append(facet)
    try:
        yield
    finally:
        FACETS.remove(facet)


@pytest.fixture
def decade(fresh_archive: SearchArchive) -> Iterator[SearchArchive]:
    """The corpus archive re-indexed with ``DECADE`` added to the facets."""
    with added(DECADE):
        result = cli_run(fresh_archive.home, "index")
        assert result.exit_code == 0, result.output
        yield fresh_archive


@pytest.fixture
def decade_index(decade: SearchArchive) -> Iterator[Index]:
    index = Index(index_root(decade.home))
    yield index
    index.close()


def _decades(archive: SearchArchive) -> dict[int, str | None]:
    return {
        r["id"]: r["date_start"][:3] + "0" if r["date_start"] else None for r in archive.records
    }


def _ids(index: Index, q: str = "", **fields: Any) -> set[int]:
    result = search(index, SearchRequest(q=q, per_page=100, **fields))
    assert result["total"] == len(result["hits"])
    return {hit["id"] for hit in result["hits"]}


def test_an_added_facet_is_indexed_and_counted(decade: SearchArchive, decade_index: Index) -> None:
    decades = _decades(decade)
    assert set(decades.values()) == {"2010", "2020", None}  # the corpus spans both
    searcher, table = decade_index.searcher()
    assert "f_decade" in searcher.schema.names()
    assert sorted(table.values["decade"]) == ["2010", "2020"]
    counts = search(decade_index, SearchRequest())["facets"]
    assert list(counts) == [*FACET_NAMES, "decade"]
    assert dict(counts["decade"]) == Counter(d for d in decades.values() if d)


def test_an_added_facet_filters_and_excludes(decade: SearchArchive, decade_index: Index) -> None:
    decades = _decades(decade)
    the_2010s = {i for i, d in decades.items() if d == "2010"}
    assert _ids(decade_index, filters={"decade": ["2010"]}) == the_2010s
    assert _ids(decade_index, excluded={"decade": ["2010"]}) == decade.ids - the_2010s
    # Typed values are normalised by the entry: a BE year names its CE decade.
    include, exclude = parse_filters(["decade=2560", "decade!=2020"])
    assert (include, exclude) == ({"decade": ["2010"]}, {"decade": ["2020"]})
    # The other facets' counts see the new facet's selection.
    counts = search(decade_index, SearchRequest(filters=include))["facets"]
    assert sum(n for _, n in counts["kind"]) == len(the_2010s)


def test_an_added_facet_in_the_query_syntax(decade: SearchArchive, decade_index: Index) -> None:
    decades = _decades(decade)
    the_2010s = {i for i, d in decades.items() if d == "2010"}
    assert _ids(decade_index, "decade:2560") == the_2010s
    assert _ids(decade_index, "-decade:2010") == decade.ids - the_2010s
    assert _ids(decade_index, "NOT decade:2010") == decade.ids - the_2010s
    # Inside OR, a condition on the facet is a term of its index field.
    tokyo = decade.id_of("01")
    the_2020s = {i for i, d in decades.items() if d == "2020"}
    assert tokyo not in the_2020s
    assert _ids(decade_index, "Tokyo OR decade:2020") == the_2020s | {tokyo}


def test_an_added_facet_on_the_search_page(decade: SearchArchive) -> None:
    count = sum(1 for d in _decades(decade).values() if d == "2010")
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(decade.home)})
    try:
        client = app.test_client()
        thai = client.get("/search").get_data(as_text=True)
        assert '<h3 id="facet-decade-heading">ทศวรรษ</h3>' in thai
        link = sidebar(thai)[("decade", "ทศวรรษ ค.ศ. 2010")]
        assert (link.count, link.href) == (count, "/search?f=decade:2010")
        # The selection (typed in BE, normalised by the entry) and its chip.
        chosen = client.get("/search?f=decade:2560").get_data(as_text=True)
        assert f'id="result-count">พบ {count} รายการ<' in chosen
        assert re.search(r'<a class="chip" href="/search"[^>]*>ทศวรรษ ค.ศ. 2010 ×</a>', chosen)
        english = client.get("/search?lang=en").get_data(as_text=True)
        assert '<h3 id="facet-decade-heading">Decade</h3>' in english
        assert sidebar(english)[("decade", "2010s")].count == count
    finally:
        close_app(app)


def test_an_added_facet_on_the_command_line(decade: SearchArchive) -> None:
    found = cli_run(decade.home, "search", "--filter", "decade=2560", "--json")
    assert found.exit_code == 0, found.output
    count = sum(1 for d in _decades(decade).values() if d == "2010")
    assert json.loads(found.stdout)["total"] == count


def test_the_command_line_help_lists_an_added_facet() -> None:
    # The help is written when the command's module is imported: imported again, as after an
    # edit of the list, and once more without the entry.
    try:
        with added(DECADE):
            importlib.reload(archive.cli.search_command)
            shown = CliRunner().invoke(main, ["search", "--help"])
        assert (
            "Fields: year, month, partner, country, city, organization, mission_group, agency, "
            "kind, status, decade." in " ".join(shown.output.split())
        )
    finally:
        importlib.reload(archive.cli.search_command)
    shown = CliRunner().invoke(main, ["search", "--help"])
    assert "kind, status." in " ".join(shown.output.split())
