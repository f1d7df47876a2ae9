"""Tests for glossary_app.core.split: cutting a file into its documents and describing each."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary_app.core.normalize import Paragraph, normalize
from glossary_app.core.split import Document, split_documents

FIXTURES = Path(__file__).parent.parent / "fixtures" / "glossary"
SEEDS = Path(__file__).parent.parent.parent / "data" / "reports"


def describe(doc: Document) -> tuple[str, str | None, str | None, str | None, str | None]:
    return doc.title, doc.issuer, doc.region, doc.date, doc.doc_number


def split_file(path: Path) -> list[Document]:
    return split_documents(normalize(path.read_text(encoding="utf-8")), fallback_title=path.stem)


def split_checked(path: Path) -> list[Document]:
    """The file's documents, checked to share no paragraph."""
    paragraphs = normalize(path.read_text(encoding="utf-8"))
    docs = split_documents(paragraphs, fallback_title=path.stem)
    assert_disjoint_and_ordered(docs, paragraphs)
    return docs


def assert_disjoint_and_ordered(docs: list[Document], paragraphs: list[Paragraph]) -> None:
    """Each paragraph of the file is in one document at most, and documents keep the file's order."""
    index = {id(p): i for i, p in enumerate(paragraphs)}
    taken = [index[id(p)] for d in docs for p in d.paragraphs]
    assert taken == sorted(set(taken))


# ------------------------------------------------------------ a gazette issue


def test_gazette_documents_are_described_whole() -> None:
    docs = split_file(FIXTURES / "gazette.txt")
    assert [describe(d) for d in docs] == [
        ("清溪县政府工作报告", "清溪县人民政府", "清溪县", "2023-12-19", None),
        ("关于印发《清溪县2024年工作要点》的通知", "清溪县人民政府", "清溪县", "2024-01-10", "清政发〔2024〕1号"),
        ("关于李明等同志职务任免的通知", "清溪县人民政府", "清溪县", "2024-01-16", "清政人〔2024〕2号"),
    ]


def test_gazette_documents_hold_exactly_their_own_paragraphs() -> None:
    docs = split_checked(FIXTURES / "gazette.txt")
    assert [[p.text for p in d.paragraphs] for d in docs] == [
        [
            "政府工作报告",
            "—2023年12月19日在清溪县第九届人民代表大会第三次会议上",
            "县人民政府县长 王刚",
            "各位代表：",
            "现在，我代表县人民政府向大会报告工作，请予审议。",
            "一、2023年工作回顾",
            "全县地区生产总值增长5.6%，规模工业增加值增长8.1%。",
            "名词解释",
            "1.“五好”园区：规划定位好、创新平台好、产业项目好、体制机制好、发展形象好的产业园区。",
            # No full stop: the next document's title block must not take it.
            "2.四上企业：指规模以上工业企业、限额以上批发零售企业",
        ],
        [
            "清溪县人民政府",
            "关于印发《清溪县2024年",
            "工作要点》的通知",
            "清政发〔2024〕1号",
            "各乡镇人民政府，县直各单位：",
            "现将《清溪县2024年工作要点》印发给你们，请认真贯彻执行。",
            "清溪县人民政府",
            "2024年1月10日",
        ],
        [
            "关于李明等同志职务任免的通知",
            "清政人〔2024〕2号",
            "各乡镇人民政府，县直各单位：",
            "县人民政府决定：",
            "李明同志任县交通运输局局长；",
            "免去赵强同志的县交通运输局局长职务。",
            "清溪县人民政府",
            "2024年1月16日",
        ],
    ]


def test_gazette_front_matter_is_no_document() -> None:
    docs = split_file(FIXTURES / "gazette.txt")
    texts = [p.text for d in docs for p in d.paragraphs]
    for front in ("清溪县人民政府公报", "目录", "2024年第1期", "政府工作报告..... (1)"):
        assert front not in texts
    assert docs[0].paragraphs[0].line == 13


