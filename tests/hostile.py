"""Made-up reports with known figures, and the hostile entries the robustness tests put beside them."""
from __future__ import annotations

import os
import zipfile
from decimal import Decimal
from pathlib import Path

# Figures in the style of real reports; the sentences are our own.
TEMPLATE = """{dept}{year}年度部门整体支出绩效自评报告
一、基本情况
（一）部门概况
本单位核定编制人数{staff}人，实有在职人员{actual}人。
（二）收支情况
{year}年度收入合计{income}万元，其中财政拨款收入{income}万元。支出合计{spent}万元，其中基本支出{basic}万元，项目支出{project}万元，预算执行率{rate}%。
二、自评结论
经自评，本单位{year}年度部门整体支出绩效自评得分为{score}分，等级为“优秀”。
"""


def report(i: int) -> tuple[str, dict[str, Decimal]]:
    """The text of made-up report ``i`` and the headline figures it states."""
    income = Decimal(300 + 7 * i) + Decimal("0.40")
    basic, project = Decimal(200 + 5 * i), Decimal(50 + i) + Decimal("0.12")
    spent = basic + project
    rate = (spent / income * 100).quantize(Decimal("0.01"))
    figures = {"income_total": income, "expenditure_total": spent, "expenditure_basic": basic,
               "expenditure_project": project, "execution_rate": rate}
    text = TEMPLATE.format(dept=f"河湾县第{i + 1}文化站", year=2023, staff=12 + i, actual=11 + i, income=income,
                           spent=spent, basic=basic, project=project, rate=rate, score=90 + i % 10)
    return text, figures


def write_report(folder: Path, name: str, i: int) -> dict[str, Decimal]:
    """Write report ``i`` as ``name`` (.txt or .html) and return its figures."""
    text, figures = report(i)
    if name.endswith(".html"):
        body = "".join(f"<p>{line}</p>" for line in text.splitlines())
        (folder / name).write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    else:
        (folder / name).write_text(text, encoding="utf-8")
    return figures


def write_gbk_named(folder: Path, i: int) -> tuple[str, dict[str, Decimal]]:
    """Report ``i`` under a GBK-encoded file name (what unzipping a Windows archive on Linux gives)."""
    name = "河湾县绩效自评".encode("gbk") + b".txt"
    text, figures = report(i)
    path = os.path.join(os.fsencode(folder), name)
    with open(path, "wb") as fh:
        fh.write(text.encode("utf-8"))
    return os.fsdecode(path), figures


def docx_bomb(path: Path, inflated_mb: int) -> Path:
    """A small DOCX whose document.xml unpacks to ``inflated_mb`` MB of tiny paragraphs."""
    paragraph = b"<w:p><w:r><w:t>1</w:t></w:r></w:p>"
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    content_types = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                     b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                     b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
                     b'xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    chunk = paragraph * (1024 * 1024 // len(paragraph))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        with archive.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            for _ in range(inflated_mb):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    return path


def lying_docx(path: Path, inflated_mb: int) -> Path:
    """A DOCX bomb whose ZIP directory says its document.xml holds 1,000 bytes."""
    import struct

    data = bytearray(docx_bomb(path, inflated_mb).read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + length]) == b"word/document.xml":
            struct.pack_into("<I", data, at + 24, 1000)  # the central directory's uncompressed size
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path
