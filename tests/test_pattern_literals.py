"""Patterns are data: no regular expression that knows the reports is written in the code.

Regexes and vocabularies that carry knowledge of the reports live in ``patterns/*.yaml``, each with
examples that tests/test_patterns.py runs; the code gets them compiled from the loader
(``load_patterns().regex(id)``) and may compose entries.  This test reads every module of ``extract/``
and finds the regular expressions the code writes itself:

* a string literal given to ``re`` / ``regex`` (``compile``, ``search``, ``sub`` …) must be in
  :data:`MECHANICAL` below - a tokeniser or a file-format rule, with the reason it stays in code;
* a pattern the code composes (``load_patterns().compile(a + b)``, ``re.compile("[" + x + "]")``) may
  hold no Chinese text of its own: words of the reports belong to an entry.

So the next domain regex written in code fails here; move it to an entry (with its examples) instead of
adding it to the list.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "extract"
MODULES = ("re", "regex")
FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}

#: the regex literals that may stay in code: pattern text -> why it is mechanical (no knowledge of the reports)
MECHANICAL = {
    # -- spacing, lines, tokens
    r"\s": "one blank",
    r"\s+": "a run of blanks",
    r"[\s\u3000]+": "a run of blanks with the ideographic space",
    r"\S+": "a token between blanks",
    r"\S+?(?=\s*$)": "the last token of a string",
    r"[^\n]+": "a line",
    r"[^\r\n]+": "a line of a PDF text layer",
    r"\r\n|\r|\n": "a line break of any platform",
    r"\s*\n\s*": "a line break with its blanks",
    r"[^|]+": "a cell of a | a | b | row",
    r"[^|\n]+": "a cell of a | a | b | row, within its line",
    r"^\| .* \|$": "a | a | b | row line as the readers write it (read.document.table_row_line)",
    r"[ \t]*\n(?:[ \t]*\n)*[ \t]*([^\n]*)": "the next non-blank line",
    r"([ \t]{2,}|\t)": "a wide gap between two cells (column spacing), kept by split",
    r"(?<=\p{Han})[ \t]+(?=\p{Han})": "blanks between two Han characters",
    r"\s{0,2}[0-9]": "a digit at most two blanks on",
    r"[（(][^）)]*[）)]|\s": "a bracketed part or a blank (removed to compare names)",
    r"(>)": "the > of a breadcrumb, kept by split",
    # -- character classes: Han characters, punctuation
    r"\p{Han}": "a Han character",
    r"[\p{Han}]+": "a run of Han characters",
    r"\p{Han}{2,}": "a word of Han characters",
    r"^\p{Han}{2,}$": "a string that is a word of Han characters",
    r"\p{Han}{2,10}": "a short word of Han characters",
    r"[\p{Han}“\"《]": "a Han character or an opening quote",
    r"[\p{Han}%％]": "a Han character or a percent sign",
    r"^[^\p{Han}A-Za-z]+|[^\p{Han}A-Za-z）)]+$": "what is not a letter at either end of a label",
    r"[\u3400-\u9fff](?:[^\u3400-\u9fff]*[\u3400-\u9fff]){2}": "three CJK characters (a text layer that is readable)",
    r"[。；;]": "a sentence break",
    r"[。\n]": "a sentence end or a line end",
    r"[^。；;！!？?\n]+": "a sentence",
    r"[)）]": "a closing bracket",
    r"[)）\n]": "a closing bracket or a line end",
    # -- number syntax
    r"\d+": "digits",
    r"[0-9]$": "a string ending in a digit",
    r"[.．][0-9]": "a decimal point and a digit",
    r"[\d.%]+": "a run of number characters",
    r"[0-9.．%％]": "a number character, full-width point and percent too",
    r"\d+(?:\.\d+)?": "a number",
    r"-?(\d+(\.\d*)?|\.\d+)%?": "a number a spreadsheet would read (output safety)",
    r"(?<=\d)[．.](?=\d)": "a decimal point between digits",
    r"(?<=\d)，(?=\d{3}(?!\d))": "a full-width thousands comma",
    r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?": "an Arabic number (values/amounts.py)",
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?": "an Arabic number (values/numerals.py)",
    r"[0-9][0-9,]*(?:\.[0-9]+)?|[^0-9]+": "digits / the rest, to split glued cells",
    r"[0-9]+(?:[.,][0-9]+)*(?: ?%)?(?![.、．]\p{Han})|[-/—－](?![0-9])":
        "a fund-table cell token: a number (not a list number such as 1、) or a dash for an empty cell",
    r"(?:{inner})(?=[{re.escape(big_units + small_units)}])":
        "Chinese numerals composed from the numeral tables (values/numerals.py), not a literal of its own",
    # -- file formats and the project's own syntax
    r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]": "control characters",
    r"[\000-\010]|[\013-\014]|[\016-\037]|[\ufffe\uffff]": "characters XML 1.0 does not allow",
    r"[\[\]:*?/\\]": "characters a spreadsheet's sheet name may not hold",
    r"([A-Z]+)(\d+)": "a spreadsheet cell reference",
    r"\(cid:\d+\)": "a glyph pdfminer could not map, as it writes it",
    r"PDFium: ([^)]+)": "pdfium's own error message",
    r"[^\s{READABLE_CLASS}]": "a printed character that is not readable",
    r"(?<=[{CJK}])\s*\n\s*|\s*\n\s*(?=[{CJK}])": "a line break beside a CJK character (PDF cell text)",
    r"(?<=[{CJK}])\x00+|\x00+(?=[{CJK}])": "soft breaks beside a CJK character (HTML reader)",
    r"[ \t\xa0\u3000]*\x00[\s\x00]*": "a soft break with its blanks (HTML reader)",
    r"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""": "an HTML meta charset",
    r"[{re.escape(stops)}]": "one of the stop characters a caller gives (text/spans.py)",
    r"[0-9a-f]{64}": "a sha256 in hex",
    r"[-_.]+": "separators of a distribution name (PEP 503 normalisation)",
    r"([a-z_]+):(precision|recall)=([0-9.]+)": "the syntax of a command-line floor option",
    r"\{\{(\w+)\}\}": "a {{fragment}} in a pattern entry (the loader's own syntax)",
}


