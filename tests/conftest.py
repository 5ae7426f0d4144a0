"""Shared fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from telcoradar.store import Store

POSTGRES_ENV = "TELCORADAR_TEST_POSTGRES_URL"
REDIS_ENV = "TELCORADAR_TEST_REDIS_URL"


def _postgres_database(admin_url: str) -> Iterator[str]:
    """A uniquely named PostgreSQL database for one test, dropped afterwards."""
    from telcoradar.store.scratch import scratch_database

    with scratch_database(admin_url, "telcoradar_test") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, and PostgreSQL when TELCORADAR_TEST_POSTGRES_URL is set.

    In CI (CI=true) a missing PostgreSQL fails the test instead of skipping it.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'telcoradar.sqlite'}"
        return
    yield from _postgres_database(service_url(POSTGRES_ENV, "store tests must run against PostgreSQL"))


def service_url(variable: str, why: str) -> str:
    """The URL of a test service from `variable`: skipped when unset, failed in CI (CI=true)."""
    url = os.environ.get(variable)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{variable} is not set: {why} in CI")
        pytest.skip(f"{variable} not set")
    return url


@pytest.fixture(scope="module")
def module_postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database shared by one test module (for tests that start servers)."""
    yield from _postgres_database(service_url(POSTGRES_ENV, "store tests must run against PostgreSQL"))


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The Redis server of TELCORADAR_TEST_REDIS_URL (skipped when unset, failed in CI)."""
    return service_url(REDIS_ENV, "the worker tests must run against Redis")


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver listens on 127.0.0.1 (a free port): tests reach no other address."""
    return ("127.0.0.1", 0)


@pytest.fixture
def eager_store(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A store at `store_url` whose Celery tasks run in this process as soon as they are queued."""
    from telcoradar.jobs import celery_app
    from telcoradar.store import open_store

    app = celery_app.app
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", store_url)
    saved = dict(app.conf)
    app.close()
    app.conf.update(task_always_eager=True, broker_url="memory://")
    celery_app.close_worker()
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        celery_app.close_worker()
        opened.close()
        app.close()
        app.conf.update(saved)


@pytest.fixture
def corpus_pages(tmp_path: Path) -> Path:
    """A folder of five generated tariff pages (benchmarks/corpus.py)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import corpus

    folder = tmp_path / "pages"
    folder.mkdir()
    for index, (_uri, data) in enumerate(corpus.pages(5, seed=3)):
        (folder / f"{index}.html").write_bytes(data)
    return folder
