"""Tariff plans of a document, from its tables and from its prose, with evidence.

`extract_plans` reads every table (the reader's grids, and tables written
as tab-separated or Markdown lines in the text), then the prose outside
them, and drops a prose plan that restates a table plan. Each plan's
`Evidence` quotes the table row (or the plan's rows and columns) or the
sentence that states it, with offsets into `Document.text`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from telcoradar.extract.certainty import confidence, flagged
from telcoradar.extract.lang.spaced import closed_up, evidence_back
from telcoradar.extract.lang.units import (
    DataAmount,
    Money,
    Period,
    is_none,
    parse_data,
    parse_minutes,
    parse_money,
    parse_period,
    parse_sms,
    states_currency,
)
from telcoradar.extract.operators import OperatorMatch, find_operators, find_region, resolve_operator
from telcoradar.extract.plans.audience import first_audience
from telcoradar.extract.plans.context import Context, default_currency, mainland_region
from telcoradar.extract.plans.dedupe import dedupe, drop_repeats, one_per_offer, one_per_section
from telcoradar.extract.plans.facts import (
    Facts,
    cell_facts,
    is_rate,
    local_dollar,
    none_of,
    services,
    unstruck,
)
from telcoradar.extract.plans.fill import fill_common, fill_one_plan, fill_periods
from telcoradar.extract.plans.flat import cell_line_tables, flat_tables, pipe_cell_tables
from telcoradar.extract.plans.kinds import page_kinds, plan_kind
from telcoradar.extract.plans.prose import Draft, prose_drafts
from telcoradar.extract.plans.segments import CANDIDATE
from telcoradar.extract.plans.tables import Record, header_field, table_records, text_tables
from telcoradar.model import Document, Evidence, Plan, Table

__all__ = ["extract_plans"]

_PERK_SPLIT = re.compile(r"\s*[、,，;；/\n]\s*")
_SEVERAL = re.compile(r"\d[^\d.,]+\d|[+＋、,，;；]|(?i:\band\b)")
_MONTHLY_FEE = re.compile(r"月費|月费|月租")
_CONTRACT_DAYS = frozenset({540, 720, 900, 1080})  # 18, 24, 30, 36 months: a contract, not a validity
_FEE_REACH = 600  # how far above a row its table's 月費 header may stand
_SIZE_CELL = re.compile(r"\s*\d+(?:\.\d+)?\s*[GgMmTt]\s*")
_BARE_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")
_UNKNOWN = "unknown"
_PRICE_NAME = re.compile(
    r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*(?:\S+\s+)?(?i:plan|pack|bundle|recharge|pass)\b"
)
_MENTION_GAP = 1200
_FILLABLE = (
    "data_gb",
    "data_unlimited",
    "voice_min",
    "voice_unlimited",
    "sms",
    "sms_unlimited",
    "intl_voice_min",
    "per_day",
)
_MONTHLY_HEADER = re.compile(r"月基本费|月功能费|每月|月費|(?i:per month|monthly|/mo\b|monat|mois|mtl)")
_MONTHLY_TITLE = re.compile(r"月费|月費|月租|包月|(?i:monthly)")
_SENTENCE_SPLIT = re.compile(r"(?<=[。！？!?])|(?<=\.\s)")
_UNLIMITED_CELL = re.compile(
    r"^\s*(?:(?i:unlimited|illimités?|unbegrenzt)|不限量|不限时|不限時|无限|無限|不限)"
)
_UNLIMITED_NAME = re.compile(r"(?i:\bunlimited\b)|不限量|无限流量|無限流量|无限数据|無限數據")


def extract_plans(doc: Document) -> list[Plan]:
    """Every plan the document states, tables first, one plan per offer and period."""
    spaced = closed_up(doc)  # 月 費 $ 1 2 8: read closed up, quoted as written
    if spaced is None:
        return drop_repeats(_plans(doc))
    closed, back = spaced
    return [
        replace(p, evidence=evidence_back(p.evidence, doc.text, back)) for p in drop_repeats(_plans(closed))
    ]


def _plans(doc: Document) -> list[Plan]:
    currency = default_currency(doc)
    ctx = Context(doc, currency)
    covered = [(row.start, row.end) for table in doc.tables for row in table.rows]
    tables = list(doc.tables) + text_tables(doc.text, covered)
    tables += pipe_cell_tables(doc.text, [(row.start, row.end) for table in tables for row in table.rows])
    tables += flat_tables(
        doc.text, [(row.start, row.end) for table in tables for row in table.rows], currency
    )
    tables += cell_line_tables(
        doc.text, [(row.start, row.end) for table in tables for row in table.rows], currency
    )
    from_tables: list[Plan] = []
    for table in tables:
        from_tables.extend(_table_plans(doc, table, ctx, currency))
    covered = [(row.start, row.end) for table in tables for row in table.rows]
    drafts = prose_drafts(doc.text, covered, ctx, currency)
    from_prose = [p for p in (_draft_plan(doc, d, ctx) for d in drafts) if p is not None]
    from_prose = _merge_mentions(from_prose, doc.text)
    from_prose = _section_nones(one_per_section(from_prose, ctx.headings_at), ctx)
    from_prose = one_per_offer(from_prose)
    plans = dedupe(from_tables, from_prose)
    plans = _guessed(plans, fill_periods(plans, doc.text, currency))
    plans = fill_common(plans, doc.text, currency)
    plans = fill_one_plan(plans, doc.text, doc.title, currency)
    if _MONTHLY_TITLE.search(doc.title):  # "Pay monthly plans", 月費計劃: what states no period is monthly
        monthly = [p if p.period_days else replace(p, period_days=30, recurring=True) for p in plans]
        plans = _guessed(plans, monthly)
    return page_kinds(plans, doc.text)


def _guessed(before: list[Plan], after: list[Plan]) -> list[Plan]:
    """`after`, each plan that had no period `before` and has one now flagged as a guessed period."""
    if len(before) != len(after):
        return after
    return [
        flagged(new, "period_guessed") if old.period_days is None and new.period_days else new
        for old, new in zip(before, after, strict=True)
    ]


# --- tables --------------------------------------------------------------------------


def _table_plans(doc: Document, table: Table, ctx: Context, currency: str) -> list[Plan]:
    out: list[Plan] = []
    caption_ops = find_operators(table.caption) if table.caption else []
    for record in table_records(table):
        plan = _record_plan(doc, record, ctx, currency, caption_ops, table)
        if plan is not None:
            out.append(plan)
    return out


def _cell(record: Record, name: str) -> str | None:
    value = record.cells.get(name)
    if value is None or is_none(value):
        return None
    return unstruck(value).strip() if "~~" in value else value


def _with_unit(cell: str, header: str, units: tuple[tuple[str, str], ...]) -> str:
    """A bare number takes its unit from the header: 流量(MB) | 500 -> 500MB."""
    if not _BARE_NUMBER.match(cell):
        return cell
    folded = header.casefold()
    for word, unit in units:
        if word in folded:
            return cell + unit
    return cell


def _record_plan(
    doc: Document,
    record: Record,
    ctx: Context,
    currency: str,
    caption_ops: list[OperatorMatch],
    table: Table,
) -> Plan | None:
    headers = record.headers
    name = _cell(record, "name") or ""
    price_cell = _cell(record, "price")
    if price_cell and is_rate(price_cell):
        return None  # 本地話音 | $0.2/分鐘: a rate, not a plan
    money: Money | None = parse_money(price_cell, currency) if price_cell else None
    if money is not None and price_cell:
        money = local_dollar(money, price_cell, currency)
    if money is None and "price" not in record.cells:
        for other in ("period", "contents", "name"):  # 资费/有效期 | 100元/7天, or 39元套餐
            cell = _cell(record, other)
            money = cell_facts(cell, currency).money if cell else None
            if money is not None:
                break
    if money is None:
        return None
    facts = Facts(money=money)
    for field_name in ("data", "voice", "intl_voice", "sms", "contents"):
        cell = _cell(record, field_name)
        if field_name == "data" and "data" not in record.cells:
            cell = _cell(record, "roaming")  # a roaming pack's only data is its data
        if cell is None:
            continue
        if field_name != "contents" and not _SEVERAL.search(cell):
            _fill_single(facts, field_name, cell, headers.get(field_name, ""))
            continue
        if field_name == "contents" and facts.data is None and _SIZE_CELL.fullmatch(cell):
            facts.data = parse_data(cell)  # 规格 | 2G: a size, not a network generation
            continue
        found = cell_facts(cell, currency)  # 30GB+100分钟: several facts in one cell
        if field_name == "intl_voice" and found.intl_voice is None:
            found.intl_voice, found.voice = found.voice, None
        for fact_field in ("data", "voice", "intl_voice", "sms"):
            if getattr(facts, fact_field) is None:
                setattr(facts, fact_field, getattr(found, fact_field))
        _add_flags(facts, found)
    facts.data = _with_bonus(facts.data, _cell(record, "bonus_data"), headers.get("bonus_data", ""))
    period_cell = _cell(record, "period")
    if period_cell and _BARE_NUMBER.match(period_cell):  # 效期 | 60: days, unless the header says months
        period_cell = _with_unit(period_cell, headers.get("period", ""), _PERIOD_UNITS)
    facts.period = (
        (parse_period(period_cell) if period_cell else None)
        or (parse_period(price_cell) if price_cell else None)
        or (cell_facts(name, currency).period if name else None)
        or parse_period(headers.get("price", ""))
        or (Period(30, True) if _MONTHLY_HEADER.search(headers.get("price", "")) else None)
        or (cell_facts(record.cells.get("contents", ""), currency).period)
    )
    operator, operator_stated = _table_operator(record, name, caption_ops, ctx, table)
    region = _table_region(record, operator, table, ctx)
    perks_cell = _cell(record, "perks")
    perks = tuple(p for p in _PERK_SPLIT.split(perks_cell) if p and not is_none(p)) if perks_cell else ()
    perks_header = headers.get("perks", "")
    if perks_cell and header_field(perks_header) == "perks" and "流量" in perks_header:
        perks = (f"{perks_header}{perks_cell}".replace(" ", ""),)  # 定向流量 | 40GB
    discount_cell = _cell(record, "discount")
    if discount_cell:  # 话费折扣 | 至多50元: a discount the plan gives, kept with what it applies to
        perks = (*perks, f"{headers.get('discount', '')}：{discount_cell}".lstrip("："))
    quote = doc.text[record.start : record.end]
    audience_cell = _cell(record, "audience")
    audience = first_audience(
        (name, audience_cell, quote), (table.caption, ctx.headings_at(record.start), doc.title)
    )
    flags = []
    if operator is not None and not operator_stated:
        flags.append("operator_inferred")  # from the caption, a heading or the text before the table
    return _make_plan(
        operator,
        region,
        name,
        facts,
        Evidence(quote, record.start, record.end),
        perks=perks,
        audience=audience or audience_cell,
        op_name=_operator_name(record, operator),
        flags=flags,
        written=f"{quote} {headers.get('price', '')}",
    )


_PERIOD_UNITS = (("月", "个月"), ("month", " months"), ("", "天"))


def _with_bonus(data: DataAmount | None, cell: str | None, header: str) -> DataAmount | None:
    """The plan's data with the bonus data a row adds (內含 999MB + 優惠 59.02GB)."""
    if data is None or data.unlimited or data.gb is None or cell is None:
        return data
    bonus = parse_data(_with_unit(cell, header, (("mb", "MB"), ("gb", "GB"))))
    if bonus is None or bonus.unlimited or bonus.gb is None:
        return data
    return DataAmount(data.gb + bonus.gb, False)


