"""core.learn stays outside the extraction code's fingerprint (tests/core/test_no_qt.py checks it imports no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary_app.core import store


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
