"""What an import did, a row per file: added, updated, unchanged or rejected and why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from . import ITEM_ROLE

Index = QModelIndex | QPersistentModelIndex
STATUS_LABELS = {"added": "已导入", "replaced": "已更新", "unchanged": "未变化", "rejected": "未导入"}
# Why a file was rejected, as core.read words it (by prefix, most specific first), in words a user acts on.
REASONS = [
    ("no text layer", "扫描版 PDF，没有文字层，请先进行文字识别（OCR）"),
    ("text layer on only", "PDF 部分页面为扫描件，请先进行文字识别（OCR）"),
    ("text layer has no usable", "PDF 文字层无法识别，请先进行文字识别（OCR）"),
    ("empty file", "文件为空"), ("no text", "未读出正文"),
    ("binary file", "不是文本文件"), ("not text, or unknown encoding", "无法识别文字编码"),
    ("damaged", "文字编码已损坏"), ("old .doc", "旧版 .doc 或加密的 Word 文件，请另存为 .docx 后导入"),
    ("corrupt", "文件已损坏"), ("encrypted PDF", "PDF 已加密，需要密码"), ("cannot parse html", "无法解析网页文件"),
    ("file not found", "找不到文件"), ("not found", "找不到文件"), ("permission denied", "没有读取权限"),
    ("is a folder", "这是文件夹"),
]
HEADERS = ["文件", "结果", "文档", "释义", "术语", "说明"]


def reason_text(reason: str | None) -> str:
    """A rejection reason in Chinese where it is a known one, else as core gave it."""
    if not reason:
        return ""
    if reason.startswith("unsupported file type"):
        return f"不支持的文件类型（{reason.removeprefix('unsupported file type').strip()}）"
    return next((label for prefix, label in REASONS if reason.startswith(prefix)), f"无法读取（{reason}）")


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
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(f.path)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        counted = f.status in ("added", "replaced")
        cells = [f.path.name, STATUS_LABELS.get(f.status, f.status),
                 f.documents if counted else "", f.definitions if counted else "", f.terms if counted else "",
                 reason_text(f.reason) if f.status == "rejected" else ("此前已导入，内容相同" if f.status == "unchanged" else "")]
        return cells[index.column()]
