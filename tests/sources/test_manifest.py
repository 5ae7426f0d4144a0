"""When a file was captured: the --captured-at value and a folder's manifest.csv."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from telcoradar.errors import InputError
from telcoradar.sources.manifest import Capture, capture_time, read_manifest

NOW = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)


def test_a_day_is_midnight_utc_and_a_time_keeps_its_zone() -> None:
    assert capture_time("2025-05-20", now=NOW) == dt.datetime(2025, 5, 20, tzinfo=dt.UTC)
    assert capture_time("2025-05-20T09:30+08:00", now=NOW) == dt.datetime(2025, 5, 20, 1, 30, tzinfo=dt.UTC)
    assert capture_time("2025-05-20T09:30", now=NOW) == dt.datetime(2025, 5, 20, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2025-13-01", "'2025-13-01' is not a date (YYYY-MM-DD or an ISO date-time)"),
        ("20 May 2025", "'20 May 2025' is not a date (YYYY-MM-DD or an ISO date-time)"),
        ("2025-06-03", "2025-06-03 is in the future"),
    ],
)
def test_a_bad_or_future_day_is_refused_in_one_line(value: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        capture_time(value, now=NOW)
    assert str(caught.value) == f"--captured-at: {problem}"


def write(folder: Path, manifest: str, *files: str) -> Path:
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("page", encoding="utf-8")
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    return folder


def test_a_manifest_dates_and_addresses_each_file(tmp_path: Path) -> None:
    folder = write(
        tmp_path,
        "file,url,captured_at\n"
        "2025-03/card.html,https://shop.example/card,2025-03-15\n"
        "2025-05/card.html,,2025-05-20\n"
        "notes.txt,https://shop.example/notes,\n",
        "2025-03/card.html",
        "2025-05/card.html",
        "notes.txt",
    )
    found = read_manifest(folder)
    assert found == {
        (folder / "2025-03/card.html").resolve(): Capture(
            "https://shop.example/card", dt.datetime(2025, 3, 15, tzinfo=dt.UTC)
        ),
        (folder / "2025-05/card.html").resolve(): Capture(None, dt.datetime(2025, 5, 20, tzinfo=dt.UTC)),
        (folder / "notes.txt").resolve(): Capture("https://shop.example/notes", None),
    }
    assert read_manifest(tmp_path / "2025-03") == {}  # no manifest there


@pytest.mark.parametrize(
    ("manifest", "problem"),
    [
        ("name,captured_at\na.html,2025-05-20\n", "no 'file' column"),
        ("file,when\na.html,2025-05-20\n", "unknown column 'when' (known: file, url, captured_at)"),
        ("file,captured_at\nb.html,2025-05-20\n", "line 2: no such file 'b.html'"),
        ("file,captured_at\n../a.html,2025-05-20\n", "file '../a.html' is not a path inside the folder"),
        ("file,captured_at\na.html,2025-05-20\na.html,2025-05-21\n", "line 3: file 'a.html' is listed twice"),
        ("file,captured_at\na.html,May 2025\n", "line 2: 'May 2025' is not a date"),
        (
            "file,url\na.html,www.x.example/a\n",
            "line 2: url 'www.x.example/a' is not an address (scheme://...)",
        ),
    ],
)
def test_a_manifest_that_cannot_be_used_names_the_line_and_the_problem(
    tmp_path: Path, manifest: str, problem: str
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    write(folder, manifest, "a.html")
    with pytest.raises(InputError) as caught:
        read_manifest(folder)
    message = str(caught.value)
    assert message.startswith(str(folder / "manifest.csv"))
    assert problem in message and "\n" not in message
