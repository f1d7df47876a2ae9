"""Rebuild real paragraphs from extracted text, keeping a map back to its lines."""

from __future__ import annotations

import bisect
import functools
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
# Sentence ends; a line ending in one of them may end a paragraph.
TERMINAL = "。！？!?"
# Paragraph openers: numbering and heading markers that start a new paragraph.
MARKER_RE = re.compile(
    r"^\s*(?:"
    r"[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|"
    r"\d{1,3}\s*[.．、](?!\d)|\d{1,3}[）)]|[（(]\d{1,3}[）)]|[①-⑳]|"
    r"第[一二三四五六七八九十百]+[章节条部分]|附件"
    r")"
)
# An issuing number line (文号): 湘阴发〔2023〕1号, 芷政人〔2024〕1 号.
DOC_NUMBER_RE = re.compile(
    rf"^[{CJK}A-Za-z]{{1,16}}\s*[〔\[［(（【]\s*\d{{4}}\s*[〕\]］)）】]\s*\d{{1,4}}\s*号$"
)
_PAGE_NUMBER_RE = re.compile(r"^[-—–－~～]\s*\d{1,4}\s*[-—–－~～]$")
_LETTER_SPACED_RE = re.compile(rf"^[{CJK}](?:[ \u3000]+[{CJK}])+$")
_SPACE_CJK_ALNUM_RE = re.compile(rf"(?<=[{CJK}])[ \u3000]+(?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%])[ \u3000]+(?=[{CJK}])")
_HTML_P_RE = re.compile(r"</?p>")
# A line that is a date alone (a signature date, a web scrape's posting date):
# it always stands on its own, however the line before it ends.
_DATE_ONLY_RE = re.compile(
    r"^[（(]?(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|"
    r"[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)[）)]?$"
)
# Lines of punctuation alone ("-" between scraped articles) are separators.
_SEPARATOR_RE = re.compile(r"^[-—–－=_*#·•]+$")
# The report's closing address, which page layout can wedge between two halves
# of another paragraph (see seed 001, 名词解释 entry 5).
_ADDRESS_RE = re.compile(r"^(各位代表|同志们|代表们)")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text and the raw line (1-based) each part of it came from."""

    text: str
    # (offset in text, raw line number) for each raw line the paragraph spans.
    line_starts: tuple[tuple[int, int], ...]

    @property
    def line(self) -> int:
        """The raw line the paragraph starts on."""
        return self.line_starts[0][1]

    def slice(self, start: int, end: int) -> Paragraph:
        """The part text[start:end], with its own line map."""
        starts = [(0, self.line_at(start))]
        starts += [(o - start, n) for o, n in self.line_starts if start < o < end]
        return Paragraph(self.text[start:end], tuple(starts))

    def line_at(self, offset: int) -> int:
        """The raw line holding the character at offset."""
        i = bisect.bisect_right([o for o, _ in self.line_starts], offset) - 1
        return self.line_starts[max(i, 0)][1]


def display_width(text: str) -> int:
    """Width in half-width cells: CJK and full-width characters count two."""
    if text.isascii():
        return len(text)
    return len(text) + len(_wide_re().findall(text))


@functools.cache
def _wide_re() -> re.Pattern[str]:
    """East Asian wide and full-width characters as one character class, so measuring runs in C."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x1100, 0x40000):
        if unicodedata.east_asian_width(chr(code)) in "WF":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


def clean_line(line: str) -> str:
    """Tidy one raw line: stray spaces, emphasis marks, letter-spacing, spaces around digits."""
    line = line.replace("\u00a0", " ").replace("**", "")
    line = _HTML_P_RE.sub(" ", line).strip()
    if _LETTER_SPACED_RE.match(line):
        line = re.sub(r"[ \u3000]+", "", line)
    return _SPACE_CJK_ALNUM_RE.sub("", line)


def is_page_furniture(line: str) -> bool:
    """Page numbers such as '- 4 -' that PDF extraction leaves between paragraphs."""
    return bool(_PAGE_NUMBER_RE.match(line))


def _ends_sentence(text: str) -> bool:
    return text.rstrip("”’」』)）*").endswith(tuple(TERMINAL)) or text.endswith(tuple(TERMINAL))


def _is_dangling(text: str) -> bool:
    """A paragraph that stops mid-sentence: its last character is not a sentence end or colon."""
    return not _ends_sentence(text) and not text.endswith(("：", ":", "；", ";"))


def _is_table_row(text: str) -> bool:
    return "\t" in text or text.startswith(("|", "---"))


def _hard_wrap_width(lines: list[str]) -> int | None:
    """The column width of a hard-wrapped (PDF) text, or None for one paragraph a line."""
    widths = [display_width(line) for line in lines if line]
    if len(widths) < 20 or statistics.median(widths) > 80:
        return None
    mode = Counter(w for w in widths if w >= 16).most_common(1)
    if not mode:
        return None
    full = mode[0][0]
    near = sum(1 for w in widths if full - 6 <= w <= full + 3)
    return full if near >= 0.6 * len(widths) else None


