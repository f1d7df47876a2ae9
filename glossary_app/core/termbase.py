"""The term base as the CLI and the GUI see it: open a database, look terms up."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from . import store
from .passages import passage
from .segment import Segmenter
from .search import Searcher
from .textsearch import Use

KIND_RANK = {"glossary": 0, "inline": 1, "reference": 2}
PASSAGE_CAP = 20  # passages a lookup shows per result by default; Result.occurrences still counts them all


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
    # Definitions of one term that say the same thing share a variant number;
    # a term whose report definitions fall into several variants is defined
    # differently in different places.
    variant: int = 0


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
    match: str  # exact | prefix | substring | pinyin | fuzzy | definition | text (search.TIERS)
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


class TermBase:
    """A term base on disk (or in memory, for tests)."""

    def __init__(self, db: Database, segmenter: Segmenter | None = None):
        """segmenter: a jieba segmenter shared between threads (the GUI starts one in the background)."""
        self.db = db
        self.search = Searcher(db, segmenter=segmenter)

    @classmethod
    def open(cls, path: Path | str | None, segmenter: Segmenter | None = None) -> TermBase:
        """Open or create the term base at path; None for an in-memory one."""
        return cls(store.open_database(path), segmenter)

    def close(self) -> None:
        """Close the database connection."""
        self.db.conn.close()

    # -- building results ----------------------------------------------------

    def _source(self, document_id: int | None, line: int | None) -> Source:
        doc = self.search.document(document_id) if document_id is not None else None
        if doc is None:
            return Source(file="", title="", region=None, date=None, line=line)
        return Source(file=doc.file, title=doc.title, region=doc.region, date=doc.date, line=line, document_id=doc.id)

    def _passage(self, use: Use) -> Passage:
        text, start, end = passage(use.text, use.start, use.end)
        source = self._source(use.document_id, _line_at(use.line_map, use.start))
        return Passage(text=text, start=start, end=end, source=source)

    def definitions(self, term_id: int) -> list[Definition]:
        """A term's definitions: most authoritative kind first, newest first within a kind."""
        rows = list(self.db.query(
            "SELECT def.*, d.date AS date FROM definitions def LEFT JOIN documents d ON d.id = def.document_id "
            "WHERE def.term_id = ?", [term_id]))
        rows.sort(key=lambda r: (KIND_RANK.get(r["kind"], 9), _negated_date(r["date"]), r["id"]))
        variants = definition_variants([r["text"] for r in rows])
        return [
            Definition(text=r["text"], kind=r["kind"], heading=r["heading"], pattern=r["pattern"],
                       confidence=r["confidence"] if r["confidence"] is not None else 1.0, variant=variant,
                       source=(self._source(r["document_id"], r["line"]) if r["document_id"] is not None
                               else Source(file="", title=r["source_name"] or "", region=None, date=None, line=None)))
            for r, variant in zip(rows, variants)
        ]

    def lookup(self, query: str, limit: int = 10, passages: int | None = PASSAGE_CAP) -> Lookup:
        """Terms matching query, best first, each with its definitions and first passages (None: all);
        when no term is found as typed, the running text that holds the query comes last."""
        found = self.search.lookup(query, limit, passages if passages is not None else 50)
        results = []
        for term_id, how in found.terms:
            term = self.db.execute("SELECT term FROM terms WHERE id = ?", [term_id]).fetchone()[0]
            count, uses = self.search.term_uses(term_id, passages)
            results.append(Result(term=term, match=how, occurrences=count, term_id=term_id,
                                  definitions=self.definitions(term_id), passages=[self._passage(u) for u in uses]))
        if found.text_uses:
            results.append(Result(term=query.strip(), match="text", occurrences=found.text_count,
                                  passages=[self._passage(u) for u in found.text_uses]))
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


_FILLER_RE = re.compile(r"^(?:即|是指|指|是)|[\s，。；、：,.;:“”‘’（）()]")


def definition_variants(texts: list[str], threshold: float = 55.0) -> list[int]:
    """Group definitions that say the same thing; the first text is variant 0."""
    from rapidfuzz import fuzz

    keys = [_FILLER_RE.sub("", t) for t in texts]
    heads: list[str] = []
    out = []
    for key in keys:
        for i, head in enumerate(heads):
            if fuzz.ratio(key, head) >= threshold or (key and head and (key in head or head in key)):
                out.append(i)
                break
        else:
            heads.append(key)
            out.append(len(heads) - 1)
    return out


def disagreeing(definitions: list[Definition]) -> bool:
    """Whether the reports define a term in more than one way (reference texts aside)."""
    return len({d.variant for d in definitions if d.kind != "reference"}) > 1


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
