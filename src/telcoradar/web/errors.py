"""Every error is JSON `{"detail": "one line"}` with its status; dashboard pages get a small HTML page."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from telcoradar.errors import ConfigError, InputError


class ErrorOut(BaseModel):
    detail: str


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (400, "The input could not be used"),
        (401, "No valid token"),
        (403, "The token's role may not do this"),
        (404, "Not found"),
        (413, "Request body too large"),
        (422, "A parameter is missing or malformed"),
    )
}


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path in ("/health", "/openapi.json"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _reply(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    if wants_html(request):
        from telcoradar.web.render import error_page

        return error_page(request, status, detail)
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def validation_detail(exc: RequestValidationError) -> str:
    """The first problem as one line: where, and what is wrong."""
    problems = []
    for error in exc.errors()[:3]:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path"))
        problems.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(problems) or "invalid request"


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return _reply(request, exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _reply(request, 422, validation_detail(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return _reply(request, 400, str(exc))

    @app.exception_handler(ConfigError)
    async def misconfigured(request: Request, exc: ConfigError) -> Response:
        return _reply(request, 400, str(exc))
