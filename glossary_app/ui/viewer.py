"""The document viewer: a whole report, scrolled to one use of a term, with the next and previous use."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QTextBrowser, QTextEdit, QVBoxLayout, QWidget

from ..core.browse import DocumentText, Use
from ..core.plaintext import visible_text
from .theme import colors, header_bar, tool_button


class DocumentViewer(QWidget):
    """Shows a document as plain paragraphs (never as markup, invisible controls dropped) with every use
    of the term marked."""

    back_requested = Signal()
    use_changed = Signal(int)  # the index of the use now in view

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document: DocumentText | None = None
        self.uses: list[Use] = []
        self.current = 0
        self.term = ""
        self._spans: list[tuple[int, int]] = []  # where each use stands in the shown text

        self.title = QLabel(self)
        self.title.setObjectName("docTitle")
        self.title.setWordWrap(True)
        self.meta = QLabel(self)
        self.meta.setObjectName("muted")
        self.position = QLabel(self)
        self.position.setObjectName("muted")
        for label in (self.title, self.meta, self.position):
            label.setTextFormat(Qt.TextFormat.PlainText)  # titles and terms are document text: never markup
        self.previous = tool_button("上一处", "up", "上一处用法（Shift+F3）", self)
        self.previous.setShortcut("Shift+F3")
        self.previous.clicked.connect(lambda: self.go(self.current - 1))
        self.next = tool_button("下一处", "down", "下一处用法（F3）", self)
        self.next.setShortcut("F3")
        self.next.clicked.connect(lambda: self.go(self.current + 1))
        self.back = tool_button("返回词条", "back", "回到词条页（Alt+←）", self)
        self.back.clicked.connect(self.back_requested)

        head = header_bar(self.title, self.meta, (self.position, self.previous, self.next, self.back))

        self.text = QTextBrowser(self)
        self.text.setObjectName("documentText")
        self.text.setOpenLinks(False)  # the text is plain and has no links; nothing is ever followed
        self.text.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addWidget(self.text, 1)

    def show_document(self, document: DocumentText, uses: list[Use], current: int, term: str) -> None:
        """Show document with uses (all in it) marked, standing on uses[current]."""
        self.document, self.uses, self.term = document, uses, term
        info = document.info
        self.title.setText(visible_text(info.title))
        self.meta.setText(visible_text(" · ".join(p for p in (info.region, info.date, info.file) if p)))
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
        by_paragraph: dict[int, list[int]] = {}
        for n, use in enumerate(uses):
            by_paragraph.setdefault(use.paragraph, []).append(n)
        self._spans = [(0, 0)] * len(uses)
        for i, paragraph in enumerate(document.paragraphs):
            if i:
                cursor.insertBlock(block, plain)
            else:
                cursor.setBlockFormat(block)
            pos = 0
            # Piece by piece, each cut where the stored offsets say, then made visible: the spans are
            # measured in the text as shown, which has no invisible characters.
            for n in sorted(by_paragraph.get(i, []), key=lambda n: uses[n].start):
                use = uses[n]
                begin = max(pos, use.start)  # overlapping uses: the text is shown once
                cursor.insertText(visible_text(paragraph[pos:begin]), plain)
                start = cursor.position()
                cursor.insertText(visible_text(paragraph[begin:use.end]), mark)
                self._spans[n] = (start, cursor.position())
                pos = max(pos, use.end)
            cursor.insertText(visible_text(paragraph[pos:]), plain)
        self.text.setDocument(doc)

    def go(self, index: int) -> None:
        """Move to the use at index (clamped), mark it strongly and scroll it into the upper third."""
        if not self.uses:
            self.position.setText("")
            self.previous.setEnabled(False)
            self.next.setEnabled(False)
            return
        self.current = max(0, min(index, len(self.uses) - 1))
        start, end = self._spans[self.current]
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format.setBackground(QColor(colors().current))
        selection.format.setFontWeight(QFont.Weight.Bold)
        self.text.setExtraSelections([selection])
        self.position.setText(f"“{visible_text(self.term)}” 第 {self.current + 1} / {len(self.uses)} 处")
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
