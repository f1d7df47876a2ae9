"""Read a document's issuing body, region and date from its own words."""

from __future__ import annotations

import datetime
import re

from .normalize import CJK

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# 2023年3月27日, 2023 年 2 月 1 日 (spaces are gone after normalising), 二〇二三年三月二十七日.
_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CN_DATE_RE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
_ISO_DATE_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
DATE_LINE_RE = re.compile(r"^[（(]?\s*(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)\s*[）)]?$")
# "2023年3月27日在祁东县第十八届人民代表大会第三次会议上": the date a report was given.
SPEECH_RE = re.compile(rf"(\d{{4}}年\d{{1,2}}月\d{{1,2}}日)在([{CJK}]*?)第[{CJK}]+?届人民代表大会")
# County-level and city names as reports write them; 自治县 first so that
# 靖州苗族侗族自治县 is taken whole.
REGION_RE = re.compile(rf"([{CJK}]{{2,7}}?自治[县州]|[{CJK}]{{1,4}}?[县市区省])")
_GENERIC_PLACES = {"城区", "新城区", "老城区", "园区", "片区", "社区", "开发区", "新区", "市区", "县区", "景区", "城市"}
# Parts of a town, not places: 居民小区, 工业园区, 归阳片区.
_NOT_PLACE_ENDINGS = ("小区", "园区", "片区", "社区", "景区", "街区", "山区", "辖区", "校区")
_NOT_REGION = ("中共", "关于", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "首", "各", "该", "本", "我", "各乡镇", "全县", "全市", "全区", "本县", "我县", "我市", "县直", "市直", "省直")


def _cn_number(text: str) -> int:
    if len(text) == 4:
        return int("".join(str(_DIGITS[c]) for c in text))
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _DIGITS[text[1]]
    if "十" in text:
        tens, _, units = text.partition("十")
        return _DIGITS[tens] * 10 + (_DIGITS[units] if units else 0)
    return _DIGITS[text]


def parse_date(text: str) -> str | None:
    """The first date in text as YYYY-MM-DD, or None."""
    found = []
    for regex, conv in ((_DATE_RE, int), (_CN_DATE_RE, _cn_number)):
        m = regex.search(text)
        if m:
            found.append((m.start(), [conv(g) for g in m.groups()]))
    m = _ISO_DATE_RE.match(text.strip())
    if m:
        found.append((0, [int(g) for g in m.groups()]))
    if not found:
        return None
    y, mo, d = min(found)[1]
    try:  # 2023年2月30日 is a typo, not a date
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        return None


def find_region(text: str) -> str | None:
    """The first county, city or district named at the start of text (中共湘阴县委 → 湘阴县)."""
    text = text.removeprefix("中共")
    m = REGION_RE.match(text)
    if m and not m.group(1).startswith(_NOT_REGION):
        return m.group(1)
    return None


def find_region_anywhere(text: str) -> str | None:
    """The first place name anywhere in text, for titles such as 2022年常德市政府工作报告."""
    # Years and 关于 go: 关于靖州苗族侗族自治县 would read as 于靖州苗族侗族自治县.
    for m in REGION_RE.finditer(re.sub(r"关于|\d{4}年(?:度)?", " ", text)):
        region = m.group(1)
        if m.string[m.end():m.end() + 1] == "会":  # 强省会 is a strategy, not a place
            continue
        if _is_place(region):
            return region
    return None


def _is_place(region: str) -> bool:
    return (
        not region.startswith(_NOT_REGION)
        and region not in _GENERIC_PLACES
        and not region.endswith(_NOT_PLACE_ENDINGS)
    )
