"""The Store handle: an engine, its sessions, and the schema-version check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.orm import Session

from telcoradar.config import Settings
from telcoradar.errors import ConfigError
from telcoradar.store.engine import make_engine, peeker, writer
from telcoradar.store.migrate import current_revision, head_revision, upgrade
from telcoradar.store.snapshots import LATEST, Latest


class Store:
    """One database: `read()` for queries, `write()` for a transaction that commits or rolls back."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._writer = writer(engine)
        self._peek = peeker(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    def latest(self, uri: str) -> Latest | None:
        """The newest capture of `uri`: one indexed lookup, no transaction."""
        with self._peek.connect() as connection:
            row = connection.execute(LATEST, {"uri": uri}).first()
        return None if row is None else Latest(row.id, row.seq, row.sha256, row.fetched_at)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction on a bare Core connection: the ingest path, without the ORM's session."""
        with self._writer.begin() as connection:
            yield connection

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"


def open_store(url: str | None = None, *, check: bool = True) -> Store:
    """Open the database at `url` (default: TELCORADAR_DATABASE_URL or the user data folder).

    A database with no telcoradar tables is created at the newest schema by
    running the migrations; an existing one must already be at that schema.
    """
    url = url or Settings.from_env().database_url
    engine = make_engine(url)
    try:
        if check:
            _ensure_schema(url, engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(url, engine)


def _ensure_schema(url: str, engine: Engine) -> None:
    head = head_revision(url)
    current = current_revision(engine)
    if current == head:
        return
    if current is None and "sources" not in inspect(engine).get_table_names():
        upgrade(url, engine=engine)
        return
    safe = engine.url.render_as_string(hide_password=True)
    raise ConfigError(
        f"{safe}: database schema is at {current or 'no known revision'}, this telcoradar needs {head}; "
        "run `telcoradar db upgrade`"
    )
