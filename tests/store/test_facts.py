"""Events deduplicated across documents with every mention kept; figures with Decimal values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

import fakedocs
from telcoradar.store import Store, open_store, save_extraction
from telcoradar.store.facts import list_events, list_figures, mention_counts, mentions_of

MOVE = "EVENT|china-mobile,china-telecom|partnership|quantum|2025-05-12|2000000000|{}"


def save(store: Store, text: str, uri: str) -> None:
    data = text.encode("utf-8")
    extraction = fakedocs.extract(fakedocs.read(data, uri))
    when = dt.datetime(2025, 5, 20, tzinfo=dt.UTC)
    save_extraction(store, extraction, data=data, uri=uri, fetched_at=when, extractor_version="t")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def test_the_same_move_reported_by_two_documents_is_one_event_with_two_mentions(store: Store) -> None:
    save(
        store,
        "Weekly news.\n" + MOVE.format("中国移动与中国电信签署量子合作协议，金额20亿元。"),
        "https://a/1",
    )
    save(store, MOVE.format("移动、电信量子合作落地（20亿元）"), "https://b/2")
    save(store, "EVENT|china-unicom|launch|short_drama|2025-05-01||联通上线短剧专区", "https://b/3")
    with store.read() as session:
        quantum = list_events(session, domain="quantum")
        assert len(quantum) == 1
        event = quantum[0]
        assert (event.kind, event.date, event.amount) == (
            "partnership",
            dt.date(2025, 5, 12),
            Decimal("2000000000.00"),
        )
        assert event.operators == ["china-mobile", "china-telecom"]
        mentions = mentions_of(session, event.id)
        assert [m["uri"] for m in mentions] == ["https://a/1", "https://b/2"]
        assert mentions[0]["start"] == len("Weekly news.\n")
        assert mentions[1]["quote"].endswith("（20亿元）")
        assert mention_counts(session, [event.id]) == {event.id: 2}
        # Any operator the event names finds it; a date filter cuts older moves.
        assert [e.id for e in list_events(session, operator="china-telecom")] == [event.id]
        assert [e.domain for e in list_events(session, since=dt.date(2025, 5, 1))] == [
            "quantum",
            "short_drama",
        ]
        assert list_events(session, since=dt.date(2025, 6, 1)) == []


def test_undated_moves_are_merged_only_when_the_sentence_is_the_same(store: Store) -> None:
    save(
        store,
        "EVENT|china-unicom|launch|ai|||联通发布大模型。\nEVENT|china-unicom|launch|ai|||联通发布新品",
        "u:1",
    )
    save(store, "EVENT|china-unicom|launch|ai|||联通 发布 大模型", "u:2")
    with store.read() as session:
        assert sorted(e.sentence for e in list_events(session, domain="ai")) == [
            "联通发布大模型。",
            "联通发布新品",
        ]


def test_figures_keep_exact_decimal_values_and_evidence(store: Store) -> None:
    save(
        store,
        "Market.\nFIGURE|短剧市场规模|50400000000|CNY|2024\nFIGURE|入境游客|64884000.5|people|2025",
        "f:1",
    )
    with store.read() as session:
        rows = list_figures(session)
        assert [(f.measure, f.value, f.year) for f in rows] == [
            ("短剧市场规模", Decimal("50400000000.000000"), 2024),
            ("入境游客", Decimal("64884000.500000"), 2025),
        ]
        assert isinstance(rows[0].value, Decimal)
        assert rows[0].quote == "FIGURE|短剧市场规模|50400000000|CNY|2024"
        assert rows[0].quote_start == len("Market.\n")
        assert [f.measure for f in list_figures(session, measure="短剧")] == ["短剧市场规模"]
