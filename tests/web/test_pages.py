"""Dashboard pages: what an analyst sees, in Chinese and English, with source text always escaped."""

from __future__ import annotations

import re

from .conftest import FIXTURES, Web, csrf_of


def rows(html: str, table_id: str) -> list[str]:
    body = html.split(f'id="{table_id}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)


def test_tariff_table_filters_and_sorts(web: Web) -> None:
    client = web.login()
    page = client.get("/plans").text
    assert len(rows(page, "plans")) == 4
    assert "上海" in page and "中国移动" in page  # region and operator labels in Chinese by default
    shanghai = client.get("/plans", params={"region": "上海"}).text
    assert len(rows(shanghai, "plans")) == 2 and "畅游卡" not in shanghai
    by_price = rows(client.get("/plans", params={"sort": "-price"}).text, "plans")
    assert "200" in by_price[0] and "60" in by_price[-1]
    assert 'href="/plans?sort=price' in client.get("/plans").text


def test_history_of_the_price_cut(web: Web) -> None:
    client = web.login()
    key = web.client.get("/api/plans", params={"region": "上海", "sort": "price"}, headers=web.auth()).json()
    page = client.get(f"/plans/{key['items'][0]['key']}").text
    versions = rows(page, "history")
    assert len(versions) == 2
    assert "2025-03-10" in versions[0] and "90" in versions[0]
    assert "2025-05-12" in versions[1] and "80" in versions[1] and "在售" in versions[1]
    assert client.get("/plans/" + "0" * 32, headers={"Accept": "text/html"}).status_code == 404


def test_compare_page_has_options_and_a_chart(web: Web) -> None:
    client = web.login()
    page = client.get("/compare", params={"basket": "visitor-7d-light"}).text
    assert len(rows(page, "options")) == 3
    assert "<svg" in page
    custom = client.get("/compare", params={"days": 14, "gb": 50}).text
    assert "2× 熊猫卡" in custom


def test_moves_operators_sources_and_docs_pages(web: Web) -> None:
    client = web.login()
    moves = client.get("/moves", params={"since": "2025-01-01"}).text
    assert "price_cut" in moves and "中国银联" in moves
    # without a day the page looks back a year from the newest move stored, not from the clock
    assert "中国银联" in client.get("/moves").text
    operators = client.get("/operators", params={"operator": "china-unicom"}).text
    assert "中国银联 (1)" in operators
    assert "<table" in client.get("/sources").text
    docs = client.get("/docs").text
    assert "/api/plans/{key}/history" in docs and "cdn" not in docs.lower()


def test_switching_language_is_remembered(web: Web) -> None:
    client = web.login()
    english = client.get("/plans", params={"lang": "en"}).text
    assert "Tariffs" in english and "China Mobile" in english and "Shanghai" in english
    assert "Tariffs" in client.get("/plans").text  # the cookie keeps it
    assert "资费" in client.get("/plans", params={"lang": "zh"}).text


def test_upload_shows_extracted_plans_and_escapes_source_text(web: Web) -> None:
    client = web.login("analyst")
    csrf = csrf_of(client.get("/upload").text)
    data = (FIXTURES / "upload.md").read_bytes()
    done = client.post("/upload", data={"csrf": csrf}, files={"file": ("hz.md", data, "text/markdown")})
    assert done.status_code == 200 and re.search(r"/snapshots/\d+$", str(done.url))
    page = done.text
    assert len(rows(page, "extracted-plans")) == 2 and "西湖卡" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert re.search(r'<mark class="plan" title="[^"]*">[^<]*西湖卡', page)
    assert "default-src 'self'" in done.headers["content-security-policy"]


def test_briefing_form_downloads_a_file(web: Web) -> None:
    client = web.login("analyst")
    csrf = csrf_of(client.get("/briefing").text)
    response = client.post("/briefing", data={"csrf": csrf, "lang": "en", "format": "md"})
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith('-en.md"')
    assert "熊猫卡" in response.text


def test_errors_on_pages_are_html(web: Web) -> None:
    client = web.login()
    page = client.get("/snapshots/999", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "no snapshot 999" in page.text and "<html" in page.text
    bad = client.get("/plans", params={"at": "<script>"}, headers={"Accept": "text/html"})
    assert bad.status_code == 400 and "<script>" not in bad.text


def test_static_files_are_local(web: Web) -> None:
    css = web.client.get("/static/style.css")
    assert css.status_code == 200 and "mark.plan" in css.text
    page = web.login().get("/plans").text
    assert not re.search(r'(src|href)="(https?:)?//', page)
