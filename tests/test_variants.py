"""The same report written another way gives the same figures (bench/robustness.py's variants).

Metamorphic tests: each variant rewrites a report as another author, export or web page would have
written it -- full-width digits, traditional characters, PDF-copy spacing, page furniture, ASCII
punctuation, thousands separators, tabs and CRLF, hard line wraps -- and what an analyst reads off
the record (headline, unit, year, score, grade, score items, money and percent values) must not
change.  On the project's own sample reports for every variant; on the real texts, for the variants
whose habit the code claims (their accuracy equals the original texts' field by field).
"""
from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, needs_shared

from extract.cli import main
from extract.pipeline import ingest_text
from extract.read.txt import decode
from extract.text.cleanup import TRADITIONAL_NOTE
from extract.text.fold import fold_figures
from extract.text.simplified import to_simplified, written_in_traditional


def _robustness():
    spec = importlib.util.spec_from_file_location("selfeval_bench_robustness", ROOT / "bench" / "robustness.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ROBUSTNESS = _robustness()


def _sample_texts() -> dict[str, str]:
    """The project's own sample reports as text: the .txt ones, and the project form's web page as its reader
    gives it (a fund block and an indicator table as ``|`` rows)."""
    from extract.read import read_document

    texts = {p.stem: decode(p.read_bytes())[0].replace("\r\n", "\n") for p in sorted((ROOT / "corpus").glob("*.txt"))}
    form = read_document(ROOT / "corpus" / "waterworks_2023.html")
    texts["waterworks_2023-as-text"] = "\n".join(line for page in form.pages for line in page.lines)
    return texts


SAMPLES = _sample_texts()


def facts(record) -> dict:
    """What an analyst reads off a record, in a form that two ways of writing share (the words the record
    quotes as written compared in simplified characters)."""
    quoted = [None if w is None else to_simplified(w) for w in (record.grade, record.department)]
    return {
        "headline": {key: None if v is None else v.value for key, v in record.headline},
        "meta": (record.kind, record.self_score, record.year, *quoted),
        "scores": sorted((str(s.max), str(s.score)) for s in record.scores),
        "money": sorted(m.value for m in record.mentions if m.type == "money"),
        "percent": sorted(m.value for m in record.mentions if m.type == "percent"),
    }


@pytest.mark.parametrize("variant", sorted(ROBUSTNESS.VARIANTS))
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_a_sample_report_written_another_way_gives_the_same_figures(sample, variant):
    text = SAMPLES[sample]
    other = ROBUSTNESS.VARIANTS[variant](text, random.Random(sample))
    if other == text:  # no amount of 1,000 or more, or no | table, in this sample
        pytest.skip(f"{sample} holds nothing {variant} rewrites")
    assert facts(ingest_text(other)) == facts(ingest_text(text))


@pytest.mark.parametrize("line, folded", [
    ("收入６５１．１７万元", "收入651.17万元"),
    ("预算执行率１０８％", "预算执行率108%"),
    ("２０２３年度", "2023年度"),
    ("ＰＰＰ项目", "PPP项目"),
    ("总分２８分，得分２８分。", "总分28分，得分28分。"),  # Chinese punctuation stays
    ("（一）预算编制：", "（一）预算编制："),
    ("1．基本情况", "1．基本情况"),  # a list number's full-width point is no decimal point
    ("plain ASCII 1.5", "plain ASCII 1.5"),
    ("二〇二三年度部门整体支出", "2023年度部门整体支出"),
    ("二零二一年", "2021年"),
    ("二〇二二", "二〇二二"),  # no 年: not a year
    ("一二三年", "一二三年"),
], ids=["money", "percent", "year", "latin", "punctuation-kept", "brackets-kept", "list-point-kept", "ascii",
        "cn-year-ling-circle", "cn-year-ling", "cn-digits-no-nian", "not-a-year"])
def test_figures_written_other_ways_fold_to_ascii(line, folded):
    assert fold_figures(line) == folded
    assert len(fold_figures(line)) == len(line)


@pytest.mark.parametrize("text, expected", [
    ("本部門整體支出績效評價報告，預算執行率、項目資金、績效目標與會計核算", True),
    ("本部门整体支出绩效评价报告，预算执行率、项目资金、绩效目标与会计核算", False),
    ("本部门整体支出绩效评价报告。" * 20 + "引自《國際關係與經濟發展》", False),  # a quoted title
    ("", False),
    ("ASCII only 123", False),
], ids=["traditional", "simplified", "simplified-quoting-traditional", "empty", "ascii"])
def test_which_texts_are_written_in_traditional_characters(text, expected):
    assert written_in_traditional(text) is expected


def test_a_traditional_report_is_read_in_simplified_characters_and_quoted_as_written():
    simplified = ("示例县机构编制委员会办公室2023年度部门整体支出绩效自评报告\n一、基本情况\n本办核定编制12名，负责宣传品制作。"
                  "年初预算320.00万元，调整后预算343.75万元，预算执行率100%。\n二、自评结论\n自评得分95分，等级为“优秀”。")
    import opencc

    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert traditional != simplified and "編制" in traditional and "製作" in traditional
    record, twin = ingest_text(traditional), ingest_text(simplified)
    assert TRADITIONAL_NOTE in record.warnings
    assert facts(record) == facts(twin)
    assert record.text == opencc.OpenCC("s2t").convert(twin.text)  # the text as written
    assert (record.department, record.grade) == ("示例縣機構編制委員會辦公室", "優秀")  # quoted as written: 編制, not 編製
    assert record.department in record.provenance["department"].raw
    assert [s.title for s in record.sections if s.level == 1] == ["基本情況", "自評結論"]
    assert record.unit_key == twin.unit_key  # the tool's own key stays one for both spellings
    spans = [*record.mentions, *record.scores, *(v for _, v in record.headline if v is not None),
             *record.provenance.values(), *(e for f in record.findings for e in f.evidence)]
    for figure in spans:
        assert record.text[figure.start:figure.end] == figure.raw
    for mention in record.mentions:  # a label is the report's own words: 編制, never a 製 the text does not hold
        assert mention.label in record.text


#: variants whose habit the code claims on real texts: accuracy equal to the original texts' on every field.
#: Not ``furniture``: a bare page number dropped between two cells of a one-cell-per-line table
#: (人员编制 / 2 / 21) cannot be told from a cell, by the code or by a reader.
CLAIMED = ["fullwidth", "traditional", "ascii_punct", "cn_years", "numbering", "spaced", "crlf_tabs"]


@pytest.fixture(scope="module")
def original_accuracy(tmp_path_factory):
    return _accuracy(tmp_path_factory.mktemp("original"), "original")


def _fields(folder: Path, variant: str) -> dict:
    """The accuracy command's counts per field on the real texts written as ``variant`` (its --json output)."""
    import json

    target = folder / variant
    ROBUSTNESS.write_variant(CORPUS, target, variant, "all")
    out = target / "eval.json"
    assert main(["eval", str(target), "--no-misses", "--json", str(out), "--jobs", "1"]) == 0
    return json.loads(out.read_text(encoding="utf-8"))["fields"]


def _accuracy(folder: Path, variant: str) -> dict:
    return {name: (c["tp"], c["fp"], c["fn"]) for name, c in _fields(folder, variant).items()}


@needs_shared
@pytest.mark.parametrize("variant", CLAIMED)
def test_real_texts_written_another_way_lose_nothing(variant, original_accuracy, tmp_path, capsys):
    got = _accuracy(tmp_path, variant)
    capsys.readouterr()
    lost = {name: (original_accuracy[name], counts) for name, counts in got.items() if counts != original_accuracy[name]}
    assert not lost, f"(tp, fp, fn) original -> {variant}: {lost}"


#: the other variants: recall floors per field at what the code reaches on all 101 texts (bench/robustness.py),
#: so that losing a habit it reads fails the build; each one's remaining losses are in the README
FLOORS = {
    "wrapped": {"headline": 0.96, "money": 0.975, "percent": 0.99, "scores": 0.84, "headings": 0.98},
    "furniture": {"headline": 0.955, "money": 0.975, "percent": 0.995, "scores": 0.90, "headings": 0.995},
    "running_header": {"headline": 0.955, "money": 0.955, "percent": 0.995, "scores": 0.885, "headings": 0.99},
    "thousands": {"headline": 0.96, "money": 0.97, "percent": 0.995, "scores": 0.895, "headings": 0.995},
    "yuan": {"headline": 0.96, "money": 0.97, "percent": 0.995, "scores": 0.90, "headings": 0.995},
    "cell_lines": {"headline": 0.96, "money": 0.975, "percent": 0.995, "scores": 0.88, "headings": 0.995},
    "cell_spaces": {"headline": 0.96, "money": 0.97, "percent": 0.995, "scores": 0.88, "headings": 0.995},
    "one_line": {"headline": 0.93, "money": 0.975, "percent": 0.995, "scores": 0.80, "headings": 0.935},
    "as_docx": {"headline": 0.95, "money": 0.965, "percent": 0.995, "scores": 0.895, "headings": 0.995},
    "as_html": {"headline": 0.95, "money": 0.965, "percent": 0.995, "scores": 0.88, "headings": 0.995},
    "as_pdf": {"headline": 0.93, "money": 0.93, "percent": 0.93, "scores": 0.745, "headings": 0.995},
    "as_pdf_split": {"headline": 0.93, "money": 0.93, "percent": 0.93, "scores": 0.745, "headings": 0.995},
}


@needs_shared
@pytest.mark.parametrize("variant", sorted(FLOORS))
def test_real_texts_written_another_way_keep_their_floors(variant, tmp_path, capsys):
    pytest.importorskip({"as_docx": "docx", "as_pdf": "reportlab", "as_pdf_split": "reportlab"}.get(variant, "json"))
    got = _recalls(tmp_path, variant)
    capsys.readouterr()
    below = {name: (got.get(name), floor) for name, floor in FLOORS[variant].items() if (got.get(name) or 0) < floor}
    assert not below, f"{variant}: recall below its floor: {below}"


def _recalls(folder: Path, variant: str) -> dict:
    return {name: c["recall"] for name, c in _fields(folder, variant).items()}
