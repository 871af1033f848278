"""Long layout: a header row with the table's own column names (or their Indonesian aliases)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ...errors import DataValidationError, Problem
from .. import regions
from ..schemas import TableSpec
from .grid import _col_letter, _data_after_notes, _header_map, _is_footnote, _preview, _text
from .result import ReadResult, SkippedRow
from .symbols import NO_NATIONAL_ROW, aggregate_kind

#: Codes 91–97 mean different Papua provinces in the BPS and the Kemendagri code lists.
_PAPUA_CODES = frozenset({"91", "92", "93", "94", "95", "96", "97"})


def _kemendagri_to_bps(value: Any, res: ReadResult, i: int) -> Any:
    valid = regions.known_codes("kemendagri")
    code, problem = regions.code_problem(float(value) if (i, "_kemendagri_code") in res.numeric_cells else value,
                                         width=2, valid=valid)
    if problem:
        res.cell_problem(i, "bps_code", value, problem.replace("regions/provinces.csv",
                                                               "regions/provinces.csv (kemendagri_code)"))
        return None
    return regions.kemendagri_to_bps(code)


def _read_long(grid, h, spec: TableSpec, res: ReadResult, field_counts: list[int] | None = None,
               formulas: dict[tuple[int, int], str] | None = None, code_system: str | None = None) -> None:
    res.layout = "long"
    file = res.file
    header = grid[h]
    mapping = _header_map(header, spec)
    code_cols = [c for c, n in mapping.items() if n == "bps_code"]
    if code_system not in (None, "bps", "kemendagri"):
        raise DataValidationError(file, [Problem(file, None, None, code_system, "--code-system bps or kemendagri")])
    if code_system == "kemendagri":
        for c in code_cols:
            mapping[c] = "_kemendagri_code"
    elif code_system is None and "province" not in mapping.values():
        for c in code_cols:
            generic = re.sub(r"[^0-9a-z]+", "_", str(header[c]).strip().casefold()).strip("_") not in ("bps_code", "kode_bps")
            papua = sorted({str(grid[r][c]).strip() for r in range(h + 1, len(grid))
                            if grid[r][c] is not None and str(grid[r][c]).strip() in _PAPUA_CODES})
            if generic and papua:
                res.problems.append(Problem(
                    file, h + 1, str(header[c]), ", ".join(papua),
                    "a stated code system: BPS and Kemendagri codes differ for the Papua provinces (91–97) and the "
                    "file has no province names to cross-check; pass --code-system bps or --code-system kemendagri "
                    "(or name the column bps_code / kemendagri_code, or add a province column)"))
    roster = "nik" in spec.schema.columns
    if roster:
        named = set(mapping.values())
        for c in [c for c, n in mapping.items() if n == "_row_number"]:
            if "staff_id" in named:
                del mapping[c]  # the roster's own id wins; "No" is only a row number
            else:
                mapping[c] = "staff_id"
                res.notes.append(f"staff_id taken from column '{header[c]}' (the roster has no staff id column)")
    seen: dict[str, int] = {}
    width = max((c + 1 for c, v in enumerate(header) if v is not None), default=0)
    if field_counts is not None:  # CSV: compare the real number of fields with the header line
        width = max(width, field_counts[h])
        counts = {r: field_counts[r] for r in range(h + 1, len(grid))}
    else:
        counts = {r: max((c + 1 for c, v in enumerate(grid[r]) if v is not None), default=0) for r in range(h + 1, len(grid))}
    too_wide = {r for r, n in counts.items() if n > width and any(v is not None for v in grid[r])}
    for r in sorted(too_wide):
        n = counts[r]
        res.problems.append(Problem(file, r + 1, None, _preview([grid[r]]),
                                    f"{width} fields like the header row, found {n} (a decimal comma in an unquoted "
                                    "cell of a comma-separated file, e.g. 12,5?)"))
    if field_counts is not None:
        named = max((c + 1 for c, v in enumerate(header) if v is not None), default=0)
        for r, n in counts.items():
            if 1 < n < named and r not in too_wide and not _is_footnote(grid[r]):
                too_wide.add(r)  # not read: reported instead
                res.problems.append(Problem(file, r + 1, None, _preview([grid[r]]),
                                            f"{named} fields like the header row: {n} fields, expected {named} "
                                            "(a missing delimiter or a line break inside a cell?)"))
    for c, v in enumerate(header):
        if v is None:
            if c < width and any(grid[r][c] is not None for r in range(h + 1, len(grid))):
                res.problems.append(Problem(file, h + 1, f"column {c + 1}", None, "a column name in the header row"))
            continue
        name = mapping.get(c)
        if name is None and roster:
            # A roster column the schema does not keep (Pangkat/Gol, Unit Kerja, No HP, …): never read, so
            # never written anywhere; reported.
            res.skipped.append(SkippedRow(h + 1, "column", f"column {c + 1} '{v}': not part of {spec.name}, not read"))
        elif name is None:
            res.problems.append(Problem(file, h + 1, str(v), None,
                                        f"no extra columns (not part of table {spec.name!r}; its columns are "
                                        f"{', '.join(spec.schema.columns)})"))
        elif name in seen:
            res.problems.append(Problem(file, h + 1, str(v), None, f"each column once ({name!r} appears twice)"))
            del mapping[c]
        else:
            seen[name] = c
    records: list[dict[str, Any]] = []
    after_footnote: int | None = None
    for r in range(h + 1, len(grid)):
        cells = grid[r]
        if not any(v is not None for v in cells) or r in too_wide:
            continue
        if _is_footnote(cells):
            res.skipped.append(SkippedRow(r + 1, "footnote", str(next(v for v in cells if v is not None))))
            after_footnote = after_footnote or r + 1
            continue
        if after_footnote is not None:
            res.problems.append(_data_after_notes(file, r, cells, after_footnote))
            after_footnote = None
        label_texts = [str(cells[c]).strip() for c, n in mapping.items()
                       if n in ("province", "bps_code", "_kemendagri_code") and cells[c] is not None]
        aggregate = next((t for t in label_texts if regions.is_aggregate_name(t) and not t.isdigit()), None)
        if aggregate is not None and aggregate_kind(aggregate) != "total/average row":
            # e.g. "Kalimantan": an island group, never a province and never the national row
            res.skipped.append(SkippedRow(r + 1, "aggregate", f"{aggregate}: {aggregate_kind(aggregate)}, not a "
                                                              "province and not the national row; not read"))
            continue
        if spec.name in NO_NATIONAL_ROW and (aggregate is not None or any(
                t in ("00", "0") or regions.province_code_for_name(t) == "00" for t in label_texts)):
            res.skipped.append(SkippedRow(r + 1, "national", f"{', '.join(label_texts)}: {NO_NATIONAL_ROW[spec.name]}"))
            continue
        i = len(records)
        rec: dict[str, Any] = {}
        for c, name in mapping.items():
            v = cells[c]
            if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
                res.numeric_cells.add((i, name))
            rec[name] = _text(v) if not isinstance(v, str) else v.strip()
            if formulas and (r, c) in formulas:
                res.formula_cells[(i, name)] = formulas[(r, c)]
            src = f"{_col_letter(c)}{r + 1}" if res.file_format == "xlsx" else None
            if src:
                res.origin_cell[(i, name)] = src
        records.append(rec)
        res.origin_row.append(r + 1)
    have = set(seen) | ({"bps_code"} if "_kemendagri_code" in seen else set())
    for name, col in spec.schema.columns.items():
        # A column that may be empty throughout (e.g. p1/p2 after 2023) may also be left out.
        if name not in have and col.required and not col.nullable and name not in ("bps_code", "province", "source_url", "note"):
            res.problems.append(Problem(file, h + 1, name, None, "the column to be present"))
    if "bps_code" in spec.schema.columns and "bps_code" not in have and "province" not in have:
        res.problems.append(Problem(file, h + 1, "bps_code", None, "the column to be present (or a 'province' column)"))
    if "_kemendagri_code" in seen:
        records = [{**{k: v for k, v in r.items() if k != "_kemendagri_code"},
                    "bps_code": _kemendagri_to_bps(r.get("_kemendagri_code"), res, i)} for i, r in enumerate(records)]
        seen["bps_code"] = seen.pop("_kemendagri_code")
    res.provided = set(seen)
    res.frame = pd.DataFrame.from_records(records, columns=[c for c in spec.schema.columns if c in seen])
