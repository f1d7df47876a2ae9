"""Read report files (txt, docx, pdf, html) into plain text, or say why not."""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import logging
import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .plaintext import visible_text

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".docx", ".pdf", ".html", ".htm"})
# Far beyond any report (the largest seed is 0.4 MB); reading more would only risk the memory
MAX_FILE_BYTES = 200 * 1024 * 1024
# A report's longest paragraph is a few thousand characters, a whole report on one line
# (a careless web copy) a few hundred thousand; a line longer than this is no report text,
# and the viewer, the term page and the build could not cope with it as one paragraph
MAX_LINE_CHARS = 1_000_000

# Reasons, one line of Chinese each, saying what the user can do; tests look for their key words
EMPTY = "文件为空，没有可导入的文字"
NO_TEXT = "没有找到正文文字"
BINARY = "不是文本文件（含二进制数据），请确认文件类型是否正确"
UNDECODABLE = "无法识别编码：请用记事本等另存为 UTF-8 编码后再导入"
TRUNCATED_TEXT = "文件不完整：末尾的字被截断，请重新复制完整后再导入"
PERMISSION = "没有读取权限：请检查文件权限，或把文件复制到自己的文件夹后再导入"
CORRUPT_DOCX = "文件已损坏，无法作为 Word 文档打开（可能没有复制完整）"
NOT_DOCX = "不是 Word 文档或已损坏（可能改过扩展名）：请用 Word 打开后另存为 .docx"
OLD_OFFICE = "旧版 Office 文件（.doc 等）或加密的 Word 文件：请在 Word 中另存为 .docx 后导入"
CORRUPT_PDF = "文件已损坏，无法作为 PDF 打开"
TRUNCATED_PDF = "PDF 文件不完整（缺少文件结尾），可能没有下载或复制完整"
ENCRYPTED_PDF = "PDF 已加密，需要密码：请先解除密码保护后导入"
NEEDS_OCR = "扫描版 PDF，没有文字层，需要OCR文字识别后才能导入"
NO_CHAR_MAP = "PDF 文字层无法识别（字体缺少字符映射），需要OCR文字识别后才能导入"
CORRUPT_HTML = "网页文件已损坏，无法解析"
LINK_LOOP = "符号链接循环（链接最终指向自身），无法打开"

_log = logging.getLogger(__name__)


class ReadError(Exception):
    """A file that cannot be read; str(err) is the reason, one short line of Chinese saying what to do."""

    def __init__(self, path: Path, reason: str):
        super().__init__(reason)
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class RawText:
    """The plain text of one report file."""

    path: Path
    text: str  # lines joined by "\n"; no BOM, NUL or other control characters except tab
    kind: str  # "txt" | "docx" | "pdf" | "html"
    sha256: str  # hex digest of the raw file bytes
    encoding: str | None  # codec used for txt/html, e.g. "utf-8", "utf-16", "gb18030"


class _Unreadable(Exception):
    """Internal: a reader rejects the bytes; read_report attaches the path."""


def read_report(path: Path) -> RawText:
    """Read one report file into plain text; raise ReadError saying why if it cannot be read."""
    path = Path(path)
    try:
        return _read_report(path)
    except ReadError:
        raise
    except Exception as exc:  # a library's surprise on a damaged file, or a bug: it costs this file only
        _log.exception("unexpected error reading %s", path)
        raise ReadError(path, f"无法读取：{type(exc).__name__}") from exc


