"""Small dialogs: a note, an own definition, the About box."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from .. import __version__
from ..core.plaintext import visible_text
from .theme import icon


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog)
    box.button(QDialogButtonBox.StandardButton.Save).setText("保存")
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class NoteDialog(QDialog):
    """Write or change the note on a term; saving an empty note deletes it."""

    def __init__(self, term: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"笔记：{visible_text(term)}")
        self.editor = QPlainTextEdit(text, self)
        self.editor.setPlaceholderText("记下与此词有关的要点、口径或出处。清空后保存即删除笔记。")
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(_buttons(self))
        self.resize(480, 280)

    def text(self) -> str:
        """What the user wrote."""
        return self.editor.toPlainText().strip()


class OwnDefinitionDialog(QDialog):
    """Add one's own definition of a term, with where it comes from."""

    def __init__(self, term: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"添加释义：{visible_text(term)}")
        self.definition = QPlainTextEdit(self)
        self.definition.setPlaceholderText("释义内容")
        self.source = QLineEdit(self)
        self.source.setPlaceholderText("如：市发改委2024年工作要点，或“据业务科室口径”")
        form = QFormLayout()
        form.addRow("释义", self.definition)
        form.addRow("出处", self.source)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))
        self.resize(520, 300)

    def values(self) -> tuple[str, str]:
        """(definition, source) as entered."""
        return self.definition.toPlainText().strip(), self.source.text().strip()


class AboutDialog(QDialog):
    """Version, what the term base holds, and where the user's files are."""

    def __init__(self, stats: dict[str, int], db_path: Path, user_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("关于")
        logo = QLabel(self)
        logo.setPixmap(icon("app").pixmap(64, 64))
        text = QLabel(self)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setText(
            f"地方政府报告简称词典　版本 {__version__}\n\n"
            f"帮助新入职人员读懂政府工作报告、政府公报中的简称与提法：\n查释义、看出处、对比各地口径、定位原文。全程离线。\n\n"
            f"词库：文件 {stats.get('files', 0)} 个，文档 {stats.get('documents', 0)} 篇，"
            f"术语 {stats.get('terms', 0)} 个，释义 {stats.get('definitions', 0)} 条，用法 {stats.get('occurrences', 0)} 处；\n"
            f"涉及地区 {stats.get('regions', 0)} 个，尚无释义的术语 {stats.get('undefined', 0)} 个。\n\n"
            f"词库文件：{db_path}\n个人数据：{user_path}")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(logo, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text)
        layout.addWidget(box)
