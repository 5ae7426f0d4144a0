import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from telcoradar.extract.figures import extract_figures
from telcoradar.model import Document, Figure

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def report() -> tuple[Document, list[Figure]]:
    doc = Document(
        source="competition-report.md", text=(FIXTURES / "competition-report.md").read_text("utf-8")
    )
    return doc, extract_figures(doc, ref_year=2025)


def row(f: Figure) -> tuple[object, ...]:
    return (f.measure, f.value, f.unit, f.currency, f.year, f.forecast, f.growth_rate, f.growth_kind)


def figures_of(text: str, ref_year: int | None = 2025) -> list[tuple[object, ...]]:
    return [row(f) for f in extract_figures(Document(source="t", text=text), ref_year=ref_year)]


def test_evidence_is_the_exact_sentence(report: tuple[Document, list[Figure]]) -> None:
    doc, figures = report
    assert figures
    for f in figures:
        assert doc.text[f.evidence.start : f.evidence.end] == f.evidence.quote
        assert str(f.value.normalize()) != "0"


def test_one_sentence_with_actual_and_forecasts(report: tuple[Document, list[Figure]]) -> None:
    _, figures = report
    market = [row(f) for f in figures if "市场规模达504亿元" in f.evidence.quote]
    assert market == [
        ("中国微短剧市场规模", Decimal(50_400_000_000), "CNY", "CNY", 2024, False, None, None),
        ("中国微短剧市场规模", Decimal(68_000_000_000), "CNY", "CNY", 2025, True, None, None),
        ("中国微短剧市场规模", Decimal(100_000_000_000), "CNY", "CNY", 2027, True, None, None),
        ("中国电影全年总票房", Decimal(47_000_000_000), "CNY", "CNY", 2025, True, None, None),
    ]


def test_users_with_month_date_and_half_year_growth(report: tuple[Document, list[Figure]]) -> None:
    _, figures = report
    (users,) = [f for f in figures if f.measure == "微短剧的用户规模"]
    assert row(users) == (
        "微短剧的用户规模",
        Decimal(662_000_000),
        "people",
        None,
        2024,
        False,
        Decimal("14.8"),
        "hoh",
    )
    assert users.date == dt.date(2024, 12, 1)


def test_person_trips_with_yoy_growth(report: tuple[Document, list[Figure]]) -> None:
    _, figures = report
    (visits,) = [f for f in figures if f.unit == "person-trips"]
    assert row(visits) == (
        "全国口岸免签入境外国人", Decimal(20_115_000), "person-trips",
        None, 2024, False, Decimal("112.3"), "yoy",
    )  # fmt: skip


def test_usd_forecast_with_cagr_and_a_share(report: tuple[Document, list[Figure]]) -> None:
    _, figures = report
    quantum = [row(f) for f in figures if "量子" in f.evidence.quote]
    assert quantum[:2] == [
        ("全球量子通信市场规模", Decimal(68_000_000_000), "USD", "USD", 2030, True, Decimal(32), "cagr"),
        ("市场份额", Decimal(70), "percent", None, 2025, False, None, None),
    ]


def test_digital_economy_figures(report: tuple[Document, list[Figure]]) -> None:
    _, figures = report
    digital = [row(f)[:5] for f in figures if "数字中国" in f.evidence.quote]
    assert digital == [
        ("我国数字经济核心产业增加值占GDP比重", Decimal(10), "percent", None, 2024),
        ("算力总规模", Decimal(280), "EFLOPS", None, 2024),
        ("5G基站数", Decimal(4_251_000), "count", None, 2024),
    ]


def test_plan_prices_dates_phone_numbers_and_small_counts_are_not_figures(
    report: tuple[Document, list[Figure]],
) -> None:
    _, figures = report
    assert not [f for f in figures if "85 元" in f.evidence.quote]
    assert not [f for f in figures if "注册资金" in f.evidence.quote]
    texts = [
        "上海电信 7 天套餐的费用为 85 元，15 天套餐 125 元。",
        "电话：(86) (020) 22263635 22263200。",
        "截至目前，中国已与 26 个国家实现全面互免签证。",
        "江苏移动推出两档套餐，月租 29 元，共 2 个档位。",
        "自 2024 年 12 月 17 日起，停留时间延长至 240 小时。",
        "首笔最大数据产权质押融资2亿授信。",
    ]
    for text in texts:
        assert figures_of(text) == [], text


