"""Plan versions across snapshots: changed, extended, withdrawn; and the price on a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

import fakedocs
from telcoradar.store import Saved, Store, open_store, save_extraction
from telcoradar.store.plans import observations, plan_history, plans_at, rebuild_versions
from telcoradar.store.schema import PlanVersionRow

URI = "https://sh.10086.cn/tariffs"


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)


def save(store: Store, data: bytes, when: str, uri: str = URI) -> Saved:
    extraction = fakedocs.extract(fakedocs.read(data, uri))
    return save_extraction(store, extraction, data=data, uri=uri, fetched_at=at(when), extractor_version="t")


def sh(name: str, price: str, days: int) -> tuple[str, str, str, str, int, str]:
    return ("china-mobile", "上海", name, price, days, "10")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def three(store: Store) -> Store:
    save(
        store,
        fakedocs.page([sh("7日卡", "38", 7), sh("15日卡", "60", 15), sh("30日卡", "100", 30)]),
        "2025-02-01",
    )
    save(
        store,
        fakedocs.page([sh("7日卡", "35", 7), sh("15日卡", "60", 15), sh("30日卡", "100", 30)]),
        "2025-02-20",
    )
    save(store, fakedocs.page([sh("7 日卡", "35", 7), sh("30日卡", "100", 30)]), "2025-03-10")
    return store


def versions(store: Store, name: str) -> list[tuple[Decimal, dt.datetime, dt.datetime | None]]:
    with store.read() as session:
        (row,) = plans_at(session, at("2025-02-02"), name=name) or plans_at(session, name=name)
        return [(v.price, v.valid_from, v.valid_to) for v in plan_history(session, row.plan_key)]


def test_a_price_change_closes_the_version_and_opens_a_new_one(three: Store) -> None:
    assert versions(three, "7日卡") == [
        (Decimal("38.00"), at("2025-02-01"), at("2025-02-20")),
        (Decimal("35.00"), at("2025-02-20"), None),
    ]


def test_unchanged_attributes_extend_the_version(three: Store) -> None:
    assert versions(three, "30日卡") == [(Decimal("100.00"), at("2025-02-01"), None)]
    with three.read() as session:
        (current,) = plans_at(session, name="30日卡")
        assert current.last_seen_at == at("2025-03-10")
        assert current.first_observation_id != current.last_observation_id


def test_a_plan_missing_from_the_next_capture_is_withdrawn(three: Store) -> None:
    assert versions(three, "15日卡") == [(Decimal("60.00"), at("2025-02-01"), at("2025-03-10"))]
    with three.read() as session:
        assert [v.name for v in plans_at(session)] == ["30日卡", "7日卡"]


def test_the_7_day_card_price_on_1_march_is_one_query(three: Store) -> None:
    with three.read() as session:
        (row,) = plans_at(session, at("2025-03-01"), operator="china-mobile", region="上海", period_days=7)
        assert (row.name, row.price, row.currency) == ("7日卡", Decimal("35.00"), "CNY")
        (before,) = plans_at(session, at("2025-02-10"), region="上海", name="7日卡")
        assert before.price == Decimal("38.00")
        assert plans_at(session, at("2025-01-01")) == []
        assert {v.name for v in plans_at(session, at("2025-03-05"))} == {"7日卡", "15日卡", "30日卡"}


def test_another_uri_does_not_withdraw_what_it_never_showed(three: Store) -> None:
    save(
        three, fakedocs.page([sh("30日卡", "100", 30)], prose="Article."), "2025-03-05", uri="https://news/a"
    )
    save(three, fakedocs.page([], prose="Article, edited."), "2025-03-13", uri="https://news/a")
    with three.read() as session:
        # The article stopped listing the 30-day card, but the tariff page showed it last: it stays.
        (card,) = plans_at(session, name="30日卡")
        assert (card.valid_from, card.last_seen_at) == (at("2025-02-01"), at("2025-03-10"))
        assert [v.name for v in plans_at(session)] == ["30日卡", "7日卡"]


def test_rebuilding_versions_from_observations_gives_the_same_history(three: Store) -> None:
    def snapshot() -> list[tuple[object, ...]]:
        with three.read() as session:
            rows = session.query(PlanVersionRow).order_by(PlanVersionRow.plan_key, PlanVersionRow.valid_from)
            return [(r.plan_key, r.price, r.valid_from, r.valid_to, r.last_seen_at) for r in rows]

    incremental = snapshot()
    with three.write() as session:
        assert rebuild_versions(session) == 4
    assert snapshot() == incremental


def test_a_capture_older_than_the_last_rebuilds_the_history(store: Store) -> None:
    save(store, fakedocs.page([sh("7日卡", "35", 7)]), "2025-02-20")
    save(store, fakedocs.page([sh("7日卡", "38", 7)]), "2025-02-01")  # an archived copy, ingested late
    assert versions(store, "7日卡") == [
        (Decimal("38.00"), at("2025-02-01"), at("2025-02-20")),
        (Decimal("35.00"), at("2025-02-20"), None),
    ]


def test_observations_keep_every_sighting_with_evidence(three: Store) -> None:
    with three.read() as session:
        rows = observations(session, operator="china-mobile", region="上海", since=at("2025-02-15"))
        assert len(rows) == 5
        first = rows[0]
        assert first.quote == "PLAN|china-mobile|上海|7日卡|35|7|10"
        assert (first.quote_start, first.quote_end) == (9, 9 + len(first.quote))
        assert first.data_gb == Decimal("10.000")
        assert first.observed_at.tzinfo is not None


def test_unlimited_calls_and_texts_are_stored_and_a_change_makes_a_version(store: Store) -> None:
    from dataclasses import replace

    from telcoradar.model import Document, Evidence, Extraction, Plan

    data = b"Unlimited UK minutes and texts, 50GB, \xc2\xa314 a month"
    doc = Document(source=URI, text=data.decode("utf-8"))
    plan = Plan("vodafone-uk", "Vodafone", None, "Red 50GB", Decimal(14), "GBP", 30, Evidence("x", 0, 1),
                data_gb=Decimal(50), voice_unlimited=True, sms_unlimited=True)  # fmt: skip
    for when, shown in (("2025-02-01", plan), ("2025-03-01", replace(plan, sms_unlimited=False))):
        extraction = Extraction(document=doc, plans=(shown,))
        body = data + when.encode()
        save_extraction(store, extraction, data=body, uri=URI, fetched_at=at(when), extractor_version="t")
    with store.read() as session:
        (current,) = plans_at(session)
        assert (current.voice_unlimited, current.sms_unlimited) == (True, False)
        history = plan_history(session, current.plan_key)
        assert [(v.sms_unlimited, v.valid_to) for v in history] == [(True, at("2025-03-01")), (False, None)]


def test_the_attributes_digest_of_a_plan_without_unlimited_calls_is_unchanged() -> None:
    from telcoradar.store.plans import ATTRIBUTES, attrs_key
    from telcoradar.store.sql import digest

    values = {name: None for name in ATTRIBUTES} | {
        "perks": [],
        "voice_unlimited": False,
        "sms_unlimited": False,
    }
    assert attrs_key(values) == digest(*([None] * (len(ATTRIBUTES) - 2)), "[]", None)
    assert attrs_key(values | {"voice_unlimited": True}) != attrs_key(values)


def test_a_page_of_plans_reads_perks_and_prices_as_stored(store: Store) -> None:
    from telcoradar.model import Document, Evidence, Extraction, Plan
    from telcoradar.store.plan_pages import NAMES, PlanFilter, plan_dicts, plan_page_rows

    doc = Document(source=URI, text="x")
    shown = (
        Plan("china-mobile", "移动", "上海", "A卡", Decimal("19.9"), "CNY", 30, Evidence("x", 0, 1),
             perks=("视频会员", "5G")),
        Plan("china-mobile", "移动", "上海", "B卡", Decimal(8), "CNY", 7, Evidence("x", 0, 1)),
    )  # fmt: skip
    extraction = Extraction(document=doc, plans=shown)
    save_extraction(store, extraction, data=b"x", uri=URI, fetched_at=at("2025-02-01"), extractor_version="t")
    with store.read() as session:
        total, rows = plan_page_rows(session, PlanFilter(), sort="name")
    assert total == 2
    dicts = plan_dicts(rows)
    assert [tuple(d) for d in dicts] == [NAMES, NAMES]
    assert [(d["name"], d["price"], d["perks"]) for d in dicts] == [
        ("A卡", Decimal("19.9"), ["视频会员", "5G"]),
        ("B卡", Decimal(8), []),
    ]
