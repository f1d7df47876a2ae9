"""Damaged and locked databases: told apart, a damaged file kept aside and never deleted, the user's rows salvaged."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils

from glossary_app import cli
from glossary_app.core import build, install, paths, recovery, store
from glossary_app.core.userdata import UserData

from tests.conftest import SMALL_REPORT

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "terms.db"
OWN_REPORT = SMALL_REPORT.replace("祁东县", "衡南县").replace("“双减”政策", "“两个清单”制度") + (
    "3.“两个清单”：指权力清单和责任清单。\n")
NOTES = 300  # enough rows that the notes table spans a few dozen pages


def _random_bytes(n: int) -> bytes:
    return random.Random(n).randbytes(n)


def _page_size(data: bytes) -> int:
    size = int.from_bytes(data[16:18], "big")
    return 65536 if size == 1 else size


def _leaf_pages(data: bytes, marker: bytes | None = None) -> list[int]:
    """Table b-tree leaf pages (type 13), those holding marker when given."""
    size = _page_size(data)
    return [n for n in range(1, len(data) // size) if data[n * size] == 13
            and (marker is None or marker in data[n * size:(n + 1) * size])]


def _overwrite(data: bytes, page: int) -> bytes:
    size = _page_size(data)
    return data[:page * size] + _random_bytes(size) + data[(page + 1) * size:]


def _middle_page(data: bytes) -> bytes:
    """A leaf page in the middle of the file overwritten with random bytes."""
    leaves = _leaf_pages(data)
    middle = len(data) // _page_size(data) // 2
    return _overwrite(data, min(leaves, key=lambda n: abs(n - middle)))


# (how a file is damaged, what check_database calls it)
DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "garbage bytes": (lambda data: _random_bytes(len(data)), "not-a-database"),
    "text": (lambda data: "这不是数据库".encode() * 500, "not-a-database"),
    "truncated to half": (lambda data: data[:len(data) // 2], "corrupt"),
    "a page overwritten in the middle": (_middle_page, "corrupt"),
    "emptied": (lambda data: b"", "empty"),
}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def term_base(tmp_path: Path) -> Path:
    """A copy of the bundled term base, on its own, as a closed file."""
    path = tmp_path / "terms.db"
    shutil.copyfile(BUNDLED, path)
    return path


@pytest.fixture
def fast_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery, "BUSY_TIMEOUT", 0.1)


@pytest.fixture
def exclusive(tmp_path: Path) -> Iterator[Callable[[Path], sqlite3.Connection]]:
    """Holds a database the way another program would: a second connection in BEGIN EXCLUSIVE."""
    held: list[sqlite3.Connection] = []

    def hold(path: Path, journal: str = "DELETE") -> sqlite3.Connection:
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute(f"PRAGMA journal_mode = {journal}")
        conn.execute("BEGIN EXCLUSIVE")
        held.append(conn)
        return conn

    yield hold
    for conn in held:
        conn.close()


# -- telling damage apart --------------------------------------------------------------


def test_a_sound_term_base_is_ok_and_a_missing_one_missing(term_base: Path, tmp_path: Path) -> None:
    assert recovery.check_database(term_base, recovery.TERM_TABLES, write=True) == recovery.Health(term_base, "ok")
    assert recovery.check_database(tmp_path / "none.db").status == "missing"


@pytest.mark.parametrize("damage", DAMAGE)
def test_damage_is_found_and_the_file_left_as_it_is(term_base: Path, damage: str) -> None:
    spoil, status = DAMAGE[damage]
    term_base.write_bytes(spoil(term_base.read_bytes()))
    before = _files(term_base.parent)
    health = recovery.check_database(term_base, recovery.TERM_TABLES)
    assert (health.status, health.damaged, health.in_use) == (status, True, False)
    assert _files(term_base.parent) == before


def test_a_database_of_something_else_is_not_a_term_base(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE photos (id INTEGER)").connection.close()
    health = recovery.check_database(other, recovery.TERM_TABLES)
    assert health.status == "not-a-database" and "files" in health.detail


def test_a_database_held_by_another_program_is_locked_not_damaged(term_base: Path, exclusive,
                                                                  fast_busy_timeout: None) -> None:
    other = exclusive(term_base)  # rollback journal: not even readers get in
    health = recovery.check_database(term_base, recovery.TERM_TABLES)
    assert (health.status, health.in_use, health.damaged) == ("locked", True, False)
    other.execute("ROLLBACK")
    assert recovery.check_database(term_base, recovery.TERM_TABLES).status == "ok"


def test_a_write_lock_on_a_wal_database_stops_writers_only(term_base: Path, exclusive, fast_busy_timeout: None) -> None:
    exclusive(term_base, journal="WAL")
    assert recovery.check_database(term_base, recovery.TERM_TABLES).status == "ok"  # lookups go on
    assert recovery.check_database(term_base, recovery.TERM_TABLES, write=True).status == "locked"


def test_quick_check_stops_at_its_time_budget(term_base: Path) -> None:
    assert recovery.check_database(term_base, budget=1e-9) == recovery.Health(term_base, "ok", checked=False)
    assert recovery.check_database(term_base).checked


def test_one_line_messages_say_what_and_where(term_base: Path) -> None:
    for status in ("empty", "corrupt", "not-a-database", "locked", "read-only", "unreadable"):
        message = recovery.describe(recovery.Health(term_base, status, "detail"), "词库")
        assert message.startswith("词库") and str(term_base) in message and "\n" not in message


# -- keeping damaged files aside -------------------------------------------------------------


def test_a_damaged_file_goes_aside_with_its_sidecars_and_a_second_one_does_not_overwrite_it(tmp_path: Path) -> None:
    path = tmp_path / "user.db"
    firsts = {"": b"first", "-wal": b"first wal", "-shm": b"first shm"}
    for suffix, data in firsts.items():
        Path(str(path) + suffix).write_bytes(data)
    first = recovery.put_aside(path)
    path.write_bytes(b"second")
    second = recovery.put_aside(path)
    assert first != second and first.name.startswith("user.db.damaged-")
    assert {s: Path(str(first) + s).read_bytes() for s in firsts} == firsts
    assert second.read_bytes() == b"second"
    assert not any(Path(str(path) + s).exists() for s in firsts)
    assert recovery.kept_aside(path) == sorted([first, second])


# -- the user's term base: made again, the damaged one kept ------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("GLOSSARY_APP_HOME", str(folder))
    return folder


@pytest.fixture
def bundled(tmp_path: Path, common_freq) -> Path:
    """A small bundled term base, as `build --fresh` makes one."""
    (tmp_path / "src").mkdir()
    report = tmp_path / "src" / "qidong.txt"
    report.write_text(SMALL_REPORT, encoding="utf-8")
    path = tmp_path / "bundle" / "terms.db"
    path.parent.mkdir()
    db = store.open_database(path)
    build.build(db, [report], common_freq=common_freq)
    store.record_fingerprint(db)
    db.execute("PRAGMA journal_mode = DELETE")
    db.conn.close()
    return path


@pytest.fixture
def own_base(home: Path, bundled: Path, tmp_path: Path, common_freq) -> Path:
    """The user's term base: the bundled one and a report of their own, imported (a copy kept)."""
    target = install.ensure_user_database(bundled=bundled)
    mine = tmp_path / "src" / "mine.txt"
    mine.write_text(OWN_REPORT, encoding="utf-8")
    db = store.open_database(target)
    install.import_into_user_base(db, [mine], common_freq=common_freq)
    db.execute("PRAGMA journal_mode = DELETE")  # everything in the one file, as after the app closed
    db.conn.close()
    return target


