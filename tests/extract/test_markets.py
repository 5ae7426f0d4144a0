from decimal import Decimal

import pytest

from telcoradar.extract.lang.units import parse_money
from telcoradar.extract.markets import (
    VocabularyError,
    host_brand,
    load_vocabulary,
    operator_of_url,
    url_market,
    vocabulary,
)
from telcoradar.extract.registry import data_file


@pytest.mark.parametrize(
    ("url", "operator", "market"),
    [
        ("https://www.hkcsl.com/en/prepaid/", "csl", "HK"),
        ("http://www.starhub.com/personal/mobile.html", "starhub", "SG"),
        ("https://shop.example.com.au/plans", None, "AU"),
        ("https://www.example.co.jp/news", None, "JP"),
        ("https://news.example.com/story", None, None),
        ("not an address", None, None),
    ],
)
def test_the_address_gives_operator_and_market(url: str, operator: str | None, market: str | None) -> None:
    found = url_market(url)
    assert operator_of_url(url) == operator
    assert (found.code if found else None) == market


@pytest.mark.parametrize(
    ("written", "page", "currency"),
    [
        ("$98", "HKD", "HKD"),
        ("$98", "CNY", "USD"),
        ("$98", "", ""),  # no market decides: unknown, never a guessed USD
        ("¥980", "JPY", "JPY"),
        ("¥98", "CNY", "CNY"),
        ("98元", "TWD", "TWD"),
        ("Rs 199", "", "INR"),
        ("RM30", "", "MYR"),
        ("300 baht", "", "THB"),
        ("A$35", "", "AUD"),
        ("1,980円", "", "JPY"),
    ],
)
def test_bare_symbols_take_the_page_market(written: str, page: str, currency: str) -> None:
    money = parse_money(written, page)
    assert money is not None and money.currency == currency
    assert money.amount == Decimal(written.strip("$¥元RsMbahtA円 ").replace(",", ""))


def test_a_shared_brand_as_a_host_label_names_its_operators() -> None:
    assert "vodafone-au" in host_brand("https://vodafone.helpdesk.example.net/a/1")
    assert host_brand("https://helpdesk.example.net/vodafone") == ()  # a path is no host label
    assert host_brand("https://www.example.com/") == ()


def test_a_bare_dollar_on_a_brand_host_is_the_money_of_its_dollar_market() -> None:
    from telcoradar.extract import extract
    from telcoradar.model import Document

    text = "Top-up choices: $25 gives you 2GB for 30 days."
    plans = extract(Document(source="t", text=text, url="https://vodafone.helpdesk.example.net/a/1")).plans
    assert [(p.currency, p.operator) for p in plans] == [("AUD", "vodafone-au")]


def test_every_market_has_a_currency_and_an_ending() -> None:
    markets = vocabulary().markets
    assert len(markets) >= 25
    assert markets["MO"].currency == "MOP" and ".mo" in markets["MO"].suffixes


def test_a_form_given_twice_is_refused() -> None:
    twice = '[[currency]]\ncode = "AAA"\nbefore = ["A$"]\n[[currency]]\ncode = "BBB"\nbefore = ["A$"]\n'
    with pytest.raises(VocabularyError, match="already taken"):
        load_vocabulary(twice, data_file("markets.toml"))


def test_a_bad_market_is_refused() -> None:
    with pytest.raises(VocabularyError, match="ISO 4217"):
        load_vocabulary(
            data_file("currencies.toml"), '[[market]]\ncode = "XX"\ncurrency = "x"\nsuffixes = [".xx"]\n'
        )


def test_a_place_named_in_passing_does_not_change_the_money_of_the_operators_priced() -> None:
    from telcoradar.extract.plans.context import default_currency
    from telcoradar.model import Document

    intro = "来华旅客中，来自香港、澳门和台湾的占多数，入境人次持续增长。" * 120  # no operator named yet
    text = intro + "\n上海移动推出熊猫卡，7天90元，含30GB流量。\n"
    doc = Document(source="report.md", title="月报", text=text)
    assert default_currency(doc) == "CNY"
    hong_kong = Document(source="hk.md", title="", text=intro + "\n3香港推出旅客卡，7日88元。\n")
    assert default_currency(hong_kong) == "HKD"


def test_a_currency_of_small_units_has_its_own_large_price() -> None:
    vocab = vocabulary()
    assert vocab.large_price("KRW", Decimal(5000)) > Decimal(100000)
    assert vocab.large_price("CNY", Decimal(5000)) == Decimal(5000)  # the default when none is given
    bad = '[[currency]]\ncode = "AAA"\nbefore = ["A$"]\nlarge_price = 0\n'
    with pytest.raises(VocabularyError, match="large_price"):
        load_vocabulary(bad, data_file("markets.toml"))


def test_a_path_segment_places_a_multi_market_site_but_a_language_tag_does_not() -> None:
    from telcoradar.extract.markets import url_market

    def code(url: str) -> str | None:
        market = url_market(url)
        return market.code if market is not None else None

    assert code("https://www.smartone.com/jsp/mo/plans/tc/index.jsp") == "MO"
    assert code("https://www.smartone.com/jsp/plans/index.jsp") == "HK"
    assert code("https://www.ctm.net/zh-TW/person/plans.html") == "MO"  # Traditional script, Macau site
    assert code("https://shop.example.com.hk/mo/offer") == "HK"  # a country ending wins
