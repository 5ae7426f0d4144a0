"""One plan per key: restated plans go, tiers that share a key get names of their own.

A plan's key (operator, region, normalized name, period) follows it across
snapshots, so one document must not show two plans under one key. Prose
that restates a table plan goes, and so does a bare from-price of a plan
stated in full. Two tiers that share name and period but differ in price
(a card's 15天 159元 40GB 300分钟 row and its 15天 80元 40GB 200分钟 row)
keep both, each named by what sets it apart: the first allowance whose
values differ between all of them (data, then minutes, international
minutes, texts), else the price ("浙江旅游卡 300分钟", "Travel SIM (£10)").
Allowances come before the price so that a tier keeps its key when only
its price changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from telcoradar.extract.certainty import flagged
from telcoradar.extract.plans.facts import plan_words
from telcoradar.model import Plan

__all__ = ["dedupe", "distinct_names", "drop_repeats", "one_per_offer", "one_per_section"]

_HAN = re.compile(r"[\u4e00-\u9fff]")
_SYMBOL = {"GBP": "£", "USD": "$", "EUR": "€", "HKD": "HK$", "MOP": "MOP$", "TWD": "NT$", "SGD": "S$"}


def _allowance(plan: Plan) -> bool:
    data = plan.data_gb is not None or plan.data_unlimited
    return data or plan.voice_min is not None or plan.voice_unlimited


def _offer(plan: Plan) -> tuple[object, ...]:
    return (plan.operator, plan.region or "", plan.period_days, plan.price, plan.currency)


def _price_offer(plan: Plan) -> tuple[object, ...]:
    return (plan.operator, plan.region or "", plan.price, plan.currency)


def dedupe(table: list[Plan], prose: list[Plan]) -> list[Plan]:
    """One plan per key and price, tiers sharing a key named apart (see the module doc).

    Prose that restates a table plan (same key, or same offer) goes; so does a prose
    plan with no allowance that repeats the offer of one with ("plans from £10 a month").
    """
    seen: set[tuple[object, ...]] = set()
    table_keys = {p.key for p in table}
    table_offers = {_offer(p) for p in table}
    full_offers = {_offer(p) for p in prose if _allowance(p)}
    # "SIM Only plans from £8": a bare price of a plan stated in full, whatever its period
    full_prices = {_price_offer(p) for p in table + prose if _allowance(p)}
    table_prices = {(p.key, p.price) for p in table}
    conflicted: set[tuple[object, ...]] = set()  # keys a prose statement gives another price
    out: list[Plan] = []
    at: dict[tuple[object, ...], int] = {}  # where the first prose plan at a price stands in `out`
    for plan in table + prose:
        key = (*plan.key, plan.price)
        i = at.get(_price_offer(plan)) if plan not in table and (key in seen or not plan.name) else None
        if i is not None and (changed := _changed_to(out[i], plan)) is not out[i]:
            out[i] = changed  # "£15 will buy you 5GB" after "3GB is £15": one plan, changed
            continue
        if key in seen:
            continue
        if plan not in table and (plan.key in table_keys or _offer(plan) in table_offers):
            if plan.key in table_keys and (plan.key, plan.price) not in table_prices and plan.price:
                conflicted.add(plan.key)
            continue
        if plan not in table and not _allowance(plan) and _offer(plan) in full_offers:
            continue
        if plan not in table and not plan.price and not _allowance(plan):
            continue  # "celui à 0 €": a free mention in prose that states nothing is no plan
        bare = plan not in table and not _allowance(plan) and not plan.period_days
        if bare and _price_offer(plan) in full_prices:
            continue
        seen.add(key)
        if plan not in table:
            at.setdefault(_price_offer(plan), len(out))
        out.append(plan)
    out = [flagged(p, "conflicting_values") if p.key in conflicted else p for p in out]
    return distinct_names(out)


_PAIRS = (("data_gb", "data_unlimited"), ("voice_min", "voice_unlimited"), ("sms", "sms_unlimited"))


def _changed_to(earlier: Plan, later: Plan) -> Plan:
    """`earlier` with the allowances a later statement of its price changes it to ("3GB is £15 …
    From Friday Sky is increasing the allowances: £15 will buy you 5GB"): the sentence of the
    later one announces a change and the earlier one's does not; else `earlier` as it is."""
    changes = plan_words("changes")
    if not changes.search(later.evidence.quote) or changes.search(earlier.evidence.quote):
        return earlier
    if later.period_days not in (None, earlier.period_days):
        return earlier  # another validity: another plan
    updates: dict[str, object] = {}
    for amount, unlimited in _PAIRS:
        new = (getattr(later, amount), getattr(later, unlimited))
        if new != (None, False) and new != (getattr(earlier, amount), getattr(earlier, unlimited)):
            updates |= {amount: new[0], unlimited: new[1]}
    return replace(earlier, **updates) if updates else earlier  # type: ignore[arg-type]


def drop_repeats(plans: list[Plan]) -> list[Plan]:
    """The first of bare offers (a price and a period, no allowance) that came out the same once
    the page's periods were filled in; two plans stating allowances stay two."""
    seen: set[tuple[object, ...]] = set()
    out: list[Plan] = []
    for plan in plans:
        same = (*plan.key, plan.price, plan.currency, *(getattr(plan, f) for f in _FILLED + _FLAGS))
        if _allowance(plan) or plan.sms is not None or same not in seen:
            seen.add(same)
            out.append(plan)
    return out


_FILLED = ("period_days", "data_gb", "voice_min", "intl_voice_min", "sms")
_FLAGS = ("data_unlimited", "voice_unlimited", "sms_unlimited")


def one_per_section(plans: list[Plan], section_of: Callable[[int], str]) -> list[Plan]:
    """Prose plans at one price under one heading are one plan told in several lines
    (`## 29元卡` / 套餐内容：29元月租，80G流量 / 资费说明：月租29元): the first keeps the
    allowances and the name the others add, unless two of them disagree on one."""
    out: list[Plan] = []
    first: dict[tuple[object, ...], int] = {}
    for plan in plans:
        section = section_of(plan.evidence.start)
        key = (section, plan.operator, plan.region or "", plan.price, plan.currency)
        i = first.get(key) if section else None
        if i is not None and _agree(out[i], plan):
            out[i] = _merged(out[i], plan)
            continue
        if section:
            first.setdefault(key, len(out))
        out.append(plan)
    return out


def one_per_offer(plans: list[Plan]) -> list[Plan]:
    """Prose plans of one operator at one price that agree on every allowance either states are
    one plan told in several places (a lead, a body sentence, a recap): the first keeps what
    the others add. Two that disagree on one field, or carry different names, stay two."""
    out: list[Plan] = []
    for plan in plans:
        price = _price_offer(plan)
        said = (j for j, q in enumerate(out) if _price_offer(q) == price and _same_offer(q, plan))
        i = next(said, None)
        if i is None:
            out.append(plan)
        else:
            out[i] = _merged(out[i], plan)
    return out


def _same_offer(a: Plan, b: Plan) -> bool:
    """Whether `b` may restate `a`: no field and no name of theirs disagree, and what one
    states of its allowances the other states too ("£10 for unlimited calls" and "1GB is £10"
    are two plans at one price)."""
    names = not a.name or not b.name or a.name.casefold() == b.name.casefold()
    stated_a, stated_b = _stated(a), _stated(b)
    nested = stated_a <= stated_b or stated_b <= stated_a
    return names and nested and a.per_day == b.per_day and _agree(a, b)


def _stated(plan: Plan) -> set[str]:
    """The allowances `plan` states, a figure or unlimited."""
    fields = {f.split("_")[0] for f in _FILLED[1:] if getattr(plan, f) is not None}
    return fields | {f.split("_")[0] for f in _FLAGS if getattr(plan, f)}


def _agree(a: Plan, b: Plan) -> bool:
    pairs = ((getattr(a, f), getattr(b, f)) for f in _FILLED)
    return all(x is None or y is None or x == y for x, y in pairs)


def _merged(a: Plan, b: Plan) -> Plan:
    changes: dict[str, object] = {f: getattr(b, f) for f in _FILLED if getattr(a, f) is None}
    changes |= {f: True for f in _FLAGS if getattr(b, f) and not getattr(a, f)}
    if a.period_days is None and b.period_days is not None:
        changes["recurring"] = b.recurring
    if not a.name and b.name:
        changes["name"] = b.name
    return replace(a, **changes) if changes else a  # type: ignore[arg-type]


def distinct_names(plans: list[Plan]) -> list[Plan]:
    """Plans that share a key get the allowance (or price) that tells them apart after their name."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, plan in enumerate(plans):
        groups.setdefault(plan.key, []).append(i)
    out = list(plans)
    for members in groups.values():
        group = [plans[i] for i in members]
        if len(members) < 2 or not group[0].name:
            continue  # unnamed rows keep no name rather than one made up
        label = next((f for f in _LABELS if _tells_apart(f, group)), _price)
        for i, plan in zip(members, group, strict=True):
            out[i] = flagged(replace(plan, name=f"{plan.name} {label(plan)}".strip()), "name_made_up")
    return out


def _tells_apart(label: Callable[[Plan], str], group: list[Plan]) -> bool:
    """Whether `label` gives each plan its own words, none of which its name already has."""
    labels = [label(p) for p in group]
    named = any(text.casefold() in p.name.casefold() for text, p in zip(labels, group, strict=True))
    return all(labels) and len(set(labels)) == len(labels) and not named


def _zh(plan: Plan) -> bool:
    return bool(_HAN.search(plan.name))


def _number(value: Decimal | int) -> str:
    return format(Decimal(value).normalize(), "f")


def _data(plan: Plan) -> str:
    if plan.data_unlimited:
        return "不限量" if _zh(plan) else "Unlimited"
    return f"{_number(plan.data_gb)}GB" if plan.data_gb is not None else ""


def _voice(plan: Plan) -> str:
    if plan.voice_unlimited:
        return "通话不限量" if _zh(plan) else "unlimited minutes"
    if plan.voice_min is None:
        return ""
    return f"{plan.voice_min}分钟" if _zh(plan) else f"{plan.voice_min} min"


def _intl(plan: Plan) -> str:
    if plan.intl_voice_min is None:
        return ""
    return f"国际{plan.intl_voice_min}分钟" if _zh(plan) else f"{plan.intl_voice_min} intl min"


def _sms(plan: Plan) -> str:
    if plan.sms is None:
        return ""
    return f"{plan.sms}条短信" if _zh(plan) else f"{plan.sms} texts"


def _price(plan: Plan) -> str:
    amount = _number(plan.price)
    if plan.currency == "CNY":
        return f"({amount}元)"
    symbol = _SYMBOL.get(plan.currency)
    return f"({symbol}{amount})" if symbol else f"({amount} {plan.currency})"


_LABELS: tuple[Callable[[Plan], str], ...] = (_data, _voice, _intl, _sms)