def _wrapped_line_ends_paragraph(line: str, following: str | None, full: int) -> bool:
    """Whether a line of a hard-wrapped text is the last of its paragraph."""
    width = display_width(line)
    if following is None:
        return True
    if _stands_alone(following) or _stands_alone(line):
        return True
    if line.endswith(("会议上", "会议上）", "会议上)")):
        return True
    # Breaking at a sentence end never cuts a sentence, so any sign will do:
    # a short line, a numbered item next, or a short line next.
    if _ends_sentence(line) and (
        width <= full - 2 or MARKER_RE.match(following) or display_width(following) <= full - 8
    ):
        return True
    if line.endswith(("：", ":", "；", ";")) and width <= full - 8:
        return True
    return width <= full - 8 and not line.endswith(("，", "、", ","))


def _join(parts: list[tuple[str, int]]) -> Paragraph:
    text, starts = "", []
    for part, line_no in parts:
        starts.append((len(text), line_no))
        text += part
    return Paragraph(text, tuple(starts))


def _wrapped_paragraphs(lines: list[tuple[str, int]], full: int) -> list[Paragraph]:
    paragraphs, current = [], []
    for i, (line, line_no) in enumerate(lines):
        current.append((line, line_no))
        following = lines[i + 1][0] if i + 1 < len(lines) else None
        if _wrapped_line_ends_paragraph(line, following, full):
            paragraphs.append(_join(current))
            current = []
    return paragraphs


def _stands_alone(line: str) -> bool:
    """Lines that never continue the paragraph before them: dates, separators, 文号."""
    return bool(_DATE_ONLY_RE.match(line) or _SEPARATOR_RE.match(line) or DOC_NUMBER_RE.match(line))


def _continues(previous: str, following: str) -> bool:
    """Whether a line-per-paragraph text's paragraph was cut in two by a page break."""
    return (
        display_width(previous) >= 80
        and not _stands_alone(following)
        and _is_dangling(previous)
        and not _is_table_row(previous)
        and not _is_table_row(following)
        and not MARKER_RE.match(following)
    )


def _line_paragraphs(lines: list[tuple[str, int]]) -> list[Paragraph]:
    paragraphs: list[list[tuple[str, int]]] = []
    pending: list[tuple[str, int]] = []  # paragraphs wedged into another one
    i = 0
    while i < len(lines):
        line, line_no = lines[i]
        if paragraphs and _continues(paragraphs[-1][-1][0], line):
            paragraphs[-1].append((line, line_no))
        elif (
            paragraphs
            and _ADDRESS_RE.match(line)
            and _ends_sentence(line)
            and display_width(paragraphs[-1][-1][0]) >= 40
            and _is_dangling(paragraphs[-1][-1][0])
            and i + 1 < len(lines)
            and not MARKER_RE.match(lines[i + 1][0])
            and not _ADDRESS_RE.match(lines[i + 1][0])
        ):
            # A whole paragraph stands between two halves of another: put the
            # halves together and the wedged paragraph right after them.
            pending.append((line, line_no))
            paragraphs[-1].append(lines[i + 1])
            i += 1
        else:
            paragraphs.extend([p] for p in pending)
            pending = []
            paragraphs.append([(line, line_no)])
        i += 1
    paragraphs.extend([p] for p in pending)
    return [_join(parts) for parts in paragraphs]


def _split_long(paragraph: Paragraph) -> list[Paragraph]:
    """Split a one-line article at sentence ends followed by white space (web scrapes)."""
    pieces = re.split(rf"(?<=[{TERMINAL}])[ \u3000]+", paragraph.text)
    if len(pieces) == 1:
        return [paragraph]
    out, offset = [], 0
    for piece in pieces:
        # A tab after the space ("！ \tX") must not open the next paragraph.
        piece = piece.strip()
        if not piece:
            continue
        start = paragraph.text.index(piece, offset)
        out.append(paragraph.slice(start, start + len(piece)))
        offset = start + len(piece)
    return out


def normalize(text: str) -> list[Paragraph]:
    """Turn raw extracted text into paragraphs that no line break cuts."""
    raw = text.split("\n")
    lines = [(clean_line(line), n) for n, line in enumerate(raw, start=1)]
    lines = [(line, n) for line, n in lines if line and not is_page_furniture(line)]
    full = _hard_wrap_width([line for line, _ in lines])
    if full is not None:
        paragraphs = _wrapped_paragraphs(lines, full)
    else:
        paragraphs = _line_paragraphs(lines)
    return [piece for p in paragraphs for piece in _split_long(p)]