def _read_report(path: Path) -> RawText:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(path, f"不支持的文件类型（{suffix or '没有扩展名'}），只能导入 .txt、.docx、.pdf、.html 文件")
    data = _read_bytes(path)
    if not data.strip():
        raise ReadError(path, EMPTY)
    # Content wins over a name changed by hand: a PDF saved as .txt is still read as a PDF
    kind = _sniff_kind(data) or ("html" if suffix == ".htm" else suffix[1:])
    reader: Callable[[bytes], tuple[str, str | None]] = _READERS[kind]
    try:
        text, encoding = reader(data)
    except _Unreadable as exc:
        raise ReadError(path, str(exc)) from None
    text = _clean(text)
    if not text.strip():
        raise ReadError(path, EMPTY if kind == "txt" else NO_TEXT)
    overlong = _overlong_line(text)
    if overlong:
        raise ReadError(path, f"有一行长达 {overlong // 10000} 万字、没有换行，不像报告正文：请先分段后再导入")
    return RawText(path, text, kind, hashlib.sha256(data).hexdigest(), encoding)


def _sniff_kind(data: bytes) -> str | None:
    """The format the bytes themselves declare, where they declare one we read."""
    # PDF readers accept the header anywhere in the first kilobyte
    if b"%PDF-" in data[:1024]:
        return "pdf"
    # Word files, old (OLE) and new (zip); the docx reader says which it is
    if data.startswith((b"PK\x03\x04", _OLE_MAGIC)):
        return "docx"
    return None


def _overlong_line(text: str) -> int:
    """The length of the first line longer than MAX_LINE_CHARS, else 0."""
    start = 0
    while len(text) - start > MAX_LINE_CHARS:
        end = text.find("\n", start)
        if end < 0:
            return len(text) - start
        if end - start > MAX_LINE_CHARS:
            return end - start
        start = end + 1
    return 0


def find_reports(inputs: Iterable[Path], problems: list[ReadError] | None = None) -> list[Path]:
    """Expand files and folders into a sorted, de-duplicated list of absolute report paths.

    Files given directly are kept whatever their suffix (read_report then says why it
    rejects them); folders are walked recursively for supported suffixes, skipping
    hidden files and folders and Office lock files (~$...), and following linked folders
    once each (a link back up the tree is not walked again). A missing input raises
    ReadError; with a problems list, it and every folder that cannot be listed are added
    there instead and the walk goes on.
    """
    found: set[Path] = set()
    walked: set[str] = set()  # real paths of folders walked, however they were reached

    def trouble(err: ReadError) -> None:
        if problems is None:
            raise err
        problems.append(err)

    for given in inputs:
        # abspath, not resolve(): de-duplicate without replacing symlinked names
        path = Path(os.path.abspath(given))
        if path.is_dir():
            found.update(_walk(path, walked, trouble))
        elif path.exists():
            found.add(path)
        else:
            trouble(ReadError(path, _missing_reason(path)))
    return sorted(found)


def _walk(top: Path, seen: set[str], trouble: Callable[[ReadError], None]) -> Iterator[Path]:
    """Report files under top, skipping folders already in seen (real paths, updated); folders
    that cannot be listed go to trouble."""
    if os.path.realpath(top) in seen:
        return
    seen.add(os.path.realpath(top))

    def unlisted(exc: OSError) -> None:
        folder = Path(exc.filename or top)
        reason = "文件夹" + (PERMISSION if isinstance(exc, PermissionError) else f"无法打开（系统错误 {exc.errno}）")
        trouble(ReadError(folder, reason))

    for folder, subdirs, names in os.walk(top, onerror=unlisted, followlinks=True):
        kept = []
        # Real folders before links to them, so that files keep their own names where possible
        for d in sorted(subdirs, key=lambda d: os.path.islink(os.path.join(folder, d))):
            real = os.path.realpath(os.path.join(folder, d))
            # A linked folder is walked once, wherever it is linked from; a loop ends here
            if not d.startswith(".") and real not in seen:
                seen.add(real)
                kept.append(d)
        subdirs[:] = kept
        for name in names:
            full = Path(folder, name)
            # A link that leads nowhere is still listed: reading it says why it cannot be read
            if _is_report_name(name) and (full.is_file() or full.is_symlink()):
                yield full


