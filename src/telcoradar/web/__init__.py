"""The web face: a REST API (OpenAPI at /openapi.json), token auth with roles, and dashboard pages.

`create_app(database_url)` returns the FastAPI app; `telcoradar serve` runs it
with uvicorn. Routes are thin: they call `store`, `analysis`, `jobs` and
`report`, and hold no business logic of their own.
"""

from telcoradar.web.app import create_app

__all__ = ["create_app"]
