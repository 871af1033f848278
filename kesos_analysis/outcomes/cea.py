"""Cost-effectiveness (J-PAL cost per outcome), budget impact, acceptability curves and value of information.

Conventions (docs/research/evidence.md §4.2): government-budget perspective; costs and outcomes discounted at
6 % real (3 % and 10 % as sensitivities) to the first horizon year, ``PV = Σ_t X_t / (1 + r)^(t − first)``;
incremental to the status quo; the budget impact is nominal, undiscounted, over the first five years (ISPOR,
row 4.2–4.3). PKH cash transfers are not a cost of professionalisation (row 4.6). Every ratio is computed per
draw and summarised by its mean and a 90 % interval (5th–95th percentiles); a cost per outcome is reported
as ``E[ΔC] / E[ΔE]`` and only where the outcome gain is positive in at least 95 % of draws and the incremental
cost is positive in every draw; otherwise it is *not defined* (NaN in the frame) and ``cost_per_outcome_status``
says why (:data:`UNDEFINED_REASONS`), so no report publishes a NaN or a division by a zero increment.

Outcome streams (per year, summed over the horizon after discounting):

* ``graduations`` — additional PKH graduations (KPM);
* ``reintegrations`` — additional children reintegrated from LKSA to family care;
* ``takeup`` — additional family-years of complementary entitlements taken up;
* ``lifted`` — person-years above the poverty line (persons lifted, summed over years).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import ParameterError
from .engine import Simulation

#: Outcome key → national series of the engine.
OUTCOME_SERIES = {
    "graduations": "additional_graduations",
    "reintegrations": "additional_reintegrations",
    "takeup": "additional_takeup",
    "lifted": "persons_lifted",
}
RATES = (0.03, 0.06, 0.10)
#: Why a cost per outcome (or outcome per Rp1 miliar) is not defined.
UNDEFINED_REASONS = ("defined", "cost_not_positive", "effect_zero", "effect_uncertain")
BIA_YEARS = 5
MILIAR = 1e9


def discount_factors(years: np.ndarray, rate: float, first_year: int | None = None) -> np.ndarray:
    """``1 / (1 + rate)^(year − first_year)`` (T,). Raises :class:`ParameterError` for a rate ≤ −100 %."""
    if rate <= -1:
        raise ParameterError(f"discount rate must be above -100%, got {rate}")
    years = np.asarray(years, dtype=float)
    first = years.min() if first_year is None else first_year
    return 1.0 / (1.0 + rate) ** (years - first)


def present_values(sim: Simulation, rate: float = 0.06) -> dict[str, dict[str, np.ndarray]]:
    """Per scenario, per-draw (D,) present values: ``cost`` (incremental real Rupiah) and each outcome of
    :data:`OUTCOME_SERIES`."""
    f = discount_factors(sim.model.years, rate)
    out = {}
    for s, nat in sim.national.items():
        pv = {"cost": nat["incremental_cost_real"] @ f}
        for k, series in OUTCOME_SERIES.items():
            pv[k] = nat[series] @ f
        out[s] = pv
    return out


def _interval(x: np.ndarray) -> tuple[float, float, float]:
    lo, hi = np.percentile(x, [5, 95])
    return float(np.mean(x)), float(lo), float(hi)


def cost_effectiveness(sim: Simulation, rate: float = 0.06, scenarios: Sequence[str] | None = None) -> pd.DataFrame:
    """Long table, one row per scenario × outcome (status quo excluded).

    Columns: ``scenario, outcome, rate, cost_pv`` (mean incremental PV cost, Rupiah), ``cost_pv_low/high``,
    ``effect_pv`` (mean PV of the outcome gain) ``effect_pv_low/high``, ``p_positive`` (share of draws with a
    gain), ``per_miliar`` (outcome gain per Rp1 miliar of incremental PV cost, mean) ``per_miliar_low/high``,
    ``cost_per_outcome`` (``E[ΔC]/E[ΔE]``; NaN unless ``p_positive`` ≥ 0.95) with ``cost_per_outcome_low/high``
    (5th/95th percentiles of the per-draw ratio, same condition), ``cost_per_outcome_status`` and
    ``per_miliar_status`` (one of :data:`UNDEFINED_REASONS`: ``cost_not_positive`` — the scenario costs no more
    than the current-policy baseline in some draw, a division by a zero or negative increment; ``effect_zero`` —
    no outcome gain in any draw; ``effect_uncertain`` — gain positive in fewer than 95 % of draws).
    """
    pv = present_values(sim, rate)
    names = [s for s in (scenarios or pv) if s != "status_quo"]
    rows = []
    for s in names:
        c = pv[s]["cost"]
        for k in OUTCOME_SERIES:
            e = pv[s][k]
            cm, cl, ch = _interval(c)
            em, el, eh = _interval(e)
            ok_cost = bool(np.all(c > 0))
            with np.errstate(divide="ignore", invalid="ignore"):
                per = np.where(c > 0, e / (c / MILIAR), np.nan)
            pm, pl, ph = _interval(per) if ok_cost else (np.nan, np.nan, np.nan)
            p_pos = float(np.mean(e > 0))
            status = ("cost_not_positive" if not ok_cost else "effect_zero" if np.all(e == 0) else
                      "effect_uncertain" if (p_pos < 0.95 or em <= 0) else "defined")
            if status == "defined":
                ratio = np.where(e > 0, c / np.where(e > 0, e, 1.0), np.inf)
                cpo, cpo_l, cpo_h = cm / em, *np.percentile(ratio, [5, 95])
            else:
                cpo = cpo_l = cpo_h = np.nan
            rows.append({"scenario": s, "outcome": k, "rate": rate, "cost_pv": cm, "cost_pv_low": cl,
                         "cost_pv_high": ch, "effect_pv": em, "effect_pv_low": el, "effect_pv_high": eh,
                         "p_positive": p_pos, "per_miliar": pm, "per_miliar_low": pl, "per_miliar_high": ph,
                         "cost_per_outcome": cpo, "cost_per_outcome_low": float(cpo_l),
                         "cost_per_outcome_high": float(cpo_h), "cost_per_outcome_status": status,
                         "per_miliar_status": "defined" if ok_cost else "cost_not_positive"})
    return pd.DataFrame(rows)


def discount_sensitivity(sim: Simulation, outcome: str = "graduations", rates: Sequence[float] = RATES) -> pd.DataFrame:
    """Cost per outcome and outcome per Rp1 miliar of each scenario at each discount rate (wide by rate)."""
    df = pd.concat([cost_effectiveness(sim, r) for r in rates], ignore_index=True)
    return df[df["outcome"] == outcome][["scenario", "rate", "cost_per_outcome", "per_miliar"]].reset_index(drop=True)


def budget_impact(sim: Simulation, years: int = BIA_YEARS) -> pd.DataFrame:
    """Undiscounted nominal incremental cost of the first ``years`` horizon years per scenario (Rupiah):
    ``scenario, first_year, last_year, mean, low, high`` (low/high: 5th/95th percentiles over draws)."""
    yrs = sim.model.years
    k = min(years, len(yrs))
    rows = []
    for s, nat in sim.national.items():
        if s == "status_quo":
            continue
        tot = nat["incremental_cost_nominal"][:, :k].sum(axis=1)
        m, lo, hi = _interval(tot)
        rows.append({"scenario": s, "first_year": int(yrs[0]), "last_year": int(yrs[k - 1]), "mean": m,
                     "low": lo, "high": hi})
    return pd.DataFrame(rows)


def net_benefit(sim: Simulation, outcome: str, wtp: np.ndarray, rate: float = 0.06,
                scenarios: Sequence[str] | None = None) -> tuple[list[str], np.ndarray]:
    """Net monetary benefit ``λ·ΔE − ΔC`` (Rupiah): names and an array (W, S, D) for WTP values ``wtp`` (W,)
    in Rupiah per unit of ``outcome``. The status quo (NMB 0) is included first."""
    if outcome not in OUTCOME_SERIES:
        raise ParameterError(f"unknown outcome {outcome!r}; one of {', '.join(OUTCOME_SERIES)}")
    pv = present_values(sim, rate)
    names = ["status_quo", *[s for s in (scenarios or pv) if s != "status_quo"]]
    e = np.stack([pv[s][outcome] for s in names])  # S × D
    c = np.stack([pv[s]["cost"] for s in names])
    w = np.asarray(wtp, dtype=float)[:, None, None]
    return names, w * e[None] - c[None]


def acceptability(sim: Simulation, outcome: str, wtp: np.ndarray, rate: float = 0.06,
                  scenarios: Sequence[str] | None = None) -> pd.DataFrame:
    """Cost-effectiveness acceptability curve: probability each scenario has the highest net benefit at each
    willingness to pay. Columns ``wtp, scenario, probability`` (probabilities sum to 1 per WTP)."""
    names, nmb = net_benefit(sim, outcome, wtp, rate, scenarios)
    best = nmb.argmax(axis=1)  # W × D
    prob = np.stack([(best == i).mean(axis=1) for i in range(len(names))], axis=1)  # W × S
    w = np.repeat(np.asarray(wtp, dtype=float), len(names))
    return pd.DataFrame({"wtp": w, "scenario": names * len(wtp), "probability": prob.ravel()})


def evpi(nmb: np.ndarray) -> np.ndarray:
    """Expected value of perfect information per WTP: ``E[max_s NMB] − max_s E[NMB]`` for ``nmb`` (W, S, D)."""
    return nmb.max(axis=1).mean(axis=-1) - nmb.mean(axis=-1).max(axis=1)


def _design(x: np.ndarray) -> np.ndarray:
    """Quadratic design matrix with interactions of standardised columns ``x`` (D, k)."""
    z = (x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    k = z.shape[1]
    cols = [np.ones(len(z))] + [z[:, i] for i in range(k)]
    cols += [z[:, i] * z[:, j] for i in range(k) for j in range(i, k)]
    return np.column_stack(cols)


def evppi(nmb: np.ndarray, params: np.ndarray) -> np.ndarray:
    """Expected value of partial perfect information on a parameter group, per WTP (regression estimator,
    Strong & Oakley 2014 with a quadratic instead of a GAM smoother): regress each scenario's NMB on the group's
    draws ``params`` (D, k), then ``E[max_s ĝ_s] − max_s E[ĝ_s]``. ``nmb`` is (W, S, D)."""
    x = _design(np.asarray(params, dtype=float))
    w, s, d = nmb.shape
    y = nmb.reshape(w * s, d).T  # D × (W·S)
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    fit = (x @ coef).T.reshape(w, s, d)
    return np.maximum(0.0, fit.max(axis=1).mean(axis=-1) - fit.mean(axis=-1).max(axis=1))


def value_of_information(sim: Simulation, outcome: str, wtp: np.ndarray, groups: Mapping[str, Sequence[str]],
                         rate: float = 0.06, scenarios: Sequence[str] | None = None) -> pd.DataFrame:
    """EVPI and EVPPI per parameter group at each WTP (Rupiah, per decision). Columns ``wtp, group, value``
    with group ``"EVPI (all)"`` for the total."""
    names, nmb = net_benefit(sim, outcome, wtp, rate, scenarios)
    rows = [pd.DataFrame({"wtp": wtp, "group": "EVPI (all)", "value": evpi(nmb)})]
    for g, members in groups.items():
        x = np.column_stack([sim.theta[m] for m in members])
        rows.append(pd.DataFrame({"wtp": wtp, "group": g, "value": evppi(nmb, x)}))
    return pd.concat(rows, ignore_index=True)
