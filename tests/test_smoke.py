"""`glossary-app --smoke-test`: the check the release script runs on the frozen program, run here unfrozen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from glossary_app import cli

pytestmark = pytest.mark.gui


def test_smoke_test_passes_in_an_empty_home(tmp_path: Path) -> None:
    env = dict(os.environ, GLOSSARY_APP_HOME=str(tmp_path / "home"))
    env.pop("QT_QPA_PLATFORM", None)  # the smoke test goes offscreen by itself
    proc = subprocess.run([sys.executable, "-m", "glossary_app", "--smoke-test"], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert (proc.returncode, proc.stdout.splitlines()[-1:]) == (0, ["smoke test passed"]), proc.stdout + proc.stderr
    assert not (tmp_path / "home").exists()  # the user's folder is left alone: a scratch copy is checked


def test_smoke_test_says_what_failed(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
                                     tmp_path: Path) -> None:
    from glossary_app.ui import app

    monkeypatch.setenv("GLOSSARY_APP_HOME", str(tmp_path))

    def broken(db_path: Path) -> int:
        print("smoke test: window did not render")
        return 1

    monkeypatch.setattr(app, "smoke_test", broken)
    assert cli.main(["--smoke-test"]) == 1
    out = capsys.readouterr().out
    assert "smoke test: window did not render" in out and "smoke test passed" not in out
