"""PATCH /api/records/<id> and GET /api/records/<id>/history: tokens and roles, validation
naming the field, optimistic locking (409 with the changes since), corrections shown in the
record JSON, withdrawn records gone (410)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from archive.config import database_url
from archive.curation import edits
from archive.store.db import Database
from tests.conftest import SearchArchive
from tests.webapp.api.test_openapi import check
from tests.webapp.conftest import ApiSite, make_api_site
from webapp import close_app

TOKYO = "01_tokyo"


def test_patch_corrects_and_answers_the_new_record(api_site: ApiSite) -> None:
    client = api_site.app.test_client()
    record_id = api_site.archive.id_of(TOKYO)
    before = client.get(f"/api/records/{record_id}").get_json()
    assert before["version"] == 1
    url = f"/api/records/{record_id}"
    body = {"version": 1, "venue": {"raw": "นครโอซากา", "city": "Osaka"},
            "date_end": "16/11/2561", "party_countries": ["ญี่ปุ่น", "เกาหลีใต้"],
            "note": "ตามหนังสือเชิญ"}
    assert client.patch(url, json=body).status_code == 401
    viewer = client.patch(url, json=body, headers=api_site.headers("viewer"))
    assert viewer.status_code == 403
    assert client.patch(url, json=body, headers=api_site.headers("disabled")).status_code == 401
    response = client.patch(url, json=body, headers=api_site.headers("editor"))
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["version"] == 2 and data["date_end"] == "2018-11-16"
    assert data["venue"]["city"] == "Osaka" and data["venue"]["country_code"] == "JP"
    assert before["party_countries"] == ["JP"] and data["party_countries"] == ["JP", "KR"]
    assert client.get(url).get_json() == data
    history = client.get(f"{url}/history").get_json()
    assert history["version"] == 2 and history["withdrawn"] is None
    assert {c["field"] for c in history["corrections"]} == {"venue", "date_end",
                                                             "party_countries"}
    venue = next(c for c in history["corrections"] if c["field"] == "venue")
    assert venue["source_value"]["city"] == "Tokyo" and venue["source_changed"] is False
    assert next((c["field"], c["user"], c["note"]) for c in history["history"]) == (
        "venue", "editor", "ตามหนังสือเชิญ")
    assert client.get("/api/records/999999/history").status_code == 404


EVERY_FIELD = {  # every editable key of the record JSON, each changed from the Tokyo report's
    "title": "การศึกษาดูงานด้านการลดความเสี่ยงจากภัยพิบัติในเขตเมือง ณ นครโอซากา",
    "document_kind": "meeting",
    "organization": "สำนักป้องกันและบรรเทาสาธารณภัย",
    "mission_group": "กลุ่มภารกิจด้านความปลอดภัย",
    "venue": {"raw": "นครโอซากา ประเทศญี่ปุ่น", "city": "Osaka", "country_code": "JP",
              "country_name_th": "ญี่ปุ่น", "country_name_en": "Japan", "online": False},
    "date_start": "2018-11-05",
    "date_end": "2018-11-14",
    "party_countries": ["JP", "KR"],
    "party_organizations": ["UNESCO"],
    "meetings": [{"name": "การประชุมสรุปผลการศึกษาดูงานกับสำนักงานดับเพลิงนครโอซากา",
                  "venue": {"raw": "สำนักงานดับเพลิงนครโอซากา", "city": "Osaka",
                            "country_code": "JP", "country_name_th": "ญี่ปุ่น",
                            "country_name_en": "Japan", "online": False},
                  "date_start": "2018-11-13", "date_end": None}],
    "findings": [{"number": "1", "heading": "อาสาสมัครป้องกันภัยในชุมชน",
                  "text": "นครโอซากามีกลุ่มอาสาสมัครป้องกันภัยในชุมชนครบทุกเขต"}],
    "people": ["นายธนพล เกียรติวงศ์ไพศาล", "นางสาวมาลี รักษ์ไทย"],
    "reporter": {"name": "นางสาวมาลี รักษ์ไทย", "position": "นักวิเทศสัมพันธ์ชำนาญการ",
                 "unit": "กองการต่างประเทศ", "phone": "0 2224 8180"},
    "source_url": "https://www.bangkok.go.th/foreign/report/2561/osaka",
}  # fmt: skip


def test_patch_changes_every_field(api_site: ApiSite) -> None:
    """Every editable key in one PATCH: one history row each, shown as sent (normalised) in
    the record JSON and on the record page."""
    client = api_site.app.test_client()
    record_id = api_site.archive.id_of(TOKYO)
    url = f"/api/records/{record_id}"
    assert set(EVERY_FIELD) == set(edits.EDITABLE)
    before = client.get(url).get_json()
    assert all(before[name] != value for name, value in EVERY_FIELD.items())
    body = {**EVERY_FIELD, "version": 1, "note": "ตรวจกับหนังสือเชิญ",
            "date_start": "5 พฤศจิกายน 2561",  # read as ingest reads dates (BE)
            "party_countries": ["ญี่ปุ่น", "kr"], "party_organizations": ["ยูเนสโก"],
            "venue": {"raw": "นครโอซากา ประเทศญี่ปุ่น", "city": "โอซากา"}}  # fmt: skip
    response = client.patch(url, json=body, headers=api_site.headers("editor"))
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert {name: data[name] for name in edits.EDITABLE} == EVERY_FIELD
    assert data["version"] == 2 and client.get(url).get_json() == data
    history = client.get(f"{url}/history").get_json()
    rows = history["history"]
    assert sorted(row["field"] for row in rows) == sorted(edits.EDITABLE)  # one row per field
    assert {(row["user"], row["note"], row["version"]) for row in rows} == {
        ("editor", "ตรวจกับหนังสือเชิญ", 2)
    }
    new = {row["field"]: row["new_value"] for row in rows}
    places = ("venue", "meetings")  # kept with the city's Thai name too
    assert {k: v for k, v in new.items() if k not in places} == {
        k: v for k, v in EVERY_FIELD.items() if k not in places
    }
    assert new["venue"]["city_th"] == new["meetings"][0]["venue"]["city_th"] == "โอซากา"
    old = {row["field"]: row["old_value"] for row in rows}
    assert {k: v for k, v in old.items() if k not in places} == {
        k: before[k] for k in edits.EDITABLE if k not in places
    }
    assert old["venue"]["raw"] == before["venue"]["raw"] == "กรุงโตเกียว ประเทศญี่ปุ่น"
    assert {c["field"] for c in history["corrections"]} == set(edits.EDITABLE)
    page = client.get(f"/records/{record_id}").get_data(as_text=True)
    for shown in (EVERY_FIELD["title"], "สำนักป้องกันและบรรเทาสาธารณภัย",
                  "สำนักงานดับเพลิงนครโอซากา", "นครโอซากามีกลุ่มอาสาสมัคร",
                  "<li>นางสาวมาลี รักษ์ไทย</li>", "โทร. 0 2224 8180",
                  EVERY_FIELD["source_url"]):  # fmt: skip
        assert shown in page, shown
    reporter = re.search(r'<p class="reporter"><span>(.*?)</span>', page)
    assert reporter and reporter[1] == "นางสาวมาลี รักษ์ไทย · นักวิเทศสัมพันธ์ชำนาญการ · กองการต่างประเทศ"


def test_bad_fields_and_stale_versions(api_site: ApiSite) -> None:
    client = api_site.app.test_client()
    record_id = api_site.archive.id_of(TOKYO)
    url, editor = f"/api/records/{record_id}", api_site.headers("editor")
    cases = [
        ({"version": 1, "date_start": "31/02/2561"}, "date_start: no such day"),
        ({"version": 1, "venue": {"raw": "x", "city": "Atlantis"}}, "venue.city: not a city"),
        ({"version": 1, "source_path": "/etc/passwd"}, "source_path: not a field"),
        ({"version": 1, "document_kind": "poem"}, "document_kind"),
        ({"title": "x"}, "version: required"),
    ]
    for body, message in cases:
        response = client.patch(url, json=body, headers=editor)
        assert response.status_code == 400, body
        assert response.get_json()["error"].startswith(message), response.get_json()
    assert client.patch(url, json={"version": 1, "title": "ชื่อแรก"}, headers=editor
                        ).status_code == 200
    stale = client.patch(url, json={"version": 1, "title": "ชื่อที่สอง"},
                         headers=api_site.headers("admin"))
    assert stale.status_code == 409
    answer = stale.get_json()
    assert (answer["current_version"], answer["your_version"]) == (2, 1)
    assert [(c["field"], c["user"], c["new_value"]) for c in answer["changes"]] == [
        ("title", "editor", "ชื่อแรก")
    ]
    assert client.patch("/api/records/999999", json={"version": 1, "title": "x"},
                        headers=editor).status_code == 404


def test_a_withdrawn_record_is_gone(api_site: ApiSite) -> None:
    client = api_site.app.test_client()
    record_id = api_site.archive.id_of(TOKYO)
    database = Database(database_url(api_site.archive.home))
    with database.session() as session:
        edits.withdraw_record(session, record_id, "ซ้ำกับรายงานอื่น", user=None)
    database.dispose()
    for path in ("", "/history", "/links", "/related"):  # its history is no longer public
        gone = client.get(f"/api/records/{record_id}{path}")
        assert gone.status_code == 410, path
        reason = f"record {record_id} was withdrawn: ซ้ำกับรายงานอื่น"
        assert gone.get_json() == {"error": reason}, path


# ----------------------------------------------------------------------------- the document


@pytest.fixture(scope="module")
def writable(
    corpus_archive: SearchArchive, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiSite]:
    """A site over a private copy of the corpus archive, with API users."""
    home = tmp_path_factory.mktemp("record-edits") / "home"
    shutil.copytree(corpus_archive.home, home)
    site = make_api_site(SearchArchive(home, corpus_archive.records))
    yield site
    close_app(site.app)


def test_real_answers_match_the_document(writable: ApiSite) -> None:
    client = writable.app.test_client()
    spec = client.get("/api/openapi.json").get_json()
    patch = spec["components"]["schemas"]["RecordPatch"]
    assert set(patch["properties"]) == {*edits.EDITABLE, "note", "version"}
    assert patch["required"] == ["version"] and patch["additionalProperties"] is False
    assert "version" in spec["components"]["schemas"]["Record"]["required"]
    record_id = writable.archive.id_of(TOKYO)
    path, url = "/api/records/{record_id}", f"/api/records/{record_id}"
    editor = writable.headers("editor")
    version = check(spec, path, client.get(url))["version"]
    body = {"version": version, "title": "ชื่อที่แก้", "meetings": [
        {"name": "การประชุมย่อย", "venue": {"raw": "กรุงโซล"}, "date_start": "2018-11-05"}],
        "findings": [{"number": "1", "text": "ข้อความ"}], "reporter": {"name": "นายก"},
        "people": ["นางสาวข"], "source_url": "https://example.org/a", "organization": None}
    changed = check(spec, path, client.patch(url, json=body, headers=editor), "patch")
    assert changed["meetings"][0]["venue"]["country_code"] == "KR"
    for response in (
        client.patch(url, json=body, headers=editor),  # 409
        client.patch(url, json={"version": 1, "title": ""}, headers=editor),  # 400
        client.patch(url, json={"version": 1}, headers=writable.headers("viewer")),  # 403
        client.patch(url, json={"version": 1}),  # 401
        client.patch("/api/records/999999", json={"version": 1}, headers=editor),  # 404
    ):
        check(spec, path, response, "patch")
    history = check(spec, path + "/history", client.get(url + "/history"))
    assert history["version"] == changed["version"]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("operation_id", ["update_record", "record_history"])
def test_generated_requests_conform(
    writable: ApiSite, operation_id: str, mode: GenerationMode
) -> None:
    """schemathesis's checks on generated requests (no 5xx, documented statuses and bodies),
    valid bodies sent from the record's current version."""
    generated = schemathesis.openapi.from_wsgi("/api/openapi.json", writable.app)
    operation = generated.find_operation_by_id(operation_id)
    ids = sorted(writable.archive.ids)
    cases = operation.as_strategy(generation_mode=mode) | st.sampled_from(ids).flatmap(
        lambda i: operation.as_strategy(generation_mode=mode, path_parameters={"record_id": i})
    )
    client = writable.app.test_client()
    statuses: set[int] = set()

    @settings(max_examples=25, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def run(case: Any) -> None:
        if operation_id == "update_record" and isinstance(case.body, dict):
            if mode is GenerationMode.POSITIVE:
                current = client.get(f"/api/records/{case.path_parameters['record_id']}")
                if current.status_code == 200:
                    case.body["version"] = current.get_json()["version"]
            # Values valid for the schema may still name no gazetteer place or no calendar day:
            # a 400 naming the field is the right answer there, not a refusal of valid data.
            response = case.call_and_validate(headers=writable.headers("editor"),
                                              excluded_checks=[positive_data_acceptance])
            statuses.add(response.status_code)
        else:
            statuses.add(case.call_and_validate().status_code)

    run()
    if operation_id == "update_record" and mode is GenerationMode.NEGATIVE:
        # Which refusal the generated cases meet first (no token, no such record, a stale
        # version, a bad field) depends on what schemathesis drew earlier in the session: none
        # is accepted, and a body breaking the schema is a 400 naming its field.
        assert statuses and statuses <= {400, 401, 403, 404, 409}, statuses
        bad = client.patch(f"/api/records/{ids[0]}", json={"title": 5, "version": 1},
                           headers=writable.headers("editor"))
        assert bad.status_code == 400 and "title" in bad.get_json()["error"]
        return
    assert (200 if mode is GenerationMode.POSITIVE else 400) in statuses or (
        operation_id == "record_history" and 404 in statuses), statuses
