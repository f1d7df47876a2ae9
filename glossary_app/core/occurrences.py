"""Find every use of known terms in text, whichever way its quote marks fall."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping

import ahocorasick

from .termkey import INNER_SEPARATORS, QUOTE_CHARS, fold_width

_SKIP = set(QUOTE_CHARS) | set(INNER_SEPARATORS) | {" ", "\u3000", "\t"}


def keyed_text(text: str) -> tuple[str, list[int]]:
    """The text as term keys see it (no quotes or spaces, half-width, upper case) and, per character, its offset in text."""
    chars, offsets = [], []
    for i, c in enumerate(unicodedata.normalize("NFC", text) if not text.isascii() else text):
        if c in _SKIP:
            continue
        chars.append(fold_width(c).upper())
        offsets.append(i)
    return "".join(chars), offsets


class TermMatcher:
    """Leftmost-longest matching of many term keys at once (Aho-Corasick)."""

    def __init__(self, keys: Mapping[str, int]):
        """keys maps a term key (or alias key) to its term id; keys shorter than two characters are left out."""
        self._automaton = ahocorasick.Automaton()
        for key, term_id in keys.items():
            if len(key) >= 2:
                self._automaton.add_word(key, (len(key), term_id))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> Iterator[tuple[int, int, int]]:
        """(term id, start, end) of each use in text; text[start:end] is the use as written, quotes included."""
        if self._empty:
            return
        keyed, offsets = keyed_text(text)
        for end_index, (length, term_id) in self._automaton.iter_long(keyed):
            start_index = end_index - length + 1
            start, end = offsets[start_index], offsets[end_index] + 1
            # A closing quote right after the use belongs to it when its
            # opening quote is inside: 发展“六仗” → 发展“六仗”.
            balance = _quote_balance(text[start:end])
            if balance > 0 and end < len(text) and text[end] in "”’」』":
                end += 1
            elif balance < 0 and start > 0 and text[start - 1] in "“‘「『":
                start -= 1
            yield term_id, start, end


def _quote_balance(inside: str) -> int:
    """Opening minus closing quote marks: a use whose quote is cut takes the other one with it."""
    return sum(inside.count(c) for c in "“‘「『") - sum(inside.count(c) for c in "”’」』")


def find_all(matcher: TermMatcher, paragraphs: Iterable[tuple[int, str]]) -> Iterator[tuple[int, int, int, int]]:
    """(term id, paragraph id, start, end) for each use in each (paragraph id, text)."""
    for paragraph_id, text in paragraphs:
        for term_id, start, end in matcher.find(text):
            yield term_id, paragraph_id, start, end
