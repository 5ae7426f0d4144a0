"""Flattening markup nested deeper than a page should be, before the HTML parser sees it.

The parser checks the open elements for every start tag, so its time grows
with the square of the nesting depth: 200,000 nested <div>s take minutes.
`flatten` counts the depth the way a tokenizer sees it and drops the tags
below `MAX_DEPTH`, keeping their text (a dropped block tag leaves a space,
an inline one nothing). A page within the depth is returned as it is.
"""

from __future__ import annotations

import re

MAX_DEPTH = 500  # real pages stay far below; deeper tags are dropped
LOOKBACK = 64  # how far down the open elements an end tag looks for its start tag

# Comments and raw-text elements are skipped whole: tags inside them are text.
_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|textarea|title|xmp|plaintext)\b.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][^\s/>]*)[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "keygen",
        "basefont",
        "bgsound",
        "frame",
        "image",
    ]
)
_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "label",
        "mark",
        "nobr",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "tt",
        "u",
        "var",
    ]
)
_BLOCK_STARTS = [
    "p",
    "div",
    "table",
    "ul",
    "ol",
    "dl",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "form",
]
# An open element closes by itself when one of these starts (HTML's optional end tags).
_CLOSED_BY = {
    "p": frozenset(_BLOCK_STARTS),
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "td": frozenset({"td", "th", "tr"}),
    "th": frozenset({"td", "th", "tr"}),
    "tr": frozenset({"tr"}),
    "option": frozenset({"option", "optgroup"}),
}


def flatten(text: str, max_depth: int = MAX_DEPTH) -> str:
    """`text` with the tags nested deeper than `max_depth` removed (their text stays).

    The depth is counted as a tokenizer sees it: void elements do not nest, an
    end tag closes its start tag and whatever was left open above it, and the
    optional end tags of p, li, dt/dd, td/th, tr and option are implied.
    """
    if text.count("<") <= max_depth:
        return text
    stack: list[tuple[str, bool]] = []  # (tag, kept)
    drop: list[tuple[int, int, str]] = []  # (start, end, what stands in for the tag)
    for m in _TAG.finditer(text):
        name = m.group(3)
        if name is None:
            continue
        tag = name.lower()
        if m.group(2):  # an end tag
            for back in range(len(stack) - 1, max(-1, len(stack) - 1 - LOOKBACK), -1):
                if stack[back][0] == tag:
                    if not stack[back][1]:
                        drop.append((*m.span(), _stand_in(tag)))
                    del stack[back:]
                    break
            continue
        if tag in _VOID or (m.group(0).endswith("/>") and tag in ("svg", "math")):
            continue
        while stack and tag in _CLOSED_BY.get(stack[-1][0], ()):
            stack.pop()
        kept = len(stack) < max_depth
        stack.append((tag, kept))
        if not kept:
            drop.append((*m.span(), _stand_in(tag)))
    if not drop:
        return text
    parts: list[str] = []
    at = 0
    for start, end, stand_in in drop:
        parts.append(text[at:start])
        parts.append(stand_in)
        at = end
    parts.append(text[at:])
    return "".join(parts)


def _stand_in(tag: str) -> str:
    return "" if tag in _INLINE else " "
