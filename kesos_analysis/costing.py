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

Full employer cost (Rupiah per year) of one PPPK, itemised by :func:`annual_cost_per_person` with the legal
basis of each part in :data:`COMPONENTS`: gaji pokok; tunjangan keluarga, pangan, jabatan fungsional; tunjangan
kinerja (tukin, Perpres 71/2023 per kelas jabatan, ``data/raw/kesos/tukin_kemensos.csv``); uang makan; THR
and gaji ke-13 (PP 14/2024 base incl. tukin); BPJS Kesehatan (base incl. tukin); JKK/JKM; pension and old-age
savings (UU 20/2023 Pasal 22, parameter). Per-worker operating costs (transport, training, supervision,
certification) are added in :func:`budget_paths`. Components known but not costed are listed in
:data:`NOT_COSTED`: every total is therefore a **lower bound**.

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
from .staffing import cadres, fte_per_head_today, need_by_cadre

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


_CACHE: dict[tuple[str, str, str], pd.DataFrame] = {}


def _table(name: str) -> pd.DataFrame:
    """``data.load(name)``, read once per process and data folder (the tables are immutable inputs)."""
    from . import config
    from .data import load

    key = (name, str(config.data_raw()), str(config.data_processed()))
    if key not in _CACHE:
        _CACHE[key] = load(name)
    return _CACHE[key]


def _salary_data(salary: pd.DataFrame | None) -> pd.DataFrame:
    return _table("pppk_salary") if salary is None else salary


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


#: Cost components of one PPPK: key → (legal basis, evidence flag or parameter path giving it).
COMPONENTS: dict[str, tuple[str, str]] = {
    "basic": ("Perpres 11/2024 (Perpres 98/2020 +8%), golongan by PermenPANRB 72/2020", "pay.table_year"),
    "family": ("Perpres 98/2020 Pasal 4 (allowances as PNS: spouse 10%, child 2%)", "pay.family_allowance_percent_of_basic"),
    "food": ("Perpres 98/2020 Pasal 4 (tunjangan pangan as PNS)", "pay.food_allowance_rupiah_per_month"),
    "jf": ("Perpres 98/2020 Pasal 4; JF Pekerja Sosial allowance Perpres 54/2006", "pay.jf_allowance_level"),
    "tukin": ("Perpres 71/2023 (Kemensos tukin per kelas jabatan)", "pay.tukin_share_paid_to_pppk"),
    "meal": ("Uang makan ASN (PMK Standar Biaya Masukan)", "pay.meal_allowance_rupiah_per_working_day"),
    "extra_months": ("THR and gaji ke-13 (PP 14/2024: gaji, tunjangan melekat, tukin)", "pay.thr13_tukin_share"),
    "bpjs_kesehatan": ("Perpres 82/2018 jo. 64/2020 (4% employer, wage cap)", "contributions.bpjs_kesehatan_employer_percent"),
    "jkk": ("PP 70/2015 (JKK for ASN)", "contributions.jkk_percent"),
    "jkm": ("PP 70/2015 (JKM for ASN)", "contributions.jkm_percent"),
    "pension": ("UU 20/2023 Pasal 22 (jaminan pensiun and hari tua for PPPK)", "contributions.pension_percent_of_wage"),
}

#: Known components that the model does NOT cost (so every total is a lower bound).
NOT_COSTED: tuple[str, ...] = (
    "office space, equipment and ICT per worker",
    "tunjangan umum for PPPK outside a functional post (Perpres 12/2006)",
    "regional allowances (TPP) above the Kemensos tukin for regional PPPK, and remote-area allowances",
    "backfill of incumbents' working time while they study for a qualification",
    "employer cost of PPPK paruh waktu beyond their current pay",
    "severance or transition support for displaced incumbents",
)


def tukin_rupiah_per_month(kelas: int, tukin: pd.DataFrame | None = None) -> int:
    """Tukin of ``kelas`` jabatan at Kemensos (Rupiah per month), from ``data/raw/kesos/tukin_kemensos.csv``
    (Perpres 71/2023, latest ``year_effective``). Raises :class:`ParameterError` for a kelas not in the table."""
    if tukin is None:
        tukin = _table("tukin_kemensos")
    latest = tukin[tukin["year_effective"] == tukin["year_effective"].max()]
    row = latest[latest["kelas_jabatan"] == int(kelas)]
    if row.empty:
        raise ParameterError(f"kelas jabatan {kelas!r} not in tukin_kemensos.csv (kelas {sorted(latest['kelas_jabatan'])})")
    return int(row.iloc[0]["amount_rupiah"])


