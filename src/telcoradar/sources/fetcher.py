"""The HTTP fetcher: one polite, guarded, size-limited GET at a time.

A `Fetcher` holds one httpx client, the robots.txt cache and the per-host
rate limit for a fetch session; `fetch()` is the one-shot convenience.
Every hop of a redirect chain is checked by the private-address guard, and
the transport connects only to the addresses the guard checked.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from telcoradar import __version__
from telcoradar.config import DEFAULT_MAX_BYTES
from telcoradar.sources.body import ACCEPT_ENCODING, read_body
from telcoradar.sources.guard import FetchError, Guard, Refused, RefusedError
from telcoradar.sources.politeness import RateLimiter, RobotsRules
from telcoradar.sources.transport import PinnedTransport

USER_AGENT = f"telcoradar/{__version__} (+https://github.com/telcoradar/telcoradar)"
ROBOTS_AGENT = "telcoradar"
ROBOTS_MAX_BYTES = 512 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one fetch brought back. `content` is None when the server said 304 Not Modified."""

    url: str
    final_url: str
    status: int
    content: bytes | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    fetched_at: dt.datetime


@dataclass(frozen=True, slots=True)
class _Hop:
    status: int
    reason: str
    headers: httpx.Headers
    content: bytes | None


class _RetryableStatus(Exception):
    def __init__(self, status: int, reason: str, retry_after: float | None) -> None:
        super().__init__(f"{status} {reason}")
        self.status = status
        self.reason = reason
        self.retry_after = retry_after


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _certificate_error(exc: BaseException) -> bool:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _transient(exc: BaseException) -> bool:
    """Worth another attempt: 5xx, 429, and connection trouble other than a refused certificate."""
    if isinstance(exc, _RetryableStatus):
        return True
    return isinstance(exc, httpx.TransportError) and not _certificate_error(exc)


