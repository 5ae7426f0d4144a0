"""The briefing laid out: HTML, Markdown or PDF, in Chinese or English, from the facts it is handed.

`build_briefing(inputs, lang)` decides what to say and `write_briefing`
lays it out; `jobs.briefing` gathers the inputs from the store.
"""

from __future__ import annotations

from telcoradar.report.blocks import BriefingInputs
from telcoradar.report.briefing import Briefing, build_briefing
from telcoradar.report.render import render_html, render_markdown, render_pdf, write_briefing

__all__ = [
    "Briefing",
    "BriefingInputs",
    "build_briefing",
    "render_html",
    "render_markdown",
    "render_pdf",
    "write_briefing",
]
