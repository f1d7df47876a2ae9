"""data/terms.db must be current: built from data/reports by the present extraction code."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from glossary_app.core import store
from glossary_app.core.paths import bundled_database

ROOT = Path(__file__).resolve().parents[1]
REBUILD = "glossary-app build --fresh --db data/terms.db data/reports"


def test_bundled_database_is_current() -> None:
    path = bundled_database()
    assert path == ROOT / "data" / "terms.db"
    assert path.exists(), f"data/terms.db is missing; run: {REBUILD}"
    # Read-only: opening it through store.open_database would switch the shipped file to WAL and migrate it
    db = Database(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True))
    meta = {r["key"]: r["value"] for r in db["meta"].rows}
    reports = sorted(hashlib.sha256(p.read_bytes()).hexdigest()
                     for p in (ROOT / "data" / "reports").rglob("*") if p.is_file())
    assert meta.get("content") == hashlib.sha256("\n".join(reports).encode()).hexdigest(), (
        f"data/terms.db was not built from the current data/reports; run: {REBUILD}")
    assert meta.get("code") == store.code_fingerprint(), (
        f"data/terms.db was built by older extraction code; run: {REBUILD}")
    db.conn.close()


def test_bundled_database_is_one_file_without_a_write_ahead_log() -> None:
    # build --fresh leaves it in rollback-journal mode: a copy of the one file is the whole term base
    header = bundled_database().read_bytes()[:20]
    assert header[18:20] == b"\x01\x01", f"data/terms.db is in WAL mode; run: {REBUILD}"
