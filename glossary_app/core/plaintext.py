"""Report text made safe to show, copy or export: without the invisible characters that reorder, hide or break it."""

from __future__ import annotations

import re

# Unicode's format characters (category Cf; a test checks the list against Python's Unicode database): bidi embeddings, overrides, isolates and marks
# (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C), zero-width spaces and joiners, the BOM, soft hyphens, and the
# tag characters that can carry hidden text. None is visible; bidi controls can make a passage read backwards.
_FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
           "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
           "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
# C0 and C1 controls but tab, newline and carriage return (XML, and so .xlsx and .docx, refuses them; NUL
# ends a string in C), lone surrogates (no file or widget can encode them) and the two non-characters XML refuses.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_HIDDEN_RE = re.compile(f"[{_FORMAT}{_CONTROL}]")

# Cells a spreadsheet would read as a formula (=, +, -, @) or that start with a control it strips first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def visible_text(text: str) -> str:
    """text without invisible format and control characters (what is shown is exactly what can be seen)."""
    return _HIDDEN_RE.sub("", text)


def visible_offset(text: str, offset: int) -> int:
    """Where position offset of text falls in visible_text(text)."""
    return offset - len(_HIDDEN_RE.findall(text, 0, offset))


def has_hidden(text: str) -> bool:
    """Whether text holds any character visible_text drops."""
    return _HIDDEN_RE.search(text) is not None


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take text typed into a cell for a formula."""
    return text.startswith(_FORMULA_START)


def spreadsheet_text(text: str) -> str:
    """A CSV cell's text that a spreadsheet shows as text and never runs as a formula (CSV injection): a
    leading apostrophe, as Excel itself marks text that looks like a formula."""
    return "'" + text if looks_like_formula(text) else text
