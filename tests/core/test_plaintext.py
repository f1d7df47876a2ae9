"""core.plaintext: what is shown of report text is what can be seen, and a spreadsheet never runs it."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary_app.core.plaintext import has_hidden, looks_like_formula, spreadsheet_text, visible_offset, visible_text

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

CASES = [
    # (text as a report or a query may carry it, as shown)
    ("专报\u202e制度\u202c", "专报制度"),  # a right-to-left override would print 度制
    ("\u2066示范村\u2069\u2067基层\u2069\u206838个\u2069", "示范村基层38个"),
    ("四\u200b专\u200d机\u200c制", "四专机制"),
    ("\ufeff五联\x00共建", "五联共建"),
    ("a\x1b[31mb\x7f\x85c", "a[31mbc"),  # terminal escapes and C1 controls
    ("soft\u00adhyphen", "softhyphen"),
    ("tag\U000e0041\U000e0042s", "tags"),  # tag characters can smuggle hidden text
    ("\ud800lone\udfff", "lone"),
    ("\ufffe\uffff", ""),
    # Kept: markup is visible text (escaping is the renderer's job), and so are line breaks, tabs and CJK.
    ("<script>alert(1)</script>&amp;", "<script>alert(1)</script>&amp;"),
    ("第一行\n第二行\t\r", "第一行\n第二行\t\r"),
    ("𠀾\U0010fffd\u3000“五制一平台”", "𠀾\U0010fffd\u3000“五制一平台”"),
]


@pytest.mark.parametrize(("text", "shown"), CASES)
def test_visible_text_drops_only_what_cannot_be_seen(text: str, shown: str) -> None:
    assert visible_text(text) == shown
    assert has_hidden(text) == (text != shown)


def test_every_format_character_of_this_python_is_dropped() -> None:
    # The list is written out for speed; a newer Unicode database with new format characters fails here.
    format_chars = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert set(BIDI + ZERO_WIDTH) <= set(format_chars)
    assert [c for c in format_chars if visible_text(c)] == []


def test_nothing_visible_is_dropped() -> None:
    # Letters, marks, numbers, punctuation, symbols, separators and private-use characters all stay.
    kept = [chr(c) for c in range(sys.maxunicode + 1)
            if unicodedata.category(chr(c))[0] in "LMNPSZ" or unicodedata.category(chr(c)) == "Co"]
    assert visible_text("".join(kept)) == "".join(kept)


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(st.characters(), st.sampled_from(BIDI + ZERO_WIDTH + "\x00"))), st.data())
def test_visible_offset_maps_a_span_onto_the_shown_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    shown = visible_text(text)
    assert shown[visible_offset(text, start):visible_offset(text, end)] == visible_text(text[start:end])
    assert not has_hidden(shown)


@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"http://example.com\",\"点此\")", "'=HYPERLINK(\"http://example.com\",\"点此\")"),
    ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1:A9)", "'@SUM(A1:A9)"), ("\t=1", "'\t=1"),
    ("5+N产业体系", "5+N产业体系"), ("＝全角等号", "＝全角等号"), ("", ""), ("a=b", "a=b"),
])
def test_spreadsheet_text_never_starts_a_formula(cell: str, written: str) -> None:
    assert spreadsheet_text(cell) == written
    assert looks_like_formula(cell) == (cell != written)
