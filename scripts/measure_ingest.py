"""Run one selfeval command in this process and print its wall time, CPU and peak memory.

    python scripts/measure_ingest.py ingest FOLDER --out OUT --jobs 2 --no-cache

prints, after the command's own output, e.g.
``exit 0  wall 12.04 s  cpu parent 0.75 s  cpu workers 3.22 s  peak RSS parent 65.1 MB  workers 124.5 MB``
(workers: the largest child process; RSS from ``resource.getrusage``, Linux units of KB).
"""
import resource
import sys
import time

from extract.cli import main


def measure(argv: list[str]) -> str:
    start = time.perf_counter()
    code = main(argv)
    wall = time.perf_counter() - start
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (f"exit {code}  wall {wall:.2f} s  cpu parent {me.ru_utime + me.ru_stime:.2f} s  "
            f"cpu workers {kids.ru_utime + kids.ru_stime:.2f} s  "
            f"peak RSS parent {me.ru_maxrss / 1024:.1f} MB  workers {kids.ru_maxrss / 1024:.1f} MB")


if __name__ == "__main__":
    sys.stderr.write(measure(sys.argv[1:]) + "\n")
