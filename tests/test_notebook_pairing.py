"""Every source notebook has a jupytext py:percent twin with the same cells (issue 11 §5: readable diffs).

Regenerate the twins with ``.venv/bin/jupytext --sync notebooks/*.ipynb`` (or the pre-commit hook)."""

from __future__ import annotations

import jupytext
import pytest

from kesos_analysis import config

NOTEBOOKS = sorted(config.notebooks_dir().glob("*.ipynb"))


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_py_percent_twin_has_the_same_cells(nb_path):
    twin = nb_path.with_suffix(".py")
    assert twin.exists(), f"{twin.name} missing: run jupytext --sync notebooks/*.ipynb"
    nb, py = jupytext.read(nb_path), jupytext.read(twin)
    cells = [(c.cell_type, c.source.strip()) for c in nb.cells]
    twin_cells = [(c.cell_type, c.source.strip()) for c in py.cells]
    assert twin_cells == cells, f"{twin.name} is out of sync with {nb_path.name}: run jupytext --sync"


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 7
