"""Staffing need: WHO WISN (Workload Indicators of Staffing Need) and the Indonesian ABK variant.

The WISN steps (WHO 2010 *WISN User's Manual*; formulas as in ``docs/research/evidence.md`` §3.1):

1. available working time ``AWT_days = A − (B + C + D + E)``, ``AWT_hours = AWT_days × h``;
2. standard workload ``SW = AWT_hours / unit_time`` (activities one worker can do in a year);
3. category allowance ``CAS% = CAS_hours / AWT_hours × 100``; ``CAF = 1 / (1 − ΣCAS%/100)``;
4. individual allowance ``IAF = ΣIAS_hours / AWT_hours``;
5. required staff ``= Σ(workload_i / SW_i) × CAF + IAF``;
6. WISN difference ``= current − required`` (negative = shortage); WISN ratio ``= current / required``.

ABK (*Analisis Beban Kerja*; KepMenPAN 75/2004, Perka BKN 19/2011; docs/research/evidence.md §3.1) divides workload
hours
by 1,200 effective hours a year, which are already net of a 30% personal allowance: :func:`abk_required_fte`
therefore never adds a personal-time allowance (the CAF used with ABK holds only work activities such as
reporting and coordination).

The primitives are pure functions of numbers. :func:`need_by_cadre` and :func:`need_by_province` apply them
to the cadres in ``parameters/staffing_standards.yaml`` (activity standards with sources) and the data in
``data/raw`` (kecamatan and kab/kota counts, poor population for allocation).

Units: times in hours (``*_hours``) or days (``*_days``) per year; staff in FTE (full-time equivalents) or
orang (persons); clients in KPM, children, persons or cases.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from .errors import ParameterError
from .paramfile import ParameterSet

STAFFING = "staffing_standards"
POLICY = "pppk_costing.policy"

#: Methods a cadre can use (``method`` field of a cadre in staffing_standards.yaml).
METHODS = ("wisn_clients", "wisn_units", "wisn_flows", "caseload", "per_unit")
#: Allocation keys for spreading a national figure over provinces.
ALLOCATIONS = ("poor_population", "kecamatan", "kabkota")


# --------------------------------------------------------------------------------------------------
# WISN primitives
# --------------------------------------------------------------------------------------------------

def _nonneg(name: str, x: float) -> float:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        raise ParameterError(f"{name} is missing")
    if x < 0:
        raise ParameterError(f"{name} must not be negative, got {x}")
    return float(x)


def _positive(name: str, x: float) -> float:
    if _nonneg(name, x) == 0:
        raise ParameterError(f"{name} must be greater than zero, got {x}")
    return float(x)


def possible_working_days(working_days_per_week: float, weeks_per_year: float = 52) -> float:
    """A: possible working days per year = working days per week × weeks per year (WISN step 2).

    Raises :class:`ParameterError` for negative inputs or more than 7 days a week.
    """
    _nonneg("working_days_per_week", working_days_per_week)
    if working_days_per_week > 7:
        raise ParameterError(f"working_days_per_week cannot exceed 7, got {working_days_per_week}")
    return float(working_days_per_week) * _nonneg("weeks_per_year", weeks_per_year)


def available_working_time_days(possible_days: float, public_holidays_days: float, annual_leave_days: float,
                                sick_leave_days: float, other_leave_days: float) -> float:
    """AWT in days per year: ``A − (B + C + D + E)`` (WISN step 2; docs/research/evidence.md §3.1).

    ``possible_days`` (A) and every absence (B public holidays, C annual leave, D sick leave, E other leave
    such as training) in days per year. Raises :class:`ParameterError` for negative values or when absences
    use up all possible days.

    >>> available_working_time_days(234, 10, 30, 15, 0)   # Kenya HIV clinic, docs/research/evidence.md §3.2
    179.0
    """
    a = _nonneg("possible_days", possible_days)
    absent = sum(_nonneg(n, v) for n, v in (("public_holidays_days", public_holidays_days),
                                            ("annual_leave_days", annual_leave_days),
                                            ("sick_leave_days", sick_leave_days),
                                            ("other_leave_days", other_leave_days)))
    awt = a - absent
    if awt <= 0:
        raise ParameterError(f"absences ({absent} days) use up all possible working days ({a}); AWT would be {awt}")
    return awt


def available_working_time_hours(awt_days: float, working_hours_per_day: float) -> float:
    """AWT in hours per year = AWT days × working hours per day. Raises on non-positive inputs or > 24 h."""
    h = _positive("working_hours_per_day", working_hours_per_day)
    if h > 24:
        raise ParameterError(f"working_hours_per_day cannot exceed 24, got {h}")
    return _positive("awt_days", awt_days) * h


def standard_workload(awt_hours_per_year: float, unit_time_hours: float) -> float:
    """SW: activities one worker can do in a year if doing nothing else = AWT hours / unit time (step 5).

    Also works in days (AWT days / unit time in days) as long as both use the same unit.
    """
    return _positive("awt_hours_per_year", awt_hours_per_year) / _positive("unit_time_hours", unit_time_hours)


def category_allowance_percent(cas_hours_per_year: float, awt_hours_per_year: float) -> float:
    """CAS% of a support activity given in time per year: ``CAS / AWT × 100`` (same unit for both)."""
    return _nonneg("cas_hours_per_year", cas_hours_per_year) / _positive("awt_hours_per_year", awt_hours_per_year) * 100


def category_allowance_factor(total_cas_percent: float) -> float:
    """CAF = 1 / (1 − total CAS% / 100) (WISN step 6).

    Raises :class:`ParameterError` if the total CAS is negative or reaches 100 % (no time left for services).
    """
    cas = _nonneg("total_cas_percent", total_cas_percent)
    if cas >= 100:
        raise ParameterError(f"total CAS must be below 100%, got {cas}%: support activities would take all working time")
    return 1.0 / (1.0 - cas / 100.0)


def individual_allowance_factor(total_ias_hours_per_year: float, awt_hours_per_year: float) -> float:
    """IAF (in FTE) = total IAS hours per year (Σ IAS_j × staff_j) / AWT hours (WISN step 6)."""
    return _nonneg("total_ias_hours_per_year", total_ias_hours_per_year) / _positive("awt_hours_per_year", awt_hours_per_year)


def required_staff_fte(annual_workloads: Sequence[float], standard_workloads: Sequence[float],
                       caf: float = 1.0, iaf_fte: float = 0.0) -> float:
    """Required staff (FTE) = Σ_i workload_i / SW_i × CAF + IAF (WISN step 7).

    ``annual_workloads`` and ``standard_workloads`` are aligned sequences (activities per year, and
    activities one FTE can do per year). Raises :class:`ParameterError` on length mismatch, negative
    workloads, CAF < 1 or negative IAF.
    """
    if len(annual_workloads) != len(standard_workloads):
        raise ParameterError("annual_workloads and standard_workloads must have the same length")
    if caf < 1:
        raise ParameterError(f"CAF must be at least 1, got {caf}")
    base = sum(_nonneg("annual workload", w) / _positive("standard workload", s)
               for w, s in zip(annual_workloads, standard_workloads))
    return base * caf + _nonneg("iaf_fte", iaf_fte)


def wisn_difference(current_staff: float, required_staff: float) -> float:
    """WISN difference = current − required staff (negative = shortage)."""
    return _nonneg("current_staff", current_staff) - _nonneg("required_staff", required_staff)


def wisn_ratio(current_staff: float, required_staff: float) -> float:
    """WISN ratio = current / required staff (1 balanced; < 1 shortage / workload pressure; > 1 surplus)."""
    return _nonneg("current_staff", current_staff) / _positive("required_staff", required_staff)


def abk_required_fte(workload_hours_per_year: float, effective_hours_per_year: float,
                     work_caf: float = 1.0, ias_hours_per_year: float = 0.0) -> float:
    """ABK requirement (FTE) = workload hours / effective hours × work CAF + IAS hours / effective hours.

    ``effective_hours_per_year`` is the ABK norm (1,200 h, Perka BKN 19/2011), which is already net of a 30%
    allowance for breaks and personal time. ``work_caf`` may only cover *work* support activities
    (reporting, coordination, travel); a personal-time allowance must not be added again (docs/research/evidence.md
    §3.1).
    """
    if work_caf < 1:
        raise ParameterError(f"work_caf must be at least 1, got {work_caf}")
    e = _positive("effective_hours_per_year", effective_hours_per_year)
    return _nonneg("workload_hours_per_year", workload_hours_per_year) / e * work_caf + \
        _nonneg("ias_hours_per_year", ias_hours_per_year) / e


# --------------------------------------------------------------------------------------------------
# From parameters
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkingTime:
    """AWT and allowances for one parameter set.

    ``awt_days`` and ``awt_hours`` per staff member per year; ``cas_percent`` the total category allowance;
    ``caf``; ``ias_hours_per_kabkota`` (hours per year of coordination and training per kab/kota);
    ``effective_hours`` the working-time denominator actually used (AWT hours for WISN, ABK hours for ABK).
    """

    awt_days: float
    awt_hours: float
    cas_percent: float
    caf: float
    ias_hours_per_kabkota: float
    effective_hours: float
    method: str

    @property
    def iaf_per_kabkota(self) -> float:
        """IAF (FTE) per kab/kota."""
        return individual_allowance_factor(self.ias_hours_per_kabkota, self.effective_hours)


def working_time(ps: ParameterSet, method: str = "wisn", year: int | None = None) -> WorkingTime:
    """AWT, CAS%, CAF and IAS per kab/kota from ``staffing_standards.yaml`` (``awt``, ``cas``, ``ias``).

    ``method="wisn"`` uses AWT hours; ``method="abk"`` uses the ABK effective hours (1,200) as the time
    denominator, with the same work-activity CAS (no personal-time allowance is added). The CAS is one total
    (``cas.total_percent``, 25 %, range 15–40 %, docs/research/evidence.md §3.4 row 3.2).
    """
    if method not in ("wisn", "abk"):
        raise ParameterError(f"method must be 'wisn' or 'abk', got {method!r}")
    g = lambda key: ps.get(f"{STAFFING}.{key}", year)  # noqa: E731
    a = possible_working_days(g("awt.working_days_per_week"), g("awt.weeks_per_year"))
    days = available_working_time_days(a, g("awt.public_holidays_days"), g("awt.annual_leave_days"),
                                       g("awt.sick_leave_days"), g("awt.other_leave_days"))
    hours_per_day = g("awt.working_hours_per_day")
    hours = available_working_time_hours(days, hours_per_day)
    effective = hours if method == "wisn" else g("abk.effective_hours_per_year")
    cas = float(g("cas.total_percent"))
    caf = category_allowance_factor(cas)
    ias = g("ias.coordinator_fte_per_kabkota") * effective + \
        g("ias.trainers_per_kabkota") * g("ias.training_days_per_trainer") * hours_per_day
    return WorkingTime(days, hours, cas, caf, ias, effective, method)


def cadres(ps: ParameterSet) -> list[str]:
    """Cadre keys in ``staffing_standards.yaml`` (order of the file)."""
    return ps.children(f"{STAFFING}.cadres")


def cadre_label(ps: ParameterSet, cadre: str) -> dict[str, str]:
    """Display names of ``cadre`` as ``{"id": …, "en": …}`` (from the YAML ``label``; the report layer picks one)."""
    label = ps.node(f"{STAFFING}.cadres.{cadre}").get("label")
    if not isinstance(label, dict) or set(label) != {"id", "en"} or not all(isinstance(v, str) and v for v in label.values()):
        raise ParameterError(f"staffing_standards.yaml: cadres.{cadre}.label must be {{id: text, en: text}}, got {label!r}")
    return dict(label)


def cadre_labels(ps: ParameterSet) -> pd.DataFrame:
    """One row per cadre: ``cadre, label_id, label_en`` (file order)."""
    rows = [{"cadre": c, "label_id": cadre_label(ps, c)["id"], "label_en": cadre_label(ps, c)["en"]} for c in cadres(ps)]
    return pd.DataFrame(rows)


def fte_per_head_today(ps: ParameterSet, cadre: str, year: int | None = None) -> float:
    """FTE one of today's staff gives to the role (TKSK volunteers 0.5, S); 1 where the cadre sets none."""
    path = f"{STAFFING}.cadres.{cadre}.fte_per_head_today"
    return float(ps.get(path, year)) if path in ps else 1.0


