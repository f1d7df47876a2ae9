"""The personal layer in the window: favourites, notes, own definitions and history survive a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from glossary_app.ui.dialogs import NoteDialog, OwnDefinitionDialog
from glossary_app.ui.mainwindow import MainWindow


@pytest.fixture
def answer_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs answer as a user filling them in would, without a modal loop."""
    def note_exec(self: NoteDialog) -> int:
        self.editor.setPlainText("按季度调度，县发改局牵头")
        return QDialog.DialogCode.Accepted
    def own_exec(self: OwnDefinitionDialog) -> int:
        self.definition.setPlainText("五项制度加一个调度平台")
        self.source.setText("科室口径")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(NoteDialog, "exec", note_exec)
    monkeypatch.setattr(OwnDefinitionDialog, "exec", own_exec)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)


def test_favourites_notes_and_own_definitions_survive_a_restart(
        make_window, seed_db: Path, idle, answer_dialogs) -> None:
    window: MainWindow = make_window(seed_db)
    window.open_term("五制一平台")
    idle(window)
    page = window.page
    page.favourite.click()
    page.note.click()
    page.add_own.click()
    assert page.favourite.isChecked() and page.favourite.text() == "已收藏"
    text = page.browser.toPlainText()
    assert "按季度调度" in text and "五项制度加一个调度平台" in text and "科室口径" in text
    assert window.sidebar.favourites_model.term(0) == "五制一平台"
    window.close()  # a restart: a new window on the same user database

    again: MainWindow = make_window(seed_db)
    assert again.sidebar.favourites_model.rowCount() == 1
    assert again.sidebar.history_model.term(0) == "五制一平台"
    again.sidebar.favourites.activated.emit(again.sidebar.favourites_model.index(0, 0))
    idle(again)
    assert again.page.term == "五制一平台" and again.page.favourite.isChecked()
    assert "按季度调度" in again.page.browser.toPlainText()
    assert again.page.note.text() == "修改笔记"


def test_unfavourite_and_delete_own_definition(make_window, seed_db: Path, idle, answer_dialogs) -> None:
    window: MainWindow = make_window(seed_db)
    window.open_term("四上企业")
    idle(window)
    page = window.page
    page.favourite.click()
    page.favourite.click()
    assert window.userdata.favourites() == [] and page.favourite.text() == "收藏"
    page.add_own.click()
    [own] = window.userdata.definitions("四上企业")
    page.own_definition_deleted.emit(own.id)
    assert window.userdata.definitions("四上企业") == []
    assert "五项制度加一个调度平台" not in page.browser.toPlainText()


def test_personal_layer_on_a_word_the_term_base_lacks(make_window, seed_db: Path, idle, answer_dialogs) -> None:
    window: MainWindow = make_window(seed_db)
    window.open_term("乡村振兴")  # only in running text
    idle(window)
    window.page.favourite.click()
    assert window.userdata.favourites() == ["乡村振兴"]
