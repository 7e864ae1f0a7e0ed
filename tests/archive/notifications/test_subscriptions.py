"""Saved searches as stored: the search normalised as the search page reads it, digests that
start from when they are switched on, names unique per user, addresses checked."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from archive.accounts import add_user
from archive.config import database_url
from archive.notifications.subscriptions import (
    FieldError,
    change_search,
    check_email,
    normal_params,
    save_search,
)
from archive.store.db import Database
from archive.store.models import Record
from tests.conftest import SearchArchive


def test_params_are_the_search_as_the_page_reads_it() -> None:
    assert normal_params("/search?q=ประชุม&f=year:2561&x=country:ญี่ปุ่น&page=4&more=year") == (
        "q=%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%8A%E0%B8%B8%E0%B8%A1&f=year%3A2018&x=country%3AJP"
    )
    assert normal_params("sort=relevance") == "" and normal_params("sort=date") == "sort=date"
    with pytest.raises(FieldError, match="params: unknown filter field: 'nosuch'"):
        normal_params("f=nosuch:1")


def test_email_addresses_are_checked() -> None:
    assert check_email("  somchai@bangkok.go.th ") == "somchai@bangkok.go.th"
    for bad in ("somchai", "a@b", "a b@c.d", "<a@b.c>", "a@b.c, d@e.f"):
        with pytest.raises(FieldError, match="email: not an e-mail address"):
            check_email(bad)


def test_a_digest_switched_on_starts_from_now(fresh_archive: SearchArchive) -> None:
    database = Database(database_url(fresh_archive.home))
    try:
        with database.session() as session:
            user = add_user(session, "somchai", "a long password")
            saved = save_search(session, user, "ทุกเรื่อง", "", "none")
            newest = session.scalar(select(func.max(Record.id)))
            assert saved.seen_record_id == newest
            saved.seen_record_id = 0  # as if saved long ago, with no digest since
            change_search(session, saved, frequency="daily")
            assert saved.seen_record_id == newest
            saved.seen_record_id = 3
            change_search(session, saved, frequency="weekly")  # on already: keeps its place
            assert saved.seen_record_id == 3
            save_search(session, user, "อีกอัน", "q=น้ำ")
            with pytest.raises(FieldError, match="name: you already have"):
                change_search(session, saved, name="อีกอัน")
            with pytest.raises(FieldError, match="frequency: must be one of"):
                change_search(session, saved, frequency="hourly")
    finally:
        database.dispose()
