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
