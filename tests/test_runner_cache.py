"""report.cache: a run is reused when notebook, parameters, inputs, library and environment are unchanged
and its outputs exist; any change (or --force) re-runs it; the manifest says which were reused."""

from __future__ import annotations

import json
import shutil

import pytest

from kesos_analysis.report import cache, runner

from .runner_support import RECORD, tiny_notebook


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    src = tmp_path_factory.mktemp("nb")
    out = tmp_path_factory.mktemp("out")
    nb = tiny_notebook(src, "tiny", [RECORD])
    (res,) = runner.run([str(nb)], output_dir=out, progress=False)
    assert res.status == "ok", res.error
    return nb, out


def _manifest(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["notebooks"]["tiny"]["id"]


def test_unchanged_run_is_reused_from_the_request_key_without_planning(first, monkeypatch, tmp_path):
    nb, pristine = first
    out = tmp_path / "out"
    shutil.copytree(pristine, out)
    before = (out / "html" / "tiny.html").read_bytes()

    def no_plan(*a, **k):
        raise AssertionError("an unchanged request must be answered from the manifest")

    monkeypatch.setattr(runner, "plan", no_plan)
    (res,) = runner.run([str(nb)], output_dir=out, progress=False)
    assert res.status == "reused" and res.reused
    assert (out / "html" / "tiny.html").read_bytes() == before
    rec = _manifest(out)
    assert rec["reused"] is True and rec["status"] == "ok" and rec["checked"]


def test_per_run_key_reuses_when_only_the_request_differs(first, tmp_path):
    nb, pristine = first
    out = tmp_path / "out"
    shutil.copytree(pristine, out)
    (res,) = runner.run([str(nb)], params=["scale=1"], output_dir=out, progress=False)  # same resolved values
    assert res.status == "reused"


@pytest.mark.parametrize("change", ["parameter", "library", "lock", "inputs", "force", "output missing"])
def test_any_change_re_runs(first, change, monkeypatch, tmp_path):
    nb, pristine = first
    out = tmp_path / "out"
    shutil.copytree(pristine, out)  # each change starts from the first run's outputs
    (same,) = runner.run([str(nb)], output_dir=out, progress=False)
    assert same.status == "reused"
    kwargs = {}
    if change == "parameter":
        kwargs["params"] = ["scale=2"]
    elif change == "library":
        monkeypatch.setattr(cache, "library_version", lambda: "changed")
    elif change == "lock":
        monkeypatch.setattr(cache, "environment_lock", lambda: "changed")
    elif change == "inputs":
        real = runner.input_hashes
        monkeypatch.setattr(runner, "input_hashes", lambda: {**real(), "regions/new.csv": "0" * 64})
        monkeypatch.setattr(cache, "raw_inputs_digest", lambda raw_dir=None: "changed")
    elif change == "force":
        kwargs["force"] = True
    else:
        (out / "values" / "tiny.json").unlink()
    (res,) = runner.run([str(nb)], output_dir=out, progress=False, **kwargs)
    assert res.status == "ok" and not res.reused, change
    assert (out / "values" / "tiny.json").exists()
    if change == "parameter":
        vals = json.loads((out / "values" / "tiny.json").read_text(encoding="utf-8"))
        assert vals["values"]["tiny.need_fte"]["value"] == 25.0


def test_key_covers_every_part():
    base = dict(notebook_sha256="a", parameters={"x": 1}, inputs={"f": "1"}, library="l", lock="k", kernel="n",
                depends=[])
    keys = {cache.run_key(**base)}
    for part, other in [("notebook_sha256", "b"), ("parameters", {"x": 2}), ("inputs", {"f": "2"}),
                        ("library", "m"), ("lock", "j"), ("kernel", "o"), ("depends", ["d"])]:
        keys.add(cache.run_key(**{**base, part: other}))
    assert len(keys) == 8


def test_library_version_follows_sources_and_parameter_yamls(tmp_path, monkeypatch):
    from kesos_analysis import config

    pkg = tmp_path / "pkg"
    (pkg / "parameters").mkdir(parents=True)
    (pkg / "a.py").write_text("x = 1\n")
    (pkg / "parameters" / "p.yaml").write_text("v: 1\n")
    monkeypatch.setattr(config, "PACKAGE_DIR", pkg)
    v1 = cache.library_version()
    (pkg / "parameters" / "p.yaml").write_text("v: 2\n")
    assert cache.library_version() != v1
