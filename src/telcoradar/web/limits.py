"""Request bodies are size-limited: by Content-Length up front, and by counting while they stream."""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UPLOAD_PATHS = ("/api/ingest", "/upload")
MULTIPART_SLACK = 64 * 1024  # form fields and boundaries around an uploaded file


class TooLarge(HTTPException):
    """Raised while a body streams in: the routes' body parsing passes HTTP errors through."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")


class BodyLimit:
    """ASGI middleware: 413 with a JSON detail when a body is larger than its path allows."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit():
                    await _reply(send, 400, "Content-Length is not a number")
                    return
                if int(value) > limit:
                    await _reply(send, 413, f"request body larger than {limit} bytes")
                    return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except TooLarge:
            if not started:
                await _reply(send, 413, f"request body larger than {limit} bytes")


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def limit_for(max_body: int, max_upload: int) -> Callable[[str], int]:
    def pick(path: str) -> int:
        return max_upload + MULTIPART_SLACK if path in UPLOAD_PATHS else max_body

    return pick
