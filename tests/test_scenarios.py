"""Scenarios as parameter diffs: bundled files load, diffs change results (only what they touch), unknown
paths and bad values fail naming the file, periods work, new scenarios are picked up from the folder."""

from __future__ import annotations

import textwrap

import pytest

from kesos_analysis import paramfile
from kesos_analysis import scenarios as sc
from kesos_analysis import staffing as st
from kesos_analysis.errors import ParameterError

BUNDLED = {"status_quo", "sakti_peksos_all_panti", "pkh_pendamping_pppk", "tksk_pppk", "full_professionalisation"}


@pytest.fixture(scope="module")
def keys():
    return st.allocation_keys()


@pytest.fixture(scope="module")
def results(keys):
    return {n: sc.run(n, keys=keys) for n in BUNDLED}


def test_bundled_scenarios_listed_and_valid():
    assert set(sc.list_scenarios()) == BUNDLED
    assert sc.list_scenarios()[0] == "status_quo"
    base = paramfile.baseline()
    for n in BUNDLED:
        s = sc.load_scenario(n)
        assert s.name == n and set(s.label) == {"id", "en"}
        sc.apply(s, base)  # every path exists and every value is in range


def test_status_quo_equals_baseline(results):
    r = results["status_quo"]
    assert r.summary.pppk_headcount.sum() == 0
    assert r.pv_incremental_real == 0


def test_full_professionalisation_covers_every_cadre(results):
    r = results["full_professionalisation"]
    last = r.paths[r.paths.year == 2035].set_index("cadre")
    need = r.need.set_index("cadre")
    for cadre in need.index:
        assert last.at[cadre, "pppk_headcount"] == pytest.approx(need.at[cadre, "required_fte_professional"])
    assert r.pv_incremental_real > results["pkh_pendamping_pppk"].pv_incremental_real > 0


def test_single_cadre_scenarios_change_only_their_cadres(results):
    sq = results["status_quo"].paths.set_index(["cadre", "year"])
    touched = {"tksk_pppk": {"tksk"}, "pkh_pendamping_pppk": {"pkh_pendamping"},
               "sakti_peksos_all_panti": {c for c in sq.index.get_level_values(0) if c.startswith("panti_")}}
    for name, cadres in touched.items():
        p = results[name].paths.set_index(["cadre", "year"])
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


def test_notebook_overrides_change_dependent_results_only(keys, results):
    base = results["full_professionalisation"]
    later = sc.run("full_professionalisation", sc.notebook_overrides(start_year=2028), keys=keys)
    assert later.summary.set_index("year").loc[[2026, 2027], "pppk_headcount"].sum() == 0
    assert later.pv_incremental_real < base.pv_incremental_real
    # the discount rate changes present values and nothing else
    d10 = sc.run("full_professionalisation", sc.notebook_overrides(discount_rate=0.10), keys=keys)
    assert d10.paths.equals(base.paths)
    assert d10.need.equals(base.need)
    assert d10.pv_incremental_real < base.pv_incremental_real
    with pytest.raises(ParameterError, match="notebook parameters: pppk_costing.macro.discount_rate_percent"):
        sc.build("status_quo", sc.notebook_overrides(discount_rate=0.5))


def test_compare_returns_one_row_per_scenario():
    df = sc.compare(["status_quo", "tksk_pppk"], lang="en")
    assert list(df.scenario) == ["status_quo", "tksk_pppk"]
    assert df.set_index("scenario").at["tksk_pppk", "label"] == "TKSK as PPPK"
    assert df.set_index("scenario").at["status_quo", "cumulative_incremental_cost_nominal"] == 0


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
