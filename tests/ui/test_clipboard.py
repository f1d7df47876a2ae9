"""Clipboard lookup: a known term copied elsewhere pops up its definition; other text does not."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from glossary_app.core import TermBase
from glossary_app.ui.mainwindow import MainWindow


def test_a_known_term_pops_up_with_its_definition(window: MainWindow, idle) -> None:
    window.clipboard.lookup_text("  五制一平台 ")
    idle(window)
    popup = window.popup
    assert popup.isVisible()
    assert popup.term.text() == "五制一平台"
    assert popup.definition.text().startswith("备案监督制")
    assert "祁东县政府工作报告" in popup.source.text()


def test_sentences_and_unknown_words_do_not_pop_up(window: MainWindow, idle) -> None:
    for text in ("这是从别处复制来的一整句话，远远长于任何一个简称，也不该弹出任何东西", "完全不存在的词", "五", "四上\n企业"):
        window.clipboard.lookup_text(text)
        idle(window)
        assert not window.popup.isVisible(), text


def test_clicking_the_popup_opens_the_term(qtbot, window: MainWindow, idle, seed_termbase: TermBase) -> None:
    window.popup.show_result(seed_termbase.lookup("四上企业", passages=0).results[0], QPoint(50, 50))
    qtbot.mouseClick(window.popup, Qt.MouseButton.LeftButton)
    idle(window)
    assert not window.popup.isVisible()
    assert window.page.term == "四上企业"


def test_the_mode_is_a_remembered_switch(window: MainWindow) -> None:
    window.clipboard_action.trigger()
    assert window.clipboard.enabled
    window.save_settings()
    assert str(window.settings.value("clipboard_lookup")).lower() == "true"
    window.clipboard_action.trigger()
    assert not window.clipboard.enabled


def test_a_hidden_popup_has_no_pending_hide(window: MainWindow, seed_termbase: TermBase) -> None:
    # Its timer firing after the window closed reached a popup Python had freed: the test run crashed.
    window.popup.show_result(seed_termbase.lookup("四上企业", passages=0).results[0], QPoint(50, 50))
    assert window.popup._timer.isActive()
    window.close()
    assert not window.popup.isVisible() and not window.popup._timer.isActive()
