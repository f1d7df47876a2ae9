"""The shorthand vocabulary: quoted coinages are terms, slogans and ordinary words are not."""

from __future__ import annotations

import pytest

from glossary_app.core.vocabulary import Sighting, find_sightings, is_numeric_abbreviation, is_shorthand


@pytest.mark.parametrize("text", ["一单四制", "三高四新", "5+N", "放管服", "双减", "规民", "两不愁三保障", "四上"])
def test_shorthand(text: str, common_freq) -> None:
    assert is_shorthand(text, common_freq)


@pytest.mark.parametrize("text", [
    "疫情要防住、经济要稳住、发展要安全",  # slogan
    "祁东在蝶变 我们怎么干",  # quoted speech
    "绿水青山就是金山银山",  # long phrase
    "刀刃",  # an ordinary word in scare quotes
    "互联网",
    "12345",
    "的",
])
def test_not_shorthand(text: str, common_freq) -> None:
    assert not is_shorthand(text, common_freq)


def test_numeric_abbreviation() -> None:
    assert is_numeric_abbreviation("“一单四制”") and is_numeric_abbreviation("5+N")
    assert not is_numeric_abbreviation("放管服")


def test_suffix_outside_the_quotes_joins_the_term(common_freq) -> None:
    texts = ["新增“四上”企业22家。", "抓好“四上”企业培育，落实“双减”政策，推进“放管服”改革。"]
    assert sorted(find_sightings(texts, common_freq), key=lambda s: s.term) == sorted([
        Sighting("四上企业", 2, "四上"), Sighting("双减", 1, "双减"), Sighting("放管服", 1, "放管服"),
    ], key=lambda s: s.term)


def test_titles_in_book_quotes_are_not_terms(common_freq) -> None:
    assert find_sightings(["印发《湘阴县打好发展“六仗”总体方案》的通知"], common_freq) == [Sighting("六仗", 1, "六仗")]
