"""One call for report 05: projection, cost-effectiveness, sensitivity and value of information, plus the
tables and recorded values (``scenarios.*`` keys) that report 06 quotes.

:func:`analyse` returns an :class:`Analysis`; :func:`headline_values` flattens its key results into recorded
entries ``{key: {"value", "unit"}}`` (see :mod:`kesos_analysis.report.values`). Intervals are 90 % (5th–95th
percentiles over the Monte Carlo draws) and means are over draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParameterError
from . import cea, sensitivity
from .engine import CASELOAD, UPGRADE, Model, Simulation, build_model, poverty_z, simulate
from .priors import Prior, draw, load_priors, prior_table

#: Willingness-to-pay grid for the acceptability curve and EVPI (Rupiah per additional PKH graduation).
WTP = np.array([0, 2.5e6, 5e6, 7.5e6, 1e7, 1.5e7, 2e7, 3e7, 4e7, 5e7, 7.5e7, 1e8, 1.5e8, 2e8])
PRIMARY = "graduations"
#: Scenarios of report 05 by default (its ``scenarios`` parameter).
#: Every feasible scenario file, each against the current-policy baseline ``status_quo``; the hypothetical honor
#: regime (not feasible under UU 20/2023) is left out — pass it explicitly to see it, labelled HIPOTETIS.
DEFAULT_SCENARIOS = ("pkh_pendamping_pppk", "pkh_qualification_only", "tksk_pppk", "sakti_peksos_all_panti",
                     "full_professionalisation")
#: Priors whose central value and range the brief quotes.
QUOTED_PRIORS = ("graduation_effect_professional", "caseload_elasticity")


@dataclass
class Analysis:
    """Everything report 05 shows; see :func:`analyse`."""

    model: Model
    priors: dict[str, Prior]
    sim: Simulation
    reference: str
    rate: float
    ce: pd.DataFrame
    ce_rates: pd.DataFrame
    bia: pd.DataFrame
    ceac: pd.DataFrame
    voi: pd.DataFrame
    tornado: pd.DataFrame
    sobol: dict[str, pd.DataFrame]
    options: list[str] = field(default_factory=list)

    @property
    def comparators(self) -> list[str]:
        return [f"{self.reference}.{CASELOAD}", f"{self.reference}.{UPGRADE}"]


def analyse(scenarios: Sequence[str], *, n_draws: int = 500, seed: int = 20261202, horizon: int = 2035,
            discount_rate: float = 0.06, priors_path: str | Path | None = None, province: str = "all",
            reference: str = "pkh_pendamping_pppk", sobol_base: int = 128, model: Model | None = None) -> Analysis:
    """Build the model (cost model paths to ``horizon``), draw ``n_draws`` from the priors with ``seed``, and
    compute the projection, cost-effectiveness (at ``discount_rate`` and 3/6/10 %), budget impact,
    acceptability, EVPI/EVPPI, tornado and Sobol indices. ``province`` is ``"all"`` or a BPS code.
    Raises :class:`ParameterError` if ``reference`` is not among ``scenarios``."""
    if reference not in scenarios:
        raise ParameterError(f"reference scenario {reference!r} must be one of the scenarios {list(scenarios)}")
    if model is None:
        model = build_model(scenarios, {"pppk_costing.macro.horizon_last_year": int(horizon)},
                            comparator_for=reference)
    if province not in (None, "", "all", "00"):
        model = model.select_province(str(province))
    priors = load_priors(priors_path)
    theta = draw(priors, n_draws, seed)
    sim = simulate(model, theta, poverty_z(n_draws, len(model.codes), seed))
    sim.seed = seed
    options = ["status_quo", reference, f"{reference}.{CASELOAD}", f"{reference}.{UPGRADE}"]
    ce = cea.cost_effectiveness(sim, discount_rate)
    ce_rates = pd.concat([cea.cost_effectiveness(sim, r) for r in sorted({0.03, 0.06, 0.10, discount_rate})],
                         ignore_index=True)
    groups = sensitivity.groups(priors)
    metric = sensitivity.difference_metric(reference, f"{reference}.{CASELOAD}", rate=discount_rate)
    metric_up = sensitivity.difference_metric(reference, f"{reference}.{UPGRADE}", rate=discount_rate)
    return Analysis(
        model=model, priors=priors, sim=sim, reference=reference, rate=discount_rate, ce=ce, ce_rates=ce_rates,
        bia=cea.budget_impact(sim),
        ceac=cea.acceptability(sim, PRIMARY, WTP, discount_rate, options[1:]),
        voi=cea.value_of_information(sim, PRIMARY, WTP, groups, discount_rate, options[1:]),
        tornado=sensitivity.tornado(model, priors, metric),
        sobol={CASELOAD: sensitivity.sobol_indices(model, priors, metric, sobol_base, seed),
               UPGRADE: sensitivity.sobol_indices(model, priors, metric_up, sobol_base, seed)},
        options=options,
    )


def _iv(x: np.ndarray) -> tuple[float, float, float]:
    lo, hi = np.percentile(x, [5, 95])
    return float(np.mean(x)), float(lo), float(hi)


def national_paths(a: Analysis, outcome: str, scenarios: Sequence[str] | None = None) -> pd.DataFrame:
    """National yearly path of ``outcome`` per scenario: ``scenario, year, mean, low, high`` (90 % interval)."""
    rows = []
    for s in scenarios or a.sim.national:
        x = a.sim.national[s][outcome]
        lo, hi = np.percentile(x, [5, 95], axis=0)
        rows.append(pd.DataFrame({"scenario": s, "year": a.model.years, "mean": x.mean(axis=0), "low": lo,
                                  "high": hi}))
    return pd.concat(rows, ignore_index=True)


def province_table(a: Analysis, outcome: str, scenario: str, year: int | None = None) -> pd.DataFrame:
    """Per province in ``year`` (default: last): ``bps_code, province, mean, low, high`` (low/high NaN when
    the run kept only means)."""
    t = list(a.model.years).index(year if year is not None else int(a.model.years[-1]))
    d = a.sim.province[scenario][outcome]
    nan = np.full(len(a.model.codes), np.nan)
    return pd.DataFrame({"bps_code": a.model.codes, "province": a.model.names, "mean": d["mean"][:, t],
                         "low": d.get("q05", nan[:, None])[:, t] if "q05" in d else nan,
                         "high": d["q95"][:, t] if "q95" in d else nan})


def pay_comparison(a: Analysis) -> pd.DataFrame:
    """Benefit 2 (worker welfare): monthly pay relative to each province's UMP. Rows: ``pppk_entry`` (entry monthly
    gross of a social-work-qualified PPPK post, cost model), ``pppk_non_professional_entry`` (a PPPK post without
    the qualification, as the PKH pendamping converted under current policy) and the honor / tali asih per cadre
    before conversion (``compensation.csv``). Columns ``who,
    rupiah_per_month, ump_year, ratio_median, ratio_min, ratio_max`` (ratio = pay / UMP across provinces)."""
    cp = a.model.paths["status_quo"]
    ump = cp.ump["ump_rupiah_per_month"].to_numpy(dtype=float)
    rows = [("pppk_entry", cp.pppk_monthly_gross), ("pppk_non_professional_entry", cp.pppk_nonprof_monthly_gross)]
    rows += list(cp.legacy_monthly_pay.items())
    return pd.DataFrame([{"who": w, "rupiah_per_month": v, "ump_year": int(cp.ump["ump_year"].iloc[0]),
                          "ratio_median": float(np.median(v / ump)), "ratio_min": float(np.min(v / ump)),
                          "ratio_max": float(np.max(v / ump))} for w, v in rows])


def benefits(a: Analysis) -> pd.DataFrame:
    """The essay's four benefits as indicators per scenario (last horizon year or cumulative), with 90 %
    intervals: ``scenario, benefit (1–4), indicator, mean, low, high, unit``."""
    f = cea.discount_factors(a.model.years, 0.0)
    rows = []
    for s, nat in a.sim.national.items():
        def add(b: int, ind: str, x: np.ndarray, unit: str, s: str = s) -> None:
            m, lo, hi = _iv(x)
            rows.append({"scenario": s, "benefit": b, "indicator": ind, "mean": m, "low": lo, "high": hi,
                         "unit": unit})
        add(1, "professional_share_services", 100 * nat["professional_share_services"][:, -1], "percent")
        add(3, "additional_graduations_cum", nat["additional_graduations"] @ f, "KPM")
        add(3, "stunting_pp", nat["stunting_pp"][:, -1], "pp")
        add(3, "out_of_school_relative", nat["out_of_school_relative"][:, -1], "relative")
        add(3, "additional_takeup", nat["additional_takeup"][:, -1], "families")
        add(3, "additional_reintegrations_cum", nat["additional_reintegrations"] @ f, "children")
        add(4, "persons_lifted", nat["persons_lifted"][:, -1], "persons")
        add(4, "poor_reduction_share", 100 * nat["persons_lifted"][:, -1] / (1000 * a.sim.national["status_quo"]
                                                                              ["poor_thousand"][:, -1]), "percent")
    pay = pay_comparison(a)
    for s in a.sim.national:
        for rec in pay.itertuples():
            rows.append({"scenario": s, "benefit": 2, "indicator": f"pay_to_ump.{rec.who}", "mean": rec.ratio_median,
                         "low": rec.ratio_min, "high": rec.ratio_max, "unit": "ratio"})
    return pd.DataFrame(rows)


def best_per_rupiah(a: Analysis, outcome: str = PRIMARY) -> pd.DataFrame:
    """Among the reference scenario and its same-budget comparators: mean outcome per Rp1 miliar (PV) and the
    probability (0–1) that each has the highest outcome per Rp1 miliar (per draw). Columns ``scenario, per_miliar,
    probability_best``."""
    pv = cea.present_values(a.sim, a.rate)
    opts = a.options[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.stack([np.where(pv[s]["cost"] > 0, pv[s][outcome] / (pv[s]["cost"] / cea.MILIAR), np.nan)
                        for s in opts])
    best = np.where(np.isnan(per), -np.inf, per).argmax(axis=0)
    return pd.DataFrame({"scenario": opts, "per_miliar": [float(np.mean(x)) if np.all(np.isfinite(x)) else np.nan
                                                          for x in per],
                         "probability_best": [(best == i).mean() for i in range(len(opts))]})


def voi_at_reference(a: Analysis) -> pd.DataFrame:
    """EVPI and EVPPI (Rupiah, per national decision) at the willingness to pay equal to the reference
    scenario's mean cost per additional graduation (the price at which the ministry would just buy it):
    ``wtp, group, value``, largest first."""
    r = a.ce.set_index(["scenario", "outcome"]).loc[(a.reference, PRIMARY)]
    lam = float(r["cost_pv"] / r["effect_pv"])
    voi = cea.value_of_information(a.sim, PRIMARY, np.array([lam]), sensitivity.groups(a.priors), a.rate,
                                   a.options[1:])
    return voi.sort_values("value", ascending=False).reset_index(drop=True)


def comparator_facts(a: Analysis) -> list[tuple[str, float, str]]:
    """What the same-budget comparators buy, in the cost model's terms: ``(key, value, unit)`` for the upgrade
    route cost and time (averaged over the RPL/D4 and D3/SMK routes by eligible share), uptake and eligible
    share, upgraded pendamping in post and extra (non-degree PPPK) pendamping in the last year (orang,
    national, mean over draws is the deterministic path)."""
    cp = a.model.paths["status_quo"]
    r = cp.upgrade
    sc = a.model.scenarios
    sq = sc["status_quo"]
    case, up = (sc[c] for c in a.comparators)
    return [
        ("upgrade.unit_cost", r.unit_cost, "Rupiah per person (pay-table prices)"),
        ("upgrade.duration_years", r.mean_duration, "years"),
        ("upgrade.eligible_share", 100 * r.eligible_share, "percent"),
        ("upgrade.uptake", 100 * r.uptake, "percent"),
        ("upgrade.upgraded_last_year", float((up.pkh_pppk_prof - sq.pkh_pppk_prof)[:, -1].sum()), "orang"),
        ("caseload.extra_last_year", float((case.pkh_pppk - sq.pkh_pppk)[:, -1].sum()), "orang"),
        ("caseload.baseline_pkh_last_year", float((sq.pkh_pppk + sq.pkh_leg)[:, -1].sum()), "orang"),
    ]


def headline_values(a: Analysis) -> dict[str, dict]:
    """Recorded entries of report 05 (keys ``scenarios.…``); every number report 06 quotes is one of them."""
    out: dict[str, dict] = {}

    def put(key: str, value: float, unit: str) -> None:
        v = float(value)  # a ratio that is not defined is recorded as None, never NaN (its *_status says why)
        out[f"scenarios.{key}"] = {"value": None if v != v else v, "unit": unit, "rtol": 1e-6}

    put("n_draws", a.sim.n_draws, "draws")
    put("discount_rate", a.rate, "fraction")
    put("discount_rate_percent", 100 * a.rate, "percent")
    put("first_year", a.model.years[0], "year")
    put("last_year", a.model.years[-1], "year")
    ce = a.ce.set_index(["scenario", "outcome"])
    for s in a.sim.national:
        if s == "status_quo":
            continue
        k = s.replace(".", "__")
        r = ce.loc[(s, PRIMARY)]
        put(f"{k}.cost_pv.mean", r["cost_pv"], "Rupiah (PV)")
        for o in cea.OUTCOME_SERIES:
            rr = ce.loc[(s, o)]
            put(f"{k}.{o}.effect_pv.mean", rr["effect_pv"], "PV units")
            put(f"{k}.{o}.effect_pv.low", rr["effect_pv_low"], "PV units")
            put(f"{k}.{o}.effect_pv.high", rr["effect_pv_high"], "PV units")
            put(f"{k}.{o}.per_miliar", rr["per_miliar"], "per Rp1 miliar")
            put(f"{k}.{o}.p_positive", 100 * rr["p_positive"], "percent")
            put(f"{k}.{o}.cost_per_outcome", rr["cost_per_outcome"], "Rupiah")  # NaN is recorded as None …
            out[f"scenarios.{k}.{o}.cost_per_outcome_status"] = {  # … and the reason beside it
                "value": str(rr["cost_per_outcome_status"]), "unit": "status"}
            out[f"scenarios.{k}.{o}.per_miliar_status"] = {"value": str(rr["per_miliar_status"]), "unit": "status"}
        b = a.bia.set_index("scenario").loc[s]
        put(f"{k}.bia_5y.mean", b["mean"], "Rupiah (nominal)")
        put(f"{k}.bia_5y.low", b["low"], "Rupiah (nominal)")
        put(f"{k}.bia_5y.high", b["high"], "Rupiah (nominal)")
    ben = benefits(a)
    for rec in ben[ben["benefit"] != 2].itertuples():
        k = rec.scenario.replace(".", "__")
        for stat in ("mean", "low", "high"):
            put(f"benefit{rec.benefit}.{k}.{rec.indicator}.{stat}", getattr(rec, stat), rec.unit)
    for rec in pay_comparison(a).itertuples():
        put(f"benefit2.{rec.who}.rupiah_per_month", rec.rupiah_per_month, "Rupiah per month")
        put(f"benefit2.{rec.who}.ratio_median", rec.ratio_median, "ratio to UMP")
        put(f"benefit2.{rec.who}.ratio_min", rec.ratio_min, "ratio to UMP")
        put(f"benefit2.{rec.who}.ratio_max", rec.ratio_max, "ratio to UMP")
    best = best_per_rupiah(a)
    for rec in best.itertuples():
        k = rec.scenario.replace(".", "__")
        put(f"best.{k}.probability_best", 100 * rec.probability_best, "percent")
    pv = cea.present_values(a.sim, a.rate)
    case = a.comparators[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        ref_pm = np.where(pv[a.reference]["cost"] > 0, pv[a.reference][PRIMARY] / pv[a.reference]["cost"], -np.inf)
        case_pm = np.where(pv[case]["cost"] > 0, pv[case][PRIMARY] / pv[case]["cost"], -np.inf)
    put("pairwise.ref_beats_caseload", 100 * np.mean(ref_pm > case_pm), "percent")
    for key, value, unit in comparator_facts(a):
        put(f"comparators.{key}", value, unit)
    top = best.sort_values("per_miliar", ascending=False).iloc[0]
    out["scenarios.best.option"] = {"value": str(top["scenario"]), "unit": "scenario"}
    voi = voi_at_reference(a)
    put("voi.wtp", voi["wtp"].iloc[0], "Rupiah per graduation")
    put("voi.evpi", voi.loc[voi["group"] == "EVPI (all)", "value"].iloc[0], "Rupiah")
    groups = voi[voi["group"] != "EVPI (all)"].sort_values("value", ascending=False)
    out["scenarios.voi.top_group"] = {"value": str(groups["group"].iloc[0]), "unit": "group"}
    put("voi.top_group_evppi", groups["value"].iloc[0], "Rupiah")
    out["scenarios.voi.second_group"] = {"value": str(groups["group"].iloc[1]), "unit": "group"}
    put("voi.second_group_evppi", groups["value"].iloc[1], "Rupiah")
    for c, df in a.sobol.items():
        out[f"scenarios.sobol.{c}.top"] = {"value": str(df["name"].iloc[0]), "unit": "prior"}
        put(f"sobol.{c}.top_st", df["ST"].iloc[0], "index")
    put("priors.count", len(a.priors), "priors")
    for name in QUOTED_PRIORS:
        p = a.priors[name]
        for stat in ("value", "low", "high"):
            put(f"priors.{name}.{stat}", getattr(p, stat), p.unit_en)
    put("priors.assumption_share", 100 * np.mean(["S" in p.flag for p in a.priors.values()]), "percent")
    return out


__all__ = ["Analysis", "analyse", "benefits", "best_per_rupiah", "headline_values", "national_paths",
           "pay_comparison", "prior_table", "province_table"]
