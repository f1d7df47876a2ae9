"""Split one file's paragraphs into the documents it holds (gazette issues, web scrapes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import metadata
from .normalize import CJK, DOC_NUMBER_RE, MARKER_RE, Paragraph, display_width

# A title line of a report given to a people's congress: 政府工作报告, 2022年常德市政府工作报告.
_REPORT_TITLE_RE = re.compile(rf"^(?:\d{{4}}年)?[{CJK}]{{0,16}}(?:政府)?工作报告$")
_TOC_LINE_RE = re.compile(r"(?:\.{3,}|…{2,}|\t)\s*[(（]?\d{1,4}[)）]?$")
_CODE_LINE_RE = re.compile(r"^[A-Z]{2,}-\d{4}-\d+$")
_SCRAPE_SEPARATOR = "-"
_ISSUER_SUFFIXES = ("人民政府", "办公室", "委员会", "县委", "市委", "区委", "党委", "政府", "办事处", "局")


@dataclass
class Document:
    """One document of a file: a report, a notice, an article."""

    title: str
    paragraphs: list[Paragraph]
    issuer: str | None = None
    region: str | None = None
    date: str | None = None
    doc_number: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The document's paragraphs joined by newlines."""
        return "\n".join(p.text for p in self.paragraphs)


def _is_title_line(text: str) -> bool:
    return (
        0 < len(text) <= 80
        and not text.endswith(("。", "；", ";", "：", ":", "！", "，"))
        and "\t" not in text
        and not _TOC_LINE_RE.search(text)
        and not metadata.DATE_LINE_RE.match(text)
    )


def _report_start(paragraphs: list[Paragraph], i: int) -> bool:
    """A report title followed within three paragraphs by 'date 在…人民代表大会…会议上'."""
    if not _REPORT_TITLE_RE.match(paragraphs[i].text):
        return False
    return any(metadata.SPEECH_RE.search(p.text) for p in paragraphs[i : i + 4])


def _is_title_block_line(text: str) -> bool:
    """A line of the issuer/title block over a 文号 line: 中共湘阴县委, 关于…的通知.

    Numbered items and 'term：definition' lines are the end of the document
    before (its glossary's last entry may lack a full stop), never a title.
    """
    return _is_title_line(text) and not MARKER_RE.match(text) and not re.search(r"[：:]", text)


def _numbered_start(paragraphs: list[Paragraph], anchor: int) -> int:
    """Where the title block that heads a 文号 line begins."""
    start = anchor
    while start > 0 and anchor - start < 4:
        text = paragraphs[start - 1].text
        if _CODE_LINE_RE.match(text):
            start -= 1
            continue
        if not _is_title_block_line(text):
            break
        start -= 1
    return start


def _starts(paragraphs: list[Paragraph]) -> list[int]:
    starts = []
    for i, p in enumerate(paragraphs):
        if _report_start(paragraphs, i):
            starts.append(i)
        elif DOC_NUMBER_RE.match(p.text) and i > 0:
            starts.append(_numbered_start(paragraphs, i))
    return sorted(set(starts))


def _header_region(paragraphs: list[Paragraph]) -> str | None:
    """The region a gazette's masthead names (靖州苗族侗族自治县人民政府公报)."""
    for p in paragraphs[:30]:
        if re.search(r"(公报|政报)$", p.text):
            region = metadata.find_region(p.text)
            if region:
                return region
    return None


def _title_of(block: list[str]) -> tuple[str, str | None]:
    """Title and issuer from a title block such as ['中共湘阴县委', '湘阴县人民政府', '关于…的通知']."""
    joined = " ".join(block)
    m = re.search(r"关于", joined)
    if m and m.start() > 0:
        issuer = joined[: m.start()].strip()
        return re.sub(r"\s+", "", joined[m.start() :]), issuer or None
    return re.sub(r"\s+", "", joined), None


def _signature(paragraphs: list[Paragraph]) -> str | None:
    """The issuing bodies signed over a date line, one a line (中共…县委 / …人民政府)."""
    names: list[str] = []
    for p in reversed(paragraphs[-3:]):
        if not (_is_title_line(p.text) and p.text.endswith(_ISSUER_SUFFIXES) and len(p.text) <= 30):
            break
        names.insert(0, p.text)
    if names:
        return " ".join(names)
    # A signature without a body's usual ending is still the line over the date.
    if paragraphs and _is_title_line(paragraphs[-1].text):
        return paragraphs[-1].text
    return None


