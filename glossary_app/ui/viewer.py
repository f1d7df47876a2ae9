"""The document viewer: a whole report, scrolled to one use of a term, with the next and previous use."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QTextEdit, QVBoxLayout, QWidget

from ..core.browse import DocumentText, Use
from .theme import colors, tool_button


class DocumentViewer(QWidget):
    """Shows a document as plain paragraphs (never as markup) with every use of the term marked."""

    back_requested = Signal()
    use_changed = Signal(int)  # the index of the use now in view

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document: DocumentText | None = None
        self.uses: list[Use] = []
        self.current = 0
        self.term = ""
        self._block_starts: list[int] = []

        self.title = QLabel(self)
        self.title.setObjectName("docTitle")
        self.title.setWordWrap(True)
        self.meta = QLabel(self)
        self.meta.setObjectName("muted")
        self.position = QLabel(self)
        self.position.setObjectName("muted")
        self.previous = tool_button("上一处", "up", "上一处用法（Shift+F3）", self)
        self.previous.setShortcut("Shift+F3")
        self.previous.clicked.connect(lambda: self.go(self.current - 1))
        self.next = tool_button("下一处", "down", "下一处用法（F3）", self)
        self.next.setShortcut("F3")
        self.next.clicked.connect(lambda: self.go(self.current + 1))
        self.back = tool_button("返回词条", "back", "回到词条页（Alt+←）", self)
        self.back.clicked.connect(self.back_requested)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.meta)
        head.addLayout(titles, 1)
        for widget in (self.position, self.previous, self.next, self.back):
            head.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)

        self.text = QTextBrowser(self)
        self.text.setObjectName("documentText")
        self.text.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addWidget(self.text, 1)

    def show_document(self, document: DocumentText, uses: list[Use], current: int, term: str) -> None:
        """Show document with uses (all in it) marked, standing on uses[current]."""
        self.document, self.uses, self.term = document, uses, term
        info = document.info
        self.title.setText(info.title)
        self.meta.setText(" · ".join(p for p in (info.region, info.date, info.file) if p))
        self._build(document, uses)
        self.go(current)

    def _build(self, document: DocumentText, uses: list[Use]) -> None:
        doc = QTextDocument(self.text)
        doc.setDefaultFont(self.text.font())
        doc.setDocumentMargin(18)
        cursor = QTextCursor(doc)
        block = QTextBlockFormat()
        block.setBottomMargin(10)
        block.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block.setTextIndent(self.text.fontMetrics().horizontalAdvance("中") * 2)  # 首行缩进两字, as reports are set
        plain, mark = QTextCharFormat(), QTextCharFormat()
        mark.setBackground(QColor(colors().mark))
        by_paragraph: dict[int, list[Use]] = {}
        for use in uses:
            by_paragraph.setdefault(use.paragraph, []).append(use)
        self._block_starts = []
        for i, paragraph in enumerate(document.paragraphs):
            if i:
                cursor.insertBlock(block, plain)
            else:
                cursor.setBlockFormat(block)
            self._block_starts.append(cursor.position())
            pos = 0
            for use in sorted(by_paragraph.get(i, []), key=lambda u: u.start):
                cursor.insertText(paragraph[pos:use.start], plain)
                cursor.insertText(paragraph[use.start:use.end], mark)
                pos = use.end
            cursor.insertText(paragraph[pos:], plain)
        self.text.setDocument(doc)

    def go(self, index: int) -> None:
        """Move to the use at index (clamped), mark it strongly and scroll it into the upper third."""
        if not self.uses:
            self.position.setText("")
            self.previous.setEnabled(False)
            self.next.setEnabled(False)
            return
        self.current = max(0, min(index, len(self.uses) - 1))
        use = self.uses[self.current]
        start = self._block_starts[use.paragraph] + use.start
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(self._block_starts[use.paragraph] + use.end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format.setBackground(QColor(colors().current))
        selection.format.setFontWeight(QFont.Weight.Bold)
        self.text.setExtraSelections([selection])
        self.position.setText(f"“{self.term}” 第 {self.current + 1} / {len(self.uses)} 处")
        self.previous.setEnabled(self.current > 0)
        self.next.setEnabled(self.current < len(self.uses) - 1)
        self._scroll_to(start)
        # Again once the layout has settled: a viewer just brought to front has not its final width yet.
        QTimer.singleShot(0, self, lambda: self._scroll_to(start))
        self.use_changed.emit(self.current)

    def _scroll_to(self, position: int) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(position)
        self.text.setTextCursor(cursor)
        bar = self.text.verticalScrollBar()
        top = self.text.cursorRect(cursor).top() + bar.value()
        bar.setValue(max(0, top - self.text.viewport().height() // 3))

    def current_use(self) -> Use | None:
        """The use in view."""
        return self.uses[self.current] if self.uses else None
