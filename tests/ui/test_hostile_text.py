"""Hostile report text (issue 7 part 4): markup, script, links, bidi and zero-width controls and NUL bytes
in a report are shown as plain, visible text on every surface, and no link from a document is ever opened."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication, QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QTextBrowser

from glossary_app.core import TermBase, build, read, store
from glossary_app.core.browse import Use
from glossary_app.core.plaintext import has_hidden, visible_text
from glossary_app.ui.delegates import PassageDelegate
from glossary_app.ui.mainwindow import MainWindow
from glossary_app.ui.models import ITEM_ROLE, TERM_ROLE
from glossary_app.ui.render import term_link

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
NUL = "\x00"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"
# The 名词解释 entries of hostile_report.txt, as the term base spells the terms (the report writes
# 四\u200b专\u200d机\u200c制: reading drops invisible characters, so the term is stored as a reader sees it).
TERMS = ["三张清单<script>alert(1)</script>", "一窗通办", "两个&amp;三个", "四专机制", "五联共建",
         "<b>六统一</b>"]
# Visible text of the report that must reach the screen as text, character for character.
SHOWN = ["三张清单<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">点此</a>',
         "两个&amp;三个", "&lt;问题导向&gt;", "<b>六统一</b>", "file:///etc/passwd", "http://example.com/liu?x=<b>1</b>"]
APP_SCHEMES = {"term", "copy", "delete-own", "edit-note"}  # the term page's own links, handled in code
FOREIGN_URLS = ["javascript:alert(1)", "file:///etc/passwd", "http://example.com/", "https://example.com/x",
                "mailto:a@example.com", "x"]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, common_freq) -> Path:
    """A term base built from the hostile report as .txt and as .html."""
    path = tmp_path_factory.mktemp("hostile") / "terms.db"
    db = store.open_database(path)
    report = build.build(db, [HOSTILE / "hostile_report.txt", HOSTILE / "hostile_report.html"], common_freq=common_freq)
    assert [(f.status, f.definitions) for f in report.files] == [("added", 6), ("added", 6)]  # nothing refused
    db.close()
    return path


@pytest.fixture
def hostile(make_window: Callable[[Path], MainWindow], hostile_db: Path) -> MainWindow:
    """The main window on the hostile term base."""
    return make_window(hostile_db)


class _UrlRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def record(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every URL the app asks the desktop to open: calls from Python, and (through URL handlers, which
    QDesktopServices::openUrl consults first) calls Qt makes itself, as a QTextBrowser or QLabel with
    external links on would."""
    recorder = _UrlRecorder()
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: recorder.record(QUrl(url)) or True)
    schemes = ["http", "https", "file", "javascript", "mailto", "ftp", *APP_SCHEMES]
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, recorder, "record")
    yield recorder.urls
    for scheme in schemes:
        QDesktopServices.unsetUrlHandler(scheme)


def _fragments(document: QTextDocument) -> Iterator[tuple[str, object]]:
    """(text, char format) of every run of a rich-text document."""
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            yield fragment.text(), fragment.charFormat()
            it += 1
        block = block.next()


def _anchors(document: QTextDocument) -> list[tuple[int, str]]:
    """(position, href) of every link in a document."""
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isAnchor():
                found.append((fragment.position(), fragment.charFormat().anchorHref()))
            it += 1
        block = block.next()
    return found


def _open(window: MainWindow, idle, term: str) -> None:
    window.open_term(term)
    idle(window)
    assert window.page.details is not None and window.page.details.term == term
    assert window.page.details.term_id is not None, term


