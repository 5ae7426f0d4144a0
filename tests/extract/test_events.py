import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from telcoradar.extract import extract
from telcoradar.extract.events import extract_events
from telcoradar.extract.lang.dates import document_year
from telcoradar.model import Document, Event
from telcoradar.read import read_bytes
from telcoradar.read.text import inline_text

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def report() -> tuple[Document, list[Event]]:
    doc = Document(
        source="competition-report.md", text=(FIXTURES / "competition-report.md").read_text("utf-8")
    )
    return doc, extract_events(doc, ref_year=2025)


@pytest.fixture(scope="module")
def uk() -> tuple[Document, list[Event]]:
    doc = Document(
        source="uk-announcements.txt",
        text=(FIXTURES / "uk-announcements.txt").read_text("utf-8"),
        published=dt.date(2025, 5, 20),
    )
    return doc, extract_events(doc)


def find(events: list[Event], words: str) -> Event:
    matches = [e for e in events if words in e.sentence]
    assert len(matches) == 1, (words, [e.sentence for e in matches])
    return matches[0]


def summary(e: Event) -> tuple[object, ...]:
    return (e.operators, e.kind, e.domain, e.date, e.date_precision)


def test_every_quote_is_exact(report: tuple[Document, list[Event]], uk: tuple[Document, list[Event]]) -> None:
    for doc, events in (report, uk):
        assert events
        for e in events:
            assert doc.text[e.evidence.start : e.evidence.end] == e.evidence.quote
            assert e.sentence == inline_text(e.evidence.quote)


def test_a_markdown_sentence_reads_without_its_markup() -> None:
    text = (
        "# 新闻\n\n2025年3月2日，[中国联通](https://example.com/k?key=%D6%D0)与**某银行**签署"
        "[合作](https://example.com/k?key=hz)协议，共同推出入境旅游服务。\n"
    )
    (event,) = extract(read_bytes(text.encode(), "news.md")).events
    assert event.sentence == "2025年3月2日，中国联通与某银行签署合作协议，共同推出入境旅游服务。"
    assert "](https://example.com" in event.evidence.quote
    assert event.operators == ("china-unicom",) and event.date == dt.date(2025, 3, 2)


def test_quantum_moves(report: tuple[Document, list[Event]]) -> None:
    _, events = report
    assert summary(find(events, "中电信量子集团）发布")) == (
        ("china-telecom",), "launch", "quantum", dt.date(2025, 5, 1), "month",
    )  # fmt: skip
    invest = find(events, "注册资金 30 亿元")
    assert summary(invest) == (("china-telecom",), "investment", "quantum", None, None)
    assert (invest.amount, invest.currency) == (Decimal(3_000_000_000), "CNY")
    assert invest.counterparties == ("国盾量子", "华为")
    jv = find(events, "量子合资公司")
    assert summary(jv) == (("china-mobile",), "investment", "quantum", dt.date(2021, 1, 1), "year")
    assert jv.counterparties == ("华翊量子", "信通量子", "玻色量子")
    assert summary(find(events, "抗量子安全手机")) == (
        ("china-unicom",), "launch", "quantum", dt.date(2025, 5, 16), "day",
    )  # fmt: skip
    assert summary(find(events, "雄安量子干线")) == (
        ("china-unicom",),
        "network_build",
        "quantum",
        None,
        None,
    )
    assert summary(find(events, "牵头国际标准ITU-T")) == (
        ("china-telecom",),
        "standard",
        "quantum",
        None,
        None,
    )


def test_advice_is_not_a_move(report: tuple[Document, list[Event]]) -> None:
    _, events = report
    assert not [e for e in events if "运营商应当主动参与" in e.sentence]


def test_launch_gathers_the_partners_of_its_elaborating_sentences(
    report: tuple[Document, list[Event]],
) -> None:
    _, events = report
    launch = find(events, "正式发布“畅游通”和“幂方卡”")
    assert summary(launch) == (("china-unicom",), "launch", "inbound_travel", dt.date(2025, 3, 1), "day")
    assert launch.region == "北京"
    assert launch.counterparties == ("中国银联", "北京银行", "中国银行", "北京一卡通公司")
    assert launch.evidence.quote.startswith("此外，北京联通在2025年3月1日")
    assert launch.evidence.quote.endswith("“三卡合一”服务包。")
    assert not [e for e in events if e.sentence.startswith("其中，“畅游通”")]


