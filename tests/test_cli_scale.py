"""Commands for running at scale: db upgrade on both backends, ingest --distributed, failed, worker, beat."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from telcoradar.cli import app as cli
from telcoradar.jobs.celery_app import app
from telcoradar.store import Store
from telcoradar.store.migrate import head_revision
from telcoradar.store.schema import SnapshotRow


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


def test_db_upgrade_creates_the_schema(store_url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", store_url, "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"database at schema revision {head_revision()}" in result.output


def test_cli_ingest_distributed_and_failed(store: Store, pages: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing\n")
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", store.url, "ingest", "--distributed", str(pages), str(bad)])
    assert result.exit_code == 0, result.output
    assert "6 queued, 0 unchanged, 0 failed" in result.output
    assert count_snapshots(store) == 5
    listed = runner.invoke(cli, ["--db", store.url, "failed"])
    assert listed.exit_code == 0
    assert "telcoradar.ingest_document" in listed.output and "bad.pdf" in listed.output
    assert "unreadable PDF" in listed.output
    as_json = runner.invoke(cli, ["--db", store.url, "failed", "--json"])
    assert '"task": "telcoradar.ingest_document"' in as_json.output


def test_worker_and_beat_commands_start_celery(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started: list[list[str]] = []
    monkeypatch.setenv("TELCORADAR_HOME", str(tmp_path))
    monkeypatch.setattr(app, "worker_main", lambda argv: started.append(argv))
    monkeypatch.setattr(app, "start", lambda argv: started.append(argv))
    runner = CliRunner()
    assert runner.invoke(cli, ["worker", "--concurrency", "3", "--beat"]).exit_code == 0
    assert runner.invoke(cli, ["beat"]).exit_code == 0
    schedule = f"--schedule={tmp_path / 'celerybeat-schedule'}"
    assert started == [
        ["worker", "--loglevel=INFO", "--pool=prefork", "--concurrency=3", "--beat", schedule],
        ["beat", "--loglevel=INFO", schedule],
    ]
