"""Message catalogs: compiled files match their sources, and every message the code asks for is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from telcoradar.analysis.baskets import load_baskets
from telcoradar.extract.plans.tables import header_data
from telcoradar.model import DOMAINS, EVENT_KINDS, PLAN_KINDS
from telcoradar.report.i18n import LOCALE_DIR, compile_catalogs, translator
from telcoradar.report.sections import TARIFF_COLUMNS

REPORT = Path(__file__).resolve().parents[2] / "src" / "telcoradar" / "report"
CALL = re.compile(r"""(?<![\w.])(?:ctx\.|self\.)?_\(\s*((?:"[^"]*"\s*)+)\)""")


def catalog(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id}


def used_messages() -> set[str]:
    found: set[str] = set()
    sources = [*REPORT.glob("*.py"), *(REPORT / "templates").glob("*.j2")]
    for path in sources:
        for match in CALL.finditer(path.read_text(encoding="utf-8")):
            found.add("".join(re.findall(r'"([^"]*)"', match.group(1))))
    for columns in re.findall(r"ctx\._\(c\)\s+for c in \(([^)]*)\)", (REPORT / "sections.py").read_text()):
        found |= set(re.findall(r'"([^"]*)"', columns))
    found |= {f"growth:{kind}" for kind in ("", "yoy", "cagr", "hoh", "mom")}
    found |= {f"domain:{d}" for d in DOMAINS} | {f"kind:{k}" for k in EVENT_KINDS}
    found |= {f"basket:{name}" for name in load_baskets()}
    found |= set(TARIFF_COLUMNS)
    found |= (
        {f"topic:{d}" for d in DOMAINS}
        | {f"what:{k}" for k in EVENT_KINDS}
        | {f"fact:{k}" for k in EVENT_KINDS}
    )
    found |= {f"plan:{k}" for k in PLAN_KINDS} | {f"audience:{a}" for a in header_data()["audiences"]}
    keys = re.findall(r'"((?:summary|profile):[a-z_]+)"', (REPORT / "summary.py").read_text())
    keys += re.findall(r'"((?:summary|profile):[a-z_]+)"', (REPORT / "profiles.py").read_text())
    found |= set(keys)
    found |= {"summary:price_rise", "summary:figure_change_forecast"}
    return found


def test_compiled_catalogs_match_their_sources() -> None:
    assert compile_catalogs(check_only=True) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_message_the_code_uses_is_in_the_catalog(lang: str) -> None:
    missing = sorted(used_messages() - set(catalog(lang)))
    assert missing == []


def test_chinese_catalog_translates_everything() -> None:
    untranslated = sorted(msgid for msgid, text in catalog("zh").items() if not text)
    assert untranslated == []


def test_english_catalog_gives_wording_for_every_template_key() -> None:
    english = catalog("en")
    keyed = [m for m in used_messages() if re.match(r"^(fact|what|topic|summary|profile|plan|audience):", m)]
    assert keyed and sorted(m for m in keyed if not english.get(m)) == []


def test_translator_by_language() -> None:
    assert translator("zh")("Headline moves") == "要闻：竞争对手动向"
    assert translator("en")("Headline moves") == "Headline moves"
    assert translator("en")("domain:short_drama") == "Short drama"
    with pytest.raises(ValueError, match="unknown language"):
        translator("fr")