def test_inbound_travel_partnership_and_captions(report: tuple[Document, list[Event]]) -> None:
    _, events = report
    pufa = find(events, "上海移动联合浦发银行")
    assert summary(pufa) == (("china-mobile",), "partnership", "inbound_travel", None, None)
    assert (pufa.region, pufa.counterparties) == ("上海", ("浦发银行",))
    assert not [e for e in events if e.sentence.startswith("图1")]


def test_short_drama_section_gives_the_domain_and_the_operator(report: tuple[Document, list[Event]]) -> None:
    _, events = report
    yongsheng = find(events, "永盛视源")
    assert summary(yongsheng) == (
        ("china-unicom",),
        "partnership",
        "short_drama",
        dt.date(2024, 2, 1),
        "month",
    )
    assert yongsheng.counterparties == ("永盛视源",)
    zhejiang = find(events, "同年10月")
    assert summary(zhejiang) == (
        ("china-unicom",),
        "partnership",
        "short_drama",
        dt.date(2024, 10, 1),
        "month",
    )
    assert zhejiang.region == "浙江"
    assert find(events, "抖音").counterparties == ("抖音", "快手")
    assert find(events, "中文在线").counterparties == ("中文在线", "山海", "九州")
    assert summary(find(events, "天翼超高清")) == (
        ("china-telecom",), "launch", "short_drama", dt.date(2024, 2, 1), "month",
    )  # fmt: skip


def test_one_sentence_with_two_dated_moves_gives_two_events(report: tuple[Document, list[Event]]) -> None:
    _, events = report
    first = find(events, "1.0 计划")
    second = find(events, "2.0 计划")
    assert summary(first) == (("china-mobile",), "launch", "short_drama", dt.date(2024, 4, 1), "month")
    assert summary(second) == (("china-mobile",), "launch", "short_drama", dt.date(2024, 11, 1), "month")
    assert second.evidence.quote == "2024 年 11 月，又发布升级后的“繁星·沐光”2.0 计划。"


def test_funds_without_currency_word(report: tuple[Document, list[Event]]) -> None:
    _, events = report
    fund = find(events, "超 2000 万")
    assert summary(fund) == (("china-mobile",), "investment", "short_drama", None, None)
    assert (fund.amount, fund.currency) == (Decimal(20_000_000), "CNY")
    cofund = find(events, "5000 万元")
    assert (cofund.kind, cofund.amount) == ("investment", Decimal(50_000_000))


def test_english_announcements(uk: tuple[Document, list[Event]]) -> None:
    _, events = uk
    vodafone = [e for e in events if e.operators == ("vodafone-uk",)]
    assert len(vodafone) == 1  # the headline restates the dated launch
    assert summary(vodafone[0]) == (("vodafone-uk",), "launch", "tariff", dt.date(2025, 3, 3), "day")
    ee = find(events, "EE partners with Samsung")
    assert summary(ee) == (("ee",), "partnership", "ai", dt.date(2025, 4, 1), "month")
    assert ee.counterparties == ("Samsung",)
    vmo2 = find(events, "invests £50m")
    assert (vmo2.operators, vmo2.kind, vmo2.amount, vmo2.currency) == (
        ("o2-uk",), "investment", Decimal(50_000_000), "GBP",
    )  # fmt: skip
    assert vmo2.counterparties == ("Nexus Fibre Ltd",)
    o2 = find(events, "raise prices")
    assert summary(o2) == (("o2-uk",), "price_change", "tariff", dt.date(2025, 4, 1), "day")
    assert (o2.amount, o2.currency) == (Decimal("1.80"), "GBP")
    assert summary(find(events, "Three UK cut")) == (
        ("three-uk",), "price_change", "tariff", dt.date(2025, 5, 12), "day",
    )  # fmt: skip
    assert not [e for e in events if "should" in e.sentence]


