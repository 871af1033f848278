"""Scenarios as parameter diffs: bundled files load, diffs change results (only what they touch), unknown
paths and bad values fail naming the file, periods work, new scenarios are picked up from the folder."""

from __future__ import annotations

import textwrap

import pytest

from kesos_analysis import paramfile
from kesos_analysis import scenarios as sc
from kesos_analysis import staffing as st
from kesos_analysis.errors import ParameterError

BUNDLED = {"status_quo", "sakti_peksos_all_panti", "pkh_pendamping_pppk", "pkh_qualification_only", "tksk_pppk",
           "full_professionalisation", "honor_regime_hypothetical"}
FREE = {"pppk_costing.supply.constrained": 0}


@pytest.fixture(scope="module")
def keys():
    return st.allocation_keys()


@pytest.fixture(scope="module")
def results(keys):
    base = sc.run("status_quo", keys=keys)
    return {n: (base if n == "status_quo" else sc.run(n, keys=keys, baseline_paths=base.paths)) for n in BUNDLED}


@pytest.fixture(scope="module")
def free(keys):
    """Every bundled scenario without the graduate-supply cap (the unconstrained path)."""
    base = sc.run("status_quo", FREE, keys=keys)
    return {n: (base if n == "status_quo" else sc.run(n, FREE, keys=keys, baseline_paths=base.paths)) for n in BUNDLED}


def test_bundled_scenarios_listed_and_valid():
    assert set(sc.list_scenarios()) == BUNDLED
    assert sc.list_scenarios()[0] == "status_quo"
    base = paramfile.baseline()
    for n in BUNDLED:
        s = sc.load_scenario(n)
        assert s.name == n and set(s.label) == {"id", "en"}
        sc.apply(s, base)  # every path exists and every value is in range


@pytest.mark.parametrize("which", ["results", "free"])
def test_stock_flow_identity_holds_for_every_scenario_file_cadre_and_year(which, request):
    runs = request.getfixturevalue(which)
    assert set(runs) == set(sc.list_scenarios())  # every file in the folder, not a hand-picked list
    for name, r in runs.items():
        p = r.paths.sort_values(["cadre", "year"])
        pppk = p.pppk_start + p.new_hires + p.conversions + p.upgrades_from_legacy - p.pppk_leavers - p.displaced_pppk
        legacy = (p.legacy_start + p.honor_hires - p.conversions - p.upgrades_from_legacy
                  - (p.displaced - p.displaced_pppk) - p.legacy_leavers)
        assert pppk.to_numpy() == pytest.approx(p.pppk_headcount.to_numpy(), abs=1e-6), name
        assert legacy.to_numpy() == pytest.approx(p.legacy_headcount.to_numpy(), abs=1e-6), name
        total = p.pppk_start + p.legacy_start + p.new_hires + p.honor_hires - p.leavers - p.displaced
        assert total.to_numpy() == pytest.approx(p.headcount.to_numpy(), abs=1e-6), name
        # the start stock of a year is the end stock of the year before
        prev = p.groupby("cadre")[["pppk_headcount", "legacy_headcount"]].shift()
        later = prev.pppk_headcount.notna()
        assert p.pppk_start[later].to_numpy() == pytest.approx(prev.pppk_headcount[later].to_numpy()), name
        assert p.legacy_start[later].to_numpy() == pytest.approx(prev.legacy_headcount[later].to_numpy()), name
        assert (p[["pppk_professional_headcount", "pppk_non_professional_headcount", "legacy_headcount",
                   "displaced", "new_hires", "leavers"]] >= -1e-9).all().all(), name


def test_status_quo_is_the_current_policy_baseline(results):
    r = results["status_quo"]
    assert r.pv_incremental_real == 0
    pkh = r.paths[r.paths.cadre == "pkh_pendamping"].set_index("year")
    assert pkh.at[2026, "conversions"] >= 33000  # the 2025 announcement
    assert pkh.at[2035, "pppk_headcount"] > 30000 and r.summary.displaced.sum() == 0


def test_honor_regime_is_labelled_hypothetical_and_has_no_pppk(results):
    r = results["honor_regime_hypothetical"]
    assert r.summary.pppk_headcount.sum() == 0
    assert sc.load_scenario("honor_regime_hypothetical").label["en"].startswith("HYPOTHETICAL")
    assert r.pv_incremental_real < 0  # cheaper than current policy, and not feasible under UU 20/2023


