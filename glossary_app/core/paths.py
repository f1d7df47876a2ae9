"""Where the term base lives: the bundled copy, and the user's own in the user-data folder."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import platformdirs

APP_NAME = "glossary_app"
PORTABLE_MARKER = "portable.txt"


def bundled_database() -> Path:
    """The term base shipped with the app (data/terms.db); read-only."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "data" / "terms.db"
    return Path(__file__).resolve().parents[2] / "data" / "terms.db"


def user_data_dir() -> Path:
    """The user's data folder; beside the executable in portable mode, else the platform's."""
    override = os.environ.get("GLOSSARY_APP_HOME")
    if override:
        return Path(override)
    if getattr(sys, "frozen", False):
        beside = Path(sys.executable).parent
        if (beside / PORTABLE_MARKER).exists():
            return beside / "userdata"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_database() -> Path:
    """The user's term base, created from the bundled one on first use."""
    target = user_data_dir() / "terms.db"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        source = bundled_database()
        if source.exists():
            # Copy to a temporary name first so a crash never leaves half a database.
            partial = target.with_suffix(".db.partial")
            shutil.copyfile(source, partial)
            partial.replace(target)
    return target
