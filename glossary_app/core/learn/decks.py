"""Study decks: the defined terms of a region, a document, an imported report or the favourites, a card each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..export import citation_of
from ..search import parse_query
from ..termbase import Definition, Source, TermBase
from ..termkey import term_key
from ..userdata import OwnDefinition

# What a deck is made of; the value names the region, document id, file id or the favourite terms.
KINDS = {"all": "全部术语", "region": "按地区", "document": "按文档", "favourites": "我的收藏",
         "file": "新导入的报告"}


@dataclass(frozen=True)
class DeckSpec:
    """Which deck: a kind from KINDS and what it is of (a region, a document or file id, favourite terms)."""

    kind: str
    value: str | int | tuple[str, ...] | None = None


@dataclass(frozen=True)
class Entry:
    """One term to learn with the one definition its cards show."""

    term: str
    key: str  # term_key(term): cards and progress are kept under it, so rebuilds never orphan them
    term_id: int | None  # None for a favourite only the user has defined
    definition: Definition
    uses: int = 0

    @property
    def citation(self) -> str:
        """Where the definition comes from: 《标题》（地区，日期） for a report, the source as named for a
        reference text or the user's own definition."""
        source = self.definition.source
        if source.document_id is None:
            return source.title
        return citation_of(source.title, source.region, source.date) or source.file


@dataclass(frozen=True)
class Deck:
    """A named list of entries: most used terms first (those a newcomer meets soonest), favourites as the user
    ordered them."""

    name: str
    spec: DeckSpec
    entries: list[Entry]

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def keys(self) -> list[str]:
        """The entries' term keys, in deck order."""
        return [e.key for e in self.entries]


@dataclass(frozen=True)
class ImportedFile:
    """A report file in the term base, for the 'report I just imported' deck."""

    id: int
    name: str
    imported_at: str
    title: str


def choose_definition(definitions: Sequence[Definition], documents: Iterable[int] = ()) -> Definition | None:
    """The definition a card shows: one from the deck's own documents first, then any report's
    (glossary before inline, as TermBase orders them), a reference text only when no report defines the term."""
    preferred = set(documents)
    reports = [d for d in definitions if d.kind != "reference"]
    own = [d for d in reports if d.source.document_id in preferred]
    for group in (own, reports, list(definitions)):
        if group:
            return group[0]
    return None


def imported_files(termbase: TermBase) -> list[ImportedFile]:
    """The term base's files, most recently imported first, each with its first document's title."""
    return [ImportedFile(r["id"], r["name"], r["imported_at"] or "", r["title"] or "") for r in termbase.db.query(
        "SELECT f.id, f.name, f.imported_at, (SELECT title FROM documents WHERE file_id = f.id ORDER BY seq LIMIT 1) "
        "AS title FROM files f ORDER BY f.imported_at DESC, f.id DESC")]


def build_deck(termbase: TermBase, spec: DeckSpec, own: Sequence[OwnDefinition] = ()) -> Deck:
    """The deck spec names, made of terms that have a definition; own: the user's own definitions, which
    stand in for favourites the reports do not define."""
    if spec.kind == "favourites":
        return _favourites_deck(termbase, spec, tuple(spec.value or ()) if isinstance(spec.value, tuple) else (), own)
    documents, name = _documents_of(termbase, spec)
    if documents is None:
        where, params = "1", []
    else:
        marks = ",".join("?" * len(documents))
        # Terms defined, quoted or used in those documents.
        where = (f"t.id IN (SELECT term_id FROM definitions WHERE document_id IN ({marks}) "
                 f"UNION SELECT term_id FROM occurrences WHERE document_id IN ({marks}) "
                 f"UNION SELECT term_id FROM sightings WHERE document_id IN ({marks}))")
        params = list(documents) * 3
    rows = termbase.db.query(
        "SELECT t.id, t.term, t.key, (SELECT count(*) FROM occurrences WHERE term_id = t.id) AS uses FROM terms t "
        f"WHERE {where} AND t.id IN (SELECT term_id FROM definitions) ORDER BY uses DESC, t.key", params)
    entries = []
    for r in rows:
        definition = choose_definition(termbase.definitions(r["id"]), documents or ())
        if definition is not None:
            entries.append(Entry(r["term"], r["key"], r["id"], definition, r["uses"]))
    return Deck(name, spec, entries)


def _documents_of(termbase: TermBase, spec: DeckSpec) -> tuple[list[int] | None, str]:
    """The documents a deck is drawn from (None: all of them) and the deck's name."""
    db = termbase.db
    if spec.kind == "all":
        return None, "全部术语"
    if spec.kind == "region":
        region = str(spec.value or "")
        ids = [r["id"] for r in db.query("SELECT id FROM documents WHERE coalesce(region, '') = ?", [region])]
        return ids, f"{region or '未注明地区'}术语"
    if spec.kind == "document":
        doc = termbase.search.document(_id(spec))
        if doc is None:
            raise ValueError(f"文档不存在：{spec.value}")
        return [doc.id], citation_of(doc.title, doc.region, doc.date) or doc.file
    if spec.kind == "file":
        ids = [r["id"] for r in db.query("SELECT id FROM documents WHERE file_id = ? ORDER BY seq", [_id(spec)])]
        name = next(db.query("SELECT name FROM files WHERE id = ?", [_id(spec)]), {"name": None})["name"]
        if name is None:
            raise ValueError(f"文件不存在：{spec.value}")
        doc = termbase.search.document(ids[0]) if ids else None
        return ids, (citation_of(doc.title, doc.region, doc.date) if doc and doc.title else name)
    raise ValueError(f"未知的卡组类型：{spec.kind}")


def _id(spec: DeckSpec) -> int:
    """The document or file id a spec names (0, which no row has, when it names none)."""
    return int(spec.value) if isinstance(spec.value, (int, str)) and str(spec.value).isdigit() else 0


def _favourites_deck(termbase: TermBase, spec: DeckSpec, terms: tuple[str, ...],
                     own: Sequence[OwnDefinition]) -> Deck:
    own_by_key: dict[str, OwnDefinition] = {}
    for d in own:
        own_by_key.setdefault(term_key(d.term), d)
    entries = []
    for term in terms:
        found = termbase.search.exact(parse_query(term))
        definition = choose_definition(termbase.definitions(found[0])) if found else None
        if definition is not None:
            name = termbase.db.table("terms").get(found[0])["term"]
            uses = termbase.db.table("occurrences").count_where("term_id = ?", [found[0]])
            entries.append(Entry(name, term_key(name), found[0], definition, uses))
        elif term_key(term) in own_by_key:
            mine = own_by_key[term_key(term)]
            source = Source(file="", title=mine.source, region=None, date=None, line=None)
            entries.append(Entry(term, term_key(term), found[0] if found else None,
                                 Definition(text=mine.text, kind="user", source=source)))
    return Deck("我的收藏", spec, entries)
