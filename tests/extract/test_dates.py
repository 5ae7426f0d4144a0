import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telcoradar.extract.lang.dates import (
    dateline,
    find_dates,
    find_move_dates,
    last_day,
    last_year,
    reporting_period,
)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip


def one(sentence: str, ref_year: int | None = 2025, running_year: int | None = None) -> tuple[str, str, str]:
    (match,) = find_dates(sentence, ref_year, running_year)
    return match.date.isoformat(), match.precision, sentence[match.start : match.end]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("2025年5月，中电信量子集团发布", ("2025-05-01", "month", "2025年5月")),
        ("在 2025 年 5 月 16 日的北京发布会上", ("2025-05-16", "day", "2025 年 5 月 16 日")),
        ("中国移动在 2021 年便成立了量子合资公司", ("2021-01-01", "year", "2021 年")),
        ("截至2024年12月达6.62亿人", ("2024-12-01", "month", "2024年12月")),
        ("published 2025-05-16 by", ("2025-05-16", "day", "2025-05-16")),
        ("Vodafone launched it on 3 March 2025.", ("2025-03-03", "day", "3 March 2025")),
        ("On May 16, 2025, EE said", ("2025-05-16", "day", "May 16, 2025")),
        ("EE partners with BT from 1st Sept. 2024", ("2024-09-01", "day", "1st Sept. 2024")),
        ("In March 2025 the regulator", ("2025-03-01", "month", "March 2025")),
        ("revenue in 2024 rose", ("2024-01-01", "year", "2024")),
    ],
)
def test_explicit_dates(sentence: str, expected: tuple[str, str, str]) -> None:
    assert one(sentence) == expected


def test_same_year_takes_the_running_year() -> None:
    assert one("同年10月的青年电影周中", running_year=2024) == ("2024-10-01", "month", "同年10月")
    assert one("同年，联通发布", running_year=2023) == ("2023-01-01", "year", "同年")


def test_relative_years_take_the_document_year() -> None:
    assert one("今年3月", ref_year=2025) == ("2025-03-01", "month", "今年3月")
    assert one("本年度", ref_year=2025)[:2] == ("2025-01-01", "year")
    assert one("去年", ref_year=2025)[:2] == ("2024-01-01", "year")
    assert one("明年", ref_year=2025)[:2] == ("2026-01-01", "year")
    assert one("last year, Three", ref_year=2025)[:2] == ("2024-01-01", "year")


def test_yearless_dates_take_the_running_year() -> None:
    assert one("于3月1日发布", ref_year=2025, running_year=2024) == ("2024-03-01", "day", "3月1日")
    assert one("on 3 March", ref_year=2025) == ("2025-03-03", "day", "3 March")


def test_unknown_year_is_skipped() -> None:
    assert find_dates("今年3月", None, None) == []
    assert find_dates("3月1日", None, None) == []


def test_not_dates() -> None:
    for text in [
        "月租8.9元，5元/月",
        "12个月",
        "2月30日",
        "2020-2024年对比",
        "2000万元",
        "1000公里",
        "May we",
    ]:
        assert find_dates(text, 2025, 2025) == [], text


def test_several_dates_and_running_year() -> None:
    matches = find_dates("2024 年 4 月发布1.0，2024 年 11 月推出2.0", 2025)
    assert [(m.date.isoformat(), m.precision) for m in matches] == [
        ("2024-04-01", "month"),
        ("2024-11-01", "month"),
    ]
    assert last_year(matches, 2019) == 2024
    assert last_year([], 2019) == 2019


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))


@given(days, st.sampled_from(["{y}年{m}月{d}日", "{y} 年 {m} 月 {d} 日", "{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}",
                               "{M} {d}, {y}", "{d} {M} {y}", "{Mb} {d} {y}"]))  # fmt: skip
def test_day_formats_round_trip(day: dt.date, pattern: str) -> None:
    month = MONTHS[day.month - 1]
    text = "据报道，" + pattern.format(y=day.year, m=day.month, d=day.day, M=month, Mb=month[:3]) + " 发布"
    (match,) = find_dates(text)
    assert (match.date, match.precision) == (day, "day")


@given(days, st.sampled_from(["{y}年{m}月", "{y} 年 {m} 月", "{M} {y}", "{M}, {y}"]))
def test_month_formats_round_trip(day: dt.date, pattern: str) -> None:
    text = "自" + pattern.format(y=day.year, m=day.month, M=MONTHS[day.month - 1]) + "起"
    (match,) = find_dates(text)
    assert (match.date, match.precision) == (day.replace(day=1), "month")


@given(st.integers(1990, 2099))
def test_year_round_trip(year: int) -> None:
    (match,) = find_dates(f"{year}年全国")
    assert (match.date, match.precision) == (dt.date(year, 1, 1), "year")


