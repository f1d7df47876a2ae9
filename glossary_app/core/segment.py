"""jieba, started only when a lookup first needs it, with the term base's own terms as words."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any


class Segmenter:
    """Cuts a query into words; a term of the term base stays one word (五制一平台, not 五/制/一/平台)."""

    def __init__(self, words: Callable[[], Iterable[str]] | None = None):
        """words gives the terms to add to jieba's dictionary; it is called when jieba starts."""
        self._words = words
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        """Whether jieba's dictionary is loaded (about a second's work)."""
        return self._tokenizer is not None

    def cut(self, text: str) -> list[str]:
        """The words of text, in order, punctuation and spaces dropped."""
        if self._tokenizer is None:
            self._start()
        return [w for w in self._tokenizer.lcut(text) if w.strip() and any(c.isalnum() for c in w)]

    def _start(self) -> None:
        # Locked: the GUI may warm jieba up in the background while a lookup needs it.
        with self._lock:
            if self._tokenizer is not None:
                return
            import jieba  # type: ignore[import-untyped]

            jieba.setLogLevel(60)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for word in self._words() if self._words else ():
                if len(word) >= 2:
                    tokenizer.add_word(word, freq=1000)
            self._tokenizer = tokenizer
