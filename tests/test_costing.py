"""PPPK cost model: salary tables equal the regulation rows, entry golongan, MKG progression, annual cost,
budget paths (headcount, attrition, conversion, nominal vs real) and comparisons with current pay and UMP."""

from __future__ import annotations

import csv
import inspect
import re
from pathlib import Path

import pandas as pd
import pytest

from kesos_analysis import config, paramfile
from kesos_analysis import costing as co
from kesos_analysis import staffing as st
from kesos_analysis.errors import ParameterError

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"]


@pytest.fixture(scope="module")
def ps():
    return paramfile.baseline()


@pytest.fixture(scope="module")
def need(ps):
    return st.need_by_cadre(ps)


def raw_salary_rows(year: int) -> dict[str, tuple[int, int]]:
    """The regulation table read straight from the raw CSV (csv module, not the package loader)."""
    with open(config.data_raw() / "kesos" / "pppk_salary.csv", encoding="utf-8", newline="") as fh:
        return {r["level"]: (int(r["min_monthly_rupiah"]), int(r["max_monthly_rupiah"]))
                for r in csv.DictReader(fh)
                if r["section"] == "pppk_basic_salary" and r["year_effective"] == str(year)}


@pytest.mark.parametrize("year", [2020, 2024])
def test_every_golongan_min_max_equals_regulation_table(year):
    table = co.basic_salary_table(year)
    raw = raw_salary_rows(year)
    assert list(table.golongan) == ROMAN
    assert set(raw) == set(ROMAN)
    for r in table.itertuples():
        assert (r.min_rupiah_per_month, r.max_rupiah_per_month) == raw[r.golongan], r.golongan


def test_golongan_ix_published_ranges():
    t24 = co.basic_salary_table(2024).set_index("golongan")
    t20 = co.basic_salary_table(2020).set_index("golongan")
    assert (t24.at["IX", "min_rupiah_per_month"], t24.at["IX", "max_rupiah_per_month"]) == (3_203_600, 5_261_500)
    assert (t20.at["IX", "min_rupiah_per_month"], t20.at["IX", "max_rupiah_per_month"]) == (2_966_500, 4_872_000)
    assert (t20.at["IX", "min_mkg_years"], t20.at["IX", "max_mkg_years"]) == (0, 32)
    assert t24.at["IX", "mkg_basis"] == "2020 table"
    assert t24.at["XVII", "mkg_basis"] == "assumption"


def test_unknown_table_year_rejected():
    with pytest.raises(ParameterError, match="no PPPK basic-salary table for 2019"):
        co.basic_salary_table(2019)


def test_no_salary_amounts_typed_in_code():
    src = inspect.getsource(co)
    amounts = set(re.findall(r"\b\d{6,7}\b", src.replace("_", "")))
    assert not amounts, f"salary-like numbers in costing.py: {amounts}"


@pytest.mark.parametrize("education, golongan", [("SMA", "V"), ("D3", "VII"), ("S1/D4", "IX"), ("S1", "IX"),
                                                  ("D4", "IX"), ("D1", "V"), ("S2", "X")])
def test_entry_golongan_by_education(education, golongan):
    assert co.entry_golongan(education) == golongan


def test_unknown_education_rejected():
    with pytest.raises(ParameterError, match="maps to no golongan"):
        co.entry_golongan("PhD-ish")


def test_mkg_progression_between_published_min_and_max():
    t = co.basic_salary_table(2024)
    assert co.basic_salary_rupiah_per_month("IX", 0, t) == 3_203_600
    assert co.basic_salary_rupiah_per_month("IX", 32, t) == 5_261_500
    assert co.basic_salary_rupiah_per_month("IX", 40, t) == 5_261_500  # capped at the maximum
    mid = 3_203_600 + (5_261_500 - 3_203_600) / 2
    assert co.basic_salary_rupiah_per_month("IX", 16, t, interpolation="linear") == pytest.approx(mid)
    # step: MKG 3 pays the MKG-2 value
    assert co.basic_salary_rupiah_per_month("IX", 3, t, interpolation="step", step_years=2) == pytest.approx(
        co.basic_salary_rupiah_per_month("IX", 2, t, interpolation="linear"))
    # golongan II starts at MKG 3 (Perpres 98/2020): below it the minimum applies
    assert co.basic_salary_rupiah_per_month("II", 0, t) == t.set_index("golongan").at["II", "min_rupiah_per_month"]
    with pytest.raises(ParameterError, match="negative"):
        co.basic_salary_rupiah_per_month("IX", -1, t)
    with pytest.raises(ParameterError, match="not in the salary table"):
        co.basic_salary_rupiah_per_month("XVIII", 0, t)


