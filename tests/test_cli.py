"""The command line contract: build, lookup, export, exit codes and output shapes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from glossary_app import cli


@pytest.fixture
def built_db(tmp_path: Path, reports_dir: Path) -> Path:
    db = tmp_path / "cli.db"
    assert cli.main(["build", "--db", str(db), str(reports_dir)]) == 0
    return db


def test_build_prints_a_line_per_file(tmp_path: Path, reports_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["build", "--db", str(tmp_path / "a.db"), str(reports_dir)]) == 0
    out = capsys.readouterr().out
    assert "已导入 qidong.txt: 文档 1 篇, 释义 2 条" in out
    assert "已导入 changde.txt: 文档 1 篇, 释义 0 条" in out


def test_build_exits_1_when_a_file_is_rejected(tmp_path: Path, reports_dir: Path, capsys: pytest.CaptureFixture) -> None:
    (reports_dir / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF")
    assert cli.main(["build", "--db", str(tmp_path / "b.db"), str(reports_dir)]) == 1
    captured = capsys.readouterr()
    assert "scan.pdf" in captured.err
    assert "已导入 qidong.txt" in captured.out


def test_build_of_a_missing_input_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["build", "--db", str(tmp_path / "c.db"), str(tmp_path / "nowhere")]) == 1
    assert "nowhere" in capsys.readouterr().err


def test_lookup_text(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["lookup", "--db", str(built_db), "五制一平台"]) == 0
    out = capsys.readouterr().out
    assert "【名词解释】备案监督制、承诺兑现制" in out
    assert "祁东县政府工作报告 · 祁东县 · 2023-03-27" in out
    assert "【五制一平台】" in out


def test_lookup_json(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["lookup", "--db", str(built_db), "--json", "--limit", "1", "四上"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "四上"
    [result] = data["results"]
    assert result["term"] == "四上企业"
    assert result["definitions"][0]["source"]["file"] == "qidong.txt"
    for p in result["passages"]:
        assert p["text"][p["start"]:p["end"]] in ("“四上”企业", "四上企业")


def test_lookup_undefined_term_says_so(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["lookup", "--db", str(built_db), "项目完成投资"]) == 0
    assert "释义：暂无" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "md"])
def test_export_formats(built_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    assert cli.main(["export", "--db", str(built_db), "--format", fmt, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    if fmt in ("tsv", "csv"):
        rows = list(csv.DictReader(io.StringIO(text), delimiter="\t" if fmt == "tsv" else ","))
        assert list(rows[0]) == ["term", "definition", "kind", "file", "title", "region", "date"]
        from_reports = [r for r in rows if r["kind"] != "reference"]
        assert sorted(r["term"] for r in from_reports) == ["五制一平台", "四上企业"]
        assert {(r["kind"], r["date"], r["file"]) for r in from_reports} == {("glossary", "2023-03-27", "qidong.txt")}
        # Reference definitions name their public source and no report file.
        reference = [r for r in rows if r["kind"] == "reference"]
        assert reference and all(r["title"] and not r["file"] for r in reference)
    elif fmt == "json":
        rows = json.loads(text)
        assert sorted(r["term"] for r in rows if r["kind"] == "glossary") == ["五制一平台", "四上企业"]
    else:
        assert "| 五制一平台 | 备案监督制" in text and "| 参考释义 |" in text


def test_export_lists_inline_definitions_with_their_kind(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "xiangyin.txt").write_text(
        "县创文指挥部要按照动态问题清单和交办制、台账制、销号制、通报制“一单四制”工作机制跟踪督办。\n", encoding="utf-8")
    db = tmp_path / "inline.db"
    cli.main(["build", "--db", str(db), str(folder)])
    out = tmp_path / "out.tsv"
    assert cli.main(["export", "--db", str(db), "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t"))
    assert [(r["term"], r["definition"], r["kind"]) for r in rows if r["kind"] != "reference"] == [
        ("一单四制", "动态问题清单；交办制、台账制、销号制、通报制", "inline")]


def test_export_keeps_report_text_inert(tmp_path: Path) -> None:
    # A definition that a spreadsheet would run as a formula and that Markdown would render as a link and HTML
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile.txt").write_text(
        "名词解释\n1.三张清单：=HYPERLINK(\"http://example.com\",\"点此\")<b>粗体</b>[链接](javascript:alert(1))\n",
        encoding="utf-8")
    db = tmp_path / "hostile.db"
    cli.main(["build", "--db", str(db), str(folder)])
    rows = {}
    for fmt in ("csv", "tsv", "md"):
        out = tmp_path / f"out.{fmt}"
        assert cli.main(["export", "--db", str(db), "--format", fmt, "-o", str(out)]) == 0
        rows[fmt] = out.read_text(encoding="utf-8")
    [csv_row] = [r for r in csv.DictReader(io.StringIO(rows["csv"])) if r["term"] == "三张清单"]
    assert csv_row["definition"].startswith("'=HYPERLINK(")
    [tsv_row] = [r for r in csv.DictReader(io.StringIO(rows["tsv"]), delimiter="\t") if r["term"] == "三张清单"]
    assert tsv_row["definition"].startswith("=HYPERLINK(")  # scripts get the text as written
    [md_line] = [line for line in rows["md"].splitlines() if "三张清单" in line]
    assert "<b>" not in md_line and "&lt;b&gt;" in md_line and "\\[链接\\]" in md_line
