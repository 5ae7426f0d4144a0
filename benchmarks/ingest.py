"""Ingest throughput: read+extract alone against read+extract+store into SQLite.

Generates 5,000 tariff pages (HTML with a table of plans and some prose) and,
in one run, times:

- read+extract alone over every page;
- read+extract+store of every page into a fresh SQLite file (one transaction
  a document, as `telcoradar ingest` does);
- re-ingesting the same, unchanged pages (a SHA-256 lookup, nothing read).

Prints documents/s, the store's share (target: the store adds at most 25% to
read+extract) and the per-document cost of unchanged bytes (target: < 1 ms).
Figures only; nothing is asserted. `python benchmarks/ingest.py [COUNT]`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from telcoradar.jobs.pipeline import default_steps, ingest_bytes
from telcoradar.store import open_store

COUNT = 5000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else COUNT
    docs = list(corpus.pages(count))
    megabytes = sum(len(d) for _, d in docs) / 1e6
    print(f"{len(docs)} pages, {megabytes:.1f} MB")
    steps = default_steps()
    limit = 1 << 30
    steps.extract(steps.read(docs[0][1], docs[0][0], "text/html", limit))  # load data files once

    start, cpu = time.perf_counter(), time.process_time()
    found = 0
    for uri, data in docs:
        found += len(steps.extract(steps.read(data, uri, "text/html", limit)).plans)
    alone, alone_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"read+extract          {alone:7.2f} s  {len(docs) / alone:8.1f} docs/s  ({found} plans)")

    with tempfile.TemporaryDirectory() as folder:
        with open_store(f"sqlite:///{folder}/bench.sqlite") as store:
            start, cpu = time.perf_counter(), time.process_time()
            stored = 0
            for uri, data in docs:
                stored += ingest_bytes(store, data, uri, content_type="text/html", steps=steps).plans
            full, full_cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"read+extract+store    {full:7.2f} s  {len(docs) / full:8.1f} docs/s  ({stored} plans)")
            share = (full - alone) / alone
            print(f"store adds            {share:7.1%} over read+extract (target <= 25%)")
            print(f"store per document    {(full - alone) / len(docs) * 1000:7.2f} ms")
            # CPU time of this process: steadier than wall time when other work shares the machine.
            print(f"store adds (CPU time) {(full_cpu - alone_cpu) / alone_cpu:7.1%}")

            start = time.perf_counter()
            for uri, data in docs:
                if ingest_bytes(store, data, uri, content_type="text/html", steps=steps).new:
                    raise SystemExit(f"{uri}: unchanged bytes stored again")
            again = time.perf_counter() - start
            print(f"unchanged re-ingest   {again / len(docs) * 1000:7.3f} ms a document (target < 1 ms)")
        size = Path(folder, "bench.sqlite").stat().st_size / 1e6
        print(f"database              {size:7.1f} MB for {megabytes:.1f} MB of pages")


if __name__ == "__main__":
    main()
