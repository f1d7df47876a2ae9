"""What an import did, a row per file: added, updated, unchanged or rejected and why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from . import ITEM_ROLE

Index = QModelIndex | QPersistentModelIndex
STATUS_LABELS = {"added": "已导入", "replaced": "已更新", "unchanged": "未变化", "rejected": "未导入"}
HEADERS = ["文件", "结果", "文档", "释义", "术语", "说明"]


class ImportModel(QAbstractTableModel):
    """One row per file the import looked at (core.build.FileResult)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._files: list[Any] = []

    def set_files(self, files: list[Any]) -> None:
        """Show the results of an import."""
        self.beginResetModel()
        self._files = list(files)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._files)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._files):
            return None
        f = self._files[index.row()]
        if role == ITEM_ROLE:
            return f
        if role == Qt.ItemDataRole.ForegroundRole and f.status == "rejected":
            return QColor("#c0392b")
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole path, and the whole reason where the column cuts it
            return f"{f.path}\n{f.reason}" if f.status == "rejected" else str(f.path)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        counted = f.status in ("added", "replaced")
        cells = [f.path.name, STATUS_LABELS.get(f.status, f.status),
                 f.documents if counted else "", f.definitions if counted else "", f.terms if counted else "",
                 (f.reason or "") if f.status == "rejected" else ("此前已导入，内容相同" if f.status == "unchanged" else "")]
        return cells[index.column()]
