"""The plans endpoint under load: 100,000 plans, uvicorn on 127.0.0.1, 200 requests a second,
alone for 30 s and then while an ingest of 1,000 documents runs.

Builds (seeded) a store of 100,000 current plans (3 operators × 31
provinces, one captured price list each, stored through the store's own
save path), adds an admin token, starts `uvicorn` on a free loopback port in
a subprocess, and sends GET /api/plans at a fixed rate (open loop: request i
leaves at i/rate seconds whatever the earlier ones did) with a mix of
queries: the first page, a region, an operator in a region, sorted by price,
a deep page. Then it runs `telcoradar ingest` of 1,000 generated tariff pages
into the same store in another process and keeps the same load going until
that ingest ends. Prints, for reads alone and for reads while writing,
requests per second, p50/p90/p99 latency and errors, and the ingest's own
documents per second.

SQLite (WAL) always; PostgreSQL too when a URL is given with --postgres or
in TELCORADAR_TEST_POSTGRES_URL: a fresh database is created next to the
one named there and dropped at the end. Everything runs on 127.0.0.1 and
stops by itself (at most 20,000 requests a phase, an ingest is stopped
after 10 minutes).

Target: p99 < 100 ms at 200 requests/s, zero errors, in both phases.
Usage: python benchmarks/api.py [--plans 100000] [--rate 200] [--seconds 30] [--ingest 1000]
       [--postgres URL] [--no-sqlite] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import REGIONS, pages  # the one province list and page generator of the benchmarks

from telcoradar.model import Document, Evidence, Extraction, Plan
from telcoradar.store import open_store, upgrade
from telcoradar.store.access import add_user, create_token
from telcoradar.store.save import save_extraction
from telcoradar.store.scratch import scratch_database

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
        """One GET. A kept-alive connection that the server closed before answering a single byte
        is opened again and the request sent once more, as HTTP clients do for idempotent requests."""
        reused = self.streams is not None
        try:
            return await self._get(target)
        except asyncio.IncompleteReadError as exc:
            if not reused or exc.partial:
                raise
        return await self._get(target)

    async def _get(self, target: str) -> tuple[int, bytes]:
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


async def load(
    base: str, token: str, rate: float, seconds: float, until: Callable[[], bool] | None = None
) -> tuple[list[float], Counter[str], float]:
    """Request i is due at i/rate s; WORKERS senders take turns, so at most WORKERS are in flight.

    Latency is counted from when a request was due, not from when it left:
    a sender still busy with an earlier one makes the next one late, and
    that lateness is part of what a client sees. A reply counts as served
    when it is a 200 whose JSON body has the page's items. With `until`,
    no request leaves once it returns True (at most `seconds` in any case).
    """
    rng = random.Random(11)
    count = min(int(rate * seconds), MAX_REQUESTS)
    plan = [rng.choice(queries(rng)) for _ in range(count)]
    targets = ["/api/plans?" + urlencode(params) for params in plan]
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    host, port = base.removeprefix("http://").rsplit(":", 1)
    connections = [Connection(host, int(port), token) for _ in range(WORKERS)]

    async def send(connection: Connection, target: str) -> str | None:
        """None when served, else what went wrong."""
        try:
            status, body = await asyncio.wait_for(connection.get(target), 10)
        except TimeoutError:
            return "no answer within 10 s"
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            return type(exc).__name__
        if status != 200:
            return f"status {status}"
        return None if body.startswith(b'{"total": ') and b'"items": [' in body else "not a page of plans"

    try:
        for connection in connections:  # open connections and warm caches
            for warm in queries(rng):
                await send(connection, "/api/plans?" + urlencode(warm))
        start = time.perf_counter()

        async def sender(first: int) -> None:
            connection = connections[first]
            for i in range(first, count, WORKERS):
                if until is not None and until():
                    break
                due = start + i / rate
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                elif -wait > seconds:  # far behind schedule: not sent, counted as an error
                    errors["not sent, far behind schedule"] += 1
                    continue
                if problem := await send(connection, targets[i]):
                    errors[problem] += 1
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


def children_cpu() -> float:
    """CPU seconds of this process's finished (waited-for) children: the ingest, once it has ended."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(job: Any) -> Any:
    try:
        import uvloop

        return uvloop.run(job)
    except ImportError:
        return asyncio.run(job)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


INGEST_TIMEOUT = 600.0  # seconds: an ingest still running then is stopped


@contextmanager
def serve(url: str, workers: int) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """uvicorn on a free loopback port over the store at `url`; stopped when the block ends."""
    port = free_port()
    env = {**os.environ, "TELCORADAR_DATABASE_URL": url, "TELCORADAR_SECRET": "bench"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "telcoradar.web.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
         "--workers", str(workers)],
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
            raise SystemExit("server did not start")
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=10)


