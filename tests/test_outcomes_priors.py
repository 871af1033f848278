"""Priors as data: every prior sourced or flagged, values from evidence.md, seeded draws, replacement by
recorded estimates of the effects notebook."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from scipy import stats

from kesos_analysis.errors import ParameterError
from kesos_analysis.outcomes import priors


def test_every_prior_has_source_flag_distribution_and_range():
    pr = priors.load_priors()
    tab = priors.prior_table(pr)
    assert len(tab) >= 20
    assert tab["source"].str.strip().str.len().gt(10).all()
    assert tab["flag"].str.fullmatch(r"[DASV](/[DASV])*").all()
    assert (tab["low"] <= tab["value"]).all() and (tab["value"] <= tab["high"]).all()
    # a prior without a figure in evidence.md says so and is flagged as an assumption or unverified
    nosource = tab[tab["source"].str.startswith("No figure")]
    assert len(nosource) >= 3 and nosource["flag"].str.contains("S|V").all() and nosource["note"].str.len().gt(0).all()


@pytest.mark.parametrize("name, value, low, high, flag", [
    ("stunting_effect_relative", -0.23, -0.35, -0.10, "D/V"),  # evidence.md §1.2 row 1.1
    ("facilitation_share", 0.20, 0.05, 0.40, "S"),  # row 1.9
    ("professional_multiplier", 1.4, 1.0, 2.0, "A"),  # row 1.10
    ("scaleup_fidelity", 0.7, 0.0, 1.0, "A"),  # row 1.11
    ("graduation_effect_professional", 0.010, -0.010, 0.030, "S"),  # row 1.14
    ("turnover_honor", 0.20, 0.10, 0.40, "A/S"),  # §2.2 row 2.1
    ("turnover_pppk", 0.10, 0.05, 0.15, "A/S"),  # row 2.2
    ("reintegration_effect_relative", 0.30, 0.0, 1.0, "S"),  # row 2.12
    ("admission_effect_relative", -0.15, -0.40, 0.0, "S"),  # row 2.13
])
def test_priors_carry_the_evidence_md_values(name, value, low, high, flag):
    p = priors.load_priors()[name]
    assert (p.value, p.low, p.high, p.flag) == (value, low, high, flag)


def test_pert_quantiles_and_mean_against_scipy():
    p = priors.load_priors()["professional_multiplier"]  # PERT(1.0, 1.4, 2.0)
    a, b = 1 + 4 * 0.4, 1 + 4 * 0.6
    u = np.linspace(0.01, 0.99, 9)
    np.testing.assert_allclose(p.ppf(u), 1.0 + stats.beta(a, b).ppf(u))
    draws = priors.draw({"m": p}, 200_000, 1)["m"]
    assert draws.mean() == pytest.approx((1.0 + 4 * 1.4 + 2.0) / 6, abs=0.002)
    assert draws.min() >= 1.0 and draws.max() <= 2.0


def test_draws_are_seeded_and_prefix_stable():
    pr = priors.load_priors()
    a, b = priors.draw(pr, 50, 3), priors.draw(pr, 80, 3)
    for k in pr:
        np.testing.assert_array_equal(a[k], b[k][:50])
    assert not np.array_equal(a["facilitation_share"], priors.draw(pr, 50, 4)["facilitation_share"])
    assert not np.array_equal(a["facilitation_share"], a["professional_multiplier"])


def test_replace_with_recorded_effect(tmp_path):
    (tmp_path / "04_effects.json").write_text(json.dumps({
        "effects.did.graduation.att": {"value": 0.012, "unit": "share"},
        "effects.did.graduation.se": {"value": 0.004, "unit": "share"}}), encoding="utf-8")
    pr = priors.replace_with_effects(priors.load_priors(), {"graduation_effect_professional": "effects.did.graduation"},
                                     values_dir=tmp_path)
    p = pr["graduation_effect_professional"]
    assert (p.distribution, p.value, p.sd, p.origin) == ("normal", 0.012, 0.004, "effects.did.graduation")
    d = priors.draw(pr, 100_000, 2)["graduation_effect_professional"]
    assert d.mean() == pytest.approx(0.012, abs=1e-4) and d.std() == pytest.approx(0.004, rel=0.02)
    with pytest.raises(ParameterError, match="effects.did.graduation"):
        priors.replace_with_effects(priors.load_priors(), {"facilitation_share": "effects.twfe.x"}, values_dir=tmp_path)
    with pytest.raises(ParameterError, match="unknown prior"):
        priors.replace_with_effects(priors.load_priors(), {"nope": "effects.did.graduation"}, values_dir=tmp_path)


def test_bad_priors_file_is_refused(tmp_path):
    data = yaml.safe_load(priors.default_path().read_text(encoding="utf-8"))
    data["parameters"]["pkh"]["facilitation_share"]["distribution"] = "lognormal-ish"
    bad = tmp_path / "priors.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ParameterError, match="facilitation_share.*distribution"):
        priors.load_priors(bad)
    data["parameters"]["pkh"]["facilitation_share"]["distribution"] = "pert"
    del data["parameters"]["pkh"]["facilitation_share"]["source"]
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ParameterError, match="facilitation_share.*source"):
        priors.load_priors(bad)
