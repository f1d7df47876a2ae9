"""Spaced repetition of deck entries with FSRS (py-fsrs), progress kept in the user database."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlite_utils
from fsrs import Card, Rating, Scheduler, State
from sqlite_utils import Database

from .decks import Deck, Entry

# term → definition, then definition → term: each is a card of its own with its own schedule.
DIRECTIONS = {"forward": "术语 → 释义", "reverse": "释义 → 术语"}
RATINGS = {Rating.Again: "重来", Rating.Hard: "困难", Rating.Good: "良好", Rating.Easy: "简单"}
NEW_PER_SESSION = 20  # new cards a session brings in; the rest wait for the next day
LEARN_AHEAD = datetime.timedelta(minutes=20)  # a card failed a moment ago comes back within the session
WEAKEST = 10

migrations = sqlite_utils.Migrations("study")


@migrations()
def m001_cards(db: Database) -> None:
    """Cards keyed by term key and direction, so that rebuilding the term base never orphans them; every answer."""
    db.table("study_cards").create(
        {"key": str, "direction": str, "term": str, "state": int, "step": int, "stability": float,
         "difficulty": float, "due": str, "last_review": str}, pk=("key", "direction"))
    db.table("study_cards").create_index(["due"])
    db.table("study_reviews").create(
        {"id": int, "key": str, "direction": str, "term": str, "rating": int, "at": str}, pk="id")
    db.table("study_reviews").create_index(["key"])
    db.table("quiz_answers").create({"id": int, "key": str, "term": str, "correct": int, "at": str}, pk="id")
    db.table("quiz_answers").create_index(["key"])


def utc_now() -> datetime.datetime:
    """Now, as FSRS wants it: aware and in UTC."""
    return datetime.datetime.now(datetime.timezone.utc)


def _stamp(moment: datetime.datetime) -> str:
    """One fixed ISO form in UTC, so that stamps compare as strings in SQL."""
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="seconds")


def end_of_day(now: datetime.datetime) -> datetime.datetime:
    """The last moment of now's local calendar day: what 'due today' counts up to."""
    local = now.astimezone()
    return local.replace(hour=23, minute=59, second=59, microsecond=0)


@dataclass(eq=False)  # a session tells its cards apart by identity
class StudyCard:
    """One card of a session: an entry asked one way, with its FSRS state."""

    entry: Entry
    direction: str
    card: Card
    new: bool

    @property
    def front(self) -> str:
        """What the card asks: the term, or its definition."""
        return self.entry.term if self.direction == "forward" else self.entry.definition.text

    @property
    def back(self) -> str:
        """What the card answers."""
        return self.entry.definition.text if self.direction == "forward" else self.entry.term


@dataclass(frozen=True)
class Weak:
    """A term often got wrong: answers of 重来 and wrong quiz answers, and FSRS's difficulty (1–10)."""

    term: str
    again: int
    quiz_wrong: int
    difficulty: float


@dataclass(frozen=True)
class Progress:
    """Where the user stands, over one deck or everything studied."""

    terms: int  # terms in the deck (everything studied: terms with a card)
    learned: int  # terms with a card past its learning steps
    learning: int  # seen, not yet learned
    new: int  # in the deck, never seen
    due_today: int  # cards due by the end of the local day
    reviewed_today: int  # answers given today
    quiz_right: int
    quiz_total: int
    weakest: list[Weak] = field(default_factory=list)


