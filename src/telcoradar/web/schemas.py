"""The API's request and response models, and the functions that fill them from stored rows.

Numbers are JSON numbers (money is Decimal inside telcoradar and leaves as
a number, as in `telcoradar extract --json`); times are ISO 8601.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from telcoradar.model import to_json

T = TypeVar("T")


def num(value: Decimal | int | float | None) -> float | None:
    if value is None:
        return None
    out = to_json(Decimal(value) if isinstance(value, int) else value)
    return float(out) if not isinstance(out, int) else out


class Page(BaseModel, Generic[T]):
    total: int
    limit: int
    offset: int
    items: list[T]


class EvidenceOut(BaseModel):
    quote: str
    start: int
    end: int
    snapshot_id: int | None = None


class PlanFields(BaseModel):
    key: str = Field(description="Follows one plan across snapshots: GET /api/plans/{key}/history")
    operator: str
    operator_name: str | None
    region: str | None
    name: str
    price: float
    currency: str
    period_days: int | None
    recurring: bool
    data_gb: float | None
    data_unlimited: bool
    voice_unlimited: bool = Field(default=False, description="domestic calls without a cap")
    sms_unlimited: bool = Field(default=False, description="texts without a cap")
    voice_min: int | None
    intl_voice_min: int | None
    sms: int | None
    perks: list[str]
    audience: str | None
    kind: str = Field(default="base", description="base, addon (bought on top of a base plan), trial, auto")
    repeatable: bool = Field(default=True, description="false for a trial or a once-per-customer offer")
    per_day: bool = Field(default=False, description="data_gb (and sms) are daily quotas over the period")
    confidence: float = Field(default=1.0, description="0-1, lowered by each of flags")
    flags: list[str] = Field(default_factory=list)
    review: str = Field(default="pending", description="pending, accepted or corrected by an analyst")
    evidence: EvidenceOut | None


class PlanOut(PlanFields):
    valid_from: dt.datetime
    valid_to: dt.datetime | None = Field(description="null while the plan is on offer")


class ObservedPlan(PlanFields):
    observed_at: dt.datetime


def plan_fields(row: dict[str, Any]) -> dict[str, Any]:
    """A stored plan row as JSON-ready values (the fields of PlanFields)."""
    evidence = None
    if row.get("quote") is not None:
        evidence = {
            "quote": row["quote"],
            "start": row["quote_start"],
            "end": row["quote_end"],
            "snapshot_id": row["snapshot_id"],
        }
    return {
        "key": row["plan_key"],
        "operator": row["operator"],
        "operator_name": row.get("operator_name"),
        "region": row["region"] or None,
        "name": row["name"],
        "price": num(row["price"]) or 0,
        "currency": row["currency"],
        "period_days": row["period_days"],
        "recurring": bool(row["recurring"]),
        "data_gb": num(row["data_gb"]),
        "data_unlimited": bool(row["data_unlimited"]),
        "voice_unlimited": bool(row.get("voice_unlimited")),
        "sms_unlimited": bool(row.get("sms_unlimited")),
        "voice_min": row["voice_min"],
        "intl_voice_min": row["intl_voice_min"],
        "sms": row["sms"],
        "perks": list(row["perks"] or []),
        "audience": row["audience"],
        "kind": row.get("kind") or "base",
        "repeatable": row.get("repeatable") is not False,
        "per_day": bool(row.get("per_day")),
        "confidence": 1.0 if row.get("confidence") is None else float(row["confidence"]),
        "flags": list(row.get("flags") or []),
        "review": row.get("review") or "pending",
        "evidence": evidence,
    }


def plan_out(row: dict[str, Any]) -> PlanOut:
    return PlanOut(**plan_fields(row), valid_from=row["valid_from"], valid_to=row["valid_to"])


def _number(value: Any) -> Any:
    """`num` for a stored Decimal or float, inline: an integral value as an int."""
    if value is None or isinstance(value, int):
        return value
    whole = int(value)
    return whole if whole == value else float(value)


def plan_item(row: tuple[Any, ...]) -> dict[str, Any]:
    """What `plan_out` of a row of `plan_page_rows` (values in the order of plan_pages.NAMES) serializes
    to, times as `isoformat()`, built without the model: the plans list's hot path."""
    (_id, key, operator, region, name, period_days, price, currency, recurring, data_gb, data_unlimited,
     voice_min, intl_voice_min, sms, perks, audience, valid_from, valid_to,
     kind, repeatable, per_day, confidence, flags, voice_unlimited, sms_unlimited, review,
     operator_name, quote, quote_start, quote_end, snapshot_id) = row  # fmt: skip
    return {
        "key": key,
        "operator": operator,
        "operator_name": operator_name,
        "region": region or None,
        "name": name,
        "price": _number(price) or 0,
        "currency": currency,
        "period_days": period_days,
        "recurring": bool(recurring),
        "data_gb": _number(data_gb),
        "data_unlimited": bool(data_unlimited),
        "voice_unlimited": bool(voice_unlimited),
        "sms_unlimited": bool(sms_unlimited),
        "voice_min": voice_min,
        "intl_voice_min": intl_voice_min,
        "sms": sms,
        "perks": list(perks or []),
        "audience": audience,
        "kind": kind,
        "repeatable": bool(repeatable),
        "per_day": bool(per_day),
        "confidence": confidence,
        "flags": list(flags or []),
        "review": review,
        "evidence": None
        if quote is None
        else {"quote": quote, "start": quote_start, "end": quote_end, "snapshot_id": snapshot_id},
        "valid_from": valid_from.isoformat(),
        "valid_to": None if valid_to is None else valid_to.isoformat(),
    }


