"""An alert's words: the subject, text (the briefing's own sentences) and JSON payload of one match.

Which moves match which rule, and sending, are `jobs.alerts`' work; this
module only writes the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from telcoradar.analysis.moves import Change
from telcoradar.model import Event, Plan, to_json
from telcoradar.report.blocks import Context, Sentence
from telcoradar.report.evidence import EvidenceBook, SourceInfo
from telcoradar.report.i18n import translator


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    payload: dict[str, Any]


def _evidence(plan_or_event: Plan | Event, sources: Mapping[str, SourceInfo]) -> dict[str, Any]:
    ev = plan_or_event.evidence
    info = sources.get(ev.snapshot or "")
    return {
        "quote": ev.quote,
        "snapshot": ev.snapshot,
        "uri": info.uri if info else None,
        "fetched_at": info.fetched_at.isoformat() if info and info.fetched_at else None,
    }


def message_for(
    rule: str,
    rule_kind: str,
    lang: str,
    key: str,
    sources: Mapping[str, SourceInfo],
    *,
    change: Change | None = None,
    event: Event | None = None,
) -> Message:
    """The message telling rule `rule` about one move (a plan change or an event) keyed `key`."""
    from telcoradar.report.sections import change_sentence, event_sentence

    ctx = Context(lang, EvidenceBook(sources=dict(sources)), translator(lang))
    payload: dict[str, Any] = {"rule": rule, "rule_kind": rule_kind, "move_key": key}
    sentence: Sentence
    if change is not None:
        sentence = change_sentence(ctx, change)
        payload["change"] = {
            "kind": change.kind,
            "operator": change.plan.operator,
            "region": change.plan.region,
            "name": change.plan.name,
            "period_days": change.plan.period_days,
            "currency": change.plan.currency,
            "price_before": to_json(change.before.price) if change.before else None,
            "price_after": to_json(change.after.price) if change.after else None,
            "price_change_pct": to_json(change.price_change_pct),
            "evidence": [_evidence(p, sources) for p in (change.before, change.after) if p is not None],
        }
    else:
        if event is None:
            raise ValueError("a message needs a change or an event")
        sentence = event_sentence(ctx, event)
        payload["event"] = {**to_json(event), "evidence": [_evidence(event, sources)]}
    payload["text"] = sentence.text
    return Message(subject=f"telcoradar · {rule}: {sentence.text}"[:200], text=sentence.text, payload=payload)
