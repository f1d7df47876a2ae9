"""The progress page of the study view: terms learned, cards due today, the weakest terms, on one page."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from ..core.learn.schedule import Progress
from .render import Colors, escape
from .study_quiz import GREEN_DARK, GREEN_LIGHT
from .theme import colors


def progress_html(deck_name: str, p: Progress, c: Colors) -> str:
    """A one-page summary of where the user stands on a deck."""
    def figure(value: int | str, label: str, color: str) -> str:
        return (f'<td align="center" style="padding:10px 18px; background-color:{c.card}; border:1px solid {c.border}">'
                f'<div style="font-size:xx-large; font-weight:600; color:{color}">{value}</div>'
                f'<div style="color:{c.muted}">{label}</div></td>')
    share = f"{round(100 * p.learned / p.terms)}%" if p.terms else "—"
    quiz = f"{p.quiz_right} / {p.quiz_total}" if p.quiz_total else "—"
    parts = [f'<h2>学习进度 · {escape(deck_name)}</h2>',
             f'<p style="color:{c.muted}">共 {p.terms} 个术语；已掌握 {share}。“已掌握”指至少一个方向的卡片已过学习阶段、'
             f'进入间隔复习。</p>',
             '<table cellspacing="8"><tr>'
             + figure(p.learned, "已掌握", GREEN_DARK if c.dark else GREEN_LIGHT) + figure(p.learning, "学习中", c.link)
             + figure(p.new, "未学", c.muted) + figure(p.due_today, "今日到期（张）", c.accent)
             + figure(p.reviewed_today, "今日已答（张）", c.text) + figure(quiz, "测验答对", c.text)
             + "</tr></table>"]
    parts.append("<h3>最薄弱的术语</h3>")
    if p.weakest:
        rows = "".join(
            f'<tr><td style="font-weight:600; color:{c.accent}">{escape(w.term)}</td><td align="center">{w.again}</td>'
            f'<td align="center">{w.quiz_wrong}</td><td align="center">{f"{w.difficulty:g}" if w.difficulty else "—"}</td>'
            f'</tr>' for w in p.weakest)
        head = "".join(f'<th align="left" style="background-color:{c.card}; padding-right:24px">{h}</th>'
                       for h in ("术语", "选“重来”次数", "测验答错次数", "难度（1–10）"))
        parts.append(f'<table cellspacing="0" cellpadding="6" style="border:1px solid {c.border}">'
                     f"<tr>{head}</tr>{rows}</table>")
    else:
        parts.append(f'<p style="color:{c.muted}">还没有答错过的术语。</p>')
    return "".join(parts)


class ProgressPage(QWidget):
    """Shows a Progress; the study view refreshes it after every answer."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = QTextBrowser(self)
        self.view.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.view.setHtml(f'<p style="color:{colors().muted}">请先选择卡组。</p>')

    def show_progress(self, deck_name: str, progress: Progress) -> None:
        """Draw the summary of progress on deck_name."""
        self.view.setHtml(progress_html(deck_name, progress, colors()))
