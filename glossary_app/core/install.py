"""First run and upgrades: the user's term base, made from the bundled one and kept current with it.

The user's term base (user_data_dir()/terms.db) starts as a copy of the bundled data/terms.db
and records in its meta table which bundled term base it was made from. Every report the user
imports is also kept as a copy, user_data_dir()/reports/<sha256>/<file name>. When a newer
version of the app brings a different bundled term base, the user's is made again: the new
bundled one copied to a temporary file, the user's own reports built into it, and only then
put in place with one os.replace — a crash on the way leaves the old term base as it was.
A damaged term base is made again the same way, from the bundled one and every kept copy; the damaged
file is kept aside as terms.db.damaged-<timestamp>, never deleted (core/recovery.py).
Favourites, notes, own definitions and history live in user.db (core/userdata.py) and are
never touched here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from . import paths, recovery

if TYPE_CHECKING:  # build pulls in the extraction code; start-up must not pay for it
    from sqlite_utils import Database

    from .build import BuildReport, Progress

BASE_KEY = "bundled_from"  # meta: the bundled term base this one was made from ("" = made without one)
BASE_FILES_KEY = "bundled_files"  # meta: sha256 of the files that came with it, a JSON list
REPORTS_FOLDER = "reports"
TEMP_SUFFIX = ".upgrading"
PARTIAL_SUFFIX = ".partial"  # a kept copy being written


@dataclass
class Outcome:
    """What prepare_user_database found and did."""

    path: Path
    status: str  # "created" | "current" | "upgraded" | "kept" | "recovered" | "locked" | "no-bundle"
    missing: list[str] = field(default_factory=list)  # own reports not found again ("kept")
    reason: str | None = None  # why an upgrade was put off ("kept"), what was wrong ("recovered", "locked")
    aside: Path | None = None  # where the damaged term base is kept ("recovered")
    restored: int = 0  # kept copies of own reports built into the remade term base ("recovered")


@dataclass(frozen=True)
class _OwnFile:
    """A file the user imported, as the old term base lists it."""

    sha256: str
    name: str
    path: str
    imported_at: str | None


class UpgradeDeferred(Exception):
    """The user's term base cannot be remade now; the old one stays in use."""


def user_term_base() -> Path:
    """Where the user's term base lives: user_data_dir()/terms.db."""
    return paths.user_data_dir() / "terms.db"


def reports_dir() -> Path:
    """Where copies of the user's imported reports are kept: user_data_dir()/reports."""
    return paths.user_data_dir() / REPORTS_FOLDER


def ensure_user_database(target: Path | None = None, bundled: Path | None = None) -> Path:
    """The user's term base, ready to open: made on first run, remade when the bundled one changed."""
    outcome = prepare_user_database(target, bundled)
    if outcome.status == "kept":  # the command line shows this on stderr; the old term base works on
        logging.getLogger(__name__).warning("词库未随新版本更新：%s", outcome.reason)
    elif outcome.status == "recovered":
        logging.getLogger(__name__).warning("%s", recovered_message(outcome))
    elif outcome.status == "locked":
        raise recovery.DatabaseProblem(outcome.reason or str(outcome.path))
    return outcome.path


def recovered_message(outcome: Outcome) -> str:
    """One line in Chinese on a term base made again after damage: what, where the damaged file is kept."""
    own = f"和您导入过的 {outcome.restored} 份报告" if outcome.restored else ""
    kept = outcome.aside.name if outcome.aside else "（未能保留）"
    return f"{outcome.reason}。已用随附词库{own}重新生成词库；损坏的文件未删除，另存为 {kept}。"


def prepare_user_database(target: Path | None = None, bundled: Path | None = None,
                          reports: Path | None = None, progress: Progress | None = None,
                          common_freq: Callable[[str], int] | None = None) -> Outcome:
    """Make sure the user's term base exists and was made from the present bundled term base."""
    target = target or user_term_base()
    bundled = bundled or paths.bundled_database()
    reports = reports or target.parent / REPORTS_FOLDER
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    if not bundled.exists():
        return Outcome(target, "no-bundle")
    identity = bundled_identity(bundled)
    if not target.exists():
        _make(target, bundled, identity, [], progress, common_freq)
        return Outcome(target, "created")
    health = recovery.check_database(target, recovery.TERM_TABLES)
    if not (health.damaged or health.in_use):
        try:
            made_from, base_files, own = _read_user_base(target)
        except sqlite3.DatabaseError as err:  # damage the time-limited quick_check did not reach
            health = recovery.health_from_error(target, err)
    if health.in_use:  # another program has it: nothing is moved, the user is asked to try again
        return Outcome(target, "locked", reason=recovery.describe(health, "词库"))
    if health.damaged:
        return _remake_damaged(target, bundled, identity, reports, health, progress, common_freq)
    if made_from == identity or made_from == "":
        return Outcome(target, "current")
    try:
        with _readonly(bundled) as conn:
            new_files = {r[0] for r in conn.execute("SELECT sha256 FROM files")}
        mine = [f for f in own if f.sha256 not in new_files and (base_files is None or f.sha256 not in base_files)]
        sources, missing = _find_own_reports(mine, reports)
        if missing:
            return Outcome(target, "kept", missing=missing,
                           reason="imported reports not found again: " + ", ".join(missing))
        _make(target, bundled, identity, sources, progress, common_freq)
    except UpgradeDeferred as deferred:
        return Outcome(target, "kept", reason=str(deferred))
    return Outcome(target, "upgraded")


