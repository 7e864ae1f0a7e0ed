"""The ``/oai`` endpoint: the six OAI-PMH verbs over GET or POST, answered as XML."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, request, send_file, url_for
from lxml import etree

from archive.store import harvest
from archive.store.db import Database
from archive.store.lookups import MAX_ID
from webapp.auth import csrf
from webapp.oai.formats import FORMATS, MEETING_SCHEMA_FILE, XSI, Format, schema_location
from webapp.oai.protocol import GRANULARITY, OAIError, Request, Tokens, read, stamp
from webapp.recordpage import permalink

bp = Blueprint("oai", __name__, url_prefix="/oai")
csrf.exempt(bp)  # POST is the protocol's other way to send the same read-only request

OAI = "http://www.openarchives.org/OAI/2.0/"
QNAME = f"{{{OAI}}}"
DEFAULTS: dict[str, Any] = {  # site.toml may set each
    "OAI_REPOSITORY_NAME": "คลังรายงานการประชุมระหว่างประเทศ (Thai international meeting reports)",
    "OAI_REPOSITORY_IDENTIFIER": None,  # the host of identifiers; None: the request's host
    "OAI_ADMIN_EMAIL": None,  # None: MAIL_FROM, else archive@<repository identifier>
    "OAI_PAGE_SIZE": 100,  # headers or records per response, then a resumption token
}
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PATTERNS = {  # arguments whose form the schema restricts (as OAI-PMH.xsd)
    "metadataPrefix": re.compile(r"[A-Za-z0-9\-_.!~*'()]+"),
    "set": re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*"),
}


def _setting(name: str) -> Any:
    return current_app.config.get(name, DEFAULTS[name])


def _repository_identifier() -> str:
    return _setting("OAI_REPOSITORY_IDENTIFIER") or request.host.rsplit(":", 1)[0]


def oai_identifier(record_id: int) -> str:
    """A record's OAI identifier: ``oai:<repository identifier>:record/<id>``."""
    return f"oai:{_repository_identifier()}:record/{record_id}"


def _record_id(identifier: str) -> int:
    prefix = f"oai:{_repository_identifier()}:record/"
    number = identifier.removeprefix(prefix)
    if number == identifier or not number.isdigit() or not 0 < int(number) <= MAX_ID:
        raise OAIError("idDoesNotExist", f"no record is identified as {identifier!r}")
    return int(number)


