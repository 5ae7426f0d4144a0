"""The web app's settings: limits, the cookie secret, and whether private addresses may be fetched."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from telcoradar.config import Settings

MIB = 1024 * 1024


@dataclass(frozen=True)
class WebConfig:
    database_url: str
    secret: str = field(repr=False)
    max_body: int = MIB  # any request body but an upload
    max_upload: int = 20 * MIB  # an uploaded document
    allow_private: bool = False  # fetch private, loopback and link-local addresses
    secure_cookies: bool = False  # set the Secure flag (behind HTTPS)
    session_hours: int = 12

    @classmethod
    def from_env(cls, database_url: str | None = None, secret: str | None = None) -> WebConfig:
        """Settings from TELCORADAR_* variables; a random cookie secret when none is given.

        With a random secret, sessions end when the process does; set
        TELCORADAR_SECRET to keep them across restarts and workers.
        """
        env = os.environ
        settings = Settings.from_env()
        return cls(
            database_url=database_url or settings.database_url,
            secret=secret or env.get("TELCORADAR_SECRET") or secrets.token_urlsafe(32),
            max_upload=settings.max_bytes,
            allow_private=env.get("TELCORADAR_ALLOW_PRIVATE", "").lower() in ("1", "true", "yes"),
            secure_cookies=env.get("TELCORADAR_SECURE_COOKIES", "").lower() in ("1", "true", "yes"),
        )
