"""Markets and currencies, read from data/markets.toml and data/currencies.toml.

Both files are read once and checked (`VocabularyError` names the file and
the entry). A page's market comes from its address (an operator's own web
domain, else the address's ending: .com.hk, .co.jp), and the market says
what a bare "$", "¥" or 元 means on it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import unquote, urlsplit

from telcoradar.extract.registry import RegistryError, check_entry, data_file, parse_toml, registry

__all__ = [
    "BARE",
    "Market",
    "Vocabulary",
    "VocabularyError",
    "host_brand",
    "load_vocabulary",
    "market_of",
    "operator_of_url",
    "url_market",
    "vocabulary",
]

BARE = ("$", "¥", "￥", "元")  # symbols whose currency is the page's market's
_CODE = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")


class VocabularyError(RegistryError):
    """A vocabulary data file is malformed: the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Market:
    code: str  # ISO 3166
    currency: str  # ISO 4217
    suffixes: tuple[str, ...]
    bare: tuple[str, ...]  # bare symbols that are this market's money here
    paths: tuple[str, ...] = ()  # path segments that place a multi-market site's page here


@dataclass(frozen=True, slots=True)
class Vocabulary:
    before: Mapping[str, str]  # written form before an amount -> ISO code ("$" -> "$": the page's dollar)
    after: Mapping[str, str]
    markets: Mapping[str, Market]
    large_prices: Mapping[str, Decimal] = field(default_factory=dict)

    def large_price(self, currency: str, default: Decimal) -> Decimal:
        """The amount above which a price in `currency` is no tariff (a market, an investment)."""
        return self.large_prices.get(currency, default)

    def bare_currency(self, symbol: str, page_currency: str) -> str:
        """The currency of a bare symbol on a page whose own money is `page_currency` ("" unknown)."""
        symbol = "¥" if symbol == "￥" else symbol
        if page_currency and any(
            m.currency == page_currency and symbol in m.bare for m in self.markets.values()
        ):
            return page_currency
        if symbol == "$":
            return "USD" if page_currency else ""  # a dollar on a page of a known, dollarless market
        return "CNY" if page_currency or symbol == "元" else ""


def load_vocabulary(currencies_toml: str, markets_toml: str) -> Vocabulary:
    """Build and check the vocabulary from the text of the two data files."""
    name = "currencies.toml"
    data = parse_toml(name, currencies_toml)
    for key in data:
        if key not in ("currency", "bare_dollar", "bare_yen"):
            raise VocabularyError(f"{name}: unknown key {key!r}")
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    large: dict[str, Decimal] = {}
    currency_keys: dict[str, type] = {"code": str, "before": list, "after": list, "large_price": int}
    for i, raw in enumerate(data.get("currency", [])):
        where = f"{name}: currency {raw.get('code', i + 1) if isinstance(raw, dict) else i + 1}"
        entry = check_entry(where, raw, currency_keys, ("code",))
        if not _CODE.fullmatch(entry["code"]):
            raise VocabularyError(f"{where}: code {entry['code']!r} is not an ISO 4217 code")
        if "large_price" in entry:
            if entry["large_price"] <= 0:
                raise VocabularyError(f"{where}: large_price must be positive")
            large[entry["code"]] = Decimal(entry["large_price"])
        for side, forms in (("before", before), ("after", after)):
            for form in entry.get(side, []):
                if form in forms or form in ("$", "¥", "￥"):
                    raise VocabularyError(f"{where}: {side} form {form!r} is already taken")
                forms[form] = entry["code"]
    for symbol in (data.get("bare_dollar", "$"), *data.get("bare_yen", ["¥", "￥"])):
        before[symbol] = "$" if symbol == "$" else "¥"
    name = "markets.toml"
    data = parse_toml(name, markets_toml)
    markets: dict[str, Market] = {}
    keys: dict[str, type] = {"code": str, "currency": str, "suffixes": list, "bare": list, "paths": list}
    seen: dict[str, str] = {}
    for i, raw in enumerate(data.get("market", [])):
        where = f"{name}: market {raw.get('code', i + 1) if isinstance(raw, dict) else i + 1}"
        entry = check_entry(where, raw, keys, ("code", "currency", "suffixes"))
        if not _COUNTRY.fullmatch(entry["code"]) or entry["code"] in markets:
            raise VocabularyError(f"{where}: code must be a new ISO 3166 code")
        if not _CODE.fullmatch(entry["currency"]):
            raise VocabularyError(f"{where}: currency {entry['currency']!r} is not an ISO 4217 code")
        for suffix in entry["suffixes"]:
            if not suffix.startswith(".") or suffix in seen:
                raise VocabularyError(f"{where}: suffix {suffix!r} must start with '.' and be new")
            seen[suffix] = entry["code"]
        for symbol in entry.get("bare", []):
            if symbol not in BARE:
                raise VocabularyError(f"{where}: bare {symbol!r} is not one of {' '.join(BARE)}")
        markets[entry["code"]] = Market(
            entry["code"],
            entry["currency"],
            tuple(entry["suffixes"]),
            tuple(entry.get("bare", ())),
            tuple(str(p).lower() for p in entry.get("paths", ())),
        )
    return Vocabulary(before=before, after=after, markets=markets, large_prices=large)


