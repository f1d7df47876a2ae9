"""Tests for glossary_app.core.read: decoding, extraction per format, and file discovery."""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from glossary_app.core.read import (
    SUPPORTED_SUFFIXES,
    RawText,
    ReadError,
    find_reports,
    read_report,
)

GLOSSARY_LINE = (
    "1.“五制一平台”：备案监督制、承诺兑现制、规模榜单制、清单管理制、现场观摩制，"
    "重大项目“云调度”平台。"
)
REPORT_LINES = [
    "政府工作报告",
    "——2024年1月15日在市第十届人民代表大会第四次会议上",
    "各位代表：",
    "现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员和列席人员提出意见。",
    "全市地区生产总值增长5.6%，规模以上工业增加值增长8.1%。",
    "名词解释：",
    GLOSSARY_LINE,
]
REPORT_TEXT = "\n".join(REPORT_LINES) + "\n"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def read_error(path: Path) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_report(path)
    err = info.value
    # The contract: str(err) is the reason, one short line of Chinese, and .path names the file
    assert str(err) == err.reason
    assert_one_line_of_chinese(err.reason)
    assert err.path == path
    return err


def assert_one_line_of_chinese(reason: str) -> None:
    assert 0 < len(reason) <= 80 and "\n" not in reason
    assert any("\u4e00" <= c <= "\u9fff" for c in reason)


# ---------------------------------------------------------------- txt


