"""Start the desktop app: the Qt application, the window, scripted screenshots and the smoke test."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ..core.paths import user_data_dir
from ..core.userdata import UserData, default_path
from .errors import ErrorReporter
from .mainwindow import MainWindow
from .recovery import open_databases
from .single_instance import HandOff, SingleInstance, server_name
from .theme import apply_theme, icon, ui_font

SCREENSHOT_SIZE = (1280, 800)


def create_application() -> QApplication:
    """The QApplication, set up once: Chinese, high-DPI, the CJK font list, the system's light or dark theme."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scaling (150 %) drawn as such rather than rounded: text stays the size the user chose.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("glossary_app")
    app.setApplicationDisplayName("地方政府报告简称词典")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)  # Qt's own buttons and dialogs (确定, 取消, 是, 否) in Chinese
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    app.setFont(ui_font())
    apply_theme(app)
    app.setWindowIcon(icon("app"))
    app.styleHints().colorSchemeChanged.connect(lambda _: _follow_system_theme(app))
    return app


def _follow_system_theme(app: QApplication) -> None:
    apply_theme(app)
    for widget in app.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.refresh_theme()


def open_settings(path: Path | None = None) -> QSettings:
    """Window geometry, font size, last query: an INI file beside the user's data (portable mode keeps it)."""
    return QSettings(str(path or user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def settle(window: MainWindow, timeout: float = 10.0) -> bool:
    """Let the window finish its background work and redraw (screenshots, smoke test); False on timeout."""
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if not window.busy:
            for _ in range(3):  # deferred layouts and single-shot timers
                app.processEvents()
                time.sleep(0.01)
            if not window.busy:
                return True
        time.sleep(0.005)
    return False


def open_window(db_path: Path, userdata: UserData, settings: QSettings, query: str | None,
                open_passage: int | None = None, size: tuple[int, int] | None = None) -> MainWindow:
    """Show the main window on db_path, with query looked up and, optionally, the Nth use opened in the viewer."""
    window = MainWindow(db_path, userdata, settings)
    if size is not None:
        window.resize(*size)
    window.show()
    if query:
        window.set_query(query)
    if open_passage is not None:
        settle(window)
        uses = window.page.uses_model.all_uses()
        if 1 <= open_passage <= len(uses):
            window.open_use(uses[open_passage - 1])
    return window


def launch(db_path: Path | None = None, query: str | None = None) -> int:
    """glossary-app gui: hand query to the window already open on this user data and exit, or become that
    window, with unexpected errors logged and shown. db_path None: the user's own term base."""
    instance = SingleInstance(server_name(user_data_dir(), db_path))
    handed = instance.hand_off(query or "")  # before any database is made or opened
    if handed is HandOff.DONE:
        return 0
    if handed is HandOff.NO_ANSWER:
        print("词典已经打开，但暂时没有响应。请稍候再试，或关闭已打开的窗口后重新启动。", file=sys.stderr)
        return 1
    app = create_application()
    reporter = ErrorReporter(parent=app)
    reporter.install()
    instance.listen()  # from here on a launch hands over, even while this one prepares the term base
    try:
        return run(db_path, query, instance=instance)
    except Exception:
        logging.getLogger(__name__).exception("启动失败")
        raise
    finally:
        instance.close()
        reporter.uninstall()


def show_handed_query(window: MainWindow, query: str) -> None:
    """A later launch's query: look it up here and bring this window to the front (kept maximized if it was)."""
    if query:
        window.set_query(query)
    window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def run(db_path: Path | None, query: str | None = None, screenshot: Path | None = None,
        open_passage: int | None = None, instance: SingleInstance | None = None) -> int:
    """Open the window on db_path (None: the user's own term base); with screenshot, save it as PNG once it has
    settled and exit. instance: the listening single instance (launch), whose later launches' queries it takes."""
    app = create_application()
    # A damaged or locked database is explained (and put right where it can be) before anything opens it.
    db_path = open_databases(db_path, default_path(), interactive=screenshot is None)
    if db_path is None:
        return 1
    settings = open_settings()
    userdata = UserData.open(default_path())
    if query is None and screenshot is None:
        query = str(settings.value("last_query", "") or "")
    window = open_window(db_path, userdata, settings, query, open_passage,
                         SCREENSHOT_SIZE if screenshot is not None else None)
    if screenshot is not None:
        # A screenshot run leaves the user's settings (last query, geometry) as they were.
        ok = settle(window)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        saved = window.grab().save(str(screenshot), "PNG")
        window.runner.wait()
        window.hide()  # not close(): closing would save this run's query and geometry as the user's
        window.deleteLater()
        userdata.close()
        if not (ok and saved):
            print(f"截图失败：{screenshot}", file=sys.stderr)
            return 1
        return 0
    window.warm_up()
    if instance is not None:
        instance.deliver_to(lambda handed: show_handed_query(window, handed))
    code = app.exec()
    userdata.close()
    return code


def smoke_test(db_path: Path) -> int:
    """Open the term base, look 五制一平台 up, render the window offscreen, check the definition shows."""
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures: list[str] = []
    if not Path(db_path).exists():
        print(f"smoke test: no term base at {db_path}")
        return 1
    create_application()
    with tempfile.TemporaryDirectory() as scratch:
        userdata = UserData.open(None)  # the smoke test leaves the user's own files alone
        window = open_window(Path(db_path), userdata, open_settings(Path(scratch) / "settings.ini"), "五制一平台",
                             size=SCREENSHOT_SIZE)
        if not settle(window):
            failures.append("background work did not finish within 10 s")
        terms = [window.sidebar.results_model.result(r).term for r in range(window.sidebar.results_model.rowCount())]
        if "五制一平台" not in terms:
            failures.append(f"lookup of 五制一平台 found {terms or 'nothing'}")
        if window.page.term != "五制一平台" or window.stack.currentWidget() is not window.page:
            failures.append(f"term page shows {window.page.term or 'nothing'}")
        if "备案监督制" not in window.page.browser.toPlainText():
            failures.append("definition of 五制一平台 is not on the term page")
        if window.grab().isNull():
            failures.append("window did not render")
        window.runner.wait()
        window.close()
        window.deleteLater()
        userdata.close()
    for failure in failures:
        print(f"smoke test: {failure}")
    return 1 if failures else 0
