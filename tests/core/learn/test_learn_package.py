"""core.learn stays headless and outside the extraction code's fingerprint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from glossary_app.core import store


def test_learn_imports_no_pyside() -> None:
    code = (
        "import sys, pkgutil, importlib, glossary_app.core.learn as learn\n"
        "for m in pkgutil.iter_modules(learn.__path__): importlib.import_module('glossary_app.core.learn.' + m.name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_study_code_is_not_extraction_code(monkeypatch: pytest.MonkeyPatch) -> None:
    # A change to the study modules must not make the bundled term base look stale.
    before = store.code_fingerprint()
    learn = Path(store.__file__).resolve().parent / "learn"
    assert {"decks.py", "schedule.py", "quiz.py"} <= {p.name for p in learn.glob("*.py")}
    original = Path.read_bytes

    def changed(path: Path) -> bytes:
        data = original(path)
        return data + b"\n# changed\n" if path.parent.name == "learn" else data

    monkeypatch.setattr(Path, "read_bytes", changed)
    assert store.code_fingerprint() == before