def _cadre_meta(ps: ParameterSet, cadre: str) -> tuple[str, str]:
    node = ps.node(f"{STAFFING}.cadres.{cadre}")
    method, alloc = node.get("method"), node.get("allocation")
    if method not in METHODS:
        raise ParameterError(f"staffing_standards.yaml: cadres.{cadre}.method {method!r} must be one of {METHODS}")
    if alloc not in ALLOCATIONS:
        raise ParameterError(f"staffing_standards.yaml: cadres.{cadre}.allocation {alloc!r} must be one of {ALLOCATIONS}")
    return method, alloc


def cadre_required_fte(ps: ParameterSet, cadre: str, *, client_share: float = 1.0, n_kecamatan: float | None = None,
                       n_kabkota: float | None = None, professional: bool = False, method: str = "wisn",
                       year: int | None = None, wt: WorkingTime | None = None) -> float:
    """Required staff (FTE) of ``cadre`` for a region.

    ``client_share`` is the region's share of the cadre's national clients (1 = Indonesia); ``n_kecamatan``
    and ``n_kabkota`` the region's counts (needed by ``wisn_units`` / ``per_unit`` cadres and the IAF).
    ``professional=True`` adds the professional case-management workload where the cadre defines one
    (PKH: high-need share × extra hours, docs/research/evidence.md §3.3). ``method`` is ``"wisn"`` or ``"abk"``.

    Methods (``method`` field of the cadre):

    * ``wisn_clients`` — clients × hours per client / AWT × CAF + IAF per kab/kota × n_kabkota;
    * ``wisn_units`` — kecamatan × (PMKS stock per kecamatan × new-case share per year, a FLOW) × hours per
      case / AWT × CAF (TKSK);
    * ``wisn_flows`` — Σ annual cases of each type × hours per case / AWT × CAF (ATENSI: rehabilitation
      cases and one-off emergency cases, annual flows, not a standing caseload);
    * ``caseload`` — clients / clients per FTE (an all-inclusive caseload norm: no CAF, no IAF);
    * ``per_unit`` — n_kabkota × units per kab/kota × staff per unit.
    """
    kind, _ = _cadre_meta(ps, cadre)
    wt = wt or working_time(ps, method, year)
    p = lambda key: ps.get(f"{STAFFING}.cadres.{cadre}.{key}", year)  # noqa: E731
    if kind == "wisn_clients":
        if n_kabkota is None:
            raise ParameterError(f"{cadre}: n_kabkota is needed for the IAF")
        clients = p("clients") * client_share
        hours = clients * p("service_hours_per_client_per_year")
        if professional:
            hours += clients * p("high_need_share") * p("high_need_extra_hours_per_year")
        return abk_required_fte(hours, wt.effective_hours, wt.caf, wt.ias_hours_per_kabkota * n_kabkota)
    if kind == "wisn_units":
        if n_kecamatan is None:
            raise ParameterError(f"{cadre}: n_kecamatan is needed")
        flow = p("pmks_stock_per_kecamatan") * p("new_cases_share_per_year")
        hours = n_kecamatan * flow * p("service_hours_per_case_per_year")
        return abk_required_fte(hours, wt.effective_hours, wt.caf)
    if kind == "wisn_flows":
        hours = client_share * (p("rehabilitation_cases_per_year") * p("rehabilitation_hours_per_case")
                                + p("emergency_cases_per_year") * p("emergency_hours_per_case"))
        return abk_required_fte(hours, wt.effective_hours, wt.caf)
    if kind == "caseload":
        return p("clients") * client_share / _positive(f"{cadre}.clients_per_fte", p("clients_per_fte"))
    if n_kabkota is None:
        raise ParameterError(f"{cadre}: n_kabkota is needed")
    return n_kabkota * p("units_per_kabkota") * p("staff_per_unit")


