"""Plan changes from the store's version history: new, withdrawn, re-priced and re-sized plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from telcoradar.analysis.moves import HUNDRED, Change, compare_pair, pair_validity_changes, price_per_gb, rank
from telcoradar.store.read import PlanVersion, day_start, versions_in_window


def plan_changes(
    session: Session,
    since: dt.date | dt.datetime,
    until: dt.date | dt.datetime | None = None,
    *,
    operator: str | None = None,
    region: str | None = None,
) -> list[Change]:
    """Every dated change to a plan in [since, until): new, withdrawn, price and allowance moves.

    Reads only the versions that open or close in the window. A version that
    closes when the next one of its key opens is a change; one that closes
    with no successor is a withdrawal; one that opens with no predecessor is
    a new plan. Largest first.
    """
    start = day_start(since)
    end = day_start(until) if until is not None else None
    by_key: dict[str, list[PlanVersion]] = {}
    for version in versions_in_window(session, start, end, operator=operator, region=region):
        by_key.setdefault(version.key, []).append(version)
    changes: list[Change] = []
    for versions in by_key.values():
        changes.extend(_changes_of(versions, start, end))
    return rank(pair_validity_changes(changes))


def _in(when: dt.datetime | None, start: dt.datetime, end: dt.datetime | None) -> bool:
    return when is not None and when >= start and (end is None or when < end)


def _changes_of(versions: Sequence[PlanVersion], start: dt.datetime, end: dt.datetime | None) -> list[Change]:
    """One key's versions (oldest first) as dated changes inside the window."""
    out: list[Change] = []
    for i, version in enumerate(versions):
        plan, valid_from = version.plan, version.valid_from
        before = versions[i - 1].valid_to if i else None
        if i and before == valid_from:
            change = compare_pair(versions[i - 1].plan, plan, valid_from.date())
            if change is not None:
                out.append(change)
            continue
        if before is not None and _in(before, start, end):
            gone = versions[i - 1].plan
            out.append(
                Change("withdrawn", gone, None, HUNDRED, per_gb_before=price_per_gb(gone), date=before.date())
            )
        if _in(valid_from, start, end):
            out.append(
                Change("new", None, plan, HUNDRED, per_gb_after=price_per_gb(plan), date=valid_from.date())
            )
    last_to = versions[-1].valid_to
    if last_to is not None and _in(last_to, start, end):
        gone = versions[-1].plan
        out.append(
            Change("withdrawn", gone, None, HUNDRED, per_gb_before=price_per_gb(gone), date=last_to.date())
        )
    return out
