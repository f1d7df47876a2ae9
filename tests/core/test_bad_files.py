"""Bad input files: each is read correctly or rejected with one line of Chinese, and an import
over all of them stores the good ones whole and nothing of the rest."""

from __future__ import annotations

import errno
import importlib.util
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from glossary_app.core import build, read, store
from glossary_app.core.read import ReadError, find_reports, read_report

from tests.conftest import BAD_FILES, SMALL_REPORT

# What make_fixtures.py wrote each report fixture from
_spec = importlib.util.spec_from_file_location("make_fixtures", BAD_FILES / "make_fixtures.py")
assert _spec is not None and _spec.loader is not None
make_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_fixtures)

READ, REJECTED = "read", "rejected"
# fixture → (outcome, the encoding or kind it is read as | the key words of its reason)
CASES: dict[str, tuple[str, str]] = {
    "binary.txt": (REJECTED, "不是文本文件"),
    "empty.txt": (REJECTED, "文件为空"),
    "whitespace.txt": (REJECTED, "文件为空"),
    "gbk_unmarked.txt": (READ, "gb18030"),
    "utf16le_nobom.txt": (READ, "utf-16-le"),  # was rejected as binary (its ASCII has NUL bytes)
    "utf16be_nobom.txt": (READ, "utf-16-be"),
    "truncated_utf8.txt": (REJECTED, "文件不完整"),  # was "unknown encoding"
    "truncated.docx": (REJECTED, "文件已损坏"),
    "spreadsheet.docx": (REJECTED, "不是 Word 文档"),  # was "corrupt docx (AttributeError)"
    "corrupt.pdf": (REJECTED, "文件已损坏"),
    "truncated.pdf": (REJECTED, "文件不完整"),
    "scanned.pdf": (REJECTED, "需要OCR"),
    "renamed_pdf.txt": (READ, "pdf"),  # was "unknown encoding": a PDF is read as one whatever its name
    "no_text.html": (REJECTED, "没有找到正文"),
}
# The report text each readable fixture holds, as make_fixtures.py wrote it
TEXTS = {
    "gbk_unmarked.txt": make_fixtures.report("衡南县"),
    "utf16le_nobom.txt": make_fixtures.report("常宁市"),
    "utf16be_nobom.txt": make_fixtures.report("耒阳市"),
}
# What bad_folder (tests/conftest.py) adds at test time, beyond the committed fixtures
MADE_AT_TEST_TIME = {
    "self.txt": "符号链接循环",
    "gone.txt": "链接指向的文件已不存在",
    "locked.txt": "没有读取权限",
}


def assert_one_line_of_chinese(reason: str) -> None:
    assert reason and "\n" not in reason and len(reason) <= 80
    assert any("\u4e00" <= c <= "\u9fff" for c in reason)
    assert "Traceback" not in reason


def test_every_fixture_has_a_case() -> None:
    fixtures = {p.name for p in BAD_FILES.iterdir() if p.suffix not in (".py", ".md") and p.is_file()}
    assert fixtures == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_file_is_read_or_rejected_with_a_reason(name: str) -> None:
    outcome, expected = CASES[name]
    path = BAD_FILES / name
    if outcome == READ:
        raw = read_report(path)
        assert expected in (raw.encoding, raw.kind)
        if name in TEXTS:
            assert raw.text == TEXTS[name]
        else:  # the PDF's line breaks are the page layout's; its text is all there
            assert "茶陵县" in raw.text and "名词解释" in raw.text and raw.text.count("- ") == 3
        return
    with pytest.raises(ReadError) as info:
        read_report(path)
    assert info.value.path == path
    assert expected in info.value.reason
    assert_one_line_of_chinese(info.value.reason)


