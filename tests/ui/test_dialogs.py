"""Small dialogs: the About box says the version and what the term base holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from glossary_app import __version__
from glossary_app.ui.dialogs import AboutDialog, NoteDialog, OwnDefinitionDialog


def test_about_shows_version_and_statistics(qtbot) -> None:
    stats = {"files": 5, "documents": 26, "terms": 879, "definitions": 60, "occurrences": 2406, "regions": 10,
             "undefined": 812}
    dialog = AboutDialog(stats, Path("/x/terms.db"), Path("/x/user.db"))
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"版本 {__version__}" in text
    assert "文档 26 篇" in text and "术语 879 个" in text and "尚无释义的术语 812 个" in text
    assert "/x/user.db" in text


def test_note_and_own_definition_dialogs_give_what_was_typed(qtbot) -> None:
    note = NoteDialog("五制一平台", "旧笔记")
    qtbot.addWidget(note)
    assert note.text() == "旧笔记"
    note.editor.setPlainText("  新笔记 \n")
    assert note.text() == "新笔记"
    own = OwnDefinitionDialog("一单四制")
    qtbot.addWidget(own)
    own.definition.setPlainText(" 一张清单 ")
    own.source.setText(" 科室口径 ")
    assert own.values() == ("一张清单", "科室口径")
