"""`telcoradar alerts add|list|run` over a store from the environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from telcoradar.cli import app
from telcoradar.jobs.pipeline import ingest_bytes
from telcoradar.store import open_store

PAGE = (
    "<html><head><meta charset='utf-8'><title>北京移动</title></head><body><h1>北京移动 灵动卡</h1><table>"
    "<tr><th>套餐名</th><th>有效期</th><th>资费</th><th>境内流量</th></tr>"
    "<tr><td>灵动卡</td><td>30天</td><td>{price}元</td><td>80GB</td></tr></table></body></html>"
)


def test_alerts_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", url)
    with open_store(url) as store:
        for price, month in ((280, 3), (250, 5)):
            data = PAGE.format(price=price).encode("utf-8")
            ingest_bytes(
                store, data, "https://bj.example/", fetched_at=dt.datetime(2025, month, 1, tzinfo=dt.UTC)
            )
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    runner = CliRunner()

    added = runner.invoke(
        app,
        ["alerts", "add", "cuts", "--kind", "price_cut", "--min-pct", "10", "--region", "北京",
         "--exclude", "china-telecom", "--webhook", httpserver.url_for("/hook"), "--secret", "k",
         "--allow-private"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["alerts", "list"])
    assert "cuts: price_cut" in listed.output and "'min_pct': 10.0" in listed.output

    first = runner.invoke(app, ["alerts", "run", "--allow-private"])
    assert first.exit_code == 0 and "sent 1, already sent 0, failed 0" in first.output
    second = runner.invoke(app, ["alerts", "run", "--allow-private"])
    assert "sent 0, already sent 1, failed 0" in second.output
    assert len(httpserver.log) == 1

    both = runner.invoke(app, ["alerts", "add", "x", "--kind", "event"])
    assert both.exit_code == 2 and "--webhook URL or --email ADDRESS" in both.output
    bad = runner.invoke(app, ["alerts", "add", "y", "--kind", "everything", "--email", "a@b.c"])
    assert bad.exit_code == 1 and "unknown rule kind" in bad.output