@pytest.mark.parametrize(
    ("block", "title", "issuer"),
    [
        (["中共清溪县委", "清溪县人民政府", "关于印发《方案》的通知"], "关于印发《方案》的通知", "中共清溪县委 清溪县人民政府"),
        (["中共清溪县委 清溪县人民政府 关于印发《方案》的 通知"], "关于印发《方案》的通知", "中共清溪县委 清溪县人民政府"),
        (["关于印发《清溪县2024年", "工作要点》的通知"], "关于印发《清溪县2024年工作要点》的通知", "清溪县人民政府办公室"),
        (["清溪县人民政府办公室", "XYDR-2023-01001", "关于印发《方案》的通知"], "关于印发《方案》的通知", "清溪县人民政府办公室"),
    ],
    ids=["issuers-on-lines", "issuers-inline", "title-on-two-lines", "code-line"],
)
def test_numbered_document_title_block(block: list[str], title: str, issuer: str) -> None:
    lines = [
        "上一份文件的正文到此结束。",
        *block,
        "清政办发〔2024〕3号",
        "各乡镇人民政府：",
        "现将方案印发给你们，请认真贯彻执行。",
        "清溪县人民政府办公室",
        "2024年2月1日",
    ]
    docs = split_documents(normalize("\n".join(lines)), "f")
    assert [describe(d) for d in docs] == [
        # The text before is a document of its own, named after the file.
        ("f", None, None, None, None),
        (title, issuer, "清溪县", "2024-02-01", "清政办发〔2024〕3号"),
    ]
    assert [p.text for p in docs[0].paragraphs] == [lines[0]]
    assert docs[1].paragraphs[0].text == block[0]


def test_report_without_session_line_before_a_notice_is_kept() -> None:
    lines = ["政府工作报告", "各位代表：", "现在，我代表县人民政府向大会报告工作。", "清溪县人民政府",
             "关于李明等同志职务任免的通知", "清政人〔2024〕2号", "李明同志任县交通运输局局长。", "清溪县人民政府", "2024年1月16日"]
    docs = split_documents(normalize("\n".join(lines)), "f")
    assert [describe(d) for d in docs] == [
        ("政府工作报告", None, None, None, None),
        ("关于李明等同志职务任免的通知", "清溪县人民政府", "清溪县", "2024-01-16", "清政人〔2024〕2号"),
    ]
    assert [len(d.paragraphs) for d in docs] == [3, 6]


def test_two_line_signature_names_both_issuers() -> None:
    lines = [
        "关于清溪县2023年度法治政府建设情况的报告",
        "清委报〔2024〕4号",
        "中共怀化市委、怀化市人民政府：",
        "现将我县2023年来的法治政府建设情况报告如下。",
        "中共清溪县委",
        "清溪县人民政府",
        "2024年2月19日",
    ]
    (doc,) = split_documents(normalize("\n".join(lines)), "f")
    assert describe(doc) == (
        "关于清溪县2023年度法治政府建设情况的报告", "中共清溪县委 清溪县人民政府", "清溪县", "2024-02-19", "清委报〔2024〕4号"
    )


# ------------------------------------------------------------ web scrapes and plain files


