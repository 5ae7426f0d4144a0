"""The dashboard's charts: the briefing's SVG charts (report/charts.py), fed from API models."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from telcoradar.model import Event
from telcoradar.web.analysis import OptionOut


def _context(lang: str):  # type: ignore[no-untyped-def]
    from telcoradar.report.blocks import Context
    from telcoradar.report.evidence import EvidenceBook
    from telcoradar.report.i18n import translator

    return Context(lang=lang, book=EvidenceBook(), _=translator(lang))


def basket_chart(lang: str, title: str, options: Sequence[OptionOut]) -> str:
    """Bars of the cheapest cost each operator reaches (SVG; text kept as text)."""
    from telcoradar.report import charts

    ctx = _context(lang)
    costs = [(title, ctx.operator(o.operator), Decimal(str(o.cost))) for o in options if o.currency == "CNY"]
    return charts.baskets(ctx, costs) if costs else ""


def timeline_chart(lang: str, events: Sequence[Event]) -> str:
    from telcoradar.report import charts

    return charts.timeline(_context(lang), events)
