from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from telcoradar.errors import InputError
from telcoradar.sources import SOURCE_KINDS, Fetcher, file_items, folder_items, iter_source, kind_of


def make_tree(root: Path) -> Path:
    folder = root / "corpus"
    (folder / "shanghai").mkdir(parents=True)
    (folder / "shanghai" / "plans.html").write_text("<p>上海移动 7天卡 30元</p>", encoding="utf-8")
    (folder / "notes.md").write_text("# 月报", encoding="utf-8")
    (folder / "prices.csv").write_text("operator,price\n移动,30\n", encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG")
    (folder / ".hidden.html").write_text("hidden", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "config.txt").write_text("x", encoding="utf-8")
    return folder


def test_folder_yields_supported_files_in_order(tmp_path: Path) -> None:
    folder = make_tree(tmp_path)
    items = list(folder_items(folder))
    names = [Path(item.uri).relative_to(folder.resolve()).as_posix() for item in items]
    assert names == ["notes.md", "prices.csv", "shanghai/plans.html"]
    by_name = dict(zip(names, items, strict=True))
    assert by_name["shanghai/plans.html"].data == "<p>上海移动 7天卡 30元</p>".encode()
    assert by_name["shanghai/plans.html"].content_type == "text/html"
    assert by_name["prices.csv"].content_type == "text/csv"
    assert by_name["notes.md"].meta["size"] == str(len("# 月报".encode()))
    assert "modified" in by_name["notes.md"].meta


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_links_outside_the_folder_are_not_followed(tmp_path: Path) -> None:
    folder = make_tree(tmp_path)
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "passwords.txt").write_text("hunter2", encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside / "passwords.txt")
    (folder / "leakdir").symlink_to(outside, target_is_directory=True)
    (folder / "alias.md").symlink_to(folder / "notes.md")
    uris = [Path(item.uri).name for item in folder_items(folder)]
    assert "leak.txt" not in uris and "passwords.txt" not in uris
    assert "alias.md" in uris  # a link that stays inside is read


def test_one_bad_file_does_not_stop_the_folder(tmp_path: Path) -> None:
    folder = make_tree(tmp_path)
    (folder / "big.txt").write_bytes(b"a" * 5000)
    items = list(folder_items(folder, max_bytes=1000))
    errors = {Path(i.uri).name: i.meta["error"] for i in items if "error" in i.meta}
    assert errors == {"big.txt": f"{folder.resolve() / 'big.txt'}: file larger than 1000 bytes limit"}
    assert len(items) == 4


def test_file_source(tmp_path: Path) -> None:
    path = tmp_path / "plans.html"
    path.write_text("<p>x</p>", encoding="utf-8")
    [item] = list(file_items(path))
    assert item.uri == str(path)
    assert item.data == b"<p>x</p>"
    with pytest.raises(InputError, match="no such file"):
        list(file_items(tmp_path / "missing.pdf"))
    with pytest.raises(InputError, match="no such folder"):
        list(folder_items(tmp_path / "missing"))


def test_kind_of_and_registry(tmp_path: Path) -> None:
    folder = make_tree(tmp_path)
    assert set(SOURCE_KINDS) == {"url", "file", "folder"}
    assert kind_of("https://www.10086.cn/tariffs") == "url"
    assert kind_of(str(folder)) == "folder"
    assert kind_of(str(folder / "notes.md")) == "file"
    with pytest.raises(InputError, match="only http and https"):
        kind_of("ftp://example.com/x")
    with pytest.raises(InputError, match="unknown source kind"):
        iter_source(str(folder), kind="rss")
    assert len(list(iter_source(str(folder)))) == 3


def test_url_kind(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/p").respond_with_data(
        "<p>x</p>", content_type="text/html", headers={"ETag": "e1"}
    )
    url = httpserver.url_for("/p")
    with Fetcher(allow_private=True, min_interval=0) as fetcher:
        [item] = list(iter_source(url, fetcher=fetcher))
        assert item.uri == url and item.data == b"<p>x</p>" and item.content_type == "text/html"
        assert item.meta["etag"] == "e1" and item.meta["status"] == "200"
    [again] = list(iter_source(url, allow_private=True, min_interval=0))
    assert again.data == b"<p>x</p>"
