"""Find the definitions a document gives in running text: enumerations, expansions, 简称."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .normalize import MARKER_RE
from .numeric import NumericTerm, morpheme_matches, parse_numeric
from .split import Document
from .termkey import fold_width, strip_quotes
from .vocabulary import is_shorthand

_QUOTED_RE = re.compile(r"“([^“”]{1,16})”")
# 指 and 即 that open a definition, not 指挥/指导/即将/即可.
_DEFINING_RE = re.compile(r"^[^，。；：:“”]{0,6}?[，,]?\s*(是指|即|指)(?![挥导标出引数南定示向令派将可便使时刻日])")
_INCLUDES_RE = re.compile(r"^[^，。；：:“”]{0,6}?[，,]?\s*(?:主要)?包括[：:]?")
_LEADING_VERBS_RE = re.compile(r"^(?:由|在|对|将|把|加快|培育|加强|扶持|支持|鼓励|引导|推动|壮大|做强|发展壮大)+")
_PREDICATE_RE = re.compile(r"^[^，。；：:“”、]{0,4}?(?<![行作认成因以])(?:分别为|为)(?![了止])")
_PAREN_RE = re.compile(r"^([^，。；“”（(]{0,4})[（(]([^（）()]{2,120})[）)]")
_ABBREVIATION_RE = re.compile(r"[（(](?:以下|下文)?简称[“\"]([^”\"]{2,12})[”\"][）)]")
_ITEM_SPLIT_RE = re.compile(r"[、，,；;]|(?<=[制单化])和|以及")
# An enumeration that ends in 等 gives examples, not the items a number counts;
# one whose last item ends in a verb is the subject of that verb.
_OPEN_ENDED_RE = re.compile(r"(?:等|等等|参与|运作|开展|实施|推进|落实|建设|参加)$")
# Words that lead into an enumeration and are no part of its first item.
_LEAD_WORDS = ("严格按照", "按照", "依照", "根据", "实行", "推行", "落实", "建立", "坚持", "实施", "开展",
               "围绕", "通过", "全面", "严格", "深化", "发展", "要", "并", "以", "的", "和", "与")
_YEAR_RE = re.compile(r"^\d{4}年(?:度)?")
_LEAD_VERB_RE = re.compile(r"按照|依照|根据|实行|推行|落实|坚持|实施|开展|围绕|通过|推动|推进|采取|加强|促进|实现|打造|构建|抓好|做好|深化|聚焦|突出|做到|确保|搭建")
# Parentheses that annotate who is responsible or where to look, not what a term means.
_NOT_EXPANSION_RE = re.compile(r"牵头|负责|配合|见附|附表|责任单位|单位：|以下简称|简称|社区|街道|试行")
_VERB_PREFIX_RE = re.compile(r"打好|打赢|打响|实施|推进|抓好|开展|做好|推动|深化|落实|强化")
_SENTENCE_STOP_RE = re.compile(r"[。；;]|[，,](?=“)|[，,](?=[^，。；]{0,12}[“]?[^“”]{1,8}[”]?(?:即|指)(?![挥导标出引]))")


@dataclass(frozen=True)
class InlineDefinition:
    """A definition found in running text, with the pattern that found it and how sure it is."""

    term: str
    text: str
    pattern: str  # enumeration | parenthesis | defining-verb | includes | heading-items | abbreviation | parts
    confidence: float
    paragraph: int
    offset: int
    items: tuple[str, ...] = ()


def split_items(text: str) -> list[str]:
    """The items of an enumeration: 交办制、台账制和通报制 → three items."""
    return [i.strip() for i in _ITEM_SPLIT_RE.split(text.rstrip("。；;，, ")) if i.strip()]


def count_check(term: str, items: list[str]) -> float | None:
    """Confidence that items expand a numeric term: None when counts disagree (never trusted)."""
    numeric = parse_numeric(term)
    if numeric is None:
        return None
    if items and _OPEN_ENDED_RE.search(items[-1]):
        return None
    if len(items) == numeric.total:
        return 0.95 if _morphemes_fit(numeric, items) else 0.8
    return None


def _morphemes_fit(numeric: NumericTerm, items: list[str]) -> bool:
    """Items in order fill each group with items carrying its morpheme (清单 for 单, 交办制 for 制)."""
    pos = 0
    for group in numeric.groups:
        chunk = items[pos : pos + group.count]
        if len(chunk) != group.count or not all(_carries(i, group.morpheme) for i in chunk):
            return False
        pos += group.count
    return True


def _carries(item: str, morpheme: str) -> bool:
    """Whether an item carries its group's morpheme: 交办制 for 制, 警源 for 源(共治)."""
    return morpheme_matches(item, morpheme[-1]) or morpheme[0] in item


