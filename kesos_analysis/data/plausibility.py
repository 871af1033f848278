"""Plausibility of a release before it is added: values consistent with what is stored, periods that exist.

Checks (each problem names the file, the source row and cell, the value and the reference used):

* **periods** (every table with ``year``): no future round or year, no row for a province before its
  creation (rules and laws in :mod:`kesos_analysis.data.periods`);
* **poverty**: ``poor_thousand / (p0_percent / 100)`` within a factor 0.5–2 of the province's population
  (nearest year of ``population_province``) or of the population implied by its previous stored round;
* **population**: within a factor 0.5–2 of the province's stored population (nearest year) or of the
  population implied by its latest poverty round;
* **UMP**: within a factor :data:`UMP_YEAR_RATIO` per year of the same province's nearest other year
  (stored or in the same file; the factor is compounded for gaps, up to 4 years) and within
  :data:`UMP_NATIONAL_RANGE` × the lowest/highest UMP of the nearest stored year (catches a ×10 or ÷10 typo).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import KesosError, Problem
from . import periods
from .readers import ReadResult


@dataclass
class _View:
    frame: pd.DataFrame
    read: ReadResult


def problems(table: str, frame: pd.DataFrame, read: ReadResult, raw_dir: Path, label: str) -> list[Problem]:
    """Every plausibility problem of the typed ``frame`` read into ``read`` for ``table`` (see module doc)."""
    vf = _View(frame, read)
    out = period_problems(table, vf, label)
    if out:
        return out
    if table == "poverty_province":
        out += _poverty_problems(vf, raw_dir, label)
    elif table == "population_province":
        out += _population_problems(vf, raw_dir, label)
    elif table == "ump_province":
        out += _ump_problems(vf, raw_dir, label)
    return out


def period_problems(table: str, vf: _View, label: str) -> list[Problem]:
    """Future rounds/years and rows for a province before its creation."""
    if "year" not in vf.frame.columns:
        return []
    out = []
    has_month = "month" in vf.frame.columns
    for j, rec in enumerate(vf.frame.to_dict("records")):
        if pd.isna(rec.get("year")):
            continue
        year = int(rec["year"])
        month = int(rec["month"]) if has_month and not pd.isna(rec.get("month")) else None
        why = periods.future_problem(table, year, month)
        if why:
            out.append(Problem(label, vf.read.row_of(j), vf.read.where(j, "year"), year, why))
            continue
        code = rec.get("bps_code")
        why = periods.existence_problem(table, code, year, month) if isinstance(code, str) else None
        if why:
            out.append(Problem(label, vf.read.row_of(j), vf.read.where(j, "bps_code"), code, why))
    return out


#: Allowed ratio of a UMP to the same province's UMP one year apart (compounded per year of gap, at most 4
#: years). The largest year-on-year change stored (2016–2025, ``regions/ump_province.csv``) is below 20 %.
UMP_YEAR_RATIO = (0.8, 1.25)
#: Allowed range relative to the lowest and highest UMP of the nearest stored year.
UMP_NATIONAL_RANGE = (0.5, 2.0)


def _ump_problems(vf: _View, raw_dir: Path, label: str) -> list[Problem]:
    """UMP rows far from the province's neighbouring years or outside the national range (×10 typos)."""
    from .loaders import load_raw

    try:
        stored = load_raw("ump_province", raw_dir, verify=False)
    except (KesosError, OSError):
        stored = pd.DataFrame(columns=["bps_code", "year", "ump_rupiah"])
    stored = stored[stored["ump_rupiah"].notna()]
    new = vf.frame
    # Plain lookups by province (one pass over each table; a per-row frame filter is quadratic in practice).
    by_code: dict[Any, list[tuple[int, float, str]]] = {}
    for c, y, v in zip(stored["bps_code"], stored["year"].astype(int), stored["ump_rupiah"].astype(float),
                       strict=True):
        by_code.setdefault(c, []).append((int(y), float(v), "stored"))
    for c, y, v in zip(new["bps_code"], new["year"], new["ump_rupiah"], strict=True):
        if not pd.isna(y) and not pd.isna(v):
            by_code.setdefault(c, []).append((int(y), float(v), "this file"))
    national: dict[int, tuple[float, float]] = {}
    for y, v in zip(stored["year"].astype(int), stored["ump_rupiah"].astype(float), strict=True):
        lo_v, hi_v = national.get(int(y), (float(v), float(v)))
        national[int(y)] = (min(lo_v, float(v)), max(hi_v, float(v)))
    out = []
    lo_y, hi_y = UMP_YEAR_RATIO
    for j, rec in enumerate(new.to_dict("records")):
        value, code, year = rec.get("ump_rupiah"), rec.get("bps_code"), rec.get("year")
        if pd.isna(value) or pd.isna(year) or float(value) <= 0:
            continue
        year = int(year)
        refs = [r for r in by_code.get(code, []) if r[0] != year]
        reason = None
        if refs:
            gap = min(abs(y - year) for y, _, _ in refs)
            nearest = [(y, v, w) for y, v, w in refs if abs(y - year) == gap]
            d = min(gap, 4)
            lo, hi = lo_y ** d, hi_y ** d
            if not any(lo <= float(value) / v <= hi for _, v, _ in nearest):
                basis = "; ".join(f"{y}: Rp{v:,.0f} ({w})" for y, v, w in sorted(nearest))
                reason = (f"a UMP close to the province's neighbouring year ({basis}; allowed factor "
                          f"{lo:.2f}–{hi:.2f} for {gap} year(s) apart)")
        if reason is None and national:
            ny = min(national, key=lambda y, t=year: abs(y - t))  # first stored year at the smallest distance
            vmin, vmax = national[ny]
            lo_n, hi_n = UMP_NATIONAL_RANGE[0] * vmin, UMP_NATIONAL_RANGE[1] * vmax
            if not lo_n <= float(value) <= hi_n:
                reason = (f"a UMP within the national range (UMP {ny}: Rp{vmin:,.0f}–Rp{vmax:,.0f}; "
                          f"allowed Rp{lo_n:,.0f}–Rp{hi_n:,.0f})")
        if reason:
            out.append(Problem(label, vf.read.row_of(j), vf.read.where(j, "ump_rupiah"), _num(value),
                               reason + ". A digit too many or too few (×10, ÷10)? Fix the cell"))
    return out


