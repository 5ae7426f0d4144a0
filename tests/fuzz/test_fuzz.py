"""Property-based fuzzing of the readers and extractors, and the crash cases it has found.

`make test` runs a short pass (a few dozen documents a property). A longer one:

    TELCORADAR_FUZZ_EXAMPLES=5000 pytest -p no:cacheprovider tests/fuzz

Every document that crashes the pipeline goes into `tests/fuzz/cases/` (the file
name's suffix is the format it is read as) and stays there as a regression case.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from harness import OPEN, SUFFIXES, Crash, check, survives
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import small_workbook

CASES = Path(__file__).with_name("cases")
EXAMPLES = int(os.environ.get("TELCORADAR_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the harness holds each document to its own budget
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # crashes are kept as files under cases/, not in a local database
)

# Words the extractors look for, so that generated documents reach past the first "no plan here".
WORDS = [
    "中国移动",
    "中国联通",
    "中国电信",
    "上海",
    "北京",
    "移动",
    "套餐",
    "畅游卡",
    "资费",
    "元",
    "元/月",
    "30元",
    "99.5元",
    "GB",
    "10GB",
    "不限量",
    "分钟",
    "100分钟",
    "短信",
    "7天",
    "30天",
    "有效期",
    "流量",
    "发布",
    "合作",
    "签约",
    "投资",
    "亿元",
    "同比增长",
    "12.5%",
    "2025年3月5日",
    "昨日",
    "截至5月底",
    "Vodafone",
    "EE",
    "£10",
    "$45/mth",
    "Unlimited",
    "calls and texts",
    "per month",
    "GB data",
    "Euro",
    "9,95",
    "1.234,5",
    "launched",
    "partnership",
    "2025",
    "Q1",
    "（",
    "）",
    "《",
    "》",
    "、",
    "：",
]
SEPARATORS = ["", " ", "，", "。", "\n", "\t", "|", ",", ";", "\r\n", "\u3000", "\x00", "\ufeff"]
ANY_TEXT = st.text(max_size=40)
WORD = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.integers(-5, 10**12).map(str), ANY_TEXT
)
PROSE = st.lists(WORD, max_size=60).map("".join)
CELL = st.lists(WORD, max_size=4).map("".join)
ROWS = st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=12)

TAGS = ["div", "p", "span", "table", "tr", "td", "th", "ul", "li", "h1", "h2", "b", "br", "script", "style"]
OPEN_ENDS = [
    "<td>",
    "</tr>",
    "<tr>",
    "</table>",
    "<!--",
    "-->",
    "&nbsp;",
    "&#0;",
    "&#x110000;",
    "<![CDATA[",
    "</",
]


def wrap(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(TAGS), st.lists(children, max_size=5), st.booleans()).map(
        lambda t: f'<{t[0]} colspan="{len(t[1]) or "x"}">{"".join(t[1])}' + (f"</{t[0]}>" if t[2] else "")
    )


HTML = st.recursive(st.one_of(PROSE, st.sampled_from(OPEN_ENDS)), wrap, max_leaves=40).map(
    lambda body: f"<html><head><title>资费</title></head><body>{body}</body></html>"
)
ENCODINGS = st.sampled_from(["utf-8", "gb18030", "utf-16", "big5", "latin-1"])


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


# built once: a zip carries the clock, and the mutations must see the same bytes each time
SEED_BOOK = small_workbook([["套餐名", "资费", "流量"], ["畅游卡", "30元", "10GB"]])
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what a worksheet cannot hold


def mutated(seed: bytes, data: st.DataObject) -> bytes:
    """`seed` with a few bytes flipped, cut or repeated."""
    out = bytearray(seed)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, max(0, len(out) - 1)))
        how = data.draw(st.sampled_from(["flip", "cut", "repeat"]))
        if how == "flip" and out:
            out[at] ^= data.draw(st.integers(1, 255))
        elif how == "cut":
            del out[at : at + data.draw(st.integers(1, 64))]
        else:
            out[at:at] = out[at : at + data.draw(st.integers(1, 64))] * data.draw(st.integers(1, 4))
    return bytes(out)


@FUZZ
@given(PROSE, ENCODINGS, st.sampled_from([".txt", ".md"]))
def test_prose(text: str, encoding: str, suffix: str) -> None:
    survives(encoded(text, encoding), "doc" + suffix)


@FUZZ
@given(HTML, ENCODINGS)
def test_html(page: str, encoding: str) -> None:
    survives(encoded(page, encoding), "page.html")


@FUZZ
@given(ROWS, st.sampled_from([",", "\t", ";"]))
def test_csv(rows: list[list[str]], delimiter: str) -> None:
    text = "\n".join(
        delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in row) for row in rows
    )
    survives(text.encode("utf-8"), "table.csv")


@FUZZ
@given(ROWS)
def test_workbook(rows: list[list[str]]) -> None:
    cells = [[ILLEGAL.sub("", cell) for cell in row] for row in rows]
    survives(small_workbook(cells), "book.xlsx")  # type: ignore[arg-type]


@FUZZ
@given(st.data())
def test_damaged_workbook(data: st.DataObject) -> None:
    survives(mutated(SEED_BOOK, data), "book.xlsx")


@FUZZ
@given(st.data())
def test_damaged_archive_members(data: st.DataObject) -> None:
    """A workbook whose sheet XML itself is damaged, inside a sound zip."""
    with zipfile.ZipFile(io.BytesIO(SEED_BOOK)) as book:
        members = {name: book.read(name) for name in book.namelist()}
    name = data.draw(st.sampled_from(sorted(members)))
    members[name] = mutated(members[name], data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for member, body in members.items():
            book.writestr(member, body)
    survives(out.getvalue(), "book.xlsx")


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from(SUFFIXES))
def test_any_bytes(data: bytes, suffix: str) -> None:
    survives(data, "any" + suffix)


@FUZZ
@given(st.binary(max_size=512), st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf"]))
def test_bytes_behind_a_magic_number(data: bytes, magic: bytes) -> None:
    survives(magic + data, "upload")


def kept_cases() -> list[Path]:
    return sorted(path for path in CASES.iterdir() if path.suffix in SUFFIXES) if CASES.is_dir() else []


@pytest.mark.parametrize("case", kept_cases(), ids=lambda path: path.name)
def test_kept_crash_case(case: Path) -> None:
    """Each case found so far; one whose fix is still open (harness.OPEN) is an expected failure."""
    try:
        check(case.read_bytes(), case.name)
    except Crash as crash:
        if crash.origin in OPEN:
            pytest.xfail(f"open: {OPEN[crash.origin]}")
        raise


def test_the_cases_are_there() -> None:
    kept = {path.name for path in kept_cases()}
    assert {"figures-29-digit-number.txt", "tables-ragged-header-rows.csv"} <= kept
