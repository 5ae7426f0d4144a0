"""Migrations make exactly the models' schema; open_store creates and checks it."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from telcoradar.errors import ConfigError
from telcoradar.store import open_store, upgrade
from telcoradar.store.engine import make_engine
from telcoradar.store.migrate import head_revision
from telcoradar.store.schema import Base


def test_migrations_produce_the_models_schema(store_url: str) -> None:
    assert upgrade(store_url) == head_revision()
    engine = make_engine(store_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_open_store_creates_a_fresh_database_at_head(store_url: str) -> None:
    with open_store(store_url) as store:
        tables = set(inspect(store.engine).get_table_names())
        assert {"sources", "blobs", "snapshots", "plan_observations", "plan_versions"} <= tables
        assert {"events", "event_mentions", "event_operators", "figures", "alembic_version"} <= tables
    with open_store(store_url) as again:  # an existing database at head opens as it is
        assert again.dialect in ("sqlite", "postgresql")


def test_open_store_refuses_a_database_behind_head(store_url: str) -> None:
    open_store(store_url).close()
    engine = make_engine(store_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    engine.dispose()
    with pytest.raises(ConfigError, match="run `telcoradar db upgrade`"):
        open_store(store_url)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'deep' / 'er' / 'db.sqlite'}"
    with open_store(url) as store, store.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert (session.execute(text("PRAGMA busy_timeout")).scalar() or 0) >= 1000
    assert (tmp_path / "deep" / "er" / "db.sqlite").exists()


def test_a_postgresql_url_without_driver_means_psycopg() -> None:
    from telcoradar.store.engine import normalize_url

    assert normalize_url("postgresql://u:p@db/radar") == "postgresql+psycopg://u:p@db/radar"
    assert normalize_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_a_missing_database_driver_is_a_one_line_config_error() -> None:
    with pytest.raises(ConfigError, match="is not installed"):
        make_engine("mysql+mysqldb://u@localhost/radar")


def test_the_hot_lookups_use_indexes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Unchanged bytes cost one indexed lookup; the price-on-a-date query does not scan."""
    import datetime as dt

    from sqlalchemy import select
    from sqlalchemy.dialects import sqlite

    from telcoradar.store.schema import PlanVersionRow as PV
    from telcoradar.store.snapshots import LATEST

    when = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    price_on = select(PV).where(
        PV.region == "上海", PV.operator == "china-mobile", PV.valid_from <= when, PV.valid_to > when
    )
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store, store.read() as session:
        cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        for statement in (LATEST.params(uri="https://a"), price_on):
            compiled = statement.compile(dialect=sqlite.dialect())
            params = [str(compiled.params[name]) for name in compiled.positiontup or []]
            plan = " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {compiled}", params))
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
            assert "SCAN" not in plan.replace("USING INDEX", ""), plan
