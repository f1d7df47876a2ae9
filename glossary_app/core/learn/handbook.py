"""A printable handbook of a deck: an A4 Word document, term · definition · source, for a newcomer's first day."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from ..export import KIND_LABELS
from ..plaintext import visible_text
from .decks import Deck

FONT = "宋体"
HEADINGS = ("术语", "释义", "出处")
WIDTHS = (Cm(3.4), Cm(8.6), Cm(4.6))  # together the A4 text width: 21 cm less two margins of 2.2 cm
MARGIN = Cm(2.2)


def handbook_title(deck: Deck) -> str:
    """常用简称手册 · <deck name>."""
    return f"常用简称手册 · {deck.name}"


def write_handbook(deck: Deck, path: Path, today: datetime.date | None = None) -> int:
    """Write deck as an A4 .docx: a title, how to read it, and a table of term, definition and source with its
    header repeated on every page; returns how many terms it lists. An existing file is replaced only once the
    new one is complete."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    # Word takes the font for Chinese characters from the East Asian slot, not from font.name.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    for name in ("Title", "Heading 1"):
        rfonts = doc.styles[name].element.get_or_add_rPr().get_or_add_rFonts()
        rfonts.set(qn("w:eastAsia"), "黑体")

    doc.add_heading(visible_text(handbook_title(deck)), level=0)
    day = (today or datetime.date.today()).isoformat()
    intro = doc.add_paragraph()
    order = "按收藏先后排列" if deck.spec.kind == "favourites" else "按在报告中出现的次数排列，常见的在前"
    intro.add_run(f"共 {len(deck.entries)} 条，{order}。生成于 {day}。").font.size = Pt(9)
    note = doc.add_paragraph().add_run("释义摘自所注出处；【参考释义】为国家统计或政策口径，并非报告原文；"
                                       "同一简称在不同地方含义可能不同，以所注出处为准。")
    note.font.size = Pt(9)
    note.font.color.rgb = RGBColor(0x66, 0x66, 0x66)

    table = doc.add_table(rows=1, cols=len(HEADINGS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, heading in zip(table.rows[0].cells, HEADINGS):
        cell.paragraphs[0].add_run(heading).bold = True
    _repeat_as_header(table.rows[0])
    for entry in deck.entries:
        cells = table.add_row().cells
        # Plain runs of visible text: report text is never markup here, and XML refuses control characters.
        cells[0].paragraphs[0].add_run(visible_text(entry.term)).bold = True
        cells[1].paragraphs[0].add_run(visible_text(entry.definition.text))
        kind = KIND_LABELS.get(entry.definition.kind, "")
        source = cells[2].paragraphs[0].add_run(visible_text(entry.citation) + (f"【{kind}】" if kind else ""))
        source.font.size = Pt(9)
    # Word reads the widths of the cells, LibreOffice those of the table grid: set both.
    for column, width in zip(table.columns, WIDTHS):
        column.width = width
    for row in table.rows:
        _keep_together(row)
        for cell, width in zip(row.cells, WIDTHS):
            cell.width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    doc.save(str(partial))
    os.replace(partial, path)
    return len(deck.entries)


def _repeat_as_header(row: Any) -> None:
    """Mark a table row to be repeated at the top of every page the table runs onto."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _keep_together(row: Any) -> None:
    """Keep a row on one page: a definition split over a page break is hard to read on paper."""
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)
