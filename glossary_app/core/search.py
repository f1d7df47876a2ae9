"""Find what officials type: query folding, tiered term matching, and phrases in definitions and running text."""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from .searchindex import fold, fold_with_offsets, match_phrase
from .segment import Segmenter
from .termkey import term_key

# Match values, best first; the literal ones find the query as typed (or as its initials).
TIERS = ("exact", "prefix", "substring", "pinyin", "fuzzy", "definition", "text")
LITERAL = frozenset(TIERS[:4])
MAX_QUERY = 100  # folded characters searched: no term or phrase is longer, and long input stays cheap
FUZZY_MIN = 4  # one character in three is not a typo: 交办制 is a phrase, not a misspelt term
_PINYIN_RE = re.compile(r"^[a-z][a-z0-9]+$")
_WORD_SPLIT_RE = re.compile(r"[\s\u3000,，、;；.。:：!！?？/|()（）\[\]【】<>《》+&]+")


@dataclass(frozen=True)
class Query:
    """A query as the search sees it."""

    text: str  # as typed, stripped
    folded: str  # fold(text), at most MAX_QUERY characters
    pinyin: str  # the query as pinyin letters, or "" when it cannot be pinyin
    words: tuple[str, ...]  # folded pieces the user separated (spaces, punctuation)


def parse_query(text: str) -> Query:
    """Fold a query and note how else it can be read (as pinyin, as several words)."""
    folded = fold(text)[:MAX_QUERY]
    pinyin = folded if _PINYIN_RE.match(folded) else ""
    words = tuple(w for w in (fold(p)[:MAX_QUERY] for p in _WORD_SPLIT_RE.split(text[:4 * MAX_QUERY])) if w)
    return Query(text=text.strip(), folded=folded, pinyin=pinyin, words=words)


@dataclass(frozen=True)
class Use:
    """One use of a term or phrase: its paragraph, where in it, and which document."""

    document_id: int
    text: str
    start: int
    end: int
    line_map: str


@dataclass(frozen=True)
class DocumentInfo:
    """What a passage cites: a document's title, region, date and file."""

    id: int
    title: str
    region: str | None
    date: str | None
    file: str
    first_paragraph: int
    last_paragraph: int