def test_english_market_figures() -> None:
    text = (
        "UK mobile market revenue reached £15.2bn in 2024, up 3.1% year on year. "
        "Ofcom expects 5G subscribers to reach 40 million by 2027. "
        "The report is priced at £495."
    )
    assert figures_of(text) == [
        (
            "UK mobile market revenue",
            Decimal(15_200_000_000),
            "GBP",
            "GBP",
            2024,
            False,
            Decimal("3.1"),
            "yoy",
        ),
        ("5G subscribers", Decimal(40_000_000), "subscribers", None, 2027, True, None, None),
    ]


def test_a_later_year_than_the_document_is_a_forecast() -> None:
    assert figures_of("2026年全国5G用户规模达12亿户。", ref_year=2025) == [
        ("全国5G用户规模", Decimal(1_200_000_000), "subscribers", None, 2026, True, None, None),
    ]
    assert figures_of("2026年全国5G用户规模达12亿户。", ref_year=2026)[0][5] is False


def test_operator_named_in_the_sentence() -> None:
    (figure,) = extract_figures(Document(source="t", text="截至2025年3月，中国移动5G网络客户数达5.6亿户。"))
    assert (figure.operator, figure.value, figure.date) == (
        "china-mobile",
        Decimal(560_000_000),
        dt.date(2025, 3, 1),
    )


def test_a_reporting_period_in_the_title_dates_undated_figures() -> None:
    doc = Document(
        source="t",
        title="中国联通2025年一季度业绩",
        text="5G套餐用户达到2.8亿户，同比增长12.5%；联网通信业务收入人民币1,234亿元。",
    )
    got = [(f.measure, f.value, f.year, f.date, f.growth_rate) for f in extract_figures(doc)]
    assert got == [
        ("5G套餐用户", Decimal(280_000_000), 2025, dt.date(2025, 3, 31), Decimal("12.5")),
        ("联网通信业务收入", Decimal(123_400_000_000), 2025, dt.date(2025, 3, 31), None),
    ]
    heading = (
        "Trading update for the quarter ended 30 June 2025\n\n"
        "Service revenue of €2.6bn was down 0.8% year on year."
    )
    (figure,) = extract_figures(Document(source="t", text=heading))
    assert (figure.year, figure.date, figure.growth_rate, figure.growth_kind) == (
        2025, dt.date(2025, 6, 30), Decimal("-0.8"), "yoy",
    )  # fmt: skip


def test_results_release_shapes() -> None:
    assert figures_of("Mobile ARPU of £15.40 was up 1.2%. Mobile contract churn was 1.1%.") == [
        ("Mobile ARPU", Decimal("15.40"), "GBP", "GBP", 2025, False, Decimal("1.2"), "growth"),
        ("Mobile contract churn", Decimal("1.1"), "percent", None, 2025, False, None, None),
    ]
    assert figures_of(
        "Virgin Media O2 serves around 45.9 million mobile, broadband and home phone connections."
    ) == [
        ("connections", Decimal(45_900_000), "subscribers", None, 2025, False, None, None),
    ]
    assert figures_of("European operators spent €45bn on capex in 2024, down 4% year on year.") == [
        ("capex", Decimal(45_000_000_000), "EUR", "EUR", 2024, False, Decimal(-4), "yoy"),
    ]


def test_forecasts_in_one_sentence_and_after_a_semicolon() -> None:
    text = (
        "2024年全球5G连接数达到20亿，预计到2030年将超过56亿，年复合增长率约18%，届时5G将占移动连接总数的55%。"
        "2024年中国智能算力规模达725.3EFLOPS；预计2028年将达到2,781.9EFLOPS。"
    )
    assert [(f[0], f[1], f[2], f[4], f[5]) for f in figures_of(text)] == [
        ("全球5G连接数", Decimal(2_000_000_000), "subscribers", 2024, False),
        ("全球5G连接数", Decimal(5_600_000_000), "subscribers", 2030, True),
        ("5G将占移动连接总数", Decimal(55), "percent", 2030, True),
        ("中国智能算力规模", Decimal("725.3"), "EFLOPS", 2024, False),
        ("中国智能算力规模", Decimal("2781.9"), "EFLOPS", 2028, True),
    ]


