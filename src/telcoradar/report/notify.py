"""Where alerts go: a webhook (JSON POST signed with HMAC-SHA256, retried) or an e-mail (SMTP).

`NOTIFIERS` maps a channel name to its sender; each takes the rule's target,
its secret, a subject, a text body and a JSON payload, and raises
`DeliveryError` with a one-line reason when the message could not be handed
over.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import httpx
from tenacity import RetryError, retry, retry_if_exception_type, stop_after_attempt, wait_exponential

SIGNATURE_HEADER = "X-Telcoradar-Signature"
ATTEMPTS = 3


class DeliveryError(Exception):
    """A message could not be handed over; the text says why in one line."""


class _Retryable(Exception):
    pass


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 25
    sender: str = "telcoradar@localhost"
    timeout: float = 10.0

    @classmethod
    def from_env(cls) -> SmtpSettings:
        return cls(
            host=os.environ.get("TELCORADAR_SMTP_HOST") or "127.0.0.1",
            port=int(os.environ.get("TELCORADAR_SMTP_PORT") or 25),
            sender=os.environ.get("TELCORADAR_SMTP_FROM") or "telcoradar@localhost",
        )


def signature(secret: str, body: bytes) -> str:
    """The value of X-Telcoradar-Signature: "sha256=" and the hex HMAC of the exact body bytes."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def send_webhook(
    url: str,
    secret: str | None,
    message: Message,
    *,
    client: httpx.Client | None = None,
    attempts: int = ATTEMPTS,
    wait: float = 0.5,
) -> int:
    """POST the payload as JSON; retried on network errors and 5xx answers. Returns the status code."""
    body = json.dumps(message.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "telcoradar-alerts"}
    if secret:
        headers[SIGNATURE_HEADER] = signature(secret, body)
    own = client is None
    http = client or httpx.Client(timeout=10.0, follow_redirects=False)

    @retry(
        stop=stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=wait, max=8),
        retry=retry_if_exception_type(_Retryable),
        reraise=False,
    )
    def post() -> int:
        try:
            response = http.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise _Retryable(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code >= 500:
            raise _Retryable(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise DeliveryError(f"{url}: HTTP {response.status_code}")
        return response.status_code

    try:
        return post()
    except RetryError as exc:
        last = exc.last_attempt.exception()
        raise DeliveryError(f"{url}: {last} after {attempts} attempts") from exc
    finally:
        if own:
            http.close()


def send_email(
    address: str, _secret: str | None, message: Message, *, smtp: SmtpSettings | None = None
) -> int:
    """Send a plain-text e-mail to `address` through the SMTP server in `smtp` (or the environment)."""
    settings = smtp or SmtpSettings.from_env()
    mail = EmailMessage()
    mail["From"] = settings.sender
    mail["To"] = address
    mail["Subject"] = message.subject
    mail.set_content(message.text + "\n\n" + json.dumps(message.payload, ensure_ascii=False, indent=2))
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as client:
            refused = client.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"{address}: SMTP {settings.host}:{settings.port}: {exc}") from exc
    if refused:
        raise DeliveryError(f"{address}: refused by {settings.host}:{settings.port}")
    return 250


Notifier = Callable[[str, "str | None", Message], int]
NOTIFIERS: dict[str, Notifier] = {"webhook": send_webhook, "email": send_email}
