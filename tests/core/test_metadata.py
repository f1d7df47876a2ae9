"""Tests for glossary_app.core.metadata: dates, regions and report headers read from the text."""

from __future__ import annotations

import pytest

from glossary_app.core.metadata import (
    DATE_LINE_RE,
    SPEECH_RE,
    find_region,
    find_region_anywhere,
    parse_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年3月27日", "2023-03-27"),
        ("2024年1月16日", "2024-01-16"),
        ("二〇二三年三月二十七日", "2023-03-27"),
        ("二〇二四年一月十日", "2024-01-10"),
        ("二〇二三年十二月三十一日", "2023-12-31"),
        ("二零二三年十月二十日", "2023-10-20"),
        ("2025-07-02", "2025-07-02"),
        ("2025/7/2", "2025-07-02"),
        ("2021.12.30", "2021-12-30"),
        ("（2023年3月27日在祁东县第十八届人民代表大会第三次会议上）", "2023-03-27"),
        ("于2023年1月31日印发", "2023-01-31"),
        # The first date wins, whichever way it is written.
        ("二〇二三年一月五日起至2023年2月1日", "2023-01-05"),
        ("2024年2月29日", "2024-02-29"),
        # Not dates.
        ("2023年2月30日", None),
        ("2023年13月1日", None),
        ("2023年0月5日", None),
        ("2025-13-02", None),
        ("2023年", None),
        ("2023年第1期", None),
        ("无日期", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年1月31日", True),
        ("（2023年3月27日）", True),
        ("2025-07-02", True),
        ("二〇二三年三月二十七日", True),
        ("2023年1月31日印发", False),
        ("2023年第1期", False),
        ("2023年，全县上下", False),
    ],
)
def test_date_line_re(text: str, expected: bool) -> None:
    assert bool(DATE_LINE_RE.match(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年3月27日在祁东县第十八届人民代表大会第三次会议上", ("2023年3月27日", "祁东县")),
        ("—2023年12月19日在县第九届人民代表大会第三次会议上", ("2023年12月19日", "县")),
        ("——2023年12月19日在芷江侗族自治县第九届人民代表大会第三次会议上", ("2023年12月19日", "芷江侗族自治县")),
        ("2022年邵阳市政府工作报告2021年12月30日在邵阳市第十七届人民代表大会第一次会议上", ("2021年12月30日", "邵阳市")),
    ],
)
def test_speech_re_reads_date_and_place(text: str, expected: tuple[str, str]) -> None:
    m = SPEECH_RE.search(text)
    assert m is not None and m.groups() == expected


def test_speech_re_needs_a_congress() -> None:
    assert SPEECH_RE.search("2023年3月27日在祁东县政府常务会议上") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中共湘阴县委", "湘阴县"),
        ("湘阴县人民政府", "湘阴县"),
        ("湘阴县人民政府办公室", "湘阴县"),
        ("靖州苗族侗族自治县人民政府", "靖州苗族侗族自治县"),
        ("芷江侗族自治县", "芷江侗族自治县"),
        ("祁东县", "祁东县"),
        ("长沙市", "长沙市"),
        ("中共怀化市委", "怀化市"),
        ("常德市政府", "常德市"),
        ("鹤城区规模工业企业", "鹤城区"),
        ("湖南省", "湖南省"),
        # Not places, or not at the start.
        ("全县上下", None),
        ("全市", None),
        ("各乡镇人民政府", None),
        ("两区协同", None),
        ("县人民政府", None),
        ("县直各单位", None),
        ("本县", None),
        ("我市", None),
        ("一县一特", None),
        ("首市", None),
        ("关于湘阴县", None),
        ("", None),
    ],
)
def test_find_region(text: str, expected: str | None) -> None:
    assert find_region(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年常德市政府工作报告", "常德市"),
        ("2022年邵阳市政府工作报告", "邵阳市"),
        ("鹤城区规模工业企业全面复产彰显区域活力", "鹤城区"),
        ("湖南省建立六机制助推规模工业企业加速成长", "湖南省"),
        ("关于靖州苗族侗族自治县2023年度法治政府建设情况的报告", "靖州苗族侗族自治县"),
        ("关于印发《湘阴县2023年创建“五好”园区推进全市“五大园区”争先比强实施方案》的通知", "湘阴县"),
        ("2023年祁东县政府工作报告", "祁东县"),
        # Not places.
        ("长沙以“强省会”战略为引领 多领域实现中部领跑", None),
        ("两区协同赋能新篇 长沙强省会建设加速跑", None),
        ("政府工作报告", None),
        ("全县各乡镇", None),
        ("2023年度全市工作", None),
        ("城区居民小区物业管理", None),
        ("创建“五好”园区", None),
        ("前4月湖南进出口1656亿余元 东盟稳居第一大贸易伙伴", None),
    ],
)
def test_find_region_anywhere(text: str, expected: str | None) -> None:
    assert find_region_anywhere(text) == expected
