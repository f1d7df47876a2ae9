"""Read a numeric abbreviation as counted groups: 一单四制 = 1×单 + 4×制."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .termkey import strip_quotes

_VALUES = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUMERAL = "一二两双三四五六七八九十"
_GROUP_RE = re.compile(rf"([{_NUMERAL}]+|\d+)(个|大|项|类|种)?([^{_NUMERAL}\d、·+]+)")


@dataclass(frozen=True)
class Group:
    """One counted part of an abbreviation: 四制 is Group(4, '制'), written 四制."""

    count: int
    morpheme: str
    written: str = ""


@dataclass(frozen=True)
class NumericTerm:
    """A numeric abbreviation split into its prefix (发展六仗 → 发展) and groups."""

    prefix: str
    groups: tuple[Group, ...]

    @property
    def total(self) -> int:
        """How many items the abbreviation counts in all."""
        return sum(g.count for g in self.groups)


def _value(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    if len(numeral) == 1:
        return _VALUES[numeral]
    if len(numeral) == 2 and numeral[0] == "十":
        return 10 + _VALUES.get(numeral[1], 0) if numeral[1] != "十" else None
    if len(numeral) == 2 and numeral[1] == "十":
        return _VALUES[numeral[0]] * 10
    return None  # 十百千万 and the like count nothing


@functools.lru_cache(maxsize=65536)
def parse_numeric(term: str) -> NumericTerm | None:
    """The groups of a numeric abbreviation, or None when term does not count items."""
    bare = strip_quotes(term)
    first = re.search(rf"[{_NUMERAL}\d]", bare)
    if first is None:
        return None
    prefix, rest = bare[: first.start()].rstrip("·、"), bare[first.start() :]
    groups = []
    for part in re.split(r"[、·]", rest):
        matches = list(_GROUP_RE.finditer(part))
        # Every character must belong to a group: 十四五 or 5+N count nothing.
        if not matches or "".join(m.group(0) for m in matches) != part:
            return None
        for m in matches:
            value = _value(m.group(1))
            if value is None or value > 20 or set(m.group(3)) <= set("百千万"):
                return None
            groups.append(Group(value, m.group(3), m.group(0)))
    if not groups or len(prefix) > 6:
        return None
    return NumericTerm(prefix=prefix, groups=tuple(groups))


def morpheme_matches(item: str, morpheme: str) -> bool:
    """Whether an enumerated item belongs to a group: 交办制 ends with 制, 清单 with 单."""
    item = strip_quotes(item).rstrip("。；;，,")
    return item.endswith(morpheme) or morpheme in item
