"""Blobs stored once and compressed; snapshots dated per URI; sources and their fetch state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

import fakedocs
from telcoradar.errors import InputError
from telcoradar.store import Store, open_store, save_extraction
from telcoradar.store.schema import BlobRow, SnapshotRow
from telcoradar.store.snapshots import latest_snapshot, list_snapshots, snapshot_bytes
from telcoradar.store.sources import (
    add_source,
    due_sources,
    get_source,
    list_sources,
    record_fetch,
    remove_source,
)

T0 = dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def save(store: Store, data: bytes, uri: str, when: dt.datetime, source_id: int | None = None) -> bool:
    extraction = fakedocs.extract(fakedocs.read(data, uri))
    saved = save_extraction(
        store,
        extraction,
        data=data,
        uri=uri,
        fetched_at=when,
        extractor_version="t",
        source_id=source_id,
        meta={"etag": "W/1"},
        status=200,
    )
    return saved.new


def test_bytes_are_stored_once_compressed_and_read_back(store: Store) -> None:
    data = fakedocs.generated(1) * 50
    assert save(store, data, "https://a", T0)
    assert not save(store, data, "https://a", T0 + dt.timedelta(days=1))  # unchanged: nothing added
    assert save(store, data, "https://mirror", T0)  # same bytes elsewhere: a snapshot, not a blob
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(BlobRow)) == 1
        blob = session.scalars(select(BlobRow)).one()
        assert blob.size == len(data) and len(blob.data) < len(data) / 5
        (first,) = list_snapshots(session, uri="https://a")
        assert snapshot_bytes(session, first.id) == data
        assert (first.status, first.meta, first.seq, first.plan_count) == (200, {"etag": "W/1"}, 1, 200)
        assert first.text == data.decode("utf-8") and first.fetched_at == T0


def test_a_page_that_changes_back_is_a_new_capture(store: Store) -> None:
    a, b = fakedocs.generated(1), fakedocs.generated(2)
    assert save(store, a, "u", T0) and save(store, b, "u", T0 + dt.timedelta(days=1))
    assert save(store, a, "u", T0 + dt.timedelta(days=2))
    with store.read() as session:
        latest = latest_snapshot(session, "u")
        assert latest is not None and latest.seq == 3
        assert session.scalar(select(func.count()).select_from(SnapshotRow)) == 3


def test_sources_are_registered_scheduled_and_forgotten(store: Store) -> None:
    with store.write() as session:
        daily = add_source(
            session, "https://sh.10086.cn/", name="上海移动", operator="china-mobile", every_seconds=86400
        )
        add_source(session, "/data/reports", kind="folder")
        with pytest.raises(InputError, match="already a source"):
            add_source(session, "https://sh.10086.cn/")
    with store.write() as session:
        assert [s.name for s in due_sources(session, T0)] == ["上海移动", "/data/reports"]
        record_fetch(
            session, daily.id, fetched_at=T0, status=200, etag='"abc"', last_modified="Sat, 01 Mar 2025"
        )
    assert save(store, fakedocs.generated(3), "https://sh.10086.cn/", T0, source_id=daily.id)
    with store.write() as session:
        assert [s.name for s in due_sources(session, T0 + dt.timedelta(hours=1))] == ["/data/reports"]
        assert len(due_sources(session, T0 + dt.timedelta(days=1))) == 2
        record_fetch(session, daily.id, fetched_at=T0, status=304)
        source = get_source(session, "上海移动")
        assert source is not None and (source.etag, source.last_status) == ('"abc"', 304)
        assert remove_source(session, daily.id) and not remove_source(session, "nope")
    with store.read() as session:
        assert [s.uri for s in list_sources(session)] == ["/data/reports"]
        (kept,) = list_snapshots(session)
        assert kept.source_id is None  # the capture outlives its source
