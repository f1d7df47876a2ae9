"""Read-only views of a term base the desktop app needs: documents, uses, term lists, links."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from . import store
from .numeric import morpheme_matches, parse_numeric
from .occurrences import TermMatcher
from .passages import passage
from .searchkey import drop_surrogates
from .segment import Segmenter
from .textsearch import DocumentInfo
from .termbase import Definition, Passage, Source, TermBase, _line_at
from .termkey import strip_quotes, term_key


@dataclass(frozen=True)
class DocumentText:
    """A whole document, a string per paragraph."""

    info: DocumentInfo
    paragraphs: list[str]


@dataclass(frozen=True)
class Use:
    """One use of a term: where it is in its document, and the passage around it."""

    document_id: int
    paragraph: int  # the paragraph's index in DocumentText.paragraphs
    start: int  # offsets in that paragraph
    end: int
    passage: Passage


@dataclass(frozen=True)
class TermRow:
    """A term as lists show it."""

    term: str
    term_id: int
    definitions: int
    occurrences: int


@dataclass(frozen=True)
class Breakdown:
    """A numeric abbreviation taken apart: 五制一平台 → [(五制, five items), (一平台, one item)]."""

    parts: list[tuple[str, list[str]]]

    @property
    def complete(self) -> bool:
        """Whether every counted part found its items in the definition."""
        return all(items for _, items in self.parts)


@dataclass(frozen=True)
class TermDetails:
    """Everything the term page shows that comes from the term base."""

    term: str
    term_id: int | None
    definitions: list[Definition]
    uses: list[Use]
    links: list[list[tuple[int, int, str]]] = field(default_factory=list)  # per definition: (start, end, term)
    breakdown: Breakdown | None = None


class Browser:
    """Queries over one term base; open one per thread, like the TermBase it wraps."""

    def __init__(self, db: Database, segmenter: Segmenter | None = None):
        self.db = db
        self.termbase = TermBase(db, segmenter)
        self._matcher: tuple[TermMatcher, dict[int, str]] | None = None

    @classmethod
    def open(cls, path: Path | str | None, segmenter: Segmenter | None = None) -> Browser:
        """Open the term base at path."""
        return cls(store.open_database(path), segmenter)

    def close(self) -> None:
        """Close the database connection."""
        self.db.conn.close()

    # -- documents -----------------------------------------------------------

    def documents(self) -> dict[int, DocumentInfo]:
        """Every document by id, newest first: the citations the search module holds in memory."""
        docs = self.termbase.search.documents()
        return {i: docs.by_id[i] for i in docs.newest_first}

    def document(self, document_id: int) -> DocumentText:
        """A document's paragraphs in reading order."""
        paragraphs = [r["text"] for r in self.db.query(
            "SELECT text FROM paragraphs WHERE document_id = ? ORDER BY seq", [document_id])]
        return DocumentText(self.documents()[document_id], paragraphs)

    def _use(self, row: dict[str, Any], start: int, end: int) -> Use:
        info = self.documents()[row["document_id"]]
        text, s, e = passage(row["text"], start, end)
        source = Source(file=info.file, title=info.title, region=info.region, date=info.date,
                        line=_line_at(row["line_map"], start), document_id=info.id)
        return Use(row["document_id"], row["seq"], start, end, Passage(text, s, e, source))

    def uses(self, term_id: int) -> list[Use]:
        """Each use of a term, newest document first, in reading order within it."""
        return [self._use(r, r["start"], r["end"]) for r in self.db.query(
            "SELECT o.start, o.end, o.document_id, p.seq, p.text, p.line_map FROM occurrences o "
            "JOIN paragraphs p ON p.id = o.paragraph_id JOIN documents d ON d.id = o.document_id "
            "WHERE o.term_id = ? ORDER BY d.date DESC, d.id, p.seq, o.start", [term_id])]

    def text_uses(self, needle: str, limit: int = 200) -> list[Use]:
        """Each place running text contains needle as written, for words the term base does not know."""
        needle = needle.strip()
        if not needle:
            return []
        out: list[Use] = []
        for r in self.db.query(
            "SELECT p.document_id, p.seq, p.text, p.line_map FROM paragraphs p JOIN documents d ON d.id = p.document_id "
            "WHERE instr(p.text, ?) > 0 ORDER BY d.date DESC, d.id, p.seq", [needle]):
            for m in re.finditer(re.escape(needle), r["text"]):
                if len(out) >= limit:
                    return out
                out.append(self._use(r, m.start(), m.end()))
        return out

    # -- terms ---------------------------------------------------------------

    def find_term(self, text: str) -> int | None:
        """The id of the term spelled text (or one of its aliases), or None."""
        key = term_key(text)
        row = next(self.db.query("SELECT id FROM terms WHERE key = ? UNION ALL "
                                 "SELECT term_id FROM aliases WHERE key = ? LIMIT 1", [key, key]), None)
        return int(row["id"]) if row else None

    def term_rows(self, where: str = "1", params: list[Any] | None = None) -> list[TermRow]:
        """Terms with their counts, in key order; where filters on t (terms)."""
        return [TermRow(r["term"], r["id"], r["defs"], r["uses"]) for r in self.db.query(
            "SELECT t.id, t.term, (SELECT count(*) FROM definitions WHERE term_id = t.id) AS defs, "
            "(SELECT count(*) FROM occurrences WHERE term_id = t.id) AS uses "
            f"FROM terms t WHERE {where} ORDER BY t.key", params or [])]

    def terms_by_pinyin(self) -> list[tuple[str, list[TermRow]]]:
        """All terms in pinyin order, grouped by initial letter (# for those starting with a digit or letter run)."""
        from pypinyin import lazy_pinyin  # its dictionaries take a moment; only browsing needs them

        keyed = sorted(((" ".join(lazy_pinyin(strip_quotes(r.term))).lower(), r) for r in self.term_rows()),
                       key=lambda pair: pair[0])
        groups: dict[str, list[TermRow]] = defaultdict(list)
        for spelled, row in keyed:
            initial = spelled[:1].upper()
            groups[initial if "A" <= initial <= "Z" else "#"].append(row)
        return sorted(groups.items(), key=lambda g: (g[0] == "#", g[0]))

    def terms_by_region(self) -> list[tuple[str, list[TermRow]]]:
        """Terms defined or used in each region's documents."""
        groups = []
        regions = sorted({d.region or "" for d in self.documents().values()}, key=lambda r: (r == "", r))
        for region in regions:
            rows = self.term_rows(_IN_DOCUMENTS.format(docs="SELECT id FROM documents WHERE coalesce(region, '') = ?"),
                                  [region] * 3)
            if rows:
                groups.append((region or "未注明地区", rows))
        return groups

    def terms_by_document(self) -> list[tuple[DocumentInfo, list[TermRow]]]:
        """Terms defined or used in each document, newest document first."""
        groups = []
        for info in self.documents().values():
            rows = self.term_rows(_IN_DOCUMENTS.format(docs="?"), [info.id] * 3)
            if rows:
                groups.append((info, rows))
        return groups

    def undefined_terms(self) -> list[TermRow]:
        """Terms used in the reports that no document defines, most used first."""
        rows = self.term_rows("t.id NOT IN (SELECT term_id FROM definitions) "
                              "AND t.id IN (SELECT term_id FROM occurrences)")
        return sorted(rows, key=lambda r: -r.occurrences)

    def regions(self) -> list[str]:
        """The regions documents name, sorted."""
        return sorted({d.region for d in self.documents().values() if d.region})

    def stats(self) -> dict[str, int]:
        """TermBase.stats() with the number of regions and of undefined terms."""
        counts = self.termbase.stats()
        counts["regions"] = len(self.regions())
        counts["undefined"] = next(self.db.query(
            "SELECT count(*) AS n FROM terms WHERE id NOT IN (SELECT term_id FROM definitions) "
            "AND id IN (SELECT term_id FROM occurrences)"))["n"]
        return counts

    # -- the term page -------------------------------------------------------

    def linked_terms(self, text: str, exclude: str = "") -> list[tuple[int, int, str]]:
        """(start, end, term) of each known term inside text, except the term exclude itself."""
        if self._matcher is None:
            keys = {r["key"]: r["id"] for r in self.db.query("SELECT id, key FROM terms")}
            for r in self.db.query("SELECT key, term_id FROM aliases"):
                keys.setdefault(r["key"], r["term_id"])
            names = {r["id"]: r["term"] for r in self.db.query("SELECT id, term FROM terms")}
            self._matcher = (TermMatcher(keys), names)
        matcher, names = self._matcher
        skip = term_key(exclude)
        return [(s, e, names[t]) for t, s, e in matcher.find(text) if term_key(names[t]) != skip]

    def details(self, term: str) -> TermDetails:
        """A term's definitions, uses, the terms its definitions mention and its numeric breakdown."""
        term = drop_surrogates(term)  # typed text can hold lone surrogates; SQLite cannot take them
        term_id = self.find_term(term)
        if term_id is None:
            return TermDetails(term.strip(), None, [], self.text_uses(term), breakdown=numeric_breakdown(term, []))
        name = self.db.table("terms").get(term_id)["term"]
        definitions = self.termbase.definitions(term_id)
        return TermDetails(name, term_id, definitions, self.uses(term_id),
                           links=[self.linked_terms(d.text, exclude=name) for d in definitions],
                           breakdown=numeric_breakdown(name, [d.text for d in definitions]))


