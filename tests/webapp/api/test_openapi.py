"""The OpenAPI document at /api/openapi.json: a valid OpenAPI 3.1 document that the API's real
responses match, for chosen requests and for schemathesis-generated ones."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from schemathesis import GenerationMode

from archive.store.vocabulary import FOLLOW_UP_STATUSES
from archive.tracking import dashboard as archive_board
from archive.tracking import edits as archive_tracking
from indexer.search.service import MAX_PER_PAGE, SORTS
from tests.conftest import SearchArchive, corpus_archive_copy
from tests.webapp.conftest import ApiSite, make_api_site
from webapp import close_app
from webapp.api import schemas as api_schemas
from webapp.followups import service as web_tracking
from webapp.services import MAX_QUERY


@pytest.fixture(scope="module")
def spec(app: Flask) -> dict[str, Any]:
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200 and response.content_type == "application/json"
    return response.get_json()


def check(spec: dict[str, Any], path: str, response: Any, method: str = "get") -> Any:
    """Assert that ``response`` (to ``method`` ``path``, a templated spec path) is documented —
    status, content type and required headers — and that its JSON body validates against the
    documented schema."""
    documented = spec["paths"][path][method]["responses"]
    assert str(response.status_code) in documented, (path, response.status_code)
    answer = documented[str(response.status_code)]
    for header, spec_header in answer.get("headers", {}).items():
        assert not spec_header.get("required") or header in response.headers, (path, header)
    content = answer["content"]
    assert response.mimetype in content, (path, response.mimetype)
    body = response.get_json()
    schema = {**content[response.mimetype]["schema"], "components": spec["components"]}
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert not errors, (path, errors)
    return body


def test_the_document_is_valid_openapi(spec: dict[str, Any]) -> None:
    validate(spec)  # raises on any error
    assert spec["openapi"].startswith("3.1")
    assert {
        "/api/search",
        "/api/facets",
        "/api/records/{record_id}",
        "/api/follow-ups",
        "/api/follow-ups/{item_id}",
    } <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        **spec["components"]["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }


def test_the_document_follows_the_code(spec: dict[str, Any]) -> None:
    """The constants the spec repeats as data are the ones the code uses."""
    params = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params["sort"]["schema"]["enum"] == list(SORTS)
    # "sort=" is read as no sort given (the search page's links send empty values); a filter
    # must be field:value
    assert params["sort"]["allowEmptyValue"] and "allowEmptyValue" not in params["f"]
    assert params["limit"]["schema"]["maximum"] == MAX_PER_PAGE
    assert params["q"]["schema"]["maxLength"] == MAX_QUERY
    schemas = spec["components"]["schemas"]
    for name in ("RecordFollowUp", "FollowUp", "FollowUpSummary", "FollowUpPatch"):
        assert schemas[name]["properties"]["status"]["enum"] == list(FOLLOW_UP_STATUSES)
    patch = schemas["FollowUpPatch"]
    assert tuple(patch["properties"]) == (*archive_tracking.EDITABLE, "note", "version")
    assert set(archive_tracking.EDITABLE) < set(patch["properties"])
    assert patch["required"] == ["version"] and patch["additionalProperties"] is False
    parameters = spec["paths"]["/api/follow-ups"]["get"]["parameters"]
    listing = {p["name"]: p["schema"] for p in parameters}
    assert set(listing) == {
        *("status", "agency", "mission_group", "organization", "year", "assignee"),
        *("overdue", "removed", "record", "q", "sort", "desc", "page", "limit", "as_of"),
    }
    assert listing["sort"]["enum"] == list(archive_board.SORTS)
    assert listing["overdue"]["enum"] == list(api_schemas.FLAGS)
    assert listing["limit"]["maximum"] == web_tracking.MAX_PER_PAGE
    assert listing["q"]["maxLength"] == api_schemas.MAX_FOLLOW_UP_QUERY


OWN_THINGS = ("/api/saved-searches", "/api/documents")  # read with a token only (own / editors)


def test_every_operation_states_its_security(spec: dict[str, Any]) -> None:
    """Reading: anyone, or a token when the archive requires login (401 documented); writing:
    a token, always."""
    for path, item in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in item.items():
            if method == "parameters":
                continue
            security = operation["security"]
            if path == "/api/openapi.json":
                assert security == [{}]
            elif method == "get" and not path.startswith(OWN_THINGS):
                assert security == [{}, {"bearerAuth": []}], path
                assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], path
            else:  # writing, or reading one's own things: a token, always
                assert security == [{"bearerAuth": []}], (method, path)
                responses = set(operation["responses"])
                assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], path
                if "requestBody" in operation:
                    assert {"400", "401", "413", "415"} <= responses, (method, path)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "ความร่วมมือ", "limit": 5},
        {"q": "โตเกียว"},
        {"q": "cooperation", "sort": "date"},
        {"q": "Japan"},
        {"q": "ความร่วมมอ"},  # a typo: corrected_query
        {"q": "zzzzqqq"},  # nothing at all
        {"q": '"การประชุม" -ญี่ปุ่น'},
        {"q": "country:JP"},
        {"f": ["country:ญี่ปุ่น"]},
        {"f": ["year:2561", "kind:meeting"], "x": ["status:done"]},
        {"x": ["kind:project"], "limit": 100},
        {"limit": 10, "page": 2},
        {"page": 10000},
    ],
)
def test_real_searches_match_the_schema(
    spec: dict[str, Any], client: FlaskClient, query: dict[str, Any]
) -> None:
    body = check(spec, "/api/search", client.get("/api/search", query_string=query))
    assert body["page"] == query.get("page", 1)
    facets = check(spec, "/api/facets", client.get("/api/facets", query_string=query))
    assert facets["total"] == body["total"]


def test_every_corpus_record_matches_the_schema(
    spec: dict[str, Any], client: FlaskClient, corpus_archive: SearchArchive
) -> None:
    hits = client.get("/api/search?limit=100").get_json()["hits"]
    assert {hit["id"] for hit in hits} == corpus_archive.ids
    for record_id in sorted(corpus_archive.ids):
        check(spec, "/api/records/{record_id}", client.get(f"/api/records/{record_id}"))


@pytest.mark.parametrize(
    ("path", "url", "status"),
    [
        ("/api/records/{record_id}", "/api/records/999999", 404),
        ("/api/records/{record_id}", "/api/records/99999999999999999999999999", 404),
        ("/api/search", "/api/search?page=abc", 400),
        ("/api/search", "/api/search?page=0", 400),
        ("/api/search", "/api/search?limit=101", 400),
        ("/api/search", "/api/search?sort=random", 400),
        ("/api/search", "/api/search?f=colour:red", 400),
        ("/api/search", "/api/search?x=country", 400),
        ("/api/search", "/api/search?q=" + "ก" * 501, 400),
        ("/api/facets", "/api/facets?f=year", 400),
    ],
)
def test_errors_match_the_error_schema(
    spec: dict[str, Any], client: FlaskClient, path: str, url: str, status: int
) -> None:
    response = client.get(url)
    assert response.status_code == status, url
    body = check(spec, path, response)
    assert set(body) == {"error"} and "Traceback" not in body["error"]


@pytest.mark.parametrize("ext", ["bib", "ris", "json"])
def test_citation_downloads_are_documented(
    spec: dict[str, Any], client: FlaskClient, corpus_archive: SearchArchive, ext: str
) -> None:
    documented = spec["paths"][f"/records/{{record_id}}/cite.{ext}"]["get"]["responses"]
    response = client.get(f"/records/{corpus_archive.id_of('01')}/cite.{ext}")
    assert response.status_code == 200 and response.mimetype in documented["200"]["content"]
    assert client.get(f"/records/999999/cite.{ext}").status_code == 404


@pytest.mark.parametrize("ext", ["bib", "ris", "json", "csv", "xlsx"])
def test_export_downloads_are_documented(
    spec: dict[str, Any], client: FlaskClient, ext: str
) -> None:
    documented = spec["paths"][f"/export.{ext}"]["get"]["responses"]
    response = client.get(f"/export.{ext}", query_string={"f": "country:JP"})
    assert response.status_code == 200 and response.mimetype in documented["200"]["content"]
    assert client.get(f"/export.{ext}?f=colour:red").status_code == 400


@pytest.fixture(scope="module")
def generated(app: Flask) -> Any:
    """The API schema as schemathesis loads it: from the served document, calling the app
    through WSGI (no server, no network)."""
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def _real_records(operation: Any, ids: list[int]) -> st.SearchStrategy[Any]:
    """Cases with ids of records that exist (random integers hardly ever hit one)."""
    return st.sampled_from(ids).flatmap(
        lambda i: operation.as_strategy(path_parameters={"record_id": i})
    )


# Property run: generated requests to every JSON operation, valid ones (POSITIVE) and ones that
# break the schema (NEGATIVE: wrong types, out-of-range numbers, filters not field:value). All
# of schemathesis's checks run: no 5xx, a documented status code and content type, a body that
# matches its schema, valid data accepted and invalid data rejected (400/404). Bounded: 25
# examples per operation and mode, derandomized so that a run is reproducible.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("operation_id", ["search", "facets", "record"])
def test_generated_requests_conform(
    generated: Any,
    corpus_archive: SearchArchive,
    operation_id: str,
    mode: GenerationMode,
) -> None:
    operation = generated.find_operation_by_id(operation_id)
    cases = operation.as_strategy(generation_mode=mode)
    if operation_id == "record" and mode is GenerationMode.POSITIVE:
        cases = cases | _real_records(operation, sorted(corpus_archive.ids))
    statuses: set[int] = set()

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def run(case: Any) -> None:
        statuses.add(case.call_and_validate().status_code)

    run()
    expected = {GenerationMode.POSITIVE: 200, GenerationMode.NEGATIVE: 400}[mode]
    if operation_id == "record" and mode is GenerationMode.NEGATIVE:
        expected = 404  # Flask's int converter: a path that is not a whole number is no route
    assert expected in statuses, statuses


# ----------------------------------------------------------------------------- follow-ups


@pytest.fixture(scope="module")
def writable(
    shared_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiSite]:
    """A site over a private copy of the corpus archive, with API users: the follow-up
    operations change it."""
    home = tmp_path_factory.mktemp("openapi-writable") / "home"
    archive, url = corpus_archive_copy(request, shared_backend, home)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARCHIVE_DATABASE_URL", url)  # the users' database and the site's
        site = make_api_site(archive)
    yield site
    close_app(site.app)


def _item_ids(site: ApiSite) -> list[str]:
    listing = site.app.test_client().get("/api/follow-ups?limit=500&removed=1").get_json()
    return [item["id"] for item in listing["items"]]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"limit": 3, "page": 2},
        {"page": 1000},
        {"status": ["open", "done"], "sort": "due_date", "desc": "1"},
        {"overdue": "1"},
        {"removed": "true", "sort": "agencies"},
        {"year": [2561, 2019]},
        {"agency": "สำนักการระบายน้ำ", "q": "รายงาน"},
        {"assignee": "editor", "mission_group": "x", "organization": "y"},
        {"as_of": "2018-01-01"},
        {"as_of": "31/12/2561", "record": 1},
    ],
)
def test_real_follow_up_lists_match_the_schema(
    spec: dict[str, Any], writable: ApiSite, query: dict[str, Any]
) -> None:
    client = writable.app.test_client()
    body = check(spec, "/api/follow-ups", client.get("/api/follow-ups", query_string=query))
    assert body["page"] == int(query.get("page", 1))


def test_real_follow_up_changes_match_the_schema(spec: dict[str, Any], writable: ApiSite) -> None:
    client = writable.app.test_client()
    path = "/api/follow-ups/{item_id}"
    item_id = _item_ids(writable)[0]
    url = f"/api/follow-ups/{item_id}"
    version = check(spec, path, client.get(url))["version"]
    editor = writable.headers("editor")

    changed = check(
        spec,
        path,
        client.patch(
            url,
            json={
                "status": "in_progress",
                "progress": 30,
                "due_date": "31/03/2562",
                "agencies": ["กองการต่างประเทศ"],
                "assignee": "editor",
                "notes": "**ความคืบหน้า**",
                "note": "ทดสอบ",
                "version": version,
            },
            headers=editor,
        ),
        "patch",
    )
    assert changed["version"] == version + 1 and changed["history"]
    assert check(spec, path, client.get(url)) == changed

    answers = [
        (client.patch(url, json={"status": "done", "version": version}, headers=editor), 409),
        (client.patch(url, json={"progress": 150, "version": 1}, headers=editor), 400),
        (client.patch(url, json={"status": "done", "version": 1}), 401),
        (client.patch(url, json={"version": 1}, headers={"Authorization": "Bearer x"}), 401),
        (client.patch(url, json={"version": 1}, headers=writable.headers("viewer")), 403),
        (client.patch(url, data="version=1", headers=editor), 415),
        (client.patch("/api/follow-ups/none", json={"version": 1}, headers=editor), 404),
    ]
    for response, status in answers:
        assert response.status_code == status, response.get_json()
        check(spec, path, response, "patch")
    check(spec, path, client.get("/api/follow-ups/none"))
    check(spec, "/api/follow-ups", client.get("/api/follow-ups?status=finished"))


def test_login_required_answers_match_the_schema(
    spec: dict[str, Any], fresh_archive: SearchArchive
) -> None:
    site = make_api_site(fresh_archive, READ_REQUIRES_LOGIN=True)
    try:
        client = site.app.test_client()
        viewer = site.headers("viewer")
        item_id = client.get("/api/follow-ups", headers=viewer).get_json()["items"][0]["id"]
        urls = {
            "/api/search": "/api/search",
            "/api/facets": "/api/facets",
            "/api/records/{record_id}": f"/api/records/{min(fresh_archive.ids)}",
            "/api/follow-ups": "/api/follow-ups",
            "/api/follow-ups/{item_id}": f"/api/follow-ups/{item_id}",
        }
        for path, url in urls.items():
            response = client.get(url)
            assert response.status_code == 401
            check(spec, path, response)
    finally:
        close_app(site.app)


@pytest.fixture(scope="module")
def generated_writable(writable: ApiSite) -> Any:
    """The API schema as schemathesis loads it, calling the writable site."""
    return schemathesis.openapi.from_wsgi("/api/openapi.json", writable.app)


def _real_items(operation: Any, ids: list[str], mode: GenerationMode) -> Any:
    """Cases with ids of items that exist."""
    return st.sampled_from(ids).flatmap(
        lambda i: operation.as_strategy(generation_mode=mode, path_parameters={"item_id": i})
    )


# The same property run for the follow-up operations, on a site they may change. Every PATCH
# carries an editor's token (schemathesis also checks that the operation refuses the request
# without it, or with a wrong one). Valid bodies are sent from the item's current version and
# name an existing assignee: otherwise nearly every one would be a 409 or a 400.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("operation_id", ["follow_ups", "follow_up", "update_follow_up"])
def test_generated_follow_up_requests_conform(
    generated_writable: Any, writable: ApiSite, operation_id: str, mode: GenerationMode
) -> None:
    operation = generated_writable.find_operation_by_id(operation_id)
    cases = operation.as_strategy(generation_mode=mode)
    if operation_id != "follow_ups":
        cases = cases | _real_items(operation, _item_ids(writable), mode)
    client = writable.app.test_client()
    headers = writable.headers("editor")
    statuses: set[int] = set()

    def from_current_version(case: Any) -> None:
        if mode is GenerationMode.POSITIVE and isinstance(case.body, dict):
            item_id = case.path_parameters["item_id"]
            current = client.get(f"/api/follow-ups/{quote(item_id, safe='')}")
            if current.status_code == 200:
                case.body["version"] = current.get_json()["version"]
            if case.body.get("assignee"):
                case.body["assignee"] = "editor"

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def run(case: Any) -> None:
        if operation_id == "update_follow_up":
            from_current_version(case)
            statuses.add(case.call_and_validate(headers=headers).status_code)
        else:
            statuses.add(case.call_and_validate().status_code)

    run()
    expected = {GenerationMode.POSITIVE: 200, GenerationMode.NEGATIVE: 400}[mode]
    if operation_id == "follow_up" and mode is GenerationMode.NEGATIVE:
        expected = 404  # the only parameter is the id: a malformed one is unknown
    assert expected in statuses, statuses
