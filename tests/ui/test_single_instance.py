"""One window per user-data folder: a second launch hands its query over; a crashed first leaves no trap."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from glossary_app import cli
from glossary_app.ui import app
from glossary_app.ui.single_instance import HandOff, SingleInstance, server_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def name(tmp_path: Path) -> Iterator[str]:
    """A server name of the test's own; whatever is left under it is removed afterwards."""
    name = server_name(tmp_path / "data")
    yield name
    QLocalServer.removeServer(name)


def _second_launch(name: str, query: str) -> subprocess.Popen[str]:
    """The second launch's hand-off, in a process of its own as in life (a QLocalSocket on a thread of the
    test's own process crashes PySide at random): it blocks until the first answers from its event loop."""
    code = ("import sys\nfrom glossary_app.ui.single_instance import SingleInstance\n"
            "print(SingleInstance(sys.argv[1]).hand_off(sys.argv[2]).name)\n")
    return subprocess.Popen([sys.executable, "-c", code, name, query], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _outcome(qtbot, process: subprocess.Popen[str]) -> str:
    """What the other process printed, once it has exited (the test's event loop runs meanwhile)."""
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=60000)
    out, err = process.communicate()
    assert process.returncode == 0, err
    return out.strip()


def test_names_differ_by_folder_and_term_base_and_stay_short(tmp_path: Path) -> None:
    names = {server_name(tmp_path / "a"), server_name(tmp_path / "b"), server_name(tmp_path / "a", tmp_path / "x.db")}
    assert len(names) == 3
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")  # the same folder, written otherwise
    assert all(len(n) < 40 and n.isascii() and "/" not in n for n in names)  # Unix socket paths are short


def test_a_second_launch_hands_its_query_to_the_first_window(qtbot, window, name: str, idle) -> None:
    first = SingleInstance(name)
    assert first.listen()
    first.deliver_to(lambda query: app.show_handed_query(window, query))
    window.showMinimized()
    assert _outcome(qtbot, _second_launch(name, "四上企业")) == "DONE"
    assert window.sidebar.search.text() == "四上企业"
    assert not window.isMinimized() and window.isVisible()
    idle(window)
    assert window.page.term == "四上企业"  # its page is shown at once
    first.close()


def test_a_launch_without_a_query_only_brings_the_window_forward(qtbot, window, name: str, idle) -> None:
    window.set_query("五制一平台")
    idle(window)
    first = SingleInstance(name)
    assert first.listen()
    received: list[str] = []
    first.deliver_to(received.append)
    first.deliver_to(lambda query: app.show_handed_query(window, query))
    assert (_outcome(qtbot, _second_launch(name, "")), received) == ("DONE", [""])
    assert window.sidebar.search.text() == "五制一平台"
    first.close()


def test_a_query_that_comes_before_the_window_waits_for_it(qtbot, name: str) -> None:
    first = SingleInstance(name)
    assert first.listen()
    # The first is still starting (a start-up dialog's event loop answers the second launch).
    assert _outcome(qtbot, _second_launch(name, "双减")) == "DONE"
    received: list[str] = []
    first.deliver_to(received.append)
    assert received == ["双减"]
    assert _outcome(qtbot, _second_launch(name, "四上")) == "DONE"
    assert received == ["双减", "四上"]
    first.close()


def test_nobody_listening_is_found_out_at_once(qapp, name: str) -> None:
    started = time.perf_counter()
    assert SingleInstance(name).hand_off("四上企业") is HandOff.NOBODY
    assert time.perf_counter() - started < 0.5


def test_a_crashed_first_instance_leaves_nothing_in_the_way(qtbot, name: str) -> None:
    # A first instance that dies without closing its server (a crash, a kill): on Unix its socket file stays.
    crash = ("import os, sys\nfrom PySide6.QtCore import QCoreApplication\nfrom PySide6.QtNetwork import QLocalServer\n"
             "app = QCoreApplication([])\nserver = QLocalServer()\nassert server.listen(sys.argv[1])\nos._exit(0)\n")
    subprocess.run([sys.executable, "-c", crash, name], check=True, timeout=60)
    if sys.platform != "win32":  # a named pipe dies with its process; a socket file does not
        plain = QLocalServer()
        assert not plain.listen(name) and plain.serverError() == QAbstractSocket.SocketError.AddressInUseError
    second = SingleInstance(name)
    assert second.hand_off("四上企业") is HandOff.NOBODY  # refused, not mistaken for a running window
    assert second.listen()
    received: list[str] = []
    second.deliver_to(received.append)
    assert (_outcome(qtbot, _second_launch(name, "一单四制")), received) == ("DONE", ["一单四制"])
    second.close()


