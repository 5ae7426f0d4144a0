"""The plans endpoint under load: 100,000 plans, uvicorn on 127.0.0.1, 200 requests a second for 30 s.

Builds (seeded) a SQLite store of 100,000 current plans (3 operators × 31
provinces, one captured price list each, stored through the store's own
save path), adds an admin token, starts `uvicorn` on a free loopback port in
a subprocess, and sends GET /api/plans at a fixed rate (open loop: request i
leaves at i/rate seconds whatever the earlier ones did) with a mix of
queries: the first page, a region, an operator in a region, sorted by price,
a deep page. Prints requests per second, p50/p90/p99 latency and errors.

Target: p99 < 100 ms at 200 requests/s for 30 s, zero errors.
Usage: python benchmarks/api.py [--plans 100000] [--rate 200] [--seconds 30] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import REGIONS  # the one province list of the benchmarks

from telcoradar.model import Document, Evidence, Extraction, Plan
from telcoradar.store import open_store, upgrade
from telcoradar.store.access import add_user, create_token
from telcoradar.store.save import save_extraction

OPERATORS = {"china-mobile": "移动", "china-unicom": "联通", "china-telecom": "电信"}
CARDS = ["畅游卡", "熊猫卡", "大王卡", "星卡", "天翼卡", "畅享套餐", "全球通", "动感地带", "花卡", "冰激凌"]
PERIODS = [1, 3, 7, 15, 30]
MAX_REQUESTS = 20_000  # a bound, whatever the options say
WORKERS = 32  # concurrent senders (and connections)


def build_store(url: str, total: int, seed: int = 7) -> str:
    """Store `total` plans through the save path; returns an admin token."""
    rng = random.Random(seed)
    pages = [(op, region) for op in OPERATORS for region in REGIONS]
    per_page = -(-total // len(pages))
    when = dt.datetime(2025, 5, 1, 6, tzinfo=dt.UTC)
    made = 0
    with open_store(url) as store:
        for operator, region in pages:
            count = min(per_page, total - made)
            if count <= 0:
                break
            lines, plans, offset = [], [], 0
            for i in range(count):
                days = PERIODS[i % len(PERIODS)]
                name = f"{CARDS[i % len(CARDS)]}{i // len(CARDS):03d}"
                price = Decimal(rng.randrange(5, 400))
                gb = Decimal(rng.choice([1, 2, 5, 10, 20, 30, 50, 100]))
                line = f"{region}{OPERATORS[operator]}\t{name}\t{days}天\t{price}元\t{gb}GB"
                evidence = Evidence(line, offset, offset + len(line))
                plans.append(
                    Plan(
                        operator,
                        f"{region}{OPERATORS[operator]}",
                        region,
                        name,
                        price,
                        "CNY",
                        days,
                        evidence,
                        data_gb=gb,
                        voice_min=rng.choice([None, 50, 100, 300]),
                    )
                )
                lines.append(line)
                offset += len(line) + 1
            text = "\n".join(lines)
            uri = f"https://www.example.cn/{operator}/{region}/tariffs.html"
            document = Document(source=uri, text=text, content_type="text/html")
            extraction = Extraction(document, plans=tuple(plans))
            save_extraction(store, extraction, data=text.encode(), uri=uri, extractor_version="bench",
                            fetched_at=when)  # fmt: skip
            made += count
        with store.write() as session:
            add_user(session, "bench", "admin")
            token, _row = create_token(session, "bench", "benchmark")
    return token


def reuse_token(url: str) -> str:
    """A fresh admin token for a store kept from an earlier run (--keep)."""
    with open_store(url) as store, store.write() as session:
        token, _row = create_token(session, "bench", "benchmark")
    return token


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def queries(rng: random.Random) -> list[dict[str, str | int]]:
    region = rng.choice(REGIONS)
    operator = rng.choice(list(OPERATORS))
    return [
        {"limit": 50},
        {"region": region},
        {"operator": operator, "region": region},
        {"region": region, "sort": "price"},
        {"operator": operator, "sort": "-price", "limit": 20},
        {"offset": rng.randrange(0, 99_000), "limit": 50},
    ]


class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough of the protocol for GET /api/plans.

    The load client shares the machine's cores with the server, so it is
    kept light: no client library, one request in flight a connection.
    """

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.head = f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, target: str) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        try:
            writer.write(f"GET {target} HTTP/1.1\r\n".encode() + self.head)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            return status, await reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            writer.close()
            self.streams = None
            raise

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()