def _add(parent: etree._Element, tag: str, text: Any = None, **attributes: Any) -> etree._Element:
    element = etree.SubElement(parent, QNAME + tag, {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def _format(prefix: str) -> Format:
    fmt = FORMATS.get(prefix)
    if fmt is None:
        raise OAIError(
            "cannotDisseminateFormat",
            f"metadataPrefix must be one of {', '.join(FORMATS)}, not {prefix!r}",
        )
    return fmt


def _header(parent: etree._Element, entry: harvest.Entry) -> None:
    header = _add(parent, "header", **({"status": "deleted"} if entry.deleted else {}))
    _add(header, "identifier", oai_identifier(entry.id))
    _add(header, "datestamp", stamp(entry.datestamp))
    for spec in entry.sets:
        _add(header, "setSpec", spec)


def _records(parent: etree._Element, entries: list[harvest.Entry],
             shown: dict[int, dict[str, Any]], fmt: Format) -> None:
    for entry in entries:
        element = _add(parent, "record")
        _header(element, entry)
        if not entry.deleted:
            metadata = _add(element, "metadata")
            metadata.append(fmt.render(shown[entry.id], permalink(entry.id)))


# ----------------------------------------------------------------------------- verbs


def identify(db: Database, req: Request, body: etree._Element) -> None:
    """Identify: who the repository is and how it keeps datestamps and deletions."""
    with db.session() as session:
        earliest = harvest.earliest(session) or datetime.now(UTC)
    email = (_setting("OAI_ADMIN_EMAIL") or current_app.config.get("MAIL_FROM")
             or f"archive@{_repository_identifier()}")
    _add(body, "repositoryName", _setting("OAI_REPOSITORY_NAME"))
    _add(body, "baseURL", url_for("oai.endpoint", _external=True))
    _add(body, "protocolVersion", "2.0")
    _add(body, "adminEmail", email)
    _add(body, "earliestDatestamp", stamp(earliest))
    _add(body, "deletedRecord", "persistent")
    _add(body, "granularity", GRANULARITY)


def list_metadata_formats(db: Database, req: Request, body: etree._Element) -> None:
    """ListMetadataFormats: every format (any record can be had in each)."""
    if "identifier" in req.args:
        record_id = _record_id(req.args["identifier"])
        with db.session() as session:
            found = harvest.entries(session, _one(record_id))
        if not found:
            raise OAIError("idDoesNotExist", f"no record is identified as {record_id}")
    for fmt in FORMATS.values():
        element = _add(body, "metadataFormat")
        _add(element, "metadataPrefix", fmt.prefix)
        _add(element, "schema", schema_location(fmt))
        _add(element, "metadataNamespace", fmt.namespace)


def list_sets(db: Database, req: Request, body: etree._Element) -> None:
    """ListSets: organisations, years and partner countries that hold records."""
    with db.session() as session:
        sets = harvest.all_sets(session)
    if not sets:
        raise OAIError("noSetHierarchy", "the archive holds no records, so no sets")
    for spec, name in sets:
        element = _add(body, "set")
        _add(element, "setSpec", spec)
        _add(element, "setName", name)


def get_record(db: Database, req: Request, body: etree._Element) -> None:
    """GetRecord: one record in one format (a withdrawn one as deleted)."""
    fmt = _format(req.args["metadataPrefix"])
    record_id = _record_id(req.args["identifier"])
    with db.session() as session:
        found = harvest.entries(session, _one(record_id))
        shown = harvest.record_jsons(session, found)
    if not found:
        raise OAIError("idDoesNotExist", f"no record is identified as {req.args['identifier']!r}")
    _records(body, found, shown, fmt)


def _awaiting_shown() -> bool:
    return not current_app.config.get("REVIEW_BEFORE_PUBLISH", False)


def _one(record_id: int) -> harvest.Scope:
    return harvest.Scope(ids=(record_id,), include_awaiting=_awaiting_shown())


def _listing(db: Database, req: Request, body: etree._Element, *, full: bool) -> None:
    fmt = _format(req.args["metadataPrefix"])
    size = int(_setting("OAI_PAGE_SIZE"))
    scope = harvest.Scope(since=req.since, until=req.until, spec=req.args.get("set"),
                          after=req.after, include_awaiting=_awaiting_shown())
    with db.session() as session:
        found = harvest.entries(session, scope, limit=size + 1)
        page, more = found[:size], len(found) > size
        shown = harvest.record_jsons(session, page) if full else {}
        total = req.total
        if total is None:  # the first page counts the whole list; its tokens carry the figure
            total = harvest.count(session, scope) if more else len(found)
    if not found:
        raise OAIError("noRecordsMatch", "no record matches these arguments")
    if full:
        _records(body, page, shown, fmt)
    else:
        for entry in page:
            _header(body, entry)
    if more:
        token = Tokens(current_app.secret_key).dump(
            req, after=page[-1].id, cursor=req.cursor + len(page), total=total,
            until=datetime.now(UTC),
        )
        _add(body, "resumptionToken", token, completeListSize=total, cursor=req.cursor)
    elif req.cursor:  # the last page of a resumed list: an empty token says so
        _add(body, "resumptionToken", completeListSize=total, cursor=req.cursor)


def list_identifiers(db: Database, req: Request, body: etree._Element) -> None:
    """ListIdentifiers: headers of the records changed in the range, in the set."""
    _listing(db, req, body, full=False)


def list_records(db: Database, req: Request, body: etree._Element) -> None:
    """ListRecords: the records changed in the range, in the set, in one format."""
    _listing(db, req, body, full=True)


VERB_HANDLERS: dict[str, Callable[[Database, Request, etree._Element], None]] = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}


# ----------------------------------------------------------------------------- routes


@bp.route("", methods=["GET", "POST"])
def endpoint() -> Response:
    """One OAI-PMH request (GET query or POST form) and its response document."""
    values = request.form if request.method == "POST" else request.args
    params = {name: values.getlist(name) for name in values}
    root = etree.Element(QNAME + "OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _add(root, "responseDate", stamp(datetime.now(UTC)))
    echo = _add(root, "request", url_for("oai.endpoint", _external=True))
    try:
        if any(NOT_XML.search(name + v) for name, vs in params.items() for v in vs):
            raise OAIError("badArgument", "arguments hold characters XML cannot carry")
        for name, pattern in PATTERNS.items():
            if any(not pattern.fullmatch(v) for v in params.get(name, [])):
                raise OAIError("badArgument", f"{name} has characters the protocol forbids")
        req = read(params, Tokens(current_app.secret_key))
        for name, value in params.items():
            echo.set(name, value[0])
        body = etree.Element(QNAME + req.verb)
        VERB_HANDLERS[req.verb](current_app.extensions["archive_db"], req, body)
        root.append(body)
    except OAIError as error:
        if error.code not in ("badVerb", "badArgument"):
            for name, value in params.items():
                echo.set(name, value[0])
        else:
            echo.attrib.clear()
        _add(root, "error", error.message, code=error.code)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Response(xml, content_type="text/xml; charset=utf-8")


@bp.get("/meeting.xsd")
def schema() -> Response:
    """The XML Schema of the ``meeting`` metadata format."""
    return send_file(MEETING_SCHEMA_FILE, mimetype="application/xml")