def test_the_fixture_carries_every_hostile_piece() -> None:
    raw = (HOSTILE / "hostile_report.txt").read_bytes().decode("utf-8-sig")
    page = (HOSTILE / "hostile_report.html").read_bytes().decode("utf-8-sig")
    for text in (raw, page):
        assert all(c in text for c in BIDI + ZERO_WIDTH + NUL)
        assert "file:///" in text and "http://" in text
    assert all(piece in raw for piece in ("<script>", "<img src=x onerror=", 'href="javascript:', "<b>", "&amp;", "&lt;"))
    assert "<script>alert(" in page and '<a href="file:///etc/passwd">' in page  # live markup in the page itself
    # NUL bytes are in the text itself, not only in an encoding's padding.
    assert "五联\x00共建" in raw and "五联\x00共建" in page


def test_the_report_is_imported_whole_as_text(hostile_db: Path) -> None:
    # Nothing visible lost: every piece of visible text is in the term base as written (markup included, as
    # text); NUL bytes, bidi controls and zero-width characters are dropped on reading, from .txt and .html alike.
    text = read.read_report(HOSTILE / "hostile_report.txt").text
    assert "\x00" not in text and text.count("五联共建") == 3
    assert all(piece in text for piece in SHOWN)
    tb = TermBase.open(hostile_db)
    try:
        stored = {r["term"] for r in tb.db.query("SELECT term FROM terms")}
        assert set(TERMS) <= stored and not any("\ufffd" in term for term in stored)
        definitions = " ".join(r["text"] for r in tb.db.query("SELECT text FROM definitions"))
        assert "专报制度" in definitions and not has_hidden(definitions)
    finally:
        tb.close()


@pytest.mark.parametrize("term", TERMS)
def test_term_page_shows_text_never_markup(hostile: MainWindow, idle, term: str) -> None:
    _open(hostile, idle, term)
    page = hostile.page
    plain, html = page.browser.toPlainText(), page.browser.toHtml()
    for d in page.details.definitions:
        assert visible_text(d.text) in plain
    assert not has_hidden(plain)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert {href.partition(":")[0] for _, href in _anchors(page.browser.document())} <= APP_SCHEMES
    assert not re.search(r'href="(?:javascript|file|https?):', html)
    assert page.title.textFormat() == Qt.TextFormat.PlainText and page.title.text() == visible_text(term)
    # What is copied for a draft is the visible text too.
    page.copy_definition(0)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(visible_text(term) + "：") and not has_hidden(copied)


def test_hostile_definitions_show_their_markup_as_visible_text(hostile: MainWindow, idle) -> None:
    expected = {TERMS[0]: "负面清单<script>alert(1)</script>。", TERMS[1]: "<img src=x onerror=alert(1)>",
                TERMS[2]: '确保<a href="javascript:alert(1)">点此</a>有人管', TERMS[3]: "专报制度，限时办结。",
                TERMS[4]: "党员联管、阵地联用、活动联办、发展联促。", TERMS[5]: "样表见file:///etc/passwd"}
    for term, text in expected.items():
        _open(hostile, idle, term)
        assert text in hostile.page.browser.toPlainText(), term


@pytest.mark.parametrize("term", TERMS)
def test_passages_are_plain_visible_text_with_the_use_marked(hostile: MainWindow, idle, term: str) -> None:
    _open(hostile, idle, term)
    model = hostile.page.uses_model
    uses = model.all_uses()
    assert len(uses) >= 2
    delegate = PassageDelegate(hostile.page.uses)
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        assert not has_hidden(parent.data())
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            use: Use = index.data(ITEM_ROLE)
            text = use.passage.text
            assert index.data() == visible_text(text)
            doc = delegate._document(use, QFont(), 400)
            assert doc.toPlainText() == visible_text(text)
            marked = "".join(t for t, fmt in _fragments(doc) if fmt.fontWeight() == QFont.Weight.DemiBold)
            assert marked == visible_text(text[use.passage.start:use.passage.end]) == visible_text(term)
            assert _anchors(doc) == []


