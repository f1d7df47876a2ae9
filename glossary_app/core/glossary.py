"""Find 名词解释 sections in a document and cut them into term/definition entries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import metadata
from .normalize import CJK
from .split import Document
from .termkey import fold_width, strip_quotes

# Headings: 名词解释, 相关名词解释, 《政府工作报告》名词解释：, 名词注释, 注释, 附件：名词解释 …
_HEADING_BODY = (
    r"(?:附件\s*\d*\s*[:：]?\s*|附\s*[:：]\s*)?"
    rf"(?:《[^》]{{1,40}}》|(?:\d{{4}}年)?[{CJK}]{{0,12}}报告)?(?:中)?(?:相关|有关|主要)?"
    r"(?:名词|词语|术语|用语)(?:解释|注释|释义|说明)"
)
_HEADING_RE = re.compile(rf"^{_HEADING_BODY}(?:[（(][^)）]{{0,20}}[)）])?\s*[:：]?$|^(?:注释|注解)\s*[:：]?$")
# A heading inside a run-on paragraph (web scrapes put a whole report on one line).
# It follows a sentence end, or opens a paragraph that normalising cut off
# at "…奋斗! 名词解释: 1)…"; either way numbered entry 1 comes straight after.
_INLINE_HEADING_RE = re.compile(rf"(?:^|(?<=[。！？!?])|(?<=[。！？!?]\s))\s*{_HEADING_BODY}\s*[:：]?\s*(?=[(（]?1\s*[)）.．、]|[(（]一[)）]|一、|①)")

_CN_NUMBERS = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Numbering styles, each with how to read its number.
_STYLES: dict[str, str] = {
    "arabic": r"(\d{1,3})\s*[.．、](?!\d)",
    "paren": r"[（(](\d{1,3})[）)]",
    # 1) and 1）: web scrapes and plain-text reports close the number only.
    "close_paren": r"(\d{1,3})[）)]",
    "circled": rf"([{_CIRCLED}])",
    "chinese": rf"([{_CN_NUMBERS}]{{1,3}})、",
    "paren_chinese": rf"[（(]([{_CN_NUMBERS}]{{1,3}})[）)]",
}
_STYLE_RES = {name: re.compile(rf"^\s*{body}\s*") for name, body in _STYLES.items()}
_SUB_ITEM_RE = re.compile(rf"^\s*(?:[（(]\d{{1,2}}[）)]|[{_CIRCLED}]|[-•·●▪]\s|[a-z][.)、])")
_SENTENCE_END = ("。", "！", "？", "!", "?", "；", ";")
_TERM_MAX = 40
_SEPARATOR_WORDS = ("是指", "即", "指", "是")


@dataclass(frozen=True)
class GlossaryEntry:
    """One 名词解释 entry as the document gives it."""

    term: str  # the term without quotes or markup: 四上企业
    heading: str  # the term as written: “四上”企业
    definition: str
    number: int | None
    paragraph: int  # index into the document's paragraphs
    line: int  # raw line the entry starts on


def is_glossary_heading(text: str) -> bool:
    """Whether a paragraph is a glossary section heading."""
    return bool(_HEADING_RE.match(re.sub(r"[\s【】\[\]#*]", "", text)))


def _number_value(style: str, raw: str) -> int:
    if style == "circled":
        return _CIRCLED.index(raw) + 1
    if style in ("chinese", "paren_chinese"):
        if raw == "十":
            return 10
        if raw.startswith("十"):
            return 10 + _CN_NUMBERS.index(raw[1]) + 1
        if "十" in raw:
            tens, _, units = raw.partition("十")
            return (_CN_NUMBERS.index(tens) + 1) * 10 + (_CN_NUMBERS.index(units) + 1 if units else 0)
        return _CN_NUMBERS.index(raw) + 1
    return int(raw)


def _numbering(text: str) -> tuple[str, int, int] | None:
    """(style, number, length of the marker) when text opens with an entry number."""
    for style, regex in _STYLE_RES.items():
        m = regex.match(text)
        if m:
            return style, _number_value(style, m.group(1)), m.end()
    return None


def _outside_quotes(text: str, limit: int) -> list[tuple[int, str]]:
    """(index, char) of the first characters of text that stand outside quote marks."""
    depth, out = 0, []
    for i, c in enumerate(text[:limit]):
        if c in "“‘「『":
            depth += 1
        elif c in "”’」』" and depth:
            depth -= 1
        elif depth == 0:
            out.append((i, c))
    return out


def _valid_term(term: str) -> bool:
    bare = strip_quotes(term)
    if not 1 <= len(bare) <= _TERM_MAX:
        return False
    outside = "".join(c for _, c in _outside_quotes(term, len(term)))
    return not re.search(r"[。，,；;！？!?（(]", outside)


def split_term(text: str) -> tuple[str, str] | None:
    """Cut an entry's text (number removed) into (term as written, definition)."""
    text = text.strip()
    # 1. A colon outside quotes, with a plausible term before it.
    for i, c in _outside_quotes(text, _TERM_MAX + 8):
        if c in "：:":
            term = text[:i].strip()
            if _valid_term(term):
                return term, text[i + 1 :].strip()
            break
        if c in "。，,；;":
            break
    # 2. A quoted term followed by 即/指/是, by white space, or by nothing.
    m = re.match(rf"^([^“\s]{{0,12}}“[^”]{{1,30}}”[{CJK}A-Za-z+]{{0,8}}?)\s*((?:{'|'.join(_SEPARATOR_WORDS)}).+)$", text)
    if m and _valid_term(m.group(1)):
        return m.group(1), m.group(2).strip()
    m = re.match(r"^(\S{1,40}?)\s+(\S.*)$", text)
    if m and _valid_term(m.group(1)) and ("“" in m.group(1) or len(m.group(1)) <= 12):
        return m.group(1), m.group(2).strip()
    m = re.match(r"^((?:[^“\s]{0,12})“[^”]{1,30}”)(.+)$", text)
    if m and _valid_term(m.group(1)):
        return m.group(1), m.group(2).strip()
    # 3. An unquoted term followed by 即/指/是指.
    m = re.match(rf"^([{CJK}A-Za-z0-9+]{{2,12}}?)((?:{'|'.join(_SEPARATOR_WORDS)})[^，,。].+)$", text)
    if m:
        return m.group(1), m.group(2).strip()
    return None


