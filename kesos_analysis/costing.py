"""PPPK cost model: pay by golongan and MKG, annual cost per person, phased recruitment and budget paths.

Salary amounts are never typed here: the minimum and maximum basic salary per golongan (I–XVII) come from
``data/raw/kesos/pppk_salary.csv`` (section ``pppk_basic_salary``; Perpres 98/2020 for 2020 and Perpres 11/2024
for 2024), entry golongan by education from section ``pppk_golongan_by_entry_education`` (PermenPANRB 72/2020)
and the JF Pekerja Sosial allowance from section ``jf_pekerja_sosial_allowance`` (Perpres 54/2006, old level
names). Everything else (allowance rates, employer contributions, phasing, macro) is in
``parameters/pppk_costing.yaml`` with its source.

**MKG progression is an assumption.** The data holds only the published minimum (at the MKG minimum) and
maximum (at the MKG maximum) of each golongan, not the full MKG grid. :func:`basic_salary_rupiah_per_month`
interpolates between them, linearly or in steps (``pay.mkg_interpolation``, ``pay.mkg_step_years``).
For the 2024 table, whose rows carry no MKG bounds, the 2020 bounds of the same golongan are used (Perpres
11/2024 only raised amounts by 8%); where neither table has bounds (golongan XII–XVII) the parameters
``pay.mkg_min_years_if_missing`` / ``pay.mkg_max_years_if_missing`` apply.

Budget conventions (docs/research/evidence.md §4.2): budget impact is shown undiscounted in nominal Rupiah, and also in
constant prices of ``macro.price_base_year``; present values use the real discount rate
``macro.discount_rate_percent`` (6%, sensitivity 3% and 10%).

Units: ``*_rupiah_per_month``, ``*_rupiah_per_year``, headcounts in orang, FTE.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import ParameterError
from .paramfile import ParameterSet
from .staffing import cadre_label, cadres, need_by_cadre

COSTING = "pppk_costing"
STAFFING = "staffing_standards"

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_to_int(s: str) -> int:
    """``"XVII"`` → 17 (golongan numerals). Raises :class:`ParameterError` for anything else."""
    s = str(s).strip().upper()
    if not s or any(c not in _ROMAN for c in s):
        raise ParameterError(f"{s!r} is not a golongan numeral (I–XVII)")
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


def _salary_data(salary: pd.DataFrame | None) -> pd.DataFrame:
    if salary is None:
        from .data import load

        salary = load("pppk_salary")
    return salary


def basic_salary_table(table_year: int, salary: pd.DataFrame | None = None, *, mkg_min_if_missing: float = 0,
                       mkg_max_if_missing: float = 32) -> pd.DataFrame:
    """Minimum and maximum PPPK basic salary per golongan for ``table_year`` (2020 or 2024), from the data.

    Columns: ``golongan`` (roman), ``golongan_number`` (1–17), ``min_rupiah_per_month``,
    ``max_rupiah_per_month``, ``min_mkg_years``, ``max_mkg_years``, ``mkg_basis`` (``"table"``,
    ``"2020 table"`` or ``"assumption"``), ``regulation``, ``source_url``. Sorted by golongan.

    Raises :class:`ParameterError` if the data has no basic-salary rows for ``table_year``.
    """
    sal = _salary_data(salary)
    basic = sal[sal["section"] == "pppk_basic_salary"]
    rows = basic[basic["year_effective"] == table_year]
    if rows.empty:
        years = sorted(int(y) for y in basic["year_effective"].dropna().unique())
        raise ParameterError(f"no PPPK basic-salary table for {table_year}; tables in the data: {years}")
    ref2020 = basic[basic["year_effective"] == 2020].set_index("level")
    out = []
    for r in rows.itertuples(index=False):
        lo, hi, basis = r.min_mkg_years, r.max_mkg_years, "table"
        if pd.isna(lo) or pd.isna(hi):
            if r.level in ref2020.index and not pd.isna(ref2020.at[r.level, "min_mkg_years"]):
                lo, hi, basis = ref2020.at[r.level, "min_mkg_years"], ref2020.at[r.level, "max_mkg_years"], "2020 table"
            else:
                lo, hi, basis = mkg_min_if_missing, mkg_max_if_missing, "assumption"
        out.append({
            "golongan": r.level, "golongan_number": roman_to_int(r.level),
            "min_rupiah_per_month": int(r.min_monthly_rupiah), "max_rupiah_per_month": int(r.max_monthly_rupiah),
            "min_mkg_years": float(lo), "max_mkg_years": float(hi), "mkg_basis": basis,
            "regulation": r.regulation, "source_url": r.source_url,
        })
    return pd.DataFrame(out).sort_values("golongan_number").reset_index(drop=True)


def entry_golongan(education: str, salary: pd.DataFrame | None = None) -> str:
    """Entry golongan for an education level (``"SMA"`` → V, ``"D3"`` → VII, ``"S1/D4"`` → IX …).

    Read from section ``pppk_golongan_by_entry_education`` (PermenPANRB 72/2020 as summarised). The
    education may name any token of the row (``"S1"``, ``"D4"``, ``"S1/D4"``, ``"SMA"``, ``"D1"``).
    Raises :class:`ParameterError` for an unknown or ambiguous education level.
    """
    sal = _salary_data(salary)
    rows = sal[sal["section"] == "pppk_golongan_by_entry_education"]
    wanted = {t.strip().upper() for t in str(education).replace(" or ", "/").split("/") if t.strip()}
    hits = set()
    for r in rows.itertuples(index=False):
        tokens = {t.strip().upper() for t in str(r.entry_education).replace(" or ", "/").split("/")}
        if wanted & tokens:
            hits.add(r.level)
    if len(hits) != 1:
        known = sorted(rows["entry_education"].astype(str))
        raise ParameterError(f"education {education!r} maps to {sorted(hits) or 'no'} golongan; known: {known}")
    return hits.pop()


def basic_salary_rupiah_per_month(golongan: str, mkg_years: float, table: pd.DataFrame, *,
                                  interpolation: str = "step", step_years: float = 2) -> float:
    """Basic salary (Rupiah per month) of ``golongan`` at ``mkg_years`` of service in that golongan.

    Published minimum at the MKG minimum, published maximum at the MKG maximum (``table`` from
    :func:`basic_salary_table`); in between, an **assumed** progression: ``"linear"`` in MKG, or ``"step"``
    (the linear value at the start of each ``step_years`` block, like two-yearly PNS increments). Below the
    minimum MKG the minimum applies, above the maximum the maximum. Raises :class:`ParameterError` for a
    negative MKG, an unknown golongan or interpolation.
    """
    if mkg_years < 0:
        raise ParameterError(f"MKG must not be negative, got {mkg_years}")
    if interpolation not in ("linear", "step"):
        raise ParameterError(f"interpolation must be 'linear' or 'step', got {interpolation!r}")
    row = table[table["golongan"] == golongan]
    if row.empty:
        raise ParameterError(f"golongan {golongan!r} not in the salary table (I–XVII)")
    r = row.iloc[0]
    lo, hi = r["min_mkg_years"], r["max_mkg_years"]
    m = min(max(float(mkg_years), lo), hi)
    if interpolation == "step":
        if step_years <= 0:
            raise ParameterError(f"step_years must be positive, got {step_years}")
        m = lo + math.floor((m - lo) / step_years) * step_years
    frac = 0.0 if hi == lo else (m - lo) / (hi - lo)
    return float(r["min_rupiah_per_month"] + frac * (r["max_rupiah_per_month"] - r["min_rupiah_per_month"]))


def jf_allowance_rupiah_per_month(level: str, salary: pd.DataFrame | None = None) -> int:
    """JF Pekerja Sosial functional allowance (Rupiah per month) for an OLD-nomenclature level (Perpres 54/2006).

    The amounts date from 2006, come from a secondary source, and their mapping to the PermenPANRB 33/2020
    levels is not confirmed (SOURCES.md caveat 6). Raises :class:`ParameterError` for an unknown level.
    """
    sal = _salary_data(salary)
    rows = sal[(sal["section"] == "jf_pekerja_sosial_allowance") & (sal["level"] == level)]
    if rows.empty:
        known = sorted(sal.loc[sal["section"] == "jf_pekerja_sosial_allowance", "level"])
        raise ParameterError(f"JF Pekerja Sosial allowance level {level!r} not found; known: {known}")
    return int(rows.iloc[0]["amount_rupiah"])


@dataclass(frozen=True)
class PayTable:
    """Everything :func:`annual_cost_per_person` needs from the data, read once."""

    table_year: int
    golongan: str
    table: pd.DataFrame
    jf_allowance_rupiah_per_month: int


def pay_table(ps: ParameterSet, year: int | None = None, salary: pd.DataFrame | None = None) -> PayTable:
    """Salary table, entry golongan and JF allowance selected by the parameters (``pay.*``)."""
    g = lambda k: ps.get(f"{COSTING}.pay.{k}", year)  # noqa: E731
    sal = _salary_data(salary)
    table_year = int(g("table_year"))
    table = basic_salary_table(table_year, sal, mkg_min_if_missing=g("mkg_min_years_if_missing"),
                               mkg_max_if_missing=g("mkg_max_years_if_missing"))
    gol = entry_golongan(g("entry_education"), sal)
    jf = jf_allowance_rupiah_per_month(g("jf_allowance_level"), sal) if g("include_jf_allowance") else 0
    return PayTable(table_year, gol, table, jf)


def annual_cost_per_person(ps: ParameterSet, mkg_years: float = 0, *, year: int | None = None,
                           pay: PayTable | None = None) -> dict[str, float]:
    """Annual employer cost of one PPPK (Rupiah per year, at the pay table's prices) and its parts.

    * ``basic`` = basic salary × 12 (golongan from ``pay.entry_education``, at ``mkg_years``);
    * ``family``, ``food``, ``performance``, ``jf`` allowances × 12 (PPPK get PNS allowances, Perpres
      98/2020 Pasal 4; rates and amounts in ``pppk_costing.yaml``);
    * ``extra_months`` = (months_paid_per_year − 12) × (basic + family + jf + performance) per month (THR and
      gaji ke-13);
    * ``bpjs_kesehatan`` = employer % × min(wage, cap) × 12 (wage = basic + family + jf + performance);
    * ``jkk``, ``jkm`` = employer % × basic × 12;
    * ``total``; and ``monthly_gross`` (basic + allowances per month, for comparisons with current pay).
    """
    pay = pay or pay_table(ps, year)
    g = lambda k: ps.get(f"{COSTING}.{k}", year)  # noqa: E731
    basic_m = basic_salary_rupiah_per_month(pay.golongan, mkg_years, pay.table,
                                            interpolation=g("pay.mkg_interpolation"), step_years=g("pay.mkg_step_years"))
    family_m = basic_m * g("pay.family_allowance_percent_of_basic") / 100
    food_m = float(g("pay.food_allowance_rupiah_per_month"))
    perf_m = float(g("pay.performance_allowance_rupiah_per_month"))
    jf_m = float(pay.jf_allowance_rupiah_per_month)
    wage_m = basic_m + family_m + jf_m + perf_m
    parts = {
        "basic": basic_m * 12,
        "family": family_m * 12,
        "food": food_m * 12,
        "performance": perf_m * 12,
        "jf": jf_m * 12,
        "extra_months": (g("pay.months_paid_per_year") - 12) * wage_m,
        "bpjs_kesehatan": g("contributions.bpjs_kesehatan_employer_percent") / 100
        * min(wage_m, g("contributions.bpjs_kesehatan_wage_cap_rupiah_per_month")) * 12,
        "jkk": g("contributions.jkk_percent") / 100 * basic_m * 12,
        "jkm": g("contributions.jkm_percent") / 100 * basic_m * 12,
    }
    parts["total"] = sum(parts.values())
    parts["monthly_gross"] = wage_m + food_m
    parts["basic_monthly"] = basic_m
    return parts


def ramp(year: int, start_year: int, rollout_years: int) -> float:
    """Share of the target reached in ``year``: 0 before ``start_year``, then linear to 1 after ``rollout_years``."""
    if rollout_years < 1:
        raise ParameterError(f"rollout_years must be at least 1, got {rollout_years}")
    if year < start_year:
        return 0.0
    return min(1.0, (year - start_year + 1) / rollout_years)


def current_pay(ps: ParameterSet, compensation: pd.DataFrame | None = None) -> pd.DataFrame:
    """Today's pay of each cadre that has a sourced figure, from ``data/raw/kesos/compensation.csv``.

    The rows used are named in ``pppk_costing.yaml`` (``current_pay``). Columns: ``cadre, staff_type, year,
    rupiah_per_month, funding, confidence, source_url, note``. Confidence labels are kept: PKH pendamping pay
    is hearsay (low); TKSK tali asih is the APBN part only (regional top-ups vary).
    """
    if compensation is None:
        from .data import load

        compensation = load("compensation")
    refs: Mapping[str, Mapping] = ps.node(f"{COSTING}.current_pay")
    rows = []
    for cadre, ref in refs.items():
        hit = compensation[(compensation["staff_type"] == ref["staff_type"]) & (compensation["year"] == ref["year"])]
        if len(hit) != 1:
            raise ParameterError(f"pppk_costing.yaml: current_pay.{cadre} {dict(ref)} matches {len(hit)} rows of compensation.csv (need 1)")
        h = hit.iloc[0]
        rows.append({"cadre": cadre, "staff_type": h["staff_type"], "year": int(h["year"]),
                     "rupiah_per_month": float(h["amount_rupiah"]), "funding": h["funding"],
                     "confidence": h["confidence"], "source_url": h["source_url"], "note": h["note"]})
    return pd.DataFrame(rows)


def latest_complete_ump_year(ump: pd.DataFrame, min_share: float = 0.75) -> int:
    """The latest year in which at least ``min_share`` of the provinces of that year's basis (34 before
    2024, 38 from 2024; Kepmendagri) have a UMP, so that one newly added province does not become "the
    UMP year" of a report. Raises KesosError if no year qualifies.
    """
    from .errors import KesosError

    counts = ump[ump["bps_code"] != "00"].groupby("year")["bps_code"].nunique()
    ok = [int(y) for y, n in counts.items() if n >= min_share * (38 if int(y) >= 2024 else 34)]
    if not ok:
        raise KesosError("no year in ump_province has a UMP for most provinces")
    return max(ok)


def ump_comparison(ps: ParameterSet, ump: pd.DataFrame | None = None, year: int | None = None) -> pd.DataFrame:
    """PPPK entry basic salary and monthly gross against each province's UMP (latest year in which most
    provinces have a UMP: :func:`latest_complete_ump_year`).

    Columns: ``bps_code, province, ump_year, ump_rupiah_per_month, pppk_basic_rupiah_per_month,
    pppk_gross_rupiah_per_month, basic_to_ump`` (ratio). UMP from ``regions/ump_province.csv``.
    """
    if ump is None:
        from .data import load

        ump = load("ump_province")
    ump = ump[ump["bps_code"] != "00"]  # UMP is set per province; a national "average" row is not a UMP
    y = latest_complete_ump_year(ump) if year is None else year
    u = ump[ump["year"] == y][["bps_code", "province", "ump_rupiah"]].copy()
    cost = annual_cost_per_person(ps, 0)
    u["ump_year"] = y
    u = u.rename(columns={"ump_rupiah": "ump_rupiah_per_month"})
    u["pppk_basic_rupiah_per_month"] = cost["basic_monthly"]
    u["pppk_gross_rupiah_per_month"] = cost["monthly_gross"]
    u["basic_to_ump"] = u["pppk_basic_rupiah_per_month"] / u["ump_rupiah_per_month"]
    return u.sort_values("bps_code").reset_index(drop=True)


def budget_paths(ps: ParameterSet, need: pd.DataFrame | None = None, compensation: pd.DataFrame | None = None,
                 salary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Headcount and budget per cadre and year over the horizon (``macro.horizon_first_year`` … ``last``).

    For each cadre and year ``t``:

    * target PPPK posts ``T_t = required_fte_professional × pppk_share(t) × ramp(t)`` (ramp: linear from
      ``recruitment.start_year`` over ``recruitment.rollout_years``);
    * cohorts hired in earlier years shrink by ``recruitment.attrition_percent_per_year``; hires
      ``= max(0, T_t − survivors)``; hires are first **conversions** of current staff (the professional share
      of today's headcount, plus ``upgrade_share_non_professional`` of the rest, until that pool is used up),
      then **new hires**, who carry a one-off recruitment cost (``recruitment_cost_share_of_annual_cost``);
    * each cohort is paid :func:`annual_cost_per_person` at its MKG (new hires enter at MKG 0, conversions at
      ``converted_initial_mkg_years``), scaled by the pay-table growth from the table year;
    * legacy (non-PPPK) staff ``= min(current × (1 − pppk_share(t) × ramp(t)), current − converted so far)`` keep
    today's pay
      (:func:`current_pay`, 12 months, no employer contributions), held at its last observed level until the
      first horizon year and indexed by ``pay.legacy_pay_growth_percent_per_year`` after it — the status quo
      is indexed the same way; cadres without a sourced pay or count add nothing.

    Everyone is assumed on payroll for the full year of hiring. Columns: ``cadre, year, target_posts,
    pppk_headcount, conversions, new_hires, leavers, legacy_headcount, pppk_cost_nominal,
    recruitment_cost_nominal, legacy_cost_nominal, total_cost_nominal, status_quo_cost_nominal,
    incremental_cost_nominal`` and the ``*_real`` versions (constant prices of ``macro.price_base_year``),
    plus ``discount_factor`` (real rate, 1 in ``recruitment.start_year``… see :func:`present_value`).
    """
    g = lambda k, y=None: ps.get(f"{COSTING}.{k}", y)  # noqa: E731
    first, last = int(g("macro.horizon_first_year")), int(g("macro.horizon_last_year"))
    if last < first:
        raise ParameterError(f"horizon_last_year {last} is before horizon_first_year {first}")
    need = need_by_cadre(ps) if need is None else need
    pay = pay_table(ps, salary=salary)
    paid = current_pay(ps, compensation).set_index("cadre")["rupiah_per_month"]
    growth = g("pay.growth_percent_per_year") / 100
    legacy_growth = g("pay.legacy_pay_growth_percent_per_year") / 100
    infl = g("macro.inflation_percent_per_year") / 100
    base = int(g("macro.price_base_year"))
    start, rollout = int(g("recruitment.start_year")), int(g("recruitment.rollout_years"))
    attr = g("recruitment.attrition_percent_per_year") / 100
    upgrade = g("recruitment.upgrade_share_non_professional")
    conv_mkg = g("recruitment.converted_initial_mkg_years")
    rec_share = g("recruitment.recruitment_cost_share_of_annual_cost")
    cost_cache: dict[float, float] = {}

    def cost_at(mkg: float) -> float:
        if mkg not in cost_cache:
            cost_cache[mkg] = annual_cost_per_person(ps, mkg, pay=pay)["total"]
        return cost_cache[mkg]

    rows = []
    for rec in need.itertuples(index=False):
        cadre = rec.cadre
        current = 0.0 if pd.isna(rec.current_headcount) else float(rec.current_headcount)
        prof_share = 0.0 if pd.isna(rec.professional_share_today) else float(rec.professional_share_today)
        pool = current * (prof_share + (1 - prof_share) * upgrade)
        legacy_pay_year = float(paid.get(cadre, 0.0)) * 12
        cohorts: list[list[float]] = []  # [entry_year, count, initial_mkg]
        converted_cum = 0.0
        share_path = f"{COSTING}.policy.{cadre}.pppk_share"
        for t in range(first, last + 1):
            s_t = float(ps.get(share_path, t)) if share_path in ps else 0.0
            target = rec.required_fte_professional * s_t * ramp(t, start, rollout)
            leavers = 0.0
            for c in cohorts:
                if c[0] < t:
                    out = c[1] * attr
                    c[1] -= out
                    leavers += out
            survivors = sum(c[1] for c in cohorts)
            hires = max(0.0, target - survivors)
            conv = min(hires, pool)
            pool -= conv
            new = hires - conv
            if conv > 0:
                cohorts.append([t, conv, conv_mkg])
            if new > 0:
                cohorts.append([t, new, 0.0])
            index = (1 + growth) ** (t - pay.table_year)
            pppk_cost = sum(c[1] * cost_at(c[2] + (t - c[0])) for c in cohorts) * index
            rec_cost = new * rec_share * cost_at(0.0) * index
            converted_cum += conv
            # legacy staff shrink with the phase-in, and never overlap with staff already converted
            legacy_n = max(0.0, min(current * (1 - s_t * ramp(t, start, rollout)), current - converted_cum))
            legacy_index = (1 + legacy_growth) ** (t - first)
            legacy_cost = legacy_n * legacy_pay_year * legacy_index
            sq_cost = current * legacy_pay_year * legacy_index
            total = pppk_cost + rec_cost + legacy_cost
            deflator = (1 + infl) ** (t - base)
            rows.append({
                "cadre": cadre, "year": t, "target_posts": target, "pppk_headcount": survivors + hires,
                "conversions": conv, "new_hires": new, "leavers": leavers, "legacy_headcount": legacy_n,
                "pppk_cost_nominal": pppk_cost, "recruitment_cost_nominal": rec_cost,
                "legacy_cost_nominal": legacy_cost, "total_cost_nominal": total,
                "status_quo_cost_nominal": sq_cost, "incremental_cost_nominal": total - sq_cost,
                "deflator": deflator,
            })
    df = pd.DataFrame(rows)
    for col in ("pppk_cost", "recruitment_cost", "legacy_cost", "total_cost", "status_quo_cost", "incremental_cost"):
        df[f"{col}_real"] = df[f"{col}_nominal"] / df["deflator"]
    return df


