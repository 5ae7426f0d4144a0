"""Usage needs: a stay or a month of use (days, GB, minutes, SMS), and the named baskets.

Baskets are named needs from `data/baskets.toml` (the ITU ICT price baskets
and inbound-visitor baskets); `analysis.baskets` prices them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from telcoradar.errors import InputError, UsageError


@dataclass(frozen=True)
class Need:
    days: int
    gb: Decimal = Decimal(0)
    minutes: int = 0
    intl_minutes: int = 0
    sms: int = 0
    name: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        if self.days <= 0:
            raise InputError(self.name or "need", "days must be positive")
        if self.gb < 0 or min(self.minutes, self.intl_minutes, self.sms) < 0:
            raise InputError(self.name or "need", "allowances cannot be negative")

    def describe(self) -> str:
        parts = [f"{self.days} days", f"{self.gb:g} GB"]
        if self.minutes:
            parts.append(f"{self.minutes} min")
        if self.intl_minutes:
            parts.append(f"{self.intl_minutes} intl min")
        if self.sms:
            parts.append(f"{self.sms} SMS")
        return ", ".join(parts)


def need(
    days: int, gb: Decimal | float | int = 0, minutes: int = 0, intl_minutes: int = 0, sms: int = 0
) -> Need:
    """A need stated directly: `need(days=10, gb=20, minutes=50)`."""
    return Need(days=days, gb=Decimal(str(gb)), minutes=minutes, intl_minutes=intl_minutes, sms=sms)


def parse_baskets(data: Mapping[str, Any], source: str) -> dict[str, Need]:
    allowed = {"label", "days", "gb", "minutes", "intl_minutes", "sms"}
    baskets: dict[str, Need] = {}
    for name, spec in data.items():
        if not isinstance(spec, dict):
            raise InputError(source, f"{name}: expected a table")
        unknown = set(spec) - allowed
        if unknown:
            raise InputError(source, f"{name}: unknown field(s) {', '.join(sorted(unknown))}")
        if not isinstance(spec.get("days"), int):
            raise InputError(source, f"{name}: days must be a whole number")
        baskets[name] = Need(
            days=spec["days"],
            gb=Decimal(str(spec.get("gb", 0))),
            minutes=int(spec.get("minutes", 0)),
            intl_minutes=int(spec.get("intl_minutes", 0)),
            sms=int(spec.get("sms", 0)),
            name=name,
            label=str(spec.get("label", name)),
        )
    return baskets


@lru_cache(maxsize=1)
def load_baskets() -> dict[str, Need]:
    """The bundled baskets by name."""
    text = resources.files("telcoradar.data").joinpath("baskets.toml").read_text(encoding="utf-8")
    return parse_baskets(tomllib.loads(text, parse_float=Decimal), "baskets.toml")


def basket(name: str) -> Need:
    baskets = load_baskets()
    if name not in baskets:
        raise UsageError(name, f"no such basket (known: {', '.join(baskets)})")
    return baskets[name]
