"""HTML to Document: the readable text in one pass over the tree, every data table as a grid.

Boilerplate containers (script, style, nav, footer, aside, forms, site
headers) are skipped; headings, paragraphs and list items become lines. A
table is written at its place in the flow, one line per row with cells
joined by tabs, its merged cells repeated in every row and column they
cover. A table that holds other tables is page layout: its cells are read
as ordinary blocks and the tables inside become the grids.

The HTML parser's cost grows with the square of the nesting depth, so a page
nested deeper than `nesting.MAX_DEPTH` elements is flattened before it is
parsed: the tags below that depth are dropped and their text kept
(`nesting.flatten`). The walk checks the document's budget as it goes.
"""

from __future__ import annotations

import datetime as dt
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from telcoradar.model import Document
from telcoradar.read import limits
from telcoradar.read.charset import decode
from telcoradar.read.nesting import flatten
from telcoradar.read.writer import TextWriter, find_date, squash

# fmt: off
SKIP = frozenset({
    "script", "style", "noscript", "template", "nav", "footer", "aside", "iframe", "svg", "select",
    "button", "object", "canvas", "map", "audio", "video", "dialog", "head", "title",
})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCKS = HEADINGS | {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "blockquote",
    "figure", "figcaption", "address", "center", "hr", "tr", "td", "th", "thead", "tbody", "tfoot",
    "caption", "details", "summary", "body", "html", "fieldset", "legend",
}
# fmt: on
_CELL_BLOCKS = "br, p, div, li, ul, ol, dl, h1, h2, h3, h4, h5, h6, table, script, style"
_META_DATE = (
    'meta[property="article:published_time"], meta[name="article:published_time"], '
    'meta[itemprop="datePublished"], meta[name="pubdate" i], meta[name="publishdate" i], '
    'meta[name="publish_date" i], meta[name="dc.date" i], meta[name="date" i], '
    'meta[property="og:published_time"], meta[name="og:published_time"], meta[name="PubDate"], '
    'meta[name="sailthru.date"], meta[name="parsely-pub-date"], meta[itemprop="dateCreated"]'
)
_JSON_LD_DATE = re.compile(r'"(?:datePublished|dateCreated|uploadDate)"\s*:\s*"([^"]{8,40})"')
_SPAN = re.compile(r"\d+")
_MAX_DEPTH = 200  # deeper than this, a subtree is read as flat text
_DATE_WINDOW = 1500  # characters from the top of the text searched for a date
_BREAK = "\x1f"  # marks a block boundary inside a table cell
_CHECK_EVERY = 512  # nodes walked between two budget checks
# struck-out text (a was-price beside the price paid) is written ~~as in Markdown~~
_STRUCK_TAGS = frozenset({"s", "del", "strike"})
_STRUCK_CLASS = re.compile(
    r"(?i)(?:^|[-_\s])(?:old|was|strike|struck|strikethrough|crossed|line-through)(?:[-_\s]|$)"
)
_STRIKE = "~~"
_STRUCK_SELECTOR = "s, del, strike, span[class]"


def struck(node: LexborNode) -> bool:
    """Whether `node` shows struck-out text: <s>, <del>, <strike>, or a class naming an old price."""
    if node.tag in _STRUCK_TAGS:
        return True
    classes = node.attributes.get("class") if node.tag == "span" else None
    return bool(classes and _STRUCK_CLASS.search(classes))


def read_html(data: bytes, source: str, charset: str | None = None) -> Document:
    """Read an HTML page (any charset, broken markup welcome) into a Document."""
    text, used = decode(data, charset, source)
    tree = LexborHTMLParser(flatten(text))
    out = TextWriter()
    root = tree.body or tree.root
    if root is not None:
        _Walker(out).walk(root, 0)
    body = out.text()
    published, published_from = _published(tree, body)
    return out.document(
        data,
        source,
        "text/html",
        charset=used,
        title=_title(tree),
        published=published,
        published_from=published_from,
    )


def _title(tree: LexborHTMLParser) -> str:
    for selector in ("title", "h1"):
        node = tree.css_first(selector)
        if node is not None:
            title = squash(node.text())
            if title:
                return title
    return ""


def _published(tree: LexborHTMLParser, body: str) -> tuple[dt.date | None, str | None]:
    """The publication date and where it was read: meta tags, JSON-LD, <time>, the text's top."""
    for node in tree.css(_META_DATE):
        found = find_date(node.attributes.get("content") or "")
        if found:
            return found, "meta"
    for node in tree.css('script[type="application/ld+json"]'):
        m = _JSON_LD_DATE.search(node.text())
        found = find_date(m.group(1)) if m else None
        if found:
            return found, "json-ld"
    for node in tree.css("article time, main time") or tree.css("time"):
        found = find_date(node.attributes.get("datetime") or node.text())
        if found:
            return found, "time"
    found = find_date(body[:_DATE_WINDOW])
    return found, "text" if found else None