class Facets(BaseModel):
    operator: list[str]
    region: list[str]
    audience: list[str]


class SourceIn(BaseModel):
    uri: str = Field(min_length=8, max_length=2000, description="An http(s) URL")
    name: str | None = Field(default=None, max_length=200)
    operator: str | None = Field(default=None, max_length=64)
    every: str = Field(default="1d", max_length=12, description="30m, 12h, 1d, 1w")


class SourceOut(BaseModel):
    id: int
    name: str
    uri: str
    kind: str | None
    operator: str | None
    every: str
    enabled: bool
    last_fetched_at: str | None
    last_status: int | None
    last_error: str | None


class FetchOut(BaseModel):
    source_id: int
    state: str = Field(description="new, unchanged or error")
    snapshots: int
    plans: int
    status: int | None
    error: str | None
    summary: str


class SnapshotOut(BaseModel):
    id: int
    uri: str
    seq: int
    source_id: int | None
    sha256: str
    fetched_at: dt.datetime
    title: str
    published: dt.date | None
    content_type: str | None
    charset: str | None
    plan_count: int
    event_count: int
    figure_count: int


class MarkOut(BaseModel):
    kind: str = Field(description="plan, event or figure")
    start: int
    end: int
    label: str


class SnapshotText(BaseModel):
    id: int
    text: str
    marks: list[MarkOut]


class EventOut(BaseModel):
    id: int
    date: dt.date | None
    date_precision: str | None
    operators: list[str]
    kind: str
    domain: str
    amount: float | None
    currency: str | None
    counterparties: list[str]
    region: str | None
    sentence: str
    confidence: float = Field(default=1.0, description="0-1, lowered by each of flags")
    flags: list[str] = Field(default_factory=list)
    review: str = Field(default="pending", description="pending, accepted or corrected by an analyst")
    evidence: EvidenceOut | None


class FigureOut(BaseModel):
    id: int
    measure: str
    value: float
    unit: str
    currency: str | None
    year: int | None
    date: dt.date | None
    forecast: bool
    growth_rate: float | None
    growth_kind: str | None
    operator: str | None
    confidence: float = Field(default=1.0, description="0-1, lowered by each of flags")
    flags: list[str] = Field(default_factory=list)
    review: str = Field(default="pending", description="pending, accepted or corrected by an analyst")
    evidence: EvidenceOut


class SnapshotFacts(BaseModel):
    snapshot: SnapshotOut
    plans: list[ObservedPlan]
    events: list[EventOut]
    figures: list[FigureOut]


class IngestOut(BaseModel):
    uri: str
    snapshot_id: int
    new: bool
    plans: int
    events: int
    figures: int


class UserIn(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[\w.@-]+$")
    role: str = Field(default="viewer", pattern="^(viewer|analyst|admin)$")


class RoleIn(BaseModel):
    role: str = Field(pattern="^(viewer|analyst|admin)$")


class UserOut(BaseModel):
    id: int
    name: str
    role: str
    created_at: dt.datetime


class TokenIn(BaseModel):
    label: str = Field(default="", max_length=100)


class TokenOut(BaseModel):
    id: int
    user: str
    label: str
    created_at: dt.datetime


class NewToken(TokenOut):
    token: str = Field(description="The secret: shown this once, only its SHA-256 is kept")


class Health(BaseModel):
    status: str
