"""The core never imports Qt: the CLI and tests must run without a display or PySide6."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_no_pyside() -> None:
    code = (
        "import sys, pkgutil, importlib, glossary_app.core as c\n"
        # walk_packages: subpackages (core.learn) too
        "for m in pkgutil.walk_packages(c.__path__, 'glossary_app.core.'): importlib.import_module(m.name)\n"
        "import glossary_app.cli\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "[]"
