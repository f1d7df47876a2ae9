"""Damaged and locked databases: tell them apart, keep a damaged file aside, salvage the user's own rows."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SIDECARS = ("-wal", "-shm", "-journal")  # SQLite's files beside a database; they belong to it
DAMAGED = "damaged"  # <name>.damaged-<timestamp>: where a damaged file is kept
TEMP_SUFFIX = ".recovering"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' record of the migrations applied, by set
# Seconds a start-up spends on PRAGMA quick_check: the bundled term base takes 5 ms, a 250 MB one 0.25 s with a
# warm disk cache and 6 s cold; past the budget the check stops, and what opened and read counts as sound.
QUICK_CHECK_BUDGET = 0.3
BUSY_TIMEOUT = 2.0  # seconds to wait for another program's write before calling a database locked
TERM_TABLES = ("files", "documents", "terms", "definitions", "meta")
USER_TABLES = ("favourites", "notes", "own_definitions", "history")
# The rows salvaged from a damaged user database, in the user's words.
USER_TABLE_LABELS = {"favourites": "收藏", "notes": "注释", "own_definitions": "自定义释义", "history": "浏览记录"}

# sqlite3 error names (Python 3.11+: err.sqlite_errorname) → what that says about the file.
_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
_CORRUPT = ("SQLITE_CORRUPT", "SQLITE_IOERR_SHORT_READ")
_NOT_A_DATABASE = ("SQLITE_NOTADB",)
_READ_ONLY = ("SQLITE_READONLY",)


@dataclass(frozen=True)
class Health:
    """What check_database found: ok, missing, empty, corrupt, not-a-database, locked, read-only or unreadable."""

    path: Path
    status: str
    detail: str = ""
    checked: bool = True  # False: quick_check ran out of its time budget (a very large file); it opened and read

    @property
    def damaged(self) -> bool:
        """Whether the file must be put aside and made again: nothing here can be used as it is."""
        return self.status in ("empty", "corrupt", "not-a-database")

    @property
    def in_use(self) -> bool:
        """Whether another program (or the file system) keeps us out for now: nothing is to be moved."""
        return self.status in ("locked", "read-only", "unreadable")


class DatabaseProblem(Exception):
    """A database that cannot be used as it is; the message is one line in Chinese, for the user."""


def check_database(path: Path, tables: tuple[str, ...] = (), *, budget: float = QUICK_CHECK_BUDGET,
                   timeout: float | None = None, write: bool = False) -> Health:
    """Open path, read its schema (tables must be there), run PRAGMA quick_check for at most budget seconds
    (0: not at all) and, with write, make sure a write could start within timeout seconds (BUSY_TIMEOUT)."""
    path = Path(path)
    timeout = BUSY_TIMEOUT if timeout is None else timeout
    if not path.exists():
        return Health(path, "missing")
    if path.is_file() and path.stat().st_size == 0 and not Path(str(path) + "-wal").exists():
        return Health(path, "empty", "文件长度为 0")
    checked = True
    try:
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    except sqlite3.Error as err:
        return health_from_error(path, err)
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        absent = [t for t in tables if t not in names]
        if absent:
            return Health(path, "not-a-database", "缺少数据表 " + "、".join(absent))
        if budget > 0:
            problems, checked = _quick_check(conn, budget)
            if problems:
                return Health(path, "corrupt", problems[0])
        if write:  # a write lock held elsewhere does not stop readers (WAL), only the next import or note
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
    except sqlite3.Error as err:
        return health_from_error(path, err)
    finally:
        conn.close()
    return Health(path, "ok", checked=checked)


def health_from_error(path: Path, err: sqlite3.Error) -> Health:
    """What an error SQLite raised on path says about the file."""
    name = getattr(err, "sqlite_errorname", "") or ""
    if name.startswith(_BUSY) or "locked" in str(err):
        status = "locked"
    elif name.startswith(_CORRUPT) or "malformed" in str(err):
        status = "corrupt"
    elif name.startswith(_NOT_A_DATABASE) or "not a database" in str(err):
        status = "not-a-database"
    elif name.startswith(_READ_ONLY):
        status = "read-only"
    else:
        status = "unreadable"
    return Health(Path(path), status, str(err))


def describe(health: Health, what: str = "数据库") -> str:
    """One line in Chinese: what is wrong with the file and where it is."""
    detail = f"（{health.detail}）" if health.detail else ""
    return {
        "ok": f"{what}正常：{health.path}",
        "missing": f"{what}不存在：{health.path}",
        "empty": f"{what}文件是空的，其中的数据已丢失：{health.path}",
        "corrupt": f"{what}文件已损坏：{health.path}{detail}",
        "not-a-database": f"{what}文件已损坏或不是本程序的数据库：{health.path}{detail}",
        "locked": f"{what}正被另一个程序占用（可能是本程序的另一个窗口或同步软件），请关闭后重试：{health.path}",
        "read-only": f"{what}文件是只读的，无法写入：{health.path}",
        "unreadable": f"{what}文件无法读取：{health.path}{detail}",
    }[health.status]


def put_aside(path: Path) -> Path:
    """Rename a damaged database (with its -wal, -shm, -journal) to <name>.damaged-<timestamp>; never deletes.
    The sidecars go first: a -wal left beside a new file of the old name would be read into it."""
    path = Path(path)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.{DAMAGED}-{stamp}")
    number = 2
    while any(Path(str(aside) + s).exists() for s in ("", *SIDECARS)):  # a second damage: the first one stays
        aside = path.with_name(f"{path.name}.{DAMAGED}-{stamp}-{number}")
        number += 1
    for suffix in (*SIDECARS, ""):
        if Path(str(path) + suffix).exists():
            os.replace(str(path) + suffix, str(aside) + suffix)
    return aside


def kept_aside(path: Path) -> list[Path]:
    """The damaged copies of path kept so far, oldest first."""
    path = Path(path)
    return sorted(p for p in path.parent.glob(f"{path.name}.{DAMAGED}-*") if not p.name.endswith(SIDECARS))


@dataclass
class Salvage:
    """What recover_user_database did: where the damaged file is kept and how many rows of each table came back."""

    aside: Path
    recovered: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """The recovered rows in Chinese: 收藏 3 条、注释 1 条…"""
        parts = [f"{label} {self.recovered.get(t, 0)} 条" for t, label in USER_TABLE_LABELS.items()
                 if self.recovered.get(t)]
        others = sum(n for t, n in self.recovered.items() if t not in USER_TABLE_LABELS)
        parts += [f"其他记录（如学习进度）{others} 条"] if others else []
        return "、".join(parts) if parts else "未能找回任何记录"


def recover_user_database(path: Path) -> Salvage:
    """Put a damaged user database aside and make a new one with every row that can still be read from it.

    The rows are salvaged into a temporary file first; only then is the damaged file moved aside and the
    new one put in its place, so a crash on the way leaves the damaged file where it was, to try again.
    """
    from .userdata import UserData

    path = Path(path)
    for leftover in path.parent.glob(path.name + ".*" + TEMP_SUFFIX + "*"):
        with contextlib.suppress(OSError):  # our own scratch from an interrupted recovery
            leftover.unlink()
    fd, name = tempfile.mkstemp(prefix=path.name + ".", suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    temp = Path(name)
    temp.unlink()  # UserData.open makes it, as a new database
    try:
        fresh = UserData.open(temp)
        try:
            with _scratch_copy(path) as copy:
                recovered = salvage(copy, fresh.db.conn)
            fresh.db.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to move into place
        finally:
            fresh.close()
        aside = put_aside(path)
        os.replace(temp, path)
    finally:
        for leftover in (temp, *(Path(str(temp) + s) for s in SIDECARS)):
            leftover.unlink(missing_ok=True)
    return Salvage(aside, recovered)


def salvage(source: Path, target: sqlite3.Connection) -> dict[str, int]:
    """Copy every row that can be read from source's tables into the same tables of target; rows per table.
    Tables only source has (another module's, made when first used: study cards) are made in target first;
    rows target already holds are left as they are. source is read and may be written to: pass a copy."""
    conn = sqlite3.connect(str(source))
    conn.text_factory = bytes  # a garbled text is dropped with its row, not copied as garbage or fatal
    try:
        added = _add_missing_tables(conn, target)
        wanted = [row[0] for row in target.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY rowid")]
        if added:  # their migrations are done: record so, or they would be made again over the rows
            wanted.append(MIGRATIONS_TABLE)
        recovered: dict[str, int] = {}
        for table in wanted:
            columns = [c for c in _shared_columns(conn, target, table)
                       if not (table == MIGRATIONS_TABLE and c == "id")]  # its own ids: a set's rows apart
            rows = list(_readable_rows(conn, table, columns)) if columns else []
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            count = 0
            with target:  # one transaction per table
                for row in rows:
                    with contextlib.suppress(sqlite3.Error):  # a row that breaks a constraint is lost alone
                        count += target.execute(
                            f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})', row).rowcount
            if table != MIGRATIONS_TABLE:
                recovered[table] = count
    finally:
        conn.close()
    return recovered


def _add_missing_tables(source: sqlite3.Connection, target: sqlite3.Connection) -> bool:
    """Make in target, with their indexes, the tables source has and target lacks; whether any were made.
    When one cannot be made none are: a module then starts its tables afresh rather than on half of them."""
    try:
        schema = [(kind.decode(), name.decode(), table.decode(), sql.decode()) for kind, name, table, sql in
                  source.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL")]
    except (sqlite3.Error, UnicodeDecodeError):
        return False
    have = {row[0] for row in target.execute("SELECT name FROM sqlite_master")}
    missing = [(name, sql) for kind, name, _, sql in schema if kind == "table" and name not in have
               and not name.startswith("sqlite_") and not sql.upper().startswith("CREATE VIRTUAL")]
    made: list[str] = []
    try:
        for name, sql in missing:
            target.execute(sql)
            made.append(name)
    except sqlite3.Error:
        for name in made:
            target.execute(f'DROP TABLE "{name}"')
        return False
    for kind, _, table, sql in schema:
        if kind in ("index", "trigger") and table in made:
            with contextlib.suppress(sqlite3.Error):  # an index is only for speed
                target.execute(sql)
    target.commit()
    return bool(made)


# -- helpers --------------------------------------------------------------------------


def _quick_check(conn: sqlite3.Connection, budget: float) -> tuple[list[str], bool]:
    """quick_check's complaints (none: ok) and whether it finished within budget seconds."""
    deadline = time.monotonic() + budget
    conn.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)  # non-zero: stop the statement
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.OperationalError as err:
        if "interrupt" not in str(err):
            raise
        return [], False
    finally:
        conn.set_progress_handler(None, 0)
    return ([] if rows == ["ok"] else rows), True


