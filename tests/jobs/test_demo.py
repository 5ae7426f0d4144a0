"""The demo: bundled corpus in, a briefing out, every number backed; and the page in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evidence_links import check_evidence_links
from telcoradar.cli import app
from telcoradar.jobs.demo import DB_NAME, DemoResult, demo_corpus, run_demo

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo") / "demo-output", lang="zh", pdf=False)


def page_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_corpus_is_ingested_in_date_order(demo: DemoResult) -> None:
    assert demo.ingested == len(demo_corpus()) and demo.errors == []
    assert demo.database.name == DB_NAME and demo.database.exists()
    assert [p.name for p in demo.outputs] == ["briefing.html", "briefing.md"]


def test_demo_briefing_shows_the_facts(demo: DemoResult) -> None:
    text = page_text(demo.outputs[0])
    # Shanghai Telecom's short-term cards, stated in prose
    for price in ("¥85", "¥125", "¥195"):
        assert price in text
    # Table-1 prices: Beijing Mobile after its cut, Shanghai Mobile's Panda card, Zhejiang and Shenzhen Unicom
    assert "由 ¥280 降价至 ¥250（−10.7%）" in text
    for price in ("¥250", "¥200", "¥90", "¥159", "¥170", "¥109"):
        assert price in text
    assert "已下架：中国联通 · 浙江 · 浙江旅游体验卡 · 3天（原资费 ¥39）" in text
    assert "504亿元" in text
    assert "抗量子安全手机" in text and "畅游通" in text


def test_three_headline_findings(demo: DemoResult) -> None:
    assert len(demo.findings) == 3
    assert demo.findings[0] == "中国移动 · 江西 · 畅行卡 · 7天：由 ¥80 降价至 ¥70（−12.5%）"
    assert demo.findings[1].startswith("新套餐 中国电信 · 上海 · 短期卡")


def test_every_number_in_the_demo_briefing_is_backed(demo: DemoResult) -> None:
    linked, unlinked, missing = check_evidence_links(demo.outputs[0].read_text(encoding="utf-8"))
    assert unlinked == []
    assert missing == []
    assert linked > 200


def test_markdown_briefing(demo: DemoResult) -> None:
    markdown = demo.outputs[1].read_text(encoding="utf-8")
    assert markdown.startswith("# 竞争简报")
    assert "[¥85](#ev-" in markdown


def test_cli_demo_and_brief(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    out = tmp_path / "demo-output"
    result = runner.invoke(app, ["demo", "--out", str(out), "--lang", "en", "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'briefing.html'}" in result.output
    assert (
        "1. China Mobile · Jiangxi · 畅行卡 · 7 days: price cut from CN¥80 to CN¥70 (−12.5%)" in result.output
    )

    monkeypatch.setenv("TELCORADAR_DATABASE_URL", f"sqlite:///{out / DB_NAME}")
    brief = runner.invoke(
        app, ["brief", "--since", "2025-05-01", "--lang", "en", "--out", str(tmp_path / "b.md")]
    )
    assert brief.exit_code == 0, brief.output
    markdown = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "Period: 2025-05-01 – 2025-05-20" in markdown

    bad = runner.invoke(app, ["brief", "--since", "May", "--out", str(tmp_path / "x.html")])
    assert bad.exit_code == 2 and "--since" in bad.output  # wrong usage
    assert not (tmp_path / "x.html").exists()


@pytest.mark.browser
def test_briefing_renders_offline_in_chromium(demo: DemoResult, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    shot = demo.outputs[0].with_name("briefing.png")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(demo.outputs[0].as_uri())
            page.screenshot(path=str(shot), full_page=True)
            text = page.inner_text("body")
            fonts = page.evaluate("getComputedStyle(document.body).fontFamily")
            charts = page.locator("svg.chart").count()
            chart_text = page.locator("svg.chart text").first.bounding_box()
        finally:
            browser.close()
    assert shot.stat().st_size > 50_000
    assert [url for url in requests if not url.startswith("file://")] == []
    assert "Noto Sans CJK SC" in fonts
    assert charts >= 4 and chart_text is not None and chart_text["width"] > 0
    for expected in ("竞争简报", "¥85", "¥195", "¥250", "504亿元", "来源与证据"):
        assert expected in text
