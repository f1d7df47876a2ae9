"""Hostile queries in the window (issue 7 part 5): whatever is typed, the search answers, the page follows,
and no background task fails (the task runner reports failures; none may be swallowed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glossary_app.core import build, store
from glossary_app.core.plaintext import has_hidden
from glossary_app.ui.mainwindow import MainWindow

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
PIECES = ['"', "*", "^", ":", "-", "(", ")", "%", "_", "\\", "AND", "NEAR(", "<script>", "<b>", "&amp;", "&lt;",
          "javascript:", "file:///", "\x00", "\x1b[2J", "\ud800", "\udc00", "\u202e", "\u2066", "\u2069", "\u200b",
          "\u200d", "\ufeff", "\u200f", "مرحبا", "\U000e0041", "\ufffe", "\n", "\t", "\u3000", "😀", "三张清单", "四专",
          "五联", "六统一", "一窗", "两个", "szqd"]
TERMS = ["三张清单", "一窗通办", "两个", "四专机制", "五联共建", "六统一", "<script>", "qd"]
DECORATION = st.sampled_from(["", "“", "”", '"', "\u202e", "\u202d", "\u2066", "\u200b", "\ufeff", "\x00", "<b>", " ",
                              "\u3000", "\ud800", "*"])
# Anything at all, and (as often) a term of the hostile report wrapped in quotes, controls or markup: so that
# about half the queries find something and open its page.
QUERIES = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=8).map("".join),
    st.tuples(DECORATION, st.sampled_from(TERMS), DECORATION).map("".join))


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, common_freq) -> Path:
    """A term base built from the hostile report as .txt and as .html."""
    path = tmp_path_factory.mktemp("hostile") / "terms.db"
    db = store.open_database(path)
    build.build(db, [HOSTILE / "hostile_report.txt", HOSTILE / "hostile_report.html"], common_freq=common_freq)
    db.close()
    return path


@pytest.fixture
def hostile(make_window: Callable[[Path], MainWindow], hostile_db: Path) -> MainWindow:
    return make_window(hostile_db)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERIES)
@example("<script>alert(1)</script>")
@example("\u202e三张清单")
@example("\ud800五联\x00")
@example("三" * 20_000)
@example('"五制" AND NOT * ^ NEAR(四 上)')
def test_typing_any_query_answers(hostile: MainWindow, idle, query: str) -> None:
    sidebar = hostile.sidebar
    sidebar.search.setText(query)
    idle(hostile)
    assert hostile.failures == []  # every background task answered; none failed
    model = sidebar.results_model
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    for index in rows:
        assert not has_hidden(index.data())
        assert "<script" not in index.data(0x03)  # ToolTipRole: document text escaped
    if rows:
        # The first result's page followed the typing.
        assert hostile.page.details is not None and hostile.page.details.term == model.result(0).term
    else:
        assert sidebar.results_stack.currentWidget() is sidebar.empty