def test_garbage_and_silence_are_dropped_and_the_server_goes_on(qtbot, name: str) -> None:
    first = SingleInstance(name)
    assert first.listen()
    received: list[str] = []
    first.deliver_to(received.append)
    garbage = ("import sys\nfrom PySide6.QtNetwork import QLocalSocket\nsocket = QLocalSocket()\n"
               "socket.connectToServer(sys.argv[1])\nassert socket.waitForConnected(5000)\n"
               "socket.write(b'<not json>\\n')\nsocket.waitForBytesWritten(1000)\n"
               "answered = socket.waitForReadyRead(5000) and not socket.readAll().isEmpty()\n"
               "print('answered' if answered else 'dropped')\n")
    dropped = subprocess.Popen([sys.executable, "-c", garbage, name], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8")
    assert _outcome(qtbot, dropped) == "dropped"  # no acknowledgement for what is not a query
    silent = QLocalSocket()  # and one that connects and says nothing holds nobody up
    silent.connectToServer(name)
    assert _outcome(qtbot, _second_launch(name, "五制一平台")) == "DONE"
    assert received == ["五制一平台"]
    silent.abort()
    first.close()


def test_launch_listens_and_reports_errors_while_the_window_runs(qapp, monkeypatch: pytest.MonkeyPatch,
                                                               user_home: Path, seed_db: Path) -> None:
    seen: dict[str, object] = {}
    hooks = (sys.excepthook, threading.excepthook)

    def fake_run(db_path: Path, query: str | None, instance: SingleInstance | None = None) -> int:
        seen.update(db=db_path, query=query, listening=instance is not None and instance.server is not None,
                    hook=getattr(sys.excepthook, "__self__", None))
        return 7

    monkeypatch.setattr(app, "run", fake_run)
    assert cli.main(["gui", "--db", str(seed_db), "--query", "双减"]) == 7
    assert (seen["db"], seen["query"], seen["listening"]) == (seed_db, "双减", True)
    assert type(seen["hook"]).__name__ == "ErrorReporter"
    assert (sys.excepthook, threading.excepthook) == hooks  # given back when the window closes
    # and the name is free again: the next launch becomes the first
    assert SingleInstance(server_name(user_home, seed_db)).hand_off("") is HandOff.NOBODY


def test_a_screenshot_run_takes_no_part(qapp, seed_db: Path, tmp_path: Path, user_home: Path) -> None:
    first = SingleInstance(server_name(user_home, seed_db))
    assert first.listen()
    received: list[str] = []
    first.deliver_to(received.append)
    path = tmp_path / "shot.png"
    # Were it to hand over, it would wait for this thread's event loop in vain and fail.
    assert cli.main(["gui", "--db", str(seed_db), "--query", "五制一平台", "--screenshot", str(path)]) == 0
    assert path.exists() and received == []
    assert first.server is not None and first.server.isListening()  # nor did it take the name
    first.close()


def _wait_for_server(name: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the first instance exited"
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(200):
            probe.abort()
            return
        time.sleep(0.1)
    raise TimeoutError(f"the first instance did not listen within {timeout} s")


def test_a_second_program_hands_over_and_exits(qapp, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = dict(os.environ, GLOSSARY_APP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    name = server_name(home)
    command = [sys.executable, "-m", "glossary_app", "gui"]
    first = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for_server(name, first, timeout=90)
        started = time.perf_counter()
        second = subprocess.run(command + ["--query", "四上企业"], check=False, env=env, cwd=ROOT, capture_output=True,
                                text=True, encoding="utf-8", timeout=60)
        seconds = time.perf_counter() - started
        assert second.returncode == 0, second.stderr
        assert seconds < 15
        log = home / "logs" / "glossary_app.log"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "'四上企业'" not in (log.read_text(encoding="utf-8") if log.exists() else ""):
            time.sleep(0.1)
        assert "a second launch handed over the query '四上企业'" in log.read_text(encoding="utf-8")
        assert first.poll() is None  # the first window runs on
        print(f"\nsecond launch handed over and exited in {seconds:.2f} s")
    finally:
        first.terminate()
        try:
            first.wait(10)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait(10)
        if first.stderr is not None:
            first.stderr.close()
        QLocalServer.removeServer(name)  # terminated, it left its socket behind