def test_relative_years_use_the_document_year() -> None:
    text = "# 5G\n\n今年3月，中国移动发布了新套餐。去年，中国联通与华为签署合作协议。"
    events = extract_events(Document(source="t", text=text, published=dt.date(2025, 6, 1)))
    assert [(e.operators, e.kind, e.date, e.date_precision) for e in events] == [
        (("china-mobile",), "launch", dt.date(2025, 3, 1), "month"),
        (("china-unicom",), "partnership", dt.date(2024, 1, 1), "year"),
    ]
    assert events[1].counterparties == ("华为",)


def test_document_year() -> None:
    assert document_year(Document(source="t", text="", published=dt.date(2024, 3, 1))) == 2024
    assert document_year(Document(source="t", text="", title="通信竞争 2025年5月 第71期")) == 2025
    assert document_year(Document(source="t", text="")) is None


def test_no_operator_or_no_kind_gives_nothing() -> None:
    text = "运营商推出了7~30天专属短期通信套餐。中国电信的网络很好。"
    assert extract_events(Document(source="t", text=text)) == []


def test_status_dates_do_not_date_a_move_and_tariff_sections_do_not_claim_investments() -> None:
    text = (
        "# 中国广电推出新套餐\n\n"
        "截至2025年4月，中国广电5G用户数已突破3000万户，全年计划投资100亿元建设700MHz网络。"
    )
    (event,) = extract_events(Document(source="t", text=text))
    assert (event.operators, event.kind, event.domain) == (("china-broadnet",), "investment", "other")
    # 全年 is the year of the status date before it, not the status date itself.
    assert (event.date, event.date_precision) == (dt.date(2025, 1, 1), "year")
    assert (event.amount, event.currency) == (Decimal(10_000_000_000), "CNY")


def test_same_day_and_next_day_take_the_date_before() -> None:
    text = (
        "2025年4月22日，中国联通公布一季度业绩。同日，中国联通与华为签署战略合作协议。\n\n"
        "次日，中国联通发布“5G-A尊享套餐”。"
    )
    events = extract_events(Document(source="t", text=text))
    assert [(e.kind, e.date, e.date_precision) for e in events] == [
        ("partnership", dt.date(2025, 4, 22), "day"),
        ("launch", dt.date(2025, 4, 23), "day"),
    ]


def test_a_dateline_dates_its_paragraph_only() -> None:
    text = (
        "London, 1 June 2025 — Vodafone UK and Three UK completed their merger. "
        "The combined company will invest £11bn in its network.\n\n"
        "Vodafone UK will launch satellite messaging."
    )
    merger, invest, launch = extract_events(Document(source="t", text=text))
    assert (merger.operators, merger.kind, merger.date) == (
        ("vodafone-uk", "three-uk"),
        "investment",
        dt.date(2025, 6, 1),
    )
    assert (invest.date, invest.amount, invest.currency) == (
        dt.date(2025, 6, 1),
        Decimal(11_000_000_000),
        "GBP",
    )
    assert (launch.kind, launch.date) == ("launch", None)


def test_running_totals_are_not_moves() -> None:
    text = (
        "# 中国移动\n\n"
        "计划实施以来，共推动短剧原创剧本生产 200+ 部，自制精品微短剧上线 100+ 部。"
        "截至目前，咪咕数媒签约近 2 万名优质作家。EE has launched 5G in 300 towns to date.\n\n"
        "咪咕推出3部AI短剧。"
    )
    events = extract_events(Document(source="t", text=text))
    assert [(e.kind, e.sentence) for e in events] == [("launch", "咪咕推出3部AI短剧。")]


def test_an_english_sentence_with_another_subject_does_not_borrow_the_operator() -> None:
    text = "On 3 June 2025, O2 UK launched a new range. The same day, a grocer cut its prices."
    (event,) = extract_events(Document(source="t", text=text))
    assert (event.operators, event.kind) == (("o2-uk",), "launch")


