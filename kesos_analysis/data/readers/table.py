"""The entry point :func:`read_table`: load a grid, pick the layout, then normalise numbers, symbols and regions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ...errors import DataValidationError, Problem
from .. import periods, regions
from ..schemas import STAFF_TYPES, TableSpec
from . import lookup
from .encodings import _read_csv_grid
from .grid import _find_long_header, _preview, _read_xlsx_grid
from .long import _read_long
from .numbers import INTEGER_KEYS, detect_decimal, number_cell_text, parse_number_text
from .result import MissingCell, ReadResult, SkippedRow, _Fatal
from .symbols import (
    FORMULA_EXPECTED,
    MISSING_SYMBOLS,
    NOT_SET_ZEROS,
    STAFF_TYPE_ALIASES,
    formula_like,
    is_zero_text,
)
from .wide import WIDE_LAYOUTS, _read_wide


def read_table(path: str | Path, spec: TableSpec, *, decimal: str | None = None, encoding: str | None = None,
               sheet: str | None = None, source_url: str | None = None, label: str | None = None,
               count_unit: str | None = None, code_system: str | None = None) -> ReadResult:
    """Read ``path`` (CSV or XLSX, long or BPS wide) into the canonical columns of ``spec``.

    ``decimal``: ``","`` or ``"."`` to declare the number format (default: detected per file);
    ``encoding``: force a CSV encoding; ``sheet``: XLSX sheet name; ``source_url``: fills ``source_url``
    when the file has no such column. ``label`` names the file in messages (default: the path).

    Returns a :class:`ReadResult`; raises :class:`DataValidationError` when the file cannot be read at all.
    """
    path = Path(path)
    file = label or str(path)
    if decimal not in (None, ",", "."):
        raise DataValidationError(file, [Problem(file, None, None, decimal, "--decimal ',' or '.'")])
    if not path.exists():
        raise DataValidationError(file, [Problem(file, None, None, str(path), "an existing file")])
    fmt = "xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else "csv"
    enc: str | None = None
    field_counts: list[int] | None = None
    xinfo: dict[str, Any] = {}
    try:
        if fmt == "csv":
            grid, enc, field_counts = _read_csv_grid(path, file, encoding)
        else:
            grid = _read_xlsx_grid(path, file, sheet, xinfo)
    except _Fatal:
        fmt = "xlsx"
        grid = _read_xlsx_grid(path, file, sheet, xinfo)
    while grid and not any(v is not None for v in grid[-1]):
        grid.pop()
    width = max((len(r) for r in grid), default=0)
    grid = [list(r) + [None] * (width - len(r)) for r in grid]
    ref = "cell" if fmt == "xlsx" else "field"
    res = ReadResult(file=file, table=spec.name, frame=pd.DataFrame(), layout="", file_format=fmt, encoding=enc,
                     decimal=decimal, sheet=xinfo.get("sheet"))
    formulas = xinfo.get("formulas") or {}
    header_row = _find_long_header(grid, spec)
    if header_row is not None:
        _read_long(grid, header_row, spec, res, field_counts, formulas, code_system)
    elif spec.name in WIDE_LAYOUTS:
        _read_wide(grid, spec, WIDE_LAYOUTS[spec.name], res, ref, path.stem, count_unit)
    else:
        raise DataValidationError(file, [Problem(file, 1, None, _preview(grid),
                                                 f"a header row with the columns of table {spec.name!r}: "
                                                 f"{', '.join(spec.schema.columns)}")])
    _finish(res, spec, decimal, source_url)
    return res


def _finish(res: ReadResult, spec: TableSpec, decimal: str | None, source_url: str | None) -> None:
    """Regions, numbers, missing symbols, derived columns; fills ``res.frame`` in canonical order."""
    file = res.file
    df = res.frame
    if df.empty and not res.problems:
        res.problems.append(Problem(file, None, None, "no data rows", "at least one data row below the header"
                                    + _skipped_summary(res.skipped)))
    schema_cols = spec.schema.columns
    numeric = [c for c, col in schema_cols.items() if str(col.dtype) in ("int64", "Int64", "float64") and c in df.columns]
    # Text a spreadsheet would run as a formula (=HYPERLINK(…), @SUM(…), +…, -…): refused with the cell named.
    for c in df.columns:
        for i, v in df[c].items():
            if formula_like(v):
                res.cell_problem(i, c, v, FORMULA_EXPECTED)
                df.at[i, c] = None
    # Roster position titles (Jabatan) → the schema's staff types ("Pekerja Sosial Ahli Pertama" → Pekerja Sosial ASN).
    if "staff_type" in df.columns and "nik" in schema_cols:
        for i, v in df["staff_type"].items():
            if isinstance(v, str) and v.strip() not in STAFF_TYPES:
                for rx, kind in STAFF_TYPE_ALIASES:
                    if re.match(rx, v.strip(), re.IGNORECASE):
                        df.at[i, "staff_type"] = kind
                        break
    # Missing symbols (numeric columns and region columns).
    for c in numeric:
        for i, v in df[c].items():
            if isinstance(v, str) and v.strip() in MISSING_SYMBOLS:
                sym = v.strip()
                res.missing.append(MissingCell(i, res.row_of(i), c, sym, MISSING_SYMBOLS[sym]))
                if not schema_cols[c].nullable or (spec.name, c) in NOT_SET_ZEROS:  # only a "not set" 0 may be empty
                    res.cell_problem(i, c, sym,
                                                f"a value ({MISSING_SYMBOLS[sym]} is not allowed here)")
                df.at[i, c] = None
    # Zeros that mean "not set" in the source (e.g. UMP 0): missing with that meaning, never a value.
    for c in numeric:
        meaning = NOT_SET_ZEROS.get((spec.name, c))
        if meaning is None:
            continue
        for i, v in df[c].items():
            if v is not None and (i, c) not in res.bad_cells and is_zero_text(v):
                res.missing.append(MissingCell(i, res.row_of(i), c, "0", meaning))
                df.at[i, c] = None
    # Footnote markers on values: "12,34*" → "12,34" (noted).
    for c in numeric:
        col = df[c].tolist()
        for i, v in enumerate(col):
            if isinstance(v, str):
                s = v.strip().replace("\u2212", "-").rstrip("%").strip()  # U+2212 minus sign
                if s.endswith("*"):
                    s = s.rstrip("*").strip()
                    res.missing.append(MissingCell(i, res.row_of(i), c, "*", "marked '*' in source (provisional/footnote)"))
                col[i] = s
        df[c] = pd.Series(col, index=df.index, dtype=object)
    # Decide the number format once for the whole file.
    value_cols = [c for c in numeric if c not in INTEGER_KEYS]
    texts = [(v, (i, c)) for c in value_cols for i, v in df[c].items()
             if isinstance(v, str) and (i, c) not in res.numeric_cells]
    found, ids, ens, amb = detect_decimal(texts)
    use = decimal
    if decimal is None:
        if found is None and ids and ens:
            (t1, (i1, c1)), (t2, (i2, c2)) = ids[0], ens[0]
            res.problems.append(Problem(
                file, res.row_of(i2), res.where(i2, c2), t2,
                f"one number format per file: row {res.row_of(i1)} {res.where(i1, c1)} has {t1!r} (Indonesian, "
                f"decimal comma) but this cell is English (decimal point); fix the file or give --decimal"))
            use = None
        elif found is None and amb:
            t, (i, c) = amb[0]
            res.problems.append(Problem(
                file, res.row_of(i), res.where(i, c), t,
                "an unambiguous number format: every number in this file could be read with a decimal comma or "
                "a decimal point; re-run with --decimal ',' (Indonesian 1.234,56) or --decimal '.' (English 1,234.56)"))
            use = None
        else:
            use = found if found in (",", ".") else "."
    res.decimal = use if use in (",", ".") else res.decimal
    for c in numeric:
        strict = c in INTEGER_KEYS
        col = df[c].tolist()
        for i, v in enumerate(col):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            s = str(v)
            if (i, c) in res.numeric_cells:
                continue
            if strict:
                m = re.fullmatch(r"[+]?(\d+)(?:\.0+)?", s)
                if m:
                    col[i] = m.group(1)
                else:
                    res.cell_problem(i, c, s, "a whole number")
                    col[i] = None
                continue
            if use is None:
                res.bad_cells.add((i, c))
                col[i] = None
                continue
            canon = parse_number_text(s, use)
            if canon is None:
                fmt = "decimal comma, e.g. 1.234,56" if use == "," else "decimal point, e.g. 1,234.56"
                declared = "declared with --decimal" if decimal else "detected for this file"
                res.cell_problem(i, c, s, f"a number in the format {declared} ({fmt})")
                col[i] = None
            else:
                col[i] = canon
        df[c] = pd.Series(col, index=df.index, dtype=object)
    # Counts given in persons or millions: converted to thousands (the header's unit is reported in notes).
    for (i, c), factor in res.scale.items():
        v = df.at[i, c] if c in df.columns else None
        if v is None or (i, c) in res.bad_cells or (isinstance(v, float) and np.isnan(v)):
            continue
        try:
            df.at[i, c] = number_cell_text(round(float(v) * factor, 6))
        except ValueError:
            pass
    # Region columns: codes and names.
    if "bps_code" in schema_cols:
        valid = regions.known_codes("bps")
        has_code = "bps_code" in df.columns
        has_name = "province" in df.columns
        codes, names = [], []
        for i in range(len(df)):
            code = None
            if has_code and (i, "bps_code") in res.bad_cells:
                pass  # already reported (e.g. an unknown Kemendagri code)
            elif has_code:
                raw = df.at[i, "bps_code"]
                if (i, "bps_code") in res.numeric_cells:
                    raw = float(raw)
                code, problem = regions.code_problem(raw, width=2, valid=valid)
                if problem:
                    res.cell_problem(i, "bps_code", df.at[i, "bps_code"], problem)
            name = df.at[i, "province"] if has_name else None
            if has_name and name is not None and (i, "province") not in res.bad_cells:
                by_name = lookup.province_code_for_name(name)
                if by_name is None:
                    res.problems.append(regions.unknown_name_problem(name, file=file, row=res.row_of(i),
                                                                     column=res.where(i, "province")))
                elif code is None and not has_code:
                    code = by_name
                elif code is not None and by_name != code:
                    res.cell_problem(i, "province", name,
                                                f"the province of bps_code {code!r} ({lookup.province_name(code)})")
            codes.append(code)
            names.append(lookup.province_name(code) if code else name)
            if code is None:
                res.bad_cells.update({(i, "bps_code"), (i, "province")})
        df["bps_code"] = codes
        if "province" in schema_cols:
            df["province"] = names
    if "source_url" in schema_cols:
        if "source_url" not in df.columns or df["source_url"].isna().all():
            df["source_url"] = source_url
        elif source_url:
            df["source_url"] = df["source_url"].fillna(source_url)
    for c, col in schema_cols.items():
        if c not in df.columns and col.required and col.nullable:
            df[c] = None
    res.frame = df[[c for c in schema_cols if c in df.columns]].reset_index(drop=True)
    _drop_rows_before_creation(res, spec)


def _skipped_summary(skipped: list[SkippedRow]) -> str:
    """Why the rows of a file with no data rows were not read (e.g. every row an island-group aggregate
    such as "Jawa"), for the "no data rows" message; empty when no row was skipped."""
    data_kinds = {"aggregate", "national", "footnote", "no-values", "not-yet-created"}
    rows = [s for s in skipped if s.kind in data_kinds]
    if not rows:
        return ""
    shown = "; ".join(f"row {s.row}: {s.text}" for s in rows[:5]) + ("; …" if len(rows) > 5 else "")
    kinds = {s.kind for s in rows}
    what = ("island-group/regional aggregates" if kinds == {"aggregate"} and all(
        "island-group aggregate" in s.text for s in rows) else "not province data")
    return (f" (the file's {len(rows)} row(s) were all skipped as {what}: {shown}; give one row per province, "
            "with its BPS code or name)")


def _drop_rows_before_creation(res: ReadResult, spec: TableSpec) -> None:
    """Rows of a province for a period before it was created whose values are all missing (e.g. the Papua
    provinces of 2022 shown as 0 or '…' in a 2016 column) are not data: not read, and reported. A row that
    does give a value for such a period is refused later (:mod:`kesos_analysis.data.plausibility`)."""
    df = res.frame
    if not {"bps_code", "year"} <= set(df.columns):
        return
    values = [c for c in df.columns if c not in ("bps_code", "province", "year", "month", "source_url", "note")]
    drop = set()
    for i in range(len(df)):
        code, year = df.at[i, "bps_code"], df.at[i, "year"]
        month = df.at[i, "month"] if "month" in df.columns else None
        if not isinstance(code, str) or periods.created(code) is None or (i, "year") in res.bad_cells:
            continue
        try:
            why = periods.existence_problem(spec.name, code, int(str(year)), int(str(month)) if month else None)
        except ValueError:
            continue
        if why and all(df.at[i, c] is None or (isinstance(df.at[i, c], float) and np.isnan(df.at[i, c]))
                       for c in values):
            drop.add(i)
            when = f"{month}/{year}" if month else str(year)
            res.skipped.append(SkippedRow(res.row_of(i) or 0, "not-yet-created",
                                          f"{lookup.province_name(code)} {when}: no value, and the province did not "
                                          f"exist yet (created {periods.created(code).isoformat()}); not read"))
    if drop:
        res.drop_rows(drop)
