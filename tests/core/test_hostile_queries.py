"""Hostile queries (issue 7 part 5): any string, against a term base of hostile text, returns without an
exception from lookup and from the term page's query (Browser.details), with offsets that hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glossary_app.core import build, store
from glossary_app.core.browse import Browser
from glossary_app.core.search import TIERS

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
# Pieces of queries that mean something to FTS5, LIKE, regular expressions, HTML, terminals or the bidi
# algorithm, and pieces of the hostile report's own terms (so that queries also hit).
PIECES = ['"', "*", "^", ":", "-", "+", "(", ")", "%", "_", "\\", "AND", "OR", "NOT", "NEAR(", "col:",
          "<script>", "</script>", "<b>", "&amp;", "&lt;", "javascript:", "file:///", "http://", "\x00", "\x1b[2J",
          "\ud800", "\udc00", "\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200c",
          "\u200d", "\ufeff", "\u200f", "مرحبا", "\U000e0041", "\ufffe", "\n", "\t", "\u3000", "三张清单", "四专",
          "五联", "六统一", "一窗通办", "两个", "sz", "szqd"]
QUERIES = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=10).map("".join)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, common_freq) -> Browser:
    """A Browser on a term base built from the hostile report (.txt and .html)."""
    path = tmp_path_factory.mktemp("hostile") / "terms.db"
    db = store.open_database(path)
    build.build(db, [HOSTILE / "hostile_report.txt", HOSTILE / "hostile_report.html"], common_freq=common_freq)
    return Browser(db)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERIES)
@example("<script>alert(1)</script>")
@example("四\u200b专\u200d机\u200c制")
@example("\u202e三张清单\u202c")
@example("五联\x00共建")
@example("\ud800" * 1000)
@example("<" * 20_000)
@example("三张清单" * 5_000)
def test_any_query_returns(browser: Browser, query: str) -> None:
    lookup = browser.termbase.lookup(query, limit=10)
    for result in lookup.results:
        assert result.match in TIERS
        for p in result.passages:
            assert 0 <= p.start <= p.end <= len(p.text)
    lookup.to_json()
    # The term page for whatever was typed (the GUI opens a page for the query itself when nothing matches).
    details = browser.details(query)
    for use in details.uses:
        assert 0 <= use.passage.start <= use.passage.end <= len(use.passage.text)


@pytest.mark.parametrize(("query", "term"), [
    ("三张清单", "三张清单<script>alert(1)</script>"),
    ("<script>", "三张清单<script>alert(1)</script>"),
    # The report writes 四\u200b专\u200d机\u200c制: reading drops the zero-width characters, so it is stored as seen
    ("四专机制", "四专机制"),
    ("\u202e四专机制\u202c", "四专机制"),
    ("四\u200b专\u200d机\u200c制", "四专机制"),
    ("两个&amp;三个", "两个&amp;三个"),
])
def test_hostile_terms_are_found(browser: Browser, query: str, term: str) -> None:
    assert browser.termbase.lookup(query, limit=1).results[0].term == term
