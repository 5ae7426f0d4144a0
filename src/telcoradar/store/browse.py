"""Reads for browsing: pages of plans with their total, one plan's versions, one snapshot's facts.

Every row carries its evidence with the id of the snapshot it came from, so
that a face can link a number to the document and the quote behind it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, defer

from telcoradar.store.schema import (
    EventMentionRow,
    EventOperatorRow,
    EventRow,
    FigureRow,
    PlanObservationRow,
    PlanVersionRow,
    SnapshotRow,
)

PV = PlanVersionRow
PO = PlanObservationRow
T = TypeVar("T")
SORTS: dict[str, tuple[Any, ...]] = {
    "operator": (PV.operator, PV.region, PV.name_key, PV.id),
    "region": (PV.region, PV.operator, PV.name_key, PV.id),
    "name": (PV.name_key, PV.id),
    "price": (PV.currency, PV.price, PV.id),
    "period_days": (PV.period_days, PV.price, PV.id),
    "data_gb": (PV.data_unlimited, PV.data_gb, PV.price, PV.id),
    "valid_from": (PV.valid_from, PV.id),
    "id": (PV.id,),
}
PLAN_COLUMNS = (
    PV.id,
    PV.plan_key,
    PV.operator,
    PV.region,
    PV.name,
    PV.period_days,
    PV.price,
    PV.currency,
    PV.recurring,
    PV.data_gb,
    PV.data_unlimited,
    PV.voice_min,
    PV.intl_voice_min,
    PV.sms,
    PV.perks,
    PV.audience,
    PV.valid_from,
    PV.valid_to,
    PO.operator_name,
    PO.quote,
    PO.quote_start,
    PO.quote_end,
    PO.snapshot_id,
)


@dataclass(frozen=True, slots=True)
class PlanFilter:
    operator: str | None = None
    region: str | None = None
    audience: str | None = None
    at: dt.datetime | None = None  # None: the versions current now

    def conditions(self) -> list[ColumnElement[bool]]:
        out: list[ColumnElement[bool]] = []
        if self.at is None:
            out.append(PV.valid_to.is_(None))
        else:
            out += [PV.valid_from <= self.at, or_(PV.valid_to.is_(None), PV.valid_to > self.at)]
        if self.operator is not None:
            out.append(PV.operator == self.operator)
        if self.region is not None:
            out.append(PV.region == self.region)
        if self.audience is not None:
            out.append(PV.audience == self.audience)
        return out


def _with_evidence(query: Any) -> Any:
    return query.outerjoin(PO, PO.id == PV.last_observation_id)


class Memo:
    """Answers that scan every current plan (counts, filter menus), kept while the store is unchanged.

    An answer is reused while the newest plan version and snapshot ids are
    the ones it was computed at, and for at most `seconds` (a rebuild can
    reuse ids, so an answer is never older than that).
    """

    def __init__(self, seconds: float = 5.0, size: int = 512) -> None:
        self.seconds = seconds
        self.size = size
        self._answers: dict[tuple[Any, ...], tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        newest = session.execute(
            select(
                select(func.max(PV.id)).scalar_subquery(), select(func.max(SnapshotRow.id)).scalar_subquery()
            )
        ).one()
        full = (tuple(newest), key)
        now = time.monotonic()
        with self._lock:
            hit = self._answers.get(full)
        if hit is not None and now - hit[0] < self.seconds:
            return cast(T, hit[1])
        answer = compute()
        with self._lock:
            if len(self._answers) >= self.size:
                self._answers.clear()
            self._answers[full] = (now, answer)
        return answer


def _count(session: Session, where: PlanFilter) -> int:
    return int(session.execute(select(func.count()).select_from(PV).where(*where.conditions())).scalar_one())


def plan_page(
    session: Session,
    where: PlanFilter,
    *,
    sort: str = "operator",
    limit: int = 50,
    offset: int = 0,
    memo: Memo | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """One page of plan versions and how many match in all.

    `sort` is a key of SORTS, with "-" in front for descending.
    """
    descending = sort.startswith("-")
    order = SORTS.get(sort.lstrip("-"), SORTS["operator"])
    conditions = where.conditions()
    count = partial(_count, session, where)
    total = memo.get(session, ("count", where), count) if memo is not None else count()
    # The page's ids first, from an index in the sort's order; then only those rows, with their evidence.
    ids_query = select(PV.id).where(*conditions).order_by(*(c.desc() for c in order) if descending else order)
    ids = list(session.scalars(ids_query.limit(limit).offset(offset)))
    if not ids:
        return total, []
    query = _with_evidence(select(*PLAN_COLUMNS).select_from(PV)).where(PV.id.in_(ids))
    found = {row.id: dict(row._mapping) for row in session.execute(query)}
    return total, [found[i] for i in ids if i in found]


def plan_versions(session: Session, key: str) -> list[dict[str, Any]]:
    """Every version of one plan key, oldest first, each with the quote that last confirmed it."""
    query = _with_evidence(select(*PLAN_COLUMNS, PV.last_seen_at).select_from(PV)).where(PV.plan_key == key)
    return [dict(row._mapping) for row in session.execute(query.order_by(PV.valid_from, PV.id))]


def facets(session: Session, memo: Memo | None = None) -> dict[str, list[str]]:
    """The operators, regions and audiences among current plans, for filter menus."""
    if memo is not None:
        return memo.get(session, "facets", partial(facets, session))
    out: dict[str, list[str]] = {}
    for name, column in (("operator", PV.operator), ("region", PV.region), ("audience", PV.audience)):
        query = select(column).where(PV.valid_to.is_(None), column.is_not(None), column != "").distinct()
        out[name] = sorted(session.scalars(query))
    return out


def snapshot_page(
    session: Session,
    *,
    uri: str | None = None,
    source_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, Sequence[SnapshotRow]]:
    """Snapshots newest first (without loading their text until asked)."""
    conditions: list[ColumnElement[bool]] = []
    if uri is not None:
        conditions.append(SnapshotRow.uri == uri)
    if source_id is not None:
        conditions.append(SnapshotRow.source_id == source_id)
    total = session.execute(select(func.count()).select_from(SnapshotRow).where(*conditions)).scalar_one()
    query = (
        select(SnapshotRow)
        .options(defer(SnapshotRow.text))
        .where(*conditions)
        .order_by(SnapshotRow.fetched_at.desc(), SnapshotRow.id.desc())
    )
    return int(total), session.scalars(query.limit(limit).offset(offset)).all()


def snapshot_plans(session: Session, snapshot_id: int) -> Sequence[PlanObservationRow]:
    return session.scalars(
        select(PO).where(PO.snapshot_id == snapshot_id).order_by(PO.quote_start, PO.id)
    ).all()


def snapshot_events(session: Session, snapshot_id: int) -> list[tuple[EventRow, EventMentionRow]]:
    query = (
        select(EventRow, EventMentionRow)
        .join(EventMentionRow, EventMentionRow.event_id == EventRow.id)
        .where(EventMentionRow.snapshot_id == snapshot_id)
        .order_by(EventMentionRow.quote_start, EventMentionRow.id)
    )
    return [(event, mention) for event, mention in session.execute(query)]


def snapshot_figures(session: Session, snapshot_id: int) -> Sequence[FigureRow]:
    query = select(FigureRow).where(FigureRow.snapshot_id == snapshot_id)
    return session.scalars(query.order_by(FigureRow.quote_start, FigureRow.id)).all()


def event_page(
    session: Session,
    *,
    domain: str | None = None,
    operator: str | None = None,
    kind: str | None = None,
    since: dt.date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[tuple[EventRow, EventMentionRow | None]]]:
    """Events newest first, each with its first mention (quote, offsets, snapshot)."""
    conditions: list[ColumnElement[bool]] = []
    if domain is not None:
        conditions.append(EventRow.domain == domain)
    if kind is not None:
        conditions.append(EventRow.kind == kind)
    if since is not None:
        conditions.append(EventRow.date >= since)
    if operator is not None:
        named = select(EventOperatorRow.event_id).where(EventOperatorRow.operator == operator)
        conditions.append(EventRow.id.in_(named))
    total = session.execute(select(func.count()).select_from(EventRow).where(*conditions)).scalar_one()
    first = (
        select(func.min(EventMentionRow.id))
        .where(EventMentionRow.event_id == EventRow.id)
        .correlate(EventRow)
        .scalar_subquery()
    )
    query = (
        select(EventRow, EventMentionRow)
        .outerjoin(EventMentionRow, EventMentionRow.id == first)
        .where(*conditions)
        .order_by(EventRow.date.desc().nulls_last(), EventRow.id.desc())
    )
    rows = session.execute(query.limit(limit).offset(offset)).all()
    return int(total), [(event, mention) for event, mention in rows]


def figure_page(
    session: Session,
    *,
    measure: str | None = None,
    operator: str | None = None,
    year: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, Sequence[FigureRow]]:
    conditions: list[ColumnElement[bool]] = []
    if measure is not None:
        conditions.append(FigureRow.measure.contains(measure, autoescape=True))
    if operator is not None:
        conditions.append(FigureRow.operator == operator)
    if year is not None:
        conditions.append(FigureRow.year == year)
    total = session.execute(select(func.count()).select_from(FigureRow).where(*conditions)).scalar_one()
    query = select(FigureRow).where(*conditions).order_by(FigureRow.year, FigureRow.measure, FigureRow.id)
    return int(total), session.scalars(query.limit(limit).offset(offset)).all()
