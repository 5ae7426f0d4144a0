"""The dashboard in headless Chromium: log in, filter, open a history, upload, download a briefing.

Debian's chromium at /usr/bin/chromium, driven by Playwright, against uvicorn
on 127.0.0.1. Screenshots go to the test's temporary folder, and also to
$TELCORADAR_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from telcoradar.web import create_app
from telcoradar.web.config import WebConfig

from .conftest import FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(
    template_store: tuple[Path, dict[str, str]], tmp_path: Path
) -> Iterator[tuple[str, dict[str, str]]]:
    uvicorn = pytest.importorskip("uvicorn")
    path, tokens = template_store
    shutil.copy(path, tmp_path / "web.sqlite")
    app = create_app(config=WebConfig(database_url=f"sqlite:///{tmp_path / 'web.sqlite'}", secret="browser"))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}", tokens
    finally:
        running.should_exit = True
        thread.join(timeout=10)


def test_dashboard_in_chromium(server: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    base, tokens = server
    shots = tmp_path / "screenshots"
    shots.mkdir()
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            outside: list[str] = []
            page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))

            page.goto(f"{base}/plans")
            assert "/login" in page.url
            page.fill("input[name=username]", "analyst")
            page.fill("input[name=token]", tokens["analyst"])
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/plans")
            assert page.locator("#plans tbody tr").count() == 4

            page.select_option("#plan-filters select[name=region]", "上海")  # submits on change
            page.wait_for_url("**region=*")
            assert page.locator("#plans tbody tr").count() == 2
            assert "畅游卡" not in page.locator("#plans").inner_text()
            page.screenshot(path=str(shots / "1-tariffs-shanghai.png"), full_page=True)

            page.click("#plans thead a[href*='sort=price']")  # cheapest first: the 7-day card
            page.wait_for_url("**sort=price*")
            assert "80 CNY" in page.locator("#plans tbody tr >> nth=0").inner_text()
            page.click("#plans tbody tr >> nth=0 >> a.plan")
            page.wait_for_url("**/plans/*")
            versions = page.locator("#history tbody tr")
            assert versions.count() == 2
            assert "90 CNY" in versions.nth(0).inner_text() and "80 CNY" in versions.nth(1).inner_text()
            page.screenshot(path=str(shots / "2-history.png"), full_page=True)

            page.goto(f"{base}/upload")
            page.set_input_files("#upload input[type=file]", str(FIXTURES / "upload.md"))
            page.click("#upload button[type=submit]")
            page.wait_for_url("**/snapshots/*")
            extracted = page.locator("#extracted-plans tbody tr")
            assert extracted.count() == 2 and "西湖卡" in page.locator("#extracted-plans").inner_text()
            assert page.locator("#document mark.plan").count() >= 1
            assert "<script>alert(1)</script>" in page.locator("#document").inner_text()  # shown as text
            page.screenshot(path=str(shots / "3-upload.png"), full_page=True)

            page.goto(f"{base}/compare?basket=visitor-7d-light&lang=en")
            assert page.locator("figure.chart svg").count() == 1
            page.screenshot(path=str(shots / "4-compare.png"), full_page=True)

            page.goto(f"{base}/briefing")
            with page.expect_download() as info:
                page.click("#briefing button[type=submit]")
            download = info.value
            assert download.suggested_filename.startswith("briefing-")
            saved = tmp_path / download.suggested_filename
            download.save_as(saved)
            assert "熊猫卡" in saved.read_text(encoding="utf-8")

            page.goto(f"{base}/plans?lang=zh")
            page.screenshot(path=str(shots / "5-tariffs.png"), full_page=True)
            assert dialogs == [] and outside == []
        finally:
            browser.close()
    keep = os.environ.get("TELCORADAR_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for shot in shots.iterdir():
            shutil.copy(shot, Path(keep) / shot.name)
