"""Clipboard lookup: copy a known term in any program and a small popup gives its definition."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QHideEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ..core.plaintext import visible_text
from ..core.termbase import Result
from .render import source_text
from .tasks import Databases, TaskContext, TaskRunner

MAX_LENGTH = 24  # longer clipboard text is a sentence being copied, not a term being asked about
KNOWN = ("exact",)  # only a term the user copied as such (aliases and numeral spellings included) earns a popup
SHOW_MS = 12000


class ClipboardPopup(QFrame):
    """A borderless note near the mouse: term, first definition, source; a click opens the term page."""

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("clipboardPopup")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.shown_term = ""  # as the term base spells it; the label shows it without invisible characters
        self.term = QLabel(self)
        self.term.setObjectName("popupTerm")
        self.definition = QLabel(self)
        self.source = QLabel(self)
        self.source.setObjectName("muted")
        self.hint = QLabel("单击查看详情", self)
        self.hint.setObjectName("muted")
        for label in (self.term, self.definition, self.source, self.hint):
            label.setTextFormat(Qt.TextFormat.PlainText)  # clipboard and document text: never markup
            label.setWordWrap(True)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        for label in (self.term, self.definition, self.source, self.hint):
            layout.addWidget(label)
        self.setFixedWidth(380)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)

    def show_result(self, result: Result, near: QPoint) -> None:
        """Show result's first definition (or its count of uses) next to near."""
        self.shown_term = result.term
        self.term.setText(visible_text(result.term))
        if result.definitions:
            first = result.definitions[0]
            self.definition.setText(visible_text(first.text))
            self.source.setText("—— " + source_text(first.source))
            self.source.setVisible(bool(first.source.title))
        else:
            self.definition.setText(f"暂无释义，报告中使用 {result.occurrences} 处。")
            self.source.hide()
        # Wrapped labels need their height for this width; adjustSize() alone measures them unwrapped.
        self.setFixedHeight(self._layout.totalHeightForWidth(self.width()))
        screen = QGuiApplication.screenAt(near) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        x = min(near.x() + 16, area.right() - self.width())
        y = near.y() + 20 if near.y() + 20 + self.height() <= area.bottom() else near.y() - self.height() - 10
        self.move(max(area.left(), x), max(area.top(), y))
        self.show()
        self._timer.start(SHOW_MS)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()
        self.open_requested.emit(self.shown_term)

    def hideEvent(self, event: QHideEvent) -> None:
        # A pending hide must not fire once the window that owns the popup has closed (it would reach a
        # popup Python may already have freed: a crash, seen in the tests).
        self._timer.stop()
        super().hideEvent(event)


class ClipboardLookup(QObject):
    """While on, looks up each short text copied elsewhere and pops up known terms."""

    def __init__(self, runner: TaskRunner, databases: Databases, popup: ClipboardPopup):
        super().__init__(popup)
        self.runner, self.databases, self.popup = runner, databases, popup
        self.enabled = False

    def set_enabled(self, on: bool) -> None:
        """Start or stop watching the clipboard."""
        clipboard = QGuiApplication.clipboard()
        if on and not self.enabled:
            clipboard.dataChanged.connect(self._on_clipboard)
        elif not on and self.enabled:
            clipboard.dataChanged.disconnect(self._on_clipboard)
            self.popup.hide()
        self.enabled = on

    def _on_clipboard(self) -> None:
        if QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive:
            return  # copying inside the app itself (a definition with its citation) is no question
        self.lookup_text(QGuiApplication.clipboard().text())

    def lookup_text(self, text: str) -> None:
        """Look text up and pop the definition up if it is a known term."""
        text = text.strip()
        if not 2 <= len(text) <= MAX_LENGTH or "\n" in text:
            return
        databases = self.databases

        def work(ctx: TaskContext) -> Result | None:
            results = databases.browser().termbase.lookup(text, limit=1, passages=0).results
            return results[0] if results and results[0].match in KNOWN else None

        self.runner.submit("clipboard", work, self._show)

    def _show(self, result: Result | None) -> None:
        if result is not None:
            self.popup.show_result(result, QCursor.pos())
