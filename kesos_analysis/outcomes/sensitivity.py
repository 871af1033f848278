"""Which assumptions matter: one-way tornado over the priors and global Sobol indices (SALib).

Both evaluate a *decision metric* of the projection: by default the additional PKH graduations per Rp1 miliar
(present values) of the reference scenario minus those of a same-budget comparator (positive: PPPK
professionalisation buys more graduations per Rupiah than the money spent the other way). Draws for a tornado
or Sobol design are passed to
:func:`kesos_analysis.outcomes.engine.project` like any Monte Carlo draw (the poverty trend is held at its
central value, ``z = 0``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from .cea import discount_factors
from .engine import Model, national, project
from .priors import Prior, from_uniforms

Metric = Callable[[Model, Mapping[str, np.ndarray]], np.ndarray]


def difference_metric(a: str, b: str, series: str = "additional_graduations", rate: float = 0.06,
                      per_miliar: bool = True) -> Metric:
    """Metric per draw: ``PV(series of a) − PV(series of b)``, or with ``per_miliar`` the difference of
    ``PV(series) / (PV(incremental real cost) / 1e9)`` (outcome per Rp1 miliar; the cost-effectiveness ranking
    of two options whatever their budgets). Scenario names of the model."""

    def metric(m: Model, theta: Mapping[str, np.ndarray]) -> np.ndarray:
        n = len(next(iter(theta.values())))
        res = project(m, theta, np.zeros((n, len(m.codes))), [a, b])
        f = discount_factors(m.years, rate)
        na, nb = national(res[a], m.deflator, n), national(res[b], m.deflator, n)
        if not per_miliar:
            return na[series] @ f - nb[series] @ f
        return (na[series] @ f) / (na["incremental_cost_real"] @ f / 1e9) - (nb[series] @ f) / (
            nb["incremental_cost_real"] @ f / 1e9)

    return metric


def tornado(m: Model, priors: Mapping[str, Prior], metric: Metric) -> pd.DataFrame:
    """One-way sensitivity: every prior at its central value except one at its 5th or 95th percentile.

    Columns ``name, group, low_value, high_value, metric_low, metric_high, base, swing`` (``swing`` =
    |high − low|), sorted by swing, largest first. One vectorised projection of 2k + 1 rows.
    """
    names = list(priors)
    k = len(names)
    central = np.array([priors[n].value for n in names])
    lo = np.array([float(priors[n].ppf(np.array([0.05]))[0]) for n in names])
    hi = np.array([float(priors[n].ppf(np.array([0.95]))[0]) for n in names])
    x = np.tile(central, (2 * k + 1, 1))
    x[1:k + 1][np.arange(k), np.arange(k)] = lo
    x[k + 1:][np.arange(k), np.arange(k)] = hi
    y = metric(m, {n: x[:, j] for j, n in enumerate(names)})
    out = pd.DataFrame({"name": names, "group": [priors[n].group for n in names], "low_value": lo,
                        "high_value": hi, "metric_low": y[1:k + 1], "metric_high": y[k + 1:], "base": y[0]})
    out["swing"] = (out["metric_high"] - out["metric_low"]).abs()
    return out.sort_values("swing", ascending=False).reset_index(drop=True)


def sobol_indices(m: Model, priors: Mapping[str, Prior], metric: Metric, n_base: int = 256, seed: int = 1,
                  names: list[str] | None = None) -> pd.DataFrame:
    """First-order and total Sobol indices of ``metric`` (SALib Saltelli/Sobol' design on the unit cube mapped
    through each prior's quantile function; priors not in ``names`` held at their central value).

    Columns ``name, group, S1, S1_conf, ST, ST_conf``, sorted by ST. ``n_base`` must be a power of 2; the
    projection runs ``n_base × (k + 2)`` rows.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    names = names or [n for n, p in priors.items() if p.distribution != "fixed" and p.high > p.low]
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    u = sobol_sample.sample(problem, n_base, calc_second_order=False, seed=seed)
    u = np.clip(u, 1e-9, 1 - 1e-9)
    theta = {n: np.full(len(u), p.value) for n, p in priors.items()}
    theta.update(from_uniforms({n: priors[n] for n in names}, u))
    y = metric(m, theta)
    res = sobol_analyze.analyze(problem, y, calc_second_order=False, print_to_console=False, seed=seed)
    out = pd.DataFrame({"name": names, "group": [priors[n].group for n in names], "S1": res["S1"],
                        "S1_conf": res["S1_conf"], "ST": res["ST"], "ST_conf": res["ST_conf"]})
    return out.sort_values("ST", ascending=False).reset_index(drop=True)


def groups(priors: Mapping[str, Prior]) -> dict[str, list[str]]:
    """``{group: [prior names]}`` of the priors that vary (for EVPPI)."""
    out: dict[str, list[str]] = {}
    for n, p in priors.items():
        if p.distribution != "fixed" and p.high > p.low:
            out.setdefault(p.group, []).append(n)
    return out
