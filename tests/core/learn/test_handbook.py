"""core.learn.handbook: an A4 Word handbook of a deck, term · definition · source, its table header on every page."""

from __future__ import annotations

import datetime
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from glossary_app.core import TermBase
from glossary_app.core.learn.decks import Deck, DeckSpec, Entry, build_deck
from glossary_app.core.learn.handbook import write_handbook
from glossary_app.core.termbase import Definition, Source
from glossary_app.core.termkey import term_key


def test_a_region_handbook(termbase: TermBase, tmp_path: Path) -> None:
    deck = build_deck(termbase, DeckSpec("region", "祁东县"))
    path = tmp_path / "祁东县.docx"
    assert write_handbook(deck, path, today=datetime.date(2024, 3, 1)) == 7
    doc = Document(str(path))
    section = doc.sections[0]
    # A4, to the twip Word stores sizes in.
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert all(Mm(15) <= m <= Mm(30) for m in margins)
    assert doc.paragraphs[0].text == "常用简称手册 · 祁东县术语"
    assert "共 7 条" in doc.paragraphs[1].text and "2024-03-01" in doc.paragraphs[1].text
    (table,) = doc.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["术语", "释义", "出处"]
    assert [r[0] for r in rows[1:]] == [e.term for e in deck.entries]
    assert rows[1] == ["五制一平台", deck.entries[0].definition.text, "《祁东县政府工作报告》（2023-03-27）【名词解释】"]
    assert rows[3][2].endswith("【参考释义】") and len(rows[3][2]) > len("【参考释义】")
    # The header row repeats on every page; no row breaks across a page.
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    # The columns fill the text width between the margins.
    widths = sum(cell.width for cell in table.rows[1].cells)
    assert abs(widths - (section.page_width - section.left_margin - section.right_margin)) < Mm(1)


def test_report_text_stays_text(tmp_path: Path) -> None:
    source = Source("a.txt", "政府工作报告<草稿>", "某县", "2024-01-02", 3, 1)
    entry = Entry("三化\u202e", term_key("三化"), None, Definition("<b>标准化</b>\x0b规范化\x00", "inline", source))
    path = tmp_path / "h.docx"
    write_handbook(Deck("测试", DeckSpec("favourites", ("三化",)), [entry]), path)
    doc = Document(str(path))
    assert [c.text for c in doc.tables[0].rows[1].cells] == ["三化", "<b>标准化</b>规范化", "《政府工作报告<草稿>》（某县，2024-01-02）【正文释义】"]
    assert "按收藏先后排列" in doc.paragraphs[1].text


def test_an_existing_handbook_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "h.docx"
    path.write_bytes(b"old")
    deck = Deck("测试", DeckSpec("all"), [])
    assert write_handbook(deck, path) == 0
    assert len(Document(str(path)).tables[0].rows) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["h.docx"]
