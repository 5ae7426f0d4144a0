"""Strategy profiles from competitor moves (events).

What each operator did, by domain and quarter; whom it worked with; the money
it announced; and, per domain, operators side by side, like the table of the
three mainland groups an analyst writes by hand for quantum, short drama or
inbound travel, for any operators (by default every one the events name). An
event naming several operators counts for each of them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from telcoradar.model import DOMAINS, Event

UNDATED = "undated"


def quarter(date: dt.date | None) -> str:
    """The quarter of a date, e.g. "2025Q2"; "undated" without one."""
    if date is None:
        return UNDATED
    return f"{date.year}Q{(date.month - 1) // 3 + 1}"


def _pairs(events: Iterable[Event]) -> Iterable[tuple[str, Event]]:
    for event in events:
        for operator in dict.fromkeys(event.operators):
            yield operator, event


def activity(events: Iterable[Event]) -> list[dict[str, Any]]:
    """Event counts by operator, domain and quarter (undated events under "undated")."""
    counts = Counter((operator, event.domain, quarter(event.date)) for operator, event in _pairs(events))
    return [
        {"operator": operator, "domain": domain, "quarter": q, "events": n}
        for (operator, domain, q), n in sorted(counts.items())
    ]


def partners(events: Iterable[Event]) -> dict[str, Counter[str]]:
    """Counterparties of each operator, with how many events name them."""
    out: dict[str, Counter[str]] = {}
    for operator, event in _pairs(events):
        out.setdefault(operator, Counter()).update(dict.fromkeys(event.counterparties, 1))
    return out


def money_announced(events: Iterable[Event]) -> dict[str, dict[str, Decimal]]:
    """Sums of announced amounts by operator and currency (never added across currencies)."""
    out: dict[str, dict[str, Decimal]] = {}
    for operator, event in _pairs(events):
        if event.amount is None:
            continue
        currency = event.currency or "unknown"
        by_currency = out.setdefault(operator, {})
        by_currency[currency] = by_currency.get(currency, Decimal(0)) + event.amount
    return out


def _latest(events: Sequence[Event]) -> Event | None:
    dated = [e for e in events if e.date is not None]
    if dated:
        return max(dated, key=lambda e: e.date or dt.date.min)
    return events[-1] if events else None


def operators_named(events: Iterable[Event]) -> list[str]:
    """The operators the events name, the busiest first (ties by id)."""
    counts = Counter(operator for operator, _event in _pairs(events))
    return sorted(counts, key=lambda op: (-counts[op], op))



def _at_precision(event: Event) -> str | None:
    """The event's date as precise as the text gave it: 2025-05-16, 2025-05 or 2025."""
    if event.date is None:
        return None
    size = {"year": 4, "month": 7}.get(event.date_precision or "day", 10)
    return event.date.isoformat()[:size]


def comparison(
    events: Iterable[Event], operators: Sequence[str] | None = None, domains: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Per domain and operator: event count, the latest move's sentence and date (at its
    precision: 2025-05 for a month), partners.

    Operators default to every one the events name, the busiest first; domains
    to those with any event among `operators`, in the order of `DOMAINS`.
    """
    events = list(events)
    operators = operators_named(events) if operators is None else operators
    grouped: dict[tuple[str, str], list[Event]] = {}
    for operator, event in _pairs(events):
        if operator in operators:
            grouped.setdefault((event.domain, operator), []).append(event)
    if domains is None:
        present = {domain for domain, _ in grouped}
        domains = [d for d in DOMAINS if d in present] + sorted(present - set(DOMAINS))
    rows: list[dict[str, Any]] = []
    for domain in domains:
        for operator in operators:
            found = grouped.get((domain, operator), [])
            latest = _latest(found)
            names = Counter(name for e in found for name in dict.fromkeys(e.counterparties))
            rows.append(
                {
                    "domain": domain,
                    "operator": operator,
                    "events": len(found),
                    "latest_date": _at_precision(latest) if latest else None,
                    "latest_move": latest.sentence if latest else "",
                    "partners": ", ".join(name for name, _ in names.most_common()),
                    "quote": latest.evidence.quote if latest else "",
                }
            )
    return rows


def profile(events: Iterable[Event], operator: str) -> dict[str, Any]:
    """One operator's profile: activity, partners (most frequent first), money by currency."""
    mine = [e for e in events if operator in e.operators]
    return {
        "operator": operator,
        "events": len(mine),
        "activity": [row for row in activity(mine) if row["operator"] == operator],
        "partners": partners(mine).get(operator, Counter()).most_common(),
        "money": money_announced(mine).get(operator, {}),
        "latest": _latest(mine),
    }


def domain_counts(events: Iterable[Event]) -> dict[str, Counter[str]]:
    """Events by operator and domain."""
    out: dict[str, Counter[str]] = {}
    for operator, event in _pairs(events):
        out.setdefault(operator, Counter())[event.domain] += 1
    return out


def profiles(events: Iterable[Event]) -> list[dict[str, Any]]:
    """Flat rows per operator: event count, domains, top partners, money by currency."""
    events = list(events)
    partner_map = partners(events)
    money_map = money_announced(events)
    counts = Counter(operator for operator, _ in _pairs(events))
    domains = domain_counts(events)
    return [
        {
            "operator": operator,
            "events": n,
            "domains": ", ".join(f"{d} {c}" for d, c in domains[operator].most_common()),
            "partners": ", ".join(name for name, _ in partner_map.get(operator, Counter()).most_common(8)),
            "money": "; ".join(
                f"{amount} {cur}" for cur, amount in sorted(money_map.get(operator, {}).items())
            ),
        }
        for operator, n in counts.most_common()
    ]
