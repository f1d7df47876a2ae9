"""Import report files into a term base: read, normalise, split, extract, store, link."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from . import searchindex, store
from .glossary import extract_glossary
from .inline import find_inline_definitions
from .normalize import normalize
from .occurrences import TermMatcher
from .reference import REFERENCE_TERMS
from .read import NO_TEXT, RawText, ReadError, find_reports, read_report
from .split import Document, split_documents
from .termkey import numeral_key, term_key
from .vocabulary import find_sightings, is_shorthand


@dataclass
class FileResult:
    """What importing one file did."""

    path: Path
    status: str  # "added" | "replaced" | "unchanged" | "rejected"
    documents: int = 0
    definitions: int = 0
    terms: int = 0
    reason: str | None = None


@dataclass
class BuildReport:
    """The outcome of one build: a result per input file."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def rejected(self) -> list[FileResult]:
        """The files that could not be read."""
        return [f for f in self.files if f.status == "rejected"]


Progress = Callable[[int, int, Path], bool]  # (done, total, file in hand) → go on?

_log = logging.getLogger(__name__)


def common_word_frequency() -> Callable[[str], int]:
    """How common a word is in jieba's general dictionary (0 when it is not there)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return lambda word: jieba.get_FREQ(word) or 0


def build(
    db: Database,
    inputs: Iterable[Path],
    progress: Progress | None = None,
    common_freq: Callable[[str], int] | None = None,
) -> BuildReport:
    """Read files and folders into the term base, a transaction per file, then link term uses."""
    report = BuildReport()
    problems: list[ReadError] = []  # inputs missing, folders that cannot be listed
    paths = find_reports(inputs, problems)
    report.files.extend(FileResult(err.path, "rejected", reason=err.reason) for err in problems)
    freq = common_freq or common_word_frequency()
    for done, path in enumerate(paths):
        if progress is not None and not progress(done, len(paths), path):
            break
        report.files.append(import_file(db, path, freq))
    refresh_reference(db)
    link(db)
    searchindex.refresh(db)  # index the terms and text that are new or changed, nothing else
    return report


def refresh_reference(db: Database) -> None:
    """Put the built-in reference definitions in, replacing those of an older version of the app."""
    with db.atomic():
        db.table("definitions").delete_where("kind = 'reference'")
        for ref in REFERENCE_TERMS:
            term_id = ensure_term(db, ref.term, origin="reference")
            for alias in ref.aliases:
                add_alias(db, alias, term_id)
            db.table("definitions").insert({
                "term_id": term_id, "kind": "reference", "heading": ref.term, "text": ref.definition,
                "document_id": None, "paragraph_id": None, "line": None, "number": None,
                "pattern": "reference", "confidence": 1.0, "source_name": ref.source,
            })
        store.prune_terms(db)


def import_file(db: Database, path: Path, common_freq: Callable[[str], int]) -> FileResult:
    """Import one file atomically; a file already imported with the same content is left alone.

    A file that cannot be read, or that fails anywhere on the way in, comes back rejected
    with the reason, and nothing of it is stored (an earlier version of it stays).
    """
    try:
        raw = read_report(path)
    except ReadError as err:
        return FileResult(path, "rejected", reason=err.reason)
    try:
        return _import_text(db, path, raw, common_freq)
    except Exception as exc:  # a bug or a database fault costs this file, not the rest of the import
        _log.exception("import of %s failed; its transaction was rolled back", path)
        return FileResult(path, "rejected", reason=f"无法导入：{type(exc).__name__}，此文件没有存入词库")


def _import_text(db: Database, path: Path, raw: RawText, common_freq: Callable[[str], int]) -> FileResult:
    if db.table("files").count_where("sha256 = ?", [raw.sha256]):
        return FileResult(path, "unchanged")
    documents = split_documents(normalize(raw.text), fallback_title=path.stem)
    if not any(d.paragraphs for d in documents):
        return FileResult(path, "rejected", reason=NO_TEXT)
    with db.atomic():
        previous = [r["id"] for r in db.table("files").rows_where("path = ?", [str(path.resolve())], select="id")]
        for file_id in previous:
            store.delete_file(db, file_id)
        result = _store_file(db, path, raw, documents, common_freq)
        result.status = "replaced" if previous else "added"
        store.prune_terms(db)
    return result


def _store_file(db: Database, path: Path, raw: RawText, documents: list[Document],
                common_freq: Callable[[str], int]) -> FileResult:
    file_id: int = db.table("files").insert({
        "name": path.name, "path": str(path.resolve()), "sha256": raw.sha256, "kind": raw.kind,
        "encoding": raw.encoding, "size": path.stat().st_size,
        "imported_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }).last_pk  # type: ignore[assignment]
    result = FileResult(path, "added", documents=len(documents))
    definitions: list[dict] = []
    sightings: list[dict] = []
    merged: dict[int, int] = {}  # terms merged into another while this file was read

    def alias(name: str, term_id: int) -> None:
        twin = add_alias(db, name, term_id)
        if twin is not None:
            merged[twin] = term_id

    for seq, doc in enumerate(documents):
        doc_id: int = db.table("documents").insert({
            "file_id": file_id, "seq": seq, "title": doc.title, "issuer": doc.issuer, "region": doc.region,
            "date": doc.date, "doc_number": doc.doc_number, "first_line": doc.paragraphs[0].line,
            "last_line": doc.paragraphs[-1].line_starts[-1][1], "linked": 0,
        }).last_pk  # type: ignore[assignment]
        paragraph_ids = _store_paragraphs(db, doc_id, doc)
        for entry in extract_glossary(doc):
            term_id = ensure_term(db, entry.term, origin="glossary")
            core = entry.heading.split("”")[0].lstrip("“") if entry.heading.startswith("“") else None
            if core and term_key(core) != term_key(entry.term):
                alias(core, term_id)
            definitions.append({
                "term_id": term_id, "kind": "glossary", "heading": entry.heading, "text": entry.definition,
                "document_id": doc_id, "paragraph_id": paragraph_ids[entry.paragraph], "line": entry.line,
                "number": entry.number, "pattern": "名词解释", "confidence": 1.0, "source_name": None,
            })
        for found in find_inline_definitions(doc, lambda t: is_shorthand(t, common_freq)):
            paragraph = doc.paragraphs[found.paragraph]
            term_id = _inline_term(db, paragraph.text, found.offset, found.term, alias)
            definitions.append({
                "term_id": term_id, "kind": "inline", "heading": found.term, "text": found.text,
                "document_id": doc_id, "paragraph_id": paragraph_ids[found.paragraph],
                "line": paragraph.line_at(found.offset), "number": None, "pattern": found.pattern,
                "confidence": found.confidence, "source_name": None,
            })
        for sighting in find_sightings((p.text for p in doc.paragraphs), common_freq):
            term_id = ensure_term(db, sighting.term, origin="quoted")
            if sighting.core != sighting.term:
                alias(sighting.core, term_id)
            sightings.append({"term_id": term_id, "document_id": doc_id, "count": sighting.count})
    # Rows are written together at the end (one statement per table, not one per row);
    # a term merged away meanwhile hands its rows to the term it merged into.
    for row in definitions + sightings:
        while row["term_id"] in merged:
            row["term_id"] = merged[row["term_id"]]
    db.table("definitions").insert_all(definitions, batch_size=500)
    db.table("sightings").upsert_all(sightings, pk=("term_id", "document_id"), batch_size=500)
    result.definitions = len(definitions)
    result.terms = len({r["term_id"] for r in definitions + sightings})
    return result


def _store_paragraphs(db: Database, doc_id: int, doc: Document) -> list[int]:
    rows = [
        {"document_id": doc_id, "seq": seq, "line": p.line, "text": p.text,
         "line_map": json.dumps(p.line_starts, separators=(",", ":"))}
        for seq, p in enumerate(doc.paragraphs)
    ]
    db.table("paragraphs").insert_all(rows, batch_size=500)
    return [r["id"] for r in db.query(
        "SELECT id FROM paragraphs WHERE document_id = ? ORDER BY seq", [doc_id])]


def _first_id(db: Database, sql: str, params: list) -> int | None:
    """The first column of the first row, for the id look-ups a build makes thousands of times
    (plain SQL: sqlite-utils' rows_where checks the table exists on every call)."""
    row = db.execute(sql, params).fetchone()
    return int(row[0]) if row else None


def _inline_term(db: Database, text: str, offset: int, term: str,
                 alias: Callable[[str, int], None]) -> int:
    """The term an inline definition belongs to: 发展“六仗” defines 发展六仗 when that term is known."""
    for width in (4, 3, 2, 1):
        before = text[max(0, offset - width) : offset]
        if len(before) == width and all("\u4e00" <= c <= "\u9fff" for c in before):
            found = _first_id(db, "SELECT id FROM terms WHERE key = ?", [term_key(before + term)])
            if found is not None:
                alias(term, found)
                return found
    return ensure_term(db, term, origin="inline")


def ensure_term(db: Database, term: str, origin: str) -> int:
    """The id of a term, found by its key or one of its aliases, created when new."""
    key = term_key(term)
    found = _first_id(db, "SELECT id FROM terms WHERE key = ?", [key])
    if found is None:
        found = _first_id(db, "SELECT term_id FROM aliases WHERE key = ?", [key])
    if found is not None:
        return found
    return int(db.table("terms").insert({
        "key": key, "term": term, "numkey": numeral_key(term), "origin": origin, "linked": 0,
    }).last_pk or 0)


def add_alias(db: Database, alias: str, term_id: int) -> int | None:
    """Let a term also be found as alias (四上 → 四上企业); a separate term of that name merges in (its id is returned)."""
    key = term_key(alias)
    if len(key) < 2:
        return None
    twin = _first_id(db, "SELECT id FROM terms WHERE key = ? AND id != ?", [key, term_id])
    if twin is not None:
        # An earlier file quoted the bare core alone; one term it is.
        for row in list(db.table("sightings").rows_where("term_id = ?", [twin])):
            db.table("sightings").delete_where("term_id = ? AND document_id = ?", [twin, row["document_id"]])
            db.table("sightings").upsert({**row, "term_id": term_id}, pk=("term_id", "document_id"))
        db.execute("UPDATE definitions SET term_id = ? WHERE term_id = ?", [term_id, twin])
        db.table("occurrences").delete_where("term_id = ?", [twin])
        db.table("aliases").delete_where("term_id = ?", [twin])
        db.table("terms").delete_where("id = ?", [twin])
        db.table("terms").update(term_id, {"linked": 0})
    if _first_id(db, "SELECT term_id FROM aliases WHERE key = ? AND term_id = ?", [key, term_id]) is None:
        db.table("aliases").insert({"key": key, "term_id": term_id})
        db.table("terms").update(term_id, {"linked": 0})  # its uses under the new alias are not indexed yet
    return twin


def link(db: Database) -> int:
    """Index the uses of terms: new documents against all terms, older ones against new terms."""
    keys = {r["key"]: r["id"] for r in db.table("terms").rows_where(select="id, key")}
    keys.update({r["key"]: r["term_id"] for r in db.table("aliases").rows_where(select="key, term_id")
                 if r["key"] not in keys})
    new_term_ids = {r["id"] for r in db.table("terms").rows_where("linked = 0", select="id")}
    if not new_term_ids and not db.table("documents").count_where("linked = 0"):
        return 0
    everything = TermMatcher(keys)
    only_new = TermMatcher({k: t for k, t in keys.items() if t in new_term_ids})
    added = 0
    with db.atomic():
        for term_id in new_term_ids:
            db.table("occurrences").delete_where("term_id = ?", [term_id])
        new_docs = {r["id"] for r in db.table("documents").rows_where("linked = 0", select="id")}
        for doc_id in new_docs:
            db.table("occurrences").delete_where("document_id = ?", [doc_id])
        # A 名词解释 entry is not a use of the term it defines.
        defined_in = {(r["term_id"], r["paragraph_id"]) for r in db.table("definitions").rows_where(
            "paragraph_id IS NOT NULL", select="term_id, paragraph_id")}
        rows = []
        for p in db.query("SELECT id, document_id, text FROM paragraphs"):
            matcher = everything if p["document_id"] in new_docs else only_new
            for term_id, start, end in matcher.find(p["text"]):
                if (term_id, p["id"]) in defined_in:
                    continue
                rows.append({"term_id": term_id, "document_id": p["document_id"],
                             "paragraph_id": p["id"], "start": start, "end": end})
            if len(rows) >= 5000:
                db.table("occurrences").insert_all(rows, batch_size=5000)
                added += len(rows)
                rows = []
        db.table("occurrences").insert_all(rows, batch_size=5000)
        added += len(rows)
        db.execute("UPDATE documents SET linked = 1 WHERE linked = 0")
        db.execute("UPDATE terms SET linked = 1 WHERE linked = 0")
    return added
