"""The notebook face: `telcoradar.open(url)` and pandas DataFrames out.

    import telcoradar
    radar = telcoradar.open()                  # TELCORADAR_DATABASE_URL or the default SQLite file
    radar.plans(region="上海")                   # plans on offer now, one row each, with their quotes
    radar.compare("visitor-7d-light")           # cheapest option per operator and region
    radar.compare(need(days=10, gb=20, minutes=50), region="深圳")
    radar.moves(since="2025-03-01")             # what changed since, largest first
    radar.hedonic().rows()                      # implicit prices and operator premiums

Every method reads the store and calls the functions of `telcoradar.analysis`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

import pandas as pd

from telcoradar.analysis import baskets
from telcoradar.analysis.changes import plan_changes
from telcoradar.analysis.frontier import frontier as value_frontier
from telcoradar.analysis.frontier import frontier_rows
from telcoradar.analysis.hedonic import HedonicResult, fit
from telcoradar.analysis.moves import Change, as_moves, response_lags
from telcoradar.analysis.prices import unit_price_table
from telcoradar.analysis.strategy import activity, comparison, operators_named
from telcoradar.errors import InputError, UsageError
from telcoradar.extract.operators import select_operators
from telcoradar.model import Event, Figure, Plan
from telcoradar.store import Store, open_store, read
from telcoradar.store.records import PLAN_FIELDS, plan_record

__all__ = ["Day", "Radar", "open"]

Day = dt.date | str | None


def _as_date(value: Day) -> dt.date | None:
    """An ISO string or a date (None stays None)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(value, "not a date (expected YYYY-MM-DD)") from exc


def _event_rows(events: list[Event]) -> list[dict[str, Any]]:
    return [
        {
            "date": e.date,
            "operators": ", ".join(e.operators),
            "kind": e.kind,
            "domain": e.domain,
            "amount": e.amount,
            "currency": e.currency,
            "counterparties": ", ".join(e.counterparties),
            "region": e.region,
            "sentence": e.sentence,
            "snapshot": e.evidence.snapshot,
        }
        for e in events
    ]


def _figure_rows(figures: list[Figure]) -> list[dict[str, Any]]:
    rows = []
    for figure in figures:
        row = {k: v for k, v in asdict(figure).items() if k != "evidence"}
        row["quote"] = figure.evidence.quote
        rows.append(row)
    return rows


class Radar:
    """A store seen through the analysis; methods return DataFrames (or results with `.rows()`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> Radar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def plan_list(
        self, at: Day = None, *, operator: str | None = None, region: str | None = None
    ) -> list[Plan]:
        """The plans on offer at a date (now when None), as `Plan` objects."""
        with self.store.read() as session:
            return read.plans_valid_at(session, _as_date(at), operator=operator, region=region)

    def plans(
        self, at: Day = None, *, operator: str | None = None, region: str | None = None
    ) -> pd.DataFrame:
        """The plans on offer at a date (now when None), one row each: the fields of
        `store.records.PLAN_FIELDS`, as `telcoradar plans --json` and `GET /api/plans` give them."""
        with self.store.read() as session:
            versions = read.plan_versions_at(session, _as_date(at), operator=operator, region=region)
        return pd.DataFrame([plan_record(v) for v in versions], columns=list(PLAN_FIELDS))

    def unit_prices(
        self, at: Day = None, *, region: str | None = None, currency: str | None = None
    ) -> pd.DataFrame:
        plans = self.plan_list(at, region=region)
        return pd.DataFrame(unit_price_table(plans, currency, _as_date(at)))

    def event_list(
        self, *, domain: str | None = None, operator: str | None = None, since: Day = None
    ) -> list[Event]:
        with self.store.read() as session:
            return read.events(session, domain=domain, operator=operator, since=_as_date(since))

    def events(
        self, *, domain: str | None = None, operator: str | None = None, since: Day = None
    ) -> pd.DataFrame:
        return pd.DataFrame(_event_rows(self.event_list(domain=domain, operator=operator, since=since)))

    def figures(self, *, operator: str | None = None, year: int | None = None) -> pd.DataFrame:
        with self.store.read() as session:
            return pd.DataFrame(_figure_rows(read.figures(session, operator=operator, year=year)))

    def comparison(
        self,
        need: str | baskets.Need,
        *,
        region: str | None = None,
        at: Day = None,
        currency: str | None = None,
    ) -> baskets.Comparison:
        """The cheapest option per operator and region for a basket name or a `Need`, with the
        trials listed apart and the plans that cannot be compared on it."""
        wanted = baskets.basket(need) if isinstance(need, str) else need
        plans = self.plan_list(at, region=region)
        return baskets.compare(plans, wanted, currency=currency, on=_as_date(at))

    def options(
        self,
        need: str | baskets.Need,
        *,
        region: str | None = None,
        at: Day = None,
        currency: str | None = None,
    ) -> list[baskets.Option]:
        """The cheapest option per operator and region for a basket name or a `Need`."""
        return self.comparison(need, region=region, at=at, currency=currency).options

    def compare(
        self,
        need: str | baskets.Need,
        *,
        region: str | None = None,
        at: Day = None,
        currency: str | None = None,
    ) -> pd.DataFrame:
        options = self.options(need, region=region, at=at, currency=currency)
        return pd.DataFrame([option.row() for option in options])

    def hedonic(self, *, region: str | None = None, by_region: bool = False, at: Day = None) -> HedonicResult:
        return fit(self.plan_list(at, region=region), by_region=by_region, on=_as_date(at))

    def frontier(self, *, region: str | None = None, by_region: bool = False, at: Day = None) -> pd.DataFrame:
        result = value_frontier(self.plan_list(at, region=region), by_region=by_region, on=_as_date(at))
        return pd.DataFrame(frontier_rows(result))

    def change_list(
        self, since: Day, until: Day = None, *, region: str | None = None, operator: str | None = None
    ) -> list[Change]:
        start = _as_date(since)
        if start is None:
            raise InputError("since", "a date is required")
        with self.store.read() as session:
            return plan_changes(session, start, _as_date(until), region=region, operator=operator)

    def moves(self, since: Day, until: Day = None, *, region: str | None = None) -> pd.DataFrame:
        return pd.DataFrame([change.row() for change in self.change_list(since, until, region=region)])

    def lags(self, since: Day, until: Day = None, *, region: str | None = None) -> pd.DataFrame:
        found = as_moves(self.change_list(since, until, region=region))
        # object columns: a lag not yet answered stays None, and days stay whole days (no NaN floats)
        return pd.DataFrame([lag.row() for lag in response_lags(found)], dtype=object)

    def strategy(
        self,
        *,
        since: Day = None,
        domains: list[str] | None = None,
        operators: list[str] | None = None,
        market: str | None = None,
    ) -> pd.DataFrame:
        """Operators side by side per domain: those named (ids, names or aliases), else every one
        the stored moves name; only those of `market` (e.g. "HK") when given."""
        events = self.event_list(since=since)
        chosen = select_operators(operators_named(events), operators or (), market)
        return pd.DataFrame(comparison(events, chosen, domains=domains))

    def activity(self, *, since: Day = None) -> pd.DataFrame:
        return pd.DataFrame(activity(self.event_list(since=since)))


def open(url: str | None = None) -> Radar:
    """Open the store at `url` (default: TELCORADAR_DATABASE_URL or the user data folder)."""
    return Radar(open_store(url))
