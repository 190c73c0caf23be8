"""Properties of the grid recogniser on any stream of form-like cells: it never raises, every
figure's raw is its span of the text, every placed cell sits in a column the table has, and a
table's cells are in reading order."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.pipeline import ingest_text
from extract.tables import find_tables, grid_figures

WORDS = [
    "项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "年度资金总额",
    "其中：当年财政拨款", "上年结转资金", "其他资金", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
    "偏差原因分析及改进措施", "产出指标", "数量指标", "质量指标", "效益指标", "社会效益指标", "满意度指标",
    "服务对象满意度指标", "总分", "合计", "2022年决算数", "2023年预算数", "经费情况（万元）", "财政供养人员情况(人)",
    "编制数", "实有人数", "控制率", "指标1：", "★★", "维修长度", "完成率", "≥", "%", "—", "无", "优",
    "0", "5", "10", "20", "100", "43.2", "37.24", "95%", "100%", "86%", "1,274.38", "(20分)", "投入", "预算执行",
]
CELLS = st.lists(st.sampled_from(WORDS), min_size=0, max_size=80)
SEPARATORS = st.sampled_from(["\n", " | ", " ", "\n| ", " |\n"])


def _text(cells: list[str], seps: list[str]) -> str:
    out = []
    for k, c in enumerate(cells):
        out.append(c)
        out.append(seps[k % len(seps)] if seps else "\n")
    return "".join(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CELLS, st.lists(SEPARATORS, min_size=1, max_size=4))
def test_grid_never_raises_and_keeps_provenance(cells, seps):
    text = _text(cells, seps)
    figures = grid_figures(text, [0])
    for m in figures.mentions:
        assert text[m.start:m.end] == m.raw
    for s in figures.scores:
        assert text[s.start:s.end] == s.raw
    for table in find_tables(text, [0]):
        for cell in table.cells:
            if cell.start >= 0:
                assert text[cell.start:cell.end] == cell.text
            assert cell.col is None or 0 <= cell.col < max(table.n_cols, 1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CELLS, st.lists(SEPARATORS, min_size=1, max_size=4))
def test_whole_records_from_form_like_text_never_raise(cells, seps):
    rec = ingest_text("示例单位2023年度项目支出绩效自评报告\n" + _text(cells, seps) + "\n")
    assert all(rec.text[m.start:m.end] == m.raw for m in rec.mentions)
