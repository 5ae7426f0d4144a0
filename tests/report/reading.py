"""Read a briefing's HTML as a reader would: the text outside quotes, names, charts and the appendix."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"br", "img", "meta", "link", "hr", "input", "col", "wbr", "source"}
SKIPPED_TAGS = {"style", "script", "svg", "code", "title"}
SKIPPED_CLASSES = {"quote", "name"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


class _Prose(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        found = dict(attrs)
        classes = set(str(found.get("class") or "").split())
        skip = tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES) or found.get("id") == "evidence"
        self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass  # an element left open closes with its parent

    def handle_data(self, data: str) -> None:
        if not any(skip for _tag, skip in self.stack):
            self.text.append(data)


def prose(html: str) -> str:
    """The briefing's own words: everything but quotes, names, charts, code and the evidence appendix."""
    body = html[html.find("<body") :]
    reader = _Prose()
    reader.feed(body)
    reader.close()
    return "".join(reader.text)


def cjk_share(html: str) -> float:
    """The share of the briefing's own (non-space) characters that are Chinese."""
    text = re.sub(r"\s+", "", prose(html))
    if not text:
        return 0.0
    return len(CJK.findall(text)) / len(text)
