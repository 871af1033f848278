"""Exceptions raised by kesos-analysis.

Every error about input data names the file, and where it applies the row, column, offending value and
what was expected, so a researcher can fix the file without reading a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class KesosError(Exception):
    """Base class of all errors this package raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``row`` is the spreadsheet row number (the header is row 1, the first data row is row 2); ``None``
    when the problem concerns the whole file or a whole column.
    """

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: value {self.value!r}; expected {self.expected}"


def dedupe_problems(problems: list[Problem]) -> list[Problem]:
    """``problems`` without repeats (same row, column, value and expectation), first occurrence kept."""
    seen, out = set(), []
    for p in problems:
        key = (p.row, p.column, repr(p.value), p.expected)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


@dataclass
class DataValidationError(KesosError):
    """An input table failed validation. Holds every problem found (validation is lazy)."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{self.file}: {n} problem{'s' if n != 1 else ''} found"
        lines = [head] + [f"  - {p}" for p in self.problems[:50]]
        if n > 50:
            lines.append(f"  … and {n - 50} more")
        return "\n".join(lines)


class ChecksumMismatchError(KesosError):
    """A raw file no longer matches the sha256 recorded in ``data/raw/datapackage.json``."""

    def __init__(self, file: str, expected: str, actual: str):
        self.file, self.expected, self.actual = file, expected, actual
        super().__init__(
            f"{file}: sha256 {actual} does not match datapackage.json ({expected}). Raw data is immutable: "
            "restore the file (git checkout -- <file>) or add a new release with `kesos data add`."
        )


class UnknownTableError(KesosError):
    """A table name is not registered in the data package."""


class ParameterError(KesosError):
    """A notebook or model parameter is unknown or has a value of the wrong kind."""


class NotebookExecutionError(KesosError):
    """A notebook failed during ``kesos run``; names the notebook and the failing cell."""
