"""Unit × period panels for effect estimation: checking, reading, and building from roster + outcome files.

Panel schema (what every estimator in :mod:`kesos_analysis.effects` takes)
    One row per unit and period, long format, any column names (passed as arguments):

    ========== ==================================================================================
    unit        text: a region code (2-digit province, 4-digit kab/kota, 7-digit kecamatan) or any id
    period      whole number: year (or round index); consecutive periods are one step apart
    outcome     number in the outcome's unit (e.g. P0 in persen, graduation rate in persen)
    treatment   0/1: 1 from the first period the unit is treated onwards (absorbing, staggered adoption)
    intensity   optional number ≥ 0: dose (PPPK or professional share 0–1, caseload per worker, …)
    ========== ==================================================================================

    :func:`check_panel` returns the frame with ``first_treat`` (first treated period; 0 = never treated)
    and ``rel_time`` (period − first_treat) added, or raises
    :class:`~kesos_analysis.errors.DataValidationError` listing every problem with its row (row 1 = header,
    as in a spreadsheet), column, value and what was expected: missing columns, empty (NaN) cells, duplicate
    unit-periods, non-numeric outcomes, treatment not 0/1, treatment that switches off.

Roster + outcome files (:func:`build_panel`)
    * roster: a staff roster in the ``staff_roster`` schema (:mod:`kesos_analysis.data.schemas`), read and
      validated by :func:`kesos_analysis.data.ingest.validate_file` (same row-level errors as ``kesos data
      validate``). ``start_date`` is read as the TMT (start date) of the person's **current** appointment —
      for a PPPK, the TMT PPPK — so a person counts from that year on. A roster is a snapshot: people who
      left before it was drawn are missing, so earlier years are a lower bound on staffing.
    * outcome: CSV or XLSX with columns ``unit_code`` (text, 2/4/7 digits, same level as ``level``), ``year``
      (whole number) and one or more numeric outcome columns (decimal point). Read with the same row-level
      problem reporting.

    Intensity columns of the built panel (per unit and year): ``n_staff`` (orang), ``n_pppk`` (orang with
    status PPPK or PPPK Paruh Waktu), ``n_professional`` (orang with a social-work education field, or a
    Sakti Peksos / Pekerja Sosial ASN), ``pppk_share`` and ``professional_share`` (fractions 0–1 of
    ``n_staff``), ``kpm_per_pendamping`` (KPM families per Pendamping PKH, from ``caseload``); ``treated``
    is 1 from the first year the unit has at least ``min_pppk`` PPPK staff.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataValidationError, Problem

#: Education field that makes a person "professional" (social-work degree), as written in rosters.
SOCIAL_WORK_FIELD = "Pekerjaan Sosial / Kesejahteraan Sosial"
#: Staff types that are social-work graduates by definition (see ``data/synthetic.py``).
PROFESSIONAL_TYPES = frozenset({"Sakti Peksos", "Pekerja Sosial ASN"})
PPPK_STATUSES = frozenset({"PPPK", "PPPK Paruh Waktu"})
LEVEL_WIDTH = {"province": 2, "kabkota": 4, "kecamatan": 7}
_LEVEL_COLUMN = {"province": "bps_code", "kabkota": "kabkota_code", "kecamatan": "kecamatan_code"}


class PanelWarning(UserWarning):
    """A panel or design that can be estimated but whose result needs care (few clusters, dropped rows)."""


@dataclass(frozen=True)
class PanelColumns:
    """Names of the panel's columns (see the module docstring)."""

    unit: str = "unit"
    period: str = "period"
    outcome: str = "y"
    treatment: str = "treated"
    intensity: str | None = None


def _row(pos: int) -> int:
    return int(pos) + 2  # header is row 1


