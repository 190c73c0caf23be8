"""Engines: the local pool and a dask cluster give the same outputs as one process; the ingest path stays light."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extract.cli import main
from extract.engines import DaskEngine, LocalEngine, usable_cores
from extract.pipeline import InputError

ROOT = Path(__file__).resolve().parents[1]
# Made-up reports (figures in the style of real ones, sentences our own).
TEMPLATE = ("{place}{year}年度部门整体支出绩效自评报告\n一、基本情况\n{year}年度收入合计{income}万元，支出合计{spent}万元，"
            "预算执行率{rate}%。\n二、自评结论\n经自评，自评得分为{score}分。\n")
PLACES = ["河湾县文化馆", "山前镇农业服务中心", "东湖区图书馆", "西岭县林业站", "南港区卫生院", "北塘镇水利站"]
OUTPUT_TEXTS = ["records.jsonl", "reports.csv", "mentions.csv", "scores.csv", "findings.csv", "errors.csv"]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Six reports, an empty file and an unsupported one (two rows of errors.csv)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i, place in enumerate(PLACES):
        text = TEMPLATE.format(place=place, year=2020 + i, income=f"{300 + i}.40", spent=f"{290 + i}.12",
                               rate=f"9{i}.50", score=90 + i)
        (folder / f"r{i}.txt").write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_text("\n", encoding="utf-8")
    (folder / "notes.xyz").write_text("not a report", encoding="utf-8")
    return folder


def ingest(folder: Path, out: Path, *flags: str) -> int:
    return main(["ingest", str(folder), "--out", str(out), "--no-cache", *flags])


def sheets(path: Path) -> dict[str, list[list]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return {name: [[c.value for c in row] for row in book[name].iter_rows()] for name in book.sheetnames}


def assert_same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUT_TEXTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert sheets(a / "selfeval.xlsx") == sheets(b / "selfeval.xlsx")


def test_a_local_pool_writes_what_one_process_writes(inputs, tmp_path):
    assert ingest(inputs, tmp_path / "one", "--jobs", "1") == 1  # the two bad inputs
    assert ingest(inputs, tmp_path / "two", "--jobs", "2") == 1
    assert_same_outputs(tmp_path / "one", tmp_path / "two")


@pytest.fixture
def cluster():
    """A dask cluster in this process, for one test (so that no pool forks while its threads run)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as running:
        yield running


@pytest.mark.parametrize("ship", [[], ["--ship-files"]], ids=["shared storage", "files shipped"])
def test_dask_writes_what_the_local_engine_writes(ship, inputs, tmp_path, cluster):
    assert ingest(inputs, tmp_path / "local", "--jobs", "1") == 1
    assert ingest(inputs, tmp_path / "dask", "--engine", "dask", "--scheduler", cluster.scheduler_address, *ship) == 1
    assert_same_outputs(tmp_path / "local", tmp_path / "dask")


def test_an_unreachable_scheduler_is_one_clear_error(inputs, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("extract.engines.CONNECT_TIMEOUT_S", 1)
    assert ingest(inputs, tmp_path / "o", "--scheduler", "tcp://127.0.0.1:9") == 1
    err = capsys.readouterr().err
    assert "cannot reach the dask scheduler at tcp://127.0.0.1:9" in err and "Traceback" not in err


def test_dask_streams_in_input_order_through_a_small_window(inputs, cluster):
    files = sorted(str(p) for p in inputs.iterdir())
    engine = DaskEngine(cluster.scheduler_address, window=2)
    got = list(engine.run(files))
    want = list(LocalEngine(1).run(files))
    assert [o.path if isinstance(o, InputError) else o.source.path for o in got] == files
    assert [repr(o) if isinstance(o, InputError) else o.model_dump_json() for o in got] == \
           [repr(o) if isinstance(o, InputError) else o.model_dump_json() for o in want]


def test_jobs_default_to_the_usable_cores():
    assert LocalEngine().jobs == usable_cores() >= 1
    assert DaskEngine().jobs == usable_cores()


def test_ingest_does_not_import_pandas(inputs, tmp_path):
    code = ("import sys; from extract.cli import main; "
            f"main(['ingest', {str(inputs / 'r0.txt')!r}, '--out', {str(tmp_path / 'o')!r}, '--no-cache']); "
            "print('pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_dask_engine_without_dask_installed_is_one_clear_error(inputs, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    assert ingest(inputs, tmp_path / "o", "--engine", "dask") == 1
    err = capsys.readouterr().err
    assert "pip install 'selfeval[dask]'" in err and "Traceback" not in err


def test_a_task_the_cluster_lost_is_an_error_row():
    from extract.engines import _result

    class Lost:
        def result(self):
            raise RuntimeError("worker tcp://10.0.0.7:40000 died")

    row = _result(Lost(), "a.txt")
    assert isinstance(row, InputError)
    assert (row.path, row.error) == ("a.txt", "internal") and "died" in row.message


def test_cached_and_computed_files_interleave_in_input_order_on_a_pool(inputs, tmp_path):
    from extract.cache import ResultCache
    from extract.engines import run_with_cache

    files = sorted(str(p) for p in inputs.iterdir())
    run_with_cache_list = lambda engine, cache: [o for o, _ in run_with_cache(files, engine, cache)]
    list(run_with_cache(files[::2], LocalEngine(1), ResultCache(tmp_path / "c")))  # every other file cached
    cache = ResultCache(tmp_path / "c")
    mixed = run_with_cache_list(LocalEngine(2), cache)
    assert cache.stats.hits == 3 and cache.stats.misses == len(files) - 3  # r0, r2, r4 (empty/.xyz: errors)
    plain = list(LocalEngine(1).run(files))
    as_text = lambda o: repr(o) if isinstance(o, InputError) else o.model_dump_json()
    assert [as_text(o) for o in mixed] == [as_text(o) for o in plain]


def test_workers_running_another_selfeval_are_refused(inputs, tmp_path, cluster, monkeypatch, capsys):
    monkeypatch.setattr("extract.engines._expected_stamp", lambda: "0000000000000000")
    assert ingest(inputs, tmp_path / "o", "--scheduler", cluster.scheduler_address) == 1
    err = capsys.readouterr().err
    assert "run another selfeval" in err and "Traceback" not in err


@pytest.mark.parametrize(("make", "error"), [
    (lambda p: p.write_text("预算" * 40_000, encoding="utf-8"), "too_large"),
    (lambda p: __import__("os").mkfifo(p), "not_regular"),
], ids=["over-the-size-limit", "fifo"])
def test_shipped_files_are_read_as_the_reader_reads_them(tmp_path: Path, make, error: str):
    """--ship-files: the parent reads the bytes within the limits and never blocks; what it cannot ship is
    the row the reader would give, wherever the worker runs (it may not see the path)."""
    from extract.engines import _read_bytes, ingest_shipped
    from extract.read.limits import Limits

    path = tmp_path / "report.txt"
    make(path)
    outcome = ingest_shipped(str(path), _read_bytes(str(path), Limits(max_file_mb=0.1)))
    assert isinstance(outcome, InputError) and outcome.error == error