def _file_names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM files"))
    finally:
        conn.close()


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_own_term_base_is_kept_aside_and_made_again_with_the_users_reports(
        own_base: Path, bundled: Path, home: Path, damage: str, common_freq) -> None:
    user = UserData.open(home / "user.db")
    user.set_favourite("两个清单", True)
    user.close()
    user_bytes = (home / "user.db").read_bytes()
    damaged = DAMAGE[damage][0](own_base.read_bytes())
    own_base.write_bytes(damaged)
    outcome = install.prepare_user_database(bundled=bundled, common_freq=common_freq)
    assert (outcome.status, outcome.restored) == ("recovered", 1)
    assert outcome.aside is not None and outcome.aside.read_bytes() == damaged  # kept, byte for byte
    assert recovery.kept_aside(own_base) == [outcome.aside]
    assert recovery.check_database(own_base, recovery.TERM_TABLES).status == "ok"
    assert _file_names(own_base) == ["mine.txt", "qidong.txt"]
    assert (home / "user.db").read_bytes() == user_bytes  # the user's own data is another file, untouched
    assert install.prepare_user_database(bundled=bundled).status == "current"


def test_a_copy_cut_short_by_a_crash_is_not_taken_for_a_report(own_base: Path, bundled: Path, home: Path,
                                                               common_freq) -> None:
    [kept] = install.saved_reports()
    (kept.parent / (kept.name + ".x1y2z3" + install.PARTIAL_SUFFIX)).write_bytes(kept.read_bytes()[:100])
    own_base.write_bytes(b"damaged" * 100)
    outcome = install.prepare_user_database(bundled=bundled, common_freq=common_freq)
    assert (outcome.status, outcome.restored) == ("recovered", 1)
    assert _file_names(own_base) == ["mine.txt", "qidong.txt"]


