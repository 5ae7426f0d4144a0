"""Where alerts go: a webhook (JSON POST signed with HMAC-SHA256, retried) or an e-mail (SMTP).

`NOTIFIERS` maps a channel name to its sender; each takes the rule's target,
its secret, a subject, a text body and a JSON payload, and raises
`DeliveryError` with a one-line reason when the message could not be handed
over.

A webhook is an address someone typed, so it passes the same guard as a
fetched page (`sources.guard`): the name is resolved, every address checked,
the socket connects to the checked address, and every redirect is checked
again before it is followed. `notifiers(guard)` binds the senders to a guard
(private addresses only with `--allow-private`; metadata addresses never).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from functools import partial

import httpx
from tenacity import RetryError, retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from telcoradar.report.alerts import Message
from telcoradar.sources.guard import FetchError, Guard, Refused
from telcoradar.sources.transport import PinnedTransport

SIGNATURE_HEADER = "X-Telcoradar-Signature"
ATTEMPTS = 3
MAX_REDIRECTS = 5


class DeliveryError(Exception):
    """A message could not be handed over; the text says why in one line."""


class _Retryable(Exception):
    pass


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


def email_problem(address: str) -> str | None:
    """Why `address` is not one plain e-mail address (name@domain), or None when it is."""
    if any(ord(c) < 32 or ord(c) == 127 for c in address):
        return "an e-mail address cannot hold control characters or line breaks"
    if any(c in address for c in ' ,;<>"\\') or address.count("@") != 1:
        return "not one e-mail address (name@domain)"
    try:
        parsed = Address(addr_spec=address)
    except (ValueError, IndexError) as exc:
        return f"not an e-mail address ({str(exc).splitlines()[0] if str(exc) else 'unreadable'})"
    if not parsed.username or "." not in parsed.domain.strip("."):
        return "not an e-mail address (name@domain)"
    return None


def webhook_problem(url: str, guard: Guard) -> str | None:
    """Why `url` may not receive alerts (scheme, credentials, a private or metadata address), or None.

    A name that does not resolve now is let through: it is checked again on every delivery.
    """
    try:
        guard.check_url(url)
    except FetchError as exc:
        if exc.problem.startswith("cannot resolve"):
            return None
        return exc.problem
    return None


def _guarded_post(
    http: httpx.Client, guard: Guard, url: str, body: bytes, headers: dict[str, str]
) -> httpx.Response:
    """POST to `url`, following redirects by hand, each target checked by the guard first."""
    try:
        guard.check_url(url)
    except FetchError as exc:
        raise DeliveryError(f"{url}: {exc.problem}") from None
    request = http.build_request("POST", url, content=body, headers=headers)
    for _ in range(MAX_REDIRECTS + 1):
        try:
            response = http.send(request)
        except Refused as exc:  # the name resolved differently when connecting
            raise DeliveryError(f"{url}: refused: {exc}") from None
        following = response.next_request if response.is_redirect else None
        if following is None:
            return response
        try:
            guard.check_url(following.url)
        except FetchError as exc:
            raise DeliveryError(f"{url}: redirected to {following.url}: {exc.problem}") from None
        request = following
    raise DeliveryError(f"{url}: too many redirects (more than {MAX_REDIRECTS})")


def send_webhook(
    url: str,
    secret: str | None,
    message: Message,
    *,
    guard: Guard | None = None,
    client: httpx.Client | None = None,
    attempts: int = ATTEMPTS,
    wait: float = 0.5,
) -> int:
    """POST the payload as JSON; retried on network errors and 5xx answers. Returns the status code.

    `guard` decides which addresses may be reached (default: public ones only); without a
    `client`, the connection goes to the very address the guard checked.
    """
    guard = guard or Guard()
    body = json.dumps(message.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "telcoradar-alerts"}
    if secret:
        headers[SIGNATURE_HEADER] = signature(secret, body)
    own = client is None
    http = client or httpx.Client(
        transport=PinnedTransport(guard), timeout=10.0, follow_redirects=False, trust_env=False
    )

    @retry(
        stop=stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=wait, max=8),
        retry=retry_if_exception_type(_Retryable),
        reraise=False,
    )
    def post() -> int:
        try:
            response = _guarded_post(http, guard, url, body, headers)
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
    problem = email_problem(address)
    if problem is not None:
        raise DeliveryError(f"{address!r}: {problem}")
    settings = smtp or SmtpSettings.from_env()
    mail = EmailMessage()
    try:
        mail["From"] = settings.sender
        mail["To"] = address
        mail["Subject"] = " ".join(message.subject.split())
    except (ValueError, TypeError) as exc:
        raise DeliveryError(f"{address!r}: cannot write the message header ({exc})") from None
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


def notifiers(guard: Guard) -> dict[str, Notifier]:
    """The senders, webhooks bound to `guard`."""
    return {"webhook": partial(send_webhook, guard=guard), "email": send_email}