def pkh_district_example(ps: ParameterSet, kpm: float, current_staff: float, professional: bool = False) -> dict:
    """The docs/research/evidence.md §3.3 district calculation: one kab/kota with ``kpm`` PKH families.

    Returns ``awt_days, awt_hours, hours_per_kpm, standard_workload_kpm, cas_percent, caf, ias_hours, iaf,
    a_req_fte, required_fte, kpm_per_fte, wisn_difference, wisn_ratio``.
    """
    wt = working_time(ps)
    p = lambda key: ps.get(f"{STAFFING}.cadres.pkh_pendamping.{key}")  # noqa: E731
    hours_per_kpm = p("service_hours_per_client_per_year")
    sw = standard_workload(wt.awt_hours, hours_per_kpm)
    a_req = kpm / sw
    extra = 0.0
    if professional:
        extra = kpm * p("high_need_share") / standard_workload(wt.awt_hours, p("high_need_extra_hours_per_year"))
    required = (a_req + extra) * wt.caf + wt.iaf_per_kabkota
    return {
        "awt_days": wt.awt_days, "awt_hours": wt.awt_hours, "hours_per_kpm": hours_per_kpm,
        "standard_workload_kpm": sw, "cas_percent": wt.cas_percent, "caf": wt.caf,
        "ias_hours": wt.ias_hours_per_kabkota, "iaf": wt.iaf_per_kabkota, "a_req_fte": a_req,
        "extra_fte": extra, "required_fte": required, "kpm_per_fte": kpm / required,
        "wisn_difference": wisn_difference(current_staff, required), "wisn_ratio": wisn_ratio(current_staff, required),
    }