def present_value(values_real: pd.Series, years: pd.Series, rate_percent: float, first_year: int) -> float:
    """PV = Σ_t X_t / (1 + r)^(t − first_year) of a real (constant-price) series (docs/research/evidence.md §4.1 formulas).

    Raises :class:`ParameterError` for a rate at or below −100 %.
    """
    r = rate_percent / 100
    if r <= -1:
        raise ParameterError(f"discount rate must be above -100%, got {rate_percent}%")
    t = np.asarray(years, dtype=float) - first_year
    return float(np.sum(np.asarray(values_real, dtype=float) / (1 + r) ** t))


def budget_summary(paths: pd.DataFrame, ps: ParameterSet) -> pd.DataFrame:
    """Totals per year over all cadres: headcounts and nominal / real cost (Rupiah per year)."""
    cols = ["target_posts", "pppk_headcount", "conversions", "new_hires", "leavers", "legacy_headcount",
            "total_cost_nominal", "status_quo_cost_nominal", "incremental_cost_nominal", "total_cost_real",
            "incremental_cost_real"]
    return paths.groupby("year", as_index=False)[cols].sum()


def allocate_to_province(paths: pd.DataFrame, need_province: pd.DataFrame, province: str) -> pd.DataFrame:
    """Budget paths of one province: each cadre's national path × the province's share of that cadre's
    required FTE (from :func:`kesos_analysis.staffing.need_by_province`). An allocation **assumption**: the
    model has no provincial pay or headcount data. ``province`` is ``"all"`` (national paths unchanged), a BPS
    code or a name. Columns as :func:`budget_paths`.
    """
    from .staffing import select_province

    if province in (None, "all", "00"):
        return paths
    rows = select_province(need_province, province)
    nat = need_province.groupby("cadre")["required_fte"].sum()
    share = (rows.groupby("cadre")["required_fte"].sum() / nat).fillna(0.0)
    out = paths.copy()
    numeric = [c for c in out.columns if c not in ("cadre", "year", "deflator")]
    factor = out["cadre"].map(share).fillna(0.0)
    out[numeric] = out[numeric].mul(factor, axis=0)
    return out