def check_panel(df: pd.DataFrame, cols: PanelColumns, *, file: str = "<panel>", covariates: tuple[str, ...] = (),
                require_absorbing: bool = True, derive: bool = True) -> pd.DataFrame:
    """Validate a unit × period panel and add ``first_treat`` and ``rel_time``.

    Returns a new frame (all columns of ``df`` kept) sorted by unit (in order of first appearance) and period,
    with the unit as text, period and treatment as int64, and outcome, intensity and covariates numeric.
    Raises :class:`DataValidationError` listing every problem (see the module docstring).
    ``require_absorbing=False`` allows treatment to switch off (only the TWFE estimators accept that);
    ``derive=False`` (with it) skips sorting and the derived columns (what TWFE needs; faster on large panels).
    """
    problems: list[Problem] = []
    needed = [cols.unit, cols.period, cols.outcome, cols.treatment, *([cols.intensity] if cols.intensity else []),
              *covariates]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        for c in missing:
            found = ", ".join(map(str, df.columns))
            problems.append(Problem(file, 1, c, None, f"a column {c!r} (columns found: {found})"))
        raise DataValidationError(file, problems)
    derived = [c for c in ("first_treat", "rel_time") if c in df.columns and c not in needed]
    d = df.drop(columns=derived) if derived else df.copy(deep=False)  # columns are replaced, never modified
    if not (isinstance(d.index, pd.RangeIndex) and d.index.start == 0 and d.index.step == 1):
        d = d.reset_index(drop=True)
    numeric = [cols.outcome, cols.treatment, *([cols.intensity] if cols.intensity else []), *covariates]
    raw_unit = d[cols.unit]
    ucode, uniq = pd.factorize(raw_unit)  # code −1 = missing
    empty = np.flatnonzero(pd.Series(uniq, dtype=object).astype(str).str.strip().eq("")) if uniq.dtype == object else []
    bad = (ucode == -1) | np.isin(ucode, empty)
    for pos in np.flatnonzero(bad):
        problems.append(Problem(file, _row(pos), cols.unit, None, "a unit id (empty cell)"))
    for c in [cols.period, *numeric]:
        raw = d[c]
        clean = pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype)
        num = raw.astype("float64") if clean else pd.to_numeric(raw, errors="coerce")
        arr = num.to_numpy(dtype="float64", na_value=np.nan)
        for pos in np.flatnonzero(np.isnan(arr)):
            v = raw.iloc[pos]
            empty = v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() in ("", "<NA>", "nan")
            what = "a number (empty/NaN cell: drop the row or fill it with a sourced value)" if empty else \
                "a number with a decimal point"
            problems.append(Problem(file, _row(pos), c, None if empty else v, what))
        ok = ~np.isnan(arr)
        if c == cols.period:
            for pos in np.flatnonzero(ok & (arr != np.round(arr))):
                problems.append(Problem(file, _row(pos), c, raw.iloc[pos],
                                        "a whole-number period (year or round index)"))
        if c == cols.treatment:
            for pos in np.flatnonzero(ok & (arr != 0) & (arr != 1)):
                problems.append(Problem(file, _row(pos), c, raw.iloc[pos],
                                        "0 or 1 (a dose/intensity goes in the intensity column)"))
        if cols.intensity and c == cols.intensity:
            for pos in np.flatnonzero(ok & (arr < 0)):
                problems.append(Problem(file, _row(pos), c, raw.iloc[pos], "an intensity ≥ 0"))
        if not clean or c in (cols.period, cols.treatment):
            d[c] = arr
    if problems:
        raise DataValidationError(file, problems)
    if raw_unit.dtype != object:
        d[cols.unit] = raw_unit.astype(str)
    d[cols.period] = d[cols.period].astype("int64")
    d[cols.treatment] = d[cols.treatment].astype("int64")
    period = d[cols.period].to_numpy()
    pcode, puniq = pd.factorize(period)
    dup = pd.Series(ucode.astype("int64") * len(puniq) + pcode).duplicated(keep="first").to_numpy()
    for pos in np.flatnonzero(dup):
        problems.append(Problem(file, _row(pos), f"{cols.unit}, {cols.period}",
                                f"{d.at[pos, cols.unit]}, {d.at[pos, cols.period]}",
                                "one row per unit and period (duplicate unit-period)"))
    if not derive and not require_absorbing:
        return d
    key = ucode.astype("int64") * (int(period.max()) - int(period.min()) + 1) + (period - period.min())
    if len(key) > 1 and (np.diff(key) > 0).all():  # already sorted by unit (first appearance) and period
        order = np.arange(len(d))
    else:
        order = np.argsort(key, kind="stable")
        d = d.take(order).reset_index(drop=True)
    rows = order + 2
    u_sorted, t_sorted = ucode[order], d[cols.treatment].to_numpy()
    if require_absorbing:
        off = np.flatnonzero((u_sorted[1:] == u_sorted[:-1]) & (t_sorted[:-1] == 1) & (t_sorted[1:] == 0)) + 1
        for pos in off:
            problems.append(Problem(file, int(rows[pos]), cols.treatment, 0,
                                    f"treatment that stays on once started (unit {d.at[pos, cols.unit]} was treated "
                                    "in the previous period); staggered estimators need absorbing treatment"))
    if problems:
        raise DataValidationError(file, sorted(problems, key=lambda p: p.row or 0))
    p_sorted = d[cols.period].to_numpy()
    first = np.zeros(int(ucode.max()) + 1 if len(ucode) else 0, dtype="int64")
    tr = np.flatnonzero(t_sorted == 1)
    units_tr, at = np.unique(u_sorted[tr], return_index=True)  # rows are sorted: first treated row per unit
    first[units_tr] = p_sorted[tr[at]]
    ft = first[u_sorted]
    d["first_treat"] = ft
    d["rel_time"] = np.where(ft > 0, p_sorted - ft, np.nan)
    return d


