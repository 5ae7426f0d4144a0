"""When a document was published, and where that was read from.

Readers look, most trusted first, at what the page declares (HTML `<meta>`
tags, JSON-LD `datePublished`, `<time>`), at Markdown front matter
(`date: 2025-02-10`), and at the first full date near the top of the text.
The address a document was captured from dates it too: `/2024/11/05/`,
`/2024/0717/`, `/2023-3-22/`, `t20220812_`, `/20240315/`, a compact
`/2403141523/` (YYMMDDhhmm) or an article number that is a Unix time in
milliseconds or microseconds (a day), `/202409/` or `content_2021-07/` (a
month, which gives the year only). A day in the
address beats a date merely found in the text, which may be any date the
article mentions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from urllib.parse import unquote, urlsplit

from telcoradar.model import Document

__all__ = ["front_matter_date", "url_date", "with_url_date"]

_FRONT_MATTER = re.compile(r"\A(?:[^\n]*\n){0,2}?---\s*\n(?P<body>.*?)\n---\s*(?:\n|\Z)", re.S)
_FRONT_DATE = re.compile(
    r"^(?:date|published|pubdate|publish_date|published_at|datePublished)\s*:\s*[\"']?"
    r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d?)-(?P<d>\d\d?)",
    re.M | re.I,
)
# Dates in an address, day first: /2024/11/05/, /2024/0717/, /2023-3-22/, 2024-03-05, t20220812_.
_URL_DAY = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?![\d])"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)/(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?=/)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-_](?P<m>0?[1-9]|1[0-2])[-_](?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<![\dA-Za-z])t?(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?=[_/.-]|$)"),
    re.compile(r"(?<![\dA-Za-z])(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])\d{4,6}(?=[_/.-]|$)"),
)
# A compact stamp of the minute a story was filed: YYMMDDhhmm as a path segment of its own.
_URL_STAMP = re.compile(
    r"(?<=/)(?P<y>\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d(?=/|$)"
)
# An article number that is a Unix time: 13 digits of milliseconds (or an id ending in
# them), 16 of microseconds. Shorter numbers are too often plain counters.
_URL_EPOCH = re.compile(r"(?<![\dA-Za-z])\d{13,16}(?![\dA-Za-z])")
_EPOCH_FROM = dt.date(2000, 1, 1)
_URL_MONTH = (
    re.compile(r"(?<![\dA-Za-z])(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?=/)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/](?P<m>0[1-9]|1[0-2])(?=/)"),
)


def front_matter_date(text: str) -> dt.date | None:
    """The `date:` of a Markdown front matter block at the top of `text`."""
    block = _FRONT_MATTER.match(text[:4000])
    if block is None:
        return None
    m = _FRONT_DATE.search(block.group("body"))
    return _day(m) if m else None


def _day(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def _day_of(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _epoch_day(digits: str) -> dt.date | None:
    """The UTC day of a number read as microseconds (16 digits) or milliseconds (its last 13)."""
    seconds = int(digits) / 1_000_000 if len(digits) == 16 else int(digits[-13:]) / 1000
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def url_date(url: str) -> tuple[dt.date, str] | None:
    """The date an address carries, with its precision ("day" or "month"), if any.

    Only the path and the query are read (a host name holds no date); a date in
    the future of today is none.
    """
    parts = urlsplit(url.strip())
    path = unquote(parts.path + ("?" + parts.query if parts.query else ""))
    today = dt.date.today()
    for pattern in _URL_DAY:
        for m in pattern.finditer(path):
            day = _day(m)
            if day is not None and day <= today:
                return day, "day"
    for m in _URL_STAMP.finditer(parts.path):
        stamp = _day_of(2000 + int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if stamp is not None and stamp <= today:
            return stamp, "day"
    for m in _URL_EPOCH.finditer(parts.path):
        epoch = _epoch_day(m.group())
        if epoch is not None and _EPOCH_FROM <= epoch <= today:
            return epoch, "day"
    for pattern in _URL_MONTH:
        for m in pattern.finditer(path):
            month = dt.date(int(m.group("y")), int(m.group("m")), 1)
            if month <= today:
                return month, "month"
    return None


def with_url_date(document: Document, url: str) -> Document:
    """`document` dated by its address when nothing better dates it.

    A day in the address replaces a date only found somewhere in the text; a
    month in it gives the year (`published_year`) of an undated document.
    """
    if document.published_from not in (None, "text"):
        return document
    found = url_date(url)
    if found is None:
        return document
    date, precision = found
    if precision == "day":
        return dataclasses.replace(document, published=date, published_from="url")
    if document.published is None:
        return dataclasses.replace(document, published_year=date.year, published_from="url")
    return document
