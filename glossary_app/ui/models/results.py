"""The search results list: one row per matching term."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ...cli import MATCH_LABELS
from ...core.plaintext import visible_text
from ...core.termbase import Result
from ..render import plain_tooltip
from . import DETAIL_ROLE, ITEM_ROLE, TERM_ROLE

Index = QModelIndex | QPersistentModelIndex


def result_detail(result: Result) -> str:
    """精确匹配 · 释义 1 条 · 使用 2 处"""
    how = MATCH_LABELS.get(result.match, result.match)
    if result.match == "text":
        return f"{how} · 词库未收录 · 出现 {result.occurrences} 处"
    return f"{how} · 释义 {len(result.definitions)} 条 · 使用 {result.occurrences} 处"


class ResultsModel(QAbstractListModel):
    """Results of the latest lookup, best first."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.query = ""
        self._results: list[Result] = []

    def set_results(self, query: str, results: list[Result]) -> None:
        """Show the results of a new lookup."""
        self.beginResetModel()
        self.query, self._results = query, list(results)
        self.endResetModel()

    def result(self, row: int) -> Result:
        """The result in row."""
        return self._results[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._results):
            return None
        result = self._results[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return visible_text(result.term)
        if role == TERM_ROLE:
            return result.term
        if role == DETAIL_ROLE:
            return result_detail(result)
        if role == Qt.ItemDataRole.ToolTipRole:
            first = result.definitions[0].text if result.definitions else "暂无释义"
            return plain_tooltip(f"{result.term}\n{first[:120]}")
        if role == ITEM_ROLE:
            return result
        return None
