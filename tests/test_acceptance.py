"""The issues' 'done when' lookups, on the five bundled seed reports."""

from __future__ import annotations

from glossary_app.core import TermBase
from glossary_app.core.termkey import strip_quotes


def test_wuzhi_yipingtai_shows_the_qidong_definition_and_its_uses(seed_termbase: TermBase) -> None:
    top = seed_termbase.lookup("五制一平台").results[0]
    assert top.term == "五制一平台" and top.match == "exact"
    [definition] = [d for d in top.definitions if d.kind == "glossary"]
    assert definition.text == "备案监督制、承诺兑现制、规模榜单制、清单管理制、现场观摩制，重大项目“云调度”平台。"
    assert (definition.source.title, definition.source.region, definition.source.date) == (
        "祁东县政府工作报告", "祁东县", "2023-03-27")
    assert len(top.passages) == top.occurrences == 2
    assert all(p.source.title == "祁东县政府工作报告" for p in top.passages)


def test_sishang_qiye_jingzhou_definition_then_reference_and_three_changde_passages(seed_termbase: TermBase) -> None:
    for query in ("四上企业", "四上", "“四上”企业"):
        top = seed_termbase.lookup(query).results[0]
        assert top.term == "四上企业"
        assert [d.kind for d in top.definitions] == ["glossary", "reference"]
        assert top.definitions[0].source.region == "靖州苗族侗族自治县"
        assert top.definitions[0].text.startswith("指规模以上工业企业")
        assert "国家统计局" in top.definitions[1].source.title
        changde = [p for p in top.passages if p.source.title == "2022年常德市政府工作报告"]
        assert len(changde) == 3
        assert {p.text[p.start:p.end] for p in changde} == {"四上企业"}


def test_yidan_sizhi_inline_expansion(seed_termbase: TermBase) -> None:
    top = seed_termbase.lookup("一单四制").results[0]
    inline = [d for d in top.definitions if d.kind == "inline"]
    assert [d.text for d in inline] == ["动态问题清单；交办制、台账制、销号制、通报制"]
    assert inline[0].source.region == "湘阴县" and inline[0].pattern == "enumeration"
    assert len(top.passages) >= 4


def test_a_term_nobody_defines_still_shows_its_passages(seed_termbase: TermBase) -> None:
    top = seed_termbase.lookup("闯创干").results[0]
    assert top.term == "闯创干" and top.definitions == []
    # ‘闯’‘创’‘干’ is a use too: quotes may fall anywhere.
    assert top.passages and all(strip_quotes(p.text[p.start:p.end]) == "闯创干" for p in top.passages)


def test_yizhu_yite_means_different_things_in_zhijiang_and_qidong(seed_termbase: TermBase) -> None:
    from glossary_app.core.termbase import disagreeing

    top = seed_termbase.lookup("一主一特").results[0]
    regions = [d.source.region for d in top.definitions]
    assert regions[0] == "芷江侗族自治县" and "祁东县" in regions
    assert disagreeing(top.definitions)