def test_traditional_chinese_figures_keep_their_words() -> None:
    text = "截至2025年4月，香港流動電話用戶數目達2,340萬，滲透率超過300%。"
    assert [(f[0], f[1], f[2], f[4]) for f in figures_of(text)] == [
        ("香港流動電話用戶數目", Decimal(23_400_000), "people", 2025),
        ("滲透率", Decimal(300), "percent", 2025),
    ]


def test_english_clauses_and_changes_named_after_their_percentage() -> None:
    text = "BT Group reported revenue of £20.8 billion and EE added 200,000 postpaid customers."
    assert [(f[0], f[1], f[2]) for f in figures_of(text, None)] == [
        ("BT Group reported revenue", Decimal(20_800_000_000), "GBP"),
        ("postpaid customers", Decimal(200_000), "subscribers"),
    ]
    text = (
        "HKT reported a 3% rise in mobile revenue to HK$6.1 billion. "
        "Sky reported a 2% fall in revenue to £4.1bn."
    )
    assert [(f[0], f[1], f[6], f[7]) for f in figures_of(text, None)] == [
        ("mobile revenue", Decimal(6_100_000_000), Decimal(3), "growth"),
        ("revenue", Decimal(4_100_000_000), Decimal(-2), "growth"),
    ]


def test_the_nearest_date_dates_a_figure_and_comparisons_date_none() -> None:
    text = (
        "The global 5G services market was valued at US$250 billion in 2024 and is projected to reach "
        "US$1.2 trillion by 2030, a CAGR of 29.6%."
    )
    assert [(f[0], f[1], f[4], f[5], f[6]) for f in figures_of(text)] == [
        ("The global 5G services market", Decimal(250_000_000_000), 2024, False, None),
        ("The global 5G services market", Decimal(1_200_000_000_000), 2030, True, Decimal("29.6")),
    ]
    text = "截至4月末，三家基础电信企业的移动电话用户总数达18亿户，比上年末净增1426万户。"
    first = figures_of(text)[0]
    assert (first[1], first[4]) == (Decimal(1_800_000_000), 2025)
    # A measure found around a date keeps its traditional characters.
    assert figures_of("香港電訊2024年總收益為350億港元，按年增長2%。")[0][0] == "香港電訊總收益"


def dated_figures(text: str, published: dt.date | None) -> list[tuple[object, ...]]:
    return [row(f) for f in extract_figures(Document(source="t", text=text, published=published))]


def test_fiscal_quarters_and_indian_scales() -> None:
    text = (
        "Acme Telecom posted a net loss of Rs 5,210 crore in Q3FY25.\n\n"
        "Revenue from operations rose 3 percent to Rs 9,420 crore in the December quarter.\n\n"
        "Its 4G subscriber base stood at 118 million at the end of the quarter."
    )
    assert [(f[0], f[1], f[3], f[4], f[6]) for f in dated_figures(text, dt.date(2025, 2, 14))] == [
        ("Acme Telecom posted a net loss", Decimal(52_100_000_000), "INR", 2024, None),
        ("Revenue from operations", Decimal(94_200_000_000), "INR", 2024, Decimal(3)),
        ("Its 4G subscriber base", Decimal(118_000_000), None, 2024, None),
    ]
    assert dated_figures("Mobile revenue reached $2.1 billion in FY2024.", None)[0][4] == 2024
    assert dated_figures("Cloud revenue reached $1.4 billion in Q1 2025.", None)[0][4] == 2025


