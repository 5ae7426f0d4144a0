"""Bytes to text: BOM, then a declared charset that decodes cleanly, then detection.

Chinese pages are the common case and the hard one: GBK text is often taken
for something exotic by general detectors, and Big5 and GBK bytes decode
into each other without error. So before asking charset-normalizer we try
GB18030 and Big5 ourselves and keep the one whose characters are the
everyday ones of its script (GB2312 level 1, Big5 level 1).
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from charset_normalizer import from_bytes

from telcoradar.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Declared names folded to the codec that reads them best (a superset where one exists).
_GB = {"gbk", "gb2312", "gb18030", "x-gbk", "cp936", "ms936", "euc-cn", "csgb2312", "chinese", "gb_2312-80"}
_BIG5 = {"big5", "big5-hkscs", "big5hkscs", "x-x-big5", "cp950", "csbig5", "cn-big5"}
_LATIN = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252"}
_BIG5_CODECS = ("big5", "cp950", "big5hkscs")

_META = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE)
# UTF-8 that is valid but reads as C1 controls or stray combining marks is more
# likely a short GBK or Big5 text whose bytes happen to form UTF-8 sequences.
_ODD_UTF8 = re.compile(r"[\x80-\x9f\u0300-\u036f]")
_EXOTIC_CJK = {"cp949", "euckr", "johab", "shiftjis", "cp932", "eucjp", "iso2022jp", "hz", "gb2312", "gbk"}
_LATIN_PAGES = {
    "cp1250",
    "iso88592",
    "cp437",
    "cp850",
    "cp852",
    "cp858",
    "maclatin2",
    "macroman",
    "iso885915",
    "iso88591",
    "latin1",
    "cp1254",
    "iso88599",
    "cp1257",
    "iso885913",
    "iso885916",
}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SAMPLE = 20000  # characters looked at when scoring a candidate
BINARY = "not a text document (binary content)"


def decode(data: bytes, declared: str | None = None, source: str = "<bytes>") -> tuple[str, str]:
    """Decode `data` and name the charset used.

    Order: a byte-order mark; the declared charset (an HTTP header, else a
    `<meta charset>` in the first bytes) if it decodes cleanly; UTF-8 if
    valid; GB18030 or Big5 when the text reads as Chinese; charset-normalizer.
    Raises InputError when the bytes are not text at all.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(_strict(data[len(bom) :], name), name, source)
            except UnicodeDecodeError:
                raise InputError(source, BINARY) from None
    head = data[:8192]
    if b"\x00" in head:
        wide = _utf16(data)
        if wide is None:
            raise InputError(source, BINARY)
        return _checked(*wide, source)
    if declared is None:
        found = _META.search(head)
        declared = found.group(1).decode("ascii") if found else None
    if declared:
        got = _declared(data, declared)
        if got is not None:
            return _checked(*got, source)
    try:
        text = _strict(data, "utf-8")
        if not _ODD_UTF8.search(text):
            return _checked(text, "utf-8", source)
    except UnicodeDecodeError:
        text = ""
    chinese = _chinese(data)
    if chinese is not None:
        return _checked(*chinese, source)
    if text:
        try:  # odd UTF-8: GB18030 still wins if it reads as nothing but Chinese
            gb = _strict(data, "gb18030")
            if all(_is_han(ch) for ch in gb if ch >= "\x80"):
                return _checked(gb, "gb18030", source)
        except UnicodeDecodeError:
            pass
        return _checked(text, "utf-8", source)
    return _checked(*_detect(data, source), source)


def _detect(data: bytes, source: str) -> tuple[str, str]:
    """charset-normalizer's guess, folded towards the charsets pages really use.

    A CJK guess other than Big5 becomes GB18030 when that decodes (short GBK
    text is often taken for Korean or Japanese); a Latin-script code page
    becomes windows-1252, the web's default for unlabelled Western pages.
    """
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        lossy = _lossy(data, "utf-8")
        if lossy is None:
            raise InputError(source, BINARY)
        return lossy
    name = _fold(best.encoding)
    family = name.replace("_", "").replace("-", "")
    if family in _EXOTIC_CJK or family in _LATIN_PAGES:
        for fallback in ("gb18030",) if family in _EXOTIC_CJK else ("cp1252",):
            try:
                return _strict(data, fallback), fallback
            except UnicodeDecodeError:
                pass
    try:
        return _strict(data, name), name
    except (UnicodeDecodeError, LookupError):
        return str(best), best.encoding


def _strict(data: bytes, codec: str) -> str:
    """Decode strictly, except that a character cut off at the very end is dropped
    (a truncated download should not make a page unreadable)."""
    return codecs.getincrementaldecoder(codec)().decode(data, final=False)


