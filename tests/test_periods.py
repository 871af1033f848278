"""data.periods: province creation dates (2022 Papua split) and future periods, checked on the stored data."""

from __future__ import annotations

from datetime import date

from kesos_analysis.data import load, periods, regions


def test_creation_dates_are_the_laws_of_2022():
    # UU 14, 15, 16/2022 (25 July 2022) and UU 29/2022 (8 December 2022)
    assert {regions.province_name(c): d for c, d in periods.PROVINCE_CREATED.items()} == {
        "Papua Selatan": date(2022, 7, 25), "Papua Tengah": date(2022, 7, 25),
        "Papua Pegunungan": date(2022, 7, 25), "Papua Barat Daya": date(2022, 12, 8)}
    # the same four provinces are flagged as created by the 2022 split in provinces.csv
    ref = regions.province_reference()
    assert set(ref.loc[ref["created_2022"] == "yes", "bps_code"]) == set(periods.PROVINCE_CREATED)


def test_existence_rule():
    assert "created on 2022-07-25" in periods.existence_problem("ump_province", "95", 2022)
    assert periods.existence_problem("ump_province", "95", 2023) is None
    assert periods.existence_problem("poverty_province", "95", 2022, 9) is None  # after 25 July
    assert "2022-12-08" in periods.existence_problem("poverty_province", "92", 2022, 9)
    assert periods.existence_problem("population_province", "96", 2022) is not None  # mid-year 2022
    assert periods.existence_problem("ump_province", "94", 2016) is None  # Papua existed


def test_no_stored_row_predates_its_province():
    for table, has_month in (("poverty_province", True), ("ump_province", False), ("population_province", False)):
        df = load(table)
        for r in df.itertuples():
            month = r.month if has_month else None
            assert periods.existence_problem(table, r.bps_code, r.year, month) is None, (table, r)
            assert periods.future_problem(table, r.year, month) is None, (table, r)


def test_future_periods():
    on = date(2026, 12, 2)
    # BPS publishes the March round in July and the September round in January of the next year.
    assert periods.future_problem("poverty_province", 2026, 3, on=on) is None
    why = periods.future_problem("poverty_province", 2026, 9, on=on)
    assert "the September 2026 round is published in January 2027, after today (2026-12-02)" in why
    assert periods.future_problem("poverty_province", 2026, 9, on=date(2027, 1, 1)) is None
    assert "published in July 2027" in periods.future_problem("poverty_province", 2027, 3, on=date(2027, 6, 30))
    assert periods.future_problem("poverty_province", 2027, 3, on=date(2027, 7, 1)) is None
    assert "after today" in periods.future_problem("poverty_province", 2027, 3, on=on)
    assert periods.future_problem("ump_province", 2027, on=on) is None  # decreed in November 2026
    assert "not after 2027" in periods.future_problem("ump_province", 2028, on=on)
    assert "not after 2027" in periods.future_problem("population_province", 2099, on=on)
