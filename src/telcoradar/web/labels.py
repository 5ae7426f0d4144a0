"""The dashboard's words in the page's language, from the message catalogs the briefing uses.

One catalog per language (`report/locale/<lang>/LC_MESSAGES/messages.po`) serves
both faces, so a term is translated once. Message ids are the English text;
kinds, domains, audiences, baskets, plan changes and their fields are keyed
(`kind:launch`, `domain:ai`, `audience:students`, `basket:NAME`,
`change:price_cut`, `field:data_gb`). Operator and region names come from the
operator registry (`extract.operators.operator_label` / `region_label`).
"""

from __future__ import annotations

from telcoradar.report.i18n import LANGS, translator

__all__ = ["LANGS", "audience_label", "label", "term"]


def label(lang: str, text: str) -> str:
    return translator(lang)(text)


def term(lang: str, prefix: str, value: str | None, fallback: str | None = None) -> str:
    """A keyed term (`domain:ai`) in `lang`; `fallback`, else the value itself, when the catalog lacks it."""
    if not value:
        return ""
    key = f"{prefix}:{value}"
    text = translator(lang)(key)
    return (fallback or value) if text in (key, "") else text


def audience_label(lang: str, audience: str | None) -> str:
    """An audience id as people say it; an id the catalog does not know is shown as it is."""
    return term(lang, "audience", audience)
