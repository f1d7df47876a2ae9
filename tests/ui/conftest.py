"""GUI fixtures: the seed term base's path, a user data folder of the test's own, a window on both."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from glossary_app.core import TermBase
from glossary_app.core.userdata import UserData
from glossary_app.ui.app import open_settings
from glossary_app.ui.mainwindow import MainWindow


@pytest.fixture(autouse=True)
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings, user.db and any copied term base go to the test's folder, never the real user's."""
    home = tmp_path / "home"
    monkeypatch.setenv("GLOSSARY_APP_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def seed_db(seed_termbase: TermBase) -> Path:
    """The path of the session's seed term base (tests must not write to it)."""
    return Path(seed_termbase.db.conn.execute("PRAGMA database_list").fetchone()[2])


@pytest.fixture
def make_window(qtbot, user_home: Path) -> Iterator[Callable[[Path], MainWindow]]:
    """Opens shown main windows on a term base, with user data and settings under user_home."""
    opened: list[MainWindow] = []

    def make(db_path: Path) -> MainWindow:
        window = MainWindow(db_path, UserData.open(user_home / "user.db"), open_settings(user_home / "settings.ini"))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: not window.busy)
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.runner.wait()
        window.userdata.close()
        assert window.failures == [], "a background task failed"


@pytest.fixture
def window(make_window: Callable[[Path], MainWindow], seed_db: Path) -> MainWindow:
    """The main window on the seed term base."""
    return make_window(seed_db)


@pytest.fixture
def idle(qtbot) -> Callable[[MainWindow], None]:
    """Waits until a window's background tasks have all answered and been handled."""
    return lambda window: qtbot.waitUntil(lambda: not window.busy, timeout=10000)


@pytest.fixture
def type_text() -> Callable[[QWidget, str], None]:
    """Types text into a widget key by key, as an input method delivers Chinese (qtbot.keyClicks is ASCII only)."""
    def type_into(widget: QWidget, text: str) -> None:
        for char in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    return type_into