# --------------------------------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------------------------------

def allocation_keys(provinces: pd.DataFrame | None = None, poverty: pd.DataFrame | None = None) -> pd.DataFrame:
    """Province table used to spread national figures: one row per province (BPS code as string).

    Columns: ``bps_code``, ``province``, ``n_kecamatan``, ``n_kabkota`` (kabupaten + kota, Kepmendagri
    300.2.2-2430/2025 via ``regions/provinces.csv``), ``poor_thousand`` (BPS, latest round in which every
    province has a value, ``regions/poverty_province.csv``), and the shares ``share_poor_population``,
    ``share_kecamatan``, ``share_kabkota`` (each sums to 1). ``poverty_round`` (``"2025-03"``), ``poverty_year``
    and ``poverty_month`` record the round used (for reports: ``poverty.round_label(year, month, lang)``).
    """
    from .data import load

    provinces = load("provinces") if provinces is None else provinces
    poverty = load("poverty_province") if poverty is None else poverty
    codes = set(provinces["bps_code"])
    pov = poverty[poverty["bps_code"].isin(codes) & poverty["poor_thousand"].notna()]
    counts = pov.groupby(["year", "month"])["bps_code"].nunique()
    complete = counts[counts == len(codes)]
    if complete.empty:
        raise ParameterError("no poverty round covers every province; cannot build the poor-population key")
    year, month = max(complete.index)
    pov = pov[(pov["year"] == year) & (pov["month"] == month)][["bps_code", "poor_thousand"]]
    # ``province`` is THE display name of every report (regions.Province.name = ``name_bps``).
    df = provinces[["bps_code", "name_bps", "n_kecamatan", "n_kabupaten", "n_kota"]].rename(columns={"name_bps": "province"})
    df["n_kabkota"] = df["n_kabupaten"] + df["n_kota"]
    df = df.drop(columns=["n_kabupaten", "n_kota"]).merge(pov, on="bps_code", how="left", validate="one_to_one")
    for key, col in (("poor_population", "poor_thousand"), ("kecamatan", "n_kecamatan"), ("kabkota", "n_kabkota")):
        df[f"share_{key}"] = df[col] / df[col].sum()
    df["poverty_round"] = f"{year}-{month:02d}"
    df["poverty_year"], df["poverty_month"] = int(year), int(month)
    return df.sort_values("bps_code").reset_index(drop=True)


