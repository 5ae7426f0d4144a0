"""The fields an analyst may correct, typed and checked as the extractor's own values are.

A correction arrives as text (`price=92`, `data_gb=30GB`, `period_days=7天`)
and is kept as text in the decision; `parse` turns it into the column's type
(Decimal money, whole days, GB, minutes) or says in one line why it cannot.
`none` (or an empty value) means unknown, never zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from telcoradar.extract.lang.periods import parse_period
from telcoradar.extract.lang.units import parse_data, parse_minutes, parse_sms
from telcoradar.extract.operators import known_operators
from telcoradar.model import DOMAINS, EVENT_KINDS, PLAN_KINDS

KINDS = ("plan", "event", "figure")
UNKNOWN = ("", "none", "null", "unknown", "-")


class FieldError(ValueError):
    """A corrected value that is not a value of its field: the message is one line."""


def _decimal(text: str, places: int | None = None) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise FieldError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise FieldError(f"{text!r} is not a number")
    if places is not None and value != value.quantize(Decimal(1).scaleb(-places)):
        raise FieldError(f"{text!r} has more than {places} decimals")
    return value


def _money(text: str) -> Decimal:
    value = _decimal(text.rstrip("元").strip(), 2)
    if value < 0:
        raise FieldError(f"{text!r} is negative")
    return value


def _count(text: str, words: Callable[[str], int | None] | None = None) -> int:
    if text.isdigit():
        return int(text)
    found = words(text) if words is not None else None
    if found is None:
        raise FieldError(f"{text!r} is not a whole number")
    return found


def _days(text: str) -> int:
    if text.isdigit():
        days = int(text)
    else:
        period = parse_period(text)
        if period is None:
            raise FieldError(f"{text!r} is not a period (7, 7天, 30 days)")
        days = period.days
    if days <= 0:
        raise FieldError(f"{text!r} is not a period of at least one day")
    return days


def _gb(text: str) -> Decimal:
    try:
        value = _decimal(text, 3)
    except FieldError:
        amount = parse_data(text)
        if amount is None or amount.gb is None:
            raise FieldError(f"{text!r} is not an amount of data (30, 30GB, 500MB)") from None
        value = amount.gb.quantize(Decimal("0.001"))  # the column's scale
    if value < 0:
        raise FieldError(f"{text!r} is negative")
    return value


def _bool(text: str) -> bool:
    folded = text.casefold()
    if folded in ("true", "yes", "1", "是"):
        return True
    if folded in ("false", "no", "0", "否"):
        return False
    raise FieldError(f"{text!r} is not true or false")


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text not in choices:
            raise FieldError(f"{text!r} is not one of {', '.join(choices)}")
        return text

    return check


def _operator(text: str) -> str:
    return _one_of(tuple(known_operators()))(text)


def _currency(text: str) -> str:
    if len(text) != 3 or not text.isalpha():
        raise FieldError(f"{text!r} is not an ISO 4217 code (CNY, HKD, USD)")
    return text.upper()


def _text(text: str) -> str:
    return text


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _year(text: str) -> int:
    year = _count(text)
    if not 1900 <= year <= 2200:
        raise FieldError(f"{text!r} is not a year")
    return year


# Per kind of fact: field -> (parser, may be unknown).
FIELDS: dict[str, dict[str, tuple[Callable[[str], Any], bool]]] = {
    "plan": {
        "operator": (_operator, False),
        "region": (_text, True),
        "name": (_text, False),
        "price": (_money, False),
        "currency": (_currency, False),
        "period_days": (_days, True),
        "recurring": (_bool, False),
        "data_gb": (_gb, True),
        "data_unlimited": (_bool, False),
        "voice_min": (lambda text: _count(text, parse_minutes), True),
        "intl_voice_min": (lambda text: _count(text, parse_minutes), True),
        "sms": (lambda text: _count(text, parse_sms), True),
        "audience": (_text, True),
        "kind": (_one_of(PLAN_KINDS), False),
    },
    "event": {
        "kind": (_one_of(EVENT_KINDS), False),
        "domain": (_one_of(DOMAINS), False),
        "date": (_date, True),
        "amount": (lambda text: _decimal(text, 2), True),
        "currency": (_currency, True),
        "operators": (_names, False),
        "counterparties": (_names, False),
        "region": (_text, True),
    },
    "figure": {
        "measure": (_text, False),
        "value": (lambda text: _decimal(text, 6), False),
        "unit": (_text, False),
        "year": (_year, True),
        "forecast": (_bool, False),
        "growth_rate": (lambda text: _decimal(text, 4), True),
        "currency": (_currency, True),
        "operator": (_operator, True),
    },
}


def parse(kind: str, field: str, text: str) -> Any:
    """The typed value of `field` of a `kind` of fact written as `text`; FieldError when it is none."""
    spec = FIELDS[kind].get(field)
    if spec is None:
        raise FieldError(f"{field!r} is not a field of a {kind} ({', '.join(FIELDS[kind])})")
    parser, may_be_unknown = spec
    value = text.strip()
    if value.casefold() in UNKNOWN:
        if parser is _names:
            return []  # a list names none
        if not may_be_unknown:
            raise FieldError(f"{field} cannot be unknown")
        return None
    try:
        return parser(value)
    except FieldError as exc:
        raise FieldError(f"{field}: {exc}") from None


def parse_assignments(kind: str, assignments: list[str]) -> dict[str, str]:
    """FIELD=VALUE pairs checked against `kind`'s fields; the values stay text, as decisions keep them."""
    out: dict[str, str] = {}
    for item in assignments:
        field, sep, value = item.partition("=")
        if not sep or not field.strip():
            raise FieldError(f"{item!r} is not FIELD=VALUE")
        parse(kind, field.strip(), value)
        out[field.strip()] = value.strip()
    if not out:
        raise FieldError("nothing to correct: give FIELD=VALUE")
    return out


def as_text(value: Any) -> str:
    """A stored value as a correction would write it (None as 'none')."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(str(part) for part in value)
    return str(value)


def typed(kind: str, values: dict[str, str]) -> dict[str, Any]:
    """Text values of a decision (checked when it was made) as column values."""
    return {field: parse(kind, field, text) for field, text in values.items() if field in FIELDS[kind]}
