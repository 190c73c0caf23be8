"""A record's outputs made away from the writer (in a worker: rendered, pickled there and back) are written
byte for byte as the writer writes them from the record itself, and the workbook holds the same cells."""
from __future__ import annotations

import pickle
from pathlib import Path

import openpyxl
import pytest

from extract.output.files import OutputWriter
from extract.output.rendered import render, render_outcome
from extract.pipeline import InputError, ingest_text

# Made-up reports (figures in the style of real ones, sentences our own).
REPORTS = {
    "plain": "河湾县文化馆2023年度部门整体支出绩效自评报告\n一、基本情况\n2023年度收入合计356.40万元，支出合计350.12万元，"
             "预算执行率98.24%。\n二、自评结论\n经自评，本馆自评得分为95分。\n",
    "problems": "山前镇卫生院2022年度项目支出绩效自评报告\n一、项目概况\n年初预算120万元，全年执行118.5万元，预算执行率98.75%。\n"
                "二、存在的问题\n一是部分项目资金下达较晚，预算执行率未达到100%。二是绩效目标设置不够细化。\n"
                "三、改进意见\n加强预算执行监控，细化绩效目标。\n四、自评结论\n自评得分92分，等级为优秀。\n",
    "formula": "=HYPERLINK(\"x\")单位2021年度自评报告\n收入合计10万元。\n",
}


def cells(path: Path) -> dict:
    book = openpyxl.load_workbook(path)
    return {name: [[(c.value, c.number_format, c.fill.fgColor.rgb) for c in row] for row in book[name].iter_rows()]
            for name in book.sheetnames}


def write(folder: Path, records, made_away: bool) -> Path:
    with OutputWriter(folder) as out:
        for record in records:
            if made_away:
                out.add_rendered(pickle.loads(pickle.dumps(render(record))))
            else:
                out.add_record(record)
        out.add_error(InputError("broken.pdf", "unreadable", "not a PDF"))
    return folder


@pytest.mark.parametrize("names", [["plain"], ["problems", "plain", "formula"], list(REPORTS) * 3],
                         ids=["one", "three", "repeated"])
def test_rendered_records_write_what_the_records_write(names, tmp_path):
    records = [ingest_text(REPORTS[name], f"{name}-{i}.txt") for i, name in enumerate(names)]
    a, b = write(tmp_path / "a", records, False), write(tmp_path / "b", records, True)
    for name in ["records.jsonl", "reports.csv", "mentions.csv", "scores.csv", "findings.csv", "errors.csv"]:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert cells(a / "selfeval.xlsx") == cells(b / "selfeval.xlsx")


def test_only_records_are_rendered():
    error = InputError("x.pdf", "unreadable", "not a PDF")
    assert render_outcome(error) is error
    rendered = render_outcome(ingest_text(REPORTS["problems"], "p.txt"))
    assert rendered.slim.source.path == "p.txt" and rendered.record().source.path == "p.txt"
    assert rendered.summary[1].counts  # the theme words, found where the record was read
