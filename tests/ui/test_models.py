"""Every item model, checked with Qt's model tester, and what each row says."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from glossary_app.core import TermBase
from glossary_app.core.browse import Browser
from glossary_app.core.build import FileResult
from glossary_app.core.read import NEEDS_OCR
from glossary_app.ui.models import DETAIL_ROLE, ITEM_ROLE
from glossary_app.ui.models.grouped import TermGroupsModel, UsesModel
from glossary_app.ui.models.imports import ImportModel
from glossary_app.ui.models.results import ResultsModel
from glossary_app.ui.models.terms import TermListModel


@pytest.fixture
def browser(seed_termbase: TermBase) -> Browser:
    return Browser(seed_termbase.db)


def test_results_model(qtmodeltester, seed_termbase: TermBase) -> None:
    model = ResultsModel()
    qtmodeltester.check(model)
    model.set_results("五", seed_termbase.lookup("五", limit=20, passages=0).results)
    qtmodeltester.check(model)
    first = model.index(0, 0)
    assert first.data() == model.result(0).term
    assert "匹配 · 释义" in first.data(DETAIL_ROLE)
    assert first.data(ITEM_ROLE) is model.result(0)


def test_results_model_says_how_it_matched_and_counts(seed_termbase: TermBase) -> None:
    model = ResultsModel()
    model.set_results("五制一平台", seed_termbase.lookup("五制一平台", passages=0).results)
    assert model.index(0, 0).data(DETAIL_ROLE) == "精确匹配 · 释义 1 条 · 使用 2 处"


def test_uses_model_groups_by_document_and_filters(qtmodeltester, browser: Browser) -> None:
    model = UsesModel()
    qtmodeltester.check(model)
    model.set_uses(browser.uses(browser.find_term("四上企业")))
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(model.rowCount())][0].endswith("处）")
    assert model.regions() == ["常德市", "祁东县", "芷江侗族自治县", "靖州苗族侗族自治县"]
    model.set_filter("常德市", None)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    group = model.index(0, 0)
    use = model.index(0, 0, group).data(ITEM_ROLE)
    assert use.passage.source.region == "常德市"
    assert model.index(0, 0, group).data() == use.passage.text
    model.set_filter(None, "1999")
    assert model.rowCount() == 0


def test_term_groups_model(qtmodeltester, browser: Browser) -> None:
    model = TermGroupsModel()
    model.set_groups(browser.terms_by_region())
    qtmodeltester.check(model)
    group = model.index(0, 0)
    assert group.data().endswith(f"（{model.rowCount(group)}）")
    assert group.data(Qt.ItemDataRole.FontRole).bold()
    assert "使用" in model.index(0, 0, group).data(DETAIL_ROLE)


def test_term_list_model(qtmodeltester, browser: Browser) -> None:
    model = TermListModel()
    model.set_terms([*browser.undefined_terms()[:5], "自己收藏的词"])
    qtmodeltester.check(model)
    assert model.index(5, 0).data() == "自己收藏的词"
    assert model.index(5, 0).data(DETAIL_ROLE) == ""
    assert model.index(0, 0).data(DETAIL_ROLE).startswith("未释义")


def test_import_model(qtmodeltester) -> None:
    model = ImportModel()
    model.set_files([FileResult(Path("a.txt"), "added", 1, 3, 10),
                     FileResult(Path("b.pdf"), "rejected", reason=NEEDS_OCR),
                     FileResult(Path("c.txt"), "unchanged")])
    qtmodeltester.check(model)
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows == [["a.txt", "已导入", 1, 3, 10, ""],
                    ["b.pdf", "未导入", "", "", "", "扫描版 PDF，没有文字层，需要OCR文字识别后才能导入"],
                    ["c.txt", "未变化", "", "", "", "此前已导入，内容相同"]]
    assert model.headerData(5, Qt.Orientation.Horizontal) == "说明"
    # core words its reasons in Chinese (tests/core/test_bad_files.py); the row shows them as they are
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == f"b.pdf\n{NEEDS_OCR}"
