"""Notebook 04_effects on a panel file passed by parameter (the default synthetic run is covered by nbval)."""

from __future__ import annotations

import nbformat
import pytest

from kesos_analysis.data.synthetic_panel import generate_panel
from kesos_analysis.effects import PanelColumns, imputation_att
from kesos_analysis.report import runner
from kesos_analysis.report.values import extract


@pytest.mark.notebook
def test_notebook_runs_on_a_panel_file(tmp_path):
    df = generate_panel(n_units=40, n_periods=6, cohorts=(3, 5), seed=77)
    df = df.rename(columns={"unit": "kab_code", "y": "graduation_percent", "treated": "pppk"})
    df["kab_code"] = "0" + df["kab_code"].str[-3:]          # codes with a leading zero must stay text
    df["year"] = df["period"] + 2018
    path = tmp_path / "ministry_panel.csv"
    df[["kab_code", "year", "graduation_percent", "pppk"]].to_csv(path, index=False)
    (res,) = runner.run(["04_effects"], params=[f"panel_path={path}", "unit=kab_code", "outcome=graduation_percent",
                                                "treatment=pppk", "lang=en"], output_dir=tmp_path / "out")
    assert res.status == "ok", res.error
    nb = nbformat.read(tmp_path / "out" / "en" / "notebooks" / "04_effects.ipynb", as_version=4)
    values = extract(nb)
    expected, _ = imputation_att(df, PanelColumns("kab_code", "year", "graduation_percent", "pppk"))
    assert values["effects.did2s.graduation_percent.att"]["value"] == pytest.approx(expected, rel=1e-6)
    assert "ministry_panel.csv" in values["effects.did2s.graduation_percent.att"]["unit"]
    assert {"effects.twfe.graduation_percent.se", "effects.cs.graduation_percent.ci_high",
            "effects.design.kabkota.mde_all_random_pp"} <= set(values)
    html = (tmp_path / "out" / "en" / "html" / "04_effects.html").read_text(encoding="utf-8")
    assert "SYNTHETIC DATA — NOT FINDINGS" not in html and "ministry_panel.csv" in html
