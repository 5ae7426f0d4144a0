"""Writing the briefing from a big store: 100,000 current plans and 5,000 events.

Generates (seeded) a SQLite store through the store's own save path: one
capture of 200 tariff pages (3 operators × 31 regions, 500 plans a page, some
sold to inbound visitors), a second capture of 20 of them with price cuts,
new and withdrawn plans, and 100 articles of 50 dated moves each, with a few
market figures. Then it times the whole step `telcoradar brief` runs: read
the facts from the store, build the briefing, render the HTML and write it.

Target on SQLite: under 5 s.
Usage: python benchmarks/briefing.py [--plans 100000] [--events 5000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from telcoradar.jobs.briefing import gather
from telcoradar.model import Document, Event, Evidence, Extraction, Figure, Plan
from telcoradar.report import build_briefing, write_briefing
from telcoradar.store import open_store, save_extraction

OPERATORS = ("china-mobile", "china-unicom", "china-telecom")
REGIONS = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆",
    "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆",
)  # fmt: skip
DOMAINS = ("quantum", "short_drama", "inbound_travel", "digital_government", "ai", "cloud_compute")
KINDS = ("launch", "partnership", "investment", "network_build")
MARCH = dt.datetime(2025, 3, 15, 9, tzinfo=dt.UTC)
MAY = dt.datetime(2025, 5, 20, 9, tzinfo=dt.UTC)


def _plans(rng: random.Random, operator: str, region: str, count: int, cut: bool) -> list[Plan]:
    plans = []
    for i in range(count):
        days = (7, 15, 30)[i % 3]
        gb = Decimal(10 + (i * 7) % 90)
        price = Decimal(30 + (i * 13) % 200 + days)
        if cut and i % 10 == 0:
            price = (price * Decimal("0.85")).quantize(Decimal(1))
        name = f"畅享卡{i // 3 + (1000 if cut and i % 50 == 1 else 0)}"
        quote = f"{name}\t{days}天\t{price}元\t{gb}GB\t{100 + i % 5 * 100}分钟"
        plans.append(
            Plan(
                operator=operator,
                operator_name=operator,
                region=region,
                name=name,
                price=price,
                currency="CNY",
                period_days=days,
                evidence=Evidence(quote, i * 40, i * 40 + len(quote)),
                data_gb=gb,
                voice_min=100 + i % 5 * 100,
                intl_voice_min=100 if i % 4 == 0 else None,
                audience="入境外籍来宾" if i % 5 == 0 else None,
            )
        )
    return plans


def _events(rng: random.Random, page: int, count: int) -> list[Event]:
    events = []
    for i in range(count):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 500))
        operator = OPERATORS[(page + i) % 3]
        sentence = f"{day.year}年{day.month}月{day.day}日，运营商第{page}-{i}项动向发布。"
        events.append(
            Event(
                operators=(operator,),
                kind=KINDS[i % len(KINDS)],
                domain=DOMAINS[(page * 7 + i) % len(DOMAINS)],
                sentence=sentence,
                evidence=Evidence(sentence, i * 30, i * 30 + len(sentence)),
                date=day,
                date_precision="day",
            )
        )
    return events


def _save(
    store: object, uri: str, when: dt.datetime, plans: list[Plan], events: list[Event], figures=()
) -> None:  # type: ignore[no-untyped-def]
    body = f"{uri} {when.isoformat()} {len(plans)} {len(events)}".encode()
    document = Document(source=uri, text=body.decode(), title=uri, sha256=hashlib.sha256(body).hexdigest())
    extraction = Extraction(document, tuple(plans), tuple(events), tuple(figures))
    save_extraction(store, extraction, data=body, uri=uri, extractor_version="bench", fetched_at=when)  # type: ignore[arg-type]


def build_store(url: str, plans: int, events: int) -> float:
    rng = random.Random(71)
    started = time.perf_counter()
    pages = [(op, region) for region in REGIONS for op in OPERATORS][:200]
    per_page = max(1, plans // len(pages))
    with open_store(url) as store:
        for n, (op, region) in enumerate(pages):
            _save(
                store, f"https://{op}.example/{n}.html", MARCH, _plans(rng, op, region, per_page, False), []
            )
        for n, (op, region) in enumerate(pages[:20]):
            _save(store, f"https://{op}.example/{n}.html", MAY, _plans(rng, op, region, per_page, True), [])
        articles = 100
        for page in range(articles):
            quote = "2024年中国微短剧市场规模为504亿元"
            size = Decimal(50_400_000_000 + page)
            evidence = Evidence(quote, 0, len(quote))
            figures = (
                [Figure("微短剧市场规模", size, "CNY", evidence, year=2024, currency="CNY")]
                if page % 20 == 0
                else []
            )
            _save(
                store,
                f"https://news.example/{page}.html",
                MAY,
                [],
                _events(rng, page, events // articles),
                figures,
            )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--keep", type=Path, help="keep the store and briefing in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="telcoradar-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "briefing-bench.sqlite"
    database.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    setup = build_store(url, args.plans, args.events)
    print(f"store: {args.plans:,} plans, {args.events:,} events written in {setup:.1f} s")

    import matplotlib  # imported before timing: a one-off cost of the process, not of the briefing

    matplotlib.use("Agg")
    clocks = [(time.perf_counter(), time.process_time())]
    with open_store(url) as store:
        inputs = gather(store)
        clocks.append((time.perf_counter(), time.process_time()))
        briefing = build_briefing(inputs, "zh")
        clocks.append((time.perf_counter(), time.process_time()))
        out = write_briefing(briefing, folder / "briefing.html")
        clocks.append((time.perf_counter(), time.process_time()))
    names = ("read the store", "build the briefing", "render and write HTML")
    print(
        f"current plans {len(inputs.plans):,}, changes {len(inputs.changes):,}, events {len(inputs.events):,}"
    )
    print(f"  {'step':<24} {'wall':>7} {'cpu':>7}")
    for name, (w0, c0), (w1, c1) in zip(names, clocks[:-1], clocks[1:], strict=True):
        print(f"  {name:<24} {w1 - w0:6.2f}s {c1 - c0:6.2f}s")
    wall, cpu = clocks[-1][0] - clocks[0][0], clocks[-1][1] - clocks[0][1]
    print(f"  {'total':<24} {wall:6.2f}s {cpu:6.2f}s  (target < 5 s)")
    print(f"  -> {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0 if wall < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
