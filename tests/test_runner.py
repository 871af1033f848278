"""Notebook runner: parameters, execution with Papermill, HTML export, manifest, failures, CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from kesos_analysis import config
from kesos_analysis.cli import app
from kesos_analysis.data import TABLES
from kesos_analysis.errors import KesosError, ParameterError
from kesos_analysis.report import runner

NB00 = config.notebooks_dir() / "00_data_overview.ipynb"
NB01 = config.notebooks_dir() / "01_poverty_and_workforce.ipynb"


def test_every_notebook_has_a_parameters_cell_with_lang_province_years():
    for nb in runner.available_notebooks():
        declared = runner.declared_parameters(nb)
        assert {"lang", "province"} <= set(declared), nb.name
        assert declared["lang"]["default"] == "id" and declared["province"]["default"] == "all"
        assert nbformat.read(nb, as_version=4).metadata["kernelspec"]["name"] == config.KERNEL_NAME


def test_every_committed_notebook_is_free_of_outputs():
    for nb in runner.available_notebooks():
        for cell in nbformat.read(nb, as_version=4).cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, nb.name


def test_region_codes_stay_text_and_numbers_are_typed():
    p = runner.resolve_parameters(NB01, ["province=33", "year_start=2016", "lang=en"])
    assert p["province"] == "33" and isinstance(p["province"], str)
    assert p["year_start"] == 2016 and isinstance(p["year_start"], int)
    assert p["year_end"] is None  # default kept: the latest year in the data


def test_yaml_file_then_cli_override(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("province: '94'\nyear_start: 2018\n", encoding="utf-8")
    p = runner.resolve_parameters(NB01, ["year_start=2019"], f)
    assert (p["province"], p["year_start"]) == ("94", 2019)


@pytest.mark.parametrize(
    "items,match",
    [(["provinse=33"], "unknown parameter 'provinse'.*valid: lang, province"),
     (["year_start=dua ribu"], "year_start.*expects an integer"),
     (["province=3"], "province must be 'all', a two-digit BPS code"),
     (["province=Atlantis"], "province"),
     (["year_start=2030"], "year_start \\(2030\\) must not be after year_end"),
     (["year_start=2026", "year_end=2030"], "no poverty data; data cover 2015–2025"),
     (["top_n=0"], "top_n: must be between 1 and 38"),
     (["density_year=1990"], "density_year needs a national population figure"),
     (["lang=fr"], "lang: must be one of"),
     (["province=33", "province=34"], "given twice"),
     (["year_start=2016.5"], "year_start"),
     (["province"], "NAME=VALUE")],
)
def test_bad_parameters_are_named(items, match):
    with pytest.raises(ParameterError, match=match):
        runner.resolve_parameters(NB01, items)


def test_province_name_is_accepted_for_notebooks_that_resolve_it():
    assert runner.resolve_parameters(NB01, ["province=jawa tengah"])["province"] == "jawa tengah"


@pytest.mark.parametrize("nb,items,match", [
    ("03_pppk_cost", ["scenario=nope"], "scenario 'nope' not found; available: status_quo"),
    ("03_pppk_cost", ["discount_rate=6"], "discount_rate: must be between 0.03 and 0.1"),
    ("03_pppk_cost", ["discount_rate=0.01"], "discount_rate: must be between 0.03 and 0.1"),
    ("03_pppk_cost", ["rollout_years=0"], "rollout_years: must be between 1 and 10"),
    ("03_pppk_cost", ["rollout_years=15"], "rollout_years: must be between 1 and 10"),
    ("03_pppk_cost", ["start_year=2036"], "start_year: must be between 2026 and 2035"),
    ("02_staffing_need", ["start_year=2040"], "start_year: must be between 2026 and 2035"),
    ("02_staffing_need", ["method=fte"], "method: must be one of"),
])
def test_model_parameters_checked_before_running(nb, items, match):
    with pytest.raises(ParameterError, match=match):
        runner.resolve_parameters(config.notebooks_dir() / f"{nb}.ipynb", items)


def test_yaml_number_for_a_text_parameter_is_refused(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("province: 33.0\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="province"):
        runner.resolve_parameters(NB01, [], f)


def test_unknown_notebook_lists_available():
    with pytest.raises(KesosError, match="00_data_overview"):
        runner.resolve_notebook("99_nothing")


def test_run_writes_notebook_html_and_manifest(tmp_path):
    out = tmp_path / "reports"
    (res,) = runner.run(["00_data_overview"], params=["lang=en", "province=33", "year_start=2016", "year_end=2017"],
                        output_dir=out)
    assert res.status == "ok", res.error
    html = (out / "en" / "html" / "00_data_overview.html").read_text(encoding="utf-8")
    assert "Jawa Tengah" in html and "2016–2017" in html
    assert "Mar 2018" not in html  # the year range parameter took effect
    assert not re.search(r'<script[^>]*src="https?://', html), "HTML must be self-contained"
    assert "data:image/png;base64" in html
    assert "Notebook tipis" not in html  # cells tagged report-hide are left out of the report
    assert 'alt="Availability of P0 by province and round"' in html  # figure title as alternative text
    assert "No description has been provided" not in html
    man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    rec = man["notebooks"]["00_data_overview"]["en"]
    assert rec["parameters"]["province"] == "33" and rec["status"] == "ok"
    assert rec["inputs_sha256"]["regions/poverty_province.csv"] == runner.input_hashes()["regions/poverty_province.csv"]
    assert len(rec["inputs_sha256"]) == len(TABLES)
    assert rec["started"] <= rec["finished"]
    assert man["packages"]["pandas"] and man["kernel"] == config.KERNEL_NAME
    assert "commit" in man["git"]
    assert rec["packages"]["papermill"] and "commit" in rec["git"] and rec["python"]  # per record too
    executed = nbformat.read(out / "en" / "notebooks" / "00_data_overview.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "province = \"33\"" in injected[0].source


def test_same_parameters_give_same_numbers(tmp_path):
    outs = []
    for i in range(2):
        (res,) = runner.run(["01_poverty_and_workforce"], params=["year_start=2019", "year_end=2021"],
                            output_dir=tmp_path / f"r{i}")
        assert res.status == "ok", res.error
        nb = nbformat.read(tmp_path / f"r{i}" / "notebooks" / "01_poverty_and_workforce.ipynb", as_version=4)
        outs.append([o.get("data", {}).get("text/html") or o.get("data", {}).get("text/markdown")
                     for c in nb.cells if c.cell_type == "code" for o in c.outputs])
    assert outs[0] == outs[1]
    html = [(tmp_path / f"r{i}" / "html" / "01_poverty_and_workforce.html").read_bytes() for i in range(2)]
    assert html[0] == html[1], "same inputs and parameters must give a byte-identical HTML report"


def test_failing_notebook_is_named_with_its_cell(tmp_path):
    bad = tmp_path / "nb"
    bad.mkdir()
    nb = nbformat.read(NB00, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise ValueError('planted failure')"))
    nbformat.write(nb, bad / "09_broken.ipynb")
    result = CliRunner().invoke(app, ["run", str(bad / "09_broken.ipynb"), "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "09_broken.ipynb failed in cell 4 (counting from 1" in result.output and "planted failure" in result.output
    assert "raise ValueError" in result.output
    man = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert man["notebooks"]["09_broken"]["id"]["status"] == "failed"
    assert (tmp_path / "out" / "notebooks" / "09_broken.failed.ipynb").exists()  # saved with the error banner
    assert not (tmp_path / "out" / "html" / "09_broken.html").exists()


def _good_copy_run(tmp_path, name):
    """Copy notebook 00 as ``name`` into ``tmp_path/nb``, run it once into ``tmp_path/out`` (must succeed).
    Returns ``(source folder, output folder, the notebook node)`` for the test to break and re-run."""
    src = tmp_path / "nb"
    src.mkdir()
    nb = nbformat.read(NB00, as_version=4)
    nbformat.write(nb, src / f"{name}.ipynb")
    out = tmp_path / "out"
    (ok,) = runner.run([str(src / f"{name}.ipynb")], output_dir=out)
    assert ok.status == "ok", ok.error
    return src, out, nb


def test_failed_run_keeps_the_last_good_report(tmp_path):
    src, out, good = _good_copy_run(tmp_path, "08_flaky")
    html_before = (out / "html" / "08_flaky.html").read_bytes()
    nb_before = (out / "notebooks" / "08_flaky.ipynb").read_bytes()
    good.cells.append(nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(good, src / "08_flaky.ipynb")
    (bad,) = runner.run([str(src / "08_flaky.ipynb")], output_dir=out)
    assert bad.status == "failed" and "ZeroDivisionError" in bad.error
    assert (out / "html" / "08_flaky.html").read_bytes() == html_before
    assert (out / "notebooks" / "08_flaky.ipynb").read_bytes() == nb_before
    rec = json.loads((out / "manifest.json").read_text())["notebooks"]["08_flaky"]["id"]
    assert rec["status"] == "failed" and rec["last_success"]["status"] == "ok"
    assert rec["last_success"]["html"] == "html/08_flaky.html"
    assert (out / "logs" / "08_flaky.log").exists()  # kernel log lines go here, not to the terminal


def test_cli_help_and_data_commands(tmp_path):
    cli = CliRunner()
    res = cli.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.startswith("kesos-analysis ")
    for args in (["--help"], ["data", "--help"], ["run", "--help"], ["data", "build", "--help"]):
        res = cli.invoke(app, args)
        assert res.exit_code == 0, (args, res.output)
    res = cli.invoke(app, ["data", "verify"])
    assert res.exit_code == 0 and "16 raw files match" in res.output
    res = cli.invoke(app, ["data", "build", "--out-dir", str(tmp_path / "p")])
    assert res.exit_code == 0 and (tmp_path / "p" / "poverty_province.parquet").exists()
    res = cli.invoke(app, ["run", "00_data_overview", "-p", "nope=1", "--output-dir", str(tmp_path / "o")])
    assert res.exit_code == 1 and "unknown parameter 'nope'" in res.output
    assert not (tmp_path / "o").exists()  # a typo fails before anything runs


def test_cli_build_refuses_changed_raw_file(raw_copy, tmp_path):
    p = raw_copy / "kesos" / "benchmarks.csv"
    p.write_text(p.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["data", "build", "--raw-dir", str(raw_copy), "--out-dir", str(tmp_path / "p")])
    assert res.exit_code == 1 and "benchmarks.csv" in res.output and "sha256" in res.output
    assert not (tmp_path / "p").exists()


NIK = "3171994501900012"  # NIK-shaped test number: Jakarta region code, a plausible birth date, serial 0012


@pytest.mark.parametrize("items", [[f"year_end={NIK}"], [f"province={NIK}"], [f"province=Aceh {NIK[:6]} {NIK[6:12]} {NIK[12:]}"]])
def test_nik_like_parameter_is_refused_before_anything_is_written(items, tmp_path):
    with pytest.raises(ParameterError, match="looks like a NIK"):
        runner.run(["01_poverty_and_workforce"], params=items, output_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_params_file_is_read_as_text_and_refuses_duplicates(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("province: 94\nyear_start: 2016\n", encoding="utf-8")
    assert runner.resolve_parameters(NB01, [], f)["province"] == "94"
    for text, match in [("province: '33'\nprovince: '94'\n", "duplicate key 'province'"),
                        ("province: 033\n", "province"), ("province: 0x21\n", "province")]:
        f.write_text(text, encoding="utf-8")
        with pytest.raises(ParameterError, match=match):
            runner.resolve_parameters(NB01, [], f)


def test_national_code_is_not_a_province_and_long_values_are_cut():
    with pytest.raises(ParameterError, match="national total; use province='all'"):
        runner.resolve_parameters(NB01, ["province=Indonesia"])
    with pytest.raises(ParameterError) as err:
        runner.resolve_parameters(NB01, ["province=" + "x" * 50_000])
    assert len(str(err.value)) < 400


def test_reports_are_never_written_into_data(tmp_path):
    with pytest.raises(KesosError, match="must not be written inside"):
        runner.run(["00_data_overview"], output_dir=config.data_raw() / "reports")


def test_output_with_a_nik_is_withheld_and_last_good_report_kept(tmp_path):
    src, out, nb = _good_copy_run(tmp_path, "07_leaky")
    good_html = (out / "html" / "07_leaky.html").read_bytes()
    nb.cells.append(nbformat.v4.new_code_cell(f"print('NIK pegawai: {NIK}')"))
    nbformat.write(nb, src / "07_leaky.ipynb")
    (leak,) = runner.run([str(src / "07_leaky.ipynb")], output_dir=out)
    assert leak.status == "failed" and "withheld" in leak.error and NIK not in leak.error
    assert (out / "html" / "07_leaky.html").read_bytes() == good_html
    # a failing run that printed a NIK is not kept either
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('after the leak')"))
    nbformat.write(nb, src / "07_leaky.ipynb")
    (bad,) = runner.run([str(src / "07_leaky.ipynb")], output_dir=out)
    assert bad.status == "failed"
    assert not (out / "notebooks" / "07_leaky.failed.ipynb").exists()
    for f in out.rglob("*"):
        if f.is_file():
            assert NIK not in f.read_text(encoding="utf-8", errors="replace"), f
    assert not list(out.rglob(".*staged*")) and not list((out / "notebooks").glob(".*.ipynb"))  # no leftovers


def test_redact_masks_grouped_niks():
    text = f"a {NIK} b {NIK[:6]} {NIK[6:12]} {NIK[12:]} c Rp3.203.600 2025"
    red = runner.redact(text)
    assert NIK[:6] not in red and "Rp3.203.600" in red and "2025" in red
