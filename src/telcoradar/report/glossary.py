"""English for plan names, perks, partners, figure labels and units (`data/glossary.toml`).

Loaded once and checked: every section is a table of strings. A plan name
is looked up whole, then with its trailing Latin words dropped ("灵动卡
Smart Card" is already bilingual); a figure label whole, then term by term,
longest term first, and only when no Chinese is left over.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

SECTIONS = ("product_heads", "plans", "perks", "names", "measures", "measure_terms", "units")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class GlossaryError(ValueError):
    pass


@dataclass(frozen=True)
class Glossary:
    plans: dict[str, str]
    perks: dict[str, str]
    names: dict[str, str]
    measures: dict[str, str]
    measure_terms: dict[str, str]
    units: dict[str, tuple[str, str]]
    product_heads: tuple[str, ...] = ()


def parse(data: dict[str, object]) -> Glossary:
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise GlossaryError(f"glossary: unknown section {unknown[0]!r}")
    heads = data.get("product_heads", [])
    if not isinstance(heads, list) or not all(isinstance(h, str) and h for h in heads):
        raise GlossaryError("glossary: product_heads must be a list of words")
    tables: dict[str, dict[str, str]] = {}
    for name in SECTIONS[1:]:
        table = data.get(name, {})
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in table.items()
        ):
            raise GlossaryError(f"glossary: [{name}] must map text to text")
        tables[name] = dict(table)
    units = {}
    for key, value in tables["units"].items():
        en, sep, zh = value.partition("|")
        if not sep:
            raise GlossaryError(f"glossary: unit {key!r} needs 'english|chinese'")
        units[key] = (en, zh)
    return Glossary(
        tables["plans"],
        tables["perks"],
        tables["names"],
        tables["measures"],
        tables["measure_terms"],
        units,
        tuple(heads),
    )


@lru_cache(maxsize=1)
def glossary() -> Glossary:
    text = files("telcoradar.data").joinpath("glossary.toml").read_text(encoding="utf-8")
    return parse(tomllib.loads(text))


def has_cjk(text: str) -> bool:
    return CJK.search(text) is not None


def plan_english(name: str) -> str | None:
    """The English of a plan name, or None when the name is English already or not in the glossary."""
    if not has_cjk(name):
        return None
    found = glossary().plans.get(name.strip())
    if found:
        return found
    head = re.sub(r"\s+[A-Za-z][A-Za-z0-9 .&'-]*$", "", name).strip()
    if head != name.strip():
        return None  # the name carries its own English
    for key, value in glossary().plans.items():  # "浙江旅游卡 50GB": a listed name and an allowance
        rest = name[len(key) :].strip() if name.startswith(key) else None
        if rest is not None and not has_cjk(rest):
            return f"{value} {rest}".strip()
    return None


def is_product_name(name: str) -> bool:
    """Whether a quoted name reads as a product, plan or programme (it ends with a word that names one)."""
    g = glossary()
    return name in g.plans or any(name.casefold().endswith(h.casefold()) for h in g.product_heads)


def perk_english(perk: str) -> str | None:
    return glossary().perks.get(perk.strip()) if has_cjk(perk) else None


def name_english(name: str) -> str | None:
    return glossary().names.get(name.strip()) if has_cjk(name) else None


@lru_cache(maxsize=512)
def measure_english(measure: str) -> str | None:
    """A figure label in English: listed whole, else composed of listed terms, else None."""
    if not has_cjk(measure):
        return measure
    g = glossary()
    if measure in g.measures:
        return g.measures[measure]
    terms = sorted(g.measure_terms, key=len, reverse=True)
    words: list[str] = []
    rest = measure
    while rest:
        if not has_cjk(rest[0]):
            match = re.match(r"[^\u3400-\u9fff\uf900-\ufaff]+", rest)
            assert match is not None
            words.append(match.group(0).strip())
            rest = rest[match.end() :]
            continue
        term = next((t for t in terms if rest.startswith(t)), None)
        if term is None:
            return None
        words.append(g.measure_terms[term])
        rest = rest[len(term) :]
    label = " ".join(w for w in words if w)
    return label or None


def unit_word(unit: str, lang: str) -> str:
    """A unit as a reader of `lang` writes it: person-trips is 人次 or visits."""
    pair = glossary().units.get(unit)
    if pair is None:
        return unit
    return pair[1] if lang == "zh" else pair[0]
