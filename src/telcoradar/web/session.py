"""The dashboard's session: a signed cookie (itsdangerous) and a row on the server that it must match.

The cookie is HttpOnly and SameSite=Lax, and expires after `session_hours`.
Logging in takes a user name and one of that user's API tokens as the
password, so there is one kind of credential to create and revoke. Each
session carries a random CSRF token that every dashboard form sends back in
a hidden field; a POST whose field does not match the session's is refused
(403).

A signed cookie alone would stay valid until it expires, even after logout.
So logging in also stores a server-side session: a row among the API tokens
(`store.logins`) whose digest is marked `s:` (it can never match a token's
SHA-256, so its secret opens no API call) and whose secret only the cookie
holds. A page is served only while that row exists, the token the session
was opened with still exists, and the user's role is the one they logged in
with: logging out (`end_session`), revoking the token, removing the user or
changing their role ends the session on the server, whatever copy of the
cookie is replayed.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from telcoradar.store.access import Caller
from telcoradar.store.logins import end_login, login_alive, open_login

COOKIE = "telcoradar_session"


@dataclass(frozen=True)
class SessionData:
    csrf: str
    user_id: int | None = None
    token_id: int | None = None
    session_id: int | None = None  # the server-side row
    secret: str | None = None  # what the row's digest is made from
    role: str | None = None  # the role at login

    def as_dict(self) -> dict[str, Any]:
        return {
            "csrf": self.csrf,
            "uid": self.user_id,
            "tid": self.token_id,
            "sid": self.session_id,
            "key": self.secret,
            "role": self.role,
        }


class Sessions:
    def __init__(self, secret: str, hours: int = 12, secure: bool = False) -> None:
        self.signer = URLSafeTimedSerializer(secret, salt="telcoradar-session")
        self.max_age = hours * 3600
        self.secure = secure

    def load(self, request: Request) -> SessionData | None:
        raw = request.cookies.get(COOKIE)
        if not raw:
            return None
        try:
            data = self.signer.loads(raw, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
            return None

        def number(key: str) -> int | None:
            value = data.get(key)
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        def word(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        return SessionData(
            data["csrf"], number("uid"), number("tid"), number("sid"), word("key"), word("role")
        )

    def ensure(self, request: Request) -> SessionData:
        """The request's session, or a fresh anonymous one (saved with `save`)."""
        return self.load(request) or SessionData(secrets.token_urlsafe(24))

    def save(self, response: Response, data: SessionData) -> None:
        response.set_cookie(
            COOKIE,
            self.signer.dumps(data.as_dict()),
            max_age=self.max_age,
            httponly=True,
            samesite="lax",
            secure=self.secure,
            path="/",
        )

    def clear(self, response: Response) -> None:
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")


def open_session(db: Session, caller: Caller, hours: int) -> tuple[int, str]:
    """Store a session for `caller` and return its id and secret; expired sessions are dropped."""
    return open_login(db, caller.user_id, hours)


def session_alive(db: Session, data: SessionData, hours: int) -> bool:
    """Whether the server still holds the session this cookie names (not logged out, not expired)."""
    if data.session_id is None or not data.secret:
        return False
    return login_alive(db, data.session_id, data.user_id, data.secret, hours)


def end_session(db: Session, data: SessionData | None) -> None:
    """Forget the server-side session of this cookie: replaying the cookie opens nothing."""
    if data is None or data.session_id is None or not data.secret:
        return
    end_login(db, data.session_id, data.secret)


def csrf_ok(data: SessionData | None, sent: str | None) -> bool:
    return data is not None and bool(sent) and hmac.compare_digest(data.csrf, sent or "")
