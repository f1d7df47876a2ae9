"""core.browse: documents with use offsets, term lists, undefined terms, links and numeric breakdowns."""

from __future__ import annotations

import pytest

from glossary_app.core import TermBase
from glossary_app.core.browse import Breakdown, Browser, numeric_breakdown

# (term, definition, parts): how a numeric abbreviation is taken apart.
BREAKDOWNS = [
    ("五制一平台", "备案监督制、承诺兑现制、规模榜单制、清单管理制、现场观摩制，重大项目“云调度”平台。",
     [("五制", ["备案监督制", "承诺兑现制", "规模榜单制", "清单管理制", "现场观摩制"]),
      ("一平台", ["重大项目“云调度”平台"])]),
    ("发展六仗", "即经济增长主动仗、科技创新攻坚仗、优化发展环境持久仗、防范化解风险阻击仗、安全生产翻身仗、重点民生保障仗。",
     [("六仗", ["经济增长主动仗", "科技创新攻坚仗", "优化发展环境持久仗", "防范化解风险阻击仗", "安全生产翻身仗",
               "重点民生保障仗"])]),
    # Items that do not end in the morpheme are still shared out when the count adds up.
    ("四上企业", "指规模以上工业企业、房地产企业和有资质的建筑业企业、限额以上批发零售住宿餐饮业企业、规模以上服务业企业。",
     [("四上企业", ["规模以上工业企业", "房地产企业和有资质的建筑业企业", "限额以上批发零售住宿餐饮业企业", "规模以上服务业企业"])]),
    # A definition that does not enumerate leaves the parts without items.
    ("三主三特", "按照每个省级产业园区“一主一特”发展定位。", [("三主", []), ("三特", [])]),
]


@pytest.fixture
def browser(termbase: TermBase) -> Browser:
    return Browser(termbase.db)


@pytest.mark.parametrize(("term", "definition", "parts"), BREAKDOWNS)
def test_numeric_breakdown(term: str, definition: str, parts: list) -> None:
    assert numeric_breakdown(term, [definition]) == Breakdown(parts)


def test_breakdown_is_none_for_words_that_count_nothing() -> None:
    assert numeric_breakdown("乡村振兴", ["实施乡村振兴战略"]) is None


def test_uses_point_into_the_document_text(browser: Browser) -> None:
    term_id = browser.find_term("五制一平台")
    uses = browser.uses(term_id)
    assert len(uses) == 2
    for use in uses:
        paragraphs = browser.document(use.document_id).paragraphs
        assert paragraphs[use.paragraph][use.start:use.end].strip("“”") == "五制一平台"
        p = use.passage
        assert p.text[p.start:p.end] == paragraphs[use.paragraph][use.start:use.end]
        assert p.source.document_id == use.document_id
    # Newest document first, as TermBase.passages orders them.
    assert [u.passage.source.date for u in uses] == ["2023-03-27", "2021-12-29"]


def test_details_of_a_term_and_of_a_word_only_in_running_text(browser: Browser) -> None:
    details = browser.details("“四上”企业")
    assert (details.term, details.definitions[0].kind, len(details.uses)) == ("四上企业", "glossary", 2)
    assert len(details.links) == len(details.definitions)
    text_only = browser.details("项目完成投资")
    assert (text_only.term_id, text_only.definitions) == (None, [])
    assert [u.passage.text[u.passage.start:u.passage.end] for u in text_only.uses] == ["项目完成投资"]


def test_terms_inside_a_definition_are_found_for_links(browser: Browser) -> None:
    text = "聚焦“四上”企业，落实五制一平台。"
    assert browser.linked_terms(text, exclude="五制一平台") == [(2, 8, "四上企业")]


def test_term_lists(browser: Browser) -> None:
    pinyin = dict(browser.terms_by_pinyin())
    assert "五制一平台" in [r.term for r in pinyin["W"]]
    assert "四上企业" in [r.term for r in pinyin["S"]]
    regions = dict(browser.terms_by_region())
    assert set(regions) == {"祁东县", "常德市"}
    assert {r.term for r in regions["常德市"]} >= {"四上企业", "五制一平台"}
    documents = browser.terms_by_document()
    assert [info.title for info, _ in documents] == ["祁东县政府工作报告", "2022年常德市政府工作报告"]


def test_undefined_terms_are_used_but_never_defined(browser: Browser) -> None:
    undefined = browser.undefined_terms()
    assert all(r.definitions == 0 and r.occurrences > 0 for r in undefined)
    assert undefined and "五制一平台" not in {r.term for r in undefined}
    assert [r.occurrences for r in undefined] == sorted((r.occurrences for r in undefined), reverse=True)


def test_stats_add_regions_and_undefined(browser: Browser) -> None:
    stats = browser.stats()
    assert stats["regions"] == 2
    assert stats["undefined"] == len(browser.undefined_terms())
    assert stats["documents"] == 2
