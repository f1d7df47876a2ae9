"""Uses of a term or a phrase in the reports: how many, and the first ones, newest document first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from .searchkey import fold_with_offsets


@dataclass(frozen=True)
class Use:
    """One use: its paragraph's text and line map, where in it, and which document."""

    document_id: int
    text: str
    start: int
    end: int
    line_map: str


@dataclass(frozen=True)
class DocumentInfo:
    """What a passage cites: a document's title, region, date and file, and its paragraph ids."""

    id: int
    title: str
    region: str | None
    date: str | None
    file: str
    first_paragraph: int
    last_paragraph: int


class Documents:
    """Every document's citation, held in memory: a lookup cites up to a hundred of them."""

    def __init__(self, db: Database):
        self.by_id: dict[int, DocumentInfo] = {}
        for r in db.execute(
            "SELECT d.id, d.title, d.region, d.date, f.name, min(p.id), max(p.id) FROM documents d "
            "JOIN files f ON f.id = d.file_id LEFT JOIN paragraphs p ON p.document_id = d.id GROUP BY d.id"
        ):
            self.by_id[r[0]] = DocumentInfo(r[0], r[1] or "", r[2], r[3], r[4], r[5] or 0, r[6] or -1)
        # Newest first, undated last; then in the order they were read.
        self.order = {d.id: (d.date is None, _negated(d.date), d.id) for d in self.by_id.values()}
        # A document's paragraphs are stored together, so their ids are one run.
        spans = sorted((d.first_paragraph, d.id) for d in self.by_id.values() if d.last_paragraph >= 0)
        self._starts = [s for s, _ in spans]
        self._ids = [i for _, i in spans]
        self.newest_first = sorted((i for _, i in spans), key=self.order.__getitem__)

    def group(self, paragraph_ids: Iterable[int]) -> dict[int, list[int]]:
        """Ascending paragraph ids by document."""
        by_doc: dict[int, list[int]] = {}
        starts, ids, i = self._starts, self._ids, 0
        for pid in paragraph_ids:  # both ascending: walk the runs alongside
            while i + 1 < len(starts) and starts[i + 1] <= pid:
                i += 1
            if ids:
                by_doc.setdefault(ids[i], []).append(pid)
        return by_doc


def term_uses(db: Database, docs: Documents, term_id: int, limit: int | None) -> tuple[int, list[Use]]:
    """How often a term is used, and its first uses (None: all) in reading order within each document."""
    per_doc = db.execute(
        "SELECT document_id, count(*) FROM occurrences WHERE term_id = ? GROUP BY document_id", [term_id]
    ).fetchall()
    # The newest documents that hold the first `limit` uses, then their uses in one query.
    chosen, enough = [], 0
    for doc_id, n in sorted(per_doc, key=lambda r: docs.order.get(r[0], (True, "", r[0]))):
        if limit is not None and enough >= limit:
            break
        chosen.append(doc_id)
        enough += n
    rank = {doc_id: i for i, doc_id in enumerate(chosen)}
    rows = db.execute(
        "SELECT o.document_id, p.seq, o.start, o.end, p.text, p.line_map FROM occurrences o "
        f"JOIN paragraphs p ON p.id = o.paragraph_id WHERE o.term_id = ? AND o.document_id IN "
        f"({','.join('?' * len(chosen))})", [term_id, *chosen]).fetchall() if chosen else []
    rows.sort(key=lambda r: (rank[r[0]], r[1], r[2]))
    uses = [Use(doc_id, text, start, end, line_map) for doc_id, _, start, end, text, line_map in rows[:limit]]
    return sum(n for _, n in per_doc), uses


# Above this many paragraphs, the first ones are found document by document, newest first,
# rather than by sorting every match: a common phrase is in the newest documents too.
_WALK_ABOVE = 2000


def text_uses(db: Database, docs: Documents, expression: str, needles: tuple[str, ...],
              limit: int) -> tuple[int, list[Use]]:
    """How many paragraphs match an FTS expression, and the first of them with the first needle marked."""
    match = "SELECT {} FROM search_paragraphs WHERE search_paragraphs MATCH ?"
    matched = [r[0] for r in db.execute(match.format("rowid") + " LIMIT ?", [expression, _WALK_ABOVE + 1])]
    count = len(matched)
    chosen: list[int] = []
    if count <= _WALK_ABOVE:
        by_doc = docs.group(matched)
        for doc_id in sorted(by_doc, key=docs.order.__getitem__):
            chosen += by_doc[doc_id][: limit - len(chosen)]
            if len(chosen) >= limit:
                break
    else:
        count = db.execute(match.format("count(*)"), [expression]).fetchone()[0]
        within = match.format("rowid") + " AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?"
        for doc_id in docs.newest_first:
            if len(chosen) >= limit:
                break
            doc = docs.by_id[doc_id]
            chosen += [r[0] for r in db.execute(
                within, [expression, doc.first_paragraph, doc.last_paragraph, limit - len(chosen)])]
    rows = {r[0]: r for r in db.execute(
        f"SELECT id, document_id, text, line_map FROM paragraphs WHERE id IN ({','.join('?' * len(chosen))})",
        chosen)} if chosen else {}
    uses = []
    for pid in chosen:
        if pid in rows:  # a paragraph deleted since the index last caught up is left out
            _, doc_id, text, line_map = rows[pid]
            start, end = locate(text, needles)
            uses.append(Use(doc_id, text, start, end, line_map))
    return count, uses


def locate(text: str, needles: Iterable[str]) -> tuple[int, int]:
    """Where in text the first of the folded needles it holds stands, as offsets into text."""
    folded, offsets = fold_with_offsets(text)
    for needle in needles:
        at = folded.find(needle) if needle else -1
        if at >= 0:
            return offsets[at], offsets[at + len(needle) - 1] + 1
    return 0, 0


def _negated(date: str | None) -> str:
    """Sort key that puts newer ISO dates first."""
    return "".join(chr(0x7F - ord(c)) if c.isdigit() else c for c in date or "")
