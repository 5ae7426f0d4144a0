"""The extraction quality gate: field-level precision and recall over the golden cases.

A case is a document in ``cases/`` (``<name>.html``, ``.md`` or ``.txt``)
and ``<name>.expected.json`` holding ``{"plans": [...], "events": [...],
"figures": [...]}``; a case scores only the kinds it lists (a news case may
annotate events and figures and leave plans out). The document is read as
the product reads it (``read_path``) and extracted; each kind of record is
then paired with the expected records of the same case and scored field by
field. A figure's measure counts as right when it holds the expected words.

Scoring of one field: every expected record with a non-null value is a
recall slot, hit when its paired extracted record holds the same value;
every extracted record with a non-null value is a precision slot, hit when
its paired expected record holds the same value. An extracted record with
no pair (a plan that is not there) costs precision on each of its fields; a
missed expected record costs recall. ``count`` scores the records themselves.

A kind is a ``Kind`` in ``KINDS``: its fields, how to extract it, and which
pairs may match. Events and figures join by adding theirs.

Run ``python tests/extract/gate/scoring.py`` for the table.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from telcoradar.model import Document, normalize_name, to_json
from telcoradar.read import read_path, with_url

HERE = Path(__file__).parent
CASES = HERE / "cases"
FLOORS = HERE / "floors.json"
DOC_SUFFIXES = (".html", ".md", ".txt")

Record = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    """One kind of record the gate scores."""

    name: str  # the key in the expected JSON
    fields: tuple[str, ...]  # the fields scored
    extract: Callable[[Document], Iterable[Any]]
    compatible: Callable[[Record, Record], bool]  # may these two records be a pair?
    agree: Callable[[str, Any, Any], bool] = lambda field, expected, got: same(expected, got)


def _extract_plans(doc: Document) -> Iterable[Any]:
    from telcoradar.extract.plans import extract_plans

    return extract_plans(doc)


def same(a: Any, b: Any) -> bool:
    """Equal values; numbers compare as decimals (0.48828125 GB == 500 MB)."""
    if a is None or b is None:
        return a is b
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float, Decimal)) and isinstance(b, (int, float, Decimal)):
        return abs(Decimal(str(a)) - Decimal(str(b))) < Decimal("0.000001")
    return bool(a == b)


def _plans_compatible(expected: Record, got: Record) -> bool:
    return same(expected.get("price"), got.get("price")) and expected.get("currency") == got.get("currency")


def _plans_agree(field: str, expected: Any, got: Any) -> bool:
    """A plan's name is right when it folds to the expected one (Plan.key's normalize_name)."""
    if field == "name" and isinstance(expected, str) and isinstance(got, str):
        return normalize_name(expected) == normalize_name(got)
    return same(expected, got)


def _extract_events(doc: Document) -> Iterable[Any]:
    from telcoradar.extract.events import extract_events

    return extract_events(doc)


def _extract_figures(doc: Document) -> Iterable[Any]:
    from telcoradar.extract.figures import extract_figures

    return extract_figures(doc)


def _events_compatible(expected: Record, got: Record) -> bool:
    return bool(expected.get("operator") == got.get("operator"))


def _figures_compatible(expected: Record, got: Record) -> bool:
    return same(expected.get("value"), got.get("value"))


def _figures_agree(field: str, expected: Any, got: Any) -> bool:
    """A figure's measure is right when it holds the expected words (中国微短剧市场规模 ⊇ 微短剧市场规模)."""
    if field == "measure" and isinstance(expected, str) and isinstance(got, str):
        return expected in got
    return same(expected, got)


KINDS: dict[str, Kind] = {
    "plans": Kind(
        name="plans",
        fields=(
            "operator",
            "region",
            "price",
            "currency",
            "period_days",
            "data_gb",
            "data_unlimited",
            "voice_min",
            "intl_voice_min",
            "name",
            "voice_unlimited",
            "sms_unlimited",
            "audience",
        ),
        extract=_extract_plans,
        compatible=_plans_compatible,
        agree=_plans_agree,
    ),
    "events": Kind(
        name="events",
        fields=("operator", "kind", "domain", "date", "date_precision", "amount", "currency"),
        extract=_extract_events,
        compatible=_events_compatible,
    ),
    "figures": Kind(
        name="figures",
        fields=("measure", "value", "unit", "year", "forecast", "growth_rate", "growth_kind"),
        extract=_extract_figures,
        compatible=_figures_compatible,
        agree=_figures_agree,
    ),
}


@dataclass
class Tally:
    precision_hits: int = 0
    precision_slots: int = 0
    recall_hits: int = 0
    recall_slots: int = 0

    @property
    def precision(self) -> float:
        return self.precision_hits / self.precision_slots if self.precision_slots else 1.0

    @property
    def recall(self) -> float:
        return self.recall_hits / self.recall_slots if self.recall_slots else 1.0


