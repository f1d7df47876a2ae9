"""core.learn.schedule: FSRS, sessions, progress, all kept in the user database under term keys."""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path

import pytest
from fsrs import Rating, Scheduler, State
from sqlite_utils import Database

from glossary_app.core import TermBase, build, store
from glossary_app.core.learn.decks import Deck, DeckSpec, Entry, build_deck
from glossary_app.core.learn.schedule import LEARN_AHEAD, Session, Study, end_of_day
from glossary_app.core.termbase import Definition, Source
from glossary_app.core.termkey import term_key
from glossary_app.core.userdata import UserData

NOW = datetime.datetime(2024, 3, 1, 2, 0, tzinfo=datetime.timezone.utc)
MINUTE = datetime.timedelta(minutes=1)


def _entry(term: str, text: str, region: str = "祁东县") -> Entry:
    source = Source("a.txt", "祁东县政府工作报告", region, "2023-03-27", 1, 1)
    return Entry(term, term_key(term), None, Definition(text=text, kind="glossary", source=source))


DECK = Deck("测试", DeckSpec("all"), [_entry("五制一平台", "备案监督制……"), _entry("一单四制", "一张清单、四项制度"),
                                      _entry("四上企业", "规模以上工业企业……")])


def _study(db: Database | None = None) -> Study:
    return Study(db or Database(memory=True), Scheduler(enable_fuzzing=False))


def test_new_cards_every_term_one_way_before_the_other() -> None:
    cards = _study().new_cards(DECK, limit=10)
    assert [(c.entry.term, c.direction) for c in cards] == [
        ("五制一平台", "forward"), ("一单四制", "forward"), ("四上企业", "forward"),
        ("五制一平台", "reverse"), ("一单四制", "reverse"), ("四上企业", "reverse")]
    assert cards[0].front == "五制一平台" and cards[0].back == "备案监督制……"
    assert cards[3].front == "备案监督制……" and cards[3].back == "五制一平台"
    assert len(_study().new_cards(DECK, limit=4)) == 4


def test_an_answer_reschedules_the_card() -> None:
    study = _study()
    good, easy, again = study.new_cards(DECK)[:3]
    assert study.card(good.entry.key, "forward") is None
    assert study.review(good, Rating.Good, NOW).due == NOW + 10 * MINUTE  # the second learning step
    assert study.review(again, Rating.Again, NOW).due == NOW + MINUTE
    rescheduled = study.review(easy, Rating.Easy, NOW)
    assert rescheduled.state == State.Review and rescheduled.due - NOW >= datetime.timedelta(days=2)
    stored = study.card(easy.entry.key, "forward")
    assert stored is not None and (stored.state, stored.due, stored.stability) == (
        State.Review, rescheduled.due, rescheduled.stability)
    # The due cards are those whose time has come, longest overdue first; the Easy one is not among them.
    assert [(c.entry.term, c.new) for c in study.cards_due(DECK, NOW + 15 * MINUTE)] == [
        ("四上企业", False), ("五制一平台", False)]
    # Not new any more: the next new cards are the reverse ones.
    assert [c.direction for c in study.new_cards(DECK)] == ["reverse"] * 3


def test_the_answer_buttons_preview_increasing_intervals() -> None:
    study = _study()
    card = study.new_cards(DECK)[0]
    preview = study.preview(card, NOW)
    assert list(preview) == [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]
    assert list(preview.values()) == sorted(preview.values())
    assert study.card(card.entry.key, "forward") is None  # a preview records nothing
    assert study.review(card, Rating.Easy, NOW).due - NOW == preview[Rating.Easy]


def test_a_session_brings_a_failed_card_back() -> None:
    study = _study()
    session = Session(study, DECK, NOW, new_limit=2)
    first = session.current(NOW)
    assert first is not None and (first.entry.term, first.direction) == ("五制一平台", "forward")
    session.answer(first, Rating.Again, NOW)
    second = session.current(NOW)
    assert second is not None and second.entry.term == "一单四制"  # the failed card waits its minute
    session.answer(second, Rating.Good, NOW)
    assert session.remaining == 2
    # Nothing else left: the failed card comes back early rather than end the session.
    assert session.current(NOW) is first
    session.answer(first, Rating.Easy, NOW + MINUTE)
    assert session.current(NOW + MINUTE) is second
    session.answer(second, Rating.Good, NOW + 11 * MINUTE)
    assert session.current(NOW + 11 * MINUTE) is None and session.remaining == 0 and session.answered == 4
    with pytest.raises(ValueError, match="不在本轮学习中"):
        session.answer(first, Rating.Good, NOW)


