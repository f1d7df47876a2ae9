"""Write glossary rows out as Excel, Word, CSV or Markdown, and cite one definition for drafting."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from .plaintext import looks_like_formula, spreadsheet_text, visible_text
from .termkey import term_key
from .userdata import UserData

FORMATS = {"xlsx": "Excel 工作簿", "docx": "Word 文档", "csv": "CSV 表格", "md": "Markdown 文本"}
KIND_LABELS = {"glossary": "名词解释", "inline": "正文释义", "reference": "参考释义", "user": "我的注释"}
# (row key, column heading): the order columns take in every format.
COLUMNS = [("term", "术语"), ("definition", "释义"), ("kind", "类别"), ("title", "出处"), ("region", "地区"),
           ("date", "日期"), ("file", "文件")]
TITLE = "地方政府报告简称词汇表"

Row = dict[str, Any]


def citation_of(title: str, region: str | None, date: str | None) -> str:
    """《祁东县政府工作报告》（祁东县，2023-03-27）: the source as a drafter cites it."""
    if not title:
        return ""
    cited = title if title.startswith("《") else f"《{title}》"
    extra = "，".join(p for p in (region, date) if p and p not in title)
    return f"{cited}（{extra}）" if extra else cited


def cite(term: str, text: str, title: str, region: str | None = None, date: str | None = None) -> str:
    """A definition ready to paste into a draft: 术语：释义（来源：《…》（地区，日期））."""
    source = citation_of(title, region, date)
    return f"{term}：{text}" + (f"（来源：{source}）" if source else "")


def own_rows(userdata: UserData, terms: Iterable[str] | None = None) -> list[Row]:
    """The user's own definitions as export rows, for all terms or only those named."""
    keys = None if terms is None else {term_key(t) for t in terms}
    return [{"term": d.term, "definition": d.text, "kind": "user", "title": d.source, "region": "", "date": "",
             "file": ""} for d in userdata.all_definitions() if keys is None or term_key(d.term) in keys]


def select_rows(rows: list[Row], region: str | None = None, terms: Iterable[str] | None = None) -> list[Row]:
    """The rows of one region, or of the named terms (a named term with no row gets an empty one), in term order."""
    if region is not None:
        chosen = [r for r in rows if r.get("region") == region]
    elif terms is None:
        chosen = list(rows)
    else:
        wanted = {term_key(t): t for t in terms}
        chosen = [r for r in rows if term_key(r["term"]) in wanted]
        have = {term_key(r["term"]) for r in chosen}
        chosen += [{"term": t, "definition": "", "kind": "", "title": "", "region": "", "date": "", "file": ""}
                   for k, t in wanted.items() if k not in have]
    return sorted(chosen, key=lambda r: term_key(r["term"]))  # stable: a term's rows keep their order


def _cells(row: Row) -> list[str]:
    """A row's cells as one-line text with nothing invisible left (report text is untrusted)."""
    cells = [str(row.get(key) or "").replace("\r", " ").replace("\n", " ") for key, _ in COLUMNS]
    cells[2] = KIND_LABELS.get(row.get("kind") or "", row.get("kind") or "")
    return [visible_text(c) for c in cells]


# What Markdown would read as markup inside a table cell: emphasis, code, links, strike-through, the cell
# separator and the escape itself (backslashed), HTML tags and entities (as entities), and the text that
# GitHub-flavoured Markdown turns into a link by itself (a URL scheme, www., an e-mail address).
_MD_BACKSLASHED = re.compile(r"([\\`*_\[\]~|])")
_MD_AUTOLINK = re.compile(r"(?<=[A-Za-z])(:)(?=//)|(?<=[Ww]{3})(\.)|(@)")


def markdown_text(text: str) -> str:
    """text as Markdown that renders as exactly that text: no markup, link or HTML of the document's survives."""
    text = _MD_BACKSLASHED.sub(r"\\\1", escape(text, quote=False))
    return _MD_AUTOLINK.sub(lambda m: f"&#{ord(m.group())};", text)


def write_export(rows: list[Row], path: Path, fmt: str | None = None) -> int:
    """Write rows to path in fmt (by default the file's suffix); returns how many rows were written."""
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    writers = {"xlsx": _write_xlsx, "docx": _write_docx, "csv": _write_csv, "md": _write_md}
    if fmt not in writers:
        raise ValueError(f"unknown export format: {fmt}")
    path.parent.mkdir(parents=True, exist_ok=True)
    writers[fmt](rows, path)
    return len(rows)


def _write_csv(rows: list[Row], path: Path) -> None:
    # utf-8-sig: Excel on Chinese Windows reads a CSV without a BOM as GBK.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([heading for _, heading in COLUMNS])
        writer.writerows([spreadsheet_text(c) for c in _cells(r)] for r in rows)


def _write_md(rows: list[Row], path: Path) -> None:
    lines = [f"# {TITLE}", "", "| " + " | ".join(h for _, h in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(markdown_text(c) for c in _cells(r)) + " |" for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_xlsx(rows: list[Row], path: Path) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.title = "词汇表"
    sheet.append([heading for _, heading in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_cells(row))
        for cell in sheet[sheet.max_row]:
            # openpyxl stores "=…" as a formula; report text must stay text (quotePrefix: also after an edit).
            if looks_like_formula(str(cell.value or "")):
                cell.data_type, cell.quotePrefix = "s", True
    for letter, width in zip("ABCDEFG", (18, 70, 10, 36, 16, 12, 28)):
        sheet.column_dimensions[letter].width = width
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(path)


def _write_docx(rows: list[Row], path: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(11)
    # Word takes the font for Chinese characters from the East Asian slot, not from font.name.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    doc.add_heading(TITLE, level=1)
    previous = None
    for row in rows:
        if row["term"] != previous:
            doc.add_heading(visible_text(row["term"]), level=2)
            previous = row["term"]
        if not row.get("definition"):
            continue
        para = doc.add_paragraph()
        kind = KIND_LABELS.get(row.get("kind") or "", "")
        if kind:
            para.add_run(f"【{kind}】").bold = True
        para.add_run(visible_text(row["definition"]))  # a plain run: document text is never markup here
        source = visible_text(citation_of(row.get("title") or "", row.get("region"), row.get("date")))
        if source:
            note = doc.add_paragraph().add_run(f"—— {source}")
            note.font.size = Pt(9)
            note.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
    doc.save(str(path))