class Study:
    """Schedules and records the user's cards; every answer is committed before the call returns."""

    def __init__(self, db: Database, scheduler: Scheduler | None = None):
        """db: the user database (UserData.db); scheduler: FSRS's, by default with its published parameters."""
        self.db = db
        migrations.apply(db)
        self.scheduler = scheduler or Scheduler()
        # Button labels preview each answer's interval; fuzz would make the preview differ from itself.
        self._preview = Scheduler(parameters=self.scheduler.parameters,
                                  desired_retention=self.scheduler.desired_retention,
                                  learning_steps=self.scheduler.learning_steps,
                                  relearning_steps=self.scheduler.relearning_steps,
                                  maximum_interval=self.scheduler.maximum_interval, enable_fuzzing=False)

    # -- cards ---------------------------------------------------------------

    def card(self, key: str, direction: str) -> Card | None:
        """The stored schedule of one card, or None when it was never answered."""
        row = next(self.db.table("study_cards").rows_where("key = ? AND direction = ?", [key, direction]), None)
        return None if row is None else _card(row)

    def _cards(self, keys: Sequence[str]) -> dict[tuple[str, str], Card]:
        wanted = set(keys)
        return {(r["key"], r["direction"]): _card(r) for r in self.db.table("study_cards").rows
                if r["key"] in wanted}

    def cards_due(self, deck: Deck, now: datetime.datetime | None = None) -> list[StudyCard]:
        """The deck's cards whose time has come, the longest overdue first."""
        now = now or utc_now()
        stored = self._cards(deck.keys)
        due = [StudyCard(e, d, stored[(e.key, d)], False) for e in deck.entries for d in DIRECTIONS
               if (e.key, d) in stored and stored[(e.key, d)].due <= now]
        return sorted(due, key=lambda c: c.card.due)

    def new_cards(self, deck: Deck, limit: int = NEW_PER_SESSION) -> list[StudyCard]:
        """Cards never answered, in deck order: every term one way before any the other way round."""
        stored = self._cards(deck.keys)
        unseen = ((e, d) for d in DIRECTIONS for e in deck.entries if (e.key, d) not in stored)
        return [StudyCard(e, d, Card(card_id=0), True) for e, d in itertools.islice(unseen, limit)]

    def review(self, study_card: StudyCard, rating: Rating, now: datetime.datetime | None = None) -> Card:
        """Record an answer and schedule the card's next showing; returns the card as rescheduled."""
        now = now or utc_now()
        card, _ = self.scheduler.review_card(study_card.card, rating, review_datetime=now)
        entry = study_card.entry
        with self.db.atomic():
            self.db.table("study_cards").upsert(
                {"key": entry.key, "direction": study_card.direction, "term": entry.term, "state": int(card.state),
                 "step": card.step, "stability": card.stability, "difficulty": card.difficulty,
                 "due": _stamp(card.due), "last_review": _stamp(card.last_review or now)},
                pk=("key", "direction"))
            self.db.table("study_reviews").insert(
                {"key": entry.key, "direction": study_card.direction, "term": entry.term, "rating": int(rating),
                 "at": _stamp(now)})
        study_card.card, study_card.new = card, False
        return card

    def preview(self, study_card: StudyCard, now: datetime.datetime | None = None) -> dict[Rating, datetime.timedelta]:
        """How long until the card comes back after each answer (what the answer buttons say)."""
        now = now or utc_now()
        return {rating: self._preview.review_card(study_card.card, rating, review_datetime=now)[0].due - now
                for rating in RATINGS}

    # -- quiz ----------------------------------------------------------------

    def record_quiz(self, entry: Entry, correct: bool, now: datetime.datetime | None = None) -> None:
        """Record a quiz answer: wrong ones count towards the weakest terms."""
        with self.db.atomic():
            self.db.table("quiz_answers").insert({"key": entry.key, "term": entry.term, "correct": int(correct),
                                                  "at": _stamp(now or utc_now())})

    # -- progress ------------------------------------------------------------

    def progress(self, deck: Deck | None = None, now: datetime.datetime | None = None) -> Progress:
        """Terms learned, cards due today, answers today and the weakest terms, of a deck or of everything."""
        now = now or utc_now()
        cards = list(self.db.table("study_cards").rows)
        reviews = list(self.db.query("SELECT key, rating, at FROM study_reviews"))
        quiz = list(self.db.query("SELECT key, term, correct FROM quiz_answers"))
        keys = set(deck.keys) if deck is not None else {r["key"] for r in cards}
        cards = [r for r in cards if r["key"] in keys]
        reviews = [r for r in reviews if r["key"] in keys]
        quiz = [r for r in quiz if r["key"] in keys]
        learned = {r["key"] for r in cards if r["state"] == int(State.Review)}
        seen = {r["key"] for r in cards}
        day_end = _stamp(end_of_day(now))
        day_start = _stamp(end_of_day(now) - datetime.timedelta(days=1))
        return Progress(
            terms=len(keys), learned=len(learned), learning=len(seen - learned), new=len(keys - seen),
            due_today=sum(r["due"] <= day_end for r in cards),
            reviewed_today=sum(day_start < r["at"] <= day_end for r in reviews),
            quiz_right=sum(r["correct"] for r in quiz), quiz_total=len(quiz),
            weakest=_weakest(cards, reviews, quiz))


