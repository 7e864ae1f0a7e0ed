"""``archive serve --processes 2``: real processes on one port, one index follower, shared
sign-in limits, a clean stop."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SearchArchive
from tests.webapp.conftest import add_token_user

pytestmark = pytest.mark.skipif(os.name != "posix", reason="--processes forks (POSIX only)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return sorted(found)


def _owner(connection: http.client.HTTPConnection, port: int, pids: list[int]) -> int:
    """Which of ``pids`` holds the server side of ``connection`` (/proc/net/tcp, fds)."""
    client_port = connection.sock.getsockname()[1]
    inode = ""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1], fields[2]
        if int(local.split(":")[1], 16) == port and int(remote.split(":")[1], 16) == client_port:
            inode = fields[9]
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    raise AssertionError(f"no process holds the connection from port {client_port}")


def _get(connection: http.client.HTTPConnection, path: str, **headers: str) -> tuple[int, bytes]:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


@pytest.mark.timed
def test_two_processes_share_port_index_and_limits(
    corpus_archive: SearchArchive, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    shutil.copytree(corpus_archive.home, home)
    token = add_token_user(home, "บรรณาธิการ", "editor")
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [sys.executable, "-m", "archive", "--home", str(home), "serve", "--processes", "2",
         "--threads", "2", "--port", str(port), "--no-worker"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    pids: list[int] = []
    pinned: dict[int, http.client.HTTPConnection] = {}
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()
            pids = _children(serve.pid)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    if len(pids) == 3:  # two serving, one following the change log
                        break
            except OSError:
                pass
            time.sleep(0.2)
        assert len(pids) == 3, pids

        # Keep-alive connections until each process holds one: requests pinned to a process.
        for _ in range(60):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            assert _get(connection, "/api/search?q=x")[0] == 200
            owner = _owner(connection, port, pids)
            if owner in pinned:
                connection.close()
            pinned.setdefault(owner, connection)
            if len(pinned) == 2:
                break
        assert len(pinned) == 2 and set(pinned) < set(pids)  # both serving processes answer

        # A change saved through either process is searchable within 2 s in both.
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for n, (pid, connection) in enumerate(sorted(pinned.items())):
            record_id = corpus_archive.records[n]["id"]
            word = ["zanzibarquorum", "kilimanjarosummit"][n]
            body = json.dumps({"version": 1, "title": f"การประชุม {word}"})
            connection.request("PATCH", f"/api/records/{record_id}", body=body, headers=auth)
            response = connection.getresponse()
            assert response.status == 200, (pid, response.read())
            response.read()
            saved = time.monotonic()
            unseen = set(pinned)
            while unseen and time.monotonic() - saved < 2.0:
                for other in list(unseen):
                    status, found = _get(pinned[other], f"/api/search?q={word}")
                    ids = [hit["id"] for hit in json.loads(found)["hits"]]
                    if status == 200 and ids == [record_id]:
                        unseen.discard(other)
                time.sleep(0.05)
            assert not unseen, f"saved through {pid}, not searchable in {unseen} after 2 s"

        # Six wrong sign-ins, alternating between the processes: the sixth is refused.
        serving = sorted(pinned)
        first = pinned[serving[0]]
        first.request("GET", "/login")
        page = first.getresponse()
        cookie = page.getheader("Set-Cookie", "").split(";")[0]
        csrf = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page.read())
        assert cookie and csrf, "no session cookie or CSRF token on /login"
        form = f"csrf_token={csrf.group(1).decode()}&name=somchai&password=wrong-password"
        statuses = []
        for attempt in range(6):
            connection = pinned[serving[attempt % 2]]
            connection.request("POST", "/login", body=form, headers={
                "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        assert statuses == [200, 200, 200, 200, 200, 429]
    finally:
        for connection in pinned.values():
            connection.close()
        serve.send_signal(signal.SIGTERM)
        code = serve.wait(timeout=60)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert code == 128 + signal.SIGTERM, output
    assert "from 2 processes" in output
    # each serving process answered a first search before its first request (the follower
    # serves nobody: it does not)
    warmed = re.findall(r"Search warmed up in \d+\.\d s \(process (\d)\)", output)
    assert sorted(warmed) == ["1", "2"], output
    time.sleep(0.2)
    assert [pid for pid in pids if Path(f"/proc/{pid}").exists()] == []  # no orphans

