"""Turn a raw table (all cells as text) into a typed, validated DataFrame, reporting every problem at once.

Validation is lazy: every bad cell in the file is collected into one
:class:`~kesos_analysis.errors.DataValidationError` whose problems name file, spreadsheet row (header =
row 1), column, offending value and what was expected.
"""

from __future__ import annotations

import copy
import warnings

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from ..errors import DataValidationError, Problem, dedupe_problems
from .schemas import TableSpec

_NUMERIC_KINDS = {"int64": "a whole number", "Int64": "a whole number", "float64": "a number"}

#: Column checks rendered as plain words in error messages.
_CHECK_WORDS = {
    "str_matches": "text matching {arg}",
    "isin": "one of {arg}",
    "in_range": "a value in [{arg}]",
    "greater_than_or_equal_to": "a value >= {arg}",
    "str_length": "non-empty text",
    "greater_than": "a value > {arg}",
    "at_most_2_decimals": "Rupiah with at most 2 decimals (sen), e.g. 1958169.69",
    "not_zero": ("a value above 0: this figure is never 0 for a province, and 0 is not this source's symbol for "
                 "'not set' (a figure the source does not give is written '…' or '-', or left empty)"),
}


def _dtype_name(col: pa.Column) -> str:
    return str(col.dtype)


def _describe_check(check: str) -> str:
    name, _, arg = str(check).partition("(")
    arg = arg.rstrip(")")
    if name == "in_range":
        arg = arg.replace(", ", ", ")
    if name == "str_matches" and "https?" in arg:
        return "a source address starting with http:// or https:// (several separated by ' | ')"
    template = _CHECK_WORDS.get(name)
    if template:
        return template.format(arg=arg)
    if name == "unique" or name.startswith("multiple_fields_uniqueness"):
        return "a unique key (duplicate row)"
    if name == "column_in_dataframe":
        return "the column to be present"
    if name == "column_in_schema":
        return "no extra columns (this column is not part of the table)"
    if name.startswith("coerce_dtype"):
        return f"a value of type {arg.strip(chr(39))}"
    if name == "not_nullable":
        return "a value (cell must not be empty)"
    return str(check)


def _spreadsheet_row(index) -> int | None:
    try:
        if pd.isna(index):
            return None
        return int(index) + 2
    except (TypeError, ValueError):
        return None


def validate_frame(df: pd.DataFrame, spec: TableSpec, file_label: str) -> pd.DataFrame:
    """Validate and type ``df`` (cells as text, empty cells as NaN) against ``spec.schema``.

    Returns a new DataFrame with the schema's dtypes; region-code columns stay ``str``.

    Raises :class:`DataValidationError` listing every problem found.
    """
    schema = spec.schema
    problems: list[Problem] = []
    work = df.copy()

    # Numbers are parsed here (not by pandera's coercion) so that a bad cell is named with its value.
    for name, col in schema.columns.items():
        if name not in work.columns:
            continue
        kind = _dtype_name(col)
        if kind not in _NUMERIC_KINDS:
            continue
        raw = work[name]
        parsed = pd.to_numeric(raw, errors="coerce")
        bad = raw.notna() & parsed.isna()
        for idx in raw.index[bad]:
            problems.append(Problem(file_label, _spreadsheet_row(idx), name, raw[idx], _NUMERIC_KINDS[kind]))
        if kind in ("int64", "Int64"):
            frac = parsed.notna() & (parsed != parsed.round())
            for idx in parsed.index[frac]:
                problems.append(Problem(file_label, _spreadsheet_row(idx), name, raw[idx], "a whole number"))
            parsed = parsed.where(~frac)
        work[name] = parsed

    # The unique key is checked here with one ``duplicated`` call: pandera reshapes the failure cases of a
    # frame-wide check with ``stack`` per case, which takes minutes for a file with many duplicate rows.
    # Same problems as pandera's check (one per duplicated row and key column, every occurrence).
    key = [c for c in (schema.unique or []) if c in work.columns]
    if key and len(key) == len(schema.unique or []):
        dup = work.duplicated(subset=key, keep=False)
        for idx in work.index[dup]:
            for c in key:
                v = work.at[idx, c]
                problems.append(Problem(file_label, _spreadsheet_row(idx), c,
                                        None if (not isinstance(v, (list, tuple, dict)) and pd.isna(v)) else v,
                                        _describe_check("unique")))
        schema = copy.copy(schema)
        schema.unique = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            typed = schema.validate(work, lazy=True)
    except SchemaErrors as exc:
        fc = exc.failure_cases
        already = {(p.row, p.column) for p in problems}
        bad_rows = {p.row for p in problems}
        frame_checks = {chk.name for chk in schema.checks} | {chk.error for chk in schema.checks if chk.error}
        for rec in fc.to_dict("records"):
            column = rec.get("column")
            check = str(rec.get("check"))
            value = rec.get("failure_case")
            if check in frame_checks and _spreadsheet_row(rec.get("index")) in bad_rows:
                continue  # a whole-row check failing because a cell of the row is already reported
            if (_spreadsheet_row(rec.get("index")), column) in already:
                continue  # the unparseable cell was already reported with its original text
            if check.startswith("coerce_dtype") and column in _numeric_columns(schema):
                continue
            if check == "column_in_dataframe":
                problems.append(Problem(file_label, None, value, None, "the column to be present"))
                continue
            if check == "column_in_schema":
                problems.append(Problem(file_label, None, value, None, _describe_check(check)))
                continue
            if rec.get("schema_context") == "DataFrameSchema" and column is None and check not in ("unique",):
                err = _dataframe_check_error(schema, check)
                problems.append(Problem(file_label, _spreadsheet_row(rec.get("index")), None, value, err))
                continue
            problems.append(
                Problem(
                    file_label,
                    _spreadsheet_row(rec.get("index")),
                    None if column is None or (isinstance(column, float) and pd.isna(column)) else str(column),
                    None if (not isinstance(value, (list, tuple, dict)) and pd.isna(value)) else value,
                    _describe_check(check),
                )
            )
        typed = None
    if problems:
        # Stable order: by row, then column.
        problems = dedupe_problems(problems)
        problems.sort(key=lambda p: (p.row if p.row is not None else 0, p.column or ""))
        raise DataValidationError(file_label, problems)
    assert typed is not None
    return typed[[c for c in df.columns if c in schema.columns]].reset_index(drop=True)


def _numeric_columns(schema: pa.DataFrameSchema) -> set[str]:
    return {n for n, c in schema.columns.items() if _dtype_name(c) in _NUMERIC_KINDS}


def _dataframe_check_error(schema: pa.DataFrameSchema, check_name: str) -> str:
    for chk in schema.checks:
        if chk.name == check_name:
            return chk.error or check_name
    return check_name


