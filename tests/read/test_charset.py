from __future__ import annotations

import os

import pytest

from telcoradar.errors import InputError
from telcoradar.read.charset import decode

GB_PAGE = (
    "上海移动推出熊猫卡，面向入境外籍人士，7天90元含30GB境内流量和100分钟境内语音，"
    "15天130元含50GB流量，30天200元含80GB流量，另赠咪咕视频钻石会员包月。"
)
BIG5_PAGE = (
    "中國移動香港推出旅客儲值卡，7日港幣98元，本地數據5GB，另可於內地及澳門漫遊使用。"
    "中華電信預付卡5日300元，4G上網吃到飽，含網內通話50元。"
)
SHORT_SIMPLIFIED = ["熊猫卡7天90元", "畅行卡 30天 200元", "联通 浙江旅游卡", "月租19元", "流量"]
SHORT_TRADITIONAL = ["儲值卡7日98元", "中華電信 預付卡", "本地數據5GB"]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312"])
def test_gbk_family_page_decodes_as_gb18030(encoding: str) -> None:
    text, charset = decode(GB_PAGE.encode(encoding))
    assert (text, charset) == (GB_PAGE, "gb18030")


def test_big5_page_decodes_as_big5() -> None:
    text, charset = decode(BIG5_PAGE.encode("big5"))
    assert text == BIG5_PAGE
    assert charset == "big5"


@pytest.mark.parametrize("phrase", SHORT_SIMPLIFIED)
def test_short_gbk_text_is_not_mistaken_for_another_charset(phrase: str) -> None:
    assert decode(phrase.encode("gbk")) == (phrase, "gb18030")


@pytest.mark.parametrize("phrase", SHORT_TRADITIONAL)
def test_short_big5_text(phrase: str) -> None:
    assert decode(phrase.encode("big5")) == (phrase, "big5")


@pytest.mark.parametrize("phrase", SHORT_SIMPLIFIED + SHORT_TRADITIONAL + [GB_PAGE, BIG5_PAGE])
def test_utf8_wins_when_valid(phrase: str) -> None:
    assert decode(phrase.encode("utf-8")) == (phrase, "utf-8")


def test_gb18030_four_byte_characters() -> None:
    text = "𠀀 扩展汉字 上海移动"
    assert decode(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
)
def test_bom_is_honoured_and_removed(bom: bytes, codec: str) -> None:
    text, charset = decode(bom + "熊猫卡 90元".encode(codec))
    assert (text, charset) == ("熊猫卡 90元", codec)


def test_utf16_without_bom() -> None:
    assert decode("<p>price 90</p>".encode("utf-16-le")) == ("<p>price 90</p>", "utf-16-le")


def test_declared_charset_is_used_when_it_decodes_cleanly() -> None:
    data = "畅行卡".encode("gbk")
    assert decode(data, "GB2312") == ("畅行卡", "gb18030")
    assert decode("中華電信".encode("big5"), "big5") == ("中華電信", "big5")


def test_declared_charset_that_fails_is_ignored() -> None:
    data = GB_PAGE.encode("gbk")
    assert decode(data, "utf-8") == (GB_PAGE, "gb18030")
    assert decode(data, "no-such-charset") == (GB_PAGE, "gb18030")


def test_stale_gb2312_declaration_on_utf8_content() -> None:
    data = f'<meta charset="gb2312"><p>{GB_PAGE}</p>'.encode()
    text, charset = decode(data)
    assert charset == "utf-8"
    assert GB_PAGE in text


def test_meta_charset_is_read_from_the_page() -> None:
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head>{GB_PAGE}'
    text, charset = decode(page.encode("gbk"))
    assert (text, charset) == (page, "gb18030")


def test_western_code_page() -> None:
    text = "Vodafone UK: £10 a month, 30GB data, unlimited minutes"
    assert decode(text.encode("cp1252")) == (text, "cp1252")
    assert decode("Tarif 10€".encode("cp1252"), "iso-8859-1") == ("Tarif 10€", "cp1252")


def test_binary_garbage_is_refused() -> None:
    garbage = bytes(range(256)) * 8 + os.urandom(2048)
    with pytest.raises(InputError) as caught:
        decode(garbage, source="blob.bin")
    assert str(caught.value) == "blob.bin: not a text document (binary content)"


def test_random_bytes_without_nul_are_refused() -> None:
    noise = bytes((b * 37 + 11) % 256 for b in range(4000)).replace(b"\x00", b"\x01")
    with pytest.raises(InputError, match="binary content"):
        decode(noise)


def test_text_cut_inside_a_character_still_decodes() -> None:
    data = GB_PAGE.encode("utf-8")[:-1]
    assert decode(data) == (GB_PAGE[:-1], "utf-8")
    data = GB_PAGE.encode("gbk")[:-1]
    assert decode(data) == (GB_PAGE[:-1], "gb18030")


def test_one_damaged_byte_in_a_declared_utf8_page() -> None:
    page = ("<p>" + GB_PAGE + "</p>\n") * 5
    data = bytearray(page.encode("utf-8"))
    data[10] = 0xFF
    text, charset = decode(bytes(data), "utf-8")
    assert charset == "utf-8"
    assert 1 <= text.count("\ufffd") <= 3
    assert GB_PAGE in text


def test_wrong_chinese_declaration_is_corrected() -> None:
    assert decode(BIG5_PAGE.encode("big5"), "gbk") == (BIG5_PAGE, "big5")
    assert decode(GB_PAGE.encode("gbk"), "big5") == (GB_PAGE, "gb18030")
