"""Errors that happen anyway: logged with their traceback to a rotating file, shown once, and the app goes on."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from glossary_app.ui import errors
from glossary_app.ui.errors import BACKUPS, LOG_FILE, MAX_BYTES, ErrorReporter
from glossary_app.ui.mainwindow import MainWindow
from glossary_app.ui.tasks import TaskRunner

# pytest-qt would otherwise catch exceptions in slots itself and fail the test: here they are the point.
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def reporter(qapp, tmp_path: Path) -> Iterator[ErrorReporter]:
    """An installed reporter logging to the test's folder; hooks and log file given back afterwards."""
    hooks = (sys.excepthook, threading.excepthook)
    reporter = ErrorReporter(tmp_path / "logs")
    reporter.install()
    yield reporter
    if reporter.dialog is not None:
        reporter.dialog.close()
    reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == hooks


def _exc_info(message: str) -> tuple:
    try:
        raise RuntimeError(message)
    except RuntimeError:
        return sys.exc_info()


def _button(dialog: QMessageBox, text: str) -> QPushButton:
    (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == text]
    return button


def _terms(window: MainWindow) -> list[str]:
    model = window.sidebar.results_model
    return [model.result(r).term for r in range(model.rowCount())]


def test_an_error_in_a_slot_is_logged_and_shown_and_the_window_goes_on(qtbot, reporter: ErrorReporter,
                                                                     window: MainWindow, idle) -> None:
    def broken_slot() -> None:
        raise ValueError("术语<b>未找到</b>")  # text from a document: shown as it is, never as HTML

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    log = reporter.log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "in broken_slot" in log
    assert "ValueError: 术语<b>未找到</b>" in log
    dialog = reporter.dialog
    assert "程序遇到意外错误，已记录到日志文件" in dialog.text() and str(reporter.log_file) in dialog.text()
    assert "错误信息：ValueError: 术语<b>未找到</b>" in dialog.text()
    assert dialog.textFormat() == dialog.textFormat().PlainText
    assert "in broken_slot" in dialog.detailedText()
    assert not dialog.isModal()
    # The window still answers, with the dialog open and after it is closed.
    window.set_query("五制一平台")
    idle(window)
    assert _terms(window)[0] == "五制一平台"
    _button(dialog, "继续").click()
    assert reporter.dialog is None
    window.set_query("四上")
    idle(window)
    assert _terms(window)[0] == "四上企业"


def test_an_error_in_a_buttons_handler_is_reported_too(qtbot, reporter: ErrorReporter) -> None:
    button = QPushButton("试一下")
    qtbot.addWidget(button)
    button.clicked.connect(lambda: 1 / 0)
    button.click()
    qtbot.waitUntil(lambda: reporter.dialog is not None)
    assert "ZeroDivisionError: division by zero" in reporter.log_file.read_text(encoding="utf-8")


def test_repeated_errors_open_one_dialog_and_are_counted(qtbot, reporter: ErrorReporter) -> None:
    for n in range(3):
        reporter.excepthook(*_exc_info(f"第{n}次"))
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert dialogs == [reporter.dialog]
    assert reporter.repeats == 2 and "此后又发生 2 次错误，均已记录。" in reporter.dialog.text()
    assert reporter.log_file.read_text(encoding="utf-8").count("未处理的异常：RuntimeError: 第") == 3  # every one logged
    _button(reporter.dialog, "继续").click()
    reporter.excepthook(*_exc_info("又一次"))  # after the dialog is closed, the next error opens a new one
    assert reporter.dialog is not None and reporter.repeats == 0 and "又一次" in reporter.dialog.text()


def test_an_error_on_another_thread_is_logged_and_shown_on_the_gui_thread(qtbot, reporter: ErrorReporter) -> None:
    def work() -> None:
        raise OSError("磁盘已满")

    thread = threading.Thread(target=work, name="worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None)
    log = reporter.log_file.read_text(encoding="utf-8")
    assert "[worker]" in log and "OSError: 磁盘已满" in log and "in work" in log


def test_the_open_folder_button_opens_the_local_log_folder(qtbot, reporter: ErrorReporter,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    reporter.excepthook(*_exc_info("看日志"))
    _button(reporter.dialog, "打开日志文件夹").click()
    assert [(url.isLocalFile(), Path(url.toLocalFile())) for url in opened] == [(True, reporter.folder)]


def test_ctrl_c_is_not_an_error(reporter: ErrorReporter, capsys: pytest.CaptureFixture) -> None:
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt:
        reporter.excepthook(*sys.exc_info())
    assert reporter.dialog is None and not reporter.log_file.exists()
    assert "KeyboardInterrupt" in capsys.readouterr().err


def test_a_failed_background_task_is_logged(qtbot, reporter: ErrorReporter) -> None:
    runner = TaskRunner()
    handled: list[str] = []

    def work(ctx) -> None:
        raise LookupError("索引损坏")

    runner.submit("lookup", work, lambda _: None, handled.append)
    qtbot.waitUntil(lambda: not runner.busy)
    assert handled and "LookupError: 索引损坏" in handled[0]  # its own handler still has it
    log = reporter.log_file.read_text(encoding="utf-8")
    assert "后台任务出错（lookup）" in log and "LookupError: 索引损坏" in log and "in work" in log
    runner.wait()


def test_the_log_rotates_and_keeps_three_old_files(qapp, tmp_path: Path) -> None:
    reporter = ErrorReporter(tmp_path / "logs")  # the shipped limits: 1 MB a file, three old ones
    try:
        for n in range(12):  # about 4.8 MB in all
            logging.getLogger("glossary_app.test").error("%d %s", n, "x" * 400_000)
    finally:
        reporter.uninstall()
    names = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert names == [LOG_FILE] + [f"{LOG_FILE}.{n}" for n in range(1, BACKUPS + 1)]
    assert all(p.stat().st_size <= MAX_BYTES for p in (tmp_path / "logs").iterdir())
    assert " 11 " in (tmp_path / "logs" / LOG_FILE).read_text(encoding="utf-8")  # the newest is the current file


def test_a_folder_that_cannot_be_written_leaves_the_app_running(qtbot, tmp_path: Path) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    reporter = ErrorReporter(blocker)
    reporter.install()
    try:
        assert reporter.handler is None
        reporter.excepthook(*_exc_info("无处记录"))
        assert reporter.dialog is not None and "日志文件无法写入" in reporter.dialog.text()
        assert "无处记录" in reporter.dialog.detailedText()
        reporter.dialog.close()
    finally:
        reporter.uninstall()


def test_the_default_folder_is_logs_in_the_user_data_folder(user_home: Path) -> None:
    assert errors.log_folder() == user_home / "logs"
