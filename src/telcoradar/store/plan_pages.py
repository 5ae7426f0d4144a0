"""Pages of plans for the web: filtered, sorted, counted, each plan with its evidence.

This is the web's hot path, so it talks Core with statements built once per
shape of query (which filters are set, which sort) and values bound at
execution; the page's ids come first from a partial index over the versions
on offer now (migration 0005), then only those rows are read. Counts and
filter menus, which scan every current plan, are kept in a `Memo` while the
store shows no change.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, TypeVar, cast

from sqlalchemy import Select, Text, bindparam, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from telcoradar.store.schema import Base

VER = Base.metadata.tables["plan_versions"]
OBS = Base.metadata.tables["plan_observations"]
SNAP = Base.metadata.tables["snapshots"]
T = TypeVar("T")
SORTS: dict[str, tuple[str, ...]] = {
    "operator": ("operator", "region", "name_key", "id"),
    "region": ("region", "operator", "name_key", "id"),
    "name": ("name_key", "id"),
    "price": ("currency", "price", "id"),
    "period_days": ("period_days", "price", "id"),
    "data_gb": ("data_unlimited", "data_gb", "price", "id"),
    "valid_from": ("valid_from", "id"),
    "id": ("id",),
}
VERSION_FIELDS = (
    "id", "plan_key", "operator", "region", "name", "period_days", "price", "currency", "recurring",
    "data_gb", "data_unlimited", "voice_min", "intl_voice_min", "sms", "perks", "audience",
    "valid_from", "valid_to", "kind", "repeatable", "per_day", "confidence", "flags",
    "voice_unlimited", "sms_unlimited", "review",
)  # fmt: skip
COLUMNS = (
    *(VER.c[name] for name in VERSION_FIELDS),
    OBS.c.operator_name,
    OBS.c.quote,
    OBS.c.quote_start,
    OBS.c.quote_end,
    OBS.c.snapshot_id,
)
PERKS = VERSION_FIELDS.index("perks")
FLAGS = VERSION_FIELDS.index("flags")
# The page query reads perks and flags as stored text: most plans have none, and "[]" needs no JSON parser.
PAGE_COLUMNS = tuple(
    type_coerce(column, Text).label(column.name) if i in (PERKS, FLAGS) else column
    for i, column in enumerate(COLUMNS)
)
NAMES = tuple(column.name for column in COLUMNS)  # the values of a row of plan_page_rows, in order
FILTERS = ("operator", "region", "audience")
NEWEST = select(select(func.max(VER.c.id)).scalar_subquery(), select(func.max(SNAP.c.id)).scalar_subquery())


@dataclass(frozen=True, slots=True)
class PlanFilter:
    operator: str | None = None
    region: str | None = None
    audience: str | None = None
    at: dt.datetime | None = None  # None: the versions current now

    def shape(self) -> tuple[tuple[str, ...], bool]:
        return tuple(name for name in FILTERS if getattr(self, name) is not None), self.at is not None

    def values(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in FILTERS if getattr(self, name) is not None}
        if self.at is not None:
            out["at"] = self.at
        return out


def _conditions(fields: tuple[str, ...], dated: bool) -> list[Any]:
    out: list[Any] = [VER.c[name] == bindparam(name) for name in fields]
    if dated:
        at = bindparam("at", type_=VER.c.valid_from.type)
        out += [VER.c.valid_from <= at, or_(VER.c.valid_to.is_(None), VER.c.valid_to > at)]
    else:
        out.append(VER.c.valid_to.is_(None))  # spelled as the partial indexes' condition, so they apply
    return out


@lru_cache(maxsize=256)
def _statements(fields: tuple[str, ...], dated: bool, sort: str) -> tuple[Select[Any], Select[Any]]:
    """The count and the page query for one shape of filter and one sort."""
    conditions = _conditions(fields, dated)
    order = [VER.c[name] for name in SORTS.get(sort.lstrip("-"), SORTS["operator"])]
    ordering = [c.desc() for c in order] if sort.startswith("-") else order
    count = select(func.count()).select_from(VER).where(*conditions)
    ids = (
        select(VER.c.id)
        .where(*conditions)
        .order_by(*ordering)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("page")
    )
    rows = ids.join(VER, VER.c.id == ids.c.id).outerjoin(OBS, OBS.c.id == VER.c.last_observation_id)
    page = select(*PAGE_COLUMNS).select_from(rows).order_by(*ordering)
    return count, page


class Memo:
    """Answers that scan every current plan (counts, filter menus), kept while the store is unchanged.

    An answer is reused while the newest plan version and snapshot ids are
    the ones it was computed at, and for at most `seconds` (a rebuild can
    reuse ids, so an answer is never older than that).

    While the store takes a stream of writes (it changed twice within `lag`
    seconds, as during an ingest), recomputing at every change would scan
    every current plan for nearly every request; then an answer up to `lag`
    seconds old is reused. The first read after a single change is exact,
    and so is every read once the writes have paused for `lag` seconds.
    """

    def __init__(self, seconds: float = 5.0, size: int = 512, lag: float = 1.0) -> None:
        self.seconds = seconds
        self.size = size
        self.lag = lag
        self._answers: dict[tuple[Any, ...], tuple[float, Any]] = {}
        self._newest: dict[Hashable, tuple[float, Any]] = {}  # the latest answer of each key, at any state
        self._state: tuple[Any, ...] | None = None  # the newest state seen, and since when
        self._state_since = 0.0
        self._streaming_until = 0.0
        self._lock = threading.Lock()

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        state = tuple(session.connection().execute(NEWEST).one())
        return self.answer(state, key, compute)

    def answer(
        self, state: tuple[Any, ...], key: Hashable, compute: Callable[[], T], now: float | None = None
    ) -> T:
        """The answer for `key` with the store at `state` (its newest ids), computed or reused."""
        now = time.monotonic() if now is None else now
        with self._lock:
            streaming = self._observe(state, now)
            hit = self._answers.get((state, key))
            if hit is None or now - hit[0] >= self.seconds:
                latest = self._newest.get(key)
                hit = latest if streaming and latest is not None and now - latest[0] < self.lag else None
        if hit is not None:
            return cast(T, hit[1])
        answer = compute()
        with self._lock:
            if len(self._answers) >= self.size:
                self._answers.clear()
                self._newest.clear()
            self._answers[(state, key)] = (now, answer)
            self._newest[key] = (now, answer)
        return answer

    def _observe(self, state: tuple[Any, ...], now: float) -> bool:
        """Note the store's state; True while it is taking a stream of writes."""
        if state != self._state:
            if self._state is not None and now - self._state_since < self.lag:
                self._streaming_until = now + self.lag
            self._state, self._state_since = state, now
        return now < self._streaming_until


