"""Alerts: rules stored in the database, matched against new moves, each sent once.

A rule names a kind of move and a filter:

* `price_cut`: a plan's price fell by at least `min_pct` percent (default 10);
* `new_plan` / `withdrawn`: a plan appeared or disappeared;
* `event`: a competitor move stated in text (`kinds`, `domains` narrow it).

Filters in `params`, all optional: `regions`, `operators`, `exclude_operators`
(your own, so that only rivals count), and for plans `audience_words` (any of
them in the plan's audience, name or quote, e.g. ["外籍", "入境", "visitor"]).

`run_alerts` gathers the moves since a day (by default since the capture
before the latest, like the briefing), and for each rule and matching move
sends one message through the rule's channel (`jobs/notify.py`), written
by `report.alerts`. The
`alert_deliveries` table, unique on (rule, move key), makes a second run send
nothing new; a failed delivery is kept and tried again on the next run.

Targets are checked when a rule is made (an e-mail is one plain address; a
webhook passes the private-address guard) and again before each delivery,
so a rule stored before these checks cannot reach a private address or
inject mail headers. A rule that fails for any reason is recorded as failed
and the other rules still run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from telcoradar.analysis.moves import Change
from telcoradar.errors import InputError
from telcoradar.jobs.briefing import gather
from telcoradar.jobs.notify import DeliveryError, Notifier, email_problem, webhook_problem
from telcoradar.jobs.notify import notifiers as _notifiers
from telcoradar.model import Event
from telcoradar.report.alerts import Message, message_for
from telcoradar.report.evidence import SourceInfo
from telcoradar.report.i18n import LANGS
from telcoradar.sources.guard import Guard
from telcoradar.store import Store
from telcoradar.store import alerts as stored
from telcoradar.store.alerts import Rule

CHANNELS = ("webhook", "email")
RULE_KINDS = ("price_cut", "new_plan", "withdrawn", "event")
PARAMS = ("regions", "operators", "exclude_operators", "min_pct", "audience_words", "kinds", "domains")
_CHANGE_KIND = {"price_cut": "price_cut", "new_plan": "new", "withdrawn": "withdrawn"}


@dataclass(frozen=True)
class Move:
    """A change or an event, with the key that identifies it across runs."""

    key: str
    change: Change | None = None
    event: Event | None = None


@dataclass
class AlertRun:
    sent: list[tuple[str, str]] = field(default_factory=list)  # (rule name, move key)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (rule name, move key, reason)
    already: int = 0  # matches delivered by an earlier run


def add_rule(
    store: Store,
    name: str,
    kind: str,
    channel: str,
    target: str,
    *,
    params: Mapping[str, Any] | None = None,
    secret: str | None = None,
    lang: str = "zh",
    guard: Guard | None = None,
) -> int:
    """Store a rule; bad kinds, channels, targets, parameters or languages are refused in one line.

    A webhook must pass `guard` (default: public addresses only).
    """
    if kind not in RULE_KINDS:
        raise InputError(name, f"unknown rule kind {kind!r} (choose from {', '.join(RULE_KINDS)})")
    if channel not in CHANNELS:
        raise InputError(name, f"unknown channel {channel!r} (choose from {', '.join(CHANNELS)})")
    if lang not in LANGS:
        raise InputError(name, f"unknown language {lang!r} (choose from {', '.join(LANGS)})")
    unknown = sorted(set(params or {}) - set(PARAMS))
    if unknown:
        raise InputError(name, f"unknown parameter {unknown[0]!r} (known: {', '.join(PARAMS)})")
    problem = target_problem(channel, target, guard or Guard())
    if problem is not None:
        raise InputError(name, f"{channel} target {target!r}: {problem}")
    with store.write() as session:
        return stored.insert_rule(session, name, kind, channel, target, dict(params or {}), secret, lang)


def target_problem(channel: str, target: str, guard: Guard) -> str | None:
    """Why a rule's target cannot be used (see `notify.email_problem`, `notify.webhook_problem`)."""
    if channel == "email":
        return email_problem(target)
    if channel == "webhook":
        return webhook_problem(target, guard)
    return None


def list_rules(store: Store) -> list[Rule]:
    with store.read() as session:
        return stored.rules(session)


def remove_rule(store: Store, rule_id: int) -> bool:
    """Forget a rule and its deliveries; False if there was none."""
    with store.write() as session:
        return stored.delete_rule(session, rule_id)


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def change_key(change: Change) -> str:
    plan = change.plan
    before = change.before.price if change.before else ""
    after = change.after.price if change.after else ""
    return _digest("plan", change.kind, *plan.key, plan.currency, before, after)


