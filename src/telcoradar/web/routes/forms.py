"""The dashboard's forms: log in and out, add, fetch and remove sources, upload, write a briefing.

Every POST here checks the form's CSRF field against the session (see
`deps.page_require`); logging in checks it against the anonymous session the
login page started.
"""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from telcoradar.errors import InputError
from telcoradar.store.access import caller_for_token
from telcoradar.store.sources import remove_source
from telcoradar.web.deps import PageAnalyst, StateDep, StoreDep
from telcoradar.web.render import page
from telcoradar.web.routes.briefings import briefing_file
from telcoradar.web.routes.ingest import ingest_upload
from telcoradar.web.routes.sources import add, fetch_now
from telcoradar.web.schemas import SourceIn
from telcoradar.web.session import SessionData, csrf_ok, end_session, open_session

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form(max_length=2000)]


def safe_next(target: str | None) -> str:
    """Only a path on this site: never `//host` or a full URL."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/plans"
    return target


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return page(request, "login.html", None, next=safe_next(next), problem="")


@router.post("/login")
def login(
    request: Request,
    state: StateDep,
    username: Annotated[str, Form(max_length=100)],
    token: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/plans",
) -> Response:
    if not csrf_ok(state.sessions.load(request), csrf):
        raise HTTPException(403, "the login form expired; reload the page")
    with state.store.read() as session:
        caller = caller_for_token(session, token.strip())
    if caller is None or not hmac.compare_digest(caller.name.encode(), username.strip().encode()):
        return page(request, "login.html", None, status_code=401, next=safe_next(next), problem="bad")
    with state.store.write() as session:
        session_id, secret = open_session(session, caller, state.config.session_hours)
    response = RedirectResponse(safe_next(next), status_code=303)
    # A new CSRF secret at login: a token planted before login is worth nothing after it.
    data = SessionData(
        csrf=_fresh(),
        user_id=caller.user_id,
        token_id=caller.token_id,
        session_id=session_id,
        secret=secret,
        role=caller.role,
    )
    state.sessions.save(response, data)
    return response


def _fresh() -> str:
    import secrets

    return secrets.token_urlsafe(24)


@router.post("/logout")
def logout(request: Request, state: StateDep, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    data = state.sessions.load(request)
    if not csrf_ok(data, csrf):
        raise HTTPException(403, "the form's CSRF token does not match the session; reload the page")
    with state.store.write() as session:
        end_session(session, data)
    response = RedirectResponse("/login", status_code=303)
    state.sessions.clear(response)
    return response


@router.post("/sources")
def add_source_form(
    store: StoreDep,
    _caller: PageAnalyst,
    uri: Field,
    name: Annotated[str, Form(max_length=200)] = "",
    operator: Annotated[str, Form(max_length=64)] = "",
    every: Annotated[str, Form(max_length=12)] = "1d",
) -> Response:
    if len(uri) < 8:
        raise InputError(uri, "not a URL")
    add(store, SourceIn(uri=uri, name=name or None, operator=operator or None, every=every or "1d"))
    return RedirectResponse("/sources", status_code=303)


@router.post("/sources/{source_id}/remove")
def remove_source_form(source_id: int, store: StoreDep, _caller: PageAnalyst) -> Response:
    with store.write() as session:
        remove_source(session, source_id)
    return RedirectResponse("/sources", status_code=303)


@router.post("/sources/{source_id}/fetch")
def fetch_source_form(source_id: int, state: StateDep, _caller: PageAnalyst) -> Response:
    fetch_now(state, source_id)
    return RedirectResponse("/sources", status_code=303)


@router.post("/upload")
async def upload_form(state: StateDep, _caller: PageAnalyst, file: Annotated[UploadFile, File()]) -> Response:
    data = await file.read(state.config.max_upload + 1)
    result = await run_in_threadpool(
        ingest_upload, state.store, data, file.filename, file.content_type, state.config.max_upload
    )
    return RedirectResponse(f"/snapshots/{result.snapshot_id}", status_code=303)


@router.post("/briefing")
def briefing_form(
    store: StoreDep,
    _caller: PageAnalyst,
    lang: Annotated[str, Form(pattern="^(zh|en)$")] = "zh",
    since: Annotated[str, Form(max_length=10)] = "",
    fmt: Annotated[str, Form(alias="format", pattern="^(html|md)$")] = "html",
) -> Response:
    try:
        day = dt.date.fromisoformat(since) if since else None
    except ValueError:
        raise InputError(since, "not a date (YYYY-MM-DD)") from None
    return briefing_file(store, lang=lang, since=day, fmt=fmt)
