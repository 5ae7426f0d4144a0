from hypothesis import given
from hypothesis import strategies as st

from telcoradar.extract.text import lines, sentences


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
