"""GET /api/records/<id>/related: a series linked by an editor comes first (previous, then
next), each record once."""

from __future__ import annotations

from tests.webapp.conftest import ApiSite
from webapp.api.schemas import RelatedRecords


def test_series_neighbours_come_first_in_related_records(api_site: ApiSite) -> None:
    client = api_site.app.test_client()
    first, second, third = sorted(r["id"] for r in api_site.archive.records)[:3]
    editor = api_site.headers("editor")
    for a, b in ((first, second), (second, third)):
        made = client.post(
            f"/api/records/{a}/links", json={"other_id": b, "kind": "series"}, headers=editor
        )
        assert made.status_code == 201
    series = client.get(f"/api/records/{first}/links").get_json()["series"]
    head, middle, tail = (r["id"] for r in series)  # in the series' order (dates)
    links = client.get(f"/api/records/{middle}/links").get_json()
    assert [links["previous"]["id"], links["next"]["id"]] == [head, tail]

    data = client.get(f"/api/records/{middle}/related").get_json()
    RelatedRecords.model_validate(data)
    related = data["related"]
    assert [(r["id"], r["link"], r["score"]) for r in related[:2]] == [
        (head, "series", None),
        (tail, "series", None),
    ]
    assert related[0]["title"] == links["previous"]["title"]
    assert all(r["link"] is None and r["score"] > 0 for r in related[2:])
    ids = [r["id"] for r in related]
    assert len(ids) == len(set(ids)) and middle not in ids

    # the series' first record has only a next one
    ends = client.get(f"/api/records/{head}/related").get_json()["related"]
    assert [(r["id"], r["link"]) for r in ends if r["link"]] == [(middle, "series")]
