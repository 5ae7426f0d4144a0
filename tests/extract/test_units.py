"""Numbers and units as operators write them."""

from __future__ import annotations

import warnings
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from telcoradar.extract.lang.units import (
    DATA,
    MINUTES,
    MONEY,
    NUMBER,
    SMS,
    DataAmount,
    Money,
    Period,
    data_from_match,
    find_money,
    is_none,
    parse_data,
    parse_minutes,
    parse_money,
    parse_number,
    parse_period,
    parse_sms,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", "0"),
        ("85", "85"),
        ("8.9", "8.9"),
        ("2,000", "2000"),
        ("1,234,567.25", "1234567.25"),
        ("-3", "-3"),
        ("1.5万", "15000"),
        ("30 亿", "3000000000"),
        ("3千万", "30000000"),
        ("2万亿", "2000000000000"),
        ("10k", "10000"),
        ("10M", "10000000"),
        ("2bn", "2000000000"),
        ("5 million", "5000000"),
        ("1.2 billion", "1200000000"),
        ("十五", "15"),
        ("两", "2"),
        ("二十", "20"),
        ("一百零五", "105"),
        ("一万五", "15000"),
        ("两亿五千万", "250000000"),
        ("一点五", "1.5"),
        ("一点五万", "15000"),
        ("二零二五", "2025"),
        ("壹佰", "100"),
        ("１００", "100"),
        (" 42 ", "42"),
    ],
)
def test_parse_number(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)
    assert isinstance(parse_number(text), Decimal)


@pytest.mark.parametrize("text", ["", "32%", "abc", "1.2.3", "万", "亿", "-", "7天", "1,23", "100元", "3-5"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("85元", "85", "CNY"),
        ("8.9元", "8.9", "CNY"),
        ("人民币100元", "100", "CNY"),
        ("RMB 100", "100", "CNY"),
        ("CNY100", "100", "CNY"),
        ("¥100", "100", "CNY"),
        ("￥100", "100", "CNY"),
        ("100 yuan", "100", "CNY"),
        ("$10", "10", "USD"),
        ("US$10", "10", "USD"),
        ("10美元", "10", "USD"),
        ("USD 10", "10", "USD"),
        ("HK$98", "98", "HKD"),
        ("98港币", "98", "HKD"),
        ("98港元", "98", "HKD"),
        ("HKD 98", "98", "HKD"),
        ("£10", "10", "GBP"),
        ("£10.99", "10.99", "GBP"),
        ("10英镑", "10", "GBP"),
        ("GBP 10", "10", "GBP"),
        ("€10", "10", "EUR"),
        ("10欧元", "10", "EUR"),
        ("EUR 10", "10", "EUR"),
        ("MOP$50", "50", "MOP"),
        ("50澳门元", "50", "MOP"),
        ("NT$300", "300", "TWD"),
        ("1000日元", "1000", "JPY"),
        ("5000韩元", "5000", "KRW"),
        ("S$20", "20", "SGD"),
        ("30 亿元", "3000000000", "CNY"),
        ("504亿元", "50400000000", "CNY"),
        ("680亿美元", "68000000000", "USD"),
        ("$10m", "10000000", "USD"),
        ("£5bn", "5000000000", "GBP"),
        ("三十元", "30", "CNY"),
        ("月租8.9元", "8.9", "CNY"),
        ("5元/月", "5", "CNY"),
        ("至多50元", "50", "CNY"),
        ("1,299元", "1299", "CNY"),
        ("免费", "0", "CNY"),
    ],
)
def test_parse_money(text: str, amount: str, currency: str) -> None:
    assert parse_money(text) == Money(Decimal(amount), currency)


def test_parse_money_bare_number_takes_default_currency() -> None:
    assert parse_money("100") == Money(Decimal(100), "CNY")
    assert parse_money("98", default_currency="HKD") == Money(Decimal(98), "HKD")
    assert parse_money("HK$98", default_currency="GBP") == Money(Decimal(98), "HKD")


@pytest.mark.parametrize("text", ["/", "—", "", "无", "N/A", "套餐", "多元化", "单元"])
def test_parse_money_nothing(text: str) -> None:
    assert parse_money(text) is None


def test_find_money_in_prose() -> None:
    text = "其中 7 天套餐的费用为 85 元，15 天套餐 125 元，30 天套餐 195 元"
    found = find_money(text)
    assert [m.amount for m, _, _ in found] == [Decimal(85), Decimal(125), Decimal(195)]
    _, start, end = found[0]
    assert text[start:end] == "85 元"
    assert find_money("注册资金 30 亿元")[0][0] == Money(Decimal(3000000000), "CNY")


def test_money_needs_a_currency_in_prose() -> None:
    assert MONEY.search("2025年5月16日，覆盖16个城市") is None
    assert [m.group(0) for m in MONEY.finditer("从$10到€12")] == ["$10", "€12"]


