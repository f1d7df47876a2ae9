"""No network (issue 7 part 6): with every Python-level way out blocked, build, lookup, the command line and
the desktop app all work, and nothing tries to connect — not even at import time (a fresh process).

Qt's own C++ sockets (a local single-instance server, if any) are not Python's and are not what is guarded:
the promise is that nothing contacts the network, and no Python code of ours or of our libraries tries to."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from glossary_app import cli
from glossary_app.core import TermBase, build, store
from glossary_app.core.browse import Browser

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
_REAL_SOCKET = socket.socket
# Module functions that resolve names or open connections, and the socket methods that reach out (patched on
# the class itself too, for code that took a reference to socket.socket before the guard went up).
_FUNCTIONS = ["create_connection", "create_server", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
              "gethostbyaddr", "getnameinfo", "socketpair", "fromfd"]
_METHODS = ["connect", "connect_ex", "sendto", "bind"]

# The same guard for a fresh interpreter, installed before anything else is imported. socket.socket stays a
# class (ssl and asyncio subclass it on import); making one is what is refused.
BLOCKER = f"""
import socket, sys
def _blocked(name):
    def refuse(*args, **kwargs):
        sys.stderr.write("NETWORK ATTEMPT: " + name + "\\n")
        raise OSError("network blocked: " + name)
    return refuse
class _NoSocket(socket.socket):
    __init__ = _blocked("socket.socket")
for _name in {_METHODS!r}:
    setattr(socket.socket, _name, _blocked("socket." + _name))
for _name in {_FUNCTIONS!r}:
    setattr(socket, _name, _blocked(_name))
socket.socket = _NoSocket
"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """Blocks sockets for the test (and every thread it starts); yields the attempts, which must stay none."""
    attempts: list[str] = []

    def blocked(name: str) -> Callable[..., object]:
        def refuse(*args: object, **kwargs: object) -> object:
            attempts.append(name)
            raise OSError(f"network blocked: {name}")
        return refuse

    class NoSocket(_REAL_SOCKET):
        __init__ = blocked("socket.socket")  # type: ignore[assignment]

    for name in _METHODS:
        monkeypatch.setattr(_REAL_SOCKET, name, blocked(f"socket.{name}"))
    for name in _FUNCTIONS:
        monkeypatch.setattr(socket, name, blocked(name))
    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setenv("GLOSSARY_APP_HOME", str(tmp_path / "home"))
    yield attempts
    assert attempts == [], "something tried to use the network"


def test_the_guard_blocks(no_network: list[str]) -> None:
    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.com/", timeout=1)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with _REAL_SOCKET(socket.AF_INET, socket.SOCK_STREAM) as old, pytest.raises(OSError):
        old.connect(("127.0.0.1", 9))  # an old reference to the class cannot connect either
    assert no_network == ["create_connection", "create_connection", "socket.socket", "socket.connect"]
    no_network.clear()  # these attempts were the test's own


def test_build_and_lookup_offline(no_network: list[str], tmp_path: Path, reports_dir: Path) -> None:
    db = store.open_database(tmp_path / "terms.db")
    # No common_freq given: jieba's dictionary is loaded here, under the guard.
    report = build.build(db, [reports_dir, HOSTILE / "hostile_report.txt", HOSTILE / "hostile_report.html"])
    assert {f.status for f in report.files} == {"added"}
    tb = TermBase(db)
    assert tb.lookup("五制一平台").results[0].definitions[0].text.startswith("备案监督制")
    assert tb.lookup("三张清单").results[0].term == "三张清单<script>alert(1)</script>"
    details = Browser(db).details("四上企业")
    assert details.uses and details.term == "四上企业"


def test_command_line_offline(no_network: list[str], tmp_path: Path, reports_dir: Path,
                              capsys: pytest.CaptureFixture) -> None:
    db = str(tmp_path / "cli.db")
    assert cli.main(["build", "--db", db, str(reports_dir)]) == 0
    assert cli.main(["lookup", "--db", db, "五制一平台"]) == 0
    assert cli.main(["lookup", "--db", db, "--json", "四上"]) == 0
    assert cli.main(["export", "--db", db, "--format", "md", "-o", str(tmp_path / "out.md")]) == 0
    # Without --db: the user's own term base, made on first use from the bundled one.
    assert cli.main(["lookup", "五制一平台"]) == 0
    out = capsys.readouterr().out
    assert out.count("【名词解释】备案监督制") == 2 and '"term": "四上企业"' in out
    assert (tmp_path / "out.md").read_text(encoding="utf-8").count("五制一平台") >= 1


def test_desktop_app_offline(no_network: list[str], qtbot, tmp_path: Path, reports_dir: Path) -> None:
    from glossary_app.core.userdata import UserData
    from glossary_app.ui.app import open_settings
    from glossary_app.ui.mainwindow import MainWindow

    db = store.open_database(tmp_path / "terms.db")
    build.build(db, [reports_dir, HOSTILE / "hostile_report.txt"])
    db.close()
    home = tmp_path / "home"
    home.mkdir()
    window = MainWindow(tmp_path / "terms.db", UserData.open(home / "user.db"), open_settings(home / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.warm_up()
        window.set_query("五制")
        qtbot.waitUntil(lambda: not window.busy, timeout=15000)
        assert window.page.term == "五制一平台"
        window.open_term("三张清单<script>alert(1)</script>")
        qtbot.waitUntil(lambda: not window.busy, timeout=15000)
        window.open_use(window.page.uses_model.all_uses()[0])
        qtbot.waitUntil(lambda: not window.busy, timeout=15000)
        assert window.stack.currentWidget() is window.viewer
        assert "<script>alert(1)</script>" in window.viewer.text.toPlainText()
        window.sidebar.tabs.setCurrentWidget(window.sidebar.browse)  # browsing loads pypinyin
        qtbot.waitUntil(lambda: not window.busy, timeout=15000)
        assert window.failures == []
    finally:
        window.close()
        window.runner.wait()
        window.userdata.close()


def _run_blocked(args: list[str], home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """python -m glossary_app ARGS in a fresh interpreter whose sockets are blocked before any import."""
    code = BLOCKER + f"import runpy\nsys.argv = ['glossary_app', *{args!r}]\nrunpy.run_module('glossary_app', run_name='__main__')\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=180,
                          env=dict(os.environ, GLOSSARY_APP_HOME=str(home), PYTHONIOENCODING="utf-8", **env))


def test_a_fresh_process_looks_up_offline(tmp_path: Path) -> None:
    proc = _run_blocked(["lookup", "五制一平台"], tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    assert "NETWORK ATTEMPT" not in proc.stderr
    assert "【名词解释】备案监督制" in proc.stdout


def test_the_blocker_itself_catches_a_fresh_process_reaching_out(tmp_path: Path) -> None:
    # The wrapper's own check: a process that does try is caught and fails.
    code = BLOCKER + "import urllib.request\nurllib.request.urlopen('http://example.com/', timeout=1)\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "NETWORK ATTEMPT" in proc.stderr


@pytest.mark.gui
def test_a_fresh_process_draws_the_window_offline(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    proc = _run_blocked(["gui", "--query", "五制一平台", "--screenshot", str(shot)], tmp_path / "home",
                        QT_QPA_PLATFORM="offscreen")
    assert proc.returncode == 0, proc.stderr
    assert "NETWORK ATTEMPT" not in proc.stderr
    assert shot.stat().st_size > 10_000