def test_a_bulletin_year_leads_the_paragraphs_after_it() -> None:
    text = (
        "截至2024年底，全省移动电话基站总数达到38.6万个。其中，5G基站数量为12.4万个。\n\n"
        "全省5G移动电话用户达到4120万户，比去年同期提高6.1个百分点。\n\n"
        "另外，固定宽带接入用户总数为1860万户。"
    )
    assert [(f[1], f[4]) for f in dated_figures(text, dt.date(2025, 1, 20))] == [
        (Decimal(386_000), 2024),
        (Decimal(124_000), 2024),
        (Decimal(41_200_000), 2024),
        (Decimal(18_600_000), 2024),
    ]
    # An older year is history: it leads nothing in a later report.
    old = "2019年，全省5G基站数量为1.2万个。\n\n全省5G移动电话用户达到4120万户。"
    assert [f[4] for f in dated_figures(old, dt.date(2025, 1, 20))] == [2019, 2025]


def test_infrastructure_counts_units_and_spelt_numbers() -> None:
    text = (
        "The operator will add 420 new base stations and can use 1,850 partner sites. "
        "全省在用算力规模达到9.8EFlops，省内共有27个智算中心。"
        "Full fibre now reaches 6.1 million premises. "
        "5G connections in the region passed two billion at the end of 2024."
    )
    assert [(f[1], f[2]) for f in figures_of(text)] == [
        (Decimal(420), "stations"),
        (Decimal(1850), "stations"),
        (Decimal("9.8"), "EFLOPS"),
        (Decimal(27), "count"),
        (Decimal(6_100_000), "premises"),
        (Decimal(2_000_000_000), "count"),
    ]
    assert figures_of("全省新建数据中心6个。") == []  # a handful is no market figure


def test_a_statement_and_a_forecast_in_one_sentence_each_take_their_own_year() -> None:
    text = (
        "Mobile internet reached 61% of the population at the end of 2024, or 1.3 billion users "
        "– a number forecast to rise to 1.6 billion users (68%) by 2030."
    )
    assert [(f[1], f[4], f[5]) for f in figures_of(text)] == [
        (Decimal(61), 2024, False),
        (Decimal(1_300_000_000), 2024, False),
        (Decimal(1_600_000_000), 2030, True),
    ]
    text = (
        "Mobile services added $310 billion of economic value in 2024.\n\n"
        "By 2030, this figure is expected to rise to $420 billion."
    )
    assert [(f[0], f[1], f[4], f[5]) for f in figures_of(text)] == [
        ("economic value", Decimal(310_000_000_000), 2024, False),
        ("economic value", Decimal(420_000_000_000), 2030, True),
    ]


def test_link_addresses_and_compared_years_date_nothing() -> None:
    text = (
        "据[通信管理局](https://example.org/key=2024)数据，2025年春节期间，"
        "全国移动[短信](https://example.org/sms-15542.html)发送量312.5亿条，较2024年春节增长18.2%，"
        "其中1月29日当天短信发送量达36.1亿条，较2024年同期增长9.4%。"
    )
    assert [(f[0], f[1], f[4]) for f in figures_of(text)] == [
        ("全国移动短信发送量", Decimal(31_250_000_000), 2025),
        ("当天短信发送量", Decimal(3_610_000_000), 2025),
    ]


def test_a_later_clause_and_a_bracket_count_what_the_sentence_measures() -> None:
    text = "AI B2B revenue grew more than 30% in 2024, reaching KRW 60 billion."
    assert [(f[0], f[1], f[3], f[4], f[6]) for f in figures_of(text)] == [
        ("AI B2B revenue", Decimal(60_000_000_000), "KRW", 2024, Decimal(30)),
    ]
    text = (
        "Ultrafast broadband reached 57% of homes (16.6 million) by May 2020, "
        "up from 15.9 million in January."
    )
    assert [(f[0], f[1], f[4]) for f in figures_of(text, 2020)] == [
        ("homes", Decimal(57), 2020),
        ("homes", Decimal(16_600_000), 2020),
        ("homes", Decimal(15_900_000), 2020),
    ]
    assert figures_of("The venture will have EBITDA of €2.1 billion in 2010.", 2009)[0][:2] == (
        "The venture will have EBITDA",
        Decimal(2_100_000_000),
    )


def test_rates_per_unit_are_no_figures_and_repeats_are_one() -> None:
    assert figures_of("每个基站会获200万元政府资助。") == []
    text = "某省5G基站达12.4万个\n\n截至2024年底，全省5G基站数量为12.4万个。"
    assert [(f[0], f[1]) for f in figures_of(text)] == [("全省5G基站数量", Decimal(124_000))]
    text = "中国移动5G用户达到2亿户。中国电信5G用户达到2亿户。"
    assert len(figures_of(text)) == 2


