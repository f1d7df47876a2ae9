"""Look and feel: the CJK font list, light and dark palettes following the system, icons and the style sheet."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from .render import DARK, LIGHT, Colors

# Named explicitly: left to itself Qt may take a Japanese or Korean face for Chinese text.
if sys.platform == "win32":
    FONT_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "SimHei", "Segoe UI"]
elif sys.platform == "darwin":
    FONT_FAMILIES = ["PingFang SC", "Hiragino Sans GB", "Heiti SC", "Helvetica Neue"]
else:
    FONT_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback",
                     "DejaVu Sans"]
BASE_POINT_SIZE = 10.5
MIN_POINT_SIZE, MAX_POINT_SIZE = 8.0, 24.0


def resource_dir() -> Path:
    """resources/ beside the package, or inside the frozen bundle."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark theme (Qt 6.5+ reports it; unknown means light)."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def colors() -> Colors:
    """The colours of the theme in force."""
    app = QApplication.instance()
    return DARK if app is not None and app.property("glossaryDark") else LIGHT


def ui_font(point_size: float = BASE_POINT_SIZE) -> QFont:
    """The app font: the platform's Chinese UI face first."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def _palette(c: Colors) -> QPalette:
    pal = QPalette()
    base, window = ("#1b1d21", "#202328") if c.dark else ("#ffffff", "#f3f4f6")
    roles = {
        QPalette.ColorRole.Window: window, QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: base, QPalette.ColorRole.AlternateBase: c.card,
        QPalette.ColorRole.Text: c.text, QPalette.ColorRole.Button: c.card, QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.Highlight: "#2f6fb5" if c.dark else "#d6e6fa",
        QPalette.ColorRole.HighlightedText: "#ffffff" if c.dark else c.text,
        QPalette.ColorRole.Link: c.link, QPalette.ColorRole.PlaceholderText: c.muted,
        QPalette.ColorRole.ToolTipBase: c.card, QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.Mid: c.border, QPalette.ColorRole.Midlight: c.border,
    }
    for role, value in roles.items():
        pal.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.muted))
    return pal


def apply_theme(app: QApplication, dark: bool | None = None) -> Colors:
    """Style the whole app light or dark (by default as the system is); returns the colours chosen."""
    dark = system_is_dark() if dark is None else dark
    app.setProperty("glossaryDark", dark)
    c = DARK if dark else LIGHT
    app.setStyle("Fusion")  # the same metrics everywhere, so the screenshots are what users get
    app.setPalette(_palette(c))
    sheet = resource_dir() / "style.qss"
    app.setStyleSheet(sheet.read_text(encoding="utf-8").replace("@accent", c.accent).replace("@border", c.border)
                      .replace("@card", c.card).replace("@muted", c.muted).replace("@link", c.link) if sheet.exists() else "")
    _icon_cache.cache_clear()
    return c


def icon(name: str) -> QIcon:
    """resources/icons/NAME.svg drawn in the theme's icon colour (an empty icon if the file is missing)."""
    return _icon_cache(name, colors().icon)


@cache
def _icon_cache(name: str, color: str) -> QIcon:
    path = resource_dir() / "icons" / f"{name}.svg"
    result = QIcon()
    if not path.exists():
        return result
    renderer = QSvgRenderer(QByteArray(path.read_text(encoding="utf-8").replace("currentColor", color).encode()))
    for size in (16, 20, 24, 32, 48, 64, 128, 256):
        # Drawn per size rather than scaled, so icons stay sharp on high-DPI screens.
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def tool_button(text: str, icon_name: str, tip: str, parent: QWidget) -> QToolButton:
    """A flat button with an icon beside its label."""
    button = QToolButton(parent)
    button.setText(text)
    button.setIcon(icon(icon_name))
    button.setToolTip(tip)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setAutoRaise(True)
    return button


def header_bar(title: QLabel, subtitle: QLabel, widgets: tuple[QWidget, ...],
               align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignVCenter) -> QHBoxLayout:
    """A page's head: title over subtitle on the left, its buttons on the right."""
    head = QHBoxLayout()
    titles = QVBoxLayout()
    titles.setSpacing(2)
    titles.addWidget(title)
    titles.addWidget(subtitle)
    head.addLayout(titles, 1)
    for widget in widgets:
        head.addWidget(widget, 0, align)
    return head
