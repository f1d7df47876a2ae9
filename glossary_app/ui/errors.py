"""Errors that happen anyway: log them with their traceback to a rotating file and say so, and carry on."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import isValid

from ..core.paths import user_data_dir

LOG_FILE = "glossary_app.log"
MAX_BYTES = 1024 * 1024  # a log that a user can mail; three old ones kept beside it
BACKUPS = 3
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

app_log = logging.getLogger("glossary_app")  # every module's logger (ui.tasks, ui.single_instance) is below it
log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_folder() -> Path:
    """Where the log files are: logs/ in the user-data folder (beside the program when portable)."""
    return user_data_dir() / "logs"


def start_log_file(folder: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> RotatingFileHandler | None:
    """Send the app's log records to folder/glossary_app.log, rotated; None when the folder cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(folder / LOG_FILE, maxBytes=max_bytes, backupCount=backups, encoding="utf-8",
                                      delay=True)  # no file until there is something to say
    except OSError as err:
        print(f"无法写入日志文件夹 {folder}：{err}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    app_log.addHandler(handler)
    app_log.setLevel(logging.INFO)
    return handler


class ErrorReporter(QObject):
    """Catches what nothing else caught (sys.excepthook, which PySide6 calls for exceptions in slots, and
    threading.excepthook), logs it and shows one dialog at a time; the event loop, and the app, go on."""

    error_logged = Signal(str, str)  # summary, traceback: from whichever thread raised, shown on the GUI thread

    def __init__(self, folder: Path | None = None, max_bytes: int = MAX_BYTES, backups: int = BACKUPS,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.folder = folder if folder is not None else log_folder()
        self.handler = start_log_file(self.folder, max_bytes, backups)
        self.dialog: QMessageBox | None = None
        self._retired: list[QMessageBox | None] = []
        self.repeats = 0  # errors since the open dialog was shown, counted rather than shown
        self._previous: tuple[object, object] | None = None
        self.error_logged.connect(self._show)  # queued when emitted off the GUI thread

    @property
    def log_file(self) -> Path:
        """The current log file."""
        return self.folder / LOG_FILE

    def install(self) -> None:
        """Route uncaught exceptions here (until uninstall)."""
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        """Give the hooks back and close the log file."""
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None
        if self.handler is not None:
            app_log.removeHandler(self.handler)
            self.handler.close()
            self.handler = None

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """sys.excepthook: log, then show; Ctrl+C and exit requests keep their usual meaning."""
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.report((exc_type, exc, tb))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        """threading.excepthook: the same, for a Python thread's uncaught exception."""
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        self.report((args.exc_type, args.exc_value, args.exc_traceback))

    def report(self, exc_info: ExcInfo) -> None:
        """Log an exception with its traceback and ask the GUI thread to say so."""
        details = "".join(traceback.format_exception(*exc_info))
        summary = traceback.format_exception_only(exc_info[0], exc_info[1])[-1].strip()
        try:
            log.error("未处理的异常：%s", summary, exc_info=exc_info)
        finally:
            print(details, file=sys.stderr, end="")  # a console, when there is one, shows it as before
            self.error_logged.emit(summary, details)

    def _show(self, summary: str, details: str) -> None:
        if QApplication.instance() is None:
            return
        try:
            self._show_dialog(summary, details)
        except Exception:  # raising here would come straight back through the hook, and again
            log.exception("could not show the error dialog")

    def _show_dialog(self, summary: str, details: str) -> None:
        if self.dialog is not None:
            self.repeats += 1  # an error in a timer or a paint would otherwise open a dialog per event
            self.dialog.setText(self._message(summary))
            return
        dialog = QMessageBox(QMessageBox.Icon.Warning, "意外错误", "", QMessageBox.StandardButton.NoButton,
                             QApplication.activeWindow())
        dialog.setTextFormat(Qt.TextFormat.PlainText)  # an exception's text may quote a document: never HTML
        self.dialog, self.repeats = dialog, 0
        dialog.setText(self._message(summary))
        dialog.setDetailedText(details)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.addButton("打开日志文件夹", QMessageBox.ButtonRole.ActionRole).clicked.connect(self.open_log_folder)
        dialog.setDefaultButton(dialog.addButton("继续", QMessageBox.ButtonRole.AcceptRole))
        dialog.finished.connect(self._closed)
        dialog.show()  # not exec(): the window behind it keeps working

    def _message(self, summary: str) -> str:
        where = f"已记录到日志文件：\n{self.log_file}" if self.handler is not None else "日志文件无法写入，详情见下。"
        more = f"\n\n此后又发生 {self.repeats} 次错误，均已记录。" if self.repeats else ""
        return f"程序遇到意外错误，{where}\n\n可以继续使用；已保存的数据不受影响。\n\n错误信息：{summary}{more}"

    def _closed(self) -> None:
        # Qt deletes the closed dialog (WA_DeleteOnClose) once its signals are through; Python owns it, so
        # dropping the last reference here would delete it in the middle of its own button's click.
        self._retired = [d for d in self._retired if isValid(d)] + [self.dialog]
        self.dialog, self.repeats = None, 0

    def open_log_folder(self) -> None:
        """Show the log folder in the system's file manager (a local folder: nothing leaves the machine)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
