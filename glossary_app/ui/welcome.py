"""The page shown before the first lookup: what the app is for, examples to click, the keys."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .render import term_link
from .theme import colors, icon

EXAMPLES = ["五制一平台", "四上企业", "一单四制", "发展六仗", "三主三特", "两不愁三保障"]
KEYS = [("Ctrl+L", "定位到检索框"), ("↑ ↓", "在结果中选择"), ("回车", "打开词条"), ("Esc", "清空检索框"),
        ("Alt+← / →", "后退 / 前进"), ("Ctrl+D", "收藏当前词条"), ("Ctrl+= / −", "放大 / 缩小字号")]


class WelcomePage(QWidget):
    """A short, quiet start page; the examples are links that fill the search box."""

    query_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        logo = QLabel(self)
        logo.setPixmap(icon("app").pixmap(72, 72))
        title = QLabel("地方政府报告简称词典", self)
        title.setObjectName("welcomeTitle")
        self.body = QLabel(self)
        self.body.setTextFormat(Qt.TextFormat.RichText)  # our own fixed text; no document text goes here
        self.body.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.linkActivated.connect(lambda href: self.query_requested.emit(unquote(href.partition(":")[2])))
        self.stats = QLabel(self)
        self.stats.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (logo, title, self.body, self.stats):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.refresh()

    def refresh(self) -> None:
        """Draw the page in the theme's colours."""
        c = colors()
        examples = "　".join(f'<a href="{term_link(t)}">{t}</a>' for t in EXAMPLES)
        keys = "".join(f'<tr><td align="right" style="color:{c.muted}; padding-right:14px">{k}</td><td>{v}</td></tr>'
                       for k, v in KEYS)
        self.body.setText(
            f'<p>查简称释义、看出处、比较各地口径、定位报告原文。全部在本机完成，不联网。</p>'
            f'<p style="margin-top:14px">试试：{examples}</p>'
            f'<table style="margin-top:18px" cellpadding="3">{keys}</table>')

    def set_stats(self, stats: dict[str, int]) -> None:
        """Say what the term base holds."""
        self.stats.setText(f"当前词库收录文档 {stats['documents']} 篇、术语 {stats['terms']} 个、"
                           f"释义 {stats['definitions']} 条，另有 {stats['undefined']} 个术语尚无释义。")