def display_term(heading: str) -> str:
    """The term as the app shows it: 四上企业 for “四上”企业."""
    return strip_quotes(fold_width(heading)).rstrip("：:")


@dataclass
class _Unit:
    text: str
    paragraph: int
    line: int


def _split_inline_numbers(unit: _Unit, style: str, expected: int) -> list[_Unit]:
    """Cut a paragraph holding several numbered entries ('…。2.B：…') into one unit each."""
    out, rest, offset = [], unit.text, 0
    number = expected
    while True:
        marker = _STYLES[style].replace(r"(\d{1,3})", str(number + 1))
        if style not in ("arabic", "paren", "close_paren"):
            break
        m = re.search(rf"(?<=[。；;！!？?])\s*{marker}", rest[1:])
        if not m:
            break
        cut = m.start() + 1
        out.append(_Unit(rest[:cut].strip(), unit.paragraph, unit.line))
        rest, offset, number = rest[cut:], offset + cut, number + 1
    out.append(_Unit(rest.strip(), unit.paragraph, unit.line))
    return out


def _section_units(doc: Document) -> list[list[_Unit]]:
    """The paragraphs under each glossary heading of the document, as units."""
    sections: list[list[_Unit]] = []
    current: list[_Unit] | None = None
    for i, p in enumerate(doc.paragraphs):
        if is_glossary_heading(p.text):
            current = []
            sections.append(current)
            continue
        m = _INLINE_HEADING_RE.search(p.text)
        if m:
            current = [_Unit(p.text[m.end() :], i, p.line_at(m.end()))]
            sections.append(current)
            continue
        if current is not None:
            current.append(_Unit(p.text, i, p.line))
    return sections


# The report's closing address ("各位代表，同志们！…"), which page layout can put
# among the entries; it never belongs to one.
_ADDRESS_RE = re.compile(r"^(各位代表|同志们|代表们)")
# How many paragraphs of other text a numbered glossary may hold between entries.
_MAX_STRAYS = 3
_LOOKAHEAD = 5


@dataclass
class _Draft:
    heading: str
    definition: str
    number: int | None
    unit: _Unit


