"""The term base as the CLI and the GUI see it: open a database, look terms up."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from . import store
from .passages import passage
from .termkey import numeral_key, term_key

KIND_RANK = {"glossary": 0, "inline": 1, "reference": 2}


@dataclass(frozen=True)
class Source:
    """Where a definition or passage comes from: the document, not just the file."""

    file: str
    title: str
    region: str | None
    date: str | None
    line: int | None
    document_id: int | None = None


@dataclass(frozen=True)
class Definition:
    """One definition of a term with its kind and source."""

    text: str
    kind: str  # glossary | inline | reference
    source: Source
    heading: str | None = None
    pattern: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class Passage:
    """A sentence (or two) around a use; text[start:end] is the use."""

    text: str
    start: int
    end: int
    source: Source


@dataclass(frozen=True)
class Result:
    """A matching term (or, for match 'text', the query found only in running text)."""

    term: str
    match: str  # exact | alias | numeral | prefix | substring | text
    occurrences: int
    definitions: list[Definition] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    term_id: int | None = None


@dataclass(frozen=True)
class Lookup:
    """All results for one query."""

    query: str
    results: list[Result]

    def to_json(self) -> str:
        """The CLI's --json form."""
        def clean(obj: Any) -> Any:
            if isinstance(obj, dict):
                return {k: clean(v) for k, v in obj.items() if k not in ("term_id", "document_id")}
            if isinstance(obj, list):
                return [clean(v) for v in obj]
            return obj
        return json.dumps(clean(asdict(self)), ensure_ascii=False, indent=2)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class TermBase:
    """A term base on disk (or in memory, for tests)."""

    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def open(cls, path: Path | str | None) -> TermBase:
        """Open or create the term base at path; None for an in-memory one."""
        return cls(store.open_database(path))

    def close(self) -> None:
        """Close the database connection."""
        self.db.conn.close()

    # -- finding terms -------------------------------------------------------

    def _find_terms(self, query: str, limit: int) -> list[tuple[int, str]]:
        key = term_key(query)
        if not key:
            return []
        found: dict[int, str] = {}

        def take(sql: str, params: list[Any], how: str) -> None:
            for row in self.db.query(sql, params):
                if len(found) < limit:
                    found.setdefault(row["id"], how)

        take("SELECT id FROM terms WHERE key = ?", [key], "exact")
        take("SELECT term_id AS id FROM aliases WHERE key = ?", [key], "alias")
        take("SELECT id FROM terms WHERE numkey = ?", [numeral_key(query)], "numeral")
        pattern = _like_escape(key)
        order = "ORDER BY length(key), key LIMIT ?"
        take(f"SELECT id FROM terms WHERE key LIKE ? ESCAPE '\\' {order}", [pattern + "%", limit], "prefix")
        take(f"SELECT id FROM terms WHERE key LIKE ? ESCAPE '\\' {order}", ["%" + pattern + "%", limit], "substring")
        return list(found.items())

    # -- building results ----------------------------------------------------

    def _source(self, document_id: int | None, line: int | None) -> Source:
        if document_id is None:
            return Source(file="", title="", region=None, date=None, line=line)
        row = next(self.db.query(
            "SELECT d.id, d.title, d.region, d.date, f.name FROM documents d JOIN files f ON f.id = d.file_id "
            "WHERE d.id = ?", [document_id]))
        return Source(file=row["name"], title=row["title"], region=row["region"], date=row["date"],
                      line=line, document_id=row["id"])

    def definitions(self, term_id: int) -> list[Definition]:
        """A term's definitions: most authoritative kind first, newest first within a kind."""
        rows = list(self.db.query(
            "SELECT def.*, d.date AS date FROM definitions def LEFT JOIN documents d ON d.id = def.document_id "
            "WHERE def.term_id = ?", [term_id]))
        rows.sort(key=lambda r: (KIND_RANK.get(r["kind"], 9), _negated_date(r["date"]), r["id"]))
        return [
            Definition(text=r["text"], kind=r["kind"], heading=r["heading"], pattern=r["pattern"],
                       confidence=r["confidence"] if r["confidence"] is not None else 1.0,
                       source=(self._source(r["document_id"], r["line"]) if r["document_id"] is not None
                               else Source(file="", title=r["source_name"] or "", region=None, date=None, line=None)))
            for r in rows
        ]

    def passages(self, term_id: int, limit: int | None = None) -> list[Passage]:
        """Each use of a term as a passage, newest document first, in reading order within it."""
        sql = (
            "SELECT o.start, o.end, p.text, p.line_map, o.document_id FROM occurrences o "
            "JOIN paragraphs p ON p.id = o.paragraph_id JOIN documents d ON d.id = o.document_id "
            "WHERE o.term_id = ? ORDER BY d.date DESC, d.id, p.seq, o.start"
        )
        params: list[Any] = [term_id]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        out = []
        for r in self.db.query(sql, params):
            text, start, end = passage(r["text"], r["start"], r["end"])
            out.append(Passage(text=text, start=start, end=end,
                               source=self._source(r["document_id"], _line_at(r["line_map"], r["start"]))))
        return out

    def text_passages(self, query: str, limit: int) -> list[Passage]:
        """Passages of running text that contain the query as written (no term needed)."""
        needle = query.strip()
        if not needle:
            return []
        out = []
        for r in self.db.query(
            "SELECT p.text, p.line_map, p.document_id FROM paragraphs p JOIN documents d ON d.id = p.document_id "
            "WHERE p.text LIKE ? ESCAPE '\\' ORDER BY d.date DESC, d.id, p.seq LIMIT ?",
            ["%" + _like_escape(needle) + "%", limit],
        ):
            start = r["text"].find(needle)
            text, s, e = passage(r["text"], start, start + len(needle))
            out.append(Passage(text=text, start=s, end=e, source=self._source(r["document_id"], _line_at(r["line_map"], start))))
        return out

    def lookup(self, query: str, limit: int = 10, passages: int | None = None) -> Lookup:
        """Terms matching query, best first, each with its definitions and the passages that use it."""
        results = []
        for term_id, how in self._find_terms(query, limit):
            row = self.db["terms"].get(term_id)
            count = self.db["occurrences"].count_where("term_id = ?", [term_id])
            results.append(Result(term=row["term"], match=how, occurrences=count, term_id=term_id,
                                  definitions=self.definitions(term_id),
                                  passages=self.passages(term_id, passages)))
        if not results:
            found = self.text_passages(query, passages or 50)
            if found:
                results.append(Result(term=query.strip(), match="text", occurrences=len(found), passages=found))
        return Lookup(query=query, results=results)

    def export_rows(self) -> list[dict[str, Any]]:
        """Every definition, a row each, in term order: term, definition, kind, file, title, region, date."""
        rows = []
        for r in self.db.query(
            "SELECT t.term, def.text, def.kind, def.source_name, f.name AS file, d.title, d.region, d.date "
            "FROM definitions def JOIN terms t ON t.id = def.term_id "
            "LEFT JOIN documents d ON d.id = def.document_id LEFT JOIN files f ON f.id = d.file_id "
            "ORDER BY t.key, def.kind, d.date DESC, def.id"
        ):
            rows.append({"term": r["term"], "definition": r["text"], "kind": r["kind"], "file": r["file"] or "",
                         "title": r["title"] or r["source_name"] or "", "region": r["region"] or "",
                         "date": r["date"] or ""})
        return rows

    def stats(self) -> dict[str, int]:
        """Counts for the about box and the CLI."""
        return {name: self.db[name].count for name in ("files", "documents", "terms", "definitions", "occurrences")}


def _negated_date(date: str | None) -> str:
    """Sort key that puts newer ISO dates first and undated last."""
    if not date:
        return "~"
    return "".join(chr(0x7F - ord(c)) if c.isdigit() else c for c in date)


def _line_at(line_map: str, offset: int) -> int | None:
    starts = json.loads(line_map) if line_map else []
    line = None
    for o, n in starts:
        if o <= offset:
            line = n
    return line
