"""Decisions on facts: applied at once, after re-extraction and in later captures; audited; one winner."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from telcoradar.jobs.pipeline import ingest_bytes, reextract
from telcoradar.store import Store, open_store
from telcoradar.store import read as store_read
from telcoradar.store.decisions import Conflict, UnknownFact, decide, orphans, review_log
from telcoradar.store.records import plan_record
from telcoradar.store.review_fields import FieldError
from telcoradar.store.review_queue import queue
from telcoradar.store.schema import PlanObservationRow

REPORT = (Path(__file__).with_name("fixtures") / "inbound-report.md").read_bytes()
URI = "https://news.example.cn/inbound-report.md"
MAY = dt.datetime(2025, 5, 20, 8, 0, tzinfo=dt.UTC)
JUNE = dt.datetime(2025, 6, 20, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(store_url: str) -> Any:
    with open_store(store_url) as opened:
        ingest_bytes(opened, REPORT, URI, content_type="text/markdown", fetched_at=MAY)
        yield opened


def fact_id(store: Store, name: str, days: int | None = None) -> str:
    with store.read() as session:
        items = queue(session, kind="plan")
    found = [
        i["id"] for i in items if i["fields"]["name"] == name and days in (None, i["fields"]["period_days"])
    ]
    assert len(found) == 1, (name, days, [i["fields"]["name"] for i in items])
    return str(found[0])


def plans(store: Store) -> dict[tuple[str, int | None], dict[str, Any]]:
    with store.read() as session:
        return {
            (r["name"], r["period_days"]): r for r in map(plan_record, store_read.plan_versions_at(session))
        }


def test_a_correction_and_a_rejection_apply_at_once_and_survive_reextraction(store: Store) -> None:
    panda, trial = fact_id(store, "熊猫卡", 7), fact_id(store, "首日3GB免费流量体验卡")
    with store.write() as session:
        decide(session, panda, "correct", fields={"price": "92"}, who="li", version=0)
        decide(session, trial, "reject", who="li", reason="a free welcome offer, not a tariff", version=0)
    for _ in range(2):  # as decided, and again after every snapshot is extracted anew
        shown = plans(store)
        assert shown[("熊猫卡", 7)]["price"] == Decimal("92.00")
        assert shown[("熊猫卡", 7)]["review"] == "corrected"
        assert shown[("熊猫卡", 15)]["price"] == Decimal("130.00")
        assert shown[("熊猫卡", 15)]["review"] == "pending"
        assert not [name for name, _days in shown if "体验卡" in name]
        assert reextract(store, all_snapshots=True).snapshots == 1
    with store.read() as session:
        log = review_log(session)
        waiting = {item["fields"]["name"] for item in queue(session, kind="plan")}
    assert [(e["fact"], e["action"], e["who"]) for e in log] == [
        (trial, "reject", "li"),
        (panda, "correct", "li"),
    ]
    assert log[1]["old"]["price"] == "90" and log[1]["new"]["price"] == "92"
    assert log[0]["reason"] == "a free welcome offer, not a tariff"
    assert "首日3GB免费流量体验卡" not in waiting and "畅行卡" in waiting


def test_accepting_a_corrected_plan_keeps_the_correction(store: Store) -> None:
    panda = fact_id(store, "熊猫卡", 7)
    with store.write() as session:
        decide(session, panda, "correct", fields={"price": "92"}, who="li", version=0)
        accepted = decide(session, panda, "accept", who="wang", version=1)
    assert accepted["fields"] == {"price": "92"} and accepted["review"] == "accepted"
    for _ in range(2):  # as decided, and after re-extraction
        shown = plans(store)[("熊猫卡", 7)]
        assert (shown["price"], shown["review"]) == (Decimal("92.00"), "accepted")
        reextract(store, all_snapshots=True)
    with store.read() as session:  # re-extraction stored new rows: the fact has a new id
        (row_id,) = session.scalars(
            select(PlanObservationRow.id).where(
                PlanObservationRow.name == "熊猫卡", PlanObservationRow.period_days == 7
            )
        ).all()
    with store.write() as session:
        decide(session, f"p{row_id}", "reject", who="wang", version=2)
        decide(session, f"p{row_id}", "accept", who="li", version=3)
    shown = plans(store)[("熊猫卡", 7)]
    assert (shown["price"], shown["review"]) == (Decimal("90.00"), "accepted")  # a rejection dropped it


def test_a_later_capture_keeps_decisions_on_what_it_repeats(store: Store) -> None:
    panda, jiangxi, zhejiang = (
        fact_id(store, "熊猫卡", 7),
        fact_id(store, "畅行卡"),
        fact_id(store, "浙江旅游卡"),
    )
    with store.write() as session:
        decide(session, panda, "correct", fields={"price": "92"}, who="li")
        decide(session, jiangxi, "accept", who="wang")
        decide(session, zhejiang, "correct", fields={"data_gb": "45GB"}, who="wang")
    changed = REPORT.replace("159元\t40GB".encode(), "169元\t40GB".encode())
    assert changed != REPORT
    ingest_bytes(store, changed, URI, content_type="text/markdown", fetched_at=JUNE)
    shown = plans(store)
    assert (shown[("熊猫卡", 7)]["price"], shown[("熊猫卡", 7)]["review"]) == (Decimal("92.00"), "corrected")
    assert shown[("畅行卡", 7)]["review"] == "accepted"
    assert shown[("浙江旅游卡", 15)]["price"] == Decimal("169.00")
    assert shown[("浙江旅游卡", 15)]["data_gb"] == Decimal("40.000")  # the correction was of another row
    assert shown[("浙江旅游卡", 15)]["review"] == "pending"
    with store.read() as session:
        lost = orphans(session)
    assert [(d["fields"], d["who"]) for d in lost] == [({"data_gb": "45GB"}, "wang")]


def test_two_analysts_deciding_at_once_one_wins_and_nothing_is_half_written(store: Store) -> None:
    panda = fact_id(store, "熊猫卡", 7)
    start = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def analyst(name: str, action: str, fields: dict[str, str] | None) -> None:
        start.wait()
        try:
            with store.write() as session:
                decide(session, panda, action, fields=fields, who=name, version=0)
            outcome[name] = "won"
        except Conflict as exc:
            outcome[name] = str(exc)

    threads = [
        threading.Thread(target=analyst, args=("li", "correct", {"price": "92"})),
        threading.Thread(target=analyst, args=("wang", "reject", None)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcome.values()).count("won") == 1, outcome
    winner = next(name for name, said in outcome.items() if said == "won")
    loser = next(name for name in outcome if name != winner)
    assert panda in outcome[loser] and "look again" in outcome[loser]
    with store.read() as session:
        log = review_log(session)
    assert [(e["who"], e["fact"]) for e in log] == [(winner, panda)]
    shown = plans(store)
    if winner == "li":
        assert shown[("熊猫卡", 7)]["price"] == Decimal("92.00")
    else:
        assert ("熊猫卡", 7) not in shown
    with store.write() as session:  # who saw the decision may change it, once
        decide(session, panda, "accept", who=loser, version=1)
    with pytest.raises(Conflict, match="version 2"), store.write() as session:
        decide(session, panda, "accept", who=winner, version=1)


def test_a_bad_value_or_fact_is_refused_and_nothing_is_written(store: Store) -> None:
    panda = fact_id(store, "熊猫卡", 7)
    cases = [
        ({"price": "ninety"}, "price: 'ninety' is not a number"),
        ({"price": "-5"}, "is negative"),
        ({"period_days": "soon"}, "is not a period"),
        ({"colour": "red"}, "'colour' is not a field of a plan"),
        ({"kind": "gift"}, "is not one of base, addon, trial, auto"),
        ({"price": "none"}, "price cannot be unknown"),
    ]
    for fields, message in cases:
        with pytest.raises(FieldError, match=message), store.write() as session:
            decide(session, panda, "correct", fields=fields, who="li")
    with pytest.raises(UnknownFact, match="p999999: no such plan"), store.write() as session:
        decide(session, "p999999", "accept", who="li")
    with store.read() as session:
        assert review_log(session) == []
    assert plans(store)[("熊猫卡", 7)]["review"] == "pending"


def test_typed_corrections_of_days_data_and_unknowns(store: Store) -> None:
    jiangxi = fact_id(store, "畅行卡")
    with store.write() as session:
        decide(session, jiangxi, "correct", fields={"data_gb": "512MB", "intl_voice_min": "none"}, who="li")
    shown = plans(store)[("畅行卡", 7)]
    assert shown["data_gb"] == Decimal("0.500") and shown["intl_voice_min"] is None
    with store.write() as session:
        decide(session, jiangxi, "correct", fields={"period_days": "10天"}, who="li")
    shown = plans(store)
    assert ("畅行卡", 10) in shown and ("畅行卡", 7) not in shown
    assert shown[("畅行卡", 10)]["data_gb"] == Decimal("0.500")  # a further correction adds to the last
    with store.write() as session:  # accepting after a correction accepts the corrected values
        decide(session, jiangxi, "accept", who="wang")
    assert plans(store)[("畅行卡", 10)]["data_gb"] == Decimal("0.500")


def test_a_rejected_event_is_gone_from_reads_and_stays_gone(store: Store) -> None:
    with store.read() as session:
        items = queue(session, kind="event")
    assert len(items) == 1 and items[0]["fields"]["sentence"].startswith("在机场的营业厅里")
    with store.write() as session:
        decide(session, items[0]["id"], "reject", who="li")
    for _ in range(2):
        with store.read() as session:
            assert store_read.events(session) == []
            assert queue(session, kind="event") == []
        reextract(store, all_snapshots=True)


def test_an_event_corrected_keeps_its_correction_through_reextraction(store: Store) -> None:
    with store.read() as session:
        (item,) = queue(session, kind="event")
    fields = {"kind": "partnership", "date": "2025-05-01", "operators": "china-mobile,china-unicom"}
    with store.write() as session:
        decide(session, item["id"], "correct", fields=fields, who="li")
    for _ in range(2):
        with store.read() as session:
            (event,) = store_read.events(session)
            by_unicom = store_read.events(session, operator="china-unicom")
        assert (event.kind, event.date, event.date_precision, event.operators) == (
            "partnership",
            dt.date(2025, 5, 1),
            "day",
            ("china-mobile", "china-unicom"),
        )
        assert len(by_unicom) == 1  # the operators' index follows the correction
        reextract(store, all_snapshots=True)


def test_a_figure_corrected_or_rejected_stays_so_in_the_next_capture(store: Store) -> None:
    news = "据测算，2024年中国微短剧市场规模达到504亿元。\n\n2024年，全国入境旅客达到6488万人次。\n".encode()
    uri = "https://news.example.cn/market.md"
    ingest_bytes(store, news, uri, content_type="text/markdown", fetched_at=MAY)
    with store.read() as session:
        items = {i["fields"]["unit"] == "CNY": i for i in queue(session, kind="figure")}
    assert len(items) == 2  # the market size in yuan, and the visitors
    with store.write() as session:
        decide(session, items[True]["id"], "correct", fields={"value": "50500000000"}, who="li")
        decide(session, items[False]["id"], "reject", who="li")
    again = news + "\n另据统计，短剧用户规模继续扩大。\n".encode()
    ingest_bytes(store, again, uri, content_type="text/markdown", fetched_at=JUNE)
    with store.read() as session:
        stored = store_read.figures(session)
        assert queue(session, kind="figure") == []
    values = [(f.unit, f.value) for f in stored]  # a capture each: corrected in both, the visitors in none
    assert values == [("CNY", Decimal("50500000000")), ("CNY", Decimal("50500000000"))]