def _add_flags(facts: Facts, found: Facts) -> None:
    """Unlimited calls or texts and directional data a cell states go to the plan too."""
    facts.voice_unlimited = facts.voice_unlimited or found.voice_unlimited
    facts.sms_unlimited = facts.sms_unlimited or found.sms_unlimited
    facts.per_day = facts.per_day or (found.per_day and found.data is not None)
    facts.perks = (*facts.perks, *(p for p in found.perks if p not in facts.perks))


def _fill_single(facts: Facts, field_name: str, cell: str, header: str) -> None:
    """The value of a cell in a one-fact column; a bare number is in the header's unit."""
    found = cell_facts(cell)
    _add_flags(facts, found)
    if found.voice_unlimited or found.sms_unlimited:
        return  # 通话不限量 under a voice header, "Unlimited" texts
    if field_name in ("voice", "sms") and _UNLIMITED_CELL.search(cell):
        named = services(header) or ""  # "Unlimited" under Minutes, or under "Calls & texts"
        facts.voice_unlimited = facts.voice_unlimited or "voice" in named or field_name == "voice"
        facts.sms_unlimited = facts.sms_unlimited or "sms" in named or field_name == "sms"
        return
    if field_name == "data" and facts.data is None:
        facts.data = parse_data(_with_unit(cell, header, (("mb", "MB"), ("兆", "MB"), ("gb", "GB"))))
    elif field_name == "voice" and facts.voice is None:
        facts.voice = parse_minutes(cell)
    elif field_name == "intl_voice" and facts.intl_voice is None:
        facts.intl_voice = parse_minutes(cell)
    elif field_name == "sms" and facts.sms is None:
        facts.sms = parse_sms(cell)


