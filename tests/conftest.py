"""Shared fixtures."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_ENV = "TELCORADAR_TEST_POSTGRES_URL"
REDIS_ENV = "TELCORADAR_TEST_REDIS_URL"


def _postgres_database(admin_url: str) -> Iterator[str]:
    """A uniquely named PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"telcoradar_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


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
