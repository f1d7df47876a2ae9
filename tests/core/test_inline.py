"""Inline definitions: one fixture per pattern, and the negatives that must not be trusted."""

from __future__ import annotations

import pytest

from glossary_app.core.inline import count_check, find_inline_definitions, split_items
from glossary_app.core.normalize import normalize
from glossary_app.core.split import Document


def _doc(text: str) -> Document:
    return Document(title="测试", paragraphs=normalize(text))


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(d.term, d.pattern, d.text) for d in find_inline_definitions(_doc(text))]


CASES = [
    # enumeration right before a numeric term, count and morphemes checked
    ("要按照动态问题清单和交办制、台账制、销号制、通报制“一单四制”工作机制对工作进展进行跟踪督办。",
     [("一单四制", "enumeration", "动态问题清单；交办制、台账制、销号制、通报制")]),
    ("极端天气适时采取停学、停工、停业、停运“四停”措施。",
     [("四停", "enumeration", "停学、停工、停业、停运")]),
    ("在园区搭建全程代办、科技研发、营销推广、用工保障、法律咨询、财务指导、融资担保和开放合作“八大服务平台”。",
     [("八大服务平台", "enumeration", "全程代办、科技研发、营销推广、用工保障、法律咨询、财务指导、融资担保、开放合作")]),
    ("全面落实行政执法公示、执法过程全记录、重大执法决定法制审核“三项制度”。",
     [("三项制度", "enumeration", "行政执法公示、执法过程全记录、重大执法决定法制审核")]),
    ("实现“三坚决两确保”，即坚决杜绝较大事故，坚决遏制一般事故，坚决防范亡人事故，确保事故起数、死亡人数下降，确保形势平稳。",
     [("三坚决两确保", "defining-verb", "坚决杜绝较大事故，坚决遏制一般事故，坚决防范亡人事故，确保事故起数、死亡人数下降，确保形势平稳")]),
    # expansion in brackets right after
    ("面对“三情”（疫情、旱情、火情）等超预期因素冲击。", [("三情", "parenthesis", "疫情、旱情、火情")]),
    ("开展“两癌”（乳腺癌、宫颈癌）免费筛查。", [("两癌", "parenthesis", "乳腺癌、宫颈癌")]),
    # 即 / 是指 / 指 / 包括
    ("驰而不息纠治“四风”，即形式主义、官僚主义、享乐主义、奢靡之风。",
     [("四风", "defining-verb", "形式主义、官僚主义、享乐主义、奢靡之风")]),
    ("“放管服”是指简政放权、放管结合、优化服务。", [("放管服", "defining-verb", "是指简政放权、放管结合、优化服务")]),
    ("落实“三保”，指保基本民生、保工资、保运转。", [("三保", "defining-verb", "保基本民生、保工资、保运转")]),
    ("“三品一标”包括无公害农产品、绿色食品、有机农产品、农产品地理标志。",
     [("三品一标", "includes", "无公害农产品、绿色食品、有机农产品、农产品地理标志")]),
    # a term's groups each defined right after it
    ("全面推行“一单五制”抓落实工作机制，“一单”即清单化，“五制”即交办制、台账制、讲评考评制、通报制、奖惩制。",
     [("一单五制", "parts", "一单：清单化；五制：交办制、台账制、讲评考评制、通报制、奖惩制"),
      ("一单", "defining-verb", "清单化"),
      ("五制", "defining-verb", "交办制、台账制、讲评考评制、通报制、奖惩制")]),
    # 简称
    ("加快培育规模以上工业企业（以下简称“规上企业”），壮大实体经济。",
     [("规上企业", "abbreviation", "规模以上工业企业")]),
    ("成立湘阴县推进城区居民小区物业管理工作领导小组（以下简称“领导小组”），由副县长任组长。",
     [("领导小组", "abbreviation", "湘阴县推进城区居民小区物业管理工作领导小组")]),
    # the same term meaning different things in different parts of a county
    ("归阳片区“一主一特”产业为新材料和新能源汽车；双星片区“一主一特”产业为现代物流和商贸服务业。",
     [("一主一特", "predicate", "归阳片区：新材料、新能源汽车"), ("一主一特", "predicate", "双星片区：现代物流、商贸服务业")]),
]

