"""The change log: entries become visible in sequence order, whatever the database, and
PostgreSQL announces each commit to the nodes that listen."""

from __future__ import annotations

import threading

import pytest

from archive.store import changelog
from archive.store.db import Database


def test_entries_are_numbered_in_order_and_read_after_a_position(db: Database) -> None:
    with db.session() as session:
        first = changelog.note(session, [3, 3, 5])
        assert changelog.note(session, []) is None
    with db.session() as session:
        second = changelog.note(session, [7])
        assert changelog.changes_after(session, 0) == [(first - 1, 3), (first, 5), (second, 7)]
        assert changelog.changes_after(session, first, limit=1) == [(second, 7)]
        assert changelog.last_seq(session) == second


def test_a_commit_that_logged_calls_back(db: Database) -> None:
    calls: list[int] = []
    db.on_logged(lambda: calls.append(1))
    # A second listener hears the same commits: a serving process's app has its follower's,
    # and serve --processes adds the wake-up of the follower process (the first used to take
    # the commit's mark away, so the follower process only polled: up to 1 s later).
    db.on_logged(lambda: calls.append(2))
    with db.session():
        pass
    with db.session() as session:
        changelog.note(session, [1])
    assert calls == [1, 2]
    with db.session() as session:
        changelog.note(session, [2])
        session.rollback()
    with db.session():
        pass
    assert calls == [1, 2]


@pytest.mark.postgresql_only
def test_a_later_entry_never_commits_before_an_earlier_one(db: Database) -> None:
    """Two writers at once on PostgreSQL: the second waits for the first's commit before it
    takes a number, so a follower that read past an entry can never find an earlier one
    appearing behind it."""
    first = db.sessions()
    taken = changelog.note(first, [1])
    done: list[int | None] = []

    def second() -> None:
        with db.session() as session:
            done.append(changelog.note(session, [2]))

    writer = threading.Thread(target=second)
    writer.start()
    writer.join(0.5)
    assert writer.is_alive()  # waiting for the first writer's commit
    with db.session() as reader:
        assert changelog.changes_after(reader, 0) == []  # neither is visible yet
    first.commit()
    first.close()
    writer.join(10)
    assert taken is not None and done and done[0] is not None and done[0] > taken
    with db.session() as reader:
        assert changelog.changes_after(reader, 0) == [(taken, 1), (done[0], 2)]


@pytest.mark.postgresql_only
def test_a_listener_hears_every_commit_of_the_log(db: Database) -> None:
    heard = threading.Semaphore(0)
    listener = changelog.listen(db.url, heard.release)
    assert listener is not None
    try:
        assert listener.connected.wait(10)
        assert heard.acquire(timeout=5)  # once on connecting: what was missed meanwhile
        with db.session() as session:
            changelog.note(session, [1, 2])
            changelog.note(session, [3])
        assert heard.acquire(timeout=5)  # one notification per transaction
        assert not heard.acquire(timeout=0.3)
        with db.session() as session:
            changelog.note(session, [4])
            session.rollback()  # a rolled-back transaction announces nothing
        assert not heard.acquire(timeout=0.5)
    finally:
        listener.stop()


@pytest.mark.sqlite_only
def test_sqlite_is_not_listened_to(db: Database) -> None:
    assert changelog.listen(db.url, lambda: None) is None  # other processes' commits: polled
