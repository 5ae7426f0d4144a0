"""The report's fixed text in Chinese and English, from gettext message catalogs.

Catalogs live in `report/locale/<lang>/LC_MESSAGES/messages.po`; the compiled
`.mo` next to each is what runs (a test checks that it matches its `.po`, and
`compile_catalogs()` rewrites it after an edit). Message ids are the English
text; the English catalog may leave them untranslated.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

LANGS = ("zh", "en")
LOCALE_DIR = Path(__file__).with_name("locale")


@lru_cache(maxsize=4)
def translations(lang: str) -> gettext.NullTranslations:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (choose from {', '.join(LANGS)})")
    return gettext.translation("messages", localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def translator(lang: str) -> Callable[[str], str]:
    return translations(lang).gettext


def compile_catalogs(check_only: bool = False) -> list[Path]:
    """Compile every `.po` to `.mo`; with `check_only`, list the `.mo` files that are stale."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    stale = []
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != buffer.getvalue():
            stale.append(mo)
            if not check_only:
                mo.write_bytes(buffer.getvalue())
    return stale
