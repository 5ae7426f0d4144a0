"""Being a good guest: a per-host rate limit and a robots.txt cache."""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass

ROBOTS_TTL = 24 * 3600.0  # seconds a robots.txt answer is trusted
UNAVAILABLE_TTL = 600.0  # seconds an unreachable robots.txt blocks its host before trying again
MAX_CRAWL_DELAY = 60.0


class RateLimiter:
    """At least `interval` seconds between two requests to one host (longer if robots.txt asks)."""

    def __init__(
        self,
        interval: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._intervals: dict[str, float] = {}

    def set_interval(self, host: str, seconds: float) -> None:
        self._intervals[host] = max(self.interval, min(seconds, MAX_CRAWL_DELAY))

    def wait(self, host: str) -> None:
        """Sleep until `host` may be asked again, then note the request."""
        interval = self._intervals.get(host, self.interval)
        last = self._last.get(host)
        if last is not None and interval > 0:
            pause = last + interval - self._clock()
            if pause > 0:
                self._sleep(pause)
        self._last[host] = self._clock()


@dataclass(frozen=True)
class RobotsRules:
    """What one host's robots.txt says, or why it could not be read."""

    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    unavailable: str | None = None  # set: nothing allowed, for this reason
    fetched: float = 0.0

    @classmethod
    def parse(cls, text: str, fetched: float) -> RobotsRules:
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(text.splitlines())
        return cls(parser=parser, fetched=fetched)

    def allows(self, agent: str, url: str) -> bool:
        if self.unavailable is not None:
            return False
        return self.parser is None or self.parser.can_fetch(agent, url)

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None

    def fresh(self, now: float) -> bool:
        ttl = UNAVAILABLE_TTL if self.unavailable is not None else ROBOTS_TTL
        return now - self.fetched < ttl
