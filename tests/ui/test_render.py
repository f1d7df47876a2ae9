"""ui.render: the term page's rich text escapes document text, links terms and marks differences."""

from __future__ import annotations

from glossary_app.core.browse import Breakdown, TermDetails
from glossary_app.core.termbase import Definition, Source
from glossary_app.core.userdata import OwnDefinition
from glossary_app.ui.render import LIGHT, definition_citation, linked_text, marked_diff, term_link, term_page_html

QIDONG = Source("a.txt", "祁东县政府工作报告", "祁东县", "2023-03-27", 83, document_id=1)
JINGZHOU = Source("b.txt", "靖州县政府工作报告", "靖州县", "2023-12-19", 257, document_id=2)
HOSTILE = '<script>alert(1)</script><a href="file:///etc/passwd">点我</a>&amp;'


def _details(*definitions: Definition, links=None, breakdown=None) -> TermDetails:
    return TermDetails("五制一平台", 7, list(definitions), [], links or [[] for _ in definitions], breakdown)


def test_document_text_is_escaped_everywhere() -> None:
    hostile_source = Source("<b>x</b>.txt", HOSTILE, "<i>县</i>", "2023", 1, 1)
    html = term_page_html(_details(Definition(HOSTILE, "glossary", hostile_source)),
                          [OwnDefinition(1, "五制一平台", HOSTILE, HOSTILE, "")], HOSTILE, LIGHT)
    assert "<script>" not in html and 'href="file:' not in html and "<b>x</b>" not in html and "<i>县" not in html
    assert "&lt;script&gt;" in html and "&amp;amp;" in html


def test_links_to_terms_named_in_a_definition() -> None:
    text = "按照“一主一特”发展定位"
    assert linked_text(text, [(3, 7, "一主一特")]) == f'按照“<a href="{term_link("一主一特")}">一主一特</a>”发展定位'
    # Overlapping matches: the first wins, nothing is doubled.
    assert linked_text("甲乙丙", [(0, 2, "甲乙"), (1, 3, "乙丙")]) == f'<a href="{term_link("甲乙")}">甲乙</a>丙'
    assert term_link("5+N") == "term:5%2BN"


def test_differences_are_marked_on_both_sides() -> None:
    left, right = marked_diff("经济增长主动仗", "经济增长“主动仗”", "#f00")
    assert left == "经济增长主动仗"
    assert right == '经济增长<span style="background-color:#f00">“</span>主动仗<span style="background-color:#f00">”</span>'


def test_page_has_kinds_sources_breakdown_comparison_and_own_layer() -> None:
    html = term_page_html(
        _details(Definition("甲、乙", "glossary", QIDONG), Definition("甲、丙", "inline", JINGZHOU, confidence=0.8, variant=1),
                 breakdown=Breakdown([("五制", ["甲"]), ("一平台", [])])),
        [OwnDefinition(4, "五制一平台", "我的理解", "科室口径", "")], "记得核对", LIGHT)
    for expected in ("【名词解释】", "【正文释义·可信度80%】", "《祁东县政府工作报告》（2023-03-27） · a.txt 第83行",
                     "构成", "释义对比", "【我的注释】", "科室口径", 'href="delete-own:4"', "我的笔记", "记得核对",
                     'href="copy:1"'):
        assert expected in html


def test_definitions_of_one_variant_are_not_compared() -> None:
    same = _details(Definition("甲、乙。", "glossary", QIDONG), Definition("甲，乙", "glossary", JINGZHOU))
    assert "释义对比" not in term_page_html(same, [], "", LIGHT)
    reference = _details(Definition("甲、乙。", "glossary", QIDONG), Definition("丙", "reference", JINGZHOU, variant=1))
    assert "释义对比" not in term_page_html(reference, [], "", LIGHT)


def test_undefined_and_unknown_terms_say_so() -> None:
    assert "暂无释义" in term_page_html(_details(), [], "", LIGHT)
    unknown = TermDetails("<无此词>", None, [], [])
    html = term_page_html(unknown, [], "", LIGHT)
    assert "词库中暂无“&lt;无此词&gt;”" in html


def test_citation_for_drafting() -> None:
    assert definition_citation("五制一平台", Definition("甲、乙。", "glossary", QIDONG)) == (
        "五制一平台：甲、乙。（来源：《祁东县政府工作报告》（2023-03-27））")
