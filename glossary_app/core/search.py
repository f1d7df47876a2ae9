"""Find what officials type: tiered term matching, then phrases in definitions and running text."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from .searchkey import drop_surrogates, fold, match_phrase
from .segment import Segmenter
from .termkey import term_key
from .textsearch import DocumentInfo, Documents, Use, term_uses, text_uses

# Match values, best first; the literal ones find the query as typed (or its pinyin).
TIERS = ("exact", "prefix", "substring", "pinyin", "fuzzy", "definition", "text")
LITERAL = frozenset(TIERS[:4])
MAX_QUERY = 100  # folded characters searched: no term or phrase is longer, and long input stays cheap
FUZZY_MIN = 4  # one character in three is no typo: 交办制 is a phrase, not a misspelt term
_MANY = 2000  # keys starting with a query that are ranked in one go
_PINYIN_RE = re.compile(r"^[a-z][a-z0-9]+$")
_WORD_SPLIT_RE = re.compile(r"[\s\u3000,，、;；.。:：!！?？/|()（）\[\]【】<>《》+&]+")
# Within a tier: terms with a definition first, then the most used.
_RANK = "coalesce(r.defined, 0) DESC, coalesce(r.uses, 0) DESC, s.term_id"
_RANKED = "FROM search_terms s LEFT JOIN search_rank r ON r.term_id = s.term_id"


@dataclass(frozen=True)
class Query:
    """A query as the search sees it."""

    text: str  # as typed, stripped
    folded: str  # searchkey.fold(text), at most MAX_QUERY characters
    pinyin: str  # the query as pinyin letters, or "" when it cannot be pinyin
    words: tuple[str, ...]  # folded pieces the user separated (spaces, punctuation)


def parse_query(text: str) -> Query:
    """Fold a query and note how else it can be read (as pinyin, as several words)."""
    text = drop_surrogates(text[: 4 * MAX_QUERY])
    folded = fold(text)[:MAX_QUERY]
    words = tuple(dict.fromkeys(w for w in (fold(p)[:MAX_QUERY] for p in _WORD_SPLIT_RE.split(text)) if w))
    return Query(text=text.strip(), folded=folded, pinyin=folded if _PINYIN_RE.match(folded) else "", words=words)


@dataclass(frozen=True)
class Found:
    """What a lookup found: terms with how each matched, and the running text that holds the query."""

    terms: list[tuple[int, str]]
    text_count: int = 0  # paragraphs holding the query (match "text")
    text_uses: tuple[Use, ...] = ()


class _Keys:
    """Every term key in memory, for rapidfuzz: typos have no index to look them up by."""

    def __init__(self, db: Database):
        rows = db.execute("SELECT fold, term_id FROM search_terms").fetchall()
        self.folds = [r[0] for r in rows]
        self.term_of = [r[1] for r in rows]

    def fuzzy(self, needle: str) -> dict[int, tuple[int, int]]:
        """Terms one wrong, missing or extra character from needle: term id → (changes, length difference)."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        found: dict[int, tuple[int, int]] = {}
        for key, changes, i in process.extract(needle, self.folds, scorer=Levenshtein.distance, score_cutoff=1,
                                               limit=None):
            distance = (changes, abs(len(key) - len(needle)))
            found[self.term_of[i]] = min(distance, found.get(self.term_of[i], distance))
        return found


class _Hits:
    """Terms found so far, each with the first tier that found it, up to a limit."""

    def __init__(self, limit: int):
        self.limit = limit
        self.found: dict[int, str] = {}

    def take(self, tier: str, term_ids: Iterable[int]) -> None:
        for t in term_ids:
            if len(self.found) < self.limit:
                self.found.setdefault(t, tier)

    @property
    def full(self) -> bool:
        return len(self.found) >= self.limit

    @property
    def room(self) -> int:
        return self.limit - len(self.found)

    @property
    def skip(self) -> set[int]:
        return set(self.found)


