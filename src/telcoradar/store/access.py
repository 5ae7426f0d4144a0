"""Users, roles and API tokens: who may read, who may change, who may manage users.

A token is `tr_` followed by 32 random bytes (URL-safe base64); it is shown
once, when created, and only its SHA-256 digest is stored. Looking a token
up is one indexed query on that digest; the web app keeps the tokens it has
verified for a few seconds (a `Verified`), forgotten at once when a token is
revoked or a user changed in that process, and within those seconds when it
is done by another process.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, event, select
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


class Verified:
    """Callers of recently verified tokens, by key, for at most `seconds`, the newest `size` of them."""

    def __init__(self, seconds: float = 5.0, size: int = 1024) -> None:
        self.seconds = seconds
        self.size = size
        self.clock = time.monotonic
        self._callers: OrderedDict[Hashable, tuple[float, Caller]] = OrderedDict()
        self._lock = threading.Lock()
        _EVERY.add(self)

    def get(self, key: Hashable) -> Caller | None:
        with self._lock:
            hit = self._callers.get(key)
            if hit is None:
                return None
            if self.clock() - hit[0] >= self.seconds:
                del self._callers[key]
                return None
            self._callers.move_to_end(key)
            return hit[1]

    def put(self, key: Hashable, caller: Caller) -> None:
        with self._lock:
            self._callers[key] = (self.clock(), caller)
            self._callers.move_to_end(key)
            while len(self._callers) > self.size:
                self._callers.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._callers.clear()


_EVERY: weakref.WeakSet[Verified] = weakref.WeakSet()


def forget_verified(session: Session) -> None:
    """Forget every verified token now and again once `session` commits (none re-verified in between)."""

    def forget(_session: Session | None = None) -> None:
        for verified in list(_EVERY):
            verified.clear()

    forget()
    event.listen(session, "after_commit", forget, once=True)


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
    forget_verified(session)
    return row


def remove_user(session: Session, name: str) -> bool:
    row = get_user(session, name)
    if row is None:
        return False
    session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == row.id))
    session.delete(row)
    session.flush()
    forget_verified(session)
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
    forget_verified(session)
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
