"""Numbers as operators write them: 85, 2,000, 1.5万, 30 亿, 十五, 两, 一点五万, 5 million.

``parse_number`` reads a string that is one number; ``NUMBER`` (with
``ARABIC_NUMBER``, ``CHINESE_NUMBER`` and ``SCALE``) finds numbers in prose.
Values are ``Decimal``. ``telcoradar.extract.lang.units`` re-exports all of this.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from decimal import Decimal

import cn2an

__all__ = [
    "ARABIC_NUMBER",
    "CHINESE_NUMBER",
    "GAP",
    "NUMBER",
    "NUMBER_FIRST",
    "SCALE",
    "is_none",
    "normalize",
    "parse_number",
]

# --- numbers -----------------------------------------------------------------

ARABIC_NUMBER = r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\d.])\d+(?:\.\d+)?"
_CN_DIGIT = "零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
_CN_UNIT = "十拾百佰千仟万萬亿億廿"
# A Chinese numeral starts with a digit or 十/廿 (so a lone 万 or 千 is not one).
CHINESE_NUMBER = f"[{_CN_DIGIT}十拾廿][{_CN_DIGIT}{_CN_UNIT}]*(?:点[{_CN_DIGIT}]+[万萬亿億]*)?"
_CN_SCALE = r"万亿|千亿|百亿|十亿|千万|百万|十万|万|萬|亿|億|千"
_EN_SCALE = (
    r"(?:[ \u00a0]?(?i:thousand|million|billion|trillion|lakh crore|crore|lakh))(?![A-Za-z])"
    r"|(?:k|K|m|M|mn|bn|Bn|BN)(?![A-Za-z\u4e00-\u9fff])"  # not 100M宽带
)
# Space inside an amount ("30 亿", "85 元"): never a tab or a line break, which part cells and lines.
GAP = r"[ \u00a0\u3000]*"
SCALE = f"(?:{GAP}(?:{_CN_SCALE})|{_EN_SCALE})"
NUMBER = f"(?:(?:{ARABIC_NUMBER})(?:{SCALE})?|{CHINESE_NUMBER})"
# The characters a NUMBER can start with: put (?=[...]) before a long pattern to scan fast.
NUMBER_FIRST = f"0-9{_CN_DIGIT}十拾廿"

_SCALES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "千亿": Decimal(10) ** 11,
    "百亿": Decimal(10) ** 10,
    "十亿": Decimal(10) ** 9,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "十万": Decimal(10) ** 5,
    "万": Decimal(10) ** 4,
    "萬": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8,
    "億": Decimal(10) ** 8,
    "千": Decimal(10) ** 3,
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "bn": Decimal(10) ** 9,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "lakh": Decimal(10) ** 5,  # Indian English: 1 lakh = 100,000; 1 crore = 10 million
    "crore": Decimal(10) ** 7,
    "lakh crore": Decimal(10) ** 12,
}
_CN_DIGIT_VALUE = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
_CN_DIGIT_VALUE.update({"〇": 0, "两": 2, "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4})
_CN_DIGIT_VALUE.update({"伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9})

_ARABIC_FULL = re.compile(
    r"([+-]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"(万亿|千亿|百亿|十亿|千万|百万|十万|万|萬|亿|億|千|thousand|million|billion|trillion"
    r"|lakh crore|crore|lakh|k|m|mn|bn)?",
    re.IGNORECASE,
)
_CHINESE_FULL = re.compile(f"({CHINESE_NUMBER})")


def normalize(s: str) -> str:
    """Fold full-width digits, letters and punctuation (１００，ＧＢ) and the minus sign to plain forms."""
    return unicodedata.normalize("NFKC", s).replace("\u2212", "-").strip()


def parse_number(s: str) -> Decimal | None:
    """The number that is the whole of ``s``: "1.5万" -> 15000, "十五" -> 15, "2,000" -> 2000.

    Percentages, ranges and text around the number give ``None``.
    """
    text = normalize(s)
    if not text:
        return None
    m = _ARABIC_FULL.fullmatch(text)
    if m:
        sign, digits, scale = m.groups()
        value = Decimal(digits.replace(",", ""))
        if scale:
            value *= _SCALES[scale.lower()]
        return -value if sign == "-" else value
    if _CHINESE_FULL.fullmatch(text):
        return _chinese_value(text)
    return None


def _chinese_value(text: str) -> Decimal | None:
    """Value of a Chinese numeral matched by CHINESE_NUMBER (with an optional 点 fraction)."""
    if "点" in text:
        whole, _, rest = text.partition("点")
        digits = rest.rstrip("万萬亿億")
        scale = rest[len(digits) :]
        base = _chinese_int(whole)
        if base is None or not digits:
            return None
        frac = "".join(str(_CN_DIGIT_VALUE[ch]) for ch in digits)
        value = Decimal(f"{base}.{frac}")
        for ch in scale:
            value *= _SCALES[ch]
        return value
    value_int = _chinese_int(text)
    return None if value_int is None else Decimal(value_int)


def _chinese_int(text: str) -> int | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = cn2an.cn2an(text, "normal")
        except (ValueError, KeyError, IndexError):
            return None
    if isinstance(result, int):
        return result
    if isinstance(result, float) and result.is_integer():  # pragma: no cover - cn2an returns int here
        return int(result)
    return None  # pragma: no cover


# --- nothing -------------------------------------------------------------------

_NONE_WORDS = {
    "",
    "/",
    "／",
    "—",
    "–",
    "-",
    "--",
    "——",
    "无",
    "無",
    "不含",
    "没有",
    "n/a",
    "na",
    "none",
    "nil",
}
_NONE_WORDS |= {"x", "×", "✕", "✗"}


def is_none(s: str | None) -> bool:
    """True for a cell that says "nothing": "", "/", "—", "-", "无", "不含", "N/A", "none"."""
    if s is None:
        return True
    return normalize(s).casefold() in _NONE_WORDS