def test_a_second_damage_keeps_the_first_damaged_file_too(own_base: Path, bundled: Path, common_freq) -> None:
    own_base.write_bytes(b"first damage" * 100)
    first = install.prepare_user_database(bundled=bundled, common_freq=common_freq).aside
    own_base.write_bytes(b"second damage" * 100)
    second = install.prepare_user_database(bundled=bundled, common_freq=common_freq).aside
    assert first is not None and second is not None and first != second
    assert [p.read_bytes() for p in recovery.kept_aside(own_base)] == [b"first damage" * 100, b"second damage" * 100]


def test_a_locked_own_term_base_is_left_where_it_is(own_base: Path, bundled: Path, exclusive,
                                                   fast_busy_timeout: None) -> None:
    before = _files(own_base.parent)
    exclusive(own_base)
    outcome = install.prepare_user_database(bundled=bundled)
    assert outcome.status == "locked" and "占用" in (outcome.reason or "")
    with pytest.raises(recovery.DatabaseProblem, match="占用"):
        install.ensure_user_database(bundled=bundled)
    assert _files(own_base.parent) == before and recovery.kept_aside(own_base) == []


# -- the user database: rows salvaged -------------------------------------------------------------


def _note(i: int) -> str:
    return f"笔记{i:04d}" + "：统计口径说明。" * 12  # a dozen notes or so to a page


def _make_user_db(path: Path) -> None:
    user = UserData.open(path)
    user.db.execute("PRAGMA synchronous = OFF")  # test data: no need to wait for the disk 1200 times
    for i in range(NOTES):
        term = f"术语{i:04d}"
        user.set_favourite(term, True)
        user.set_note(term, _note(i))
        user.add_definition(term, f"释义{i:04d}", "县发改局")
        user.record_visit(term)
    user.close()


def _notes_on(data: bytes, page: int) -> set[int]:
    size = _page_size(data)
    return {i for i in range(NOTES) if f"笔记{i:04d}".encode() in data[page * size:(page + 1) * size]}


@pytest.mark.parametrize("which", [0, 0.5, -1], ids=["first", "middle", "last"])
def test_a_damaged_user_database_is_kept_aside_and_every_readable_row_recovered(tmp_path: Path, which: float) -> None:
    path = tmp_path / "user.db"
    _make_user_db(path)
    data = path.read_bytes()
    leaves = _leaf_pages(data, "笔记".encode())
    assert len(leaves) > 10
    page = leaves[int(which * (len(leaves) - 1))] if which >= 0 else leaves[-1]
    lost = _notes_on(data, page)
    damaged = _overwrite(data, page)
    path.write_bytes(damaged)
    assert recovery.check_database(path, recovery.USER_TABLES).damaged

    salvage = recovery.recover_user_database(path)
    assert salvage.aside.read_bytes() == damaged and sorted(p.name for p in tmp_path.iterdir()) == [
        "user.db", salvage.aside.name]
    assert salvage.recovered == {"favourites": NOTES, "notes": NOTES - len(lost), "own_definitions": NOTES,
                                 "history": NOTES}
    assert f"注释 {NOTES - len(lost)} 条" in salvage.summary()
    assert recovery.check_database(path, recovery.USER_TABLES, write=True).status == "ok"
    user = UserData.open(path)
    assert {i: user.note(f"术语{i:04d}") for i in range(NOTES)} == {
        i: "" if i in lost else _note(i) for i in range(NOTES)}
    assert len(user.favourites()) == NOTES and user.history(limit=1) == [f"术语{NOTES - 1:04d}"]
    assert [d.text for d in user.definitions("术语0123")] == ["释义0123"]
    user.add_definition("一单四制", "新的释义")  # the new database takes new rows after the recovered ones
    user.close()


