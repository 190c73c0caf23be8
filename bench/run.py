"""The benchmark that tells the truth: selfeval against the bare text layers, same files, same run.

    python bench/run.py --n 200                 # generate 200 report PDFs (7-8 pages) and measure
    python bench/run.py --n 10 --patterns 10    # quick look; pattern families over 10 files
    python bench/run.py --folder DIR            # your own PDFs
    python bench/run.py --n 200 --repeat 3      # the fastest of 3 runs each (a busy machine)

Each measurement runs in a fresh process over the same files:

* ``pypdfium2``  -- bare pypdfium2: every page's text (``get_text_range``), nothing else;
* ``pdfplumber`` -- bare pdfplumber ``extract_text`` of every page;
* ``selfeval records only`` -- ``extract.pipeline.safe_ingest`` of every file in one process:
  the records without any output file (what the reading and extracting cost);
* ``selfeval 1 job`` / ``selfeval N jobs`` -- ``selfeval ingest FOLDER --out TMP --jobs K``
  (records and every output file written), run in-process through ``extract.cli.main``;
* ``rerun`` -- the same ingest of the unchanged folder again, when selfeval has a result
  cache (its ``ingest --help`` mentions ``--no-cache``); otherwise ``n/a``.

Printed: seconds, pages/s and ms per file (with and without the time to import the library),
the ratios the targets are stated in, the peak memory (max RSS) of the process itself
(``RUSAGE_SELF``: the parent) and of its worker processes (``RUSAGE_CHILDREN``), and the
time of each pattern family per 100 KB of text (bench/pattern_times.py).  Nothing asserts on
time; the numbers depend on the machine and on what else runs on it.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))  # this checkout's extract, not an installed one


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# ---------------------------------------------------------------- measured in a child process


def _bare_pdfium(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for f in files:
        pdf = pdfium.PdfDocument(str(f))
        try:
            for page in pdf:
                page.get_textpage().get_text_range()
                pages += 1
        finally:
            pdf.close()
    return pages


def _bare_pdfplumber(files: list[Path]) -> int:
    import pdfplumber

    pages = 0
    for f in files:
        with pdfplumber.open(str(f)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
                page.close()
    return pages


def _records(files: list[Path]) -> int:
    from extract.pipeline import safe_ingest

    return sum(getattr(getattr(safe_ingest(str(f)), "source", None), "pages", 0) or 0 for f in files)


def _selfeval(folder: Path, out: Path, jobs: int, extra: list[str]) -> int:
    from extract import cli

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["ingest", str(folder), "--out", str(out), "--jobs", str(jobs), *extra])
    if code not in (0, 1):
        raise SystemExit(f"selfeval ingest exited with {code}")
    return 0


def child(kind: str, folder: Path, out: Path | None, jobs: int, extra: list[str]) -> dict:
    """Run one measurement here; return its timings and peak memory."""
    files = sorted(folder.glob("*.pdf"))
    start, cpu_start = time.perf_counter(), _cpu()
    if kind == "pypdfium2":
        import pypdfium2  # noqa: F401
    elif kind == "pdfplumber":
        import pdfplumber  # noqa: F401
    elif kind == "records":
        import extract.pipeline  # noqa: F401
    else:  # what `selfeval` itself imports at start; the pipeline follows when there is something to read
        import extract.cli  # noqa: F401
    imported, cpu_imported = time.perf_counter(), _cpu()
    if kind == "pypdfium2":
        pages = _bare_pdfium(files)
    elif kind == "pdfplumber":
        pages = _bare_pdfplumber(files)
    elif kind == "records":
        pages = _records(files)
    else:
        pages = _selfeval(folder, out, jobs, extra)
    end, cpu_end = time.perf_counter(), _cpu()
    kb = 1024 if sys.platform != "darwin" else 1  # ru_maxrss: KiB on Linux, bytes on macOS
    return {"kind": kind, "files": len(files), "pages": pages, "import_s": imported - start, "work_s": end - imported,
            "total_s": end - start, "work_cpu_s": cpu_end - cpu_imported, "total_cpu_s": cpu_end - cpu_start,
            "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * kb / 1e6,
            "workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * kb / 1e6}


def _cpu() -> float:
    """CPU seconds of this process and its finished children (workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(kind: str, folder: Path, out: Path | None = None, jobs: int = 1, extra: list[str] | None = None,
            repeat: int = 1) -> dict:
    """The fastest of ``repeat`` runs, each in a fresh Python process (peak memory: the largest)."""
    runs = [_measure_once(kind, folder, out, jobs, extra) for _ in range(max(1, repeat))]
    best = dict(min(runs, key=lambda r: r["work_s"]))
    for key in ("work_cpu_s", "total_cpu_s"):
        best[key] = min(r[key] for r in runs)
    for key in ("parent_mb", "workers_mb"):
        best[key] = max(r[key] for r in runs)
    return best


def _measure_once(kind: str, folder: Path, out: Path | None, jobs: int, extra: list[str] | None) -> dict:
    if out is not None and "--force" not in (extra or []):
        shutil.rmtree(out, ignore_errors=True)  # each repeat a fresh --out (a rerun says --force and keeps it)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--folder", str(folder), "--jobs", str(jobs)]
    if out is not None:
        cmd += ["--out", str(out)]
    cmd += ["--", *(extra or [])]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the parent


def has_cache() -> bool:
    done = subprocess.run([sys.executable, "-m", "extract", "ingest", "--help"], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    return "--no-cache" in done.stdout


def row(name: str, r: dict | None, pages: int) -> str:
    if r is None:
        return f"{name:<22} {'n/a':>8}"
    per_file = 1000 * r["work_s"] / max(r["files"], 1)
    workers = f"{r['workers_mb']:>10.0f}" if r["workers_mb"] else f"{'-':>10}"
    return (f"{name:<22} {r['work_s']:>8.2f} {r['total_s']:>8.2f} {r['work_cpu_s']:>8.2f} {pages / r['work_s']:>9.1f} "
            f"{per_file:>9.1f} {r['parent_mb']:>9.0f} {workers}")


def ratio(a: dict | None, b: dict | None, key: str) -> str:
    return "n/a" if a is None or b is None else f"{a[key] / b[key]:.2f}x"


def _ratios(a: dict, b: dict) -> str:
    return f"{ratio(a, b, 'work_s')} [{ratio(a, b, 'total_s')}] {{{ratio(a, b, 'work_cpu_s')}}}"


def report(results: dict[str, dict | None], jobs: int, cache_note: str) -> str:
    pages = results["pypdfium2"]["pages"]
    files = results["pypdfium2"]["files"]
    head = (f"{files} PDFs, {pages} pages; {usable_cores()} usable cores\n"
            f"{'':<22} {'work s':>8} {'total s':>8} {'cpu s':>8} {'pages/s':>9} {'ms/file':>9} {'parent MB':>9} "
            f"{'workers MB':>10}")
    names = [("pypdfium2", "bare pypdfium2"), ("pdfplumber", "bare pdfplumber"), ("records", "selfeval records only"),
             ("one", "selfeval 1 job"),
             ("all", f"selfeval {jobs} jobs"), ("first", "selfeval cached 1st"), ("rerun", "selfeval rerun")]
    lines = [head] + [row(label, results.get(key), pages) for key, label in names if key in results]
    lines.append("(wall seconds; work: after the library is imported, total: with the import; cpu: CPU seconds of the\n"
                 " work, workers included; pages/s and ms/file from work; peak memory = max RSS)")
    one, bare_pdfium, bare_plumber = results["one"], results["pypdfium2"], results["pdfplumber"]
    lines += [
        "ratios: wall work time [total] {CPU work time}:",
        f"  bare pdfplumber / selfeval 1 job   = {_ratios(bare_plumber, one)}   target >= 5x",
        f"  selfeval 1 job / bare pypdfium2    = {_ratios(one, bare_pdfium)}   target <= 4x",
        f"  records only: pdfplumber / it = {_ratios(bare_plumber, results['records'])}, "
        f"it / pypdfium2 = {_ratios(results['records'], bare_pdfium)}",
        f"  selfeval 1 job / selfeval {jobs} jobs   = {ratio(one, results['all'], 'work_s')} "
        f"({ratio(one, results['all'], 'total_s')})   target >= 1.8x",
        f"  rerun / cached first run           = {ratio(results.get('rerun'), results.get('first'), 'total_s')}"
        f"   target <= 0.05   {cache_note}",
    ]
    return "\n".join(lines)


def pattern_families(files: list[Path]) -> str:
    done = subprocess.run([sys.executable, str(BENCH / "pattern_times.py"), *map(str, files)], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    return done.stdout.strip() if done.returncode == 0 else f"pattern times failed: {done.stderr[-500:]}"


def run(folder: Path, jobs: int, pattern_files: int, repeat: int = 1) -> str:
    results: dict[str, dict | None] = {"pypdfium2": measure("pypdfium2", folder, repeat=repeat),
                                       "pdfplumber": measure("pdfplumber", folder, repeat=repeat),
                                       "records": measure("records", folder, repeat=repeat)}
    cache = has_cache()
    no_cache = ["--no-cache"] if cache else []
    with tempfile.TemporaryDirectory(prefix="selfeval-bench-") as tmp:
        results["one"] = measure("selfeval", folder, Path(tmp) / "one", 1, no_cache, repeat)
        results["all"] = measure("selfeval", folder, Path(tmp) / "all", jobs, no_cache, repeat)
        if cache:
            cache_dir = ["--cache", str(Path(tmp) / "cache")]  # empty before the first run: a true first run
            results["first"] = measure("selfeval", folder, Path(tmp) / "cached", 1, cache_dir)
            results["rerun"] = measure("selfeval", folder, Path(tmp) / "cached", 1, [*cache_dir, "--force"], repeat)
    note = "" if cache else "(n/a: this selfeval has no result cache)"
    text = report(results, jobs, note)
    if pattern_files:
        text += "\n\n" + pattern_families(sorted(folder.glob("*.pdf"))[:pattern_files])
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="reports to generate (10, 200, 2000 ...; default 200)")
    parser.add_argument("--folder", type=Path,
                        help="PDF folder (default: /tmp/selfeval-bench/N); N reports are generated where it holds none")
    parser.add_argument("--jobs", type=int, default=usable_cores(), help="jobs of the 'all jobs' run (default: usable cores)")
    parser.add_argument("--patterns", type=int, default=50, metavar="K",
                        help="files for the pattern-family times (default 50; 0: skip)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="runs of each measurement; the fastest counts (default 1)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("extra", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.folder, args.out, args.jobs, args.extra)))
        return 0
    folder = args.folder or Path(tempfile.gettempdir()) / "selfeval-bench" / str(args.n)
    if not any(folder.glob("*.pdf")):
        sys.path.insert(0, str(BENCH))
        from generate import generate

        generate(args.n, folder)
    print(run(folder, max(1, args.jobs), args.patterns, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
