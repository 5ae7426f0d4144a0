"""The tables: SQLAlchemy 2 typed declarative models, one class a table.

Types are chosen to suit SQLite and PostgreSQL alike: NUMERIC for money and
figures (never float), timezone-aware timestamps, the generic JSON type. The
Alembic migrations under `migrations/versions/` must produce exactly this
schema; a test compares them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Constraint names spelled out so that migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# 64-bit ids on PostgreSQL; SQLite only autoincrements INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")
Money = Numeric(12, 2)
Quantity = Numeric(14, 3)
Amount = Numeric(24, 2)
Measure = Numeric(28, 6)
Rate = Numeric(12, 4)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware timestamp, stored in UTC on every backend.

    SQLite keeps no offset, so values go in as UTC and come back marked UTC;
    naive datetimes are refused rather than guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()}: timestamps must carry a timezone")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


Timestamp = UTCDateTime()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SourceRow(Base):
    """Where bytes come from: a URL, a file or a folder, fetched on a schedule."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    uri: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    operator: Mapped[str | None] = mapped_column(String(64))
    every_seconds: Mapped[int | None] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    last_fetched_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)


class BlobRow(Base):
    """Raw bytes, compressed, stored once per SHA-256 however often they are seen."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    compression: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(200))


class SnapshotRow(Base):
    """One dated capture of a URI: the bytes' digest, HTTP metadata and the reader's text.

    `seq` numbers the captures of one URI (1, 2, ...); the unique (uri, seq)
    pair makes two writers appending the same capture collide instead of
    storing it twice.
    """

    __tablename__ = "snapshots"
    __table_args__ = (
        UniqueConstraint("uri", "seq", name="uq_snapshots_uri_seq"),  # also the index for lookups by URI
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"), index=True)
    uri: Mapped[str] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    fetched_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    status: Mapped[int | None] = mapped_column(Integer)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[dt.date | None] = mapped_column(Date)
    reader_kind: Mapped[str | None] = mapped_column(String(20))
    content_type: Mapped[str | None] = mapped_column(String(200))
    charset: Mapped[str | None] = mapped_column(String(40))
    extractor_version: Mapped[str] = mapped_column(String(40))
    plan_count: Mapped[int] = mapped_column(Integer, default=0)
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    figure_count: Mapped[int] = mapped_column(Integer, default=0)


class PlanColumns:
    """What an observation and a version of a plan share: its key and its attributes."""

    plan_key: Mapped[str] = mapped_column(String(32))  # digest of the four key fields
    operator: Mapped[str] = mapped_column(String(64))
    region: Mapped[str] = mapped_column(String(64))  # "" when the source names none
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    period_days: Mapped[int | None] = mapped_column(Integer)
    price: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    recurring: Mapped[bool] = mapped_column(Boolean)
    data_gb: Mapped[Decimal | None] = mapped_column(Quantity)
    data_unlimited: Mapped[bool] = mapped_column(Boolean)
    voice_unlimited: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    sms_unlimited: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    voice_min: Mapped[int | None] = mapped_column(Integer)
    intl_voice_min: Mapped[int | None] = mapped_column(Integer)
    sms: Mapped[int | None] = mapped_column(Integer)
    perks: Mapped[list[str]] = mapped_column(JSON)
    audience: Mapped[str | None] = mapped_column(String(64))
    # What kind of plan (base, addon, trial, auto), whether it can be bought again, whether data_gb
    # is a daily quota, and how sure the extractor was (migration 0009).
    kind: Mapped[str] = mapped_column(String(8), default="base", server_default=text("'base'"))
    repeatable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    per_day: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    confidence: Mapped[float] = mapped_column(Float, default=1.0, server_default=text("1"))
    flags: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    # What an analyst said of it (migration 0010): pending, accepted, corrected or rejected.
    review: Mapped[str] = mapped_column(String(10), default="pending", server_default=text("'pending'"))


class Reviewed:
    """What events and figures carry of the review loop: the extractor's certainty, the analyst's word."""

    confidence: Mapped[float] = mapped_column(Float, default=1.0, server_default=text("1"))
    flags: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    review: Mapped[str] = mapped_column(String(10), default="pending", server_default=text("'pending'"))
    decision_id: Mapped[int | None] = mapped_column(BigId)


class PlanObservationRow(PlanColumns, Base):
    """One plan as one snapshot showed it, with its evidence."""

    __tablename__ = "plan_observations"
    __table_args__ = (
        Index("ix_plan_observations_operator_region_observed", "operator", "region", "observed_at"),
        Index("ix_plan_observations_key_observed", "plan_key", "observed_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id", ondelete="CASCADE"), index=True)
    operator_name: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int] = mapped_column(Integer)
    quote_end: Mapped[int] = mapped_column(Integer)
    observed_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    decision_id: Mapped[int | None] = mapped_column(BigId, index=True)  # the decision applied to it


def _current(name: str, *columns: str) -> Index:
    """An index over the versions on offer now (valid_to IS NULL), in an order the web's sorts walk."""
    where = text("valid_to IS NULL")
    return Index(name, *columns, sqlite_where=where, postgresql_where=where)


