"""term_key and numeral_key: the spellings of one term meet on one key."""

from __future__ import annotations

import pytest

from glossary_app.core.termkey import numeral_key, strip_quotes, term_key

KEYS = [
    ("“五好”园区", "五好园区"),
    ("三集中、三到位", "三集中三到位"),
    ("“5＋Ｎ”产业体系", "5+N产业体系"),
    ("ｐｐｐ项目", "PPP项目"),
    ("四\u200b专\u200d机\u200c制", "四专机制"),  # zero-width characters copied along with a term
    ("\u202e四专机制\u202c", "四专机制"),  # a bidi override around it
    ("四专 机制", "四专机制"),
]


@pytest.mark.parametrize(("spelling", "key"), KEYS)
def test_term_key(spelling: str, key: str) -> None:
    assert term_key(spelling) == key


@pytest.mark.parametrize(("a", "b"), [("五+N", "5+N"), ("两不愁三保障", "2不愁3保障"), ("二孩", "两孩")])
def test_numeral_key_meets_across_numerals(a: str, b: str) -> None:
    assert numeral_key(a) == numeral_key(b)


def test_strip_quotes_keeps_separators() -> None:
    assert strip_quotes("“三集中、三到位”") == "三集中、三到位"
