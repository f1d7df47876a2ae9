"""Item models that feed the app's views, kept apart from the widgets that draw them."""

from PySide6.QtCore import Qt

DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1  # a second, quieter line: how it matched, counts
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # the core object behind the row (Result, TermRow, Use…)
