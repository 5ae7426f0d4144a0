"""The facts of a phrase: prices as European, American and Chinese pages write them, unlimited
calls and texts, directional data, periods in other languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from telcoradar.extract.lang.units import DataAmount, Money, Period, parse_money, parse_period
from telcoradar.extract.plans.facts import cell_facts, find_facts
from telcoradar.extract.plans.names import find_names


@pytest.mark.parametrize(
    ("written", "amount", "currency"),
    [
        ("19,99 €", "19.99", "EUR"),
        ("€19.99/Monat", "19.99", "EUR"),
        ("19,99 € par mois", "19.99", "EUR"),
        ("€19,99", "19.99", "EUR"),
        ("EUR 9,99", "9.99", "EUR"),
        ("8 GB Daten für 9,95 Euro.", "9.95", "EUR"),  # the word, capitalised as German writes it
        ("14,95 Euro im Monat", "14.95", "EUR"),
        ("2€ par mois", "2", "EUR"),
        ("$35/mo", "35", "USD"),
        ("$35 per line per month", "35", "USD"),
        ("HK$1,288/year", "1288", "HKD"),
        ("from £8", "8", "GBP"),
        ("1,288元", "1288", "CNY"),  # a comma before three digits is a thousands separator
    ],
)
def test_prices_as_pages_write_them(written: str, amount: str, currency: str) -> None:
    assert parse_money(written) == Money(Decimal(amount), currency)


def test_a_decimal_comma_is_read_next_to_the_euro_only() -> None:
    assert parse_money("7,15天") is None
    assert parse_money("12,50元") != Money(Decimal("12.5"), "CNY")


@pytest.mark.parametrize(
    ("written", "period"),
    [
        ("月費", Period(30, True)),
        ("年費 HK$1,288", Period(365, True)),
        ("HK$1,288/year", Period(365, True)),
        ("€49.99/Monat", Period(30, True)),
        ("19,99 € par mois", Period(30, True)),
        ("$35 per line per month", Period(30, True)),
        ("24 Monate", Period(720, False)),
        ("30 jours", Period(30, False)),
        ("Die monatlichen Kosten", Period(30, True)),  # inflected adjectives
        ("un forfait mensuel", Period(30, True)),
        ("une offre mensuelle", Period(30, True)),
        ("eine jährliche Gebühr", Period(365, True)),
        ("129元/月", Period(30, True)),
    ],
)
def test_periods_in_traditional_chinese_german_and_french(written: str, period: Period) -> None:
    assert parse_period(written) == period


def test_original_and_current_price_and_a_range() -> None:
    assert cell_facts("79-109元").money == Money(Decimal(79), "CNY")  # a range is a from-price
    facts = cell_facts("129元/月 套餐含 40GB 通用流量 + 500 分钟")
    assert (facts.money, facts.period, facts.voice) == (Money(Decimal(129), "CNY"), Period(30, True), 500)
    assert facts.data is not None and facts.data.gb == Decimal(40)


@pytest.mark.parametrize(
    ("written", "voice", "sms"),
    [
        ("unlimited minutes", True, False),
        ("Unlimited UK minutes and texts", True, True),
        ("Unlimited talk, text and data", True, True),
        ("500 minutes, unlimited texts", False, True),
        ("Appels, SMS et MMS illimités", True, True),
        ("2h d'appels, SMS/MMS illimités", False, True),
        ("国内通话不限时", True, False),
        ("通话不限量", True, False),
        ("无限通话", True, False),
        ("無限本地通話", True, False),
        ("短信不限量", False, True),
        ("100分钟国内通话", False, False),
        ("unlimited data, calls and texts", True, True),
        ("Anrufe und SMS unbegrenzt", True, True),
        ("unlimited calls to 50 countries", False, False),  # international, not the plan's own calls
        ("unlimited international calls", False, False),
    ],
)
def test_unlimited_calls_and_texts(written: str, voice: bool, sms: bool) -> None:
    facts = cell_facts(written)
    assert (facts.voice_unlimited, facts.sms_unlimited) == (voice, sms)
    assert facts.data is None or "data" in written  # 通话不限量, unlimited international calls: no data


def test_hours_of_calls_are_minutes() -> None:
    assert cell_facts("2h d'appels, 50 Mo").voice == 120
    assert cell_facts("350 Go en 5G").data is not None


def test_directional_data_is_a_perk_not_the_plans_data() -> None:
    facts = cell_facts("通用流量20GB + 定向流量30GB")
    assert facts.data is not None and facts.data.gb == Decimal(20)
    assert facts.perks == ("定向流量30GB",)
    assert cell_facts("定向流量 不限量").data is None
    assert cell_facts("腾讯系APP定向流量 40GB").perks == ("腾讯系APP定向流量40GB",)


def test_names_with_a_brand_a_variant_or_a_french_lead() -> None:
    assert [n for n, _, _ in find_names("csl 5G Starter plan HK$1,288/year")] == ["csl 5G Starter plan"]
    assert [n for n, _, _ in find_names("5G畅享套餐（校园版）")] == ["5G畅享套餐（校园版）"]
    assert [n for n, _, _ in find_names("5G智享套餐（浙江版）")] == ["5G智享套餐"]  # a region is no variant
    assert [n for n, _, _ in find_names("畅游卡15天版")] == ["畅游卡15天版"]
    assert [n for n, _, _ in find_names("Forfait 2€")] == ["Forfait 2€"]
    assert [n for n, _, _ in find_names("a 7-day China, Macau and Hong Kong data pass at HK$78")] == [
        "data pass"
    ]
    assert [n for n, _, _ in find_names("中国电信星卡月租19元")] == ["星卡"]
    assert [n for n, _, _ in find_names("中国电信短期卡")] == ["中国电信短期卡"]  # 短期卡 alone names nothing


def test_a_sentence_that_opens_with_a_name_and_prices_it() -> None:
    def names(text: str) -> list[str]:
        return [n for n, _, _ in find_names(text)]

    assert names("Vodafone Red 50GB costs £14 a month.") == ["Vodafone Red 50GB"]
    assert names("Go5G Plus costs $35 per line per month.") == ["Go5G Plus"]
    assert names("T-Mobile is $35 per line per month.") == []  # an operator is no plan
    assert names("Prices are £2 higher from April.") == []
    assert names("Le forfait Orange 100 Go est à 19,99 € par mois") == ["forfait Orange 100 Go"]
    assert names("月費計劃 $198") == []  # "monthly plan" names no plan


def test_a_seniors_card_is_no_yearly_card() -> None:
    assert parse_period("老年卡 9元/月") == Period(30, True)
    assert parse_period("年卡 99元") == Period(365, True)


def test_chinese_names_keep_their_offsets_and_a_decimal_generation() -> None:
    for text, name in (
        ("CMHK 4.5G本地數據卡（30日）", "4.5G本地數據卡"),
        ("5G智享套餐（浙江版）月租58元", "5G智享套餐"),
    ):
        ((found, start, end),) = find_names(text)
        assert found == name == text[start:end]


def test_a_validity_after_a_price_and_a_slash() -> None:
    assert parse_period("£10/30 days") == Period(30, False)  # not 10/30 days, a list of choices
    assert parse_period("HK$48 / 7 days") == Period(7, False)
    assert [n for n, _, _ in find_names("Lebara £10 bundle: £10/30 days")] == ["Lebara £10 bundle"]


def test_per_unit_rates_in_every_script_are_rates_and_a_month_is_not() -> None:
    from telcoradar.extract.plans.facts import is_rate

    for cell in ("$0.2/分鐘", "$0.5/個", "0.1元/条", "HK$1 per min"):
        assert is_rate(cell), cell
    for cell in ("$99/個月", "$18", "29元/月", "£10 a month"):
        assert not is_rate(cell), cell


def test_a_denied_period_and_a_denied_allowance() -> None:
    from telcoradar.extract.plans.facts import denied_before, find_facts, none_of

    text = "毋須月費,組合用完即止"
    assert denied_before(text, text.index("月費"))
    assert not any(f.kind == "period" for f in find_facts(text))
    assert [f.period for f in find_facts("月費 $98") if f.kind == "period"] == [Period(30, True)]
    assert none_of("纯流量卡，无语音通话，不含短信") == {"voice", "sms"}
    assert none_of("无限通话") == set()  # unlimited, not none
    assert none_of("无通话费，无流量上限") == set()  # no charge and no cap: the service is there
    assert none_of("comes with no mobile data or talk time") == {"data", "voice"}
    assert none_of("it does not offer any calling benefits") == {"voice"}
    assert none_of("no data cap and no call charges") == set()  # a cap and a charge, not the service
    changed = find_facts("its data goes from 3GB to 5GB", "GBP")
    assert [f.data for f in changed if f.kind == "data"] == [DataAmount(Decimal(5), False)]  # the new one
    facts = find_facts("The Rs 25 pack has no internet data or talk time.", "INR")
    assert [(f.kind, f.count, f.data) for f in facts if f.kind in ("data", "voice")] == [
        ("data", None, DataAmount(Decimal(0), False)),
        ("voice", 0, None),
    ]


def test_traditional_period_words() -> None:
    assert parse_period("24 個月") == Period(720, False)
    assert parse_period("1個星期") == Period(7, False)
    assert parse_period("每週") == Period(7, True)
    assert parse_period("24小時") == Period(1, False)


def test_a_flat_row_of_bare_numbers_takes_its_unit_from_the_label_and_a_dash_is_an_empty_cell() -> None:
    from telcoradar.extract.plans.flat import flat_tables

    text = "月費 $28 $58 $88\n合約期 12 個月 12 個月 12 個月\n每月通話分鐘 - 50 120\n"
    (table,) = flat_tables(text, [], "HKD")
    assert [row.cells for row in table.rows] == [
        ("月費", "$28", "$58", "$88"),
        ("合約期", "12 個月", "12 個月", "12 個月"),
        ("每月通話分鐘", "0", "50", "120"),
    ]


def test_a_currency_name_before_yuan_is_that_currency() -> None:
    assert parse_money("澳幣2元", "AUD") == Money(Decimal(2), "AUD")
    assert parse_money("澳門幣20元", "MOP") == Money(Decimal(20), "MOP")
    assert parse_money("2元", "CNY") == Money(Decimal(2), "CNY")


def test_a_card_label_over_an_unlimited_value_line() -> None:
    facts = cell_facts("$35 / 30\n\n本地數據用量\n(只限週末)\n\n任用\n\n本地通話分鐘\n\n無限")
    assert facts.data is not None and facts.data.unlimited
    assert facts.voice_unlimited and not facts.sms_unlimited
    # a value on the label's own line, or a sentence after it, is no label over a value
    assert not cell_facts("本地通話分鐘\n\n無限任用 Wi-Fi").voice_unlimited
    assert cell_facts("免費 Wi-Fi\n\n無限任用").data is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Commitment period 24 months", []),
        ("a 24-month contract at $30 per month", [30]),
        ("合約期24個月", []),
        ("Valid for 30 days, no contract", [30]),
    ],
)
def test_a_contract_length_is_no_validity(text: str, days: list[int]) -> None:
    assert [f.period.days for f in find_facts(text, "USD") if f.kind == "period" and f.period] == days


@pytest.mark.parametrize(
    ("text", "free"),
    [
        ("Free calls to any network", True),
        ("Get 2GB. Free texts too", True),
        ("Calls: Free on weekends", True),
        ("ce forfait Free propose 50 Go", False),  # a capital Free within a sentence is a name
        ("texts are free at weekends", True),
    ],
)
def test_a_capital_free_within_a_sentence_is_no_price(text: str, free: bool) -> None:
    assert any(f.kind == "free" for f in find_facts(text, "EUR")) == free


def test_a_notes_label_in_traditional_script_names_no_plan() -> None:
    assert find_names("說明:") == []
    assert find_names("備註：") == []
    assert [n for n, _, _ in find_names("週末上網卡:")] == ["週末上網卡"]


def test_on_net_calls_without_limit_plus_base_minutes() -> None:
    facts = cell_facts("$168 5GB 無限網內 + 1,800 基本 24個月")
    assert (facts.voice, facts.voice_unlimited) == (1800, False)
    assert cell_facts("無限網內通話").voice is None


def test_data_of_two_columns_side_by_side_is_summed() -> None:
    def data(text: str) -> list[Decimal | None]:
        return [f.data.gb for f in find_facts(text, "HKD") if f.kind == "data" and f.data is not None]

    assert data("$198 8GB 512MB 24個月") == [Decimal(8) + Decimal(512) / 1024]
    # sizes listed going up, or joined by words, stay apart
    assert data("有 500MB 2GB 可選") == [Decimal(500) / 1024, Decimal(2)]
    assert data("8GB 另送 512MB") == [Decimal(8), Decimal(512) / 1024]
