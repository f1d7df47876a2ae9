"""Search: what officials type finds the right entry first, in every tier, and no query can hurt."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from glossary_app.core import TermBase, search
from glossary_app.core.search import TIERS, parse_query
from glossary_app.core.searchkey import fold
from glossary_app.core.segment import Segmenter

# (query as typed, first result's term, how it matched), on the term base built from data/reports.
CASES = [
    # exact: the term, its quote marks, widths, spaces, numerals, traditional characters and aliases
    ("五制一平台", "五制一平台", "exact"),
    ("“五制一平台”", "五制一平台", "exact"),
    ('"五制一平台"', "五制一平台", "exact"),
    ("「五制一平台」", "五制一平台", "exact"),
    ("＂五制一平台＂", "五制一平台", "exact"),
    ("五 制 一 平 台", "五制一平台", "exact"),
    ("四上", "四上企业", "exact"),  # alias
    ("“四上”企业", "四上企业", "exact"),
    ("5+N产业体系", "5+N产业体系", "exact"),
    ("５＋Ｎ产业体系", "5+N产业体系", "exact"),  # full-width
    ("五+N产业体系", "5+N产业体系", "exact"),  # numeral
    ("5+N", "5+N产业体系", "exact"),
    ("二不愁三保障", "两不愁三保障", "exact"),  # 二/两
    ("2不愁3保障", "两不愁三保障", "exact"),
    ("兩不愁三保障", "两不愁三保障", "exact"),  # traditional
    ("發展六仗", "发展六仗", "exact"),
    ("雙減", "双减政策", "exact"),
    ("專精特新", "专精特新企业", "exact"),
    # short terms: one and two characters
    ("双减", "双减政策", "exact"),
    ("四风", "四风", "exact"),
    ("三情", "三情", "exact"),
    ("规民", "规民", "exact"),
    ("規民", "规民", "exact"),
    ("十四五", "十四五", "exact"),
    # prefix
    ("五制一", "五制一平台", "prefix"),
    ("两不愁", "两不愁三保障", "prefix"),
    ("枫桥", "枫桥经验", "prefix"),
    ("九树", "九树九戒", "prefix"),
    ("一长", "一长四员", "prefix"),
    ("“五制一", "五制一平台", "prefix"),
    # substring
    ("一平台", "五制一平台", "substring"),
    ("桥经验", "枫桥经验", "substring"),
    ("树九戒", "九树九戒", "substring"),
    ("不愁三保", "两不愁三保障", "substring"),
    # pinyin: initials and full, any case; 长 read zhang or chang
    ("wzypt", "五制一平台", "pinyin"),
    ("WZYPT", "五制一平台", "pinyin"),
    ("wuzhiyipingtai", "五制一平台", "pinyin"),
    ("wu zhi yi ping tai", "五制一平台", "pinyin"),
    ("fqjy", "枫桥经验", "pinyin"),
    ("fengqiaojingyan", "枫桥经验", "pinyin"),
    ("lbcsbz", "两不愁三保障", "pinyin"),
    ("yzsy", "一长四员", "pinyin"),
    ("ycsy", "一长四员", "pinyin"),
    ("wzyp", "五制一平台", "pinyin"),  # initials typed so far
    # fuzzy: one wrong, missing or extra character
    ("五制一平抬", "五制一平台", "fuzzy"),
    ("两不愁三保账", "两不愁三保障", "fuzzy"),
    ("枫桥经脸", "枫桥经验", "fuzzy"),
    ("两不愁保障", "两不愁三保障", "fuzzy"),
    ("九树九九戒", "九树九戒", "fuzzy"),
    ("五制一平台台", "五制一平台", "fuzzy"),
    ("“五制一平抬”", "五制一平台", "fuzzy"),
    # definition: the words a definition uses (reverse lookup)
    ("交办制", "一单四制", "definition"),
    ("乱堆乱放", "六乱", "definition"),
    ("奢靡之风", "四风", "definition"),
    ("旱情", "三情", "definition"),  # two characters
    ("检验检测机构", "双认证", "definition"),
    ("全国经济普查", "五经普", "definition"),
    ("护林员", "一长四员", "definition"),
    ("躺平", "九树九戒", "definition"),
    ("林长+林业", "一长四员", "definition"),
    ("形式主义 官僚主义", "四风", "definition"),  # two words
    # text: any phrase of the reports, no term needed
    ("项目完成投资", "项目完成投资", "text"),
    ("锲而不舍", "锲而不舍", "text"),
    ("芷江侗族自治县", "芷江侗族自治县", "text"),
    ("蝶变", "蝶变", "text"),  # two characters
    ("蝶", "蝶", "text"),  # one
    # a question or several terms: the terms it names
    ("五制一平台是什么", "五制一平台", "exact"),
    ("四上企业 五制一平台", "四上企业", "exact"),
]


@pytest.mark.parametrize(("query", "term", "match"), CASES)
def test_first_result(seed_termbase: TermBase, query: str, term: str, match: str) -> None:
    first = seed_termbase.lookup(query).results[0]
    assert (first.term, first.match) == (term, match)


def test_cases_cover_every_tier() -> None:
    assert {match for _, _, match in CASES} == set(TIERS)


def test_text_passages_mark_the_phrase_found_in_any_form(seed_termbase: TermBase) -> None:
    for query in ("蝶变", "项目完成投资", "項目完成投資", "芷江侗族自治县"):
        result = seed_termbase.lookup(query).results[-1]
        assert result.match == "text" and result.passages
        assert {fold(p.text[p.start:p.end]) for p in result.passages} == {fold(query)}


def test_passages_are_capped_and_counted_in_full(seed_termbase: TermBase) -> None:
    everything = seed_termbase.lookup("四上企业", passages=None).results[0]
    capped = seed_termbase.lookup("四上企业", passages=2).results[0]
    assert capped.occurrences == everything.occurrences == len(everything.passages) > 2
    assert capped.passages == everything.passages[:2]
    assert len(seed_termbase.lookup("发展").results[0].passages) <= 20


def test_passages_newest_document_first(seed_termbase: TermBase) -> None:
    passages = seed_termbase.lookup("四上企业", passages=None).results[0].passages
    dates = [p.source.date or "" for p in passages]
    assert dates == sorted(dates, reverse=True)


def test_limit_and_tier_order(seed_termbase: TermBase) -> None:
    results = seed_termbase.lookup("三品", limit=2).results
    assert [r.match for r in results] == ["prefix", "prefix"]
    matches = [r.match for r in seed_termbase.lookup("五制").results]
    assert matches == sorted(matches, key=TIERS.index)


def test_exact_lookup_does_not_start_jieba(seed_termbase: TermBase) -> None:
    fresh = TermBase(seed_termbase.db)
    for query in ("五制一平台", "五制一", "wzypt", "五制一平抬", "交办制", "项目完成投资"):
        assert fresh.lookup(query).results
    assert not fresh.search.segmenter.started


def test_a_new_process_looks_up_without_jieba(seed_termbase: TermBase) -> None:
    path = seed_termbase.db.execute("PRAGMA database_list").fetchone()[2]
    code = ("import sys; from glossary_app.core import TermBase\n"
            f"r = TermBase.open({path!r}).lookup('五制一平台').results[0]\n"
            "print(r.term, 'jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["五制一平台", "False"]


# Characters that mean something to FTS5, SQL LIKE, regular expressions or terminals.
NASTY = ['"', '""', "'", "“", "”", "*", "^", ":", "-", "+", "(", ")", "{", "}", "[", "]", "%", "_", "\\", "/",
         "AND", "OR", "NOT", "NEAR", "NEAR(a b, 2)", "a OR b", "col:", "\x00", "\x1b[31m", "\ud800", "\udfff",
         "😀", "\u200d", "\ufeff", "\n", "\r\n", "\t", " ", "\u3000", "五制", "wzypt", "平台", "一", "5+N",
         # markup, bidi controls and right-to-left text (issue 7: hostile queries)
         "<script>alert(1)</script>", "<b>", "&amp;", "&#0;", "\u202e", "\u202d", "\u2066", "\u2069", "\u200f",
         "\u200b", "مرحبا", "\U000e0041", "\ufffe", "%00", "\\x00"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=12)), max_size=8).map("".join))
@example("五" * 10_000)
@example("a" * 10_000)
@example("“" * 10_000)
@example("五制一平台 " * 2_000)
@example('"五制" AND "平台" NOT 四上 NEAR(四 上) * ^ : -')
def test_no_query_can_hurt(seed_termbase: TermBase, query: str) -> None:
    lookup = seed_termbase.lookup(query)
    assert len(lookup.results) <= 10
    for result in lookup.results:
        assert result.match in TIERS
        assert result.occurrences >= len(result.passages)
        for p in result.passages:
            assert 0 <= p.start <= p.end <= len(p.text)
    lookup.to_json()


@pytest.mark.parametrize("query", ["一", "五", "三", "四上", "两", "双", "专精"])
def test_prefix_of_thousands_of_keys_ranks_the_same(seed_termbase: TermBase, query: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # A query that starts thousands of keys is ranked one key length at a time; same order.
    parsed = parse_query(query)
    in_one_go = seed_termbase.search.prefix(parsed, 10, set())
    monkeypatch.setattr(search, "_MANY", 1)
    assert seed_termbase.search.prefix(parsed, 10, set()) == in_one_go


def test_segmenter_keeps_terms_whole() -> None:
    segmenter = Segmenter(lambda: ["五制一平台", "两不愁三保障"])
    assert not segmenter.started
    assert segmenter.cut("落实五制一平台和两不愁三保障！") == ["落实", "五制一平台", "和", "两不愁三保障"]
    assert segmenter.started