@dataclass(frozen=True)
class Found:
    module: str
    line: int
    pattern: str
    composed: bool  # a pattern the code builds (only its Chinese text is a finding)

    def __str__(self) -> str:
        return f"{self.module}:{self.line} {self.pattern!r}"


def _literal(node: ast.AST) -> str | None:
    """The text of a string literal (an f-string with its {expressions}), None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return node.value if isinstance(node.value, str) else node.value.decode("latin-1")
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                       for v in node.values)
    return None


def _strings_in(node: ast.AST) -> list[ast.Constant]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def regex_literals(source: str, module: str) -> list[Found]:
    """The regular expressions a module's code writes: literals given to re/regex, and the string
    constants of patterns it composes (re/regex with an expression, or any other ``.compile``)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute) or not node.args:
            continue
        func = node.func
        direct = isinstance(func.value, ast.Name) and func.value.id in MODULES and func.attr in FUNCTIONS
        if direct and (text := _literal(node.args[0])) is not None:
            out.append(Found(module, node.lineno, text, composed=False))
        elif direct or func.attr == "compile":
            out += [Found(module, c.lineno, c.value, composed=True) for arg in node.args for c in _strings_in(arg)]
    return out


def _han(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def findings(found: list[Found]) -> list[Found]:
    """What breaks the rule: a literal not known as mechanical; Chinese text in a composed pattern."""
    return [f for f in found if (_han(f.pattern) if f.composed else f.pattern not in MECHANICAL)]


def _package_literals() -> list[Found]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" not in path.parts:
            found += regex_literals(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)))
    return found


FOUND = _package_literals()


def test_code_writes_no_domain_regex():
    wrong = findings(FOUND)
    assert not wrong, ("regexes written in code: move each to an entry of patterns/*.yaml (id, comment, "
                       "positive and negative examples) and get it with load_patterns().regex(id):\n"
                       + "\n".join(map(str, wrong)))


def test_every_mechanical_literal_is_still_in_the_code():
    """The list keeps no pattern the code no longer writes (so it does not grow into a place to hide them)."""
    written = {f.pattern for f in FOUND if not f.composed}
    assert sorted(set(MECHANICAL) - written) == []


@pytest.mark.parametrize("source,expected", [
    ('import regex\nX = regex.compile(r"报告|表")\n', ["报告|表"]),
    ('import re\ndef f(s):\n    return re.search("问题|不足", s)\n', ["问题|不足"]),
    ('import regex\nX = regex.compile(r"[0-9]{4}年")\n', ["[0-9]{4}年"]),
    ('def f(p, a):\n    return p.compile(a + r"(?!局)")\n', ["(?!局)"]),
    ('import re\nX = re.compile(f"[{chars}]省")\n', ["[{chars}]省"]),
    ('import regex\nX = regex.compile(r"\\s+")\n', []),
    ('def f(p, a, b):\n    return p.compile(a + r"(?=" + b + ")")\n', []),
    ('def f(p, e):\n    return p.regex("meta.title_line").search(e)\n', []),
    ('import regex\ndef f(rx, s):\n    return regex.sub(rx, "", s)\n', []),
], ids=["domain-compile", "domain-call-time", "year-word", "composed-with-words", "f-string-with-words",
        "mechanical-literal", "composition-only", "entry-from-loader", "pattern-not-a-literal"])
def test_scanner_finds_domain_regexes(source, expected):
    assert [f.pattern for f in findings(regex_literals(source, "example.py"))] == expected
