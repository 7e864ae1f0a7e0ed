"""/oai: harvested by an independent client (Sickle) over a live server on a loopback port,
every response validated against the official OAI-PMH 2.0 schemas (``schemas/``); a follow-up
edit moves the record's datestamp, for harvesters and feeds alike."""

from __future__ import annotations

import shutil
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import feedparser
import pytest
from lxml import etree
from sickle import Sickle
from sickle.oaiexceptions import BadArgument, IdDoesNotExist, NoRecordsMatch
from sqlalchemy import update
from werkzeug.serving import make_server

from archive.config import database_url
from archive.store.db import Database
from archive.store.harvest import organization_key
from archive.store.models import Record
from archive.tracking.edits import update_follow_up
from tests.conftest import SearchArchive
from webapp import close_app, create_app
from webapp.oai.formats import MEETING_SCHEMA_FILE

SCHEMAS = Path(__file__).with_name("schemas")
LOCAL = {  # the schemas' own locations -> the committed copies (schemas/SOURCES.md)
    "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd": SCHEMAS / "OAI-PMH.xsd",
    "http://www.openarchives.org/OAI/2.0/oai_dc.xsd": SCHEMAS / "oai_dc.xsd",
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": SCHEMAS / "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": SCHEMAS / "xml.xsd",
}
OAI = "{http://www.openarchives.org/OAI/2.0/}"
MEETING = "{urn:x-thai-meeting-archive:oai:meeting:1}"
HOST = "archive.example.go.th"
PAGE = 4  # records per response: the corpus takes several, with resumption tokens
OLD, WITHDRAWN_AT = datetime(2024, 1, 1, 8, 0, 0), datetime(2025, 3, 4, 5, 6, 7)


class _Local(etree.Resolver):
    def resolve(self, url: str, pubid: str, context: Any) -> Any:
        path = LOCAL.get(url)
        return self.resolve_filename(str(path), context) if path else None


def _schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    imports = [
        (OAI[1:-1], "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"),
        (
            "http://www.openarchives.org/OAI/2.0/oai_dc/",
            "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        ),
        (MEETING[1:-1], MEETING_SCHEMA_FILE.as_uri()),
    ]
    wrapper = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x-all">'
        + "".join(f'<xs:import namespace="{ns}" schemaLocation="{loc}"/>' for ns, loc in imports)
        + "</xs:schema>"
    )
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser))


SCHEMA = _schema()


def valid(body: bytes) -> etree._Element:
    """The response document, asserted valid against OAI-PMH.xsd (and the metadata schemas)."""
    document = etree.fromstring(body)
    if not SCHEMA.validate(document):
        raise AssertionError(f"{SCHEMA.error_log}\n{body[:2000].decode()}")
    return document


class Server:
    def __init__(self, base: str, archive: SearchArchive, withdrawn: int | None = None) -> None:
        self.base, self.archive, self.withdrawn = base, archive, withdrawn
        self.responses: list[etree._Element] = []

    def sickle(self, **options: Any) -> Sickle:
        """A client whose every response is validated and kept."""

        def check(response: Any, *_a: Any, **_k: Any) -> None:
            self.responses.append(valid(response.content))

        return Sickle(self.base, hooks={"response": [check]}, **options)

    def get(self, **params: str) -> etree._Element:
        with urllib.request.urlopen(f"{self.base}?{urlencode(params)}") as response:
            assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
            return valid(response.read())


@contextmanager
def serving(home: Path) -> Iterator[str]:
    """The site over the data folder ``home`` on a loopback port; its /oai address."""
    app = create_app(
        {
            "TESTING": True,
            "ARCHIVE_HOME": str(home),
            "INDEX_FOLLOW": False,
            "OAI_PAGE_SIZE": PAGE,
            "OAI_REPOSITORY_IDENTIFIER": HOST,
            "OAI_ADMIN_EMAIL": "archive@bangkok.go.th",
        }
    )
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.port}/oai"
    finally:
        http.shutdown()
        thread.join()
        close_app(app)


