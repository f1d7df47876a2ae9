"""文件 → 导出词汇表: the whole glossary, one region's, or the favourites, as Excel, Word, CSV or Markdown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QRadioButton, QVBoxLayout, QWidget)

from ..core.export import FORMATS, own_rows, select_rows, write_export
from ..core.userdata import UserData
from .tasks import Databases, TaskContext, TaskRunner


class ExportDialog(QDialog):
    """Choose what and in which format, then where; the writing runs in the background."""

    def __init__(self, runner: TaskRunner, databases: Databases, userdata: UserData, regions: list[str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("导出词汇表")
        self.runner, self.databases, self.userdata = runner, databases, userdata
        self.scope = QButtonGroup(self)
        self.everything = QRadioButton("整个词库（含我的注释）", self)
        self.one_region = QRadioButton("某一地区", self)
        self.favourites = QRadioButton(f"我的收藏（{len(userdata.favourites())} 条）", self)
        for i, button in enumerate((self.everything, self.one_region, self.favourites)):
            self.scope.addButton(button, i)
        self.everything.setChecked(True)
        self.region = QComboBox(self)
        self.region.addItems(regions)
        self.region.setEnabled(False)
        self.one_region.toggled.connect(self.region.setEnabled)
        self.one_region.setEnabled(bool(regions))
        self.format = QComboBox(self)
        for key, label in FORMATS.items():
            self.format.addItem(f"{label}（.{key}）", key)
        self.outcome = QLabel(self)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)  # file names and error text, never markup
        self.outcome.setObjectName("muted")
        self.outcome.setWordWrap(True)

        region_row = QHBoxLayout()
        region_row.addWidget(self.one_region)
        region_row.addWidget(self.region, 1)
        scope_box = QVBoxLayout()
        scope_box.addWidget(self.everything)
        scope_box.addLayout(region_row)
        scope_box.addWidget(self.favourites)
        form = QFormLayout()
        form.addRow("范围", scope_box)
        form.addRow("格式", self.format)
        buttons = QDialogButtonBox(self)
        self.save = buttons.addButton("导出…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._choose_file)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)
        self.resize(460, 0)

    def _choose_file(self) -> None:
        fmt = str(self.format.currentData())
        name = "简称词汇表" + (f"（{self.region.currentText()}）" if self.one_region.isChecked() else "")
        path, _ = QFileDialog.getSaveFileName(self, "导出到", str(Path.home() / f"{name}.{fmt}"),
                                              f"{FORMATS[fmt]} (*.{fmt})")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the chosen rows to path in the chosen format, in the background."""
        fmt = str(self.format.currentData())
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        region = self.region.currentText() if self.one_region.isChecked() else None
        favourites = self.userdata.favourites() if self.favourites.isChecked() else None
        # The user database belongs to the GUI thread: read what it adds here, not in the task.
        own = [] if region is not None else own_rows(self.userdata, favourites)
        databases = self.databases

        def work(ctx: TaskContext) -> int:
            rows = databases.browser().termbase.export_rows() + own
            return write_export(select_rows(rows, region=region, terms=favourites), path, fmt)

        self.save.setEnabled(False)
        self.outcome.setText("正在导出……")
        self.runner.submit("export", work, lambda n: self._done(path, n), self._failed)

    def _done(self, path: Path, count: int) -> None:
        self.save.setEnabled(True)
        self.outcome.setText(f"已导出 {count} 条到 {path}")

    def _failed(self, message: str) -> None:
        self.save.setEnabled(True)
        self.outcome.setText("导出失败：" + message.strip().splitlines()[-1])
