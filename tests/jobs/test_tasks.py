"""The Celery tasks run in process (eagerly) on SQLite and PostgreSQL: idempotent, retried, failures kept."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from telcoradar.jobs import celery_app, distributed
from telcoradar.jobs.celery_app import MAX_DELIVERIES, MAX_RETRIES, app
from telcoradar.jobs.fetching import register_source
from telcoradar.jobs.runners import RUNNERS, FetchDue, Ingest
from telcoradar.store import Store
from telcoradar.store.failed import list_failed
from telcoradar.store.schema import SnapshotRow, SourceRow


@pytest.fixture
def store(eager_store: Store) -> Store:
    """Queued tasks run in this process at once (eagerly), against `store_url`."""
    return eager_store


@pytest.fixture
def pages(corpus_pages: Path) -> Path:
    return corpus_pages


def count_snapshots(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(SnapshotRow)) or 0)


def test_the_same_task_run_twice_stores_once(store: Store, pages: Path) -> None:
    staged = distributed.stage_paths(store, [pages / "0.html"], max_bytes=1 << 24).staged[0]
    first = celery_app.ingest_document.apply(kwargs=staged.as_kwargs()).get()
    again = celery_app.ingest_document.apply(kwargs=staged.as_kwargs()).get()
    assert first["new"] is True and first["plans"] > 0
    assert again == {"snapshot_id": first["snapshot_id"], "new": False, "plans": 0}
    assert count_snapshots(store) == 1


def test_staging_skips_unchanged_files_and_the_worker_reads_the_staged_bytes(
    store: Store, pages: Path
) -> None:
    report = RUNNERS["celery"](store, Ingest([str(pages)]))
    assert report.summary.startswith("5 queued, 0 unchanged, 0 failed")
    assert count_snapshots(store) == 5
    (pages / "0.html").unlink()  # the workers need the store, not the producer's disk
    again = distributed.stage_paths(store, [pages], max_bytes=1 << 24)
    assert (len(again.staged), again.unchanged) == (0, 4)


def test_queued_files_keep_the_address_and_capture_day_their_manifest_gives(
    store: Store, pages: Path
) -> None:
    (pages / "manifest.csv").write_text(
        "file,url,captured_at\n0.html,https://shop.example/cards,2025-03-15\n", encoding="utf-8"
    )
    report = RUNNERS["celery"](store, Ingest([str(pages)], dt.datetime(2025, 5, 20, tzinfo=dt.UTC)))
    assert report.summary.startswith("5 queued, 0 unchanged, 0 failed")  # the manifest is not a document
    with store.read() as session:
        rows = session.execute(select(SnapshotRow.uri, SnapshotRow.fetched_at)).all()
    days = {uri: when.date() for uri, when in rows}
    assert days.pop("https://shop.example/cards") == dt.date(2025, 3, 15)
    assert set(days.values()) == {dt.date(2025, 5, 20)} and len(days) == 4


def test_an_unreadable_document_is_kept_once_with_its_error(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot a PDF at all\n")
    staged = distributed.stage_paths(store, [bad], max_bytes=1 << 20).staged[0]
    task_id = str(uuid.uuid4())
    celery_app.ingest_document.apply(kwargs=staged.as_kwargs(), task_id=task_id)
    celery_app.ingest_document.apply(kwargs=staged.as_kwargs(), task_id=task_id)  # delivered again
    with store.read() as session:
        rows = list_failed(session)
    assert [(r.task_id, r.uri, r.attempts) for r in rows] == [(task_id, bad.resolve().as_uri(), 1)]
    assert "unreadable PDF" in rows[0].error
    assert rows[0].args == {"uri": bad.resolve().as_uri(), "sha256": staged.sha256}
    assert count_snapshots(store) == 0


def test_transient_errors_are_retried_then_kept(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def down(*args: object, **kwargs: object) -> None:
        calls.append("call")
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(distributed, "ingest_staged", down)
    celery_app.ingest_document.apply(kwargs={"uri": "https://example.test/a.html"})
    assert len(calls) == MAX_RETRIES + 1
    with store.read() as session:
        (row,) = list_failed(session)
    assert row.error.startswith("OperationalError: ") and "connection refused" in row.error
    assert row.attempts == MAX_RETRIES + 1


def test_a_document_that_runs_out_of_time_is_kept(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(*args: object, **kwargs: object) -> None:
        raise SoftTimeLimitExceeded()  # what the worker raises in a task past its soft time limit

    monkeypatch.setattr(distributed, "ingest_staged", hang)
    celery_app.ingest_document.apply(kwargs={"uri": "https://example.test/endless.html"})
    with store.read() as session:
        (row,) = list_failed(session)
    assert row.error.startswith("SoftTimeLimitExceeded") and row.attempts == 1


def test_a_transient_error_that_passes_stores_the_document(
    store: Store, pages: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = distributed.ingest_staged
    failures = iter([ConnectionResetError("reset by peer")])

    def flaky(*args: object, **kwargs: object) -> object:
        for exc in failures:
            raise exc
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(distributed, "ingest_staged", flaky)
    staged = distributed.stage_paths(store, [pages / "1.html"], max_bytes=1 << 24).staged[0]
    assert celery_app.ingest_document.apply(kwargs=staged.as_kwargs()).get()["new"] is True
    with store.read() as session:
        assert list_failed(session) == []


def test_a_message_that_keeps_killing_its_worker_is_kept_not_run(
    store: Store, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.conf.broker_url = redis_url  # deliveries are counted in Redis
    monkeypatch.setattr(distributed, "ingest_staged", lambda *a, **k: pytest.fail("ran a poison message"))
    task_id = f"test-{uuid.uuid4()}"
    for _ in range(MAX_DELIVERIES):  # the worker died each time before finishing
        assert celery_app.deliveries(task_id, 0) >= 1
    celery_app.ingest_document.apply(kwargs={"uri": "file:///poison.html"}, task_id=task_id)
    with store.read() as session:
        (row,) = list_failed(session)
    assert row.task_id == task_id and f"delivered {MAX_DELIVERIES + 1} times" in row.error


def test_due_sources_are_queued_and_fetched_once(store: Store, pages: Path) -> None:
    register_source(store, str(pages), name="pages", every="1d")
    assert celery_app.enqueue_due.apply().get() == 1
    assert count_snapshots(store) == 5
    assert celery_app.enqueue_due.apply().get() == 0  # fetched: not due for a day
    with store.read() as session:
        source_id = session.scalars(select(SourceRow.id)).one()
    stale = "2000-01-01T00:00:00+00:00"  # a copy queued before the fetch that just ran
    assert celery_app.fetch_source.apply(kwargs={"source_id": source_id, "queued_at": stale}).get() is None
    report = RUNNERS["celery"](store, FetchDue(everything=True))
    assert report.summary == "1 sources queued for the workers"


def test_settings_for_late_acknowledgement_come_from_the_environment() -> None:
    config = celery_app.celery_config(
        {"TELCORADAR_BROKER_URL": "redis://broker:6379/3", "TELCORADAR_VISIBILITY_TIMEOUT": "8"}
    )
    assert config["broker_url"] == "redis://broker:6379/3"
    assert config["task_acks_late"] and config["task_reject_on_worker_lost"]
    assert config["worker_prefetch_multiplier"] == 1
    assert config["broker_transport_options"]["visibility_timeout"] == 8
    assert config["result_backend"] is None
    assert config["task_soft_time_limit"] == celery_app.TIME_LIMIT < config["task_time_limit"]
    assert config["beat_schedule"]["check-due-sources"]["schedule"] == 60.0


def test_a_queued_path_is_read_from_a_shared_disk(store: Store, pages: Path) -> None:
    shared = pages / "上海 移动.html"
    (pages / "2.html").rename(shared)
    result = celery_app.ingest_document.apply(kwargs={"uri": shared.resolve().as_uri()}).get()
    assert result["new"] is True and result["plans"] > 0
    again = celery_app.ingest_document.apply(kwargs={"uri": str(shared)}).get()
    assert again["new"] is False  # the same file by path: the same URI, stored once
