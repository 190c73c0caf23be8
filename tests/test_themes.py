"""What the reports complain about: problem/remedy passages, their keywords, the cross-report theme table."""
from __future__ import annotations

import random

import pytest

from extract.output.themes import (
    PROBLEM,
    REMEDY,
    THEME_COLUMNS,
    complaint_passages,
    keyword_rows,
    theme_rows,
    theme_words,
    themes_frame,
)
from extract.patterns import load_patterns
from extract.pipeline import ingest_text

# Made-up reports (our own sentences).
HEADED = """{unit}2023年度部门整体支出绩效自评报告
一、基本情况
本单位负责全县的{work}工作。
二、存在的问题
1.部分资金拨付滞后，影响项目进度。
2.绩效目标设置不够细化。
三、改进措施
加强资金拨付管理，按月调度项目进度。
"""
RUN_IN = """{unit}2022年度项目支出绩效自评报告
一、项目概况
本项目用于{work}。项目整体运行平稳，存在的问题:资金拨付滞后，{work}设备老化。下一步改进措施:更新设备，加快资金拨付。
"""
NO_PROBLEMS = """{unit}2023年度部门整体支出绩效自评报告
一、基本情况
本单位负责{work}。
二、存在的问题
无。
"""


def record(template: str, unit: str, work: str = "档案管理"):
    return ingest_text(template.format(unit=unit, work=work), path=f"{unit}.txt")


@pytest.mark.parametrize("template,kinds", [
    (HEADED, [PROBLEM, REMEDY]),
    (RUN_IN, [PROBLEM, REMEDY]),
    (NO_PROBLEMS, []),
], ids=["headed-sections", "run-in-labels", "none-stated"])
def test_passages_are_found_by_title_or_label(template, kinds):
    rec = record(template, "河湾县档案馆")
    passages = complaint_passages(rec)
    assert [p.kind for p in passages] == kinds
    for p in passages:
        assert rec.text[p.start:p.end].strip()


def test_a_passage_is_the_body_after_its_heading():
    rec = record(HEADED, "河湾县档案馆")
    problem = complaint_passages(rec)[0]
    body = rec.text[problem.start:problem.end]
    assert "资金拨付滞后" in body and "存在的问题" not in body and "改进措施" not in body


def test_form_column_header_is_no_remedy_label():
    rec = ingest_text("某项目绩效自评表\n| 三级指标 | 偏差原因分析及改进措施 |\n| 完成数量 | 已完成 |\n")
    assert complaint_passages(rec) == []


@pytest.mark.parametrize("text,expected", [
    ("一是资金拨付滞后，二是绩效意识不强。", ["资金拨付", "滞后", "绩效意识"]),
    ("進一步加強資金撥付管理", ["资金拨付", "管理"]),
    ("", []),
], ids=["enumerated", "traditional-characters", "empty"])
def test_theme_words_drop_stopwords_and_keep_terms_whole(text, expected):
    assert theme_words(text) == expected


def test_no_stopword_is_ever_a_theme_word():
    stop = set(load_patterns().words("themes.stopwords"))
    text = "".join(stop) + "资金拨付滞后"
    assert not stop & set(theme_words(text))


def test_theme_table_lists_words_shared_by_units():
    records = [record(HEADED, "河湾县档案馆"), record(RUN_IN, "河湾县文化馆", "文化活动"), record(NO_PROBLEMS, "河湾县财政局")]
    rows = theme_rows(records)
    by_theme = {r["theme"]: r for r in rows}
    assert by_theme["资金拨付"]["n_units"] == 2
    assert by_theme["资金拨付"]["units"] == "河湾县文化馆、河湾县档案馆"
    assert by_theme["资金拨付"]["in_problems"] == 2 and by_theme["资金拨付"]["in_remedies"] == 2
    assert all(r["n_units"] >= 2 for r in rows)
    assert all(set(r) == set(THEME_COLUMNS) for r in rows)
    assert "资金拨付" in by_theme["资金拨付"]["example"]


def test_theme_table_is_the_same_whatever_the_order():
    records = [record(HEADED, "河湾县档案馆"), record(RUN_IN, "河湾县文化馆", "文化活动"),
               record(HEADED, "河湾县水务局", "供水")]
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    assert theme_rows(records) == theme_rows(shuffled) == theme_rows(list(reversed(records)))


def test_keywords_per_report_rank_shared_words_below_own_ones():
    records = [record(HEADED, "河湾县档案馆"), record(RUN_IN, "河湾县文化馆", "文化活动")]
    rows = {r["unit"]: r for r in keyword_rows(records, top=3)}
    assert set(rows) == {"河湾县档案馆", "河湾县文化馆"}
    assert all(len(r["keywords"]) <= 3 for r in rows.values())
    assert rows["河湾县档案馆"]["n_passages"] == 2


def test_themes_frame_has_chinese_headers_for_the_workbook():
    frame = themes_frame([record(HEADED, "甲县档案馆"), record(HEADED, "乙县档案馆")])
    assert list(frame.columns) == list(THEME_COLUMNS.values())
    assert "资金拨付" in set(frame["主题词"])


def test_the_tokenizer_made_from_the_label_dictionary_is_the_one_read_from_disk():
    """themes copies the label tokenizer's dictionary instead of reading jieba's again: same words, same weights."""
    from extract.output.themes import _tokenizer, build_tokenizer
    from extract.values.labels import _jieba

    _jieba()  # loaded, as in a process that has read a file
    _tokenizer.cache_clear()
    shared, own = _tokenizer(), build_tokenizer()
    assert shared is not own and shared.total == own.total
    assert shared.FREQ == own.FREQ and shared.user_word_tag_tab == own.user_word_tag_tab
