"""The OpenAPI document at /api/openapi.json: a valid OpenAPI 3.1 document that the API's real
responses match, for chosen requests and for schemathesis-generated ones."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from schemathesis import GenerationMode

from archive.models import FOLLOW_UP_STATUSES
from indexer.search import FACET_NAMES, MAX_PER_PAGE, SORTS
from tests.conftest import SearchArchive
from webapp import openapi as spec_module
from webapp.services import MAX_QUERY


@pytest.fixture(scope="module")
def spec(app: Flask) -> dict[str, Any]:
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200 and response.content_type == "application/json"
    return response.get_json()


def check(spec: dict[str, Any], path: str, response: Any) -> Any:
    """Assert that ``response`` (to GET ``path``, a templated spec path) is documented — status
    and content type — and that its JSON body validates against the documented schema."""
    documented = spec["paths"][path]["get"]["responses"]
    assert str(response.status_code) in documented, (path, response.status_code)
    content = documented[str(response.status_code)]["content"]
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
    assert {"/api/search", "/api/facets", "/api/records/{record_id}"} <= set(spec["paths"])


def test_the_document_follows_the_code(spec: dict[str, Any]) -> None:
    """The constants the spec repeats as data are the ones the code uses."""
    assert spec_module.FACET_FIELDS == FACET_NAMES
    params = spec["components"]["parameters"]
    assert params["sort"]["schema"]["enum"] == list(SORTS)
    assert params["limit"]["schema"]["maximum"] == MAX_PER_PAGE
    assert params["q"]["schema"]["maxLength"] == MAX_QUERY
    follow_up = spec["components"]["schemas"]["FollowUp"]["properties"]
    assert follow_up["status"]["enum"] == list(FOLLOW_UP_STATUSES)


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
