"""How the search reads text: folded (simplified, half-width, numerals as digits), a token a character, in pinyin."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable

from .termkey import QUOTE_CHARS, fold_width

# Bump when fold(), stream() or pinyin_keys() change what they give: the search index is then
# rebuilt, as a contentless FTS table can only forget a row given the very tokens it indexed.
KEY_VERSION = "1"

# Counting numerals as digits (二/两/2, "五+N" = "5+N"). 十 stays: as "10" it would
# change the length of what it stands in, and offsets must map back one to one.
_NUMERALS = {"零": "0", "〇": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5",
             "六": "6", "七": "7", "八": "8", "九": "9"}
# Invisible characters a query or a PDF's text can carry: they never belong to what is searched.
_INVISIBLE = "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e" \
             "\u2060\u2061\u2062\u2063\u2064\ufeff\ufff9\ufffa\ufffb"
_SPACES = " \t\n\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
          "\u202f\u205f\u3000"
_SURROGATES_RE = re.compile("[\ud800-\udfff]")


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {c: None for c in range(0x20)}
    table.update({c: None for c in range(0x7F, 0xA0)})
    table.update({ord(c): None for c in QUOTE_CHARS + _SPACES + _INVISIBLE})
    # Full-width ASCII forms (＋, Ｎ, ：) as their half-width letters, Latin letters lower-case.
    table.update({c: chr(c - 0xFEE0).lower() for c in range(0xFF01, 0xFF5F)})
    table.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
    table.update({ord(k): v for k, v in _NUMERALS.items()})
    for c in QUOTE_CHARS:  # quote marks in full-width form go too (＂, ＇)
        table[ord(c)] = None
    table[0xFF02] = table[0xFF07] = None
    return table


_FOLD = {chr(k): v or "" for k, v in _fold_table().items()}
# One pass of a regular expression: str.translate looks every character up in a dict, three times slower.
_FOLD_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_FOLD)) + "]")
# For the character index every character must be a token of the 'ascii' tokenizer,
# which splits on ASCII punctuation: those go in as their full-width forms.
_ASCII_PUNCT_RE = re.compile(r"[!-/:-@\[-`{-~]")


def _fold_char(m: re.Match[str]) -> str:
    return _FOLD[m.group()]


def _full_width(m: re.Match[str]) -> str:
    return chr(ord(m.group()) + 0xFEE0)


@functools.cache
def _to_simplified() -> Callable[[str], str]:
    """OpenCC's traditional-to-simplified conversion (a stateless converter, made once per process)."""
    try:
        import opencc
    except ImportError:  # a platform without OpenCC's wheel and without opencc-py: no folding
        return lambda text: text
    converter = opencc.OpenCC("t2s")
    return converter.convert  # type: ignore[no-any-return]


def _simplified(text: str) -> str:
    try:
        return _to_simplified()(text)
    except UnicodeEncodeError:  # lone surrogates (only a query can hold them): a space folds away
        return _to_simplified()(_SURROGATES_RE.sub(" ", text))


def drop_surrogates(text: str) -> str:
    """text without lone surrogates, which no database or converter can take (only typed input holds them)."""
    return _SURROGATES_RE.sub("", text) if not text.isascii() else text


def fold(text: str) -> str:
    """Text as the search compares it: simplified, half-width, lower-case, counting numerals as
    digits, without quote marks, spaces or control characters."""
    if not text.isascii():
        text = _simplified(text)
    return _FOLD_RE.sub(_fold_char, text)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """fold(text) and, for each of its characters, the offset in text it came from."""
    simplified = _simplified(text) if not text.isascii() else text
    if len(simplified) != len(text):  # a phrase converted to another length: convert by character
        simplified = "".join(s if len(s := _simplified(c)) == 1 else c for c in text)
    chars, offsets = [], []
    for i, c in enumerate(simplified):
        f = _FOLD.get(c, c)
        if f:
            chars.append(f)
            offsets.append(i)
    return "".join(chars), offsets


def stream(folded: str) -> str:
    """Folded text as the character index takes it: one token per character."""
    return _ASCII_PUNCT_RE.sub(_full_width, folded).replace("", " ")[1:-1]


def match_phrase(folded: str) -> str:
    """An FTS5 query for folded text as one phrase (every character in a row, in order)."""
    return '"' + stream(folded).replace('"', '""') + '"'


@functools.cache
def _readings(char: str) -> tuple[str, ...]:
    """A character's pinyin readings without tones, most common first (at most two); itself when it has none."""
    from pypinyin import Style, pinyin  # build time only: the query side reads what is stored

    if not ("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"):
        return (char.lower(),) if char.isascii() and char.isalnum() else ()
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings = [r for r in found[0] if r.isascii() and r.isalpha()] if found else []
    return tuple(dict.fromkeys(readings))[:2]


def pinyin_keys(term: str) -> tuple[str, str]:
    """(initials, full pinyin) of a term, each a space-separated list of readings: 'wzypt', 'wuzhiyipingtai'.

    Characters with more than one reading (长: chang/zhang) give up to four variants.
    """
    syllables = [r for r in map(_readings, fold_width(term)) if r]
    full, initials = [], []
    for variant in itertools.islice(itertools.product(*syllables), 4):
        full.append("".join(variant))
        initials.append("".join(p[0] for p in variant))
    return " ".join(dict.fromkeys(initials)), " ".join(dict.fromkeys(full))


def key_version() -> str:
    """What the stored keys depend on: this module's KEY_VERSION and OpenCC's dictionaries."""
    from importlib.metadata import PackageNotFoundError, version

    for package in ("opencc", "opencc-py"):
        try:
            return f"{KEY_VERSION}/{package}-{version(package)}"
        except PackageNotFoundError:
            continue
    return f"{KEY_VERSION}/no-opencc"