def _is_expected(unit: _Unit, style: str | None, expected: int | None) -> bool:
    numbering = _numbering(unit.text)
    return bool(style and numbering and numbering[0] == style and numbering[1] == expected)


def _parse_numbered(text: str) -> tuple[str, str] | None:
    """(term, definition) of a numbered entry's text with the number removed.

    A term alone on its line ("3.“一区三园”") opens an entry whose definition
    follows in the next paragraph.
    """
    parsed = split_term(text)
    if parsed is None and _valid_term(text) and len(strip_quotes(text)) <= 20:
        return text.rstrip("：:"), ""
    return parsed


def _leads_to_next_entry(queue: list[_Unit], style: str | None, expected: int | None) -> bool:
    """Whether the next expected entry follows after a few plain paragraphs."""
    for unit in queue[:_LOOKAHEAD]:
        if _is_expected(unit, style, expected):
            return True
        if _ADDRESS_RE.match(unit.text) or is_glossary_heading(unit.text):
            return False
    return False


def _continues_entry(definition: str, unit: _Unit, queue: list[_Unit], style: str | None,
                     expected: int | None) -> bool:
    """Whether an unnumbered paragraph carries on the entry before it."""
    # The closing address and a date line (a signature's, a web page's) are
    # never part of an entry, however the entry before them ends.
    if _ADDRESS_RE.match(unit.text) or metadata.DATE_LINE_RE.match(unit.text):
        return False
    # An entry that stops mid-sentence, or on a colon or semicolon, goes on.
    if _is_dangling(definition) or definition.endswith(("：", ":", "；", ";")):
        return True
    if _SUB_ITEM_RE.match(unit.text):
        return True
    # A whole further paragraph of a numbered entry: the next number follows it.
    # After the last entry nothing can tell, so nothing is taken (no leaks).
    return style is not None and _leads_to_next_entry(queue, style, expected)


def _drafts(units: list[_Unit]) -> list[_Draft]:
    first = _numbering(units[0].text)
    style, expected = (first[0], first[1]) if first else (None, None)
    drafts: list[_Draft] = []
    queue = list(units)
    strays = 0  # paragraphs of other text since the last entry
    while queue:
        unit = queue.pop(0)
        if _is_expected(unit, style, expected):
            pieces = _split_inline_numbers(unit, style, expected)  # type: ignore[arg-type]
            unit, queue = pieces[0], pieces[1:] + queue
            parsed = _parse_numbered(unit.text[_numbering(unit.text)[2] :])  # type: ignore[index]
            if parsed is None:
                break
            drafts.append(_Draft(parsed[0], parsed[1], expected, unit))
            expected, strays = (expected or 0) + 1, 0
            continue
        if style is None and not strays and (not drafts or not _is_dangling(drafts[-1].definition)):
            parsed = split_term(unit.text)
            if parsed and len(strip_quotes(parsed[0])) <= 20:
                drafts.append(_Draft(parsed[0], parsed[1], None, unit))
                continue
        if drafts and not strays and _continues_entry(drafts[-1].definition, unit, queue, style, expected):
            joiner = "" if _is_dangling(drafts[-1].definition) else "\n"
            drafts[-1].definition += joiner + unit.text
            continue
        # Text that is not part of the glossary. A numbered glossary may go on
        # after it (the report's closing paragraph wedged among the entries);
        # an unnumbered one has nothing to resume by, so it ends here.
        strays += 1
        if not drafts or style is None or strays >= _MAX_STRAYS:
            break
    return drafts


def _entries_from_units(units: list[_Unit]) -> list[GlossaryEntry]:
    if not units:
        return []
    return [
        GlossaryEntry(
            term=display_term(d.heading), heading=d.heading, definition=d.definition.strip(),
            number=d.number, paragraph=d.unit.paragraph, line=d.unit.line,
        )
        for d in _drafts(units)
        if d.definition.strip() and display_term(d.heading)
    ]


def _is_dangling(text: str) -> bool:
    return not text.rstrip("”’」』)）").endswith(_SENTENCE_END) and not text.endswith(_SENTENCE_END)


def extract_glossary(doc: Document) -> list[GlossaryEntry]:
    """Every 名词解释 entry of a document, in order."""
    return [entry for units in _section_units(doc) for entry in _entries_from_units(units)]