def _clean_lead(item: str) -> str:
    """Drop what leads into an enumeration: 2023年推动医疗 → 医疗, 要按照动态问题清单 → 动态问题清单."""
    item = _YEAR_RE.sub("", item)
    m = None
    for m in _LEAD_VERB_RE.finditer(item):
        pass
    if m is not None and len(item) - m.end() >= 2:
        item = item[m.end() :]
    changed = True
    while changed:
        changed = False
        for word in _LEAD_WORDS:
            if item.startswith(word) and len(item) > len(word) + 1:
                item, changed = item[len(word) :], True
    return item


def _enumeration_before(text: str, start: int, term: str) -> tuple[str, tuple[str, ...], float] | None:
    """'动态问题清单和交办制、台账制、销号制、通报制“一单四制”': items right before a numeric term."""
    numeric = parse_numeric(term)
    if numeric is None or numeric.total < 2:
        return None
    pieces = re.split(r"([，。；：:,;”“])", text[:start])
    clause = pieces[-1]
    raw_items = split_items(clause)
    if len(pieces) > 1 and pieces[-2] in "”“" and raw_items and len(raw_items[0]) <= 3:
        return None  # “东城”片区、…: the first item is cut in half by a quoted word
    items = [_clean_lead(i) for i in raw_items]
    if items:
        items[-1] = re.sub(r"(?:的|实现|达到)$", "", items[-1])
    # 'A、B、C和D': the last 和 joins two items when that makes the count right.
    last = re.split(r"和|及|与", items[-1]) if items else []
    if len(items) != numeric.total and len(last) == 2 and len(items) + 1 == numeric.total and min(map(len, last)) >= 2:
        items = items[:-1] + last
    if len(items) != numeric.total or not items or _OPEN_ENDED_RE.search(items[-1]):
        return None  # an enumeration of the wrong count, or an open one, is not trusted
    if any(len(i) > 24 or len(i) < 2 or "等" in i or re.search(r"\d", i) for i in items):
        return None
    if _morphemes_fit(numeric, items):
        confidence = 0.95
    elif all(len(g.morpheme) >= 2 for g in numeric.groups):
        # 三项制度, 五到位: the morpheme names a kind, the items need not repeat it.
        confidence = 0.8
    else:
        return None
    return _join_groups(numeric, items), tuple(items), confidence


def _join_groups(numeric: NumericTerm, items: list[str]) -> str:
    """'动态问题清单；交办制、台账制、销号制、通报制': groups apart, items within a group by 、."""
    parts, pos = [], 0
    for group in numeric.groups:
        parts.append("、".join(items[pos : pos + group.count]))
        pos += group.count
    return "；".join(parts)