# Terms defined, quoted or used in the documents of a subquery (its ? appear three times).
_IN_DOCUMENTS = ("(t.id IN (SELECT term_id FROM definitions WHERE document_id IN ({docs})) "
                 "OR t.id IN (SELECT term_id FROM occurrences WHERE document_id IN ({docs})) "
                 "OR t.id IN (SELECT term_id FROM sightings WHERE document_id IN ({docs})))")

_LEAD_RE = re.compile(r"^(即|指|是指|主要指|包括|主要包括|具体包括|分别是|分别为)")
_ITEM_SPLIT_RE = re.compile(r"[、，,；;。]")


def _items(definition: str) -> list[str]:
    """The enumerated items of a definition: 备案监督制、承诺兑现制… → [备案监督制, 承诺兑现制, …]."""
    body = definition.rsplit("：", 1)[-1] if "：" in definition else definition
    body = _LEAD_RE.sub("", body.strip())
    return [item.strip().removesuffix("等") for item in _ITEM_SPLIT_RE.split(body) if item.strip()]


def numeric_breakdown(term: str, definitions: list[str]) -> Breakdown | None:
    """The counted parts of a numeric abbreviation and, from the first definition that lists them, their items."""
    numeric = parse_numeric(term)
    if numeric is None:
        return None
    bare, labels, pos = strip_quotes(term), [], 0
    for group in numeric.groups:
        end = bare.find(group.morpheme, pos) + len(group.morpheme)
        labels.append(bare[pos:end].removeprefix(numeric.prefix) if pos == 0 else bare[pos:end])
        pos = end
    for text in definitions:
        found = _assign(numeric.groups, _items(text))
        if found is not None:
            return Breakdown(list(zip(labels, found)))
    return Breakdown([(label, []) for label in labels])


def _assign(groups: tuple[Any, ...], items: list[str]) -> list[list[str]] | None:
    """Items shared out to groups by their morpheme (or, failing that, in order when the counts add up)."""
    total = sum(g.count for g in groups)
    parts: list[list[str]] = [[] for _ in groups]
    for item in items:
        for i, group in enumerate(groups):
            if len(parts[i]) < group.count and morpheme_matches(item, group.morpheme):
                parts[i].append(item)
                break
    if all(len(p) == g.count for p, g in zip(parts, groups)) and sum(map(len, parts)) == len(items):
        return parts
    if len(items) == total:
        # 四上企业: 规模以上工业企业… do not end in 上企业, but four items for a four.
        it = iter(items)
        return [[next(it) for _ in range(g.count)] for g in groups]
    return None