def cost_per_worker_comparison(ps: ParameterSet, compensation: pd.DataFrame | None = None, lang: str = "id") -> pd.DataFrame:
    """Today's pay per cadre next to the PPPK entry pay (Rupiah per month) and the ratio between them.

    Columns: ``cadre, label, staff_type, year, rupiah_per_month, confidence, pppk_gross_rupiah_per_month,
    pppk_to_current``.
    """
    cur = current_pay(ps, compensation)
    cost = annual_cost_per_person(ps, 0)
    cur.insert(1, "label", [cadre_label(ps, c, lang) for c in cur["cadre"]])
    cur["pppk_gross_rupiah_per_month"] = cost["monthly_gross"]
    cur["pppk_to_current"] = cur["pppk_gross_rupiah_per_month"] / cur["rupiah_per_month"]
    return cur[["cadre", "label", "staff_type", "year", "rupiah_per_month", "confidence",
                "pppk_gross_rupiah_per_month", "pppk_to_current"]]


__all__ = [
    "allocate_to_province", "annual_cost_per_person", "basic_salary_rupiah_per_month", "basic_salary_table", "budget_paths", "budget_summary",
    "cadres", "cost_per_worker_comparison", "current_pay", "entry_golongan", "jf_allowance_rupiah_per_month",
    "pay_table", "present_value", "ramp", "roman_to_int", "ump_comparison",
]
