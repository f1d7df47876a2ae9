"""Multiple-choice questions: a term's definition among those of similar terms, then the passage it comes from."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ..numeric import parse_numeric
from ..passages import passage
from ..termbase import KIND_RANK, Passage, Source, TermBase, _line_at, definition_variants
from ..termkey import QUOTE_CHARS, strip_quotes
from .decks import Entry

CHOICES = 4


@dataclass(frozen=True)
class Candidate:
    """A term's definition that may stand as a wrong answer, with what makes it look like the right one."""

    term: str
    key: str
    text: str
    region: str | None
    shape: tuple[int, ...] | None  # the counts of a numeric abbreviation: 一单四制 → (1, 4)


@dataclass(frozen=True)
class Choice:
    """One answer offered: a definition and the term it belongs to."""

    text: str
    term: str


@dataclass(frozen=True)
class Question:
    """What does this term mean? choices[answer] is right; passage shows where the definition was read,
    use how the reports use the term."""

    entry: Entry
    choices: list[Choice]
    answer: int
    passage: Passage | None  # where the definition was read; None for a reference text or the user's own
    use: Passage | None = None  # the term used in running text, elsewhere than passage

    def is_right(self, index: int) -> bool:
        """Whether choice index is the right answer."""
        return index == self.answer


def _shape(term: str) -> tuple[int, ...] | None:
    numeric = parse_numeric(term)
    return None if numeric is None else tuple(g.count for g in numeric.groups)


def candidates(termbase: TermBase) -> list[Candidate]:
    """Every defined term with one definition (a report's before a reference text): the pool wrong answers
    are drawn from."""
    best: dict[int, tuple[tuple[int, int], Candidate]] = {}
    for r in termbase.db.query(
            "SELECT t.id, t.term, t.key, def.id AS def_id, def.kind, def.text, d.region FROM definitions def "
            "JOIN terms t ON t.id = def.term_id LEFT JOIN documents d ON d.id = def.document_id"):
        rank = (KIND_RANK.get(r["kind"], 9), r["def_id"])
        if r["id"] not in best or rank < best[r["id"]][0]:
            best[r["id"]] = (rank, Candidate(r["term"], r["key"], r["text"], r["region"], _shape(r["term"])))
    return [c for _, c in sorted(best.values(), key=lambda pair: pair[1].key)]


def similarity(entry: Entry, candidate: Candidate) -> int:
    """How alike a candidate looks: the same numeric pattern counts most, then any numeric term, the same region."""
    return _score(_shape(entry.term), entry.definition.source.region, candidate)


def _score(shape: tuple[int, ...] | None, region: str | None, candidate: Candidate) -> int:
    score = 0
    if shape is not None and candidate.shape is not None:
        score += 3 if shape == candidate.shape else 1
    if region and candidate.region == region:
        score += 2
    return score


TRIES = 200  # candidates of one score looked at, in random order, before the next score down


def distractors(entry: Entry, pool: list[Candidate], rng: random.Random, rights: list[str] | None = None,
                count: int = CHOICES - 1) -> list[Candidate]:
    """The most similar other terms' definitions, ties broken by rng; never one of the term's own
    definitions or a wording of them (rights: every definition of the term), never two alike."""
    rights = rights or [entry.definition.text]
    shape, region = _shape(entry.term), entry.definition.source.region
    by_score: dict[int, list[Candidate]] = {}
    for c in pool:  # a pass over the pool, not a sort of it: a large term base has some 50,000 candidates
        if c.key != entry.key:
            by_score.setdefault(_score(shape, region, c), []).append(c)
    chosen: list[Candidate] = []
    for score in sorted(by_score, reverse=True):
        group = by_score[score]
        for c in rng.sample(group, min(len(group), TRIES)):
            # The candidate is left out when it groups with a right definition or an earlier choice.
            texts = rights + [d.text for d in chosen]
            if definition_variants(texts + [c.text])[-1] in set(definition_variants(texts)):
                continue
            chosen.append(c)
            if len(chosen) == count:
                return chosen
    return chosen


def make_question(termbase: TermBase, entry: Entry, pool: list[Candidate], rng: random.Random) -> Question:
    """A question on entry: its definition and up to three similar terms' definitions, in rng's order."""
    rights = [d.text for d in termbase.definitions(entry.term_id)] if entry.term_id is not None else []
    wrong = distractors(entry, pool, rng, [entry.definition.text, *rights])
    choices = [Choice(entry.definition.text, entry.term)] + [Choice(c.text, c.term) for c in wrong]
    rng.shuffle(choices)
    answer = next(i for i, c in enumerate(choices) if c.term == entry.term)
    source = source_passage(termbase, entry)
    return Question(entry, choices, answer, source, use_passage(termbase, entry, source))


def use_passage(termbase: TermBase, entry: Entry, source: Passage | None) -> Passage | None:
    """The term's first use in running text other than the passage already shown (None when there is none)."""
    if entry.term_id is None:
        return None
    _, uses = termbase.search.term_uses(entry.term_id, 5)
    for use in uses:
        shown = _passage(termbase, use.text, use.line_map, use.start, use.end, use.document_id)
        if source is None or (shown.text not in source.text and source.text not in shown.text):
            return shown
    return None


def source_passage(termbase: TermBase, entry: Entry) -> Passage | None:
    """The sentence the shown definition was read from, the term marked; None for a reference text or the
    user's own definition, which no report holds."""
    source = entry.definition.source
    if source.document_id is not None and entry.term_id is not None:
        row = next(termbase.db.query(
            "SELECT p.text, p.line_map FROM definitions def JOIN paragraphs p ON p.id = def.paragraph_id "
            "WHERE def.term_id = ? AND def.document_id = ? AND def.text = ? LIMIT 1",
            [entry.term_id, source.document_id, entry.definition.text]), None)
        if row is not None:
            start, end = _find(row["text"], entry.term, entry.definition.text)
            return _passage(termbase, row["text"], row["line_map"], start, end, source.document_id)
    return None


def _find(text: str, term: str, definition: str) -> tuple[int, int]:
    """Where the term is written in its paragraph, with or without quote marks (“五好”园区 for 五好园区),
    else where the definition starts."""
    bare = strip_quotes(term)
    if bare:
        written = re.search(f"[{re.escape(QUOTE_CHARS)}]*".join(map(re.escape, bare)), text)
        if written:
            return written.start(), written.end()
    at = text.find(definition[:20])
    return (at, at) if at >= 0 else (0, 0)


def _passage(termbase: TermBase, text: str, line_map: str, start: int, end: int, document_id: int) -> Passage:
    snippet, s, e = passage(text, start, end)
    doc = termbase.search.document(document_id)
    source = (Source(doc.file, doc.title, doc.region, doc.date, _line_at(line_map, start), doc.id) if doc
              else Source("", "", None, None, None, document_id))
    return Passage(snippet, s, e, source)