def test_web_scrape_articles() -> None:
    docs = split_checked(FIXTURES / "web_scrape.txt")
    assert [describe(d) for d in docs] == [
        ("清溪县规模工业企业全面复产彰显区域活力", None, "清溪县", "2025-07-02", None),
        # A report's own header gives its date and place, not the page's date.
        ("2022年清溪市政府工作报告", None, "清溪市", "2021-12-30", None),
        ("长沙以“强省会”战略为引领 多领域实现中部领跑", None, None, "2025-07-02", None),
    ]
    assert [[p.line for p in d.paragraphs] for d in docs] == [[2, 3, 3, 4], [6, 7, 7, 8], [10, 11, 12]]
    # The page footer after the last article belongs to none.
    assert docs[-1].paragraphs[-1].text == "2025-07-02"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "城乡居民收入稳步增长\n全县城乡居民人均可支配收入分别增长5.0%、7.8%。\n2023年3月1日",
            ("城乡居民收入稳步增长", None, None, "2023-03-01", None),
        ),
        # No title line in sight: the file's own name stands in.
        ("全县城乡居民人均可支配收入分别增长5.0%、7.8%。", ("fallback-name", None, None, None, None)),
        ("祁东县春耕生产有序推进\n全县已完成早稻育秧。", ("祁东县春耕生产有序推进", None, "祁东县", None, None)),
    ],
    ids=["title-and-date", "no-title", "region-from-title"],
)
def test_file_without_structure_is_one_document(text: str, expected: tuple) -> None:
    paragraphs = normalize(text)
    docs = split_documents(paragraphs, fallback_title="fallback-name")
    assert [describe(d) for d in docs] == [expected]
    assert docs[0].paragraphs == paragraphs


def test_empty_input_gives_one_empty_document() -> None:
    docs = split_documents([], fallback_title="empty")
    assert [(d.title, d.paragraphs) for d in docs] == [("empty", [])]


def test_document_text_joins_paragraphs() -> None:
    (doc,) = split_documents(normalize("标题一\n第一段。\n第二段。"), "f")
    assert doc.text == "标题一\n第一段。\n第二段。"


# ------------------------------------------------------------ the seed reports

# (title, issuer, region, date, doc number, first raw line) of each document.
SEED_DOCUMENTS = {
    "000": [
        ("芷江侗族自治县政府工作报告", "芷江侗族自治县人民政府", "芷江侗族自治县", "2023-12-19", None, 1),
        ("关于滕军等同志职务任免的通知", "芷江侗族自治县人民政府", "芷江侗族自治县", "2024-01-16", "芷政人〔2024〕1号", 1787),
    ],
    "001": [
        ("靖州苗族侗族自治县政府工作报告", "靖州苗族侗族自治县人民政府", "靖州苗族侗族自治县", "2023-12-19", None, 75),
        ("关于靖州苗族侗族自治县2023年度法治政府建设情况的报告", "中共靖州苗族侗族自治县委 靖州苗族侗族自治县人民政府",
         "靖州苗族侗族自治县", "2024-02-19", "靖委报〔2024〕4号", 279),
    ],
    "002": [
        ("鹤城区规模工业企业全面复产彰显区域活力", None, "鹤城区", "2025-07-02", None, 2),
        ("湖南省建立六机制助推规模工业企业加速成长", None, "湖南省", "2025-07-02", None, 6),
        ("长沙以“强省会”战略为引领 多领域实现中部领跑", None, None, "2025-07-02", None, 10),
        ("2022年邵阳市政府工作报告", None, "邵阳市", "2021-12-30", None, 14),
        ("湖南:以全域低空开放试点引领通用航空产业高质量发展", None, None, "2025-07-02", None, 18),
        ("前4月湖南进出口1656亿余元 东盟稳居第一大贸易伙伴", None, None, "2025-07-02", None, 22),
        ("两区协同赋能新篇 长沙强省会建设加速跑", None, None, "2025-07-02", None, 26),
        ("2022年娄底市政府工作报告", None, "娄底市", "2021-12-30", None, 30),
        ("2022年常德市政府工作报告", None, "常德市", "2021-12-29", None, 34),
        ("2022年怀化市政府工作报告", None, "怀化市", "2021-12-30", None, 38),
    ],
    "003": [
        ("祁东县政府工作报告", "祁东县人民政府", "祁东县", "2023-03-27", None, 6),
    ],
    "004": [
        ("关于印发《湘阴县全面提高义务教育质量行动方案》的通知", "中共湘阴县委 湘阴县人民政府", "湘阴县", "2023-01-31",
         "湘阴发〔2023〕1号", 42),
        ("关于印发《湘阴县2023年创建“五好”园区推进全市“五大园区”争先比强实施方案》的通知", "中共湘阴县委 湘阴县人民政府",
         "湘阴县", "2023-02-01", "湘阴发〔2023〕2号", 162),
        ("关于印发《湘阴县2023年度乡村振兴“十大引领性工程”实施方案》的通知", "中共湘阴县委 湘阴县人民政府", "湘阴县",
         "2023-02-02", "湘阴发〔2023〕4号", 368),
        ("关于印发《湘阴县人民政府2023年工作要点》的通知", "湘阴县人民政府", "湘阴县", "2023-02-12", "湘阴政发〔2023〕1号", 493),
        ("关于印发《湘阴县2023年企业联手帮扶和产业项目建设“揭榜挂帅”行动方案》的通知",
         "中共湘阴县委办公室 湘阴县人民政府办公室", "湘阴县", "2023-01-31", "湘阴办发〔2023〕6号", 750),
        ("关于印发《湘阴县2023年度粮食生产工作实施方案》的通知", "中共湘阴县委办公室 湘阴县人民政府办公室", "湘阴县",
         "2023-02-27", "湘阴办发〔2023〕13号", 951),
        ("关于印发《2023年湘阴县推进全国文明城市创建工作实施方案》的通知", "中共湘阴县委办公室 湘阴县人民政府办公室",
         "湘阴县", "2023-03-16", "湘阴办发〔2023〕17号", 1107),
        ("关于印发《关于推进城区居民小区物业管理工作的实施意见（试行）》的通知", "湘阴县人民政府办公室", "湘阴县",
         "2023-02-10", "湘阴政办发〔2023〕2号", 1284),
        ("关于印发《湘阴县打好发展“六仗”总体方案》的通知", "湘阴县人民政府办公室", "湘阴县", "2023-03-09",
         "湘阴政办发〔2023〕5号", 1402),
        ("关于范文灿等同志职务任免的通知", "湘阴县人民政府", "湘阴县", "2023-01-13", "湘阴政人〔2023〕1号", 2020),
        ("关于免去刘应斌等同志职务的通知", "湘阴县人民政府", "湘阴县", "2023-02-09", "湘阴政人〔2023〕2号", 2037),
    ],
}