def test_a_plan_that_leads_a_section_sets_targets_for_its_year(report: tuple[Document, list[Figure]]) -> None:
    _, figures = report
    targets = [(f.measure, f.value, f.year, f.forecast) for f in figures if f.value in (60, 30)]
    assert targets == [
        ("地市级覆盖率", Decimal(60), 2025, True),
        ("政务云绿电使用率", Decimal(30), 2025, True),
    ]
    stated = next(f for f in figures if f.measure == "算力总规模")
    assert (stated.year, stated.forecast) == (2024, False)  # a fact before the plan is no target
    text = "2026年将围绕三个方面展开：\n\n### 另一节\n\n全省5G基站覆盖率实现95%。"
    assert [(f[1], f[4], f[5]) for f in figures_of(text)] == [
        (Decimal(95), 2025, False)
    ]  # a heading ends the plan


def test_the_year_before_and_a_part_of_the_figure_before() -> None:
    text = "Its net loss narrowed to Rs 4,870 crore in Q3FY25, against Rs 5,120 crore in the year-ago period."
    assert [(f[1], f[4]) for f in dated_figures(text, dt.date(2025, 2, 14))] == [
        (Decimal(48_700_000_000), 2024),
        (Decimal(51_200_000_000), 2023),
    ]
    text = "2024年，宽带接入收入占电信业务收入比例从上年的14.8%提升至15.2%。"
    assert [(f[1], f[4]) for f in figures_of(text)] == [(Decimal("14.8"), 2023), (Decimal("15.2"), 2024)]
    text = "2024年三家运营商预计建设28.4EFLOPS智算规模。其中某运营商预计建设9.2EFLOPS。"
    assert [(f[0], f[1], f[4], f[5]) for f in figures_of(text)] == [
        ("智算规模", Decimal("28.4"), 2024, True),
        ("智算规模", Decimal("9.2"), 2024, True),
    ]
    assert figures_of("两家企业累计共建共享了10多万个5G基站。")[0][1] == Decimal(100_000)


def test_a_measure_after_the_amount_and_growth_rates_alone() -> None:
    text = "The company reported KRW 15,210.4 billion in consolidated revenue, reflecting a 2.3% increase."
    assert [(f[0], f[1], f[3], f[6]) for f in figures_of(text, 2024)] == [
        ("consolidated revenue", Decimal(15_210_400_000_000), "KRW", Decimal("2.3")),
    ]
    text = (
        "Revenue growth slowed from 3.4% year-over-year in Q3 to 2.2% in Q4. "
        "Operating income growth slowed from 6.2% in Q3 to 3%."
    )
    assert figures_of(text, 2024) == []


def test_an_operator_that_has_a_percentage_has_that_share() -> None:
    text = "Vodafone has 31 per cent, O2 has 26 per cent and EE holds 24 per cent at present."
    found = extract_figures(Document(source="t", text=text), ref_year=2012)
    assert [(f.measure, f.value, f.year) for f in found] == [
        ("Vodafone share", Decimal(31), 2012),
        ("O2 share", Decimal(26), 2012),
        ("EE share", Decimal(24), 2012),
    ]
    assert found[0].operator != found[1].operator
    assert figures_of("The phone has 5 percent more battery.") == []


def test_targets_and_guidance_are_forecasts_and_a_year_gone_by_is_not() -> None:
    text = "The consolidated revenue target for 2025 is KRW 18.2 trillion."
    assert [(f[1], f[4], f[5]) for f in figures_of(text, 2025)] == [(Decimal(18_200_000_000_000), 2025, True)]
    text = "The company backed its guidance for capital expenditure of 1.25 billion euros."
    assert figures_of(text, 2025)[0][5] is True
    text = "统计显示，该国到2024年底拥有1820万个5G连接。"
    assert [(f[1], f[4], f[5]) for f in figures_of(text, 2025)] == [(Decimal(18_200_000), 2024, False)]