async def load(base: str, token: str, rate: float, seconds: float) -> tuple[list[float], int, float]:
    """Request i is due at i/rate s; WORKERS senders take turns, so at most WORKERS are in flight.

    Latency is counted from when a request was due, not from when it left:
    a sender still busy with an earlier one makes the next one late, and
    that lateness is part of what a client sees. A reply counts as served
    when it is a 200 whose JSON body has the page's items.
    """
    rng = random.Random(11)
    count = min(int(rate * seconds), MAX_REQUESTS)
    plan = [rng.choice(queries(rng)) for _ in range(count)]
    targets = ["/api/plans?" + urlencode(params) for params in plan]
    latencies: list[float] = []
    errors = 0
    host, port = base.removeprefix("http://").rsplit(":", 1)
    connections = [Connection(host, int(port), token) for _ in range(WORKERS)]

    async def send(connection: Connection, target: str) -> bool:
        try:
            status, body = await asyncio.wait_for(connection.get(target), 10)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, TimeoutError):
            return False
        return status == 200 and body.startswith(b'{"total": ') and b'"items": [' in body

    try:
        for connection in connections:  # open connections and warm caches
            for warm in queries(rng):
                await send(connection, "/api/plans?" + urlencode(warm))
        start = time.perf_counter()

        async def sender(first: int) -> None:
            nonlocal errors
            connection = connections[first]
            for i in range(first, count, WORKERS):
                due = start + i / rate
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                elif -wait > seconds:  # far behind schedule: not sent, counted as an error
                    errors += 1
                    continue
                if not await send(connection, targets[i]):
                    errors += 1
                latencies.append(time.perf_counter() - due)

        await asyncio.gather(*(sender(k) for k in range(WORKERS)))
        elapsed = time.perf_counter() - start
    finally:
        for connection in connections:
            connection.close()
    return latencies, errors, elapsed


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (uvicorn's workers), from /proc (Linux)."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, ValueError, IndexError):
        return total
    return total + sum(cpu_seconds(int(child)) for child in children)


def run(job: Any) -> Any:
    try:
        import uvloop

        return uvloop.run(job)
    except ImportError:
        return asyncio.run(job)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--keep", type=Path, help="Build the store in this folder and keep it.")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="telcoradar-api-"))
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'api.sqlite'}"
    if not args.keep:
        (folder / "api.sqlite").unlink(missing_ok=True)
    started = time.perf_counter()
    if (folder / "api.sqlite").exists():
        upgrade(url)
        token = reuse_token(url)
    else:
        token = build_store(url, args.plans)
    print(f"store: {args.plans} plans in {time.perf_counter() - started:.1f} s ({url})")
    print(f"load average before: {', '.join(f'{v:.1f}' for v in os.getloadavg())} on {os.cpu_count()} CPUs")
    port = free_port()
    env = {**os.environ, "TELCORADAR_DATABASE_URL": url, "TELCORADAR_SECRET": "bench"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "telcoradar.web.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
         "--workers", str(args.workers)],
        env=env,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            print("server did not start")
            return 1
        cpu_before = cpu_seconds(server.pid)
        latencies, errors, elapsed = run(load(base, token, args.rate, args.seconds))
        cpu = cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=10)
    ms = [v * 1000 for v in latencies]
    p50, p90, p99 = (percentile(ms, q) for q in (0.5, 0.9, 0.99))
    rps = len(ms) / elapsed
    print(f"requests: {len(ms)} in {elapsed:.1f} s = {rps:.1f} requests/s (target rate {args.rate:g})")
    print(f"latency: p50 {p50:.1f} ms, p90 {p90:.1f} ms, p99 {p99:.1f} ms, max {max(ms):.1f} ms, "
          f"mean {statistics.fmean(ms):.1f} ms")  # fmt: skip
    print(f"errors: {errors}")
    print(f"server CPU: {cpu * 1000 / max(1, len(ms)):.1f} ms a request ({cpu:.1f} s in all)")
    print(f"load average after: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    ok = p99 < 100 and errors == 0
    print("target p99 < 100 ms with no errors:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
