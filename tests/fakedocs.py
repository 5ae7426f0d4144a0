"""A tiny line-format reader and extractor, so store and pipeline tests need no real parser.

Each line of a fake document is prose or a record:

    PLAN|operator|region|name|price|days|data_gb
    EVENT|op1,op2|kind|domain|YYYY-MM-DD|amount|sentence
    FIGURE|measure|value|unit|year

Evidence points at the record's line in the text, as a real extractor's would.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from telcoradar.errors import InputError
from telcoradar.jobs.pipeline import Steps
from telcoradar.model import Document, Event, Evidence, Extraction, Figure, Plan


def read(data: bytes, uri: str, content_type: str | None = None, max_bytes: int = 10**9) -> Document:
    if len(data) > max_bytes:
        raise InputError(uri, "too large")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(uri, "not UTF-8 text") from None
    if text.startswith("BAD"):
        raise InputError(uri, "not a tariff page")
    return Document(source=uri, text=text, title=text.split("\n", 1)[0][:40], content_type="text/plain")


def lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def extract(document: Document) -> Extraction:
    plans, events, figures = [], [], []
    for start, end, line in lines(document.text):
        parts = line.split("|")
        evidence = Evidence(line, start, end)
        if parts[0] == "PLAN":
            _, op, region, name, price, days, gb = parts
            plans.append(
                Plan(
                    operator=op,
                    operator_name=op,
                    region=region or None,
                    name=name,
                    price=Decimal(price),
                    currency="CNY",
                    period_days=int(days) if days else None,
                    evidence=evidence,
                    data_gb=Decimal(gb) if gb else None,
                )
            )
        elif parts[0] == "EVENT":
            _, ops, kind, domain, date, amount, sentence = parts
            events.append(
                Event(
                    operators=tuple(ops.split(",")),
                    kind=kind,
                    domain=domain,
                    sentence=sentence,
                    evidence=evidence,
                    date=dt.date.fromisoformat(date) if date else None,
                    date_precision="day" if date else None,
                    amount=Decimal(amount) if amount else None,
                    currency="CNY" if amount else None,
                )
            )
        elif parts[0] == "FIGURE":
            _, measure, value, unit, year = parts
            figures.append(Figure(measure, Decimal(value), unit, evidence, year=int(year)))
    return Extraction(document, tuple(plans), tuple(events), tuple(figures))


STEPS = Steps(read=read, extract=extract, version="fake-1", kind=lambda data, ct, uri: "text")


def page(plans: list[tuple[str, str, str, str, int, str]], prose: str = "Tariffs.") -> bytes:
    """A fake page from (operator, region, name, price, days, data_gb) tuples."""
    body = [prose] + [
        f"PLAN|{op}|{region}|{name}|{price}|{days}|{gb}" for op, region, name, price, days, gb in plans
    ]
    return "\n".join(body).encode("utf-8")


def generated(index: int) -> bytes:
    """Document number `index` of a generated corpus: 3-5 plans, an event, a figure."""
    plans = [
        ("china-mobile", "上海", f"卡{index}", f"{10 + index % 7 + k}.50", 7 * (k + 1), str(k + 1))
        for k in range(3 + index % 3)
    ]
    text = page(plans, prose=f"Page {index}.").decode("utf-8")
    text += f"\nEVENT|china-mobile|launch|tariff|2025-03-{1 + index % 28:02d}|{index}|发布第{index}号套餐"
    text += f"\nFIGURE|users {index}|{index * 1000}|people|2025\n"
    return text.encode("utf-8")
