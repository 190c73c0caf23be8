"""How much accuracy survives the ways the same report reaches us differently: a metamorphic test.

    python bench/robustness.py ../shared/corpus                    # every variant, both halves
    python bench/robustness.py ../shared/corpus --only wrapped,fullwidth --misses

Each *variant* rewrites every labelled text the way another author, export or web page would
have written the same report (hard line wraps, full-width digits, PDF-copy spacing, traditional
characters, page furniture, ASCII punctuation, thousands separators, CRLF and tabs), keeps its gold
label unchanged, and runs ``selfeval eval`` on the copies.  A rule fitted to one file's surface
loses recall here; a rule that fits the writing habit does not.  Printed: recall (precision) per
field for the original texts and for each variant, on the whole corpus and on its even- and
odd-numbered halves.  The variants are deterministic (seeded by the file name), so two runs print the
same numbers.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import io
import json
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.cli import main  # noqa: E402

FIELDS = ("headline", "money", "percent", "scores", "headings")
HAN = r"\u4e00-\u9fff"
WRAP_AT = 34  # characters a line of an A4 page holds in 三号/四号 type


def wrapped(text: str, rng: random.Random) -> str:
    """Hard line wraps every ``WRAP_AT`` characters (a PDF's lines) in prose, never inside a run of digits
    or Latin letters (a word processor wraps between them, not within); table rows (``|`` or tab
    separated) stay whole."""
    out = []
    for line in text.split("\n"):
        while len(line) > WRAP_AT and "|" not in line and "\t" not in line:
            cut = WRAP_AT
            while cut > 8 and re.match(r"[0-9A-Za-z.,%]", line[cut]) and re.match(r"[0-9A-Za-z.,%]", line[cut - 1]):
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return "\n".join(out)


FULL = str.maketrans("0123456789%", "０１２３４５６７８９％")


def fullwidth(text: str, rng: random.Random) -> str:
    """Full-width digits, decimal points and percent signs (figures typed with the input method left in
    full-width mode)."""
    return re.sub(r"(?<=\d)\.(?=\d)", "．", text).translate(FULL)


def spaced(text: str, rng: random.Random) -> str:
    """PDF-copy spacing: a blank between a number and its unit, and between the characters of one line
    in five (``优 秀``, ``803.74 万元``)."""
    text = re.sub(r"(\d)(万元|元|亿元|分|%|人|个|次)", r"\1 \2", text)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if rng.random() < 0.2 and len(line) < 30:
            lines[i] = re.sub(f"(?<=[{HAN}])(?=[{HAN}])", " ", line)
    return "\n".join(lines)


def traditional(text: str, rng: random.Random) -> str:
    """Traditional characters (a Hong Kong/Taiwan-configured export, or a converted web page)."""
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def furniture(text: str, rng: random.Random) -> str:
    """A page number line every 40 lines (a short text: every third of it), as a PDF's footers
    (``- 3 -``, ``第 3 页 共 9 页``, ``3``)."""
    lines = text.split("\n")
    every = max(5, min(40, len(lines) // 3))
    pages = len(lines) // every + 1
    style = rng.choice(["- {n} -", "第 {n} 页 共 {total} 页", "{n}"])
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        if i and i % every == 0:
            out.append(style.format(n=i // every, total=pages))
    return "\n".join(out)


def running_header(text: str, rng: random.Random) -> str:
    """A running header and a page number every 40 lines (a short text: every third of it), as a PDF's page
    furniture copied into the text: the report's first line (its title or site banner), then ``- n -``."""
    lines = text.split("\n")
    head = next((line.strip() for line in lines if line.strip()), "")[:30]
    every = max(5, min(40, len(lines) // 3))
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        if i and i % every == 0:
            out.extend([f"- {i // every} -", head])
    return "\n".join(out)


ASCII_PUNCT = str.maketrans({"：": ":", "（": "(", "）": ")", "；": ";"})


def ascii_punct(text: str, rng: random.Random) -> str:
    """ASCII colons, brackets and semicolons in place of the full-width ones (half-width input mode)."""
    return text.translate(ASCII_PUNCT)


def thousands(text: str, rng: random.Random) -> str:
    """Thousands separators in amounts of four digits or more written with their unit (``1,234.56万元``)."""
    def group(m: re.Match) -> str:
        return f"{int(m.group(1)):,}{m.group(2)}"
    return re.sub(r"(?<![\d.,])(\d{4,})((?:\.\d+)?\s*(?:万元|元|亿元))", group, text)


def crlf_tabs(text: str, rng: random.Random) -> str:
    """Windows line ends and tabs where a table's cells were separated by blanks."""
    return re.sub(r"(?<=\S) {2,}(?=\S)", "\t", text).replace("\n", "\r\n")


def yuan(text: str, rng: random.Random) -> str:
    """Amounts in prose written in 元 instead of 万元 (``651.17万元`` as ``6511700.00元``), as many authors do."""
    from decimal import Decimal

    def in_yuan(m: re.Match) -> str:
        return f"{Decimal(m.group(1)) * 10000:.2f}元"
    return re.sub(r"(?<![\d.,])(\d+(?:\.\d+)?)[ \t]*万元", in_yuan, text)


CN_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")


def cn_years(text: str, rng: random.Random) -> str:
    """Years in Chinese numerals (``2023年度`` as ``二〇二三年度``), as formal documents write them."""
    return re.sub(r"(?<!\d)(20[0-3]\d)(?=年)", lambda m: m.group(1).translate(CN_DIGITS), text)


CN_NUMERALS = "一二三四五六七八九十"


def numbering(text: str, rng: random.Random) -> str:
    """Another author's heading numbers: ``一．`` for ``一、``, ``1、`` for ``1.`` at a line's start."""
    text = re.sub(f"(?m)^([{CN_NUMERALS}]{{1,2}})、", r"\1．", text)
    return re.sub(r"(?m)^(\d{1,2})[.．](?!\d)", r"\1、", text)


def one_line(text: str, rng: random.Random) -> str:
    """The prose of each run of lines between tables joined into one line, apart by blanks (a web page whose
    paragraphs lost their breaks); ``|`` table rows stay lines of their own."""
    out: list[str] = []
    run: list[str] = []
    for line in text.split("\n"):
        if "|" in line:
            out.extend([" ".join(run)] if run else [])
            out.append(line)
            run = []
        elif line.strip():
            run.append(line.strip())
    return "\n".join(out + ([" ".join(run)] if run else []))


def _cells(line: str) -> list[str] | None:
    """The non-empty cells of a ``|`` row, None for any other line."""
    if "|" not in line:
        return None
    return [c.strip() for c in line.split("|") if c.strip()]


def cell_lines(text: str, rng: random.Random) -> str:
    """Each ``|`` row of a table as one non-empty cell per line (a web page's table copied as text)."""
    out = []
    for line in text.split("\n"):
        cells = _cells(line)
        out.extend([line] if cells is None else cells)
    return "\n".join(out)


def cell_spaces(text: str, rng: random.Random) -> str:
    """Each ``|`` row of a table as its non-empty cells apart by two blanks (a PDF's table copied as text)."""
    return "\n".join(line if (cells := _cells(line)) is None else "  ".join(cells) for line in text.split("\n"))


VARIANTS: dict[str, Callable[[str, random.Random], str]] = {
    "wrapped": wrapped, "fullwidth": fullwidth, "spaced": spaced, "traditional": traditional,
    "furniture": furniture, "running_header": running_header, "ascii_punct": ascii_punct, "thousands": thousands, "crlf_tabs": crlf_tabs,
    "cell_lines": cell_lines, "cell_spaces": cell_spaces, "yuan": yuan, "cn_years": cn_years,
    "numbering": numbering, "one_line": one_line,
}


def tables_apart(text: str) -> tuple[str, dict[str, list[list[str]]]]:
    """The text with each run of ``|`` rows replaced by a table's marker (``[[TABLE:t0]]``), and those tables'
    rows (every cell as written, empty ones kept; short rows padded to the widest)."""
    out: list[str] = []
    tables: dict[str, list[list[str]]] = {}
    run: list[list[str]] = []

    def flush() -> None:
        if run:
            name, width = f"t{len(tables)}", max(len(r) for r in run)
            tables[name] = [r + [""] * (width - len(r)) for r in run]
            out.append(f"[[TABLE:{name}]]")
            run.clear()

    for line in text.split("\n"):
        if "|" in line:
            run.append([c.strip() for c in line.strip().strip("|").split("|")])
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out), tables


#: variants that write the report as a file of another format, through the tests' office-export renderer
#: (tests/render.py: a Word-like PDF with wrapped lines, page footers and ruled tables; a .docx; a web page)
FORMATS = {"as_pdf": ("pdf", "render_pdf"), "as_docx": ("docx", "render_docx"), "as_html": ("html", "render_html"),
           "as_pdf_split": ("pdf", "render_pdf")}
#: a format variant whose tables run over a page break after this many rows (a long table of a real PDF)
SPLIT_AFTER = {"as_pdf_split": 6}


@functools.cache
def _renderer():
    """The tests' office-export renderer, loaded the one way the project loads it (scripts/generate_corpus.py)."""
    spec = importlib.util.spec_from_file_location("selfeval_bench_corpus", ROOT / "scripts" / "generate_corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus  # its dataclasses look their module up while it runs
    spec.loader.exec_module(corpus)
    return corpus.load_render()


def write_variant(corpus: Path, target: Path, name: str, half: str) -> int:
    """The corpus's texts (``half``: all, even or odd numbers) rewritten by variant ``name`` (or copied
    as they are, ``original``), each beside its gold label; returns how many."""
    target.mkdir(parents=True)
    n = 0
    for text_path in sorted(corpus.glob("*.txt")):
        gold = text_path.with_suffix(".json")
        number = re.search(r"(\d+)$", text_path.stem)
        if not gold.is_file() or (half != "all" and number and int(number.group(1)) % 2 != (half == "odd")):
            continue
        text = text_path.read_text(encoding="utf-8")
        if name in FORMATS:
            suffix, function = FORMATS[name]
            body, tables = tables_apart(text)
            render = _renderer()
            if name in SPLIT_AFTER:
                tables = {key: render.TableSpec(rows, break_after=SPLIT_AFTER[name]) if len(rows) > SPLIT_AFTER[name]
                          else rows for key, rows in tables.items()}
            getattr(render, function)(body, target / f"{text_path.stem}.{suffix}", tables=tables)
        else:
            if name != "original":
                text = VARIANTS[name](text, random.Random(text_path.stem))
            (target / text_path.name).write_bytes(text.encode("utf-8"))
        shutil.copyfile(gold, target / gold.name)
        n += 1
    return n


def evaluate(folder: Path, misses: bool) -> dict:
    """``selfeval eval`` of ``folder``: its JSON report (and its printed misses when asked)."""
    out = folder / "eval.json"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
        main(["eval", str(folder), "--json", str(out), *([] if misses else ["--no-misses"])])
    if misses:
        print(printed.getvalue().split("misses:", 1)[-1])
    return json.loads(out.read_text(encoding="utf-8"))["fields"]


def cell(fields: dict, name: str) -> str:
    counts = fields.get(name, {})
    r, p = counts.get("recall"), counts.get("precision")
    return "-" if r is None else f"{r:.3f} ({p:.3f})" if p is not None and p < 0.9995 else f"{r:.3f}"


def main_(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", type=Path, help="a folder of labelled texts (X.txt beside X.json)")
    p.add_argument("--only", help="comma-separated variants (default: all of " + ", ".join(VARIANTS) + "; "
                                  "and the file formats " + ", ".join(FORMATS) + ", which need reportlab and python-docx)")
    p.add_argument("--half", choices=("all", "even", "odd"), help="one half only (default: all, even and odd)")
    p.add_argument("--misses", action="store_true", help="print each variant's misses")
    args = p.parse_args(argv)
    names = ["original", *(args.only.split(",") if args.only else [*VARIANTS, *FORMATS])]
    halves = [args.half] if args.half else ["all", "even", "odd"]
    print(f"{'variant':<12} {'half':<5} {'files':>5}  " + "  ".join(f"{f:<15}" for f in FIELDS))
    print("(recall, and precision in brackets where it is below 1)")
    with tempfile.TemporaryDirectory(prefix="selfeval-robust-") as tmp:
        for name in names:
            for half in halves:
                folder = Path(tmp) / f"{name}-{half}"
                n = write_variant(args.corpus, folder, name, half)
                fields = evaluate(folder, args.misses and half == halves[0])
                print(f"{name:<12} {half:<5} {n:>5}  " + "  ".join(f"{cell(fields, f):<15}" for f in FIELDS),
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main_())
