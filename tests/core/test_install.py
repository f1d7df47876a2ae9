"""First run, upgrades and portable mode: the user's term base follows the bundled one and keeps the user's own."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from glossary_app import cli
from glossary_app.core import build, install, paths, store
from glossary_app.core.userdata import UserData

from tests.conftest import OTHER_REPORT, SMALL_REPORT

# A report the user imports themselves: a term neither bundled report has.
OWN_REPORT = """政府工作报告
——2023年3月20日在衡南县第十八届人民代表大会第三次会议上
衡南县人民政府县长  某某
各位代表：
全面推行“两个清单”制度，压实部门责任。
《政府工作报告》名词解释：
1.“两个清单”：指权力清单和责任清单。
"""


def definitions_of(db_path: Path, term: str) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [r[0] for r in conn.execute(
            "SELECT d.text FROM definitions d JOIN terms t ON t.id = d.term_id WHERE t.term = ? AND d.kind = 'glossary'",
            [term])]
    finally:
        conn.close()


def file_names(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM files"))
    finally:
        conn.close()


def meta(db_path: Path) -> dict[str, str]:
    conn = sqlite3.connect(db_path)
    try:
        return dict(conn.execute("SELECT key, value FROM meta"))
    finally:
        conn.close()


def make_bundled(path: Path, reports: list[Path], common_freq) -> Path:
    """A bundled term base as `build --fresh` makes one: fingerprinted, one compact file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = store.open_database(path)
    build.build(db, reports, common_freq=common_freq)
    store.record_fingerprint(db)
    db.execute("PRAGMA journal_mode = DELETE")
    db.conn.close()
    return path


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "sources"
    folder.mkdir()
    files = {"qidong": SMALL_REPORT, "changde": OTHER_REPORT, "mine": OWN_REPORT}
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return {name: folder / f"{name}.txt" for name in files}


@pytest.fixture
def v1(tmp_path: Path, sources: dict[str, Path], common_freq) -> Path:
    """The term base version 1 ships: one report."""
    return make_bundled(tmp_path / "v1" / "terms.db", [sources["qidong"]], common_freq)


@pytest.fixture
def v2(tmp_path: Path, sources: dict[str, Path], common_freq) -> Path:
    """The term base version 2 ships: a second report added."""
    return make_bundled(tmp_path / "v2" / "terms.db", [sources["qidong"], sources["changde"]], common_freq)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder."""
    folder = tmp_path / "home"
    monkeypatch.setenv("GLOSSARY_APP_HOME", str(folder))
    return folder


def import_own(target: Path, files: list[Path], common_freq) -> None:
    """What `glossary-app build FILE` does to the user's term base."""
    db = store.open_database(target)
    install.import_into_user_base(db, files, common_freq=common_freq)
    db.conn.close()


def test_first_run_copies_the_bundled_term_base_and_never_writes_beside_it(home: Path, v1: Path) -> None:
    before = {p.name: p.read_bytes() for p in v1.parent.iterdir()}
    outcome = install.prepare_user_database(bundled=v1)
    assert outcome == install.Outcome(home / "terms.db", "created")
    assert file_names(outcome.path) == ["qidong.txt"]
    assert definitions_of(outcome.path, "五制一平台")
    assert meta(outcome.path)[install.BASE_KEY] == install.bundled_identity(v1)
    assert {p.name: p.read_bytes() for p in v1.parent.iterdir()} == before  # no -wal, -shm, journal; same bytes
    assert sorted(p.name for p in home.iterdir()) == ["terms.db"]


def test_a_second_start_changes_nothing(home: Path, v1: Path) -> None:
    target = install.ensure_user_database(bundled=v1)
    stamp = target.stat().st_mtime_ns
    assert install.prepare_user_database(bundled=v1).status == "current"
    assert target.stat().st_mtime_ns == stamp


def test_an_import_keeps_a_content_addressed_copy(home: Path, v1: Path, sources, common_freq) -> None:
    target = install.ensure_user_database(bundled=v1)
    import_own(target, [sources["mine"]], common_freq)
    import_own(target, [sources["mine"]], common_freq)  # again: unchanged, still one copy
    [copy] = install.saved_reports()
    assert copy.parent.parent == home / "reports"
    assert copy.name == "mine.txt" and copy.read_bytes() == sources["mine"].read_bytes()
    assert len(copy.parent.name) == 64  # sha256 of the bytes