def _policy(ps: ParameterSet, cadre: str, key: str, year: int | None, default: float = 0.0) -> float:
    path = f"{POLICY}.{cadre}.{key}"
    return float(ps.get(path, year)) if path in ps else default


def _mix_share(ps: ParameterSet, cadre: str, year: int | None) -> float:
    """Job-redesign share of ``cadre`` (0 = today's tasks, 1 = the professional workload model)."""
    return _policy(ps, cadre, "job_redesign", year)


def need_by_province(ps: ParameterSet, *, method: str = "wisn", year: int | None = None,
                     keys: pd.DataFrame | None = None) -> pd.DataFrame:
    """Required staff, current headcount and WISN gap per province and cadre (long table).

    Required FTE mixes today's and the professional workload by the scenario's **job redesign** share
    (``pppk_costing.policy.<cadre>.job_redesign`` in ``year``; end state if ``year`` is None):
    ``required = (1 − j) × required_status_quo + j × required_professional``. The qualification switch
    (``pppk_share``, who fills the posts) does not change the workload; it acts in :mod:`kesos_analysis.costing`.

    Current headcount by province is the national figure spread by the cadre's allocation key
    (``current_basis`` says so): provincial counts exist only as scattered points (SOURCES.md), so this is an
    assumption, not data. Cadres without a national count have NaN current headcount, gap and ratio.

    Columns: ``bps_code, province, cadre, required_fte_status_quo, required_fte_professional, job_redesign,
    required_fte, current_headcount (orang), current_fte (headcount × FTE per head), current_basis,
    wisn_difference (current_fte − required_fte), wisn_ratio (current_fte / required_fte)``; difference and
    ratio are NaN where today's count is not the same workforce (``current_count_comparable: false``).
    """
    keys = allocation_keys() if keys is None else keys
    wt = working_time(ps, method, year)
    rows = []
    for cadre in cadres(ps):
        _, alloc = _cadre_meta(ps, cadre)
        s = _mix_share(ps, cadre, year)
        current_nat = ps.get(f"{STAFFING}.cadres.{cadre}.current_headcount", year)
        fte_head = fte_per_head_today(ps, cadre, year)
        comparable = ps.node(f"{STAFFING}.cadres.{cadre}").get("current_count_comparable", True)
        for rec in keys.itertuples(index=False):
            kw = dict(client_share=getattr(rec, f"share_{alloc}"), n_kecamatan=rec.n_kecamatan,
                      n_kabkota=rec.n_kabkota, method=method, year=year, wt=wt)
            sq = cadre_required_fte(ps, cadre, professional=False, **kw)
            prof = cadre_required_fte(ps, cadre, professional=True, **kw)
            req = (1 - s) * sq + s * prof
            cur = math.nan if current_nat is None else current_nat * getattr(rec, f"share_{alloc}")
            rows.append({
                "bps_code": rec.bps_code, "province": rec.province, "cadre": cadre,
                "required_fte_status_quo": sq, "required_fte_professional": prof, "job_redesign": s,
                "required_fte": req, "current_headcount": cur, "current_fte": cur * fte_head,
                "comparable": bool(comparable),
                "current_basis": "none (no count)" if current_nat is None else f"national count allocated by {alloc} (assumption)",
            })
    df = pd.DataFrame(rows)
    cmp_fte = df["current_fte"].where(df["comparable"])
    df["wisn_difference"] = cmp_fte - df["required_fte"]
    df["wisn_ratio"] = cmp_fte / df["required_fte"]
    return df.drop(columns="comparable")


