"""Import report files into a term base: read, normalise, split, extract, store, link."""

from __future__ import annotations

import datetime
import json
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
from .read import RawText, ReadError, find_reports, read_report
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
    try:
        paths = find_reports(inputs)
    except ReadError as err:
        report.files.append(FileResult(err.path, "rejected", reason=err.reason))
        paths = find_reports(p for p in inputs if Path(p).exists())
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
    """Import one file atomically; a file already imported with the same content is left alone."""
    try:
        raw = read_report(path)
    except ReadError as err:
        return FileResult(path, "rejected", reason=err.reason)
    if db.table("files").count_where("sha256 = ?", [raw.sha256]):
        return FileResult(path, "unchanged")
    documents = split_documents(normalize(raw.text), fallback_title=path.stem)
    if not any(d.paragraphs for d in documents):
        return FileResult(path, "rejected", reason="no text")
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
    terms_seen: set[int] = set()
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
                add_alias(db, core, term_id)
            db.table("definitions").insert({
                "term_id": term_id, "kind": "glossary", "heading": entry.heading, "text": entry.definition,
                "document_id": doc_id, "paragraph_id": paragraph_ids[entry.paragraph], "line": entry.line,
                "number": entry.number, "pattern": "名词解释", "confidence": 1.0,
            })
            result.definitions += 1
            terms_seen.add(term_id)
        for found in find_inline_definitions(doc, lambda t: is_shorthand(t, common_freq)):
            paragraph = doc.paragraphs[found.paragraph]
            term_id = _inline_term(db, paragraph.text, found.offset, found.term)
            db.table("definitions").insert({
                "term_id": term_id, "kind": "inline", "heading": found.term, "text": found.text,
                "document_id": doc_id, "paragraph_id": paragraph_ids[found.paragraph],
                "line": paragraph.line_at(found.offset), "number": None, "pattern": found.pattern,
                "confidence": found.confidence,
            })
            result.definitions += 1
            terms_seen.add(term_id)
        for sighting in find_sightings((p.text for p in doc.paragraphs), common_freq):
            term_id = ensure_term(db, sighting.term, origin="quoted")
            if sighting.core != sighting.term:
                add_alias(db, sighting.core, term_id)
            db.table("sightings").upsert({"term_id": term_id, "document_id": doc_id, "count": sighting.count},
                                   pk=("term_id", "document_id"))
            terms_seen.add(term_id)
    result.terms = len(terms_seen)
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


def _inline_term(db: Database, text: str, offset: int, term: str) -> int:
    """The term an inline definition belongs to: 发展“六仗” defines 发展六仗 when that term is known."""
    for width in (4, 3, 2, 1):
        before = text[max(0, offset - width) : offset]
        if len(before) == width and all("\u4e00" <= c <= "\u9fff" for c in before):
            row = next(db.table("terms").rows_where("key = ?", [term_key(before + term)], select="id"), None)
            if row:
                add_alias(db, term, int(row["id"]))
                return int(row["id"])
    return ensure_term(db, term, origin="inline")


def ensure_term(db: Database, term: str, origin: str) -> int:
    """The id of a term, found by its key or one of its aliases, created when new."""
    key = term_key(term)
    row = next(db.table("terms").rows_where("key = ?", [key], select="id"), None)
    if row:
        return int(row["id"])
    alias = next(db.table("aliases").rows_where("key = ?", [key], select="term_id"), None)
    if alias:
        return int(alias["term_id"])
    return int(db.table("terms").insert({
        "key": key, "term": term, "numkey": numeral_key(term), "origin": origin, "linked": 0,
    }).last_pk or 0)


def add_alias(db: Database, alias: str, term_id: int) -> None:
    """Let a term also be found as alias (四上 → 四上企业); a separate term of that name merges in."""
    key = term_key(alias)
    if len(key) < 2:
        return
    twin = next(db.table("terms").rows_where("key = ? AND id != ?", [key, term_id], select="id"), None)
    if twin:
        # An earlier file quoted the bare core alone; one term it is.
        for table in ("definitions", "sightings"):
            for row in list(db.table(table).rows_where("term_id = ?", [twin["id"]])):
                if table == "sightings":
                    db.table(table).delete_where("term_id = ? AND document_id = ?", [twin["id"], row["document_id"]])
                    row["term_id"] = term_id
                    db.table(table).upsert(row, pk=("term_id", "document_id"))
                else:
                    db.table(table).update(row["id"], {"term_id": term_id})
        db.table("occurrences").delete_where("term_id = ?", [twin["id"]])
        db.table("aliases").delete_where("term_id = ?", [twin["id"]])
        db.table("terms").delete_where("id = ?", [twin["id"]])
        db.table("terms").update(term_id, {"linked": 0})
    if not db.table("aliases").count_where("key = ? AND term_id = ?", [key, term_id]):
        db.table("aliases").insert({"key": key, "term_id": term_id})
        db.table("terms").update(term_id, {"linked": 0})  # its uses under the new alias are not indexed yet


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
