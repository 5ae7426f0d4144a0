"""Typed dependencies: the store, the caller (by Bearer token or by session), and role checks.

The API (`/api/...`) takes only `Authorization: Bearer <token>`; dashboard
pages take only the session cookie, so a page's form can never be replayed
against the API by another site, and API clients never need cookies.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.templating import Jinja2Templates

from telcoradar.store import Store
from telcoradar.store.access import Caller, Verified, caller_for_session, caller_for_token, token_digest
from telcoradar.store.plan_pages import Memo
from telcoradar.web.config import WebConfig
from telcoradar.web.session import Sessions, csrf_ok, session_alive

if TYPE_CHECKING:
    from telcoradar.sources import Fetcher


@dataclass
class AppState:
    store: Store
    config: WebConfig
    sessions: Sessions
    templates: Jinja2Templates
    fetcher: Callable[[], Fetcher]
    memo: Memo = field(default_factory=Memo)
    verified: Verified = field(default_factory=Verified)


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.telcoradar
    return state


# Async because they only read an attribute: sync dependencies cost a trip to the thread pool each.
async def get_state(request: Request) -> AppState:
    return state_of(request)


async def get_store(request: Request) -> Store:
    return state_of(request).store


StateDep = Annotated[AppState, Depends(get_state)]
StoreDep = Annotated[Store, Depends(get_store)]
bearer = HTTPBearer(auto_error=False, description="An API token: `telcoradar tokens create NAME`")


async def api_caller(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Caller:
    """The token's user: one indexed lookup, run on the event loop (a thread hop costs more than it),
    then kept for a few seconds (`AppState.verified`: revoking in this process forgets it at once)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "a Bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    state = state_of(request)
    key = token_digest(credentials.credentials)
    caller = state.verified.get(key)
    if caller is not None:
        return caller
    with state.store.read() as session:
        caller = caller_for_token(session, credentials.credentials)
    if caller is None:
        raise HTTPException(401, "unknown or revoked token", headers={"WWW-Authenticate": "Bearer"})
    state.verified.put(key, caller)
    return caller


def require(role: str) -> Callable[[Caller], Awaitable[Caller]]:
    async def check(caller: Annotated[Caller, Depends(api_caller)]) -> Caller:
        if not caller.may(role):
            raise HTTPException(403, f"{caller.name} is a {caller.role}; this needs the {role} role")
        return caller

    return check


CurrentUser = Annotated[Caller, Depends(api_caller)]
RequireAnalyst = Annotated[Caller, Depends(require("analyst"))]
RequireAdmin = Annotated[Caller, Depends(require("admin"))]


class LoginRequired(Exception):
    """A page asked for without a valid session: the handler redirects to /login."""


def page_caller(request: Request) -> Caller:
    state = state_of(request)
    data = state.sessions.load(request)
    if data is None or data.user_id is None or data.token_id is None:
        raise LoginRequired
    with state.store.read() as session:
        caller = caller_for_session(session, data.user_id, data.token_id)
        alive = caller is not None and session_alive(session, data, state.config.session_hours)
    if caller is None or not alive or caller.role != data.role:
        raise LoginRequired  # logged out, token revoked, user removed, role changed, or expired
    request.state.csrf = data.csrf
    return caller


def page_require(role: str) -> Callable[..., Any]:
    """A page that changes something: the role, and the form's CSRF field matching the session's."""

    async def check(request: Request, caller: Annotated[Caller, Depends(page_caller)]) -> Caller:
        form = await request.form()
        sent = form.get("csrf")
        if not csrf_ok(state_of(request).sessions.load(request), sent if isinstance(sent, str) else None):
            raise HTTPException(403, "the form's CSRF token does not match the session; reload the page")
        if not caller.may(role):
            raise HTTPException(403, f"{caller.name} is a {caller.role}; this needs the {role} role")
        return caller

    return check


PageUser = Annotated[Caller, Depends(page_caller)]
PageAnalyst = Annotated[Caller, Depends(page_require("analyst"))]
PageAdmin = Annotated[Caller, Depends(page_require("admin"))]