def event_key(event: Event) -> str:
    return _digest(
        "event", ",".join(event.operators), event.kind, event.date, " ".join(event.sentence.split())
    )


def _in(value: str | None, allowed: Any) -> bool:
    return not allowed or (value or "") in allowed


def matches(rule: Rule, move: Move) -> bool:
    p = rule.params
    operator: str | None
    if move.change is not None:
        change, plan = move.change, move.change.plan
        if _CHANGE_KIND.get(rule.kind) != change.kind:
            return False
        if rule.kind == "price_cut":
            pct = abs(change.price_change_pct or Decimal(0))
            if pct < Decimal(str(p.get("min_pct", 10))):
                return False
        words = p.get("audience_words") or []
        text = " ".join((plan.audience or "", plan.name, plan.evidence.quote))
        if words and not any(w in text for w in words):
            return False
        operator, region = plan.operator, plan.region
    elif move.event is not None:
        event = move.event
        if (
            rule.kind != "event"
            or not _in(event.kind, p.get("kinds"))
            or not _in(event.domain, p.get("domains"))
        ):
            return False
        operator, region = event.operator, event.region
    else:
        return False
    if not _in(region, p.get("regions")) or not _in(operator, p.get("operators")):
        return False
    return (operator or "") not in (p.get("exclude_operators") or [])


def moves_since(store: Store, since: dt.date | None = None) -> tuple[list[Move], dict[str, SourceInfo]]:
    """Plan changes since `since` (default: the capture before the latest) and the events dated since."""
    inputs = gather(store, since)
    moves = [Move(change_key(c), change=c) for c in inputs.changes]
    start = inputs.since
    moves += [
        Move(event_key(e), event=e) for e in inputs.events if start is None or (e.date and e.date >= start)
    ]
    return moves, dict(inputs.sources)


def run_alerts(
    store: Store,
    *,
    since: dt.date | None = None,
    notifiers: Mapping[str, Notifier] | None = None,
    guard: Guard | None = None,
) -> AlertRun:
    """Send what each enabled rule matches and has not sent yet; record every attempt.

    `guard` decides which webhook addresses may be reached (default: public ones only).
    """
    guard = guard or Guard()
    senders = dict(notifiers or _notifiers(guard))
    moves, sources = moves_since(store, since)
    run = AlertRun()
    for rule in (r for r in list_rules(store) if r.enabled):
        with store.read() as session:
            sent = stored.sent_keys(session, rule.id)
        for move in moves:
            if not matches(rule, move):
                continue
            if move.key in sent:
                run.already += 1
                continue
            message, error = _deliver(rule, move, sources, senders, guard)
            _record(store, rule, move.key, message, error)
            if error is None:
                sent.add(move.key)
                run.sent.append((rule.name, move.key))
            else:
                run.failed.append((rule.name, move.key, error))
    return run


def _deliver(
    rule: Rule,
    move: Move,
    sources: Mapping[str, SourceInfo],
    senders: Mapping[str, Notifier],
    guard: Guard,
) -> tuple[Message, str | None]:
    """The message for one match and why it was not handed over (None when it was).

    Never raises: whatever goes wrong with one rule is its own failure, not the run's.
    """
    try:
        message = message_for(
            rule.name, rule.kind, rule.lang, move.key, sources, change=move.change, event=move.event
        )
    except Exception as exc:  # a rule that cannot even be written stays one failed delivery
        return Message(f"telcoradar · {rule.name}", "", {"rule": rule.name, "move_key": move.key}), (
            f"cannot write the message ({type(exc).__name__}: {exc})"
        )
    problem = target_problem(rule.channel, rule.target, guard)
    if problem is not None:
        return message, f"{rule.target!r}: {problem}"
    send = senders.get(rule.channel)
    if send is None:
        return message, f"unknown channel {rule.channel!r}"
    try:
        send(rule.target, rule.secret, message)
    except DeliveryError as exc:
        return message, str(exc)
    except Exception as exc:  # a sender's bug or an unforeseen input: recorded, the run goes on
        return message, f"{type(exc).__name__}: {' '.join(str(exc).split())}"
    return message, None


def _record(store: Store, rule: Rule, key: str, message: Message, error: str | None) -> None:
    with store.write() as session:
        stored.record_delivery(session, rule.id, key, message.payload, error)