def _table_operator(
    record: Record, name: str, caption_ops: list[OperatorMatch], ctx: Context, table: Table
) -> tuple[OperatorMatch | None, bool]:
    """The row's operator, and whether the row itself names it (its cells or the plan's name)."""
    op_cell = _cell(record, "operator")
    region_cell = _cell(record, "region")
    if op_cell:
        found = resolve_operator(op_cell, region_hint=region_cell)
        if found is not None:
            return found, True
    if region_cell:
        found = resolve_operator(region_cell)
        if found is not None:
            return found, True
    in_name = find_operators(name) if name else []
    if in_name:
        return ctx.complete(in_name[0], record.start), True
    if caption_ops:
        return ctx.complete(caption_ops[0], table.start), False
    return ctx.operator_at(record.start), False


def _table_region(record: Record, operator: OperatorMatch | None, table: Table, ctx: Context) -> str | None:
    region_cell = _cell(record, "region")
    if region_cell:
        found = find_region(region_cell)
        if found is not None:
            return found
    if operator is not None and operator.region is not None:
        return operator.region
    if table.caption and find_region(table.caption):
        return find_region(table.caption)
    if operator is None:
        return None
    # no operator column: the page's own branch; an operator column: only the page title says where
    return ctx.complete(operator, record.start, nearby=not _cell(record, "operator")).region