def seed_path(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.mark.parametrize("prefix", sorted(SEED_DOCUMENTS))
def test_seed_documents(prefix: str) -> None:
    docs = split_checked(seed_path(prefix))
    assert [(*describe(d), d.paragraphs[0].line) for d in docs] == SEED_DOCUMENTS[prefix]


@pytest.mark.parametrize(
    ("prefix", "document", "first", "last"),
    [
        # The report runs to its last glossary entry; the notice starts at its issuer.
        ("000", 0, "政府工作报告", "11.一部一站：武装部与退役军人事务站合署办公。"),
        ("000", 1, "芷江侗族自治县人民政府", "2024年1月16日"),
        ("001", 0, "政府工作报告", "10. 专精特新“小巨人”企业：指每年国家和省从“专精特新”企业中选出一批特色明显、成长性好、竞争力强的企业，评为专精特新“小巨人”企业。"),
        ("001", 1, "关于靖州苗族侗族自治县2023年度 法治政府建设情况的报告", "2024年2月19日"),
        ("003", 0, "政府工作报告", "39.“九树九戒”：即树牢大局、担当、勤政、创新、争先、实干、公仆、斗争、廉洁九大意识；力戒本位、推诿、庸懒、守旧、躺平、空谈、官僚、圆滑、贪奢九种风气。"),
    ],
)
def test_seed_document_bounds(prefix: str, document: int, first: str, last: str) -> None:
    doc = split_file(seed_path(prefix))[document]
    assert (doc.paragraphs[0].text, doc.paragraphs[-1].text) == (first, last)
