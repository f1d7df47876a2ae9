"""ui.app: the scripted window (query, viewer, screenshot), the smoke test, and a light start-up path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from glossary_app import cli
from glossary_app.ui.app import run, smoke_test


def test_smoke_test_passes_on_the_seed_term_base(qapp, seed_db: Path, capsys) -> None:
    assert smoke_test(seed_db) == 0
    assert capsys.readouterr().out == ""


def test_smoke_test_says_what_failed(qapp, tmp_path: Path, capsys) -> None:
    assert smoke_test(tmp_path / "missing.db") == 1
    assert "no term base" in capsys.readouterr().out
    empty = tmp_path / "empty.db"
    from glossary_app.core import store

    store.open_database(empty).conn.close()
    assert smoke_test(empty) == 1
    out = capsys.readouterr().out
    assert "lookup of 五制一平台 found nothing" in out and "definition of 五制一平台 is not on the term page" in out


def test_screenshot_of_the_term_page(qapp, seed_db: Path, tmp_path: Path, user_home: Path) -> None:
    path = tmp_path / "term.png"
    assert run(seed_db, query="五制一平台", screenshot=path) == 0
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1280, 800)
    # A screenshot run does not become the user's remembered query.
    assert not (user_home / "settings.ini").exists() or "五制一平台" not in (user_home / "settings.ini").read_text()


def test_cli_gui_opens_a_passage_in_the_viewer_for_a_screenshot(qapp, seed_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "viewer.png"
    code = cli.main(["gui", "--db", str(seed_db), "--query", "五制一平台", "--open-passage", "1",
                     "--screenshot", str(path)])
    assert code == 0 and not QImage(str(path)).isNull()


def test_starting_the_window_loads_no_heavy_reader() -> None:
    code = ("import sys, glossary_app.ui.app\n"
            "heavy = [m for m in ('jieba', 'pypdf', 'docx', 'openpyxl', 'pypinyin') if m in sys.modules]\n"
            "print(heavy); sys.exit(1 if heavy else 0)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
