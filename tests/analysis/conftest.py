"""Fixtures: the 17 inbound-visitor plans of a May 2025 industry survey (its Table 1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from telcoradar.model import Document, Evidence, Extraction, Plan

# operator, operator_name, region, name, days, price, GB, domestic min, intl min (None: not offered)
TABLE_1 = [
    ("china-mobile", "北京移动", "北京", "灵动卡 Smart Card", 7, 100, 30, 100, None),
    ("china-mobile", "北京移动", "北京", "灵动卡 Smart Card", 10, 120, 35, 150, None),
    ("china-mobile", "北京移动", "北京", "灵动卡 Smart Card", 15, 150, 50, 200, None),
    ("china-mobile", "北京移动", "北京", "灵动卡 Smart Card", 30, 250, 80, 300, None),
    ("china-mobile", "上海移动", "上海", "熊猫卡", 7, 90, 30, 100, 100),
    ("china-mobile", "上海移动", "上海", "熊猫卡", 15, 130, 50, 200, 200),
    ("china-mobile", "上海移动", "上海", "熊猫卡", 30, 200, 80, 300, 300),
    ("china-mobile", "江西移动", "江西", "畅行卡", 7, 70, 30, 100, 100),
    ("china-unicom", "深圳联通", "深圳", "深圳外籍来宾短期卡", 15, 100, 50, 200, 100),
    ("china-unicom", "深圳联通", "深圳", "深圳外籍来宾短期卡", 30, 170, 80, 300, 100),
    ("china-unicom", "深圳联通", "深圳", "深圳外籍来宾短期卡", 7, 79, 18, 100, 100),
    ("china-unicom", "深圳联通", "深圳", "深圳外籍来宾短期卡", 11, 109, 25, 200, 100),
    ("china-unicom", "浙江联通", "浙江", "浙江旅游卡", 15, 159, 40, 300, 100),
    ("china-unicom", "浙江联通", "浙江", "浙江旅游卡", 30, 259, 80, 400, 100),
    ("china-unicom", "浙江联通", "浙江", "浙江旅游卡", 7, 50, 30, 100, None),
    ("china-unicom", "浙江联通", "浙江", "浙江旅游卡", 15, 80, 40, 200, None),
    ("china-unicom", "浙江联通", "浙江", "浙江旅游卡", 30, 150, 50, 300, None),
]


def make_plan(
    operator: str,
    region: str | None,
    name: str,
    days: int | None,
    price: int | str | Decimal,
    gb: int | str | Decimal | None,
    minutes: int | None = None,
    intl: int | None = None,
    *,
    operator_name: str = "",
    currency: str = "CNY",
    unlimited: bool = False,
    perks: tuple[str, ...] = (),
    kind: str = "base",
    repeatable: bool = True,
    per_day: bool = False,
    audience: str | None = "inbound_visitors",
) -> Plan:
    quote = f"{operator_name or operator}\t{name}\t{days}天\t{price}元"
    return Plan(
        operator=operator,
        operator_name=operator_name or operator,
        region=region,
        name=name,
        price=Decimal(str(price)),
        currency=currency,
        period_days=days,
        evidence=Evidence(quote=quote, start=0, end=len(quote)),
        data_gb=None if gb is None else Decimal(str(gb)),
        data_unlimited=unlimited,
        voice_min=minutes,
        intl_voice_min=intl,
        perks=perks,
        audience=audience,
        kind=kind,
        repeatable=repeatable,
        per_day=per_day,
    )


@pytest.fixture
def table1() -> list[Plan]:
    return table1_plans()


def table1_plans() -> list[Plan]:
    return [
        make_plan(op, region, name, days, price, gb, minutes, intl, operator_name=label)
        for op, label, region, name, days, price, gb, minutes, intl in TABLE_1
    ]


def fill_store(url: str) -> None:
    """Two dated captures of one page per region: Table 1 on 2025-03-01 with 浙江's
    7-day card at 60 yuan, and again on 2025-05-01 with that card cut to 50."""
    from telcoradar.store import open_store, save_extraction

    plans = table1_plans()
    with open_store(url) as store:
        for day, price in ((dt.date(2025, 3, 1), 60), (dt.date(2025, 5, 1), 50)):
            current = [p for p in plans if not (p.region == "浙江" and p.period_days == 7)]
            current.append(make_plan("china-unicom", "浙江", "浙江旅游卡", 7, price, 30, 100))
            for region in sorted({p.region or "" for p in current}):
                mine = [p for p in current if p.region == region]
                text = "\n".join(f"{p.name} {p.period_days} {p.price}" for p in mine)
                save_extraction(
                    store,
                    Extraction(Document(source=region, text=text), plans=tuple(mine)),
                    data=f"{day}{text}".encode(),
                    uri=f"https://example.test/{region}",
                    fetched_at=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC),
                    extractor_version="test",
                )


def store_capture(url: str, extraction: Extraction, uri: str, captured: dt.datetime) -> None:
    """One capture of `extraction` into the store at `url`, as if `uri` had been fetched at `captured`."""
    from telcoradar.store import open_store, save_extraction

    with open_store(url) as store:
        save_extraction(
            store,
            extraction,
            data=extraction.document.text.encode(),
            uri=uri,
            fetched_at=captured,
            extractor_version="test",
        )