#: Allowed ratio between the population implied by a poverty row (poor / P0) and the known population.
PLAUSIBLE_POPULATION_RATIO = (0.5, 2.0)


def _poverty_problems(vf: _View, raw_dir: Path, label: str) -> list[Problem]:
    """Poverty rows whose implied population (poor_thousand / (p0_percent / 100)) is not within a factor
    of 2 of the province's population (nearest year of ``population_province``) or of the population
    implied by its previous stored poverty round: catches P0 given as a fraction (0.107 for 10.7 %) and
    counts in persons instead of thousands."""
    if not {"p0_percent", "poor_thousand"} <= vf.read.provided:
        return []
    refs_tables = _population_references(raw_dir)
    if refs_tables is None:
        return []
    pop, pov = refs_tables
    lo, hi = PLAUSIBLE_POPULATION_RATIO
    problems = []
    for j, rec in enumerate(vf.frame.to_dict("records")):
        p0, poor, code = rec.get("p0_percent"), rec.get("poor_thousand"), rec.get("bps_code")
        if pd.isna(p0) or pd.isna(poor) or p0 <= 0 or poor <= 0:
            continue
        implied = float(poor) / (float(p0) / 100)
        year, month = int(rec["year"]), int(rec["month"])
        refs: list[tuple[str, float]] = []
        p = pop[pop["bps_code"] == code]
        if len(p):
            p = p.assign(_d=(p["year"].astype(int) - year).abs()).sort_values(["_d", "year"], ascending=[True, False])
            refs.append((f"population_province {int(p.iloc[0]['year'])}", float(p.iloc[0]["population_thousand"])))
        q = pov[(pov["bps_code"] == code) & pov["p0_percent"].notna() & pov["poor_thousand"].notna()
                & (pov["p0_percent"] > 0)]
        if len(q):
            rounds = q["year"].astype(int) * 100 + q["month"].astype(int)
            before = q[rounds < year * 100 + month]
            r0 = (before if len(before) else q).assign(_r=rounds).sort_values("_r").iloc[-1 if len(before) else 0]
            refs.append((f"the poverty round {int(r0['year'])}-{int(r0['month']):02d} (poor/P0)",
                         float(r0["poor_thousand"]) / (float(r0["p0_percent"]) / 100)))
        if not refs or any(lo <= implied / ref <= hi for _, ref in refs):
            continue
        basis = "; ".join(f"{name}: {ref:,.1f} thousand" for name, ref in refs)
        problems.append(Problem(
            label, vf.read.row_of(j), f"{vf.read.where(j, 'p0_percent')}, {vf.read.where(j, 'poor_thousand')}",
            f"p0_percent {_num(p0)}, poor_thousand {_num(poor)}",
            f"values consistent with the province's population: poor_thousand / (p0_percent / 100) implies a "
            f"population of {implied:,.1f} thousand, but {basis} (allowed factor {lo:g}–{hi:g}). Is P0 a fraction "
            "instead of a percentage (0.107 for 10.7), or the poor count in persons instead of thousands?"))
    return problems


