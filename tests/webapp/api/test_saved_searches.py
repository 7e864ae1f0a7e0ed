"""/api/saved-searches: a user's own saved searches by API token; 400 naming a bad field;
answers as /api/openapi.json documents them."""

from __future__ import annotations

from typing import Any

from tests.webapp.api.test_openapi import check
from tests.webapp.conftest import ApiSite

PARAMS = "q=น้ำท่วม&f=country:ญี่ปุ่น&page=2"


def test_save_list_and_delete_with_a_token(api_site: ApiSite) -> None:
    client = api_site.app.test_client()
    spec: dict[str, Any] = client.get("/api/openapi.json").get_json()
    assert {"get", "post"} <= set(spec["paths"]["/api/saved-searches"])
    assert "delete" in spec["paths"]["/api/saved-searches/{search_id}"]

    anonymous = client.get("/api/saved-searches")
    assert anonymous.status_code == 401
    check(spec, "/api/saved-searches", anonymous)

    body = {"name": "น้ำท่วมญี่ปุ่น", "params": PARAMS, "frequency": "daily"}
    made = client.post("/api/saved-searches", json=body, headers=api_site.headers("viewer"))
    assert made.status_code == 201, made.get_json()
    saved = check(spec, "/api/saved-searches", made, "post")
    assert saved["name"] == "น้ำท่วมญี่ปุ่น" and saved["frequency"] == "daily"
    assert "page" not in saved["params"] and "country%3AJP" in saved["params"]  # normalised
    assert saved["url"].endswith(f"/search?{saved['params']}")

    for bad, field in (
        ({**body, "name": "อื่น", "frequency": "hourly"}, "frequency"),
        ({**body, "name": ""}, "name"),
        ({**body, "name": "อื่น", "params": "f=nosuch:1"}, "params"),
        ({**body}, "name"),  # a name already used
        ({"name": "x", "params": "", "extra": 1}, "extra"),
    ):
        refused = client.post("/api/saved-searches", json=bad, headers=api_site.headers("viewer"))
        assert refused.status_code == 400, bad
        assert check(spec, "/api/saved-searches", refused, "post")["error"].startswith(field)

    mine = client.get("/api/saved-searches", headers=api_site.headers("viewer"))
    assert [s["id"] for s in check(spec, "/api/saved-searches", mine)] == [saved["id"]]
    theirs = client.get("/api/saved-searches", headers=api_site.headers("editor"))
    assert theirs.get_json() == []

    path = f"/api/saved-searches/{saved['id']}"
    not_yours = client.delete(path, headers=api_site.headers("editor"))
    assert not_yours.status_code == 404
    check(spec, "/api/saved-searches/{search_id}", not_yours, "delete")
    deleted = client.delete(path, headers=api_site.headers("viewer"))
    assert check(spec, "/api/saved-searches/{search_id}", deleted, "delete") == {
        "deleted": saved["id"]
    }
    assert client.get("/api/saved-searches", headers=api_site.headers("viewer")).get_json() == []