def test_day_words_count_from_the_running_day() -> None:
    day = dt.date(2025, 4, 22)
    (same,) = find_dates("同日，中国联通与华为签署协议", 2025, 2025, day)
    assert (same.date, same.precision) == (day, "day")
    (nxt,) = find_dates("次日，中国联通发布新套餐", 2025, 2025, day)
    assert nxt.date == dt.date(2025, 4, 23)
    (en,) = find_dates("The next day, EE launched it", 2025, 2025, day)
    assert en.date == dt.date(2025, 4, 23)
    assert find_dates("On the same day, EE said", 2025, 2025, day)[0].date == day
    # Validity words and a day word with no running day are no dates.
    assert find_dates("流量当日有效，次日生效", 2025, 2025, day) == []
    assert find_dates("同日，中国联通发布", 2025, 2025, None) == []


def test_dates_move_the_running_year_within_a_sentence() -> None:
    found = find_dates("截至2024年4月，用户超3000万户，全年计划投资100亿元", None, None)
    assert [(m.date.isoformat(), m.precision) for m in found] == [
        ("2024-04-01", "month"),
        ("2024-01-01", "year"),
    ]
    assert last_day(find_dates("2025年5月，发布", 2025), dt.date(2025, 4, 22)) is None
    assert last_day(find_dates("预计2030年达到", 2025), dt.date(2025, 4, 22)) == dt.date(2025, 4, 22)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("London, 1 June 2025 — Vodafone UK and Three UK completed their merger.", "2025-06-01"),
        ("HONG KONG, June 3, 2025 /PRNewswire/ -- SmarTone today launched", "2025-06-03"),
        ("北京，2025年4月22日——中国移动今天发布", "2025-04-22"),
        ("新华社北京4月22日电 中国移动今天发布", "2025-04-22"),
        ("2025年4月22日，中国联通公布一季度业绩", None),
        ("Vodafone launched it on 3 March 2025 — a first.", None),
        ("— July 10: Orange says it will sell its towers.", "2025-07-10"),
        ("3月8日：中国电信发布量子密话新版本", "2025-03-08"),
        ("May 3, 2025: 10:30 GMT", None),
        ("C114讯 3月5日晚间消息（某记者）中国电信今日发布", "2025-03-05"),
        ("某某日报讯（记者王五）3月5日，中国移动在京发布", "2025-03-05"),
    ],
)
def test_datelines(paragraph: str, expected: str | None) -> None:
    found = dateline(paragraph, 2025)
    assert (found.date.isoformat() if found else None) == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("中国联通2025年一季度业绩", (2025, "2025-03-31")),
        ("中国移动2025年上半年业绩公告", (2025, "2025-06-30")),
        ("2024年度报告", (2024, "2024-12-31")),
        ("Q3 2025 trading update", (2025, "2025-09-30")),
        ("Results for the first quarter of 2025", (2025, "2025-03-31")),
        ("中国5G市场研究报告2025", None),
        ("2025年4月", None),
    ],
)
def test_reporting_periods(heading: str, expected: tuple[int, str] | None) -> None:
    found = reporting_period(heading)
    assert ((found[0], found[1].isoformat()) if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中国广电昨日发布新版白皮书", (dt.date(2025, 2, 9), "day")),
        ("T-Mobile said on Sunday it will start the service", (dt.date(2025, 2, 9), "day")),
        ("The operator on Monday announced higher prices", (dt.date(2025, 2, 10), "day")),
        ("本周早些时候，该公司签署了协议", (dt.date(2025, 2, 1), "month")),
        ("上月，该公司推出了新套餐", (dt.date(2025, 1, 1), "month")),
        ("It cut prices last December", (dt.date(2024, 12, 1), "month")),
        ("在2024数字科技生态大会上展示了眼镜", (dt.date(2024, 1, 1), "year")),
        ("上周三，中国移动签署协议", (dt.date(2025, 2, 5), "day")),
        ("the new bands go live as from Wednesday", (dt.date(2025, 2, 12), "day")),
        ("prices rise starting Monday", (dt.date(2025, 2, 10), "day")),
        ("the plan opens to all next Monday", (dt.date(2025, 2, 17), "day")),
    ],
)
def test_move_dates_count_from_the_documents_day(text: str, expected: tuple[dt.date, str]) -> None:
    found = find_move_dates(text, 2025, None, None, dt.date(2025, 2, 10))  # a Monday
    assert [(d.date, d.precision) for d in found] == [expected]


def test_move_date_words_need_the_documents_day_and_leave_find_dates_alone() -> None:
    assert find_move_dates("中国广电昨日发布白皮书", 2025) == []
    assert find_dates("在2024数字科技生态大会上，T-Mobile said on Sunday") == []
    written = find_move_dates("今日起，2025年3月1日推出", 2025, None, None, dt.date(2025, 2, 10))
    assert [(d.date, d.word) for d in written] == [(dt.date(2025, 2, 10), True), (dt.date(2025, 3, 1), False)]
