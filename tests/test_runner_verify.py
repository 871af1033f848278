"""report.verify and `kesos verify`: re-execute into a temporary folder, compare recorded values within
their tolerances, name every drift, exit non-zero; published reports untouched."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from kesos_analysis.cli import app
from kesos_analysis.report import runner
from kesos_analysis.report.verify import compare

from .runner_support import RECORD, tiny_notebook


def E(value, unit="FTE", rtol=1e-6, atol=0.0):
    return {"value": value, "unit": unit, "rtol": rtol, "atol": atol}


def test_compare_within_tolerance_and_names_every_drift():
    old = {"a": E(100.0), "b": E(100.0, atol=0.5), "c": E("x", unit=""), "d": E(1.0), "e": E(None)}
    assert compare(old, {**old, "a": E(100.00001), "b": E(100.4)}) == []
    drifts = compare(old, {"a": E(100.1), "b": E(101.0), "c": E("y", unit=""), "e": E(0.0), "f": E(2.0)}, "v.json")
    assert [d.key for d in drifts] == ["a", "b", "c", "d", "e", "f"]
    text = [str(d) for d in drifts]
    assert text[0] == ("v.json: a: 100.0 → 100.1 FTE (difference +0.1, relative 0.001; tolerance rtol=1e-06, atol=0)")
    assert text[3] == "v.json: d: recorded before, missing now"
    assert text[5] == "v.json: f: new value 2.0 not recorded before"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    src = tmp_path_factory.mktemp("nb")
    out = tmp_path_factory.mktemp("reports")
    nb = tiny_notebook(src, "tiny", [RECORD])
    (res,) = runner.run([str(nb)], params=["scale=2"], output_dir=out, progress=False)
    assert res.status == "ok", res.error
    return nb, out


def test_verify_passes_on_unchanged_values_and_does_not_touch_reports(published, monkeypatch):
    nb, out = published
    monkeypatch.setattr(runner, "resolve_notebook", lambda name, nb_dir=None: nb)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    runs, drifts = runner.verify(["tiny"], values_dir=out / "values", progress=False)
    assert [r.status for r in runs] == ["ok"] and drifts == []
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_verify_names_the_drifted_value_and_exits_1(published, monkeypatch, tmp_path):
    nb, out = published
    monkeypatch.setattr(runner, "resolve_notebook", lambda name, nb_dir=None: nb)
    values = tmp_path / "values"
    shutil.copytree(out / "values", values)
    doc = json.loads((values / "tiny.json").read_text(encoding="utf-8"))
    assert doc["parameters"] == {"scale": 2.0}  # re-executed with the recorded parameters
    doc["values"]["tiny.need_fte"]["value"] = 24.0  # as if a model parameter had changed since publication
    (values / "tiny.json").write_text(json.dumps(doc), encoding="utf-8")
    res = CliRunner().invoke(app, ["verify", "tiny", "--values-dir", str(values)])
    assert res.exit_code == 1
    assert "drift: tiny.json: tiny.need_fte: 24.0 → 25.0 FTE (difference +1, relative 0.0417" in res.output
    assert "verify: 1 value(s) drifted, 0 run(s) failed" in res.output


def test_verify_without_values_is_a_clear_error(tmp_path):
    res = CliRunner().invoke(app, ["verify", "--values-dir", str(tmp_path)])
    assert res.exit_code == 1 and "no recorded values in" in res.output
