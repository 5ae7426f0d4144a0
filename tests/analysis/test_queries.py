"""Store reads for the analysis: plans valid at a date, dated changes, events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from telcoradar.analysis.baskets import basket, cheapest
from telcoradar.analysis.changes import plan_changes
from telcoradar.model import Document, Event, Evidence, Extraction, Plan
from telcoradar.store import Store, open_store, save_extraction
from telcoradar.store.read import events, plans_valid_at

from .conftest import make_plan
from .test_moves import snapshot_march, snapshot_may

URI = "https://example.test/shanghai-visitor-cards"


def save(store: Store, plans: list[Plan], day: dt.date, event_list: tuple[Event, ...] = ()) -> None:
    text = "\n".join(p.evidence.quote for p in plans)
    document = Document(source=URI, text=text)
    save_extraction(
        store,
        Extraction(document=document, plans=tuple(plans), events=event_list),
        data=f"{day}\n{text}".encode(),
        uri=URI,
        fetched_at=dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC),
        extractor_version="test",
    )


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        save(opened, snapshot_march(), dt.date(2025, 3, 1))
        save(opened, snapshot_may(), dt.date(2025, 5, 1))
        yield opened


def test_plans_valid_at_a_date(store: Store) -> None:
    with store.read() as session:
        march = plans_valid_at(session, dt.date(2025, 4, 30))
        may = plans_valid_at(session, dt.date(2025, 5, 1), region="上海")
        before = plans_valid_at(session, dt.date(2025, 2, 28))
        now = plans_valid_at(session, operator="china-telecom")
    assert before == []
    assert sorted((p.operator, p.period_days, p.price) for p in march)[0] == ("china-mobile", 7, Decimal(100))
    assert len(march) == 4 and len(may) == 5 and [p.name for p in now] == ["畅游卡"]
    assert may[0].region == "上海" and may[0].evidence.quote and may[0].evidence.snapshot
    options = cheapest(may, basket("visitor-7d-light"))
    assert [(o.operator, o.cost) for o in options] == [
        ("china-unicom", Decimal(66)),
        ("china-mobile", Decimal(90)),
        ("china-telecom", Decimal(99)),
    ]


def test_plan_changes_in_a_window(store: Store) -> None:
    with store.read() as session:
        changes = plan_changes(session, dt.date(2025, 4, 1), dt.date(2025, 6, 1))
        first = plan_changes(session, dt.date(2025, 3, 1), dt.date(2025, 4, 1))
    got = [(c.kind, c.operator, c.plan.period_days, c.price_change_pct, c.date) for c in changes]
    may = dt.date(2025, 5, 1)
    assert got == [
        ("new", "china-telecom", 10, None, may),
        ("allowance", "china-mobile", 30, None, may),
        ("allowance", "china-mobile", 15, None, may),
        ("price_cut", "china-mobile", 7, Decimal("-10.0"), may),
        ("price_rise", "china-unicom", 7, Decimal("10.0"), may),
    ]
    assert {c.kind for c in first} == {"new"} and len(first) == 4


def test_events_with_evidence(store: Store) -> None:
    sentence = "上海移动熊猫卡降价。"
    event = Event(
        ("china-mobile",),
        "price_change",
        "tariff",
        sentence,
        Evidence(sentence, 0, len(sentence)),
        dt.date(2025, 5, 1),
        "day",
        counterparties=("浦东机场",),
    )
    save(store, snapshot_may(), dt.date(2025, 5, 2), (event,))
    with store.read() as session:
        found = events(session, operator="china-mobile")
    assert len(found) == 1 and found[0].counterparties == ("浦东机场",)
    assert found[0].evidence.quote == "上海移动熊猫卡降价。" and found[0].evidence.snapshot


def test_observations_frame_feeds_the_hedonic_model(store: Store) -> None:
    from telcoradar.store.read import observations_frame

    with store.read() as session:
        frame = observations_frame(session)
        newest = observations_frame(session, limit=5, region="上海")
    assert len(frame) == 9 and list(frame.columns) == [
        "operator",
        "region",
        "price",
        "gb",
        "unlimited",
        "minutes",
        "days",
    ]
    assert len(newest) == 5 and set(newest["price"]) <= {90.0, 130.0, 200.0, 66.0, 99.0}


def test_withdrawn_and_relisted_plans(store: Store) -> None:
    without = [p for p in snapshot_may() if p.operator != "china-unicom"]
    save(store, without, dt.date(2025, 6, 1))
    save(store, snapshot_may(), dt.date(2025, 7, 1))
    with store.read() as session:
        june = plan_changes(session, dt.date(2025, 5, 15), dt.date(2025, 6, 15))
        summer = plan_changes(session, dt.date(2025, 5, 15), operator="china-unicom")
        july = plans_valid_at(session, dt.date(2025, 6, 15), operator="china-unicom")
    assert [(c.kind, c.operator, c.date) for c in june] == [
        ("withdrawn", "china-unicom", dt.date(2025, 6, 1))
    ]
    assert [(c.kind, c.date) for c in summer] == [
        ("new", dt.date(2025, 7, 1)),
        ("withdrawn", dt.date(2025, 6, 1)),
    ]
    assert july == []


def test_validity_change_read_from_versions(store: Store) -> None:
    longer = [
        make_plan("china-unicom", "上海", "旅游卡", 8, 66, 20, 100) if p.operator == "china-unicom" else p
        for p in snapshot_may()
    ]
    save(store, longer, dt.date(2025, 6, 1))
    with store.read() as session:
        (change,) = plan_changes(session, dt.date(2025, 5, 15), dt.date(2025, 6, 15))
    assert change.kind == "allowance" and change.fields == {"period_days": (7, 8)}
    assert change.date == dt.date(2025, 6, 1)
