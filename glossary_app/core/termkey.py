"""Canonical forms of terms: the key two spellings of one term share."""

from __future__ import annotations

import re
import unicodedata

from .plaintext import visible_text

# Quote marks and emphasis that reports wrap around or inside terms; a term is
# the same with them or without them (“五好”园区 = 五好园区).
QUOTE_CHARS = "“”‘’\"'「」『』〝〞＂＇`*"
# Separators inside a term that its spellings may or may not write: 三集中、三到位 = 三集中三到位.
INNER_SEPARATORS = "、·•"
_QUOTES_RE = re.compile("[" + re.escape(QUOTE_CHARS) + r"\s\u3000]+")
_KEY_DROP_RE = re.compile("[" + re.escape(QUOTE_CHARS + INNER_SEPARATORS) + r"\s\u3000]+")

# Chinese numerals that count items, folded to digits for the numeral-blind key
# ("5+N" = "五+N", 二/两/2).
_NUMERALS = {
    "零": "0", "〇": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4",
    "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "十": "10",
}


def fold_width(text: str) -> str:
    """Fold full-width ASCII forms (＋, Ｎ, ：, １) to their half-width letters."""
    return "".join(
        chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else (" " if c == "\u3000" else c)
        for c in text
    )


def strip_quotes(text: str) -> str:
    """Drop quote marks, emphasis markers and spaces."""
    return _QUOTES_RE.sub("", text)


def term_key(text: str) -> str:
    """The key of a term: no quotes, spaces or invisible characters, half-width ASCII, upper-case Latin letters."""
    return _KEY_DROP_RE.sub("", fold_width(unicodedata.normalize("NFC", visible_text(text)))).upper()


def numeral_key(text: str) -> str:
    """term_key with counting numerals folded to digits, so 五+N and 5+N meet."""
    return "".join(_NUMERALS.get(c, c) for c in term_key(text))