def _weakest(cards: list[dict], reviews: list[dict], quiz: list[dict]) -> list[Weak]:
    """Terms answered 重来 or got wrong in a quiz, most misses first, then the hardest by FSRS's reckoning."""
    terms = {r["key"]: r["term"] for r in cards}
    terms.update({r["key"]: r["term"] for r in quiz})
    again: dict[str, int] = {}
    for r in reviews:
        if r["rating"] == int(Rating.Again):
            again[r["key"]] = again.get(r["key"], 0) + 1
    wrong: dict[str, int] = {}
    for r in quiz:
        if not r["correct"]:
            wrong[r["key"]] = wrong.get(r["key"], 0) + 1
    difficulty: dict[str, float] = {}
    for r in cards:
        difficulty[r["key"]] = max(difficulty.get(r["key"], 0.0), r["difficulty"] or 0.0)
    weak = [Weak(terms.get(k, k), again.get(k, 0), wrong.get(k, 0), round(difficulty.get(k, 0.0), 1))
            for k in set(again) | set(wrong)]
    weak.sort(key=lambda w: (-(w.again + w.quiz_wrong), -w.difficulty, w.term))
    return weak[:WEAKEST]


def _card(row: dict) -> Card:
    """An FSRS card from its stored row."""
    return Card(card_id=0, state=State(row["state"]), step=row["step"], stability=row["stability"],
                difficulty=row["difficulty"], due=datetime.datetime.fromisoformat(row["due"]),
                last_review=datetime.datetime.fromisoformat(row["last_review"]) if row["last_review"] else None)


class Session:
    """One sitting over a deck: due cards, then new ones; a card failed comes back once its step is up."""

    def __init__(self, study: Study, deck: Deck, now: datetime.datetime | None = None,
                 new_limit: int = NEW_PER_SESSION):
        now = now or utc_now()
        self.study, self.deck = study, deck
        self.queue: list[StudyCard] = study.cards_due(deck, now) + study.new_cards(deck, new_limit)
        self.learning: list[StudyCard] = []  # answered this session, back within LEARN_AHEAD
        self.answered = 0

    @property
    def remaining(self) -> int:
        """Cards still to show in this session."""
        return len(self.queue) + len(self.learning)

    def current(self, now: datetime.datetime | None = None) -> StudyCard | None:
        """The card to show now: a failed card whose step is up, else the next in line, else a failed card
        early (rather than end the session while it waits), else None when the session is done."""
        now = now or utc_now()
        self.learning.sort(key=lambda c: c.card.due)
        if self.learning and self.learning[0].card.due <= now:
            return self.learning[0]
        if self.queue:
            return self.queue[0]
        return self.learning[0] if self.learning else None

    def answer(self, shown: StudyCard, rating: Rating, now: datetime.datetime | None = None) -> Card:
        """Answer the card shown (a failed card may have come due meanwhile, so it is named): record it,
        reschedule it, and keep it in the session if it is due again soon."""
        now = now or utc_now()
        for waiting in (self.learning, self.queue):
            if any(c is shown for c in waiting):
                waiting.remove(shown)
                break
        else:
            raise ValueError("这张卡片不在本轮学习中")
        card = self.study.review(shown, rating, now)
        if card.due - now <= LEARN_AHEAD:
            self.learning.append(shown)
        self.answered += 1
        return card
