from __future__ import annotations

import gzip
import re
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from telcoradar.sources import Fetcher, FetchError, Guard, RefusedError, fetch
from telcoradar.sources.fetcher import USER_AGENT, parse_retry_after

FakeClock = Any  # the `clock` fixture of conftest.py

PAGE = "<html><body><table><tr><td>上海移动 7天卡</td><td>30元</td></tr></table></body></html>"
MB = 1024 * 1024


def test_plain_get(no_robots: HTTPServer, fetcher: Fetcher) -> None:
    no_robots.expect_request("/tariffs").respond_with_data(
        PAGE, content_type="text/html; charset=utf-8", headers={"ETag": '"v1"'}
    )
    result = fetcher.fetch(no_robots.url_for("/tariffs"))
    assert result.status == 200
    assert result.content == PAGE.encode()
    assert result.content_type == "text/html; charset=utf-8"
    assert result.etag == '"v1"'
    assert not result.not_modified
    assert result.final_url == result.url == no_robots.url_for("/tariffs")
    assert result.fetched_at.tzinfo is not None
    request, _ = no_robots.log[-1]
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("telcoradar/")


def test_conditional_get_304_when_etag_matches(no_robots: HTTPServer, fetcher: Fetcher) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(PAGE, content_type="text/html", headers={"ETag": '"v1"'})

    no_robots.expect_request("/tariffs").respond_with_handler(handler)
    url = no_robots.url_for("/tariffs")
    first = fetcher.fetch(url)
    second = fetcher.fetch(url, etag=first.etag)
    assert first.content == PAGE.encode()
    assert second.not_modified and second.status == 304
    assert second.content is None
    assert second.etag == '"v1"'
    assert no_robots.log[-1][0].headers["If-None-Match"] == '"v1"'


def test_conditional_get_by_last_modified(no_robots: HTTPServer, fetcher: Fetcher) -> None:
    stamp = "Wed, 21 Oct 2026 07:28:00 GMT"

    def handler(request: Request) -> Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(PAGE, headers={"Last-Modified": stamp})

    no_robots.expect_request("/p").respond_with_handler(handler)
    first = fetcher.fetch(no_robots.url_for("/p"))
    assert first.last_modified == stamp
    second = fetcher.fetch(no_robots.url_for("/p"), last_modified=first.last_modified)
    assert second.not_modified and second.last_modified == stamp


def test_5xx_then_200_is_retried(no_robots: HTTPServer, fetcher: Fetcher, clock: FakeClock) -> None:
    no_robots.expect_oneshot_request("/flaky").respond_with_data("busy", status=503)
    no_robots.expect_oneshot_request("/flaky").respond_with_data("still busy", status=502)
    no_robots.expect_request("/flaky").respond_with_data(PAGE)
    result = fetcher.fetch(no_robots.url_for("/flaky"))
    assert result.content == PAGE.encode()
    assert [r.path for r, _ in no_robots.log].count("/flaky") == 3
    assert clock.sleeps == [0.5, 1.0]  # exponential backoff


def test_5xx_gives_up_after_attempts(no_robots: HTTPServer, fetcher: Fetcher) -> None:
    no_robots.expect_request("/down").respond_with_data("no", status=500)
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(no_robots.url_for("/down"))
    assert str(caught.value) == (
        f"{no_robots.url_for('/down')}: server answered 500 Internal Server Error after 3 attempts"
    )


def test_429_honours_retry_after_capped(no_robots: HTTPServer, clock: FakeClock) -> None:
    no_robots.expect_oneshot_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "7"})
    no_robots.expect_oneshot_request("/busy").respond_with_data(
        "", status=429, headers={"Retry-After": "9999"}
    )
    no_robots.expect_request("/busy").respond_with_data("ok")
    with Fetcher(allow_private=True, min_interval=0, max_retry_after=60, sleep=clock.sleep, clock=clock) as f:
        assert f.fetch(no_robots.url_for("/busy")).content == b"ok"
    assert clock.sleeps == [7.0, 60.0]


def test_404_is_not_retried(no_robots: HTTPServer, fetcher: Fetcher, clock: FakeClock) -> None:
    no_robots.expect_request("/gone").respond_with_data("nothing here", status=404)
    url = no_robots.url_for("/gone")
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert str(caught.value) == f"{url}: server answered 404 Not Found"
    assert [r.path for r, _ in no_robots.log].count("/gone") == 1
    assert clock.sleeps == []


def test_connection_error_is_retried_then_reported(clock: FakeClock) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with (
        Fetcher(allow_private=True, respect_robots=False, attempts=2, sleep=clock.sleep, clock=clock) as f,
        pytest.raises(FetchError) as caught,
    ):
        f.fetch(url)
    assert str(caught.value).startswith(f"{url}: cannot connect")
    assert clock.sleeps == [1.0]


