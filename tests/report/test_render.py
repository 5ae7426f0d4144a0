from __future__ import annotations

import builtins
import dataclasses
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from evidence_links import check_evidence_links
from telcoradar.errors import ConfigError
from telcoradar.model import Evidence
from telcoradar.report import build_briefing, render_html, render_markdown, render_pdf, write_briefing
from telcoradar.report.blocks import BriefingInputs
from telcoradar.report.render import md_escape


def test_html_is_self_contained(inputs: BriefingInputs) -> None:
    html = render_html(build_briefing(inputs, "zh"))
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert "<style>" in html and "<svg" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html
    assert html.count("<script") == 1 and "<script>" in html  # the table sorter, inline: no CDN
    assert '<table data-facts class="sortable">' in html
    assert '"Noto Sans CJK SC"' in html and "'Noto Sans CJK SC'" in html


def test_every_number_in_findings_and_tables_is_linked(inputs: BriefingInputs) -> None:
    html = render_html(build_briefing(inputs, "zh"))
    linked, unlinked, missing = check_evidence_links(html)
    assert unlinked == []
    assert missing == []
    assert linked > 30


def test_source_text_is_escaped(inputs: BriefingInputs) -> None:
    hostile = "<script>alert(1)</script>卡"
    plan = inputs.plans[0]
    bad = dataclasses.replace(plan, name=hostile, evidence=Evidence(hostile, 0, 5, plan.evidence.snapshot))
    briefing = build_briefing(dataclasses.replace(inputs, plans=[bad, *inputs.plans[1:]]), "zh")
    html = render_html(briefing)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;卡" in html
    markdown = render_markdown(briefing)
    assert "<script>" not in markdown


def test_markdown_links_numbers_to_the_appendix(inputs: BriefingInputs) -> None:
    markdown = render_markdown(build_briefing(inputs, "en"))
    assert markdown.startswith("# Competition briefing")
    assert "[CN¥250](#ev-" in markdown
    assert '<a id="ev-1"></a>' in markdown
    assert "| Operator | Region | Plan | Validity | Price |" in markdown
    assert "from [CN¥280](#ev-1) to [CN¥250](#ev-2)" in markdown  # spaces kept around links
    assert "\n\n\n" not in markdown


def test_md_escape() -> None:
    assert md_escape("a|b\n*c* <x>") == r"a\|b \*c\* \<x\>"
    assert md_escape(" to ") == " to " and md_escape(" ") == " " and md_escape("") == ""


def test_write_picks_the_format_by_suffix(inputs: BriefingInputs, tmp_path: Path) -> None:
    briefing = build_briefing(inputs, "zh")
    html = write_briefing(briefing, tmp_path / "out" / "b.html")
    md = write_briefing(briefing, tmp_path / "b.md")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert md.read_text(encoding="utf-8").startswith("# 竞争简报")
    with pytest.raises(ConfigError, match="unknown briefing format"):
        write_briefing(briefing, tmp_path / "b.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.md", "out"]


def test_pdf_without_weasyprint_names_what_to_install(
    inputs: BriefingInputs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_weasyprint(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(ConfigError) as info:
        write_briefing(build_briefing(inputs, "zh"), tmp_path / "b.pdf")
    message = str(info.value)
    assert "\n" not in message
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk" in message
    assert "pip install 'telcoradar[pdf]'" in message
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.slow
def test_pdf_when_weasyprint_works(inputs: BriefingInputs) -> None:
    pytest.importorskip("weasyprint")
    try:
        data = render_pdf(build_briefing(inputs, "zh"))
    except ConfigError as exc:
        pytest.skip(str(exc))
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000


def test_money_in_other_currencies_keeps_its_sign(inputs: BriefingInputs) -> None:
    hk = dataclasses.replace(inputs.plans[0], operator="csl", region=None, currency="HKD", price=Decimal(88))
    html = render_html(build_briefing(dataclasses.replace(inputs, plans=[hk]), "en"))
    assert "HK$88" in html


def test_english_briefing_is_english_outside_quotes_and_names(inputs: BriefingInputs) -> None:
    from report.reading import cjk_share, prose

    html = render_html(build_briefing(inputs, "en"))
    assert cjk_share(html) <= 0.03
    text = prose(html)
    assert "Summary" in text and "launched a new offer" in text
    assert '<section id="evidence">' in html and '<q class="quote">' in html
    assert '<a class="ev name" href="#ev-' in html  # plan names are marked as names
    chinese = render_html(build_briefing(inputs, "zh"))
    assert cjk_share(chinese) > 0.3


def test_cover_block_names_period_and_sources(inputs: BriefingInputs) -> None:
    html = render_html(build_briefing(inputs, "en"))
    cover = html[html.index('<header class="cover">') : html.index("</header>")]
    assert "<dt>Period</dt><dd>2025-03-16 – 2025-05-20</dd>" in cover
    assert "<dt>Sources</dt><dd>3 captured documents</dd>" in cover