def test_upgrade_brings_the_new_bundled_reports_and_keeps_the_users_own(home: Path, v1: Path, v2: Path,
                                                                        sources, common_freq) -> None:
    target = install.ensure_user_database(bundled=v1)
    import_own(target, [sources["mine"]], common_freq)
    sources["mine"].unlink()  # the original is gone: the kept copy must do
    outcome = install.prepare_user_database(bundled=v2, common_freq=common_freq)
    assert outcome.status == "upgraded"
    assert file_names(target) == ["changde.txt", "mine.txt", "qidong.txt"]
    assert definitions_of(target, "两个清单") == ["指权力清单和责任清单。"]
    assert meta(target)[install.BASE_KEY] == install.bundled_identity(v2)
    conn = sqlite3.connect(target)
    [(path,)] = conn.execute("SELECT path FROM files WHERE name = 'mine.txt'").fetchall()
    conn.close()
    assert path == str(sources["mine"].resolve())  # cited as the user imported it, not as the kept copy
    assert install.prepare_user_database(bundled=v2).status == "current"


def test_upgrade_leaves_personal_data_alone(home: Path, v1: Path, v2: Path, common_freq) -> None:
    install.ensure_user_database(bundled=v1)
    user = UserData.open(home / "user.db")
    user.set_favourite("五制一平台", True)
    user.set_note("五制一平台", "项目推进机制")
    user.close()
    before = (home / "user.db").read_bytes()
    assert install.prepare_user_database(bundled=v2, common_freq=common_freq).status == "upgraded"
    assert (home / "user.db").read_bytes() == before
    user = UserData.open(home / "user.db")
    assert user.favourites() == ["五制一平台"] and user.note("五制一平台") == "项目推进机制"
    user.close()


