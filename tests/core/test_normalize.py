"""Tests for glossary_app.core.normalize: rebuilding paragraphs and mapping them to raw lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary_app.core.normalize import (
    DOC_NUMBER_RE,
    MARKER_RE,
    Paragraph,
    clean_line,
    display_width,
    is_page_furniture,
    normalize,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "glossary"


def texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs]


def raw_line(text: str, line_no: int) -> str:
    return text.split("\n")[line_no - 1]


# ------------------------------------------------------------ hard-wrapped PDF text

WRAPPED_PARAGRAPHS = [
    "政府工作报告",
    "各位代表：",
    "现在，我代表县人民政府向大会报告工作，请予审议，并请各位政协委员和列席人员提出意见。",
    "一、2023年工作回顾",
    "2023年，全县上下坚持稳中求进工作总基调，锚定“三高四新”美好蓝图，全力打好“发展六仗”，"
    "推动县域经济高质量发展，较好地完成了年初确定的目标任务。全年实现GDP增长5.6%，"
    "规模工业增加值增长11.4%，固定资产投资增长8.3%。",
    "（一）坚持速度温度双提升，项目建设添新力。锲而不舍跑项目、争资金，全年争取到位资金32.99亿元，"
    "同比增长18.38%。",
    "名词解释",
    "1.“5+N”产业体系：以先进制造、商贸物流、文化旅游、医药大健康、绿色农产品及其加工5大重点产业为基础，"
    "打造13条产业链和两个特色产业项目。",
    "2.一部一站：武装部与退役军人事务站合署办公。",
]


def test_wrapped_pdf_text_rebuilds_its_paragraphs_exactly() -> None:
    # Lines wrapped at 15 CJK characters with blank lines between them, a page
    # number, a stray space after the page break, "加工 5大" and "增长1/1.4%".
    paragraphs = normalize((FIXTURES / "wrapped_pdf.txt").read_text(encoding="utf-8"))
    assert texts(paragraphs) == WRAPPED_PARAGRAPHS


def test_wrapped_pdf_paragraphs_start_on_their_raw_lines() -> None:
    paragraphs = normalize((FIXTURES / "wrapped_pdf.txt").read_text(encoding="utf-8"))
    assert [p.line for p in paragraphs] == [1, 3, 5, 11, 13, 29, 37, 39, 49]
    assert [p.line_starts[-1][1] for p in paragraphs] == [1, 3, 9, 11, 27, 35, 37, 47, 51]


@pytest.mark.parametrize(
    ("paragraph", "needle", "line_no", "raw_start"),
    [
        (2, "现在", 5, "现在，我代表"),
        (2, "告工作", 7, "告工作，请予审议"),
        (2, "提出意见。", 9, "委员和列席人员"),
        (4, "域经济高质量", 21, " 域经济高质量发展"),  # after the page number, stray space
        (4, "11.4%", 25, "P增长5.6%"),  # a number cut by the wrap starts on the line before
        (4, "1.4%，固定", 27, "1.4%，固定资产"),
        (7, "加工5大", 43, "、绿色农产品及其加工 5大"),
        (7, "两个特色", 45, "业为基础，打造13条产业链和两个"),
        (8, "务站合署", 51, "务站合署办公。"),
    ],
)
def test_wrapped_pdf_line_at_maps_offsets_back_to_raw_lines(
    paragraph: int, needle: str, line_no: int, raw_start: str
) -> None:
    raw = (FIXTURES / "wrapped_pdf.txt").read_text(encoding="utf-8")
    p = normalize(raw)[paragraph]
    offset = p.text.index(needle)
    assert p.line_at(offset) == line_no
    assert raw_line(raw, line_no).startswith(raw_start)


def test_wrapped_pdf_line_starts_point_at_each_raw_line_text() -> None:
    raw = (FIXTURES / "wrapped_pdf.txt").read_text(encoding="utf-8")
    for p in normalize(raw):
        bounds = [o for o, _ in p.line_starts] + [len(p.text)]
        for (offset, line_no), end in zip(p.line_starts, bounds[1:]):
            # Each piece is its raw line, tidied by clean_line.
            assert p.text[offset:end] == clean_line(raw_line(raw, line_no))


def wrapped(lines: list[str]) -> str:
    """A PDF-like text: the lines with a blank line after each."""
    return "\n\n".join(lines) + "\n"


# 22 lines of 15 CJK characters, enough for the text to read as hard-wrapped.
FILLER = ["县域经济高质量发展取得新的成效而且" [:15]] * 22


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # A full-width line ending a sentence, then a numbered heading: two paragraphs.
        (
            ["全县上下坚持稳中求进工作总基调，", "较好地完成了年初确定的目标任务。", "（二）坚持总量质量双兼顾，产业", "发展开新局。"],
            ["全县上下坚持稳中求进工作总基调，较好地完成了年初确定的目标任务。", "（二）坚持总量质量双兼顾，产业发展开新局。"],
        ),
        # A short heading line between two paragraphs stays on its own.
        (
            ["全县上下坚持稳中求进工作总基调，", "完成了目标任务。", "二、2024年工作目标任务", "各位代表，2024年是贯彻党的二十", "大精神的重要之年。"],
            ["全县上下坚持稳中求进工作总基调，完成了目标任务。", "二、2024年工作目标任务", "各位代表，2024年是贯彻党的二十大精神的重要之年。"],
        ),
        # Numbered entries each start a paragraph, even after a full-width line.
        (
            ["1.发展六仗：即经济增长主动仗、科", "技创新攻坚仗、优化发展环境持久", "仗、防范化解风险阻击仗、安全生产", "翻身仗、重点民生保障仗。", "2.基础发展：项目、产业、园区、", "招商、平台。"],
            ["1.发展六仗：即经济增长主动仗、科技创新攻坚仗、优化发展环境持久仗、防范化解风险阻击仗、安全生产翻身仗、重点民生保障仗。", "2.基础发展：项目、产业、园区、招商、平台。"],
        ),
        # A 文号 line and a date line stand alone.
        (
            ["关于滕军等同志职务任免的通知", "芷政人〔2024〕1 号", "免去杨婷同志的县城市建设投资开发", "有限责任公司副总经理职务。", "芷江侗族自治县人民政府", "2024年 1月 16日"],
            ["关于滕军等同志职务任免的通知", "芷政人〔2024〕1号", "免去杨婷同志的县城市建设投资开发有限责任公司副总经理职务。", "芷江侗族自治县人民政府", "2024年1月16日"],
        ),
    ],
    ids=["sentence-end-then-heading", "short-heading", "numbered-entries", "doc-number-and-date"],
)
def test_wrapped_text_never_glues_headings_or_items_to_the_paragraph_before(
    lines: list[str], expected: list[str]
) -> None:
    # The filler paragraph ends on a short line, as paragraphs do.
    filler = FILLER[:-1] + ["县域经济稳中有进。"]
    paragraphs = texts(normalize(wrapped(filler + lines)))
    assert paragraphs == ["".join(filler), *expected]


def test_letter_spaced_heading_collapses() -> None:
    text = "名 词 解 释\n目　录\n1. **“三高四新”**：指三个高地。\n"
    assert texts(normalize(text)) == ["名词解释", "目录", "1. “三高四新”：指三个高地。"]


# ------------------------------------------------------------ one paragraph a line

LONG = "全县上下坚持稳中求进工作总基调，锚定“三高四新”美好蓝图，全力打好“发展六仗”，推动县域经济高质量发展，"


@pytest.mark.parametrize(
    ("lines", "expected", "line_starts"),
    [
        # A paragraph cut in two by a page break (blank line between) is rejoined.
        (
            ["各位代表：", LONG + "较好地", "", "完成了年初确定的目标任务。", "二、2024年工作安排"],
            ["各位代表：", LONG + "较好地完成了年初确定的目标任务。", "二、2024年工作安排"],
            [((0, 1),), ((0, 2), (len(LONG) + 3, 4)), ((0, 5),)],
        ),
        # A dangling paragraph followed by a heading or numbered item is not joined.
        (
            [LONG + "努力实现", "二、2024年工作安排", LONG + "努力实现", "（一）紧盯乡村振兴要点。", LONG + "努力实现", "3.一以贯之重廉洁。"],
            [LONG + "努力实现", "二、2024年工作安排", LONG + "努力实现", "（一）紧盯乡村振兴要点。", LONG + "努力实现", "3.一以贯之重廉洁。"],
            [((0, n),) for n in range(1, 7)],
        ),
        # Nor are a date line, a scrape separator or a 文号 line.
        (
            [LONG + "努力实现", "2025-07-02", "-", LONG + "努力实现", "湘阴发〔2023〕1号"],
            [LONG + "努力实现", "2025-07-02", "-", LONG + "努力实现", "湘阴发〔2023〕1号"],
            [((0, n),) for n in range(1, 6)],
        ),
        # A short line is a heading or a list item, never the first half of a cut paragraph.
        (
            ["县人民政府县长 王刚", "各位代表："],
            ["县人民政府县长 王刚", "各位代表："],
            [((0, 1),), ((0, 2),)],
        ),
    ],
    ids=["page-break-cut", "heading-after-dangling", "standalone-lines", "short-lines"],
)
def test_line_per_paragraph_text(
    lines: list[str], expected: list[str], line_starts: list[tuple[tuple[int, int], ...]]
) -> None:
    paragraphs = normalize("\n".join(lines))
    assert texts(paragraphs) == expected
    assert [p.line_starts for p in paragraphs] == line_starts


WEDGED = [
    "名词解释",
    "1.“五好”园区：规划定位好、创新平台好、产业项目好、体制机制好、发展形象好的产业园区。",
    "2.“五区”建设目标：实现乡村振兴样板区、生态文明示范区、特色产业集聚区、",
    "",
    "各位代表，同志们！让我们更加紧密团结在以习近平同志为核心的党中央周围，奋力谱写新篇章！",
    "",
    "产城融合先导区、经济发展带动区“五区”建设目标。",
    "",
    "3.“四上”企业：指规模以上工业企业。",
]


def test_wedged_closing_paragraph_is_taken_out_and_follows_the_joined_halves() -> None:
    paragraphs = normalize("\n".join(WEDGED))
    assert texts(paragraphs) == [
        "名词解释",
        WEDGED[1],
        "2.“五区”建设目标：实现乡村振兴样板区、生态文明示范区、特色产业集聚区、产城融合先导区、经济发展带动区“五区”建设目标。",
        WEDGED[4],
        WEDGED[8],
    ]
    joined = paragraphs[2]
    assert joined.line_starts == ((0, 3), (len(WEDGED[2]), 7))
    assert joined.line_at(joined.text.index("产城融合")) == 7
    assert paragraphs[3].line == 5


def test_closing_paragraph_in_its_own_place_stays_there() -> None:
    lines = ["加强审计和统计监督，从源头上治理和预防腐败，一体推进“三不腐”。", WEDGED[4], "名词解释"]
    assert texts(normalize("\n".join(lines))) == lines


def test_one_line_web_article_splits_at_spaced_sentence_ends() -> None:
    text = "-\n标题\n第一句话。 第二句话！  第三句话,没有结束\n2025-07-02\n"
    paragraphs = normalize(text)
    assert texts(paragraphs) == ["-", "标题", "第一句话。", "第二句话！", "第三句话,没有结束", "2025-07-02"]
    assert [p.line for p in paragraphs] == [1, 2, 3, 3, 3, 4]


def test_empty_and_blank_text_give_no_paragraphs() -> None:
    assert normalize("") == []
    assert normalize("\n \n\u3000\n- 3 -\n") == []


# ------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  名 词 解 释  ", "名词解释"),
        ("目　录", "目录"),
        ("1. **“三高四新”**：指", "1. “三高四新”：指"),
        ("加工 5大重点产业", "加工5大重点产业"),
        ("实现 GDP增长 5.6%；", "实现GDP增长5.6%；"),
        ("2023 年 2 月 1 日", "2023年2月1日"),
        ("<p>正文</p>", "正文"),
        ("县人民政府县长  彭丽堂", "县人民政府县长  彭丽堂"),  # two names are not letter-spacing
        ("长沙以“强省会”战略为引领 多领域", "长沙以“强省会”战略为引领 多领域"),
        ("a\u00a0b", "a b"),
    ],
)
def test_clean_line(line: str, expected: str) -> None:
    assert clean_line(line) == expected


@pytest.mark.parametrize(
    ("text", "width"),
    [("", 0), ("abc", 3), ("名词", 4), ("５＋Ｎ", 6), ("“五好”", 6), ("GDP增长5.6%", 11)],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


@pytest.mark.parametrize(
    ("line", "expected"),
    [("- 4 -", True), ("—12—", True), ("－ 3 －", True), ("~5~", True), ("-", False), ("- 联系我们", False), ("4", False)],
)
def test_is_page_furniture(line: str, expected: bool) -> None:
    assert is_page_furniture(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("湘阴发〔2023〕1号", True),
        ("芷政人〔2024〕1 号", True),
        ("靖委报[2024]4号", True),
        ("湘阴政办发（2023）5号", True),
        ("关于印发《方案》的通知（湘阴发〔2023〕1号）", False),
        ("2023年1月31日", False),
    ],
)
def test_doc_number_re(line: str, expected: bool) -> None:
    assert bool(DOC_NUMBER_RE.match(line)) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("一、2023年工作回顾", True),
        ("（一）坚持", True),
        ("(二)坚持", True),
        ("1.发展六仗", True),
        ("12、基础发展", True),
        ("（3）提质", True),
        ("2)五好园区", True),
        ("①三高四新", True),
        ("第一章 总则", True),
        ("附件2", True),
        ("1.4%，固定资产投资", False),
        ("2023年，我们", False),
        ("5大重点产业", False),
    ],
)
def test_marker_re(line: str, expected: bool) -> None:
    assert bool(MARKER_RE.match(line)) is expected


def test_paragraph_slice_keeps_its_own_line_map() -> None:
    p = Paragraph("第一行文字第二行文字第三行", ((0, 10), (5, 12), (10, 14)))
    assert p.line == 10
    assert [p.line_at(i) for i in (0, 4, 5, 9, 10, 12, 99)] == [10, 10, 12, 12, 14, 14, 14]
    piece = p.slice(3, 12)
    assert piece.text == "文字第二行文字第三"
    assert piece.line_starts == ((0, 10), (2, 12), (7, 14))


# ------------------------------------------------------------ nothing is lost

_CHARS = st.sampled_from(
    list("政府工作报告名词解释各位代表产业园区一二三五十") + list("aZ09.5%+N") + list("。，、：；！？!?:;“”（）()《》-—*#<>/p ")
    + ["\u3000", "\t", "**", "<p>", "</p>", "\u00a0"]
)
_LINE = st.lists(_CHARS, max_size=60).map("".join)
_FURNITURE = st.integers(1, 999).map(lambda n: f"- {n} -")
# Lines of 13 to 16 CJK characters: texts that read as hard-wrapped PDF.
_WRAPPED_LINE = st.lists(st.sampled_from(list("政府工作报告名词解释产业园区发展") + ["。", "，", "、", "1", "：", "“", "”"]),
                         min_size=13, max_size=16).map("".join)


def _kept_chars(text: str) -> str:
    """The non-space characters normalising must keep: every line's after clean_line, page numbers aside."""
    kept = []
    for line in text.split("\n"):
        line = clean_line(line)
        if not is_page_furniture(line):
            kept.append(line)
    return "".join(c for c in "".join(kept) if not c.isspace())


def _assert_nothing_lost(text: str) -> None:
    paragraphs = normalize(text)
    out = "".join(c for p in paragraphs for c in p.text if not c.isspace())
    assert out == _kept_chars(text)
    raw_count = text.count("\n") + 1
    for p in paragraphs:
        assert p.text.strip() == p.text and p.text
        offsets = [o for o, _ in p.line_starts]
        assert offsets[0] == 0 and offsets == sorted(set(offsets))
        assert all(1 <= n <= raw_count for _, n in p.line_starts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_LINE, _LINE, st.just(""), _FURNITURE), max_size=40))
def test_normalize_loses_nothing_in_free_text(lines: list[str]) -> None:
    _assert_nothing_lost("\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_WRAPPED_LINE, _WRAPPED_LINE, _WRAPPED_LINE, _LINE, _FURNITURE), min_size=20, max_size=60),
       st.booleans())
def test_normalize_loses_nothing_in_wrapped_text(lines: list[str], blank_between: bool) -> None:
    _assert_nothing_lost(("\n\n" if blank_between else "\n").join(lines))
