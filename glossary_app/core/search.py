"""Find what officials type: tiered term matching, then phrases in definitions and running text."""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from .searchkey import drop_surrogates, fold, match_phrase
from .segment import Segmenter
from .termkey import term_key
from .textsearch import Documents, Use, term_uses, text_uses

# Match values, best first; the literal ones find the query as typed (or its pinyin).
TIERS = ("exact", "prefix", "substring", "pinyin", "fuzzy", "definition", "text")
LITERAL = frozenset(TIERS[:4])
MAX_QUERY = 100  # folded characters searched: no term or phrase is longer, and long input stays cheap
FUZZY_MIN = 4  # one character in three is no typo: 交办制 is a phrase, not a misspelt term
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
    """Term keys in memory, for the tiers SQL indexes cannot serve: substring and typos."""

    def __init__(self, db: Database):
        rows = db.execute("SELECT s.length, s.fold, s.term_id, coalesce(r.defined, 0), coalesce(r.uses, 0) "
                          f"{_RANKED} ORDER BY s.length, s.fold").fetchall()
        self.folds = [r[1] for r in rows]
        self.term_of = [r[2] for r in rows]
        self.rank = {r[2]: (-r[3], -r[4], r[2]) for r in rows}
        # A text per key length: str.find runs over all keys of a length at C speed, shortest first.
        self._blobs: dict[int, tuple[int, str]] = {}  # length → (its first row, its keys joined by newlines)
        first = 0
        for n, group in itertools.groupby(rows, key=lambda r: r[0]):
            count = sum(1 for _ in group)
            self._blobs[n] = (first, "\n".join(self.folds[first:first + count]) + "\n")
            first += count
        self.lengths = sorted(self._blobs)

    def substring(self, needle: str, limit: int, skip: set[int]) -> list[int]:
        """Terms whose key holds needle after its first character, shortest first."""
        out: list[int] = []
        for n in self.lengths:
            if n <= len(needle):
                continue
            first, blob = self._blobs[n]
            found, at = set(), blob.find(needle, 1)
            while at >= 0:
                row, offset = divmod(at, n + 1)
                if offset:  # at the start of a key it is a prefix, not a substring
                    found.add(self.term_of[first + row])
                at = blob.find(needle, at + 1)
            out += heapq.nsmallest(limit - len(out), found - skip - set(out), key=self.rank.__getitem__)
            if len(out) >= limit:
                break
        return out

    def fuzzy(self, needle: str, limit: int, skip: set[int]) -> list[int]:
        """Terms one wrong, missing or extra character from needle: fewest changes, then closest length."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        found = process.extract(needle, self.folds, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
        ranked = sorted(found, key=lambda m: (m[1], abs(len(m[0]) - len(needle)), self.rank[self.term_of[m[2]]]))
        out = dict.fromkeys(t for t in (self.term_of[m[2]] for m in ranked) if t not in skip)
        return list(out)[:limit]


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

    def warm_up(self) -> None:
        """Load what lookups hold in memory and start jieba, so that no lookup waits (call it off the GUI thread)."""
        self.keys()
        self.documents()
        self.segmenter.cut("预热")

    # -- the tiers ---------------------------------------------------------------

    def exact(self, query: Query) -> list[int]:
        """Terms whose key, alias or folded key (numerals, width, traditional characters) is the query."""
        rows = self.db.execute(f"SELECT s.term_id {_RANKED} WHERE s.length = ? AND s.fold = ? "
                               f"ORDER BY s.name != ?, {_RANK}", [len(query.folded), query.folded, term_key(query.text)])
        return list(dict.fromkeys(r[0] for r in rows))

    def prefix(self, query: Query, limit: int, skip: set[int]) -> list[int]:
        """Terms whose key starts with the query, shortest first."""
        out: list[int] = []
        n = len(query.folded)
        while len(out) < limit:
            n = self.db.execute("SELECT min(length) FROM search_terms WHERE length > ?", [n]).fetchone()[0]
            if n is None:
                break
            rows = self.db.execute(
                f"SELECT s.term_id {_RANKED} WHERE s.length = ? AND s.fold > ? AND s.fold < ? ORDER BY {_RANK} LIMIT ?",
                [n, query.folded, query.folded + "\U0010ffff", limit + len(skip) + len(out)])
            out += [t for t in dict.fromkeys(r[0] for r in rows) if t not in skip and t not in out]
        return out[:limit]

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
        rank = self.keys().rank if counts else {}
        ranked = heapq.nsmallest(limit + len(skip), counts, key=lambda t: (-counts[t], rank.get(t, (0, 0, t))))
        return [t for t in ranked if t not in skip][:limit]

    # -- putting them together ------------------------------------------------------

    def find_terms(self, query: Query | str, limit: int) -> list[tuple[int, str]]:
        """(term id, match) of the best terms, best first."""
        return self.lookup(query, limit, passages=0, text=False).terms

    def lookup(self, query: Query | str, limit: int, passages: int = 20, text: bool = True) -> Found:
        """Literal tiers; when they find nothing, typos and definitions, and the running text (text=True)."""
        query = parse_query(query) if isinstance(query, str) else query
        if not query.folded or limit <= 0:
            return Found([])
        found: dict[int, str] = {}

        def take(tier: str, term_ids: list[int]) -> None:
            for t in term_ids:
                if len(found) < limit:
                    found.setdefault(t, tier)

        take("exact", self.exact(query))
        for tier in ("prefix", "substring", "pinyin"):
            if len(found) < limit:
                searched = (self.keys().substring(query.folded, limit - len(found), set(found))
                            if tier == "substring" else getattr(self, tier)(query, limit - len(found), set(found)))
                take(tier, searched)
        if found:
            return Found(list(found.items()))
        if len(query.folded) >= FUZZY_MIN:
            take("fuzzy", self.keys().fuzzy(query.folded, limit, set(found)))
        # The query as a phrase, in definitions and in the text; only when that finds
        # nothing at all, its words (and so jieba, for a query typed without spaces).
        count, uses = self._phrase_tiers(query, match_phrase(query.folded), (query.folded,), limit, passages,
                                         text, take, found)
        if not found and not uses:
            words = self._words(query)
            if len(words) >= 2:
                for word in words:  # 五制一平台是什么, 四上企业 五制一平台: the terms it names
                    take("exact", self.exact(Query(word, word, "", ())))
                expression = " AND ".join(match_phrase(w) for w in words)
                count, uses = self._phrase_tiers(query, expression, words, limit, passages, text, take, found)
        return Found(list(found.items()), count, tuple(uses))

    def _phrase_tiers(self, query: Query, expression: str, needles: tuple[str, ...], limit: int, passages: int,
                      text: bool, take: Callable[[str, list[int]], None], found: dict[int, str]) -> tuple[int, list[Use]]:
        if len(query.folded) >= 2 and len(found) < limit:
            take("definition", self.defined_with(expression, limit - len(found), set(found)))
        if text and len(found) < limit:
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