@pytest.mark.parametrize("term", TERMS)
def test_viewer_shows_the_document_as_text_standing_on_each_use(hostile: MainWindow, idle, term: str) -> None:
    _open(hostile, idle, term)
    for use in hostile.page.uses_model.all_uses():
        hostile.open_use(use)
        idle(hostile)
        viewer = hostile.viewer
        assert hostile.stack.currentWidget() is viewer
        plain = viewer.text.toPlainText()
        assert all(piece in plain for piece in SHOWN)
        assert not has_hidden(plain)
        assert "项目审批时限压缩%05，企业满意度" in plain  # RLO/PDF gone: nothing reads backwards
        assert _anchors(viewer.text.document()) == [] and "<img" not in viewer.text.toHtml()
        # The use in view is marked where it is, even after invisible characters earlier in its paragraph.
        assert viewer.text.extraSelections()[0].cursor.selectedText() == visible_text(term)
        for label in (viewer.title, viewer.meta, viewer.position):
            assert label.textFormat() == Qt.TextFormat.PlainText and not has_hidden(label.text())
        hostile.go_back()
        idle(hostile)


def test_sidebar_results_show_terms_as_text_and_open_them(hostile: MainWindow, idle) -> None:
    sidebar = hostile.sidebar
    for query, term in (("三张清单", TERMS[0]), ("四专机制", TERMS[3]), ("六统一", TERMS[5])):
        hostile.set_query(query)
        idle(hostile)
        first = sidebar.results_model.index(0, 0)
        assert first.data(TERM_ROLE) == term
        assert first.data() == visible_text(term)
        tooltip = first.data(Qt.ItemDataRole.ToolTipRole)
        assert "<script" not in tooltip and "<img" not in tooltip and "<b>" not in tooltip
        assert hostile.page.details.term == term and hostile.page.details.term_id is not None
        sidebar.open_current()
        idle(hostile)
        assert hostile.userdata.history()[0] == term
    # The history list and its tooltips too.
    history = sidebar.history_model
    assert [history.index(r, 0).data(TERM_ROLE) for r in range(history.rowCount())] == [TERMS[5], TERMS[3], TERMS[0]]
    assert all(not has_hidden(history.index(r, 0).data()) and "<b>" not in history.index(r, 0).data(
        Qt.ItemDataRole.ToolTipRole) for r in range(history.rowCount()))


def test_a_query_is_repeated_as_text(hostile: MainWindow, idle) -> None:
    query = "<i>无此</i><img src=x>\u202e词"
    hostile.set_query(query)
    idle(hostile)
    assert hostile.sidebar.results_model.rowCount() == 0
    assert hostile.sidebar.empty.textFormat() == Qt.TextFormat.PlainText
    assert f"未找到“{query}”" in hostile.sidebar.empty.text()


def test_browse_panel_lists_terms_as_text(qtbot, hostile: MainWindow, idle) -> None:
    browse = hostile.sidebar.browse
    hostile.sidebar.tabs.setCurrentWidget(browse)
    idle(hostile)
    for mode in range(browse.mode.count()):
        browse.mode.setCurrentIndex(mode)
        idle(hostile)
        model = browse.view.model()
        rows = [model.index(r, 0) for r in range(model.rowCount())]
        rows += [model.index(c, 0, parent) for parent in list(rows) for c in range(model.rowCount(parent))]
        # Every report term here has a definition: only the list of undefined ones is empty.
        assert any(i.data(TERM_ROLE) for i in rows) == (browse.current_mode() != "undefined")
        for index in rows:
            assert not has_hidden(index.data())
            tooltip = index.data(Qt.ItemDataRole.ToolTipRole) or ""
            assert "<script" not in tooltip and "<b>" not in tooltip
    browse.mode.setCurrentIndex(0)
    idle(hostile)
    by_pinyin = [browse.view.model().index(c, 0, browse.view.model().index(g, 0))
                 for g in range(browse.view.model().rowCount())
                 for c in range(browse.view.model().rowCount(browse.view.model().index(g, 0)))]
    shown = {i.data(TERM_ROLE): i.data() for i in by_pinyin}
    assert {t: shown[t] for t in TERMS} == {t: visible_text(t) for t in TERMS}


