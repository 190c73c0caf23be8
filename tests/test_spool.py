"""Spooled table rows: what goes in comes out, in order, as often as asked; memory holds one batch at most."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.output.files import OutputWriter
from extract.output.spool import PickledSequence, SpooledRows
from extract.pipeline import ingest_text


@pytest.mark.parametrize("n_rows,batch", [(0, 3), (2, 3), (3, 3), (10, 3), (10, 1), (7, 100)],
                         ids=lambda v: str(v))
def test_rows_come_back_in_order_every_time(n_rows, batch):
    rows = SpooledRows(batch=batch)
    want = [{"i": i, "value": Decimal(f"{i}.10"), "text": "项目" * i} for i in range(n_rows)]
    rows.extend(want[: n_rows // 2])
    for row in want[n_rows // 2:]:
        rows.append(row)
    assert len(rows) == n_rows and bool(rows) == (n_rows > 0)
    assert list(rows) == want
    assert [(a["i"], b["i"]) for a in rows for b in rows] == [(a["i"], b["i"]) for a in want for b in want]
    rows.close()
    assert len(rows) == 0 and list(rows) == []


# Made-up report (figures in the style of real ones, sentences our own).
REPORT = ("河湾县文化馆2023年度部门整体支出绩效自评报告\n一、基本情况\n2023年度收入合计356.40万元，支出合计350.12万元，"
          "预算执行率98.24%。\n二、自评结论\n经自评，本馆自评得分为95分。\n")


def test_the_writer_keeps_at_most_a_batch_of_rows_per_table_in_memory(tmp_path):
    record = ingest_text(REPORT, "a.txt")
    with OutputWriter(tmp_path) as out:
        for _ in range(2500):
            out.add_record(record)
        spools = {**out.tables.rows, **{f"sheet {key}": rows.rows for key, rows in out.sheet_rows.items()}}
        held = {name: len(rows._buffer) for name, rows in spools.items()}
        counted = {name: len(rows) for name, rows in spools.items()}
    assert all(n < SpooledRows().batch for n in held.values()), held
    assert counted["reports"] == 2500 and counted["sheet mentions"] == 2500 * len(record.mentions)


@pytest.mark.parametrize("n", [0, 1, 7, 40], ids=["empty", "one", "fewer-than-kept", "more-than-kept"])
def test_pickled_sequence_gives_back_what_was_appended(n):
    items = [{"n": i, "text": "预算" * i} for i in range(n)]
    kept = PickledSequence(recent=4)
    for item in items:
        kept.append(item)
    assert len(kept) == n and list(kept) == items and list(kept) == items  # read twice
    assert [kept[i] for i in reversed(range(n))] == items[::-1]  # by index, in any order
    assert [(a["n"], b["n"]) for a in kept for b in kept] == [(a["n"], b["n"]) for a in items for b in items]


def test_pickled_sequence_refuses_an_index_past_its_end():
    kept = PickledSequence()
    kept.append("x")
    with pytest.raises(IndexError):
        kept[1]