def read_panel(path: str | Path, cols: PanelColumns, **kwargs) -> pd.DataFrame:
    """Read a panel file (CSV with decimal points, XLSX or Parquet) and :func:`check_panel` it.

    The unit column is read as text (codes keep their leading zeros). Raises :class:`DataValidationError`
    naming the file (a missing file is a problem of row ``None``).
    """
    path = Path(path)
    file = str(path.name)
    if not path.exists():
        raise DataValidationError(file, [Problem(file, None, None, str(path), "an existing panel file")])
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        df = pd.read_parquet(path)
    elif suffix in (".xlsx", ".xlsm"):
        df = pd.read_excel(path, dtype={cols.unit: str})
    else:
        df = pd.read_csv(path, dtype={cols.unit: str}, keep_default_na=True)
    return check_panel(df, cols, file=file, **kwargs)


# --------------------------------------------------------------------------------------------- builder
def _read_outcomes(path: str | Path, level: str) -> pd.DataFrame:
    path = Path(path)
    file = path.name
    if not path.exists():
        raise DataValidationError(file, [Problem(file, None, None, str(path), "an existing outcome file")])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raw = pd.read_excel(path, dtype=str)
    else:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw.columns = [str(c).strip() for c in raw.columns]
    problems: list[Problem] = []
    for c in ("unit_code", "year"):
        if c not in raw.columns:
            problems.append(Problem(file, 1, c, None, f"a column {c!r} (outcome schema: unit_code, year, outcomes…)"))
    outcomes = [c for c in raw.columns if c not in ("unit_code", "year")]
    if not outcomes:
        problems.append(Problem(file, 1, None, ", ".join(raw.columns), "at least one outcome column"))
    if problems:
        raise DataValidationError(file, problems)
    width = LEVEL_WIDTH[level]
    out = pd.DataFrame({"unit_code": raw["unit_code"].str.strip()})
    for pos, v in enumerate(out["unit_code"]):
        if not (len(v) == width and v.isdigit()):
            problems.append(Problem(file, _row(pos), "unit_code", v, f"a {width}-digit {level} code as text"))
    year = pd.to_numeric(raw["year"], errors="coerce")
    for pos in np.flatnonzero((year.isna() | (year != np.round(year)) | (year < 1990) | (year > 2100)).to_numpy()):
        problems.append(Problem(file, _row(pos), "year", raw["year"].iloc[pos], "a year 1990–2100"))
    out["year"] = year
    for c in outcomes:
        v = pd.to_numeric(raw[c].str.strip().replace("", np.nan), errors="coerce")
        for pos in np.flatnonzero(v.isna().to_numpy()):
            txt = raw[c].iloc[pos]
            problems.append(Problem(file, _row(pos), c, txt or None,
                                    "a number with a decimal point" if txt else "a value (empty cell)"))
        out[c] = v
    dup = out.duplicated(["unit_code", "year"])
    for pos in np.flatnonzero(dup.to_numpy()):
        problems.append(Problem(file, _row(pos), "unit_code, year",
                                f"{out['unit_code'].iloc[pos]}, {raw['year'].iloc[pos]}",
                                "one row per unit and year"))
    if problems:
        raise DataValidationError(file, sorted(problems, key=lambda p: p.row or 0))
    out["year"] = out["year"].astype("int64")
    return out