def need_by_cadre(ps: ParameterSet, *, method: str = "wisn", year: int | None = None,
                  keys: pd.DataFrame | None = None) -> pd.DataFrame:
    """National need and gap per cadre (sum of :func:`need_by_province`).

    Columns: ``cadre, required_fte_status_quo, required_fte_professional, job_redesign, pppk_share,
    required_fte`` (FTE), ``current_headcount`` (orang), ``fte_per_head_today``, ``current_fte`` (FTE),
    ``wisn_difference`` (current FTE − required FTE; negative = shortage), ``wisn_ratio``,
    ``professional_share_today, professional_staff_today`` (orang), ``professional_gap`` (professional
    staff today − required professional FTE) and ``professional_shortfall`` = ``max(−gap, 0)``. NaN where
    there is no count; difference and ratio NaN where today's count is a different workforce (LKSA vs
    Sakti Peksos). Labels come from :func:`cadre_labels` (the report layer picks the language).
    """
    prov = need_by_province(ps, method=method, year=year, keys=keys)
    num = ["required_fte_status_quo", "required_fte_professional", "required_fte"]
    nat = prov.groupby("cadre", sort=False)[num].sum().reset_index()
    nat.insert(3, "job_redesign", [_mix_share(ps, c, year) for c in nat["cadre"]])
    nat.insert(4, "pppk_share", [_policy(ps, c, "pppk_share", year) for c in nat["cadre"]])
    cur = [ps.get(f"{STAFFING}.cadres.{c}.current_headcount", year) for c in nat["cadre"]]
    share = [ps.get(f"{STAFFING}.cadres.{c}.professional_share_today", year) for c in nat["cadre"]]
    nat["current_headcount"] = [math.nan if v is None else float(v) for v in cur]
    nat["fte_per_head_today"] = [fte_per_head_today(ps, c, year) for c in nat["cadre"]]
    nat["current_fte"] = nat["current_headcount"] * nat["fte_per_head_today"]
    comparable = [ps.node(f"{STAFFING}.cadres.{c}").get("current_count_comparable", True) for c in nat["cadre"]]
    cmp_fte = nat["current_fte"].where(pd.Series(comparable, index=nat.index))
    nat["wisn_difference"] = cmp_fte - nat["required_fte"]
    nat["wisn_ratio"] = cmp_fte / nat["required_fte"]
    nat["professional_share_today"] = [math.nan if v is None else float(v) for v in share]
    nat["professional_staff_today"] = nat["current_headcount"] * nat["professional_share_today"]
    nat["professional_gap"] = nat["professional_staff_today"] - nat["required_fte_professional"]
    # A shortfall as a positive number of persons (0 where today's professionals already cover the need).
    nat["professional_shortfall"] = (-nat["professional_gap"]).clip(lower=0.0)
    return nat


