"""The one place where the outcome model reads the PPPK cost model.

:func:`cost_model_paths` calls :func:`kesos_analysis.scenarios.run` for each scenario and turns its documented
paths frame (column contract in the docstring of :mod:`kesos_analysis.scenarios`: ``pppk_professional_headcount,
pppk_non_professional_headcount, legacy_headcount, legacy_professional_headcount, headcount, conversions,
upgrades, new_hires, displaced, total_cost_real, total_cost_nominal, baseline_cost_real, legacy_cost_real,
deflator``; the ``need`` frame: ``current_headcount, professional_share_today, required_fte_professional``)
into plain arrays (cadre × year). If the cost model changes, only this module changes.

Every scenario is run with the same overrides against the cost model's **current-policy baseline**
(``status_quo``: UU 20/2023 and the 2025 conversion of PKH pendamping to PPPK without a social-work
qualification). ``honor_regime_hypothetical`` is a labelled hypothetical, never the comparator.

:func:`upgrade_programme` is the same-budget "upgrade and certify incumbents" comparator in the cost model's own
terms: the RPL/D4 and D3/SMK routes (``pppk_costing.upgrade.*``: eligible shares, durations, tuition), uptake
(``recruitment.upgrade_share_non_professional``), certification (``operating.certification_rupiah_per_entrant``),
attrition (``recruitment.attrition_percent_per_year``) and the pay step from a non-professional to a professional
PPPK post (:func:`kesos_analysis.costing.annual_cost_per_person`). One concept, one place: no separate prior.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError

#: Cadres whose professionalisation drives modelled outcomes.
PKH = "pkh_pendamping"
LKSA = "panti_asuhan_anak"
#: The cost model's current-policy baseline (the comparator of every scenario).
BASELINE = "status_quo"


@dataclass
class UpgradeRoutes:
    """The cost model's qualification routes for incumbents (:mod:`kesos_analysis.costing`, ``upgrade.*``).

    ``routes``: ``(eligible share of non-professional incumbents, duration in years, tuition Rupiah per person for
    the whole route)``; ``uptake`` (share of the eligible who enrol); ``certification`` (Rupiah per person,
    one-off); ``attrition`` (PPPK leavers per year, fraction); ``premium_real`` (T: extra employer cost per year of a
    professional over a non-professional PPPK post, Rupiah, constant prices); ``index_real`` (T: pay-table prices →
    constant prices, the cost model's pay growth over inflation)."""

    routes: list[tuple[float, int, float]]
    uptake: float
    certification: float
    attrition: float
    premium_real: np.ndarray
    index_real: np.ndarray

    @property
    def eligible_share(self) -> float:
        return float(sum(r[0] for r in self.routes))

    @property
    def unit_cost(self) -> float:
        """Tuition + certification per upgraded person (Rupiah at pay-table prices), averaged over the routes by
        their eligible shares."""
        w = self.eligible_share
        return float(sum(s * fee for s, _, fee in self.routes) / w + self.certification) if w > 0 else float("nan")

    @property
    def mean_duration(self) -> float:
        """Study time in years, averaged over the routes by their eligible shares."""
        w = self.eligible_share
        return float(sum(s * d for s, d, _ in self.routes) / w) if w > 0 else float("nan")


@dataclass
class CostPaths:
    """One scenario of the cost model as arrays.

    ``cadres`` (C names), ``years`` (T); cadre × year arrays (persons, end of year, or Rupiah per year):
    ``pppk_prof`` (social-work-qualified PPPK), ``pppk_nonprof`` (PPPK without the qualification, e.g. the
    converted PKH pendamping), ``legacy`` (non-ASN), ``legacy_prof`` (non-ASN with the qualification),
    ``conversions``, ``upgrades``, ``new_hires``, ``displaced`` (the cost model's flows), ``cost_real``,
    ``cost_nominal`` (total cost of the cadre), ``baseline_cost_real`` (current-policy cost),
    ``legacy_pay_real`` (Rupiah per non-ASN worker per year, constant prices; 0 where no pay is sourced);
    ``deflator`` (T, nominal / real); per cadre (C): ``current`` (today's headcount, 0 if none),
    ``prof_share_today``, ``required_prof`` (required professional FTE, national), ``allocation`` (allocation
    key: ``poor_population``, ``kecamatan`` or ``kabkota``); ``pppk_annual_cost`` and
    ``pppk_nonprof_annual_cost`` (employer cost of one entry PPPK with / without the qualification, Rupiah per
    year, pay-table prices), ``pppk_monthly_gross`` / ``pppk_nonprof_monthly_gross`` (Rupiah per month),
    ``legacy_monthly_pay`` (today's honor / tali asih per cadre, Rupiah per month), ``ump`` (``bps_code,
    ump_year, ump_rupiah_per_month``), ``kpm`` (PKH families, national), ``lksa_children`` (children in LKSA,
    national), ``upgrade`` (:class:`UpgradeRoutes`)."""

    name: str
    label: dict[str, str]
    cadres: list[str]
    years: np.ndarray
    pppk_prof: np.ndarray
    pppk_nonprof: np.ndarray
    legacy: np.ndarray
    legacy_prof: np.ndarray
    conversions: np.ndarray
    upgrades: np.ndarray
    new_hires: np.ndarray
    displaced: np.ndarray
    cost_real: np.ndarray
    cost_nominal: np.ndarray
    baseline_cost_real: np.ndarray
    legacy_pay_real: np.ndarray
    deflator: np.ndarray
    current: np.ndarray
    prof_share_today: np.ndarray
    required_prof: np.ndarray
    allocation: list[str]
    pppk_annual_cost: float
    pppk_nonprof_annual_cost: float
    pppk_monthly_gross: float
    pppk_nonprof_monthly_gross: float
    legacy_monthly_pay: dict[str, float]
    ump: pd.DataFrame
    kpm: float
    lksa_children: float
    upgrade: UpgradeRoutes | None = None
    hypothetical: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def pppk(self) -> np.ndarray:
        """All PPPK (professional + non-professional), cadre × year."""
        return self.pppk_prof + self.pppk_nonprof

    @property
    def headcount(self) -> np.ndarray:
        return self.pppk_prof + self.pppk_nonprof + self.legacy

    def index(self, cadre: str) -> int:
        """Row of ``cadre``; :class:`ParameterError` if the cost model has no such cadre."""
        if cadre not in self.cadres:
            raise ParameterError(f"cost model scenario {self.name!r} has no cadre {cadre!r}; cadres: {self.cadres}")
        return self.cadres.index(cadre)


def _matrix(paths: pd.DataFrame, col: str, cadres: list[str], years: np.ndarray) -> np.ndarray:
    if col not in paths.columns:
        raise ParameterError(f"the cost model's paths frame has no column {col!r} (contract: kesos_analysis.scenarios)")
    wide = paths.pivot(index="cadre", columns="year", values=col).reindex(index=cadres, columns=years)
    return wide.fillna(0.0).to_numpy(dtype=float)


def _routes(ps: Any, years: np.ndarray, deflator: np.ndarray) -> UpgradeRoutes:
    from .. import costing

    g = lambda k: ps.get(f"{costing.COSTING}.{k}")  # noqa: E731
    routes = [(float(g("upgrade.rpl_d4_eligible_share")), int(g("upgrade.rpl_d4_duration_years")),
               float(g("upgrade.rpl_d4_cost_rupiah"))),
              (float(g("upgrade.d3_smk_eligible_share")), int(g("upgrade.d3_smk_duration_years")),
               float(g("upgrade.d3_smk_cost_rupiah")))]
    total = sum(r[0] for r in routes)
    if total > 1:  # as the cost model: both shares at their highs are scaled to 1
        routes = [(s / total, d, f) for s, d, f in routes]
    prof = costing.annual_cost_per_person(ps, 0)["total"]
    nonprof = costing.annual_cost_per_person(ps, 0, pay=costing.pay_table(ps, professional=False))["total"]
    table_year = costing.pay_table(ps).table_year
    index_real = (1 + g("pay.growth_percent_per_year") / 100) ** (years - table_year) / deflator
    return UpgradeRoutes(routes=routes, uptake=float(g("recruitment.upgrade_share_non_professional")),
                         certification=float(g("operating.certification_rupiah_per_entrant")),
                         attrition=float(g("recruitment.attrition_percent_per_year")) / 100,
                         premium_real=(prof - nonprof) * index_real, index_real=index_real)


def upgrade_programme(budget_real: np.ndarray, pool: np.ndarray, r: UpgradeRoutes) -> tuple[np.ndarray, np.ndarray]:
    """Incumbents upgraded and certified with a yearly budget (national, deterministic).

    ``budget_real`` (T, Rupiah per year, constant prices) is spent each year first on the pay step of those
    already upgraded (``premium_real`` per person still in post), the rest on new enrolments at the routes'
    tuition + certification (charged in the enrolment year; a one-year route completes, and earns the pay step,
    in its enrolment year as in the cost model), never more than ``uptake × eligible share`` of
    ``pool`` (T: non-professional PPPK of the cadre in the baseline) in total. Enrolments split over the routes
    by their eligible shares and complete after each route's duration; completers leave at the PPPK attrition
    rate. Returns ``(upgraded, spend)``: upgraded professionals in post at the end of each year (T, orang) and
    the spending (T, Rupiah per year, constant prices; ≤ budget unless the pay step of earlier cohorts alone
    exceeds it). A loop over the ten horizon years on national scalars (the cost model's own recursion), not
    over draws or provinces."""
    budget_real = np.asarray(budget_real, dtype=float)
    n = len(budget_real)
    w = r.eligible_share
    if w <= 0:
        return np.zeros(n), np.zeros(n)
    unit = r.unit_cost * r.index_real  # T, Rupiah per person, constant prices
    cap = r.uptake * w * float(np.max(pool)) if len(pool) else 0.0
    enrol = np.zeros(n)
    done = np.zeros(n)
    stock = np.zeros(n)
    spend = np.zeros(n)
    enrolled = 0.0
    now = sum(s for s, d, _ in r.routes if d <= 1) / w  # share of an enrolment completing in its own year
    for t in range(n):
        for s, d, _ in r.routes:  # completions this year from enrolments of earlier years
            t0 = t - max(d, 1) + 1
            if t0 < t and t0 >= 0:
                done[t] += enrol[t0] * (s / w) * (1 - r.attrition) ** (max(d, 1) - 1)
        pre = (stock[t - 1] * (1 - r.attrition) if t else 0.0) + done[t]
        free = max(0.0, budget_real[t] - pre * r.premium_real[t])
        enrol[t] = min(max(0.0, cap - enrolled), free / (unit[t] + now * r.premium_real[t]))
        enrolled += enrol[t]
        stock[t] = pre + enrol[t] * now
        spend[t] = stock[t] * r.premium_real[t] + enrol[t] * unit[t]
    return stock, spend


def cost_model_paths(names: Sequence[str], overrides: Mapping[str, Any] | None = None,
                     keys: pd.DataFrame | None = None) -> dict[str, CostPaths]:
    """Run the cost model for each scenario name (``status_quo``, the current-policy baseline, is added first
    and every scenario is run against it with the same ``overrides``).

    ``overrides`` are passed to :func:`kesos_analysis.scenarios.run` (parameter paths, e.g.
    ``{"pppk_costing.macro.horizon_last_year": 2035}``). Returns ``{name: CostPaths}``. Raises
    :class:`ParameterError` if the cost model's paths frame lacks a contract column.
    """
    from .. import costing, scenarios, staffing

    names = list(dict.fromkeys([BASELINE, *names]))
    keys = staffing.allocation_keys() if keys is None else keys
    out: dict[str, CostPaths] = {}
    base = scenarios.run(BASELINE, overrides, keys=keys)
    for name in names:
        res = base if name == BASELINE else scenarios.run(name, overrides, keys=keys, baseline_paths=base.paths)
        sc = scenarios.load_scenario(name)
        paths, need, ps = res.paths, res.need.set_index("cadre"), res.params
        cadres = list(need.index)
        years = np.array(sorted(paths["year"].unique()), dtype=int)
        m = {c: _matrix(paths, c, cadres, years) for c in (
            "pppk_professional_headcount", "pppk_non_professional_headcount", "legacy_headcount",
            "legacy_professional_headcount", "conversions", "upgrades", "new_hires", "displaced",
            "total_cost_real", "total_cost_nominal", "baseline_cost_real", "legacy_cost_real")}
        defl = paths.groupby("year")["deflator"].first().reindex(years).to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            pay = np.where(m["legacy_headcount"] > 0, m["legacy_cost_real"] / m["legacy_headcount"], 0.0)
        # A cadre's legacy pay per worker is the same in every scenario; fill years without legacy staff
        pay = pd.DataFrame(pay).replace(0.0, np.nan).ffill(axis=1).bfill(axis=1).fillna(0.0).to_numpy()
        cost = costing.annual_cost_per_person(ps, 0)
        cost_n = costing.annual_cost_per_person(ps, 0, pay=costing.pay_table(ps, professional=False))
        ump = costing.ump_comparison(ps)[["bps_code", "ump_year", "ump_rupiah_per_month"]]
        cur_pay = costing.current_pay(ps).set_index("cadre")["rupiah_per_month"]
        out[name] = CostPaths(
            name=name, label=dict(sc.label), cadres=cadres, years=years,
            pppk_prof=m["pppk_professional_headcount"], pppk_nonprof=m["pppk_non_professional_headcount"],
            legacy=m["legacy_headcount"], legacy_prof=m["legacy_professional_headcount"],
            conversions=m["conversions"], upgrades=m["upgrades"], new_hires=m["new_hires"],
            displaced=m["displaced"], cost_real=m["total_cost_real"], cost_nominal=m["total_cost_nominal"],
            baseline_cost_real=m["baseline_cost_real"], legacy_pay_real=pay, deflator=defl,
            current=need["current_headcount"].fillna(0.0).to_numpy(dtype=float),
            prof_share_today=need["professional_share_today"].fillna(0.0).to_numpy(dtype=float),
            required_prof=need["required_fte_professional"].to_numpy(dtype=float),
            allocation=[ps.node(f"staffing_standards.cadres.{c}")["allocation"] for c in cadres],
            pppk_annual_cost=float(cost["total"]), pppk_nonprof_annual_cost=float(cost_n["total"]),
            pppk_monthly_gross=float(cost["monthly_gross"]), pppk_nonprof_monthly_gross=float(cost_n["monthly_gross"]),
            legacy_monthly_pay={str(k): float(v) for k, v in cur_pay.items()}, ump=ump,
            kpm=float(ps.get(f"staffing_standards.cadres.{PKH}.clients")),
            lksa_children=float(ps.get(f"staffing_standards.cadres.{LKSA}.clients")),
            upgrade=_routes(ps, years, defl), hypothetical=bool(ps.get("pppk_costing.policy.honor_regime")),
        )
    return out
