"""Engines: one URL in, an engine tuned for its backend out.

SQLite runs in WAL mode with a busy timeout and foreign keys on; writing
transactions start with BEGIN IMMEDIATE so that two writers queue instead of
failing half-way. PostgreSQL is used as it comes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from telcoradar.errors import ConfigError

BUSY_TIMEOUT_MS = 60_000
WRITE_OPTION = "telcoradar_write"
PEEK_OPTION = "telcoradar_peek"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for an in-memory database."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def normalize_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here (SQLAlchemy's default would be psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if not is_sqlite(url):
        try:
            return create_engine(url, pool_pre_ping=True)
        except ModuleNotFoundError as exc:
            raise ConfigError(
                f"{make_url(url).drivername}: driver {exc.name} is not installed; "
                "for PostgreSQL: pip install 'telcoradar[scale]'"
            ) from None
    path = sqlite_path(url)
    if path is not None:
        path.expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transactions out of the driver's hands: we emit BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A document's transaction touches a few tables and their indexes: keep their pages
        # cached (32 MB), sorts in memory, and checkpoint the log every 16 MB rather than 4 MB.
        cursor.execute("PRAGMA cache_size=-32000")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.execute("PRAGMA wal_autocheckpoint=4000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get(PEEK_OPTION):
            return  # a single read: SQLite runs it in its own implicit transaction
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE_OPTION) else "BEGIN")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, marked so that its transactions take the write lock up front."""
    return engine.execution_options(**{WRITE_OPTION: True})


def peeker(engine: Engine) -> Engine:
    """The same engine, for single-statement reads that need no transaction of their own."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{PEEK_OPTION: True})
    return engine.execution_options(isolation_level="AUTOCOMMIT")