def test_robots_disallow_respected(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    httpserver.expect_request("/private/plans").respond_with_data(PAGE)
    httpserver.expect_request("/public/plans").respond_with_data(PAGE)
    url = httpserver.url_for("/private/plans")
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert str(caught.value) == f"{url}: disallowed by robots.txt"
    assert fetcher.fetch(httpserver.url_for("/public/plans")).content == PAGE.encode()
    paths = [r.path for r, _ in httpserver.log]
    assert "/private/plans" not in paths
    assert paths.count("/robots.txt") == 1  # cached for the session


def test_robots_agent_specific_rules_and_crawl_delay(httpserver: HTTPServer, clock: FakeClock) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: telcoradar\nCrawl-delay: 5\nDisallow: /nobots\n\nUser-agent: *\nDisallow: /\n"
    )
    httpserver.expect_request("/a").respond_with_data("a")
    with Fetcher(allow_private=True, min_interval=0, sleep=clock.sleep, clock=clock) as f:
        f.fetch(httpserver.url_for("/a"))
        f.fetch(httpserver.url_for("/a"))
        with pytest.raises(FetchError, match=re.escape("disallowed by robots.txt")):
            f.fetch(httpserver.url_for("/nobots"))
    assert clock.sleeps == [5.0]


def test_robots_ignored_when_asked(httpserver: HTTPServer, clock: FakeClock) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    httpserver.expect_request("/x").respond_with_data("x")
    with Fetcher(allow_private=True, respect_robots=False, min_interval=0) as f:
        assert f.fetch(httpserver.url_for("/x")).content == b"x"


def test_unreachable_robots_blocks_the_host(httpserver: HTTPServer, clock: FakeClock) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=503)
    httpserver.expect_request("/x").respond_with_data("x")
    with (
        Fetcher(allow_private=True, min_interval=0, sleep=clock.sleep, clock=clock) as f,
        pytest.raises(FetchError) as caught,
    ):
        f.fetch(httpserver.url_for("/x"))
    assert "disallowed by robots.txt (robots.txt unavailable: server answered 503" in str(caught.value)