@pytest.mark.parametrize(
    ("bom", "codec", "expected_encoding"),
    [
        (b"", "utf-8", "utf-8"),
        (b"", "utf-8-sig", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (b"", "gbk", "gb18030"),
        (b"", "gb18030", "gb18030"),
    ],
)
def test_txt_encodings_read_back_identically(tmp_path: Path, bom: bytes, codec: str, expected_encoding: str) -> None:
    path = write(tmp_path / "report.txt", bom + REPORT_TEXT.encode(codec))
    raw = read_report(path)
    assert raw.text == REPORT_TEXT
    assert raw.encoding == expected_encoding
    assert raw.kind == "txt"
    assert raw.path == path


def test_gbk_punctuation_heavy_text(tmp_path: Path) -> None:
    text = "目录\n第一章……·——总则——·……\n"
    raw = read_report(write(tmp_path / "toc.txt", text.encode("gbk")))
    assert (raw.text, raw.encoding) == (text, "gb18030")


def test_big5_is_accepted_from_vetted_guess_not_misread_as_gbk(tmp_path: Path) -> None:
    # Big5 bytes are also valid GBK, which would give mojibake; the plausibility check must refuse that
    text = "政府工作報告\n各位代表：現在，我代表縣人民政府向大會報告工作，請予審議。\n過去一年，全縣經濟發展穩中有進。\n"
    assert text.encode("big5").decode("gb18030") != text  # the trap is real
    raw = read_report(write(tmp_path / "tw.txt", text.encode("big5")))
    assert (raw.text, raw.encoding) == (text, "big5")


@pytest.mark.parametrize(
    ("raw_text", "expected"),
    [
        ("第一行\r\n第二行\r\n", "第一行\n第二行\n"),
        ("第一行\r第二行\r", "第一行\n第二行\n"),
        ("第一行\r\n\r\n第三行\n第四行", "第一行\n\n第三行\n第四行"),
        ("第一页\x0c第二页", "第一页\n第二页"),
    ],
)
@pytest.mark.parametrize("codec", ["utf-8", "utf-16", "gb18030"])
def test_txt_newlines_are_normalised(tmp_path: Path, raw_text: str, expected: str, codec: str) -> None:
    raw = read_report(write(tmp_path / "nl.txt", raw_text.encode(codec)))
    assert raw.text == expected
    assert "\r" not in raw.text and not raw.text.startswith("\ufeff")


@pytest.mark.parametrize(("raw_text", "expected"), [
    ("落实“四\u200b专\u200d机\u200c制”。", "落实“四专机制”。"),  # zero-width space, joiner, non-joiner
    ("专报\u202e制度\u202c，限时办结。", "专报制度，限时办结。"),  # right-to-left override would reverse 制度
    ("\u2066两个\u2069三个\ufeff", "两个三个"),  # isolates, a BOM inside the text
    ("软\u00ad连字符", "软连字符"),
])
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_invisible_characters_are_dropped_on_reading(tmp_path: Path, raw_text: str, expected: str,
                                                     suffix: str) -> None:
    # Stored as a reader sees it: one term whatever invisible marks a copy carried, nothing reordered on screen
    body = raw_text if suffix == ".txt" else f"<html><body><p>{raw_text}</p></body></html>"
    assert read_report(write(tmp_path / f"hidden{suffix}", body.encode("utf-8"))).text.strip() == expected


def test_nul_in_html_is_dropped_not_replaced(tmp_path: Path) -> None:
    # With a BOM (a NUL without one marks a UTF-8 file as binary); lxml alone would make the NUL a U+FFFD
    page = codecs.BOM_UTF8 + f"<html><body><p>{REPORT_TEXT}</p><p>推进五联\x00共建。</p></body></html>".encode("utf-8")
    assert read_report(write(tmp_path / "nul.html", page)).text.strip().endswith("\n推进五联共建。")


def test_sha256_is_of_raw_bytes_and_independent_of_name(tmp_path: Path) -> None:
    data = REPORT_TEXT.encode("gb18030")
    first = read_report(write(tmp_path / "a.txt", data))
    second = read_report(write(tmp_path / "sub" / "b.TXT", data))
    assert first.sha256 == second.sha256 == hashlib.sha256(data).hexdigest()
    assert read_report(write(tmp_path / "c.txt", REPORT_TEXT.encode("utf-8"))).sha256 != first.sha256


def _random_bytes(seed: int, size: int, low: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(size))


BAD_TXT = [
    pytest.param(b"", "文件为空", id="empty"),
    pytest.param(b" \r\n\t \n", "文件为空", id="whitespace"),
    pytest.param(codecs.BOM_UTF8, "文件为空", id="bom-only"),
    pytest.param(codecs.BOM_UTF16_LE + " \n\u3000".encode("utf-16-le"), "文件为空", id="utf16-whitespace"),
    pytest.param(" \n\u3000".encode("utf-16-le"), "文件为空", id="utf16-whitespace-no-bom"),
    pytest.param(_random_bytes(1234, 4096), "不是文本文件", id="random-bytes"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _random_bytes(7, 2048), "不是文本文件", id="png"),
    pytest.param(REPORT_TEXT.encode("gbk") + b"\x00\x00\x01\x02", "不是文本文件", id="text-with-nul"),
    # UTF-16 cut short by one byte is no longer UTF-16 at all
    pytest.param(REPORT_TEXT.encode("utf-16-le")[:-1], "不是文本文件", id="utf16-odd-length"),
    # no NUL bytes at all, so only the decoders and the plausibility check stand in the way
    pytest.param(_random_bytes(99, 4096, low=1), "无法识别编码", id="random-bytes-no-nul"),
    pytest.param(
        "Ça va très bien, Noël à côté. Größe: 3 m².\n".encode("latin-1") * 20,
        "无法识别编码",
        id="latin1-invalid-gb18030",
    ),
    pytest.param(
        "Señora Müller Ölbaum façade\n".encode("latin-1") * 20,
        "无法识别编码",
        id="latin1-that-is-valid-gb18030",
    ),
    pytest.param(bytes(range(1, 9)) * 50 + b"\x0e\x0f\x10" * 50, "无法识别编码", id="control-chars"),
    pytest.param(("\ue000\ue123\uf8ff" * 100).encode("utf-8"), "无法识别编码", id="private-use-utf8"),
    pytest.param(
        "这份报告".encode("utf-8")[:-1] + b"\xff\xfe\xff",
        "无法识别编码",
        id="truncated-utf8",
    ),
    pytest.param(b"\xef\xbb\xbf" + "报告".encode("gb18030") + b"\xff", "文件已损坏：UTF-8", id="utf8-bom-but-not-utf8"),
    # a copy that stopped inside the last character
    pytest.param(REPORT_TEXT.encode("utf-8")[:-2], "文件不完整", id="utf8-cut-in-last-character"),
    pytest.param(REPORT_TEXT.encode("utf-8") + "报".encode("utf-8")[:1], "文件不完整", id="utf8-cut-after-one-byte"),
]


@pytest.mark.parametrize(("data", "reason_part"), BAD_TXT)
def test_bad_txt_is_rejected_with_reason(tmp_path: Path, data: bytes, reason_part: str) -> None:
    err = read_error(write(tmp_path / "bad.txt", data))
    assert reason_part in err.reason


def test_latin1_trap_really_decodes_as_gb18030() -> None:
    # Guards the fixture above: without the plausibility check this file would come back as mojibake
    data = "Señora Müller Ölbaum façade\n".encode("latin-1")
    assert data.decode("gb18030") != data.decode("latin-1")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [REPORT_TEXT, "一丁七万丈三上下不与\n" * 20, "Government Work Report\n"])