@contextlib.contextmanager
def _scratch_copy(path: Path) -> Iterator[Path]:
    """A copy of path and its -wal to read from: reading a WAL database may write to it; the damaged file is kept
    exactly as it was."""
    with tempfile.TemporaryDirectory(prefix="glossary-salvage-") as scratch:
        copy = Path(scratch) / "damaged.db"
        for suffix in ("", "-wal"):
            if Path(str(path) + suffix).exists():
                shutil.copyfile(str(path) + suffix, str(copy) + suffix)
        if not copy.exists():
            copy.touch()
        yield copy


def _shared_columns(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> list[str]:
    try:
        have = [bytes(r[1]).decode() if isinstance(r[1], bytes) else r[1]
                for r in source.execute(f'PRAGMA table_info("{table}")')]
    except sqlite3.Error:  # the schema itself is unreadable
        return []
    return [r[1] for r in target.execute(f'PRAGMA table_info("{table}")') if r[1] in have]


def _readable_rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> Iterator[tuple]:
    """Every row of table that can still be read, a row at a time by rowid (a cursor that reads ahead would lose
    the row before a damaged page); past a damaged stretch, the first rowid that reads again is found by probing
    at growing distances and then halving the gap."""
    sql = (f'SELECT rowid, {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}" '
           "WHERE rowid >= ? ORDER BY rowid LIMIT 1")

    def first_from(rowid: int) -> tuple | None:
        """The first row from rowid on (None: there is none); raises on a damaged page."""
        return conn.execute(sql, [rowid]).fetchone()

    def reads(rowid: int) -> bool:
        try:
            first_from(rowid)
        except sqlite3.Error:
            return False
        return True

    position = -(2**63)
    while True:
        try:
            row = first_from(position)
        except sqlite3.Error:
            position = max(position, 0)  # rowids count up from 1 (the first page damaged: probe from there)
            bad, step = position, 1
            while position + step < 2**63 and not reads(position + step):
                bad, step = position + step, step * 2
            if position + step >= 2**63:
                return  # nothing past here reads: the last pages are the damaged ones
            good = position + step
            while good - bad > 1:
                middle = (bad + good) // 2
                bad, good = (bad, middle) if reads(middle) else (middle, good)
            position = good
            continue
        if row is None:
            return
        decoded = _decoded(list(row[1:]))
        if decoded is not None:
            yield decoded
        position = row[0] + 1


def _decoded(values: list[object]) -> tuple | None:
    """Text back from bytes; None when a text is not UTF-8 (a garbled row)."""
    out: list[object] = []
    for value in values:
        if isinstance(value, bytes):
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError:
                return None
        out.append(value)
    return tuple(out)
