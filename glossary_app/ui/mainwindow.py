"""The main window: sidebar, term page and document viewer, menus, navigation, import and export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QFont, QKeySequence
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QMainWindow, QSplitter, QStackedWidget, QWidget)

from ..core.browse import DocumentText, TermDetails, Use
from ..core.userdata import UserData, default_path
from .clipboard import ClipboardLookup, ClipboardPopup
from .dialogs import AboutDialog
from .exporter import ExportDialog
from .importer import ImportDialog
from .navigation import Navigation, Place
from .personal import PersonalLayer
from .sidebar import Sidebar
from .study import StudyDialog
from .tasks import Databases, TaskContext, TaskRunner
from .termpage import TermPage
from .theme import BASE_POINT_SIZE, MAX_POINT_SIZE, MIN_POINT_SIZE, icon, ui_font
from .viewer import DocumentViewer
from .welcome import WelcomePage

Loaded = tuple[TermDetails, DocumentText | None]


class MainWindow(QMainWindow):
    """Look a term up, read it in context, keep what matters."""

    def __init__(self, db_path: Path, userdata: UserData, settings: QSettings):
        super().__init__()
        self.db_path, self.userdata, self.settings = db_path, userdata, settings
        self.setWindowTitle("地方政府报告简称词典")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.runner = TaskRunner(self)
        self.failures: list[str] = []  # background errors no dialog handled, kept for the status bar and tests
        self.runner.failed.connect(self._on_failure)
        self.databases = Databases(db_path)
        self.navigation = Navigation()
        self.dialogs: list[QWidget] = []  # import and export dialogs stay open beside the window
        self._stats: dict[str, int] = {}
        self._regions: list[str] = []

        self.sidebar = Sidebar(self.runner, self.databases, self)
        self.sidebar.term_previewed.connect(lambda term: self.open_term(term, record=False))
        self.sidebar.term_opened.connect(self.open_term)
        self.welcome = WelcomePage(self)
        self.welcome.query_requested.connect(self.set_query)
        self.page = TermPage(self)
        self.page.term_requested.connect(self.open_term)
        self.page.use_opened.connect(self.open_use)
        self.page.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.viewer = DocumentViewer(self)
        self.viewer.back_requested.connect(self.go_back)
        self.viewer.use_changed.connect(self._on_viewer_moved)
        self.stack = QStackedWidget(self)
        for widget in (self.welcome, self.page, self.viewer):
            self.stack.addWidget(widget)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 900])
        self.setCentralWidget(self.splitter)
        self.stats = QLabel(self)
        self.stats.setObjectName("muted")
        self.statusBar().addPermanentWidget(self.stats)

        self.personal = PersonalLayer(userdata, self.page, self.sidebar, self)
        self.popup = ClipboardPopup()
        self.popup.open_requested.connect(self._open_from_popup)
        self.clipboard = ClipboardLookup(self.runner, self.databases, self.popup)
        self._build_menus()
        self._restore()
        self.refresh_stats()

    # -- menus ---------------------------------------------------------------

    def _action(self, menu: Any, text: str, slot: Any, keys: Any = (), icon_name: str = "") -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        shortcuts = [QKeySequence(k) for k in ([keys] if isinstance(keys, (str, QKeySequence.StandardKey)) else keys)]
        action.setShortcuts(shortcuts)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("文件(&F)")
        self._action(file, "导入报告…", self.choose_import, "Ctrl+O", "import")
        self._action(file, "导入文件夹…", self.choose_import_folder, "Ctrl+Shift+O")
        self._action(file, "导出词汇表…", self.show_export, "Ctrl+E", "export")
        file.addSeparator()
        self._action(file, "退出", self.close, "Ctrl+Q")
        edit = bar.addMenu("编辑(&E)")
        self._action(edit, "查找", self.sidebar.focus_search, ["Ctrl+L", "Ctrl+F"], "search")
        self._action(edit, "复制释义及出处", lambda: self.page.copy_definition(0), (), "copy")
        edit.addSeparator()
        self._action(edit, "清空历史记录", self.clear_history)
        view = bar.addMenu("查看(&V)")
        self._action(view, "放大字号", lambda: self.zoom(1), ["Ctrl+=", "Ctrl++"])
        self._action(view, "缩小字号", lambda: self.zoom(-1), "Ctrl+-")
        self._action(view, "默认字号", lambda: self.zoom(0), "Ctrl+0")
        view.addSeparator()
        self.clipboard_action = self._action(view, "剪贴板取词", self.clipboard.set_enabled, (), "clipboard")
        self.clipboard_action.setCheckable(True)
        self.clipboard_action.setToolTip("开启后，在其他程序中复制已收录的术语，即弹出其释义")
        go = bar.addMenu("转到(&G)")
        self.back_action = self._action(go, "后退", self.go_back, "Alt+Left", "back")
        self.forward_action = self._action(go, "前进", self.go_forward, "Alt+Right", "forward")
        study = bar.addMenu("学习(&S)")
        self._action(study, "学习模式…", self.show_study, "Ctrl+Shift+S")
        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "关于", self.show_about)
        self.sidebar.add_leading_actions([self.back_action, self.forward_action])
        self._update_navigation()

    # -- pages ---------------------------------------------------------------

    def set_query(self, query: str) -> None:
        """Type query into the search box (results follow, and the first one's page at once)."""
        self.sidebar.preview_next_at_once()
        self.sidebar.search.setText(query)

    def warm_up(self) -> None:
        """Start jieba in the background (a second's work) so that no lookup ever waits for it."""
        segmenter = self.databases.segmenter
        self.runner.submit("warm-up", lambda ctx: segmenter.cut("预热"), lambda _: None, long=True)

    @property
    def busy(self) -> bool:
        """Whether background work or a pending page is still to come (tests and screenshots wait for it)."""
        return self.runner.busy or self.sidebar.preview_pending

    def open_term(self, term: str, record: bool = True) -> None:
        """Show term's page; record=True counts it as a visit (history, back and forward)."""
        self._load(Place(term), record)

    def open_use(self, use: Use) -> None:
        """Show the document a use is in, standing on it."""
        in_document = [u for u in self.page.uses_model.all_uses() if u.document_id == use.document_id]
        self._load(Place(self.page.term, use.document_id, in_document.index(use)), record=True)

    def _load(self, place: Place, record: bool) -> None:
        databases = self.databases

        def work(ctx: TaskContext) -> Loaded:
            browser = databases.browser()
            details = browser.details(place.term)
            return details, browser.document(place.document_id) if place.document_id is not None else None

        self.runner.submit("page", work, lambda loaded: self._show(place, loaded, record))

    def _show(self, place: Place, loaded: Loaded, record: bool) -> None:
        details, document = loaded
        if details != self.page.details:
            self.page.show_details(details, *self.personal.state(details.term))
        place = Place(details.term, place.document_id, place.use)
        if document is not None:
            uses = [u for u in details.uses if u.document_id == document.info.id]
            self.viewer.show_document(document, uses, place.use, details.term)
            self.stack.setCurrentWidget(self.viewer)
        else:
            self.stack.setCurrentWidget(self.page)
        if record:
            self.navigation.visit(place)
            if document is None:
                self.personal.record_visit(details.term)
        self._update_navigation()

    def _on_failure(self, message: str) -> None:
        self.failures.append(message)
        print(message, file=sys.stderr)
        self.statusBar().showMessage("后台处理出错：" + message.strip().splitlines()[-1], 10000)

    def _on_viewer_moved(self, index: int) -> None:
        current = self.navigation.current
        if current is not None and current.document_id is not None:
            self.navigation.replace(Place(current.term, current.document_id, index))

    def go_back(self) -> None:
        """Alt+←: the place before."""
        place = self.navigation.back()
        if place is not None:
            self._load(place, record=False)
        self._update_navigation()

    def go_forward(self) -> None:
        """Alt+→: the place after."""
        place = self.navigation.forward()
        if place is not None:
            self._load(place, record=False)
        self._update_navigation()

    def _update_navigation(self) -> None:
        self.back_action.setEnabled(self.navigation.can_go_back())
        self.forward_action.setEnabled(self.navigation.can_go_forward())

    def _open_from_popup(self, term: str) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        self.open_term(term)

    # -- import, export, about -----------------------------------------------

    def choose_import(self) -> None:
        """文件 → 导入报告: pick report files."""
        paths, _ = QFileDialog.getOpenFileNames(self, "导入报告", str(Path.home()),
                                                "报告文件 (*.txt *.docx *.pdf *.html *.htm);;所有文件 (*)")
        if paths:
            self.start_import([Path(p) for p in paths])

    def choose_import_folder(self) -> None:
        """文件 → 导入文件夹: pick a folder, read recursively."""
        folder = QFileDialog.getExistingDirectory(self, "导入文件夹", str(Path.home()))
        if folder:
            self.start_import([Path(folder)])

    def start_import(self, paths: list[Path]) -> ImportDialog:
        """Import paths in the background with a progress dialog beside the window."""
        dialog = ImportDialog(self.runner, self.db_path, paths, self)
        dialog.imported.connect(self._after_import)
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    def _after_import(self, report: Any) -> None:
        self.databases.changed()
        self.sidebar.browse.invalidate()
        self.refresh_stats()
        self.sidebar.lookup(self.sidebar.search.text())  # new terms are found at once

    def show_export(self) -> ExportDialog:
        """文件 → 导出词汇表."""
        dialog = ExportDialog(self.runner, self.databases, self.userdata, self._regions, self)
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    def show_study(self) -> StudyDialog:
        """学习 → 学习模式: flashcards, quiz and progress on a deck of the term base."""
        dialog = StudyDialog(self.runner, self.databases, self.userdata, self)
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    def show_about(self) -> None:
        """帮助 → 关于."""
        AboutDialog(self._stats, self.db_path, default_path(), self).exec()

    def refresh_stats(self) -> None:
        """Count what the term base holds, for the status bar, the welcome page and the About box."""
        databases = self.databases

        def work(ctx: TaskContext) -> tuple[dict[str, int], list[str]]:
            browser = databases.browser()
            browser.termbase.lookup("一", limit=1, passages=0)  # builds the term index before the first keystroke
            return browser.stats(), browser.regions()

        self.runner.submit("stats", work, self._show_stats)

    def _show_stats(self, data: tuple[dict[str, int], list[str]]) -> None:
        self._stats, self._regions = data
        s = self._stats
        self.stats.setText(f"词库：文档 {s['documents']} 篇 · 术语 {s['terms']} 个 · 释义 {s['definitions']} 条")
        self.welcome.set_stats(s)

    def clear_history(self) -> None:
        """编辑 → 清空历史记录 (back and forward stay: they are this session's trail, not the record)."""
        self.userdata.clear_history()
        self.personal.refresh_lists()

    # -- comfort ---------------------------------------------------------------

    def refresh_theme(self) -> None:
        """Redraw what carries theme colours in its own text after the system switched light and dark."""
        self.personal.refresh_page()
        self.welcome.refresh()
        if self.viewer.document is not None:
            self.viewer.show_document(self.viewer.document, self.viewer.uses, self.viewer.current, self.viewer.term)

    def zoom(self, step: int) -> None:
        """Ctrl+= / Ctrl+- / Ctrl+0: the font size of the whole window."""
        size = QApplication.font().pointSizeF()
        size = BASE_POINT_SIZE if step == 0 else min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, size + step))
        self.apply_font_size(size)
        self.settings.setValue("font_size", size)

    def apply_font_size(self, size: float) -> None:
        """Set the app font and the sizes derived from it."""
        QApplication.setFont(ui_font(size))
        for widget, factor in ((self.page.title, 1.9), (self.viewer.title, 1.35), (self.sidebar.search, 1.12)):
            font = QFont(ui_font(size * factor))
            font.setBold(widget is not self.sidebar.search)
            widget.setFont(font)
        for view in (self.sidebar.results, self.page.uses, self.sidebar.browse.view):
            view.scheduleDelayedItemsLayout()

    def _restore(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        splitter = self.settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self.apply_font_size(float(str(self.settings.value("font_size", BASE_POINT_SIZE))))
        clipboard = str(self.settings.value("clipboard_lookup", "false")).lower() == "true"
        self.clipboard_action.setChecked(clipboard)
        self.clipboard.set_enabled(clipboard)

    def save_settings(self) -> None:
        """Remember geometry, layout, the last query and the clipboard mode."""
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.setValue("last_query", self.sidebar.search.text())
        self.settings.setValue("clipboard_lookup", self.clipboard_action.isChecked())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.clipboard.set_enabled(False)
        self.popup.close()
        for dialog in self.dialogs:
            if isinstance(dialog, ImportDialog) and dialog.running:
                dialog.cancel()
        self.runner.wait()
        super().closeEvent(event)

    # -- drag and drop ---------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)
