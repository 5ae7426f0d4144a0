"""File and folder sources: documents already on disk.

A folder yields every supported file below it, in a stable order. Hidden
files and folders are skipped, linked folders are not entered, and a linked
file is read only when it points inside the folder.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from telcoradar.config import DEFAULT_MAX_BYTES
from telcoradar.errors import InputError
from telcoradar.sources.body import describe_size

CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".pdf": "application/pdf",
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Item(NamedTuple):
    """One document from a source: where it came from, its bytes, their type and how it was got.

    `meta` holds strings only ("etag", "last_modified", "status", "final_url",
    "modified", "size"). An item that could not be read has `data == b""` and
    its one-line reason in `meta["error"]`, so one bad file never stops a folder.
    """

    uri: str
    data: bytes
    content_type: str | None
    meta: dict[str, str]


def supported(path: Path) -> bool:
    return path.suffix.lower() in CONTENT_TYPES


def content_type_of(path: Path) -> str | None:
    return CONTENT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Item:
    """One file as an item; InputError when it is missing, unreadable or too large."""
    source = str(path)
    try:
        stat = path.stat()
        if not path.is_file():
            raise InputError(source, "not a file")
        if stat.st_size > max_bytes:
            raise InputError(source, f"file larger than {describe_size(max_bytes)} limit")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except IsADirectoryError:
        raise InputError(source, "not a file") from None
    if len(data) > max_bytes:
        raise InputError(source, f"file larger than {describe_size(max_bytes)} limit")
    modified = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).isoformat()
    meta = {"modified": modified, "size": str(len(data))}
    return Item(source, data, content_type_of(path), meta)


def file_items(target: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The `file` source kind: one file."""
    yield read_file(Path(target), max_bytes)


def folder_files(folder: Path) -> Iterator[Path]:
    """Supported files below `folder`, sorted; links leading outside it are not followed."""
    root = folder.resolve()
    if not root.is_dir():
        raise InputError(str(folder), "no such folder")
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(directory) / name
            if name.startswith(".") or not supported(path):
                continue
            if path.is_symlink():
                real = path.resolve()
                if not real.is_relative_to(root) or not real.is_file():
                    continue
            yield path


def folder_items(target: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The `folder` source kind: every supported file below a folder, each read on its own."""
    for path in folder_files(Path(target)):
        try:
            yield read_file(path, max_bytes)
        except InputError as exc:
            yield Item(str(path), b"", content_type_of(path), {"error": str(exc)})
