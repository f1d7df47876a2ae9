"""Browsing the whole term base: by pinyin, by region, by document, and the terms no report defines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from ..core.browse import Browser, TermRow
from .delegates import TwoLineDelegate, WrappingTreeView
from .models import ITEM_ROLE
from .models.grouped import TermGroupsModel
from .models.terms import TermListModel
from .tasks import Databases, TaskContext, TaskRunner

# mode → (label, what to fetch); grouped modes give [(label, rows)], the flat one a list of rows.
MODES: dict[str, tuple[str, Callable[[Browser], Any]]] = {
    "pinyin": ("按拼音", lambda b: b.terms_by_pinyin()),
    "region": ("按地区", lambda b: b.terms_by_region()),
    "document": ("按文档", lambda b: [(" · ".join(p for p in (d.title, d.date) if p), rows)
                                     for d, rows in b.terms_by_document()]),
    "undefined": ("未释义术语", lambda b: b.undefined_terms()),
}


class BrowsePanel(QWidget):
    """A mode chooser over one tree of terms; choosing a term opens it."""

    term_activated = Signal(str)
    loaded = Signal(str)  # the mode whose data is now shown

    def __init__(self, runner: TaskRunner, databases: Databases, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.databases = runner, databases
        self.mode = QComboBox(self)
        for key, (label, _) in MODES.items():
            self.mode.addItem(label, key)
        self.mode.currentIndexChanged.connect(self.reload)
        self.hint = QLabel(self)
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.groups_model = TermGroupsModel(self)
        self.list_model = TermListModel(self)
        self.view = WrappingTreeView(self)
        self.view.setItemDelegate(TwoLineDelegate(self.view))
        self.view.activated.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.mode)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self._shown: str | None = None

    def current_mode(self) -> str:
        """The key of the mode chosen."""
        return str(self.mode.currentData())

    def reload(self) -> None:
        """Fetch the chosen mode's terms in the background and show them."""
        mode = self.current_mode()
        fetch, databases = MODES[mode][1], self.databases  # the task must not reach into the widget
        self.hint.setText("正在整理……")

        def work(ctx: TaskContext) -> Any:
            return fetch(databases.browser())

        self.runner.submit("browse", work, lambda data: self._show(mode, data))

    def ensure_loaded(self) -> None:
        """Load the chosen mode unless it is already shown (the tab was opened)."""
        if self._shown != self.current_mode():
            self.reload()

    def invalidate(self) -> None:
        """The term base changed: fetch again next time the panel is looked at."""
        self._shown = None

    def _show(self, mode: str, data: Any) -> None:
        if mode == "undefined":
            self.list_model.set_terms(list(data))
            self.view.setModel(self.list_model)
            self.view.setRootIsDecorated(False)
            self.hint.setText(f"报告中使用、但尚无任何报告解释的词，共 {len(data)} 个，按使用次数排列。")
        else:
            self.groups_model.set_groups(data)
            self.view.setModel(self.groups_model)
            self.view.setRootIsDecorated(True)
            count = sum(len(rows) for _, rows in data)
            self.hint.setText(f"共 {len(data)} 组、{count} 条。双击词条查看释义。")
            if len(data) <= 12:
                self.view.expandAll()
        self._shown = mode
        self.loaded.emit(mode)

    def _on_activated(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE)
        if isinstance(item, TermRow):
            self.term_activated.emit(item.term)
