"""Each reader on small files built in tmp_path."""
from __future__ import annotations

import codecs

import pytest

from extract.errors import EncryptedFile, UnreadableFile
from extract.read import read_document
from extract.read.document import table_row_line

REPORT = "一、基本情况\n年初预算 602.39 万元，支出 651.17 万元。\n二、自评结论\n自评得分 95 分。"


def all_lines(doc) -> list[str]:
    return [line for page in doc.pages for line in page.lines if line.strip()]


# ---------------------------------------------------------------- TXT

TXT_CASES = [
    ("utf8", REPORT.encode("utf-8")),
    ("utf8-bom", codecs.BOM_UTF8 + REPORT.encode("utf-8")),
    ("gbk", REPORT.encode("gbk")),
    ("gb18030", REPORT.encode("gb18030")),
    ("utf16-bom", REPORT.encode("utf-16")),
    ("utf16-be-bom", codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be")),
    ("utf16-le-no-bom", REPORT.encode("utf-16-le")),
    ("gbk-crlf", REPORT.replace("\n", "\r\n").encode("gbk")),
    ("utf8-cr", REPORT.replace("\n", "\r").encode("utf-8")),
]


@pytest.mark.parametrize("data", [c[1] for c in TXT_CASES], ids=[c[0] for c in TXT_CASES])
def test_txt_encodings_give_the_same_lines(tmp_path, data):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.format == "txt"
    assert all_lines(doc) == REPORT.split("\n")


def test_txt_form_feed_splits_pages(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("第一页\f第二页\n续\f第三页", encoding="utf-8")
    doc = read_document(path)
    assert [(p.number, p.lines) for p in doc.pages] == [(1, ["第一页"]), (2, ["第二页", "续"]), (3, ["第三页"])]


@pytest.mark.parametrize("data", [b"", b"\n\n  \r\n", b"\xff\xfe"], ids=["zero-bytes", "blank-lines", "bom-only"])
def test_txt_without_text_is_empty(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    assert read_document(path).is_empty()


def test_txt_undecodable_bytes_do_not_crash(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 4)
    doc = read_document(path)
    assert doc.format == "txt"


# ---------------------------------------------------------------- DOCX


def _merged_table_docx(path):
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉不要"
    document.sections[0].footer.paragraphs[0].text = "页脚不要"
    document.add_paragraph("一、基本情况")
    table = document.add_table(rows=3, cols=4)
    values = [["项目", "预算数", "", "执行率"], ["", "年初", "全年", "100%"], ["基本支出", "480.00", "529.99", ""]]
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    table.cell(0, 1).merge(table.cell(0, 2))  # colspan
    table.cell(0, 0).merge(table.cell(1, 0))  # rowspan
    table.cell(1, 3).merge(table.cell(2, 3))  # rowspan
    paragraph = document.add_paragraph("第一页末")
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    paragraph.add_run("第二页")
    document.save(str(path))


def test_docx_merged_cells_page_breaks_and_no_header_footer(tmp_path):
    path = tmp_path / "merged.docx"
    _merged_table_docx(path)
    doc = read_document(path)
    first, second = doc.pages
    assert first.lines == [
        "一、基本情况",
        table_row_line(["项目", "预算数", "执行率"]),
        table_row_line(["", "年初", "全年", "100%"]),
        table_row_line(["基本支出", "480.00", "529.99", ""]),
        "第一页末",
    ]
    assert first.tables[0].rows == [
        ["项目", "预算数", "预算数", "执行率"],
        ["项目", "年初", "全年", "100%"],
        ["基本支出", "480.00", "529.99", "100%"],
    ]
    assert (second.number, second.lines) == (2, ["第二页"])


def test_docx_without_text_is_empty(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert read_document(path).is_empty()


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 truncated zip", b"plain text pretending"], ids=["zero-bytes", "bad-zip", "not-zip"])
def test_docx_broken_is_unreadable(tmp_path, data):
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as err:
        read_document(path)
    assert "Traceback" not in str(err.value)


# ---------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>页面标题</title>
<script>var s = "<p>脚本内容</p>";</script><style>p {{ color: red }}</style></head>
<body><noscript>请启用脚本</noscript>
<h2>一、基本情况</h2>
<p>年初预算
602.39&nbsp;万元，<span>支出</span>651.17 万元。</p>
<table border="1">
<tr><th rowspan="2">项目</th><th colspan="2">预算数</th><th>执行率</th></tr>
<tr><td>年初</td><td>全年</td><td rowspan="2">100%</td></tr>
<tr><td>基本支出</td><td>480.00</td><td>529.99</td></tr>
</table>
<div>第二段<br>换行后继续</div><template><p>模板</p></template>
</body></html>"""

HTML_LINES = [
    "一、基本情况",
    "年初预算602.39 万元，支出651.17 万元。",
    table_row_line(["项目", "预算数", "执行率"]),
    table_row_line(["", "年初", "全年", "100%"]),
    table_row_line(["基本支出", "480.00", "529.99", ""]),
    "第二段",
    "换行后继续",
]


@pytest.mark.parametrize(
    "charset,encoding", [("utf-8", "utf-8"), ("gb2312", "gbk"), ("utf-8", "gbk")], ids=["utf8", "gb2312", "mislabelled-gbk"]
)
def test_html_visible_text_and_spanned_table(tmp_path, charset, encoding):
    path = tmp_path / "page.html"
    path.write_bytes(HTML_PAGE.format(charset=charset).encode(encoding))
    doc = read_document(path)
    assert doc.pages[0].lines == HTML_LINES
    assert doc.pages[0].tables[0].rows == [
        ["项目", "预算数", "预算数", "执行率"],
        ["项目", "年初", "全年", "100%"],
        ["基本支出", "480.00", "529.99", "100%"],
    ]


def test_html_layout_table_gives_plain_lines(tmp_path):
    path = tmp_path / "layout.htm"
    inner = '<table border="1"><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>651.17</td></tr></table>'
    path.write_text(f"<html><body><table><tr><td><p>正文一</p>{inner}<p>正文二</p></td></tr></table></body></html>",
                    encoding="utf-8")
    doc = read_document(path)
    assert doc.pages[0].lines == ["正文一", "| 项目 | 金额 |", "| 合计 | 651.17 |", "正文二"]


@pytest.mark.parametrize("page", ["", "<html><head><title>只有标题</title></head><body> </body></html>"], ids=["zero-bytes", "no-body-text"])
def test_html_without_text_is_empty(tmp_path, page):
    path = tmp_path / "empty.html"
    path.write_text(page, encoding="utf-8")
    assert read_document(path).is_empty()


# ---------------------------------------------------------------- PDF


def _pdf(path, pages, **canvas_options):
    """A PDF whose pages are drawn by callables taking the canvas."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), **canvas_options)
    for draw in pages:
        c.setFont("STSong-Light", 12)
        draw(c)
        c.showPage()
    c.save()
    return path


def _text_page(c):
    c.drawString(72, 760, "一、基本情况")
    c.drawString(72, 740, "年初预算 602.39 万元。")


def _image_page(c):
    c.setFillGray(0.6)
    c.rect(72, 200, 400, 500, fill=1, stroke=0)  # stands in for a scanned page


def test_pdf_text_layer_and_page_without_text(tmp_path, monkeypatch):
    pytest.importorskip("reportlab")
    monkeypatch.setenv("SELFEVAL_OCR", "0")  # OCR of such pages: tests/test_scanned.py
    path = _pdf(tmp_path / "mixed.pdf", [_text_page, _image_page, _image_page, _text_page])
    doc = read_document(path)
    assert [p.lines for p in doc.pages] == [
        ["一、基本情况", "年初预算 602.39 万元。"], [], [], ["一、基本情况", "年初预算 602.39 万元。"]
    ]
    assert doc.warnings == ["pages 2–3 have no text layer; OCR needed"]


def test_pdf_ruled_table_becomes_row_lines(tmp_path):
    pytest.importorskip("reportlab")
    from render import render_pdf

    rows = [["项目", "年初预算", "执行数"], ["基本支出", "480.00", "529.99"], ["合计", "602.39", "651.17"]]
    doc = read_document(render_pdf("一、基本情况\n预算执行情况如下。", tmp_path / "table.pdf", table_rows=rows))
    lines = doc.pages[0].lines
    assert [table_row_line(r) for r in rows] == [line for line in lines if line.startswith("|")]
    assert doc.pages[0].tables[0].rows == rows
    assert not any(line.startswith("基本支出") for line in lines)


def test_pdf_fake_bold_heading_is_not_doubled(tmp_path):
    pytest.importorskip("reportlab")
    from render import render_pdf

    doc = read_document(render_pdf("一、基本情况\n正文。", tmp_path / "bold.pdf", footer=False))
    assert doc.pages[0].lines == ["一、基本情况", "正文。"]


def test_pdf_encrypted(tmp_path):
    pytest.importorskip("reportlab")
    path = _pdf(tmp_path / "locked.pdf", [_text_page], encrypt="secret")
    with pytest.raises(EncryptedFile):
        read_document(path)


@pytest.mark.parametrize(
    "data", [b"", b"not a pdf at all " * 20, b"%PDF-1.4\n%garbage without objects\n"], ids=["zero-bytes", "garbage", "header-only"]
)
def test_pdf_broken_is_unreadable_with_a_clean_message(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as err:
        read_document(path)
    message = str(err.value)
    assert "Traceback" not in message and "\n" not in message and message


def test_pdf_blank_page_gives_no_warning(tmp_path):
    pytest.importorskip("reportlab")
    path = _pdf(tmp_path / "blank.pdf", [_text_page, lambda c: None])
    doc = read_document(path)
    assert doc.warnings == [] and doc.pages[1].lines == []