def test_jf_allowance_read_from_data_old_nomenclature():
    assert co.jf_allowance_rupiah_per_month("Pekerja Sosial Pertama (old)") == 253_000
    with pytest.raises(ParameterError, match="not found"):
        co.jf_allowance_rupiah_per_month("Pekerja Sosial Ahli Pertama")


def raw_tukin() -> dict[int, int]:
    """The Perpres 71/2023 table read straight from the raw CSV (csv module, not the package loader)."""
    with open(config.data_raw() / "kesos" / "tukin_kemensos.csv", encoding="utf-8", newline="") as fh:
        return {int(r["kelas_jabatan"]): int(r["amount_rupiah"]) for r in csv.DictReader(fh)}


def test_tukin_table_equals_data_file_and_press_figures():
    raw = raw_tukin()
    assert sorted(raw) == list(range(1, 18))
    for kelas, amount in raw.items():
        assert co.tukin_rupiah_per_month(kelas) == amount
    # detik.com 19 Oct 2023 / CNBC 27 Oct 2023: kelas 7 Rp3.915.950, kelas 8 Rp4.595.150, kelas 17 Rp33.240.000
    assert (raw[7], raw[8], raw[17], raw[1]) == (3_915_950, 4_595_150, 33_240_000, 2_531_250)
    assert all(raw[k] < raw[k + 1] for k in range(1, 17))
    with pytest.raises(ParameterError, match="kelas jabatan 18"):
        co.tukin_rupiah_per_month(18)


def test_annual_cost_per_person_parts(ps):
    c = co.annual_cost_per_person(ps, 0)
    basic, jf, food, tukin = 3_203_600, 253_000, 181_050, raw_tukin()[8]
    wage = basic * 1.07 + jf + tukin
    assert c["basic"] == basic * 12
    assert c["family"] == pytest.approx(basic * 0.07 * 12)
    assert c["food"] == food * 12
    assert c["jf"] == jf * 12
    assert c["tukin"] == tukin * 12
    assert c["meal"] == 37_000 * 21 * 12
    assert c["extra_months"] == pytest.approx(2 * (basic * 1.07 + food + jf + tukin))  # PP 14/2024 base
    assert c["bpjs_kesehatan"] == pytest.approx(0.04 * wage * 12)
    assert c["jkk"] == pytest.approx(0.0024 * basic * 12)
    assert c["jkm"] == pytest.approx(0.0072 * basic * 12)
    assert c["pension"] == pytest.approx(0.057 * basic * 1.07 * 12)
    assert c["total"] == pytest.approx(sum(c[k] for k in co.COMPONENTS))
    assert c["take_home_monthly"] == pytest.approx(wage + food + 37_000 * 21 - 0.01 * wage)
    comp = co.cost_components(ps)
    assert comp["rupiah_per_year"].sum() == pytest.approx(c["total"])
    assert set(comp["component"]) == set(co.COMPONENTS) and comp["legal_basis"].str.len().min() > 5


def test_tukin_share_zero_removes_tukin_from_every_base(ps):
    a = co.annual_cost_per_person(ps, 0)
    b = co.annual_cost_per_person(ps.apply_diff({"pppk_costing.pay.tukin_share_paid_to_pppk": 0.0}, "t"), 0)
    tukin = raw_tukin()[8]
    assert b["tukin"] == 0
    assert a["total"] - b["total"] == pytest.approx(tukin * (12 + 2 + 0.04 * 12))
    half = co.annual_cost_per_person(ps.apply_diff({"pppk_costing.pay.thr13_tukin_share": 0.5}, "t"), 0)
    assert a["extra_months"] - half["extra_months"] == pytest.approx(2 * 0.5 * tukin)


