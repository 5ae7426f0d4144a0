"""The dashboard's session: a signed cookie (itsdangerous) holding the user, the token and a CSRF secret.

The cookie is HttpOnly and SameSite=Lax, and expires after `session_hours`.
Logging in takes a user name and one of that user's API tokens as the
password, so there is one kind of credential to create and revoke: revoking
the token ends every session opened with it. Each session carries a random
CSRF token that every dashboard form sends back in a hidden field; a POST
whose field does not match the session's is refused (403).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE = "telcoradar_session"


@dataclass(frozen=True)
class SessionData:
    csrf: str
    user_id: int | None = None
    token_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"csrf": self.csrf, "uid": self.user_id, "tid": self.token_id}


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
        uid, tid = data.get("uid"), data.get("tid")
        return SessionData(
            data["csrf"], uid if isinstance(uid, int) else None, tid if isinstance(tid, int) else None
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


def csrf_ok(data: SessionData | None, sent: str | None) -> bool:
    return data is not None and bool(sent) and hmac.compare_digest(data.csrf, sent or "")