def test_traditional_chinese_reads_like_simplified() -> None:
    text = "2025年6月3日，數碼通與華為簽署合作協議，共同推出5G企業網絡方案。中國移動香港推出全新旅遊數據卡。"
    first, second = extract_events(Document(source="t", text=text))
    assert (first.operators, first.kind, first.date) == (("smartone",), "partnership", dt.date(2025, 6, 3))
    assert first.counterparties == ("華為",)
    assert first.sentence.startswith("2025年6月3日，數碼通")
    assert (second.operators, second.kind, second.domain) == (
        ("cmhk",),
        "launch",
        "inbound_travel",
    )


def test_dates_reach_clauses_events_and_today() -> None:
    text = (
        "2025年6月18日，中国电信在上海举办天翼云生态大会。会上，中国电信发布“AI+”行动计划，"
        "并与上海市政府签署数字政府建设合作协议。中国电信计划三年内投资300亿元建设智算集群。"
    )
    events = extract_events(Document(source="t", text=text))
    assert [(e.kind, e.date, e.date_precision) for e in events] == [
        ("launch", dt.date(2025, 6, 18), "day"),
        ("partnership", dt.date(2025, 6, 18), "day"),
        ("investment", None, None),  # 三年内 is no date
    ]
    release = "EE launches new plans\n\n18 March 2025\n\nEE has today launched a refreshed range of plans."
    (launch,) = extract_events(Document(source="t", text=release))
    assert (launch.date, launch.date_precision) == (dt.date(2025, 3, 18), "day")


def test_a_date_before_an_operator_name_is_no_dateline() -> None:
    text = "2025年6月18日，中国电信在上海举办大会。中国电信发布新平台。"
    events = extract_events(Document(source="t", text=text))
    assert [(e.kind, e.date) for e in events] == [("launch", None)]


def test_this_month_and_within_the_year() -> None:
    text = (
        "2025年6月3日，數碼通推出旅遊數據卡。香港電訊表示，已於本月完成收購一間數據中心營運商，"
        "交易作價約港幣12億元。年內，csl推出全新5G月費計劃。"
    )
    _, deal, plan = extract_events(Document(source="t", text=text))
    assert (deal.operators, deal.kind, deal.date, deal.date_precision) == (
        ("csl",), "investment", dt.date(2025, 6, 1), "month",
    )  # fmt: skip
    assert (deal.amount, deal.currency, deal.domain) == (Decimal(1_200_000_000), "HKD", "cloud_compute")
    assert (plan.kind, plan.domain, plan.date, plan.date_precision) == (
        "launch",
        "tariff",
        dt.date(2025, 1, 1),
        "year",
    )


def test_an_investment_takes_the_money_after_its_word_and_totals_over_years_are_no_moves() -> None:
    text = "中国电信表示，天翼云收入达到275亿元，AI算力投资将超过100亿元。"
    (event,) = extract_events(Document(source="t", text=text))
    assert (event.kind, event.amount, event.currency) == ("investment", Decimal(10_000_000_000), "CNY")
    text = (
        "Vodafone has invested £11 billion in its UK network over the past decade. "
        "近十年来，中国移动投资超过1万亿元。"
    )
    assert extract_events(Document(source="t", text=text)) == []


def test_background_terms_attendance_and_restated_partners_are_no_moves() -> None:
    text = (
        "EE said it would cut 5G prices by up to 20%, "
        "as competition grows following the merger of Vodafone and Three.\n\n"
        "发布时间：2025-04-08 来源：中国移动\n\n"
        "4月8日，中国移动与中国银联在北京签署战略合作协议。\n\n"
        "根据协议，双方将在移动支付领域开展深度合作。中国移动副总经理出席签约仪式并致辞。"
        "他表示，中国移动将与中国银联携手，共同打造数字金融新生态。\n\n"
        "中華電信表示，今年將投入新台幣150億元建設5G網路。"
    )
    events = extract_events(Document(source="t", text=text, published=dt.date(2025, 4, 8)))
    assert [(e.operators, e.kind, e.counterparties) for e in events] == [
        (("ee",), "price_change", ()),
        (("china-mobile",), "partnership", ("中国银联",)),
        (("chunghwa-telecom",), "investment", ()),
    ]
    assert (events[2].amount, events[2].currency) == (Decimal(15_000_000_000), "TWD")