def test_non_professional_post_has_its_own_kelas_and_no_jf_allowance(ps):
    pay = co.pay_table(ps, professional=False)
    assert pay.jf_allowance_rupiah_per_month == 0
    assert pay.tukin_rupiah_per_month == raw_tukin()[6]


def test_changing_education_changes_pay(ps):
    d3 = ps.apply_diff({"pppk_costing.pay.entry_education": "D3"}, "test")
    assert co.annual_cost_per_person(d3, 0)["basic_monthly"] == 2_858_800  # 2024 golongan VII minimum
    y2020 = ps.apply_diff({"pppk_costing.pay.table_year": 2020}, "test")
    assert co.annual_cost_per_person(y2020, 0)["basic_monthly"] == 2_966_500


def test_dropping_jf_allowance_changes_only_allowance_linked_parts(ps):
    a = co.annual_cost_per_person(ps, 0)
    b = co.annual_cost_per_person(ps.apply_diff({"pppk_costing.pay.include_jf_allowance": 0}, "t"), 0)
    assert b["jf"] == 0
    for k in ("basic", "family", "jkk", "jkm"):
        assert a[k] == b[k]
    assert a["total"] - b["total"] == pytest.approx(253_000 * (12 + 2 + 0.04 * 12))


def test_ramp_and_present_value():
    assert [co.ramp(y, 2026, 5) for y in (2025, 2026, 2030, 2031)] == [0, 0.2, 1, 1]
    assert co.present_value(pd.Series([100, 100]), pd.Series([2026, 2027]), 10, 2026) == pytest.approx(100 + 100 / 1.1)
    with pytest.raises(ParameterError):
        co.ramp(2026, 2026, 0)


UNCONSTRAINED = {"pppk_costing.supply.constrained": 0}


def test_current_policy_baseline_converts_pkh_and_keeps_tksk_volunteers(ps, need):
    p = co.budget_paths(ps, need)
    assert p.incremental_cost_nominal.abs().max() == 0
    k = p[p.cadre == "pkh_pendamping"].set_index("year")
    # 2026: "more than 33,000" of the 36,000 pendamping become ASN (announcement of 23 Sep 2025)
    assert k.at[2026, "conversions"] == pytest.approx(36000 * 0.9167)
    assert k.at[2026, "conversions"] >= 33000
    assert k.loc[2027:, "conversions"].sum() == 0
    assert k["headcount"].round(6).eq(36000).all()  # leavers replaced: service level kept
    t = p[p.cadre == "tksk"].set_index("year")
    assert t["pppk_headcount"].sum() == 0 and t["legacy_headcount"].round(6).eq(7201).all()
    assert t.at[2026, "legacy_cost_nominal"] == pytest.approx(7201 * 300_000 * 12)
    assert p[p.cadre == "lk3_counsellor"]["total_cost_nominal"].sum() == 0  # no count, no pay: nothing invented


def test_honor_regime_is_only_non_asn_staff(ps, need):
    honor = ps.apply_diff({"pppk_costing.policy.honor_regime": {2026: 1}}, "t")
    p = co.budget_paths(honor, need)
    assert p.pppk_headcount.sum() == 0
    k = p[p.cadre == "pkh_pendamping"].set_index("year")
    assert k["legacy_headcount"].round(6).eq(36000).all()
    assert k.at[2026, "legacy_cost_nominal"] == pytest.approx(36000 * 3_000_000 * 12)


@pytest.fixture(scope="module")
def tksk_paths(ps, need):
    full = ps.apply_diff({"pppk_costing.policy.tksk.pppk_share": {2026: 1.0}, **UNCONSTRAINED}, "test")
    return co.budget_paths(full, need), need.set_index("cadre").at["tksk", "required_fte"]


