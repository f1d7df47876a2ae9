"""core.learn.quiz: wrong answers from similar terms (numeric pattern, region), never the right one's wording; the passage."""

from __future__ import annotations

import random

import pytest

from glossary_app.core import TermBase
from glossary_app.core.learn.decks import DeckSpec, Entry, build_deck
from glossary_app.core.learn.quiz import Candidate, candidates, distractors, make_question, similarity
from glossary_app.core.termbase import Definition, Source
from glossary_app.core.termkey import term_key

RIGHT = "一张问题清单，交办、督办、销号、问责四项制度。"
ENTRY = Entry("一单四制", term_key("一单四制"), None,
              Definition(RIGHT, "glossary", Source("a.txt", "祁东县政府工作报告", "祁东县", "2023-03-27", 5, 1)))


def _c(term: str, text: str, region: str | None, shape: tuple[int, ...] | None) -> Candidate:
    return Candidate(term, term_key(term), text, region, shape)


SAME_SHAPE_SAME_REGION = _c("一网四化", "一张网络，信息化、标准化、规范化、智能化。", "祁东县", (1, 4))
SAME_SHAPE = _c("一核四区", "一个核心，工业区、农业区、商贸区、文旅区。", "常德市", (1, 4))
NUMERIC_SAME_REGION = _c("五好园区", "规划定位好、创新平台好、产业项目好、体制机制好、发展形象好。", "祁东县", (5,))
SAME_REGION = _c("揭榜挂帅", "公开张榜、能者揭榜。", "祁东县", None)
NUMERIC = _c("六稳", "稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期。", None, (6,))
UNLIKE = _c("河长制", "由各级党政主要负责人担任河长。", None, None)
POOL = [UNLIKE, NUMERIC, SAME_REGION, NUMERIC_SAME_REGION, SAME_SHAPE, SAME_SHAPE_SAME_REGION]


@pytest.mark.parametrize(("candidate", "score"), [
    (SAME_SHAPE_SAME_REGION, 5), (SAME_SHAPE, 3), (NUMERIC_SAME_REGION, 3), (SAME_REGION, 2), (NUMERIC, 1),
    (UNLIKE, 0)])
def test_similarity(candidate: Candidate, score: int) -> None:
    assert similarity(ENTRY, candidate) == score


@pytest.mark.parametrize("seed", range(20))
def test_the_most_similar_terms_are_the_wrong_answers(seed: int) -> None:
    chosen = distractors(ENTRY, POOL, random.Random(seed))
    assert chosen[0] == SAME_SHAPE_SAME_REGION
    assert set(chosen[1:]) == {SAME_SHAPE, NUMERIC_SAME_REGION}  # a tie, broken by the seed


def test_never_the_right_answer_in_other_words() -> None:
    pool = [
        _c("一单四制", "另一处的说法：问题清单加四项制度。", "常德市", (1, 4)),  # the term itself, elsewhere
        _c("一单四制度", "一张问题清单，交办、督办、销号、问责四项制度", "祁东县", (1, 4)),  # its wording, another key
        _c("问题清单制", "问题清单：交办、督办、销号、问责", "祁东县", None),  # a wording of the other definition
        SAME_SHAPE, SAME_SHAPE_SAME_REGION,
        _c("一网四化（旧称）", SAME_SHAPE_SAME_REGION.text, "祁东县", (1, 4)),  # the same text twice
        UNLIKE,
    ]
    rights = [RIGHT, "问题清单：交办、督办、销号、问责。"]
    for seed in range(10):
        chosen = distractors(ENTRY, pool, random.Random(seed), rights)
        # Either of the two with the same text, never both.
        assert [c.text for c in chosen] == [SAME_SHAPE_SAME_REGION.text, SAME_SHAPE.text, UNLIKE.text]


def test_the_same_seed_asks_the_same_question(termbase: TermBase) -> None:
    deck = build_deck(termbase, DeckSpec("region", "祁东县"))
    pool = candidates(termbase)
    first = [make_question(termbase, e, pool, random.Random(7)) for e in deck.entries]
    again = [make_question(termbase, e, pool, random.Random(7)) for e in deck.entries]
    assert first == again
    assert len({tuple(c.term for c in q.choices) for q in first}) > 1


def test_a_question_on_a_report_definition(termbase: TermBase) -> None:
    deck = build_deck(termbase, DeckSpec("region", "祁东县"))
    entry = deck.entries[0]
    assert entry.term == "五制一平台"
    pool = candidates(termbase)
    answers = set()
    for seed in range(12):
        q = make_question(termbase, entry, pool, random.Random(seed))
        assert len(q.choices) == 4 and len({c.text for c in q.choices}) == 4
        assert [c.term for c in q.choices].count("五制一平台") == 1
        assert q.choices[q.answer] == type(q.choices[0])(entry.definition.text, "五制一平台")
        assert q.is_right(q.answer) and not any(q.is_right(i) for i in range(4) if i != q.answer)
        answers.add(q.answer)
        # The passage is the glossary entry the definition was read from, the term marked.
        assert q.passage is not None
        assert q.passage.text[q.passage.start:q.passage.end] == "五制一平台"
        assert entry.definition.text[:10] in q.passage.text
        assert (q.passage.source.title, q.passage.source.region) == ("祁东县政府工作报告", "祁东县")
        # And a use in running text besides: how the reports use the term.
        assert q.use is not None and q.use.text[q.use.start:q.use.end] == "五制一平台"
        assert "实行“五制一平台”机制" in q.use.text or "全面落实“五制一平台”" in q.use.text
    assert len(answers) > 1  # the right answer is not always in the same place


def test_a_reference_definition_shows_a_use_in_the_reports(termbase: TermBase) -> None:
    deck = build_deck(termbase, DeckSpec("region", "祁东县"))
    entry = next(e for e in deck.entries if e.term == "双减")
    assert entry.definition.kind == "reference"
    q = make_question(termbase, entry, candidates(termbase), random.Random(0))
    assert q.passage is None  # no report holds a reference text
    # Marked as the term page marks the use (with its quotes and what the occurrence takes in).
    assert q.use is not None and "双减" in q.use.text[q.use.start:q.use.end]
    assert "落实“双减”政策" in q.use.text and q.use.source.region == "祁东县"


def test_the_pool_has_one_definition_per_term_reports_first(termbase: TermBase) -> None:
    pool = candidates(termbase)
    assert len({c.key for c in pool}) == len(pool)
    four = next(c for c in pool if c.term == "四上企业")
    assert four.text.startswith("指规模以上工业企业、房地产企业") and four.region == "祁东县"
    assert next(c for c in pool if c.term == "五制一平台").shape == (5, 1)
