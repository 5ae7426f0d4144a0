"""The domain types that flow from one stage to the next.

Everything here is plain data: a reader makes a `Document`, the extractors
turn it into an `Extraction` of `Plan`, `Event` and `Figure` records, each
with the `Evidence` that backs it. Money is always `Decimal`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

DatePrecision = Literal["day", "month", "year"]

EVENT_KINDS = (
    "launch",
    "partnership",
    "investment",
    "price_change",
    "network_build",
    "standard",
    "other",
)

PLAN_KINDS = (
    "base",  # a plan one subscribes to
    "addon",  # a pack, pass or top-up bought on top of a base plan
    "trial",  # free, or once per customer (a first-day card)
    "auto",  # an automatic refill or overage block with its own price
)

DOMAINS = (
    "tariff",
    "quantum",
    "short_drama",
    "inbound_travel",
    "digital_government",
    "ai",
    "cloud_compute",
    "other",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact came from: the exact quote and its offsets in `Document.text`."""

    quote: str
    start: int
    end: int
    snapshot: str | None = None  # SHA-256 of the snapshot's bytes, once stored


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a table, its cells resolved (merged cells repeated)."""

    cells: tuple[str, ...]
    start: int  # offsets of the row's line in Document.text
    end: int


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Row, ...]
    caption: str = ""
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """A source's content as text, with its tables kept as grids.

    `text` holds the whole readable text, tables included (one line per row,
    cells separated by tabs), so that every `Evidence` offset points into it.
    """

    source: str
    text: str
    tables: tuple[Table, ...] = ()
    title: str = ""
    content_type: str = "text/plain"
    charset: str = "utf-8"
    published: dt.date | None = None
    sha256: str = ""
    url: str | None = None  # the address it was captured from, when known (feeds operator, market, date)
    # Where `published` was read: "meta", "json-ld", "time", "front-matter", "text" or "url".
    published_from: str | None = None
    published_year: int | None = None  # the year alone, when only that is known (an address's /202409/)


@dataclass(frozen=True, slots=True)
class Plan:
    operator: str  # canonical id, e.g. "china-mobile"
    operator_name: str  # as written in the source
    region: str | None
    name: str
    price: Decimal
    currency: str  # ISO 4217
    period_days: int | None
    evidence: Evidence
    recurring: bool = False
    data_gb: Decimal | None = None
    data_unlimited: bool = False
    voice_unlimited: bool = False  # "unlimited minutes", 国内通话不限量
    sms_unlimited: bool = False
    voice_min: int | None = None
    intl_voice_min: int | None = None
    sms: int | None = None
    perks: tuple[str, ...] = ()
    audience: str | None = None
    kind: str = "base"  # one of PLAN_KINDS
    per_day: bool = False  # data_gb (and sms) are daily quotas over the period
    confidence: float = 1.0  # 0-1, lowered by each of `flags`
    flags: tuple[str, ...] = ()  # why it is less than certain: "currency_inferred", "period_guessed", ...
    repeatable: bool = True  # can be bought again; a trial or a once-per-customer offer cannot

    @property
    def key(self) -> tuple[str, str, str, int | None]:
        """What follows one plan across snapshots."""
        return (self.operator, self.region or "", normalize_name(self.name), self.period_days)


@dataclass(frozen=True, slots=True)
class Event:
    operators: tuple[str, ...]
    kind: str  # one of EVENT_KINDS
    domain: str  # one of DOMAINS
    sentence: str
    evidence: Evidence
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    amount: Decimal | None = None
    currency: str | None = None
    counterparties: tuple[str, ...] = ()
    region: str | None = None
    confidence: float = 1.0  # 0-1, lowered by each of `flags`
    flags: tuple[str, ...] = ()  # "date_from_context", "operator_inferred", ...

    @property
    def operator(self) -> str | None:
        return self.operators[0] if self.operators else None


@dataclass(frozen=True, slots=True)
class Figure:
    measure: str  # what is measured, in the source's words
    value: Decimal  # in base units: 504亿元 -> 50400000000
    unit: str  # "CNY", "USD", "people", "percent", "count", "EFLOPS", ...
    evidence: Evidence
    year: int | None = None
    date: dt.date | None = None
    forecast: bool = False
    growth_rate: Decimal | None = None  # percent, e.g. 112.3
    growth_kind: str | None = None  # "yoy", "cagr", "hoh", ...
    currency: str | None = None
    operator: str | None = None
    confidence: float = 1.0  # 0-1, lowered by each of `flags`
    flags: tuple[str, ...] = ()  # "year_guessed", "currency_inferred", ...


@dataclass(frozen=True, slots=True)
class Extraction:
    document: Document
    plans: tuple[Plan, ...] = ()
    events: tuple[Event, ...] = ()
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One dated capture of a source: its bytes' digest and how they were fetched."""

    sha256: str
    source: str
    fetched_at: dt.datetime
    content_type: str = ""
    size: int = 0
    meta: dict[str, str] = field(default_factory=dict)


def normalize_name(name: str) -> str:
    """Fold a plan name so cosmetic differences do not split one plan in two."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def to_json(value: Any) -> Any:
    """Turn domain objects into JSON-ready data (Decimal as number, dates ISO)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, Document):
            out.pop("text", None)
            out["tables"] = len(value.tables)
            out["length"] = len(value.text)
        if isinstance(value, Event):
            out["operator"] = value.operator
        if isinstance(value, Plan) and not value.currency:
            out["currency"] = None  # unknown: a bare amount no market decides
        return out
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value