NEGATIVES = [
    # a count that does not match is never trusted
    "要按照问题清单和交办制、台账制、通报制“一单四制”工作机制开展督办。",
    "面对“三情”（疫情、旱情）冲击。",
    "落实“四停”，即停学、停工。",
    # examples (等) are not the items a number counts; amounts are not items
    "常德经开区、常德高新区和桃源、石门、临澧、汉寿等县市园区力争在全省“五好”园区评价中进入30强。",
    "发放城乡低保4.98亿元、残疾人“两项”补贴0.93亿元。",
    # the enumeration is the subject of a verb, not the expansion
    "支持引导国有企业、社会资本、专业机构参与“三资”运作。",
    # slogans and quoted speech are not terms
    "坚决落实“疫情要防住、经济要稳住、发展要安全”重要要求。",
    "深入开展“祁东在蝶变 我们怎么干”解放思想大讨论。",
    # brackets that name who is responsible are not expansions
    "推进“一网通办”（县市场监管局、县行政审批局牵头）。",
    "建成“明厨亮灶+互联网”指挥中心。",
    "对“三强”“三堵”行为露头就打、穷追猛打。",
    "“十大引领性工程”指挥部由政协主席任指挥长。",
]


@pytest.mark.parametrize("text,expected", CASES)
def test_each_pattern_finds_its_definition(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert sorted(_found(text)) == sorted(expected)


@pytest.mark.parametrize("text", NEGATIVES)
def test_untrusted_or_non_terms_give_nothing(text: str) -> None:
    assert _found(text) == []


def test_heading_followed_by_its_items() -> None:
    text = "\n".join([
        "湘阴县打好发展“六仗”总体方案",
        "一、指导思想",
        "坚持稳中求进。",
        "二、重点任务",
        "(一) 打好经济增长主动仗，推动经济运行整体好转。",
        "（二）打好科技创新攻坚仗，推动创新能力增强。",
        "（三）打好优化发展环境持久仗，推动动能汇聚。",
        "（四）打好防范化解风险阻击仗，推动风险可控。",
        "（五）打好安全生产翻身仗，建设平安湘阴。",
        "（六）打好重点民生保障仗，推动品质提升。",
    ])
    assert _found(text) == [("六仗", "heading-items",
                             "经济增长主动仗、科技创新攻坚仗、优化发展环境持久仗、防范化解风险阻击仗、安全生产翻身仗、重点民生保障仗")]


def test_heading_with_too_few_items_is_not_trusted() -> None:
    text = "打好发展“六仗”\n（一）打好经济增长主动仗，推动发展。\n（二）打好科技创新攻坚仗，推动创新。\n三、保障措施"
    assert _found(text) == []


@pytest.mark.parametrize("term,items,expected", [
    ("一单四制", ["动态问题清单", "交办制", "台账制", "销号制", "通报制"], 0.95),
    ("两不愁三保障", ["不愁吃", "不愁穿", "义务教育有保障", "基本医疗有保障", "住房安全有保障"], 0.95),
    ("二不愁三保障", ["不愁吃", "不愁穿", "义务教育有保障", "基本医疗有保障", "住房安全有保障"], 0.95),
    ("三情", ["疫情", "旱情"], None),
    ("三情", ["甲", "乙", "丙"], 0.8),
    ("放管服", ["简政放权"], None),
])
def test_count_check(term: str, items: list[str], expected: float | None) -> None:
    assert count_check(term, items) == expected


def test_split_items() -> None:
    assert split_items("动态问题清单和交办制、台账制，销号制；通报制。") == ["动态问题清单", "交办制", "台账制", "销号制", "通报制"]
