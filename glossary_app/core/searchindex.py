"""The search index in the term base: term keys, pinyin and ranks, and character indexes of definitions and text."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from sqlite_utils import Database

from .searchkey import fold, key_version, pinyin_keys, stream

# kind → (table whose text is indexed, its contentless FTS5 table)
TEXT_TABLES = {"paragraph": ("paragraphs", "search_paragraphs"), "definition": ("definitions", "search_definitions")}


def create_index(db: Database) -> None:
    """Create the search tables and the triggers that keep them in step (migration m002)."""
    # A row per term and per alias: its key folded.
    terms = db.table("search_terms")
    terms.create(
        {"id": int, "term_id": int, "name": str, "source": str, "fold": str, "length": int, "chars": str},
        pk="id", not_null={"term_id", "name", "source", "fold", "length", "chars"},
    )
    terms.create_index(["fold", "length"])  # exact, and prefix within a range of keys
    terms.create_index(["length", "fold"])  # prefix of a short query, shortest keys first
    terms.create_index(["term_id"])
    # Substrings of keys, one and two characters too: the key a token a character (searchkey.stream).
    terms.enable_fts(["chars"], tokenize="ascii", create_triggers=True)
    # A row per pinyin reading of an entry, initials ('wzypt') and full ('wuzhiyipingtai').
    db.execute("CREATE TABLE search_pinyin (key TEXT NOT NULL, entry INTEGER NOT NULL, "
               "PRIMARY KEY (key, entry)) WITHOUT ROWID")
    db.table("search_pinyin").create_index(["entry"])
    # How terms rank within a tier: defined ones first, then the most used.
    db.table("search_rank").create({"term_id": int, "defined": int, "uses": int}, pk="term_id")
    # Changes to paragraphs and definitions wait here until refresh() indexes them;
    # a deleted row keeps its old text, which the contentless index needs to forget it.
    db.table("search_queue").create({"seq": int, "kind": str, "id": int, "old": str}, pk="seq", not_null={"kind", "id"})
    db.table("search_queue").create_index(["kind", "id"])
    for kind, (table, fts) in TEXT_TABLES.items():
        # One token per character (see searchkey.stream): phrases of any length, one and two
        # characters included, match wherever they stand; contentless, so no text is stored twice.
        db.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(text, content='', detail=full, columnsize=0, "
                   "tokenize='ascii')")
        db.executescript(f"""
            CREATE TRIGGER {fts}_inserted AFTER INSERT ON {table} BEGIN
              INSERT INTO search_queue(kind, id) VALUES ('{kind}', new.id);
            END;
            CREATE TRIGGER {fts}_deleted AFTER DELETE ON {table} BEGIN
              INSERT INTO search_queue(kind, id, old) VALUES ('{kind}', old.id, old.text);
            END;
            CREATE TRIGGER {fts}_updated AFTER UPDATE OF id, text ON {table} BEGIN
              INSERT INTO search_queue(kind, id, old) VALUES ('{kind}', old.id, old.text);
              INSERT INTO search_queue(kind, id) VALUES ('{kind}', new.id);
            END;
        """)
    # Term keys need no queue: a deleted term or alias takes its rows with it at once.
    db.executescript("""
        CREATE TRIGGER search_terms_term_deleted AFTER DELETE ON terms BEGIN
          DELETE FROM search_terms WHERE term_id = old.id;
          DELETE FROM search_rank WHERE term_id = old.id;
        END;
        CREATE TRIGGER search_terms_term_changed AFTER UPDATE OF id, key, term ON terms BEGIN
          DELETE FROM search_terms WHERE term_id = old.id AND source = 'term';
        END;
        CREATE TRIGGER search_terms_alias_deleted AFTER DELETE ON aliases BEGIN
          DELETE FROM search_terms WHERE term_id = old.term_id AND source = 'alias' AND name = old.key;
        END;
        CREATE TRIGGER search_terms_alias_changed AFTER UPDATE ON aliases BEGIN
          DELETE FROM search_terms WHERE term_id = old.term_id AND source = 'alias' AND name = old.key;
        END;
        CREATE TRIGGER search_pinyin_entry_deleted AFTER DELETE ON search_terms BEGIN
          DELETE FROM search_pinyin WHERE entry = old.id;
        END;
    """)
    _queue_everything(db)


def refresh(db: Database) -> None:
    """Index what changed since the last refresh: new terms and aliases, changed paragraphs and
    definitions; rank the terms again."""
    with db.atomic():
        stored = db.execute("SELECT value FROM meta WHERE key = 'search_index'").fetchone()
        if stored is None or stored[0] != key_version():
            _queue_everything(db)
        _index_terms(db)
        for kind in TEXT_TABLES:
            _index_queued(db, kind)
        _rank_terms(db)


def _queue_everything(db: Database) -> None:
    """Start over: keys are made anew, every paragraph and definition waits to be indexed."""
    db.execute("DELETE FROM search_terms")
    db.execute("DELETE FROM search_queue")
    for kind, (table, fts) in TEXT_TABLES.items():
        db.execute(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")
        db.execute(f"INSERT INTO search_queue(kind, id) SELECT '{kind}', id FROM {table}")
    db.table("meta").upsert({"key": "search_index", "value": key_version()}, pk="key")


def _index_terms(db: Database) -> None:
    new = db.execute(
        "SELECT t.id, t.key, 'term', t.term FROM terms t WHERE NOT EXISTS "
        "(SELECT 1 FROM search_terms s WHERE s.term_id = t.id AND s.source = 'term') "
        "UNION ALL SELECT a.term_id, a.key, 'alias', a.key FROM aliases a WHERE NOT EXISTS "
        "(SELECT 1 FROM search_terms s WHERE s.term_id = a.term_id AND s.source = 'alias' AND s.name = a.key)"
    ).fetchall()
    for term_id, name, source, written in new:
        key = fold(name)
        entry = db.execute("INSERT INTO search_terms(term_id, name, source, fold, length, chars) "
                           "VALUES (?, ?, ?, ?, ?, ?)", [term_id, name, source, key, len(key), stream(key)]).lastrowid
        initials, full = pinyin_keys(written)
        db.conn.executemany("INSERT OR IGNORE INTO search_pinyin(key, entry) VALUES (?, ?)",
                            [(k, entry) for k in dict.fromkeys((initials + " " + full).split())])


def _rank_terms(db: Database) -> None:
    # Every term again: one pass over the occurrences index, a fraction of a second for 100 MB of reports.
    db.execute("DELETE FROM search_rank")
    db.execute(
        "INSERT INTO search_rank(term_id, defined, uses) SELECT t.id, "
        "EXISTS (SELECT 1 FROM definitions d WHERE d.term_id = t.id), coalesce(u.n, 0) FROM terms t "
        "LEFT JOIN (SELECT term_id, count(*) AS n FROM occurrences GROUP BY term_id) u ON u.term_id = t.id")


def _index_queued(db: Database, kind: str) -> None:
    table, fts = TEXT_TABLES[kind]
    conn = db.conn
    last = conn.execute("SELECT max(seq) FROM search_queue WHERE kind = ?", [kind]).fetchone()[0]
    if last is None:
        return
    # A row that existed at the last refresh is indexed with the text its first
    # change since then saved; one that did not starts with an insert (old is NULL).
    forget = conn.execute(
        "SELECT q.id, q.old FROM search_queue q WHERE q.kind = ? AND q.old IS NOT NULL AND q.seq = "
        "(SELECT min(seq) FROM search_queue f WHERE f.kind = q.kind AND f.id = q.id)", [kind])
    _write_fts(db, f"INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', ?, ?)",
               ((rowid, stream(fold(old))) for rowid, old in forget))
    current = conn.execute(
        f"SELECT t.id, t.text FROM {table} t WHERE t.id IN (SELECT id FROM search_queue WHERE kind = ?)", [kind])
    _write_fts(db, f"INSERT INTO {fts}(rowid, text) VALUES (?, ?)",
               ((rowid, stream(fold(text or ""))) for rowid, text in current))
    conn.execute("DELETE FROM search_queue WHERE kind = ? AND seq <= ?", [kind, last])


def _write_fts(db: Database, sql: str, rows: Iterable[tuple[int, str]]) -> None:
    for batch in _batches(rows, 2000):
        db.conn.executemany(sql, batch)


def _batches(rows: Iterable[tuple[int, str]], size: int) -> Iterator[list[tuple[int, str]]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
