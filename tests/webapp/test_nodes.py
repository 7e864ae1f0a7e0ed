"""Several web nodes on one PostgreSQL database: two real ``archive serve`` processes, each with
its own data folder and search index, stay in step (a change through one, or an ingest from a
third data folder, is searchable on the other within 2 s), share the session key and the sign-in
limits, conflict rather than overwrite, and catch up after being down.

The two nodes are started once for the module (a node takes seconds to start); each test uses
follow-up items and names of its own, and the one that stops node B starts it again."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SearchArchive, postgres_database, write_bma
from tests.webapp.conftest import Site, add_token_user, csrf_token, tracking_config
from webapp import close_app, create_app

pytestmark = [pytest.mark.postgresql_only, pytest.mark.timed]

# What every node shares (README "Several nodes"); polling as good as off: changes from the
# other node and from an ingest must arrive by LISTEN/NOTIFY.
SITE = 'SECRET_KEY = "one-key-for-every-node-0123456789abcdef"\nINDEX_FOLLOW_SECONDS = 60.0\n'
PASSWORD = "a-long-password"  # add_token_user's


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Node:
    """One ``archive serve`` process over a data folder of its own, on the database at
    ``database_url``."""

    home: Path
    database_url: str
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None

    def start(self, records: int) -> Node:
        """Start serving; return once the node's index holds ``records`` records."""
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "site.toml").write_text(SITE, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_HOME"}
        env["ARCHIVE_DATABASE_URL"] = self.database_url
        self.process = subprocess.Popen(
            [sys.executable, "-m", "archive", "--home", str(self.home), "serve",
             "--port", str(self.port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while self.total() != records:
            assert self.process.poll() is None, "the node stopped"
            assert time.monotonic() < deadline, "the node did not come up with its index"
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        """Stop the process."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def call(
        self, method: str, path: str, token: str | None = None, body: Any = None
    ) -> tuple[int, Any]:
        """(status, JSON body) of a request to this node."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"}
            | ({"Authorization": f"Bearer {token}"} if token else {}),
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")
        except OSError:
            return 0, None

    def total(self, query: str = "") -> int | None:
        """How many records a search finds on this node (None: no answer yet)."""
        status, body = self.call("GET", f"/api/search?limit=1{query}")
        return body["total"] if status == 200 else None

    def agency_hits(self, agency: str) -> int | None:
        """Records found on this node by the responsible-agency facet."""
        return self.total("&f=" + urllib.request.quote(f"agency:{agency}"))


@dataclass
class Cluster:
    archive: SearchArchive
    a: Node
    b: Node
    tokens: dict[str, str]

    def item(self, n: int = 0) -> tuple[str, int]:
        """The id and version of the n-th follow-up item of the archive."""
        item_id = [i["id"] for r in self.archive.records for i in r["follow_ups"]][n]
        _, body = self.a.call("GET", f"/api/follow-ups/{item_id}", self.tokens["editor"])
        return item_id, body["version"]


@pytest.fixture(scope="module")
def nodes(
    postgres_corpus_archive: tuple[SearchArchive, str],
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> Iterator[Cluster]:
    """Node A over a copy of the corpus archive's data folder (its index), node B over an
    empty one (it builds its index from the database when it starts); both on a copy of the
    corpus database, with users ``editor`` and ``other`` (editors, password ``PASSWORD``)."""
    source, template = postgres_corpus_archive
    url = postgres_database(request, template)
    folder = tmp_path_factory.mktemp("nodes")
    archive = SearchArchive(Path(shutil.copytree(source.home, folder / "node-a")), source.records)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARCHIVE_DATABASE_URL", url)
        tokens = {who: add_token_user(archive.home, who, "editor") for who in ("editor", "other")}
    count = len(archive.records)
    a, b = Node(archive.home, url), Node(folder / "node-b", url)
    try:
        a.start(count)
        b.start(count)
        yield Cluster(archive, a, b, tokens)
    finally:
        a.stop()
        b.stop()


def _wait_for(check: Any, seconds: float) -> float:
    """Poll ``check`` until true; the seconds it took (fails after ``seconds``)."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, f"not within {seconds} s"
        time.sleep(0.02)
    return time.monotonic() - started


def test_a_change_through_one_node_is_searchable_on_the_other(nodes: Cluster) -> None:
    item_id, version = nodes.item()
    for n, node in enumerate((nodes.a, nodes.b, nodes.a)):
        agency = f"สำนักงานทดสอบโหนดที่ {n}"
        assert nodes.b.agency_hits(agency) == 0
        status, body = node.call("PATCH", f"/api/follow-ups/{item_id}", nodes.tokens["editor"],
                                 {"agencies": [agency], "version": version})  # fmt: skip
        assert status == 200, body
        version = body["version"]
        other = nodes.b if node is nodes.a else nodes.a
        _wait_for(lambda agency=agency, other=other: other.agency_hits(agency) == 1, 2.0)


def test_two_editors_on_two_nodes_one_conflict_nothing_lost(nodes: Cluster) -> None:
    item_id, version = nodes.item(1)
    answers: dict[str, tuple[int, Any]] = {}

    def save(node: Node, who: str, changes: dict[str, Any]) -> None:
        answers[who] = node.call("PATCH", f"/api/follow-ups/{item_id}", nodes.tokens[who],
                                 {**changes, "version": version})  # fmt: skip

    editors = [
        threading.Thread(target=save, args=(nodes.a, "editor", {"status": "done"})),
        threading.Thread(target=save, args=(nodes.b, "other", {"notes": "โทรประสานแล้ว"})),
    ]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join(30)
    statuses = sorted(status for status, _ in answers.values())
    assert statuses == [200, 409], answers
    loser = next(who for who, (status, _) in answers.items() if status == 409)
    conflict = answers[loser][1]
    winner = ({"editor", "other"} - {loser}).pop()
    assert (conflict["current_version"], conflict["your_version"]) == (version + 1, version)
    assert [c["user"] for c in conflict["changes"]] == [winner]  # what the other one saved
    # The one who lost sees the current version and saves again: both changes are kept.
    retry = {"editor": {"status": "done"}, "other": {"notes": "โทรประสานแล้ว"}}[loser]
    node = nodes.a if loser == "editor" else nodes.b
    status, body = node.call("PATCH", f"/api/follow-ups/{item_id}", nodes.tokens[loser],
                             {**retry, "version": version + 1})  # fmt: skip
    assert status == 200, body
    _, final = nodes.b.call("GET", f"/api/follow-ups/{item_id}", nodes.tokens["editor"])
    assert (final["status"], final["notes"], final["version"]) == (
        "done",
        "โทรประสานแล้ว",
        version + 2,
    )
    assert {h["user"] for h in final["history"] if h["version"] > version} == {"editor", "other"}


def test_an_ingest_from_a_third_data_folder_is_searchable_on_a_node(
    nodes: Cluster, tmp_path: Path
) -> None:
    """``archive ingest`` run elsewhere (a data folder of its own, the same database): node B
    finds the new document within 2 s of the command's end."""
    document = write_bma(
        tmp_path / "incoming" / "mekong.txt",
        "การประชุมคณะกรรมาธิการแม่น้ำโขงว่าด้วยการเตือนภัยน้ำหลาก",
        venue="นครเวียงจันทน์ สาธารณรัฐประชาธิปไตยประชาชนลาว",
    )
    query = "&q=" + urllib.parse.quote('"แม่น้ำโขงว่าด้วยการเตือนภัยน้ำหลาก"')  # a phrase
    before = nodes.b.total()
    assert before is not None and nodes.b.total(query) == 0
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_HOME"}
    env["ARCHIVE_DATABASE_URL"] = nodes.b.database_url
    ingest = subprocess.run(
        [sys.executable, "-m", "archive", "--home", str(tmp_path / "third"), "ingest",
         str(document), "--workers", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert ingest.returncode == 0, ingest.stderr
    _wait_for(lambda: nodes.b.total(query) == 1, 2.0)
    assert nodes.b.total() == before + 1


@dataclass
class Visitor:
    """A browser's session cookie, sent to whichever node it asks (a load balancer without
    sticky sessions)."""

    cookie: str = ""

    def send(
        self, node: Node, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """(status, page) of one request; the session cookie the node sets is kept."""
        connection = http.client.HTTPConnection("127.0.0.1", node.port, timeout=10)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            for value in response.headers.get_all("Set-Cookie") or []:
                if value.startswith("session="):
                    self.cookie = value.split(";", 1)[0]
            return response.status, response.read().decode()
        finally:
            connection.close()


def test_a_visitor_signed_in_on_one_node_is_signed_in_on_the_other(nodes: Cluster) -> None:
    """The session cookie signed by node A (the shared SECRET_KEY) is good on node B, and a
    form's CSRF token from node B is good on node A."""
    visitor = Visitor()
    _, page = visitor.send(nodes.a, "GET", "/login")
    form = {"csrf_token": csrf_token(page), "name": "other", "password": PASSWORD, "next": ""}
    assert visitor.send(nodes.a, "POST", "/login", form)[0] == 302
    _, page = visitor.send(nodes.b, "GET", "/")
    assert '<strong id="signed-in-user">other</strong>' in page
    assert visitor.send(nodes.a, "POST", "/logout", {"csrf_token": csrf_token(page)})[0] == 302
    _, page = visitor.send(nodes.b, "GET", "/")
    assert 'id="signed-in-user"' not in page and 'id="login-link"' in page


def test_two_nodes_without_redis_count_sign_in_tries_together(
    fresh_archive: SearchArchive,
) -> None:
    """No RATELIMIT_STORAGE_URI: on PostgreSQL the nodes count failed sign-ins in the
    database, so five wrong passwords spread over two nodes refuse the sixth on either."""
    for who in ("editor", "viewer"):
        add_token_user(fresh_archive.home, who, who)
    config = tracking_config(fresh_archive.home, INDEX_FOLLOW=False)
    first, second = create_app(config), create_app(config)
    try:
        node_a, node_b = Site(first, first.test_client()), Site(second, second.test_client())
        for node in (node_a, node_b, node_a, node_b, node_a):
            assert node.login("editor", "wrong-password").status_code == 200
        assert node_b.login("editor", "wrong-password").status_code == 429
        assert node_a.login("editor", PASSWORD).status_code == 429
        assert node_b.login("viewer", PASSWORD).status_code == 302
    finally:
        close_app(first)
        close_app(second)


def test_a_node_that_was_down_catches_up(nodes: Cluster) -> None:
    nodes.b.stop()
    agencies = [f"สำนักงานระหว่างหยุด {n}" for n in range(3)]
    for n, agency in enumerate(agencies):
        item_id, version = nodes.item(n)
        status, body = nodes.a.call("PATCH", f"/api/follow-ups/{item_id}",
                                    nodes.tokens["editor"],
                                    {"agencies": [agency], "version": version})  # fmt: skip
        assert status == 200, body
    nodes.b.start(nodes.a.total() or 0)
    _wait_for(lambda: all(nodes.b.agency_hits(a) == 1 for a in agencies), 5.0)
