"""XLSX worksheets to a grid of cells, cell texts, and the header/footnote recognisers shared by both layouts."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import DataValidationError, Problem
from ..schemas import TableSpec
from .numbers import number_cell_text
from .symbols import _FOOTNOTE_RE, COLUMN_ALIASES

#: Headers of a column holding Kemendagri (Dukcapil) province codes; converted to BPS codes on reading
#: (they differ for the six Papua-region provinces, see regions/SOURCES.md caveat 2).
KEMENDAGRI_CODE_HEADERS = frozenset({"kemendagri_code", "kode_kemendagri", "kode_dagri", "kode_wilayah_kemendagri"})


def _percent_format(number_format: object) -> bool:
    """True if an Excel number format multiplies by 100 for display (a ``%`` outside quotes/escapes).

    ``0.00%`` shows 0.107 as "10.70%"; ``0.00"%"`` or ``0.00\\%`` shows 0.35 as "0.35%" (a literal sign).
    """
    fmt = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", str(number_format or ""))
    return "%" in fmt


def _read_xlsx_grid(path: Path, file: str, sheet: str | None,
                    info: dict[str, Any] | None = None) -> list[list[Any]]:
    """Cells of one worksheet. ``info`` receives ``sheet`` (the sheet read) and ``formulas``
    (``{(row, col): formula}``, 0-based, for formula cells that have a saved value)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    from openpyxl.worksheet.worksheet import Worksheet

    try:
        wb = openpyxl.load_workbook(path, data_only=True)
        wb_f = openpyxl.load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataValidationError(file, [Problem(file, None, None, f"unreadable workbook ({exc})", "a valid .xlsx file")]) from None
    names = [ws.title for ws in wb.worksheets]
    if sheet is not None and sheet not in names:
        raise DataValidationError(file, [Problem(file, None, None, sheet, f"a sheet name, one of {names}")])
    if sheet is None:
        # The sheet Excel opens on (the active one) if it is a visible worksheet, else the first visible one.
        active = wb.active
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        if isinstance(active, Worksheet) and active.sheet_state == "visible":
            ws = active
        elif visible:
            ws = visible[0]
        else:
            raise DataValidationError(file, [Problem(file, None, None, f"sheets {names} (all hidden)",
                                                     "a visible worksheet (unhide the sheet, or pass --sheet NAME)")])
    else:
        ws = wb[sheet]
    ws_f = wb_f[ws.title]
    if info is not None:
        info["sheet"] = ws.title
        info["formulas"] = {}
    problems: list[Problem] = []
    grid: list[list[Any]] = []
    for row, row_f in zip(ws.iter_rows(), ws_f.iter_rows()):
        vals = []
        for cell, cell_f in zip(row, row_f):
            v = cell.value
            fv = cell_f.value
            is_formula = cell_f.data_type == "f" or (isinstance(fv, str) and fv.startswith("=")) \
                or type(fv).__name__ in ("ArrayFormula", "DataTableFormula")
            if is_formula:
                text = fv if isinstance(fv, str) else getattr(fv, "text", str(fv))
                from ..privacy import mask_niks_in

                text = mask_niks_in(text)
                if v is None:
                    problems.append(Problem(file, cell.row, cell.coordinate, text,
                                            "a value: this formula cell has no saved result (the file was written by "
                                            "a program that does not calculate); open and save it in Excel/"
                                            "LibreOffice to compute it, or paste the values"))
                elif info is not None:
                    info["formulas"][(cell.row - 1, cell.column - 1)] = text
            # A cell formatted as a percentage stores a fraction (0.121 shown as 12.1%): use the shown value.
            # A literal "%" in the format (0.00"%") shows the stored number itself.
            if isinstance(v, (int, float)) and not isinstance(v, bool) and _percent_format(cell.number_format):
                v = round(v * 100, 10)
            vals.append(v)
        grid.append(vals)
    # Hidden rows and columns holding data: the user does not see what would be read.
    hidden_rows = sorted(r for r, d in ws.row_dimensions.items() if d.hidden)
    hidden_cols: set[int] = set()
    for key, d in ws.column_dimensions.items():
        if d.hidden:
            lo, hi = (d.min or 0), (d.max or 0)
            if not lo:
                from openpyxl.utils import column_index_from_string
                lo = hi = column_index_from_string(key)
            hidden_cols.update(range(lo, hi + 1))
    bad_rows = [r for r in hidden_rows if r - 1 < len(grid) and any(v is not None and str(v).strip() for v in grid[r - 1])]
    bad_cols = sorted(c for c in hidden_cols if any(c - 1 < len(g) and g[c - 1] is not None and str(g[c - 1]).strip()
                                                    for g in grid))
    if bad_rows:
        problems.append(Problem(file, bad_rows[0], None, f"hidden row(s) {', '.join(map(str, bad_rows))}",
                                "no hidden rows with data: unhide them (and keep or delete them) so what is read is "
                                "what you see"))
    if bad_cols:
        problems.append(Problem(file, None, ", ".join(_col_letter(c - 1) for c in bad_cols),
                                "hidden column(s) with data",
                                "no hidden columns with data: unhide them (and keep or delete them)"))
    if problems:
        raise DataValidationError(file, problems)
    for rng in ws.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else None
        for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
            for c in range(rng.min_col - 1, rng.max_col):
                while len(grid[r]) <= c:
                    grid[r].append(None)
                grid[r][c] = top
    out = []
    for row in grid:
        out.append([None if (v is None or (isinstance(v, str) and not v.strip())) else v for v in row])
    if not any(any(v is not None for v in r) for r in out):
        raise DataValidationError(file, [Problem(file, None, None, "empty sheet", "a table with a header row and data rows")])
    return out


