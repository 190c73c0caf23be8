"""The result cache: hits and misses counted, records identical with and without it, invalidation."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extract import cache as cache_module
from extract.cache import ResultCache, file_sha256, fingerprint
from extract.cli import main
from extract.engines import LocalEngine, run_with_cache
from extract.patterns import patterns_dir
from extract.pipeline import InputError, ingest_file

# Made-up reports (figures in the style of real ones, sentences our own).
REPORTS = {
    "a.txt": "河湾县文化馆2023年度部门整体支出绩效自评报告\n一、基本情况\n2023年度收入合计356.40万元，支出合计350.12万元，"
             "预算执行率98.24%。\n二、自评结论\n经自评，本馆自评得分为95分，等级为“优秀”。\n",
    "b.txt": "山前镇农业服务中心2022年度项目支出绩效自评报告\n一、项目概况\n项目预算资金120.00万元，实际支出118.50万元，"
             "执行率98.75%。\n二、自评结论\n自评得分92分，评价等级为优。\n",
    "c.txt": "东湖区图书馆2024年度部门整体支出绩效自评报告\n一、基本情况\n年度预算数80.00万元，执行数76.00万元，"
             "预算执行率95.00%。\n二、自评结论\n综合自评得分88分，等级良。\n",
}
OUTPUT_TEXTS = ["records.jsonl", "reports.csv", "mentions.csv", "scores.csv", "findings.csv", "errors.csv"]


@pytest.fixture
def reports(tmp_path: Path) -> list[str]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / name) for name in REPORTS]


def run(files: list[str], cache: ResultCache | None) -> list:
    return [outcome for outcome, _ in run_with_cache(files, LocalEngine(1), cache)]


def as_json(outcomes: list) -> list[str]:
    return [o.model_dump_json() for o in outcomes]


def test_first_run_misses_and_stores_every_file(reports, tmp_path):
    cache = ResultCache(tmp_path / "cache")
    run(reports, cache)
    assert (cache.stats.hits, cache.stats.misses, cache.stats.stored) == (0, 3, 3)


def test_rerun_hits_every_file_and_gives_identical_records(reports, tmp_path):
    first = run(reports, ResultCache(tmp_path / "cache"))
    again = ResultCache(tmp_path / "cache")
    second = run(reports, again)
    assert (again.stats.hits, again.stats.misses, again.stats.stored) == (3, 0, 0)
    assert as_json(second) == as_json(first) == as_json([ingest_file(f) for f in reports])


def test_rerun_yields_the_json_line_it_read(reports, tmp_path):
    run(reports, ResultCache(tmp_path / "cache"))
    pairs = list(run_with_cache(reports, LocalEngine(1), ResultCache(tmp_path / "cache")))
    assert [line for _, line in pairs] == [record.model_dump_json() for record, _ in pairs]


def test_a_copy_elsewhere_is_a_hit_with_its_own_path(reports, tmp_path):
    run(reports, ResultCache(tmp_path / "cache"))
    copy = tmp_path / "elsewhere" / "a.txt"
    copy.parent.mkdir()
    shutil.copy(reports[0], copy)
    cache = ResultCache(tmp_path / "cache")
    [record] = run([str(copy)], cache)
    assert cache.stats.hits == 1
    assert record.model_dump_json() == ingest_file(copy).model_dump_json()


def test_a_changed_file_is_a_miss(reports, tmp_path):
    run(reports, ResultCache(tmp_path / "cache"))
    Path(reports[1]).write_text(REPORTS["b.txt"].replace("92分", "91分"), encoding="utf-8")
    cache = ResultCache(tmp_path / "cache")
    outcomes = run(reports, cache)
    assert (cache.stats.hits, cache.stats.misses) == (2, 1)
    assert outcomes[1].self_score == ingest_file(reports[1]).self_score


def test_same_bytes_under_another_suffix_is_another_entry(reports, tmp_path):
    cache = ResultCache(tmp_path / "cache")
    sha = file_sha256(reports[0])
    assert cache.entry(sha, "x.txt") != cache.entry(sha, "x.html")


def test_a_corrupt_entry_is_a_miss_and_the_file_is_read_again(reports, tmp_path):
    run(reports, ResultCache(tmp_path / "cache"))
    cache = ResultCache(tmp_path / "cache")
    cache.entry(file_sha256(reports[2]), reports[2]).write_text("{not json", encoding="utf-8")
    outcomes = run(reports, cache)
    assert (cache.stats.hits, cache.stats.misses) == (2, 1)
    assert as_json(outcomes) == as_json([ingest_file(f) for f in reports])


def test_input_errors_are_not_cached(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("   \n", encoding="utf-8")
    cache = ResultCache(tmp_path / "cache")
    [outcome] = run([str(bad)], cache)
    assert isinstance(outcome, InputError)
    assert cache.stats.stored == 0 and not cache.folder.exists()


def changed_patterns(tmp_path: Path) -> Path:
    copy = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), copy)
    target = sorted(copy.glob("*.yaml"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    return copy


@pytest.mark.parametrize("change", ["pattern file", "version", "OCR setting"])
def test_a_changed_pattern_file_version_or_setting_invalidates(change, reports, tmp_path, monkeypatch):
    run(reports, ResultCache(tmp_path / "cache"))
    before = fingerprint()
    if change == "pattern file":
        stamp = fingerprint(str(changed_patterns(tmp_path)))
    elif change == "OCR setting":
        monkeypatch.setenv("SELFEVAL_OCR", "0")
        stamp = fingerprint()
    else:
        monkeypatch.setattr(cache_module, "__version__", "999.0")
        monkeypatch.setattr(cache_module, "_made_by", cache_module._made_by.__wrapped__)
        stamp = fingerprint()
    assert stamp != before
    cache = ResultCache(tmp_path / "cache", stamp=stamp)
    run(reports, cache)
    assert (cache.stats.hits, cache.stats.misses) == (0, 3)


def test_an_unchanged_copy_of_the_patterns_keeps_the_fingerprint(tmp_path):
    copy = tmp_path / "same"
    shutil.copytree(patterns_dir(), copy)
    assert fingerprint(str(copy)) == fingerprint()


def cli_ingest(reports: list[str], out: Path, *flags: str) -> int:
    return main(["ingest", str(Path(reports[0]).parent), "--out", str(out), "--jobs", "1", *flags])


def test_cli_rerun_says_so_and_writes_the_same_files(reports, tmp_path, capsys):
    assert cli_ingest(reports, tmp_path / "o1", "--cache", str(tmp_path / "c")) == 0
    assert "from the cache" not in capsys.readouterr().err
    (Path(reports[0]).parent / "d.txt").write_text(REPORTS["c.txt"].replace("88分", "86分"), encoding="utf-8")
    assert cli_ingest(reports, tmp_path / "o2", "--cache", str(tmp_path / "c")) == 0  # not unchanged: records read back
    assert "3 from the cache" in capsys.readouterr().err
    for name in OUTPUT_TEXTS[1:]:  # (records.jsonl holds d.txt too; it is the last line)
        assert (tmp_path / "o1" / name).read_bytes() in (tmp_path / "o2" / name).read_bytes(), name
    first, second = ((tmp_path / o / "records.jsonl").read_text(encoding="utf-8").splitlines() for o in ("o1", "o2"))
    assert second[:3] == first


def test_cli_rerun_of_an_unchanged_folder_reuses_the_outputs(reports, tmp_path, capsys):
    assert cli_ingest(reports, tmp_path / "o1", "--cache", str(tmp_path / "c")) == 0
    assert cli_ingest(reports, tmp_path / "o2", "--cache", str(tmp_path / "c")) == 0
    assert "unchanged: 3 inputs, outputs copied from the cache" in capsys.readouterr().err
    for name in OUTPUT_TEXTS:
        assert (tmp_path / "o1" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes(), name


def test_cli_no_cache_neither_reads_nor_writes_it(reports, tmp_path, capsys):
    assert cli_ingest(reports, tmp_path / "o1", "--cache", str(tmp_path / "c"), "--no-cache") == 0
    assert not (tmp_path / "c").exists()
    assert "from the cache" not in capsys.readouterr().err


def test_default_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SELFEVAL_CACHE", str(tmp_path / "mine"))
    assert cache_module.default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("SELFEVAL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_module.default_cache_dir() == tmp_path / "xdg" / "selfeval"


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs here")
def test_hashing_never_opens_a_fifo_or_a_folder(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    assert file_sha256(tmp_path / "pipe.txt") is None
    assert file_sha256(tmp_path) is None
    assert file_sha256(tmp_path / "missing.txt") is None


def test_copies_within_a_batch_are_read_once(reports, tmp_path):
    copies = []
    for i in range(3):
        copy = tmp_path / f"copy{i}" / "a.txt"
        copy.parent.mkdir()
        shutil.copy(reports[0], copy)
        copies.append(str(copy))
    cache = ResultCache(tmp_path / "cache")
    outcomes = run([*reports, *copies], cache)
    assert (cache.stats.misses, cache.stats.stored, cache.stats.hits) == (3, 3, 3)
    assert as_json(outcomes) == as_json([ingest_file(f) for f in [*reports, *copies]])


@pytest.mark.parametrize("setting,cached", [("{tmp}/env-cache", True), ("off", False), ("0", False)],
                         ids=["a folder", "off", "0"])
def test_the_environment_names_the_cache_or_turns_it_off(setting, cached, reports, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SELFEVAL_CACHE", setting.format(tmp=tmp_path))
    for out in ("o1", "o2"):
        assert cli_ingest(reports, tmp_path / out) == 0
    assert ("unchanged: 3 inputs" in capsys.readouterr().err) == cached


def test_the_fingerprint_hashes_the_pattern_folder_the_loader_reads():
    assert cache_module._patterns_folder() == patterns_dir()


@pytest.mark.parametrize("name", cache_module.READER_DISTRIBUTIONS)
def test_library_versions_from_the_folder_names_match_the_metadata(name):
    assert cache_module._library_versions((name,))[name] == cache_module._library_version(name)
