"""Fixtures for the sources tests: a fake clock, and robots.txt answers for the local server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from telcoradar.sources import Fetcher


class FakeClock:
    """A monotonic clock that only moves when something sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def no_robots(httpserver: HTTPServer) -> HTTPServer:
    """The server answers 404 for robots.txt: no rules."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return httpserver


@pytest.fixture
def fetcher(clock: FakeClock) -> Iterator[Fetcher]:
    with Fetcher(allow_private=True, min_interval=0, backoff=0.5, sleep=clock.sleep, clock=clock) as session:
        yield session