def _population_references(raw_dir: Path):
    """``(population_province, poverty_province)`` as stored in ``raw_dir``, or ``None`` if unreadable
    (the plausibility checks then have nothing to compare with and are skipped)."""
    from .loaders import load_raw

    try:
        return load_raw("population_province", raw_dir, verify=False), load_raw("poverty_province", raw_dir, verify=False)
    except (KesosError, OSError):
        return None


def _population_problems(vf: _View, raw_dir: Path, label: str) -> list[Problem]:
    """Population rows not within a factor of 2 of the province's stored population (nearest year), or,
    for provinces without one, of the population implied by its latest poverty round (persons or millions
    given as thousands)."""
    refs_tables = _population_references(raw_dir)
    if refs_tables is None:
        return []
    pop, pov = refs_tables
    lo, hi = PLAUSIBLE_POPULATION_RATIO
    problems = []
    for j, rec in enumerate(vf.frame.to_dict("records")):
        value, code = rec.get("population_thousand"), rec.get("bps_code")
        if pd.isna(value) or value <= 0:
            continue
        p = pop[pop["bps_code"] == code]
        if len(p):
            p = p.assign(_d=(p["year"].astype(int) - int(rec["year"])).abs()).sort_values(["_d", "year"], ascending=[True, False])
            basis, ref = f"population_province {int(p.iloc[0]['year'])}", float(p.iloc[0]["population_thousand"])
        else:
            q = pov[(pov["bps_code"] == code) & pov["p0_percent"].notna() & pov["poor_thousand"].notna() & (pov["p0_percent"] > 0)]
            if not len(q):
                continue
            r0 = q.assign(_r=q["year"].astype(int) * 100 + q["month"].astype(int)).sort_values("_r").iloc[-1]
            basis = f"the poverty round {int(r0['year'])}-{int(r0['month']):02d} (poor/P0)"
            ref = float(r0["poor_thousand"]) / (float(r0["p0_percent"]) / 100)
        if lo <= float(value) / ref <= hi:
            continue
        problems.append(Problem(label, vf.read.row_of(j), vf.read.where(j, "population_thousand"), _num(value),
                                f"a population in thousands close to the province's ({basis}: {ref:,.1f} thousand; "
                                f"allowed factor {lo:g}–{hi:g}). Is it in persons or millions instead of thousands?"))
    return problems


def _num(v: Any) -> str:
    return np.format_float_positional(float(v), trim="-")


def _num(v: Any) -> str:
    return np.format_float_positional(float(v), trim="-")
