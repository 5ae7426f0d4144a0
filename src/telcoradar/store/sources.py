"""Sources: what to fetch, how often, and how the last fetch went."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from telcoradar.errors import InputError
from telcoradar.store.schema import SourceRow
from telcoradar.store.sql import utc


def add_source(
    session: Session,
    uri: str,
    *,
    name: str | None = None,
    kind: str | None = None,
    operator: str | None = None,
    every_seconds: int | None = None,
    enabled: bool = True,
) -> SourceRow:
    """Register a source; a URI already registered is an InputError."""
    if session.scalar(select(SourceRow.id).where(SourceRow.uri == uri)) is not None:
        raise InputError(uri, "already a source")
    row = SourceRow(
        uri=uri,
        name=name or uri,
        kind=kind,
        operator=operator,
        every_seconds=every_seconds,
        enabled=enabled,
        created_at=utc(),
    )
    session.add(row)
    session.flush()
    return row


def get_source(session: Session, key: int | str) -> SourceRow | None:
    """A source by id, URI or name."""
    if isinstance(key, int):
        return session.get(SourceRow, key)
    return session.scalars(
        select(SourceRow).where(or_(SourceRow.uri == key, SourceRow.name == key)).order_by(SourceRow.id)
    ).first()


def list_sources(session: Session, *, enabled_only: bool = False) -> Sequence[SourceRow]:
    query = select(SourceRow).order_by(SourceRow.id)
    if enabled_only:
        query = query.where(SourceRow.enabled.is_(True))
    return session.scalars(query).all()


def remove_source(session: Session, key: int | str) -> bool:
    """Forget a source (its snapshots stay, unlinked); False if there was none."""
    row = get_source(session, key)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def due_sources(session: Session, now: dt.datetime | None = None) -> list[SourceRow]:
    """Enabled sources never fetched, or whose schedule says they are due at `now`."""
    now = utc(now)
    due = []
    for row in list_sources(session, enabled_only=True):
        if row.last_fetched_at is None or (
            row.every_seconds and row.last_fetched_at + dt.timedelta(seconds=row.every_seconds) <= now
        ):
            due.append(row)
    return due


def record_fetch(
    session: Session,
    source_id: int,
    *,
    fetched_at: dt.datetime | None = None,
    status: int | None = None,
    error: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> None:
    """Remember how a fetch went; validators are kept unless new ones are given."""
    row = session.get(SourceRow, source_id)
    if row is None:
        raise InputError(str(source_id), "no such source")
    row.last_fetched_at = utc(fetched_at)
    row.last_status = status
    row.last_error = error
    if etag is not None:
        row.etag = etag
    if last_modified is not None:
        row.last_modified = last_modified
    session.flush()