def test_a_group_abroad_is_no_operator_we_know_and_partners_served_are_no_partnership() -> None:
    text = "The European Commission approved the acquisition of MasOrange's fibre assets by Vodafone Spain."
    assert extract_events(Document(source="t", text=text)) == []
    text = "5月13日，中国移动发布“九天”大模型3.0，并宣布向合作伙伴开放API接口。"
    events = extract_events(Document(source="t", text=text, published=dt.date(2025, 5, 13)))
    assert [(e.kind, e.domain, e.date) for e in events] == [
        ("launch", "ai", dt.date(2025, 5, 13)),
        ("launch", "other", dt.date(2025, 5, 13)),  # no AI word of its own, and no AI section
    ]


def test_english_clauses_name_their_own_subject() -> None:
    text = (
        "## EE\n\nLaunched 5G Standalone in 50 more towns on 3 March 2025.\n\n"
        "The regulator launched a review of EE pricing.\n\n"
        "Samsung partners with EE on Galaxy AI.\n\n"
        "Analysts expect Vodafone UK to launch satellite texting."
    )
    events = extract_events(Document(source="t", text=text))
    assert [(e.operators, e.kind, e.date) for e in events] == [
        (("ee",), "launch", dt.date(2025, 3, 3)),
        (("ee",), "partnership", None),
    ]


def test_price_adjustments_and_today_on_a_dated_document() -> None:
    text = (
        "中国移动香港宣布，由2025年7月1日起，調整部分月費計劃價格。3香港今日推出全新5G月費計劃，月費HK$98起。"
    )
    adjust, launch = extract_events(Document(source="t", text=text, published=dt.date(2025, 5, 20)))
    assert (adjust.operators, adjust.kind, adjust.domain, adjust.date) == (
        ("cmhk",), "price_change", "tariff", dt.date(2025, 7, 1),
    )  # fmt: skip
    assert (launch.operators, launch.kind, launch.date) == (("three-hk",), "launch", dt.date(2025, 5, 20))


def _events(text: str, published: dt.date | None = None) -> list[Event]:
    return extract_events(Document(source="news.md", text=text, published=published))


def test_a_lead_and_its_restatement_are_one_move_dated_by_the_lead() -> None:
    text = (
        "深圳讯 3月4日消息，中国移动正式发布星河视频彩铃2.0套餐。\n"
        "中国移动表示，星河视频彩铃2.0套餐已于当天在全国发布。\n"
        "同日，中国移动还推出了面向老年用户的亲情守护卡。\n"
    )
    events = _events(text, dt.date(2025, 3, 4))
    launches = [e for e in events if e.kind == "launch"]
    assert [(e.date, e.date_precision) for e in launches] == [
        (dt.date(2025, 3, 4), "day"),
        (dt.date(2025, 3, 4), "day"),
    ]
    assert "星河" in launches[0].sentence and "亲情守护卡" in launches[1].sentence


def test_a_statement_about_the_deal_just_told_is_part_of_it() -> None:
    text = (
        "Lisbon, 2 April 2025 — Vodafone UK signed a roaming partnership with Atlas Mobile.\n"
        "The partnership gives customers lower prices in twelve countries.\n"
    )
    events = _events(text)
    assert [(e.operators, e.kind, e.date) for e in events] == [
        (("vodafone-uk",), "partnership", dt.date(2025, 4, 2))
    ]


def test_words_in_link_targets_and_front_matter_are_not_read() -> None:
    text = (
        '---\ntitle: "EE launches a new plan"\ndate: 2025-02-01\n---\n'
        "Analysts at [the paper](https://example.com/business-standard/ee-launch) were briefed.\n"
    )
    assert _events(text) == []


