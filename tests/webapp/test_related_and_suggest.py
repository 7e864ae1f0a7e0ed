"""Related records on record pages and in the API (linked records first, then the most alike),
and the names suggested for the search box (``/suggest`` and ``/api/suggest``)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from archive.curation.links import link
from archive.curation.review import mark_reviewed
from archive.store.db import Database
from tests.conftest import SearchArchive
from tests.webapp.conftest import Site, tracking_config
from webapp import close_app, create_app
from webapp.api.schemas import RelatedRecords, Suggestions


def test_related_api_lists_records_like_this_one(client: FlaskClient, corpus_archive) -> None:
    vientiane = corpus_archive.id_of("05")
    response = client.get(f"/api/records/{vientiane}/related")
    assert response.status_code == 200
    data = response.get_json()
    RelatedRecords.model_validate(data)
    assert data["record_id"] == vientiane
    related = data["related"]
    assert related and vientiane not in [r["id"] for r in related]
    similar = [r for r in related if r["link"] is None]
    scores = [r["score"] for r in similar]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert len({r["id"] for r in related}) == len(related)
    assert client.get("/api/records/999999/related").status_code == 404


def test_record_page_shows_the_similar_records(client: FlaskClient, corpus_archive) -> None:
    record_id = corpus_archive.id_of("05")
    api = client.get(f"/api/records/{record_id}/related").get_json()["related"]
    html = client.get(f"/records/{record_id}").get_data(as_text=True)
    section = html[html.index('id="related"') :]
    section = section[: section.index("</section>")]
    assert "รายงานที่คล้ายกัน" in section
    shown = [int(i) for i in re.findall(r'data-record="(\d+)"', section)]
    assert shown == [r["id"] for r in api if r["link"] is None]


def test_linked_records_come_first(tracking_archive: SearchArchive, tracking_app: Flask) -> None:
    base, other = tracking_archive.id_of("05"), tracking_archive.id_of("12")
    db = Database(f"sqlite:///{tracking_archive.home / 'archive.sqlite3'}")
    with db.session() as session:
        link(session, base, other, "same_meeting", None)
        session.commit()
    db.dispose()
    related = tracking_app.test_client().get(f"/api/records/{base}/related").get_json()["related"]
    assert related[0]["id"] == other and related[0]["link"] == "same_meeting"
    assert related[0]["score"] is None
    assert [r["id"] for r in related].count(other) == 1  # not again among the similar ones


def _related_ids(client: FlaskClient, record_id: int) -> tuple[list[int], list[int]]:
    """The related records' ids in the API, and on the record page."""
    api = client.get(f"/api/records/{record_id}/related").get_json()["related"]
    html = client.get(f"/records/{record_id}").get_data(as_text=True)
    section = html[html.index('id="related"') :]
    section = section[: section.index("</section>")]
    return [r["id"] for r in api], [int(i) for i in re.findall(r'data-record="(\d+)"', section)]


def test_related_records_awaiting_review_stay_hidden_from_the_public(
    tracking_archive: SearchArchive,
) -> None:
    """On a site that reviews before publishing, the public sees no record awaiting review
    among a published record's related ones, linked or alike; editors see them all."""
    app = create_app(tracking_config(tracking_archive.home, REVIEW_BEFORE_PUBLISH=True))
    try:
        editor = Site(app, app.test_client())
        editor.login("editor")
        base = tracking_archive.id_of("05")
        alike, _ = _related_ids(editor.client, base)
        assert len(alike) >= 3
        linked, published = alike[0], alike[1]  # ``linked`` stays awaiting review
        db = app.extensions["archive_db"]
        with db.session() as session:
            assert mark_reviewed(session, base, None) and mark_reviewed(session, published, None)
            link(session, base, linked, "same_meeting", None)
        assert app.extensions["archive_follower"].settle()

        public = app.test_client()
        assert _related_ids(public, base) == ([published], [published])
        everything, _ = _related_ids(editor.client, base)
        assert everything[0] == linked and set(alike) <= set(everything)
    finally:
        close_app(app)


def test_suggest_names_in_thai_and_english(client: FlaskClient) -> None:
    lao = client.get("/api/suggest?q=Lao").get_json()
    Suggestions.model_validate(lao)
    assert lao["suggestions"][0] == {
        "value": "Laos",
        "label": "Laos (ลาว)",
        "kind": "country",
        "records": lao["suggestions"][0]["records"],
    }
    assert lao["suggestions"][0]["records"] >= 1  # the Vientiane record has Laos as partner
    thai = client.get("/api/suggest", query_string={"q": "ลาว"}).get_json()["suggestions"]
    assert thai[0]["value"] == "ลาว" and thai[0]["label"] == "ลาว (Laos)"
    asean = client.get("/api/suggest", query_string={"q": "อาเซ"}).get_json()["suggestions"]
    assert asean[0]["value"] == "อาเซียน" and asean[0]["kind"] == "organisation"
    jica = client.get("/api/suggest", query_string={"q": "ไจ"}).get_json()["suggestions"]
    assert jica[0]["value"] == "ไจก้า"  # the common Thai name typed, not the official one
    city = client.get("/api/suggest", query_string={"q": "vient"}).get_json()["suggestions"]
    assert city[0]["value"] == "Vientiane" and city[0]["kind"] == "city"
    agency = client.get("/api/suggest", query_string={"q": "กระทรวงการต่าง"}).get_json()
    assert agency["suggestions"][0]["value"] == "กระทรวงการต่างประเทศ"
    assert client.get("/api/suggest?q=").get_json() == {"q": "", "suggestions": []}
    assert len(client.get("/api/suggest?q=a&limit=3").get_json()["suggestions"]) <= 3
    assert client.get("/api/suggest?q=a&limit=0").status_code == 400


def test_site_suggest_route_answers_the_same(client: FlaskClient) -> None:
    for q in ("Lao", "ญี่"):
        site = client.get("/suggest", query_string={"q": q}).get_json()
        assert site == client.get("/api/suggest", query_string={"q": q}).get_json()
        assert site["suggestions"]


def test_search_box_offers_names_and_works_without_script(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'data-suggest="/suggest"' in html
    assert "/static/typeahead.js" in html
    # without the script the form is a plain GET form: a name in English finds Thai records
    result = client.get("/?q=Laos").get_data(as_text=True)
    assert "เวียงจันทน์" in result


def test_people_by_given_name_or_surname(client: FlaskClient) -> None:
    for typed in ("ธนพล", "เกียรติวงศ์", "นายธนพล"):  # without the title, the surname, as written
        found = client.get("/api/suggest", query_string={"q": typed}).get_json()["suggestions"]
        people = [s for s in found if s["kind"] == "person"]
        assert people and people[0]["value"] == "นายธนพล เกียรติวงศ์ไพศาล", typed
        assert people[0]["records"] == 1
