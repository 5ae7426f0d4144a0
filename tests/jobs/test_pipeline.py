"""The ingest pipeline: idempotent, one transaction a document, safe to kill and to run twice at once."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

import fakedocs
from telcoradar.jobs.pipeline import ingest_bytes, ingest_paths, reextract
from telcoradar.model import Document, Extraction
from telcoradar.store import Store, open_store
from telcoradar.store.plans import plans_at
from telcoradar.store.schema import (
    EventMentionRow,
    EventRow,
    FigureRow,
    PlanObservationRow,
    PlanVersionRow,
    SnapshotRow,
)
from telcoradar.store.snapshots import snapshot_bytes

RUNNER = Path(__file__).with_name("run_ingest.py")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def count(store: Store, table: type) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def folder(tmp_path: Path, n: int) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(n):
        (docs / f"page-{i:04d}.txt").write_bytes(fakedocs.generated(i))
    return docs


def test_the_same_bytes_twice_add_nothing_and_are_not_read_again(store: Store) -> None:
    data = fakedocs.generated(7)
    first = ingest_bytes(store, data, "https://a/7", steps=fakedocs.STEPS)
    assert (first.new, first.plans, first.events, first.figures) == (True, 4, 1, 1)

    def refuse(*args: object) -> Document:
        raise AssertionError("unchanged bytes must not be read")

    unread = dataclasses.replace(fakedocs.STEPS, read=refuse)
    started = time.perf_counter()
    for _ in range(100):
        again = ingest_bytes(store, data, "https://a/7", steps=unread)
        assert (again.new, again.snapshot_id) == (False, first.snapshot_id)
    per_document = (time.perf_counter() - started) / 100
    assert per_document < 0.05  # generous bound for slow machines; the benchmark reports the real figure
    assert (count(store, SnapshotRow), count(store, PlanObservationRow), count(store, EventRow)) == (1, 4, 1)


def test_a_bad_document_is_reported_and_the_others_are_stored(store: Store, tmp_path: Path) -> None:
    docs = folder(tmp_path, 3)
    (docs / "bad.txt").write_bytes(b"BAD page")
    (docs / "binary.txt").write_bytes(b"\xff\xfe\x00junk")
    (docs / ".hidden").write_bytes(b"ignored")
    seen: list[tuple[int, int]] = []
    report = ingest_paths(
        store,
        [docs, tmp_path / "missing.txt"],
        steps=fakedocs.STEPS,
        progress=lambda d, t, *_: seen.append((d, t)),
    )
    assert report.stored == 3
    assert sorted(error.split(": ", 1)[1] for _, error in report.errors) == [
        "no such file",
        "not UTF-8 text",
        "not a tariff page",
    ]
    assert seen[-1] == (6, 6)
    assert count(store, SnapshotRow) == 3
    again = ingest_paths(store, [docs], steps=fakedocs.STEPS)
    assert (again.stored, again.unchanged) == (0, 3)


def test_reextract_replaces_observations_with_a_new_extractor_version(store: Store) -> None:
    ingest_bytes(
        store, fakedocs.page([("china-mobile", "上海", "7日卡", "38", 7, "5")]), "u", steps=fakedocs.STEPS
    )
    assert reextract(store, steps=fakedocs.STEPS).snapshots == 0  # already at this version

    def better(document: Document) -> Extraction:
        extraction = fakedocs.extract(document)
        plans = tuple(dataclasses.replace(p, price=p.price - 1) for p in extraction.plans)
        return dataclasses.replace(extraction, plans=plans)

    report = reextract(store, steps=dataclasses.replace(fakedocs.STEPS, extract=better, version="fake-2"))
    assert (report.snapshots, report.plans) == (1, 1)
    with store.read() as session:
        (version,) = plans_at(session)
        assert version.price == Decimal("37.00")
        assert session.scalars(select(SnapshotRow.extractor_version)).one() == "fake-2"
    assert (count(store, PlanObservationRow), count(store, PlanVersionRow)) == (1, 1)


def stored_counts_match_a_fresh_extraction(store: Store) -> int:
    """Every stored snapshot has exactly the plans, mentions and figures its bytes yield."""
    with store.read() as session:
        snapshots = session.scalars(select(SnapshotRow)).all()
        for snapshot in snapshots:
            data = snapshot_bytes(session, snapshot.id)
            assert data is not None
            fresh = fakedocs.extract(fakedocs.read(data, snapshot.uri))
            stored = [
                session.scalar(
                    select(func.count()).select_from(table).where(table.snapshot_id == snapshot.id)
                )
                for table in (PlanObservationRow, EventMentionRow, FigureRow)
            ]
            assert stored == [len(fresh.plans), len(fresh.events), len(fresh.figures)], snapshot.uri
            assert (snapshot.plan_count, snapshot.text) == (len(fresh.plans), fresh.document.text)
        return len(snapshots)


@pytest.mark.slow
def test_killing_an_ingest_half_way_leaves_no_half_stored_document(
    store: Store, store_url: str, tmp_path: Path
) -> None:
    docs = folder(tmp_path, 500)
    process = subprocess.Popen([sys.executable, str(RUNNER), store_url, str(docs)], stdout=subprocess.DEVNULL)
    deadline = time.time() + 120
    while count(store, SnapshotRow) < 60 and time.time() < deadline and process.poll() is None:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    partial = stored_counts_match_a_fresh_extraction(store)
    assert 60 <= partial < 500

    report = ingest_paths(store, [docs], steps=fakedocs.STEPS)
    assert report.errors == [] and report.stored == 500 - partial
    assert stored_counts_match_a_fresh_extraction(store) == 500
    with store.read() as session:
        assert session.scalar(select(func.count(func.distinct(SnapshotRow.uri)))) == 500


@pytest.mark.slow
def test_two_processes_ingesting_the_same_documents_store_each_once(
    store: Store, store_url: str, tmp_path: Path
) -> None:
    docs = folder(tmp_path, 40)
    env = {**os.environ, "START_AT": str(time.time() + 1.5)}
    runs = [
        subprocess.Popen([sys.executable, str(RUNNER), store_url, str(docs)], stdout=subprocess.PIPE, env=env)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0].decode().split() for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert sum(int(stored) for stored, _ in outputs) == 40  # each document stored by exactly one of them
    assert [errors for _, errors in outputs] == ["0", "0"]
    assert stored_counts_match_a_fresh_extraction(store) == 40
    assert count(store, EventRow) == 40
