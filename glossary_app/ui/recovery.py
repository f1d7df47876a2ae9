"""Before the window opens: a damaged or locked term base or user database explained in Chinese, and put right."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from ..core import install, recovery

if TYPE_CHECKING:  # the build modules load only when a term base is (re)made
    from ..core.build import Progress

log = logging.getLogger(__name__)

USER_DATA = "个人数据库"
TERM_BASE = "词库"
IN_USE_ADVICE = ("请关闭可能占用它的程序（如另一个词典窗口、网盘同步或杀毒软件），或检查文件权限，然后点“重试”。"
                 "点“退出”将关闭本程序，文件不会有任何改动。")


def open_databases(term_base: Path | None, user_db: Path, interactive: bool = True,
                   parent: QWidget | None = None) -> Path | None:
    """The term base to open once it and the user database can be used; None: the user chose to quit, or the
    named term base is damaged. term_base None: the user's own, made on first run, upgraded, or made again when
    damaged. interactive False (scripted runs): messages go to stderr and nothing waits for an answer."""
    health = _usable(user_db, recovery.USER_TABLES, USER_DATA, interactive, parent)
    if health is None:
        return None
    if health.damaged:
        salvage = recovery.recover_user_database(user_db)
        log.warning("个人数据库已损坏，另存为 %s；找回 %s", salvage.aside, salvage.summary())
        _tell(QMessageBox.Icon.Warning, "个人数据已修复",
              f"{recovery.describe(health, USER_DATA)}。已新建个人数据库，并找回了能读出的记录。",
              f"已找回：{salvage.summary()}。\n\n损坏的文件未删除，保存在：\n{salvage.aside}\n"
              "未找回的记录仍在该文件中，可请技术人员协助恢复。", interactive, parent)
    if term_base is not None:
        return _named_term_base(term_base, interactive, parent)
    return _own_term_base(interactive, parent)


def _own_term_base(interactive: bool, parent: QWidget | None) -> Path | None:
    """The user's own term base: waited for while another program holds it, made again from the bundled one
    and the kept reports when damaged."""
    target = install.user_term_base()
    if target.exists() and _usable(target, (), TERM_BASE, interactive, parent, budget=0) is None:
        return None
    while True:
        dialog = _progress_dialog(parent) if interactive else None
        try:
            outcome = install.prepare_user_database(target, progress=_progress(dialog) if dialog else None)
        finally:
            if dialog is not None:
                dialog.close()
        if outcome.status != "locked":
            break
        if not _ask_retry(outcome.reason or str(target), interactive, parent):
            return None
    if outcome.status == "recovered":
        log.warning("%s", install.recovered_message(outcome))
        own = f"和您导入过的 {outcome.restored} 份报告" if outcome.restored else ""
        _tell(QMessageBox.Icon.Warning, "词库已重建", f"{outcome.reason}。",
              f"已用随附词库{own}重新生成词库；收藏、注释等个人数据不受影响。\n\n"
              f"损坏的文件未删除，保存在：\n{outcome.aside}", interactive, parent)
    elif outcome.status == "kept":
        log.warning("词库未随新版本更新：%s", outcome.reason)
    return outcome.path


def _named_term_base(path: Path, interactive: bool, parent: QWidget | None) -> Path | None:
    """A term base named with --db: waited for while locked; when damaged, left as it is and the app does not open."""
    health = _usable(path, recovery.TERM_TABLES, TERM_BASE, interactive, parent, write=False)
    if health is None:
        return None
    if health.damaged and health.status != "empty":
        _tell(QMessageBox.Icon.Critical, "无法打开词库", f"{recovery.describe(health, TERM_BASE)}。",
              "该文件未作任何改动。可用命令 glossary-app build --fresh --db 该文件 报告文件夹 重新生成；"
              "不指定 --db 启动则打开您自己的词库。", interactive, parent)
        return None
    return path


def _usable(path: Path, tables: tuple[str, ...], what: str, interactive: bool, parent: QWidget | None,
            budget: float = recovery.QUICK_CHECK_BUDGET, write: bool = True) -> recovery.Health | None:
    """path's health once no other program holds it; None when the user would rather quit than wait."""
    while True:
        health = recovery.check_database(path, tables, budget=budget, write=write)
        if not health.in_use:
            return health
        if not _ask_retry(recovery.describe(health, what), interactive, parent):
            return None


def _ask_retry(text: str, interactive: bool, parent: QWidget | None) -> bool:
    """重试 or 退出: whether the user wants to try again."""
    log.warning("%s", text)
    if not interactive:
        print(text, file=sys.stderr)
        return False
    box = QMessageBox(QMessageBox.Icon.Warning, "数据库被占用", text, QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(IN_USE_ADVICE)
    retry = box.addButton("重试", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry


def _tell(icon: QMessageBox.Icon, title: str, text: str, details: str, interactive: bool,
          parent: QWidget | None) -> None:
    """A message the user reads and closes before the window opens."""
    if not interactive:
        print(text + " ".join(line for line in details.splitlines() if line), file=sys.stderr)
        return
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(details)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path can be copied
    box.setDefaultButton(box.addButton("继续", QMessageBox.ButtonRole.AcceptRole))
    box.exec()


def _progress_dialog(parent: QWidget | None) -> QProgressDialog:
    """Shown only when making the term base takes more than a second (an upgrade or a rebuild with own reports)."""
    dialog = QProgressDialog("正在准备词库……", "", 0, 0, parent)
    dialog.setWindowTitle("地方政府报告简称词典")
    dialog.setCancelButton(None)  # half a term base is no use: it runs to the end
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(1000)
    dialog.setAutoClose(False)
    return dialog


def _progress(dialog: QProgressDialog) -> Progress:
    def report(done: int, total: int, path: Path) -> bool:
        dialog.setMaximum(total)
        dialog.setLabelText(f"正在导入您的报告：{path.name}（{done + 1}/{total}）")
        dialog.setValue(done)
        QApplication.processEvents()
        return True
    return report
