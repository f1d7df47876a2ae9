"""Numeric abbreviations read as counted groups; 二/两/2 are one number."""

from __future__ import annotations

import pytest

from glossary_app.core.numeric import Group, parse_numeric


@pytest.mark.parametrize("term,prefix,groups", [
    ("一单四制", "", [(1, "单"), (4, "制")]),
    ("五制一平台", "", [(5, "制"), (1, "平台")]),
    ("两不愁三保障", "", [(2, "不愁"), (3, "保障")]),
    ("二不愁三保障", "", [(2, "不愁"), (3, "保障")]),
    ("2不愁3保障", "", [(2, "不愁"), (3, "保障")]),
    ("“三集中、三到位”", "", [(3, "集中"), (3, "到位")]),
    ("发展六仗", "发展", [(6, "仗")]),
    ("四个不摘", "", [(4, "不摘")]),
    ("十大行动", "", [(10, "行动")]),
    ("双减", "", [(2, "减")]),
    ("和美湘村·四乡十村", "和美湘村", [(4, "乡"), (10, "村")]),
])
def test_groups(term: str, prefix: str, groups: list[tuple[int, str]]) -> None:
    parsed = parse_numeric(term)
    assert parsed is not None
    assert parsed.prefix == prefix
    assert [(g.count, g.morpheme) for g in parsed.groups] == groups


@pytest.mark.parametrize("term", ["放管服", "十四五", "5+N", "十百千万", "规民", ""])
def test_not_counting(term: str) -> None:
    assert parse_numeric(term) is None


def test_total_and_written_form() -> None:
    parsed = parse_numeric("一单五制")
    assert parsed is not None and parsed.total == 6
    assert parsed.groups == (Group(1, "单", "一单"), Group(5, "制", "五制"))