@dataclass(frozen=True)
class PayTable:
    """Everything :func:`annual_cost_per_person` needs from the data, read once."""

    table_year: int
    golongan: str
    table: pd.DataFrame
    jf_allowance_rupiah_per_month: int
    tukin_rupiah_per_month: float = 0.0
    professional: bool = True


def pay_table(ps: ParameterSet, year: int | None = None, salary: pd.DataFrame | None = None, *,
              professional: bool = True, tukin: pd.DataFrame | None = None) -> PayTable:
    """Salary table, entry golongan, JF allowance and tukin selected by the parameters (``pay.*``).

    ``professional=True``: a social-work-qualified post (``pay.entry_education``, JF Pekerja Sosial allowance,
    ``tukin_kelas_professional``); ``False``: a post without the qualification (``non_professional_entry_education``,
    no JF allowance, ``tukin_kelas_non_professional``). Tukin = table amount × ``tukin_share_paid_to_pppk``.
    """
    g = lambda k: ps.get(f"{COSTING}.pay.{k}", year)  # noqa: E731
    sal = _salary_data(salary)
    table_year = int(g("table_year"))
    table = basic_salary_table(table_year, sal, mkg_min_if_missing=g("mkg_min_years_if_missing"),
                               mkg_max_if_missing=g("mkg_max_years_if_missing"))
    edu = g("entry_education") if professional else g("non_professional_entry_education")
    gol = entry_golongan(edu, sal)
    jf = jf_allowance_rupiah_per_month(g("jf_allowance_level"), sal) if (professional and g("include_jf_allowance")) else 0
    kelas = g("tukin_kelas_professional") if professional else g("tukin_kelas_non_professional")
    tk = tukin_rupiah_per_month(int(kelas), tukin) * float(g("tukin_share_paid_to_pppk"))
    return PayTable(table_year, gol, table, jf, tk, professional)


def annual_cost_per_person(ps: ParameterSet, mkg_years: float = 0, *, year: int | None = None,
                           pay: PayTable | None = None) -> dict[str, float]:
    """Annual employer cost of one PPPK (Rupiah per year, at the pay table's prices) and its parts.

    Parts (legal basis in :data:`COMPONENTS`): ``basic`` (gaji pokok × 12, golongan and MKG), ``family``,
    ``food``, ``jf``, ``tukin``, ``meal`` (uang makan × working days), ``extra_months`` (THR + gaji ke-13:
    (months_paid − 12) × (basic + family + food + jf + tukin × thr13_tukin_share)), ``bpjs_kesehatan`` (4 % of
    min(basic + family + jf + tukin, cap)), ``jkk`` and ``jkm`` (of basic), ``pension`` (of basic + family);
    ``total``; ``monthly_cash`` (gaji + tunjangan + uang makan paid each month), ``take_home_monthly``
    (monthly cash − employee 1 % BPJS Kesehatan; before income tax) and ``basic_monthly``.
    """
    pay = pay or pay_table(ps, year)
    g = lambda k: ps.get(f"{COSTING}.{k}", year)  # noqa: E731
    basic_m = basic_salary_rupiah_per_month(pay.golongan, mkg_years, pay.table,
                                            interpolation=g("pay.mkg_interpolation"), step_years=g("pay.mkg_step_years"))
    family_m = basic_m * g("pay.family_allowance_percent_of_basic") / 100
    food_m = float(g("pay.food_allowance_rupiah_per_month"))
    tukin_m = float(pay.tukin_rupiah_per_month)
    jf_m = float(pay.jf_allowance_rupiah_per_month)
    meal_m = float(g("pay.meal_allowance_rupiah_per_working_day")) * float(g("pay.working_days_per_month"))
    wage_m = basic_m + family_m + jf_m + tukin_m
    cap = g("contributions.bpjs_kesehatan_wage_cap_rupiah_per_month")
    extra_base = basic_m + family_m + food_m + jf_m + tukin_m * g("pay.thr13_tukin_share")
    parts = {
        "basic": basic_m * 12, "family": family_m * 12, "food": food_m * 12, "jf": jf_m * 12,
        "tukin": tukin_m * 12, "meal": meal_m * 12,
        "extra_months": (g("pay.months_paid_per_year") - 12) * extra_base,
        "bpjs_kesehatan": g("contributions.bpjs_kesehatan_employer_percent") / 100 * min(wage_m, cap) * 12,
        "jkk": g("contributions.jkk_percent") / 100 * basic_m * 12,
        "jkm": g("contributions.jkm_percent") / 100 * basic_m * 12,
        "pension": g("contributions.pension_percent_of_wage") / 100 * (basic_m + family_m) * 12,
    }
    parts["total"] = sum(parts.values())
    parts["monthly_cash"] = wage_m + food_m + meal_m
    parts["monthly_gross"] = parts["monthly_cash"]
    parts["take_home_monthly"] = parts["monthly_cash"] - 0.01 * min(wage_m, cap)
    parts["basic_monthly"] = basic_m
    return parts