def _missing_reason(path: Path) -> str:
    if not path.is_symlink():
        return "找不到这个文件或文件夹"
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LINK_LOOP
    return "找不到文件：链接指向的文件已不存在"


def _is_report_name(name: str) -> bool:
    if name.startswith((".", "~$")):
        return False
    return os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES


def _read_bytes(path: Path) -> bytes:
    # is_dir first: Windows reports reading a folder as PermissionError
    if path.is_dir():
        raise ReadError(path, "这是文件夹，不是文件")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # reading a pipe or a device could wait forever
            raise ReadError(path, "不是普通文件（可能是管道或设备），无法读取")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(path, f"文件过大（{size >> 20} MB，单个文件上限 {MAX_FILE_BYTES >> 20} MB），请拆分后再导入")
        return path.read_bytes()
    except FileNotFoundError:
        raise ReadError(path, _missing_reason(path)) from None
    except PermissionError:
        raise ReadError(path, PERMISSION) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError(path, LINK_LOOP) from None
        # strerror may be localised and name the path, so only the errno goes into the reason
        raise ReadError(path, f"无法读取文件（系统错误 {exc.errno}）") from exc


_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


def _clean(text: str) -> str:
    # Invisible characters (controls, NUL, BOMs, bidi and zero-width marks) go at read time, so that
    # 四\u200b专机制 and 四专机制 are one term, and what is stored is what a reader can see.
    return visible_text(_NEWLINES.sub("\n", text))


# ---------------------------------------------------------------- plain text

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE first: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Codecs a charset guess may land on, each with the character set that a genuine text
# in it mostly uses. GB2312 holds the ~7k everyday simplified characters; wrong bytes
# decoded as GBK/GB18030 land mostly outside it (rare or private-use characters).
# No UTF-16/32: without a BOM they only get this far if the text has no ASCII at all
# (ASCII would put NUL bytes in it, see _decode_utf16_unmarked), and there the guess is mostly wrong.
_GB = ("gb2312",)
_GUESS_ALLOWED: dict[str, tuple[str, ...]] = {
    "gb18030": _GB, "gbk": _GB, "gb2312": _GB, "hz": _GB,
    "big5": ("big5",), "cp950": ("big5",), "big5hkscs": ("big5",),
}

# Plausibility is judged on a prefix: a file's encoding does not change half-way
_SAMPLE_CHARS = 100_000


def _decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes as text: BOM, UTF-16 without one, then strict utf-8, gb18030, then a vetted guess."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                label = codec.removesuffix("-sig").upper()
                raise _Unreadable(f"文件已损坏：{label} 文字中有无法解码的字节（可能没有复制完整）") from None
            if not _looks_like_text(text, None):
                raise _Unreadable(UNDECODABLE)
            return text, codec
    # Text in any 8-bit or multi-byte CJK codec never contains NUL; binaries nearly always
    # do, and so does UTF-16 saved without a BOM (the high byte of every ASCII character)
    if b"\x00" in data:
        return _decode_utf16_unmarked(data)
    for codec, common in (("utf-8", None), ("gb18030", _GB)):
        decoded = _decode_plausibly(data, codec, common)
        if decoded is not None:
            return decoded, codec
    guess = _guess_codec(data)
    if guess in _GUESS_ALLOWED:
        decoded = _decode_plausibly(data, guess, _GUESS_ALLOWED[guess])
        if decoded is not None:
            return decoded, guess
    if _is_cut_utf8(data):
        raise _Unreadable(TRUNCATED_TEXT)
    raise _Unreadable(UNDECODABLE)


def _decode_utf16_unmarked(data: bytes) -> tuple[str, str]:
    """UTF-16 without a BOM, either byte order, if it decodes to real text; else the bytes are binary."""
    # ASCII puts its NUL in the high byte: at odd offsets in little-endian, even ones in big-endian
    little_first = data[1::2].count(0) >= data[0::2].count(0)
    for codec in ("utf-16-le", "utf-16-be") if little_first else ("utf-16-be", "utf-16-le"):
        # The wrong byte order gives unassigned or rare characters, which the GB2312 test refuses
        decoded = _decode_plausibly(data, codec, _GB)
        if decoded is not None:
            return decoded, codec
    raise _Unreadable(BINARY)


