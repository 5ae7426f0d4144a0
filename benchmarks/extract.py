"""Read + extract throughput against trafilatura's plain text extraction.

Generates 1,000 tariff pages, runs telcoradar's read+extract over them and,
in the same run, trafilatura's text extraction alone; prints MB/s,
documents/s and the ratio of the two times (target: <= 1.0, on one core).
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


def timed(label: str, docs: list[tuple[str, bytes]], run) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    found = 0
    for uri, data in docs:
        found += run(uri, data)
    seconds = time.perf_counter() - start
    megabytes = sum(len(d) for _, d in docs) / 1e6
    print(
        f"{label:<28} {seconds:7.2f} s  {megabytes / seconds:7.2f} MB/s  "
        f"{len(docs) / seconds:8.1f} docs/s  ({found} items)"
    )
    return seconds


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
    mine = timed("telcoradar read+extract", docs, ours)
    base = timed("trafilatura extract (text)", docs, theirs)
    print(f"ratio telcoradar/trafilatura: {mine / base:.2f} (target <= 1.0)")


if __name__ == "__main__":
    main()
