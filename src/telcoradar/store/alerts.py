"""Alert rules and their deliveries: the rows behind `jobs.alerts`.

A delivery is unique on (rule, move key): a move already sent under a rule
is not sent again, a failed one is tried again on the next run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from telcoradar.errors import InputError
from telcoradar.store.schema import AlertDeliveryRow, AlertRuleRow


@dataclass(frozen=True)
class Rule:
    id: int
    name: str
    kind: str
    params: dict[str, Any]
    channel: str
    target: str
    secret: str | None = None
    lang: str = "zh"
    enabled: bool = True


def insert_rule(
    session: Session,
    name: str,
    kind: str,
    channel: str,
    target: str,
    params: dict[str, Any],
    secret: str | None,
    lang: str,
) -> int:
    """Store a checked rule; a second rule of one name is refused."""
    if session.scalar(select(AlertRuleRow.id).where(AlertRuleRow.name == name)) is not None:
        raise InputError(name, "a rule of that name exists")
    row = AlertRuleRow(
        name=name,
        kind=kind,
        params=params,
        channel=channel,
        target=target,
        secret=secret,
        lang=lang,
        enabled=True,
        created_at=dt.datetime.now(dt.UTC),
    )
    session.add(row)
    session.flush()
    return int(row.id)


def rules(session: Session) -> list[Rule]:
    rows = session.scalars(select(AlertRuleRow).order_by(AlertRuleRow.id)).all()
    return [
        Rule(r.id, r.name, r.kind, dict(r.params or {}), r.channel, r.target, r.secret, r.lang, r.enabled)
        for r in rows
    ]


def delete_rule(session: Session, rule_id: int) -> bool:
    """Forget a rule and its deliveries; False if there was none."""
    row = session.get(AlertRuleRow, rule_id)
    if row is None:
        return False
    session.delete(row)
    return True


def sent_keys(session: Session, rule_id: int) -> set[str]:
    """The moves already sent under a rule."""
    query = select(AlertDeliveryRow.move_key).where(
        AlertDeliveryRow.rule_id == rule_id, AlertDeliveryRow.status == "sent"
    )
    return set(session.scalars(query))


def record_delivery(
    session: Session, rule_id: int, key: str, payload: dict[str, Any], error: str | None
) -> None:
    """One attempt to send a move under a rule: sent when `error` is None, failed otherwise."""
    row = session.scalar(
        select(AlertDeliveryRow).where(AlertDeliveryRow.rule_id == rule_id, AlertDeliveryRow.move_key == key)
    )
    if row is None:
        row = AlertDeliveryRow(rule_id=rule_id, move_key=key, attempts=0, payload={})
        session.add(row)
    row.status = "sent" if error is None else "failed"
    row.attempts = (row.attempts or 0) + 1
    row.error = error
    row.payload = payload
    row.sent_at = dt.datetime.now(dt.UTC)