@pytest.mark.parametrize("term", TERMS)
def test_clipboard_popup_shows_plain_text_and_opens_the_term(qtbot, hostile: MainWindow, idle, term: str) -> None:
    result = TermBase.open(hostile.db_path).lookup(term, limit=1, passages=0).results[0]
    assert result.term == term
    popup = hostile.popup
    popup.show_result(result, QPoint(40, 40))
    for label in (popup.term, popup.definition, popup.source):
        assert label.textFormat() == Qt.TextFormat.PlainText and not label.openExternalLinks()
        assert not has_hidden(label.text())
    assert popup.term.text() == visible_text(term)
    assert popup.definition.text() == visible_text(result.definitions[0].text)
    qtbot.mouseClick(popup, Qt.MouseButton.LeftButton)
    idle(hostile)
    assert hostile.page.details.term == term


def test_no_widget_follows_or_opens_links_by_itself(hostile: MainWindow, idle) -> None:
    _open(hostile, idle, TERMS[2])
    hostile.open_use(hostile.page.uses_model.all_uses()[0])
    idle(hostile)
    for browser in hostile.findChildren(QTextBrowser):
        assert not browser.openLinks() and not browser.openExternalLinks(), browser.objectName()
    labels = hostile.findChildren(QLabel) + hostile.popup.findChildren(QLabel)
    assert all(not label.openExternalLinks() for label in labels)
    document_text = [hostile.page.title, hostile.page.summary, hostile.viewer.title, hostile.viewer.meta,
                     hostile.viewer.position, hostile.sidebar.empty, hostile.popup.term, hostile.popup.definition,
                     hostile.popup.source]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in document_text)


def _click_at(browser: QTextBrowser, position: int, qtbot) -> None:
    cursor = QTextCursor(browser.document())
    cursor.setPosition(position + 1)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=browser.cursorRect(cursor).center())


def test_clicking_links_opens_nothing_outside_the_app(qtbot, hostile: MainWindow, idle, opened_urls: list[str]) -> None:
    _open(hostile, idle, TERMS[2])
    page = hostile.page
    requested: list[str] = []
    page.term_requested.connect(requested.append)
    # Links a document might have carried, had any reached the page: each is ignored.
    for url in FOREIGN_URLS:
        page.browser.anchorClicked.emit(QUrl(url))
        idle(hostile)
    assert requested == [] and page.details.term == TERMS[2]
    # The page's own links, clicked with the mouse, do what the page says and open nothing outside.
    QGuiApplication.clipboard().clear()
    anchors = _anchors(page.browser.document())
    assert {href.partition(":")[0] for _, href in anchors} == {"copy"}
    for position, _ in anchors:
        _click_at(page.browser, position, qtbot)
        idle(hostile)
    assert QGuiApplication.clipboard().text().startswith("两个&amp;三个：两个坚持&amp;三个确保")
    # The document's own link text, clicked where it stands in the viewer, is only text.
    hostile.open_use(page.uses_model.all_uses()[0])
    idle(hostile)
    viewer = hostile.viewer.text
    at = viewer.toPlainText().index("点此")
    _click_at(viewer, at, qtbot)
    idle(hostile)
    assert hostile.stack.currentWidget() is hostile.viewer
    assert opened_urls == []


def test_a_term_link_is_followed_inside_the_app(hostile: MainWindow, idle, opened_urls: list[str]) -> None:
    # A link the page writes for a term whose name is markup leads to that term's page, and nowhere else.
    _open(hostile, idle, TERMS[0])
    page = hostile.page
    page.browser.anchorClicked.emit(QUrl(term_link(TERMS[5])))
    idle(hostile)
    assert page.details.term == TERMS[5]
    assert opened_urls == []
