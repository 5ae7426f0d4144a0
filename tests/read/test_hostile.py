"""Hostile documents: a workbook bomb, lying archives, huge cells, deep nesting, spent budgets."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from hostile import deep_html, small_workbook, xlsx_bomb
from telcoradar.errors import InputError
from telcoradar.read import ReadLimits, read_bytes
from telcoradar.read.html import read_html
from telcoradar.read.limits import MAX_CELL, MB, check_archive
from telcoradar.read.nesting import flatten
from telcoradar.read.sheet import read_xlsx

TARIFF_TABLE = (
    "<table><tr><th>套餐名</th><th>有效期</th><th>资费</th><th>境内流量</th></tr>"
    "<tr><td>灵动卡</td><td>30天</td><td>280元</td><td>80GB</td></tr></table>"
)


def test_a_200_mb_cell_bomb_is_refused_quickly_and_in_one_line() -> None:
    bomb = xlsx_bomb(200_000_000)
    assert len(bomb) < 400_000  # a small file that unpacks to 200 MB
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(InputError) as info:
            read_bytes(bomb, "bomb.xlsx")
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 30
    assert peak < 64 * MB  # nothing is inflated for an archive that admits its size
    message = str(info.value)
    assert message == (
        "bomb.xlsx: archive member xl/worksheets/sheet1.xml unpacks past 100.0 MB "
        "(190.7 MB declared; set TELCORADAR_MAX_UNPACKED_MB)"
    )


def test_an_archive_lying_about_its_size_is_stopped_at_the_size_it_declared() -> None:
    liar = xlsx_bomb(20_000_000, declared=4096)
    started = time.monotonic()
    with pytest.raises(InputError, match=r"unreadable XLSX \(BadZipFile: Bad CRC-32") as info:
        read_bytes(liar, "liar.xlsx")
    assert time.monotonic() - started < 30 and "\n" not in str(info.value)


def test_inflated_members_are_counted_against_the_limit() -> None:
    bomb = xlsx_bomb(3 * MB)
    with pytest.raises(InputError, match=r"unpacks past 2\.0 MB"):
        check_archive(bomb, "b.xlsx", limit=2 * MB)
    check_archive(bomb, "b.xlsx", limit=4 * MB)  # within the limit: nothing to say
    check_archive(b"PK\x03\x04 not really", "x.xlsx", limit=1)  # damaged: left to the reader


def test_a_cell_is_cut_at_excels_own_length() -> None:
    doc = read_xlsx(xlsx_bomb(100_000), "long.xlsx")
    (table,) = doc.tables
    header, row = table.rows
    assert header.cells == ("Plan", "Price")
    assert row.cells == ("A" * MAX_CELL, "99") and len(doc.text) < 2 * MAX_CELL


def test_a_document_over_its_time_budget_is_refused_in_one_line() -> None:
    data = small_workbook([["套餐名", "资费"], *[[f"卡{i}", i] for i in range(50)]])
    with pytest.raises(InputError) as info:
        read_bytes(data, "slow.xlsx", limits=ReadLimits(seconds=1e-9))
    assert str(info.value) == "slow.xlsx: reading took longer than 1e-09 s (TELCORADAR_READ_SECONDS)"
    assert len(read_bytes(data, "ok.xlsx").tables[0].rows) == 51


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="memory is measured through /proc")
def test_a_document_over_its_memory_budget_is_refused_in_one_line() -> None:
    rows = "\n".join(f"卡{i},{i}元,{i}GB,{'备注' * 200}" for i in range(5_000))
    with pytest.raises(InputError) as info:
        read_bytes(rows.encode(), "big.csv", limits=ReadLimits(memory=1))
    assert str(info.value) == "big.csv: reading needed more than 0 MB of memory (TELCORADAR_READ_MEMORY_MB)"


def test_the_budgets_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELCORADAR_READ_SECONDS", "5")
    monkeypatch.setenv("TELCORADAR_READ_MEMORY_MB", "256")
    monkeypatch.setenv("TELCORADAR_MAX_UNPACKED_MB", "1")
    assert ReadLimits.from_env() == ReadLimits(seconds=5, memory=256 * MB, unpacked=MB)
    with pytest.raises(InputError, match=r"unpacks past 1\.0 MB"):
        read_bytes(xlsx_bomb(2 * MB), "b.xlsx")
    monkeypatch.setenv("TELCORADAR_READ_SECONDS", "soon")
    with pytest.raises(InputError, match="TELCORADAR_READ_SECONDS: not a number: 'soon'"):
        ReadLimits.from_env()


def test_a_200000_deep_page_is_read_in_seconds() -> None:
    page = deep_html(200_000).replace(b"</body>", TARIFF_TABLE.encode() + b"</body>")
    assert len(page) > 2_000_000
    started = time.monotonic()
    doc = read_bytes(page, "deep.html")
    assert time.monotonic() - started < 20
    assert doc.text.startswith("Shanghai Mobile 7-day visitor card: 50 yuan, 10GB\n")
    (table,) = doc.tables
    assert [row.cells for row in table.rows] == [
        ("套餐名", "有效期", "资费", "境内流量"),
        ("灵动卡", "30天", "280元", "80GB"),
    ]


def test_flattening_keeps_the_text_and_leaves_ordinary_pages_alone(fixtures: Path) -> None:
    ordinary = (fixtures / "shanghai_mobile.html").read_bytes().decode("utf-8", "replace")
    assert flatten(ordinary) is ordinary
    nested = "<div>" * 30 + "<b>深</b>层" + "</div>" * 30 + "<p>后文</p>"
    flat = flatten(nested, max_depth=10)
    assert flat.count("<div>") == 10 and flat.count("</div>") == 10 and "<b>" not in flat
    assert read_html(flat.encode(), "f.html").text == read_html(nested.encode(), "n.html").text
    unclosed = "<ul>" + "<li>一项" * 40 + "</ul>" + "<p>段" * 40  # implied end tags do not nest
    assert flatten(unclosed, max_depth=5) == unclosed
    scripted = "<script>" + "<div>" * 40 + "</script><p>文</p>"  # tags inside a script are text
    assert flatten(scripted, max_depth=5) == scripted
