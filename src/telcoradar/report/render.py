"""Lay a `Briefing` out as one self-contained HTML file, Markdown, or PDF.

Templates run with autoescape on: quotes come from untrusted sources. The HTML
carries its styles and SVG charts inline and links to nothing outside itself,
so it opens offline. PDF goes through WeasyPrint, an optional extra; without
it (or its system libraries) the error says what to install in one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from telcoradar.errors import ConfigError
from telcoradar.report.briefing import Briefing
from telcoradar.report.i18n import translator

TEMPLATES = Path(__file__).with_name("templates")
PDF_HELP = (
    "PDF output needs WeasyPrint and its libraries: "
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk; pip install 'telcoradar[pdf]'"
)
FORMATS = (".html", ".md", ".pdf")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def md_escape(value: object) -> str:
    """Text safe inside a Markdown table cell or list item: no markup, no raw HTML, one line."""
    raw = str(value)
    text = " ".join(raw.split())
    if raw and not text:
        return " "
    if text and raw[:1].isspace():  # "from " before a link keeps its space: "from [¥80](#ev-1) to"
        text = " " + text
    if text and raw[-1:].isspace():
        text += " "
    return _MD_SPECIAL.sub(r"\\\1", text)


@lru_cache(maxsize=2)
def environment(markdown: bool = False) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=False if markdown else select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    return env


def _render(template: str, briefing: Briefing, markdown: bool = False) -> str:
    gettext: Callable[[str], str] = translator(briefing.lang)
    env = environment(markdown)
    return env.get_template(template).render(
        b=briefing,
        _=gettext,
        css=(TEMPLATES / "briefing.css").read_text(encoding="utf-8"),
        html_lang="zh-CN" if briefing.lang == "zh" else "en",
    )


def render_html(briefing: Briefing) -> str:
    return _render("briefing.html.j2", briefing)


def render_markdown(briefing: Briefing) -> str:
    text = _render("briefing.md.j2", briefing, markdown=True)
    return re.sub(r"\n{3,}", "\n\n", text)


def render_pdf(briefing: Briefing) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise ConfigError(PDF_HELP) from exc
    try:
        return bytes(HTML(string=render_html(briefing)).write_pdf())
    except OSError as exc:  # a library found at import time but unusable at run time
        raise ConfigError(PDF_HELP) from exc


def write_briefing(briefing: Briefing, path: str | Path) -> Path:
    """Write the briefing in the format its suffix names (.html, .md or .pdf), all or nothing."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(f"{out}: unknown briefing format (use {', '.join(FORMATS)})")
    data: bytes
    if suffix == ".pdf":
        data = render_pdf(briefing)
    elif suffix == ".md":
        data = render_markdown(briefing).encode("utf-8")
    else:
        data = render_html(briefing).encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    partial.write_bytes(data)
    partial.replace(out)
    return out
