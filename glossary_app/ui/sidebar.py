"""The left side of the window: the search box over results, browsing, favourites and history."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QListView, QStackedLayout, QTabWidget, QToolButton,
                               QVBoxLayout, QWidget)

from ..core.termbase import Lookup
from .browsepanel import BrowsePanel
from .delegates import TwoLineDelegate
from .models import TERM_ROLE
from .models.results import ResultsModel
from .models.terms import TermListModel
from .tasks import Databases, TaskContext, TaskRunner
from .theme import icon

RESULT_LIMIT = 50
PREVIEW_PAUSE_MS = 150  # a pause in typing this long shows the first result's page


def term_list(model: QAbstractItemModel, parent: QWidget) -> QListView:
    """A list view of terms, drawn two lines a row."""
    view = QListView(parent)
    view.setModel(model)
    view.setItemDelegate(TwoLineDelegate(view))
    view.setUniformItemSizes(True)  # every row is two lines: one size for all, no per-row measuring
    return view


class Sidebar(QWidget):
    """Search as you type; arrows choose, Enter opens, Esc clears."""

    term_previewed = Signal(str)  # the chosen result changed: show it without recording a visit
    term_opened = Signal(str)  # the user opened a term: show it and record the visit
    results_changed = Signal(str)  # the query whose results are now shown

    def __init__(self, runner: TaskRunner, databases: Databases, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.databases = runner, databases
        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("输入简称、关键词或拼音")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self.lookup)
        self.search.returnPressed.connect(self.open_current)
        self.search.installEventFilter(self)

        self._preview_term = ""
        self._at_once = False
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_PAUSE_MS)
        self._preview_timer.timeout.connect(self._preview)

        self.results_model = ResultsModel(self)
        self.results = term_list(self.results_model, self)
        self.results.selectionModel().currentChanged.connect(self._on_current)
        self.results.activated.connect(lambda index: self.term_opened.emit(index.data(TERM_ROLE)))
        self.empty = QLabel(self)
        self.empty.setObjectName("emptyHint")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)  # it repeats the query: typed text is never markup
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        results_page = QWidget(self)
        self.results_stack = QStackedLayout(results_page)
        self.results_stack.addWidget(self.results)
        self.results_stack.addWidget(self.empty)

        self.browse = BrowsePanel(runner, databases, self)
        self.browse.term_activated.connect(self.term_opened)
        self.favourites_model, self.history_model = TermListModel(self), TermListModel(self)
        self.favourites = term_list(self.favourites_model, self)
        self.history = term_list(self.history_model, self)
        for view in (self.favourites, self.history):
            view.activated.connect(lambda index: self.term_opened.emit(index.data(TERM_ROLE)))

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(results_page, "检索结果")
        self.tabs.addTab(self.browse, "浏览")
        self.tabs.addTab(self.favourites, "收藏")
        self.tabs.addTab(self.history, "历史")
        self.tabs.currentChanged.connect(self._on_tab)
        self.search_row = QHBoxLayout()
        self.search_row.setSpacing(2)
        self.search_row.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 4, 10)
        layout.addLayout(self.search_row)
        layout.addWidget(self.tabs, 1)
        self._show_hint("")

    def add_leading_actions(self, actions: list[QAction]) -> None:
        """Put buttons for actions (back, forward) before the search box."""
        for i, action in enumerate(actions):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            self.search_row.insertWidget(i, button)

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected (Ctrl+L, Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def lookup(self, query: str) -> None:
        """Look query up in the background; an answer to an older query is dropped."""
        self.tabs.setCurrentIndex(0)
        if not query.strip():
            self.results_model.set_results("", [])
            self._show_hint("")
            self.results_changed.emit("")
            return
        databases = self.databases

        def work(ctx: TaskContext) -> Lookup:
            return databases.browser().termbase.lookup(query, limit=RESULT_LIMIT, passages=0)

        self.runner.submit("lookup", work, self._show_results)

    def _show_results(self, lookup: Lookup) -> None:
        self.results_model.set_results(lookup.query, lookup.results)
        if lookup.results:
            self.results_stack.setCurrentIndex(0)
            self.results.setCurrentIndex(self.results_model.index(0, 0))
        else:
            self._show_hint(lookup.query)
        self.results_changed.emit(lookup.query)

    def _show_hint(self, query: str) -> None:
        self.results_stack.setCurrentIndex(1)
        self.empty.setText(f"未找到“{query}”。\n\n词库中没有这个术语，已导入的报告正文中也没有出现。\n"
                           "可换一种写法，或通过“文件 → 导入报告”加入新的报告。" if query else
                           "输入简称即可查询，结果随输入即时更新。\n\n↑ ↓ 选择　回车 打开　Esc 清空")

    def preview_next_at_once(self) -> None:
        """Show the next result's page without waiting for a pause (a query set by the program)."""
        self._at_once = True

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        # While the user types or runs down the list, the page follows only once they pause: a page
        # for every keystroke would hold the lookup thread up behind pages nobody reads.
        if current.isValid():
            self._preview_term = current.data(TERM_ROLE)
            if self._at_once:
                self._at_once = False
                self._preview()
            else:
                self._preview_timer.start()

    @property
    def preview_pending(self) -> bool:
        """Whether a result's page is still waiting for the user to pause."""
        return self._preview_timer.isActive()

    def _preview(self) -> None:
        if self._preview_term:
            self.term_previewed.emit(self._preview_term)

    def open_current(self) -> None:
        """Open the chosen result (Enter in the search box)."""
        index = self.results.currentIndex()
        if index.isValid():
            self.term_opened.emit(index.data(TERM_ROLE))

    def _on_tab(self, index: int) -> None:
        if self.tabs.widget(index) is self.browse:
            self.browse.ensure_loaded()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up, Down, PageUp, PageDown in the search box move through the results; Esc clears."""
        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = Qt.Key(event.key())
            if key == Qt.Key.Key_Escape:
                self.search.clear()
                return True
            steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}
            if key in steps and self.results_model.rowCount():
                row = max(0, min(self.results.currentIndex().row() + steps[key], self.results_model.rowCount() - 1))
                self.results.selectionModel().setCurrentIndex(
                    self.results_model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
                return True
        return super().eventFilter(watched, event)
