"""core.export: rows out as xlsx, docx, csv and md, by region or favourites, and citations for drafting."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from glossary_app.core import TermBase
from glossary_app.core.export import KIND_LABELS, cite, citation_of, own_rows, select_rows, write_export
from glossary_app.core.userdata import UserData

HEADINGS = ["术语", "释义", "类别", "出处", "地区", "日期", "文件"]


@pytest.fixture
def rows(termbase: TermBase) -> list[dict]:
    return termbase.export_rows()


def test_citation_reads_as_a_drafter_writes_it() -> None:
    assert citation_of("祁东县政府工作报告", "祁东县", "2023-03-27") == "《祁东县政府工作报告》（2023-03-27）"
    assert citation_of("2022年政府工作报告", "常德市", "2021-12-29") == "《2022年政府工作报告》（常德市，2021-12-29）"
    assert citation_of("", "常德市", None) == ""
    assert cite("双减", "减轻作业负担", "《通知》", None, None) == "双减：减轻作业负担（来源：《通知》）"


def test_select_by_region_and_by_favourites(rows: list[dict]) -> None:
    assert {r["region"] for r in select_rows(rows, region="祁东县")} == {"祁东县"}
    assert select_rows(rows, region="常德市") == []
    chosen = select_rows(rows, terms=["自拟简称", "五制一平台"])
    # A favourite nobody defined still appears, with an empty definition.
    assert [(r["term"], bool(r["definition"])) for r in chosen] == [("五制一平台", True), ("自拟简称", False)]


def test_own_definitions_become_rows() -> None:
    user = UserData.open(None)
    user.add_definition("双减", "减轻义务教育阶段学生作业负担和校外培训负担", "教育部口径")
    user.add_definition("一单四制", "一张清单")
    assert [(r["term"], r["kind"], r["title"]) for r in own_rows(user, ["双减"])] == [("双减", "user", "教育部口径")]
    assert len(own_rows(user)) == 2


def test_csv_opens_in_excel_with_chinese_headings(rows: list[dict], tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert write_export(rows, path) == len(rows)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert table[0] == HEADINGS
    assert [row[:3] for row in table[1:]] == [[r["term"], r["definition"], KIND_LABELS[r["kind"]]] for r in rows]


def test_markdown_escapes_pipes(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    write_export([{"term": "a|b", "definition": "x", "kind": "user", "title": "", "region": "", "date": "", "file": ""}], path)
    assert "| a\\|b | x | 我的注释 |" in path.read_text(encoding="utf-8")


def test_xlsx_has_headings_and_every_row(rows: list[dict], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "out.xlsx"
    write_export(rows, path)
    sheet = load_workbook(path).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADINGS
    assert {v[0] for v in values[1:]} == {r["term"] for r in rows}


def test_docx_has_a_heading_per_term_and_the_citation(rows: list[dict], tmp_path: Path) -> None:
    from docx import Document

    path = tmp_path / "out.docx"
    write_export(rows, path)
    text = [p.text for p in Document(str(path)).paragraphs]
    assert "五制一平台" in text
    assert any(t.startswith("【名词解释】备案监督制") for t in text)
    assert "—— 《祁东县政府工作报告》（2023-03-27）" in text


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_export([], tmp_path / "out.pdf")


# -- hostile text (issue 7 part 4): report text is data in every format, never markup, formula or control --

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
# Visible pieces of tests/fixtures/hostile that each format must keep, character for character.
KEPT = ["三张清单<script>alert(1)</script>", "负面清单<script>alert(1)</script>。", "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">点此</a>', "两个&amp;三个", "&lt;问题导向&gt;", "<b>六统一</b>",
        "file:///etc/passwd", "http://example.com/liu?x=<b>1</b>", "四专机制", "专报制度，限时办结。",
        "、阵地联用、活动联办、发展联促。"]
FORMULAS = ["=HYPERLINK(\"http://example.com/?\"&A1,\"点此\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1"]
# What XML (so .xlsx and .docx) cannot hold, and invisible characters that would reorder or hide text.
UNWRITABLE = "\x00\x01\x08\x0b\x0c\x1b\x7f\ud800\ufffe\uffff\u202e\u2066\u200b\ufeff"


@pytest.fixture(scope="module")
def hostile_rows(tmp_path_factory: pytest.TempPathFactory, common_freq) -> list[dict]:
    """Every definition of the hostile report (txt and html), and rows that try formulas and controls."""
    from glossary_app.core import build, store

    db = store.open_database(tmp_path_factory.mktemp("hostile") / "terms.db")
    build.build(db, [HOSTILE / "hostile_report.txt", HOSTILE / "hostile_report.html"], common_freq=common_freq)
    rows = [r for r in TermBase(db).export_rows() if r["kind"] == "glossary"]
    assert len(rows) == 12  # six entries from each file
    empty = {"kind": "user", "title": "", "region": "", "date": "", "file": ""}
    rows += [{**empty, "term": f"公式{i}", "definition": f, "title": f} for i, f in enumerate(FORMULAS)]
    rows.append({**empty, "term": "控制" + UNWRITABLE, "definition": "前" + UNWRITABLE + "后", "file": "a\x00b.txt"})
    return rows


def _unescape_markdown(cell: str) -> str:
    """What a Markdown renderer shows for a cell markdown_text wrote (backslash escapes, then entities)."""
    import html
    import re

    return html.unescape(re.sub(r"\\(.)", r"\1", cell))


def test_csv_keeps_hostile_text_and_runs_no_formula(hostile_rows: list[dict], tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_export(hostile_rows, path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    cells = [c for row in table[1:] for c in row]
    assert all(c[:1] not in ("=", "+", "-", "@", "\t") for c in cells)
    assert {"'" + f for f in FORMULAS} <= set(cells)  # guarded, and otherwise whole
    text = "\n".join(cells)
    assert all(piece in text for piece in KEPT)
    assert not any(c in text for c in UNWRITABLE)
    assert "前后" in cells and "ab.txt" in cells


def test_xlsx_cells_are_text_never_formulas(hostile_rows: list[dict], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "out.xlsx"
    write_export(hostile_rows, path)  # openpyxl refuses NUL and other control characters: none reach it
    cells = [c for row in load_workbook(path).active.iter_rows(min_row=2) for c in row if c.value is not None]
    assert {c.data_type for c in cells} == {"s"}
    assert [c.value for c in cells if c.quotePrefix] == [f for f in FORMULAS for _ in (0, 1)]  # definition, title
    text = "\n".join(c.value for c in cells)
    assert all(piece in text for piece in KEPT)
    assert not any(c in text for c in UNWRITABLE)


def test_docx_shows_hostile_text_as_plain_runs(hostile_rows: list[dict], tmp_path: Path) -> None:
    from docx import Document

    path = tmp_path / "out.docx"
    write_export(hostile_rows, path)  # lxml refuses NUL and lone surrogates: none reach it
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert all(piece in text for piece in KEPT)
    assert not any(c in text for c in UNWRITABLE)
    assert "控制" in text and "前后" in text
    # Plain runs only: no field code (a HYPERLINK field would be live) and no hyperlink element.
    body = document.element.xml
    assert "w:hyperlink" not in body and "w:fldSimple" not in body and "w:instrText" not in body


def test_markdown_renders_hostile_text_as_text(hostile_rows: list[dict], tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    write_export(hostile_rows, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    body = lines[4:]
    assert len(body) == len(hostile_rows)
    for line, row in zip(body, hostile_rows):
        raw = line[2:-2].split(" | ")
        assert len(raw) == len(HEADINGS), line  # no cell broke out of its column
        # No raw markup: tags, links, emphasis, code, or a URL GitHub would link by itself.
        assert not any(c in line for c in "<>`") and "](" not in line and "://" not in line and "www." not in line
        assert "*" not in line.replace("\\*", "") and "_" not in line.replace("\\_", "")
        shown = [_unescape_markdown(c) for c in raw]
        assert shown[0] == visible(row["term"]) and shown[1] == visible(row["definition"])
    shown_text = "\n".join(_unescape_markdown(line) for line in body)
    assert all(piece in shown_text for piece in KEPT)


def visible(text: str) -> str:
    from glossary_app.core.plaintext import visible_text

    return visible_text(text.replace("\n", " "))


def test_markdown_text_escapes_what_markdown_reads() -> None:
    from glossary_app.core.export import markdown_text

    assert markdown_text("[点此](javascript:alert(1)) *强调* _斜体_ `代码` ~~删除~~ a|b \\") == (
        "\\[点此\\](javascript:alert(1)) \\*强调\\* \\_斜体\\_ \\`代码\\` \\~\\~删除\\~\\~ a\\|b \\\\")
    assert markdown_text("<b>六统一</b> &amp; http://x.cn www.gov.cn a@b.cn") == (
        "&lt;b&gt;六统一&lt;/b&gt; &amp;amp; http&#58;//x.cn www&#46;gov.cn a&#64;b.cn")
    assert markdown_text("五制一平台：备案监督制、5+N") == "五制一平台：备案监督制、5+N"  # plain text stays plain