def roster_intensity(roster: pd.DataFrame, level: str, years: list[int]) -> pd.DataFrame:
    """Staffing intensity per unit and year from a validated ``staff_roster`` frame.

    Returns columns ``unit_code``, ``year``, ``n_staff``, ``n_pppk``, ``n_professional`` (orang),
    ``pppk_share``, ``professional_share`` (fraction 0–1; NaN when ``n_staff`` = 0) and
    ``kpm_per_pendamping`` (KPM per Pendamping PKH; NaN without one). A person counts from the year of
    ``start_date`` (staff without a start date count in every year).
    """
    if level not in LEVEL_WIDTH:
        raise ValueError(f"level must be one of {', '.join(LEVEL_WIDTH)}, got {level!r}")
    col = _LEVEL_COLUMN[level]
    r = roster.copy()
    r["start_year"] = pd.to_numeric(r["start_date"].str[:4], errors="coerce").fillna(0).astype(int)
    r["is_pppk"] = r["employment_status"].isin(PPPK_STATUSES)
    r["is_prof"] = r["staff_type"].isin(PROFESSIONAL_TYPES) | (r["education_field"] == SOCIAL_WORK_FIELD)
    r["is_pkh"] = r["staff_type"] == "Pendamping PKH"
    r["kpm"] = pd.to_numeric(r["caseload"], errors="coerce").where(r["is_pkh"], 0.0).fillna(0.0)
    rows = []
    for y in years:
        act = r[r["start_year"] <= y].groupby(col).agg(
            n_staff=("staff_id", "size"), n_pppk=("is_pppk", "sum"), n_professional=("is_prof", "sum"),
            n_pkh=("is_pkh", "sum"), kpm=("kpm", "sum"))
        act["year"] = y
        rows.append(act.reset_index().rename(columns={col: "unit_code"}))
    out = pd.concat(rows, ignore_index=True)
    n = out["n_staff"].where(out["n_staff"] > 0)
    out["pppk_share"] = out["n_pppk"] / n
    out["professional_share"] = out["n_professional"] / n
    out["kpm_per_pendamping"] = out["kpm"] / out["n_pkh"].where(out["n_pkh"] > 0)
    return out.drop(columns=["n_pkh", "kpm"])


def build_panel(roster_path: str | Path, outcome_path: str | Path, *, level: str = "kabkota", min_pppk: int = 1,
                decimal: str | None = None) -> pd.DataFrame:
    """Roster file + outcome file → checked unit × year panel (see the module docstring).

    Returns one row per (unit_code, year) of the outcome file with its outcome columns, the intensity
    columns of :func:`roster_intensity` (zero staff where the roster has nobody in the unit), ``treated``
    (0/1), ``first_treat`` and ``rel_time``. Raises :class:`DataValidationError` for problems in either
    file (roster problems as ``kesos data validate`` reports them) or when a unit's treatment would switch
    off (a roster snapshot cannot produce that; a hand-made file can).
    """
    from ..data.ingest import validate_file

    if level not in LEVEL_WIDTH:
        raise ValueError(f"level must be one of {', '.join(LEVEL_WIDTH)}, got {level!r}")
    roster = validate_file(roster_path, "staff_roster", decimal=decimal).frame
    outcomes = _read_outcomes(outcome_path, level)
    years = sorted(outcomes["year"].unique().tolist())
    inten = roster_intensity(roster, level, years)
    panel = outcomes.merge(inten, on=["unit_code", "year"], how="left")
    for c in ("n_staff", "n_pppk", "n_professional"):
        panel[c] = panel[c].fillna(0).astype("int64")
    panel["treated"] = (panel["n_pppk"] >= min_pppk).astype("int64")
    unmatched = sorted(set(inten["unit_code"]) - set(outcomes["unit_code"]))
    if unmatched:
        warnings.warn(f"{len(unmatched)} roster unit(s) have no outcome rows and are left out: "
                      f"{', '.join(unmatched[:10])}", PanelWarning, stacklevel=2)
    outcome_cols = [c for c in outcomes.columns if c not in ("unit_code", "year")]
    cols = PanelColumns(unit="unit_code", period="year", outcome=outcome_cols[0], treatment="treated")
    return check_panel(panel, cols, file=Path(outcome_path).name)
