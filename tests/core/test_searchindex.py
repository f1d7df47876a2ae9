"""The search index follows every change: files added, replaced and deleted, terms merged and pruned."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from glossary_app.core import TermBase, build, searchindex, store
from tests.conftest import SMALL_REPORT


def _index_state(db: Database) -> dict[str, object]:
    """What the index holds, comparable between two term bases built differently (ids aside)."""
    state: dict[str, object] = {
        "keys": sorted(db.execute(
            "SELECT t.term, s.name, s.source, s.fold, s.length FROM search_terms s JOIN terms t ON t.id = s.term_id")),
        "pinyin": sorted(db.execute(
            "SELECT t.term, p.key FROM search_pinyin p JOIN search_terms s ON s.id = p.entry "
            "JOIN terms t ON t.id = s.term_id")),
        "ranks": sorted(db.execute(
            "SELECT t.term, r.defined, r.uses FROM search_rank r JOIN terms t ON t.id = r.term_id")),
        "orphans": db.execute("SELECT count(*) FROM search_terms s LEFT JOIN terms t ON t.id = s.term_id "
                              "WHERE t.id IS NULL").fetchone()[0],
        "queued": db["search_queue"].count,
    }
    for kind, (table, fts) in searchindex.TEXT_TABLES.items():
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{fts}_vocab USING fts5vocab(main, {fts}, 'row')")
        # Per character: in how many rows, how often. A row left behind by a deletion shows here.
        state[kind] = sorted(db.execute(f"SELECT term, doc, cnt FROM temp.{fts}_vocab"))
        state[f"{kind}_rows"] = db[table].count
    return state


def _fresh(tmp_path: Path, name: str, inputs: list[Path], common_freq) -> Database:  # type: ignore[no-untyped-def]
    db = store.open_database(tmp_path / name)
    build.build(db, inputs, common_freq=common_freq)
    return db


def test_replaced_and_deleted_files_leave_the_index_as_a_fresh_build(
        tmp_path: Path, reports_dir: Path, common_freq) -> None:  # type: ignore[no-untyped-def]
    db = _fresh(tmp_path, "changed.db", [reports_dir], common_freq)
    qidong = reports_dir / "qidong.txt"
    qidong.write_text(SMALL_REPORT.replace("重点项目攻坚年", "重点项目突破年").replace("“五制一平台”", "“六制一平台”"),
                      encoding="utf-8")
    assert [f.status for f in build.build(db, [qidong], common_freq=common_freq).files] == ["replaced"]
    changde = db.execute("SELECT id FROM files WHERE name = 'changde.txt'").fetchone()[0]
    with db.atomic():
        store.delete_file(db, changde)
        store.prune_terms(db)
    searchindex.refresh(db)

    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "qidong.txt").write_bytes(qidong.read_bytes())
    assert _index_state(db) == _index_state(_fresh(tmp_path, "fresh.db", [alone], common_freq))

    tb = TermBase(db)
    assert [r.match for r in tb.lookup("重点项目攻坚年").results] == []
    assert [(r.term, r.match) for r in tb.lookup("重点项目突破年").results] == [("重点项目突破年", "text")]
    assert tb.lookup("六制一平台").results[0].match == "exact"


def test_an_import_indexes_only_what_is_new(
        tmp_path: Path, reports_dir: Path, common_freq) -> None:  # type: ignore[no-untyped-def]
    db = _fresh(tmp_path, "t.db", [reports_dir], common_freq)
    assert db["search_queue"].count == 0
    extra = tmp_path / "extra.txt"
    extra.write_text("政府工作报告\n（2024年1月5日在新晃侗族自治县第十届人民代表大会第三次会议上）\n"
                     "深化“三联三创”行动，新增“四上”企业9家。\n", encoding="utf-8")
    build.import_file(db, extra, common_freq)
    build.link(db)
    new_paragraphs = {r[0] for r in db.execute(
        "SELECT p.id FROM paragraphs p JOIN documents d ON d.id = p.document_id JOIN files f ON f.id = d.file_id "
        "WHERE f.name = 'extra.txt'")}
    assert {r[0] for r in db.execute("SELECT id FROM search_queue WHERE kind = 'paragraph'")} == new_paragraphs
    searchindex.refresh(db)
    assert db["search_queue"].count == 0
    tb = TermBase(db)
    assert (tb.lookup("三联三创").results[0].term, tb.lookup("新晃侗族").results[0].match) == ("三联三创", "text")


def test_a_term_base_from_before_the_index_is_indexed_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    store.migrations.apply(db, stop_before="m002_search_index")
    db["files"].insert({"id": 1, "name": "old.txt", "path": "old.txt", "sha256": "x", "kind": "txt"})
    db["documents"].insert({"id": 1, "file_id": 1, "seq": 0, "title": "旧报告", "date": "2020-01-01", "linked": 1})
    db["paragraphs"].insert({"id": 1, "document_id": 1, "seq": 0, "line": 1, "text": "推行“河长制”，河湖更清。",
                             "line_map": "[[0,1]]"})
    db["terms"].insert({"id": 1, "key": "河长制", "term": "河长制", "numkey": "河长制", "linked": 1})
    db["definitions"].insert({"term_id": 1, "kind": "glossary", "text": "各级党政负责人担任河长。", "document_id": 1})
    db.conn.close()

    tb = TermBase.open(path)
    assert [(r.term, r.match) for r in tb.lookup("hzz").results] == [("河长制", "pinyin")]
    assert [(r.term, r.match) for r in tb.lookup("党政负责人").results][0] == ("河长制", "definition")
    assert [(r.term, r.match) for r in tb.lookup("河湖更清").results] == [("河湖更清", "text")]


def test_new_search_keys_rebuild_the_index(
        tmp_path: Path, reports_dir: Path, common_freq) -> None:  # type: ignore[no-untyped-def]
    db = _fresh(tmp_path, "t.db", [reports_dir], common_freq)
    before = _index_state(db)
    db["meta"].upsert({"key": "search_index", "value": "0/older-keys"}, pk="key")
    searchindex.refresh(db)
    assert _index_state(db) == before
