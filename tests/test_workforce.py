"""Workforce profile functions on the real data, with values computed by hand from data/raw."""

from __future__ import annotations

import pytest

from kesos_analysis import workforce
from kesos_analysis.data import load

# Worked values from the frozen copy of the data (tests/fixtures/raw): they survive a new release.
pytestmark = pytest.mark.usefixtures("frozen_data")


def test_headcounts_exclude_targets_and_plans():
    hc = workforce.headcounts(load("workforce_national"))
    assert set(hc["measure"].str.split().str[0]) == {"headcount"}
    assert 16092 not in set(hc["headcount"])  # 2017 PKH recruitment target
    assert 33000 not in set(hc["headcount"])  # 2025 planned conversion
    tksk = hc[hc["cadre"] == "TKSK"]
    assert list(tksk["headcount"]) == [7201]  # the 2009 figure is "recruited/appointed", not a headcount


def test_closest_headcount_prefers_nearest_year_then_confidence():
    wf = load("workforce_national")
    assert workforce.closest_headcount(wf, "PKH pendamping", 2020)["headcount"] == 36000  # 2023 beats 2015
    assert workforce.closest_headcount(wf, "Sakti Peksos", 2020)["headcount"] == 710
    # Two Tagana figures in 2020: verified active (high) beats registered (medium-low).
    assert workforce.closest_headcount(wf, "Tagana", 2020)["headcount"] == 26026
    assert workforce.closest_headcount(wf, "TKSK", 2010, max_gap_years=3) is None


def test_tksk_tali_asih_against_ump_2016_median():
    pay = workforce.pay_vs_ump(load("compensation"), load("ump_province"))
    row = pay[pay["staff_type"] == "TKSK (tali asih)"].iloc[0]
    # 30 provinces set a UMP in 2016; their median is Rp1,890,825 (computed from ump_province.csv).
    assert row["ump_year"] == 2016 and row["ump_median_rupiah"] == 1890825
    assert row["pct_of_median_ump_percent"] == pytest.approx(100 * 300000 / 1890825)
    assert "2016" in row["ump_year_note"]
    sk = pay[(pay["staff_type"] == "Sakti Peksos") & (pay["year"] == 2018)].iloc[0]
    assert sk["ump_year"] == 2018 and sk["ump_year_note"] == ""
    assert "TKSK (APBD honorarium coverage)" not in set(pay["staff_type"])  # no amount: not a pay row


def test_ump_summary_2016_has_30_provinces():
    s = workforce.ump_summary(load("ump_province")).set_index("year")
    assert s.loc[2016, "provinces"] == 30 and s.loc[2024, "provinces"] == 38


def test_tksk_equals_kecamatan_counts():
    t = workforce.tksk_per_kecamatan(load("workforce_national"), load("workforce_province"),
                                     load("psks_province"), load("provinces")).set_index(["bps_code", "year"])
    assert t.loc[("36", 2015), "n_kecamatan"] == 155 and t.loc[("36", 2015), "tksk_per_kecamatan"] == 1.0
    assert t.loc[("00", 2020), "n_kecamatan"] == 7230 and t.loc[("00", 2020), "kecamatan_edition_year"] == 2019
    assert t.loc[("00", 2020), "tksk_per_kecamatan"] == pytest.approx(7201 / 7230)
    assert ("17", 2019) not in t.index  # Bengkulu Tengah district figure is not a province total


def test_density_per_10k_from_census_2020():
    table, total = workforce.density(load("workforce_national"), load("population_province"), 2020)
    assert list(table["cadre"]) == ["TKSK", "Sakti Peksos", "PKH pendamping"]
    assert total == pytest.approx(10_000 * (7201 + 710 + 36000) / 270_203_917, rel=1e-6)


@pytest.mark.parametrize("unit,factor", [("per 10,000 population", 1.0), ("per 1,000 population", 10.0),
                                         ("per 100,000 population", 0.1), ("per 100,000 children", None),
                                         ("health workers", None)])
def test_per_10k_factor(unit, factor):
    assert workforce.per_10k_factor(unit) == factor


def test_benchmarks_converted():
    b = workforce.benchmarks_per_10k(load("benchmarks"))
    sdg = b[b["indicator"].str.startswith("WHO SDG")].iloc[0]
    assert sdg["per_10k"] == pytest.approx(44.5)
    assert b[b["country"] == "Brazil"].iloc[0]["per_10k"] == pytest.approx(8.6)


def test_ump_summary_ignores_a_national_row():
    import pandas as pd

    ump = load("ump_province")
    nat = pd.DataFrame([{"bps_code": "00", "province": "Indonesia", "year": 2025, "ump_rupiah": 1,
                         "source_url": "https://example.org", "note": None}])
    s = workforce.ump_summary(pd.concat([ump, nat])).set_index("year")
    assert s.loc[2025, "provinces"] == 38 and s.loc[2025, "ump_min_rupiah"] == 2169348


# --- Summaries for the narrative -----------------------------------------------------------------------------------

def test_cadre_snapshot_and_pay_summary():
    snap = workforce.cadre_snapshot(load("workforce_national"), 2020)
    assert (snap.tksk, snap.tksk_year, snap.pkh, snap.sakti, snap.sakti_year) == (7201, 2020, 36000, 710, 2019)
    pay = workforce.pay_summary(workforce.pay_vs_ump(load("compensation"), load("ump_province")), load("pppk_salary"))
    assert pay.tksk_pct == pytest.approx(100 * 300000 / 1890825) and (pay.tksk_year, pay.ump_year) == (2015, 2016)
    assert (pay.sakti_pay, pay.sakti_year) == (2_700_000, 2018)
    assert (pay.pppk_ix, pay.pppk_year) == (3_203_600, 2024)  # Perpres 11/2024, golongan IX, MKG 0


def test_tksk_summary_uses_the_population_of_the_year_asked():
    pop = load("population_province")
    t = workforce.tksk_per_kecamatan(load("workforce_national"), load("workforce_province"), load("psks_province"),
                                     load("provinces"))
    s = workforce.tksk_summary(t, pop, 2020)
    assert s.people_per_tksk == pytest.approx(270_203_917 / 7201) and s.year == 2020  # SP2020 / TKSK 2020
    assert s.ratio_max == 1.0 and s.ratio_min == pytest.approx(7201 / 7230, rel=1e-3)
    assert workforce.tksk_summary(t, pop, 2024).people_per_tksk is None  # no national population for 2024


def test_density_summary_and_comparison():
    bench = workforce.benchmarks_per_10k(load("benchmarks"))
    _, total = workforce.density(load("workforce_national"), load("population_province"), 2020)
    s = workforce.density_summary(total, bench, 2020)
    assert s.id_health == pytest.approx(38.4) and s.brazil == pytest.approx(8.6)
    assert s.times == pytest.approx(38.4 / total)
    comp = workforce.density_comparison(s, bench)
    assert comp["indonesia"].sum() == 1 and list(comp["per_10k"]) == sorted(comp["per_10k"], reverse=True)
