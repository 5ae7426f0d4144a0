from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from telcoradar.errors import InputError
from telcoradar.jobs.fetching import (
    fetch_due,
    parse_every,
    register_source,
    seconds_until_due,
    watch,
)
from telcoradar.jobs.pipeline import Steps, default_steps
from telcoradar.sources import Fetcher
from telcoradar.store import Store, open_store
from telcoradar.store.snapshots import list_snapshots
from telcoradar.store.sources import get_source, list_sources

PAGE = """<html><head><meta charset="utf-8"><title>上海移动 熊猫卡</title></head><body>
<h1>上海移动熊猫卡</h1>
<table>
<tr><th>运营商</th><th>套餐名</th><th>有效期</th><th>资费</th><th>境内流量</th><th>境内语音</th></tr>
<tr><td>上海移动</td><td>熊猫卡</td><td>7天</td><td>{price}元</td><td>30GB</td><td>100分钟</td></tr>
</table></body></html>"""
NEWS = "<html><body><p>公司举办年度开放日活动，欢迎市民参观。</p></body></html>"
T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(allow_private=True, min_interval=0, attempts=2, backoff=0) as session:
        yield session


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return httpserver


def snapshots(store: Store, uri: str) -> int:
    with store.read() as session:
        return len(list_snapshots(session, uri=uri))


def test_changed_page_gives_a_new_snapshot(store: Store, fetcher: Fetcher, server: HTTPServer) -> None:
    prices = iter(["90", "90", "85"])
    server.expect_request("/panda").respond_with_handler(
        lambda request: Response(PAGE.format(price=next(prices)), content_type="text/html; charset=utf-8")
    )
    url = server.url_for("/panda")
    source = register_source(store, url, name="panda", operator="china-mobile", every="1d")

    first = fetch_due(store, fetcher, T0)
    assert [o.state for o in first.outcomes] == ["new"], first.outcomes[0].errors
    assert first.outcomes[0].plans >= 1
    assert snapshots(store, url) == 1
    assert fetch_due(store, fetcher, T0 + dt.timedelta(hours=1)).outcomes == []  # not due yet

    same = fetch_due(store, fetcher, T0 + dt.timedelta(days=1))
    assert [o.state for o in same.outcomes] == ["unchanged"]
    assert snapshots(store, url) == 1

    changed = fetch_due(store, fetcher, T0 + dt.timedelta(days=2))
    assert [o.state for o in changed.outcomes] == ["new"]
    assert snapshots(store, url) == 2
    with store.read() as session:
        row = get_source(session, source.id)
        assert row is not None and row.last_status == 200 and row.last_error is None
        assert [s.source_id for s in list_snapshots(session, uri=url)] == [source.id, source.id]


