"""Flat term lists: favourites, history, undefined terms."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ...core.browse import TermRow
from ...core.plaintext import visible_text
from ..render import plain_tooltip
from . import DETAIL_ROLE, ITEM_ROLE, TERM_ROLE
from .grouped import term_counts

Index = QModelIndex | QPersistentModelIndex


class TermListModel(QAbstractListModel):
    """A list of terms; a row is a TermRow (with counts) or a bare term the term base may not know."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[TermRow | str] = []

    def set_terms(self, rows: list[TermRow | str]) -> None:
        """Replace the list."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def term(self, row: int) -> str:
        """The term in row."""
        item = self._rows[row]
        return item if isinstance(item, str) else item.term

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return visible_text(self.term(index.row()))
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self.term(index.row()))
        if role == TERM_ROLE:
            return self.term(index.row())
        if role == DETAIL_ROLE:
            return "" if isinstance(item, str) else term_counts(item)
        if role == ITEM_ROLE:
            return item
        return None
