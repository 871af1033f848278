"""Cost-effectiveness and value of information on worked examples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kesos_analysis import costing
from kesos_analysis.outcomes import cea


def test_discount_factors_agree_with_cost_model_present_value():
    years = np.arange(2026, 2036)
    x = np.linspace(1e9, 2e9, 10)
    for r in (0.03, 0.06, 0.10):
        pv = x @ cea.discount_factors(years, r)
        assert pv == pytest.approx(costing.present_value(pd.Series(x), pd.Series(years), r * 100, 2026))
    assert cea.discount_factors(years, 0.06)[1] == pytest.approx(1 / 1.06)


def test_evpi_worked_example():
    """Option A's NMB is −1 or +1 with equal probability, option B's is 0: EVPI = E[max] − max E = 0.5."""
    x = np.tile([-1.0, 1.0], 5000)
    nmb = np.stack([np.zeros_like(x), x])[None]  # W=1, S=2, D
    assert cea.evpi(nmb)[0] == pytest.approx(0.5)
    # perfect information on the parameter that drives A gives the full EVPI; an unrelated one gives ~0
    assert cea.evppi(nmb, x[:, None])[0] == pytest.approx(0.5, abs=1e-9)
    noise = np.random.default_rng(0).standard_normal(len(x))
    assert cea.evppi(nmb, noise[:, None])[0] < 0.02


def test_evppi_linear_model_matches_analytic():
    """NMB_A = θ1 + θ2 (independent N(0,1)), NMB_B = 0: EVPPI(θ1) = E[max(θ1, 0)] = 1/√(2π)."""
    rng = np.random.default_rng(1)
    t = rng.standard_normal((200_000, 2))
    nmb = np.stack([np.zeros(len(t)), t.sum(axis=1)])[None]
    assert cea.evppi(nmb, t[:, :1])[0] == pytest.approx(1 / np.sqrt(2 * np.pi), rel=0.02)
    assert cea.evpi(nmb)[0] == pytest.approx(np.sqrt(2) / np.sqrt(2 * np.pi), rel=0.02)


def _sim(national: dict) -> object:
    """A minimal stand-in for a Simulation: ``national`` and ``model.years``."""
    from types import SimpleNamespace

    return SimpleNamespace(national=national, model=SimpleNamespace(years=np.arange(2026, 2028)))


def test_cost_per_outcome_is_not_defined_with_a_reason_never_a_silent_nan():
    """A zero increment is a division by zero: the ratio is NaN in the frame, its status names the reason, and the
    recorded value is None (values.record) beside that status — never a bare NaN."""
    from kesos_analysis.report.values import _plain

    d = 40
    zero, one = np.zeros((d, 2)), np.ones((d, 2))
    series = {k: zero for k in cea.OUTCOME_SERIES.values()}
    sim = _sim({
        "status_quo": {**series, "incremental_cost_real": zero},
        "free": {**series, "additional_graduations": one, "incremental_cost_real": zero},  # costs nothing more
        "nothing": {**series, "incremental_cost_real": one * 1e9},  # costs, buys nothing
        "mixed": {**series, "additional_graduations": np.where(np.arange(d)[:, None] < 10, -1.0, 1.0) * one,
                  "incremental_cost_real": one * 1e9},  # gain positive in 75 % of draws
        "clear": {**series, "additional_graduations": one * 10, "incremental_cost_real": one * 1e9},
    })
    ce = cea.cost_effectiveness(sim, 0.0).set_index(["scenario", "outcome"])
    status = ce["cost_per_outcome_status"].xs("graduations", level="outcome")
    assert status.to_dict() == {"free": "cost_not_positive", "nothing": "effect_zero", "mixed": "effect_uncertain",
                                "clear": "defined"}
    assert ce.loc[("free", "graduations"), "per_miliar_status"] == "cost_not_positive"
    for s in ("free", "nothing", "mixed"):
        assert np.isnan(ce.loc[(s, "graduations"), "cost_per_outcome"])
        assert _plain("x", ce.loc[(s, "graduations"), "cost_per_outcome"]) is None
    assert ce.loc[("clear", "graduations"), "cost_per_outcome"] == pytest.approx(2e9 / 20)  # 2 years, undiscounted
    assert set(cea.UNDEFINED_REASONS) >= set(ce["cost_per_outcome_status"])
