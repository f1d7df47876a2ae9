"""Tests for glossary_app.core.glossary: finding 名词解释 sections and cutting them into entries."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from glossary_app.core.glossary import (
    GlossaryEntry,
    display_term,
    extract_glossary,
    is_glossary_heading,
    split_term,
)
from glossary_app.core.normalize import normalize
from glossary_app.core.split import split_documents

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEEDS = Path(__file__).parent.parent.parent / "data" / "reports"

Row = tuple[int | None, str, str]  # (number, term, definition)


def entries_of(text: str) -> list[GlossaryEntry]:
    docs = split_documents(normalize(text), fallback_title="t")
    return [e for d in docs for e in extract_glossary(d)]


def rows(text: str) -> list[Row]:
    return [(e.number, e.term, e.definition) for e in entries_of(text)]


# ------------------------------------------------------------ the seed reports


def seed_table() -> list[tuple[str, int, str, str]]:
    with (FIXTURES / "seed_glossary.tsv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == ["file_prefix", "number", "term", "definition"]
        return [(r["file_prefix"], int(r["number"]), r["term"], r["definition"]) for r in reader]


def seed_extraction() -> list[tuple[str, int | None, str, str]]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        docs = split_documents(normalize(path.read_text(encoding="utf-8")), fallback_title=path.stem)
        out += [(path.name[:3], e.number, e.term, e.definition) for d in docs for e in extract_glossary(d)]
    return out


def test_seed_table_is_what_the_seeds_give_and_nothing_else() -> None:
    table = seed_table()
    assert len(table) == 60
    assert {p: sum(1 for r in table if r[0] == p) for p in ("000", "001", "002", "003", "004")} == {
        "000": 11, "001": 10, "002": 0, "003": 39, "004": 0,
    }
    assert seed_extraction() == table


@pytest.mark.parametrize(
    ("prefix", "number", "heading", "definition"),
    [
        # Hard-wrapped PDF: "加工 5大", "打造 13条" lose their spaces, nothing is cut.
        ("000", 7, "“5+N”产业体系",
         "以先进制造、商贸物流、文化旅游、医药大健康、绿色农产品及其加工5大重点产业为基础，打造13条产业链和两个特色产业项目。"),
        # The last entry stops before the appointment notice that follows the report.
        ("000", 11, "一部一站", "武装部与退役军人事务站合署办公。"),
        # The report's closing paragraph, wedged between the halves, is no part of it.
        ("001", 5, "“五区”建设目标",
         "实现乡村振兴样板区、生态文明示范区、特色产业集聚区、产城融合先导区、经济发展带动区“五区”建设目标。"),
        ("001", 6, "“5+2”现代化产业新体系",
         "“5”指生物基新材料产业链、电子元器件及材料产业链、矿物功能材料产业链、现代中药种植加工及大健康产业链、种业及粮食加工产业链；"
         "“2”指商贸物流业、文化旅游业。"),
        ("001", 10, "专精特新“小巨人”企业",
         "指每年国家和省从“专精特新”企业中选出一批特色明显、成长性好、竞争力强的企业，评为专精特新“小巨人”企业。"),
        ("003", 1, "工业企业“原地倍增”", "从加大用地保障、支持技改、贷款贴息等方面给予政策扶持，让现有企业实现企业规模和效益成倍增长。"),
        ("003", 14, "“一长四员”", "林长+林业科技员+护林员+监管员+执法人员的管护体系。"),  # half-width colon
        ("003", 39, "“九树九戒”",
         "即树牢大局、担当、勤政、创新、争先、实干、公仆、斗争、廉洁九大意识；力戒本位、推诿、庸懒、守旧、躺平、空谈、官僚、圆滑、贪奢九种风气。"),
    ],
)
def test_seed_entries_as_written(prefix: str, number: int, heading: str, definition: str) -> None:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    docs = split_documents(normalize(path.read_text(encoding="utf-8")), fallback_title=path.stem)
    found = [e for d in docs for e in extract_glossary(d) if e.number == number]
    assert [(e.heading, e.definition) for e in found] == [(heading, definition)]


@pytest.mark.parametrize(
    ("prefix", "lines"),
    [
        ("000", [1709, 1716, 1720, 1724, 1740, 1744, 1752, 1762, 1766, 1772, 1784]),
        ("001", [255, 257, 259, 261, 263, 269, 271, 273, 275, 277]),
        ("003", list(range(78, 117))),
    ],
)
def test_seed_entries_start_on_their_raw_lines(prefix: str, lines: list[int]) -> None:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    raw = path.read_text(encoding="utf-8").split("\n")
    docs = split_documents(normalize("\n".join(raw)), fallback_title=path.stem)
    entries = [e for d in docs for e in extract_glossary(d)]
    assert [e.line for e in entries] == lines
    for e in entries:
        assert raw[e.line - 1].lstrip().startswith(f"{e.number}.")


# ------------------------------------------------------------ numbering × separator

NUMBERINGS = {
    "1.": lambda n: f"{n}.",
    "1、": lambda n: f"{n}、",
    "（1）": lambda n: f"（{n}）",
    "(1)": lambda n: f"({n})",
    "1)": lambda n: f"{n})",
    "①": lambda n: "①②③"[n - 1],
    "一、": lambda n: "一二三"[n - 1] + "、",
    "（一）": lambda n: f"（{'一二三'[n - 1]}）",
    "none": lambda n: "",
}
# (how the term and definition are joined, the definition as extracted)
SEPARATORS = {
    "：": ("：", ""),
    ":": (":", ""),
    "即": ("即", "即"),
    "指": ("指", "指"),
    "是": ("是", "是"),
    "space": (" ", ""),
}
TERMS = [("“三高四新”", "三高四新"), ("“五好”园区", "五好园区"), ("四上企业", "四上企业")]
DEFINITIONS = [
    "国家重要先进制造业高地、具有核心竞争力的科技创新高地、内陆地区改革开放高地。",
    "规划定位好、创新平台好、产业项目好、体制机制好、发展形象好的产业园区。",
    "规模以上工业企业、有资质的建筑业企业、限额以上批发零售住宿餐饮业企业。",
]


@pytest.mark.parametrize(("numbering", "separator"), list(itertools.product(NUMBERINGS, SEPARATORS)))
def test_numbering_and_separator(numbering: str, separator: str) -> None:
    mark, (sep, kept) = NUMBERINGS[numbering], SEPARATORS[separator]
    lines = ["各位代表，让我们团结奋斗！", "名词解释"]
    lines += [f"{mark(n)}{heading}{sep}{definition}" for n, ((heading, _), definition) in enumerate(zip(TERMS, DEFINITIONS), 1)]
    numbers = [1, 2, 3] if numbering != "none" else [None, None, None]
    expected = [(n, term, kept + d) for n, (_, term), d in zip(numbers, TERMS, DEFINITIONS)]
    assert rows("\n".join(lines)) == expected


def test_quoted_term_with_nothing_between_it_and_its_definition() -> None:
    text = "名词解释\n1.“三高四新”三个高地、四新使命。\n2.“两不愁三保障”不愁吃、不愁穿，义务教育有保障。"
    assert rows(text) == [(1, "三高四新", "三个高地、四新使命。"), (2, "两不愁三保障", "不愁吃、不愁穿，义务教育有保障。")]


@pytest.mark.parametrize(
    "heading",
    [
        "名词解释", "名词解释：", "名词解释:", "相关名词解释", "《政府工作报告》名词解释：", " 《政府工作报告》名词解释：",
        "政府工作报告名词解释", "名词注释", "注释", "注释：", "附件：名词解释", "附：名词解释", "附件1 名词解释", "附件1：名词解释",
        "名 词 解 释", "**名词解释**", "【名词解释】", "主要名词解释", "报告中有关名词解释", "名词解释（按出现顺序）", "词语解释",
    ],
)
def test_any_glossary_heading(heading: str) -> None:
    text = f"加强审计和统计监督。\n{heading}\n1.三高四新：指三个高地。\n2.“五好”园区：规划定位好的园区。"
    assert rows(text) == [(1, "三高四新", "指三个高地。"), (2, "五好园区", "规划定位好的园区。")]


# ------------------------------------------------------------ terms, definitions, layouts


def test_quoted_terms_in_every_position() -> None:
    lines = [
        "名词解释",
        "1.“五好”园区：规划定位好的园区。",
        "2.工业企业“原地倍增”：让现有企业规模成倍增长。",
        "3.“5+N”产业体系：5大重点产业和N个特色产业。",
        "4.农村“三路”：指乡镇通三级路、旅游资源产业路、连通路。",
        "5.专精特新“小巨人”企业：指专精特新企业中的佼佼者。",
        "6.“三集中、三到位”：指审批职能集中、服务到位。",
        "7.“和美湘村·四乡十村”示范带：因地制宜打造示范带。",
        "8.**“三高四新”**：指三个高地、四新使命。",
        "9.“５＋Ｎ”产业体系：全角写法。",
    ]
    found = entries_of("\n".join(lines))
    assert [(e.heading, e.term) for e in found] == [
        ("“五好”园区", "五好园区"),
        ("工业企业“原地倍增”", "工业企业原地倍增"),
        ("“5+N”产业体系", "5+N产业体系"),
        ("农村“三路”", "农村三路"),
        ("专精特新“小巨人”企业", "专精特新小巨人企业"),
        ("“三集中、三到位”", "三集中、三到位"),
        ("“和美湘村·四乡十村”示范带", "和美湘村·四乡十村示范带"),
        ("“三高四新”", "三高四新"),
        ("“５＋Ｎ”产业体系", "5+N产业体系"),
    ]


def test_definition_with_its_own_colons_quotes_and_semicolons() -> None:
    text = (
        "名词解释\n"
        "1.“三集中、三到位”：“三集中”指审批职能向一个股室集中：即“一窗受理”；“三到位”指事项进驻到位；电子监察到位。\n"
        "2.“发展六仗”：具体包括：经济增长“主动仗”、科技创新“攻坚仗”。"
    )
    assert rows(text) == [
        (1, "三集中、三到位", "“三集中”指审批职能向一个股室集中：即“一窗受理”；“三到位”指事项进驻到位；电子监察到位。"),
        (2, "发展六仗", "具体包括：经济增长“主动仗”、科技创新“攻坚仗”。"),
    ]


def test_hard_wrapped_entries_are_whole_and_keep_their_lines() -> None:
    found = entries_of((FIXTURES / "glossary" / "wrapped_pdf.txt").read_text(encoding="utf-8"))
    assert [(e.number, e.heading, e.definition, e.line) for e in found] == [
        (1, "“5+N”产业体系",
         "以先进制造、商贸物流、文化旅游、医药大健康、绿色农产品及其加工5大重点产业为基础，打造13条产业链和两个特色产业项目。", 39),
        (2, "一部一站", "武装部与退役军人事务站合署办公。", 49),
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # A definition carried on after a semicolon, a colon, or mid-sentence.
        (
            ["1.三高四新：指国家重要先进制造业高地；", "具有核心竞争力的科技创新高地。", "2.五好园区：规划定位好。"],
            [(1, "三高四新", "指国家重要先进制造业高地；\n具有核心竞争力的科技创新高地。"), (2, "五好园区", "规划定位好。")],
        ),
        (
            ["1.五个一：包括以下内容：", "（1）一个规划；", "（2）一个专班。", "2.五好园区：规划定位好。"],
            [(1, "五个一", "包括以下内容：（1）一个规划；\n（2）一个专班。"), (2, "五好园区", "规划定位好。")],
        ),
        (
            ["1.一核六区：即以中心城区为核心的综合服务中心、", "以东部前沿工贸引领区为主的联动拓展建设。", "2.五好园区：规划定位好。"],
            [(1, "一核六区", "即以中心城区为核心的综合服务中心、以东部前沿工贸引领区为主的联动拓展建设。"), (2, "五好园区", "规划定位好。")],
        ),
        # A second whole paragraph of an entry: the next number follows it.
        (
            ["1.三高四新：指三个高地。", "这是省委提出的重大战略。", "2.五好园区：规划定位好。"],
            [(1, "三高四新", "指三个高地。\n这是省委提出的重大战略。"), (2, "五好园区", "规划定位好。")],
        ),
        # The term alone on its line, its definition on the next.
        (
            ["1.“一区三园”", "即产业开发区、罗旧片区工业园、公坪片区产业园。", "2.五好园区：", "规划定位好。"],
            [(1, "一区三园", "即产业开发区、罗旧片区工业园、公坪片区产业园。"), (2, "五好园区", "规划定位好。")],
        ),
        # Unnumbered entries over several lines.
        (
            ["三高四新：指国家重要先进制造业高地；", "具有核心竞争力的科技创新高地。", "五好园区：规划定位好。"],
            [(None, "三高四新", "指国家重要先进制造业高地；\n具有核心竞争力的科技创新高地。"), (None, "五好园区", "规划定位好。")],
        ),
    ],
    ids=["after-semicolon", "sub-items", "mid-sentence", "second-paragraph", "term-alone", "unnumbered"],
)
def test_entries_over_several_paragraphs(lines: list[str], expected: list[Row]) -> None:
    assert rows("\n".join(["名词解释", *lines])) == expected


def test_wedged_closing_paragraph_is_not_in_any_entry() -> None:
    lines = [
        "加强审计和统计监督。",
        "名词解释",
        "1.“五好”园区：规划定位好、创新平台好、产业项目好、体制机制好、发展形象好的产业园区。",
        "2.“五区”建设目标：实现乡村振兴样板区、生态文明示范区、特色产业集聚区、",
        "",
        "各位代表，同志们！让我们更加紧密团结在以习近平同志为核心的党中央周围，奋力谱写新篇章！",
        "",
        "产城融合先导区、经济发展带动区“五区”建设目标。",
        "3.“四上”企业：指规模以上工业企业。",
    ]
    assert rows("\n".join(lines)) == [
        (1, "五好园区", "规划定位好、创新平台好、产业项目好、体制机制好、发展形象好的产业园区。"),
        (2, "五区建设目标", "实现乡村振兴样板区、生态文明示范区、特色产业集聚区、产城融合先导区、经济发展带动区“五区”建设目标。"),
        (3, "四上企业", "指规模以上工业企业。"),
    ]


# ------------------------------------------------------------ web scrapes, half-width punctuation


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "让我们团结一心,努力奋斗!名词解释:1.三高四新:打造\"三个高地\"、践行\"四新\"使命。2.五好园区:规划定位好,创新平台好。"
            "3.四上企业:指规模以上企业。",
            [(1, "三高四新", "打造\"三个高地\"、践行\"四新\"使命。"), (2, "五好园区", "规划定位好,创新平台好。"),
             (3, "四上企业", "指规模以上企业。")],
        ),
        (
            "让我们团结一心,努力奋斗! 名词解释: 1)三高四新:指三个高地。2)五好园区:规划定位好。",
            [(1, "三高四新", "指三个高地。"), (2, "五好园区", "规划定位好。")],
        ),
        (
            "让我们团结一心,努力奋斗!名词解释:(1)三高四新:指三个高地;(2)五好园区:规划定位好。",
            [(1, "三高四新", "指三个高地;"), (2, "五好园区", "规划定位好。")],
        ),
        (
            "让我们团结一心,努力奋斗。名词解释：1.三高四新：指三个高地。2.“五好”园区：规划定位好",
            [(1, "三高四新", "指三个高地。"), (2, "五好园区", "规划定位好")],
        ),
    ],
    ids=["dots", "close-paren-spaced", "parens-semicolon", "full-width-no-final-stop"],
)
def test_inline_glossary_in_a_one_line_web_report(body: str, expected: list[Row]) -> None:
    text = "\n".join([
        "-", "2022年清溪市政府工作报告",
        "2022年清溪市政府工作报告2021年12月30日在清溪市第十七届人民代表大会第一次会议上 各位代表:现在,我代表市人民政府向大会报告工作。 "
        + body,
        "2025-07-02",
        "-", "其他新闻", "正文第一句。1.这不是名词解释:只是列表。", "2025-07-02",
    ])
    docs = split_documents(normalize(text), fallback_title="t")
    assert [d.title for d in docs] == ["2022年清溪市政府工作报告", "其他新闻"]
    assert [[(e.number, e.term, e.definition) for e in extract_glossary(d)] for d in docs] == [expected, []]


def test_web_scrape_fixture() -> None:
    text = (FIXTURES / "glossary" / "web_scrape.txt").read_text(encoding="utf-8")
    found = entries_of(text)
    assert [(e.number, e.term, e.definition, e.line) for e in found] == [
        (1, "三高四新", "打造\"三个高地\"、践行\"四新\"使命。", 7),
        (2, "五好园区", "规划定位好、创新平台好、产业项目好、体制机制好、发展形象好的产业园区", 7),
    ]


# ------------------------------------------------------------ where a section ends


def test_glossary_ends_where_its_document_ends() -> None:
    docs = split_documents(normalize((FIXTURES / "glossary" / "gazette.txt").read_text(encoding="utf-8")), "g")
    assert [[(e.number, e.term, e.definition) for e in extract_glossary(d)] for d in docs] == [
        [
            (1, "五好园区", "规划定位好、创新平台好、产业项目好、体制机制好、发展形象好的产业园区。"),
            (2, "四上企业", "指规模以上工业企业、限额以上批发零售企业"),
        ],
        [],
        [],
    ]


@pytest.mark.parametrize(
    "after",
    [
        ["芷江侗族自治县人民政府", "关于滕军等同志职务任免的通知", "芷政人〔2024〕1号", "各乡镇人民政府：", "县人民政府决定：",
         "滕军同志任县人民政府办公室副主任。", "芷江侗族自治县人民政府", "2024年1月16日"],
        ["清溪县人民政府", "2024年1月16日"],
        ["附件2", "1.全县重点项目清单：略。", "2.招商引资项目：略。"],
    ],
    ids=["next-notice", "signature", "next-attachment"],
)
def test_nothing_after_the_glossary_leaks_into_its_last_entry(after: list[str]) -> None:
    lines = ["政府工作报告", "名词解释", "1.三高四新：指三个高地。", "2.一部一站：武装部与退役军人事务站合署办公。", *after]
    assert rows("\n".join(lines)) == [(1, "三高四新", "指三个高地。"), (2, "一部一站", "武装部与退役军人事务站合署办公。")]


def test_entry_paragraph_indexes_point_into_the_document() -> None:
    (doc,) = split_documents(normalize("标题文字\n名词解释\n1.三高四新：指三个高地。\n2.五好园区：规划定位好。"), "t")
    found = extract_glossary(doc)
    assert [(e.paragraph, e.line) for e in found] == [(2, 3), (3, 4)]
    assert [doc.paragraphs[e.paragraph].text for e in found] == ["1.三高四新：指三个高地。", "2.五好园区：规划定位好。"]


# ------------------------------------------------------------ never a glossary


@pytest.mark.parametrize(
    "text",
    [
        # A numbered list in an ordinary section.
        "三、加强政府自身建设\n1.一以贯之讲政治：始终把政治建设摆在首位。\n2.一以贯之抓落实：主动担责履职。",
        "主要措施\n（1）强化领导：成立工作专班。\n（2）压实责任：层层落实。",
        # Notes under a table.
        "表1 主要指标\n指标\t数值\n注：1.数据来源：统计局。\n2.增速：按可比价计算。",
        "表1 主要指标\n注：\n1.数据来源：统计局。\n2.增速：按可比价计算。",
        "注释：本表数据来源于县统计局。\n1.地区生产总值：按可比价计算。",
        # The heading word inside running text.
        "我们编写了名词解释，便于理解。\n1.强化领导：成立工作专班。\n2.压实责任：层层落实。",
        "各位代表，名词解释一直是报告的难点。\n1.强化领导：成立工作专班。",
        "详见名词解释。1.强化领导:成立工作专班。",
        "关于名词解释的说明\n1.强化领导：成立工作专班。",
        # A heading with nothing under it.
        "正文到此结束。\n名词解释",
        "正文到此结束。\n名词解释\n各位代表，让我们团结奋斗！",
    ],
)
def test_not_a_glossary(text: str) -> None:
    assert rows(text) == []


# ------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("名词解释", True),
        ("《政府工作报告》名词解释：", True),
        ("附件1 名词解释", True),
        ("附：名词解释", True),
        ("名 词 解 释", True),
        ("注释", True),
        ("注解：", True),
        ("**名词解释**", True),
        ("2023年政府工作报告名词解释", True),
        ("名词解释是一项工作", False),
        ("注：", False),
        ("注释：本表数据来源于统计局", False),
        ("关于名词解释的说明", False),
        ("附件2", False),
        ("解释", False),
        ("", False),
    ],
)
def test_is_glossary_heading(text: str, expected: bool) -> None:
    assert is_glossary_heading(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“三高四新”：指三个高地。", ("“三高四新”", "指三个高地。")),
        ("三高四新:指三个高地。", ("三高四新", "指三个高地。")),
        ("工业企业“原地倍增”：从加大用地保障入手。", ("工业企业“原地倍增”", "从加大用地保障入手。")),
        ("“三集中、三到位”：“三集中”指集中；“三到位”指到位。", ("“三集中、三到位”", "“三集中”指集中；“三到位”指到位。")),
        ("“稻+”模式：是农业供给侧结构性改革的创新模式。", ("“稻+”模式", "是农业供给侧结构性改革的创新模式。")),
        ("“五好”园区 规划定位好的园区。", ("“五好”园区", "规划定位好的园区。")),
        ("“三高四新”即三个高地。", ("“三高四新”", "即三个高地。")),
        ("“三高四新”三个高地。", ("“三高四新”", "三个高地。")),
        ("三高四新即三个高地。", ("三高四新", "即三个高地。")),
        ("三高四新是指三个高地。", ("三高四新", "是指三个高地。")),
        ("三高四新指三个高地。", ("三高四新", "指三个高地。")),
        ("  一特两辅：一特指黄花菜,两辅指中药材。 ", ("一特两辅", "一特指黄花菜,两辅指中药材。")),
        # Not an entry: a sentence, a clause before the colon, nothing at all.
        ("这是一句话。", None),
        ("今年，我们要：努力工作。", None),
        ("", None),
    ],
)
def test_split_term(text: str, expected: tuple[str, str] | None) -> None:
    assert split_term(text) == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("“四上”企业", "四上企业"),
        ("**“三高四新”**", "三高四新"),
        ("“５＋Ｎ”产业体系", "5+N产业体系"),
        ("三高四新：", "三高四新"),
        ("三高四新:", "三高四新"),
        ("‘十村示范’", "十村示范"),
        ("「五好」园区", "五好园区"),
        ("农村“三路”", "农村三路"),
        ("“三集中、三到位”", "三集中、三到位"),
        ("\u3000三高\u3000四新 ", "三高四新"),
        ("“和美湘村·四乡十村”示范带", "和美湘村·四乡十村示范带"),
    ],
)
def test_display_term(heading: str, expected: str) -> None:
    assert display_term(heading) == expected
