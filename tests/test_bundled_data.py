"""data/terms.db must be current: built from data/reports by the present extraction code."""

from __future__ import annotations

import hashlib
from pathlib import Path

from glossary_app.core import store
from glossary_app.core.paths import bundled_database

ROOT = Path(__file__).resolve().parents[1]
REBUILD = "glossary-app build --fresh --db data/terms.db data/reports"


def test_bundled_database_is_current() -> None:
    path = bundled_database()
    assert path == ROOT / "data" / "terms.db"
    assert path.exists(), f"data/terms.db is missing; run: {REBUILD}"
    db = store.open_database(path)
    meta = {r["key"]: r["value"] for r in db["meta"].rows}
    reports = sorted(hashlib.sha256(p.read_bytes()).hexdigest()
                     for p in (ROOT / "data" / "reports").rglob("*") if p.is_file())
    assert meta.get("content") == hashlib.sha256("\n".join(reports).encode()).hexdigest(), (
        f"data/terms.db was not built from the current data/reports; run: {REBUILD}")
    assert meta.get("code") == store.code_fingerprint(), (
        f"data/terms.db was built by older extraction code; run: {REBUILD}")
    db.conn.close()