def _col_letter(c: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(c + 1)


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, (datetime, date)):
        return v.date().isoformat() if isinstance(v, datetime) else v.isoformat()
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        return number_cell_text(v)
    return str(v).strip()


def _norm_text(v: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z]+", " ", str(v).casefold())).strip()


def _data_after_notes(file: str, r: int, cells: list, notes_row: int) -> Problem:
    """The problem reported for a data row (0-based ``r``) found below a footnote/notes row."""
    return Problem(file, r + 1, None, _preview([cells]),
                   f"no data rows after the footnote/notes row {notes_row} (move notes below the data or delete them)")


def _preview(grid: list[list[Any]]) -> str:
    for r in grid:
        vals = [str(v) for v in r if v is not None]
        if vals:
            return ", ".join(vals)[:120]
    return ""


def _header_map(row: list[Any], spec: TableSpec) -> dict[int, str]:
    cols = set(spec.schema.columns)
    out = {}
    for c, v in enumerate(row):
        if v is None:
            continue
        h = str(v).strip().casefold()
        h = re.sub(r"[^0-9a-z]+", "_", h).strip("_")
        if h in cols:
            out[c] = h
        elif COLUMN_ALIASES.get(h) in cols:
            out[c] = COLUMN_ALIASES[h]
        elif h in KEMENDAGRI_CODE_HEADERS and "bps_code" in cols:
            out[c] = "_kemendagri_code"
        elif COLUMN_ALIASES.get(h) == "_row_number" and "nik" in cols:
            out[c] = "_row_number"  # roster "No": the staff id if the roster has none
    return out


def _find_long_header(grid: list[list[Any]], spec: TableSpec) -> int | None:
    for r in range(min(len(grid), 15)):
        m = _header_map(grid[r], spec)
        names = set(m.values())
        if len(m) >= 2 and ("year" in names or len(m) >= 3) and len(m) * 2 >= sum(v is not None for v in grid[r]):
            return r
        # Rosters as Dinas Sosial send them: title rows, then No / Nama / NIK / NIP / Jabatan / … with columns
        # the roster schema does not keep (dropped, reported).
        if "nik" in spec.schema.columns and len(m) >= 3 and names & {"nik", "nip", "name"}:
            return r
    return None


def _is_footnote(cells: list[Any]) -> bool:
    texts = list(dict.fromkeys(str(c) for c in cells if c is not None))  # merged cells repeat their text
    if not texts:
        return False
    return bool(_FOOTNOTE_RE.match(texts[0])) and len(texts) <= 2
