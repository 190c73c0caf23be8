"""Generate N report PDFs for the benchmark: 7-8 pages, one ruled budget table each.

    python bench/generate.py 200 /tmp/selfeval-bench/200

Reports are built from ``scripts/generate_corpus.py`` (text, table) and drawn by
``tests/render.py`` (needs reportlab).  Deterministic for a given N: file k is the
same in every run.  Every third report draws its page footers before the text (as
some exporters do) and every other report has a title whose last character wraps
onto a line of its own (a lone glyph pdfium leaves out of its text).
"""
from __future__ import annotations

import importlib.util
import random
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNTIES = ["青溪县", "白石县", "东湖区", "南岭县", "西山市", "北塘镇", "临江县", "安平县"]
BUREAUS = ["水务局", "农业农村局", "档案馆", "文化馆", "卫生健康委员会", "自然资源和规划局", "市场监督管理局"]
FILLER = ("围绕年度重点任务，本单位细化工作方案，明确责任分工和时间节点，定期调度项目进展，"
          "及时协调解决实施中遇到的困难和问题，确保各项工作按计划推进，资金使用规范高效。")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _department(rng: random.Random, lone_glyph: bool) -> str:
    """A department name; with lone_glyph, 13 characters: the title is one glyph too wide for a line."""
    name = rng.choice(COUNTIES) + rng.choice(BUREAUS)
    if lone_glyph:
        name = (name + "综合服务保障中心事务所")[:13]
    return name


def sample(corpus, k: int):
    rng = random.Random(k)
    d = lambda lo, hi: Decimal(rng.randint(lo * 100, hi * 100)) / 100
    basic, project = d(200, 2000), d(50, 1500)
    items = [(20, Decimal(rng.randint(14, 20))), (30, Decimal(rng.randint(22, 30))), (10, Decimal(rng.randint(7, 10))),
             (25, Decimal(rng.randint(18, 25))), (15, Decimal(rng.randint(10, 15)))]
    results = [f"完成重点工作任务 {rng.randint(3, 60)} 项，{FILLER * 3}" for _ in range(rng.randint(11, 13))]
    return corpus.Sample(
        name=f"report_{k:05d}", fmt="pdf", department=_department(rng, k % 2 == 0), year=rng.choice([2021, 2022, 2023]),
        duties="负责本行政区域内相关领域的政策落实、规划编制、项目管理和公共服务工作。" + FILLER,
        basic=basic, project=project, budget_initial=(basic + project + d(-50, 100)).quantize(Decimal("0.01")),
        admin_staff=rng.randint(3, 60), service_staff=rng.randint(0, 40), staff_actual=rng.randint(3, 90),
        items=items, results=results, problems=["部分项目资金下达较晚。" + FILLER], advice=["建议完善项目库管理。" + FILLER],
        table=True,
    )


def generate(n: int, folder: Path) -> list[Path]:
    """Write report_00000.pdf ... into folder (files already there are kept); return the paths."""
    corpus = _load("selfeval_bench_corpus", ROOT / "scripts" / "generate_corpus.py")
    render = corpus.load_render()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        path = folder / f"report_{k:05d}.pdf"
        if not path.exists():
            s = sample(corpus, k)
            render.render_pdf(corpus.report_text(s), path, table_rows=corpus.budget_table(s), footer_first=k % 3 == 0)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    paths = generate(int(args[0]), Path(args[1]))
    print(f"{len(paths)} PDFs in {args[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
