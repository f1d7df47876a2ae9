"""Rich text for the term page, built from core dataclasses; every piece of document text is escaped.

Document text is shown as what can be seen: invisible format and control characters (bidi overrides that would
make a passage read backwards, zero-width characters, NUL) are dropped on display, never in the term base."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from html import escape as _escape_html
from urllib.parse import quote

from PySide6.QtGui import Qt  # QtGui's Qt: QtCore's namespace plus the rich-text helpers

from ..core.browse import Breakdown, TermDetails
from ..core.export import KIND_LABELS, cite, citation_of
from ..core.plaintext import visible_text
from ..core.termbase import Definition, Source
from ..core.userdata import OwnDefinition


@dataclass(frozen=True)
class Colors:
    """Colours the rich text and delegates draw with; one set per theme."""

    dark: bool
    text: str
    muted: str
    accent: str
    link: str
    mark: str  # a use of the term
    current: str  # the use the viewer stands on
    diff: str  # where one place's definition differs from another's
    card: str
    border: str
    icon: str


LIGHT = Colors(False, "#1f2328", "#667085", "#a8201a", "#1d5fa6", "#ffe9a8", "#ffb454", "#fbd5d2", "#f6f7f9",
               "#d9dde3", "#4a5565")
DARK = Colors(True, "#e6e8eb", "#9aa3ae", "#ff8a80", "#7cb4ff", "#5a4a12", "#a8650a", "#6b2c2c", "#23262b",
              "#3a3f46", "#c3cad3")


MARK_MIN_SIMILARITY = 0.3  # below this two wordings are simply different; marking every character helps nobody


def escape(text: str) -> str:
    """Document text as rich text that shows exactly the visible text: markup escaped, hidden characters gone."""
    return _escape_html(visible_text(text))


def plain_tooltip(text: str) -> str:
    """A tooltip showing text as text (Qt guesses whether a tooltip is markup: document text must not be)."""
    return Qt.convertFromPlainText(visible_text(text), Qt.WhiteSpaceMode.WhiteSpaceNormal)


def term_link(term: str) -> str:
    """The href that opens a term's page."""
    return "term:" + quote(term, safe="")


def source_text(source: Source) -> str:
    """《标题》（地区，日期） · 文件 第N行, as plain text."""
    cited = citation_of(source.title, source.region, source.date)
    where = source.file + (f" 第{source.line}行" if source.line and source.file else "")
    return visible_text(" · ".join(p for p in (cited, where) if p))


