"""学习模式: a study session (answer, reschedule, progress kept across a restart), the quiz and the exports."""

from __future__ import annotations

import datetime
import sqlite3
import zipfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from docx import Document
from fsrs import State
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from glossary_app.core import TermBase, build, store
from glossary_app.core.learn.schedule import Study, utc_now
from glossary_app.core.termkey import term_key
from glossary_app.core.userdata import UserData
from glossary_app.ui.mainwindow import MainWindow
from glossary_app.ui.study import StudyDialog

# A 祁东 report whose definition carries markup: it must be shown as text.
MARKUP_REPORT = """2024年祁东县政府工作报告
——2024年1月8日在祁东县第十八届人民代表大会第四次会议上
推行“一单四制”。
名词解释：
1.“一单四制”：<b>问题清单</b>，交办制、督办制、销号制、问责制。
"""


@pytest.fixture
def db_path(termbase: TermBase, reports_dir: Path, tmp_path: Path, common_freq) -> Path:
    """A tiny term base built from the fixture reports and one with markup in a definition."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "qidong2024.txt").write_text(MARKUP_REPORT, encoding="utf-8")
    build.build(termbase.db, [extra], common_freq=common_freq)
    termbase.close()
    return tmp_path / "terms.db"


def _open_study(qtbot, window: MainWindow, region: str = "祁东县") -> StudyDialog:
    dialog = window.show_study()
    qtbot.waitUntil(lambda: bool(dialog.choices), timeout=10000)
    dialog.choose("region", region)
    qtbot.waitUntil(lambda: dialog.deck is not None and dialog.deck.name == f"{region}术语", timeout=10000)
    qtbot.waitUntil(lambda: not window.busy, timeout=10000)
    return dialog


def _press(qtbot, dialog: StudyDialog, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget() or dialog, key)


def test_a_study_session_is_kept_across_restart(qtbot, make_window: Callable[[Path], MainWindow], db_path: Path,
                                                user_home: Path) -> None:
    window = make_window(db_path)
    dialog = _open_study(qtbot, window)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    cards = dialog.cards
    first = cards.shown
    assert first is not None and first.direction == "forward" and first.new
    assert dialog.deck is not None and first.entry == dialog.deck.entries[0]
    assert first.entry.term in cards.front.text() and not cards.back.isVisible()
    assert not any(b.isVisible() for b in cards.rate_buttons.values())
    _press(qtbot, dialog, Qt.Key.Key_3)  # answers wait until the card is turned over
    assert cards.shown is first and dialog.study.card(first.entry.key, "forward") is None

    _press(qtbot, dialog, Qt.Key.Key_Space)
    assert cards.back.isVisible() and cards.source.isVisible()
    assert "《" in cards.source.text()
    assert [b.text().split("\n")[1] for b in cards.rate_buttons.values()] == ["1分钟后", "6分钟后", "10分钟后", "8天后"]
    _press(qtbot, dialog, Qt.Key.Key_4)  # 简单: learned, back in days
    stored = dialog.study.card(first.entry.key, "forward")
    assert stored is not None and stored.state == State.Review
    assert stored.due - utc_now() > datetime.timedelta(days=2)

    second = cards.shown
    assert second is not None and second is not first
    _press(qtbot, dialog, Qt.Key.Key_Space)
    _press(qtbot, dialog, Qt.Key.Key_1)  # 重来: back in a minute, within this session
    again = dialog.study.card(second.entry.key, "forward")
    assert again is not None and again.due - utc_now() < datetime.timedelta(minutes=2)
    assert any(c is second for c in cards.session.learning)  # type: ignore[union-attr]
    assert cards.counter.text().endswith("已答 2 张")

    dialog.tabs.setCurrentWidget(dialog.progress)
    summary = dialog.progress.view.toPlainText()
    assert "学习进度 · 祁东县术语" in summary and second.entry.term in summary  # the weakest term
    deck = dialog.deck
    learned_before = dialog.study.progress(deck)
    assert (learned_before.learned, learned_before.learning, learned_before.reviewed_today) == (1, 1, 2)

    # Restart: close everything, open the user database again from its file.
    dialog.close()
    window.close()
    window.runner.wait()
    window.userdata.close()
    reopened = UserData.open(user_home / "user.db")
    try:
        after = Study(reopened.db)
        stored_again = after.card(first.entry.key, "forward")
        assert stored_again is not None and (stored_again.state, stored_again.due) == (State.Review, stored.due)
        progress = after.progress(deck)
        assert (progress.learned, progress.learning, progress.reviewed_today) == (1, 1, 2)
    finally:
        reopened.close()
    window.userdata = UserData.open(user_home / "user.db")  # the fixture closes it at the end

    # A new window on the same user database continues where the last one stopped.
    later = make_window(db_path)
    resumed = _open_study(qtbot, later)
    shown = resumed.cards.shown
    assert shown is not None and (shown.entry.key, shown.direction) != (first.entry.key, "forward")
    assert resumed.study.progress(resumed.deck).learned == 1


def test_the_quiz(qtbot, make_window: Callable[[Path], MainWindow], db_path: Path) -> None:
    window = make_window(db_path)
    dialog = _open_study(qtbot, window)
    dialog.tabs.setCurrentWidget(dialog.quiz)
    quiz = dialog.quiz
    quiz.start(dialog.deck, dialog.pool, seed=3)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: quiz.question is not None, timeout=10000)
    q = quiz.question
    assert q is not None and len(q.choices) == 4
    assert "含义" in quiz.view.toPlainText() and q.entry.term in quiz.view.toPlainText()
    assert not quiz.next_button.isEnabled()

    wrong = (q.answer + 1) % 4
    quiz.choose(wrong)
    text = quiz.view.toPlainText()
    assert "回答错误" in text and f"第 {q.answer + 1} 项" in text and q.choices[wrong].term in text
    # The passage the definition was read from (or, for a reference text, a use in the reports).
    shown = q.passage or q.use
    assert shown is not None and shown.text[:12] in text
    assert ("原文" in text) == (q.passage is not None) and ("用例" in text) == (q.use is not None)
    quiz.choose(q.answer)  # one answer a question
    assert quiz.score.text() == "本轮答对 0 / 1 题"
    with closing(sqlite3.connect(window.userdata.db.conn.execute("PRAGMA database_list").fetchone()[2])) as conn:
        assert conn.execute("SELECT term, correct FROM quiz_answers").fetchall() == [(q.entry.term, 0)]

    quiz.next_question()
    qtbot.waitUntil(lambda: quiz.question is not None and quiz.question is not q, timeout=10000)
    second = quiz.question
    assert second is not None and second.entry != q.entry
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(quiz.view, Qt.Key(Qt.Key.Key_1 + second.answer))  # the number keys answer
    assert "回答正确" in quiz.view.toPlainText() and quiz.score.text() == "本轮答对 1 / 2 题"
    assert dialog.study.progress(dialog.deck).weakest[0].term == q.entry.term


def test_the_report_just_imported_with_its_text_shown_as_text(qtbot, make_window: Callable[[Path], MainWindow],
                                                              db_path: Path) -> None:
    window = make_window(db_path)
    dialog = window.show_study()
    qtbot.waitUntil(lambda: bool(dialog.choices), timeout=10000)
    labels = [label for label, _ in dialog.choices["file"]]
    assert "qidong2024.txt" in labels[0]  # the newest import first
    dialog.choose("file", dialog.choices["file"][0][1])
    qtbot.waitUntil(lambda: dialog.deck is not None and dialog.deck.spec.kind == "file", timeout=10000)
    assert dialog.deck is not None and dialog.deck.name == "《2024年祁东县政府工作报告》（2024-01-08）"
    assert [e.term for e in dialog.deck.entries] == ["一单四制"]
    cards = dialog.cards
    assert cards.shown is not None and cards.shown.entry.term == "一单四制"
    cards.flip()
    assert "&lt;b&gt;问题清单&lt;/b&gt;" in cards.back.text()  # escaped: shown as written, not bold
    assert "<b>" not in cards.back.text()
    cards.answer(next(reversed(cards.rate_buttons)))  # 简单
    reverse = cards.shown
    assert reverse is not None and reverse.direction == "reverse" and "&lt;b&gt;" in cards.front.text()
    cards.flip()
    cards.answer(next(reversed(cards.rate_buttons)))
    assert cards.shown is None and "卡片都已学过" in cards.front.text() and cards.more_button.isHidden()
    qtbot.waitUntil(lambda: not window.busy, timeout=10000)


def test_exports(qtbot, make_window: Callable[[Path], MainWindow], db_path: Path, tmp_path: Path) -> None:
    window = make_window(db_path)
    dialog = _open_study(qtbot, window)
    assert dialog.deck is not None
    dialog.export_anki_to(tmp_path / "祁东")  # the suffix is added when the name lacks it
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith(("已将", "出错", "导出失败")), timeout=10000)
    assert dialog.outcome.text().startswith("已将Anki 卡组")
    with zipfile.ZipFile(tmp_path / "祁东.apkg") as apkg:
        apkg.extract("collection.anki2", tmp_path)
    with closing(sqlite3.connect(tmp_path / "collection.anki2")) as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone() == (len(dialog.deck),)

    dialog.outcome.clear()
    dialog.export_handbook_to(tmp_path / "手册.docx")
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith(("已将", "出错", "导出失败")), timeout=10000)
    assert "个术语）存到" in dialog.outcome.text()
    assert len(Document(str(tmp_path / "手册.docx")).tables[0].rows) == len(dialog.deck) + 1

    (tmp_path / "只读").mkdir()
    (tmp_path / "只读" / "手册.docx").mkdir()  # a folder where the file should go: it cannot be written
    dialog.export_handbook_to(tmp_path / "只读" / "手册.docx")
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("导出失败"), timeout=10000)
    assert "原有文件未被改动" in dialog.outcome.text()


def test_the_study_menu(qtbot, make_window: Callable[[Path], MainWindow], db_path: Path) -> None:
    window = make_window(db_path)
    titles = [a.text() for a in window.menuBar().actions()]
    assert "学习(&S)" in titles
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "学习(&S)")
    (action,) = menu.actions()
    action.trigger()
    dialog = next(d for d in window.dialogs if isinstance(d, StudyDialog))
    qtbot.waitUntil(lambda: dialog.deck is not None, timeout=10000)
    assert dialog.deck is not None and dialog.deck.name == "全部术语"
    assert dialog.size_label.text() == f"共 {len(dialog.deck)} 个术语"
    assert dialog.study.progress(dialog.deck).new == len(dialog.deck)
    qtbot.waitUntil(lambda: not window.busy, timeout=10000)
    assert {e.key for e in dialog.deck.entries} >= {term_key("五制一平台"), term_key("一单四制")}
    # A session brings in 20 new cards; then the next 20 are a click away.
    cards = dialog.cards
    first_round = []
    while cards.shown is not None:
        first_round.append((cards.shown.entry.key, cards.shown.direction))
        cards.flip()
        cards.answer(next(reversed(cards.rate_buttons)))  # 简单
    assert len(first_round) == 20 and not cards.more_button.isHidden()
    qtbot.mouseClick(cards.more_button, Qt.MouseButton.LeftButton)
    assert cards.shown is not None and (cards.shown.entry.key, cards.shown.direction) not in first_round
    assert cards.more_button.isHidden()
