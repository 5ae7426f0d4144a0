"""From the store to the briefing's inputs: current plans, what changed since a day, and evidence."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from telcoradar.jobs.briefing import default_since, gather, write_store_briefing
from telcoradar.jobs.pipeline import ingest_bytes
from telcoradar.store import open_store
from telcoradar.store.read import capture_dates

PAGE = """<html><head><meta charset="utf-8"><title>北京移动灵动卡</title></head><body>
<h1>北京移动 灵动卡</h1>
<table><tr><th>套餐名</th><th>有效期</th><th>资费</th><th>境内流量</th><th>境内语音</th></tr>
{rows}</table></body></html>"""
ROW = "<tr><td>{name}</td><td>{days}天</td><td>{price}元</td><td>{gb}GB</td><td>100分钟</td></tr>"


def page(*plans: tuple[int, int, int]) -> bytes:
    rows = "".join(
        ROW.format(name="体验卡" if d == 3 else "灵动卡", days=d, price=p, gb=g) for d, p, g in plans
    )
    return PAGE.format(rows=rows).encode("utf-8")


def at(day: int, month: int) -> dt.datetime:
    return dt.datetime(2025, month, day, 9, tzinfo=dt.UTC)


def test_gather_finds_changes_since_the_previous_capture(store_url: str, tmp_path: Path) -> None:
    uri = "https://bj.example/smart-card.html"
    with open_store(store_url) as store:
        ingest_bytes(store, page((7, 100, 30), (30, 280, 80), (3, 39, 10)), uri, fetched_at=at(15, 3))
        ingest_bytes(store, page((7, 100, 30), (30, 250, 80), (10, 120, 35)), uri, fetched_at=at(20, 5))
        with store.read() as session:
            assert capture_dates(session) == [dt.date(2025, 3, 15), dt.date(2025, 5, 20)]
            assert default_since(session) == dt.date(2025, 3, 16)
        inputs = gather(store)
        kinds = sorted((c.kind, c.plan.period_days) for c in inputs.changes)
        assert kinds == [("new", 10), ("price_cut", 30), ("withdrawn", 3)]
        cut = next(c for c in inputs.changes if c.kind == "price_cut")
        assert cut.before is not None and cut.after is not None
        assert (cut.before.price, cut.after.price) == (280, 250)
        assert inputs.sources[cut.after.evidence.snapshot or ""].uri == uri
        assert inputs.sources[cut.before.evidence.snapshot or ""].fetched_at == at(15, 3)
        assert "250元" in cut.after.evidence.quote
        assert sorted(p.period_days or 0 for p in inputs.plans) == [7, 10, 30]
        assert inputs.as_of == dt.date(2025, 5, 20)
        assert gather(store, since=dt.date(2025, 6, 1)).changes == []

        path, briefing = write_store_briefing(store, tmp_path / "b.html", lang="en")
        text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
        assert "price cut from CN¥280 to CN¥250 (−10.7%)" in text
        assert briefing.evidence and all(e.uri == uri for e in briefing.evidence if not e.note)


def test_gather_on_an_empty_store(store_url: str) -> None:
    with open_store(store_url) as store:
        inputs = gather(store)
    assert inputs.plans == [] and inputs.changes == [] and inputs.since is None and inputs.as_of is None
