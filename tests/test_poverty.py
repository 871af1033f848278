"""Poverty landscape functions on the real BPS data."""

from __future__ import annotations

import pandas as pd
import pytest

from kesos_analysis import poverty
from kesos_analysis.data import load
from kesos_analysis.errors import ParameterError

# Worked values from the frozen copy of the data (tests/fixtures/raw): they survive a new release.
pytestmark = pytest.mark.usefixtures("frozen_data")


@pytest.fixture(scope="module")
def pov(frozen_data):
    return load("poverty_province")


def test_coverage_flags_partial_and_not_surveyed_rounds(pov):
    cov = poverty.coverage(pov, 2015, 2025).set_index("round")
    assert cov.loc["2022-09", "status"] == "partial"
    assert cov.loc["2022-09", "provinces_p0"] == 13 and cov.loc["2022-09", "provinces_poor"] == 10
    assert cov.loc["2023-09", "status"] == "not_surveyed"
    assert cov.loc["2024-09", "status"] == "partial"  # poor counts blank for 95, 96, 97
    assert cov.loc["2024-09", "provinces_poor"] == 35
    assert cov.loc["2024-03", "expected_provinces"] == 38 and cov.loc["2023-03", "expected_provinces"] == 34
    assert (cov["status"] == "complete").sum() == 19
    assert cov.loc["2025-09", "status"] == "complete"  # added from the real BPS 2025 table with `kesos data add`
    assert cov.loc["2025-09", "national_p0_percent"] == 8.25
    assert cov.loc["2025-09", "national_poor_thousand"] == 23359.71
    assert "2026-03" not in cov.index  # beyond the bundled data: not listed


def test_latest_complete_round(pov):
    assert poverty.latest_complete_round(pov, 2015, 2025) == (2025, 9)
    assert poverty.latest_complete_round(pov, 2015, 2024) == (2024, 3)
    with pytest.raises(ParameterError):
        poverty.latest_complete_round(pov, 2030, 2031)


def test_ranking_march_2025(pov):
    rank = poverty.province_ranking(pov, 2025, 3)
    assert list(rank["province"][:2]) == ["Papua Pegunungan", "Papua Tengah"]
    assert rank.iloc[0]["p0_percent"] == pytest.approx(30.03)
    assert rank.iloc[0]["gap_pp"] == pytest.approx(30.03 - 8.47)
    assert len(rank) == 38 and "00" not in set(rank["bps_code"])
    assert (rank["gap_pp"] > 0).sum() == 20


def test_change_flags_papua_split(pov):
    ch = poverty.change_between(pov, (2015, 3), (2025, 3)).set_index("bps_code")
    assert not ch.loc["94", "comparable"] and not ch.loc["91", "comparable"]
    assert ch.loc["17", "comparable"]
    assert ch.loc["17", "change_pp"] == pytest.approx(ch.loc["17", "p0_end_percent"] - ch.loc["17", "p0_start_percent"])
    assert "00" not in ch.index and "95" not in ch.index  # national excluded; 95 absent in 2015
    within = poverty.change_between(pov, (2015, 3), (2023, 3))
    assert within["comparable"].all()


def test_national_series_and_province_gap(pov):
    nat = poverty.national_series(pov, 2016, 2016)
    assert list(nat["round"]) == ["2016-03", "2016-09"]
    ps = poverty.province_series(pov, "31", 2016, 2016)
    assert ps.iloc[1]["gap_pp"] == pytest.approx(ps.iloc[1]["p0_percent"] - 10.70)


def test_year_end_defaults_to_latest_year(pov):
    assert poverty.resolve_year_end(None, pov) == 2025
    assert poverty.resolve_year_end(2019, pov) == 2019


def test_bad_year_range():
    with pytest.raises(ParameterError, match="year"):
        poverty.check_years(2025, 2015)


# --- Summaries for the narrative (raw values; worked values from the frozen BPS data) --------------------------------

def test_trend_summary(pov):
    s = poverty.trend_summary(pov, 2015, 2025)
    assert (s.round_first, s.round_last) == ((2015, 3), (2025, 9))
    assert (s.p0_first, s.p0_last, s.poor_first, s.poor_last) == (11.22, 8.25, 28592.83, 23359.71)
    assert s.p0_covid == 10.19  # September 2020 (BPS BRS 15 Feb 2021: 10,19%)
    assert poverty.trend_summary(pov, 2021, 2025).p0_covid is None


def test_ranking_and_change_summaries(pov):
    latest, rank, s = poverty.latest_ranking(pov, 2015, 2025)
    assert latest == (2025, 9) and s.round == latest
    assert (s.top1, s.top1_p0, s.top2, s.top3) == ("Papua Tengah", 29.45, "Papua Pegunungan", "Papua Barat")
    assert (s.nat_p0, s.n_above, s.n_prov, s.most_poor, s.most_poor_n) == (8.25, 20, 38, "Jawa Timur", 3804.29)
    table, ch = poverty.change_since_first_complete(pov, 2015, 2025)
    assert (ch.start, ch.end, ch.n_down, ch.n_prov, ch.best) == ((2015, 3), (2025, 9), 31, 32, "Bengkulu")
    assert ch.best_pp == pytest.approx(11.88 - 17.88)
    assert list(table["comparable"]) == sorted(table["comparable"], reverse=True)  # comparable provinces first


def test_province_summary_and_display_names(pov):
    _, rank, _ = poverty.latest_ranking(pov, 2015, 2025)
    s = poverty.province_summary(pov, "97", 2015, 2025, rank)
    assert (s.province, s.round_first, s.p0_first, s.p0_last) == ("Papua Pegunungan", (2024, 3), 32.97, 27.21)
    assert s.gap_pp == pytest.approx(27.21 - 8.25) and s.direction == "above" and s.rank == 2 and s.split
    assert not poverty.province_summary(pov, "31", 2015, 2025, rank).split
    assert "DKI Jakarta" in set(rank["province"])  # THE display name (regions.Province.name)


def test_series_for_puts_every_round_on_the_grid(pov):
    lines = poverty.series_for(pov, "33", 2023, 2024)
    assert list(lines) == ["00", "33"]
    nat = lines["00"].set_index("round")
    assert list(nat.index) == ["2023-03", "2023-09", "2024-03", "2024-09"]
    assert pd.isna(nat.loc["2023-09", "p0_percent"]) and nat.loc["2024-03", "p0_percent"] == 9.03
    assert list(poverty.series_for(pov, "all", 2023, 2024)) == ["00"]