@pytest.mark.parametrize("step", ["build", "replace"])
def test_a_crash_mid_upgrade_leaves_the_old_term_base_usable(home: Path, v1: Path, v2: Path, sources, common_freq,
                                                            monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    target = install.ensure_user_database(bundled=v1)
    import_own(target, [sources["mine"]], common_freq)
    before = file_names(target)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("power cut")

    with monkeypatch.context() as m, pytest.raises(KeyboardInterrupt):
        m.setattr(build, "build", crash) if step == "build" else m.setattr(install.os, "replace", crash)
        install.prepare_user_database(bundled=v2, common_freq=common_freq)
    assert file_names(target) == before
    assert definitions_of(target, "两个清单") == ["指权力清单和责任清单。"]
    assert meta(target)[install.BASE_KEY] == install.bundled_identity(v1)
    assert not list(home.glob("*" + install.TEMP_SUFFIX + "*"))
    assert install.prepare_user_database(bundled=v2, common_freq=common_freq).status == "upgraded"
    assert file_names(target) == ["changde.txt", "mine.txt", "qidong.txt"]


def test_leftovers_of_an_interrupted_upgrade_are_cleared(home: Path, v1: Path) -> None:
    target = install.ensure_user_database(bundled=v1)
    stale = home / ("terms.db.x1" + install.TEMP_SUFFIX)
    fresh = home / ("terms.db.x2" + install.TEMP_SUFFIX)  # another instance's upgrade in progress
    for leftover in (stale, fresh):
        leftover.write_bytes(b"half a database")
    os.utime(stale, (0, 0))
    install.prepare_user_database(target, bundled=v1)
    assert not stale.exists() and fresh.exists()


def test_an_older_term_base_without_records_is_upgraded_from_the_originals(home: Path, v1: Path, v2: Path, sources,
                                                                           common_freq) -> None:
    # Made by version 0.1.0: a plain copy of the bundled term base, imports built in, no copies kept.
    home.mkdir()
    target = home / "terms.db"
    target.write_bytes(v1.read_bytes())
    db = store.open_database(target)
    build.build(db, [sources["mine"]], common_freq=common_freq)
    db.conn.close()
    outcome = install.prepare_user_database(bundled=v2, common_freq=common_freq)
    assert outcome.status == "upgraded"
    assert file_names(target) == ["changde.txt", "mine.txt", "qidong.txt"]
    assert [p.name for p in install.saved_reports()] == ["mine.txt"]


def test_an_upgrade_that_would_lose_an_import_is_put_off(home: Path, v1: Path, v2: Path, sources, common_freq) -> None:
    home.mkdir()
    target = home / "terms.db"
    target.write_bytes(v1.read_bytes())
    db = store.open_database(target)
    build.build(db, [sources["mine"]], common_freq=common_freq)
    db.conn.close()
    sources["mine"].unlink()  # imported by 0.1.0, no copy kept, original deleted
    before = target.read_bytes()
    outcome = install.prepare_user_database(bundled=v2, common_freq=common_freq)
    assert (outcome.status, outcome.missing) == ("kept", ["mine.txt"])
    assert target.read_bytes() == before


def test_a_term_base_started_empty_on_purpose_stays_so(home: Path, v1: Path, v2: Path, sources,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "bundled_database", lambda: v1)
    assert cli.main(["build", "--fresh", str(sources["mine"])]) == 0
    monkeypatch.setattr(paths, "bundled_database", lambda: v2)
    assert install.prepare_user_database().status == "current"
    assert file_names(home / "terms.db") == ["mine.txt"]


def test_cli_build_into_the_users_term_base_keeps_copies(home: Path, v1: Path, sources,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "bundled_database", lambda: v1)
    assert cli.main(["build", str(sources["mine"])]) == 0
    assert file_names(home / "terms.db") == ["mine.txt", "qidong.txt"]
    assert [p.name for p in install.saved_reports()] == ["mine.txt"]
    assert cli.main(["build", "--db", str(home / "other.db"), str(sources["changde"])]) == 0
    assert [p.name for p in install.saved_reports()] == ["mine.txt"]  # another term base: no copy


def test_a_damaged_term_base_is_put_aside_and_remade(home: Path, v1: Path, sources, common_freq) -> None:
    install.ensure_user_database(bundled=v1)
    install.save_copy(sources["mine"])
    (home / "terms.db").write_bytes(b"not a database" * 100)
    outcome = install.prepare_user_database(bundled=v1, common_freq=common_freq)
    assert outcome.status == "recovered"
    assert [p.read_bytes() for p in home.glob("terms.db.damaged-*")] == [b"not a database" * 100]
    assert file_names(home / "terms.db") == ["mine.txt", "qidong.txt"]


def test_without_a_bundled_term_base_nothing_is_made(home: Path, tmp_path: Path) -> None:
    assert install.prepare_user_database(bundled=tmp_path / "nowhere.db").status == "no-bundle"
    assert not (home / "terms.db").exists()


def test_the_bundled_identity_follows_its_fingerprints(v1: Path, v2: Path, tmp_path: Path) -> None:
    assert install.bundled_identity(v1) != install.bundled_identity(v2)
    copy = tmp_path / "copy.db"
    copy.write_bytes(v1.read_bytes())
    assert install.bundled_identity(copy) == install.bundled_identity(v1)
    assert install.bundled_identity(copy).startswith("code:")


def test_bundled_files_are_recorded(home: Path, v2: Path) -> None:
    target = install.ensure_user_database(bundled=v2)
    assert len(json.loads(meta(target)[install.BASE_FILES_KEY])) == 2


# -- the packaged program: where data goes ----------------------------------------


@pytest.fixture
def frozen_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, v1: Path) -> Path:
    """A packaged program's folder: the executable, _internal/data/terms.db; no GLOSSARY_APP_HOME."""
    program = tmp_path / "程序" / "glossary_app"
    (program / "_internal" / "data").mkdir(parents=True)
    (program / "_internal" / "data" / "terms.db").write_bytes(v1.read_bytes())
    (program / "glossary_app.exe").write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "glossary_app.exe"))
    monkeypatch.setattr(sys, "_MEIPASS", str(program / "_internal"), raising=False)
    monkeypatch.delenv("GLOSSARY_APP_HOME", raising=False)
    for var, folder in {"XDG_DATA_HOME": "xdg-data", "LOCALAPPDATA": "localappdata", "HOME": "home"}.items():
        monkeypatch.setenv(var, str(tmp_path / folder))
    return program


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_the_packaged_program_keeps_data_in_the_users_folder(frozen_program: Path, tmp_path: Path) -> None:
    before = listing(frozen_program)
    assert paths.bundled_database() == frozen_program / "_internal" / "data" / "terms.db"
    assert not paths.portable()
    target = paths.user_database()
    assert frozen_program not in target.parents and tmp_path in target.parents
    assert file_names(target) == ["qidong.txt"]
    assert listing(frozen_program) == before  # nothing written beside the executable


def test_portable_mode_keeps_everything_beside_the_program(frozen_program: Path) -> None:
    (frozen_program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.portable()
    assert paths.user_data_dir() == frozen_program / "userdata"
    target = paths.user_database()
    assert target == frozen_program / "userdata" / "terms.db"
    assert file_names(target) == ["qidong.txt"]
    assert install.reports_dir() == frozen_program / "userdata" / "reports"


def test_portable_marker_means_nothing_unpackaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLOSSARY_APP_HOME", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert not paths.portable()
    assert tmp_path not in paths.user_data_dir().parents