def _filled(value: Any) -> bool:
    """A value that states something: not null, not false, not an empty name."""
    return value is not None and value is not False and value != ""


def pair(kind: Kind, expected: list[Record], got: list[Record]) -> list[tuple[Record | None, Record | None]]:
    """Pairs of (expected, extracted): greedily the compatible pairs that agree on most fields."""
    scored = []
    for i, e in enumerate(expected):
        for j, g in enumerate(got):
            if kind.compatible(e, g):
                agree = sum(kind.agree(f, e.get(f), g.get(f)) for f in kind.fields)
                scored.append((-agree, i, j))
    scored.sort()
    used_e: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[Record | None, Record | None]] = []
    for _, i, j in scored:
        if i not in used_e and j not in used_g:
            used_e.add(i)
            used_g.add(j)
            pairs.append((expected[i], got[j]))
    pairs += [(e, None) for i, e in enumerate(expected) if i not in used_e]
    pairs += [(None, g) for j, g in enumerate(got) if j not in used_g]
    return pairs


Pairs = list[tuple[Record | None, Record | None]]


def score_pairs(kind: Kind, pairs: Pairs, tallies: dict[str, Tally]) -> None:
    count = tallies.setdefault("count", Tally())
    for e, g in pairs:
        if e is not None:
            count.recall_slots += 1
            count.recall_hits += g is not None
        if g is not None:
            count.precision_slots += 1
            count.precision_hits += e is not None
        for f in kind.fields:
            t = tallies.setdefault(f, Tally())
            ev = e.get(f) if e is not None else None
            gv = g.get(f) if g is not None else None
            if e is not None and _filled(ev):
                t.recall_slots += 1
                t.recall_hits += g is not None and kind.agree(f, ev, gv)
            if g is not None and _filled(gv):
                t.precision_slots += 1
                t.precision_hits += e is not None and kind.agree(f, ev, gv)


def cases() -> list[tuple[Path, Path]]:
    """(document, expected JSON) of every case."""
    out = []
    for expected in sorted(CASES.glob("*.expected.json")):
        stem = expected.name[: -len(".expected.json")]
        docs = [CASES / f"{stem}{suffix}" for suffix in DOC_SUFFIXES if (CASES / f"{stem}{suffix}").exists()]
        if len(docs) != 1:
            raise FileNotFoundError(f"{expected}: expected one document named {stem}.html/.md/.txt")
        out.append((docs[0], expected))
    return out


def runs() -> Iterator[tuple[Path, Kind, Pairs]]:
    """(document, kind, pairs) for every case and every kind the case annotates."""
    for doc_path, expected_path in cases():
        expected = json.loads(expected_path.read_text("utf-8"))
        doc = read_path(doc_path)
        if expected.get("url"):  # the address it was captured from, which may date it
            doc = with_url(doc, expected["url"])
        for name, kind in KINDS.items():
            if name not in expected:
                continue  # the case does not annotate this kind
            got = [to_json(r) for r in kind.extract(doc)]
            yield doc_path, kind, pair(kind, list(expected[name]), got)


def evaluate() -> dict[str, dict[str, Tally]]:
    """Tallies per kind and field over every case."""
    results: dict[str, dict[str, Tally]] = {name: {} for name in KINDS}
    for _, kind, pairs in runs():
        score_pairs(kind, pairs, results[kind.name])
    return results


def measured() -> dict[str, dict[str, dict[str, float]]]:
    """{kind: {field: {"precision": p, "recall": r}}} over every case."""
    return {
        name: {f: {"precision": t.precision, "recall": t.recall} for f, t in tallies.items()}
        for name, tallies in evaluate().items()
    }


def table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    lines = [f"{'kind':8} {'field':16} {'precision':>9} {'recall':>7}"]
    for name, fields in results.items():
        for f, pr in fields.items():
            lines.append(f"{name:8} {f:16} {pr['precision']:9.3f} {pr['recall']:7.3f}")
    return "\n".join(lines)


def per_case() -> str:
    """Which cases lose points: one line per case and kind with its misses."""
    lines = []
    for doc_path, kind, pairs in runs():
        for e, g in pairs:
            bad = [
                f
                for f in kind.fields
                if e is None
                or g is None
                or ((_filled(e.get(f)) or _filled(g.get(f))) and not kind.agree(f, e.get(f), g.get(f)))
            ]
            if bad:
                record = e or g or {}
                label = record.get("name") or record.get("measure") or str(record.get("sentence", ""))[:40]
                where = "missed" if g is None else "spurious" if e is None else "wrong"
                detail = "" if e is None or g is None else str({f: (e.get(f), g.get(f)) for f in bad})
                lines.append(f"{doc_path.name}: {kind.name} {label!r} {where} {detail}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measured()))
    if "-v" in sys.argv:
        print(per_case())
