"""The extraction quality gate: field-level precision and recall may not fall below the pinned floors.

Floors live in gate/floors.json and only go up: when extraction gets better,
raise them to the new measured values (rounded down).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

GATE = Path(__file__).parent / "gate"


def _scoring() -> ModuleType:
    spec = importlib.util.spec_from_file_location("telcoradar_gate_scoring", GATE / "scoring.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


scoring = _scoring()
Measured = dict[str, dict[str, dict[str, float]]]


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, dict[str, float]]]:
    results: dict[str, dict[str, dict[str, float]]] = scoring.measured()
    print("\n" + scoring.table(results))
    return results


def _floors() -> list[tuple[str, str, str, float]]:
    floors = json.loads((GATE / "floors.json").read_text("utf-8"))
    return [
        (kind, field, metric, value)
        for kind, fields in floors.items()
        for field, metrics in fields.items()
        for metric, value in metrics.items()
    ]


@pytest.mark.parametrize(("kind", "field", "metric", "floor"), _floors())
def test_floor(measured: Measured, kind: str, field: str, metric: str, floor: float) -> None:
    value = measured[kind][field][metric]
    assert value >= floor, f"{kind}.{field} {metric} {value:.3f} fell below its floor {floor}"


def test_every_case_has_one_document() -> None:
    assert len(scoring.cases()) >= 10


def test_scoring_counts_spurious_and_missed_records() -> None:
    kind = scoring.KINDS["plans"]
    expected = [{"price": 10, "currency": "GBP", "operator": "ee", "data_gb": 5}]
    got = [
        {"price": 10, "currency": "GBP", "operator": "ee", "data_gb": 6},
        {"price": 99, "currency": "GBP", "operator": "ee"},
    ]
    tallies: dict[str, object] = {}
    scoring.score_pairs(kind, scoring.pair(kind, expected, got), tallies)
    count, data, operator = tallies["count"], tallies["data_gb"], tallies["operator"]
    assert (count.precision, count.recall) == (0.5, 1.0)  # type: ignore[attr-defined]
    assert (data.precision, data.recall) == (0.0, 0.0)  # type: ignore[attr-defined]
    assert (operator.precision, operator.recall) == (0.5, 1.0)  # type: ignore[attr-defined]


def test_same_compares_numbers_as_decimals() -> None:
    assert scoring.same(0.48828125, scoring.Decimal("0.48828125"))
    assert not scoring.same(None, 0)
    assert not scoring.same(False, 0)


def test_figures_measure_holds_the_expected_words_and_events_pair_by_operator() -> None:
    figures = scoring.KINDS["figures"]
    expected = [{"measure": "微短剧市场规模", "value": 50400000000, "unit": "CNY", "year": 2024}]
    got = [
        {"measure": "中国微短剧市场规模", "value": 50400000000, "unit": "CNY", "year": 2024},
        {"measure": "用户", "value": 5, "unit": "count", "year": None},
    ]
    tallies: dict[str, object] = {}
    scoring.score_pairs(figures, scoring.pair(figures, expected, got), tallies)
    measure, count = tallies["measure"], tallies["count"]
    assert (measure.precision, measure.recall) == (0.5, 1.0)  # type: ignore[attr-defined]
    assert (count.precision, count.recall) == (0.5, 1.0)  # type: ignore[attr-defined]
    events = scoring.KINDS["events"]
    ee, o2 = {"operator": "ee", "kind": "launch"}, {"operator": "o2-uk", "kind": "launch"}
    assert scoring.pair(events, [ee], [o2]) == [(ee, None), (None, o2)]