def cost_components(ps: ParameterSet, mkg_years: float = 0, *, professional: bool = True) -> pd.DataFrame:
    """One row per cost component of one PPPK at ``mkg_years``: ``component, rupiah_per_year, share,
    legal_basis, parameter, flag`` (flag of the parameter that sets it). Rows sum to the total."""
    pay = pay_table(ps, professional=professional)
    parts = annual_cost_per_person(ps, mkg_years, pay=pay)
    rows = []
    for key, (basis, param) in COMPONENTS.items():
        leaf = ps.leaf(f"{COSTING}.{param}")
        rows.append({"component": key, "rupiah_per_year": parts[key], "share": parts[key] / parts["total"],
                     "legal_basis": basis, "parameter": param, "flag": leaf["flag"]})
    return pd.DataFrame(rows)


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
        compensation = _table("compensation")
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
    """PPPK entry pay against each province's UMP (latest year in which most provinces have a UMP).

    Like with like: the UMP is a minimum monthly wage, so it is set beside the PPPK **take-home pay**
    (monthly cash pay: gaji, tunjangan incl. tukin, uang makan; minus the employee's 1 % BPJS; before income
    tax), not beside the basic salary alone. Columns: ``bps_code, province, ump_year, ump_rupiah_per_month,
    pppk_basic_rupiah_per_month, pppk_take_home_rupiah_per_month, pppk_gross_rupiah_per_month,
    basic_to_ump, take_home_to_ump`` (ratios). UMP from ``regions/ump_province.csv``.
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
    u["pppk_take_home_rupiah_per_month"] = cost["take_home_monthly"]
    u["pppk_gross_rupiah_per_month"] = cost["monthly_cash"]
    u["basic_to_ump"] = u["pppk_basic_rupiah_per_month"] / u["ump_rupiah_per_month"]
    u["take_home_to_ump"] = u["pppk_take_home_rupiah_per_month"] / u["ump_rupiah_per_month"]
    return u.sort_values("bps_code").reset_index(drop=True)


PAYERS = ("apbn", "apbd_provinsi", "apbd_kabkota", "private")


def payer_shares(ps: ParameterSet, year: int | None = None) -> pd.DataFrame:
    """Payer shares per cadre (``cadre`` + one column per payer in :data:`PAYERS`), each row summing to 1.

    Raises :class:`ParameterError` naming the cadre if a row does not sum to 1 (±1e-6)."""
    rows = []
    for c in cadres(ps):
        r = {"cadre": c}
        for p in PAYERS:
            path = f"{COSTING}.policy.{c}.payer_{p}"
            r[p] = float(ps.get(path, year)) if path in ps else (1.0 if p == "apbn" else 0.0)
        total = sum(r[p] for p in PAYERS)
        if abs(total - 1) > 1e-6:
            raise ParameterError(f"pppk_costing.yaml: policy.{c}.payer_* shares sum to {total}, expected 1")
        rows.append(r)
    return pd.DataFrame(rows)


def _policy(ps: ParameterSet, cadre: str, key: str, year: int | None, default: float = 0.0) -> float:
    path = f"{COSTING}.policy.{cadre}.{key}"
    return float(ps.get(path, year)) if path in ps else default


@dataclass
class _Stock:
    """Workforce of one cadre: qualified / unqualified PPPK (p, n), qualified / unqualified non-ASN (hq, hu),
    average MKG of the PPPK stocks, and pending qualification routes [(completion_year, persons, from_pppk_share)]."""

    p: float = 0.0
    n: float = 0.0
    hq: float = 0.0
    hu: float = 0.0
    mkg_p: float = 0.0
    mkg_n: float = 0.0
    enrolled: bool = False
    pending: list = None  # type: ignore[assignment]


def _add(stock: float, avg: float, add: float, mkg: float) -> tuple[float, float]:
    total = stock + add
    return total, (avg if total <= 0 else (avg * stock + mkg * add) / total)


def budget_paths(ps: ParameterSet, need: pd.DataFrame | None = None, compensation: pd.DataFrame | None = None,
                 salary: pd.DataFrame | None = None, baseline: pd.DataFrame | None = None) -> pd.DataFrame:
    """Workforce flows, headcount by status and budget per cadre and year (column contract in
    :mod:`kesos_analysis.scenarios`).

    Start (beginning of ``macro.horizon_first_year``): every current staff member is non-ASN, split into
    qualified (``professional_share_today``) and unqualified. Each year, in this order:

    1. **current-policy conversion** (UU 20/2023; not in the hypothetical ``policy.honor_regime``): at the
       start of ``policy.conversion_year`` the share ``baseline_conversion_share`` of non-ASN becomes PPPK
       (qualified ones as professional PPPK); the rest stay non-ASN / PPPK paruh waktu paid as today;
    2. **attrition**: PPPK leave at ``recruitment.attrition_percent_per_year``, non-ASN at
       ``attrition_percent_non_asn``;
    3. with a **qualification** requirement ``q = pppk_share × ramp`` > 0: qualified non-ASN are converted;
       in the first such year ``upgrade_share_non_professional`` of the eligible unqualified incumbents
       (``upgrade.rpl_d4_eligible_share`` + ``d3_smk_eligible_share``) enrol in the RPL/D4 or D3/SMK route
       (never more than the professional posts still to fill) and become professional PPPK after its
       duration (``upgrades``); vacancies below today's headcount are filled by PPPK without the
       qualification while professionals are short; unqualified staff above ``max((1 − q) × today's
       headcount, posts − professional PPPK)`` who are not studying are **displaced**; new professional hires fill
       ``target_posts = required FTE × q`` (required FTE by the cadre's job-redesign setting), capped by the
       graduate supply when ``supply.constrained`` (the cap is shared across cadres in proportion to demand);
    4. without a qualification requirement leavers are replaced (by PPPK under current law; by non-ASN in
       the honor regime) so that the headcount stays at today's level.

    Costs: PPPK at :func:`annual_cost_per_person` (professional or not) at the stock's average MKG, indexed by
    ``pay.growth_percent_per_year`` from the pay-table year; non-ASN at today's pay (:func:`current_pay`,
    indexed by ``legacy_pay_growth_percent_per_year`` from the first horizon year); recruitment cost per
    new hire; route tuition spread over its duration; operating cost per FTE (transport, training,
    supervision) and certification per new professional. Payer split by ``policy.<cadre>.payer_*``.
    ``baseline`` (the current-policy paths) gives ``baseline_cost_*``; without it the frame is its own baseline.
    """
    g = lambda k, y=None: ps.get(f"{COSTING}.{k}", y)  # noqa: E731
    first, last = int(g("macro.horizon_first_year")), int(g("macro.horizon_last_year"))
    if last < first:
        raise ParameterError(f"horizon_last_year {last} is before horizon_first_year {first}")
    need = need_by_cadre(ps) if need is None else need
    sal = _salary_data(salary)
    pay_p, pay_n = pay_table(ps, salary=sal), pay_table(ps, salary=sal, professional=False)
    paid = current_pay(ps, compensation).set_index("cadre")["rupiah_per_month"]
    growth = g("pay.growth_percent_per_year") / 100
    legacy_growth = g("pay.legacy_pay_growth_percent_per_year") / 100
    infl = g("macro.inflation_percent_per_year") / 100
    base = int(g("macro.price_base_year"))
    start, rollout = int(g("recruitment.start_year")), int(g("recruitment.rollout_years"))
    a_p = g("recruitment.attrition_percent_per_year") / 100
    a_h = g("recruitment.attrition_percent_non_asn") / 100
    uptake = g("recruitment.upgrade_share_non_professional")
    conv_mkg = g("recruitment.converted_initial_mkg_years")
    rec_share = g("recruitment.recruitment_cost_share_of_annual_cost")
    honor = bool(g("policy.honor_regime"))
    conv_year = int(g("policy.conversion_year"))
    routes = [(g("upgrade.rpl_d4_eligible_share"), int(g("upgrade.rpl_d4_duration_years")), g("upgrade.rpl_d4_cost_rupiah")),
              (g("upgrade.d3_smk_eligible_share"), int(g("upgrade.d3_smk_duration_years")), g("upgrade.d3_smk_cost_rupiah"))]
    elig_total = sum(r[0] for r in routes)
    if elig_total > 1:  # both shares at their highs: scale to 1
        routes = [(r[0] / elig_total, r[1], r[2]) for r in routes]
    supply = (g("supply.graduates_s1_per_year") + g("supply.graduates_d4_per_year")) * g("supply.public_sector_share")
    constrained = bool(g("supply.constrained"))
    op_per_fte = g("operating.transport_rupiah_per_fte_per_year") + g("operating.training_rupiah_per_fte_per_year")
    per_sup = g("operating.workers_per_supervisor")
    cert = g("operating.certification_rupiah_per_entrant")
    cache: dict[tuple[bool, float], float] = {}

    def cost_at(prof: bool, mkg: float) -> float:
        key = (prof, round(mkg, 6))
        if key not in cache:
            cache[key] = annual_cost_per_person(ps, mkg, pay=pay_p if prof else pay_n)["total"]
        return cache[key]

    info = need.set_index("cadre")
    rec_of = info.to_dict("index")
    fte_of = {c: fte_per_head_today(ps, c) for c in info.index}
    cur_of = {c: (0.0 if pd.isna(v) else float(v)) for c, v in info["current_headcount"].items()}
    volunteer_of = {c: bool(ps.node(f"staffing_standards.cadres.{c}").get("volunteer", False)) for c in info.index}
    stocks: dict[str, _Stock] = {}
    for c in info.index:
        r = rec_of[c]
        cur = 0.0 if pd.isna(r["current_headcount"]) else float(r["current_headcount"])
        ps0 = 0.0 if pd.isna(r["professional_share_today"]) else float(r["professional_share_today"])
        stocks[c] = _Stock(hq=cur * ps0, hu=cur * (1 - ps0), pending=[])
    rows = []
    for t in range(first, last + 1):
        pre: dict[str, dict] = {}
        for c, st in stocks.items():
            r = rec_of[c]
            cur = 0.0 if pd.isna(r["current_headcount"]) else float(r["current_headcount"])
            ps0 = 0.0 if pd.isna(r["professional_share_today"]) else float(r["professional_share_today"])
            f = {"pppk_start": st.p + st.n, "legacy_start": st.hq + st.hu}
            conv = 0.0
            # 1. current-policy conversion, at the start of the conversion year (those announced in 2025)
            if not honor and t == conv_year:
                share = _policy(ps, c, "baseline_conversion_share", t)
                cq, cu = st.hq * share, st.hu * share
                st.hq, st.hu = st.hq - cq, st.hu - cu
                st.p, st.mkg_p = _add(st.p, st.mkg_p, cq, conv_mkg)
                st.n, st.mkg_n = _add(st.n, st.mkg_n, cu, conv_mkg)
                conv += cq + cu
            # 2. attrition during the year
            lp, ln, lhq, lhu = st.p * a_p, st.n * a_p, st.hq * a_h, st.hu * a_h
            st.p, st.n, st.hq, st.hu = st.p - lp, st.n - ln, st.hq - lhq, st.hu - lhu
            f["pppk_leavers"], f["legacy_leavers"] = lp + ln, lhq + lhu
            q = _policy(ps, c, "pppk_share", t) * ramp(t, start, rollout)
            upg_cost, upgrades, upg_from_legacy = 0.0, 0.0, 0.0
            if q > 0:
                # qualified non-ASN become professional PPPK
                st.p, st.mkg_p = _add(st.p, st.mkg_p, st.hq, conv_mkg)
                conv += st.hq
                st.hq = 0.0
                if not st.enrolled:
                    st.enrolled = True
                    pool = st.n + st.hu
                    # never train more incumbents than the professional posts still to fill
                    room = max(0.0, float(r["required_fte"]) * _policy(ps, c, "pppk_share", None) - st.p)
                    want = uptake * sum(x[0] for x in routes) * pool
                    k = 0.0 if want <= 0 else min(1.0, room / want)
                    for share, dur, fee in routes:
                        e = uptake * share * pool * k
                        if e > 0:
                            st.pending.append([t + max(dur, 1) - 1, e, fee / max(dur, 1), t])
                # tuition of routes under way; completions this year
                studying = 0.0
                for item in list(st.pending):
                    done_year, e, fee_year, t0 = item
                    if t0 <= t <= done_year:
                        upg_cost += e * fee_year
                    if done_year == t:
                        survivors = e * (1 - max(a_p, a_h)) ** (t - t0)
                        from_n = min(survivors, st.n)
                        from_h = min(survivors - from_n, st.hu)
                        st.n -= from_n
                        st.hu -= from_h
                        st.p, st.mkg_p = _add(st.p, st.mkg_p, from_n, st.mkg_n)
                        st.p, st.mkg_p = _add(st.p, st.mkg_p, from_h, conv_mkg)
                        upgrades += from_n + from_h
                        upg_from_legacy += from_h
                        st.pending.remove(item)
                    elif done_year > t:
                        studying += e * (1 - max(a_p, a_h)) ** (t - t0)
                target = float(r["required_fte"]) * q
                target_full = float(r["required_fte"]) * _policy(ps, c, "pppk_share", t)
                desired_p = max(0.0, target - st.p)
                desired_n = 0.0
                f.update(studying=studying, q=q)
            else:
                target, target_full = 0.0, 0.0
                desired_p = desired_n = 0.0
                gap = max(0.0, cur - (st.p + st.n + st.hq + st.hu)) if cur > 0 else 0.0
                if honor or (volunteer_of[c] and _policy(ps, c, "baseline_conversion_share", t) == 0):
                    f["honor_hires"] = gap
                else:
                    desired_p, desired_n = gap * ps0, gap * (1 - ps0)
            f.update(conversions=conv, upgrades=upgrades, upgrades_from_legacy=upg_from_legacy,
                     upgrade_cost=upg_cost, target=target, target_full=target_full, desired_p=desired_p,
                     desired_n=desired_n)
            pre[c] = f
        demand = sum(f["desired_p"] for f in pre.values())
        scale = 1.0 if (not constrained or demand <= supply or demand == 0) else supply / demand
        for c, st in stocks.items():
            f = pre[c]
            hires_p, hires_n = f["desired_p"] * scale, f["desired_n"]
            honor_hires = f.get("honor_hires", 0.0)
            st.p, st.mkg_p = _add(st.p, st.mkg_p, hires_p, 0.0)
            st.n, st.mkg_n = _add(st.n, st.mkg_n, hires_n, 0.0)
            st.hu += honor_hires
            displaced = d_n = 0.0
            if "q" in f:
                # Unqualified staff may hold posts only for the ramp remainder or while professional PPPK do not
                # yet cover the required FTE (so a supply cap slows displacement); those studying are protected.
                fte_h = fte_of[c]
                need_fte = float(rec_of[c]["required_fte"])
                allowed = max((1 - f["q"]) * cur_of[c], max(0.0, need_fte - st.p) / fte_h) + f["studying"]
                # vacancies up to today's headcount are filled within that allowance (service never falls below
                # today's level while professionals are short): volunteers by volunteers, others by PPPK
                fill = max(0.0, min(cur_of[c] - (st.p + st.n + st.hq + st.hu), allowed - (st.n + st.hu)))
                if volunteer_of[c]:  # volunteers are not employees under UU 20/2023
                    st.hu += fill
                    honor_hires += fill
                else:
                    st.n, st.mkg_n = _add(st.n, st.mkg_n, fill, 0.0)
                    hires_n += fill
                excess = max(0.0, st.n + st.hu - allowed)
                d_h = min(excess, st.hu)
                d_n = min(excess - d_h, st.n)
                st.hu -= d_h
                st.n -= d_n
                displaced = d_h + d_n
            index = (1 + growth) ** (t - pay_p.table_year)
            legacy_index = (1 + legacy_growth) ** (t - first)
            fte_h = fte_of[c]
            pppk_cost = (st.p * cost_at(True, st.mkg_p) + st.n * cost_at(False, st.mkg_n)) * index
            rec_cost = (hires_p * cost_at(True, 0.0) + hires_n * cost_at(False, 0.0)) * rec_share * index
            legacy_n = st.hq + st.hu
            legacy_cost = legacy_n * float(paid.get(c, 0.0)) * 12 * legacy_index
            fte = st.p + st.n + legacy_n * fte_h
            op_cost = fte * (op_per_fte * index + cost_at(True, 0.0) * index / per_sup) \
                + (hires_p + f["upgrades"]) * cert * index
            upg_cost = f["upgrade_cost"] * index
            total = pppk_cost + rec_cost + upg_cost + op_cost + legacy_cost
            deflator = (1 + infl) ** (t - base)
            rows.append({
                "cadre": c, "year": t, "target_posts": f["target"], "target_posts_full": f["target_full"],
                "pppk_professional_headcount": st.p, "pppk_non_professional_headcount": st.n,
                "pppk_headcount": st.p + st.n, "legacy_headcount": legacy_n, "honor_headcount": legacy_n,
                "legacy_professional_headcount": st.hq,
                "headcount": st.p + st.n + legacy_n, "fte": fte,
                "pppk_start": f["pppk_start"], "legacy_start": f["legacy_start"],
                "conversions": f["conversions"], "upgrades": f["upgrades"],
                "upgrades_from_legacy": f["upgrades_from_legacy"], "new_hires": hires_p + hires_n,
                "new_hires_professional": hires_p, "honor_hires": honor_hires,
                "leavers": f["pppk_leavers"] + f["legacy_leavers"], "pppk_leavers": f["pppk_leavers"],
                "legacy_leavers": f["legacy_leavers"], "displaced": displaced,
                "displaced_pppk": d_n, "supply_scale": scale,
                "pppk_cost_nominal": pppk_cost, "recruitment_cost_nominal": rec_cost,
                "upgrade_cost_nominal": upg_cost, "operating_cost_nominal": op_cost,
                "legacy_cost_nominal": legacy_cost, "total_cost_nominal": total, "deflator": deflator,
            })
    df = pd.DataFrame(rows)
    if baseline is None:
        df["baseline_cost_nominal"] = df["total_cost_nominal"]
    else:
        b = baseline.set_index(["cadre", "year"])["total_cost_nominal"]
        df["baseline_cost_nominal"] = [float(b.get((c, y), 0.0)) for c, y in zip(df["cadre"], df["year"])]
    df["status_quo_cost_nominal"] = df["baseline_cost_nominal"]
    df["incremental_cost_nominal"] = df["total_cost_nominal"] - df["baseline_cost_nominal"]
    shares = payer_shares(ps).set_index("cadre")
    for p in PAYERS:
        df[f"cost_{p}_nominal"] = df["total_cost_nominal"] * df["cadre"].map(shares[p]).fillna(1.0 if p == "apbn" else 0.0)
    for col in [c[:-len("_nominal")] for c in df.columns if c.endswith("_nominal")]:
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


SUMMARY_COLUMNS = ["target_posts", "target_posts_full", "pppk_professional_headcount", "pppk_non_professional_headcount",
                   "pppk_headcount", "legacy_headcount", "headcount", "fte", "conversions", "upgrades", "new_hires",
                   "honor_hires", "leavers", "displaced", "total_cost_nominal", "baseline_cost_nominal",
                   "status_quo_cost_nominal", "incremental_cost_nominal", "total_cost_real", "incremental_cost_real",
                   *[f"cost_{p}_nominal" for p in PAYERS]]


def budget_summary(paths: pd.DataFrame, ps: ParameterSet | None = None) -> pd.DataFrame:
    """Totals per year over all cadres: headcounts, flows and nominal / real cost (Rupiah per year)."""
    return paths.groupby("year", as_index=False)[SUMMARY_COLUMNS].sum()


def years_to_full_coverage(paths: pd.DataFrame, tolerance: float = 0.99) -> int | None:
    """First year in which professional PPPK reach ``tolerance`` × the full (un-ramped) target summed over
    cadres; None if never within the horizon or if the scenario sets no target."""
    with_target = paths[paths.groupby("cadre")["target_posts_full"].transform("max") > 0]
    s = with_target.groupby("year")[["pppk_professional_headcount", "target_posts_full"]].sum()
    s = s[s["target_posts_full"] > 0]
    hit = s[s["pppk_professional_headcount"] >= tolerance * s["target_posts_full"]]
    return None if hit.empty else int(hit.index.min())


def displacement_table(paths: pd.DataFrame) -> pd.DataFrame:
    """Per cadre over the horizon: ``conversions, upgrades, new_hires, displaced, leavers`` (orang, sums) and
    ``headcount_first``/``headcount_last`` (end of first and last year). Rows with no flows are dropped."""
    agg = paths.groupby("cadre", sort=False)[["conversions", "upgrades", "new_hires", "displaced", "leavers"]].sum()
    first, last = paths["year"].min(), paths["year"].max()
    agg["headcount_first"] = paths[paths["year"] == first].set_index("cadre")["headcount"]
    agg["headcount_last"] = paths[paths["year"] == last].set_index("cadre")["headcount"]
    agg = agg[(agg.abs().sum(axis=1)) > 0]
    return agg.reset_index()


def budget_shares(summary: pd.DataFrame, ps: ParameterSet, year: int | None = None) -> pd.DataFrame:
    """The scenario's total and incremental nominal cost in ``year`` (default: last horizon year) as a share of
    each sourced budget line (``pppk_costing.yaml`` ``budget_lines``). Columns: ``line, label_id, label_en,
    line_year, amount_rupiah, source, cost_year, total_cost_nominal, incremental_cost_nominal, total_share,
    incremental_share``."""
    y = int(summary["year"].max()) if year is None else int(year)
    row = summary.set_index("year").loc[y]
    rows = []
    for key, line in ps.node(f"{COSTING}.budget_lines").items():
        amt = float(line["amount_rupiah"])
        rows.append({"line": key, "label_id": line["label"]["id"], "label_en": line["label"]["en"],
                     "line_year": int(line["year"]), "amount_rupiah": amt, "source": line["source"], "cost_year": y,
                     "total_cost_nominal": float(row["total_cost_nominal"]),
                     "incremental_cost_nominal": float(row["incremental_cost_nominal"]),
                     "total_share": float(row["total_cost_nominal"]) / amt,
                     "incremental_share": float(row["incremental_cost_nominal"]) / amt})
    return pd.DataFrame(rows)


def payer_paths(summary: pd.DataFrame) -> pd.DataFrame:
    """Long frame ``year, payer, cost_nominal`` (Rupiah per year) from :func:`budget_summary`."""
    cols = {f"cost_{p}_nominal": p for p in PAYERS}
    out = summary[["year", *cols]].melt(id_vars="year", var_name="payer", value_name="cost_nominal")
    out["payer"] = out["payer"].map(cols)
    return out


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
    numeric = [c for c in out.columns if c not in ("cadre", "year", "deflator", "supply_scale")]
    factor = out["cadre"].map(share).fillna(0.0)
    out[numeric] = out[numeric].mul(factor, axis=0)
    return out


def cost_per_worker_comparison(ps: ParameterSet, compensation: pd.DataFrame | None = None) -> pd.DataFrame:
    """Today's pay per cadre next to the PPPK entry monthly cash pay (Rupiah per month) and the ratio.

    Columns: ``cadre, staff_type, year, rupiah_per_month, confidence, pppk_gross_rupiah_per_month,
    pppk_to_current``.
    """
    cur = current_pay(ps, compensation)
    cost = annual_cost_per_person(ps, 0)
    cur["pppk_gross_rupiah_per_month"] = cost["monthly_cash"]
    cur["pppk_to_current"] = cur["pppk_gross_rupiah_per_month"] / cur["rupiah_per_month"]
    return cur[["cadre", "staff_type", "year", "rupiah_per_month", "confidence",
                "pppk_gross_rupiah_per_month", "pppk_to_current"]]


__all__ = [
    "COMPONENTS", "NOT_COSTED", "PAYERS", "allocate_to_province", "annual_cost_per_person",
    "basic_salary_rupiah_per_month", "basic_salary_table", "budget_paths", "budget_shares", "budget_summary",
    "cadres", "cost_components", "cost_per_worker_comparison", "current_pay", "displacement_table",
    "entry_golongan", "jf_allowance_rupiah_per_month", "pay_table", "payer_paths", "payer_shares",
    "present_value", "ramp", "roman_to_int", "tukin_rupiah_per_month", "ump_comparison",
    "years_to_full_coverage",
]