def big_body(total: int) -> Iterator[bytes]:
    chunk = b"x" * 65536
    for _ in range(total // len(chunk)):
        yield chunk


def test_large_streamed_response_is_cut_off(no_robots: HTTPServer, clock: FakeClock) -> None:
    no_robots.expect_request("/huge").respond_with_response(Response(big_body(50 * MB)))
    url = no_robots.url_for("/huge")
    started = time.monotonic()
    with (
        Fetcher(allow_private=True, min_interval=0, max_bytes=2 * MB) as f,
        pytest.raises(FetchError) as caught,
    ):
        f.fetch(url)
    assert str(caught.value) == f"{url}: response larger than 2.0 MB limit"
    assert time.monotonic() - started < 5


def test_default_limit_message(no_robots: HTTPServer) -> None:
    no_robots.expect_request("/huge").respond_with_response(Response(big_body(50 * MB)))
    url = no_robots.url_for("/huge")
    with pytest.raises(FetchError) as caught:
        fetch(url, allow_private=True)
    assert str(caught.value) == f"{url}: response larger than 20.0 MB limit"


def test_content_length_refused_before_reading(no_robots: HTTPServer) -> None:
    no_robots.expect_request("/big").respond_with_data(b"y" * 300_000)
    with (
        Fetcher(allow_private=True, min_interval=0, max_bytes=100_000) as f,
        pytest.raises(FetchError, match=re.escape("response larger than 97.7 KB limit")),
    ):
        f.fetch(no_robots.url_for("/big"))


def test_gzip_bomb_counts_decoded_bytes(no_robots: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (8 * MB))
    assert len(bomb) < 100_000
    no_robots.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    with (
        Fetcher(allow_private=True, min_interval=0, max_bytes=MB) as f,
        pytest.raises(FetchError, match=re.escape("response larger than 1.0 MB limit")),
    ):
        f.fetch(no_robots.url_for("/bomb"))


def test_gzip_and_deflate_are_decoded(no_robots: HTTPServer, fetcher: Fetcher) -> None:
    import zlib

    no_robots.expect_request("/gz").respond_with_data(
        gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"}
    )
    raw = zlib.compressobj(wbits=-15)
    deflated = raw.compress(PAGE.encode()) + raw.flush()
    no_robots.expect_request("/deflate").respond_with_data(deflated, headers={"Content-Encoding": "deflate"})
    assert fetcher.fetch(no_robots.url_for("/gz")).content == PAGE.encode()
    assert fetcher.fetch(no_robots.url_for("/deflate")).content == PAGE.encode()
    assert no_robots.log[-1][0].headers["Accept-Encoding"] == "gzip, deflate"


def test_redirects_followed_and_reported(no_robots: HTTPServer, fetcher: Fetcher) -> None:
    no_robots.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/mid"})
    no_robots.expect_request("/mid").respond_with_data("", status=302, headers={"Location": "/new?x=1"})
    no_robots.expect_request("/new").respond_with_data(PAGE)
    result = fetcher.fetch(no_robots.url_for("/old"))
    assert result.url == no_robots.url_for("/old")
    assert result.final_url == no_robots.url_for("/new?x=1")
    assert result.content == PAGE.encode()


def test_too_many_redirects(no_robots: HTTPServer, fetcher: Fetcher) -> None:
    no_robots.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch(no_robots.url_for("/loop"))


def local_names(mapping: dict[str, list[str]]) -> Guard:
    def resolve(host: str, port: int) -> list[str]:
        return mapping[host]

    return Guard(allow_hosts=frozenset({"tariffs.test"}), resolver=resolve)


def test_redirect_to_loopback_refused(no_robots: HTTPServer, clock: FakeClock) -> None:
    # tariffs.test is trusted and resolves (for the guard and the socket) to the local server;
    # the redirect to 127.0.0.1 is checked again and refused.
    guard = local_names({"tariffs.test": ["127.0.0.1"]})
    secret = no_robots.url_for("/secret")
    no_robots.expect_request("/old").respond_with_data("", status=302, headers={"Location": secret})
    no_robots.expect_request("/secret").respond_with_data("internal")
    url = f"http://tariffs.test:{no_robots.port}/old"
    with (
        Fetcher(guard=guard, min_interval=0, sleep=clock.sleep, clock=clock) as f,
        pytest.raises(RefusedError) as caught,
    ):
        f.fetch(url)
    assert str(caught.value) == (
        f"{url}: redirected to {secret}: refused: 127.0.0.1 is a loopback address "
        "(use --allow-private to allow)"
    )
    paths = [r.path for r, _ in no_robots.log]
    assert "/old" in paths and "/secret" not in paths


def test_connects_to_the_address_the_guard_checked(no_robots: HTTPServer, fetcher: Fetcher) -> None:
    # tariffs.test exists for the guard only: the page is reached because the socket
    # connects to the address the guard resolved, not to a second lookup.
    guard = local_names({"tariffs.test": ["127.0.0.1"]})
    no_robots.expect_request("/plans").respond_with_data(PAGE)
    with Fetcher(guard=guard, min_interval=0) as f:
        result = f.fetch(f"http://tariffs.test:{no_robots.port}/plans")
    assert result.content == PAGE.encode()
    assert no_robots.log[-1][0].headers["Host"] == f"tariffs.test:{no_robots.port}"


def test_dns_rebinding_is_refused_at_connect(no_robots: HTTPServer) -> None:
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])

    def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    no_robots.expect_request("/plans").respond_with_data(PAGE)
    url = f"http://rebind.test:{no_robots.port}/plans"
    with (
        Fetcher(guard=Guard(resolver=rebinding), respect_robots=False, min_interval=0) as f,
        pytest.raises(RefusedError) as caught,
    ):
        f.fetch(url)
    assert str(caught.value) == (
        f"{url}: refused: rebind.test resolves to 127.0.0.1, a loopback address "
        "(use --allow-private to allow)"
    )
    assert [r.path for r, _ in no_robots.log] == []


def test_refused_without_allow_private(no_robots: HTTPServer) -> None:
    url = no_robots.url_for("/plans")
    with pytest.raises(RefusedError, match=re.escape("127.0.0.1 is a loopback address")):
        fetch(url)
    assert no_robots.log == []


def test_rate_limit_per_host(no_robots: HTTPServer, clock: FakeClock) -> None:
    no_robots.expect_request("/a").respond_with_data("a")
    with Fetcher(allow_private=True, min_interval=2.5, sleep=clock.sleep, clock=clock) as f:
        f.fetch(no_robots.url_for("/a"))
        clock.now += 1.0
        f.fetch(no_robots.url_for("/a"))
        clock.now += 10.0
        f.fetch(no_robots.url_for("/a"))
    assert clock.sleeps == [1.5]


def test_parse_retry_after() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 30) == 30.0


def test_rebinding_on_a_redirect_hop_names_the_first_url(no_robots: HTTPServer) -> None:
    answers = {"start.test": [["127.0.0.1"]] * 3, "next.test": [["93.184.216.34"], ["10.0.0.1"]]}

    def resolve(host: str, port: int) -> list[str]:
        return answers[host].pop(0)

    hop = f"http://next.test:{no_robots.port}/plans"
    no_robots.expect_request("/start").respond_with_data("", status=302, headers={"Location": hop})
    guard = Guard(allow_hosts=frozenset({"start.test"}), resolver=resolve)
    url = f"http://start.test:{no_robots.port}/start"
    with (
        Fetcher(guard=guard, respect_robots=False, min_interval=0) as f,
        pytest.raises(RefusedError) as caught,
    ):
        f.fetch(url)
    assert str(caught.value) == (
        f"{url}: redirected to {hop}: refused: next.test resolves to 10.0.0.1, a private address "
        "(use --allow-private to allow)"
    )