def _operator_name(record: Record, operator: OperatorMatch | None) -> str:
    region_cell = _cell(record, "region")
    if operator is not None and region_cell:
        regional = resolve_operator(region_cell)
        if regional is not None and regional.operator == operator.operator:
            return region_cell
    return _cell(record, "operator") or (operator.name if operator else "")


# --- prose ---------------------------------------------------------------------------


def _draft_plan(doc: Document, draft: Draft, ctx: Context) -> Plan | None:
    period = draft.facts.period
    if (
        period is not None
        and period.days in _CONTRACT_DAYS
        and _MONTHLY_FEE.search(doc.text, max(0, draft.start - _FEE_REACH), draft.end)
    ):
        draft.facts.period = Period(30, True)  # 月費 $558 … 24個月: a contract's length, the plan is monthly
    quote = doc.text[draft.start : draft.end]
    op = draft.operator
    name = draft.name
    audience = first_audience(
        (name, quote), (_lead_in(doc.text, draft.start), ctx.headings_at(draft.start), doc.title)
    )
    return _make_plan(
        op,
        op.region if op else None,
        name,
        draft.facts,
        Evidence(quote, draft.start, draft.end),
        perks=draft.perks,
        audience=audience,
        op_name=op.name if op else "",
        flags=["prose", "period_guessed"] if draft.period_from_context else ["prose"],
        written=quote,
    )


