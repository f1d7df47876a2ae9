"""The main window as a user drives it: type, choose, open, follow links, read in context, go back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from glossary_app.core.termbase import disagreeing
from glossary_app.core.termkey import term_key
from glossary_app.ui.mainwindow import MainWindow
from glossary_app.ui.render import DARK, LIGHT, term_link
from glossary_app.ui.theme import apply_theme


def _results(window: MainWindow) -> list[str]:
    model = window.sidebar.results_model
    return [model.result(r).term for r in range(model.rowCount())]


def test_typing_updates_results_and_shows_the_first(window: MainWindow, idle, type_text) -> None:
    type_text(window.sidebar.search, "五制")
    idle(window)
    assert "五制一平台" in _results(window)
    assert window.sidebar.results_model.query == "五制"
    assert window.stack.currentWidget() is window.page
    assert window.page.term == _results(window)[0]
    # A preview is not a visit: history and back stay empty until the user opens something.
    assert window.userdata.history() == []


def test_a_query_with_no_answer_says_so(window: MainWindow, idle, type_text) -> None:
    type_text(window.sidebar.search, "完全不存在的词语")
    idle(window)
    assert _results(window) == []
    assert "未找到“完全不存在的词语”" in window.sidebar.empty.text()


def test_keyboard_arrows_enter_escape_and_ctrl_l(qtbot, window: MainWindow, idle, type_text) -> None:
    search = window.sidebar.search
    type_text(search, "一主")
    idle(window)
    terms = _results(window)
    assert len(terms) >= 2
    qtbot.keyClick(search, Qt.Key.Key_Down)
    idle(window)
    assert window.sidebar.results.currentIndex().row() == 1
    assert window.page.term == terms[1]
    qtbot.keyClick(search, Qt.Key.Key_Return)
    idle(window)
    assert window.userdata.history() == [terms[1]]
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    window.page.browser.setFocus()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(search.hasFocus)


def test_opening_a_term_shows_definition_source_and_uses(window: MainWindow, idle) -> None:
    window.open_term("五制一平台")
    idle(window)
    page = window.page
    text = page.browser.toPlainText()
    assert "【名词解释】备案监督制" in text
    assert "《祁东县政府工作报告》" in text
    assert "五制" in text and "一平台" in text  # the breakdown
    assert page.uses_model.rowCount() == 1  # one document…
    assert len(page.uses_model.all_uses()) == 2  # …with two uses
    assert window.userdata.history() == ["五制一平台"]


def test_following_a_link_in_a_definition(window: MainWindow, idle) -> None:
    window.open_term("三主三特")
    idle(window)
    assert f'href="{term_link("一主一特")}"' in window.page.browser.toHtml()
    window.page.browser.anchorClicked.emit(QUrl(term_link("一主一特")))
    idle(window)
    assert window.page.term == "一主一特"
    window.go_back()
    idle(window)
    assert window.page.term == "三主三特"
    window.go_forward()
    idle(window)
    assert window.page.term == "一主一特"


def test_definitions_that_differ_are_compared(window: MainWindow, idle, seed_termbase) -> None:
    tb = seed_termbase
    differing = [tb.db["terms"].get(r["term_id"])["term"] for r in tb.db.query(
        "SELECT term_id FROM definitions GROUP BY term_id HAVING count(*) > 1") if disagreeing(tb.definitions(r["term_id"]))]
    assert differing, "the seed reports have a term defined in more than one way"
    window.open_term(differing[0])
    idle(window)
    assert "释义对比" in window.page.browser.toPlainText()
    window.open_term("五制一平台")
    idle(window)
    assert "释义对比" not in window.page.browser.toPlainText()


def test_region_and_year_filters(window: MainWindow, idle) -> None:
    window.open_term("四上企业")
    idle(window)
    page = window.page
    total = len(page.uses_model.all_uses())
    page.region.setCurrentText("常德市")
    shown = [u for _, uses in page.uses_model.groups() for u in uses]
    assert shown and all(u.passage.source.region == "常德市" for u in shown) and len(shown) < total
    assert f"/ {total} 处" in page.uses_title.text()
    page.region.setCurrentIndex(0)
    page.year.setCurrentText("2023")
    assert all(u.passage.source.date.startswith("2023") for _, uses in page.uses_model.groups() for u in uses)


def test_opening_a_passage_in_the_viewer_with_next_and_previous(qtbot, window: MainWindow, idle) -> None:
    window.open_term("发展六仗")
    idle(window)
    page = window.page
    model = page.uses_model
    busiest = max(range(model.rowCount()), key=lambda row: model.rowCount(model.index(row, 0)))
    group = model.index(busiest, 0)
    assert model.rowCount(group) >= 3
    page.uses.activated.emit(model.index(1, 0, group))
    idle(window)
    viewer = window.viewer
    assert window.stack.currentWidget() is viewer
    assert viewer.current == 1
    use = viewer.current_use()
    assert term_key(viewer.document.paragraphs[use.paragraph][use.start:use.end]) == "发展六仗"
    assert term_key(viewer.text.extraSelections()[0].cursor.selectedText()) == "发展六仗"
    qtbot.mouseClick(viewer.next, Qt.MouseButton.LeftButton)
    assert viewer.current == 2
    qtbot.mouseClick(viewer.previous, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(viewer.previous, Qt.MouseButton.LeftButton)
    assert viewer.current == 0 and not viewer.previous.isEnabled()
    window.go_back()
    idle(window)
    assert window.stack.currentWidget() is window.page


def test_document_text_is_never_markup(window: MainWindow, idle) -> None:
    window.open_term("五制一平台")
    idle(window)
    window.open_use(window.page.uses_model.all_uses()[0])
    idle(window)
    assert window.viewer.text.toPlainText() == "\n".join(window.viewer.document.paragraphs)


def test_copy_definition_with_citation(window: MainWindow, idle) -> None:
    window.open_term("五制一平台")
    idle(window)
    window.page.copy.click()
    assert QGuiApplication.clipboard().text() == (
        "五制一平台：备案监督制、承诺兑现制、规模榜单制、清单管理制、现场观摩制，重大项目“云调度”平台。"
        "（来源：《祁东县政府工作报告》（2023-03-27））")


def test_zoom_changes_and_is_remembered(window: MainWindow) -> None:
    before = QApplication.font().pointSizeF()
    window.zoom(1)
    assert QApplication.font().pointSizeF() == before + 1
    assert float(window.settings.value("font_size")) == before + 1
    window.zoom(0)


def test_last_query_and_geometry_are_remembered(window: MainWindow, idle) -> None:
    window.set_query("四上")
    idle(window)
    window.resize(1000, 700)
    window.save_settings()
    assert window.settings.value("last_query") == "四上"
    assert not window.settings.value("geometry").isEmpty()


def test_dropping_files_starts_an_import(qtbot, make_window, tmp_path: Path, reports_dir: Path) -> None:
    window = make_window(tmp_path / "new.db")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(reports_dir))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    dialog = window.dialogs[-1]
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert [f.status for f in dialog.report.files] == ["added", "added"]


def test_dark_theme_redraws_the_page(qapp, window: MainWindow, idle) -> None:
    window.open_term("五制一平台")
    idle(window)
    try:
        apply_theme(qapp, dark=True)
        window.refresh_theme()
        assert DARK.card in window.page.browser.toHtml()
    finally:
        apply_theme(qapp, dark=False)
        window.refresh_theme()
    assert LIGHT.card in window.page.browser.toHtml()


def test_clear_history(window: MainWindow, idle) -> None:
    window.open_term("五制一平台")
    idle(window)
    assert window.sidebar.history_model.rowCount() == 1
    window.clear_history()
    assert window.sidebar.history_model.rowCount() == 0 and window.userdata.history() == []
