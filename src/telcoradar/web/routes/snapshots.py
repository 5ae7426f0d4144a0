"""Snapshots: what was captured, the raw bytes, the text with its evidence, and what was extracted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from telcoradar.store import Store
from telcoradar.store.browse import snapshot_page
from telcoradar.store.snapshots import get_snapshot, snapshot_bytes
from telcoradar.web.deps import CurrentUser, StoreDep
from telcoradar.web.errors import ERROR_RESPONSES
from telcoradar.web.facts import snapshot_facts, snapshot_marks, snapshot_out
from telcoradar.web.schemas import MarkOut, Page, SnapshotFacts, SnapshotOut, SnapshotText

router = APIRouter(prefix="/api/snapshots", tags=["snapshots"], responses=ERROR_RESPONSES)
SnapshotId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("", response_model=Page[SnapshotOut], summary="Snapshots, newest first")
def list_snapshots(
    store: StoreDep,
    _caller: CurrentUser,
    uri: Annotated[str | None, Query(max_length=2000)] = None,
    source_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Page[SnapshotOut]:
    with store.read() as session:
        total, rows = snapshot_page(session, uri=uri, source_id=source_id, limit=limit, offset=offset)
        items = [snapshot_out(row) for row in rows]
    return Page[SnapshotOut](total=total, limit=limit, offset=offset, items=items)


def facts_or_404(store: Store, snapshot_id: int) -> SnapshotFacts:
    with store.read() as session:
        found = snapshot_facts(session, snapshot_id)
    if found is None:
        raise HTTPException(404, f"no snapshot {snapshot_id}")
    return found


@router.get("/{snapshot_id}", response_model=SnapshotFacts, summary="A snapshot and what was extracted")
def one_snapshot(snapshot_id: SnapshotId, store: StoreDep, _caller: CurrentUser) -> SnapshotFacts:
    return facts_or_404(store, snapshot_id)


@router.get("/{snapshot_id}/text", response_model=SnapshotText, summary="Its text and the evidence offsets")
def snapshot_text(snapshot_id: SnapshotId, store: StoreDep, _caller: CurrentUser) -> SnapshotText:
    with store.read() as session:
        row = get_snapshot(session, snapshot_id)
        if row is None:
            raise HTTPException(404, f"no snapshot {snapshot_id}")
        marks = [
            MarkOut(kind=m.kind, start=m.start, end=m.end, label=m.label)
            for m in snapshot_marks(session, row)
        ]
        return SnapshotText(id=row.id, text=row.text, marks=marks)


@router.get(
    "/{snapshot_id}/raw",
    response_class=Response,
    summary="The captured bytes, as a download",
    responses={200: {"content": {"application/octet-stream": {}}, "description": "The bytes"}},
)
def snapshot_raw(snapshot_id: SnapshotId, store: StoreDep, _caller: CurrentUser) -> Response:
    return raw_download(store, snapshot_id)


def raw_download(store: Store, snapshot_id: int) -> Response:
    """A snapshot's bytes as a file to save (the API with a token, the dashboard with its session)."""
    with store.read() as session:
        data = snapshot_bytes(session, snapshot_id)
    if data is None:
        raise HTTPException(404, f"no snapshot {snapshot_id}")
    # Served as a download, never as a page: the bytes are someone else's HTML.
    headers = {
        "Content-Disposition": f'attachment; filename="snapshot-{snapshot_id}"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
    }
    return Response(data, media_type="application/octet-stream", headers=headers)