def select_province(df: pd.DataFrame, province: str) -> pd.DataFrame:
    """Rows of a province table for ``province`` (``"all"``, a BPS or Kemendagri code, or any name or alias
    :func:`kesos_analysis.data.regions.normalise_province_parameter` resolves).

    Raises :class:`ParameterError` (with the closest names) for an unknown province, or when the table has
    no row for it.
    """
    from .data.regions import normalise_province_parameter

    code = normalise_province_parameter(province)
    if code == "all":
        return df
    rows = df[df["bps_code"] == code]
    if rows.empty:
        raise ParameterError(f"province {province!r} (BPS code {code}) has no rows in this table")
    return rows


def assumptions_table(ps: ParameterSet, prefixes: Iterable[str] = (STAFFING,)) -> pd.DataFrame:
    """The parameters behind the results (value, range, unit, flag, source) as a DataFrame for reports."""
    rows = [r for pre in prefixes for r in ps.table(pre)]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class NeedSummary:
    """Headline need of a parameter set for a report (raw numbers, FTE unless stated).

    ``need_wisn_fte`` / ``need_abk_fte``: total required FTE by the two working-time methods (the scenario's
    job-redesign setting); ``need_today_tasks_fte`` / ``need_professional_fte``: WISN need with today's tasks
    and with the professional workload model; ``counted_current_fte``: FTE of today's staff in cadres with a
    comparable count; ``counted_required_fte``: their required FTE; ``cadres_without_count``: number of
    cadres with no count of today's staff; ``cas_percent``, ``caf``, ``awt_hours``."""

    need_wisn_fte: float
    need_abk_fte: float
    need_today_tasks_fte: float
    need_professional_fte: float
    counted_current_fte: float
    counted_required_fte: float
    cadres_without_count: int
    cas_percent: float
    caf: float
    awt_hours: float


