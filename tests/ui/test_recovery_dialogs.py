"""ui.recovery: at start-up a damaged or locked database is explained, put right where it can be, before the window."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from glossary_app.core import install, paths, recovery
from glossary_app.core.userdata import UserData
from glossary_app.ui import app
from glossary_app.ui.recovery import open_databases

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "terms.db"


@dataclass
class Shown:
    """A message box as the user saw it, and the button they pressed."""

    title: str
    text: str
    details: str
    buttons: list[str]
    pressed: str


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list[Shown], list[str | Callable[[], str]]]]:
    """Message boxes shown (instead of waiting modally) and the buttons to press, in turn (the first by default)."""
    shown: list[Shown] = []
    to_press: list[str | Callable[[], str]] = []

    def exec_(box: QMessageBox) -> int:
        buttons = {b.text(): b for b in box.buttons()}
        answer = to_press.pop(0) if to_press else next(iter(buttons))
        label = answer() if callable(answer) else answer
        shown.append(Shown(box.windowTitle(), box.text(), box.informativeText(), list(buttons), label))
        buttons[label].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    yield shown, to_press


@pytest.fixture
def fast_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery, "BUSY_TIMEOUT", 0.1)


def _user_db(path: Path) -> None:
    user = UserData.open(path)
    user.set_favourite("五制一平台", True)
    user.set_note("四上企业", "统计口径")
    user.add_definition("一单四制", "一张清单、四项制度")
    user.close()


def _hold(path: Path) -> sqlite3.Connection:
    """Another program's write transaction on path."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_nothing_is_shown_when_all_is_well(qapp, answers, seed_db: Path, user_home: Path) -> None:
    shown, _ = answers
    _user_db(user_home / "user.db")
    assert open_databases(seed_db, user_home / "user.db") == seed_db
    assert shown == []


def test_a_damaged_user_database_is_replaced_and_the_user_told_what_came_back(
        qapp, answers, seed_db: Path, user_home: Path) -> None:
    shown, _ = answers
    path = user_home / "user.db"
    _user_db(path)
    data = bytearray(path.read_bytes())
    page = data.index("统计口径".encode()) // 4096
    data[page * 4096:(page + 1) * 4096] = bytes(4096)  # the notes' page zeroed: a power cut mid-write, say
    path.write_bytes(bytes(data))
    assert open_databases(seed_db, path) == seed_db
    [aside] = recovery.kept_aside(path)
    assert aside.read_bytes() == bytes(data)
    [message] = shown
    assert (message.title, message.buttons) == ("个人数据已修复", ["继续"])
    assert message.text.startswith("个人数据库文件已损坏") and str(aside) in message.details
    assert "已找回：收藏 1 条、自定义释义 1 条。" in message.details  # the note was on the zeroed page
    user = UserData.open(path)  # fit to use again
    user.set_favourite("双减", True)
    user.close()


def test_a_locked_user_database_waits_for_retry_and_moves_nothing(
        qapp, answers, seed_db: Path, user_home: Path, fast_busy_timeout: None) -> None:
    shown, to_press = answers
    path = user_home / "user.db"
    _user_db(path)
    other = _hold(path)

    def release_then_retry() -> str:
        other.execute("ROLLBACK")  # the other program let go while the message was up
        return "重试"

    to_press += ["重试", release_then_retry]
    assert open_databases(seed_db, path) == seed_db
    assert [(s.title, s.buttons, s.pressed) for s in shown] == [
        ("数据库被占用", ["重试", "退出"], "重试"), ("数据库被占用", ["重试", "退出"], "重试")]
    assert "个人数据库正被另一个程序占用" in shown[0].text and "重试" in shown[0].details
    assert recovery.kept_aside(path) == []
    other.close()


def test_quitting_at_a_locked_database_opens_nothing(qapp, answers, seed_db: Path, user_home: Path,
                                                    fast_busy_timeout: None) -> None:
    shown, to_press = answers
    path = user_home / "user.db"
    _user_db(path)
    before = path.read_bytes()
    other = _hold(path)
    to_press.append("退出")
    assert open_databases(seed_db, path) is None
    assert len(shown) == 1 and path.read_bytes() == before and recovery.kept_aside(path) == []
    other.close()


def test_a_damaged_own_term_base_is_made_again_and_the_user_told_where_the_old_one_is(
        qapp, answers, user_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown, _ = answers
    monkeypatch.setattr(paths, "bundled_database", lambda: BUNDLED)
    target = install.ensure_user_database()
    target.write_bytes(b"\0" * 8192)
    assert open_databases(None, user_home / "user.db") == target
    [aside] = recovery.kept_aside(target)
    [message] = shown
    assert message.title == "词库已重建" and message.text.startswith("词库文件已损坏")
    assert str(aside) in message.details and "个人数据不受影响" in message.details
    assert recovery.check_database(target, recovery.TERM_TABLES).status == "ok"


def test_a_damaged_term_base_named_on_the_command_line_is_left_alone_and_nothing_opens(
        qapp, answers, tmp_path: Path, user_home: Path) -> None:
    shown, _ = answers
    named = tmp_path / "named.db"
    named.write_bytes(b"not a database" * 100)
    assert open_databases(named, user_home / "user.db") is None
    [message] = shown
    assert (message.title, message.buttons) == ("无法打开词库", ["继续"])
    assert "未作任何改动" in message.details
    assert named.read_bytes() == b"not a database" * 100 and recovery.kept_aside(named) == []


def test_run_puts_a_damaged_user_database_right_before_the_window_opens(
        qapp, seed_db: Path, tmp_path: Path, user_home: Path, capsys) -> None:
    # A scripted run (screenshot) asks nothing: the message goes to stderr, the window opens all the same.
    user_home.mkdir(parents=True, exist_ok=True)
    (user_home / "user.db").write_bytes(b"garbage" * 1000)
    shot = tmp_path / "shot.png"
    assert app.run(seed_db, query="五制一平台", screenshot=shot) == 0
    assert not QImage(str(shot)).isNull()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("个人数据库文件已损坏") and "未能找回任何记录" in err
    assert [p.read_bytes() for p in recovery.kept_aside(user_home / "user.db")] == [b"garbage" * 1000]


def test_run_opens_no_window_on_a_damaged_named_term_base(qapp, tmp_path: Path, user_home: Path, capsys) -> None:
    named = tmp_path / "named.db"
    shutil.copyfile(BUNDLED, named)
    named.write_bytes(named.read_bytes()[:20000])
    assert app.run(named, screenshot=tmp_path / "shot.png") == 1
    assert not (tmp_path / "shot.png").exists()
    assert capsys.readouterr().err.startswith("词库文件已损坏")
