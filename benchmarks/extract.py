"""Read + extract throughput against trafilatura's plain text extraction.

Generates 1,000 tariff pages, runs telcoradar's read+extract over them and,
in the same run, trafilatura's text extraction alone over the same pages;
prints MB/s, documents/s, wall and CPU seconds, and the ratio of the two CPU
times (target: <= 0.6; CPU time is used because wall time depends on the
machine's load).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from telcoradar.extract import extract
from telcoradar.read import read_bytes

COUNT = 1000


TARGET = 0.6


def timed(label: str, docs: list[tuple[str, bytes]], run) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Run over all pages; print and return (wall seconds, CPU seconds)."""
    wall_start = time.perf_counter()
    cpu_start = time.process_time()
    found = 0
    for uri, data in docs:
        found += run(uri, data)
    cpu = time.process_time() - cpu_start
    wall = time.perf_counter() - wall_start
    megabytes = sum(len(d) for _, d in docs) / 1e6
    print(
        f"{label:<28} wall {wall:7.2f} s  cpu {cpu:7.2f} s  "
        f"{megabytes / cpu:7.2f} MB/s  {len(docs) / cpu:8.1f} docs/s (cpu)  ({found} items)"
    )
    return wall, cpu


def ours(uri: str, data: bytes) -> int:
    extraction = extract(read_bytes(data, uri, content_type="text/html"))
    return len(extraction.plans) + len(extraction.events) + len(extraction.figures)


def theirs(uri: str, data: bytes) -> int:
    import trafilatura

    text = trafilatura.extract(data.decode("utf-8"), include_tables=True)
    return 1 if text else 0


def main() -> None:
    docs = list(corpus.pages(COUNT))
    print(f"{len(docs)} pages, {sum(len(d) for _, d in docs) / 1e6:.1f} MB")
    ours(*docs[0])  # load data files once, outside the timing
    theirs(*docs[0])
    mine_wall, mine_cpu = timed("telcoradar read+extract", docs, ours)
    base_wall, base_cpu = timed("trafilatura extract (text)", docs, theirs)
    ratio = mine_cpu / base_cpu
    verdict = "ok" if ratio <= TARGET else "over target"
    print(f"wall-time ratio telcoradar/trafilatura: {mine_wall / base_wall:.2f}")
    print(f"CPU-time ratio telcoradar/trafilatura: {ratio:.2f} (target <= {TARGET}, {verdict})")


if __name__ == "__main__":
    main()
