"""Two-level tree models: groups (a document, a region, a letter) holding items (uses, terms)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ...core.browse import TermRow, Use
from ...core.plaintext import visible_text
from ..render import plain_tooltip
from . import DETAIL_ROLE, ITEM_ROLE, TERM_ROLE

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")
_GROUP = 0  # internal id of a group row; an item row stores its group's row + 1


class GroupedModel(QAbstractItemModel, Generic[T]):
    """Groups at the top level, their items one level down; subclasses say how each is shown."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._groups: list[tuple[str, list[T]]] = []

    def set_groups(self, groups: Sequence[tuple[str, Sequence[T]]]) -> None:
        """Replace everything shown."""
        self.beginResetModel()
        self._groups = [(label, list(items)) for label, items in groups]
        self.endResetModel()

    def groups(self) -> list[tuple[str, list[T]]]:
        """What is shown, group by group."""
        return self._groups

    def item(self, index: Index) -> T | None:
        """The item at index, or None for a group row."""
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _GROUP) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _GROUP or row >= len(self._groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            label, items = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return visible_text(self.group_text(label, items))  # a group's label can be a document title
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        item = self.item(index)
        if role == ITEM_ROLE or item is None:
            return item
        return self.item_data(item, role)

    def group_text(self, label: str, items: list[T]) -> str:
        """How a group row reads."""
        return f"{label}（{len(items)}）"

    def item_data(self, item: T, role: int) -> Any:
        """An item row's data for role."""
        return str(item) if role == Qt.ItemDataRole.DisplayRole else None


class TermGroupsModel(GroupedModel[TermRow]):
    """Terms grouped by letter, region or document, for browsing."""

    def item_data(self, item: TermRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return visible_text(item.term)
        if role == TERM_ROLE:
            return item.term
        if role == DETAIL_ROLE:
            return term_counts(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{item.term}（{term_counts(item)}）")
        return None


def term_counts(row: TermRow) -> str:
    """释义 1 条 · 使用 7 处"""
    return f"释义 {row.definitions} 条 · 使用 {row.occurrences} 处" if row.definitions else f"未释义 · 使用 {row.occurrences} 处"


class UsesModel(GroupedModel[Use]):
    """A term's uses grouped by document, filterable by region and year."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._uses: list[Use] = []
        self.region: str | None = None
        self.year: str | None = None

    def set_uses(self, uses: list[Use]) -> None:
        """Show these uses (in the order given) with no filter."""
        self._uses, self.region, self.year = list(uses), None, None
        self._regroup()

    def set_filter(self, region: str | None, year: str | None) -> None:
        """Show only uses in documents of region and year (None: any)."""
        self.region, self.year = region, year
        self._regroup()

    def all_uses(self) -> list[Use]:
        """Every use, filtered or not."""
        return self._uses

    def regions(self) -> list[str]:
        """The regions the uses come from."""
        return sorted({u.passage.source.region for u in self._uses if u.passage.source.region})

    def years(self) -> list[str]:
        """The years the uses come from, newest first."""
        return sorted({u.passage.source.date[:4] for u in self._uses if u.passage.source.date}, reverse=True)

    def _regroup(self) -> None:
        groups: dict[int, list[Use]] = {}
        for use in self._uses:
            source = use.passage.source
            if self.region and source.region != self.region:
                continue
            if self.year and not (source.date or "").startswith(self.year):
                continue
            groups.setdefault(use.document_id, []).append(use)
        self.set_groups([(_document_label(items[0]), items) for items in groups.values()])

    def group_text(self, label: str, items: list[Use]) -> str:
        return f"{label}（{len(items)} 处）"

    def item_data(self, item: Use, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return visible_text(item.passage.text)
        if role == DETAIL_ROLE:
            return f"第{item.passage.source.line}行" if item.passage.source.line else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return "双击或按回车，在原文中查看"
        return None


def _document_label(use: Use) -> str:
    source = use.passage.source
    return " · ".join(p for p in (source.title, source.region, source.date) if p)
