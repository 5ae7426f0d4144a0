"""Operator and region mentions, and the registry's data files."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telcoradar.errors import InputError
from telcoradar.extract.operators import (
    OperatorMatch,
    canonical_region,
    find_operators,
    find_region,
    known_operators,
    operator_id,
    operator_label,
    province_of,
    region_at,
    region_label,
    resolve_operator,
    select_operators,
)
from telcoradar.extract.registry import RegistryError, load_registry, registry


def ops(text: str) -> list[tuple[str, str | None, str]]:
    return [(m.operator, m.region, text[m.start : m.end]) for m in find_operators(text)]


@pytest.mark.parametrize(
    ("text", "operator", "region", "quote"),
    [
        ("上海移动", "china-mobile", "上海", "上海移动"),
        ("北京联通", "china-unicom", "北京", "北京联通"),
        ("中国移动上海公司", "china-mobile", "上海", "中国移动上海公司"),
        ("江西移动", "china-mobile", "江西", "江西移动"),
        ("浙江联通", "china-unicom", "浙江", "浙江联通"),
        ("深圳联通推出外籍来宾短期卡", "china-unicom", "深圳", "深圳联通"),
        ("上海电信在浦东机场设立服务窗口", "china-telecom", "上海", "上海电信"),
        ("广西壮族自治区移动", "china-mobile", "广西", "广西壮族自治区移动"),
        ("江西省移动", "china-mobile", "江西", "江西省移动"),
        ("中国移动通信集团上海有限公司", "china-mobile", "上海", "中国移动通信集团上海有限公司"),
        ("中国联通发布抗量子安全手机", "china-unicom", None, "中国联通"),
        ("China Unicom Hong Kong", "china-unicom-hk", None, "China Unicom Hong Kong"),
        ("与中国移动香港公司合作", "cmhk", "香港", "中国移动香港公司"),
        ("CMHK launches a plan", "cmhk", None, "CMHK"),
        ("Shanghai Telecom", "china-telecom", "上海", "Shanghai Telecom"),
        ("咪咕数媒发布繁星计划", "china-mobile", None, "咪咕数媒"),
        ("天翼超高清正式上线脉脉短剧", "china-telecom", None, "天翼超高清"),
        ("中电信量子集团发布", "china-telecom", None, "中电信量子集团"),
        ("启动联通视频短剧项目", "china-unicom", None, "联通视频"),
        ("中国广电推出192号段", "china-broadnet", None, "中国广电"),
        ("广电推出新套餐", "china-broadnet", None, "广电"),
        ("csl offers", "csl", None, "csl"),
        ("1O1O plans", "1010", None, "1O1O"),
        ("3HK 月费", "three-hk", None, "3HK"),
        ("数码通推出", "smartone", None, "数码通"),
        ("SmarTone", "smartone", None, "SmarTone"),
        ("Vodafone UK", "vodafone-uk", None, "Vodafone UK"),
        ("giffgaff golden goodybag", "giffgaff", None, "giffgaff"),
        ("Deutsche Telekom", "telekom-de", None, "Deutsche Telekom"),
        ("Free Mobile", "free-mobile", None, "Free Mobile"),
        ("Bouygues Telecom", "bouygues", None, "Bouygues Telecom"),
        ("AT&T Unlimited", "att", None, "AT&T"),
        ("T-Mobile US", "t-mobile-us", None, "T-Mobile US"),
    ],
)
def test_single_mention(text: str, operator: str, region: str | None, quote: str) -> None:
    assert ops(text) == [(operator, region, quote)]


@pytest.mark.parametrize(
    "text",
    [
        "随着移动互联网的高速发展",
        "我国移动支付的普及",
        "支持移动端访问",
        "严厉打击电信诈骗",
        "上海移动支付便利",
        "北京电信诈骗案件",
        "湖南移动电源厂商",
        "上海移动式充电桩",
        "电信运营商积极响应",
        "探索基于量子保密通信的移动办公应用",
        "光影未来·联通无限",  # 无 is no cue
        "国家广电总局",
        "通过注资控股国盾量子",  # a listed company controlled by China Telecom, not China Telecom itself
        "CT scan results",
        "Three operators in total",
        "广州赛立信资讯服务有限公司",
        "",
    ],
)
def test_not_a_mention(text: str) -> None:
    assert find_operators(text) == []


def test_short_names_with_a_cue() -> None:
    assert ops("浦东机场移动营业厅") == [("china-mobile", None, "移动")]
    assert ops("联通发布了两款设备") == [("china-unicom", None, "联通")]
    assert ops("电信旗下子公司") == [("china-telecom", None, "电信")]
    assert ops("办理移动卡") == [("china-mobile", None, "移动")]


def test_enumerations() -> None:
    assert [o for o, _, _ in ops("移动、联通、电信")] == ["china-mobile", "china-unicom", "china-telecom"]
    assert [o for o, _, _ in ops("中国移动、联通和电信")] == ["china-mobile", "china-unicom", "china-telecom"]
    assert ops("移动和移动支付") == []


def test_table_line_cells() -> None:
    line = "移动\t北京移动\t灵动卡 Smart Card\t7天\t100元"
    assert ops(line) == [("china-mobile", None, "移动"), ("china-mobile", "北京", "北京移动")]


def test_padded_and_markdown_cells() -> None:
    assert ops("移动 \t 北京") == [("china-mobile", None, "移动")]
    assert ops("| 电信 | 上海电信 |") == [
        ("china-telecom", None, "电信"),
        ("china-telecom", "上海", "上海电信"),
    ]
    assert ops("电信 行业") == []


def test_offsets_point_into_text() -> None:
    text = "2024年2月，天翼超高清正式上线脉脉短剧，将同步支持中国电信积分兑换观看"
    found = find_operators(text)
    assert [text[m.start : m.end] for m in found] == [m.name for m in found] == ["天翼超高清", "中国电信"]
    assert found == sorted(found, key=lambda m: m.start)


def test_longest_first() -> None:
    assert ops("中国移动香港") == [("cmhk", None, "中国移动香港")]
    assert ops("咪咕视频钻石会员") == [("china-mobile", None, "咪咕视频")]


@pytest.mark.parametrize(
    ("cell", "hint", "expected"),
    [
        ("移动", None, OperatorMatch("china-mobile", "移动", None, 0, 2)),
        ("北京移动", None, OperatorMatch("china-mobile", "北京移动", "北京", 0, 4)),
        ("联通", "深圳", OperatorMatch("china-unicom", "联通", "深圳", 0, 2)),
        ("电信", "上海市", OperatorMatch("china-telecom", "电信", "上海", 0, 2)),
        (" 中国移动 ", None, OperatorMatch("china-mobile", "中国移动", None, 1, 5)),
        ("ＣＭＣＣ", None, OperatorMatch("china-mobile", "ＣＭＣＣ", None, 0, 4)),
        ("中国移动（北京）", None, OperatorMatch("china-mobile", "中国移动", "北京", 0, 4)),
        ("移动", "香港", OperatorMatch("cmhk", "移动", "香港", 0, 2)),
        ("Vodafone", "德国", OperatorMatch("vodafone-de", "Vodafone", "德国", 0, 8)),
        ("Vodafone", None, OperatorMatch("vodafone-uk", "Vodafone", None, 0, 8)),
        ("Three", "Hong Kong", OperatorMatch("three-hk", "Three", "香港", 0, 5)),
        ("CT", None, OperatorMatch("china-telecom", "CT", None, 0, 2)),
    ],
)
def test_resolve_operator(cell: str, hint: str | None, expected: OperatorMatch) -> None:
    assert resolve_operator(cell, hint) == expected


@pytest.mark.parametrize("cell", ["", "  ", "/", "熊猫卡", "移动支付", "上海"])
def test_resolve_operator_nothing(cell: str) -> None:
    assert resolve_operator(cell) is None


def test_regions() -> None:
    assert find_region("中国移动上海公司") == "上海"
    assert find_region("来自广西壮族自治区的用户") == "广西"
    assert find_region("Plans in Shenzhen") == "深圳"
    assert find_region("没有地区") is None
    assert canonical_region("上海市") == "上海"
    assert canonical_region("Hong Kong") == "香港"
    assert canonical_region("hong kong") == "香港"
    assert find_region("plans in HONG KONG") == "香港"
    assert canonical_region("火星") is None


@pytest.mark.parametrize(
    ("region", "province"),
    [
        ("深圳", "广东"),
        ("雄安", "河北"),
        ("盐城", "江苏"),
        ("襄阳", "湖北"),
        ("临沂", "山东"),
        ("上海", "上海"),
        ("上海市", "上海"),
        ("Shenzhen", "广东"),
        ("香港", "香港"),
        ("英国", None),
        ("火星", None),
    ],
)
def test_province_of(region: str, province: str | None) -> None:
    assert province_of(region) == province


def test_every_mainland_province_is_known() -> None:
    mainland = [r for r in registry().regions.values() if r.country == "CN" and r.kind != "city"]
    assert len(mainland) == 31
    for region in mainland:
        assert find_operators(f"{region.name}移动")[0].region == region.name
        assert canonical_region(region.full) == region.name


def test_labels() -> None:
    assert operator_label("china-mobile") == "中国移动"
    assert operator_label("china-mobile", "en") == "China Mobile"
    assert operator_label("nobody") == "nobody"
    assert region_label("深圳", "en") == "Shenzhen"
    assert region_label("上海市") == "上海"
    assert region_label("火星", "en") == "火星"


def test_known_operators() -> None:
    known = known_operators()
    for op in [
        "china-mobile",
        "china-unicom",
        "china-telecom",
        "china-broadnet",
        "cmhk",
        "csl",
        "three-hk",
        "smartone",
        "china-unicom-hk",
        "vodafone-uk",
        "ee",
        "o2-uk",
        "three-uk",
        "giffgaff",
        "lebara-uk",
        "vodafone-de",
        "telekom-de",
        "o2-de",
        "orange-fr",
        "sfr",
        "bouygues",
        "free-mobile",
        "att",
        "verizon",
        "t-mobile-us",
    ]:
        assert op in known
    assert len(known) == len(set(known))


# --- the data files ----------------------------------------------------------------

REGIONS = """
region = [
    { name = "上海", full = "上海市", en = "Shanghai", kind = "municipality", country = "CN" },
    { name = "广东", full = "广东省", en = "Guangdong", kind = "province", country = "CN" },
    { name = "深圳", full = "深圳市", en = "Shenzhen", kind = "city", country = "CN", province = "广东" },
]
"""
OPERATOR = """
[[operator]]
id = "china-mobile"
zh = "中国移动"
en = "China Mobile"
country = "CN"
aliases = ["中国移动"]
context = ["移动"]
"""


def test_minimal_registry_loads() -> None:
    reg = load_registry(OPERATOR, REGIONS)
    assert list(reg.operators) == ["china-mobile"]
    assert reg.region_names["深圳市"] == "深圳"


@pytest.mark.parametrize(
    ("operators", "regions", "message"),
    [
        (OPERATOR + 'colour = "blue"\n', REGIONS, "unknown key 'colour'"),
        (OPERATOR + OPERATOR.replace('"china-mobile"', '"cm2"'), REGIONS, "alias '中国移动' is already used"),
        (OPERATOR + OPERATOR, REGIONS, "id given twice"),
        (OPERATOR.replace('context = ["移动"]', 'context = ["中国移动"]'), REGIONS, "already used"),
        (OPERATOR.replace('id = "china-mobile"', 'id = "China Mobile"'), REGIONS, "lower-case"),
        (OPERATOR.replace('country = "CN"', 'country = "China"'), REGIONS, "ISO 3166"),
        (OPERATOR.replace('zh = "中国移动"\n', ""), REGIONS, "missing 'zh'"),
        (OPERATOR.replace('aliases = ["中国移动"]', "aliases = 3"), REGIONS, "must be a list"),
        (OPERATOR + 'by_region = { "火星" = "china-mobile" }\n', REGIONS, "unknown region '火星'"),
        (OPERATOR + 'by_region = { "上海" = "nobody" }\n', REGIONS, "unknown operator 'nobody'"),
        (OPERATOR + '[[shared]]\nname = "CM"\noperators = ["nobody"]\n', REGIONS, "unknown operator"),
        (OPERATOR + '[[shared]]\nname = "移动"\noperators = ["china-mobile"]\n', REGIONS, "already used"),
        (OPERATOR + "[[carrier]]\n", REGIONS, "unknown key 'carrier'"),
        (OPERATOR.replace('["中国移动"]', '["中国移动", ""]'), REGIONS, "non-empty strings"),
        (OPERATOR.replace('["移动"]', '[" 移动"]'), REGIONS, "without outer spaces"),
        (OPERATOR + 'by_region = { "上海" = 3 }\n', REGIONS, "non-empty strings"),
        (OPERATOR.replace('zh = "中国移动"', 'zh = ""'), REGIONS, "non-empty strings"),
        ("[[operator]\n", REGIONS, "operators.toml"),
        (OPERATOR, REGIONS.replace('"深圳市"', '"上海市"'), "'上海市' is already a name of 上海"),
        (OPERATOR, REGIONS.replace('province = "广东"', 'province = "火星"'), "unknown province"),
        (OPERATOR, REGIONS.replace(', province = "广东"', ""), "names its province"),
        (OPERATOR, REGIONS.replace('kind = "province"', 'kind = "state"'), "kind 'state'"),
        (OPERATOR, REGIONS.replace('en = "Shanghai"', 'en = "Shanghai", motto = "x"'), "unknown key 'motto'"),
        (
            OPERATOR,
            REGIONS.replace('country = "CN" },\n    { name = "广', 'country = "cn" },\n    { name = "广'),
            "ISO 3166",
        ),
    ],
)
def test_bad_data_files_are_refused(operators: str, regions: str, message: str) -> None:
    with pytest.raises(RegistryError, match=message.replace("(", r"\(")):
        load_registry(operators, regions)


def test_package_data_is_valid() -> None:
    reg = registry()
    assert reg is registry()  # loaded once
    assert len(reg.operators) >= 25


@pytest.mark.parametrize(
    "text", ["移动将成为主流终端", "移动还是固定", "电信将迎来新机遇", "沃尔沃卡车", "移动卡顿", "移动的普及"]
)
def test_ordinary_words_with_verbs_after(text: str) -> None:
    assert find_operators(text) == []


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("联通还通过招募内容合作方", "联通"),
        ("联通探索利用AIGC", "联通"),
        ("联通在北京发布", "联通"),
        ("省政府与联通签署战略合作框架协议", "联通"),
    ],
)
def test_unicom_takes_looser_cues(text: str, quote: str) -> None:
    assert ops(text) == [("china-unicom", None, quote)]


@pytest.mark.parametrize(
    ("text", "operator"),
    [
        ("china mobile", "china-mobile"),
        ("CHINA UNICOM", "china-unicom"),
        ("China Telecom's", "china-telecom"),
        ("中國移動", "china-mobile"),
        ("中國電信", "china-telecom"),
        ("香港移動", "cmhk"),
        ("中国电信股份有限公司上海分公司", "china-telecom"),
        ("中国联通深圳分公司", "china-unicom"),
    ],
)
def test_spellings(text: str, operator: str) -> None:
    found = find_operators(text)
    assert [m.operator for m in found] == [operator]
    assert (found[0].start, found[0].end) == (0, len(text) - (2 if text.endswith("'s") else 0))


def test_latin_names_do_not_match_inside_words() -> None:
    assert find_operators("SEE the CSLX and 1O1OX") == []
    assert ops("see EE.") == [("ee", None, "EE")]


def test_long_document_stays_fast() -> None:
    import time

    text = "上海移动推出熊猫卡，月租8.9元；移动支付、电信诈骗与中国联通深圳分公司。\n" * 5000
    began = time.perf_counter()
    found = find_operators(text)
    assert len(found) == 10000
    assert time.perf_counter() - began < 10  # about half a second on a laptop


@given(
    st.text(
        alphabet=st.sampled_from(list("移动联通电信中国上海北京公司推出、和与 \tCMEe支付卡")), max_size=60
    )
)
def test_matches_are_ordered_quotes_without_overlap(text: str) -> None:
    found = find_operators(text)
    for m in found:
        assert text[m.start : m.end] == m.name
        assert m.operator in known_operators()
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


@given(st.text(max_size=40))
def test_any_text_is_safe(text: str) -> None:
    find_operators(text)
    resolve_operator(text)
    find_region(text)


@pytest.mark.parametrize(
    ("text", "operator", "region"),
    [
        ("Taiwan Mobile", "taiwan-mobile", None),
        ("台湾大哥大", "taiwan-mobile", None),
        ("中華電信", "chunghwa-telecom", None),
        ("澳门电讯", "ctm", None),
        ("Hong Kong Telecom", "csl", None),
        ("Shenzhen Unicom", "china-unicom", "深圳"),
    ],
)
def test_an_alias_beats_region_plus_short_name(text: str, operator: str, region: str | None) -> None:
    assert ops(text) == [(operator, region, text)]


@pytest.mark.parametrize(
    ("text", "operator"),
    [
        ("Three is investing £1 billion in its 5G network", "three-uk"),
        ("Three's network", "three-uk"),
        ("Free is cutting prices", "free-mobile"),
        ("Orange cut the price of its entry plan", "orange-fr"),
        ("Telekom raised prices", "telekom-de"),
    ],
)
def test_latin_short_names_take_english_verbs(text: str, operator: str) -> None:
    assert [m.operator for m in find_operators(text)] == [operator]


@pytest.mark.parametrize("text", ["Three operators share the band", "Free delivery", "an orange", "CT scan"])
def test_latin_short_names_alone_are_words(text: str) -> None:
    assert find_operators(text) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("china-unicom", "china-unicom"),
        ("China Telecom", "china-telecom"),
        ("中国移动", "china-mobile"),
        ("联通", "china-unicom"),
        ("CMCC", "china-mobile"),
        ("csl", "csl"),
        ("移动公司", None),  # more than a name
        ("not an operator", None),
    ],
)
def test_an_operator_is_named_by_its_id_its_names_or_an_alias(name: str, expected: str | None) -> None:
    assert operator_id(name) == expected


def test_operators_to_compare_are_the_named_ones_else_those_present_and_of_the_market_only() -> None:
    present = ["china-mobile", "csl", "china-unicom"]
    assert select_operators(present) == present
    assert select_operators(present, ["电信", "CMCC", "china-mobile"]) == ["china-telecom", "china-mobile"]
    assert select_operators(present, market="hk") == ["csl"]
    assert select_operators(present, market="CN") == ["china-mobile", "china-unicom"]
    assert select_operators([], market="HK") == []
    with pytest.raises(InputError, match=r"^--operator: 'Orange Mobile' is no known operator"):
        select_operators(present, ["Orange Mobile"])
    with pytest.raises(InputError, match=r"^--market: 'XX' is no market of a known operator"):
        select_operators(present, market="XX")


def test_region_at_the_opening_of_a_clause() -> None:
    assert region_at("苏州正大力推进数字经济") == 2
    assert region_at("苏州市政府与联通签约") == 3
    assert region_at("，湖南将持续", 1) == 3
    assert region_at("数字经济是新赛道") is None