def ingest_process(url: str, folder: Path, log: Path) -> subprocess.Popen[bytes]:
    """`telcoradar ingest FOLDER` into the store at `url`, in a process of its own."""
    env = {**os.environ, "TELCORADAR_DATABASE_URL": url}
    command = [sys.executable, "-c", "from telcoradar.cli import main; main()", "ingest", str(folder)]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def report(
    label: str, latencies: list[float], errors: Counter[str], elapsed: float, rate: float, cpu: float
) -> bool:
    """Print one phase's figures (`cpu`: the server's CPU seconds in it); True when it met the target."""
    ms = [v * 1000 for v in latencies] or [float("nan")]
    p50, p90, p99 = (percentile(ms, q) for q in (0.5, 0.9, 0.99))
    rps = len(latencies) / elapsed
    print(f"{label}: {len(latencies)} requests in {elapsed:.1f} s = {rps:.1f} requests/s (rate {rate:g})")
    print(f"{label}: latency p50 {p50:.1f} ms, p90 {p90:.1f} ms, p99 {p99:.1f} ms, max {max(ms):.1f} ms, "
          f"mean {statistics.fmean(ms):.1f} ms; errors: {errors.total()}")  # fmt: skip
    for problem, times in errors.most_common():
        print(f"{label}: error {problem}: {times}")
    print(f"{label}: server CPU {cpu * 1000 / max(1, len(latencies)):.1f} ms a request")
    ok = p99 < 100 and not errors and bool(latencies)
    print(f"{label}: target p99 < 100 ms with no errors:", "met" if ok else "NOT met")
    return ok


def bench(backend: str, url: str, args: argparse.Namespace, folder: Path, fresh: bool) -> bool:
    """Both phases against one store; True when both met the target."""
    started = time.perf_counter()
    if fresh:
        token = build_store(url, args.plans)
    else:
        upgrade(url)
        token = reuse_token(url)
    safe = make_url(url).render_as_string(hide_password=True)
    print(f"[{backend}] store: {args.plans} plans in {time.perf_counter() - started:.1f} s ({safe})")
    print(f"[{backend}] load average before: {', '.join(f'{v:.1f}' for v in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")  # fmt: skip
    documents = folder / f"pages-{backend}"
    documents.mkdir(exist_ok=True)
    seed = 7 if fresh else int(time.time())  # a kept store has seen the pages of seed 7 already
    for index, (_uri, data) in enumerate(pages(args.ingest, seed)):
        (documents / f"{index:05d}.html").write_bytes(data)
    with serve(url, args.workers) as (base, server):
        cpu_before = cpu_seconds(server.pid)
        latencies, errors, elapsed = run(load(base, token, args.rate, args.seconds))
        cpu = cpu_seconds(server.pid) - cpu_before
        alone = report(f"[{backend}] reads alone", latencies, errors, elapsed, args.rate, cpu)
        log = folder / f"ingest-{backend}.log"
        writing = ingest_process(url, documents, log)
        began = time.perf_counter()

        def ingest_ended() -> bool:
            return writing.poll() is not None or time.perf_counter() - began > INGEST_TIMEOUT

        cpu_before, ingest_cpu = cpu_seconds(server.pid), children_cpu()
        try:
            latencies, errors, elapsed = run(load(base, token, args.rate, INGEST_TIMEOUT, until=ingest_ended))
            cpu = cpu_seconds(server.pid) - cpu_before
            code = writing.wait(timeout=max(1.0, INGEST_TIMEOUT - (time.perf_counter() - began)))
        finally:
            if writing.poll() is None:
                writing.kill()
                writing.wait()
        took, ingest_cpu = time.perf_counter() - began, children_cpu() - ingest_cpu
        summary = (log.read_text(errors="replace").strip().splitlines() or [""])[-1]
        per_document = ingest_cpu * 1000 / args.ingest
        print(f"[{backend}] ingest: {args.ingest} documents in {took:.1f} s = "
              f"{args.ingest / took:.1f} documents/s, exit {code}: {summary}")  # fmt: skip
        print(f"[{backend}] ingest: {ingest_cpu:.1f} s of CPU, {per_document:.1f} ms a document")
        during = report(f"[{backend}] reads while writing", latencies, errors, elapsed, args.rate, cpu)
    print(f"[{backend}] load average after: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return alone and during and code == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=30.0, help="Length of the reads-alone phase.")
    parser.add_argument("--ingest", type=int, default=1000, help="Documents ingested while reading.")
    parser.add_argument("--postgres", default=os.environ.get("TELCORADAR_TEST_POSTGRES_URL"),
                        help="PostgreSQL URL: also run on a fresh database of that server.")  # fmt: skip
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only.")
    parser.add_argument("--keep", type=Path, help="Build the SQLite store in this folder and keep it.")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server and ingest on the way out
    folder = args.keep or Path(tempfile.mkdtemp(prefix="telcoradar-api-"))
    folder.mkdir(parents=True, exist_ok=True)
    ok = True
    if not args.no_sqlite:
        database = folder / "api.sqlite"
        if not args.keep:
            database.unlink(missing_ok=True)
        ok = bench("sqlite", f"sqlite:///{database}", args, folder, fresh=not database.exists())
    if args.postgres:
        with scratch_database(args.postgres, "telcoradar_api") as url:
            ok = bench("postgresql", url, args, folder, fresh=True) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
