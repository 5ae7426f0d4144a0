"""The review page in headless Chromium: an analyst corrects a price by keyboard; a viewer only reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_browser import ARGS, CHROMIUM, server

pytestmark = pytest.mark.browser
__all__ = ["server"]  # the fixture, shared with the dashboard's browser test


def login(page: object, base: str, role: str, token: str) -> None:
    page.goto(f"{base}/login?next=/review")  # type: ignore[attr-defined]
    page.fill("input[name=username]", role)  # type: ignore[attr-defined]
    page.fill("input[name=token]", token)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/review")  # type: ignore[attr-defined]


def test_an_analyst_corrects_by_keyboard_and_a_viewer_cannot(
    server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    base, tokens = server
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            outside: list[str] = []
            page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
            login(page, base, "analyst", tokens["analyst"])
            queue = context.request.get(
                f"{base}/api/review?kind=plan", headers={"Authorization": f"Bearer {tokens['analyst']}"}
            ).json()
            panda = min(
                (i for i in queue if i["fields"]["name"] == "熊猫卡"),
                key=lambda i: i["fields"]["period_days"],
            )
            page.goto(f"{base}/review?fact={panda['id']}&kind=plan")
            assert page.locator("#review-fact h2").inner_text().startswith(panda["id"])
            assert "熊猫卡" in page.locator("#review-quote").inner_text()  # the quote, marked in its snapshot
            page.keyboard.press("j")  # the next fact, and back
            page.wait_for_url(lambda url: panda["id"] not in url)
            page.keyboard.press("k")
            page.wait_for_url(f"**fact={panda['id']}*")
            page.keyboard.press("e")
            assert page.evaluate("document.activeElement.id") == "f_price"
            page.keyboard.type("92")
            page.keyboard.press("Enter")
            page.wait_for_url(lambda url: f"fact={panda['id']}" not in url)
            page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
            page.goto(f"{base}/plans?region=上海&sort=price")
            rows = page.locator("#plans tbody tr", has_text="熊猫卡")
            assert any("92 CNY" in rows.nth(i).inner_text() for i in range(rows.count()))
            assert outside == []
            context.close()

            viewing = browser.new_context()
            page = viewing.new_page()
            login(page, base, "viewer", tokens["viewer"])
            assert page.locator("#review-fact").count() == 1
            assert page.locator("#review-fact form, #review-fact input, #review-fact button").count() == 0
            page.keyboard.press("a")  # no form to submit: the page stays as it is
            assert page.url == f"{base}/review"
            answer = viewing.request.post(
                f"{base}/api/review/{panda['id']}/accept",
                data={},
                headers={"Authorization": f"Bearer {tokens['viewer']}"},
            )
            assert answer.status == 403
        finally:
            browser.close()
