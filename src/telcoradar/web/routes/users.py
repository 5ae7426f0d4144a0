"""Users and their tokens (admin only), and who the caller is."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import Response

from telcoradar.store import access
from telcoradar.store.logins import is_session
from telcoradar.web.deps import CurrentUser, RequireAdmin, StoreDep
from telcoradar.web.errors import ERROR_RESPONSES
from telcoradar.web.schemas import NewToken, RoleIn, TokenIn, TokenOut, UserIn, UserOut

router = APIRouter(prefix="/api", tags=["users"], responses=ERROR_RESPONSES)
UserName = Annotated[str, Path(min_length=1, max_length=100)]


def user_out(row: object) -> UserOut:
    """A stored user (its id, name, role and creation time) as the API shows it."""
    return UserOut.model_validate(row, from_attributes=True)


@router.get("/me", response_model=UserOut, summary="The caller")
def me(store: StoreDep, caller: CurrentUser) -> UserOut:
    with store.read() as session:
        row = access.get_user(session, caller.name)
        if row is None:
            raise HTTPException(404, "no such user")
        return user_out(row)


@router.get("/users", response_model=list[UserOut], summary="Every user")
def list_users(store: StoreDep, _caller: RequireAdmin) -> list[UserOut]:
    with store.read() as session:
        return [user_out(row) for row in access.list_users(session)]


@router.post("/users", response_model=UserOut, status_code=201, summary="Add a user")
def add_user(body: UserIn, store: StoreDep, _caller: RequireAdmin) -> UserOut:
    with store.write() as session:
        return user_out(access.add_user(session, body.name, body.role))


@router.put("/users/{name}/role", response_model=UserOut, summary="Change a user's role")
def set_role(name: UserName, body: RoleIn, store: StoreDep, caller: RequireAdmin) -> UserOut:
    if name == caller.name and body.role != "admin":
        raise HTTPException(400, "an admin cannot take away their own admin role")
    with store.write() as session:
        if access.get_user(session, name) is None:
            raise HTTPException(404, f"no user {name}")
        return user_out(access.set_role(session, name, body.role))


@router.delete("/users/{name}", status_code=204, response_class=Response, summary="Remove a user and tokens")
def remove_user(name: UserName, store: StoreDep, caller: RequireAdmin) -> Response:
    if name == caller.name:
        raise HTTPException(400, "an admin cannot remove themselves")
    with store.write() as session:
        if not access.remove_user(session, name):
            raise HTTPException(404, f"no user {name}")
    return Response(status_code=204)


@router.get("/users/{name}/tokens", response_model=list[TokenOut], summary="A user's tokens (no secrets)")
def list_tokens(name: UserName, store: StoreDep, _caller: RequireAdmin) -> list[TokenOut]:
    with store.read() as session:
        if access.get_user(session, name) is None:
            raise HTTPException(404, f"no user {name}")
        return [
            TokenOut(id=t.id, user=user, label=t.label, created_at=t.created_at)
            for t, user in access.list_tokens(session, name)
            if not is_session(t.digest)
        ]


@router.post("/users/{name}/tokens", response_model=NewToken, status_code=201, summary="Create a token")
def create_token(name: UserName, body: TokenIn, store: StoreDep, _caller: RequireAdmin) -> NewToken:
    with store.write() as session:
        if access.get_user(session, name) is None:
            raise HTTPException(404, f"no user {name}")
        secret, row = access.create_token(session, name, body.label)
        return NewToken(id=row.id, user=name, label=row.label, created_at=row.created_at, token=secret)


@router.delete("/tokens/{token_id}", status_code=204, response_class=Response, summary="Revoke a token")
def revoke_token(
    token_id: Annotated[int, Path(ge=1, le=2**62)], store: StoreDep, caller: RequireAdmin
) -> Response:
    if token_id == caller.token_id:
        raise HTTPException(400, "this is the token of this request; revoke it with another one")
    with store.write() as session:
        if not access.revoke_token(session, token_id):
            raise HTTPException(404, f"no token {token_id}")
    return Response(status_code=204)
