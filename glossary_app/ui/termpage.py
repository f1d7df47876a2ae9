"""The term page: definitions with sources, breakdown and comparison above; the uses in context below."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QSplitter, QTextBrowser, QVBoxLayout,
                               QWidget)

from ..core.browse import TermDetails, Use
from ..core.plaintext import visible_text
from ..core.userdata import OwnDefinition
from .delegates import PassageDelegate, WrappingTreeView
from .models import ITEM_ROLE
from .models.grouped import UsesModel
from .render import definition_citation, term_page_html
from .theme import colors, header_bar, icon, tool_button

ALL = "全部"


EXPANDED_USES = 80  # passages shown open on a term page; further documents open on a click


class TermPage(QWidget):
    """One term: what it means according to whom, and where it is used."""

    term_requested = Signal(str)  # a term named in a definition was clicked
    use_opened = Signal(object)  # a Use to show in its document
    favourite_toggled = Signal(str, bool)
    note_requested = Signal(str)
    own_definition_requested = Signal(str)
    own_definition_deleted = Signal(int)
    message = Signal(str)  # something to tell the user in the status bar

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.details: TermDetails | None = None
        self._own: list[OwnDefinition] = []
        self._note = ""

        self.title = QLabel(self)
        self.title.setObjectName("termTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(self)
        self.summary.setObjectName("muted")
        for label in (self.title, self.summary):
            label.setTextFormat(Qt.TextFormat.PlainText)  # a term is document text: never markup
        self.favourite = tool_button("收藏", "star", "加入或移出我的收藏（Ctrl+D）", self)
        self.favourite.setCheckable(True)
        self.favourite.setShortcut("Ctrl+D")
        self.favourite.toggled.connect(self._on_favourite)
        self.note = tool_button("笔记", "note", "为此词写笔记", self)
        self.note.clicked.connect(lambda: self.note_requested.emit(self.term))
        self.add_own = tool_button("添加释义", "add", "记下自己的释义及出处", self)
        self.add_own.clicked.connect(lambda: self.own_definition_requested.emit(self.term))
        self.copy = tool_button("复制", "copy", "复制第一条释义并注明出处（Ctrl+Shift+C）", self)
        self.copy.setShortcut("Ctrl+Shift+C")
        self.copy.clicked.connect(lambda: self.copy_definition(0))

        head = header_bar(self.title, self.summary, (self.favourite, self.note, self.add_own, self.copy),
                          Qt.AlignmentFlag.AlignTop)

        self.browser = QTextBrowser(self)
        self.browser.setObjectName("definitions")
        # Links are the page's own (term:, copy:…), handled in _on_link; none is followed or opened outside.
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._on_link)

        self.uses_model = UsesModel(self)
        self.uses_title = QLabel(self)
        self.uses_title.setObjectName("sectionTitle")
        self.region = QComboBox(self)
        self.year = QComboBox(self)
        for combo, tip in ((self.region, "只看某一地区的用法"), (self.year, "只看某一年份的用法")):
            combo.setToolTip(tip)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._on_filter)
        self.uses = WrappingTreeView(self)
        self.uses.setModel(self.uses_model)
        self.uses.setItemDelegate(PassageDelegate(self.uses))
        self.uses.activated.connect(self._on_use)

        bar = QHBoxLayout()
        bar.addWidget(self.uses_title, 1)
        bar.addWidget(QLabel("地区", self))
        bar.addWidget(self.region)
        bar.addSpacing(8)
        bar.addWidget(QLabel("年份", self))
        bar.addWidget(self.year)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addLayout(bar)
        lower_layout.addWidget(self.uses)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.browser)
        self.splitter.addWidget(lower)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addWidget(self.splitter, 1)

    @property
    def term(self) -> str:
        """The term shown ('' before the first)."""
        return self.details.term if self.details else ""

    def show_details(self, details: TermDetails, own: list[OwnDefinition], note: str, favourite: bool) -> None:
        """Show a term freshly loaded from the term base with the user's own layer on it."""
        self.details = details
        self.title.setText(visible_text(details.term))
        defined = f"释义 {len(details.definitions)} 条" if details.definitions else "暂无释义"
        places = len({u.document_id for u in details.uses})
        self.summary.setText(f"{defined} · 使用 {len(details.uses)} 处 · 涉及文档 {places} 篇"
                             if details.term_id is not None else f"词库未收录 · 正文出现 {len(details.uses)} 处")
        self.copy.setEnabled(bool(details.definitions))
        self.uses_model.set_uses(details.uses)
        self._expand_first_documents()
        self._fill_filters()
        self.show_personal(own, note, favourite)
        self.browser.verticalScrollBar().setValue(0)
        QTimer.singleShot(0, self, self._fit_splitter)

    def _expand_first_documents(self) -> None:
        """Open the newest documents' groups up to about EXPANDED_USES passages; the rest stay closed.

        Every open passage is measured (wrapped) on the GUI thread; a term used thousands of times
        would freeze the window for half a second if all were open at once."""
        self.uses.collapseAll()
        shown = 0
        for row, (_, items) in enumerate(self.uses_model.groups()):
            if shown and shown + len(items) > EXPANDED_USES:
                break
            self.uses.expand(self.uses_model.index(row, 0))
            shown += len(items)

    def _fit_splitter(self) -> None:
        """Give the definitions the room they need, the uses the rest (at least a third when there are uses)."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        self.browser.document().setTextWidth(self.browser.viewport().width())
        wanted = int(self.browser.document().size().height()) + 2 * self.browser.frameWidth() + 4
        floor = total // 3 if self.uses_model.all_uses() else total // 8
        top = max(total // 4, min(wanted, total - floor))
        self.splitter.setSizes([top, total - top])

    def show_personal(self, own: list[OwnDefinition], note: str, favourite: bool) -> None:
        """Redraw after the user changed their favourites, notes or own definitions."""
        if self.details is None:
            return
        self._own, self._note = own, note
        self.favourite.blockSignals(True)
        self.favourite.setChecked(favourite)
        self.favourite.setIcon(icon("star-filled" if favourite else "star"))
        self.favourite.setText("已收藏" if favourite else "收藏")
        self.favourite.blockSignals(False)
        self.note.setText("修改笔记" if note else "笔记")
        position = self.browser.verticalScrollBar().value()
        self.browser.setHtml(term_page_html(self.details, own, note, colors()))
        self.browser.verticalScrollBar().setValue(position)

    def _fill_filters(self) -> None:
        for combo, values in ((self.region, self.uses_model.regions()), (self.year, self.uses_model.years())):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL)
            combo.addItems(values)
            combo.setEnabled(len(values) > 1)
            combo.blockSignals(False)
        self._update_uses_title()

    def _on_filter(self) -> None:
        region, year = self.region.currentText(), self.year.currentText()
        self.uses_model.set_filter(None if region == ALL else region, None if year == ALL else year)
        self._expand_first_documents()
        self._update_uses_title()

    def _update_uses_title(self) -> None:
        shown = sum(len(items) for _, items in self.uses_model.groups())
        total = len(self.uses_model.all_uses())
        label = "正文出现" if self.details is not None and self.details.term_id is None else "用法"
        self.uses_title.setText(f"{label}（{total} 处）" if shown == total else f"{label}（{shown} / {total} 处）")

    def _on_use(self, index: QModelIndex) -> None:
        use = index.data(ITEM_ROLE)
        if isinstance(use, Use):
            self.use_opened.emit(use)

    def _on_favourite(self, on: bool) -> None:
        if self.details is not None:
            self.favourite_toggled.emit(self.term, on)

    def _on_link(self, url: QUrl) -> None:
        # Only the links term_page_html writes; anything else (none can come from a document) does nothing.
        scheme, _, rest = url.toString().partition(":")
        if scheme == "term":
            self.term_requested.emit(unquote(rest))
        elif scheme == "copy":
            self.copy_definition(int(rest))
        elif scheme == "delete-own":
            self.own_definition_deleted.emit(int(rest))
        elif scheme == "edit-note":
            self.note_requested.emit(self.term)

    def copy_definition(self, index: int) -> None:
        """Put definition number index, with its citation, on the clipboard."""
        if self.details is None or not 0 <= index < len(self.details.definitions):
            return
        QGuiApplication.clipboard().setText(definition_citation(self.term, self.details.definitions[index]))
        self.message.emit("已复制释义及出处，可直接粘贴到文稿中。")

    def set_zoom_font(self, font: QFont) -> None:
        """Apply the zoomed font to the text areas (widgets inherit it; rich text needs telling)."""
        self.browser.document().setDefaultFont(font)
        self.uses.scheduleDelayedItemsLayout()
