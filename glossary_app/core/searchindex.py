"""The search index: folded keys and pinyin of terms, and one-character-per-token indexes of definitions and text."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator

from sqlite_utils import Database

from .termkey import QUOTE_CHARS, fold_width

# Bump when fold() or stream() change what is indexed: the index is then rebuilt,
# because a contentless FTS table can only forget a row given the very tokens it indexed.
INDEX_VERSION = "1"

# Counting numerals as digits (二/两/2, "五+N" = "5+N"). 十 stays: as "10" it would
# change the length of what it stands in, and offsets must map back one to one.
_NUMERALS = {"零": "0", "〇": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5",
             "六": "6", "七": "7", "八": "8", "九": "9"}
# Invisible characters a query or a PDF's text can carry: they never belong to what is searched.
_INVISIBLE = "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e" \
             "\u2060\u2061\u2062\u2063\u2064\ufeff\ufff9\ufffa\ufffb"
_SPACES = " \t\n\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
          "\u202f\u205f\u3000"
_SURROGATES_RE = re.compile("[\ud800-\udfff]")


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {c: None for c in range(0x20)}
    table.update({c: None for c in range(0x7F, 0xA0)})
    table.update({ord(c): None for c in QUOTE_CHARS + _SPACES + _INVISIBLE})
    # Full-width ASCII forms (＋, Ｎ, ：) as their half-width letters, Latin letters lower-case.
    table.update({c: chr(c - 0xFEE0).lower() for c in range(0xFF01, 0xFF5F)})
    table.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
    table.update({ord(k): v for k, v in _NUMERALS.items()})
    for c in QUOTE_CHARS:  # quote marks in full-width form go too (＂, ＇)
        table[ord(c)] = None
    table[0xFF02] = table[0xFF07] = None
    return table


_FOLD = {chr(k): v or "" for k, v in _fold_table().items()}
# One pass of a regular expression: str.translate looks every character up in a dict, three times slower.
_FOLD_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_FOLD)) + "]")
# For the character index every character must be a token of the 'ascii' tokenizer,
# which splits on ASCII punctuation: those go in as their full-width forms.
_ASCII_PUNCT_RE = re.compile(r"[!-/:-@\[-`{-~]")


def _fold_char(m: re.Match[str]) -> str:
    return _FOLD[m.group()]


def _full_width(m: re.Match[str]) -> str:
    return chr(ord(m.group()) + 0xFEE0)


@functools.cache
def _to_simplified() -> Callable[[str], str]:
    """OpenCC's traditional-to-simplified conversion (a stateless converter, made once per process)."""
    try:
        import opencc
    except ImportError:  # a platform without OpenCC's wheel and without opencc-py: no folding
        return lambda text: text
    converter = opencc.OpenCC("t2s")
    return converter.convert  # type: ignore[no-any-return]


def _simplified(text: str) -> str:
    try:
        return _to_simplified()(text)
    except UnicodeEncodeError:  # lone surrogates (only a query can hold them): a space folds away
        return _to_simplified()(_SURROGATES_RE.sub(" ", text))


def fold(text: str) -> str:
    """Text as the search compares it: simplified, half-width, lower-case, counting numerals as
    digits, without quote marks, spaces or control characters."""
    if not text.isascii():
        text = _simplified(text)
    return _FOLD_RE.sub(_fold_char, text)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """fold(text) and, for each of its characters, the offset in text it came from."""
    simplified = _simplified(text) if not text.isascii() else text
    if len(simplified) != len(text):  # a phrase converted to another length: convert by character
        simplified = "".join(s if len(s := _simplified(c)) == 1 else c for c in text)
    chars, offsets = [], []
    for i, c in enumerate(simplified):
        f = _FOLD.get(c, c)
        if f:
            chars.append(f)
            offsets.append(i)
    return "".join(chars), offsets


def stream(folded: str) -> str:
    """Folded text as the character index takes it: one token per character."""
    return _ASCII_PUNCT_RE.sub(_full_width, folded).replace("", " ")[1:-1]


def match_phrase(folded: str) -> str:
    """An FTS5 query for folded text as one phrase (every character in a row, in order)."""
    return '"' + stream(folded).replace('"', '""') + '"'


@functools.cache
def _readings(char: str) -> tuple[str, ...]:
    """A character's pinyin readings without tones, most common first (at most two); itself when it has none."""
    from pypinyin import Style, pinyin  # build time only: the query side reads what is stored

    if not ("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"):
        return (char.lower(),) if char.isascii() and char.isalnum() else ()
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings = [r for r in found[0] if r.isascii() and r.isalpha()] if found else []
    return tuple(dict.fromkeys(readings))[:2]