def _section_nones(plans: list[Plan], ctx: Context) -> list[Plan]:
    """The only plan of a Markdown section has none of what a line of it denies (- 无语音通话)."""
    spans = [ctx.section_at(p.evidence.start) for p in plans]
    out = []
    for plan, span in zip(plans, spans, strict=True):
        if span is not None and spans.count(span) == 1:
            none = none_of(ctx.text[span[0] : span[1]])
            if "voice" in none and plan.voice_min is None and not plan.voice_unlimited:
                plan = replace(plan, voice_min=0)
            if "sms" in none and plan.sms is None and not plan.sms_unlimited:
                plan = replace(plan, sms=0)
        out.append(plan)
    return out


def _merge_mentions(plans: list[Plan], text: str) -> list[Plan]:
    """A later sentence that names a plan by its price ("The Rs 597 plan ships with 6GB data")
    adds what the plan stated before it left out; it is no plan of its own."""
    out: list[Plan] = []
    for p in plans:
        named = _PRICE_NAME.search(p.name)
        earlier = next(
            (
                i
                for i, q in enumerate(out)
                if named is not None
                and (q.operator, q.currency, q.price) == (p.operator, p.currency, p.price)
                and Decimal(named.group(1).replace(",", "")) == p.price
                and 0 <= p.evidence.start - q.evidence.end <= _MENTION_GAP
            ),
            None,
        )
        if earlier is None:
            out.append(p)
            continue
        q = out[earlier]
        gaps = {
            f: getattr(p, f)
            for f in _FILLABLE
            if getattr(q, f) in (None, False) and getattr(p, f) not in (None, False)
        }
        if gaps:
            start, end = q.evidence.start, p.evidence.end
            out[earlier] = replace(q, **gaps, evidence=Evidence(text[start:end], start, end))
    return out


def _lead_in(text: str, start: int) -> str:
    """The sentences of a plan's paragraph before it that price nothing ("为外籍来华人员提供…服务。")."""
    line_start = text.rfind("\n", 0, start) + 1
    parts = _SENTENCE_SPLIT.split(text[line_start:start])
    return " ".join(part for part in parts if not CANDIDATE.search(part))


# --- shared --------------------------------------------------------------------------


def _make_plan(
    operator: OperatorMatch | None,
    region: str | None,
    name: str,
    facts: Facts,
    evidence: Evidence,
    *,
    perks: tuple[str, ...] = (),
    audience: str | None = None,
    op_name: str = "",
    flags: list[str] | None = None,
    written: str = "",
) -> Plan | None:
    """A plan of `facts`; `flags` say what was not read from it, `written` is where its price stands."""
    if facts.money is None:
        return None
    data = facts.data
    if data is None and _UNLIMITED_NAME.search(name):
        data = DataAmount(None, True)  # "Unlimited plan", 無限數據卡
    if region is None and operator is not None:
        region = mainland_region(operator.name)  # 中国移动上海公司
    period = facts.period
    perks = (*perks, *(p for p in facts.perks if p not in perks))
    flags = list(flags or [])
    if not facts.money.currency:
        flags.append("currency_unknown")  # a bare amount on a page of no known market
    elif facts.money.amount and not states_currency(written or evidence.quote, facts.money.currency):
        flags.append("currency_inferred")  # a bare amount: the market's currency
    if operator is None:
        flags.append("operator_unknown")
    return Plan(
        operator=operator.operator if operator else _UNKNOWN,
        operator_name=op_name,
        region=region,
        name=name.strip(),
        price=facts.money.amount,
        currency=facts.money.currency,
        period_days=period.days if period else None,
        evidence=evidence,
        recurring=period.recurring if period else False,
        data_gb=data.gb if data is not None and not data.unlimited else None,
        data_unlimited=bool(data and data.unlimited),
        voice_unlimited=facts.voice_unlimited,
        sms_unlimited=facts.sms_unlimited,
        voice_min=facts.voice,
        intl_voice_min=facts.intl_voice,
        sms=facts.sms,
        perks=perks,
        audience=audience,
        kind=plan_kind(name, evidence.quote, facts.money.amount),
        per_day=facts.per_day,
        confidence=confidence(flags),
        flags=tuple(flags),
    )
