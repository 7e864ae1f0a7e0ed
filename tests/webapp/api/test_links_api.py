"""The links API: GET /api/records/<id>/links, POST and DELETE with an editor's token."""

from __future__ import annotations

from tests.webapp.conftest import ApiSite


def test_link_read_and_unlink_through_the_api(api_site: ApiSite) -> None:
    client = api_site.app.test_client()
    first, second = sorted(r["id"] for r in api_site.archive.records)[:2]
    path = f"/api/records/{first}/links"
    empty = client.get(path).get_json()
    assert empty == {"record_id": first, "same_meeting": [], "series": [], "previous": None,
                     "next": None}  # fmt: skip
    body = {"other_id": second, "kind": "same_meeting"}
    assert client.post(path, json=body).status_code == 401
    assert client.post(path, json=body, headers=api_site.headers("viewer")).status_code == 403
    made = client.post(path, json=body, headers=api_site.headers("editor"))
    assert made.status_code == 201
    linked = made.get_json()["same_meeting"]
    assert [(r["id"], r["linked_by"]) for r in linked] == [(second, "editor")]
    again = client.post(path, json=body, headers=api_site.headers("admin"))
    assert again.status_code == 200
    other = client.get(f"/api/records/{second}/links").get_json()
    assert [r["id"] for r in other["same_meeting"]] == [first]

    bad = client.post(path, json={**body, "kind": "sequel"}, headers=api_site.headers("editor"))
    assert bad.status_code == 400 and "kind" in bad.get_json()["error"]
    itself = client.post(path, json={**body, "other_id": first}, headers=api_site.headers("editor"))
    assert itself.status_code == 400
    assert client.get("/api/records/999999/links").status_code == 404

    gone = f"{path}/{second}?kind=same_meeting"
    assert client.delete(gone).status_code == 401
    assert client.delete(gone, headers=api_site.headers("editor")).get_json()["same_meeting"] == []
    assert client.delete(gone, headers=api_site.headers("editor")).status_code == 404
    assert client.delete(f"{path}/{second}", headers=api_site.headers("editor")).status_code == 400