@functools.cache
def vocabulary() -> Vocabulary:
    """The vocabulary of the package's data files, loaded once."""
    return load_vocabulary(data_file("currencies.toml"), data_file("markets.toml"))


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def _path_market(url: str | None) -> Market | None:
    """The market a path segment names (/jsp/mo/…), on a site with no country ending."""
    host = _host(url)
    if not host or any(host.endswith(s) for m in vocabulary().markets.values() for s in m.suffixes):
        return None
    try:
        segments = unquote(urlsplit((url or "").strip()).path).lower().split("/")
    except ValueError:
        return None
    for market in vocabulary().markets.values():
        if any(seg in market.paths for seg in segments):
            return market
    return None


def operator_of_url(url: str | None) -> str | None:
    """The operator whose own web site `url` is on (www.hkcsl.com -> csl), else the first one
    its path names (/news/airtel-hikes-recharge -> airtel), else None."""
    return _site_operator(url) or _path_operator(url)


def _site_operator(url: str | None) -> str | None:
    host = _host(url)
    domains = registry().domains
    while "." in host:
        if host in domains:
            return domains[host]
        _, _, host = host.partition(".")
    return None


def host_brand(url: str | None) -> tuple[str, ...]:
    """The operators a brand several of them share may mean when it is a label of the page's host
    (a help desk run for the brand elsewhere: vodafone.example-helpdesk.com), else ()."""
    shared = {name.lower(): entry.operators for name, entry in registry().shared.items()}
    for label in _host(url).split(".")[:-1]:
        if label in shared:
            return shared[label]
    return ()


def _path_operator(url: str | None) -> str | None:
    try:
        path = unquote(urlsplit((url or "").strip()).path).lower()
    except ValueError:
        return None
    found = _PATH_NAMES()[0].search(path)
    return _PATH_NAMES()[1][found.group(1)] if found else None


@functools.cache
def _PATH_NAMES() -> tuple[re.Pattern[str], dict[str, str]]:
    """Operator names as an address's path writes them (lower case, words joined by - or _)."""
    names: dict[str, str] = {}
    for op in registry().operators.values():
        for alias in (*op.aliases, op.en):
            slug = re.sub(r"[\s_]+", "-", alias.strip().lower())
            if len(slug) >= 4 and slug.isascii() and not slug.isdigit():
                names.setdefault(slug, op.id)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(f"(?<![a-z0-9])({alternation})(?![a-z0-9])".replace("\\-", "[-_]"))
    return pattern, names


def market_of(country: str | None) -> Market | None:
    return vocabulary().markets.get(country or "")


def url_market(url: str | None) -> Market | None:
    """The market of a page's address: its operator's home market, else its ending (.com.hk),
    else the home market of the operator its path names."""
    in_path = _path_market(url)
    if in_path is not None:
        return in_path
    op = _site_operator(url)
    if op is not None and market_of(registry().operators[op].country) is not None:
        return market_of(registry().operators[op].country)
    host = _host(url)
    best: Market | None = None
    best_len = 0
    for market in vocabulary().markets.values():
        for suffix in market.suffixes:
            if host.endswith(suffix) and len(suffix) > best_len:
                best, best_len = market, len(suffix)
    op = _path_operator(url) if best is None else None
    return market_of(registry().operators[op].country) if op is not None else best