def _definition_after(text: str, end: int, term: str) -> tuple[str, str, tuple[str, ...], float] | None:
    """An expansion right after the term: （疫情、旱情、火情）, 即…, 是指…, 包括…"""
    rest = text[end:]
    m = _PAREN_RE.match(rest)
    if m and not _NOT_EXPANSION_RE.search(m.group(2)):
        items = split_items(m.group(2))
        confidence = count_check(term, items)
        if confidence is None and parse_numeric(term) is None and len(items) >= 2:
            confidence = 0.7
        if confidence is not None:
            return "parenthesis", m.group(2).strip(), tuple(items), confidence
        return None
    m = _PREDICATE_RE.match(rest)
    if m and parse_numeric(term) is not None:
        # 归阳片区“一主一特”产业为新材料和新能源汽车: only trusted when the count fits.
        stop = _SENTENCE_STOP_RE.search(rest, m.end())
        body = rest[m.end() : stop.start() if stop else len(rest)].strip()
        items = split_items(body.replace("和", "、"))
        confidence = count_check(term, items)
        if confidence is not None and len(body) <= 60:
            return "predicate", "、".join(items), tuple(items), min(confidence, 0.8)
    for pattern, regex in (("defining-verb", _DEFINING_RE), ("includes", _INCLUDES_RE)):
        m = regex.match(rest)
        if not m:
            continue
        body = rest[m.end() :]
        stop = _SENTENCE_STOP_RE.search(body)
        definition = body[: stop.start()] if stop else body
        first_clause = re.split(r"[，,]", definition)[0]
        if "、" in first_clause:
            definition = first_clause  # the list is complete; what follows is commentary
        definition = definition.strip(" ：:，,")
        if not 2 <= len(definition) <= 150:
            return None
        items = split_items(definition)
        if parse_numeric(term) is not None:
            # Items may be whole clauses (坚决杜绝…，坚决遏制…) holding their own 、.
            clauses = [c.strip() for c in re.split(r"[，,；;]", definition) if c.strip()]
            confidence = count_check(term, clauses)
            if confidence is not None:
                items = clauses
            else:
                confidence = count_check(term, items)
            if confidence is None:
                # A numeric term explained in one phrase (一单即清单化) counts one item a group.
                numeric = parse_numeric(term)
                if numeric and numeric.total == 1 and len(items) == 1:
                    confidence = 0.85
                else:
                    return None
        else:
            confidence = 0.85 if pattern == "defining-verb" else 0.7
        prefix = "" if pattern == "includes" else (m.group(1) if m.group(1) != "即" else "")
        return pattern, (prefix + definition) if prefix == "是指" else definition, tuple(items), confidence
    return None


def _heading_items(doc: Document, numbered: list[int], index: int,
                   term: str) -> tuple[str, tuple[str, ...], float] | None:
    """'打好发展“六仗”' followed by six headings numbered 1 to 6, each naming one 仗."""
    numeric = parse_numeric(term)
    if numeric is None or len(numeric.groups) != 1 or numeric.total < 3:
        return None
    morpheme = numeric.groups[0].morpheme
    items: list[str] = []
    for later in numbered:
        if later <= index:
            continue
        if later >= index + 40:
            break
        p = doc.paragraphs[later]
        marker = MARKER_RE.match(p.text)
        if not marker:
            continue
        head = re.split(r"[，。；：:,（(]", p.text[marker.end() :].strip())[0]
        fits = head.endswith(morpheme) and "“" not in head
        # A heading that names the term itself (…发展“六仗”工作专班…) is skipped, not an item.
        if (fits or items) and term in strip_quotes(p.text):
            continue
        if not fits:
            if items:
                break
            continue
        item = _VERB_PREFIX_RE.split(head)[-1]
        if len(item) <= len(morpheme) or item in items:
            return None
        items.append(item)
        if len(items) == numeric.total:
            break
    if len(items) != numeric.total:
        return None
    return "、".join(items), tuple(items), 0.9


def _abbreviations(text: str) -> list[tuple[str, str, int]]:
    """规模以上工业企业（以下简称“规上企业”）: (short form, full name, offset)."""
    out = []
    for m in _ABBREVIATION_RE.finditer(text):
        before = re.split(r"[，。；：:,;、]", text[: m.start()])[-1]
        # The full name keeps its own verbs (推进…领导小组); only the verb that set it up goes.
        full = re.sub(r"^.*?(?:应当成立|成立|建立|设立|组建)", "", before) if re.search("成立|建立|设立|组建", before) else before
        full = _LEADING_VERBS_RE.sub("", full)
        short = m.group(1)
        if 2 <= len(full) <= 40 and short != full:
            out.append((short, full, m.start()))
    return out


