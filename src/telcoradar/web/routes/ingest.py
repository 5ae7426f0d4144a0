"""Upload a document: read, extract and store it in this process, like `telcoradar ingest`."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated

from fastapi import APIRouter, File, HTTPException, UploadFile

from telcoradar.jobs.pipeline import IngestResult, ingest_bytes
from telcoradar.store import Store
from telcoradar.web.deps import RequireAnalyst, StateDep
from telcoradar.web.errors import ERROR_RESPONSES
from telcoradar.web.schemas import IngestOut

router = APIRouter(prefix="/api", tags=["ingest"], responses=ERROR_RESPONSES)


def upload_uri(filename: str | None) -> str:
    """`upload:NAME`: the same name uploaded again is a new capture of the same document."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name.strip()
    return f"upload:{name[:200] or 'document'}"


def ingest_upload(
    store: Store, data: bytes, filename: str | None, content_type: str | None, limit: int
) -> IngestResult:
    if len(data) > limit:
        raise HTTPException(413, f"{filename or 'upload'}: larger than the limit of {limit} bytes")
    if not data:
        raise HTTPException(400, f"{filename or 'upload'}: empty file")
    declared = None if content_type in (None, "", "application/octet-stream") else content_type
    return ingest_bytes(store, data, upload_uri(filename), content_type=declared, max_bytes=limit)


@router.post("/ingest", response_model=IngestOut, status_code=201, summary="Upload a document and extract it")
async def ingest(file: Annotated[UploadFile, File()], state: StateDep, _caller: RequireAnalyst) -> IngestOut:
    from starlette.concurrency import run_in_threadpool

    data = await file.read(state.config.max_upload + 1)
    result = await run_in_threadpool(
        ingest_upload, state.store, data, file.filename, file.content_type, state.config.max_upload
    )
    return IngestOut(
        uri=result.uri,
        snapshot_id=result.snapshot_id,
        new=result.new,
        plans=result.plans,
        events=result.events,
        figures=result.figures,
    )
