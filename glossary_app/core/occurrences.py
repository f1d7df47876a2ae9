"""Find every use of known terms in text, whichever way its quote marks fall."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Mapping

import ahocorasick

from .termkey import INNER_SEPARATORS, QUOTE_CHARS

_SKIP = set(QUOTE_CHARS) | set(INNER_SEPARATORS) | {" ", "\u3000", "\t"}
_SKIP_RE = re.compile("[" + re.escape("".join(sorted(_SKIP))) + "]")
# One table does the whole fold: drop what keys drop, full width to half width, upper case.
_FOLD = str.maketrans(
    {**{c: None for c in _SKIP},
     **{chr(0xFF01 + i): chr(0x21 + i).upper() for i in range(0x5E) if chr(0xFF01 + i) not in _SKIP},
     **{chr(c): chr(c).upper() for c in range(ord("a"), ord("z") + 1)}}
)


class KeyedText:
    """A text as term keys see it, with the way back to offsets in the text as written."""

    def __init__(self, text: str):
        self.text = unicodedata.normalize("NFC", text) if not text.isascii() else text
        self.keyed = self.text.translate(_FOLD)
        # The j-th dropped character sits at keyed index (its offset - j): a keyed
        # index k lies after every dropped character whose keyed index is <= k.
        self._dropped = [m.start() - j for j, m in enumerate(_SKIP_RE.finditer(self.text))]

    def offset(self, k: int) -> int:
        """The offset in the text of the keyed character at index k."""
        return k + bisect.bisect_right(self._dropped, k)


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
        keyed = KeyedText(text)
        for end_index, (length, term_id) in self._automaton.iter_long(keyed.keyed):
            start, end = keyed.offset(end_index - length + 1), keyed.offset(end_index) + 1
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
