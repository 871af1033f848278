"""Panel checks, panel files and the roster + outcome panel builder (row-level errors like the ingest layer's)."""

from __future__ import annotations

import pandas as pd
import pytest

from kesos_analysis.data.synthetic import generate_roster
from kesos_analysis.data.synthetic_panel import generate_panel, write_panel
from kesos_analysis.effects import PanelColumns, PanelWarning, build_panel, check_panel, read_panel
from kesos_analysis.errors import DataValidationError

C = PanelColumns()


def test_check_panel_adds_first_treat_and_rel_time():
    df = generate_panel(n_units=10, n_periods=5, cohorts=(3,), never_share=0.2, seed=1)
    d = check_panel(df.drop(columns=["first_treat", "rel_time"]), C)
    assert (d["first_treat"].to_numpy() == df.sort_values(["unit", "period"])["first_treat"].to_numpy()).all()
    assert set(d.loc[d["first_treat"] == 0, "rel_time"].isna()) == {True}
    assert d.loc[(d["first_treat"] == 3) & (d["period"] == 5), "rel_time"].eq(2).all()


def test_every_problem_is_listed_with_row_column_value():
    df = generate_panel(n_units=6, n_periods=4, cohorts=(2,), seed=1)
    df["y"] = df["y"].astype(object)
    df["period"] = df["period"].astype(float)
    df.loc[0, "y"] = "12,5"          # decimal comma
    df.loc[1, "treated"] = 2         # not 0/1
    df.loc[2, "period"] = 2.5        # not whole
    with pytest.raises(DataValidationError) as exc:
        check_panel(df, C, file="panel.csv")
    probs = {(p.row, p.column): p for p in exc.value.problems}
    assert probs[(2, "y")].value == "12,5" and "decimal point" in probs[(2, "y")].expected
    assert probs[(3, "treated")].value == 2 and "0 or 1" in probs[(3, "treated")].expected
    assert (4, "period") in probs
    assert str(exc.value).startswith("panel.csv: 3 problems found")


def test_duplicates_missing_columns_and_switching_treatment():
    df = generate_panel(n_units=6, n_periods=4, cohorts=(2,), never_share=0.0, seed=1)
    with pytest.raises(DataValidationError, match="duplicate unit-period"):
        check_panel(pd.concat([df, df.iloc[[3]]], ignore_index=True), C)
    with pytest.raises(DataValidationError, match="a column 'outcome'"):
        check_panel(df, PanelColumns(outcome="outcome"))
    off = df.copy()
    off.loc[(off["unit"] == "SYN-0001") & (off["period"] == 4), "treated"] = 0
    with pytest.raises(DataValidationError, match="stays on once started"):
        check_panel(off, C)
    assert len(check_panel(off, C, require_absorbing=False)) == len(df)


def test_read_panel_keeps_codes_as_text(tmp_path):
    df = generate_panel(n_units=8, n_periods=4, cohorts=(3,), seed=5)
    df["unit"] = "0" + df["unit"].str[-1]  # SYN-0001 → "01": codes with leading zeros
    df = df.sort_values(["unit", "period"])
    path = tmp_path / "p.csv"
    df.to_csv(path, index=False)
    d = read_panel(path, C)
    assert d["unit"].iloc[0] == "01" and d["unit"].dtype == object
    with pytest.raises(DataValidationError, match="an existing panel file"):
        read_panel(tmp_path / "missing.csv", C)


def test_write_panel_is_marked_synthetic(tmp_path):
    path = write_panel(tmp_path, n_units=10, n_periods=4, cohorts=(3,), seed=9)
    assert "SYNTHETIC" in path.name
    assert pd.read_csv(path)["unit"].str.startswith("SYN-").all()


def _roster_and_outcomes(tmp_path):
    roster = generate_roster(n=300, seed=7, provinces=["33", "35"])
    roster.to_csv(tmp_path / "roster.csv", index=False)
    units = sorted(roster["kabkota_code"].unique())
    rows = [{"unit_code": u, "year": y, "graduation_percent": 10 + (hash((u, y)) % 100) / 10}
            for u in units for y in range(2018, 2025)]
    pd.DataFrame(rows).to_csv(tmp_path / "outcome.csv", index=False)
    return roster, units


def test_build_panel_from_roster_and_outcomes(tmp_path):
    roster, units = _roster_and_outcomes(tmp_path)
    panel = build_panel(tmp_path / "roster.csv", tmp_path / "outcome.csv", level="kabkota")
    assert len(panel) == len(units) * 7
    # brute force for one unit and year
    u, y = units[0], 2021
    sub = roster[(roster["kabkota_code"] == u) & (roster["start_date"].str[:4].astype(int) <= y)]
    row = panel[(panel["unit_code"] == u) & (panel["year"] == y)].iloc[0]
    assert row["n_staff"] == len(sub)
    assert row["n_pppk"] == sub["employment_status"].isin(["PPPK", "PPPK Paruh Waktu"]).sum()
    assert row["treated"] == int(row["n_pppk"] >= 1)
    if len(sub):
        assert row["pppk_share"] == pytest.approx(row["n_pppk"] / len(sub))
    # treatment is absorbing because people only enter
    assert (panel.sort_values(["unit_code", "year"]).groupby("unit_code")["treated"].diff().fillna(0) >= 0).all()


def test_build_panel_reports_outcome_rows(tmp_path):
    _roster_and_outcomes(tmp_path)
    bad = pd.read_csv(tmp_path / "outcome.csv", dtype=str)
    bad.loc[0, "unit_code"] = "331"        # 3 digits
    bad.loc[1, "graduation_percent"] = ""  # empty
    bad.loc[2, "year"] = "20x1"
    bad.to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(DataValidationError) as exc:
        build_panel(tmp_path / "roster.csv", tmp_path / "bad.csv")
    where = {(p.row, p.column) for p in exc.value.problems}
    assert {(2, "unit_code"), (3, "graduation_percent"), (4, "year")} <= where


def test_build_panel_reports_roster_rows_like_ingest(tmp_path):
    roster, _ = _roster_and_outcomes(tmp_path)
    roster.loc[4, "employment_status"] = "Pegawai Tetap"
    roster.to_csv(tmp_path / "roster.csv", index=False)
    with pytest.raises(DataValidationError) as exc:
        build_panel(tmp_path / "roster.csv", tmp_path / "outcome.csv")
    assert any(p.row == 6 and p.column == "employment_status" for p in exc.value.problems)


def test_build_panel_warns_about_roster_units_without_outcomes(tmp_path):
    _roster_and_outcomes(tmp_path)
    out = pd.read_csv(tmp_path / "outcome.csv", dtype=str)
    first = out["unit_code"].iloc[0]
    out[out["unit_code"] != first].to_csv(tmp_path / "fewer.csv", index=False)
    with pytest.warns(PanelWarning, match="no outcome rows"):
        build_panel(tmp_path / "roster.csv", tmp_path / "fewer.csv")
