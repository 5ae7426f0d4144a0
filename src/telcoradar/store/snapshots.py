"""Blobs and snapshots: raw bytes stored once per SHA-256, captures dated per URI."""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from telcoradar.model import Document
from telcoradar.store.direct import Direct
from telcoradar.store.schema import Base, BlobRow, SnapshotRow
from telcoradar.store.sql import Db, connection_of, insert_ignore_for

COMPRESSION = "zlib"
SNAP = Base.metadata.tables["snapshots"]
BLOB = Base.metadata.tables["blobs"]
LATEST = (
    select(SNAP.c.id, SNAP.c.seq, SNAP.c.sha256, SNAP.c.fetched_at)
    .where(SNAP.c.uri == bindparam("uri"))
    .order_by(SNAP.c.seq.desc())
    .limit(1)
)

INSERT_SNAPSHOT = Direct(insert(SNAP).returning(SNAP.c.id))
INSERT_BLOB = Direct(lambda dialect: insert_ignore_for(dialect, BLOB))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Latest:
    """The newest capture of a URI: enough to tell whether new bytes are new."""

    id: int
    seq: int
    sha256: str
    fetched_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Capture:
    """A snapshot just written: what the plan and fact functions need of it."""

    id: int
    uri: str
    seq: int
    fetched_at: dt.datetime


class CaptureLike(Protocol):
    """A Capture or a SnapshotRow: anything with a snapshot's id, URI, number and time."""

    @property
    def id(self) -> int: ...
    @property
    def uri(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def fetched_at(self) -> dt.datetime: ...


def latest_snapshot(session: Db, uri: str) -> Latest | None:
    """The newest snapshot of `uri` (one indexed lookup on (uri, seq))."""
    row = connection_of(session).execute(LATEST, {"uri": uri}).first()
    return None if row is None else Latest(row.id, row.seq, row.sha256, row.fetched_at)


def previous_snapshot(session: Db, uri: str, seq: int) -> Latest | None:
    """The capture of `uri` just before number `seq`."""
    row = session.execute(
        select(SnapshotRow.id, SnapshotRow.seq, SnapshotRow.sha256, SnapshotRow.fetched_at)
        .where(SnapshotRow.uri == uri, SnapshotRow.seq < seq)
        .order_by(SnapshotRow.seq.desc())
        .limit(1)
    ).first()
    return None if row is None else Latest(row.id, row.seq, row.sha256, row.fetched_at)


def put_blob(session: Db, data: bytes, sha256: str, content_type: str | None = None) -> None:
    """Store `data` under its digest unless it is stored already."""
    INSERT_BLOB.one(
        connection_of(session),
        {
            "sha256": sha256,
            "data": zlib.compress(data, 6),
            "compression": COMPRESSION,
            "size": len(data),
            "content_type": content_type,
        },
    )


def blob_bytes(session: Session, sha256: str) -> bytes | None:
    row = session.execute(select(BlobRow.data, BlobRow.compression).where(BlobRow.sha256 == sha256)).first()
    if row is None:
        return None
    return zlib.decompress(row.data) if row.compression == COMPRESSION else bytes(row.data)


def add_snapshot(
    session: Db,
    *,
    uri: str,
    seq: int,
    sha256: str,
    fetched_at: dt.datetime,
    document: Document,
    extractor_version: str,
    source_id: int | None = None,
    status: int | None = None,
    meta: dict[str, Any] | None = None,
    reader_kind: str | None = None,
    counts: tuple[int, int, int] = (0, 0, 0),
) -> Capture:
    """Record one capture; raises IntegrityError if another writer stored capture `seq` first.

    `counts` are the numbers of plans, events and figures the capture's extraction holds.
    """
    values = {
        "source_id": source_id,
        "uri": uri,
        "seq": seq,
        "sha256": sha256,
        "fetched_at": fetched_at,
        "status": status,
        "meta": dict(meta or {}),
        "text": document.text,
        "title": document.title,
        "published": document.published,
        "reader_kind": reader_kind,
        "content_type": document.content_type,
        "charset": document.charset,
        "extractor_version": extractor_version,
        "plan_count": counts[0],
        "event_count": counts[1],
        "figure_count": counts[2],
    }
    new_id = int(INSERT_SNAPSHOT.one(connection_of(session), values))
    return Capture(new_id, uri, seq, fetched_at)


def get_snapshot(session: Session, snapshot_id: int) -> SnapshotRow | None:
    return session.get(SnapshotRow, snapshot_id)


def snapshot_bytes(session: Session, snapshot_id: int) -> bytes | None:
    """The raw bytes a snapshot captured."""
    sha = session.execute(select(SnapshotRow.sha256).where(SnapshotRow.id == snapshot_id)).scalar()
    return None if sha is None else blob_bytes(session, sha)


def list_snapshots(
    session: Session, *, uri: str | None = None, source_id: int | None = None, limit: int | None = None
) -> Sequence[SnapshotRow]:
    """Snapshots, oldest first, optionally of one URI or one source."""
    query = select(SnapshotRow).order_by(SnapshotRow.fetched_at, SnapshotRow.id)
    if uri is not None:
        query = query.where(SnapshotRow.uri == uri)
    if source_id is not None:
        query = query.where(SnapshotRow.source_id == source_id)
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all()


def snapshot_ids(session: Session, *, stale_for: str | None = None) -> list[int]:
    """Ids of all snapshots in capture order, or of those not made by extractor version `stale_for`."""
    query = select(SnapshotRow.id).order_by(SnapshotRow.fetched_at, SnapshotRow.id)
    if stale_for is not None:
        query = query.where(SnapshotRow.extractor_version != stale_for)
    return list(session.scalars(query))
