"""Dashboard and briefing share one message catalog per language: every word a page asks for is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from telcoradar.analysis.moves import ALLOWANCES
from telcoradar.model import DOMAINS, EVENT_KINDS
from telcoradar.report.i18n import LOCALE_DIR

WEB = Path(__file__).resolve().parents[2] / "src" / "telcoradar" / "web"
CHANGE_KINDS = ("new", "withdrawn", "price_cut", "price_rise", "allowance")


def catalog(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id}


def page_words() -> set[str]:
    """Words the templates pass to t(), directly or through a loop over (target, word) pairs,
    and those the web modules pass to label(lang, ...)."""
    found: set[str] = set()
    for path in (WEB / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'\bt\("([^"]+)"\)', text))
        for loop in re.findall(r"{%\s*for [^%]*\[([^\]]*)\][^%]*%}", text):
            found |= set(re.findall(r'\(\s*"[^"]*",\s*"([^"]+)"\s*\)', loop))
    for path in WEB.rglob("*.py"):
        found |= set(re.findall(r"""\blabel\(lang, ["']([^"']+)["']\)""", path.read_text(encoding="utf-8")))
    return found


def keyed_terms() -> set[str]:
    return (
        {f"domain:{d}" for d in DOMAINS}
        | {f"kind:{k}" for k in EVENT_KINDS}
        | {f"change:{k}" for k in CHANGE_KINDS}
        | {f"field:{name}" for name in ALLOWANCES}
    )


def test_the_walk_finds_the_pages_words() -> None:
    words = page_words()
    assert {"Tariffs", "Moves", "Signed in as", "Nothing yet.", "Unnamed plan", "days"} <= words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_word_a_page_uses_is_in_the_catalog(lang: str) -> None:
    assert sorted((page_words() | keyed_terms()) - set(catalog(lang))) == []


def test_chinese_translates_every_page_word_and_english_words_every_key() -> None:
    chinese, english = catalog("zh"), catalog("en")
    assert sorted(w for w in page_words() | keyed_terms() if not chinese[w]) == []
    assert sorted(k for k in keyed_terms() if not english[k]) == []


def test_the_dashboard_keeps_no_dictionary_of_its_own() -> None:
    source = (WEB / "labels.py").read_text(encoding="utf-8")
    assert "translator" in source and not re.search(r'^\s*"[^"]+": "[^"]+",$', source, flags=re.M)
