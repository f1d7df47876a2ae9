"""Pick out the coined shorthand a document quotes (“一单四制”, “放管服”, “四上”企业)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .normalize import CJK
from .termkey import strip_quotes

# Counting numerals as shorthand uses them; 双 counts two (双减, 双认证).
NUMERALS = "一二两三四五六七八九十百千万双0123456789"
_QUOTED_RE = re.compile(r"“([^“”\n]{1,16})”|‘([^‘’\n]{1,16})’|「([^「」\n]{1,16})」|\"([^\"\n]{1,16})\"")
# Nouns that belong to the term when they always follow the quoted core: “四上”企业, “五好”园区.
# Kept short on purpose: “一单四制”工作机制 is 一单四制 used in a phrase, while
# “四上”企业 names a kind of enterprise.
SUFFIX_NOUNS = ("企业", "园区")
_NUMERIC_RE = re.compile(rf"[{NUMERALS}][{CJK}A-Za-z+]")
_SHORTHAND_CHARS_RE = re.compile(rf"^[{CJK}A-Za-z0-9+·、]+$")
_SPEECH_MARKERS = ("的", "了", "吗", "呢", "我们", "你", "他", "要", "就是", "不是", "在于")


@dataclass(frozen=True)
class Sighting:
    """A quoted shorthand seen in a document: the term, how often, and its bare quoted core."""

    term: str
    count: int
    core: str


def is_numeric_abbreviation(text: str) -> bool:
    """Whether text counts items: 一单四制, 三高四新, 5+N, 双减, 发展六仗."""
    bare = strip_quotes(text)
    return bool(_NUMERIC_RE.search(bare) or re.search(r"\d\+[A-Za-z0-9]", bare))


def is_shorthand(text: str, common_freq: Callable[[str], int] = lambda w: 0) -> bool:
    """Whether a quoted phrase is coined shorthand rather than a slogan, speech or an ordinary word."""
    bare = strip_quotes(text)
    if not _SHORTHAND_CHARS_RE.match(bare) or len(bare) < 2:
        return False
    if any(m in bare for m in _SPEECH_MARKERS) and not is_numeric_abbreviation(bare):
        return False
    if not re.search(f"[{CJK}]", bare) and not is_numeric_abbreviation(bare):
        return False  # 12345 is a hotline number, not shorthand
    if is_numeric_abbreviation(bare):
        return len(bare) <= 10 and not re.fullmatch(r"[\d.%+]+", bare)
    if "、" in bare or len(bare) > 5:
        return False
    # Scare-quoted ordinary words (“刀刃”, “指挥棒”) are in a general dictionary;
    # coinages (放管服, 规民) are not.
    return common_freq(bare) < 5


def find_sightings(texts: Iterable[str], common_freq: Callable[[str], int] = lambda w: 0) -> list[Sighting]:
    """The shorthand terms quoted in a document's texts, with a suffix noun attached where it always follows."""
    cores: Counter[str] = Counter()
    suffixed: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for m in _QUOTED_RE.finditer(text):
            core = next(g for g in m.groups() if g is not None).strip()
            if not is_shorthand(core, common_freq):
                continue
            cores[core] += 1
            after = text[m.end() : m.end() + 4]
            noun = next((n for n in SUFFIX_NOUNS if after.startswith(n)), None)
            if noun:
                suffixed[(core, noun)] += 1
    out = []
    for core, count in cores.items():
        best = max(((n, c) for (k, n), c in suffixed.items() if k == core), key=lambda x: x[1], default=None)
        # “四上”企业 every time → the term is 四上企业; 四上 stays an alias.
        if best and best[1] == count:
            out.append(Sighting(term=core + best[0], count=count, core=core))
        else:
            out.append(Sighting(term=core, count=count, core=core))
    return out
