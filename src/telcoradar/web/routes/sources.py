"""Sources: list, add (http and https URLs only), remove, and fetch one now."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import Response

from telcoradar.errors import InputError
from telcoradar.jobs.fetching import SourceJob, fetch_source, register_source, source_rows
from telcoradar.sources import kind_of
from telcoradar.store.sources import get_source, remove_source
from telcoradar.web.deps import CurrentUser, RequireAnalyst, StateDep, StoreDep
from telcoradar.web.errors import ERROR_RESPONSES
from telcoradar.web.schemas import FetchOut, SourceIn, SourceOut

router = APIRouter(prefix="/api/sources", tags=["sources"], responses=ERROR_RESPONSES)
SourceId = Annotated[int, Path(ge=1, le=2**62)]


def source_out(row: dict[str, Any]) -> SourceOut:
    return SourceOut(**{**row, "enabled": bool(row["enabled"])})


def find(store: StoreDep, source_id: int) -> SourceOut:
    for row in source_rows(store):
        if row["id"] == source_id:
            return source_out(row)
    raise HTTPException(404, f"no source {source_id}")


@router.get("", response_model=list[SourceOut], summary="Sources with their schedule and last fetch")
def list_sources(store: StoreDep, _caller: CurrentUser) -> list[SourceOut]:
    return [source_out(row) for row in source_rows(store)]


def add(store: StoreDep, body: SourceIn) -> SourceOut:
    """Register a URL; files and folders on the server are refused from the web."""
    if kind_of(body.uri) != "url":
        raise InputError(body.uri, "only http and https URLs can be added from the web")
    job = register_source(store, body.uri, name=body.name, operator=body.operator, every=body.every)
    return find(store, job.id)


@router.post("", response_model=SourceOut, status_code=201, summary="Add a URL to fetch on a schedule")
def add_source(body: SourceIn, store: StoreDep, _caller: RequireAnalyst) -> SourceOut:
    return add(store, body)


@router.get("/{source_id}", response_model=SourceOut, summary="One source")
def one_source(source_id: SourceId, store: StoreDep, _caller: CurrentUser) -> SourceOut:
    return find(store, source_id)


@router.delete("/{source_id}", status_code=204, response_class=Response, summary="Remove a source")
def delete_source(source_id: SourceId, store: StoreDep, _caller: RequireAnalyst) -> Response:
    with store.write() as session:
        if not remove_source(session, source_id):
            raise HTTPException(404, f"no source {source_id}")
    return Response(status_code=204)


def fetch_now(state: StateDep, source_id: int) -> FetchOut:
    """Fetch one source in this process, with the app's fetcher (private addresses refused by default)."""
    with state.store.read() as session:
        row = get_source(session, source_id)
        if row is None:
            raise HTTPException(404, f"no source {source_id}")
        job = SourceJob(row.id, row.name, row.uri, row.kind or "url", row.etag, row.last_modified)
    with state.fetcher() as fetcher:
        outcome = fetch_source(state.store, fetcher, job)
    return FetchOut(
        source_id=source_id,
        state=outcome.state,
        snapshots=outcome.snapshots,
        plans=outcome.plans,
        status=outcome.status,
        error=outcome.error,
        summary=outcome.summary(),
    )


@router.post("/{source_id}/fetch", response_model=FetchOut, summary="Fetch one source now")
def fetch_one(source_id: SourceId, state: StateDep, _caller: RequireAnalyst) -> FetchOut:
    return fetch_now(state, source_id)
