"""Alembic environment: runs on the connection telcoradar hands over, or on the URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from telcoradar.store.engine import make_engine, writer
from telcoradar.store.schema import Base

config = context.config
target_metadata = Base.metadata
ADVISORY_LOCK = 7_305_241  # serializes concurrent upgrades on PostgreSQL


def run(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK})"))
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with writer(engine).begin() as own:
            run(own)
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
