"""Browsing: all terms by pinyin, by region, by document, and the terms no report defines."""

from __future__ import annotations

from pathlib import Path

from glossary_app.core.browse import TermRow
from glossary_app.ui.mainwindow import MainWindow
from glossary_app.ui.models import ITEM_ROLE


def _show(qtbot, window: MainWindow, mode: str) -> None:
    panel = window.sidebar.browse
    window.sidebar.tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10000, check_params_cb=lambda m: m == mode):
        if panel.current_mode() == mode:
            panel.reload()
        else:
            panel.mode.setCurrentIndex(panel.mode.findData(mode))


def test_each_mode_lists_terms_and_opens_them(qtbot, window: MainWindow, idle) -> None:
    panel = window.sidebar.browse
    for mode in ("pinyin", "region", "document", "undefined"):
        _show(qtbot, window, mode)
        model = panel.view.model()
        assert model.rowCount() > 0, mode
    assert "使用" in panel.hint.text()
    first = panel.list_model.index(0, 0)
    assert isinstance(first.data(ITEM_ROLE), TermRow) and first.data(ITEM_ROLE).definitions == 0
    panel.view.activated.emit(first)
    idle(window)
    assert window.page.term == first.data()


def test_pinyin_groups_by_initial_letter(qtbot, window: MainWindow) -> None:
    _show(qtbot, window, "pinyin")
    groups = [label for label, _ in window.sidebar.browse.groups_model.groups()]
    assert groups == sorted(groups, key=lambda g: (g == "#", g)) and "W" in groups
    w = dict(window.sidebar.browse.groups_model.groups())["W"]
    assert "五制一平台" in [r.term for r in w]


def test_an_import_shows_up_in_browsing(qtbot, make_window, tmp_path: Path, reports_dir: Path) -> None:
    window: MainWindow = make_window(tmp_path / "new.db")
    _show(qtbot, window, "pinyin")
    assert window.sidebar.browse.groups_model.rowCount() == 0
    dialog = window.start_import([reports_dir])
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    window.sidebar.tabs.setCurrentIndex(0)
    with qtbot.waitSignal(window.sidebar.browse.loaded, timeout=10000):
        window.sidebar.tabs.setCurrentWidget(window.sidebar.browse)
    assert window.sidebar.browse.groups_model.rowCount() > 0
