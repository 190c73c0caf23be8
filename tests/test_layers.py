"""The pipeline's stage order, enforced: a module imports only its own stage and earlier ones.

read → text → values → tables → figures → checks → output, with ``models``, ``errors`` and
``patterns`` under every stage and the orchestration (``pipeline``, ``cli``, ``evaluate``)
on top.  ``models`` imports nothing of the project; only the CLI and ``output.terminal``
write to the terminal.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "extract"
STAGES = ["read", "text", "values", "tables", "figures", "checks", "output"]
BASE = {"models", "errors", "patterns"}
TOP = {"pipeline", "cli", "evaluate", "__main__", "__init__"}


def stage_of(module: str) -> int:
    """-1 for the shared base, the stage's index, or len(STAGES) for the top."""
    head = module.split(".")[0]
    if head in BASE:
        return -1
    if head in STAGES:
        return STAGES.index(head)
    return len(STAGES)


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def name_of(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts)


def imported(path: Path) -> list[str]:
    """Project modules imported by ``path`` (relative imports resolved, as names under extract)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = name_of(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    package = [p for p in package if p != "__init__"]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
                targets = [target] if node.module else [f"{'.'.join(base)}.{a.name}".strip(".") for a in node.names]
            elif (node.module or "").startswith("extract"):
                targets = [node.module[len("extract."):]] if node.module != "extract" else []
            else:
                continue
            out += [t for t in targets if t]
        elif isinstance(node, ast.Import):
            out += [a.name[len("extract."):] for a in node.names if a.name.startswith("extract.")]
    return out


@pytest.mark.parametrize("path", modules(), ids=name_of)
def test_imports_follow_the_stage_order(path):
    me = stage_of(name_of(path))
    late = [m for m in imported(path) if stage_of(m) > me]
    assert not late, f"{name_of(path)} (stage {me}) imports later stages: {late}"


def test_models_import_nothing_of_the_project():
    assert imported(PACKAGE / "models.py") == []


def test_readers_know_nothing_of_figures():
    for path in (PACKAGE / "read").glob("*.py"):
        assert all(stage_of(m) <= 0 for m in imported(path)), name_of(path)


@pytest.mark.parametrize("path", modules(), ids=name_of)
def test_only_the_cli_and_the_terminal_output_print(path):
    if name_of(path) in ("cli", "output.terminal", "__main__"):
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "print"]
    writes = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in ("stdout", "stderr")]
    assert not calls and not writes, name_of(path)


def test_every_stage_is_a_package():
    assert all((PACKAGE / s / "__init__.py").is_file() for s in STAGES)
