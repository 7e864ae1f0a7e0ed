"""A route declared with its schemas is all an API operation costs: it appears in
/api/openapi.json with its request and answer schemas, and its requests are validated by the
same schemas. The document is derived when asked (facets of the moment)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Blueprint, Flask, Response, jsonify
from openapi_spec_validator import validate
from pydantic import BaseModel, ConfigDict, Field

import indexer.search.service as search_service
from webapp import close_app, create_app
from webapp.api.registry import ApiRoutes, Reply
from webapp.api.schemas import Answer


class NewSavedSearch(BaseModel):
    """A search to keep under a name."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(min_length=1, max_length=100, description="What to call it")
    query: str = Field(max_length=500)


class SavedSearch(Answer):
    """A kept search."""

    id: int
    name: str
    query: str


class SavedSearchQuery(BaseModel):
    """Which saved searches to list."""

    starting: str = Field("", max_length=20, description="Names starting with this")


def saved_searches() -> Blueprint:
    """A blueprint of two new operations, declared as the API's own are (at a path of their
    own: the real /api/saved-searches is webapp/api/saved_search_routes.py)."""
    bp = Blueprint("saved_searches", __name__, url_prefix="/api")
    api = ApiRoutes(bp, tag="api")

    @api.route(
        "/kept-searches",
        "POST",
        body=NewSavedSearch,
        replies={201: Reply("The saved search", SavedSearch)},
    )
    def save_search(body: NewSavedSearch) -> tuple[Response, int]:
        """Keep a search under a name."""
        return jsonify(id=1, **body.model_dump()), 201

    @api.route(
        "/kept-searches",
        query=SavedSearchQuery,
        replies={200: Reply("The saved searches", list[SavedSearch])},
    )
    def saved(query: SavedSearchQuery) -> Response:
        """The saved searches."""
        return jsonify([{"id": 1, "name": query.starting + "น้ำท่วม", "query": "น้ำท่วม"}])

    return bp


@pytest.fixture
def extended(tmp_path: Path) -> Iterator[Flask]:
    """The site with the new blueprint registered beside the API."""
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(tmp_path / "home")})
    app.register_blueprint(saved_searches())
    yield app
    close_app(app)


def test_a_new_route_is_documented_from_its_schemas(extended: Flask) -> None:
    spec = extended.test_client().get("/api/openapi.json").get_json()
    validate(spec)
    item = spec["paths"]["/api/kept-searches"]
    post = item["post"]
    assert post["operationId"] == "save_search" and post["summary"] == "Keep a search under a name."
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/NewSavedSearch"}
    schemas = spec["components"]["schemas"]
    assert schemas["NewSavedSearch"]["required"] == ["name", "query"]
    assert schemas["NewSavedSearch"]["properties"]["name"]["maxLength"] == 100
    assert schemas["NewSavedSearch"]["additionalProperties"] is False
    created = post["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/SavedSearch"}
    assert set(schemas["SavedSearch"]["properties"]) == {"id", "name", "query"}
    # What every operation of its kind may answer comes with it.
    assert {"400", "401", "413", "415"} <= set(post["responses"])
    assert post["security"] == [{}, {"bearerAuth": []}]
    listing = item["get"]
    assert [p["name"] for p in listing["parameters"]] == ["starting"]
    assert listing["parameters"][0]["schema"]["maxLength"] == 20
    answer = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"type": "array", "items": {"$ref": "#/components/schemas/SavedSearch"}}
    # The API's own operations are still there, unchanged.
    assert "/api/follow-ups/{item_id}" in spec["paths"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": 5, "query": "x"}, "name"),
        ({"name": "", "query": "x"}, "name"),
        ({"name": "น้ำ"}, "query"),
        ({"name": "น้ำ", "query": "x", "owner": "me"}, "owner"),
        (["name"], "body"),
    ],
)
def test_a_new_route_refuses_a_bad_body_with_400(
    extended: Flask, body: Any, field: str
) -> None:
    response = extended.test_client().post("/api/kept-searches", json=body)
    assert response.status_code == 400 and response.mimetype == "application/json"
    message = response.get_json()["error"]
    assert set(response.get_json()) == {"error"} and message.startswith(f"{field}: ")


def test_a_new_route_takes_what_its_schema_allows(extended: Flask) -> None:
    client = extended.test_client()
    response = client.post("/api/kept-searches", json={"name": "น้ำท่วม", "query": "น้ำ"})
    assert response.status_code == 201
    assert response.get_json() == {"id": 1, "name": "น้ำท่วม", "query": "น้ำ"}
    assert client.post("/api/kept-searches", data="name=x").status_code == 415
    assert client.get("/api/kept-searches?starting=" + "x" * 21).status_code == 400
    assert client.get("/api/kept-searches?starting=ก").get_json()[0]["name"] == "กน้ำท่วม"


def test_the_document_is_derived_when_asked(
    extended: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A facet added to the search's list is in the next document, with nothing else
    changed."""
    monkeypatch.setattr(
        search_service, "FACET_NAMES", (*search_service.FACET_NAMES, "language")
    )
    spec = extended.test_client().get("/api/openapi.json").get_json()
    counts = spec["components"]["schemas"]["FacetCounts"]
    assert "language" in counts["properties"] and "language" in counts["required"]
    assert "language" in spec["components"]["schemas"]["FacetLabels"]["properties"]
    search = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert "|language)" in search["f"]["schema"]["items"]["pattern"]
