"""Server-side dashboard sessions: rows among the API tokens that only a login cookie can name.

A session's digest is marked `s:` (it can never match a token's SHA-256, so
its secret opens no API call) and its secret lives only in the cookie. The
web's session module signs the cookie; this module keeps the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from telcoradar.store.schema import ApiTokenRow

MARK = "s:"  # digests of server-side sessions; a token's digest is 64 hex digits
SESSION_LABEL = "dashboard session"


def session_digest(secret: str) -> str:
    return MARK + hashlib.sha256(secret.encode("utf-8")).hexdigest()[: 64 - len(MARK)]


def is_session(digest: str) -> bool:
    """Whether a digest of the tokens table is a dashboard session's rather than an API token's."""
    return digest.startswith(MARK)


def open_login(db: Session, user_id: int, hours: int) -> tuple[int, str]:
    """Store a session for `user_id` and return its id and secret; expired sessions are dropped."""
    now = dt.datetime.now(dt.UTC)
    db.execute(
        delete(ApiTokenRow).where(
            ApiTokenRow.digest.startswith(MARK), ApiTokenRow.created_at < now - dt.timedelta(hours=hours)
        )
    )
    secret = secrets.token_urlsafe(32)
    row = ApiTokenRow(user_id=user_id, digest=session_digest(secret), label=SESSION_LABEL, created_at=now)
    db.add(row)
    db.flush()
    return int(row.id), secret


def login_alive(db: Session, session_id: int, user_id: int | None, secret: str, hours: int) -> bool:
    """Whether the server still holds this session (not logged out, not expired)."""
    row = db.execute(
        select(ApiTokenRow.user_id, ApiTokenRow.digest, ApiTokenRow.created_at).where(
            ApiTokenRow.id == session_id
        )
    ).first()
    if row is None or row.user_id != user_id:
        return False
    if not hmac.compare_digest(row.digest, session_digest(secret)):
        return False
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
    return bool(dt.datetime.now(dt.UTC) - created < dt.timedelta(hours=hours))


def end_login(db: Session, session_id: int, secret: str) -> None:
    """Forget a session: replaying its cookie opens nothing."""
    mine = (ApiTokenRow.id == session_id) & (ApiTokenRow.digest == session_digest(secret))
    db.execute(delete(ApiTokenRow).where(mine))
