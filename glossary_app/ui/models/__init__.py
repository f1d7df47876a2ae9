"""Item models that feed the app's views, kept apart from the widgets that draw them.

Rows show document text as plain, visible text (core.plaintext.visible_text; tooltips through
render.plain_tooltip); TERM_ROLE keeps the term as stored, which is what opening it needs."""

from PySide6.QtCore import Qt

DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1  # a second, quieter line: how it matched, counts
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # the core object behind the row (Result, TermRow, Use…)
TERM_ROLE = Qt.ItemDataRole.UserRole + 3  # the term a row stands for, as the term base spells it
