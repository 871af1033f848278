"""SYNTHETIC unit × period panels with planted treatment effects: **not data about real places**.

:func:`generate_panel` draws a balanced panel in which a treatment (think: a kab/kota receiving PPPK
professional social workers) is adopted in a staggered way and whose effect is *known*, so the estimators in
:mod:`kesos_analysis.effects` can be checked against the truth (recovery, coverage, bias of naive TWFE).

Data-generating process (all draws from one ``numpy.random.SeedSequence(seed)``; same arguments ⇒ same frame)::

    y[i,t] = mu + alpha[i] + lambda[t] + trend * t + u[i,t] + tau[i,t] * D[i,t]
    alpha[i]  ~ N(0, sd_unit²)                      unit shock (persistent differences between units)
    lambda[t] ~ N(0, sd_period²)                    period shock common to all units
    u[i,t]    = rho * u[i,t-1] + e[i,t],  e ~ N(0, sd_noise² (1 - rho²))   AR(1), stationary variance sd_noise²
    D[i,t]    = 1{t >= g[i]}                        g[i] = first treated period (cohort); never-treated: g = 0
    tau[i,t]  = dose[i] * effect[g] * (1 + dynamic * (t - g[i]))     for t >= g[i], else 0
    effect[g] = effect * (1 + heterogeneity * (centre - position of g among the cohorts))

so effects are **heterogeneous** (earlier cohorts gain more when ``heterogeneity > 0``), **dynamic** (grow with
exposure when ``dynamic > 0``) and scale with a unit's **dose** (share of professional staff, in (0, 1]; all ones
unless ``dose_range`` is given). ``y`` mimics a poverty rate in persen (``mu`` = 10) so numbers read naturally;
nothing about it is estimated from real data.

Planted estimands (in ``DataFrame.attrs["planted"]``), all computed from ``tau`` on the drawn sample:

* ``att``: mean of ``tau`` over treated unit-periods (t >= g): the "simple" ATT of Callaway–Sant'Anna and the
  static ATT of the imputation / two-stage estimators (Borusyak–Jaravel–Spiess 2024; Gardner 2022);
* ``att_event``: mean of ``tau`` by event time e = t - g (0, 1, …);
* ``att_gt``: mean of ``tau`` by cohort g and period t (t >= g);
* ``att_per_dose``: mean of ``tau / dose`` over treated unit-periods.

How it is marked synthetic: ``unit`` ids begin ``SYN-``; ``attrs`` carries ``{"synthetic": True, "label":
"SYNTHETIC", "seed": …, "planted": …}``; :func:`write_panel` puts ``SYNTHETIC`` in the file name.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..io import atomic_path
from .synthetic import SYNTHETIC_LABEL


def generate_panel(n_units: int = 120, n_periods: int = 10, *, cohorts: tuple[int, ...] = (4, 6, 8),
                   never_share: float = 0.3, effect: float = -1.0, heterogeneity: float = 0.5,
                   dynamic: float = 0.15, dose_range: tuple[float, float] | None = None, mu: float = 10.0,
                   sd_unit: float = 3.0, sd_period: float = 0.5, trend: float = -0.2, sd_noise: float = 1.0,
                   rho: float = 0.5, seed: int = 20261202) -> pd.DataFrame:
    """A balanced SYNTHETIC panel of ``n_units`` × ``n_periods`` with planted staggered effects.

    ``cohorts`` are the first-treated periods (1-based, each in ``2..n_periods``; period 1 is never treated so
    every unit has a pre-period); units are split evenly across them after ``never_share`` (fraction in
    [0, 1)) are set aside as never treated. ``effect`` is the average first-period effect in outcome units
    (persen points for the default scale); other arguments as in the module docstring.

    Returns columns ``unit`` (text ``SYN-0001`` …), ``period`` (1 … n_periods, int), ``y`` (float),
    ``treated`` (0/1, int), ``first_treat`` (cohort g; 0 = never treated), ``rel_time`` (t - g; NaN for never
    treated), ``dose`` (dose of the unit while treated, else 0), ``tau`` (true effect, float). Raises
    ``ValueError`` on impossible arguments.
    """
    if n_units < 2 or n_periods < 2:
        raise ValueError(f"need at least 2 units and 2 periods, got {n_units} × {n_periods}")
    if not cohorts or any(not (2 <= int(g) <= n_periods) for g in cohorts):
        raise ValueError(f"cohorts must be periods in 2..{n_periods}, got {cohorts}")
    if not 0 <= never_share < 1:
        raise ValueError(f"never_share must be in [0, 1), got {never_share}")
    if not -1 < rho < 1:
        raise ValueError(f"rho must be in (-1, 1), got {rho}")
    ss = np.random.SeedSequence(seed)
    r_unit, r_period, r_noise, r_assign, r_dose = (np.random.default_rng(s) for s in ss.spawn(5))
    n_never = int(round(never_share * n_units))
    cohort_list = np.array(sorted(int(g) for g in cohorts))
    g = np.zeros(n_units, dtype=int)
    g[n_never:] = cohort_list[np.arange(n_units - n_never) % len(cohort_list)]
    g = r_assign.permutation(g)
    if dose_range is None:
        dose_unit = np.ones(n_units)
    else:
        lo, hi = dose_range
        if not 0 < lo <= hi <= 1:
            raise ValueError(f"dose_range must satisfy 0 < low <= high <= 1, got {dose_range}")
        dose_unit = r_dose.uniform(lo, hi, size=n_units)
    position = np.searchsorted(cohort_list, g)  # index of the cohort (0 for never treated; not used then)
    centre = (len(cohort_list) - 1) / 2
    effect_g = effect * (1 + heterogeneity * (centre - position))
    t = np.arange(1, n_periods + 1)
    alpha = r_unit.normal(0, sd_unit, size=n_units)
    lam = r_period.normal(0, sd_period, size=n_periods)
    e = r_noise.normal(0, sd_noise * np.sqrt(1 - rho**2), size=(n_units, n_periods))
    u = np.empty_like(e)
    u[:, 0] = r_noise.normal(0, sd_noise, size=n_units)
    for k in range(1, n_periods):
        u[:, k] = rho * u[:, k - 1] + e[:, k]
    treated = (g[:, None] > 0) & (t[None, :] >= g[:, None])
    exposure = t[None, :] - g[:, None]
    tau = np.where(treated, dose_unit[:, None] * effect_g[:, None] * (1 + dynamic * exposure), 0.0)
    y = mu + alpha[:, None] + lam[None, :] + trend * t[None, :] + u + tau
    df = pd.DataFrame({
        "unit": np.repeat([f"SYN-{i + 1:04d}" for i in range(n_units)], n_periods),
        "period": np.tile(t, n_units),
        "y": y.ravel(),
        "treated": treated.ravel().astype(int),
        "first_treat": np.repeat(g, n_periods),
        "rel_time": np.where(np.repeat(g, n_periods) > 0, exposure.ravel(), np.nan),
        "dose": np.where(treated, dose_unit[:, None], 0.0).ravel(),
        "tau": tau.ravel(),
    })
    df.attrs.update({
        "synthetic": True, "label": SYNTHETIC_LABEL, "seed": seed,
        "description": "SYNTHETIC unit × period panel from kesos_analysis.data.synthetic_panel; planted effects",
        "planted": planted_estimands(df),
        "design": {"n_units": n_units, "n_periods": n_periods, "cohorts": [int(c) for c in cohort_list],
                   "never_share": never_share, "effect": effect, "heterogeneity": heterogeneity,
                   "dynamic": dynamic, "sd_unit": sd_unit, "sd_period": sd_period, "sd_noise": sd_noise,
                   "rho": rho, "trend": trend},
    })
    return df


def planted_estimands(df: pd.DataFrame) -> dict:
    """The true ATTs of a panel from :func:`generate_panel` (see the module docstring), from its ``tau``."""
    tr = df[df["treated"] == 1]
    if tr.empty:
        return {"att": float("nan"), "att_event": {}, "att_gt": {}, "att_per_dose": float("nan")}
    by_e = tr.groupby("rel_time")["tau"].mean()
    by_gt = tr.groupby(["first_treat", "period"])["tau"].mean()
    return {
        "att": float(tr["tau"].mean()),
        "att_event": {int(k): float(v) for k, v in by_e.items()},
        "att_gt": {f"{int(a)}-{int(b)}": float(v) for (a, b), v in by_gt.items()},
        "att_per_dose": float((tr["tau"] / tr["dose"]).mean()),
    }


def write_panel(out_dir: str | Path, **kwargs) -> Path:
    """Write :func:`generate_panel` (``kwargs`` passed on) to ``out_dir/panel_SYNTHETIC_seed<seed>.csv`` (atomic);
    the planted ``tau`` column is kept so a reader can check recovery."""
    df = generate_panel(**kwargs)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"panel_{SYNTHETIC_LABEL}_seed{df.attrs['seed']}.csv"
    with atomic_path(target) as tmp:
        df.to_csv(tmp, index=False)
    return target
