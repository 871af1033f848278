"""Small notebooks for runner tests (a kernel starts in a second or two; no data is loaded)."""

from __future__ import annotations

from pathlib import Path

import nbformat

from kesos_analysis import config


def tiny_notebook(folder: Path, name: str, cells: list[str], *, params: str = "scale = 1.0",
                  metadata: dict | None = None, markdown: list[str] = ()) -> Path:
    """Write ``<folder>/<name>.ipynb``: markdown cells, a ``parameters`` cell, then ``cells`` (code)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": config.KERNEL_NAME, "display_name": "Python (kesos-analysis)",
                                 "language": "python"}
    nb.metadata.update(metadata or {})
    nb.cells += [nbformat.v4.new_markdown_cell(m) for m in markdown]
    p = nbformat.v4.new_code_cell(params)
    p.metadata["tags"] = ["parameters"]
    nb.cells.append(p)
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


RECORD = ("from kesos_analysis.report.values import record\n"
          "record({'tiny.need_fte': 12.5 * scale, 'tiny.label': 'a'}, unit='FTE', rtol=1e-6)\nprint(scale)")
