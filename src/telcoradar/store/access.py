"""Users, roles and API tokens: who may read, who may change, who may manage users.

A token is `tr_` followed by 32 random bytes (URL-safe base64); it is shown
once, when created, and only its SHA-256 digest is stored. Looking a token
up is one indexed query on that digest.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from telcoradar.errors import InputError
from telcoradar.store.schema import ApiTokenRow, UserRow
from telcoradar.store.sql import utc

ROLES = ("viewer", "analyst", "admin")  # each may do all that the one before it may
PREFIX = "tr_"


def role_rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else -1


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(role, f"not a role (choose from {', '.join(ROLES)})")
    return role


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking: the user and the token (None for a session without one)."""

    user_id: int
    name: str
    role: str
    token_id: int | None = None

    def may(self, role: str) -> bool:
        return role_rank(self.role) >= role_rank(role)


def add_user(session: Session, name: str, role: str = "viewer") -> UserRow:
    name = name.strip()
    if not name or len(name) > 100:
        raise InputError(name or "name", "a user name needs 1 to 100 characters")
    check_role(role)
    if get_user(session, name) is not None:
        raise InputError(name, "already a user")
    row = UserRow(name=name, role=role, created_at=utc())
    session.add(row)
    session.flush()
    return row


def get_user(session: Session, name: str) -> UserRow | None:
    return session.scalars(select(UserRow).where(UserRow.name == name)).first()


def list_users(session: Session) -> Sequence[UserRow]:
    return session.scalars(select(UserRow).order_by(UserRow.id)).all()


def set_role(session: Session, name: str, role: str) -> UserRow:
    row = get_user(session, name)
    if row is None:
        raise InputError(name, "no such user")
    row.role = check_role(role)
    session.flush()
    return row


def remove_user(session: Session, name: str) -> bool:
    row = get_user(session, name)
    if row is None:
        return False
    session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == row.id))
    session.delete(row)
    session.flush()
    return True


def create_token(session: Session, name: str, label: str = "") -> tuple[str, ApiTokenRow]:
    """A new token for user `name`: the secret (show it once) and its stored row."""
    user = get_user(session, name)
    if user is None:
        raise InputError(name, "no such user")
    secret = PREFIX + secrets.token_urlsafe(32)
    row = ApiTokenRow(user_id=user.id, digest=token_digest(secret), label=label[:100], created_at=utc())
    session.add(row)
    session.flush()
    return secret, row


def list_tokens(session: Session, name: str | None = None) -> Sequence[tuple[ApiTokenRow, str]]:
    """Tokens (never their secrets) with their user's name, oldest first."""
    query = select(ApiTokenRow, UserRow.name).join(UserRow, UserRow.id == ApiTokenRow.user_id)
    if name is not None:
        query = query.where(UserRow.name == name)
    return [(token, user) for token, user in session.execute(query.order_by(ApiTokenRow.id))]


def revoke_token(session: Session, token_id: int) -> bool:
    done = session.execute(delete(ApiTokenRow).where(ApiTokenRow.id == token_id))
    return bool(getattr(done, "rowcount", 0))


USERS = UserRow.__table__
TOKENS = ApiTokenRow.__table__
CALLER = select(USERS.c.id, USERS.c.name, USERS.c.role, TOKENS.c.id.label("token_id")).join(
    TOKENS, TOKENS.c.user_id == USERS.c.id
)
# Built once: every API request runs one of these.
BY_DIGEST = CALLER.where(TOKENS.c.digest == bindparam("digest"))
BY_SESSION = CALLER.where(USERS.c.id == bindparam("uid"), TOKENS.c.id == bindparam("tid"))


def caller_for_token(session: Session, secret: str) -> Caller | None:
    """The user a token secret belongs to, or None for an unknown or revoked token."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    row = session.connection().execute(BY_DIGEST, {"digest": token_digest(secret)}).first()
    return None if row is None else Caller(row.id, row.name, row.role, row.token_id)


def caller_for_session(session: Session, user_id: int, token_id: int) -> Caller | None:
    """The user behind a dashboard session, as long as the token it logged in with still exists."""
    row = session.connection().execute(BY_SESSION, {"uid": user_id, "tid": token_id}).first()
    return None if row is None else Caller(row.id, row.name, row.role, row.token_id)