def test_a_failed_card_due_again_goes_before_the_queue() -> None:
    study = _study()
    session = Session(study, DECK, NOW, new_limit=3)
    first = session.current(NOW)
    assert first is not None
    session.answer(first, Rating.Again, NOW)
    later = NOW + LEARN_AHEAD / 10  # past its one-minute step
    assert session.current(later) is first


def test_due_cards_come_first_in_a_later_session() -> None:
    study = _study()
    for card in study.new_cards(DECK, limit=2):
        study.review(card, Rating.Good, NOW)
    session = Session(study, DECK, NOW + 20 * MINUTE, new_limit=1)
    assert [(c.entry.term, c.new) for c in session.queue] == [("五制一平台", False), ("一单四制", False),
                                                              ("四上企业", True)]


def test_progress_counts(tmp_path: Path) -> None:
    study = _study()
    five, one, four = study.new_cards(DECK)[:3]
    study.review(five, Rating.Easy, NOW)  # learned
    study.review(one, Rating.Again, NOW)
    study.review(one, Rating.Again, NOW + MINUTE)
    study.record_quiz(four.entry, False, NOW)
    study.record_quiz(five.entry, True, NOW)
    progress = study.progress(DECK, NOW)
    assert (progress.terms, progress.learned, progress.learning, progress.new) == (3, 1, 1, 1)
    assert (progress.due_today, progress.reviewed_today, progress.quiz_right, progress.quiz_total) == (1, 3, 1, 2)
    assert [(w.term, w.again, w.quiz_wrong) for w in progress.weakest] == [("一单四制", 2, 0), ("四上企业", 0, 1)]
    assert progress.weakest[0].difficulty > 5
    tomorrow = study.progress(DECK, NOW + datetime.timedelta(days=1))
    assert tomorrow.reviewed_today == 0
    # Without a deck: everything studied (terms with a card).
    assert study.progress(None, NOW).terms == 2


def test_due_today_ends_at_local_midnight() -> None:
    end = end_of_day(NOW)
    assert end.astimezone().date() == NOW.astimezone().date() and end.astimezone().time() == datetime.time(23, 59, 59)


def test_progress_is_kept_across_restart(tmp_path: Path) -> None:
    path = tmp_path / "user.db"
    user = UserData.open(path)
    study = Study(user.db)
    card = study.new_cards(DECK)[0]
    rescheduled = study.review(card, Rating.Good, NOW)
    user.close()
    # Committed: another connection sees it.
    assert sqlite3.connect(str(path)).execute("SELECT term, direction FROM study_cards").fetchall() == [
        ("五制一平台", "forward")]
    again = Study(UserData.open(path).db)
    stored = again.card(term_key("五制一平台"), "forward")
    assert stored is not None and (stored.state, stored.step, stored.due) == (
        rescheduled.state, rescheduled.step, rescheduled.due)
    assert again.progress(DECK, NOW).reviewed_today == 1


def test_cards_survive_a_rebuild_of_the_term_base(tmp_path: Path, reports_dir: Path, termbase: TermBase,
                                                  common_freq) -> None:
    study = _study()
    deck = build_deck(termbase, DeckSpec("region", "祁东县"))
    first = study.new_cards(deck)[0]
    study.review(first, Rating.Easy, NOW)
    # Rebuilt from scratch, 祁东 imported before 常德 (the fixture reads the folder in name order): other term ids.
    fresh = store.open_database(tmp_path / "rebuilt.db")
    for name in ("qidong.txt", "changde.txt"):
        build.build(fresh, [reports_dir / name], common_freq=common_freq)
    rebuilt = build_deck(TermBase(fresh), DeckSpec("region", "祁东县"))
    assert [e.term_id for e in rebuilt.entries] != [e.term_id for e in deck.entries]
    assert study.progress(rebuilt, NOW).learned == 1
    assert (first.entry.term, "forward") not in {(c.entry.term, c.direction) for c in study.new_cards(rebuilt, 100)}
