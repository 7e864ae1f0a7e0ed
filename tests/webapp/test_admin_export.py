"""/admin/export: the whole archive for administrators, streamed, read back."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import SearchArchive
from tests.webapp.conftest import Site


def test_admin_downloads_the_archive(site: Site, tracking_archive: SearchArchive) -> None:
    assert site.client.get("/admin/export?format=jsonl").status_code == 302  # to the login
    site.login("editor")
    assert site.client.get("/admin/export?format=jsonl").status_code == 403
    admin = site.new()
    admin.login("admin")
    assert "/admin/export" not in site.html("/")
    assert 'href="/admin/export?format=csv" download>CSV</a>' in admin.html("/")

    response = admin.client.get("/admin/export?format=jsonl")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Disposition"] == 'attachment; filename="archive.jsonl"'
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [r["id"] for r in records] == sorted(tracking_archive.ids)
    assert records[0] == admin.client.get(f"/api/records/{records[0]['id']}").get_json()

    response = admin.client.get("/admin/export?format=csv")
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [(int(r["id"]), r["title"]) for r in rows] == [(r["id"], r["title"]) for r in records]
    assert admin.client.get("/admin/export?format=xml").status_code == 400