@pytest.fixture(scope="module")
def server(
    corpus_archive: SearchArchive, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    home = Path(shutil.copytree(corpus_archive.home, tmp_path_factory.mktemp("oai") / "home"))
    withdrawn = corpus_archive.id_of("02")
    db = Database(f"sqlite:///{home / 'archive.sqlite3'}")
    with db.session() as session:  # known datestamps: every record old, one withdrawn since
        session.execute(update(Record).values(updated_at=OLD, awaiting_review=False))
        session.execute(
            update(Record)
            .where(Record.id == withdrawn)
            .values(withdrawn_at=WITHDRAWN_AT, withdrawn_reason="ซ้ำ", updated_at=WITHDRAWN_AT)
        )
        session.execute(
            update(Record)
            .where(Record.id == corpus_archive.id_of("03"))
            .values(awaiting_review=True, updated_at=OLD)
        )  # listed unless REVIEW_BEFORE_PUBLISH
    db.dispose()
    with serving(home) as base:
        yield Server(base, SearchArchive(home, corpus_archive.records), withdrawn)


def _id(identifier: str) -> int:
    prefix = f"oai:{HOST}:record/"
    assert identifier.startswith(prefix)
    return int(identifier.removeprefix(prefix))


def test_sickle_harvests_every_record_in_pages(server: Server) -> None:
    client = server.sickle()
    identify = client.Identify()
    assert identify.repositoryName.startswith("คลังรายงานการประชุมระหว่างประเทศ")
    assert identify.baseURL == server.base
    assert (identify.deletedRecord, identify.granularity) == ("persistent", "YYYY-MM-DDThh:mm:ssZ")
    assert identify.earliestDatestamp == "2024-01-01T08:00:00Z"
    assert {f.metadataPrefix for f in client.ListMetadataFormats()} == {"oai_dc", "meeting"}
    sets = {s.setSpec: s.setName for s in client.ListSets()}
    assert sets["org:bangkok-metropolitan-administration"] == (
        "กรุงเทพมหานคร (Bangkok Metropolitan Administration)"
    )
    assert sets["year:2018"] == "2018 (พ.ศ. 2561)"
    assert sets["country:JP"] == "ญี่ปุ่น (Japan)"

    server.responses.clear()
    harvested = list(client.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    records = {r["id"]: r for r in server.archive.records}
    assert sorted(_id(r.header.identifier) for r in harvested) == sorted(records)
    assert len(server.responses) == -(-len(records) // PAGE)  # one request per page
    tokens = [d.find(f"{OAI}ListRecords/{OAI}resumptionToken") for d in server.responses]
    assert [(t.get("cursor"), t.get("completeListSize")) for t in tokens] == [
        (str(i * PAGE), str(len(records))) for i in range(len(tokens))
    ]
    assert tokens[-1].text is None  # the last page says the list is complete
    for record in harvested:
        record_id = _id(record.header.identifier)
        if record_id == server.withdrawn:
            assert record.header.deleted and record.xml.find(f"{OAI}metadata") is None
            assert record.header.datestamp == "2025-03-04T05:06:07Z"
            continue
        assert not record.header.deleted and record.header.datestamp == "2024-01-01T08:00:00Z"
        assert record.metadata["title"] == [records[record_id]["title"]]
        site = server.base.removesuffix("/oai")
        assert record.metadata["identifier"] == [f"{site}/records/{record_id}"]

    richer = list(client.ListRecords(metadataPrefix="meeting", ignore_deleted=True))
    assert len(richer) == len(records) - 1
    for record in richer:
        xml = record.xml.find(f".//{MEETING}meeting")
        shown = records[int(xml.get("id"))]
        assert [c.get("code") for c in xml.iterfind(f"{MEETING}partners/{MEETING}country")] == (
            shown["party_countries"]
        )
        follow_ups = xml.find(f"{MEETING}followUps")
        assert int(follow_ups.get("total")) == len(
            [f for f in shown["follow_ups"] if not f["removed_from_source"]]
        )


def test_sets_dates_and_single_records(server: Server) -> None:
    client = server.sickle(http_method="POST")  # the protocol's other way to ask
    records = {r["id"]: r for r in server.archive.records}
    japan = {i for i, r in records.items() if "JP" in r["party_countries"]}
    listed = client.ListIdentifiers(metadataPrefix="oai_dc", set="country:JP", ignore_deleted=False)
    assert {_id(h.identifier) for h in listed} == japan
    in_2018 = client.ListIdentifiers(metadataPrefix="oai_dc", set="year:2018")
    assert {_id(h.identifier) for h in in_2018} == {
        i
        for i, r in records.items()
        if (r["date_start"] or "").startswith("2018") and i != server.withdrawn
    }

    changed = list(
        client.ListIdentifiers(
            metadataPrefix="oai_dc", ignore_deleted=False, **{"from": "2025-03-04T05:06:07Z"}
        )
    )
    assert [(_id(h.identifier), h.deleted) for h in changed] == [(server.withdrawn, True)]
    before = client.ListIdentifiers(metadataPrefix="oai_dc", until="2025-03-03")
    assert {_id(h.identifier) for h in before} == set(records) - {server.withdrawn}
    that_day = client.ListIdentifiers(metadataPrefix="oai_dc", until="2025-03-04")
    assert server.withdrawn in {_id(h.identifier) for h in that_day}  # a day: to its end
    with pytest.raises(NoRecordsMatch):
        client.ListIdentifiers(metadataPrefix="oai_dc", **{"from": "2025-03-04T05:06:08Z"})

    some = next(iter(japan - {server.withdrawn}))
    record = client.GetRecord(identifier=f"oai:{HOST}:record/{some}", metadataPrefix="oai_dc")
    assert record.metadata["title"] == [records[some]["title"]]
    assert "country:JP" in record.header.setSpecs
    with pytest.raises(IdDoesNotExist):
        client.GetRecord(identifier=f"oai:{HOST}:record/999999", metadataPrefix="oai_dc")
    with pytest.raises(BadArgument):
        client.GetRecord(identifier=f"oai:{HOST}:record/{some}")


def test_sickle_harvests_an_organisation_set(server: Server) -> None:
    records = {r["id"]: r for r in server.archive.records}
    by_org: dict[str, set[int]] = {}
    for record_id, record in records.items():
        if record["organization"]:
            by_org.setdefault(organization_key(record["organization"]), set()).add(record_id)
    assert len(by_org) >= 2  # the corpus has records of more than one organisation
    client = server.sickle()
    sets = {s.setSpec for s in client.ListSets()}
    assert {f"org:{key}" for key in by_org} <= sets and "org" in sets
    bma = by_org["bangkok-metropolitan-administration"]
    assert server.withdrawn in bma  # harvested as deleted, not left out
    headers = list(
        client.ListIdentifiers(
            metadataPrefix="oai_dc",
            ignore_deleted=False,
            set="org:bangkok-metropolitan-administration",
        )
    )
    assert sorted(_id(h.identifier) for h in headers) == sorted(bma)
    assert [_id(h.identifier) for h in headers if h.deleted] == [server.withdrawn]
    assert all(
        "org:bangkok-metropolitan-administration" in h.setSpecs for h in headers if not h.deleted
    )
    harvested = list(
        client.ListRecords(
            metadataPrefix="meeting",
            ignore_deleted=True,
            set="org:bangkok-metropolitan-administration",
        )
    )
    assert {int(r.xml.find(f".//{MEETING}meeting").get("id")) for r in harvested} == (
        bma - {server.withdrawn}
    )
    for record in harvested:
        organization = record.xml.find(f".//{MEETING}meeting/{MEETING}organization")
        assert organization_key(organization.text) == "bangkok-metropolitan-administration"
    others = sorted(set(by_org) - {"bangkok-metropolitan-administration"})
    for key in others:
        listed = client.ListIdentifiers(
            metadataPrefix="oai_dc", set=f"org:{key}", ignore_deleted=False
        )
        assert {_id(h.identifier) for h in listed} == by_org[key]
    parent = client.ListIdentifiers(metadataPrefix="oai_dc", set="org", ignore_deleted=False)
    assert {_id(h.identifier) for h in parent} == set().union(*by_org.values())


def test_a_follow_up_edit_moves_the_datestamp_for_harvesters_and_feeds(
    fresh_archive: SearchArchive,
) -> None:
    home = fresh_archive.home
    record_id = fresh_archive.id_of("01")
    [item, *_] = next(r for r in fresh_archive.records if r["id"] == record_id)["follow_ups"]
    assert item["status"] == "open"
    db = Database(database_url(home))
    try:
        with db.session() as session:
            session.execute(update(Record).values(updated_at=OLD))
        just_before = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        since = {"from": just_before.strftime("%Y-%m-%dT%H:%M:%SZ")}
        with serving(home) as base:
            server = Server(base, fresh_archive)
            client = server.sickle()
            with pytest.raises(NoRecordsMatch):
                client.ListIdentifiers(metadataPrefix="meeting", **since)
            feed = base.removesuffix("/oai") + "/search.atom"
            assert _entry_updated(feed, record_id) == OLD

            with db.session() as session:
                update_follow_up(session, item["id"], {"status": "done"}, user=None, version=None)

            [header] = client.ListIdentifiers(metadataPrefix="meeting", **since)
            assert _id(header.identifier) == record_id
            stamp = datetime.strptime(header.datestamp, "%Y-%m-%dT%H:%M:%SZ")
            assert just_before <= stamp <= datetime.now(UTC).replace(tzinfo=None)
            [record] = client.ListRecords(metadataPrefix="meeting", **since)
            items = record.xml.findall(f".//{MEETING}followUps/{MEETING}item")
            assert "done" in {i.get("status") for i in items}  # the harvester sees the edit
            assert _entry_updated(feed, record_id) == stamp
    finally:
        db.dispose()


def _entry_updated(feed: str, record_id: int) -> datetime:
    """The ``updated`` of the record's entry in the Atom feed at ``feed`` (UTC)."""
    with urllib.request.urlopen(feed) as response:
        parsed = feedparser.parse(response.read())
    assert not parsed.bozo, parsed.get("bozo_exception")
    [entry] = [e for e in parsed.entries if e.link.endswith(f"/records/{record_id}")]
    return datetime(*entry.updated_parsed[:6])


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "Identify", "set": "year"}, "badArgument"),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:x\x01"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-13-01"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-02-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2025-01-01",
                "until": "2024-01-01",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "eyJ2IjoxfQ.forged"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:other:record/1"},
            "idDoesNotExist",
        ),
        (
            {"verb": "ListMetadataFormats", "identifier": f"oai:{HOST}:record/999999"},
            "idDoesNotExist",
        ),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "country:ZZ"},
            "noRecordsMatch",
        ),
    ],
)
def test_protocol_errors(server: Server, params: dict[str, str], code: str) -> None:
    document = server.get(**params)
    errors = document.findall(f"{OAI}error")
    assert [e.get("code") for e in errors] == [code]
    echoed = document.find(f"{OAI}request").attrib
    assert dict(echoed) == ({} if code in ("badVerb", "badArgument") else params)