class TermIndex:
    """An in-memory snapshot of the term keys (folded, pinyin), ranked, for lookups between keystrokes."""

    def __init__(self, rows: Iterable[dict[str, Any]], defined: set[int], uses: dict[int, int]):
        self.term_of: list[int] = []
        self.names: list[str] = []
        self.folds: list[str] = []
        pinyin: list[tuple[str, int]] = []
        for row in rows:
            entry = len(self.term_of)
            self.term_of.append(row["term_id"])
            self.names.append(row["name"])
            self.folds.append(row["fold"])
            for key in f"{row['initials'] or ''} {row['pinyin'] or ''}".split():
                pinyin.append((key, entry))
        # Within a tier: terms with a definition, then the more used, then alphabetical.
        self._rank = {t: (t not in defined, -uses.get(t, 0), t) for t in set(self.term_of)}
        self.by_fold: dict[str, list[int]] = {}
        for entry, key in enumerate(self.folds):
            self.by_fold.setdefault(key, []).append(entry)
        # Prefix and substring matches go shortest first, so each length has its own
        # sorted list (prefix, by bisect) and text (substring, by str.find).
        by_length: dict[int, list[tuple[str, int]]] = {}
        for entry, key in enumerate(self.folds):
            by_length.setdefault(len(key), []).append((key, entry))
        self.lengths = sorted(by_length)
        self._sorted = {n: sorted(v) for n, v in by_length.items()}
        self._sorted_keys = {n: [k for k, _ in v] for n, v in self._sorted.items()}
        self._blobs = {n: "\n".join(k for k, _ in v) + "\n" for n, v in self._sorted.items()}
        pinyin.sort()
        self._pinyin_keys = [k for k, _ in pinyin]
        self._pinyin_entries = [e for _, e in pinyin]

    @classmethod
    def load(cls, db: Database) -> TermIndex:
        """Read the snapshot from the search_terms table."""
        rows = db.query("SELECT term_id, name, fold, initials, pinyin FROM search_terms ORDER BY rowid")
        defined = {r[0] for r in db.execute("SELECT DISTINCT term_id FROM definitions")}
        uses = dict(db.execute("SELECT term_id, count(*) FROM occurrences GROUP BY term_id").fetchall())
        return cls(rows, defined, uses)

    def rank(self, term_id: int) -> tuple[bool, int, int]:
        """How a term ranks among others of its tier."""
        return self._rank.get(term_id, (True, 0, term_id))

    def exact(self, query: Query) -> list[int]:
        """Terms whose key, alias key or folded key is the query; the one written as typed first."""
        key = term_key(query.text)
        entries = self.by_fold.get(query.folded, [])
        ordered = sorted(entries, key=lambda e: (self.names[e] != key, self.rank(self.term_of[e])))
        return self._terms(ordered)

    def prefix(self, query: Query, limit: int, skip: set[int]) -> list[int]:
        """Terms whose key starts with the query, shortest first."""
        def within(n: int) -> list[int]:
            keys = self._sorted_keys[n]
            lo = bisect.bisect_left(keys, query.folded)
            hi = bisect.bisect_left(keys, query.folded + "\U0010ffff")
            return [e for _, e in self._sorted[n][lo:hi]]
        return self._by_length(len(query.folded) + 1, within, limit, skip)

    def substring(self, query: Query, limit: int, skip: set[int]) -> list[int]:
        """Terms whose key holds the query elsewhere than at its start, shortest first."""
        def within(n: int) -> list[int]:
            blob, found, at = self._blobs[n], [], self._blobs[n].find(query.folded)
            while at >= 0:
                found.append(self._sorted[n][at // (n + 1)][1])
                at = blob.find(query.folded, at + 1)
            return found
        return self._by_length(len(query.folded) + 1, within, limit, skip)

    def pinyin(self, query: Query, limit: int, skip: set[int]) -> list[int]:
        """Terms whose pinyin initials or full pinyin are the query, then those they start with."""
        if not query.pinyin:
            return []
        lo = bisect.bisect_left(self._pinyin_keys, query.pinyin)
        mid = bisect.bisect_right(self._pinyin_keys, query.pinyin)
        hi = bisect.bisect_left(self._pinyin_keys, query.pinyin + "~")
        out: list[int] = []
        for part in (self._pinyin_entries[lo:mid], self._pinyin_entries[mid:hi]):
            ranked = sorted(set(part), key=lambda e: (len(self.folds[e]), self.rank(self.term_of[e])))
            out += [t for t in self._terms(ranked) if t not in skip and t not in out]
        return out[:limit]

    def fuzzy(self, query: Query, limit: int, skip: set[int]) -> list[int]:
        """Terms one wrong, missing or extra character away from the query."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if len(query.folded) < FUZZY_MIN:
            return []
        found = process.extract(query.folded, self.folds, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
        ranked = sorted(found, key=lambda m: (m[1], abs(len(m[0]) - len(query.folded)), self.rank(self.term_of[m[2]])))
        return [t for t in self._terms(e for _, _, e in ranked) if t not in skip][:limit]

    def _by_length(self, first: int, within: Callable[[int], list[int]], limit: int, skip: set[int]) -> list[int]:
        out: list[int] = []
        for n in self.lengths[bisect.bisect_left(self.lengths, first):]:
            entries = within(n)
            best = heapq.nsmallest(limit + len(skip), set(entries), key=lambda e: self.rank(self.term_of[e]))
            out += [t for t in self._terms(best) if t not in skip and t not in out]
            if len(out) >= limit:
                break
        return out[:limit]

    def _terms(self, entries: Iterable[int]) -> list[int]:
        return list(dict.fromkeys(self.term_of[e] for e in entries))


class Searcher:
    """Search over one term base; the snapshots it keeps are reloaded when the database changes."""

    def __init__(self, db: Database, segmenter: Segmenter | None = None):
        self.db = db
        self.segmenter = segmenter or Segmenter(self._words)
        self._stamp: tuple[int, int] | None = None
        self._terms: TermIndex | None = None
        self._documents: dict[int, DocumentInfo] | None = None
        self._doc_order: dict[int, tuple[bool, str, int]] = {}
        self._doc_starts: list[int] = []
        self._doc_ids: list[int] = []

    # -- snapshots -------------------------------------------------------------

    def _current(self) -> None:
        # data_version moves when another connection commits, total_changes when this one writes.
        stamp = (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.conn.total_changes)
        if stamp != self._stamp:
            self._stamp, self._terms, self._documents = stamp, None, None

    def terms(self) -> TermIndex:
        """The term snapshot, loaded on first use."""
        self._current()
        if self._terms is None:
            self._terms = TermIndex.load(self.db)
        return self._terms

    def documents(self) -> dict[int, DocumentInfo]:
        """Every document's citation and paragraph range, loaded on first use."""
        self._current()
        if self._documents is None:
            docs = {}
            for r in self.db.query(
                "SELECT d.id, d.title, d.region, d.date, f.name, min(p.id) AS lo, max(p.id) AS hi "
                "FROM documents d JOIN files f ON f.id = d.file_id LEFT JOIN paragraphs p ON p.document_id = d.id "
                "GROUP BY d.id"
            ):
                docs[r["id"]] = DocumentInfo(r["id"], r["title"], r["region"], r["date"], r["name"],
                                             r["lo"] or 0, r["hi"] or -1)
            self._doc_order = {d.id: (d.date is None, _negated(d.date), d.id) for d in docs.values()}
            spans = sorted((d.first_paragraph, d.id) for d in docs.values() if d.last_paragraph >= 0)
            self._doc_starts = [s for s, _ in spans]
            self._doc_ids = [i for _, i in spans]
            self._documents = docs
        return self._documents

    def warm_up(self) -> None:
        """Load the snapshots and start jieba, so that no later lookup waits for them (call off the GUI thread)."""
        self.terms()
        self.documents()
        self.segmenter.cut("预热")

    def _words(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT term FROM terms")]

    # -- terms -----------------------------------------------------------------

    def find_terms(self, query: Query | str, limit: int) -> list[tuple[int, str]]:
        """(term id, match) for the best terms, best first: literal tiers, else typos and definitions."""
        query = parse_query(query) if isinstance(query, str) else query
        if not query.folded or limit <= 0:
            return []
        index = self.terms()
        found: dict[int, str] = {}

        def take(tier: str, term_ids: Sequence[int]) -> None:
            for t in term_ids:
                if len(found) < limit:
                    found.setdefault(t, tier)

        take("exact", index.exact(query))
        for tier in ("prefix", "substring", "pinyin"):
            if len(found) < limit:
                take(tier, getattr(index, tier)(query, limit - len(found), set(found)))
        if found:
            return list(found.items())
        take("fuzzy", index.fuzzy(query, limit, set(found)))
        if len(found) < limit:
            # A typo found is no reason to start jieba for the words of the query.
            take("definition", self.defined_with(query, limit - len(found), set(found), loose=not found))
        return list(found.items())

    def defined_with(self, query: Query, limit: int, skip: set[int], loose: bool = True) -> list[int]:
        """Terms whose definitions hold the query (or, loose, all of its words): reverse lookup."""
        if len(query.folded) < 2:
            return []
        index = self.terms()
        counts: dict[int, int] = {}
        for expression, _ in self._expressions(query, loose):
            for term_id, n in self.db.execute(
                "SELECT d.term_id, count(*) FROM search_definitions f JOIN definitions d ON d.id = f.rowid "
                "WHERE search_definitions MATCH ? GROUP BY d.term_id", [expression]
            ):
                counts[term_id] = n
            if counts:
                break
        ranked = heapq.nsmallest(limit + len(skip), counts, key=lambda t: (-counts[t], index.rank(t)))
        return [t for t in ranked if t not in skip][:limit]

    def _expressions(self, query: Query, loose: bool) -> Iterator[tuple[str, tuple[str, ...]]]:
        """(FTS query, what to mark) for the query as one phrase, then, loose, when the caller goes on
        because the phrase is not found, for all of its words (jieba's when the user gave none)."""
        yield match_phrase(query.folded), (query.folded,)
        if not loose:
            return
        words = list(query.words)
        if len(words) < 2 and len(query.folded) >= 4:
            words = [w for w in (fold(p) for p in self.segmenter.cut(query.text[:4 * MAX_QUERY])) if len(w) >= 2]
        words = list(dict.fromkeys(words))
        if len(words) >= 2:
            yield " AND ".join(match_phrase(w) for w in words), tuple(words)

    def term_uses(self, term_id: int, limit: int | None) -> tuple[int, list[Use]]:
        """How often a term is used, and its first uses: newest document first, in reading order within it."""
        self.documents()
        per_doc = self.db.execute(
            "SELECT document_id, count(*) FROM occurrences WHERE term_id = ? GROUP BY document_id", [term_id]
        ).fetchall()
        total = sum(n for _, n in per_doc)
        uses: list[Use] = []
        for doc_id, _ in sorted(per_doc, key=lambda r: self._doc_order.get(r[0], (True, "", r[0]))):
            if limit is not None and len(uses) >= limit:
                break
            sql = ("SELECT o.start, o.end, p.text, p.line_map FROM occurrences o JOIN paragraphs p "
                   "ON p.id = o.paragraph_id WHERE o.term_id = ? AND o.document_id = ? ORDER BY p.seq, o.start")
            params: list[Any] = [term_id, doc_id]
            if limit is not None:
                sql += " LIMIT ?"
                params.append(limit - len(uses))
            uses += [Use(doc_id, text, start, end, line_map)
                     for start, end, text, line_map in self.db.execute(sql, params)]
        return total, uses

    # -- running text ------------------------------------------------------------

    def text_uses(self, query: Query | str, limit: int, loose: bool = True) -> tuple[int, list[Use]]:
        """How many paragraphs hold the query (or, loose, all of its words), and the first of them:
        newest document first, in reading order."""
        query = parse_query(query) if isinstance(query, str) else query
        if not query.folded:
            return 0, []
        self.documents()
        rowids: list[int] = []
        needles: tuple[str, ...] = ()
        for expression, needles in self._expressions(query, loose):
            rowids = [r[0] for r in self.db.execute(
                "SELECT rowid FROM search_paragraphs WHERE search_paragraphs MATCH ?", [expression])]
            if rowids:
                break
        by_doc: dict[int, list[int]] = {}
        starts, ids, i = self._doc_starts, self._doc_ids, 0
        for rowid in rowids:  # both ascending: walk the documents' paragraph ranges alongside
            while i + 1 < len(starts) and starts[i + 1] <= rowid:
                i += 1
            if ids:
                by_doc.setdefault(ids[i], []).append(rowid)
        chosen: list[int] = []
        for doc_id in sorted(by_doc, key=lambda d: self._doc_order[d]):
            chosen += by_doc[doc_id][: limit - len(chosen)]
            if len(chosen) >= limit:
                break
        rows = {r[0]: r for r in self.db.execute(
            f"SELECT id, document_id, text, line_map FROM paragraphs WHERE id IN ({','.join('?' * len(chosen))})",
            chosen)} if chosen else {}
        uses = []
        for rowid in chosen:
            if rowid in rows:
                _, doc_id, text, line_map = rows[rowid]
                start, end = locate(text, needles)
                uses.append(Use(doc_id, text, start, end, line_map))
        return len(rowids), uses


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
