"""Small SQL helpers shared by the repository modules."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

# The write path takes a Session or a bare Connection (cheaper: no unit of work around it).
Db = Session | Connection


def connection_of(db: Db) -> Connection:
    return db if isinstance(db, Connection) else db.connection()


def insert_ignore(db: Db, table: Table) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING, on SQLite and PostgreSQL alike."""
    name = db.dialect.name if isinstance(db, Connection) else db.get_bind().dialect.name
    return insert_ignore_for(name, table)


@functools.cache
def insert_ignore_for(name: str, table: Table) -> Any:
    if name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise NotImplementedError(f"unsupported database backend {name!r}")


def digest(*parts: object, size: int = 32) -> str:
    """A short stable hex key for a tuple of values."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size]


def quantize(value: Decimal | None, places: int) -> Decimal | None:
    """Round to the column's scale so that values compare equal after a round trip."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places))


def utc(value: dt.datetime | None = None) -> dt.datetime:
    """`value` as an aware UTC datetime (now when None); naive values are taken as UTC."""
    if value is None:
        return dt.datetime.now(dt.UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def chunks(items: list[Any], size: int = 500) -> list[list[Any]]:
    """Split a list so that IN (...) lists stay under the backends' parameter limits."""
    return [items[i : i + size] for i in range(0, len(items), size)]
