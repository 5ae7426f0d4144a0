"""Rich tables for the command line: how the CLI shows records to a person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table

from telcoradar.model import Event, Extraction, Figure, Plan

# The columns a terminal table shows of each record; JSON carries every field.
PLAN_COLUMNS = (
    "operator",
    "region",
    "name",
    "kind",
    "period_days",
    "price",
    "currency",
    "data_gb",
    "valid_from",
    "valid_to",
)
EVENT_COLUMNS = ("date", "operators", "kind", "domain", "amount", "sentence", "mentions")
FIGURE_COLUMNS = ("measure", "value", "unit", "year", "forecast", "growth_rate", "operator")


def narrow(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows cut to `columns`, dates shown to the minute."""

    def cell(value: Any) -> Any:
        return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value

    return [{column: cell(row[column]) for column in columns} for row in rows]


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{value:,.0f}"
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    out = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        out.add_column(column, overflow="fold")
    for row in rows:
        out.add_row(*(fmt(v) for v in row))
    return out


def per(plan: Plan) -> str:
    """How often a recurring price is paid: '/month', '/day', '/7 days'."""
    if not plan.recurring:
        return ""
    return {30: "/month", 1: "/day", 7: "/week"}.get(plan.period_days or 30, f"/{plan.period_days} days")


def plans_table(plans: Sequence[Plan], title: str = "Plans") -> Table:
    return table(
        f"{title} ({len(plans)})",
        ["operator", "region", "name", "price", "days", "data GB", "min", "intl min", "SMS", "perks"],
        (
            [
                p.operator,
                p.region,
                p.name,
                f"{fmt(p.price)} {p.currency}{per(p)}",
                p.period_days,
                "unlimited" if p.data_unlimited else p.data_gb,
                p.voice_min,
                p.intl_voice_min,
                p.sms,
                p.perks,
            ]
            for p in plans
        ),
    )


def events_table(events: Sequence[Event], title: str = "Moves") -> Table:
    return table(
        f"{title} ({len(events)})",
        ["date", "operators", "kind", "domain", "amount", "sentence"],
        (
            [
                e.date,
                e.operators,
                e.kind,
                e.domain,
                None if e.amount is None else f"{fmt(e.amount)} {e.currency or ''}",
                e.sentence[:120],
            ]
            for e in events
        ),
    )


def figures_table(figures: Sequence[Figure], title: str = "Market figures") -> Table:
    return table(
        f"{title} ({len(figures)})",
        ["measure", "value", "unit", "year", "forecast", "growth %"],
        ([f.measure, f.value, f.unit, f.year, f.forecast, f.growth_rate] for f in figures),
    )


def print_extraction(console: Console, extraction: Extraction) -> None:
    doc = extraction.document
    console.print(f"[bold]{doc.title or doc.source}[/bold]  ({doc.content_type}, {doc.charset})")
    console.print(plans_table(extraction.plans))
    console.print(events_table(extraction.events))
    console.print(figures_table(extraction.figures))