class _Walker:
    """Walks the tree once, writing lines and tables as it meets them."""

    def __init__(self, out: TextWriter) -> None:
        self.out = out
        self.buf: list[str] = []
        self.article = 0  # inside <article>/<main>, a <header> is the article's own
        self.seen = 0  # nodes walked, for the budget checks

    def flush(self, heading: bool = False) -> None:
        if self.buf:
            line = squash("".join(self.buf))
            self.buf.clear()
            if line:
                self.out.line(line, heading)

    def walk(self, node: LexborNode, depth: int) -> None:
        for child in node.iter(include_text=True):
            self.seen += 1
            if self.seen % _CHECK_EVERY == 0:
                limits.check()
            tag = child.tag
            if tag == "-text":
                self.buf.append(child.text_content or "")
            elif tag in SKIP or tag == "-comment":
                continue
            elif depth > _MAX_DEPTH:
                self.buf.append(" " + child.text() + " ")
            elif struck(child) and child.text().strip():
                self.buf.append(_STRIKE)
                self.walk(child, depth + 1)
                self.buf.append(_STRIKE)
            elif tag == "article" or tag == "main":
                self.article += 1
                self.flush()
                self.walk(child, depth + 1)
                self.flush()
                self.article -= 1
            elif tag in BLOCKS:
                self.flush()
                self.walk(child, depth + 1)
                self.flush(tag in HEADINGS)
            elif tag == "br":
                self.flush()
            elif tag == "table":
                self.flush()
                self.table(child, depth)
            elif tag == "pre":
                self.flush()
                for line in child.text().expandtabs(4).splitlines():
                    if line.strip():
                        self.out.line(line.rstrip())
            elif tag == "header" or tag == "form":
                self.container(child, tag, depth)
            else:
                self.walk(child, depth + 1)

    def container(self, node: LexborNode, tag: str, depth: int) -> None:
        """A site header is skipped, an article's kept; a form is kept only if it wraps content
        (some sites put the whole page inside one <form>)."""
        if tag == "header":
            keep = self.article > 0
        else:
            keep = node.css_first("table, p, article, h1, h2") is not None
        if keep:
            self.flush()
            self.walk(node, depth + 1)
            self.flush()

    def table(self, node: LexborNode, depth: int) -> None:
        rows = node.css("tr")
        if len(node.css("table")) > 1 or not rows or _single_cell(rows):
            self.walk(node, depth + 1)  # layout: read the cells as blocks
            self.flush()
            return
        caption_node = node.css_first("caption")
        caption = squash(caption_node.text()) if caption_node is not None else ""
        grid = resolve(rows)
        if grid:
            self.out.table(grid, caption)
        elif caption:
            self.out.line(caption)


def _single_cell(rows: list[LexborNode]) -> bool:
    return len(rows) == 1 and sum(1 for c in rows[0].iter() if c.tag in ("td", "th")) <= 1


def _span(node: LexborNode, name: str, limit: int) -> int:
    value = node.attributes.get(name)
    if not value:
        return 1
    found = _SPAN.search(value)
    if found is None:
        return 1
    number = int(found.group())
    return limit if number == 0 else max(1, min(number, limit))  # rowspan=0: to the end


def resolve(rows: list[LexborNode]) -> list[list[str]]:
    """The table's rows as a grid of cell texts, rowspan and colspan repeated where they reach.

    Rows whose cells are all empty, or all merged from above, are dropped; short
    rows are padded with "".
    """
    grid: list[dict[int, str]] = []
    carry: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered)
    for index, tr in enumerate(rows):
        line = {col: text for col, (text, _) in carry.items()}
        carry = {col: (text, left - 1) for col, (text, left) in carry.items() if left > 1}
        col = own = 0
        for cell in tr.iter():
            if cell.tag != "td" and cell.tag != "th":
                continue
            own += 1
            while col in line:
                col += 1
            text = cell_text(cell)
            width = _span(cell, "colspan", 1000)
            height = _span(cell, "rowspan", len(rows) - index)
            for k in range(col, col + width):
                if k not in line:  # overlapping cells: the one placed first keeps the slot
                    line[k] = text
                    if height > 1:
                        carry[k] = (text, height - 1)
            col += width
        if own:  # a row of nothing but cells merged from above adds nothing
            grid.append(line)
    width = max((max(line) + 1 for line in grid if line), default=0)
    out = [[line.get(k, "") for k in range(width)] for line in grid]
    return [row for row in out if any(row)]


def cell_text(cell: LexborNode) -> str:
    """A cell's text on one line; blocks and line breaks inside it become spaces."""
    child = cell.child
    if child is None:
        return ""
    if child.next is None and child.tag == "-text":
        return squash(child.text_content or "")
    if cell.css_first(_CELL_BLOCKS) is None and cell.css_first(_STRUCK_SELECTOR) is None:
        return squash(cell.text())
    buf: list[str] = []
    _flow(cell, buf, 0)
    return " ".join(part for part in (squash(p) for p in "".join(buf).split(_BREAK)) if part)


def _flow(node: LexborNode, buf: list[str], depth: int) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            buf.append(child.text_content or "")
        elif tag in SKIP or tag == "-comment":
            continue
        elif depth > _MAX_DEPTH:
            buf.append(_BREAK + child.text() + _BREAK)
        elif struck(child) and child.text().strip():
            buf.append(_STRIKE)
            _flow(child, buf, depth + 1)
            buf.append(_STRIKE)
        elif tag == "br" or tag in BLOCKS or tag == "table":
            buf.append(_BREAK)
            _flow(child, buf, depth + 1)
            buf.append(_BREAK)
        else:
            _flow(child, buf, depth + 1)