def test_rows_still_in_the_write_ahead_log_are_recovered_too(tmp_path: Path) -> None:
    # The app was killed: the last changes are only in user.db-wal; then the main file is damaged.
    live = tmp_path / "live" / "user.db"
    _make_user_db(live)
    user = UserData.open(live)
    user.db.execute("PRAGMA wal_autocheckpoint = 0")
    user.set_favourite("最后收藏的词", True)
    crashed = tmp_path / "user.db"
    for suffix in ("", "-wal"):
        shutil.copyfile(str(live) + suffix, str(crashed) + suffix)
    user.close()
    data = crashed.read_bytes()
    page = _leaf_pages(data, "笔记".encode())[3]
    crashed.write_bytes(_overwrite(data, page))

    salvage = recovery.recover_user_database(crashed)
    assert Path(str(salvage.aside) + "-wal").exists() and not Path(str(crashed) + "-wal").exists()
    assert salvage.recovered["favourites"] == NOTES + 1
    user = UserData.open(crashed)
    assert user.favourites()[0] == "最后收藏的词"
    user.close()


def test_when_nothing_can_be_read_a_new_user_database_is_made_and_the_old_one_kept(tmp_path: Path) -> None:
    path = tmp_path / "user.db"
    _make_user_db(path)
    damaged = _overwrite(path.read_bytes(), 0)  # the first page: the schema itself
    path.write_bytes(damaged)
    salvage = recovery.recover_user_database(path)
    assert salvage.recovered == dict.fromkeys(recovery.USER_TABLES, 0)
    assert salvage.summary() == "未能找回任何记录"
    assert salvage.aside.read_bytes() == damaged
    user = UserData.open(path)
    assert user.favourites() == []
    user.close()


# Tables another module adds to the user database when first used, with migrations of its own (as study does).
other_module = sqlite_utils.Migrations("other_module")


@other_module()
def m001_cards(db: sqlite_utils.Database) -> None:
    db.table("cards").create({"key": str, "due": str}, pk="key")
    db.table("cards").create_index(["due"])


def test_tables_another_module_added_are_salvaged_too_and_its_migrations_not_run_again(tmp_path: Path) -> None:
    path = tmp_path / "user.db"
    _make_user_db(path)
    user = UserData.open(path)
    other_module.apply(user.db)
    user.db.table("cards").insert_all({"key": f"术语{i:04d}", "due": "2024-06-0" + str(i)} for i in range(1, 6))
    user.close()
    data = path.read_bytes()
    path.write_bytes(_overwrite(data, _leaf_pages(data, "笔记".encode())[2]))

    salvage = recovery.recover_user_database(path)
    assert salvage.recovered["cards"] == 5 and salvage.summary().endswith("其他记录（如学习进度）5 条")
    user = UserData.open(path)
    other_module.apply(user.db)  # already applied: it does not make its table again
    assert [r["key"] for r in user.db.table("cards").rows_where(order_by="due")] == [
        f"术语{i:04d}" for i in range(1, 6)]
    assert user.db.table("cards").indexes[0].columns == ["due"]
    user.close()


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["lookup", "五制一平台"], ["export"], ["build", "REPORT"]])
def test_the_command_line_on_a_damaged_term_base_says_so_in_one_line(
        term_base: Path, tmp_path: Path, command: list[str], capsys) -> None:
    damaged = _middle_page(term_base.read_bytes())
    term_base.write_bytes(damaged)
    report = tmp_path / "report.txt"
    report.write_text(SMALL_REPORT, encoding="utf-8")
    argv = [command[0], "--db", str(term_base)] + [str(report) if a == "REPORT" else a for a in command[1:]]
    assert cli.main(argv) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("词库文件已损坏") and str(term_base) in err
    assert term_base.read_bytes() == damaged and recovery.kept_aside(term_base) == []  # a file named: not moved


def _glossary_app(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GLOSSARY_APP_HOME": str(home),
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    return subprocess.run([sys.executable, "-m", "glossary_app", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


def test_the_command_line_remakes_the_users_own_damaged_term_base_and_answers(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    target = home / "terms.db"
    target.write_bytes(_middle_page(BUNDLED.read_bytes()))
    done = _glossary_app("lookup", "五制一平台", home=home)
    assert done.returncode == 0 and "备案监督制" in done.stdout
    assert done.stderr.count("\n") == 1 and "已用随附词库重新生成词库" in done.stderr and "Traceback" not in done.stderr
    assert len(recovery.kept_aside(target)) == 1


def test_the_command_line_on_a_locked_term_base_says_so_and_moves_nothing(
        tmp_path: Path, exclusive, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("GLOSSARY_APP_HOME", str(home))
    monkeypatch.setattr(paths, "bundled_database", lambda: BUNDLED)
    target = install.ensure_user_database()
    monkeypatch.setattr(recovery, "BUSY_TIMEOUT", 0.1)
    before = _files(home)
    exclusive(target)
    assert cli.main(["lookup", "五制一平台"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "占用" in err and str(target) in err
    assert _files(home) == before
