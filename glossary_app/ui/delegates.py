"""How list rows are drawn: a term over a quiet detail line, and a wrapped passage with its use highlighted."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QFont, QFontMetrics, QPainter, QPalette, QTextCharFormat,
                           QTextCursor, QTextDocument)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from ..core.browse import Use
from ..core.plaintext import visible_offset, visible_text
from .models import DETAIL_ROLE, ITEM_ROLE
from .theme import colors

Index = QModelIndex | QPersistentModelIndex
PAD = 6
RIGHT_MARGIN = 10  # wrapped passages stop short of the scroll bar


class TwoLineDelegate(QStyledItemDelegate):
    """The item's text, and under it DETAIL_ROLE in smaller, muted type (rows without one draw as usual)."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        main, small = QFont(option.font), QFont(option.font)
        main.setPointSizeF(option.font.pointSizeF() * 1.08)
        small.setPointSizeF(option.font.pointSizeF() * 0.86)
        return main, small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if not index.data(DETAIL_ROLE):
            return super().sizeHint(option, index)
        main, small = self._fonts(option)
        height = QFontMetrics(main).height() + QFontMetrics(small).height() + 2 * PAD + 2
        return QSize(super().sizeHint(option, index).width(), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        detail = index.data(DETAIL_ROLE)
        if not detail:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        main, small = self._fonts(option)
        rect = opt.rect.adjusted(PAD + 4, PAD, -PAD, -PAD)
        painter.save()
        painter.setFont(main)
        painter.setPen(opt.palette.color(role))
        line = painter.fontMetrics().height()
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line), Qt.AlignmentFlag.AlignLeft,
                         painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, rect.width()))
        painter.setFont(small)
        painter.setPen(opt.palette.color(role) if selected else QColor(colors().muted))
        painter.drawText(QRect(rect.left(), rect.top() + line + 2, rect.width(), painter.fontMetrics().height()),
                         Qt.AlignmentFlag.AlignLeft,
                         painter.fontMetrics().elidedText(str(detail), Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()


class PassageDelegate(QStyledItemDelegate):
    """A use as its passage, wrapped to the view's width, the term itself on a highlight."""

    def __init__(self, view: QTreeView):
        super().__init__(view)
        self.view = view

    def _document(self, use: Use, font: QFont, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(font)
        doc.setDocumentMargin(PAD)
        text = use.passage.text
        shown = visible_text(text)  # no bidi override or zero-width character gets to reorder or hide it
        doc.setPlainText(shown)  # plain text: document content is never read as markup
        doc.setTextWidth(max(width, 80))
        cursor = QTextCursor(doc)
        cursor.setPosition(qt_position(shown, visible_offset(text, use.passage.start)))
        cursor.setPosition(qt_position(shown, visible_offset(text, use.passage.end)), QTextCursor.MoveMode.KeepAnchor)
        mark = QTextCharFormat()
        mark.setBackground(QColor(colors().mark))
        mark.setFontWeight(QFont.Weight.DemiBold)
        cursor.mergeCharFormat(mark)
        return doc

    def _width(self, index: Index) -> int:
        depth = 1 if index.parent().isValid() else 0
        indent = self.view.indentation() * (depth + int(self.view.rootIsDecorated()))
        return self.view.viewport().width() - indent - RIGHT_MARGIN

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        use = index.data(ITEM_ROLE)
        if not isinstance(use, Use):
            size = super().sizeHint(option, index)
            return QSize(size.width(), size.height() + PAD)
        doc = self._document(use, option.font, self._width(index))
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        use = index.data(ITEM_ROLE)
        if not isinstance(use, Use):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(use, option.font, opt.rect.width() - RIGHT_MARGIN)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(QRect(0, 0, opt.rect.width(), opt.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()


def qt_position(text: str, index: int) -> int:
    """Python's character index into text as a Qt text position, which counts UTF-16 units
    (a character outside the BMP, such as a rare name character 𠀾, counts two)."""
    return index + sum(1 for c in text[:index] if c > "\uffff")


class WrappingTreeView(QTreeView):
    """A tree whose rows grow with wrapped text, re-measured when the view is resized."""

    def __init__(self, parent: object = None):
        super().__init__(parent)  # type: ignore[arg-type]
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setHeaderHidden(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.scheduleDelayedItemsLayout()  # wrapped rows change height with the width