class Fetcher:
    """A fetch session: one client, robots.txt per host, a per-host rate limit, retries.

    `allow_private` and `allow_hosts` loosen the guard (see `Guard`); `max_bytes`
    bounds the decoded body and `max_seconds` the time to read it; `timeout`
    applies to each connect and read. `min_interval` spaces requests to one
    host. `attempts`, `backoff`, `max_backoff` and `max_retry_after` shape the
    retries on 5xx, 429 and connection errors. `guard`, `verify`, `transport`,
    `sleep` and `clock` are seams for intranets and tests.
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        allow_hosts: Iterable[str] = (),
        max_bytes: int = DEFAULT_MAX_BYTES,
        timeout: float = 30.0,
        max_seconds: float | None = 300.0,
        user_agent: str = USER_AGENT,
        respect_robots: bool = True,
        min_interval: float = 1.0,
        attempts: int = 3,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_retry_after: float = 120.0,
        max_redirects: int = 5,
        guard: Guard | None = None,
        verify: ssl.SSLContext | bool = True,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.guard = guard or Guard(allow_private=allow_private, allow_hosts=frozenset(allow_hosts))
        self.max_bytes = max_bytes
        self.max_seconds = max_seconds
        self.respect_robots = respect_robots
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.max_redirects = max_redirects
        self.limiter = RateLimiter(min_interval, clock=clock, sleep=sleep)
        self._sleep = sleep
        self._clock = clock
        self._robots: dict[tuple[str, str, int | None], RobotsRules] = {}
        self.client = httpx.Client(
            transport=transport or PinnedTransport(self.guard, verify=verify),
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False,
            trust_env=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET `url`, conditionally when `etag` or `last_modified` is given; raise FetchError."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        fetched_at = dt.datetime.now(dt.UTC)
        final, hop = self._follow(url, headers, self.max_bytes, robots=self.respect_robots)
        if hop.status == 304:
            return FetchResult(
                url=url,
                final_url=str(final),
                status=304,
                content=None,
                content_type=hop.headers.get("content-type"),
                etag=hop.headers.get("etag") or etag,
                last_modified=hop.headers.get("last-modified") or last_modified,
                not_modified=True,
                fetched_at=fetched_at,
            )
        if not 200 <= hop.status < 300:
            raise FetchError(url, f"server answered {hop.status} {hop.reason}".rstrip(), hop.status)
        return FetchResult(
            url=url,
            final_url=str(final),
            status=hop.status,
            content=hop.content or b"",
            content_type=hop.headers.get("content-type"),
            etag=hop.headers.get("etag"),
            last_modified=hop.headers.get("last-modified"),
            not_modified=False,
            fetched_at=fetched_at,
        )

    # -- redirects, robots, retries -------------------------------------------------

    def _follow(
        self, url: str, headers: dict[str, str], max_bytes: int, *, robots: bool
    ) -> tuple[httpx.URL, _Hop]:
        """Request `url`, following redirects by hand; every hop passes the guard (and robots.txt)."""
        current = self.guard.check_url(url)
        for _ in range(self.max_redirects + 1):
            if robots:
                self._check_robots(url, current)
            hop = self._request(url, current, headers, max_bytes, limit_rate=robots)
            location = hop.headers.get("location")
            if hop.status not in REDIRECTS or not location:
                return current, hop
            try:
                target = current.join(location)
            except httpx.InvalidURL as exc:
                raise FetchError(url, f"redirected to an invalid URL {location!r} ({exc})") from None
            try:
                current = self.guard.check_url(target)
            except FetchError as exc:
                kind = RefusedError if isinstance(exc, RefusedError) else FetchError
                raise kind(url, f"redirected to {exc.source}: {exc.problem}") from None
        raise FetchError(url, f"too many redirects (more than {self.max_redirects})")

    def _request(
        self, url: str, target: httpx.URL, headers: dict[str, str], max_bytes: int, *, limit_rate: bool
    ) -> _Hop:
        """One hop with retries on 5xx, 429 and connection errors; never on other 4xx."""
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=self._wait,
            retry=retry_if_exception(_transient),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(self._attempt, url, target, headers, max_bytes, limit_rate)
        except Refused as exc:  # the address changed between the check and the connection
            hop = "" if str(target) == url else f"redirected to {target}: "
            raise RefusedError(url, f"{hop}refused: {exc}") from None
        except _RetryableStatus as exc:
            tries = f" after {self.attempts} attempts" if self.attempts > 1 else ""
            raise FetchError(url, f"server answered {exc.status} {exc.reason}{tries}", exc.status) from None
        except httpx.ConnectError as exc:
            if _certificate_error(exc):
                raise FetchError(url, f"TLS certificate not accepted ({exc})") from None
            raise FetchError(url, f"cannot connect ({exc or type(exc).__name__})") from None
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"timed out ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise FetchError(url, f"cannot connect ({exc or type(exc).__name__})") from None

    def _attempt(
        self, url: str, target: httpx.URL, headers: dict[str, str], max_bytes: int, limit_rate: bool
    ) -> _Hop:
        if limit_rate:
            self.limiter.wait(target.host)
        request = self.client.build_request("GET", target, headers=headers)
        response = self.client.send(request, stream=True)
        try:
            status = response.status_code
            reason = httpx.codes.get_reason_phrase(status) or response.reason_phrase
            if status == 429 or status >= 500:
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                raise _RetryableStatus(status, reason, retry_after)
            content = None
            if 200 <= status < 300:
                content = read_body(response, url, max_bytes, self.max_seconds)
            return _Hop(status, reason, response.headers, content)
        finally:
            response.close()

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, _RetryableStatus) and exc.retry_after is not None:
            return min(exc.retry_after, self.max_retry_after)
        return float(min(self.max_backoff, self.backoff * 2 ** (state.attempt_number - 1)))

    def _check_robots(self, url: str, target: httpx.URL) -> None:
        rules = self.robots_rules(target)
        if not rules.allows(ROBOTS_AGENT, str(target)):
            why = f" ({rules.unavailable})" if rules.unavailable else ""
            where = "" if str(target) == url else f" (at {target})"
            raise FetchError(url, f"disallowed by robots.txt{where}{why}")

    def robots_rules(self, target: httpx.URL) -> RobotsRules:
        """The robots.txt rules of `target`'s host, fetched once per session (cached a day)."""
        key = (target.scheme, target.host, target.port)
        now = self._clock()
        cached = self._robots.get(key)
        if cached is not None and cached.fresh(now):
            return cached
        robots_url = str(target.copy_with(path="/robots.txt", query=None, fragment=None))
        try:
            _, hop = self._follow(robots_url, {}, ROBOTS_MAX_BYTES, robots=False)
        except RefusedError:
            raise
        except FetchError as exc:
            rules = RobotsRules(None, unavailable=f"robots.txt unavailable: {exc.problem}", fetched=now)
        else:
            if 200 <= hop.status < 300:
                rules = RobotsRules.parse((hop.content or b"").decode("utf-8", "replace"), now)
            else:  # 4xx: no rules
                rules = RobotsRules(None, fetched=now)
        delay = rules.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.limiter.set_interval(target.host, delay)
        self._robots[key] = rules
        return rules


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 30.0,
    user_agent: str = USER_AGENT,
    respect_robots: bool = True,
) -> FetchResult:
    """Fetch one URL in a session of its own (see `Fetcher` for many)."""
    with Fetcher(
        allow_private=allow_private,
        max_bytes=max_bytes,
        timeout=timeout,
        user_agent=user_agent,
        respect_robots=respect_robots,
    ) as fetcher:
        return fetcher.fetch(url, etag=etag, last_modified=last_modified)