def test_phasing_reaches_full_coverage_after_rollout(tksk_paths):
    p, required = tksk_paths
    t = p[p.cadre == "tksk"].set_index("year")
    # 2026: the qualified converted and the one-year RPL/D4 graduates already exceed the ramp target (1/5)
    assert t.at[2026, "pppk_professional_headcount"] == pytest.approx(t.at[2026, "conversions"] + t.at[2026, "upgrades"])
    assert t.at[2026, "pppk_professional_headcount"] > required / 5 and t.at[2026, "new_hires"] == 0
    assert t.at[2030, "pppk_professional_headcount"] == pytest.approx(required)
    assert t.at[2035, "pppk_professional_headcount"] == pytest.approx(required)
    assert co.years_to_full_coverage(p) == 2030


def test_attrition_upgrades_and_displacement(tksk_paths):
    p, required = tksk_paths
    t = p[p.cadre == "tksk"].set_index("year")
    # PPPK leavers are 10% of last year's PPPK stock; replacements keep the target
    assert t.at[2033, "pppk_leavers"] == pytest.approx(0.10 * required)
    assert t.at[2033, "new_hires"] == pytest.approx(0.10 * required)
    # the qualified share of today's TKSK (5%, after one year of 20% turnover) is converted in 2026
    assert t.at[2026, "conversions"] == pytest.approx(7201 * 0.05 * 0.8)
    # 60% uptake of the 90% eligible unqualified enrol in 2026; RPL/D4 (1 year) graduates in 2026
    # (capped at the posts still to fill), in proportion 0.6 : 0.3 between the routes
    pool, converted = 7201 * 0.95 * 0.8, 7201 * 0.05 * 0.8
    enrolled = min(0.6 * 0.9 * pool, required - converted)
    assert t.at[2026, "upgrades"] == pytest.approx(enrolled * 0.6 / 0.9)
    assert t.at[2027, "upgrades"] == pytest.approx(enrolled * 0.3 / 0.9 * 0.8)  # D3/SMK: 2 years, 20% turnover
    assert t.loc[2030:, "legacy_headcount"].max() == pytest.approx(0, abs=1e-6)
    assert t["displaced"].sum() > 0


def test_real_equals_nominal_deflated(tksk_paths):
    p, _ = tksk_paths
    t = p[p.cadre == "tksk"].set_index("year")
    assert t.at[2026, "total_cost_real"] == t.at[2026, "total_cost_nominal"]
    assert t.at[2030, "total_cost_real"] == pytest.approx(t.at[2030, "total_cost_nominal"] / 1.025 ** 4)


def test_other_cadres_untouched_by_tksk_policy(ps, need, tksk_paths):
    p, _ = tksk_paths
    base = co.budget_paths(ps.apply_diff(UNCONSTRAINED, "t"), need)
    others = base.cadre != "tksk"
    pd.testing.assert_frame_equal(base[others].reset_index(drop=True), p[p.cadre != "tksk"].reset_index(drop=True))


def test_payer_split_sums_to_total_and_bad_shares_are_refused(ps, need):
    p = co.budget_paths(ps, need)
    payers = sum(p[f"cost_{x}_nominal"] for x in co.PAYERS)
    assert payers.to_numpy() == pytest.approx(p["total_cost_nominal"].to_numpy())
    assert p[p.cadre == "pkh_pendamping"]["cost_apbn_nominal"].sum() == pytest.approx(
        p[p.cadre == "pkh_pendamping"]["total_cost_nominal"].sum())
    bad = ps.apply_diff({"pppk_costing.policy.tksk.payer_private": 0.5}, "t")
    with pytest.raises(ParameterError, match="policy.tksk.payer_"):
        co.payer_shares(bad)


def test_supply_cap_limits_professional_hires(ps, need):
    full = sc.build("full_professionalisation")
    p = co.budget_paths(full, need)
    cap = (3000 + 1000) * 0.5
    per_year = p.groupby("year")["new_hires_professional"].sum()
    assert (per_year <= cap + 1e-6).all()
    assert (per_year.round(6) == cap).any()  # binding in some year
    free = co.budget_paths(full.apply_diff(UNCONSTRAINED, "t"), need)
    assert free.groupby("year")["new_hires_professional"].sum().max() > cap