def test_utf16_without_bom_is_read_in_either_byte_order(tmp_path: Path, codec: str, text: str) -> None:
    # 一 is U+4E00: its NUL byte sits where ASCII's would in the other byte order
    raw = read_report(write(tmp_path / "nobom.txt", text.encode(codec)))
    assert (raw.text, raw.encoding) == (text, codec)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("report.txt", "pdf"), ("report.docx", "pdf"), ("report.html", "pdf")],
)
def test_a_pdf_under_another_name_is_read_as_a_pdf(tmp_path: Path, name: str, kind: str) -> None:
    raw = read_report(write(tmp_path / name, make_pdf([PDF_PAGE_1, PDF_PAGE_2])))
    assert (raw.kind, raw.text.split("\n")) == (kind, PDF_PAGE_1 + PDF_PAGE_2)


@pytest.mark.parametrize("name", ["report.txt", "report.pdf", "report.htm"])
def test_a_docx_under_another_name_is_read_as_a_docx(tmp_path: Path, name: str) -> None:
    document = docx.Document()
    for line in REPORT_LINES:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    raw = read_report(write(tmp_path / name, buf.getvalue()))
    assert (raw.kind, raw.text) == ("docx", REPORT_TEXT.rstrip("\n"))


def test_an_old_word_file_under_a_txt_name_says_so(tmp_path: Path) -> None:
    err = read_error(write(tmp_path / "report.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)))
    assert "另存为 .docx" in err.reason


# ---------------------------------------------------------------- paths and suffixes


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("report.xyz", "不支持的文件类型（.xyz），只能导入 .txt、.docx、.pdf、.html 文件"),
        ("report.doc", "不支持的文件类型（.doc），只能导入 .txt、.docx、.pdf、.html 文件"),
        ("report.MD", "不支持的文件类型（.md），只能导入 .txt、.docx、.pdf、.html 文件"),
        ("README", "不支持的文件类型（没有扩展名），只能导入 .txt、.docx、.pdf、.html 文件"),
    ],
)
def test_unsupported_suffix(tmp_path: Path, name: str, reason: str) -> None:
    assert read_error(write(tmp_path / name, REPORT_TEXT.encode())).reason == reason


def test_uppercase_suffix_is_supported(tmp_path: Path) -> None:
    assert read_report(write(tmp_path / "REPORT.TXT", REPORT_TEXT.encode())).text == REPORT_TEXT
    assert SUPPORTED_SUFFIXES == {".txt", ".docx", ".pdf", ".html", ".htm"}


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "找不到" in read_error(tmp_path / "nope.txt").reason
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "文件夹" in read_error(folder).reason


@pytest.mark.parametrize(
    ("exc", "reason_part"),
    [(PermissionError(13, "拒绝访问"), "没有读取权限"), (OSError(5, "输入/输出错误"), "系统错误 5")],
)
def test_os_errors_become_read_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: OSError, reason_part: str
) -> None:
    path = write(tmp_path / "locked.txt", REPORT_TEXT.encode())

    def refuse(self: Path) -> bytes:
        raise exc

    # Simulated, because tests may run as root where chmod 000 does not stop reading
    monkeypatch.setattr(Path, "read_bytes", refuse)
    err = read_error(path)
    assert reason_part in err.reason and "拒绝访问" not in err.reason and "输入" not in err.reason


# ---------------------------------------------------------------- docx


