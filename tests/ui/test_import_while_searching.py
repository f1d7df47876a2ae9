"""Two at once: searching and opening term pages while an import writes to the same term base."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from glossary_app.core import store
from glossary_app.ui.mainwindow import MainWindow

COPIES = 4  # copies of the five seed reports (about 3 MB): the import takes seconds, not a blink
NEW_TERMS = 12
REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
NEW_REPORT = """{county}政府工作报告
——2023年3月27日在{county}第十八届人民代表大会第三次会议上
开展“重点项目攻坚年”活动，实行“第{n}号调度机制”，重点项目完成投资。
《政府工作报告》名词解释：
1.“第{n}号调度机制”：{county}推行的第{n}项项目调度办法。
"""
# (query as typed, the term whose page is then opened): terms of the seed reports, already in the term base.
QUERIES = [("五制一平台", "五制一平台"), ("四上", "四上企业"), ("一单四制", "一单四制"),
           ("两不愁", "两不愁三保障"), ("wzypt", "五制一平台")]


def _corpus(folder: Path) -> Path:
    """The seed reports again, each copy made a new file by a line of its own, and small reports with new terms."""
    folder.mkdir()
    for copy in range(COPIES):
        for report in sorted(REPORTS.glob("*.txt")):
            text = report.read_text(encoding="utf-8") + f"\n附：第{copy}份副本。\n"
            (folder / f"{report.stem}_{copy}.txt").write_text(text, encoding="utf-8")
    for n in range(NEW_TERMS):
        (folder / f"new_{n:02}.txt").write_text(NEW_REPORT.format(county=f"第{n}试点县", n=n), encoding="utf-8")
    return folder


def _copy_of(db_path: Path, target: Path) -> Path:
    with sqlite3.connect(db_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    return target


def _terms(window: MainWindow) -> list[str]:
    model = window.sidebar.results_model
    return [model.result(r).term for r in range(model.rowCount())]


def test_the_term_base_lets_readers_read_while_a_writer_writes(tmp_path: Path) -> None:
    db = store.open_database(tmp_path / "terms.db")
    # WAL: readers never wait for the import's transaction; busy_timeout: a second writer waits, not fails.
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    db.conn.close()


def test_searches_and_pages_answer_while_an_import_runs(qtbot, make_window, seed_db: Path, tmp_path: Path,
                                                        idle) -> None:
    window = make_window(_copy_of(seed_db, tmp_path / "terms.db"))
    window.warm_up()  # as the app does at start: jieba is ready before the first lookup
    idle(window)
    folder = _corpus(tmp_path / "reports")

    def look_up(query: str, term: str) -> float:
        started = time.perf_counter()
        with qtbot.waitSignal(window.sidebar.results_changed, timeout=20000,
                              check_params_cb=lambda shown: shown == query):
            window.sidebar.search.setText(query)
        elapsed = time.perf_counter() - started
        assert term in _terms(window), (query, _terms(window))
        return elapsed

    def open_page(term: str) -> float:
        started = time.perf_counter()
        window.open_term(term)
        qtbot.waitUntil(lambda: window.page.term == term and window.stack.currentWidget() is window.page,
                        timeout=20000)
        return time.perf_counter() - started

    before = [look_up(query, term) for query, term in QUERIES]
    started = time.perf_counter()
    dialog = window.start_import([folder])
    during: list[tuple[float, float]] = []  # (lookup, page) seconds, answered while files were still being read
    while dialog.running:
        for query, term in QUERIES:
            times = (look_up(query, term), open_page(term))
            total = dialog.progress.maximum()
            if dialog.running and total and dialog.progress.value() < total - 1:
                during.append(times)
    import_seconds = time.perf_counter() - started
    idle(window)

    assert dialog.status.text().startswith("导入完成。新增 32 个文件"), dialog.status.text()
    assert [f for f in dialog.report.files if f.status != "added"] == []  # none lost to "database is locked"
    assert window.failures == []  # and no lookup or page failed
    assert import_seconds >= 1.0
    # Results and pages came while the import still had files to read: nothing waited for it to finish.
    assert len(during) >= 3, (len(during), import_seconds)
    worst_lookup, worst_page = max(t[0] for t in during), max(t[1] for t in during)
    print(f"\nimport of {len(dialog.report.files)} files: {import_seconds:.2f} s; "
          f"{len(during)} lookup+page rounds during it; worst lookup {worst_lookup * 1000:.0f} ms, "
          f"worst page {worst_page * 1000:.0f} ms (lookups before: worst {max(before) * 1000:.0f} ms)")

    after = look_up("第7号调度机制", "第7号调度机制")  # the new terms are found without a restart
    assert _terms(window)[0] == "第7号调度机制"
    open_page("第7号调度机制")
    assert "第7试点县推行的第7项项目调度办法" in window.page.browser.toPlainText()
    print(f"first lookup after the import: {after * 1000:.0f} ms")
