"""Design and power of a phased roll-out: minimum detectable effect (MDE) by simulation, calibrated on real data.

Question: if the ministry phases PPPK professional staff into N kab/kota over T years, how large an effect on
the poverty rate (P0, persen points) could it detect with 80 % power at the 5 % level, and does it matter
whether the order of the phase-in is **randomised** or follows **poorest first**?

Calibration (:func:`calibrate_poverty_panel`) — from the REAL province × March-round P0 panel
(``poverty_province``, BPS; ``data/raw/regions/SOURCES.md``), provinces with unchanged boundaries (the Papua
provinces split in 2022 are left out), one round a year (March, the round with kab/kota estimates)::

    y[i,t] = mu + a[i] + l[t] + b[i]·(t − t̄) + u[i,t],   u[i,t] = rho·u[i,t−1] + e[i,t]
    b[i]   = kappa·(a[i] − ā) + v[i]                     (convergence: poorer provinces fall faster)

``sd_unit`` = sd(a), ``sd_period`` = sd(l), ``kappa`` (persen points a year per persen point of level) and
``sd_trend`` = sd(v) from the unit-specific trends, ``sd_noise`` (degrees of freedom corrected) and ``rho`` (first-
order autocorrelation) from the detrended residuals. The raw ``rho`` is strongly biased towards zero in a panel
this short
(Nickell 1981) and is corrected by indirect inference (:func:`_debias_rho`); ``tests/test_effects_design.py``
checks recovery of planted values.

Kab/kota level (:func:`kabkota_parameters`): unit shocks and trends as in the province data; the residual noise
scaled by ``noise_factor`` — an **assumption (flag S)**, central 2.0, range 1.0–3.7: 1.0 if kab/kota shocks
were no more variable than province ones; 3.7 ≈ sqrt(514 kab/kota / 38 provinces) if all residual variance were
Susenas sampling error (a province's sample split across its kab/kota). No kab/kota panel is bundled, so this
cannot be estimated here; replace it with the ministry's kab/kota series when available.

Simulation (:func:`simulate_design`): ``reps`` panels under **no effect**, the roll-out assigned by the design,
the effect estimated with the imputation estimator (Borusyak, Jaravel & Spiess 2024; unbiased under
heterogeneous staggered effects, the one this roll-out needs). With σ = Monte Carlo sd of the estimate,
``MDE = (z₀.₉₇₅ + z₀.₈₀)·σ = 2.80·σ`` (Bloom 1995, *Evaluation Review* 19:547) — the smallest true effect
that a two-sided 5 % test rejects with 80 % probability; ``bias`` is the mean estimate when the true effect is
zero (non-zero under poorest-first, for two reasons: poorer units converge faster, so the roll-out order is
confounded with the trend; and units picked on a bad baseline year recover anyway — regression to the mean).
The design: units split into ``waves + 1`` equal groups; group k starts in period
``T − waves + k`` (k = 1 … waves); the last group starts after the study (a wait-list comparison group).
All draws from ``numpy.random.SeedSequence(seed)``; vectorised over replications.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import KesosError

Z_ALPHA = float(stats.norm.ppf(0.975))
Z_POWER = float(stats.norm.ppf(0.80))
#: Multiplier of the estimator's sd giving the MDE at 80 % power, two-sided 5 % (Bloom 1995).
MDE_MULTIPLIER = Z_ALPHA + Z_POWER
#: Kab/kota noise factor relative to province residual noise (flag S; see the module docstring).
KABKOTA_NOISE_FACTOR = {"value": 2.0, "range": (1.0, 3.7), "flag": "S",
                        "source": "assumption; upper end sqrt(514/38): Susenas sample split across kab/kota"}
#: Phasing rules of the simulated roll-out: randomised order, or highest baseline P0 first.
PHASINGS = ("random", "poorest_first")


@dataclass(frozen=True)
class Calibration:
    """Variance components of a unit × year outcome panel (outcome units, e.g. persen points; per year)."""

    level: str
    mu: float
    sd_unit: float
    sd_period: float
    kappa: float
    sd_trend: float
    sd_noise: float
    rho: float
    n_units: int
    years: tuple[int, ...]
    source: str

    def as_dict(self) -> dict:
        return asdict(self)


def calibrate_poverty_panel(pov: pd.DataFrame | None = None, *, month: int = 3) -> Calibration:
    """Calibrate the simulation on the real province P0 panel (see the module docstring).

    ``pov``: the ``poverty_province`` table (default: loaded from the bundled data). Uses provinces observed in
    every year of the chosen ``month`` (3 = March), excluding the national row and the Papua split provinces.
    Raises :class:`KesosError` with fewer than 5 provinces or 4 years.
    """
    from ..data import load
    from ..poverty import NATIONAL_CODE, PAPUA_SPLIT_CODES

    pov = load("poverty_province") if pov is None else pov
    d = pov[(pov["month"] == month) & (pov["bps_code"] != NATIONAL_CODE) & ~pov["bps_code"].isin(PAPUA_SPLIT_CODES)]
    wide = d.pivot_table(index="bps_code", columns="year", values="p0_percent").dropna(axis=0, how="any")
    if wide.shape[0] < 5 or wide.shape[1] < 4:
        raise KesosError(f"calibration needs ≥ 5 provinces × ≥ 4 years of P0; got {wide.shape}")
    y = wide.to_numpy(float)
    years = np.array([int(c) for c in wide.columns])
    mu, a, lam, b, e = _decompose(y, years)
    kappa = float(np.polyfit(a, b, 1)[0])        # convergence: trend per persen point of level
    v = b - kappa * (a - a.mean())
    rho_raw = _lag1(e)
    rho = _debias_rho(rho_raw, *y.shape)
    n_u, n_t = y.shape
    dof = n_u * n_t - 2 * n_u - n_t + 1  # mu, unit levels, period effects and unit trends estimated
    sd_noise = float(np.sqrt((e**2).sum() / dof))
    return Calibration(level="province", mu=float(mu), sd_unit=float(a.std(ddof=1)), sd_period=float(lam.std(ddof=1)),
                       kappa=kappa, sd_trend=float(v.std(ddof=1)), sd_noise=sd_noise, rho=rho,
                       n_units=int(y.shape[0]), years=tuple(int(x) for x in years),
                       source="BPS P0 by province, March rounds (poverty_province)")


def _decompose(y: np.ndarray, years: np.ndarray):
    """Two-way decomposition with unit trends: mu, unit levels a, period effects l, unit trends b, residuals e."""
    mu = y.mean()
    a = y.mean(axis=1) - mu
    lam = y.mean(axis=0) - mu
    r = y - mu - a[:, None] - lam[None, :]
    tc = years - years.mean()
    b = (r @ tc) / (tc @ tc)                     # unit-specific trend, outcome units a year
    return float(mu), a, lam, b, r - b[:, None] * tc[None, :]


def _lag1(e: np.ndarray) -> float:
    return float(np.corrcoef(e[:, 1:].ravel(), e[:, :-1].ravel())[0, 1])


def _debias_rho(rho_raw: float, n_units: int, n_years: int, seed: int = 1981) -> float:
    """Undo the short-panel bias of the lag-1 autocorrelation of detrended residuals by indirect inference:
    simulate AR(1) noise for a grid of true rho on the same N × T, apply the same decomposition, and invert the
    (monotone) mapping true rho → mean estimated rho by linear interpolation. Clipped to [−0.9, 0.95]."""
    rng = np.random.default_rng(seed)
    grid = np.linspace(-0.9, 0.95, 38)
    years = np.arange(n_years, dtype=float)
    est = []
    shocks = rng.normal(size=(20, n_units, n_years))
    for r in grid:
        u = np.empty_like(shocks)
        u[:, :, 0] = shocks[:, :, 0]
        for k in range(1, n_years):
            u[:, :, k] = r * u[:, :, k - 1] + math.sqrt(1 - r**2) * shocks[:, :, k]
        est.append(np.mean([_lag1(_decompose(u[i], years)[4]) for i in range(u.shape[0])]))
    est = np.maximum.accumulate(np.array(est))
    return float(np.clip(np.interp(rho_raw, est, grid), -0.9, 0.95))


def kabkota_parameters(cal: Calibration, noise_factor: float | None = None) -> Calibration:
    """Kab/kota-level parameters from a province calibration: noise × ``noise_factor`` (default
    :data:`KABKOTA_NOISE_FACTOR`, an assumption flagged S), everything else unchanged."""
    f = KABKOTA_NOISE_FACTOR["value"] if noise_factor is None else float(noise_factor)
    return Calibration(**{**cal.as_dict(), "level": "kabkota", "sd_noise": cal.sd_noise * f,
                          "source": cal.source + f"; kab/kota noise = province noise × {f:g} (assumption S)"})


def _groups(n_units: int, waves: int) -> np.ndarray:
    """Group index 0 … waves (wave k = k+1; ``waves`` = wait-list) for units in assignment order."""
    return (np.arange(n_units) * (waves + 1)) // n_units


def _impute_att(y: np.ndarray, treated: np.ndarray, iters: int = 400, tol: float = 1e-9) -> np.ndarray:
    """Imputation ATT for each replication: y (R × N × T), treated (R × N × T bool). Unit and period effects fitted
    on untreated cells by alternating projections (exact least squares at convergence)."""
    w = (~treated).astype(float)
    a = np.zeros(y.shape[:2])
    lam = np.zeros((y.shape[0], y.shape[2]))
    nw_i = w.sum(axis=2)
    nw_t = w.sum(axis=1)
    if (nw_i == 0).any() or (nw_t == 0).any():
        raise KesosError("design leaves a unit or a period without untreated observations")
    for _ in range(iters):
        a_new = ((y - lam[:, None, :]) * w).sum(axis=2) / nw_i
        lam_new = ((y - a_new[:, :, None]) * w).sum(axis=1) / nw_t
        delta = max(np.abs(a_new - a).max(), np.abs(lam_new - lam).max())
        a, lam = a_new, lam_new
        if delta < tol:
            break
    resid = y - a[:, :, None] - lam[:, None, :]
    tm = treated.astype(float)
    return (resid * tm).sum(axis=(1, 2)) / tm.sum(axis=(1, 2))


def simulate_design(cal: Calibration, n_units: int, n_periods: int, *, waves: int = 3, phasing: str = "random",
                    effect: float = 0.0, reps: int = 200, seed: int = 20261202) -> dict:
    """Simulate ``reps`` roll-outs; return a dict with ``n_units``, ``n_periods``, ``waves``, ``phasing``,
    ``effect``, ``mean`` (mean estimate), ``bias`` (mean − effect), ``sd``, ``rmse``, ``mde`` (2.80·sd, outcome
    units) and ``power`` (share of replications rejecting zero with the simulated sd, two-sided 5 %).

    ``effect`` is added to every treated unit-period (outcome units; negative = poverty falls).
    Raises :class:`KesosError` for impossible designs (waves ≥ periods, fewer units than groups, unknown
    phasing).
    """
    if phasing not in PHASINGS:
        raise KesosError(f"phasing must be one of {', '.join(PHASINGS)}, got {phasing!r}")
    if not 1 <= waves < n_periods:
        raise KesosError(f"waves must be between 1 and n_periods − 1 (≥ 1 pre-period); got {waves} waves, "
                         f"{n_periods} periods")
    if n_units < waves + 1:
        raise KesosError(f"need at least {waves + 1} units for {waves} waves plus a wait-list group; got {n_units}")
    rng = np.random.default_rng(np.random.SeedSequence([seed, n_units, n_periods, waves, PHASINGS.index(phasing)]))
    r_, n, t_ = reps, n_units, n_periods
    a = rng.normal(0, cal.sd_unit, size=(r_, n))
    lam = rng.normal(0, cal.sd_period, size=(r_, t_))
    b = cal.kappa * (a - a.mean(axis=1, keepdims=True)) + rng.normal(0, cal.sd_trend, size=(r_, n))
    tc = np.arange(t_) - (t_ - 1) / 2
    e = rng.normal(0, cal.sd_noise * np.sqrt(1 - cal.rho**2), size=(r_, n, t_))
    u = np.empty_like(e)
    u[:, :, 0] = rng.normal(0, cal.sd_noise, size=(r_, n))
    for k in range(1, t_):
        u[:, :, k] = cal.rho * u[:, :, k - 1] + e[:, :, k]
    y = cal.mu + a[:, :, None] + lam[:, None, :] + b[:, :, None] * tc[None, None, :] + u
    groups = _groups(n, waves)
    if phasing == "random":
        order = np.argsort(rng.random((r_, n)), axis=1)
    else:  # poorest first: highest baseline P0 (period 1) first
        order = np.argsort(-y[:, :, 0], axis=1, kind="stable")
    g_of_unit = np.empty((r_, n), dtype=int)
    np.put_along_axis(g_of_unit, order, np.broadcast_to(groups, (r_, n)), axis=1)
    start = np.where(g_of_unit < waves, n_periods - waves + g_of_unit, n_periods + 1)  # 0-based period index
    treated = np.arange(t_)[None, None, :] >= start[:, :, None]
    y = y + effect * treated
    est = _impute_att(y, treated)
    sd = float(est.std(ddof=1))
    mean = float(est.mean())
    power = float(np.mean(np.abs(est) > Z_ALPHA * sd)) if sd > 0 else float("nan")
    return {"n_units": n_units, "n_periods": n_periods, "waves": waves, "phasing": phasing, "effect": effect,
            "mean": mean, "bias": mean - effect, "sd": sd, "rmse": float(np.sqrt(np.mean((est - effect) ** 2))),
            "mde": MDE_MULTIPLIER * sd, "power": power, "reps": reps}


def mde_grid(cal: Calibration, n_units: tuple[int, ...] = (50, 100, 200, 514), n_periods: tuple[int, ...] = (4, 6),
             waves: int = 3, phasings: tuple[str, ...] = PHASINGS, reps: int = 200,
             seed: int = 20261202) -> pd.DataFrame:
    """:func:`simulate_design` under no effect for every combination; one row each (columns as its dict, plus
    ``level``). Designs with ``waves ≥ n_periods`` use ``n_periods − 1`` waves."""
    rows = []
    for t_ in n_periods:
        for n in n_units:
            for ph in phasings:
                res = simulate_design(cal, n, t_, waves=min(waves, t_ - 1), phasing=ph, reps=reps, seed=seed)
                rows.append({"level": cal.level, **res})
    return pd.DataFrame(rows)


def recommend(grid: pd.DataFrame, target_mde: float) -> dict:
    """The smallest design (fewest units, then periods) with randomised phasing whose MDE ≤ ``target_mde``
    (outcome units, positive), and the largest |bias| of poorest-first in the grid. Returns a dict with
    ``n_units``, ``n_periods``, ``waves``, ``mde`` (None if no design reaches the target) and
    ``poorest_first_max_abs_bias``."""
    rnd = grid[grid["phasing"] == "random"].sort_values(["n_units", "n_periods"])
    ok = rnd[rnd["mde"] <= abs(target_mde)]
    best = ok.iloc[0] if len(ok) else None
    pf_bias = grid.loc[grid["phasing"] == "poorest_first", "bias"].abs()
    return {"target_mde": abs(target_mde),
            "n_units": None if best is None else int(best["n_units"]),
            "n_periods": None if best is None else int(best["n_periods"]),
            "waves": None if best is None else int(best["waves"]),
            "mde": None if best is None else float(best["mde"]),
            "poorest_first_max_abs_bias": float(pf_bias.max()) if len(pf_bias) else None}