def _add_footnote_part(document: DocxDocument, notes: list[str]) -> None:
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:footnote>'
        for i, note in enumerate(notes, start=1)
    )
    xml = (
        f"<w:footnotes {W_NS}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f"{body}</w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("政府工作报告", level=1)
    document.add_paragraph("各位代表：")
    para = document.add_paragraph("现在，我代表市人民政府")
    para.add_run().add_break()
    para.add_run("向大会报告工作。")
    # Tracked changes: inserted text counts, deleted text does not
    para._p.append(parse_xml(f'<w:ins {W_NS} w:id="1" w:author="a"><w:r><w:t>（修订）</w:t></w:r></w:ins>'))
    para._p.append(parse_xml(f'<w:del {W_NS} w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'))

    table = document.add_table(rows=5, cols=3)
    for r, values in enumerate([("指标", "2023年", "增长"), ("地区生产总值", "1234亿元", "5.6%")]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(2, 0).merge(table.cell(3, 0)).text = "工业类"  # vertical merge
    table.cell(2, 1).text, table.cell(2, 2).text = "规上工业增加值", "8.1%"
    table.cell(3, 1).text, table.cell(3, 2).text = "工业投资", "12.0%"
    table.cell(4, 0).merge(table.cell(4, 1)).text = "备注：数据为初步核算"  # horizontal merge
    nested = table.cell(4, 2).add_table(rows=1, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "甲", "乙"

    document.add_paragraph("名词解释：")
    document.add_paragraph(GLOSSARY_LINE)
    _add_footnote_part(document, ["注：“云调度”指线上调度平台。"])
    document.save(str(path))
    return path


DOCX_LINES = [
    "政府工作报告",
    "各位代表：",
    "现在，我代表市人民政府",
    "向大会报告工作。（修订）",
    "指标\t2023年\t增长",
    "地区生产总值\t1234亿元\t5.6%",
    "工业类\t规上工业增加值\t8.1%",
    "\t工业投资\t12.0%",
    "备注：数据为初步核算\t甲 乙",
    "名词解释：",
    GLOSSARY_LINE,
    "注：“云调度”指线上调度平台。",
]


def test_docx_paragraphs_tables_and_notes_in_order(tmp_path: Path) -> None:
    raw = read_report(make_docx(tmp_path / "report.docx"))
    assert raw.text.split("\n") == DOCX_LINES
    assert (raw.kind, raw.encoding) == ("docx", None)


def test_docx_merged_cells_are_not_duplicated(tmp_path: Path) -> None:
    text = read_report(make_docx(tmp_path / "report.docx")).text
    assert text.count("工业类") == 1
    assert text.count("备注：数据为初步核算") == 1
    assert text.count("甲") == 1


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    document = docx.Document()
    document.add_paragraph("   ")
    document.save(str(path))
    assert read_error(path).reason == "没有找到正文文字"


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _docx_with_broken_xml(tmp_path: Path) -> bytes:
    good = make_docx(tmp_path / "good.docx")
    with zipfile.ZipFile(good) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    entries["word/document.xml"] = entries["word/document.xml"][:200]
    return _zip(entries)


@pytest.mark.parametrize(
    ("make", "reason_part"),
    [
        pytest.param(lambda tmp: _random_bytes(5, 3000), "文件已损坏，无法作为 Word 文档打开", id="random-bytes"),
        pytest.param(lambda tmp: _zip({"hello.txt": b"hi"}), "不是 Word 文档", id="zip-not-docx"),
        pytest.param(_docx_with_broken_xml, "文件已损坏，无法作为 Word 文档打开", id="broken-xml"),
        pytest.param(lambda tmp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "另存为 .docx", id="ole-doc"),
        pytest.param(lambda tmp: REPORT_TEXT.encode(), "文件已损坏，无法作为 Word 文档打开", id="text-renamed"),
        pytest.param(lambda tmp: make_docx(tmp / "whole.docx").read_bytes()[:-100], "文件已损坏，无法作为 Word 文档打开",
                     id="cut-short"),
    ],
)
def test_corrupt_docx(tmp_path: Path, make: Callable[[Path], bytes], reason_part: str) -> None:
    err = read_error(write(tmp_path / "bad.docx", make(tmp_path)))
    assert reason_part in err.reason


# ---------------------------------------------------------------- pdf


def make_pdf(pages: list[list[str]], font: str = "STSong-Light") -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if font == "STSong-Light":
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    for lines in pages:
        pdf.setFont(font, 11)
        for i, line in enumerate(lines):
            pdf.drawString(50, 780 - 20 * i, line)
        pdf.rect(40, 40, 500, 200)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


PDF_PAGE_1 = ["政府工作报告", "各位代表：现在，我代表市人民政府向大会报告工作，请予审议。"]
PDF_PAGE_2 = ["名词解释：", GLOSSARY_LINE]


def test_pdf_chinese_text_layer(tmp_path: Path) -> None:
    raw = read_report(write(tmp_path / "report.pdf", make_pdf([PDF_PAGE_1, PDF_PAGE_2])))
    assert raw.text.split("\n") == PDF_PAGE_1 + PDF_PAGE_2
    assert (raw.kind, raw.encoding) == ("pdf", None)


def test_pdf_ascii_text_layer(tmp_path: Path) -> None:
    lines = ["Government Work Report 2024", "GDP grew by 5.6 percent over the previous year."]
    raw = read_report(write(tmp_path / "en.PDF", make_pdf([lines], font="Helvetica")))
    assert raw.text.split("\n") == lines


def _image_only_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.drawImage(ImageReader(Image.new("RGB", (200, 100), "gray")), 50, 500, 200, 100)
    pdf.rect(40, 40, 500, 200, fill=1)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "reason_part"),
    [
        pytest.param(make_pdf([[]]), "没有文字层", id="rectangle-only"),
        pytest.param(_image_only_pdf(), "没有文字层", id="image-only"),
        pytest.param(make_pdf([["12"], ["13"]]), "没有文字层", id="page-numbers-only"),
        pytest.param(make_pdf([PDF_PAGE_2, [], []]), "3 页中只有 1 页有文字层", id="mostly-scanned"),
    ],
)
def test_pdf_without_text_layer_needs_ocr(tmp_path: Path, data: bytes, reason_part: str) -> None:
    err = read_error(write(tmp_path / "scan.pdf", data))
    assert reason_part in err.reason and "需要OCR" in err.reason


def _encrypted_pdf(user_password: str) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf([PDF_PAGE_2])))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_pdf_encrypted_with_password_is_rejected(tmp_path: Path) -> None:
    assert "需要密码" in read_error(write(tmp_path / "locked.pdf", _encrypted_pdf("secret"))).reason


