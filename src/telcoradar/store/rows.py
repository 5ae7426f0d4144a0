"""Plain dicts of stored rows, for tables and JSON in the faces."""

from __future__ import annotations

import datetime as dt
from typing import Any

from telcoradar.store.schema import EventRow, FigureRow, PlanVersionRow


def instant(value: str | dt.date | dt.datetime) -> dt.datetime:
    """A moment from a date or datetime: a bare date means the end of that day (UTC)."""
    if isinstance(value, str):
        timed = "T" in value or " " in value
        value = dt.datetime.fromisoformat(value) if timed else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time.max, tzinfo=dt.UTC)


# The columns a terminal table shows; JSON carries every field.
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


def version_row(version: PlanVersionRow) -> dict[str, Any]:
    return {
        "operator": version.operator,
        "region": version.region or None,
        "name": version.name,
        "period_days": version.period_days,
        "price": version.price,
        "currency": version.currency,
        "recurring": version.recurring,
        "data_gb": version.data_gb,
        "data_unlimited": version.data_unlimited,
        "voice_unlimited": version.voice_unlimited,
        "sms_unlimited": version.sms_unlimited,
        "voice_min": version.voice_min,
        "intl_voice_min": version.intl_voice_min,
        "sms": version.sms,
        "perks": list(version.perks),
        "audience": version.audience,
        "kind": version.kind,
        "repeatable": version.repeatable,
        "per_day": version.per_day,
        "confidence": version.confidence,
        "flags": list(version.flags or []),
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
        "last_seen_at": version.last_seen_at,
    }


def event_row(event: EventRow, mentions: int = 0) -> dict[str, Any]:
    return {
        "date": event.date,
        "date_precision": event.date_precision,
        "operators": list(event.operators),
        "kind": event.kind,
        "domain": event.domain,
        "amount": event.amount,
        "currency": event.currency,
        "counterparties": list(event.counterparties),
        "region": event.region,
        "sentence": event.sentence,
        "mentions": mentions,
    }


def figure_row(figure: FigureRow) -> dict[str, Any]:
    return {
        "measure": figure.measure,
        "value": figure.value,
        "unit": figure.unit,
        "currency": figure.currency,
        "year": figure.year,
        "date": figure.date,
        "forecast": figure.forecast,
        "growth_rate": figure.growth_rate,
        "growth_kind": figure.growth_kind,
        "operator": figure.operator,
        "quote": figure.quote,
    }
