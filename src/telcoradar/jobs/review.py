"""The review loop as the faces use it: the queue, a decision in one transaction, the log, the cases.

`export_cases` turns the analysts' corrections and rejections into cases of
the extraction gate (`<name>.txt` holding the quote, `<name>.expected.json`
the fields as decided and the reason), so that what an analyst fixed once is
checked at every change of the extractor. The document itself is not copied.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from telcoradar.model import to_json
from telcoradar.store import Store
from telcoradar.store import decisions as store_decisions
from telcoradar.store.review_apply import decided_values
from telcoradar.store.review_queue import queue

GATE_FIELDS = {
    "plan": (
        "operator", "region", "name", "price", "currency", "period_days", "data_gb", "data_unlimited",
        "voice_min", "intl_voice_min", "audience",
    ),
    "event": ("operator", "kind", "domain", "date", "amount", "currency"),
    "figure": ("measure", "value", "unit", "year", "forecast", "growth_rate"),
}  # fmt: skip
GATE_KINDS = {"plan": "plans", "event": "events", "figure": "figures"}


def review_queue(
    store: Store, *, kind: str | None = None, below: float | None = None, limit: int = 200
) -> Any:
    with store.read() as session:
        return queue(session, kind=kind, below=below, limit=limit)


def decide(store: Store, fact: str, action: str, **options: Any) -> dict[str, Any]:
    """One decision in one transaction (see `store.decisions.decide` for its options and errors)."""
    with store.write() as session:
        return store_decisions.decide(session, fact, action, **options)


def review_log(store: Store, *, limit: int = 100, fact: str | None = None) -> list[dict[str, Any]]:
    with store.read() as session:
        return store_decisions.review_log(session, limit=limit, fact=fact)


def orphans(store: Store) -> list[dict[str, Any]]:
    with store.read() as session:
        return store_decisions.orphans(session)


def gate_case(decision: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The quote and the expected JSON of one correction or rejection."""
    kind = decision["kind"]
    expected: dict[str, Any] = {GATE_KINDS[kind]: []}
    if decision["action"] != "reject":  # a correction, or a corrected fact accepted
        values = decided_values(kind, _Decided(decision))
        if kind == "event":
            values["operator"] = (values.get("operators") or [None])[0]
        record = {name: values.get(name) for name in GATE_FIELDS[kind]}
        if kind == "plan":
            record["region"] = record["region"] or None
        expected[GATE_KINDS[kind]] = [to_json(record)]
    expected["review"] = {
        "action": decision["action"],
        "fields": decision["fields"],
        "reason": decision["reason"],
        "source": decision["source"],
    }
    return decision["quote"], expected


class _Decided:
    """A decision record read as `decided_values` reads a stored decision."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.action = record["action"]
        self.fields = record["fields"]
        self.original = record["original"]


def export_cases(store: Store, folder: Path) -> list[Path]:
    """Write a gate case for each correction and rejection; returns the expected files written."""
    with store.read() as session:
        decided = [d for d in store_decisions.decisions(session) if d["action"] == "reject" or d["fields"]]
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for decision in decided:
        name = f"review-{decision['kind']}-{decision['decision']}"
        quote, expected = gate_case(decision)
        (folder / f"{name}.txt").write_text(quote + "\n", encoding="utf-8")
        target = folder / f"{name}.expected.json"
        target.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(target)
    return written


def fact_values(store: Store, fact: str) -> dict[str, str]:
    """A fact's correctable fields as they stand now (with any correction), as text."""
    from telcoradar.store.review_apply import original_values

    with store.read() as session:
        found = store_decisions.find_fact(session, fact)
        return original_values(found.kind, found.row)


def changed_fields(store: Store, fact: str, posted: dict[str, str]) -> dict[str, str]:
    """What a form changed: the posted fields whose text differs from the fact's now."""
    now = fact_values(store, fact)
    return {
        name: value.strip() for name, value in posted.items() if name in now and value.strip() != now[name]
    }


def snapshot_window(
    store: Store, snapshot_id: int, start: int, end: int, around: int = 600
) -> tuple[str, int]:
    """The part of a snapshot's text around a quote, and where that part starts."""
    from telcoradar.store.snapshots import get_snapshot

    with store.read() as session:
        row = get_snapshot(session, snapshot_id)
        text = row.text if row is not None else ""
    begin = max(0, start - around)
    return text[begin : min(len(text), end + around)], begin
