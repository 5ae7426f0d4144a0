import datetime as dt

from telcoradar.read import read_bytes, with_url
from telcoradar.read.published import front_matter_date, url_date


def test_url_dates_by_day_and_month() -> None:
    assert url_date("https://news.example.com/2024/11/05/cuts") == (dt.date(2024, 11, 5), "day")
    assert url_date("http://m.example.com/page/2024/0717/24917310.shtml") == (dt.date(2024, 7, 17), "day")
    assert url_date("http://example.cn/html/2023-3-22/1646591.htm") == (dt.date(2023, 3, 22), "day")
    assert url_date("http://www.example.cn/zx/202208/t20220812_71257.html") == (dt.date(2022, 8, 12), "day")
    assert url_date("http://example.cn/yanjiubaogao/2022051078385.html") == (dt.date(2022, 5, 10), "day")
    assert url_date("http://example.cn/news/1/201401/98542/1.htm") == (dt.date(2014, 1, 1), "month")
    assert url_date("https://example.com/post/9726.html") is None
    assert url_date("https://example.com/news/metro/2403141523/") == (dt.date(2024, 3, 14), "day")
    assert url_date("https://example.com/news/2403321523/") is None  # no 32nd of March
    assert url_date("https://2024.example.com/plans") is None  # the host holds no date


def test_article_numbers_that_are_unix_times() -> None:
    # microseconds, milliseconds, and an id that ends in milliseconds
    assert url_date("https://example.com/news/1662604755143292.shtml") == (dt.date(2022, 9, 8), "day")
    assert url_date("https://example.com/a/story-1719624850499.html") == (dt.date(2024, 6, 29), "day")
    assert url_date("https://example.com/a/rise-in-fees-11719624850499.html") == (dt.date(2024, 6, 29), "day")
    assert url_date("https://example.com/a/1234567890.html") is None  # ten digits: a counter
    assert url_date("https://example.com/a/9999999999999.html") is None  # a time to come


def test_front_matter_date_is_declared() -> None:
    text = (
        'Source: https://example.com/x\n---\ntitle: "运营商新闻"\ndate: "2025-02-10 18:30:34"\n---\n'
        "正文 2024年3月1日"
    )
    assert front_matter_date(text) == dt.date(2025, 2, 10)
    doc = read_bytes(text.encode(), "news.md")
    assert (doc.published, doc.published_from) == (dt.date(2025, 2, 10), "front-matter")


def test_an_address_day_beats_a_date_found_in_the_text() -> None:
    doc = read_bytes("中国电信宣布投资。2024年3月11日，双方签约。".encode(), "news.txt")
    assert doc.published_from == "text"
    dated = with_url(doc, "http://m.example.com/page/2024/0717/1.shtml")
    assert (dated.published, dated.published_from) == (dt.date(2024, 7, 17), "url")


def test_a_declared_date_beats_the_address() -> None:
    page = (
        b'<html><head><meta property="article:published_time" content="2025-05-16T08:00:00Z">'
        b"</head><body><p>x</p></body></html>"
    )
    doc = with_url(read_bytes(page, "page.html"), "https://example.com/2024/01/02/x")
    assert (doc.published, doc.published_from) == (dt.date(2025, 5, 16), "meta")


def test_json_ld_date_and_a_month_in_the_address() -> None:
    page = (
        b'<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        b'"datePublished": "2024-09-03T10:00:00+08:00"}</script></head><body><p>text</p></body></html>'
    )
    doc = read_bytes(page, "page.html")
    assert (doc.published, doc.published_from) == (dt.date(2024, 9, 3), "json-ld")
    undated = with_url(read_bytes("运营商新闻".encode(), "n.txt"), "http://example.cn/news/202409/1.htm")
    assert (undated.published, undated.published_year, undated.published_from) == (None, 2024, "url")
