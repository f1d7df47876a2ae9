"""How the search reads text: folding, one token a character, pinyin."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary_app.core.searchkey import fold, fold_with_offsets, match_phrase, pinyin_keys, stream

FOLDS = [
    ("“五制一平台”", "5制1平台"),  # quote marks go, counting numerals become digits
    ("「四上」企业", "4上企业"),
    ("五 制\u3000一\t平台", "5制1平台"),  # spaces of every width
    ("５＋Ｎ", "5+n"),  # full width, upper case
    ("二两2", "222"),
    ("十四五", "十45"),  # 十 keeps its length, so offsets map back one to one
    ("兩不愁三保障", "2不愁3保障"),  # traditional characters
    ("發展", "发展"),
    ("a\x00b\x1b\u200dc\ufeff", "abc"),  # control and invisible characters
    ("x\ud800y", "xy"),  # a lone surrogate, as only typed input holds
    ("😀", "😀"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "folded"), FOLDS)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_stream_makes_every_character_a_token() -> None:
    assert stream("5+n产业") == "5 ＋ n 产 业"
    assert match_phrase('a"b') == '"a ＂ b"'
    assert stream("") == ""


@pytest.mark.parametrize(("term", "initials", "full"), [
    ("五制一平台", "wzypt", "wuzhiyipingtai"),
    ("一长四员", "yzsy", "yizhangsiyuan"),
    ("5+N产业体系", "5ncytx", "5nchanyetixi"),
])
def test_pinyin_keys(term: str, initials: str, full: str) -> None:
    got_initials, got_full = pinyin_keys(term)
    assert initials in got_initials.split() and full in got_full.split()


def test_pinyin_keys_keep_both_readings_of_a_heteronym() -> None:
    assert set(pinyin_keys("一长四员")[0].split()) == {"yzsy", "ycsy"}


TEXT = st.text(st.one_of(st.characters(codec="utf-8"), st.sampled_from("“”「」  五二两兩發十ＡＮ＋+")), max_size=40)


@given(TEXT)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(TEXT)
def test_offsets_point_back_into_the_text(text: str) -> None:
    folded, offsets = fold_with_offsets(text)
    assert folded == fold(text)
    assert len(offsets) == len(folded)
    assert offsets == sorted(set(offsets)) and all(0 <= o < len(text) for o in offsets)


def test_offsets_follow_phrase_conversion() -> None:
    # OpenCC converts by phrase: 乾 alone is 干, in 乾隆 it stays
    assert fold_with_offsets("“乾隆”年间") == ("乾隆年间", [1, 2, 4, 5])
