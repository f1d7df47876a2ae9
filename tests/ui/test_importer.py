"""文件 → 导入报告: progress with the file in hand, cancel, an account at the end, new terms found at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from glossary_app.core.read import CORRUPT_DOCX, ReadError, find_reports, read_report
from glossary_app.ui.mainwindow import MainWindow

REPORT = """{county}政府工作报告
——2023年3月27日在{county}第十八届人民代表大会第三次会议上
开展“重点项目攻坚年”活动，实行“第{n}号机制”，重点项目完成投资。
《政府工作报告》名词解释：
1.“第{n}号机制”：{county}推行的第{n}项项目调度办法。
"""


def _terms(window: MainWindow) -> list[str]:
    model = window.sidebar.results_model
    return [model.result(r).term for r in range(model.rowCount())]


def test_import_shows_progress_and_an_account_and_new_terms_are_found(
        qtbot, make_window, tmp_path: Path, reports_dir: Path, idle) -> None:
    window = make_window(tmp_path / "new.db")
    window.set_query("五制一平台")
    idle(window)
    assert _terms(window) == []
    (reports_dir / "broken.docx").write_bytes(b"not a zip")
    dialog = window.start_import([reports_dir])
    files_seen: list[str] = []
    dialog.progress.valueChanged.connect(lambda _: files_seen.append(dialog.current.text()))
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert any(text.startswith("正在读取：") for text in files_seen)
    assert dialog.status.text().startswith("导入完成。新增 2 个文件")
    assert "未能导入 1 个" in dialog.status.text()
    assert dialog.table.isVisibleTo(dialog) and dialog.model.rowCount() == 3
    rejected = [dialog.model.index(r, 5).data() for r in range(3) if dialog.model.index(r, 1).data() == "未导入"]
    assert rejected == [CORRUPT_DOCX]
    idle(window)
    assert "五制一平台" in _terms(window)  # without restarting
    assert window.stats.text().startswith("词库：文档 2 篇")
    dialog.cancel_button.click()
    assert not dialog.isVisible()


def test_cancel_stops_after_the_file_in_hand(qtbot, make_window, tmp_path: Path, idle) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        (folder / f"r{n:02}.txt").write_text(REPORT.format(county=f"第{n}县", n=n), encoding="utf-8")
    window = make_window(tmp_path / "new.db")
    dialog = window.start_import([folder])
    dialog.progress.valueChanged.connect(lambda value: value >= 1 and dialog.running and dialog.cancel())
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert dialog.status.text().startswith("已取消。")
    imported = [f for f in dialog.report.files if f.status == "added"]
    assert 1 <= len(imported) < 40
    idle(window)
    window.set_query("第0号机制")
    idle(window)
    assert _terms(window)[0] == "第0号机制"  # what was imported before the cancel stays


def test_window_stays_responsive_during_an_import(qtbot, make_window, tmp_path: Path, reports_dir: Path, idle) -> None:
    window = make_window(tmp_path / "new.db")
    dialog = window.start_import([reports_dir])
    window.set_query("双减")  # answered while the import is still running or just after
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    idle(window)
    assert window.sidebar.results_model.query == "双减"


def test_import_of_bad_files_names_each_with_its_reason_and_the_window_goes_on(
        qtbot, make_window, tmp_path: Path, bad_folder: Path, idle) -> None:
    expected = {}
    for path in find_reports([bad_folder]):
        try:
            read_report(path)
            expected[path.name] = ("已导入", "")
        except ReadError as err:
            expected[path.name] = ("未导入", err.reason)
    assert sum(status == "未导入" for status, _ in expected.values()) == 13  # the list is the one meant
    window = make_window(tmp_path / "new.db")
    dialog = window.start_import([bad_folder])
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    model = dialog.model
    shown = {model.index(r, 0).data(): (model.index(r, 1).data(), model.index(r, 5).data())
             for r in range(model.rowCount())}
    assert shown == expected
    assert dialog.status.text() == "导入完成。新增 5 个文件，未能导入 13 个。"
    assert dialog.table.isVisibleTo(dialog)
    # the window carries on: the good report's terms are found, and another import runs
    idle(window)
    window.set_query("五制一平台")
    idle(window)
    assert _terms(window)[0] == "五制一平台"
    dialog.cancel_button.click()
    assert not dialog.isVisible()
    again = window.start_import([bad_folder / "good.txt"])
    qtbot.waitUntil(lambda: not again.running, timeout=60000)
    assert again.status.text() == "导入完成。未变化 1 个文件。"


def test_a_file_name_that_looks_like_markup_is_shown_as_text(qtbot, make_window, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "<b>粗体<img src=x>.txt").write_text(REPORT.format(county="白溪县", n=1), encoding="utf-8")
    window = make_window(tmp_path / "new.db")
    dialog = window.start_import([folder])
    shown: list[tuple[str, Qt.TextFormat]] = []
    set_text = dialog.current.setText
    dialog.current.setText = lambda text: (shown.append((text, dialog.current.textFormat())), set_text(text))
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    named = [fmt for text, fmt in shown if "<b>粗体<img src=x>.txt" in text]
    assert named and all(fmt == Qt.TextFormat.PlainText for fmt in named)
    dialog.cancel_button.click()