@pytest.mark.parametrize(
    ("text", "gb"),
    [
        ("30GB", "30"),
        ("30 GB", "30"),
        ("30G", "30"),
        ("30G流量", "30"),
        ("30GB流量", "30"),
        ("1.5GB", "1.5"),
        ("500MB", "0.48828125"),
        ("1024M", "1"),
        ("1TB", "1024"),
        ("2T", "2048"),
        ("ＧＢ", None),
        ("3", "3"),
        ("国内通用流量30GB", "30"),
    ],
)
def test_parse_data(text: str, gb: str | None) -> None:
    expected = None if gb is None else DataAmount(Decimal(gb), False)
    assert parse_data(text) == expected


@pytest.mark.parametrize("text", ["不限量", "无限", "无限流量", "不限流量", "unlimited", "Unlimited data"])
def test_parse_data_unlimited(text: str) -> None:
    assert parse_data(text) == DataAmount(None, True)


def test_data_pattern_in_prose() -> None:
    m = DATA.search("推出首日3GB免费流量体验卡")
    assert m is not None and data_from_match(m) == DataAmount(Decimal(3), False)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("100分钟", 100),
        ("100 分钟", 100),
        ("300 mins", 300),
        ("300 minutes", 300),
        ("1 min", 1),
        ("国内语音100分钟", 100),
        ("200", 200),
        ("1,000分钟", 1000),
        ("/", None),
        ("—", None),
        ("不含", None),
    ],
)
def test_parse_minutes(text: str, minutes: int | None) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("100条", 100),
        ("100条短信", 100),
        ("短信100条", 100),
        ("50 SMS", 50),
        ("SMS 20", 20),
        ("200 texts", 200),
        ("100 SMSes", 100),
        ("100 free SMS", 100),
        ("30", 30),
        ("/", None),
        ("无", None),
    ],
)
def test_parse_sms(text: str, count: int | None) -> None:
    assert parse_sms(text) == count


def test_minutes_and_sms_patterns() -> None:
    assert MINUTES.search("包含100分钟通话") is not None
    assert SMS.search("包含100分钟通话") is None


@pytest.mark.parametrize(
    ("text", "days", "recurring"),
    [
        ("7天", 7, False),
        ("7日", 7, False),
        ("7 天", 7, False),
        ("一周", 7, False),
        ("周", 7, False),
        ("2 weeks", 14, False),
        ("月", 30, True),
        ("月租", 30, True),
        ("包月", 30, True),
        ("每月", 30, True),
        ("元/月", 30, True),
        ("5元/月", 30, True),
        ("3个月", 90, False),
        ("年", 365, True),
        ("包年", 365, True),
        ("1年", 365, True),
        ("day", 1, False),
        ("日租", 1, True),
        ("week", 7, False),
        ("month", 30, True),
        ("monthly", 30, True),
        ("30 days", 30, False),
        ("15-day", 15, False),
        ("per month", 30, True),
        ("a month", 30, True),
        ("£10/month", 30, True),
        ("每30天", 30, True),
        ("有效期30天", 30, False),
        ("24小时", 1, False),
    ],
)
def test_parse_period(text: str, days: int, recurring: bool) -> None:
    assert parse_period(text) == Period(days, recurring)


@pytest.mark.parametrize("text", ["", "/", "2025年", "12月17日", "2025年3月1日", "熊猫卡", "3月"])
def test_parse_period_nothing(text: str) -> None:
    assert parse_period(text) is None


def test_period_list() -> None:
    from telcoradar.extract.lang.periods import parse_periods

    assert [p.days for p in parse_periods("推出了7/10/15/30天短期卡")] == [7, 10, 15, 30]
    assert parse_period("7/15/30天") == Period(7, False)


@pytest.mark.parametrize(
    "text", ["/", "／", "—", "–", "-", "无", "不含", "", "  ", "N/A", "n/a", "none", "None"]
)
def test_is_none(text: str) -> None:
    assert is_none(text)


@pytest.mark.parametrize("text", ["0", "100元", "无限", "不限量", "熊猫卡"])
def test_is_not_none(text: str) -> None:
    assert not is_none(text)


def test_number_pattern_is_embeddable() -> None:
    import re

    pattern = re.compile(f"(?P<n>{NUMBER})")
    assert [m.group("n") for m in pattern.finditer("达2011.5万人次，增长112.3%")] == ["2011.5万", "112.3"]


# --- properties ---------------------------------------------------------------


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integers_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9))
def test_decimals_round_trip(n: Decimal) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(format(n, "f")) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=99999))
def test_chinese_numerals_round_trip(n: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = cn2an.an2cn(n)
    assert parse_number(written) == n


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["元", "美元", "港币", "欧元", "英镑"]))
def test_money_round_trip(n: int, word: str) -> None:
    money = parse_money(f"{n:,}{word}")
    assert money is not None and money.amount == n