def bundled_identity(bundled: Path) -> str:
    """Which bundled term base this is: the code and content fingerprints it records, else its bytes' digest."""
    try:
        with _readonly(bundled) as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('code', 'content')").fetchall())
    except sqlite3.DatabaseError:
        meta = {}
    if meta.get("code") and meta.get("content"):
        return f"code:{meta['code']} content:{meta['content']}"
    return "sha256:" + hashlib.sha256(bundled.read_bytes()).hexdigest()


def import_into_user_base(db: Database, inputs: Iterable[Path], progress: Progress | None = None,
                          common_freq: Callable[[str], int] | None = None,
                          reports: Path | None = None) -> BuildReport:
    """build.build into the user's term base, keeping a copy of each file read so an upgrade can rebuild it."""
    from . import build

    report = build.build(db, list(inputs), progress=progress, common_freq=common_freq)
    keep_copies(report, reports)
    return report


def keep_copies(report: BuildReport, reports: Path | None = None) -> list[Path]:
    """Copy every file a build read (added, replaced or already there) into the reports folder."""
    return [save_copy(f.path, reports) for f in report.files if f.status != "rejected" and f.path.is_file()]


def save_copy(path: Path, reports: Path | None = None) -> Path:
    """Keep path as reports/<sha256>/<name> (content-addressed: the same bytes are kept once)."""
    data = Path(path).read_bytes()
    folder = (reports or reports_dir()) / hashlib.sha256(data).hexdigest()
    kept = folder / Path(path).name
    if not kept.exists():
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(kept, data)
    return kept


def saved_reports(reports: Path | None = None) -> list[Path]:
    """Every copy kept in the reports folder."""
    folder = reports or reports_dir()
    if not folder.is_dir():
        return []
    # Not a copy a crash cut short (_write_atomically's temporary file): it would be read as a report.
    return sorted(p for p in folder.glob("*/*") if p.is_file() and not p.name.endswith(PARTIAL_SUFFIX))


def mark_unbundled(db: Database) -> None:
    """Record that this term base was started empty on purpose (build --fresh): upgrades leave it alone."""
    db.table("meta").upsert_all([{"key": BASE_KEY, "value": ""}, {"key": BASE_FILES_KEY, "value": "[]"}], pk="key")


# -- the steps ----------------------------------------------------------------------


def _remake_damaged(target: Path, bundled: Path, identity: str, reports: Path, health: recovery.Health,
                    progress: Progress | None, common_freq: Callable[[str], int] | None) -> Outcome:
    """A new term base from the bundled one and every kept copy of the user's reports in place of a damaged one,
    which is kept aside; until the new one is ready the damaged one stays where it is (a crash: found again)."""
    saved: list[tuple[Path, _OwnFile | None]] = [(p, None) for p in saved_reports(reports)]
    try:
        try:
            aside = _make(target, bundled, identity, saved, progress, common_freq, damaged=True)
        except UpgradeDeferred:  # a kept copy no longer reads: the bundled term base alone
            saved = []
            aside = _make(target, bundled, identity, saved, progress, common_freq, damaged=True)
    except OSError as err:  # Windows: the damaged file is open in another program and cannot be moved
        return Outcome(target, "locked", reason=recovery.describe(recovery.Health(target, "locked", str(err)), "词库"))
    return Outcome(target, "recovered", reason=recovery.describe(health, "词库"), aside=aside, restored=len(saved))


