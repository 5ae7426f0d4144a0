"""Capture dates from --captured-at and a manifest.csv: plan versions, changes, the briefing's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from telcoradar.jobs.briefing import gather
from telcoradar.jobs.pipeline import ingest_paths
from telcoradar.report import build_briefing, render_markdown
from telcoradar.store import open_store
from telcoradar.store.plans import plans_at
from telcoradar.store.schema import SnapshotRow

PAGE = """<html><head><meta charset="utf-8"><title>示例移动 畅游卡</title></head><body>
<h1>北京移动 畅游卡</h1>
<table><tr><th>套餐名</th><th>有效期</th><th>资费</th><th>境内流量</th><th>境内语音</th></tr>
<tr><td>畅游卡</td><td>7天</td><td>{p7}元</td><td>20GB</td><td>100分钟</td></tr>
<tr><td>畅游卡</td><td>30天</td><td>{p30}元</td><td>60GB</td><td>300分钟</td></tr>
</table></body></html>"""
URL = "https://shop.example/cards/visitor"


def archive(tmp_path: Path) -> Path:
    """Two captures of one page, saved in dated folders, as an analyst's archive keeps them."""
    folder = tmp_path / "archive"
    for month, (p7, p30) in (("2025-05", (60, 180)), ("2025-03", (70, 200))):
        (folder / month).mkdir(parents=True)
        (folder / month / "visitor.html").write_text(PAGE.format(p7=p7, p30=p30), encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,url,captured_at\n"
        f"2025-05/visitor.html,{URL},2025-05-20\n"
        f"2025-03/visitor.html,{URL},2025-03-15T08:00:00+00:00\n",
        encoding="utf-8",
    )
    return folder


def test_an_archive_with_two_capture_dates_keeps_both_and_the_briefing_is_dated_by_the_newest(
    store_url: str, tmp_path: Path
) -> None:
    with open_store(store_url) as store:
        report = ingest_paths(store, [archive(tmp_path)])
        assert report.errors == [] and report.stored == 2  # the manifest itself is not a document
        with store.read() as session:
            snaps = session.execute(select(SnapshotRow.uri, SnapshotRow.seq, SnapshotRow.fetched_at)).all()
            assert [(uri, seq, when.date()) for uri, seq, when in sorted(snaps, key=lambda r: r.seq)] == [
                (URL, 1, dt.date(2025, 3, 15)),
                (URL, 2, dt.date(2025, 5, 20)),
            ]
            april, late_may = dt.datetime(2025, 4, 1, tzinfo=dt.UTC), dt.datetime(2025, 5, 21, tzinfo=dt.UTC)
            march = sorted((p.period_days, p.price) for p in plans_at(session, april))
            may = sorted((p.period_days, p.price) for p in plans_at(session, late_may))
        assert march == [(7, 70), (30, 200)] and may == [(7, 60), (30, 180)]
        inputs = gather(store)
    assert (inputs.first_capture, inputs.since, inputs.as_of) == (
        dt.date(2025, 3, 15),
        dt.date(2025, 3, 16),
        dt.date(2025, 5, 20),
    )
    kinds = sorted((c.kind, c.plan.period_days) for c in inputs.changes)
    assert kinds == [("price_cut", 7), ("price_cut", 30)]
    assert all(c.date == dt.date(2025, 5, 20) for c in inputs.changes)
    briefing = build_briefing(inputs, "en")
    assert briefing.period == "2025-03-16 – 2025-05-20"
    assert "Period: 2025-03-16 – 2025-05-20 ·" in render_markdown(briefing)


def test_captured_at_dates_files_and_one_capture_is_the_whole_period(store_url: str, tmp_path: Path) -> None:
    page = tmp_path / "visitor.html"
    page.write_text(PAGE.format(p7=60, p30=180), encoding="utf-8")
    day = dt.datetime(2025, 5, 20, tzinfo=dt.UTC)
    with open_store(store_url) as store:
        assert ingest_paths(store, [page], captured_at=day).stored == 1
        inputs = gather(store)
    assert (inputs.first_capture, inputs.since, inputs.as_of) == (day.date(), None, day.date())
    briefing = build_briefing(inputs, "zh")
    assert briefing.period == "2025-05-20"
    assert "时段: 2025-05-20 ·" in render_markdown(briefing)


def test_a_bad_manifest_refuses_its_folder_before_anything_is_stored(store_url: str, tmp_path: Path) -> None:
    folder = archive(tmp_path)
    (folder / "manifest.csv").write_text("file,captured_at\n2025-03/visitor.html,spring\n", encoding="utf-8")
    with open_store(store_url) as store:
        report = ingest_paths(store, [folder])
        with store.read() as session:
            stored = session.execute(select(SnapshotRow.id)).all()
    assert stored == [] and report.results == []
    assert [reason for _uri, reason in report.errors] == [
        f"{folder / 'manifest.csv'} line 2: 'spring' is not a date (YYYY-MM-DD or an ISO date-time)"
    ]


def test_an_older_capture_ingested_later_takes_its_place_in_time(store_url: str, tmp_path: Path) -> None:
    page = tmp_path / "visitor.html"
    may, march = dt.datetime(2025, 5, 20, tzinfo=dt.UTC), dt.datetime(2025, 3, 15, tzinfo=dt.UTC)
    with open_store(store_url) as store:
        page.write_text(PAGE.format(p7=60, p30=180), encoding="utf-8")
        assert ingest_paths(store, [page], captured_at=may).stored == 1
        page.write_text(PAGE.format(p7=70, p30=200), encoding="utf-8")
        assert ingest_paths(store, [page], captured_at=march).stored == 1
        with store.read() as session:
            april, late_may = dt.datetime(2025, 4, 1, tzinfo=dt.UTC), dt.datetime(2025, 5, 21, tzinfo=dt.UTC)
            assert sorted((p.period_days, p.price) for p in plans_at(session, april)) == [(7, 70), (30, 200)]
            assert sorted((p.period_days, p.price) for p in plans_at(session, late_may)) == [
                (7, 60),
                (30, 180),
            ]
        inputs = gather(store)
    assert (inputs.first_capture, inputs.as_of) == (march.date(), may.date())
    assert sorted((c.kind, c.plan.price) for c in inputs.changes) == [("price_cut", 60), ("price_cut", 180)]
