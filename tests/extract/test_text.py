import pytest
from hypothesis import given
from hypothesis import strategies as st

from telcoradar.extract.lang.lexicon import lexicon
from telcoradar.extract.lang.text import fold, lines, sentences


def quotes(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences(text)]


def test_chinese_terminators_split_and_keep_closing_quotes() -> None:
    text = "中国联通推出抗量子手机。他说：“很好！”还有吗？有；没有\n下一行"
    assert quotes(text) == [
        "中国联通推出抗量子手机。",
        "他说：“很好！”",
        "还有吗？",
        "有；",
        "没有",
        "下一行",
    ]


def test_english_full_stop_and_decimals() -> None:
    text = "Vodafone cut prices by 1.5 percent. EE partners with BT! Why? Because."
    assert quotes(text) == ["Vodafone cut prices by 1.5 percent.", "EE partners with BT!", "Why?", "Because."]


def test_abbreviations_and_initials_do_not_split() -> None:
    text = "Mr. J. Smith of Vodafone Ltd. said e.g. prices rose. Next one."
    assert quotes(text) == ["Mr. J. Smith of Vodafone Ltd. said e.g. prices rose.", "Next one."]


def test_full_stop_before_a_number_or_lower_case_word_does_not_split() -> None:
    assert quotes("May. 2025 VOL. 71 issue") == ["May. 2025 VOL. 71 issue"]
    assert quotes("It costs approx. five pounds.") == ["It costs approx. five pounds."]


def test_urls_and_versions_stay_whole() -> None:
    assert quotes("See www.smr.com.cn?x=1 and v2.0 now.") == ["See www.smr.com.cn?x=1 and v2.0 now."]


def test_spans_are_stripped_and_blank_lines_dropped() -> None:
    text = "  第一句。  \n\n   第二句  "
    spans = sentences(text)
    assert [text[s:e] for s, e in spans] == ["第一句。", "第二句"]
    assert spans[0] == (2, 6)


def test_lines() -> None:
    text = "# 标题\n\n  正文一行。 \n最后"
    assert [text[s:e] for s, e in lines(text)] == ["# 标题", "正文一行。", "最后"]


def test_empty_text() -> None:
    assert sentences("") == []
    assert sentences(" \n ") == []


@given(st.text(alphabet="ab 。！？；.!?\n1", max_size=60))
def test_spans_are_ordered_nonempty_and_stripped(text: str) -> None:
    last = 0
    for s, e in sentences(text):
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e


def test_fold_maps_traditional_to_simplified_one_for_one() -> None:
    text = "中國移動香港推出全新5G月費計劃，與數碼通合作；滲透率超過300%。"
    folded = fold(text)
    assert folded == "中国移动香港推出全新5G月费计划，与数码通合作；渗透率超过300%。"
    assert len(folded) == len(text)
    simplified = "中国电信著名的干部发布新套餐，于2025年上线。"
    assert fold(simplified) is simplified  # simplified text (著, 干, 于) is left as it is


@pytest.mark.parametrize(
    ("word", "kind", "domain"),
    [
        ("推出", "launch", None), ("發布", "launch", None), ("攜手合作", "partnership", None),
        ("投資", "investment", None), ("收購", "investment", None), ("標準", "standard", None),
        ("建設", "network_build", None), ("調降資費", "price_change", "tariff"), ("量子", None, "quantum"),
        ("短劇", None, "short_drama"), ("入境旅客", None, "inbound_travel"),
        ("政務", None, "digital_government"),
        ("雲端", None, "cloud_compute"), ("算力", None, "cloud_compute"), ("人工智慧", None, "ai"),
    ],
)  # fmt: skip
def test_traditional_keywords_tag_like_simplified(word: str, kind: str | None, domain: str | None) -> None:
    folded = fold(word)
    assert (lexicon().kinds.tags(folded) or [None])[0] == kind
    assert (lexicon().domains.tags(folded) or [None])[-1] == domain
