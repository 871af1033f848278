"""What a reader returns: the canonical text frame with source rows/cells, missing cells, skipped rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ...errors import Problem


@dataclass
class MissingCell:
    """A cell holding a missing-value symbol: source row, canonical column, symbol and its meaning."""

    frame_row: int
    row: int
    column: str
    symbol: str
    meaning: str


@dataclass
class SkippedRow:
    """A source row that is not data: ``kind`` is ``"footnote"``, ``"aggregate"`` or ``"title"``."""

    row: int
    kind: str
    text: str


@dataclass
class ReadResult:
    """Outcome of :func:`read_table`.

    ``frame``: canonical columns, cells as text or ``None``, ``RangeIndex``. ``origin_row[i]`` is the
    source spreadsheet row of frame row ``i``; ``origin_cell[(i, column)]`` describes the source cell
    (e.g. ``"C7 under 'Semester 1 (Maret) 2025'"``). ``numeric_cells`` holds ``(i, column)`` of XLSX cells
    stored as numbers (used to refuse Excel-mangled NIKs). ``problems`` are cell-level problems not yet
    raised.
    """

    file: str
    table: str
    frame: pd.DataFrame
    layout: str
    file_format: str
    encoding: str | None
    decimal: str | None
    origin_row: list[int] = field(default_factory=list)
    origin_cell: dict[tuple[int, str], str] = field(default_factory=dict)
    numeric_cells: set[tuple[int, str]] = field(default_factory=set)
    missing: list[MissingCell] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bad_cells: set[tuple[int, str]] = field(default_factory=set)
    provided: set[str] = field(default_factory=set)
    #: ``(i, column)`` → factor to the column's unit (e.g. 0.001 for a count given in persons).
    scale: dict[tuple[int, str], float] = field(default_factory=dict)
    #: XLSX sheet read (``None`` for CSV).
    sheet: str | None = None
    #: ``(i, column)`` of XLSX cells holding a formula (with its cached value).
    formula_cells: dict[tuple[int, str], str] = field(default_factory=dict)

    def cell_problem(self, i: int, column: str, value: object, expected: str) -> None:
        """Record a problem in frame cell ``(i, column)`` (reported with its source row and cell)."""
        self.bad_cells.add((i, column))
        self.problems.append(Problem(self.file, self.row_of(i), self.where(i, column), value, expected))

    def row_of(self, i: int) -> int | None:
        """Source spreadsheet row of frame row ``i`` (``None`` if unknown)."""
        return self.origin_row[i] if 0 <= i < len(self.origin_row) else None

    def where(self, i: int, column: str) -> str:
        """Column label for messages: ``column`` plus the source cell when it differs."""
        src = self.origin_cell.get((i, column))
        return f"{column} [{src}]" if src else column

    def drop_rows(self, rows: set[int]) -> None:
        """Remove frame rows ``rows`` (not data after all) and renumber every per-row record."""
        keep = [i for i in range(len(self.frame)) if i not in rows]
        new = {old: k for k, old in enumerate(keep)}

        def cells(d):
            return {(new[i], c): v for (i, c), v in d.items() if i in new}

        self.frame = self.frame.iloc[keep].reset_index(drop=True)
        self.origin_row = [self.origin_row[i] for i in keep if i < len(self.origin_row)]
        self.origin_cell = cells(self.origin_cell)
        self.scale = cells(self.scale)
        self.formula_cells = cells(self.formula_cells)
        self.numeric_cells = {(new[i], c) for i, c in self.numeric_cells if i in new}
        self.bad_cells = {(new[i], c) for i, c in self.bad_cells if i in new}
        kept = []
        for m in self.missing:
            if m.frame_row in new:
                m.frame_row = new[m.frame_row]
                kept.append(m)
        self.missing = kept


class _Fatal(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