def _make(target: Path, bundled: Path, identity: str, sources: list[tuple[Path, _OwnFile | None]],
          progress: Progress | None, common_freq: Callable[[str], int] | None, damaged: bool = False) -> Path | None:
    """Copy bundled to a temporary file, build sources into it, then put it in place of target
    (a damaged target is put aside first; where it went is returned)."""
    from . import store

    fd, name = tempfile.mkstemp(prefix=target.name + ".", suffix=TEMP_SUFFIX, dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        shutil.copyfile(bundled, temp)
        db = store.open_database(temp)  # brings the copy's schema up to this version's
        try:
            base_files = sorted(r["sha256"] for r in db.table("files").rows_where(select="sha256"))
            if sources:
                _build_own(db, sources, progress, common_freq)
            db.table("meta").upsert_all([{"key": BASE_KEY, "value": identity},
                                         {"key": BASE_FILES_KEY, "value": json.dumps(base_files)}], pk="key")
            db.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal left beside it
        finally:
            db.conn.close()
        aside = recovery.put_aside(target) if damaged else None
        if not damaged:
            _let_go(target)
        try:
            os.replace(temp, target)
        except PermissionError as err:  # Windows: another instance has the old term base open
            raise UpgradeDeferred(f"term base in use: {err}") from err
        except FileNotFoundError as err:  # another instance took this one for a crash's leftover
            raise UpgradeDeferred(f"upgrade interrupted: {err}") from err
    finally:
        for leftover in (temp, Path(str(temp) + "-wal"), Path(str(temp) + "-shm"), Path(str(temp) + "-journal")):
            leftover.unlink(missing_ok=True)
    return aside


def _build_own(db: Database, sources: list[tuple[Path, _OwnFile | None]], progress: Progress | None,
               common_freq: Callable[[str], int] | None) -> None:
    """Build the user's own reports into db; where they came from and when is kept as it was."""
    from . import build

    report = build.build(db, [path for path, _ in sources], progress=progress, common_freq=common_freq)
    if report.rejected:
        raise UpgradeDeferred("own reports no longer read: " + ", ".join(
            f"{f.path.name} ({f.reason})" for f in report.rejected))
    with db.atomic():
        for _, own in sources:
            if own is not None:
                db.execute("UPDATE files SET name = ?, path = ?, imported_at = ? WHERE sha256 = ?",
                           [own.name, own.path, own.imported_at, own.sha256])


def _find_own_reports(own: list[_OwnFile], reports: Path) -> tuple[list[tuple[Path, _OwnFile | None]], list[str]]:
    """The kept copy of each own file, else the original where it still is (then kept too); what is lost."""
    found: list[tuple[Path, _OwnFile | None]] = []
    missing = []
    for f in own:
        copies = sorted((reports / f.sha256).glob("*")) if (reports / f.sha256).is_dir() else []
        if copies:
            found.append((copies[0], f))
            continue
        original = Path(f.path)
        if original.is_file() and hashlib.sha256(original.read_bytes()).hexdigest() == f.sha256:
            found.append((save_copy(original, reports), f))  # imported before copies were kept
        else:
            missing.append(f.name)
    return found, missing


def _read_user_base(target: Path) -> tuple[str | None, set[str] | None, list[_OwnFile]]:
    """What the user's term base was made from, the bundled files it came with, and every file in it."""
    conn = sqlite3.connect(str(target))
    try:
        meta: dict[str, str] = {}
        with contextlib.suppress(sqlite3.OperationalError):  # no meta table: made by nothing we know
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", [BASE_KEY, BASE_FILES_KEY]))
        own: list[_OwnFile] = []
        with contextlib.suppress(sqlite3.OperationalError):
            own = [_OwnFile(*row) for row in conn.execute(
                "SELECT sha256, name, path, imported_at FROM files ORDER BY id")]
    finally:
        conn.close()
    base_files = set(json.loads(meta[BASE_FILES_KEY])) if BASE_FILES_KEY in meta else None
    return meta.get(BASE_KEY), base_files, own


def _let_go(target: Path) -> None:
    """Fold the old term base's write-ahead log into it, so no -wal of it outlives the swap."""
    if not target.exists():
        return
    conn = sqlite3.connect(str(target), timeout=2)
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError as err:  # locked: another instance is using it
        raise UpgradeDeferred(f"term base in use: {err}") from err
    finally:
        conn.close()
    if str(mode).lower() != "delete":
        raise UpgradeDeferred("term base in use")


def _remove_leftovers(target: Path, older_than: float = 3600) -> None:
    """Temporary files of an upgrade that a crash or power cut interrupted (an hour old: not another
    instance's upgrade in progress)."""
    for leftover in target.parent.glob(target.name + ".*" + TEMP_SUFFIX + "*"):
        with contextlib.suppress(OSError):
            if time.time() - leftover.stat().st_mtime > older_than:
                leftover.unlink()


@contextlib.contextmanager
def _readonly(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection that writes nothing beside the file (the bundled copy may be on read-only media)."""
    posix = path.resolve().as_posix()
    uri = "file://" + ("" if posix.startswith("/") else "/") + quote(posix, safe="/:") + "?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True)
    try:
        yield conn
    finally:
        conn.close()


def _write_atomically(path: Path, data: bytes) -> None:
    fd, name = tempfile.mkstemp(prefix=path.name + ".", suffix=PARTIAL_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