class Searcher:
    """Search over one term base; what it holds in memory is loaded again when the database changes."""

    def __init__(self, db: Database, segmenter: Segmenter | None = None):
        self.db = db
        self.segmenter = segmenter or Segmenter(lambda: [r[0] for r in db.execute("SELECT term FROM terms")])
        self._stamp: tuple[int, int] | None = None
        self._keys: _Keys | None = None
        self._documents: Documents | None = None

    def _current(self) -> None:
        # data_version moves when another connection commits, total_changes when this one writes.
        stamp = (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.conn.total_changes)
        if stamp != self._stamp:
            self._stamp, self._keys, self._documents = stamp, None, None

    def keys(self) -> _Keys:
        """Term keys in memory, loaded on first use."""
        self._current()
        if self._keys is None:
            self._keys = _Keys(self.db)
        return self._keys

    def documents(self) -> Documents:
        """Document citations in memory, loaded on first use."""
        self._current()
        if self._documents is None:
            self._documents = Documents(self.db)
        return self._documents

    def document(self, document_id: int) -> DocumentInfo | None:
        """One document's citation. Documents never change once stored (a new version is a new
        document), so only one not held yet calls for a reload."""
        docs = self._documents
        if docs is None or document_id not in docs.by_id:
            self._stamp = None
            docs = self.documents()
        return docs.by_id.get(document_id)

    def warm_up(self) -> None:
        """Load what lookups hold in memory and start jieba, so that no lookup waits (call it off the GUI thread)."""
        self.keys()
        self.documents()
        self.segmenter.cut("预热")

    # -- the tiers ---------------------------------------------------------------

    def exact(self, query: Query) -> list[int]:
        """Terms whose key, alias or folded key (numerals, width, traditional characters) is the query."""
        rows = self.db.execute(f"SELECT s.term_id {_RANKED} WHERE s.length = ? AND s.fold = ? ORDER BY s.name != ?, "
                               f"{_RANK}", [len(query.folded), query.folded, term_key(query.text)])
        return list(dict.fromkeys(r[0] for r in rows))

    def prefix(self, query: Query, limit: int, skip: set[int]) -> list[int]:
        """Terms whose key starts with the query, shortest first."""
        bounds = [query.folded, query.folded + "\U0010ffff"]
        many = self.db.execute("SELECT count(*) FROM (SELECT 1 FROM search_terms WHERE fold > ? AND fold < ? "
                               "LIMIT ?)", [*bounds, _MANY]).fetchone()[0]
        if many < _MANY:  # the usual case: rank the few keys that start so, in one query
            rows = self.db.execute(f"SELECT s.term_id {_RANKED} WHERE s.fold > ? AND s.fold < ? "
                                   f"ORDER BY s.length, {_RANK} LIMIT ?", [*bounds, limit + len(skip)])
            return [t for t in dict.fromkeys(r[0] for r in rows) if t not in skip][:limit]
        out: list[int] = []  # one or two characters that start thousands of keys: the shortest, length by length
        n = len(query.folded)
        while len(out) < limit:
            n = self.db.execute("SELECT min(length) FROM search_terms WHERE length > ?", [n]).fetchone()[0]
            if n is None:
                break
            rows = self.db.execute(
                f"SELECT s.term_id {_RANKED} WHERE s.length = ? AND s.fold > ? AND s.fold < ? ORDER BY {_RANK} LIMIT ?",
                [n, *bounds, limit + len(skip) + len(out)])
            out += [t for t in dict.fromkeys(r[0] for r in rows) if t not in skip and t not in out]
        return out[:limit]

    def substring(self, query: Query, limit: int, skip: set[int]) -> list[int]:
        """Terms whose key holds the query (after its first character: else it is a prefix), shortest first."""
        rows = self.db.execute(
            f"SELECT s.term_id {_RANKED} JOIN search_terms_fts f ON f.rowid = s.id WHERE search_terms_fts MATCH ? "
            f"AND s.length > ? ORDER BY s.length, {_RANK} LIMIT ?",
            [match_phrase(query.folded), len(query.folded), limit + len(skip)])
        return [t for t in dict.fromkeys(r[0] for r in rows) if t not in skip][:limit]

    def fuzzy(self, query: Query, limit: int, skip: set[int]) -> list[int]:
        """Terms one wrong, missing or extra character from the query: fewest changes, closest length, then rank."""
        found = self.keys().fuzzy(query.folded)
        for t in skip:
            found.pop(t, None)
        ranks = self._ranks(found)
        return heapq.nsmallest(limit, found, key=lambda t: (found[t], ranks.get(t, (0, 0)), t))

    def _ranks(self, term_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        ids = list(term_ids)[:5000]
        return {r[0]: (-r[1], -r[2]) for r in self.db.execute(
            f"SELECT term_id, defined, uses FROM search_rank WHERE term_id IN ({','.join('?' * len(ids))})", ids)}

    def pinyin(self, query: Query, limit: int, skip: set[int]) -> list[int]:
        """Terms whose pinyin initials or full pinyin are the query, then those they start with."""
        if not query.pinyin:
            return []
        out: list[int] = []
        for where in ("p.key = ?", "p.key > ? AND p.key < ? || '~'"):
            rows = self.db.execute(
                f"SELECT s.term_id FROM search_pinyin p JOIN search_terms s ON s.id = p.entry "
                f"LEFT JOIN search_rank r ON r.term_id = s.term_id WHERE {where} ORDER BY s.length, {_RANK} LIMIT ?",
                [query.pinyin] * where.count("?") + [limit + len(skip) + len(out)])
            out += [t for t in dict.fromkeys(r[0] for r in rows) if t not in skip and t not in out]
        return out[:limit]

    def defined_with(self, expression: str, limit: int, skip: set[int]) -> list[int]:
        """Terms whose definitions match an FTS expression, those with most such definitions first."""
        counts = dict(self.db.execute(
            "SELECT d.term_id, count(*) FROM search_definitions f JOIN definitions d ON d.id = f.rowid "
            "WHERE search_definitions MATCH ? GROUP BY d.term_id", [expression]).fetchall())
        ranks = self._ranks(heapq.nsmallest(5000, counts, key=lambda t: -counts[t])) if counts else {}
        ranked = heapq.nsmallest(limit + len(skip), counts, key=lambda t: (-counts[t], ranks.get(t, (0, 0)), t))
        return [t for t in ranked if t not in skip][:limit]

    # -- putting them together ------------------------------------------------------

    def lookup(self, query: Query | str, limit: int, passages: int = 20, text: bool = True) -> Found:
        """Literal tiers; when they find nothing, typos and definitions, and the running text (text=True)."""
        query = parse_query(query) if isinstance(query, str) else query
        hits = _Hits(limit)
        if not query.folded or limit <= 0:
            return Found([])
        hits.take("exact", self.exact(query))
        for tier in ("prefix", "substring", "pinyin"):
            if not hits.full:
                hits.take(tier, getattr(self, tier)(query, hits.room, hits.skip))
        if hits.found:
            return Found(list(hits.found.items()))
        if len(query.folded) >= FUZZY_MIN:
            hits.take("fuzzy", self.fuzzy(query, limit, hits.skip))
        # The query as a phrase, in definitions and in the text; only when that finds
        # nothing at all, its words (and so jieba, for a query typed without spaces).
        count, uses = self._phrase(query, match_phrase(query.folded), (query.folded,), hits, passages, text)
        if not hits.found and not uses:
            words = self._words(query)
            if len(words) >= 2:
                for word in words:  # 五制一平台是什么, 四上企业 五制一平台: the terms it names
                    hits.take("exact", self.exact(Query(word, word, "", ())))
                expression = " AND ".join(match_phrase(w) for w in words)
                count, uses = self._phrase(query, expression, words, hits, passages, text)
        return Found(list(hits.found.items()), count, tuple(uses))

    def _phrase(self, query: Query, expression: str, needles: tuple[str, ...], hits: _Hits, passages: int,
                text: bool) -> tuple[int, list[Use]]:
        """Definitions, then paragraphs, that match an FTS expression."""
        if len(query.folded) >= 2 and not hits.full:
            hits.take("definition", self.defined_with(expression, hits.room, hits.skip))
        if text and not hits.full:
            return text_uses(self.db, self.documents(), expression, needles, passages)
        return 0, []

    def _words(self, query: Query) -> tuple[str, ...]:
        """The words of a query: as the user separated them, else as jieba cuts it."""
        if len(query.words) >= 2 or len(query.folded) < 4:
            return query.words
        return tuple(dict.fromkeys(w for w in (fold(p) for p in self.segmenter.cut(query.text)) if len(w) >= 2))

    def term_uses(self, term_id: int, limit: int | None) -> tuple[int, list[Use]]:
        """How often a term is used, and its first uses (None: all), newest document first."""
        return term_uses(self.db, self.documents(), term_id, limit)

    def text_uses(self, query: Query | str, limit: int) -> tuple[int, list[Use]]:
        """How many paragraphs hold the query as a phrase, and the first of them, newest document first."""
        query = parse_query(query) if isinstance(query, str) else query
        if not query.folded:
            return 0, []
        return text_uses(self.db, self.documents(), match_phrase(query.folded), (query.folded,), limit)
