"""Properties of the grid recogniser on any stream of form-like cells: it never raises, every
figure's raw is its span of the text, every placed cell sits in a column the table has, and a
table's cells are in reading order."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
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
SEPARATORS = st.sampled_from(["\n", " | ", " ", "\n| ", " |\n", "", " |\n|\n"])  # "": cells run together


def _text(cells: list[str], seps: list[str]) -> str:
    out = []
    for k, c in enumerate(cells):
        out.append(c)
        out.append(seps[k % len(seps)] if seps else "\n")
    return "".join(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CELLS, st.lists(SEPARATORS, min_size=1, max_size=4))
@example(["年初预算数", "年初预算数", "年初预算数", "年度资金总额"], ["\n", " |\n|\n", " |\n"])  # a bare | line before a header
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


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CELLS, st.lists(SEPARATORS, min_size=1, max_size=4))
def test_glued_indicator_readers_keep_provenance_through_their_grids(cells, seps):
    from extract.tables.layouts.score_table import read_score_tables, score_grids

    text = _text(cells, seps)
    items, spans, values = read_score_tables(text, [0])
    assert all(text[s.start:s.end] == s.raw for s in items)
    for table in score_grids(text)[0]:
        assert all(text[c.start:c.end] == c.text for c in table.cells if c.start >= 0)
    assert all(0 <= a <= b <= len(text) for a, b in [*spans, *values])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CELLS, st.lists(SEPARATORS, min_size=1, max_size=4))
def test_whole_records_from_form_like_text_never_raise(cells, seps):
    rec = ingest_text("示例单位2023年度项目支出绩效自评报告\n" + _text(cells, seps) + "\n")
    assert all(rec.text[m.start:m.end] == m.raw for m in rec.mentions)


# ---------------------------------------------------------------- never a wrong column

HEAD = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
PARTS = ["其中：当年财政拨款", "上年结转资金", "其他资金"]
AMOUNT = st.decimals(min_value=1, max_value=9999, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def fund_blocks(draw):
    """A filled fund block whose stated rate is 全年执行数 ÷ 全年预算数, as the form defines it, with some
    cells left empty; a rate is stated only where its amounts are."""
    initial, adjusted, executed = (draw(AMOUNT) if draw(st.booleans()) else None for _ in range(3))
    rate = f"{(executed / adjusted * 100).quantize(Decimal('0.01'))}%" if executed and adjusted else ""
    mx = draw(st.sampled_from(["10", "20"]))
    score = draw(st.sampled_from(["0", "5", mx]))
    rows = [["年度资金总额", *(str(v) if v else "" for v in (initial, adjusted, executed)), mx, rate, score]]
    for label in draw(st.lists(st.sampled_from(PARTS), unique=True, max_size=3)):
        rows.append([label, *(str(draw(AMOUNT)) if draw(st.booleans()) else "" for _ in range(3)), "", "", ""])
    return rows


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fund_blocks(), st.sampled_from(["lines", "pipes"]))
def test_a_fund_cell_never_lands_in_a_wrong_column(rows, style):
    if style == "lines":
        text = "\n".join(c for row in [HEAD, *rows] for c in row if c)
    else:
        text = "\n".join("| " + " | ".join(row) + " |" for row in [HEAD, *rows])
    truth = {(row[0], HEAD[k]): row[k] for row in rows for k in range(1, 7) if row[k]}
    figures = grid_figures(text, [0])
    for m in figures.mentions:
        if m.column is not None:
            want = truth[(m.row, m.column)]
            assert m.value == Decimal(want.rstrip("%")), (m.row, m.column, m.value, want)
    for s in figures.scores:  # a 分值 or 得分 may stay unknown, never wrong
        row = next(r for r in rows if s.item.startswith(r[0]))
        assert s.max in (None, Decimal(row[4])) and s.score in (None, Decimal(row[6])), (s.item, s.max, s.score, row)