def _fold(name: str) -> str:
    """A declared or detected name as the codec we decode it with."""
    low = name.strip().lower().replace("_", "-")
    if low in _GB or low.replace("-", "") in _GB:
        return "gb18030"
    if low in _BIG5:
        return "big5"
    if low in _LATIN:
        return "cp1252"
    try:
        return codecs.lookup(low).name
    except LookupError:
        return low


def _declared(data: bytes, declared: str) -> tuple[str, str] | None:
    """The declared charset, if it is known and decodes the bytes cleanly.

    A page declared as something else that is valid UTF-8 with several
    multi-byte characters is UTF-8: templates often keep an old `gb2312`
    declaration after the content moved to UTF-8, and UTF-8 bytes would
    decode as GB18030 gibberish without a single error.
    """
    name = _fold(declared)
    if name != "utf-8" and _multibyte_utf8(data):
        return _strict(data, "utf-8"), "utf-8"
    if name in ("gb18030", "big5"):  # the two decode each other's bytes: check which reads as Chinese
        chinese = _chinese(data, prefer=name)
        if chinese is not None:
            return chinese
    names = _BIG5_CODECS if name == "big5" else (name, "latin-1") if name == "cp1252" else (name,)
    for codec in names:
        try:
            return _strict(data, codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return _lossy(data, names[0])


def _lossy(data: bytes, codec: str) -> tuple[str, str] | None:
    """`codec` with replacement characters, if only a few bytes are bad (a damaged page)."""
    try:
        text = data.decode(codec, "replace")
    except LookupError:
        return None
    return (text, codec) if text.count("\ufffd") <= max(4, len(text) // 100) else None


def _multibyte_utf8(data: bytes) -> bool:
    try:
        text = _strict(data, "utf-8")
    except UnicodeDecodeError:
        return False
    return len(data) - len(text) >= 8  # at least four 3-byte characters


def _utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: zero bytes on one side of (mostly ASCII) pairs."""
    head = data[:4096]
    even = head[0::2].count(0) / max(1, len(head[0::2]))
    odd = head[1::2].count(0) / max(1, len(head[1::2]))
    name = "utf-16-le" if odd > 0.3 > even * 3 else "utf-16-be" if even > 0.3 > odd * 3 else None
    if name is None:
        return None
    try:
        return _strict(data, name), name
    except UnicodeDecodeError:
        return None


@lru_cache(maxsize=1)
def _everyday() -> tuple[frozenset[str], frozenset[str]]:
    """Characters of GB2312 level 1 and of Big5 level 1, with their common symbols."""
    gb = _table("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF), range(0xA1, 0xA4))
    b5 = _table("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], range(0xA1, 0xA4))
    return gb, b5


def _table(codec: str, leads: range, trails: range | list[int], symbols: range) -> frozenset[str]:
    chars: set[str] = set()
    for lead in [*symbols, *leads]:
        for trail in trails:
            try:
                chars.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


def _score(text: str, everyday: frozenset[str]) -> tuple[float, int]:
    """Share of non-ASCII characters that are everyday ones, and how many there were."""
    wide = [ch for ch in text[:_SAMPLE] if ch >= "\x80"]
    if not wide:
        return 0.0, 0
    return sum(ch in everyday for ch in wide) / len(wide), len(wide)


def _chinese(data: bytes, prefer: str = "gb18030") -> tuple[str, str] | None:
    """GB18030 or Big5, whichever reads as ordinary Chinese; None if neither does.

    On a near tie (within 0.2) the `prefer`red family wins: GB18030 unless a
    page declared Big5.
    """
    gb_chars, b5_chars = _everyday()
    found: list[tuple[float, str, str]] = []
    for names, everyday in ((("gb18030",), gb_chars), (_BIG5_CODECS, b5_chars)):
        for name in names:
            try:
                text = _strict(data, name)
            except UnicodeDecodeError:
                continue
            score, count = _score(text, everyday)
            if count >= 2 and score >= 0.6:
                found.append((score, name, text))
            break  # the first variant that decodes speaks for its family
    if not found:
        return None
    favoured = "big5" if prefer in _BIG5_CODECS else "gb18030"
    score, name, text = max(
        found, key=lambda f: f[0] + (0.2 if (f[1] in _BIG5_CODECS) == (favoured == "big5") else 0)
    )
    return text, name


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def _checked(text: str, name: str, source: str) -> tuple[str, str]:
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 50):
        raise InputError(source, BINARY)
    return text, name
