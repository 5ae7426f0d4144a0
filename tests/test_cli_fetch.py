"""The collection commands: sources add/list/remove, fetch and watch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from telcoradar.cli import app

runner = CliRunner()
PAGE = (
    "<html><body><table><tr><th>运营商</th><th>套餐名</th><th>有效期</th><th>资费</th></tr>"
    "<tr><td>上海移动</td><td>熊猫卡</td><td>7天</td><td>90元</td></tr></table></body></html>"
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TELCORADAR_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    return tmp_path


def test_sources_add_list_remove(env: Path) -> None:
    added = runner.invoke(
        app, ["sources", "add", "https://www.10086.cn/sh/plans", "--name", "sh", "--every", "12h"]
    )
    assert added.exit_code == 0, added.output
    assert "added source 1: sh (url, every 12h)" in added.stdout
    folder = env / "pages"
    folder.mkdir()
    assert runner.invoke(app, ["sources", "add", str(folder), "--operator", "china-mobile"]).exit_code == 0

    listed = runner.invoke(app, ["sources", "list", "--json"])
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["name"], r["kind"], r["every"]) for r in rows] == [
        (1, "sh", "url", "12h"),
        (2, str(folder.resolve()), "folder", "1d"),
    ]
    assert rows[1]["operator"] == "china-mobile"
    table = runner.invoke(app, ["sources", "list"])
    assert table.exit_code == 0 and "12h" in table.stdout

    assert runner.invoke(app, ["sources", "remove", "sh"]).exit_code == 0
    gone = runner.invoke(app, ["sources", "remove", "sh"])
    assert gone.exit_code == 1 and "sh: no such source" in gone.stderr
    assert [r["id"] for r in json.loads(runner.invoke(app, ["sources", "list", "--json"]).stdout)] == [2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://example.com/x"], "only http and https URLs are fetched"),
        (["missing.html"], "missing.html: no such file or folder"),
        (["https://example.com/", "--every", "sometimes"], "not a schedule"),
    ],
)
def test_sources_add_refuses_bad_input(env: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["sources", "add", *args])
    assert result.exit_code == 1
    assert message in result.stderr


def test_fetch_reports_each_source(env: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/panda").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    runner.invoke(app, ["sources", "add", httpserver.url_for("/panda"), "--name", "panda"])
    runner.invoke(app, ["sources", "add", httpserver.url_for("/gone"), "--name", "gone"])

    fetched = runner.invoke(app, ["fetch", "--allow-private"])
    assert fetched.exit_code == 1  # one source failed
    assert "panda: 1 new snapshot" in fetched.stdout
    assert "gone: failed: " in fetched.stdout and "404 Not Found" in fetched.stdout
    assert "2 due, 1 changed, 0 unchanged, 1 failed" in fetched.stdout
    rows = {r["name"]: r for r in json.loads(runner.invoke(app, ["sources", "list", "--json"]).stdout)}
    assert rows["panda"]["last_status"] == 200 and rows["gone"]["last_status"] == 404

    again = runner.invoke(app, ["fetch", "--allow-private"])
    assert again.exit_code == 0 and "0 due" in again.stdout  # both fetched today, due tomorrow
    forced = runner.invoke(app, ["fetch", "--allow-private", "--all"])
    assert "panda: unchanged (same content as last time)" in forced.stdout
    assert "2 due, 0 changed, 1 unchanged, 1 failed" in forced.stdout


def test_fetch_refuses_private_addresses_by_default(env: Path, httpserver: HTTPServer) -> None:
    runner.invoke(app, ["sources", "add", httpserver.url_for("/panda"), "--name", "panda"])
    refused = runner.invoke(app, ["fetch"])
    assert refused.exit_code == 1
    assert "panda: failed: " in refused.stdout
    assert "127.0.0.1 is a loopback address (use --allow-private to allow)" in refused.stdout
    assert httpserver.log == []


def test_watch_stops_cleanly_on_ctrl_c(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import telcoradar.jobs.fetching as fetching

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fetching, "fetch_due", interrupted)
    result = runner.invoke(app, ["watch", "--interval", "5"])
    assert result.exit_code == 0, result.output
    assert "stopped" in result.stdout
