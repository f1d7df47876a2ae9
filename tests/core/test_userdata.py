"""core.userdata: favourites, notes, own definitions and history, committed at once and kept by term text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from glossary_app.core.userdata import HISTORY_KEEP, UserData, default_path


def _committed(path: Path, sql: str) -> list[tuple]:
    """What another connection sees: proof that a change was committed, not just made."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_every_change_is_committed_at_once(tmp_path: Path) -> None:
    path = tmp_path / "user.db"
    user = UserData.open(path)
    user.set_favourite("五制一平台", True)
    assert _committed(path, "SELECT term FROM favourites") == [("五制一平台",)]
    user.set_note("五制一平台", "祁东县的项目调度机制")
    assert _committed(path, "SELECT text FROM notes") == [("祁东县的项目调度机制",)]
    own = user.add_definition("一单四制", "一张清单、四项制度", "县发改局口径")
    assert _committed(path, "SELECT id, text FROM own_definitions") == [(own, "一张清单、四项制度")]
    user.record_visit("四上企业")
    assert _committed(path, "SELECT term FROM history") == [("四上企业",)]
    user.close()


def test_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "user.db"
    user = UserData.open(path)
    user.set_favourite("五制一平台", True)
    user.set_note("四上企业", "统计口径")
    user.add_definition("一单四制", "一张清单、四项制度")
    user.close()
    again = UserData.open(path)
    assert again.favourites() == ["五制一平台"]
    assert again.note("四上企业") == "统计口径"
    assert [d.text for d in again.definitions("一单四制")] == ["一张清单、四项制度"]
    again.close()


def test_keyed_by_term_text_whatever_the_quotes() -> None:
    user = UserData.open(None)
    user.set_favourite("“四上”企业", True)
    assert user.is_favourite("四上企业")
    user.set_note("四上企业", "笔记")
    assert user.note("“四上”企业") == "笔记"
    user.set_favourite("四上企业", False)
    assert user.favourites() == []


def test_empty_note_deletes_it_and_definitions_can_be_removed() -> None:
    user = UserData.open(None)
    user.set_note("双减", "减轻作业负担和校外培训负担")
    user.set_note("双减", "   ")
    assert user.note("双减") == ""
    first = user.add_definition("双减", "甲")
    user.add_definition("双减", "乙", "出处")
    user.remove_definition(first)
    assert [(d.text, d.source) for d in user.definitions("双减")] == [("乙", "出处")]
    assert [d.term for d in user.all_definitions()] == ["双减"]


def test_history_newest_first_each_term_once_and_bounded() -> None:
    user = UserData.open(None)
    for term in ["甲", "乙", "甲", "丙"]:
        user.record_visit(term)
    assert user.history() == ["丙", "甲", "乙"]
    for i in range(HISTORY_KEEP + 20):
        user.record_visit(f"词{i}")
    assert user.db["history"].count == HISTORY_KEEP
    user.clear_history()
    assert user.history() == []


def test_favourites_most_recent_first() -> None:
    user = UserData.open(None)
    for term in ["甲", "乙", "丙"]:
        user.set_favourite(term, True)
    assert user.favourites() == ["丙", "乙", "甲"]


def test_default_path_is_beside_the_term_base(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GLOSSARY_APP_HOME", str(tmp_path))
    assert default_path() == tmp_path / "user.db"
