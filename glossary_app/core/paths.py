"""Where things live: the bundled term base, the user's data folder (or beside the program, portable)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "glossary_app"
PORTABLE_MARKER = "portable.txt"  # beside the program: keep all data in userdata/ beside it too (USB stick)
PORTABLE_FOLDER = "userdata"


def frozen() -> bool:
    """Whether this is the packaged program (PyInstaller) rather than Python running the package."""
    return bool(getattr(sys, "frozen", False))


def program_dir() -> Path:
    """The folder of the packaged program's executable (of the package's source folder's parent, unpackaged)."""
    if frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def bundled_database() -> Path:
    """The term base shipped with the app (data/terms.db); read-only."""
    if frozen():
        return Path(getattr(sys, "_MEIPASS", program_dir())) / "data" / "terms.db"
    return Path(__file__).resolve().parents[2] / "data" / "terms.db"


def portable() -> bool:
    """Whether the packaged program runs portable: a portable.txt beside its executable."""
    return frozen() and (program_dir() / PORTABLE_MARKER).exists()


def user_data_dir() -> Path:
    """The user's data folder: $GLOSSARY_APP_HOME, userdata/ beside the program when portable, else the
    platform's (%LOCALAPPDATA%\\glossary_app, ~/.local/share/glossary_app). Never the program's own folder."""
    override = os.environ.get("GLOSSARY_APP_HOME")
    if override:
        return Path(override)
    if portable():
        return program_dir() / PORTABLE_FOLDER
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_database() -> Path:
    """The user's term base, made from the bundled one on first use and remade when a new version
    brings a newer one (core/install.py); the user's own imports are kept."""
    from .install import ensure_user_database

    return ensure_user_database()
