"""Plan kinds: told from names where the extractor left the default, stored, migrated, read back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import text

from telcoradar.model import Document, Evidence, Extraction, Plan
from telcoradar.store import open_store, save_extraction, upgrade
from telcoradar.store.engine import make_engine
from telcoradar.store.kinds import infer_kind
from telcoradar.store.read import plan_versions_at, plans_valid_at
from telcoradar.store.records import plan_record


def plan(name: str, price: str, days: int, gb: str | None, **extra: object) -> Plan:
    quote = f"{name} {price}元 {days}天"
    return Plan(
        "china-mobile", "上海移动", "上海", name, Decimal(price), "CNY", days,
        Evidence(quote, 0, len(quote)), data_gb=None if gb is None else Decimal(gb), **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def test_names_say_trial_addon_or_base() -> None:
    assert infer_kind("首日3GB免费流量体验卡") == "trial"
    assert infer_kind("Welcome SIM") == "trial"
    assert infer_kind("随心行轻享包") == "addon"
    assert infer_kind("5GB 流量加油包（7天）") == "addon"
    assert infer_kind("Data Pack 5GB") == "addon"
    assert infer_kind("Top-up 10") == "addon"
    assert infer_kind("熊猫卡") == "base"
    assert infer_kind("包月畅享套餐") == "base"  # 包 only at the end of a name means a pack
    assert infer_kind("Tourist Package") == "base"  # "pack" as a whole word only


def test_kinds_are_stored_and_read_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    plans = (
        plan("熊猫卡", "90", 7, "30"),
        plan("首日3GB免费流量体验卡", "0", 1, "3"),  # left "base" by the extractor: the name says trial
        plan("美食券包", "5", 30, None, kind="addon", confidence=0.7, flags=("period_guessed",)),
        plan("日租卡", "2", 1, "1", per_day=True),
    )
    with open_store(url) as store:
        save_extraction(
            store,
            Extraction(Document("sh", "x"), plans=plans),
            data=b"x",
            uri="https://example.test/sh",
            fetched_at=dt.datetime(2025, 5, 20, 9, tzinfo=dt.UTC),
            extractor_version="t",
        )
        with store.read() as session:
            got = {p.name: p for p in plans_valid_at(session)}
            rows = {r.plan.name: plan_record(r) for r in plan_versions_at(session)}
    assert (got["熊猫卡"].kind, got["熊猫卡"].repeatable) == ("base", True)
    assert (got["首日3GB免费流量体验卡"].kind, got["首日3GB免费流量体验卡"].repeatable) == ("trial", False)
    pack = got["美食券包"]
    assert (pack.kind, pack.confidence, pack.flags, pack.data_gb) == ("addon", 0.7, ("period_guessed",), None)
    assert got["日租卡"].per_day is True
    assert rows["美食券包"]["kind"] == "addon" and rows["美食券包"]["flags"] == ["period_guessed"]
    assert rows["首日3GB免费流量体验卡"]["repeatable"] is False


def test_the_migration_tells_the_kind_of_existing_rows_from_their_names(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    upgrade(url, "0008")
    engine = make_engine(url)
    columns = (
        "plan_key, operator, region, name, name_key, period_days, price, currency, recurring, data_gb,"
        " data_unlimited, voice_min, intl_voice_min, sms, perks, audience"
    )
    with engine.begin() as connection:
        for i, name in enumerate(("熊猫卡", "首日免费体验卡", "随心行轻享包")):
            connection.execute(
                text(
                    f"INSERT INTO plan_versions ({columns}, attrs_key, valid_from, last_seen_at) VALUES "
                    f"('k{i}', 'china-mobile', '上海', :name, :name, 7, 10, 'CNY', 0, 1, 0, NULL, NULL,"
                    " NULL, '[]', NULL, 'a', '2025-03-01 09:00:00', '2025-03-01 09:00:00')"
                ),
                {"name": name},
            )
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        found = dict(
            (row[0], (row[1], bool(row[2]), row[3], row[4]))
            for row in connection.execute(
                text("SELECT name, kind, repeatable, confidence, flags FROM plan_versions")
            )
        )
    engine.dispose()
    assert found == {
        "熊猫卡": ("base", True, 1.0, "[]"),
        "首日免费体验卡": ("trial", False, 1.0, "[]"),
        "随心行轻享包": ("addon", True, 1.0, "[]"),
    }
