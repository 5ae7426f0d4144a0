"""The FastAPI app: the store, the routers, the body limit, the error handlers, the pages.

`create_app(database_url, secret=...)` opens the store (creating it at the
newest schema when new) and wires everything; nothing here decides anything
about tariffs, which is the work of the packages below.

FastAPI's own /docs page loads its scripts from a CDN, so it is turned off:
/docs is a page of this app listing the operations from the OpenAPI
document, and /openapi.json serves that document, both behind a login.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from telcoradar import __version__
from telcoradar.store import open_store
from telcoradar.web import errors
from telcoradar.web.config import WebConfig
from telcoradar.web.deps import AppState, api_caller
from telcoradar.web.limits import BodyLimit, limit_for
from telcoradar.web.render import templates
from telcoradar.web.routes import (
    alerts,
    analysis,
    briefings,
    events,
    figures,
    forms,
    ingest,
    pages,
    plans,
    review,
    review_pages,
    snapshots,
    sources,
    users,
)
from telcoradar.web.schemas import Health
from telcoradar.web.session import Sessions

if TYPE_CHECKING:
    from telcoradar.sources import Fetcher

HERE = Path(__file__).parent
DESCRIPTION = (
    "Tariffs, competitor moves and market figures, each with the quote it came from. "
    "Every operation but /health needs `Authorization: Bearer <token>` "
    "(`telcoradar tokens create NAME`). Roles: viewer reads; analyst also adds sources, "
    "uploads documents, writes briefings and decides on the review queue; admin also manages users."
)


def create_app(
    database_url: str | None = None,
    *,
    secret: str | None = None,
    config: WebConfig | None = None,
    fetcher: Callable[[], Fetcher] | None = None,
) -> FastAPI:
    """The web app over the store at `database_url` (default: TELCORADAR_DATABASE_URL)."""
    config = config or WebConfig.from_env(database_url, secret)
    store = open_store(config.database_url)

    def default_fetcher() -> Fetcher:
        from telcoradar.sources import Fetcher

        return Fetcher(allow_private=config.allow_private, max_bytes=config.max_upload)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="telcoradar",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.telcoradar = AppState(
        store=store,
        config=config,
        sessions=Sessions(config.secret, config.session_hours, config.secure_cookies),
        templates=templates(),
        fetcher=fetcher or default_fetcher,
    )
    errors.install(app)
    pages.install_login_redirect(app)
    app.add_middleware(BodyLimit, limit_for=limit_for(config.max_body, config.max_upload))

    @app.get("/health", response_model=Health, tags=["health"], summary="Liveness (no token needed)")
    def health() -> Health:
        return Health(status="ok")

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(api_caller)])
    def openapi() -> dict[str, Any]:
        return app.openapi()

    api = (plans, sources, snapshots, ingest, events, figures, analysis, briefings, alerts, review, users)
    for module in api:
        app.include_router(module.router)
    app.include_router(forms.router)
    app.include_router(review_pages.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