def test_304_stores_no_new_snapshot(store: Store, fetcher: Fetcher, server: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(PAGE.format(price="90"), content_type="text/html", headers={"ETag": '"v1"'})

    server.expect_request("/panda").respond_with_handler(handler)
    url = server.url_for("/panda")
    register_source(store, url, every="1h")
    assert [o.state for o in fetch_due(store, fetcher, T0).outcomes] == ["new"]
    again = fetch_due(store, fetcher, T0 + dt.timedelta(hours=2))
    assert [(o.state, o.status) for o in again.outcomes] == [("unchanged", 304)]
    assert again.outcomes[0].summary().endswith("unchanged (not modified)")
    assert snapshots(store, url) == 1
    assert server.log[-1][0].headers["If-None-Match"] == '"v1"'
    with store.read() as session:
        [row] = list_sources(session)
        assert row.last_status == 304 and row.etag == '"v1"'
        assert row.last_fetched_at is not None


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_bad_sources_do_not_stop_the_others(store: Store, fetcher: Fetcher, server: HTTPServer) -> None:
    server.expect_request("/panda").respond_with_data(PAGE.format(price="90"), content_type="text/html")
    server.expect_request("/missing").respond_with_data("not here", status=404)
    server.expect_request("/news").respond_with_data(NEWS, content_type="text/html")
    unreachable = f"http://127.0.0.1:{closed_port()}/plans"
    register_source(store, unreachable, name="unreachable")
    register_source(store, server.url_for("/missing"), name="missing")
    register_source(store, server.url_for("/panda"), name="panda")
    register_source(store, server.url_for("/news"), name="news")

    report = fetch_due(store, fetcher, T0)
    states = {o.source.name: o.state for o in report.outcomes}
    assert states == {"unreachable": "error", "missing": "error", "panda": "new", "news": "new"}
    by_name = {o.source.name: o for o in report.outcomes}
    assert (
        by_name["missing"].summary()
        == f"missing: failed: {server.url_for('/missing')}: server answered 404 Not Found"
    )
    assert by_name["news"].plans == 0
    assert snapshots(store, server.url_for("/panda")) == 1
    with store.read() as session:
        rows = {row.name: row for row in list_sources(session)}
    assert rows["missing"].last_status == 404
    assert rows["missing"].last_error == f"{server.url_for('/missing')}: server answered 404 Not Found"
    assert rows["unreachable"].last_error is not None and "cannot connect" in rows["unreachable"].last_error
    assert rows["panda"].last_error is None and rows["panda"].last_status == 200


def test_refused_without_allow_private(store: Store, server: HTTPServer) -> None:
    register_source(store, server.url_for("/panda"), name="local")
    with Fetcher(min_interval=0) as guarded:
        [outcome] = fetch_due(store, guarded, T0).outcomes
    assert outcome.state == "error"
    assert "refused: 127.0.0.1 is a loopback address (use --allow-private to allow)" in (outcome.error or "")
    assert server.log == []


def test_folder_and_file_sources(store: Store, fetcher: Fetcher, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "panda.html").write_text(PAGE.format(price="90"), encoding="utf-8")
    (folder / "news.html").write_text(NEWS, encoding="utf-8")
    single = tmp_path / "one.html"
    single.write_text(PAGE.format(price="70"), encoding="utf-8")
    register_source(store, str(folder), name="folder", every="1d")
    register_source(store, str(single), name="single", every="1d")
    report = fetch_due(store, fetcher, T0)
    assert {(o.source.name, o.state, o.snapshots) for o in report.outcomes} == {
        ("folder", "new", 2),
        ("single", "new", 1),
    }
    again = fetch_due(store, fetcher, T0 + dt.timedelta(days=1))
    assert {o.state for o in again.outcomes} == {"unchanged"}


def test_register_source_checks_its_input(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        register_source(store, str(tmp_path / "missing.html"))
    with pytest.raises(InputError, match="only http and https"):
        register_source(store, "ftp://example.com/plans")
    with pytest.raises(InputError, match="not a schedule"):
        register_source(store, "https://example.com/plans", every="often")
    register_source(store, "https://example.com/plans")
    with pytest.raises(InputError, match="already a source"):
        register_source(store, "https://example.com/plans")


def test_parse_every() -> None:
    assert parse_every("1d") == 86400
    assert parse_every("12h") == 43200
    assert parse_every("30m") == 1800
    assert parse_every("1w") == 604800
    assert parse_every("90") == 90
    for bad in ("0", "d", "1y", "-1h", ""):
        with pytest.raises(InputError):
            parse_every(bad)


def test_watch_sleeps_until_the_next_due_source(store: Store, fetcher: Fetcher, server: HTTPServer) -> None:
    server.expect_request("/panda").respond_with_data(PAGE.format(price="90"), content_type="text/html")
    register_source(store, server.url_for("/panda"), every="30m")
    now = [dt.datetime.now(dt.UTC)]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += dt.timedelta(seconds=seconds)

    watch(store, fetcher, interval=3600, sleep=sleep, clock=lambda: now[0], rounds=3)
    assert len(sleeps) == 2
    assert all(1790 <= s <= 1800 for s in sleeps)
    assert snapshots(store, server.url_for("/panda")) == 1
    assert seconds_until_due(store, now[0]) is not None


def test_unreadable_page_is_an_error_and_keeps_no_validators(
    store: Store, fetcher: Fetcher, server: HTTPServer
) -> None:
    server.expect_request("/logo").respond_with_data(
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, content_type="image/png", headers={"ETag": '"png"'}
    )
    url = server.url_for("/logo")
    register_source(store, url, name="logo")
    [outcome] = fetch_due(store, fetcher, T0).outcomes
    assert outcome.state == "error"
    assert outcome.error == f"{url}: not a text document (binary content)"
    assert snapshots(store, url) == 0
    with store.read() as session:
        [row] = list_sources(session)
    assert row.last_error == outcome.error and row.etag is None and row.last_status == 200


def test_folder_with_bad_files_stores_the_good_ones(store: Store, fetcher: Fetcher, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "panda.html").write_text(PAGE.format(price="90"), encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    register_source(store, str(folder), name="folder")
    [outcome] = fetch_due(store, fetcher, T0).outcomes
    assert (outcome.state, outcome.snapshots) == ("new", 1)
    assert outcome.error is not None and "broken.pdf: unreadable PDF" in outcome.error
    assert outcome.summary().startswith("folder: 1 new snapshot, ")
    assert "; " in outcome.summary()


def test_missing_file_and_crashing_step_are_recorded(
    store: Store, fetcher: Fetcher, server: HTTPServer, tmp_path: Path
) -> None:
    single = tmp_path / "one.html"
    single.write_text(PAGE.format(price="70"), encoding="utf-8")
    register_source(store, str(single), name="single")
    single.unlink()
    server.expect_request("/panda").respond_with_data(PAGE.format(price="90"), content_type="text/html")
    register_source(store, server.url_for("/panda"), name="panda")

    def crash(document: object) -> object:
        raise RuntimeError("extractor bug")

    steps = Steps(read=default_steps().read, extract=crash, version="test")  # type: ignore[arg-type]
    report = fetch_due(store, fetcher, T0, steps=steps)
    errors = {o.source.name: o.error for o in report.outcomes}
    assert errors == {
        "single": f"{single}: no such file",
        "panda": f"{server.url_for('/panda')}: RuntimeError: extractor bug",
    }
    with store.read() as session:
        assert {row.name: row.last_error for row in list_sources(session)} == errors


def test_watch_says_in_one_line_when_the_database_is_locked_and_goes_on(
    tmp_path: Path, fetcher: Fetcher, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from telcoradar.store import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "locked.sqlite"
    server.expect_request("/panda").respond_with_data(PAGE.format(price="90"), content_type="text/html")
    warnings: list[str] = []
    with open_store(f"sqlite:///{path}") as store:
        register_source(store, server.url_for("/panda"), every="30m")
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # another writer holds the database
        with pytest.raises(OperationalError, match="locked"):  # without a warning to give: the error
            watch(store, fetcher, interval=5, sleep=lambda _s: None, rounds=1)
        watch(store, fetcher, interval=5, sleep=lambda _s: None, rounds=2, warn=warnings.append)
        other.execute("ROLLBACK")
        other.close()
        watch(store, fetcher, interval=5, sleep=lambda _s: None, rounds=1, warn=warnings.append)
        fetched = snapshots(store, server.url_for("/panda"))
    assert warnings == ["database locked by another writer; trying again in 5 s"] * 2
    assert fetched == 1  # the round after the lock is gone fetches as usual
