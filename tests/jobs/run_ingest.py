"""Ingest paths with the fake steps, in a process of its own: `run_ingest.py URL PATH...`.

Used by the tests that kill an ingest half-way or run two at once. With
START_AT set (a Unix time), waits until then so that two processes race.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import fakedocs
from telcoradar.jobs.pipeline import ingest_paths
from telcoradar.store import open_store


def main() -> None:
    url, *paths = sys.argv[1:]
    with open_store(url) as store:
        start_at = float(os.environ.get("START_AT", "0"))
        time.sleep(max(0.0, start_at - time.time()))
        report = ingest_paths(store, paths, steps=fakedocs.STEPS)
    print(report.stored, len(report.errors), flush=True)
    for uri, error in report.errors:
        print(uri, error, file=sys.stderr)


if __name__ == "__main__":
    main()
