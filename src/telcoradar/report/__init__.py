"""The briefing: facts from the store laid out as HTML, Markdown or PDF, in Chinese or English.

`write_store_briefing(store, path)` is the whole step; underneath it,
`gather` reads the facts, `build_briefing` decides what to say and
`write_briefing` lays it out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from telcoradar.report.briefing import Briefing, BriefingInputs, build_briefing
from telcoradar.report.render import render_html, render_markdown, render_pdf, write_briefing
from telcoradar.store import Store

__all__ = [
    "Briefing",
    "BriefingInputs",
    "build_briefing",
    "render_html",
    "render_markdown",
    "render_pdf",
    "write_briefing",
    "write_store_briefing",
]


def write_store_briefing(
    store: Store, path: str | Path, *, since: dt.date | None = None, lang: str = "zh"
) -> tuple[Path, Briefing]:
    """Gather the facts from `store`, build the briefing and write it to `path` (.html, .md or .pdf)."""
    from telcoradar.report.gather import gather

    briefing = build_briefing(gather(store, since), lang)
    return write_briefing(briefing, path), briefing
