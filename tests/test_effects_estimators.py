"""Estimators in kesos_analysis.effects: recovery of planted effects, CI coverage, bias of naive TWFE, agreement
between packages, and clear errors/warnings for designs that cannot identify an effect.

Coverage tolerance. Over S = 200 seeds a correct 95 % interval covers k ~ Binomial(200, 0.95) times; the
binomial SE of the coverage rate is sqrt(0.95·0.05/200) = 0.0154, and the test accepts 0.95 ± 3 SE =
[0.904, 0.996] (a correct CI fails with probability ≈ 0.3 %; a CI whose true coverage is 0.85 passes with
probability ≈ 2 %). The planted ATT is the same for every seed (cohort sizes and effects are fixed by the
design; only shocks are redrawn), so coverage is of a fixed target.

The coverage loop uses the numpy estimators of ``effects.fast`` (TWFE + CRV1, did2s) and the package's own
Callaway–Sant'Anna; ``test_fast_*_equals_pyfixest`` show that the fast versions give pyfixest's estimate and SE,
and ``test_cs_equals_differences_package`` that our Callaway–Sant'Anna equals the ``differences`` package.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from kesos_analysis.data.synthetic_panel import generate_panel
from kesos_analysis.effects import (
    EffectsError,
    PanelColumns,
    PanelWarning,
    callaway_santanna,
    did2s,
    dose_twfe,
    estimate_all,
    event_study,
    imputation_att,
    twfe,
    twfe_statsmodels,
)
from kesos_analysis.effects.fast import twfe_crv1, two_stage
from kesos_analysis.errors import DataValidationError

C = PanelColumns()
N_SEEDS = 200
LO, HI = 0.95 - 3 * math.sqrt(0.95 * 0.05 / N_SEEDS), 0.95 + 3 * math.sqrt(0.95 * 0.05 / N_SEEDS)
DESIGN = dict(n_units=60, n_periods=6, cohorts=(3, 4, 5), never_share=0.3, effect=-1.0, rho=0.5)


def _wide(df, col):
    return df.pivot(index="unit", columns="period", values=col).to_numpy(float)


@pytest.fixture(scope="module")
def simulation():
    """Estimates over N_SEEDS seeds: heterogeneous dynamic effects (TWFE biased) and homogeneous static ones."""
    rows = []
    for s in range(N_SEEDS):
        het = generate_panel(**DESIGN, heterogeneity=0.6, dynamic=0.25, seed=1000 + s)
        hom = generate_panel(**DESIGN, heterogeneity=0.0, dynamic=0.0, seed=5000 + s)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PanelWarning)
            cs = callaway_santanna(het, C).overall
        b2, s2 = two_stage(het["y"].to_numpy(), het["treated"].to_numpy(), het["unit"].to_numpy(),
                           het["period"].to_numpy())
        bt, st = twfe_crv1(_wide(het, "y"), _wide(het, "treated"))
        bh, sh = twfe_crv1(_wide(hom, "y"), _wide(hom, "treated"))
        rows.append({"cs": cs.estimate, "cs_lo": cs.ci_low, "cs_hi": cs.ci_high,
                     "d2": b2, "d2_lo": b2 - 1.959964 * s2, "d2_hi": b2 + 1.959964 * s2,
                     "tw_het": bt, "tw_hom": bh, "tw_lo": bh - 2.0010 * sh, "tw_hi": bh + 2.0010 * sh})  # t(59)
    out = pd.DataFrame(rows)
    out.attrs["att_het"] = het.attrs["planted"]["att"]
    out.attrs["att_hom"] = hom.attrs["planted"]["att"]
    return out


def test_planted_att_is_fixed_across_seeds():
    a = generate_panel(**DESIGN, heterogeneity=0.6, dynamic=0.25, seed=1).attrs["planted"]["att"]
    b = generate_panel(**DESIGN, heterogeneity=0.6, dynamic=0.25, seed=2).attrs["planted"]["att"]
    assert a == pytest.approx(b, abs=1e-12)


@pytest.mark.parametrize("name,target", [("cs", "att_het"), ("d2", "att_het"), ("tw", "att_hom")])
def test_coverage_near_nominal(simulation, name, target):
    truth = simulation.attrs[target]
    lo, hi = (f"{name}_lo", f"{name}_hi")
    covered = ((simulation[lo] <= truth) & (truth <= simulation[hi])).mean()
    assert LO <= covered <= HI, f"{name}: coverage {covered:.3f} outside [{LO:.3f}, {HI:.3f}]"


@pytest.mark.parametrize("name,target", [("cs", "att_het"), ("d2", "att_het"), ("tw_hom", "att_hom")])
def test_recovers_planted_att(simulation, name, target):
    est = simulation[name]
    mc_se = est.std(ddof=1) / math.sqrt(len(est))
    assert abs(est.mean() - simulation.attrs[target]) < 3 * mc_se + 1e-3


def test_naive_twfe_biased_under_heterogeneous_dynamic_effects(simulation):
    """Goodman-Bacon (2021): with effects growing in exposure, already-treated units act as controls and TWFE
    is pulled towards zero; the bias is many Monte Carlo SEs and at least 10 % of the ATT."""
    est, truth = simulation["tw_het"], simulation.attrs["att_het"]
    mc_se = est.std(ddof=1) / math.sqrt(len(est))
    bias = est.mean() - truth
    assert bias > 10 * mc_se and bias > 0.1 * abs(truth)  # towards zero (the ATT is negative)


# ------------------------------------------------------------------------------ agreement between packages
@pytest.fixture(scope="module")
def panel():
    return generate_panel(n_units=60, n_periods=8, cohorts=(3, 5, 7), seed=3)


def test_cs_equals_differences_package(panel):
    """Our Callaway–Sant'Anna vs the ``differences`` package (ATTgt, reg, analytic SE): same ATT(g,t), simple
    and event-time aggregates and SEs to 1e-8 (same estimand and influence functions)."""
    from differences import ATTgt

    d = panel.copy()
    d["cohort"] = d["first_treat"].replace(0, np.nan)
    d = d.set_index(["unit", "period"])
    for ours_ctrl, their_ctrl in (("never", "never_treated"), ("notyet", "not_yet_treated")):
        ours = callaway_santanna(panel, C, control=ours_ctrl)
        a = ATTgt(data=d, cohort_column="cohort")
        a.fit(formula="y", control_group=their_ctrl, progress_bar=False)
        simple = a.aggregate("simple")
        assert ours.overall.estimate == pytest.approx(float(simple.iloc[0, 0]), abs=1e-8)
        assert ours.overall.se == pytest.approx(float(simple.iloc[0, 1]), abs=1e-8)
        ev = a.aggregate("event")
        mine = ours.event.table.set_index("rel_time")
        np.testing.assert_allclose(mine["estimate"].to_numpy(), ev.iloc[:, 0].to_numpy(), atol=1e-8)
        np.testing.assert_allclose(mine["se"].to_numpy(), ev.iloc[:, 1].to_numpy(), atol=1e-8)


def test_twfe_pyfixest_equals_statsmodels(panel):
    """Same coefficient (1e-8). SEs differ only by the degrees-of-freedom count: statsmodels counts every unit
    dummy (k = units + periods), fixest not the unit effects nested in the unit clusters (k = 1 + periods)."""
    pf_est, sm_est = twfe(panel, C), twfe_statsmodels(panel, C)
    assert pf_est.estimate == pytest.approx(sm_est.estimate, abs=1e-8)
    n, u, t = pf_est.n_obs, pf_est.n_units, pf_est.n_periods
    ratio = math.sqrt((n - 1 - t) / (n - u - t))
    assert sm_est.se == pytest.approx(pf_est.se * ratio, rel=1e-6)


def test_fast_twfe_equals_pyfixest(panel):
    e = twfe(panel, C)
    b, s = twfe_crv1(_wide(panel, "y"), _wide(panel, "treated"))
    assert (b, s) == pytest.approx((e.estimate, e.se), rel=1e-8)


def test_fast_two_stage_equals_pyfixest_did2s_and_imputation(panel):
    """did2s (pyfixest) = our two-stage (estimate and SE, to pyfixest's demeaning tolerance) = BJS imputation."""
    e = did2s(panel, C)
    b, s = two_stage(panel["y"].to_numpy(), panel["treated"].to_numpy(), panel["unit"].to_numpy(),
                     panel["period"].to_numpy())
    assert b == pytest.approx(e.estimate, rel=1e-6)
    assert s == pytest.approx(e.se, rel=1e-5)
    assert imputation_att(panel, C)[0] == pytest.approx(b, rel=1e-6)


def test_public_estimators_cover_planted_att_on_a_larger_panel():
    df = generate_panel(n_units=150, n_periods=8, cohorts=(3, 5, 7), seed=11)
    truth = df.attrs["planted"]["att"]
    res = {e.estimator: e for e in estimate_all(df, C, ["twfe", "cs", "did2s"])}
    assert res["Callaway–Sant'Anna"].covers(truth)
    assert res["did2s (imputation)"].covers(truth)
    for e in res.values():
        assert (e.n_units, e.n_periods, e.n_clusters, e.n_obs) == (150, 8, 150, 1200)
        assert e.ci_low < e.estimate < e.ci_high and e.se > 0


def test_event_study_recovers_dynamics_and_pretrend_test():
    df = generate_panel(n_units=150, n_periods=8, cohorts=(3, 5, 7), seed=12)
    planted = df.attrs["planted"]["att_event"]
    for est in ("did2s", "cs"):
        es = event_study(df, C, estimator=est)
        post = es.table[es.table["rel_time"] >= 0].set_index("rel_time")
        z = [(post.at[e, "estimate"] - planted[e]) / post.at[e, "se"] for e in post.index]
        assert max(abs(v) for v in z) < 3  # each of 6 event times within 3 SE (false alarm ≈ 1.6 %)
        assert es.pretrend_p is not None and es.pretrend_p > 0.01
    # a planted pre-trend (treated units' outcome drifts up before treatment) is detected
    bad = df.copy()
    bad.loc[bad["first_treat"] > 0, "y"] += 0.8 * bad["period"]
    for est in ("did2s", "cs"):
        assert event_study(bad, C, estimator=est).pretrend_p < 1e-3


def test_dose_twfe_recovers_linear_dose_effect():
    df = generate_panel(n_units=200, n_periods=8, cohorts=(3, 5, 7), heterogeneity=0, dynamic=0,
                        dose_range=(0.2, 1.0), seed=4)
    e = dose_twfe(df, PanelColumns(intensity="dose"))
    assert e.covers(df.attrs["planted"]["att_per_dose"])
    assert e.estimator == "TWFE dose"


# ------------------------------------------------------------------------------ errors and warnings
def test_singular_design_all_treated_at_once():
    df = generate_panel(n_units=40, n_periods=6, cohorts=(4,), never_share=0.0, seed=1)
    with pytest.raises(EffectsError, match="singular design"):
        twfe(df, C)


def test_no_never_or_not_yet_treated_units():
    df = generate_panel(n_units=40, n_periods=6, cohorts=(4,), never_share=0.0, seed=1)
    with pytest.raises(EffectsError, match="no never-treated units"):
        callaway_santanna(df, C, control="never")
    with pytest.raises(EffectsError, match="no comparison units"):
        callaway_santanna(df, C, control="notyet")
    with pytest.raises(EffectsError, match="untreated unit in every treated period"):
        did2s(df, C)


def test_too_few_clusters_warns_and_switches_to_crv3():
    df = generate_panel(n_units=12, n_periods=6, cohorts=(3, 5), seed=2)
    with pytest.warns(PanelWarning, match="only 12 clusters"):
        e = twfe(df, C)
    assert e.inference == "CRV3" and e.notes
    with pytest.warns(PanelWarning, match="only 12 clusters"):
        callaway_santanna(df, C)
    one = df.assign(region="A")
    with pytest.raises(EffectsError, match="only 1 cluster"):
        twfe(one, C, cluster="region")


def test_nan_rows_are_named():
    df = generate_panel(n_units=20, n_periods=5, cohorts=(3,), seed=2)
    df.loc[7, "y"] = np.nan
    df.loc[12, "treated"] = np.nan
    with pytest.raises(DataValidationError) as exc:
        twfe(df, C)
    msg = str(exc.value)
    assert "row 9, column 'y'" in msg and "row 14, column 'treated'" in msg and "empty/NaN" in msg


def test_unit_constant_covariate_is_dropped_with_warning():
    df = generate_panel(n_units=40, n_periods=6, cohorts=(3, 5), seed=2)
    df["province_area"] = df["unit"].str[-2:].astype(float)
    with pytest.warns(PanelWarning, match="constant within every unit"):
        e = twfe(df, C, covariates=("province_area",))
    assert "province_area" not in e.specification


def test_no_treated_units():
    df = generate_panel(n_units=20, n_periods=5, cohorts=(3,), seed=2).assign(treated=0)
    with pytest.raises(EffectsError, match="no treated unit-periods"):
        twfe(df, C)
