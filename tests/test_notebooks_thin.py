"""Every notebook in notebooks/ is thin (ARCHITECTURE.md, "Thin notebooks").

The rule, checked on the code cells (parameters cell included):

* at most :data:`MAX_CODE_LINES` code lines — physical lines that are neither blank nor comments;
* no boolean-mask selection: no subscript whose index is a comparison, a boolean operation, ``~``/``not``,
  ``&``/``|`` or an ``.isin(...)``/``.str.…(...)``/``.between(...)``/``.notna()``-style call
  (``df[df["x"] == 1]``, ``df.loc[mask]``), and no ``.query(...)``/``.where(...)``/``.mask(...)``;
* no frame arithmetic: no arithmetic operator (``+ - * / // % **``) with a subscripted or attribute-accessed
  operand (``df["a"] / df["b"]``, ``row.x * 100``) — only plain names and literals may meet an operator
  (``100 * share`` is refused too: the library computes, the report formats);
* no language switches (``lang == "id"``) — labels come from the catalogues;
* no plotting or frame libraries imported (``matplotlib``, ``seaborn``, ``pandas``, ``numpy``) — figures come
  from :mod:`kesos_analysis.report.figures`.

A notebook listed in :data:`PENDING` is expected to fail (``xfail(strict=True)``): it is being thinned on
another branch; remove it from the list when it passes.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
MAX_CODE_LINES = 60
FORBIDDEN_IMPORTS = ("matplotlib", "seaborn", "pandas", "numpy")
MASK_METHODS = {"isin", "notna", "isna", "notnull", "isnull", "between", "contains", "startswith", "endswith",
                "duplicated", "eq", "ne", "lt", "le", "gt", "ge"}
FILTER_METHODS = {"query", "where", "mask"}
ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)

#: Notebooks not yet thinned (owned by other branches). Remove a name once its notebook passes.
PENDING: set[str] = set()


def code_cells(nb_path: Path) -> list[str]:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def code_lines(source: str) -> int:
    """Physical lines that are neither blank nor comments."""
    return sum(1 for line in source.splitlines() if line.strip() and not line.strip().startswith("#"))


def _is_mask(node: ast.AST) -> bool:
    if isinstance(node, (ast.Compare, ast.BoolOp)):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Invert, ast.Not)):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MASK_METHODS:
        return True
    if isinstance(node, ast.Tuple):  # df.loc[mask, "col"]
        return any(_is_mask(e) for e in node.elts)
    return False


def _is_data_access(node: ast.AST) -> bool:
    return isinstance(node, (ast.Subscript, ast.Attribute)) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute))


def violations(source: str) -> list[str]:
    """The rule violations of one code cell, each naming the offending code."""
    tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    found = []
    for node in ast.walk(tree):
        where = f"line {getattr(node, 'lineno', '?')}: {ast.unparse(node)[:80]}"
        if isinstance(node, ast.Subscript) and _is_mask(node.slice):
            found.append(f"boolean-mask selection ({where})")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in FILTER_METHODS:
            found.append(f"frame filtering with .{node.func.attr}() ({where})")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ARITHMETIC) and (
                _is_data_access(node.left) or _is_data_access(node.right)):
            found.append(f"frame arithmetic ({where})")
        elif isinstance(node, ast.Compare) and any(isinstance(x, ast.Name) and x.id == "lang"
                                                   for x in [node.left, *node.comparators]):
            found.append(f"language switch ({where}); use the text or label catalogue")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            bad = [n for n in names if n.split(".")[0] in FORBIDDEN_IMPORTS]
            if bad:
                found.append(f"imports {', '.join(bad)} ({where}); use kesos_analysis.report.figures")
    return found


def _params(nb: Path):
    marks = [pytest.mark.xfail(strict=True, reason="being thinned on another branch")] if nb.stem in PENDING else []
    return pytest.param(nb, id=nb.stem, marks=marks)


@pytest.mark.parametrize("nb", [_params(nb) for nb in NOTEBOOKS])
def test_notebook_is_thin(nb):
    cells = code_cells(nb)
    n = sum(code_lines(c) for c in cells)
    problems = [v for c in cells for v in violations(c)]
    assert n <= MAX_CODE_LINES and not problems, (
        f"{nb.name}: {n} code lines (max {MAX_CODE_LINES}); " + "; ".join(problems))


@pytest.mark.parametrize("code,rule", [
    ('x = df[df["year"] == 2020]', "boolean-mask"),
    ('x = df.loc[df["a"].isin(["33"]), "b"]', "boolean-mask"),
    ("x = df[~flag]", "boolean-mask"),
    ('x = df.query("year > 2020")', "filtering"),
    ('x = df["a"] / df["b"]', "arithmetic"),
    ("x = 100 * row.share", "arithmetic"),
    ('x = "ya" if lang == "id" else "yes"', "language switch"),
    ("import matplotlib.pyplot as plt", "imports matplotlib"),
    ("import pandas as pd", "imports pandas"),
])
def test_the_rule_catches_logic(code, rule):
    assert any(rule in v for v in violations(code)), violations(code)


@pytest.mark.parametrize("code", [
    't.md(["trend_heading", "trend_text"], trend)',
    't.table(rank, ["rank", "province"], caption="c", source="s", round=latest)',
    'top = poverty.top_provinces(rank, top_n, province)',
    'lines = {t.province(c): s for c, s in poverty.series_for(pov, province, 2015, 2025).items()}',
    'if province != "all":\n    t.md("x")',
    'x = len(top) + 1',
])
def test_the_rule_allows_library_calls(code):
    assert violations(code) == []


def test_code_lines_ignore_blank_and_comment_lines():
    assert code_lines("# c\n\nx = 1\n  # indented comment\ny = f(\n    2)\n") == 3
