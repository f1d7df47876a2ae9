"""The flashcard page of the study view: a card's front, space to turn it, 1–4 to say how well it was known."""

from __future__ import annotations

import datetime

from fsrs import Rating
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core.export import KIND_LABELS
from ..core.learn.schedule import DIRECTIONS, NEW_PER_SESSION, RATINGS, Session, StudyCard
from .render import escape
from .theme import colors


def interval_text(delta: datetime.timedelta) -> str:
    """How long until a card comes back, as the answer buttons say it: 1分钟, 6小时, 3天, 2个月."""
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes}分钟"
    if minutes < 24 * 60:
        return f"{round(minutes / 60)}小时"
    days = round(minutes / (24 * 60))
    return f"{days}天" if days < 60 else f"{round(days / 30)}个月"


class FlashcardPage(QWidget):
    """Shows a session's cards one by one and records each answer."""

    answered = Signal()  # an answer was recorded: progress has changed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: Session | None = None
        self.shown: StudyCard | None = None
        self.flipped = False

        self.counter = QLabel(self)
        self.counter.setObjectName("muted")
        self.direction = QLabel(self)
        self.direction.setObjectName("muted")
        self.front = QLabel(self)
        self.back = QLabel(self)
        self.source = QLabel(self)
        self.source.setObjectName("muted")
        for side in (self.front, self.back, self.source):
            side.setTextFormat(Qt.TextFormat.RichText)  # every piece of document text goes through escape()
            side.setWordWrap(True)
            side.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule = QFrame(self)
        self.rule.setFrameShape(QFrame.Shape.HLine)
        self.card = QFrame(self)
        self.card.setObjectName("studyCard")
        inside = QVBoxLayout(self.card)
        inside.setContentsMargins(28, 24, 28, 24)
        inside.setSpacing(14)
        inside.addStretch(1)
        inside.addWidget(self.front)
        inside.addWidget(self.rule)
        inside.addWidget(self.back)
        inside.addWidget(self.source)
        inside.addStretch(2)

        self.flip_button = QPushButton("显示答案（空格）", self)
        self.flip_button.clicked.connect(self.flip)
        self.more_button = QPushButton(f"再学 {NEW_PER_SESSION} 张新卡", self)
        self.more_button.clicked.connect(self.more)
        self.rate_buttons: dict[Rating, QPushButton] = {}
        rates = QHBoxLayout()
        for n, (rating, label) in enumerate(RATINGS.items(), start=1):
            button = QPushButton(label, self)
            button.setToolTip(f"按 {n} 键")
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _=False, r=rating: self.answer(r))
            self.rate_buttons[rating] = button
            rates.addWidget(button)
            QShortcut(QKeySequence(str(n)), self, lambda r=rating: self.answer(r))
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.flip)
        for button in (self.flip_button, self.more_button, *self.rate_buttons.values()):
            button.setAutoDefault(False)  # Enter in the dialog must not answer a card

        head = QHBoxLayout()
        head.addWidget(self.counter, 1)
        head.addWidget(self.direction)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.card, 1)
        layout.addWidget(self.flip_button)
        layout.addWidget(self.more_button)
        layout.addLayout(rates)
        self.refresh_theme()
        self._show(None)

    def refresh_theme(self) -> None:
        """The card's colours follow the theme."""
        c = colors()
        self.card.setStyleSheet(f"QFrame#studyCard {{ background: {c.card}; border: 1px solid {c.border}; "
                                f"border-radius: 8px; }}")

    def start(self, session: Session) -> None:
        """Begin a session: show its first card."""
        self.session = session
        self._show(session.current())

    def _show(self, card: StudyCard | None) -> None:
        self.shown, self.flipped = card, False
        c = colors()
        if card is None:
            self.direction.clear()
            self.front.setText(f'<div align="center" style="font-size:large; color:{c.muted}">{self._done_text()}</div>')
            self.counter.setText(self._counts())
            for widget in (self.rule, self.back, self.source):
                widget.hide()
            self.flip_button.hide()
            for button in self.rate_buttons.values():
                button.hide()
            self.more_button.setVisible(self.session is not None and bool(self._new_left()))
            return
        self.more_button.hide()
        self.direction.setText(DIRECTIONS[card.direction] + ("（新）" if card.new else ""))
        self.front.setText(self._side(card.front, card.direction == "forward"))
        self.back.setText(self._side(card.back, card.direction == "reverse"))
        kind = KIND_LABELS.get(card.entry.definition.kind, card.entry.definition.kind)
        self.source.setText(escape(f"【{kind}】{card.entry.citation}"))
        for widget in (self.rule, self.back, self.source):
            widget.hide()
        self.flip_button.show()
        for button in self.rate_buttons.values():
            button.hide()
        self.counter.setText(self._counts())

    def _new_left(self) -> int:
        """Cards of the deck never answered, beyond this session."""
        return len(self.session.study.new_cards(self.session.deck, limit=1)) if self.session is not None else 0

    def _done_text(self) -> str:
        if self.session is None:
            return "请先选择卡组。"
        if not self.session.deck.entries:
            return "这个卡组没有带释义的术语。"
        if self._new_left():
            return "本轮学习已完成。可以再学一组新卡，或明天再来复习。"
        return "本轮学习已完成，这个卡组的卡片都已学过。到期的卡片会在复习日出现。"

    def more(self) -> None:
        """Another session on the same deck: whatever is due, and the next new cards."""
        if self.session is not None:
            self.start(Session(self.session.study, self.session.deck))

    def _side(self, text: str, is_term: bool) -> str:
        c = colors()
        if is_term:
            return f'<div align="center" style="font-size:xx-large; font-weight:600; color:{c.accent}">{escape(text)}</div>'
        return f'<div style="font-size:large; line-height:150%">{escape(text)}</div>'

    def _counts(self) -> str:
        if self.session is None:
            return ""
        return f"本轮剩余 {self.session.remaining} 张 · 已答 {self.session.answered} 张"

    def flip(self) -> None:
        """Space: turn the card over and offer the four answers with when each brings the card back."""
        if self.shown is None or self.flipped or self.session is None:
            return
        self.flipped = True
        for widget in (self.rule, self.back, self.source):
            widget.show()
        self.flip_button.hide()
        for n, (rating, delta) in enumerate(self.session.study.preview(self.shown).items(), start=1):
            button = self.rate_buttons[rating]
            button.setText(f"{RATINGS[rating]}（{n}）\n{interval_text(delta)}后")
            button.show()

    def answer(self, rating: Rating) -> None:
        """1–4: record how well the card was known (only once it is turned over) and show the next."""
        if self.session is None or self.shown is None or not self.flipped:
            return
        self.session.answer(self.shown, rating)
        self.answered.emit()
        self._show(self.session.current())