def need_summary(ps: ParameterSet, keys: pd.DataFrame | None = None) -> NeedSummary:
    """:class:`NeedSummary` of ``ps`` (end state of its scenario)."""
    keys = allocation_keys() if keys is None else keys
    w = need_by_cadre(ps, keys=keys)
    a = need_by_cadre(ps, method="abk", keys=keys)
    wt = working_time(ps)
    counted = w["wisn_ratio"].notna()
    return NeedSummary(float(w["required_fte"].sum()), float(a["required_fte"].sum()),
                       float(w["required_fte_status_quo"].sum()), float(w["required_fte_professional"].sum()),
                       float(w.loc[counted, "current_fte"].sum()), float(w.loc[counted, "required_fte"].sum()),
                       int(w["current_headcount"].isna().sum()), wt.cas_percent, wt.caf, wt.awt_hours)


def need_table(ps: ParameterSet, keys: pd.DataFrame | None = None) -> pd.DataFrame:
    """Need per cadre for report 02: :func:`need_by_cadre` (WISN) with ``label_id``, ``label_en`` and the ABK
    need, columns named with their units: ``cadre, label_id, label_en, today_tasks_fte, professional_fte,
    required_fte, abk_required_fte, current_orang, current_fte, wisn_ratio`` (NaN where not comparable)."""
    keys = allocation_keys() if keys is None else keys
    w = need_by_cadre(ps, keys=keys)
    a = need_by_cadre(ps, method="abk", keys=keys).set_index("cadre")["required_fte"]
    out = cadre_labels(ps).merge(w, on="cadre")
    out["abk_required_fte"] = out["cadre"].map(a)
    return out.rename(columns={"required_fte_status_quo": "today_tasks_fte", "required_fte_professional": "professional_fte",
                               "current_headcount": "current_orang"})[
        ["cadre", "label_id", "label_en", "today_tasks_fte", "professional_fte", "required_fte", "abk_required_fte",
         "current_orang", "current_fte", "wisn_ratio"]]


def province_need(ps: ParameterSet, keys: pd.DataFrame | None = None, province: str = "all") -> pd.DataFrame:
    """Required FTE per province (all cadres), largest first, with ``selected`` marking ``province``:
    ``bps_code, province, required_fte, selected``."""
    keys = allocation_keys() if keys is None else keys
    prov = need_by_province(ps, keys=keys).groupby(["bps_code", "province"], as_index=False)["required_fte"].sum()
    prov["selected"] = prov["bps_code"] == str(province)
    return prov.sort_values("required_fte", ascending=False).reset_index(drop=True)
