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
    assert "降价" in moves and "中国银联" in moves
    # without a day the page looks back a year from the newest move stored, not from the clock
    assert "中国银联" in client.get("/moves").text
    operators = client.get("/operators", params={"operator": "china-unicom"}).text
    assert "中国银联 (1)" in operators
    assert "<table" in client.get("/sources").text
    docs = client.get("/docs").text
    assert "/api/plans/{key}/history" in docs and "cdn" not in docs.lower()


RAW_IDS = ("price_cut", "new</td>", "inbound_travel", "partnership", "ITU mobile broadband", "Visitor, 7")


def test_kinds_domains_and_baskets_are_in_the_pages_language(web: Web) -> None:
    client = web.login()
    pages = {
        path: client.get(path, params={"since": "2025-01-01", "operator": "china-unicom"}).text
        for path in ("/moves", "/operators", "/compare", "/snapshots/2")
    }
    for path, html in pages.items():
        assert [raw for raw in RAW_IDS if raw in html] == [], path
    moves = pages["/moves"]
    assert '<span class="tag">入境旅游</span> <span class="tag">合作</span>' in moves
    assert "<td>降价</td>" in moves and "<td>新套餐</td>" in moves
    assert "ITU 移动宽带（仅数据，2 GB，30 天）</option>" in pages["/compare"]
    assert "<td>入境旅游 1</td>" in pages["/operators"]
    assert 'title="合作 · 入境旅游"' in pages["/snapshots/2"]
    english = client.get("/moves", params={"since": "2025-01-01", "lang": "en"}).text
    assert "<td>Price cut</td>" in english and '<span class="tag">Inbound travel</span>' in english
    compare = client.get("/compare", params={"basket": "visitor-7d-light"}).text
    assert "Visitor, 7 days, light use (5 GB, 30 min)</option>" in compare  # the data file's own label


def test_the_change_column_shows_the_change_and_each_event_is_listed_once(web: Web) -> None:
    moves = web.login().get("/moves", params={"since": "2025-01-01"}).text
    (cut,) = [row for row in rows(moves, "changes") if "降价" in row]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", cut, flags=re.S)
    assert cells[5:7] == ["90 CNY → 80 CNY", '<span class="num">−11.1%</span>']
    new = [row for row in rows(moves, "changes") if "新套餐" in row]
    assert len(new) == 4 and all("<td>—</td>" in row for row in new)  # nothing changed in a new plan
    timeline = moves.split('id="events"', 1)[1].split("</ol>", 1)[0]
    # the page was captured twice and the move is stored with two mentions: it is one move
    assert timeline.count("中国联通与中国银联合作推出入境支付服务") == 1


def test_an_error_page_keeps_the_navigation_and_the_language(web: Web) -> None:
    client = web.login()
    page = client.get("/snapshots/999", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "<h1>错误 404</h1>" in page.text
    assert '<a href="/moves">动态</a>' in page.text and "退出" in page.text
    english = client.get("/snapshots/999", params={"lang": "en"}, headers={"Accept": "text/html"})
    assert "<h1>Error 404</h1>" in english.text and '<a href="/moves">Moves</a>' in english.text
    client.cookies.clear()
    anonymous = client.get("/snapshots/999", headers={"Accept": "text/html"}, follow_redirects=False)
    assert anonymous.status_code == 303  # a page needs a login first


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


def test_the_snapshot_pages_download_link_works_for_a_logged_in_browser(web: Web) -> None:
    client = web.login()
    page = client.get("/snapshots/1").text
    (link,) = re.findall(r'<a href="([^"]+)" download>', page)
    download = client.get(link)
    assert download.status_code == 200 and "熊猫卡" in download.content.decode("utf-8")
    assert download.headers["content-disposition"] == 'attachment; filename="snapshot-1"'
    assert download.headers["content-type"] == "application/octet-stream"
    assert client.get("/snapshots/999/download", headers={"Accept": "text/html"}).status_code == 404
    client.cookies.clear()
    assert client.get(link, follow_redirects=False).status_code == 303  # no session: to the login page