def test_pkh_scenario_adds_qualification_to_the_announced_conversion(results, free):
    p = free["pkh_pendamping_pppk"].paths
    k = p[p.cadre == "pkh_pendamping"].set_index("year")
    assert k.at[2026, "conversions"] >= 33000
    assert k["upgrades"].sum() > 0 and k["displaced"].sum() > 0
    assert results["pkh_pendamping_pppk"].pv_incremental_real >= results["pkh_qualification_only"].pv_incremental_real
    assert free["pkh_pendamping_pppk"].pv_incremental_real > free["pkh_qualification_only"].pv_incremental_real > 0


def test_full_professionalisation_covers_every_cadre_without_supply_cap(free, results):
    r = free["full_professionalisation"]
    last = r.paths[r.paths.year == 2035].set_index("cadre")
    need = r.need.set_index("cadre")
    for cadre in need.index:
        assert last.at[cadre, "pppk_professional_headcount"] == pytest.approx(need.at[cadre, "required_fte_professional"])
    assert r.years_to_full_coverage == 2030
    assert results["full_professionalisation"].years_to_full_coverage in (None, *range(2031, 2036))
    assert r.pv_incremental_real > free["pkh_pendamping_pppk"].pv_incremental_real > 0


def test_single_cadre_scenarios_change_only_their_cadres(free):
    sq = free["status_quo"].paths.drop(columns=[c for c in free["status_quo"].paths if "baseline" in c
                                               or "status_quo" in c or "incremental" in c]).set_index(["cadre", "year"])
    touched = {"tksk_pppk": {"tksk"}, "pkh_pendamping_pppk": {"pkh_pendamping"},
               "sakti_peksos_all_panti": {c for c in sq.index.get_level_values(0) if c.startswith("panti_")}}
    for name, cadres in touched.items():
        p = free[name].paths.set_index(["cadre", "year"])[sq.columns]
        changed = {c for c in sq.index.get_level_values(0).unique()
                   if not p.loc[c].equals(sq.loc[c])}
        assert changed == cadres, name


def _scenario(tmp_path, name, changes: str):
    (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(f"""\
        name: {name}
        label: {{id: Uji, en: Test}}
        description: {{id: skenario uji, en: test scenario}}
        changes:
        {textwrap.indent(textwrap.dedent(changes), '  ')}
        """), encoding="utf-8")


def test_unknown_parameter_path_fails_naming_file_and_path(tmp_path):
    _scenario(tmp_path, "typo", "pppk_costing.policy.tksk.ppk_share: {2026: 1.0}\n")
    with pytest.raises(ParameterError) as exc:
        sc.build("typo", directory=tmp_path)
    msg = str(exc.value)
    assert "typo.yaml" in msg and "pppk_costing.policy.tksk.ppk_share" in msg


def test_value_outside_range_fails(tmp_path):
    _scenario(tmp_path, "too_much", "pppk_costing.policy.tksk.pppk_share: {2026: 1.5}\n")
    with pytest.raises(ParameterError, match=r"too_much.yaml: pppk_costing.policy.tksk.pppk_share \(period 2026\): value 1.5 is outside"):
        sc.build("too_much", directory=tmp_path)


def test_bad_period_and_bad_name_fail(tmp_path):
    _scenario(tmp_path, "bad_period", "pppk_costing.policy.tksk.pppk_share: {next_year: 1.0}\n")
    with pytest.raises(ParameterError, match="not a year"):
        sc.build("bad_period", directory=tmp_path)
    (tmp_path / "renamed.yaml").write_text("name: other\nlabel: {id: a, en: b}\ndescription: {id: d, en: d}\nchanges: {}\n")
    with pytest.raises(ParameterError, match="must equal the file name"):
        sc.load_scenario("renamed", tmp_path)
    with pytest.raises(ParameterError, match="unknown scenario 'nope'"):
        sc.load_scenario("nope", tmp_path)


