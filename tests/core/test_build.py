"""Importing files: idempotent, atomic per file, rejected files reported while the rest goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary_app.core import build, store
from tests.conftest import OTHER_REPORT, SMALL_REPORT


def _counts(db) -> dict[str, int]:
    return {t: db[t].count for t in ("files", "documents", "paragraphs", "terms", "definitions", "occurrences")}


def test_build_reads_folder_and_reports_per_file(tmp_path: Path, reports_dir: Path, common_freq) -> None:
    db = store.open_database(tmp_path / "t.db")
    report = build.build(db, [reports_dir], common_freq=common_freq)
    assert sorted((f.path.name, f.status, f.documents, f.definitions) for f in report.files) == [
        ("changde.txt", "added", 1, 0),
        ("qidong.txt", "added", 1, 2),
    ]
    assert report.rejected == []


def test_same_file_twice_adds_nothing(tmp_path: Path, reports_dir: Path, common_freq) -> None:
    db = store.open_database(tmp_path / "t.db")
    build.build(db, [reports_dir], common_freq=common_freq)
    before = _counts(db)
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "same_content_other_name.txt").write_text(SMALL_REPORT, encoding="utf-8")
    report = build.build(db, [reports_dir, copy], common_freq=common_freq)
    assert {f.status for f in report.files} == {"unchanged"}
    assert _counts(db) == before


def test_changed_file_replaces_its_old_version(tmp_path: Path, reports_dir: Path, common_freq) -> None:
    db = store.open_database(tmp_path / "t.db")
    build.build(db, [reports_dir], common_freq=common_freq)
    target = reports_dir / "qidong.txt"
    target.write_text(SMALL_REPORT.replace("2.“四上”企业", "2.“四下”企业"), encoding="utf-8")
    report = build.build(db, [target], common_freq=common_freq)
    assert [f.status for f in report.files] == ["replaced"]
    assert db["files"].count == 2
    headings = {r["heading"] for r in db["definitions"].rows_where("kind = 'glossary'")}
    assert headings == {"“五制一平台”", "“四下”企业"}


def test_rejected_files_are_reported_and_the_rest_imported(tmp_path: Path, reports_dir: Path, common_freq) -> None:
    (reports_dir / "empty.txt").write_bytes(b"")
    (reports_dir / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (reports_dir / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    db = store.open_database(tmp_path / "t.db")
    report = build.build(db, [reports_dir], common_freq=common_freq)
    rejected = {f.path.name: f.reason for f in report.rejected}
    assert set(rejected) == {"empty.txt", "binary.txt", "broken.pdf"}
    assert all(rejected.values())
    assert db["files"].count == 2


def test_a_crash_mid_file_leaves_the_previous_state(tmp_path: Path, reports_dir: Path, common_freq,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    db = store.open_database(tmp_path / "t.db")
    build.build(db, [reports_dir / "changde.txt"], common_freq=common_freq)
    before = _counts(db)

    def explode(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(build, "extract_glossary", explode)
    report = build.build(db, [reports_dir / "qidong.txt"], common_freq=common_freq)
    # the file is rejected, the import goes on (issue 7), and nothing of the file is left
    assert [(f.status, f.reason) for f in report.files] == [("rejected", "无法导入：RuntimeError，此文件没有存入词库")]
    assert _counts(db) == before


def test_terms_used_in_earlier_files_are_linked_when_a_later_file_defines_them(
        tmp_path: Path, reports_dir: Path, common_freq) -> None:
    db = store.open_database(tmp_path / "t.db")
    # The county that only uses the term comes first; the definition arrives later.
    build.build(db, [reports_dir / "changde.txt"], common_freq=common_freq)
    build.build(db, [reports_dir / "qidong.txt"], common_freq=common_freq)
    term_id = next(db["terms"].rows_where("key = ?", ["四上企业"]))["id"]
    docs = {r["title"] for r in db.query(
        "SELECT DISTINCT d.title FROM occurrences o JOIN documents d ON d.id = o.document_id WHERE o.term_id = ?",
        [term_id])}
    assert docs == {"2022年常德市政府工作报告", "祁东县政府工作报告"}


def test_alias_and_quoted_core_are_one_term(termbase) -> None:
    db = termbase.db
    assert db["terms"].count_where("key = ?", ["四上"]) == 0
    alias = next(db["aliases"].rows_where("key = ?", ["四上"]))
    assert db["terms"].get(alias["term_id"])["term"] == "四上企业"
