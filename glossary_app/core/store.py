"""The term base's SQLite schema, applied as migrations, and the queries that need SQL."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils import Database

migrations = sqlite_utils.Migrations("glossary")


@migrations()
def m001_initial(db: Database) -> None:
    """Files, documents, paragraphs, terms, aliases, definitions and occurrences."""
    db.table("files").create(
        {"id": int, "name": str, "path": str, "sha256": str, "kind": str, "encoding": str,
         "size": int, "imported_at": str},
        pk="id", not_null={"name", "sha256"},
    )
    db.table("files").create_index(["sha256"], unique=True)
    db.table("documents").create(
        {"id": int, "file_id": int, "seq": int, "title": str, "issuer": str, "region": str,
         "date": str, "doc_number": str, "first_line": int, "last_line": int, "linked": int},
        pk="id", foreign_keys=[("file_id", "files", "id")], defaults={"linked": 0},
    )
    db.table("documents").create_index(["file_id"])
    db.table("paragraphs").create(
        {"id": int, "document_id": int, "seq": int, "line": int, "text": str, "line_map": str},
        pk="id", foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("paragraphs").create_index(["document_id", "seq"])
    db.table("terms").create(
        {"id": int, "key": str, "term": str, "numkey": str, "origin": str, "linked": int},
        pk="id", not_null={"key", "term"}, defaults={"linked": 0},
    )
    db.table("terms").create_index(["key"], unique=True)
    db.table("terms").create_index(["numkey"])
    # Other keys under which a term is found: 四上 → 四上企业.
    db.table("aliases").create(
        {"key": str, "term_id": int}, pk=("key", "term_id"), foreign_keys=[("term_id", "terms", "id")],
    )
    db.table("definitions").create(
        {"id": int, "term_id": int, "kind": str, "heading": str, "text": str, "document_id": int,
         "paragraph_id": int, "line": int, "number": int, "pattern": str, "confidence": float,
         "source_name": str},
        pk="id", foreign_keys=[("term_id", "terms", "id")],
    )
    db.table("definitions").create_index(["term_id"])
    db.table("definitions").create_index(["document_id"])
    # Where the vocabulary step saw a term (a quoted shorthand), per document:
    # a term stays in the term base while a definition or a sighting backs it.
    db.table("sightings").create(
        {"term_id": int, "document_id": int, "count": int},
        pk=("term_id", "document_id"), foreign_keys=[("term_id", "terms", "id")],
    )
    db.table("occurrences").create(
        {"id": int, "term_id": int, "document_id": int, "paragraph_id": int, "start": int, "end": int},
        pk="id", foreign_keys=[("term_id", "terms", "id")],
    )
    db.table("occurrences").create_index(["term_id", "document_id"])
    db.table("occurrences").create_index(["paragraph_id"])
    db.table("meta").create({"key": str, "value": str}, pk="key")


def open_database(path: Path | str | None) -> Database:
    """Open (creating if needed) a term base and bring its schema up to date."""
    if path is None:
        db = Database(memory=True)
    else:
        db = Database(sqlite3.connect(str(path), check_same_thread=False))
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL") if path is not None else None
    migrations.apply(db)
    return db


def delete_file(db: Database, file_id: int) -> None:
    """Remove a file and everything read from it (inside the caller's transaction)."""
    doc_ids = [r["id"] for r in db.table("documents").rows_where("file_id = ?", [file_id], select="id")]
    for doc_id in doc_ids:
        for table in ("occurrences", "definitions", "sightings"):
            db.table(table).delete_where("document_id = ?", [doc_id])
        db.table("paragraphs").delete_where("document_id = ?", [doc_id])
    db.table("documents").delete_where("file_id = ?", [file_id])
    db.table("files").delete_where("id = ?", [file_id])


def prune_terms(db: Database) -> int:
    """Delete terms no definition, sighting or alias backs any more; returns how many."""
    orphan = (
        "id NOT IN (SELECT term_id FROM definitions) AND id NOT IN (SELECT term_id FROM sightings)"
    )
    ids = [r["id"] for r in db.table("terms").rows_where(orphan, select="id")]
    for term_id in ids:
        db.table("occurrences").delete_where("term_id = ?", [term_id])
        db.table("aliases").delete_where("term_id = ?", [term_id])
        db.table("terms").delete_where("id = ?", [term_id])
    return len(ids)


# Modules whose change cannot alter what a build stores.
_NOT_EXTRACTION = {"__init__.py", "termbase.py", "passages.py", "paths.py", "search.py", "userdata.py", "export.py", "browse.py", "install.py", "textsearch.py", "segment.py", "recovery.py"}


def code_fingerprint() -> str:
    """A digest of the extraction code, so a term base can tell it was built by older code."""
    core = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for source in sorted(core.glob("*.py")):
        if source.name not in _NOT_EXTRACTION:
            digest.update(source.name.encode())
            digest.update(source.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()


def content_fingerprint(db: Database) -> str:
    """A digest of the files a term base was built from."""
    hashes = sorted(r["sha256"] for r in db.table("files").rows_where(select="sha256"))
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest()


def record_fingerprint(db: Database) -> None:
    """Note which code and which files built this term base."""
    db.table("meta").upsert_all(
        [{"key": "code", "value": code_fingerprint()}, {"key": "content", "value": content_fingerprint(db)}],
        pk="key",
    )


@migrations()
def m002_search_index(db: Database) -> None:
    """Search index: folded and pinyin keys of terms, character indexes of definitions and paragraphs."""
    from . import searchindex

    searchindex.create_index(db)
    searchindex.refresh(db)
