from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from openpyxl import Workbook

import telcoradar.read as read
from telcoradar.errors import InputError
from telcoradar.read import READERS, read_bytes, read_path, sniff

from .conftest import FIXTURES

PAGE = (FIXTURES / "shanghai_mobile.html").read_bytes()


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["套餐", "资费"])
    sheet.append(["熊猫卡", 90])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_registry_names_every_kind() -> None:
    assert set(READERS) == {"html", "text", "markdown", "pdf", "csv", "xlsx"}


@pytest.mark.parametrize(
    ("data", "content_type", "source", "kind"),
    [
        (b"%PDF-1.7\n...", "text/html", "a.html", "pdf"),  # magic bytes win
        (b"\xef\xbb\xbf<!DOCTYPE html><p>x", None, "notes.txt", "html"),
        (b"  <html><body>x", "text/plain", "x", "html"),
        (b"<!-- saved page -->\n<table><tr><td>1</td></tr></table>", None, "t", "html"),
        (b"a,b\n1,2\n", "text/csv; charset=utf-8", "https://x.test/dl?id=3", "csv"),
        (b"# Title\n", "text/markdown", "x", "markdown"),
        (b"# Title\n", "text/plain", "https://x.test/README.md?raw=1", "markdown"),  # weak type, suffix
        (b"a\tb\n", None, "/data/export.tsv", "csv"),
        (b"plain words", None, "notes.TXT", "text"),
        (b"plain words", None, "no-suffix", "text"),
        (b"<div><p>fragment</p></div>", None, "no-suffix", "html"),
    ],
)
def test_sniff(data: bytes, content_type: str | None, source: str, kind: str) -> None:
    assert sniff(data, content_type, source) == kind


def test_sniff_zip_archives() -> None:
    assert sniff(_xlsx(), None, "upload.bin") == "xlsx"
    buf = io.BytesIO()
    with __import__("zipfile").ZipFile(buf, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(InputError, match="a ZIP archive that is not an XLSX workbook"):
        sniff(buf.getvalue(), None, "report.docx")
    with pytest.raises(InputError, match=r"old binary Office file \(.xls/.doc\)"):
        sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, None, "old.xls")


def test_read_bytes_sets_digest_charset_and_source() -> None:
    gbk = PAGE.decode().replace('charset="utf-8"', 'charset="gbk"').replace("©", "").encode("gbk")
    doc = read_bytes(gbk, "https://sh.10086.cn/panda", content_type="text/html")
    assert doc.sha256 == hashlib.sha256(gbk).hexdigest()
    assert doc.charset == "gb18030"
    assert doc.source == "https://sh.10086.cn/panda"
    assert doc.tables[0].rows[2].cells[:4] == ("上海移动", "熊猫卡", "7天", "90元")


def test_charset_from_the_content_type_header() -> None:
    data = "<p>联通</p>".encode("gbk")
    assert read_bytes(data, "u", content_type="text/html; charset=GBK").text == "联通\n"


def test_read_path_for_each_kind(tmp_path: Path) -> None:
    (tmp_path / "t.xlsx").write_bytes(_xlsx())
    (tmp_path / "t.csv").write_text("套餐,资费\n熊猫卡,90元\n", encoding="utf-8")
    assert read_path(tmp_path / "t.xlsx").tables[0].rows[1].cells == ("熊猫卡", "90")
    assert read_path(tmp_path / "t.csv").content_type == "text/csv"
    assert read_path(FIXTURES / "table1.txt").content_type == "text/plain"
    assert read_path(str(FIXTURES / "tariffs.md")).content_type == "text/markdown"
    doc = read_path(FIXTURES / "shanghai_mobile.html")
    assert doc.source == str(FIXTURES / "shanghai_mobile.html")
    assert doc.sha256 == hashlib.sha256(PAGE).hexdigest()


def test_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.html"
    with open(big, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no 200 MB written

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(read, "open", no_open, raising=False)
    with pytest.raises(InputError) as caught:
        read_path(big)
    assert str(caught.value) == f"{big}: file is 200.0 MB, above the 20.0 MB limit (set --max-bytes)"


def test_size_limit_is_settable() -> None:
    with pytest.raises(InputError, match=r"file is 0\.0 MB, above the 0\.0 MB limit"):
        read_bytes(b"x" * 2000, "mem", max_bytes=1000)
    assert read_bytes(b"x" * 2000, "mem.txt", max_bytes=2000).text == "x" * 2000


def test_empty_missing_and_directory(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        read_path(empty)
    assert str(caught.value) == f"{empty}: empty file"
    with pytest.raises(InputError, match="empty file"):
        read_bytes(b"", "mem")
    with pytest.raises(InputError, match=r"empty file \(only whitespace\)"):
        read_bytes(b" \n\t\n", "blank.txt")
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "missing.pdf")
    with pytest.raises(InputError, match="is a directory, not a file"):
        read_path(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="not a regular file"):
        read_path(pipe)


def test_binary_garbage_and_damaged_files(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_bytes(bytes(range(256)) * 16, "blob.dat")
    assert str(caught.value) == "blob.dat: not a text document (binary content)"
    xlsx = _xlsx()
    with pytest.raises(InputError, match=r"^cut\.xlsx: unreadable XLSX \("):
        read_bytes(xlsx[: len(xlsx) // 3], "cut.xlsx")
    with pytest.raises(InputError, match=r"^cut\.pdf: unreadable PDF \("):
        read_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog", "cut.pdf")


def test_reader_failure_becomes_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, source: str, charset: str | None = None) -> object:
        raise RecursionError("too deep")

    monkeypatch.setitem(READERS, "text", broken)  # type: ignore[arg-type]
    with pytest.raises(InputError) as caught:
        read_bytes(b"words", "w.txt")
    assert str(caught.value) == "w.txt: could not read as text (RecursionError: too deep)"