def test_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    raw = read_report(write(tmp_path / "restricted.pdf", _encrypted_pdf("")))
    assert raw.text.split("\n") == PDF_PAGE_2


@pytest.mark.parametrize(
    ("data", "reason_part"),
    [
        pytest.param(_random_bytes(11, 3000), "PDF", id="random-bytes"),
        pytest.param(b"%PDF-1.4\n" + b"garbage " * 50 + b"\n%%EOF\n", "文件已损坏", id="header-then-garbage"),
        pytest.param(b"%PDF-1.4\n" + b"garbage " * 50, "不完整", id="header-then-garbage-no-end"),
        pytest.param(make_pdf([PDF_PAGE_1])[:700], "不完整", id="truncated"),
        # Cut inside its %%EOF: pypdf reads this one, and would read one missing more of its end
        # whenever its recovery found enough; an incomplete file is never passed off as whole
        pytest.param(make_pdf([PDF_PAGE_1, PDF_PAGE_2])[:-3], "不完整", id="cut-in-end-marker"),
    ],
)
def test_corrupt_pdf_is_rejected_quietly(tmp_path: Path, caplog: pytest.LogCaptureFixture, data: bytes,
                                         reason_part: str) -> None:
    caplog.set_level(logging.DEBUG)
    assert reason_part in read_error(write(tmp_path / "bad.pdf", data)).reason
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == logging.NOTSET  # suppression is undone


# ---------------------------------------------------------------- html

GBK_PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>标题不要</title>
<style>p { color: red; }</style>
<script>var x = "<p>脚本不要</p>";</script>
</head>
<body>
<div id="top-menu"><a href="/">首页</a> | <a href="/gk">政务公开</a></div>
<nav class="menu"><ul><li>导航一</li><li>导航二</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开</div>
<div class="content">
  <h1>2024年政府工作报告</h1>
  <div><div><p>各位代表：</p></div></div>
  <p>现在，我代表市人民政府向大会报告工作，
     请予审议。<br>并请市政协委员提出意见。</p>
  <p>GDP&nbsp;增长&nbsp;&nbsp;5.6%，R&amp;D 投入 &lt;提高&gt;，&ldquo;五制一平台&rdquo;&#x2014;全面推行。</p>
  <p>一、<b>过去</b>一年<span>工作</span><a href="#">回顾</a></p>
  <table>
    <tr><th>指标</th><th>数值</th></tr>
    <tr><td>地区生产总值</td><td><p>1234</p><p>亿元</p></td></tr>
  </table>
  <!-- 注释不要 -->
  <p>名词解释：</p>
  <div>GLOSSARY</div>
  <br><br><br>
  <p>结束</p>
