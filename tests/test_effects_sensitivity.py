"""Cinelli–Hazlett robustness value against the paper's worked example."""

from __future__ import annotations

import pytest

from kesos_analysis.effects import Estimate, estimate_robustness, robustness_value


def test_darfur_worked_example():
    """Cinelli & Hazlett (2020, JRSS B) Table 1, 'directlyharmed': t = 4.18, dof = 783 → partial R² 2.2 %,
    RV 13.9 %, RV(α = 0.05) 7.6 % (the published figures, rounded to 0.1 percentage point)."""
    rv = robustness_value(4.18, 783)
    assert round(100 * rv.partial_r2, 1) == 2.2
    assert round(100 * rv.rv_q, 1) == 13.9
    assert round(100 * rv.rv_q_alpha, 1) == 7.6


def test_insignificant_estimate_has_zero_rv_alpha_and_sign_does_not_matter():
    assert robustness_value(1.5, 500).rv_q_alpha == 0.0
    assert robustness_value(-4.18, 783).rv_q == pytest.approx(robustness_value(4.18, 783).rv_q)
    assert robustness_value(4.18, 783, q=0.5).rv_q < robustness_value(4.18, 783).rv_q
    with pytest.raises(ValueError):
        robustness_value(2.0, 1)


def test_dof_of_a_twfe_estimate():
    e = Estimate("TWFE", "y ~ D | u + t", "y", -1.0, 0.25, -1.5, -0.5, n_obs=1000, n_units=100, n_periods=10,
                 n_clusters=100, inference="CRV1")
    rv = estimate_robustness(e)
    assert rv.dof == 890 and rv.t_stat == pytest.approx(-4.0)