def find_inline_definitions(doc: Document, is_term: Callable[[str], bool] = is_shorthand) -> list[InlineDefinition]:
    """Every definition the document's running text gives of a quoted shorthand term."""
    found: list[InlineDefinition] = []
    # Paragraphs that open with a number or heading marker, for headings followed by their items.
    numbered = [i for i, p in enumerate(doc.paragraphs) if MARKER_RE.match(p.text)]
    for index, p in enumerate(doc.paragraphs):
        text = p.text
        for short, full, offset in _abbreviations(text):
            found.append(InlineDefinition(short, full, "abbreviation", 0.9, index, offset, (full,)))
        undefined: list[tuple[str, int]] = []
        here: dict[str, InlineDefinition] = {}
        for m in _QUOTED_RE.finditer(text):
            term = strip_quotes(m.group(1))
            if re.fullmatch(r"\d{3,}", term):
                # “133”机制，即…: a code-like number explained in so many words.
                after = _definition_after(text, m.end(), "")
                if after and after[0] == "defining-verb":
                    found.append(InlineDefinition(term, after[1], after[0], 0.8, index, m.start(), after[2]))
                continue
            if not is_term(term) or re.fullmatch(r"[\d.+]+", term):
                continue
            definition = _find_one(doc, numbered, index, text, m, term)
            if definition:
                found.append(definition)
                here[term] = definition
            else:
                undefined.append((term, m.start()))
        found += _compose_parts(undefined, here, index)
    return _dedupe(found)


def _find_one(doc: Document, numbered: list[int], index: int, text: str, m: re.Match[str],
              term: str) -> InlineDefinition | None:
    before = _enumeration_before(text, m.start(), term)
    if before:
        return InlineDefinition(term, before[0], "enumeration", before[2], index, m.start(), before[1])
    after = _definition_after(text, m.end(), term)
    if after:
        definition = after[1]
        if after[0] == "predicate":
            # Which place the meaning holds for: 归阳片区“一主一特”产业为…
            qualifier = re.split(r"[，。；：:,;]", text[: m.start()])[-1].strip()
            if 2 <= len(qualifier) <= 10:
                definition = f"{qualifier}：{definition}"
        return InlineDefinition(term, definition, after[0], after[3], index, m.start(), after[2])
    heading = _heading_items(doc, numbered, index, term)
    if heading:
        return InlineDefinition(term, heading[0], "heading-items", heading[2], index, m.start(), heading[1])
    return None


def _compose_parts(undefined: list[tuple[str, int]], here: dict[str, InlineDefinition],
                   index: int) -> list[InlineDefinition]:
    """一单五制 from “一单”即清单化 and “五制”即交办制、… that follow it in the same paragraph."""
    out = []
    for term, offset in undefined:
        numeric = parse_numeric(term)
        if numeric is None or len(numeric.groups) < 2:
            continue
        parts = [here.get(g.written) for g in numeric.groups]
        if all(parts):
            text = "；".join(f"{g.written}：{d.text}" for g, d in zip(numeric.groups, parts) if d)
            confidence = min(d.confidence for d in parts if d)
            out.append(InlineDefinition(term, text, "parts", confidence, index, offset))
    return out


def _dedupe(found: list[InlineDefinition]) -> list[InlineDefinition]:
    """One definition per term and text within a document, the surest kept."""
    best: dict[tuple[str, str], InlineDefinition] = {}
    for d in found:
        key = (d.term, fold_width(d.text))
        if key not in best or d.confidence > best[key].confidence:
            best[key] = d
    return sorted(best.values(), key=lambda d: (d.paragraph, d.offset))