def test_relative_days_and_hikes_date_and_kind_a_wire_report() -> None:
    text = (
        "MUMBAI (Newswire) - Bharti Airtel on Monday announced a 15% hike in prepaid tariffs.\n"
        "Rival Jio said on Friday it had agreed to buy a regional cable operator.\n"
    )
    events = _events(text, dt.date(2025, 3, 10))  # a Monday
    assert [(e.operators, e.kind, e.date, e.date_precision) for e in events] == [
        (("airtel",), "price_change", dt.date(2025, 3, 10), "day"),
        (("jio",), "investment", dt.date(2025, 3, 7), "day"),
    ]


def test_remarks_outlook_and_standing_are_no_moves() -> None:
    text = (
        "5月9日，中国电信与某省政府签署数字政府战略合作协议。\n"
        "省长王明说，希望双方以此次签约为契机，共建数字经济新高地。\n"
        "下一步，中国电信将充分发挥云网优势，建设新型信息基础设施。\n"
        "中国电信作为本届博览会官方合作伙伴，全力保障现场通信。\n"
        "未来，中国电信愿与产业链各方携手共进。\n"
    )
    events = _events(text, dt.date(2025, 5, 10))
    assert [(e.operators, e.kind, e.domain, e.date) for e in events] == [
        (("china-telecom",), "partnership", "digital_government", dt.date(2025, 5, 9))
    ]


def test_an_undated_move_in_the_lead_takes_the_documents_day_and_later_ones_do_not() -> None:
    text = (
        "EE signs network sharing pact\n"
        "EE has signed a network sharing agreement with a rural mast company, the operator said.\n"
        "EE launched a 5G home broadband service some time ago.\n"
    )
    events = _events(text, dt.date(2025, 4, 3))
    assert [(e.kind, e.date) for e in events] == [("partnership", dt.date(2025, 4, 3)), ("launch", None)]


def test_a_spokesmans_quote_and_a_results_release_are_no_moves_and_a_build_status_is_dated() -> None:
    text = (
        "— June 2: Orange signs a roaming partnership with a Gulf carrier.\n"
        'Its chief executive said: "We are proud to partner with the best networks in the region."\n'
        "21日晚，中国联通发布了2024年第三季度的业绩报告。\n"
        "截至5月底，中国联通已建成12万个5G基站。\n"
    )
    events = _events(text, dt.date(2024, 10, 22))
    assert [(e.operators, e.kind, e.date, e.date_precision) for e in events] == [
        (("orange-fr",), "partnership", dt.date(2024, 6, 2), "day"),
        (("china-unicom",), "network_build", dt.date(2024, 5, 1), "month"),
    ]


def test_a_news_tags_dateline_dates_the_lead_and_yesterday_counts_from_it() -> None:
    text = (
        "某某网讯 3月6日消息（记者）值2025年世界移动通信大会举办之际，"
        "中国联通在巴塞罗那发布新一代卫星终端。\n"
        "中国广电昨日发布《中国广电终端白皮书（2025版）》。\n"
    )
    events = _events(text, dt.date(2025, 3, 6))
    assert [(e.operators, e.kind, e.date, e.date_precision) for e in events] == [
        (("china-unicom",), "launch", dt.date(2025, 3, 6), "day"),
        (("china-broadnet",), "launch", dt.date(2025, 3, 5), "day"),
    ]


def test_deals_take_no_tariff_domain_and_agreements_with_governments_are_digital_government() -> None:
    text = (
        "2024年9月7日，某市人民政府与中国联合网络通信集团有限公司签署战略合作协议。\n"
        "2014年，中国移动成立了面向数字内容的子公司。\n"
        "On 3 June 2025, AT&T agreed to buy a prepaid brand and its monthly plans for $1bn.\n"
    )
    events = _events(text)
    assert [(e.operators, e.kind, e.domain, e.date) for e in events] == [
        (("china-unicom",), "partnership", "digital_government", dt.date(2024, 9, 7)),
        (("china-mobile",), "investment", "other", dt.date(2014, 1, 1)),
        (("att",), "investment", "other", dt.date(2025, 6, 3)),
    ]