</div>
<div class="share-box">分享到：微信</div>
<footer>版权所有</footer>
<noscript>请启用脚本</noscript>
</body></html>
""".replace("GLOSSARY", GLOSSARY_LINE)

GBK_PAGE_LINES = [
    "2024年政府工作报告",
    "各位代表：",
    "现在，我代表市人民政府向大会报告工作， 请予审议。",
    "并请市政协委员提出意见。",
    "GDP 增长 5.6%，R&D 投入 <提高>，“五制一平台”—全面推行。",
    "一、过去一年工作回顾",
    "指标\t数值",
    "地区生产总值\t1234 亿元",
    "名词解释：",
    GLOSSARY_LINE,
    "",
    "结束",
]


def test_html_gbk_page_expected_lines(tmp_path: Path) -> None:
    raw = read_report(write(tmp_path / "page.html", GBK_PAGE.encode("gbk")))
    assert raw.text.split("\n") == GBK_PAGE_LINES
    assert (raw.kind, raw.encoding) == ("html", "gb18030")


SIMPLE_BODY = "<body><p>政府工作报告</p><p>" + GLOSSARY_LINE + "</p></body></html>"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(('<html><head><meta charset="utf-8">' + SIMPLE_BODY).encode(), "utf-8", id="meta-utf8"),
        pytest.param(("<html>" + SIMPLE_BODY).encode(), "utf-8", id="no-meta-utf8"),
        pytest.param(codecs.BOM_UTF8 + ("<html>" + SIMPLE_BODY).encode(), "utf-8-sig", id="bom"),
        pytest.param(("<html>" + SIMPLE_BODY).encode("gbk"), "gb18030", id="no-meta-gbk"),
        pytest.param(("<html><head><meta charset='GBK'>" + SIMPLE_BODY).encode("gbk"), "gb18030", id="meta-gbk"),
        pytest.param(
            ('<html><head><meta charset="utf-8">' + SIMPLE_BODY).encode("gbk"), "gb18030", id="meta-lies"
        ),
        pytest.param(
            ('<?xml version="1.0" encoding="gb2312"?>\n<html xmlns="http://www.w3.org/1999/xhtml">' + SIMPLE_BODY)
            .encode("gbk"),
            "gb18030",
            id="xhtml-xml-decl",
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + ("<html>" + SIMPLE_BODY).encode("utf-16-le"), "utf-16", id="utf16-bom"
        ),
    ],
)
def test_html_encoding_detection(tmp_path: Path, data: bytes, encoding: str) -> None:
    raw = read_report(write(tmp_path / "page.htm", data))
    assert raw.text == "政府工作报告\n" + GLOSSARY_LINE
    assert raw.encoding == encoding


def test_html_furniture_names_on_page_wrappers_do_not_drop_the_report(tmp_path: Path) -> None:
    # ASP.NET wraps every page in <form>; themes put "sidebar"/"header" classes on body wrappers
    page = (
        '<html><body class="has-sidebar"><form id="form1"><div class="header">站点标题</div>'
        '<div id="main-wrap-nav-fixed"><p>政府工作报告</p><p>' + GLOSSARY_LINE + "</p></div>"
        '<div class="footer">版权所有</div></form></body></html>'
    )
    raw = read_report(write(tmp_path / "aspx.html", page.encode()))
    assert raw.text == "政府工作报告\n" + GLOSSARY_LINE


def test_html_pre_keeps_lines(tmp_path: Path) -> None:
    page = "<html><body><pre>第一行\n  第二行   有空格\n\n\n\n第三行</pre><p>后文</p></body></html>"
    raw = read_report(write(tmp_path / "pre.html", page.encode()))
    assert raw.text.split("\n") == ["第一行", "第二行 有空格", "", "第三行", "后文"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"<html><head><title>x</title></head><body> </body></html>", "没有找到正文文字", id="no-body"),
        pytest.param(b"<html><body><script>alert(1)</script></body></html>", "没有找到正文文字", id="only-script"),
        pytest.param(b"  \n ", "文件为空，没有可导入的文字", id="whitespace"),
    ],
)
def test_html_without_text(tmp_path: Path, data: bytes, reason: str) -> None:
    assert read_error(write(tmp_path / "empty.html", data)).reason == reason


# ---------------------------------------------------------------- find_reports


def test_find_reports_walks_sorts_and_dedupes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "reports"
    wanted = [
        root / "B.DOCX",
        root / "a.txt",
        root / "sub" / "c.Pdf",
        root / "sub" / "deeper" / "d.htm",
        root / "sub" / "deeper" / "e.HTML",
    ]
    unwanted = [
        root / ".hidden" / "f.txt",
        root / "sub" / ".secret.txt",
        root / "~$g.docx",
        root / "notes.md",
        root / "image.png",
    ]
    for path in wanted + unwanted:
        write(path, b"x")
    (root / "empty-folder.txt").mkdir()

    assert find_reports([root]) == sorted(wanted)

    monkeypatch.chdir(tmp_path)
    # Files given directly are kept whatever their suffix; repeats in any spelling collapse
    given = [Path("reports/notes.md"), root, root / "a.txt", Path("reports") / "sub" / ".." / "a.txt"]
    assert find_reports(given) == sorted([*wanted, root / "notes.md"])
    assert find_reports([]) == []


def test_find_reports_hidden_folder_given_directly_is_walked(tmp_path: Path) -> None:
    hidden = tmp_path / ".cache" / "reports"
    write(hidden / "a.txt", b"x")
    assert find_reports([hidden]) == [hidden / "a.txt"]


def test_find_reports_missing_input(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", b"x")
    with pytest.raises(ReadError) as info:
        find_reports([tmp_path, tmp_path / "missing"])
    assert info.value.path == tmp_path / "missing"
    assert info.value.reason == "找不到这个文件或文件夹"


# ---------------------------------------------------------------- properties

GB2312_HANZI = [
    bytes([lead, trail]).decode("gb2312") for lead in range(0xB0, 0xF8) for trail in range(0xA1, 0xFF)
    if (lead, trail) not in {(0xD7, t) for t in range(0xFA, 0xFF)}  # row 55 ends early
]
ASCII_TEXT = st.sampled_from(list(" \t\n\r0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,;:!?%()-/\"'"))
CJK_PUNCT = st.sampled_from(list("，。、；：？！“”‘’（）《》【】—…·　"))


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prop") / "prop.txt"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), ASCII_TEXT, CJK_PUNCT)),
    codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]),
)
def test_unicode_round_trip(scratch: Path, text: str, codec: str) -> None:
    assume(text.strip())
    scratch.write_bytes(text.encode(codec))
    assert read_report(scratch).text == _normalised(text)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.one_of(st.sampled_from(GB2312_HANZI), ASCII_TEXT, CJK_PUNCT)))
@example(text="啊啊啊—")  # GBK's em dash is not where Python's gb2312 codec puts it
def test_gb18030_round_trip(scratch: Path, text: str) -> None:
    # Hanzi come from GB2312: legacy decodes are only trusted when they are mostly
    # everyday characters. Bytes that are also valid UTF-8 are (rightly) read as UTF-8.
    assume(text.strip())
    data = text.encode("gb18030")
    try:
        data.decode("utf-8")
        assume(False)
    except UnicodeDecodeError:
        pass
    scratch.write_bytes(data)
    raw = read_report(scratch)
    assert (raw.text, raw.encoding) == (_normalised(text), "gb18030")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.one_of(st.sampled_from(GB2312_HANZI), ASCII_TEXT, CJK_PUNCT)),
    codec=st.sampled_from(["utf-16-le", "utf-16-be"]),
)
def test_utf16_without_bom_round_trip(scratch: Path, text: str, codec: str) -> None:
    # Read back whenever there is a NUL byte to go by, i.e. some ASCII (or a character U+xx00)
    data = text.encode(codec)
    assume(text.strip() and b"\x00" in data)
    scratch.write_bytes(data)
    raw = read_report(scratch)
    assert (raw.text, raw.encoding) == (_normalised(text), codec)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_arbitrary_bytes_give_text_or_read_error(scratch: Path, data: bytes, suffix: str) -> None:
    path = scratch.with_suffix(suffix)
    path.write_bytes(data)
    try:
        raw = read_report(path)
    except ReadError as err:
        assert_one_line_of_chinese(err.reason)
        return
    assert isinstance(raw, RawText) and raw.text.strip()
    assert "\x00" not in raw.text and "\r" not in raw.text and not raw.text.startswith("\ufeff")
