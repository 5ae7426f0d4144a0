"""What a plan leaves unsaid and the rest of its page says: periods stated apart, monthly pages.

- A sentence that names prices and one validity and nothing else a plan
  has ("The $19, $29 and $49 packs expire after 30 days") gives that
  validity to the plans at those prices that state none.
- On a page that prices by the month (per month, 月費, /mo, pro Monat) and
  whose plans state no other period, a subscription that states no period
  is monthly: 30 days, recurring. A pass or pack (an add-on) is left as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from telcoradar.extract.lang.periods import PERIOD, Period, parse_period
from telcoradar.extract.lang.text import sentences
from telcoradar.extract.plans.facts import denied_before, find_facts, plan_words
from telcoradar.model import Plan

__all__ = ["fill_common", "fill_one_plan", "fill_periods", "monthly_page", "plan_words"]

_SAMPLE = 40000
_GROUP_REACH = 600  # characters after a group's sentence within which its plans are priced
_PER_BLOCK = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*/\s*\d+(?:\.\d+)?\s*(?:[MG]B|(?i:mb|gb))(?![A-Za-z])")
_UNLIMITED_PLAN = re.compile(r"(?i)\bunlimited\s+(?:data\s+)?plan\b|forfait\s+(?:«\s*)?illimité")


def monthly_page(text: str) -> bool:
    """Whether the page prices anything by the month (無需月費, "no monthly fee" do not)."""
    for m in PERIOD.finditer(text[:_SAMPLE]):
        if denied_before(text, m.start()):
            continue
        if m.group("rate_zh") or m.group("rate_en"):
            found = parse_period(m.group(0))
            if found is not None and found.days == 30 and found.recurring:
                return True
    return False


def fill_periods(plans: list[Plan], text: str, currency: str) -> list[Plan]:
    """`plans` with the periods their page states apart from them."""
    if all(p.period_days for p in plans):
        return plans
    stated = _periods_by_price(text, currency, {p.price for p in plans if not p.period_days})
    groups = _group_periods(text, currency)
    out = []
    for plan in plans:
        if not plan.period_days and plan.price in stated:
            plan = replace(plan, period_days=stated[plan.price].days, recurring=stated[plan.price].recurring)
        elif not plan.period_days and (group := _group_before(groups, plan.evidence.start)) is not None:
            plan = replace(plan, period_days=group.days, recurring=group.recurring)
        out.append(plan)
    if all(p.period_days in (None, 30) for p in out) and monthly_page(text):
        out = [
            p
            if p.period_days or p.kind not in ("base",) or _top_up(p)
            else replace(p, period_days=30, recurring=True)
            for p in out
        ]
    return out


def _top_up(plan: Plan) -> bool:
    """Whether the plan is a block of data bought when the allowance runs out ("purchase extra
    data at $10/200MB"): its price is written per amount, beside a [top_up] word; no subscription."""
    quote = plan.evidence.quote
    if not plan_words("top_up").search(quote):
        return False
    return any(Decimal(m.group(1).replace(",", "")) == plan.price for m in _PER_BLOCK.finditer(quote))


def _group_periods(text: str, currency: str) -> list[tuple[int, Period]]:
    """Where each sentence that gives a group of plans one validity and prices nothing ends
    ("Unlimited packs with 28 days validity"), with that validity."""
    found: list[tuple[int, Period]] = []
    for start, end in sentences(text[:_SAMPLE]):
        sentence = text[start:end]
        if len(sentence) > 200 or not plan_words("group").search(sentence):
            continue
        facts = find_facts(sentence, currency)
        periods = {(f.period.days, f.period.recurring) for f in facts if f.kind == "period" and f.period}
        if len(periods) == 1 and not any(f.kind == "money" for f in facts):
            days, recurring = periods.pop()
            found.append((end, Period(days, recurring)))
    return found


def _group_before(groups: list[tuple[int, Period]], pos: int) -> Period | None:
    """The validity of the last group sentence before `pos`, when close to it."""
    before = [(end, period) for end, period in groups if end <= pos]
    return before[-1][1] if before and pos - before[-1][0] < _GROUP_REACH else None


def _periods_by_price(text: str, currency: str, prices: set[object]) -> dict[object, Period]:
    found: dict[object, Period] = {}
    if not prices:
        return found
    for start, end in sentences(text[:_SAMPLE]):
        sentence = text[start:end]
        if len(sentence) > 300:
            continue
        facts = find_facts(sentence, currency)
        kinds = {f.kind for f in facts}
        periods = {(f.period.days, f.period.recurring) for f in facts if f.kind == "period" and f.period}
        if "money" not in kinds or len(periods) != 1 or kinds - {"money", "period", "data"}:
            continue
        days, recurring = periods.pop()
        for f in facts:
            if f.kind == "money" and f.money is not None and f.money.amount in prices:
                found.setdefault(f.money.amount, Period(days, recurring))
    return found


def fill_common(plans: list[Plan], text: str, currency: str) -> list[Plan]:
    """Unlimited calls and texts a sentence gives every plan ("All plans include unlimited talk and
    text") go to each plan that states no calls or texts of its own."""
    if not plans:
        return plans
    voice = sms = False
    for m in plan_words("all_plans").finditer(text[:_SAMPLE]):
        for start, end in sentences(text[max(0, m.start() - 200) : m.end() + 300]):
            lo = max(0, m.start() - 200) + start
            if not lo <= m.start() < lo + (end - start):
                continue
            for f in find_facts(text[lo : lo + (end - start)], currency):
                if f.kind == "unlimited":
                    voice = voice or "voice" in f.what
                    sms = sms or "sms" in f.what
    return _give_unlimited(plans, data=False, voice=voice, sms=sms)


def _give_unlimited(plans: list[Plan], *, data: bool, voice: bool, sms: bool) -> list[Plan]:
    """`plans`, each that states no data, calls or texts of its own given the unlimited ones."""
    out = []
    for p in plans:
        if data and p.data_gb is None and not p.data_unlimited:
            p = replace(p, data_unlimited=True)
        if voice and p.voice_min is None and not p.voice_unlimited:
            p = replace(p, voice_unlimited=True)
        if sms and p.sms is None and not p.sms_unlimited:
            p = replace(p, sms_unlimited=True)
        out.append(p)
    return out


def _headline(title: str, text: str) -> str:
    """The page's title, else its first line that is no address."""
    if title.strip():
        return title
    for line in text[:2000].splitlines():
        if line.strip() and "://" not in line:
            return line
    return ""


def fill_one_plan(plans: list[Plan], text: str, title: str, currency: str) -> list[Plan]:
    """On an article about one plan ("Carrier launches an unlimited plan"), the unlimited data,
    calls and texts its headline and its sentences about "the plan" state go to each price
    it gives for that plan that states none of its own."""
    headline = _headline(title, text)
    if not plans or not plan_words("one_plan").search(headline) or plan_words("many_plans").search(headline):
        return plans
    data = voice = sms = False
    stated = [headline]
    for start, end in sentences(text[:_SAMPLE]):
        if plan_words("one_plan_refs").search(text[start:end]):
            stated.append(text[start:end])
    for sentence in stated:
        facts = [f for f in find_facts(sentence, currency) if f.kind == "unlimited"]
        data = data or any("data" in f.what for f in facts)
        voice = voice or any("voice" in f.what for f in facts)
        sms = sms or any("sms" in f.what for f in facts)
    if _UNLIMITED_PLAN.search(headline):  # "… an Unlimited Plan": its data is
        data = True
    return _give_unlimited(plans, data=data, voice=voice, sms=sms)