def _describe_numbered(doc: Document, header_region: str | None) -> None:
    paragraphs = doc.paragraphs
    anchor = next(i for i, p in enumerate(paragraphs) if DOC_NUMBER_RE.match(p.text))
    block = [p.text for p in paragraphs[:anchor] if not _CODE_LINE_RE.match(p.text)]
    doc.title, doc.issuer = _title_of(block)
    doc.doc_number = re.sub(r"\s+", "", paragraphs[anchor].text)
    for i, p in enumerate(paragraphs[anchor + 1 :], start=anchor + 1):
        if metadata.DATE_LINE_RE.match(p.text):
            doc.date = metadata.parse_date(p.text)
            if doc.issuer is None:
                doc.issuer = _signature(paragraphs[anchor + 1 : i])
            break
    doc.region = (
        (doc.issuer and metadata.find_region(doc.issuer.split()[0]))
        or metadata.find_region(doc.doc_number)
        or header_region
    )


def _describe_report(doc: Document, header_region: str | None) -> None:
    title = doc.paragraphs[0].text
    for p in doc.paragraphs[:4]:
        m = metadata.SPEECH_RE.search(p.text)
        if m:
            doc.date = metadata.parse_date(m.group(1))
            place = m.group(2)
            doc.region = metadata.find_region(place) if len(place) > 1 else None
            break
    doc.region = doc.region or metadata.find_region_anywhere(title) or header_region
    if doc.region and doc.region not in title:
        title = doc.region + title
    doc.title = title
    doc.issuer = f"{doc.region}人民政府" if doc.region else None


def _split_scrape(paragraphs: list[Paragraph]) -> list[Document] | None:
    """Web scrapes: '-' line, title line, body, date line, again and again."""
    seps = [i for i, p in enumerate(paragraphs) if p.text == _SCRAPE_SEPARATOR]
    if len(seps) < 2:
        return None
    docs = []
    for a, b in zip(seps, seps[1:] + [len(paragraphs)]):
        chunk = _through_date_line(paragraphs[a + 1 : b])
        if len(chunk) < 3:
            continue
        title, body, date_line = chunk[0], chunk[1:-1], chunk[-1]
        doc = Document(title=title.text, paragraphs=[title, *body, date_line])
        doc.date = metadata.parse_date(date_line.text)
        # A report's own header gives its real date and place (常德: 2021-12-29),
        # which the scrape's date line does not.
        head = body[0].text[:200] if body else ""
        m = metadata.SPEECH_RE.search(head)
        if m:
            doc.date = metadata.parse_date(m.group(1))
            doc.region = metadata.find_region(m.group(2)) if len(m.group(2)) > 1 else None
        doc.region = doc.region or metadata.find_region_anywhere(title.text)
        docs.append(doc)
    return docs or None


def _through_date_line(chunk: list[Paragraph]) -> list[Paragraph]:
    """An article's paragraphs up to its date line; the page's footer after the
    last article ('有想补充的信息?点我投稿', '- 联系我们') is no part of it."""
    dates = [i for i, p in enumerate(chunk) if i > 0 and metadata.DATE_LINE_RE.match(p.text)]
    return chunk[: dates[-1] + 1] if dates else []


def split_documents(paragraphs: list[Paragraph], fallback_title: str) -> list[Document]:
    """Cut a file's paragraphs into documents, each with its title and, where stated, issuer, region and date."""
    scraped = _split_scrape(paragraphs)
    if scraped is not None:
        return scraped
    header_region = _header_region(paragraphs)
    starts = _starts(paragraphs)
    if not starts:
        return [_plain_document(paragraphs, fallback_title, header_region)]
    docs = []
    # Before the first document: a cover and a 目录, or a document of its own
    # that names no congress session (政府工作报告 with its body).
    if _has_body(paragraphs[: starts[0]]):
        docs.append(_plain_document(paragraphs[: starts[0]], fallback_title, header_region))
    for a, b in zip(starts, starts[1:] + [len(paragraphs)]):
        doc = Document(title="", paragraphs=paragraphs[a:b])
        if _report_start(paragraphs, a):
            _describe_report(doc, header_region)
        else:
            _describe_numbered(doc, header_region)
        docs.append(doc)
    return docs


def _plain_document(paragraphs: list[Paragraph], fallback_title: str, header_region: str | None) -> Document:
    """A document without a report header or 文号: its first title-like line names it."""
    doc = Document(title=_first_title(paragraphs) or fallback_title, paragraphs=list(paragraphs))
    doc.date = next((metadata.parse_date(p.text) for p in paragraphs if metadata.DATE_LINE_RE.match(p.text)), None)
    doc.region = header_region or metadata.find_region_anywhere(doc.title)
    return doc


def _has_body(paragraphs: list[Paragraph]) -> bool:
    """Whether paragraphs hold running text: a sentence, not only a cover's and a 目录's lines."""
    return any(
        len(p.text) >= 10 and p.text.endswith(("。", "！", "？", "!", "?")) and not _TOC_LINE_RE.search(p.text)
        for p in paragraphs
    )


def _first_title(paragraphs: list[Paragraph]) -> str | None:
    for p in paragraphs[:10]:
        if _is_title_line(p.text) and display_width(p.text) >= 8:
            return p.text
    return None
