"""When and where a file on disk was captured: `--captured-at` and a folder's `manifest.csv`.

Bytes saved to disk forget the address they came from and the day they were
seen, and the file's modification time is the day it was copied, not
captured. An archive says it in `manifest.csv` at the top of its folder, one
row a file:

    file,url,captured_at
    2025-03/card.html,https://www.example.com/card,2025-03-15
    2025-05/card.html,https://www.example.com/card,2025-05-20

`file` is the path below the folder (required); `url` the address it was
captured from, which the snapshot is filed under (an http(s) one feeds
operator, market and date, as `extract --url` does);
`captured_at` a day (YYYY-MM-DD) or an ISO date-time. Empty cells leave the
value unknown. The manifest itself is not ingested; a manifest that cannot
be used refuses its whole folder, before anything is stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from telcoradar.errors import InputError

MANIFEST = "manifest.csv"
ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://\S+$", re.I)  # an absolute address: scheme://...
COLUMNS = ("file", "url", "captured_at")


@dataclass(frozen=True, slots=True)
class Capture:
    """What a manifest row (or the command line) says about one file."""

    url: str | None = None
    captured_at: dt.datetime | None = None


def capture_time(value: str, source: str = "--captured-at", now: dt.datetime | None = None) -> dt.datetime:
    """A day (midnight UTC) or an ISO date-time, as aware UTC; InputError if not one, or in the future."""
    text = value.strip()
    try:
        if len(text) == 10:
            moment = dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), tzinfo=dt.UTC)
        else:
            moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(source, f"{value!r} is not a date (YYYY-MM-DD or an ISO date-time)") from None
    moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    if moment > (now or dt.datetime.now(dt.UTC)) + dt.timedelta(days=1):
        raise InputError(source, f"{value} is in the future")
    return moment


def read_manifest(folder: Path) -> dict[Path, Capture]:
    """The manifest below `folder`, keyed by each file's resolved path ({} without a manifest)."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read ({type(exc).__name__})") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    if "file" not in header:
        raise InputError(str(path), "no 'file' column")
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise InputError(str(path), f"unknown column {unknown[0]!r} (known: {', '.join(COLUMNS)})")
    root = folder.resolve()
    entries: dict[Path, Capture] = {}
    for line, row in enumerate(reader, start=2):
        cells = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        where = f"{path} line {line}"
        name = cells.get("file", "")
        target = (root / name).resolve()
        if not name or not target.is_relative_to(root):
            raise InputError(where, f"file {name!r} is not a path inside the folder")
        if not target.is_file():
            raise InputError(where, f"no such file {name!r}")
        if target in entries:
            raise InputError(where, f"file {name!r} is listed twice")
        when = cells.get("captured_at") or None
        url = cells.get("url") or None
        if url is not None and not ADDRESS.match(url):
            raise InputError(where, f"url {url!r} is not an address (scheme://...)")
        entries[target] = Capture(url, capture_time(when, where) if when else None)
    return entries
