"""Fact sentences from the structured fields of events and plans, in the briefing's language.

A move reads "2025-05-16 · 中国联通 · 发布「…」" / "16 May 2025 · China Unicom
launched …": date at its precision, operator, what kind of move, the names it
concerns, its partners and amount — all from the event's fields, never from
its sentence, except the product names the sentence puts in quotation marks
(kept as written, marked as names). The date links to the quote.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from telcoradar.model import Event, Plan
from telcoradar.report.blocks import Part, Phrase, Sentence, Span, fill
from telcoradar.report.evidence import Num
from telcoradar.report.glossary import has_cjk, is_product_name, name_english, perk_english, plan_english
from telcoradar.report.numbers import big

if TYPE_CHECKING:
    from telcoradar.report.blocks import Context

_QUOTED = re.compile(r"([“「《\"])([^”」》\"\n]{2,16})[”」》\"]")
MAX_NAMES = 2
MAX_PARTNERS = 3


def quoted_names(sentence: str) -> list[str]:
    """Short names the sentence puts in quotation marks (“畅游通”, 《第十九年》), in order, once each."""
    found: list[str] = []
    for match in _QUOTED.finditer(sentence):
        name = match.group(2).strip()
        if not name or name in found or re.search(r"[，。；：,;:+]", name):
            continue
        if match.group(1) == "《" or is_product_name(name):  # a title, or a product's name
            found.append(name)
    return found[:MAX_NAMES]


def name_part(ctx: Context, name: str, english: str | None = None, ev: int | None = None) -> Part:
    """A name as written, with its English beside it in an English briefing when the glossary has one.

    With `ev`, both link to that evidence entry (a translated name may hold numbers: "… 50GB").
    """
    shown: Part = Num(name, ev, "name") if ev is not None else Span(name)
    if ctx.lang == "en" and english and english != name:
        return Phrase((shown, " (", Num(english, ev) if ev is not None else english, ")"))
    return shown


def join(ctx: Context, parts: list[Part]) -> Phrase:
    sep = "、" if ctx.lang == "zh" else ", "
    out: list[Part] = []
    for i, p in enumerate(parts):
        if i:
            out.append(sep)
        out.append(p)
    return Phrase(tuple(out))


def plan_name(ctx: Context, plan: Plan) -> Part:
    """A plan's name as written (linked to its quote), and its English where the glossary has one."""
    return name_part(ctx, plan.name, plan_english(plan.name), ctx.book.cite(plan.evidence))


def perk_parts(ctx: Context, perks: tuple[str, ...]) -> list[Part]:
    return [name_part(ctx, perk, perk_english(perk)) for perk in perks]


def partner_part(ctx: Context, name: str) -> Part:
    english = name_english(name)
    if ctx.lang == "en" and english:
        return Span(english) if not has_cjk(english) else Span(name)
    return Span(name)


def generic_what(ctx: Context, event: Event, with_domain: bool) -> str:
    """What a move was about when the source names nothing: its kind, qualified by its domain."""
    what = ctx._("what:" + event.kind)
    if not with_domain or event.domain == "other" or event.kind == "price_change":
        return what
    domain = ctx._("domain:" + event.domain)
    if ctx.lang == "en" and not domain.isupper():
        domain = domain.lower()
    return ctx._("{what} in {domain}").format(what=what, domain=domain)


def event_fact(ctx: Context, event: Event, with_operator: bool = True, with_domain: bool = False) -> Sentence:
    """One move as a short dated sentence from its fields; the date links to the quote.

    Chinese: "2025-05-16 · 中国联通 · 发布“…”"; English: "16 May 2025 · China Unicom launched …".
    In an operator's own section the operator is left out; outside a domain's own section
    a move that names nothing says its domain.
    """
    _ = ctx._
    when = ctx.date(event.date, event.date_precision) or _("date not stated")
    sep = ", " if ctx.lang == "en" else "、"
    who = sep.join(ctx.operator(o) for o in event.operators)
    names = quoted_names(event.sentence) if event.kind != "price_change" else []
    partners = [partner_part(ctx, c) for c in event.counterparties[:MAX_PARTNERS]]
    shown: list[Part] = [
        Phrase(("“", Span(n), "”"))
        if ctx.lang == "zh"
        else name_part(ctx, n, plan_english(n) or name_english(n))
        for n in names
    ]
    values: dict[str, Part] = {"what": join(ctx, shown) if names else generic_what(ctx, event, with_domain)}
    key = "fact:" + event.kind
    if partners:
        values["with"] = join(ctx, partners)
        key += "+with"
    if event.amount is not None:
        values["amount"] = ctx.book.num(
            big(event.amount, event.currency or "CNY", ctx.lang, event.currency), event.evidence
        )
        key += "+amount"
    template = _(key)
    for fallback in ("fact:" + event.kind, "fact:other"):
        if template != key:
            break
        key, template = fallback, _(fallback)
    body = list(fill(template, **{k: v for k, v in values.items() if "{" + k + "}" in template}))
    parts: list[Part] = [ctx.book.num(when, event.evidence), " · "]
    if with_operator and who:
        parts += [who, " · " if ctx.lang == "zh" else " "]
    elif ctx.lang == "en" and body and isinstance(body[0], str):
        body[0] = body[0][:1].upper() + body[0][1:]
    return Sentence(tuple(parts + body), event.kind)