def test_current_pay_keeps_confidence_labels(ps):
    cur = co.current_pay(ps).set_index("cadre")
    assert cur.at["tksk", "rupiah_per_month"] == 300_000 and cur.at["tksk", "confidence"] == "medium"
    assert cur.at["panti_asuhan_anak", "rupiah_per_month"] == 2_700_000
    assert cur.at["panti_asuhan_anak", "confidence"] == "medium-high"
    assert cur.at["pkh_pendamping", "confidence"] == "low"


def test_ump_comparison_sets_take_home_pay_beside_the_minimum_wage(ps, frozen):  # frozen data: UMP 2025 is the latest
    u = co.ump_comparison(ps)
    assert u.ump_year.unique().tolist() == [2025]
    assert len(u) == 38
    assert (u.pppk_basic_rupiah_per_month == 3_203_600).all()
    aceh = u.set_index("bps_code").loc["11"]
    assert aceh.basic_to_ump == pytest.approx(3_203_600 / aceh.ump_rupiah_per_month)
    assert aceh.take_home_to_ump == pytest.approx(aceh.pppk_take_home_rupiah_per_month / aceh.ump_rupiah_per_month)
    assert (u.take_home_to_ump > u.basic_to_ump).all()


# --- Report display helpers (kesos_analysis.report.display)
# -------------------------------------------------------------

from kesos_analysis import scenarios as sc  # noqa: E402
from kesos_analysis.report import display as disp  # noqa: E402


@pytest.mark.parametrize("value, unit, lang, expected", [
    (2024, "tahun tabel gaji", "id", "2024"), (2026, "tahun", "id", "2026"), (2035, "tahun", "en", "2035"),
    (10_000_000, "KPM", "id", "10.000.000"), (10_000_000, "KPM", "en", "10,000,000"), (5, "hari per minggu", "id", "5"),
    (52.0, "minggu per tahun", "id", "52"), (0.15, "proporsi", "id", "0,15"), (7.5, "jam per hari", "en", "7.5"),
    (5.94, "jam per KPM per tahun", "id", "5,94"), (1.94, "persen per tahun", "id", "1,94"), (None, "orang", "id", "–"),
    ("step", "metode", "id", "bertahap"), ("Pekerja Sosial Pertama (old)", "jenjang JF (lama)", "id", "Pekerja Sosial Pertama (lama)"),
])
def test_parameter_values_are_formatted_by_unit(value, unit, lang, expected):
    assert disp.value_text(value, unit, lang) == expected


@pytest.mark.parametrize("lang", ["id", "en"])
def test_assumptions_display_has_no_year_separators_decimals_or_foreign_units(lang):
    ps = sc.build("full_professionalisation", sc.notebook_overrides(start_year=2026))
    df = disp.assumptions_display(ps, ["pppk_costing"], lang,
                                  scenario_labels={"full_professionalisation": "FULL"}).set_index("key")
    assert df.at["pay.table_year", "value"] == "2024"
    assert (df.at["recruitment.start_year", "value"], df.at["recruitment.start_year", "low"],
            df.at["recruitment.start_year", "high"]) == ("2026", "2026", "2035")
    assert df.at["macro.horizon_last_year", "high"] == "2045"
    assert df.at["contributions.bpjs_kesehatan_wage_cap_rupiah_per_month", "high"] == ("12.000.000" if lang == "id" else "12,000,000")
    assert df.at["pay.mkg_step_years", "low"] == "1"
    assert df.at["policy.tksk.pppk_share", "overridden_by"] == "FULL"
    assert df.at["recruitment.start_year", "overridden_by"] == ("parameter laporan" if lang == "id" else "report parameters")
    if lang == "en":
        assert df.at["pay.table_year", "unit"] == "pay-table year"
        assert not df["unit"].str.contains(r"\b(?:tahun|persen|metode|proporsi|bulan)\b").any()
        assert df.at["recruitment.start_year", "parameter"] == "First year of PPPK recruitment"
    else:
        assert df.at["recruitment.start_year", "parameter"] == "Tahun pertama rekrutmen PPPK"
    years = df[df["unit"].isin(["tahun", "years"])]
    assert not re.search(r"\b2[.,]0[0-9]{2}\b", " ".join(years[["value", "low", "high"]].to_numpy().ravel())), \
        "years must have no separator"
    text = " ".join(df[["value", "low", "high"]].to_numpy().ravel())
    mark = "," if lang == "id" else "."
    assert not re.search(rf"\{mark}0+(?!\d)", text), "whole numbers must not show decimals"
    assert "nan" not in text.lower() and "None" not in text