def test_repeated_argument_and_a_token_of_another_list(server: Server) -> None:
    url = f"{server.base}?verb=ListSets&verb=ListSets"
    with urllib.request.urlopen(url) as response:
        assert valid(response.read()).find(f"{OAI}error").get("code") == "badVerb"
    first = server.get(verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.find(f"{OAI}ListIdentifiers/{OAI}resumptionToken").text
    wrong = server.get(verb="ListRecords", resumptionToken=token)
    assert wrong.find(f"{OAI}error").get("code") == "badResumptionToken"
    mixed = server.get(verb="ListIdentifiers", resumptionToken=token, metadataPrefix="oai_dc")
    assert mixed.find(f"{OAI}error").get("code") == "badArgument"


def test_meeting_schema_is_served(server: Server) -> None:
    with urllib.request.urlopen(server.base + "/meeting.xsd") as response:
        assert response.read() == MEETING_SCHEMA_FILE.read_bytes()


def test_records_awaiting_review_wait_when_the_site_says_so(server: Server) -> None:
    waiting = server.archive.id_of("03")
    app = create_app(
        {
            "TESTING": True,
            "ARCHIVE_HOME": str(server.archive.home),
            "INDEX_FOLLOW": False,
            "REVIEW_BEFORE_PUBLISH": True,
            "OAI_REPOSITORY_IDENTIFIER": HOST,
        }
    )
    try:
        client = app.test_client()
        listed = valid(client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").data)
        ids = {_id(i.text) for i in listed.iter(f"{OAI}identifier")}
        assert ids == server.archive.ids - {waiting}  # reviewed ones (and deleted ones)
        one = valid(
            client.get(
                f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{HOST}:record/{waiting}"
            ).data
        )
        assert one.find(f"{OAI}error").get("code") == "idDoesNotExist"
    finally:
        close_app(app)
    assert waiting in {
        _id(h.identifier) for h in server.sickle().ListIdentifiers(metadataPrefix="oai_dc")
    }