def test_symlink_loops_end_and_each_file_is_found_once(bad_folder: Path) -> None:
    found = find_reports([bad_folder, bad_folder / "sub" / "loop"])
    names = sorted(p.relative_to(bad_folder).as_posix() for p in found)
    # the loop adds no sub/loop/… names; links that lead nowhere are listed so that reading them says why
    assert names == sorted([*CASES, *MADE_AT_TEST_TIME, "good.txt"])
    for name in ("self.txt", "gone.txt"):
        with pytest.raises(ReadError) as info:
            read_report(bad_folder / name)
        assert MADE_AT_TEST_TIME[name] in info.value.reason
        assert_one_line_of_chinese(info.value.reason)


def test_a_linked_folder_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "reports" / "2023").mkdir(parents=True)
    (tmp_path / "reports" / "2023" / "a.txt").write_text(SMALL_REPORT, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.txt").write_text(SMALL_REPORT, encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", tmp_path / "reports" / "linked")
    os.symlink(tmp_path / "reports" / "2023", tmp_path / "reports" / "again")
    found = [p.relative_to(tmp_path).as_posix() for p in find_reports([tmp_path / "reports"])]
    assert found == ["reports/2023/a.txt", "reports/linked/b.txt"]


def test_a_symlink_loop_given_directly_is_named(tmp_path: Path) -> None:
    os.symlink("loop.txt", tmp_path / "loop.txt")
    problems: list[ReadError] = []
    assert find_reports([tmp_path / "loop.txt", tmp_path / "nowhere"], problems) == []
    assert [(p.path.name, p.reason) for p in problems] == [
        ("loop.txt", read.LINK_LOOP), ("nowhere", "找不到这个文件或文件夹")]


def test_a_pipe_named_txt_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block until a writer came
    problems: list[ReadError] = []
    assert find_reports([tmp_path], problems) == [] and problems == []  # a walk passes it by
    with pytest.raises(ReadError) as info:  # given by name, it is named
        read_report(tmp_path / "pipe.txt")
    assert info.value.reason.startswith("不是普通文件")


# ---------------------------------------------------------------- permissions


def as_unprivileged(action: Callable[[], Any]) -> Any:
    """action() as an ordinary user: directly, or in a forked child that drops root first.

    Root reads any file whatever its mode, so a chmod test run as root would prove nothing.
    """
    if os.geteuid() != 0:
        return action()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: become nobody, run, send the outcome back, leave without cleanup
        code = 0
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            outcome: Any = ("ok", action())
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
            outcome = ("error", repr(exc))
        try:
            os.write(writer, pickle.dumps(outcome))
        except BaseException:  # noqa: BLE001
            code = 1
        os._exit(code)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    status, value = pickle.loads(data)
    assert status == "ok", value
    return value