def test_assumptions_display_marks_missing_figures():
    ps = sc.build("status_quo")
    df = disp.assumptions_display(ps, ["staffing_standards"], "id").set_index("key")
    assert df.at["cadres.lk3_counsellor.current_headcount", "value"] == "tidak ada data"
    assert df.at["cadres.pkh_pendamping.clients", "value"] == "10.000.000"


@pytest.mark.parametrize("x, lang, expected", [
    (5_983_200_000_000, "id", "Rp5,98 triliun"), (5_983_200_000_000, "en", "Rp5.98 trillion"),
    (661_200_000_000, "id", "Rp661,2 miliar"), (661_200_000_000, "en", "Rp661.2 billion"),
    (53_667_792, "id", "Rp53.667.792"),
])
def test_rupiah_words(x, lang, expected):
    assert disp.rupiah_words(x, lang) == expected


def test_data_labels_are_translated():
    assert disp.label("confidence", "low", "id") == "rendah"
    assert disp.label("confidence", "medium-high", "id") == "sedang–tinggi"
    assert disp.label("mkg_basis", "2020 table", "id") == "tabel 2020"
    assert disp.label("mkg_basis", "assumption", "id") == "asumsi"
    assert disp.label("mkg_basis", "assumption", "en") == "assumption"


def test_every_cadre_has_its_own_colour():
    cadres = co.cadres(paramfile.baseline())
    colours = disp.cadre_colours(cadres)
    assert len(cadres) == 11 and len(set(colours)) == len(cadres)
    with pytest.raises(KeyError, match="no colour for cadre 'unknown'"):
        disp.cadre_colours(["unknown"])


def test_catalogues_use_tingkat_keyakinan_consistently():
    from kesos_analysis.report.text import Text

    assert Text("03_pppk_cost", "id")("col_confidence") == "Tingkat keyakinan"
    for name in ("02_staffing_need", "03_pppk_cost"):
        raw = (Path(co.__file__).parent / "report" / "text" / f"{name}.yaml").read_text(encoding="utf-8")
        assert not re.search(r"(?<!tingkat )(?<!Tingkat )\b[Kk]eyakinan\b", raw), name


def test_ump_year_ignores_a_partial_year_and_the_national_row(frozen):  # frozen data: UMP 2025 is the latest
    from kesos_analysis.costing import latest_complete_ump_year
    from kesos_analysis.data import load

    ump = load("ump_province")
    assert latest_complete_ump_year(ump) == 2025
    extra = pd.DataFrame([{"bps_code": "11", "province": "Aceh", "year": 2026, "ump_rupiah": 3900000,
                           "source_url": "https://example.org", "note": None},
                          {"bps_code": "00", "province": "Indonesia", "year": 2026, "ump_rupiah": 3200000,
                           "source_url": "https://example.org", "note": None}])
    assert latest_complete_ump_year(pd.concat([ump, extra])) == 2025


def test_honor_is_indexed_like_pppk_pay_and_zero_freezes_it(ps):
    paths = co.budget_paths(ps)
    tksk = paths[paths["cadre"] == "tksk"].set_index("year")["legacy_cost_nominal"]
    g = ps.get("pppk_costing.pay.legacy_pay_growth_percent_per_year") / 100
    assert g == pytest.approx(0.0194)
    # 7,201 TKSK volunteers × Rp300,000 × 12 in 2026, then +1.94 % a year.
    assert tksk.loc[2026] == pytest.approx(7201 * 300_000 * 12)
    assert tksk.loc[2035] == pytest.approx(7201 * 300_000 * 12 * (1 + g) ** 9)
    frozen = co.budget_paths(ps.apply_diff({"pppk_costing.pay.legacy_pay_growth_percent_per_year": 0.0}))
    f = frozen[frozen["cadre"] == "tksk"].set_index("year")["legacy_cost_nominal"]
    assert f.loc[2035] == pytest.approx(7201 * 300_000 * 12)