def pinyin_keys(term: str) -> tuple[str, str]:
    """(initials, full pinyin) of a term, each a space-separated list of readings: 'wzypt', 'wuzhiyipingtai'.

    Characters with more than one reading (长: chang/zhang) give up to four variants.
    """
    syllables = [r for r in map(_readings, fold_width(term)) if r]
    full, initials = [], []
    for variant in itertools.islice(itertools.product(*syllables), 4):
        full.append("".join(variant))
        initials.append("".join(p[0] for p in variant))
    return " ".join(dict.fromkeys(initials)), " ".join(dict.fromkeys(full))


# -- schema -------------------------------------------------------------------

_TEXT_TABLES = {"paragraph": ("paragraphs", "search_paragraphs"), "definition": ("definitions", "search_definitions")}


def create_index(db: Database) -> None:
    """Create the search tables and the triggers that keep them in step (migration m002)."""
    db["search_terms"].create(
        {"term_id": int, "name": str, "source": str, "fold": str, "initials": str, "pinyin": str},
        not_null={"term_id", "name", "source", "fold"},
    )
    db["search_terms"].create_index(["term_id"])
    # Changes to paragraphs and definitions wait here until refresh() indexes them;
    # a deleted row keeps its old text, which the contentless index needs to forget it.
    db["search_queue"].create({"seq": int, "kind": str, "id": int, "old": str}, pk="seq",
                              not_null={"kind", "id"})
    db["search_queue"].create_index(["kind", "id"])
    for kind, (table, fts) in _TEXT_TABLES.items():
        # One token per character (see stream()): phrases of any length, one or two
        # characters included, match wherever they stand; contentless, so the text is not stored twice.
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
    db.executescript("""
        CREATE TRIGGER search_terms_term_deleted AFTER DELETE ON terms BEGIN
          DELETE FROM search_terms WHERE term_id = old.id;
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
    """)
    for kind, (table, _) in _TEXT_TABLES.items():
        db.execute(f"INSERT INTO search_queue(kind, id) SELECT '{kind}', id FROM {table}")
    db["meta"].upsert({"key": "search_index", "value": _version()}, pk="key")


def _version() -> str:
    try:
        from importlib.metadata import version

        return f"{INDEX_VERSION}/opencc-{version('opencc')}"
    except Exception:  # opencc-py or no OpenCC at all
        return f"{INDEX_VERSION}/opencc-none"


# -- keeping it current ---------------------------------------------------------


def refresh(db: Database) -> None:
    """Index what changed since the last refresh: new terms and aliases, changed paragraphs and definitions."""
    with db.atomic():
        stored = next(db.query("SELECT value FROM meta WHERE key = 'search_index'"), {"value": None})["value"]
        if stored != _version():
            _reindex_everything(db)
        _index_terms(db)
        for kind in _TEXT_TABLES:
            _index_queued(db, kind)


def _reindex_everything(db: Database) -> None:
    db.execute("DELETE FROM search_terms")
    db.execute("DELETE FROM search_queue")
    for kind, (table, fts) in _TEXT_TABLES.items():
        db.execute(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")
        db.execute(f"INSERT INTO search_queue(kind, id) SELECT '{kind}', id FROM {table}")
    db["meta"].upsert({"key": "search_index", "value": _version()}, pk="key")


def _index_terms(db: Database) -> None:
    rows = [_term_row(r["id"], r["key"], "term", r["term"]) for r in db.query(
        "SELECT t.id, t.key, t.term FROM terms t WHERE NOT EXISTS "
        "(SELECT 1 FROM search_terms s WHERE s.term_id = t.id AND s.source = 'term')")]
    rows += [_term_row(r["term_id"], r["key"], "alias", r["key"]) for r in db.query(
        "SELECT a.term_id, a.key FROM aliases a WHERE NOT EXISTS "
        "(SELECT 1 FROM search_terms s WHERE s.term_id = a.term_id AND s.source = 'alias' AND s.name = a.key)")]
    db["search_terms"].insert_all(rows, batch_size=1000)


def _term_row(term_id: int, name: str, source: str, written: str) -> dict[str, object]:
    initials, full = pinyin_keys(written)
    return {"term_id": term_id, "name": name, "source": source, "fold": fold(name), "initials": initials,
            "pinyin": full}


def _index_queued(db: Database, kind: str) -> None:
    table, fts = _TEXT_TABLES[kind]
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