@pytest.fixture
def shared_dir() -> Any:
    """A folder an unprivileged user can reach (pytest's own tmp folders are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="glossary-perm-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _reason_or_text(path: Path) -> tuple[str, str]:
    try:
        return "text", read_report(path).text
    except ReadError as err:
        return "reason", err.reason


def test_a_file_without_read_permission_really_refused(shared_dir: Path) -> None:
    locked, open_ = shared_dir / "locked.txt", shared_dir / "open.txt"
    for path in (locked, open_):
        path.write_text(SMALL_REPORT, encoding="utf-8")
    open_.chmod(0o644)  # the control: the same user reads this one, so only the mode stands in the way
    locked.chmod(0)
    outcomes = as_unprivileged(lambda: [_reason_or_text(locked), _reason_or_text(open_)])
    assert outcomes == [("reason", read.PERMISSION), ("text", SMALL_REPORT)]


def test_a_folder_without_read_permission_is_named_and_the_rest_found(shared_dir: Path) -> None:
    (shared_dir / "closed").mkdir()
    (shared_dir / "closed" / "a.txt").write_text(SMALL_REPORT, encoding="utf-8")
    (shared_dir / "closed").chmod(0)
    (shared_dir / "b.txt").write_text(SMALL_REPORT, encoding="utf-8")
    (shared_dir / "b.txt").chmod(0o644)

    def walk() -> tuple[list[str], list[tuple[str, str]]]:
        problems: list[ReadError] = []
        found = [p.name for p in find_reports([shared_dir], problems)]
        return found, [(p.path.name, p.reason) for p in problems]

    found, problems = as_unprivileged(walk)
    assert found == ["b.txt"]
    assert problems == [("closed", "文件夹" + read.PERMISSION)]


def test_permission_errors_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same two faults by monkeypatching, as they look on any system and for any user
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "a.txt").write_text(SMALL_REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SMALL_REPORT, encoding="utf-8")
    scandir = os.scandir

    def refusing_scandir(path: Any = ".") -> Any:
        if os.fspath(path).endswith("closed"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return scandir(path)

    def refusing_read(path: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    problems: list[ReadError] = []
    assert [p.name for p in find_reports([tmp_path], problems)] == ["b.txt"]
    assert [(p.path.name, p.reason) for p in problems] == [("closed", "文件夹" + read.PERMISSION)]
    monkeypatch.setattr(Path, "read_bytes", refusing_read)
    with pytest.raises(ReadError) as info:
        read_report(tmp_path / "b.txt")
    assert info.value.reason == read.PERMISSION


# ---------------------------------------------------------------- one import over everything


def _rows(db: Any, sql: str, params: list | None = None) -> list[tuple]:
    return [tuple(r) for r in db.execute(sql, params or []).fetchall()]


def test_one_import_over_all_bad_files_stores_the_good_ones_whole(bad_folder: Path, tmp_path: Path,
                                                                  common_freq) -> None:
    db = store.open_database(tmp_path / "terms.db")
    report = build.build(db, [bad_folder], common_freq=common_freq)
    outcome = {f.path.relative_to(bad_folder).as_posix(): (f.status, f.reason) for f in report.files}
    expected_added = {"good.txt", *(name for name, (how, _) in CASES.items() if how == READ)}
    assert {name for name, (status, _) in outcome.items() if status == "added"} == expected_added
    rejected = {name: reason for name, (status, reason) in outcome.items() if status == "rejected"}
    assert set(rejected) == {name for name, (how, _) in CASES.items() if how == REJECTED} | set(MADE_AT_TEST_TIME)
    for name, reason in rejected.items():
        assert (CASES.get(name) or (REJECTED, MADE_AT_TEST_TIME[name]))[1] in reason
        assert_one_line_of_chinese(reason)
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(db, "PRAGMA foreign_key_check") == []
    # Stored: exactly the files read, each with its documents and paragraphs; nothing of the rest
    stored = {r[0] for r in _rows(db, "SELECT name FROM files")}
    assert stored == {Path(n).name for n in expected_added}
    orphans = _rows(db, "SELECT count(*) FROM documents WHERE file_id NOT IN (SELECT id FROM files)")
    assert orphans == [(0,)]
    per_file = dict(_rows(db, "SELECT f.name, count(p.id) FROM files f JOIN documents d ON d.file_id = f.id "
                              "JOIN paragraphs p ON p.document_id = d.id GROUP BY f.name"))
    assert set(per_file) == stored and all(n >= 5 for n in per_file.values())
    # The good report's glossary made it in
    assert _rows(db, "SELECT count(*) FROM definitions d JOIN documents doc ON d.document_id = doc.id "
                     "JOIN files f ON doc.file_id = f.id WHERE f.name = 'good.txt' AND d.kind = 'glossary'") == [(2,)]


# ---------------------------------------------------------------- a file failing half-way in

MARKED = SMALL_REPORT.replace("祁东县", "试错县").replace("五制一平台", "六制一平台")


def _fail_inside_store(monkeypatch: pytest.MonkeyPatch, db: Any, marker: str, seen: dict[str, int]) -> None:
    """Make the vocabulary step raise for the document holding marker: late in _store_file,
    after the file, its documents, paragraphs and terms were written in its transaction."""
    find_sightings = build.find_sightings

    def failing(paragraphs: Any, common_freq: Any) -> Any:
        paragraphs = list(paragraphs)
        if any(marker in p for p in paragraphs):
            seen["paragraphs written"] = db.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
            raise RuntimeError("simulated fault half-way through a file")
        return find_sightings(paragraphs, common_freq)

    monkeypatch.setattr(build, "find_sightings", failing)


def test_a_file_failing_half_way_leaves_no_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                common_freq, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_text(SMALL_REPORT, encoding="utf-8")
    (folder / "b_fails.txt").write_text(MARKED, encoding="utf-8")
    db = store.open_database(tmp_path / "terms.db")
    seen: dict[str, int] = {}
    _fail_inside_store(monkeypatch, db, "试错县", seen)
    report = build.build(db, [folder], common_freq=common_freq)
    assert [(f.path.name, f.status, f.reason) for f in report.files] == [
        ("a_good.txt", "added", None),
        ("b_fails.txt", "rejected", "无法导入：RuntimeError，此文件没有存入词库")]
    good_paragraphs = _rows(db, "SELECT count(*) FROM paragraphs")[0][0]
    assert seen["paragraphs written"] > good_paragraphs  # the failing file had rows in flight
    assert "simulated fault" in caplog.text  # the traceback goes to the log, not to the user
    assert _rows(db, "SELECT name FROM files") == [("a_good.txt",)]
    assert _rows(db, "SELECT count(*) FROM paragraphs WHERE text LIKE '%试错县%'") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM terms WHERE term = '六制一平台'") == [(0,)]
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_a_new_version_failing_half_way_keeps_the_old_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           common_freq) -> None:
    path = tmp_path / "report.txt"
    path.write_text(SMALL_REPORT, encoding="utf-8")
    db = store.open_database(tmp_path / "terms.db")
    build.build(db, [path], common_freq=common_freq)
    tables = ("files", "documents", "paragraphs", "terms", "aliases", "definitions", "sightings", "occurrences")
    before = {t: _rows(db, f"SELECT * FROM {t} ORDER BY rowid") for t in tables}
    path.write_text(MARKED, encoding="utf-8")  # the same file, changed: importing it replaces the old version
    _fail_inside_store(monkeypatch, db, "试错县", {})
    [result] = build.build(db, [path], common_freq=common_freq).files
    assert (result.status, result.reason) == ("rejected", "无法导入：RuntimeError，此文件没有存入词库")
    assert {t: _rows(db, f"SELECT * FROM {t} ORDER BY rowid") for t in tables} == before
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_an_unexpected_error_in_a_reader_rejects_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    def broken_reader(data: bytes) -> tuple[str, str | None]:
        raise KeyError("a library's surprise")

    monkeypatch.setitem(read._READERS, "docx", broken_reader)
    (tmp_path / "a.docx").write_bytes(make_fixtures.docx_bytes(SMALL_REPORT))
    with pytest.raises(ReadError) as info:
        read_report(tmp_path / "a.docx")
    assert info.value.reason == "无法读取：KeyError"
    assert "a library's surprise" in caplog.text


# ---------------------------------------------------------------- size


def test_a_huge_one_line_file_is_refused_quickly(tmp_path: Path) -> None:
    line = REPORT_LINE * (read.MAX_LINE_CHARS // len(REPORT_LINE) + 1)
    path = tmp_path / "oneline.txt"
    path.write_text(line, encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read_report(path)
    assert "没有换行" in info.value.reason and f"{len(line) // 10000} 万字" in info.value.reason
    assert_one_line_of_chinese(info.value.reason)
    # the same text in paragraphs is a (long) report, and is read
    path.write_text(line.replace("。", "。\n"), encoding="utf-8")
    assert read_report(path).text == line.replace("。", "。\n")


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_text(SMALL_REPORT, encoding="utf-8")
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(ReadError) as info:
        read_report(path)
    assert info.value.reason.startswith("文件过大")


REPORT_LINE = ("开展“重点项目攻坚年”活动，实行“五制一平台”机制，72个重点项目完成投资109.13亿元，"
               "其中，27个市重点项目完成投资93.13亿元。")

