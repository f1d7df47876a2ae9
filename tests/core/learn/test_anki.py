"""core.learn.anki: the .apkg is a zip holding an Anki collection (SQLite) with a note per term and its source."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from contextlib import closing
from pathlib import Path

import genanki
import pytest

from glossary_app.core import TermBase
from glossary_app.core.learn.anki import FIELDS, write_apkg
from glossary_app.core.learn.decks import Deck, DeckSpec, Entry, build_deck
from glossary_app.core.termbase import Definition, Source
from glossary_app.core.termkey import term_key


def _collection(apkg: Path, into: Path) -> sqlite3.Connection:
    """Open the package as what it is: a zip file whose collection.anki2 is an SQLite database."""
    with zipfile.ZipFile(apkg) as package:
        assert package.testzip() is None
        assert sorted(package.namelist()) == ["collection.anki2", "media"]
        assert json.loads(package.read("media")) == {}
        package.extract("collection.anki2", into)
    return sqlite3.connect(into / "collection.anki2")


def _notes(conn: sqlite3.Connection) -> list[list[str]]:
    return [flds.split("\x1f") for (flds,) in conn.execute("SELECT flds FROM notes ORDER BY id")]


def test_a_deck_as_an_anki_package(termbase: TermBase, tmp_path: Path) -> None:
    deck = build_deck(termbase, DeckSpec("region", "祁东县"))
    assert write_apkg(deck, tmp_path / "祁东县.apkg") == len(deck) == 7
    with closing(_collection(tmp_path / "祁东县.apkg", tmp_path / "x")) as conn:
        notes = _notes(conn)
        assert [n[0] for n in notes] == [e.term for e in deck.entries]
        assert notes[0] == ["五制一平台", deck.entries[0].definition.text, "名词解释",
                            "《祁东县政府工作报告》（2023-03-27）"]
        # Every card back carries the source: the reference texts name theirs.
        assert all(n[3] for n in notes)
        assert dict(zip(FIELDS, notes[2]))["类别"] == "参考释义"
        # Two cards a note: term → definition and definition → term.
        assert conn.execute("SELECT count(*), count(DISTINCT nid), count(DISTINCT ord) FROM cards").fetchone() == (
            14, 7, 2)
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        (model,) = models.values()
        assert [f["name"] for f in model["flds"]] == FIELDS
        assert [t["name"] for t in model["tmpls"]] == ["术语 → 释义", "释义 → 术语"]
        assert all("{{出处}}" in t["afmt"] for t in model["tmpls"])
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        assert "地方政府报告简称::祁东县术语" in {d["name"] for d in decks.values()}


def _entry(term: str, text: str, title: str = "某县政府工作报告") -> Entry:
    return Entry(term, term_key(term), None, Definition(text, "inline", Source("a.txt", title, "某县", "2024-01-02", 3, 1)))


def test_document_text_is_escaped_and_invisible_characters_dropped(tmp_path: Path) -> None:
    deck = Deck("测试", DeckSpec("all"), [_entry("<b>三化</b>", "标准化、<script>alert(1)</script>\u202e规范化", "A&B")])
    write_apkg(deck, tmp_path / "t.apkg")
    with closing(_collection(tmp_path / "t.apkg", tmp_path)) as conn:
        assert _notes(conn) == [["&lt;b&gt;三化&lt;/b&gt;", "标准化、&lt;script&gt;alert(1)&lt;/script&gt;规范化", "正文释义",
                                 "《A&amp;B》（某县，2024-01-02）"]]


def test_re_exports_update_the_same_notes(tmp_path: Path) -> None:
    first = Deck("甲", DeckSpec("all"), [_entry("三化", "旧的说法")])
    second = Deck("乙", DeckSpec("all"), [_entry("三化", "新的说法"), _entry("四新", "另一个")])
    write_apkg(first, tmp_path / "1.apkg")
    write_apkg(second, tmp_path / "2.apkg")
    with closing(_collection(tmp_path / "1.apkg", tmp_path / "a")) as a, \
            closing(_collection(tmp_path / "2.apkg", tmp_path / "b")) as b:
        guids_a = [g for (g,) in a.execute("SELECT guid FROM notes")]
        guids_b = [g for (g,) in b.execute("SELECT guid FROM notes ORDER BY id")]
        assert guids_b[0] == guids_a[0] and guids_b[1] != guids_a[0]
        assert a.execute("SELECT mid FROM notes").fetchone() == b.execute("SELECT mid FROM notes LIMIT 1").fetchone()


def test_no_temporary_file_is_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    write_apkg(Deck("甲", DeckSpec("all"), [_entry("三化", "标准化")]), tmp_path / "out.apkg")
    assert list(scratch.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.apkg", "tmp"]


def test_a_failed_export_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.apkg"
    path.write_bytes(b"the earlier export")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(genanki.Package, "write_to_db", broken)
    with pytest.raises(OSError, match="disk full"):
        write_apkg(Deck("甲", DeckSpec("all"), [_entry("三化", "标准化")]), path)
    assert path.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.apkg"]
