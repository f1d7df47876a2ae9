"""The quiz page of the study view: pick a term's definition among four, then read the passage it comes from."""

from __future__ import annotations

import random
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ..core.learn.decks import Deck, Entry
from ..core.learn.quiz import CHOICES, Candidate, Question, make_question
from ..core.termbase import Passage
from .render import Colors, escape, source_text
from .tasks import Databases, TaskContext, TaskRunner
from .theme import colors



# The right answer green, a wrong choice red, in either theme.
RIGHT_LIGHT, RIGHT_DARK = "background-color:#d7f0dc; color:#14532d", "background-color:#1e3a28; color:#b7f0c6"
WRONG_LIGHT, WRONG_DARK = "background-color:#fbd5d2; color:#7f1d1d", "background-color:#4a2323; color:#ffc9c4"
GREEN_LIGHT, GREEN_DARK = "#15803d", "#7ee2a0"


def marked_passage(p: Passage, c: Colors) -> str:
    """A passage escaped, its use of the term marked."""
    return (escape(p.text[:p.start]) + f'<span style="background-color:{c.mark}">{escape(p.text[p.start:p.end])}</span>'
            + escape(p.text[p.end:]))


def question_html(q: Question, chosen: int | None, c: Colors) -> str:
    """The question and its choices (links choice:N); once answered, which was right and the source passage."""
    parts = [f'<p style="font-size:large">“<span style="color:{c.accent}; font-weight:600">{escape(q.entry.term)}'
             f'</span>”的含义是：</p>']
    for i, choice in enumerate(q.choices):
        style, mark = f"background-color:{c.card}; border:1px solid {c.border}", ""
        if chosen is not None and q.is_right(i):
            style, mark = RIGHT_DARK if c.dark else RIGHT_LIGHT, "　✔ 正确答案"
        elif chosen == i:
            style, mark = WRONG_DARK if c.dark else WRONG_LIGHT, "　✘ 您的选择"
        label = escape(choice.text) + (f'<span style="font-weight:600">{mark}</span>' if mark else "")
        body = label if chosen is not None else f'<a href="choice:{i}" style="text-decoration:none; color:{c.text}">{label}</a>'
        parts.append(f'<table width="100%" cellspacing="0" cellpadding="7" style="margin-bottom:6px; {style}">'
                     f'<tr><td width="24" valign="top" style="font-weight:600; white-space:nowrap">{i + 1}</td>'
                     f'<td>{body}</td></tr></table>')
    if chosen is None:
        return "".join(parts)
    verdict = ("回答正确。" if q.is_right(chosen) else
               f"回答错误。“{escape(q.entry.term)}”的释义是第 {q.answer + 1} 项；"
               f"您选的是“{escape(q.choices[chosen].term)}”的释义。")
    color = (GREEN_DARK if c.dark else GREEN_LIGHT) if q.is_right(chosen) else c.accent
    parts.append(f'<p style="font-weight:600; color:{color}">{verdict}</p>')
    source = escape(q.entry.citation)
    parts.append(f'<p style="color:{c.muted}">释义出处：{source}</p>')
    for heading, shown in (("原文", q.passage), ("用例", q.use)):
        if shown is not None:
            parts.append(f'<h4>{heading}</h4>'
                         f'<table width="100%" cellspacing="0" cellpadding="10" style="background-color:{c.card}; '
                         f'border:1px solid {c.border}"><tr><td>{marked_passage(shown, c)}'
                         f'<div style="color:{c.muted}; margin-top:6px">—— {escape(source_text(shown.source))}</div>'
                         f'</td></tr></table>')
    return "".join(parts)


class QuizPage(QWidget):
    """Asks the deck's terms in a shuffled order; questions are made in the background."""

    answered = Signal(bool)  # a question was answered, rightly or not

    def __init__(self, runner: TaskRunner, databases: Databases, record: Callable[[Entry, bool], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.databases, self.record = runner, databases, record
        self.rng = random.Random()
        self.deck: Deck | None = None
        self.pool: list[Candidate] = []
        self.order: list[Entry] = []
        self.question: Question | None = None
        self.chosen: int | None = None
        self.right = self.asked = 0

        self.score = QLabel(self)
        self.score.setObjectName("muted")
        self.view = QTextBrowser(self)
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._on_link)
        self.next_button = QPushButton("下一题（空格）", self)
        self.next_button.setAutoDefault(False)
        self.next_button.clicked.connect(self.next_question)
        for n in range(1, CHOICES + 1):
            QShortcut(QKeySequence(str(n)), self, lambda i=n - 1: self.choose(i))
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self._on_space)
        bottom = QHBoxLayout()
        bottom.addWidget(self.score, 1)
        bottom.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._render()

    def start(self, deck: Deck, pool: list[Candidate], seed: int | None = None) -> None:
        """A new round on deck: its terms shuffled, wrong answers drawn from pool (seed: the same round again)."""
        self.deck, self.pool = deck, pool
        if seed is not None:
            self.rng.seed(seed)
        self.order = list(deck.entries)
        self.rng.shuffle(self.order)
        self.right = self.asked = 0
        self.question, self.chosen = None, None
        self.next_question()

    def next_question(self) -> None:
        """Make the next question (in the background: it reads the source passage) and show it."""
        if not self.order:
            self.question, self.chosen = None, None
            self._render()
            return
        entry = self.order.pop(0)
        if self.deck is not None and not self.order:
            self.order = list(self.deck.entries)  # round done: go again in a new order
            self.rng.shuffle(self.order)
        databases, pool, rng = self.databases, self.pool, self.rng

        def work(ctx: TaskContext) -> Question:
            return make_question(databases.browser().termbase, entry, pool, rng)

        self.next_button.setEnabled(False)
        self.view.setHtml(f'<p style="color:{colors().muted}">正在出题……</p>')
        self.runner.submit(f"study-quiz-{id(self)}", work, self._show)

    def _show(self, question: Question) -> None:
        self.question, self.chosen = question, None
        self._render()

    def choose(self, index: int) -> None:
        """1–4 or a click: answer the question shown (once)."""
        q = self.question
        if q is None or self.chosen is not None or not 0 <= index < len(q.choices):
            return
        self.chosen = index
        self.asked += 1
        self.right += q.is_right(index)
        self.record(q.entry, q.is_right(index))
        self._render()
        self.answered.emit(q.is_right(index))

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == "choice":
            self.choose(int(url.path()))

    def _on_space(self) -> None:
        if self.chosen is not None:
            self.next_question()

    def _render(self) -> None:
        c = colors()
        if self.question is None:
            self.view.setHtml(f'<p style="color:{c.muted}">' + ("请先选择卡组。" if self.deck is None else
                              "这个卡组没有可出题的术语。") + "</p>")
        else:
            self.view.setHtml(question_html(self.question, self.chosen, c))
        self.next_button.setEnabled(self.chosen is not None)
        self.score.setText(f"本轮答对 {self.right} / {self.asked} 题" if self.asked else "按数字键 1–4 或点击选项作答")