class PlanVersionRow(PlanColumns, Base):
    """A plan's attributes over a time span: valid_to NULL means still current.

    At most one version per plan key is open; a partial unique index says so.
    """

    __tablename__ = "plan_versions"
    __table_args__ = (
        Index("ix_plan_versions_key_valid_from", "plan_key", "valid_from"),
        Index("ix_plan_versions_region_valid", "region", "valid_from", "valid_to"),
        Index("ix_plan_versions_operator_valid", "operator", "valid_from", "valid_to"),
        Index(
            "uq_plan_versions_open_key",
            "plan_key",
            unique=True,
            sqlite_where=text("valid_to IS NULL"),
            postgresql_where=text("valid_to IS NULL"),
        ),
        _current("ix_plan_versions_current_operator", "operator", "region", "name_key", "id"),
        _current("ix_plan_versions_current_region", "region", "operator", "name_key", "id"),
        _current("ix_plan_versions_current_price", "currency", "price", "id"),
        _current("ix_plan_versions_current_operator_price", "operator", "currency", "price", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    attrs_key: Mapped[str] = mapped_column(String(32))
    valid_from: Mapped[dt.datetime] = mapped_column(Timestamp)
    valid_to: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    last_seen_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    first_observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_observations.id", ondelete="SET NULL")
    )
    last_observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_observations.id", ondelete="SET NULL"), index=True
    )


class EventRow(Reviewed, Base):
    """A competitor move, once however many documents report it."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_domain_date", "domain", "date"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    domain: Mapped[str] = mapped_column(String(32))
    operator: Mapped[str | None] = mapped_column(String(64), index=True)
    operators: Mapped[list[str]] = mapped_column(JSON)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    amount: Mapped[Decimal | None] = mapped_column(Amount)
    currency: Mapped[str | None] = mapped_column(String(3))
    counterparties: Mapped[list[str]] = mapped_column(JSON)
    region: Mapped[str | None] = mapped_column(String(64))
    sentence: Mapped[str] = mapped_column(Text)
    first_seen_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class EventOperatorRow(Base):
    """Every operator an event names, so that a filter by operator is one index lookup."""

    __tablename__ = "event_operators"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    operator: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class EventMentionRow(Base):
    """One report of an event: the snapshot and the quote that carried it."""

    __tablename__ = "event_mentions"
    __table_args__ = (
        UniqueConstraint("event_id", "snapshot_id", "quote_start", name="uq_event_mentions_event_snapshot"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # indexed as the first column of the unique constraint
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id", ondelete="CASCADE"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int] = mapped_column(Integer)
    quote_end: Mapped[int] = mapped_column(Integer)
    observed_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class FigureRow(Reviewed, Base):
    """A market number as one snapshot stated it, with its evidence."""

    __tablename__ = "figures"
    __table_args__ = (Index("ix_figures_measure_year", "measure", "year"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id", ondelete="CASCADE"), index=True)
    measure: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal] = mapped_column(Measure)
    unit: Mapped[str] = mapped_column(String(32))
    year: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.date | None] = mapped_column(Date)
    forecast: Mapped[bool] = mapped_column(Boolean)
    growth_rate: Mapped[Decimal | None] = mapped_column(Rate)
    growth_kind: Mapped[str | None] = mapped_column(String(16))
    currency: Mapped[str | None] = mapped_column(String(3))
    operator: Mapped[str | None] = mapped_column(String(64), index=True)
    quote: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int] = mapped_column(Integer)
    quote_end: Mapped[int] = mapped_column(Integer)
    observed_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class UserRow(Base):
    """Someone who may use the web app and the API, with one role: viewer, analyst or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class ApiTokenRow(Base):
    """An API token: only the SHA-256 of its secret is kept, so a stolen database opens nothing."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class FailedTaskRow(Base):
    """A queued task that will not succeed (a poison document), kept with its error instead of retried."""

    __tablename__ = "failed_tasks"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64), unique=True)
    task: Mapped[str] = mapped_column(String(100))
    uri: Mapped[str | None] = mapped_column(Text)
    args: Mapped[dict[str, Any]] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer)
    failed_at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)


class AlertRuleRow(Base):
    """A standing question: which moves to tell whom about, and how (see jobs/alerts.py)."""

    __tablename__ = "alert_rules"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # price_cut, new_plan, withdrawn, event
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    channel: Mapped[str] = mapped_column(String(16))  # webhook, email
    target: Mapped[str] = mapped_column(Text)  # URL or e-mail address
    secret: Mapped[str | None] = mapped_column(Text)  # HMAC key of a webhook
    lang: Mapped[str] = mapped_column(String(8))
    enabled: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class AlertDeliveryRow(Base):
    """One rule's message about one move: sent once, or kept as failed to be tried again."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("rule_id", "move_key", name="uq_alert_deliveries_rule_move"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("alert_rules.id", ondelete="CASCADE"), index=True)
    move_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # sent, failed
    attempts: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    sent_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class DecisionRow(Base):
    """An analyst's word on one fact: accept, correct (with the corrected fields) or reject.

    It names the fact by what recurs, not by a row id: the kind of fact, the
    source it came from, the fact's key (a plan's key, an event's dedup key, a
    figure's measure) and the digest of its quote, so that it applies again
    after a re-extraction and in a later capture that says the same.
    `version` grows with each change: a writer that saw an older one is refused.
    """

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("kind", "source", "fact_key", "quote_hash", name="uq_decisions_fact"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # plan, event, figure
    source: Mapped[str] = mapped_column(Text)
    fact_key: Mapped[str] = mapped_column(String(64))
    quote_hash: Mapped[str] = mapped_column(String(64))
    quote: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(8))  # accept, correct, reject
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)  # the corrected values, as text
    original: Mapped[dict[str, Any]] = mapped_column(JSON)  # the extractor's values, as text
    reason: Mapped[str | None] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    version: Mapped[int] = mapped_column(Integer)


class ReviewLogRow(Base):
    """The audit trail: every decision made, by whom and when, with the values before and after."""

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    fact: Mapped[str] = mapped_column(String(24))  # the id the queue showed (p12, e3, f7)
    action: Mapped[str] = mapped_column(String(8))
    who: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)
    old: Mapped[dict[str, Any]] = mapped_column(JSON)
    new: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
