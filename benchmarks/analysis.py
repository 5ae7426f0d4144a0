"""Analysis on a big store: basket comparisons, a month of moves, a hedonic fit.

Generates (seeded) a SQLite store of about 1,000,000 plan observations:
3 operators × 31 provinces × 32 plans, one capture of each operator's
provincial tariff page a day for a year. Plans change price or data a few
times a year, some launch late and some are withdrawn; the plan versions
those changes imply are written alongside, as the store keeps them. Rows go
in by bulk inserts on the store's engine.

Then it times, on the store:
  - the cheapest option for a visitor basket in one region (read + compare)
  - the same for all regions
  - every plan change over one month (new, withdrawn, price and data moves)
  - a hedonic fit on 100,000 plan observations (read + fit)

Targets on SQLite: one region < 100 ms, all regions < 2 s, moves < 1 s,
fit < 5 s. Usage: python benchmarks/analysis.py [--keep DIR] [--plans 32]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import REGIONS  # the one province list of the benchmarks

from telcoradar.analysis.baskets import basket, cheapest
from telcoradar.analysis.changes import plan_changes
from telcoradar.analysis.hedonic import fit_frame
from telcoradar.store import Store, open_store
from telcoradar.store.read import observations_frame, plans_valid_at
from telcoradar.store.schema import BlobRow, PlanObservationRow, PlanVersionRow, SnapshotRow

OPERATORS = {"china-mobile": "移动", "china-unicom": "联通", "china-telecom": "电信"}
START = dt.date(2025, 1, 1)
DAYS = 365
CHUNK = 20_000


def stamp(day: int) -> dt.datetime:
    return dt.datetime.combine(START + dt.timedelta(days=day), dt.time(6), tzinfo=dt.UTC)


def attrs_key(attrs: dict[str, Any]) -> str:
    return hashlib.sha256(repr(sorted(attrs.items())).encode()).hexdigest()[:32]


CARDS = ["畅行", "畅享", "旅游", "短期", "欢迎"]


class Plan:
    """One generated plan: its key fields and the days its attributes change."""

    def __init__(self, rng: random.Random, operator: str, region: str, index: int) -> None:
        self.operator, self.region = operator, region
        self.period = rng.choice([1, 3, 5, 7, 10, 15, 30, 30, 30, 90])
        self.name = f"{region}{OPERATORS[operator]}{CARDS[index % len(CARDS)]}卡{index}"
        self.key = hashlib.sha256(f"{operator}|{region}|{self.name}|{self.period}".encode()).hexdigest()[:32]
        self.born = 0 if rng.random() < 0.9 else rng.randrange(1, DAYS)
        self.dies = None if rng.random() < 0.95 else rng.randrange(self.born + 1, DAYS + 1)
        gb = Decimal(rng.choice([1, 2, 5, 10, 20, 30, 50, 80, 100]))
        price = (Decimal(self.period) * rng.choice([2, 3, 4, 5, 6, 8]) + gb / 2).quantize(Decimal(1))
        voice, intl = rng.choice([0, 50, 100, 200, 300, 500]), rng.choice([None, None, 50, 100])
        self.attrs: list[tuple[int, dict[str, Any]]] = []
        self.attrs.append((self.born, self._attrs(price, gb, voice, intl)))
        changes = min(rng.randint(0, 6), DAYS - self.born - 1)
        for day in sorted(rng.sample(range(self.born + 1, DAYS), k=changes)):
            if rng.random() < 0.7:
                price = max(Decimal(1), price * Decimal(rng.choice(["0.8", "0.9", "1.1"]))).quantize(
                    Decimal(1)
                )
            else:
                gb = gb * 2
            self.attrs.append((day, self._attrs(price, gb, voice, intl)))

    @staticmethod
    def _attrs(price: Decimal, gb: Decimal, voice: int, intl: int | None) -> dict[str, Any]:
        return {"price": price, "data_gb": gb, "voice_min": voice, "intl_voice_min": intl}

    def on(self, day: int) -> int | None:
        """Index of the attributes in force on a day, or None if not on offer."""
        if day < self.born or (self.dies is not None and day >= self.dies):
            return None
        index = 0
        for i, (start, _) in enumerate(self.attrs):
            if start <= day:
                index = i
        return index


def generate(store: Store, plans_per_page: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    pages = [(op, region) for op in OPERATORS for region in REGIONS]
    plans = {page: [Plan(rng, page[0], page[1], i) for i in range(plans_per_page)] for page in pages}
    snapshot_id = observation_id = 0
    versions: dict[tuple[str, int], dict[str, Any]] = {}
    with store.engine.begin() as conn:
        snapshots: list[dict[str, Any]] = []
        blobs: list[dict[str, Any]] = []
        observations: list[dict[str, Any]] = []

        def flush(force: bool = False) -> None:
            if not force and len(observations) < CHUNK:
                return
            if blobs:  # snapshots first: observations point to them
                conn.execute(insert(BlobRow), blobs)
                conn.execute(insert(SnapshotRow), snapshots)
                blobs.clear()
                snapshots.clear()
            if observations:
                conn.execute(insert(PlanObservationRow), observations)
                observations.clear()

        for day in range(DAYS):
            at = stamp(day)
            for op, region in pages:
                snapshot_id += 1
                uri = f"https://bench.example/{op}/{region}"
                sha = hashlib.sha256(f"{uri}|{day}".encode()).hexdigest()
                blobs.append(
                    {"sha256": sha, "data": b"", "compression": "none", "size": 0, "content_type": None}
                )
                snapshots.append(
                    {
                        "id": snapshot_id, "uri": uri, "seq": day + 1, "sha256": sha, "fetched_at": at,
                        "meta": {}, "text": "", "title": "", "extractor_version": "bench", "plan_count": 0,
                    }
                )  # fmt: skip
                for plan in plans[(op, region)]:
                    index = plan.on(day)
                    if index is None:
                        continue
                    attrs = plan.attrs[index][1]
                    observation_id += 1
                    quote = f"{plan.name}\t{plan.period}天\t{attrs['price']}元\t{attrs['data_gb']}GB"
                    row = {
                        "id": observation_id, "snapshot_id": snapshot_id, "plan_key": plan.key,
                        "operator": op, "operator_name": region + OPERATORS[op], "region": region,
                        "name": plan.name, "name_key": plan.name, "period_days": plan.period,
                        "currency": "CNY", "recurring": False, "data_unlimited": False, "sms": None,
                        "perks": [], "audience": None, "quote": quote, "quote_start": 0,
                        "quote_end": len(quote), "observed_at": at, **attrs,
                    }  # fmt: skip
                    observations.append(row)
                    version = versions.get((plan.key, index))
                    if version is None:
                        versions[(plan.key, index)] = {
                            **{k: row[k] for k in ("plan_key", "operator", "region", "name", "name_key")},
                            **{k: row[k] for k in ("period_days", "currency", "recurring", "data_unlimited")},
                            **{k: row[k] for k in ("sms", "perks", "audience")},
                            **attrs,
                            "attrs_key": attrs_key(attrs),
                            "valid_from": at, "valid_to": None, "last_seen_at": at,
                            "first_observation_id": observation_id, "last_observation_id": observation_id,
                        }  # fmt: skip
                    else:
                        version.update(last_seen_at=at, last_observation_id=observation_id)
                flush()
        flush(force=True)
        for plan_list in plans.values():
            for plan in plan_list:
                spans = [(start, i) for i, (start, _) in enumerate(plan.attrs) if (plan.key, i) in versions]
                for (_, i), (next_start, _) in itertools.pairwise(spans):
                    versions[(plan.key, i)]["valid_to"] = stamp(next_start)
                if spans and plan.dies is not None:
                    versions[(plan.key, spans[-1][1])]["valid_to"] = stamp(plan.dies)
        rows = list(versions.values())
        for start in range(0, len(rows), CHUNK):
            conn.execute(insert(PlanVersionRow), rows[start : start + CHUNK])
        conn.execute(text("ANALYZE"))
    return observation_id


def timed(label: str, target: float, run: Callable[[], Any], repeat: int = 5) -> None:
    times = []
    result: Any = None
    for _ in range(repeat):
        began = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - began)
    median = statistics.median(times)
    verdict = "ok" if median < target else "SLOW"
    size = f"{len(result):>7,}" if hasattr(result, "__len__") else ""
    print(
        f"{label:<46} median {median * 1000:8.1f} ms  best {min(times) * 1000:8.1f} ms  "
        f"target {target * 1000:6.0f} ms  {verdict}  {size}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    parser.add_argument("--plans", type=int, default=32, help="plans per operator and province")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="telcoradar-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "analysis.sqlite"
    path.unlink(missing_ok=True)
    with open_store(f"sqlite:///{path}") as store:
        began = time.perf_counter()
        count = generate(store, args.plans)
        with store.read() as session:
            versions = session.execute(text("SELECT count(*) FROM plan_versions")).scalar_one()
        print(
            f"generated {count:,} plan observations, {versions:,} plan versions "
            f"in {time.perf_counter() - began:.1f} s ({path.stat().st_size / 1e6:.0f} MB)"
        )
        day = START + dt.timedelta(days=200)
        need = basket("visitor-15d-light")

        def one_region() -> list[Any]:
            with store.read() as session:
                return cheapest(plans_valid_at(session, day, region="上海"), need)

        def all_regions() -> list[Any]:
            with store.read() as session:
                return cheapest(plans_valid_at(session, day), need)

        def month_of_moves() -> list[Any]:
            with store.read() as session:
                return plan_changes(session, dt.date(2025, 6, 1), dt.date(2025, 7, 1))

        def fit_100k() -> Any:
            with store.read() as session:
                frame = observations_frame(session, limit=100_000)
            return fit_frame(frame, by_region=True).premiums

        timed("basket comparison, one region (上海)", 0.1, one_region)
        timed("basket comparison, all 31 regions", 2.0, all_regions)
        timed("moves over one month (2025-06)", 1.0, month_of_moves)
        timed("hedonic fit, 100,000 observations + regions", 5.0, fit_100k, repeat=3)
    if args.keep is None:
        path.unlink(missing_ok=True)
        for extra in folder.iterdir():
            extra.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