def linked_text(text: str, links: list[tuple[int, int, str]]) -> str:
    """text escaped, with each (start, end, term) made a link to that term's page."""
    out, pos = [], 0
    for start, end, term in sorted(links):
        if start < pos:
            continue  # overlapping matches: the first one wins
        out.append(escape(text[pos:start]))
        out.append(f'<a href="{term_link(term)}">{escape(text[start:end])}</a>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def marked_diff(a: str, b: str, color: str) -> tuple[str, str]:
    """a and b escaped, with what each has that the other lacks on a coloured background
    (unmarked when the two have too little in common for marks to help)."""
    a, b = visible_text(a), visible_text(b)  # compared as read: an invisible character is no difference
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < MARK_MIN_SIMILARITY:
        return escape(a), escape(b)

    def mark(piece: str) -> str:
        return f'<span style="background-color:{color}">{escape(piece)}</span>' if piece else ""
    left, right = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(escape(a[i1:i2]))
            right.append(escape(b[j1:j2]))
        else:
            left.append(mark(a[i1:i2]))
            right.append(mark(b[j1:j2]))
    return "".join(left), "".join(right)


def _variants(definitions: list[Definition]) -> list[Definition]:
    """The first report definition of each variant (TermBase groups definitions that say the same thing
    into one variant); reference texts are not a place's wording. Fewer than two: nothing to compare."""
    firsts: dict[int, Definition] = {}
    for d in definitions:
        if d.kind != "reference":
            firsts.setdefault(d.variant, d)
    return list(firsts.values()) if len(firsts) > 1 else []


def _card(body: str, c: Colors) -> str:
    return (f'<table width="100%" cellspacing="0" cellpadding="10" style="margin-bottom:10px; '
            f'background-color:{c.card}; border:1px solid {c.border}"><tr><td>{body}</td></tr></table>')


def _badge(label: str, c: Colors, color: str | None = None) -> str:
    return f'<span style="color:{color or c.accent}; font-weight:600">【{escape(label)}】</span>'


def _breakdown(breakdown: Breakdown, c: Colors) -> str:
    if breakdown.complete:
        counted = sum(len(items) for _, items in breakdown.parts)
        head = f'<span style="font-weight:600">构成</span><span style="color:{c.muted}">（共 {counted} 项）</span>'
    else:
        bar = f' <span style="color:{c.muted}">｜</span> '
        head = '<span style="font-weight:600">构成</span>　' + bar.join(escape(label) for label, _ in breakdown.parts)
    rows = "".join(
        f'<tr><td style="color:{c.accent}; font-weight:600; padding-right:12px" valign="top">{escape(label)}</td>'
        f'<td>{"、".join(escape(i) for i in items)}</td></tr>'
        for label, items in breakdown.parts if items)
    return _card(head + (f'<table cellspacing="0" cellpadding="3" style="margin-top:6px">{rows}</table>'
                         if rows else ""), c)


def _definition(index: int, d: Definition, links: list[tuple[int, int, str]], c: Colors) -> str:
    label = KIND_LABELS.get(d.kind, d.kind)
    if d.kind == "inline" and d.confidence < 1.0:
        label += f"·可信度{round(d.confidence * 100)}%"
    cite = escape(source_text(d.source))
    body = (_badge(label, c) + linked_text(d.text, links)
            + f'<div style="color:{c.muted}; margin-top:6px">—— {cite}'
            + f'　<a href="copy:{index}">复制并注明出处</a></div>')
    return _card(body, c)


def _comparison(variants: list[Definition], c: Colors) -> str:
    head, others = variants[0], variants[1:]
    cell = f'style="background-color:{c.card}; font-weight:600"'
    rows = [f'<tr><td width="50%" {cell}>{escape(_place(head.source))}</td>'
            f'<td width="50%" {cell}>{escape(_place(others[0].source))}</td></tr>']
    for i, other in enumerate(others):
        left, right = marked_diff(head.text, other.text, c.diff)
        if len(others) > 1:
            # One wording against several: mark only what each of the others says differently.
            left = escape(head.text)
            if i:
                rows.append(f'<tr><td {cell}>{escape(_place(other.source))}</td></tr>')
        first = f'<td valign="top" rowspan="{2 * len(others) - 1}">{left}</td>' if i == 0 else ""
        rows.append(f'<tr>{first}<td valign="top">{right}</td></tr>')
    return (f'<h3 style="margin-top:14px">释义对比</h3><p style="color:{c.muted}">'
            f'此简称在不同报告中的解释不尽相同，{"差异处已用底色标出。" if len(others) == 1 else "右侧底色标出与左侧不同之处。"}</p>'
            f'<table width="100%" cellspacing="0" cellpadding="8" style="margin-bottom:10px; '
            f'border:1px solid {c.border}">{"".join(rows)}</table>')


def _place(source: Source) -> str:
    return " · ".join(p for p in (source.region or source.title, source.date) if p)


def term_page_html(details: TermDetails, own: list[OwnDefinition], note: str, c: Colors) -> str:
    """The body of a term page: breakdown, definitions with links and sources, comparison, the user's own."""
    parts = []
    if details.breakdown is not None:
        parts.append(_breakdown(details.breakdown, c))
    if details.definitions:
        variants = _variants(details.definitions)
        warning = (f'<span style="color:{c.accent}; font-size:small; font-weight:normal">'
                   f'　各报告说法不一（{len(variants)} 种），对比见下方</span>' if variants else "")
        parts.append(f'<h3>释义（{len(details.definitions)}）{warning}</h3>')
        links = details.links or [[] for _ in details.definitions]
        parts += [_definition(i, d, links[i], c) for i, d in enumerate(details.definitions)]
        if variants:
            parts.append(_comparison(variants, c))
    elif details.term_id is None:
        parts.append(f'<p style="color:{c.muted}">词库中暂无“{escape(details.term)}”这一术语。'
                     f'{"下方列出报告正文中出现该词的位置。" if details.uses else "报告正文中也未出现该词。"}</p>')
    else:
        parts.append(f'<p style="color:{c.muted}">暂无释义：已导入的报告均未解释此词。下方列出它在报告中的用法，'
                     f'可点击“添加释义”记下您的理解。</p>')
    if own:
        parts.append('<h3>我的注释</h3>')
        for d in own:
            source = f'<div style="color:{c.muted}; margin-top:6px">—— {escape(d.source)}</div>' if d.source else ""
            parts.append(_card(_badge(KIND_LABELS["user"], c, c.link) + escape(d.text) + source
                               + f'<div style="margin-top:6px"><a href="delete-own:{d.id}">删除</a></div>', c))
    if note:
        body = escape(note).replace("\n", "<br>")
        parts.append('<h3>我的笔记</h3>' + _card(body + '<div style="margin-top:6px"><a href="edit-note:">修改</a></div>', c))
    return "".join(parts)


def definition_citation(term: str, d: Definition) -> str:
    """Plain text of a definition with its source, as it is copied for drafting."""
    return visible_text(cite(term, d.text, d.source.title, d.source.region, d.source.date))
