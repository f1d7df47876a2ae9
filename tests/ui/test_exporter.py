"""文件 → 导出词汇表: the whole glossary, a region's, or the favourites, in each format."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from glossary_app.ui.exporter import ExportDialog
from glossary_app.ui.mainwindow import MainWindow


def _export(qtbot, dialog: ExportDialog, path: Path) -> Path:
    dialog.export_to(path)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith(("已导出", "导出失败")), timeout=10000)
    assert dialog.outcome.text().startswith("已导出"), dialog.outcome.text()
    return path


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))[1:]


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "md"])
def test_every_format_is_written(qtbot, window: MainWindow, tmp_path: Path, idle, fmt: str) -> None:
    idle(window)
    dialog = window.show_export()
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    _export(qtbot, dialog, tmp_path / "词汇表")  # the suffix is added when the name lacks it
    assert (tmp_path / f"词汇表.{fmt}").stat().st_size > 0


def test_a_region_only(qtbot, window: MainWindow, tmp_path: Path, idle) -> None:
    idle(window)
    dialog = window.show_export()
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.one_region.setChecked(True)
    dialog.region.setCurrentText("祁东县")
    rows = _csv_rows(_export(qtbot, dialog, tmp_path / "out.csv"))
    assert rows and {r[4] for r in rows} == {"祁东县"}


def test_favourites_with_own_definitions(qtbot, window: MainWindow, tmp_path: Path, idle) -> None:
    window.userdata.set_favourite("五制一平台", True)
    window.userdata.set_favourite("揭榜挂帅", True)
    window.userdata.add_definition("揭榜挂帅", "公开张榜、能者揭榜", "科室口径")
    idle(window)
    dialog = window.show_export()
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.favourites.setChecked(True)
    rows = _csv_rows(_export(qtbot, dialog, tmp_path / "fav.csv"))
    assert [(r[0], r[2]) for r in rows] == [("五制一平台", "名词解释"), ("揭榜挂帅", "我的注释")]
