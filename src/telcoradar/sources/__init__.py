"""Where bytes come from: URLs, files and folders.

`SOURCE_KINDS` maps a kind to a callable that yields `Item(uri, data,
content_type, meta)` tuples; `kind_of` guesses the kind of a target the user
typed; `Fetcher` is the guarded, polite HTTP client behind the `url` kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from telcoradar.errors import InputError
from telcoradar.sources.fetcher import USER_AGENT, Fetcher, FetchResult, fetch
from telcoradar.sources.files import Item, file_items, folder_items
from telcoradar.sources.guard import FetchError, Guard, RefusedError, check_url

SourceKind = Callable[..., Iterator[Item]]


def url_items(target: str, *, fetcher: Fetcher | None = None, **options: Any) -> Iterator[Item]:
    """The `url` kind: one fetched page (nothing when the server says it has not changed).

    `options` go to `Fetcher.fetch` (etag, last_modified) or, without a
    `fetcher`, to a one-shot `Fetcher` (allow_private, max_bytes, ...).
    """
    conditional = {k: options.pop(k) for k in ("etag", "last_modified") if k in options}
    own = fetcher is None
    session = fetcher or Fetcher(**options)
    try:
        result = session.fetch(target, **conditional)
    finally:
        if own:
            session.close()
    if result.not_modified or result.content is None:
        return
    meta = {
        "status": str(result.status),
        "final_url": result.final_url,
        "fetched_at": result.fetched_at.isoformat(),
    }
    if result.etag:
        meta["etag"] = result.etag
    if result.last_modified:
        meta["last_modified"] = result.last_modified
    yield Item(target, result.content, result.content_type, meta)


SOURCE_KINDS: dict[str, SourceKind] = {"url": url_items, "file": file_items, "folder": folder_items}


def kind_of(target: str) -> str:
    """The kind of a target as typed: a URL, a folder or a file."""
    if "://" in target:
        scheme = target.split("://", 1)[0].lower()
        if scheme in ("http", "https"):
            return "url"
        if scheme == "file":
            raise InputError(target, "give file paths without file://")
        raise InputError(target, f"unsupported scheme {scheme}: only http and https URLs are fetched")
    return "folder" if Path(target).is_dir() else "file"


def iter_source(target: str, kind: str | None = None, **options: Any) -> Iterator[Item]:
    """Every item a source yields, its kind guessed when not given."""
    kind = kind or kind_of(target)
    try:
        produce = SOURCE_KINDS[kind]
    except KeyError:
        raise InputError(target, f"unknown source kind {kind!r} (known: {', '.join(SOURCE_KINDS)})") from None
    return produce(target, **options)


__all__ = [
    "SOURCE_KINDS",
    "USER_AGENT",
    "FetchError",
    "FetchResult",
    "Fetcher",
    "Guard",
    "Item",
    "RefusedError",
    "SourceKind",
    "check_url",
    "fetch",
    "file_items",
    "folder_items",
    "iter_source",
    "kind_of",
    "url_items",
]
