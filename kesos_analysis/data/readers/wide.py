"""BPS wide layout: provinces down the first column, indicator × round across (merged, multi-row headers)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ...errors import DataValidationError, Problem
from .. import regions
from ..schemas import TableSpec
from .grid import _col_letter, _data_after_notes, _is_footnote, _norm_text, _preview, _text
from .result import ReadResult, SkippedRow
from .symbols import _MONTH_NAMES, MISSING_SYMBOLS, NO_NATIONAL_ROW, aggregate_kind


@dataclass(frozen=True)
class WideLayout:
    """How to read a BPS wide table: value columns are identified by patterns on their header text.

    ``values`` maps a canonical column to a regular expression searched in the normalised header text;
    ``excludes`` maps a column to a pattern that must *not* occur in that header (e.g. population must not
    mention "miskin"); ``keys`` are the columns taken from the header (``year``, and ``month`` for poverty
    rounds); ``months`` the allowed months; ``counts`` the columns held in thousands whose header must give
    a unit (Ribu / Jiwa, Orang / Juta; persons and millions are converted); ``wrong`` maps a pattern to an
    explanation for headers of an indicator that must not be read into this table (refused).
    """

    values: dict[str, str]
    keys: tuple[str, ...]
    months: tuple[int, ...] = ()
    excludes: dict[str, str] = field(default_factory=dict)
    counts: tuple[str, ...] = ()
    wrong: dict[str, str] = field(default_factory=dict)
    #: Other indicators BPS publishes in the same table (e.g. the poverty line): skipped and reported.
    ignore: str | None = None


_POOR = r"miskin|\bpoor\b|poverty"

#: BPS wide layouts by table name.
WIDE_LAYOUTS: dict[str, WideLayout] = {
    "poverty_province": WideLayout(
        values={
            "p1": r"kedalaman|\bp1\b|depth",
            "p2": r"keparahan|\bp2\b|severity",
            # P0 must be a percentage *of poor people*; the poor count must name the poor.
            "p0_percent": r"(persentase|percentage|\bpersen\b).*(miskin|\bpoor\b|poverty)|"
                          r"(miskin|\bpoor\b|poverty).*(persentase|percentage|\bpersen\b)|\bp0\b|headcount",
            "poor_thousand": r"penduduk miskin|orang miskin|number of poor|poor (people|population|persons)",
        },
        keys=("year", "month"),
        months=(3, 9),
        excludes={"p0_percent": r"kedalaman|keparahan|depth|severity",
                  "poor_thousand": r"persentase|percentage|\bpersen\b|kedalaman|keparahan|depth|severity"},
        counts=("poor_thousand",),
        wrong={r"penduduk|population": "total population, not a poverty indicator (the number of poor people "
                                       "is 'Jumlah Penduduk Miskin'); load it as population_province or delete "
                                       "the column"},
        ignore=r"garis kemiskinan|poverty line|\bgini\b",
    ),
    "ump_province": WideLayout(values={"ump_rupiah": r"\bump\b|upah minimum|minimum wage"}, keys=("year",)),
    "population_province": WideLayout(
        values={"population_thousand": r"penduduk|population"}, keys=("year",),
        excludes={"population_thousand": _POOR},
        counts=("population_thousand",),
        wrong={_POOR: "the number or share of poor people, not total population; load it as poverty_province"},
        ignore=r"laju pertumbuhan|growth|distribusi|distribution|kepadatan|density|rasio jenis kelamin|sex ratio",
    ),
}

#: Words that make a header name an indicator (then the shared/title header is not consulted).
_INDICATOR_WORDS = re.compile(
    r"penduduk|population|miskin|\bpoor\b|poverty|persentase|percentage|\bpersen\b|kedalaman|keparahan|depth|"
    r"severity|\bp[012]\b|headcount|\bump\b|upah|wage|garis|\bgini\b")
_URBAN = re.compile(r"\bperkotaan\b|\burban\b|\bkota\b")
_RURAL = re.compile(r"\bperdesaan\b|\bpedesaan\b|\brural\b|\bdesa\b")
_TOTAL = re.compile(r"\bjumlah\b|\btotal\b")

#: Units of count columns (``*_thousand``): factor to thousands.
COUNT_UNITS: dict[str, float] = {"thousand": 1.0, "persons": 0.001, "million": 1000.0}


def count_unit_of(text: str) -> tuple[str | None, str | None]:
    """Unit of a count header (normalised text): ``("thousand"|"million"|"persons", word)`` or
    ``(None, None)`` when the header gives no unit."""
    t = re.sub(r"poor people|orang miskin", " ", text)
    for unit, rx in (("thousand", r"\b(ribu|ribuan|thousands?|rb)\b"), ("million", r"\b(juta|millions?)\b"),
                     ("persons", r"\b(jiwa|orang|persons?|people)\b")):
        m = re.search(rx, t)
        if m:
            return unit, m.group(1)
    return None, None


_MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7, "agustus": 8, "august": 8, "agu": 8, "aug": 8, "agt": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "desember": 12, "december": 12, "des": 12, "dec": 12,
}
_SEMESTER = {r"\bsemester (1|i)\b": 3, r"\bsemester (2|ii)\b": 9}


def _classify_header_rows(grid, header_rows: list[int], value_cols: list[int]) -> dict[int, str]:
    kinds = {}
    for r in header_rows:
        vals = [grid[r][c] for c in value_cols]
        non_empty = [v for v in vals if v is not None]
        if not non_empty:
            kinds[r] = "title"
        elif len(value_cols) > 1 and len(non_empty) == len(vals) and len({str(v) for v in vals}) == 1:
            kinds[r] = "shared"
        else:
            kinds[r] = "specific"
    return kinds


def _find_months(text: str) -> set[int]:
    found = set()
    for rx, m in _SEMESTER.items():
        if re.search(rx, text):
            found.add(m)
    if found:
        return found
    for w in text.split():
        if w in _MONTHS:
            found.add(_MONTHS[w])
    return found


@dataclass
class _WideHeader:
    """Where the data and the header rows of a wide table are, and what the header says about areas."""

    grid: list[list[Any]]
    data_start: int
    label_col: int
    header_rows: list[int]
    value_cols: list[int]
    kinds: dict[int, str]
    shared_text: str
    col_area: dict[int, str | None]
    breakdown: bool
    has_total: bool
    single_area: bool
    title_urban: bool
    file_year: str | None


def _read_wide(grid, spec: TableSpec, layout: WideLayout, res: ReadResult, ref: str, file_name: str = "",
               count_unit: str | None = None) -> None:
    """Read a BPS wide table into ``res``: locate the header, identify each value column, read the rows."""
    res.layout = "wide"
    hd = _locate_header(grid, spec, res, file_name)
    columns: dict[int, dict[str, Any]] = {}
    for c in hd.value_cols:
        info = _identify_column(hd, c, spec, layout, res, ref, count_unit)
        if info is not None:
            columns[c] = info
    _drop_unreleased_columns(hd, columns, res)
    _read_wide_rows(hd, columns, spec, layout, res, ref)


def _locate_header(grid, spec: TableSpec, res: ReadResult, file_name: str) -> _WideHeader:
    """First province row, header rows above it, value columns, and the urban/rural reading of the header."""
    file = res.file
    name_years = set(re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", file_name))
    file_year = name_years.pop() if len(name_years) == 1 else None
    data_start = label_col = None
    for r in range(min(len(grid), 40)):
        for c in range(min(3, len(grid[r]))):
            v = grid[r][c]
            if isinstance(v, str) and regions.province_code_for_name(v) is not None \
                    and any(x is not None for x in grid[r][c + 1:]):
                data_start, label_col = r, c
                break
        if data_start is not None:
            break
    if data_start is None:
        raise DataValidationError(file, [Problem(
            file, 1, None, _preview(grid),
            f"either a header row with the columns of {spec.name!r} ({', '.join(spec.schema.columns)}) or a BPS "
            "table with province names (e.g. 'Aceh', 'INDONESIA') in the first column")])
    header_rows = [r for r in range(data_start) if any(v is not None for v in grid[r])]
    width = len(grid[0])
    value_cols = [c for c in range(label_col + 1, width)
                  if any(grid[r][c] is not None for r in range(len(grid)))]
    if not header_rows:
        raise DataValidationError(file, [Problem(file, data_start + 1, None, _preview([grid[data_start]]),
                                                 "header rows naming the indicator and round above the data")])
    kinds = _classify_header_rows(grid, header_rows, value_cols)
    shared_text = " ".join(_norm_text(grid[r][c]) for r in header_rows if kinds[r] in ("shared", "title")
                           for c in range(width) if grid[r][c] is not None)
    # Urban/rural sub-populations: a title naming only one area means the whole table is not province totals.
    title_urban, title_rural = bool(_URBAN.search(shared_text)), bool(_RURAL.search(shared_text))
    col_area: dict[int, str | None] = {}
    for c in value_cols:
        own = _norm_text(" ".join(str(grid[r][c]) for r in header_rows if kinds[r] == "specific" and grid[r][c] is not None))
        u, rr = bool(_URBAN.search(own)), bool(_RURAL.search(own))
        col_area[c] = "total" if (u and rr) or (_TOTAL.search(own) and not _INDICATOR_WORDS.search(own)) else \
            "urban" if u else "rural" if rr else None
    breakdown = any(a in ("urban", "rural") for a in col_area.values())
    has_total = any(a == "total" for a in col_area.values()) or (breakdown and any(a is None for a in col_area.values()))
    single_area = (title_urban != title_rural)
    if breakdown and has_total:
        res.notes.append("the file has urban/rural breakdowns (Perkotaan/Perdesaan); only the total columns "
                         "(Perkotaan+Perdesaan / 'Jumlah' / 'Total') are read")
    return _WideHeader(grid, data_start, label_col, header_rows, value_cols, kinds, shared_text, col_area,
                       breakdown, has_total, single_area, title_urban, file_year)


def _identify_column(hd: _WideHeader, c: int, spec: TableSpec, layout: WideLayout, res: ReadResult, ref: str,
                     count_unit: str | None) -> dict[str, Any] | None:
    """The field, year, month, unit and label of value column ``c``; ``None`` (problem or skip recorded) if
    the column is not read."""
    file, grid, header_rows, kinds, shared_text = res.file, hd.grid, hd.header_rows, hd.kinds, hd.shared_text
    file_year, has_total, breakdown, single_area, title_urban = (hd.file_year, hd.has_total, hd.breakdown,
                                                                hd.single_area, hd.title_urban)
    col_area = hd.col_area
    parts = [str(grid[r][c]) for r in header_rows if kinds[r] == "specific" and grid[r][c] is not None]
    label = " / ".join(dict.fromkeys(str(grid[r][c]) for r in header_rows if grid[r][c] is not None and (
        kinds[r] == "specific" or (kinds[r] == "shared" and len(str(grid[r][c])) <= 30)))) or "(no header)"
    where = _col_letter(c) if ref == "cell" else str(c + 1)
    spec_text = _norm_text(" ".join(parts))
    hdr_row = header_rows[-1] + 1

    def problem(value, expected):
        res.problems.append(Problem(file, hdr_row, where, value, expected))

    if not any(grid[r][c] is not None for r in header_rows) and not parts:
        problem(None, "a header naming the indicator and round of this column")
        return None
    info: dict[str, Any] = {"label": label, "where": where}
    if layout.ignore and re.search(layout.ignore, spec_text):
        res.skipped.append(SkippedRow(hdr_row, "other-indicator", f"column {where} '{label}': not part of {spec.name}"))
        return None
    area = col_area[c]
    if area in ("urban", "rural"):
        which = "Perkotaan (urban)" if area == "urban" else "Perdesaan (rural)"
        if has_total:
            res.skipped.append(SkippedRow(hdr_row, "sub-population",
                                          f"column {where} '{label}': {which} only, not read (the total column is)"))
        else:
            problem(label, f"province totals: this column is for {which} areas only and the file has no total "
                           "(Perkotaan+Perdesaan / 'Jumlah') column; download the table for all areas")
        return None
    if single_area and area != "total" and not (breakdown and has_total):
        which = "Perkotaan (urban)" if title_urban else "Perdesaan (rural)"
        problem(label, f"province totals: the table title/header says {which} areas only; "
                       f"{spec.name} holds totals for all areas (Perkotaan+Perdesaan)")
        return None
    # The column's own header names the indicator; only a header that names none (e.g. just "Maret 2026")
    # takes the indicator from the shared header/title above it.
    text = spec_text if _INDICATOR_WORDS.search(spec_text) else shared_text

    def matches(t: str) -> list[str]:
        return [name for name, rx in layout.values.items() if re.search(rx, t)
                and not (layout.excludes.get(name) and re.search(layout.excludes[name], t))]

    hits = matches(text)
    if not hits and len(layout.values) == 1 and not _INDICATOR_WORDS.search(text):
        hits = list(layout.values)
    if len(hits) != 1:
        why = next((msg for rx, msg in layout.wrong.items() if re.search(rx, text)), None) if not hits else None
        if why:
            problem(label, f"a column of {spec.name} ({', '.join(layout.values)}); this header is {why}")
        else:
            problem(label, f"a header naming exactly one indicator of {', '.join(layout.values)}"
                    + (f" (found {', '.join(hits)})" if hits else ""))
        return None
    info["column"] = hits[0]
    if hits[0] in layout.counts:
        unit_text = _norm_text(" ".join(str(grid[r][c]) for r in header_rows if grid[r][c] is not None))
        unit, word = count_unit_of(unit_text)
        if unit is None and count_unit is not None:
            unit, word = count_unit, f"--unit {count_unit}"
        elif unit is not None and count_unit is not None and unit != count_unit:
            problem(label, f"--unit {count_unit} to agree with the header, which gives '{word}' ({unit})")
            return None
        if unit is None:
            problem(label, f"a unit for {hits[0]} in the header: '(Ribu Jiwa)' (thousands), '(Jiwa)'/'(Orang)' "
                           "(persons) or '(Juta)' (millions); this header gives none — fix the header or pass "
                           "--unit thousand|persons|million")
            return None
        info["scale"] = COUNT_UNITS[unit]
        if unit != "thousand":
            msg = (f"column {where} '{label}': {hits[0]} given in {unit} ('{word}'); "
                   + ("divided by 1,000" if unit == "persons" else "multiplied by 1,000"))
            res.notes.append(msg)
    years = set(re.findall(r"\b((?:19|20)\d{2})\b", spec_text)) or set(re.findall(r"\b((?:19|20)\d{2})\b", shared_text))
    if not years and file_year:
        years = {file_year}
        if f"year {file_year} taken from the file name" not in res.notes:
            res.notes.append(f"year {file_year} taken from the file name")
    if len(years) != 1:
        problem(label, "a header with exactly one year (e.g. 2025)" + (f"; found {sorted(years)}" if years else ""))
        return None
    info["year"] = years.pop()
    if "month" in layout.keys:
        months = _find_months(spec_text) or _find_months(shared_text)
        if len(months) != 1:
            problem(label, "a header naming the round: 'Maret'/'Semester 1' (3) or 'September'/'Semester 2' (9)")
            return None
        month = months.pop()
        if layout.months and month not in layout.months:
            problem(label, f"a BPS poverty round month: Maret (3) or September (9); found month {month}")
            return None
        info["month"] = str(month)
    return info


def _drop_unreleased_columns(hd: _WideHeader, columns: dict[int, dict[str, Any]], res: ReadResult) -> None:
    """Drop all-missing columns (a round not released yet) and the non-existent September 2023 round."""
    file, grid, data_start, label_col, header_rows = res.file, hd.grid, hd.data_start, hd.label_col, hd.header_rows
    # A round BPS has not released yet is printed as a column of '…': drop such columns (reported).
    data_rows = [r for r in range(data_start, len(grid)) if isinstance(grid[r][label_col], str)
                 and regions.province_code_for_name(grid[r][label_col]) is not None]
    for c in list(columns):
        cells = [grid[r][c] for r in data_rows]
        if all(v is None or (isinstance(v, str) and v.strip() in MISSING_SYMBOLS) for v in cells):
            res.skipped.append(SkippedRow(header_rows[-1] + 1, "empty-column",
                                          f"column {columns[c]['where']} '{columns[c]['label']}': no values, not read"))
            del columns[c]
    for c in list(columns):
        if columns[c]["year"] == "2023" and columns[c].get("month") == "9":
            res.problems.append(Problem(file, header_rows[-1] + 1, columns[c]["where"], columns[c]["label"],
                                        "no September 2023 column: BPS did not compute poverty for September 2023 "
                                        "(delete the column)"))
            del columns[c]

def _read_wide_rows(hd: _WideHeader, columns: dict[int, dict[str, Any]], spec: TableSpec, layout: WideLayout,
                    res: ReadResult, ref: str) -> None:
    """One record per province × round from the data rows below the header; aggregates and notes skipped."""
    file, grid, data_start, label_col, value_cols = res.file, hd.grid, hd.data_start, hd.label_col, hd.value_cols
    # Data rows.
    records: dict[tuple, dict[str, Any]] = {}
    first_row_of: dict[str, tuple[int, str]] = {}
    order: list[tuple] = []
    position: dict[tuple, int] = {}
    after_footnote: int | None = None
    for r in range(data_start, len(grid)):
        cells = grid[r]
        if not any(v is not None for v in cells):
            continue
        name = cells[label_col]
        values = [cells[c] for c in value_cols]
        merged_text = name is not None and all(v is None or v == name for v in values)
        if _is_footnote(cells) or (merged_text and not (isinstance(name, str) and regions.province_code_for_name(name))):
            res.skipped.append(SkippedRow(r + 1, "footnote", str(next(v for v in cells if v is not None))))
            after_footnote = after_footnote or r + 1
            continue
        if after_footnote is not None:
            res.problems.append(_data_after_notes(file, r, cells, after_footnote))
            after_footnote = None
        if name is None:
            res.problems.append(Problem(file, r + 1, f"{_col_letter(label_col) if ref == 'cell' else label_col + 1} (province)",
                                        None, "a province name"))
            continue
        code = regions.province_code_for_name(name)
        if code is None:
            if regions.is_aggregate_name(name):
                res.skipped.append(SkippedRow(r + 1, "aggregate", f"{name}: {aggregate_kind(name)}, not a province"
                                              + ("" if aggregate_kind(name) == "total/average row"
                                                 else " and not the national row") + "; not read"))
                continue
            res.problems.append(regions.unknown_name_problem(name, file=file, row=r + 1,
                                                             column=f"{_col_letter(label_col) if ref == 'cell' else label_col + 1} (province)"))
            continue
        if columns and all(cells[c] is None or (isinstance(cells[c], str) and cells[c].strip() in MISSING_SYMBOLS)
                           for c in columns):
            # e.g. the provinces created in 2022 in a 2023 table: '…' everywhere because they did not exist yet
            res.skipped.append(SkippedRow(r + 1, "no-values", f"{name}: every value missing, row not read"))
            continue
        if code == "00" and spec.name in NO_NATIONAL_ROW:
            res.skipped.append(SkippedRow(r + 1, "national", f"{name}: {NO_NATIONAL_ROW[spec.name]}"))
            continue
        if code in first_row_of:
            r0, name0 = first_row_of[code]
            rounds = ", ".join(dict.fromkeys(
                f"{_MONTH_NAMES.get(info.get('month'), '')} {info['year']}".strip() for info in columns.values()))
            res.problems.append(Problem(file, r + 1, f"{_col_letter(label_col) if ref == 'cell' else label_col + 1} (province)",
                                        str(name), f"each province once: {regions.province_name(code)} (bps_code {code}) "
                                        f"is row {r0} ('{name0}') and row {r + 1} ('{name}') for {rounds}; delete one"))
            continue
        first_row_of[code] = (r + 1, str(name))
        for c, info in columns.items():
            key = (code, info["year"], info.get("month"), r)
            if key not in records:
                rec = {"bps_code": code, "province": regions.province_name(code), "year": info["year"]}
                if "month" in layout.keys:
                    rec["month"] = info["month"]
                records[key] = rec
                position[key] = len(order)
                order.append(key)
                res.origin_row.append(r + 1)
            i = position[key]
            col = info["column"]
            if col in records[key]:
                res.problems.append(Problem(file, r + 1, info["where"], info["label"],
                                            f"one column per indicator and round ({col} {info['year']} appears twice)"))
                continue
            v = cells[c]
            if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
                res.numeric_cells.add((i, col))
            records[key][col] = _text(v)
            if info.get("scale", 1.0) != 1.0:
                res.scale[(i, col)] = info["scale"]
            cell = f"{_col_letter(c)}{r + 1}" if ref == "cell" else f"field {info['where']}"
            res.origin_cell[(i, col)] = f"{cell} under '{info['label']}'"
    if not columns and not res.problems:
        res.problems.append(Problem(file, None, None, None, "at least one recognisable value column"))
    cols = [c for c in spec.schema.columns if c not in ("source_url", "note")]
    res.provided = {"bps_code", "province", *layout.keys, *(info["column"] for info in columns.values())}
    res.frame = pd.DataFrame.from_records([records[k] for k in order], columns=cols)
