"""Pages: the Jinja2 environment (autoescape on: text from sources is untrusted) and its helpers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import Response

from telcoradar.extract.operators import operator_label, region_label
from telcoradar.report.numbers import big
from telcoradar.store.access import Caller
from telcoradar.web.labels import LANGS, audience_label, label, term

TEMPLATES = Path(__file__).with_name("templates")
LANG_COOKIE = "telcoradar_lang"


def amount(value: Any) -> str:
    """A number as people read it: no trailing zeros, no float noise."""
    if value is None:
        return "—"
    if isinstance(value, float):
        value = Decimal(str(round(value, 4)))
    if isinstance(value, Decimal):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text
    return str(value)


def money(value: Any, currency: str | None) -> str:
    """The one way the dashboard shows money: 1,234.5 CNY; unknown is a dash, not zero."""
    if value is None:
        return "—"
    return f"{amount(value)} {currency or ''}".rstrip()


def large_sum(value: Any, currency: str | None, lang: str) -> str:
    """Money counted in the large, as the briefing writes it: 30亿元 (zh), CNY 3 bn (en)."""
    if value is None:
        return "—"
    if not currency:
        return amount(value)
    return big(Decimal(str(value)), currency, lang, currency)


def when(day: dt.date | None, precision: str | None = "day") -> str:
    """A date at its precision: 2025-05-16, 2025-05 or 2025; a dash when there is none."""
    if day is None:
        return "—"
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()


def templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined)
    env.filters["amount"] = amount
    env.filters["money"] = money
    env.filters["when"] = when
    return Jinja2Templates(env=env)


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    kept = request.cookies.get(LANG_COOKIE)
    return kept if kept in LANGS else "zh"


def page(
    request: Request, name: str, caller: Caller | None, status_code: int = 200, **context: Any
) -> Response:
    """Render a template with the language, labels, caller and CSRF token every page uses."""
    from telcoradar.web.deps import state_of

    state = state_of(request)
    lang = lang_of(request)
    data = state.sessions.ensure(request)
    values = {
        "request": request,
        "lang": lang,
        "t": lambda text: label(lang, text),
        "op": lambda operator: operator_label(operator, lang) if operator else "",
        "reg": lambda region: region_label(region, lang) if region else "",
        "aud": lambda audience: audience_label(lang, audience),
        "term": lambda prefix, value, fallback=None: term(lang, prefix, value, fallback),
        "plan_name": lambda plan: plan_name(lang, plan),
        "large_sum": lambda value, currency: large_sum(value, currency, lang),
        "caller": caller,
        "csrf": data.csrf,
        "path": request.url.path,
        "lang_url": lambda code: request.url.path + "?" + urlencode({**request.query_params, "lang": code}),
        **context,
    }
    response = state.templates.TemplateResponse(request, name, values, status_code=status_code)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True)
    if state.sessions.load(request) is None:
        state.sessions.save(response, data)
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def plan_name(lang: str, plan: Any) -> str:
    """A plan's name, or for a plan the source left unnamed: Unnamed plan · 80 CNY · 7 days."""
    if (plan.name or "").strip():
        return str(plan.name)
    days = f"{plan.period_days} {label(lang, 'days')}" if plan.period_days else ""
    bits = (label(lang, "Unnamed plan"), money(plan.price, plan.currency), days)
    return " · ".join(bit for bit in bits if bit)


def error_page(request: Request, status: int, detail: str) -> Response:
    """The error in the page's language, with the navigation when the browser is logged in."""
    from telcoradar.web.deps import page_caller

    try:
        caller = page_caller(request)
    except Exception:  # not logged in, or the store itself is what failed: no navigation
        caller = None
    return page(request, "error.html", caller, status_code=status, status=status, detail=detail)
