"""Check a briefing's HTML: every number in its findings and tables sits inside an evidence link."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"br", "img", "meta", "link", "hr", "input", "col", "wbr", "source"}
DIGIT = re.compile(r"\d")


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.unlinked: list[str] = []
        self.linked_numbers = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and str(found.get("href") or "").startswith("#ev-"):
            self.links.append(str(found["href"])[1:])
        if tag not in VOID:
            self.stack.append((tag, found))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not DIGIT.search(data):
            return
        in_facts = any("data-facts" in attrs for _tag, attrs in self.stack)
        in_svg = any(tag == "svg" for tag, _attrs in self.stack)
        in_name = any("name" in str(attrs.get("class") or "").split() for _tag, attrs in self.stack)
        if not in_facts or in_svg or in_name:  # a name with digits (5G剧场) states no number
            return
        linked = any(
            tag == "a" and str(attrs.get("href") or "").startswith("#ev-") for tag, attrs in self.stack
        )
        if linked:
            self.linked_numbers += 1
        else:
            self.unlinked.append(data.strip())


def check_evidence_links(html: str) -> tuple[int, list[str], list[str]]:
    """(numbers linked, numbers not linked, links whose anchor is missing)."""
    walker = _Walker()
    walker.feed(html)
    walker.close()
    missing = sorted({target for target in walker.links if target not in walker.ids})
    return walker.linked_numbers, walker.unlinked, missing