def count_plans(session: Session, where: PlanFilter) -> int:
    count, _page = _statements(*where.shape(), "id")
    return int(session.connection().execute(count, where.values()).scalar_one())


def plan_page_rows(
    session: Session,
    where: PlanFilter,
    *,
    sort: str = "operator",
    limit: int = 50,
    offset: int = 0,
    memo: Memo | None = None,
) -> tuple[int, list[tuple[Any, ...]]]:
    """One page of plan versions, each a plain tuple of the values named by NAMES, and how many match
    in all. `sort` is a key of SORTS, with "-" in front for descending. `plan_dicts` names the values."""
    count = partial(count_plans, session, where)
    total = memo.get(session, ("count", where), count) if memo is not None else count()
    _count, page = _statements(*where.shape(), sort)
    rows = session.connection().execute(page, {**where.values(), "limit": limit, "offset": offset})
    return total, [
        (*row[:PERKS], _perks(row[PERKS]), *row[PERKS + 1 : FLAGS], _perks(row[FLAGS]), *row[FLAGS + 1 :])
        for row in rows
    ]


def plan_dicts(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """The rows of `plan_page_rows` as dicts by column name."""
    return [dict(zip(NAMES, row, strict=True)) for row in rows]


def _perks(stored: Any) -> Any:
    """Perks or flags as read by the page query: JSON text (SQLite), or a list when the driver parses it."""
    if not isinstance(stored, str):
        return stored
    return [] if stored == "[]" else json.loads(stored)


def plan_versions(session: Session, key: str) -> list[dict[str, Any]]:
    """Every version of one plan key, oldest first, each with the quote that last confirmed it."""
    query = (
        select(*COLUMNS, VER.c.last_seen_at)
        .select_from(VER.outerjoin(OBS, OBS.c.id == VER.c.last_observation_id))
        .where(VER.c.plan_key == key)
        .order_by(VER.c.valid_from, VER.c.id)
    )
    return [dict(row._mapping) for row in session.connection().execute(query)]


def facets(session: Session, memo: Memo | None = None) -> dict[str, list[str]]:
    """The operators, regions and audiences among current plans, for filter menus."""
    if memo is not None:
        return memo.get(session, "facets", partial(facets, session))
    out: dict[str, list[str]] = {}
    for name in FILTERS:
        column = VER.c[name]
        query = select(column).where(VER.c.valid_to.is_(None), column.is_not(None), column != "").distinct()
        out[name] = sorted(session.connection().execute(query).scalars())
    return out
