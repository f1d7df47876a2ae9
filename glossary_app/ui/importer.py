"""文件 → 导入报告: import files and folders in the background, with progress, cancel and an account."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QProgressBar, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from .models.imports import ImportModel
from .tasks import TaskContext, TaskRunner


def import_reports(db_path: Path, paths: list[Path], ctx: TaskContext) -> Any:
    """Build into the term base at db_path (runs on a worker thread, with its own connection)."""
    from ..core import build, install, store  # jieba, pypdf and python-docx load only when something is imported

    ctx.progress(0, 0, "正在准备分词词典……")
    db = store.open_database(db_path)
    try:
        def progress(done: int, total: int, path: Path) -> bool:
            return ctx.progress(done, total, path.name)

        if db_path.resolve() == install.user_term_base().resolve():
            # The user's own term base keeps a copy of each report, so that an
            # upgrade of the bundled term base can build them in again.
            report = install.import_into_user_base(db, paths, progress=progress)
        else:
            report = build.build(db, paths, progress=progress)
        store.record_fingerprint(db)
    finally:
        db.conn.close()
    return report


class ImportDialog(QDialog):
    """Shows an import as it runs; at the end, what was added and what was rejected and why."""

    imported = Signal(object)  # the BuildReport, once the import has finished or stopped

    def __init__(self, runner: TaskRunner, db_path: Path, paths: list[Path], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("导入报告")
        self.setMinimumWidth(560)
        self.report: Any = None
        self.status = QLabel("正在导入……", self)
        self.status.setObjectName("sectionTitle")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.current = QLabel(self)
        self.current.setTextFormat(Qt.TextFormat.PlainText)  # file names and error text, never markup
        self.current.setObjectName("muted")
        self.model = ImportModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # A reason is a sentence saying what to do: wrapped in full rather than cut off
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.hide()
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = QPushButton("取消", self)
        self.cancel_button.clicked.connect(self.cancel)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.progress, self.current, self.table):
            layout.addWidget(widget)
        layout.addWidget(self.buttons)
        self._done = False
        self.context = runner.submit("import", lambda ctx: import_reports(db_path, paths, ctx),
                                     self._finished, self._failed, self._on_progress, long=True)

    @property
    def running(self) -> bool:
        """Whether the import is still going."""
        return not self._done

    def cancel(self) -> None:
        """Stop after the file in hand (files already imported stay); close once it has stopped."""
        if self._done:
            self.accept()
            return
        self.context.cancel()
        self.status.setText("正在取消，当前文件处理完毕后停止……")
        self.cancel_button.setEnabled(False)

    def reject(self) -> None:  # Esc and the window's close button
        self.cancel()

    def _on_progress(self, done: int, total: int, label: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(f"{done} / {total}")
            self.current.setText(f"正在读取：{label}")
        else:
            self.current.setText(label)

    def _finished(self, report: Any) -> None:
        self._done = True
        self.report = report
        files = report.files
        labels = {"added": "新增", "replaced": "更新", "unchanged": "未变化", "rejected": "未能导入"}
        counts = {status: sum(f.status == status for f in files) for status in labels}
        said = [f"{labels[status]} {n} 个" for status, n in counts.items() if n]
        if said:
            said[0] += "文件"
        stopped = "已取消。" if self.context.cancelled else "导入完成。"
        self.status.setText(stopped + ("，".join(said) + "。" if said else "没有找到可导入的报告文件。"))
        self.progress.hide()
        self.current.setText("新导入的术语已可检索。" if counts["added"] + counts["replaced"] else "")
        self.model.set_files(files)
        self.table.setVisible(bool(files))
        self.cancel_button.setText("关闭")
        self.cancel_button.setEnabled(True)
        self.adjustSize()
        if files:  # room for the account: a dozen rows or so, reasons on one or two lines each
            self.resize(max(self.width(), 760), max(self.height(), min(620, 180 + 34 * len(files))))
        self.imported.emit(report)

    def _failed(self, message: str) -> None:
        self._done = True
        self.status.setText("导入中断：发生意外错误，已导入的文件不受影响。")
        self.current.setText(message.strip().splitlines()[-1])
        self.cancel_button.setText("关闭")
        self.cancel_button.setEnabled(True)