def _is_cut_utf8(data: bytes) -> bool:
    """Whether data is UTF-8 text whose last character was cut off in the middle (a copy that stopped)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and _decode_plausibly(data[: exc.start], "utf-8", None) is not None
    return False


def _decode_plausibly(data: bytes, codec: str, common_in: tuple[str, ...] | None) -> str | None:
    """The strict decode of data if it looks like real text, else None."""
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if "\x00" not in text and _looks_like_text(text, common_in) else None


def _guess_codec(data: bytes) -> str | None:
    import charset_normalizer  # slow import, and only needed for the odd legacy file

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:
        return None


def _looks_like_text(text: str, common_in: tuple[str, ...] | None) -> bool:
    """Whether a decode is real text rather than binary or mojibake.

    Always: almost no control, private-use, unassigned or replacement characters.
    With common_in (legacy CJK codecs, which decode most byte soup without error):
    nearly all non-ASCII characters must also exist in one of those basic charsets.
    """
    chars = [c for c in text[:_SAMPLE_CHARS] if not c.isspace()]
    if not chars:
        return True  # emptiness is reported separately
    junk = sum(1 for c in chars if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs"))
    if junk > 0.01 * len(chars):
        return False
    if common_in is None:
        return True
    foreign = [c for c in chars if not c.isascii()]
    common = sum(1 for c in foreign if any(_in_charset(c, cs) for cs in common_in))
    return common >= 0.9 * len(foreign)


def _in_charset(char: str, charset: str) -> bool:
    try:
        encoded = char.encode("gb18030" if charset == "gb2312" else charset)
    except UnicodeEncodeError:
        return False
    if charset == "gb2312":
        # Test GB2312's code area (symbol rows A1-A9, hanzi rows B0-F7) rather than Python's
        # gb2312 codec, which maps a few punctuation bytes (em dash, middle dot) differently
        lead, trail = (encoded[0], encoded[1]) if len(encoded) == 2 else (0, 0)
        return (0xA1 <= lead <= 0xA9 or 0xB0 <= lead <= 0xF7) and trail >= 0xA1
    return True


# ---------------------------------------------------------------- docx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Runs belonging to the paragraph itself; a bare .//w:r would also pick up text-box
# content, which Word stores twice (DrawingML plus VML fallback)
_RUN_PATHS = (
    "w:r | w:hyperlink/w:r | w:ins/w:r | w:moveTo/w:r | w:hyperlink/w:ins/w:r"
    " | w:fldSimple/w:r | w:smartTag/w:r | w:sdt/w:sdtContent/w:r"
)


def _read_docx(data: bytes) -> tuple[str, str | None]:
    # Format libraries load on first use: together they add noticeably to app start-up
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    if data.startswith(_OLE_MAGIC):
        raise _Unreadable(OLD_OFFICE)
    try:
        # A zip cut short loses its directory, which sits at the end: nothing of it opens
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
    except Exception:
        raise _Unreadable(CORRUPT_DOCX) from None
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_blocks(document.element.body))
        # Reports often keep their 名词解释 in foot/endnotes, so they count as text too
        for rel in document.part.rels.values():
            if rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES) and not rel.is_external:
                for note in parse_xml(rel.target_part.blob):
                    if note.get(_w("type")) is None:  # skip separator pseudo-notes
                        lines.extend(line.strip() for line in _docx_blocks(note))
    except Exception:
        # Every part is read before anything is returned: a damaged part rejects the whole file
        raise _Unreadable(CORRUPT_DOCX if any(n.startswith("word/") for n in names) else NOT_DOCX) from None
    return "\n".join(lines), None


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _docx_blocks(container: Any) -> Iterator[str]:
    """Lines of paragraphs and tables in document order (one table row per line)."""
    for child in container:
        if child.tag == _w("p"):
            yield "".join(run.text for run in child.xpath(_RUN_PATHS))
        elif child.tag == _w("tbl"):
            for row in child.iterchildren(_w("tr")):
                # w:tc once per real cell: a merged cell is one w:tc, unlike python-docx's
                # row.cells which repeats it for every grid column it spans
                cells = [_docx_cell_text(tc) for tc in row.iterchildren(_w("tc"))]
                if any(cells):
                    yield "\t".join(cells)
        elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml")):
            yield from _docx_blocks(child)


def _docx_cell_text(tc: Any) -> str:
    # Keep the row on one line: a cell's own lines (and nested tables) join with spaces
    parts = (" ".join(line.split()) for line in _docx_blocks(tc))
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------- pdf

# Fewer letters/digits than this on a page means the page is effectively an image
_MIN_PAGE_CHARS = 20


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    # pypdf logs every repairable defect; callers get the text or a ReadError, so the
    # chatter would only leak into the app's log as noise
    logger = logging.getLogger("pypdf")
    old_level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(old_level)


def _read_pdf(data: bytes) -> tuple[str, str | None]:
    import pypdf

    # A PDF ends with %%EOF (scanners may pad after it). pypdf makes what it can of a file
    # cut short, and a report missing its later pages must not pass for the whole one
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n\x0c")[-1024:]:
        raise _Unreadable(TRUNCATED_PDF)
    with _quiet_pypdf():
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
                raise _Unreadable(ENCRYPTED_PDF)
            pages = [page.extract_text() or "" for page in reader.pages]
        except _Unreadable:
            raise
        except Exception:
            raise _Unreadable(CORRUPT_PDF) from None
    with_text = sum(1 for p in pages if sum(c.isalnum() for c in p) >= _MIN_PAGE_CHARS)
    if with_text == 0:
        raise _Unreadable(NEEDS_OCR)
    if with_text * 2 < len(pages):
        raise _Unreadable(f"部分为扫描页（{len(pages)} 页中只有 {with_text} 页有文字层），需要OCR文字识别后才能导入")
    text = "\n".join(p.rstrip() for p in pages)
    # Fonts without a Unicode map come out as private-use or control garbage
    if not _looks_like_text(_clean(text), None):
        raise _Unreadable(NO_CHAR_MAP)
    return text, None


# ---------------------------------------------------------------- html

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")

# Never visible text
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head", "iframe", "svg"})
# Page furniture, by tag or by id/class; dropped only while small relative to the page,
# because sites also put these names on wrappers (ASP.NET wraps whole pages in <form>)
_FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside", "form"})
_FURNITURE_MARKS = re.compile(r"menu|nav|breadcrumb|sidebar|footer|header|share", re.I)
_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_HTML_SPACE = re.compile(r"[ \t\n\r\f\xa0]+")
_VISIBLE_TEXT = "//text()[not(ancestor::script or ancestor::style)]"


def _read_html(data: bytes) -> tuple[str, str | None]:
    import lxml.html

    text, encoding = _decode_html(data)
    # lxml refuses str input that carries an XML encoding declaration; newlines are
    # normalised first so that <pre> splits lines cleanly
    text = _clean(_XML_DECL_TEXT.sub("", text, count=1))  # lxml would turn a NUL into U+FFFD
    if not text.strip():
        raise _Unreadable(EMPTY)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception:
        raise _Unreadable(CORRUPT_HTML) from None
    out = _LineBuilder()
    _HtmlWalker(root).walk(root, out, pre=False)
    return out.finish(), encoding


def _decode_html(data: bytes) -> tuple[str, str]:
    """BOM wins, then a declared charset if it decodes cleanly, then text sniffing."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return _decode_text(data)
    head = data[:4096]
    declared = _XML_DECL.search(head) or _META_CHARSET.search(head)
    codec = _html_codec(declared.group(1).decode("ascii")) if declared else None
    if codec:
        # Pages often declare one charset and are saved in another; then sniff instead
        decoded = _decode_plausibly(data, codec, _GUESS_ALLOWED.get(codec))
        if decoded is not None:
            return decoded, codec
    return _decode_text(data)


