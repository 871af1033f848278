"""Roll-out design: calibration on the real P0 panel, recovery of planted variance components, MDE and power by
simulation, bias of poorest-first phasing where theory says (convergence, regression to the mean), none under
randomisation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kesos_analysis.effects import design as D
from kesos_analysis.effects.fast import two_stage


def _pov_like(n=300, years=range(2015, 2026), sd_unit=4.0, kappa=-0.03, sd_trend=0.08, sd_noise=0.3, rho=0.3,
              seed=1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    yrs = np.array(list(years))
    tc = yrs - yrs.mean()
    a = rng.normal(0, sd_unit, n)
    b = kappa * (a - a.mean()) + rng.normal(0, sd_trend, n)
    u = np.empty((n, len(yrs)))
    u[:, 0] = rng.normal(0, sd_noise, n)
    for k in range(1, len(yrs)):
        u[:, k] = rho * u[:, k - 1] + rng.normal(0, sd_noise * math.sqrt(1 - rho**2), n)
    y = 10 + a[:, None] + rng.normal(0, 0.5, len(yrs))[None, :] + b[:, None] * tc[None, :] + u
    return pd.DataFrame({"bps_code": np.repeat([f"{i:03d}" for i in range(n)], len(yrs)),
                         "year": np.tile(yrs, n), "month": 3, "p0_percent": y.ravel()})


def test_calibration_recovers_planted_components():
    cal = D.calibrate_poverty_panel(_pov_like())
    assert cal.sd_unit == pytest.approx(4.0, rel=0.1)
    assert cal.kappa == pytest.approx(-0.03, abs=0.005)
    assert cal.sd_noise == pytest.approx(0.3, rel=0.1)
    assert cal.rho == pytest.approx(0.3, abs=0.2)  # short-panel bias towards zero (docstring)


def test_calibration_on_real_poverty_panel():
    cal = D.calibrate_poverty_panel()
    assert cal.level == "province" and cal.n_units >= 30 and len(cal.years) >= 10
    assert cal.years == tuple(range(cal.years[0], cal.years[-1] + 1))  # one March round a year, none missing
    assert cal.sd_unit > 5 * cal.sd_noise  # persistent differences between provinces dominate
    kab = D.kabkota_parameters(cal)
    assert kab.sd_noise == pytest.approx(2.0 * cal.sd_noise) and kab.sd_unit == cal.sd_unit
    assert "assumption" in kab.source


def test_design_imputation_equals_two_stage_estimator():
    rng = np.random.default_rng(3)
    n, t = 30, 5
    y = rng.normal(size=(1, n, t)) + rng.normal(size=(1, n, 1))
    start = np.repeat([2, 3, 4, 9], [8, 8, 7, 7])
    treated = (np.arange(t)[None, :] >= start[:, None])[None]
    ours = D._impute_att(y, treated)[0]
    ref, _ = two_stage(y[0].ravel(), treated[0].ravel(), np.repeat(np.arange(n), t), np.tile(np.arange(t), n))
    assert ours == pytest.approx(ref, abs=1e-7)


@pytest.fixture(scope="module")
def cal():
    return D.Calibration(level="test", mu=10, sd_unit=4.0, sd_period=0.5, kappa=-0.03, sd_trend=0.08,
                         sd_noise=0.5, rho=0.3, n_units=0, years=(), source="test")


def test_power_at_mde_is_80_percent(cal):
    """At effect = MDE the rejection rate is 0.80 ± 3 binomial SE (400 replications: SE 0.02)."""
    null = D.simulate_design(cal, 100, 5, waves=3, reps=400, seed=5)
    alt = D.simulate_design(cal, 100, 5, waves=3, reps=400, seed=5, effect=-null["mde"])
    assert abs(alt["power"] - 0.80) < 3 * math.sqrt(0.8 * 0.2 / 400)
    assert null["power"] < 0.05 + 3 * math.sqrt(0.05 * 0.95 / 400)
    assert alt["sd"] == pytest.approx(null["sd"], rel=1e-9)  # the effect shifts every estimate by the same amount


def test_random_phasing_unbiased_poorest_first_biased_by_convergence(cal):
    rnd = D.simulate_design(cal, 100, 5, waves=3, phasing="random", reps=300, seed=6)
    assert abs(rnd["bias"]) < 3 * rnd["sd"] / math.sqrt(300)
    pf = D.simulate_design(cal, 100, 5, waves=3, phasing="poorest_first", reps=300, seed=6)
    assert pf["bias"] < -3 * pf["sd"] / math.sqrt(300)  # poorer units fall faster: a spurious "effect"
    # without convergence only regression to the mean is left (units picked on a bad baseline year recover):
    # still biased, but less
    flat = D.Calibration(**{**cal.as_dict(), "kappa": 0.0})
    pf0 = D.simulate_design(flat, 100, 5, waves=3, phasing="poorest_first", reps=300, seed=6)
    assert pf["bias"] < pf0["bias"] < 0


def test_mde_falls_with_units_and_grid_recommendation(cal):
    grid = D.mde_grid(cal, n_units=(40, 160), n_periods=(5,), reps=150)
    m = grid[grid["phasing"] == "random"].set_index("n_units")["mde"]
    assert m[160] < m[40] * 0.7  # ~ 1/sqrt(4) = 0.5 in theory
    rec = D.recommend(grid, target_mde=float(m[160]) + 1e-9)
    assert rec["n_units"] == 160 and rec["poorest_first_max_abs_bias"] > 0
    assert D.recommend(grid, target_mde=1e-6)["n_units"] is None


def test_impossible_designs(cal):
    with pytest.raises(Exception, match="waves"):
        D.simulate_design(cal, 50, 3, waves=3)
    with pytest.raises(Exception, match="phasing"):
        D.simulate_design(cal, 50, 5, phasing="richest_first")
