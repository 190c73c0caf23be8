"""What a fund block's header formulas say: the percent a rate column writes in its formula is a percent of the text."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.tables import grid_figures

ROWS = ["年度资金总额:", "808.1", "692.98", "86%", "其中:中央财政资金", "808.1", "692.98", "86%", "其他资金"]


@pytest.mark.parametrize(
    "rate_header, expected",
    [("预算执行率(B/A×100%)", [Decimal("100")]), ("预算执行率(B/A*100%)", [Decimal("100")]), ("执行率(B/A)", [])],
    ids=["times-sign", "asterisk", "no-formula-percent"],
)
def test_a_rate_headers_formula_percent_is_read_once(rate_header, expected):
    for sep in ("\n", " | "):
        text = "资金投入情况 (万元)\n" + sep.join(["全年预算数(A)", "全年执行数(B)", rate_header, *ROWS]) + "\n资金管理情况\n"
        figures = grid_figures(text, [0])
        got = [m for m in figures.mentions if m.type == "percent" and m.row is None]
        assert [m.value for m in got] == expected, sep
        assert all(text[m.start:m.end] == m.raw for m in got)
        assert sorted(m.value for m in figures.mentions if m.type == "percent" and m.row) == [Decimal("86")] * 2
