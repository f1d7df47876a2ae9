"""Cut the sentence (or two) around a use of a term out of its paragraph."""

from __future__ import annotations

import re

_SENTENCE_END_RE = re.compile(r"[。！？!?；;]")
_MIN_CONTEXT = 40  # a sentence shorter than this takes its neighbour with it
_MAX_CONTEXT = 240  # a longer one is trimmed around the use


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END_RE.finditer(text, 0, start)), default=0)
    m = _SENTENCE_END_RE.search(text, end)
    right = m.end() if m else len(text)
    return left, right


def passage(text: str, start: int, end: int) -> tuple[str, int, int]:
    """(passage, start, end) such that passage[start:end] == text[start_in:end_in]."""
    left, right = _sentence_bounds(text, start, end)
    if right - left < _MIN_CONTEXT:
        if right < len(text):
            right = _sentence_bounds(text, right, right)[1] if right < len(text) else right
        elif left > 0:
            left = _sentence_bounds(text, max(left - 1, 0), max(left - 1, 0))[0]
    prefix = suffix = ""
    if right - left > _MAX_CONTEXT:
        half = (_MAX_CONTEXT - (end - start)) // 2
        new_left, new_right = max(left, start - half), min(right, end + half)
        prefix = "…" if new_left > left else ""
        suffix = "…" if new_right < right else ""
        left, right = new_left, new_right
    body = text[left:right]
    stripped = len(body) - len(body.lstrip())
    snippet = prefix + body.strip() + suffix
    shift = len(prefix) - left - stripped
    return snippet, start + shift, end + shift