@given(st.text(max_size=30))
def test_parsers_never_raise(text: str) -> None:
    parse_number(text)
    parse_money(text)
    parse_data(text)
    parse_minutes(text)
    parse_sms(text)
    parse_period(text)
    is_none(text)


# --- prose: what is not a unit ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["建设5G网络", "5G-A 商用", "5G+A场景", "5G新通话", "1000M宽带", "500M 宽带", "100Mbps", "2G/3G/4G退网"],
)
def test_data_pattern_skips_speeds_and_generations(text: str) -> None:
    assert DATA.search(text) is None


@pytest.mark.parametrize(
    ("text", "gb"),
    [("首日3G免费流量", "3"), ("30G流量", "30"), ("含30G通用流量", "30"), ("30G，100分钟", "30")],
)
def test_data_pattern_keeps_bare_g_for_data(text: str, gb: str) -> None:
    m = DATA.search(text)
    assert m is not None and data_from_match(m) == DataAmount(Decimal(gb), False)


def test_a_data_cell_may_say_5g() -> None:
    assert parse_data("5G") == DataAmount(Decimal(5), False)


@pytest.mark.parametrize("text", ["三分之一的用户", "满分10分制", "提出3条建议"])
def test_minutes_and_sms_skip_ordinary_words(text: str) -> None:
    assert MINUTES.search(text) is None
    assert SMS.search(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "自 2024 年 12 月 17 日起",
        "提供 7×24 小时服务",
        "3D打印",
        "at 3pm",
        "Data month",
        "7周年庆",
        "2025年5月",
    ],
)
def test_period_pattern_skips_dates_and_clocks(text: str) -> None:
    from telcoradar.extract.lang.periods import PERIOD

    assert [m.group(0) for m in PERIOD.finditer(text) if parse_period(m.group(0))] == []


def test_scale_letters_need_a_boundary() -> None:
    import re

    pattern = re.compile(NUMBER)
    assert [m.group(0) for m in pattern.finditer("1000M宽带，$10M")] == ["1000", "10M"]


@pytest.mark.parametrize(
    "text",
    [
        "光影未来·联通无限",
        "无限可能",
        "unlimited talk and text",
        "Unlimited texts",
        "£50m in fibre",
        "$20m deal",
    ],
)
def test_data_pattern_skips_slogans_calls_and_money(text: str) -> None:
    assert DATA.search(text) is None


@pytest.mark.parametrize(
    "text", ["本地無限數據", "无限流量", "unlimited data", "Unlimited", "不限量套餐", "流量：无限"]
)
def test_data_pattern_finds_unlimited(text: str) -> None:
    m = DATA.search(text)
    assert m is not None and data_from_match(m) == DataAmount(None, True)


def test_amounts_do_not_span_cells_or_lines() -> None:
    from telcoradar.extract.lang.periods import PERIOD

    assert MONEY.search("100\t元") is None
    assert DATA.search("30\nGB") is None
    assert MINUTES.search("100\t分钟") is None
    assert PERIOD.search("包\t日") is None
    assert MONEY.search("85 元") is not None
    assert parse_money("30　亿元") == Money(Decimal(3000000000), "CNY")  # an ideographic space


def test_hours_are_not_minutes() -> None:
    assert MINUTES.search("停留时间延长至240 小时") is None


@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [("HK$", "HKD"), ("£", "GBP"), ("€", "EUR"), ("US$", "USD"), ("¥", "CNY"), ("RMB ", "CNY")]
    ),
)
def test_money_with_currency_before_round_trips(amount: Decimal, currency: tuple[str, str]) -> None:
    written, code = currency
    assert parse_money(f"{written}{amount}") == Money(amount, code)


@given(st.integers(min_value=1, max_value=100000), st.sampled_from(["GB", "G", "GB流量", " GB"]))
def test_data_round_trips(n: int, unit: str) -> None:
    assert parse_data(f"{n}{unit}") == DataAmount(Decimal(n), False)


@given(st.integers(min_value=1, max_value=3650), st.sampled_from(["天", "日", " 天", " days", "-day"]))
def test_validity_round_trips(n: int, unit: str) -> None:
    assert parse_period(f"{n}{unit}") == Period(n, False)


@given(st.integers(min_value=0, max_value=100000))
def test_minutes_and_sms_round_trip(n: int) -> None:
    assert parse_minutes(f"{n}分钟") == n
    assert parse_sms(f"{n}条") == n


def test_kuai_in_chinese_numerals_is_a_measure_word_unless_money_follows() -> None:
    from telcoradar.extract.lang.units import find_money

    assert find_money("机场里辟出一块服务区，另有两块屏幕。") == []
    assert [(m.amount, m.currency) for m, _s, _e in find_money("五块钱一张，月租5块。")] == [
        (Decimal(5), "CNY"),
        (Decimal(5), "CNY"),
    ]