def _html_codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # Browsers decode gb2312/gbk labels as GBK; GB18030 is its superset
    if name in ("gb2312", "gbk"):
        return "gb18030"
    # A meta tag cannot really declare UTF-16 (it would not be readable); browsers use UTF-8
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


class _LineBuilder:
    """Collects text into lines; block boundaries break a line only if it has content."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def add(self, text: str) -> None:
        self.current.append(text)

    def hard_break(self) -> None:
        self.lines.append("".join(self.current))
        self.current = []

    def soft_break(self) -> None:
        if "".join(self.current).strip():
            self.hard_break()

    def add_lines(self, text: str) -> None:
        first, *rest = text.split("\n")
        self.add(first)
        for line in rest:
            self.hard_break()
            self.add(line)

    def finish(self) -> str:
        self.hard_break()
        result: list[str] = []
        for raw in self.lines:
            line = re.sub(r" {2,}", " ", raw).strip(" ")
            if not line.strip():
                line = ""
            if line or (result and result[-1]):  # at most one blank line in a row
                result.append(line)
        while result and not result[-1]:
            result.pop()
        return "\n".join(result)


class _HtmlWalker:
    """Turns an lxml.html tree into lines, skipping hidden parts and page furniture."""

    def __init__(self, root: Any) -> None:
        self.page_chars = sum(len(t.strip()) for t in root.xpath(_VISIBLE_TEXT))

    def is_dropped(self, el: Any) -> bool:
        if el.tag in _HIDDEN_TAGS:
            return True
        marks = f"{el.get('id', '')} {el.get('class', '')}"
        if el.tag not in _FURNITURE_TAGS and not _FURNITURE_MARKS.search(marks):
            return False
        chars = sum(len(t.strip()) for t in el.xpath("." + _VISIBLE_TEXT))
        return chars * 2 < self.page_chars

    def walk(self, el: Any, out: _LineBuilder, pre: bool) -> None:
        if not isinstance(el.tag, str) or self.is_dropped(el):  # comments, PIs, furniture
            self.text(out, el.tail, pre)
            return
        if el.tag == "br":
            out.hard_break()
        elif el.tag == "tr":
            out.soft_break()
            out.add("\t".join(self.cell_text(c) for c in el if c.tag in ("td", "th")))
            out.soft_break()
        else:
            block = el.tag in _BLOCK_TAGS
            inner_pre = pre or el.tag == "pre"
            if block:
                out.soft_break()
            self.text(out, el.text, inner_pre)
            for child in el:
                self.walk(child, out, inner_pre)
            if block:
                out.soft_break()
        self.text(out, el.tail, pre)

    def cell_text(self, cell: Any) -> str:
        if self.is_dropped(cell):
            return ""
        sub = _LineBuilder()
        self.text(sub, cell.text, False)
        for child in cell:
            self.walk(child, sub, False)
        # A row stays one line: the cell's own lines and nested tables join with spaces
        return " ".join(sub.finish().split())

    @staticmethod
    def text(out: _LineBuilder, text: str | None, pre: bool) -> None:
        if not text:
            return
        if pre:
            out.add_lines(text)
        else:
            out.add(_HTML_SPACE.sub(" ", text))


_READERS: dict[str, Callable[[bytes], tuple[str, str | None]]] = {
    "txt": _decode_text,
    "docx": _read_docx,
    "pdf": _read_pdf,
    "html": _read_html,
}