def test_new_scenario_dropped_in_folder_runs_and_periods_apply(tmp_path, keys):
    _scenario(tmp_path, "tksk_from_2030", "pppk_costing.policy.tksk.pppk_share: {2030: 1.0}\n")
    assert "tksk_from_2030" in sc.list_scenarios(tmp_path)
    ps = sc.build("tksk_from_2030", directory=tmp_path)
    assert ps.get("pppk_costing.policy.tksk.pppk_share", 2029) == 0.0
    assert ps.get("pppk_costing.policy.tksk.pppk_share", 2030) == 1.0
    r = sc.run("tksk_from_2030", directory=tmp_path, keys=keys)
    t = r.paths[r.paths.cadre == "tksk"].set_index("year")
    assert t.loc[2026:2029, "pppk_headcount"].sum() == 0
    assert t.at[2030, "pppk_headcount"] > 0


def test_notebook_overrides_change_dependent_results_only(keys, free):
    base = free["full_professionalisation"]
    later = sc.run("full_professionalisation", {**FREE, **sc.notebook_overrides(start_year=2028)}, keys=keys)
    assert later.summary.set_index("year").loc[[2026, 2027], "target_posts"].sum() == 0
    assert later.pv_incremental_real < base.pv_incremental_real
    # the discount rate changes present values and nothing else
    d10 = sc.run("full_professionalisation", {**FREE, **sc.notebook_overrides(discount_rate=0.10)}, keys=keys)
    assert d10.paths.equals(base.paths)
    assert d10.need.equals(base.need)
    assert d10.pv_incremental_real < base.pv_incremental_real
    with pytest.raises(ParameterError, match="notebook parameters: pppk_costing.macro.discount_rate_percent"):
        sc.build("status_quo", sc.notebook_overrides(discount_rate=0.5))


def test_compare_returns_one_row_per_scenario():
    df = sc.compare(["status_quo", "tksk_pppk"])
    assert list(df.scenario) == ["status_quo", "tksk_pppk"]
    assert df.set_index("scenario").at["tksk_pppk", "label_en"] == "TKSK as PPPK"
    assert df.set_index("scenario").at["status_quo", "cumulative_incremental_cost_nominal"] == 0


def test_tornado_varies_each_parameter_over_its_range(keys):
    paths = ["staffing_standards.cas.total_percent", "pppk_costing.pay.tukin_share_paid_to_pppk",
             "pppk_costing.macro.discount_rate_percent"]
    t = sc.tornado("tksk_pppk", params=paths).set_index("path")
    assert set(t.index) == set(paths)
    assert (t.at["staffing_standards.cas.total_percent", "low"], t.at["staffing_standards.cas.total_percent", "high"]) == (15, 40)
    # CAS raises need; the discount rate moves the PV only; no tukin lowers the PV of the extra cost
    assert t.at["staffing_standards.cas.total_percent", "need_high"] > t.at["staffing_standards.cas.total_percent", "need_low"]
    assert t.at["pppk_costing.macro.discount_rate_percent", "need_swing"] == 0
    assert t.at["pppk_costing.macro.discount_rate_percent", "pv_low"] > t.at["pppk_costing.macro.discount_rate_percent", "pv_high"]
    assert t.at["pppk_costing.pay.tukin_share_paid_to_pppk", "pv_low"] < t.at["pppk_costing.pay.tukin_share_paid_to_pppk", "pv_central"]
    every = sc.tornado_parameters(sc.build("tksk_pppk"))
    assert "staffing_standards.cadres.tksk.new_cases_share_per_year" in every
    assert "pppk_costing.macro.horizon_last_year" not in every and len(every) > 80


def test_bundled_scenario_descriptions_are_bilingual():
    for name in sc.list_scenarios():
        s = sc.load_scenario(name)
        assert set(s.description) == {"id", "en"} and all(s.description.values()), name
    full = sc.load_scenario("full_professionalisation")
    assert full.description["en"].startswith("The 2016 essay's proposal")
    assert full.description["id"].startswith("Usulan esai 2016")


@pytest.mark.parametrize("description", ["only English", "{id: hanya id}", "{id: '', en: text}", "{id: a, en: b, fr: c}"])
def test_description_must_be_bilingual(tmp_path, description):
    (tmp_path / "mono.yaml").write_text(f"name: mono\nlabel: {{id: a, en: b}}\ndescription: {description}\nchanges: {{}}\n")
    with pytest.raises(ParameterError, match="mono.yaml: description must have exactly the languages 'id' and 'en'"):
        sc.load_scenario("mono", tmp_path)
