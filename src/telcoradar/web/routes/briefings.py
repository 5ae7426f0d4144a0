"""Briefings: gathered from the store, built and rendered on request, returned as a download."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from telcoradar.store import Store
from telcoradar.web.deps import RequireAnalyst, StoreDep
from telcoradar.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", tags=["briefings"], responses=ERROR_RESPONSES)
MEDIA = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}


def briefing_file(store: Store, *, lang: str, since: dt.date | None, fmt: str) -> Response:
    from telcoradar.jobs.briefing import gather
    from telcoradar.report import build_briefing, render_html, render_markdown

    briefing = build_briefing(gather(store, since), lang)
    text = render_html(briefing) if fmt == "html" else render_markdown(briefing)
    day = (briefing.as_of or dt.date.today()).isoformat()
    headers = {
        "Content-Disposition": f'attachment; filename="briefing-{day}-{lang}.{fmt}"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(text, media_type=MEDIA[fmt], headers=headers)


@router.post(
    "/briefings",
    response_class=Response,
    summary="Write a briefing (HTML or Markdown) and download it",
    responses={200: {"content": {MEDIA["html"]: {}, MEDIA["md"]: {}}, "description": "The briefing"}},
)
def new_briefing(
    store: StoreDep,
    _caller: RequireAnalyst,
    lang: Annotated[str, Query(pattern="^(zh|en)$")] = "zh",
    since: Annotated[dt.date | None, Query(description="Report moves from this day on")] = None,
    fmt: Annotated[str, Query(alias="format", pattern="^(html|md)$")] = "html",
) -> Response:
    return briefing_file(store, lang=lang, since=since, fmt=fmt)
