"""The runner façade (kesos_analysis.report.runner) and `kesos run`: real notebooks end to end, province
forms, reproducible regeneration, JupyterLab equivalence, failures, CLI. Parameters, execution checks,
cache and verification have their own files (test_runner_params/_execute/_cache/_verify)."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from typer.testing import CliRunner

from kesos_analysis import config
from kesos_analysis.cli import app
from kesos_analysis.errors import KesosError
from kesos_analysis.report import runner
from kesos_analysis.report.html import without_timestamp
from kesos_analysis.report.values import extract

from .runner_support import tiny_notebook

NB00 = config.notebooks_dir() / "00_data_overview.ipynb"
NIK = "3171994501900012"  # NIK-shaped test number: Jakarta region code, a plausible birth date, serial 0012


def test_every_notebook_has_a_parameters_cell_with_lang_province_years():
    for nb in runner.available_notebooks():
        declared = runner.declared_parameters(nb)
        # a notebook that reports the nation only (the policy brief) declares "kesos": {"scope": "national"}
        national = nbformat.read(nb, as_version=4).metadata.get("kesos", {}).get("scope") == "national"
        assert ({"lang"} if national else {"lang", "province"}) <= set(declared), nb.name
        assert declared["lang"]["default"] == "id" and (national or declared["province"]["default"] == "all")
        assert not national or "province" not in declared, nb.name
        assert nbformat.read(nb, as_version=4).metadata["kernelspec"]["name"] == config.KERNEL_NAME


def test_every_committed_notebook_is_free_of_outputs():
    for nb in runner.available_notebooks():
        for cell in nbformat.read(nb, as_version=4).cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, nb.name


def test_unknown_notebook_lists_available():
    with pytest.raises(KesosError, match="00_data_overview"):
        runner.resolve_notebook("99_nothing")


def test_run_writes_notebook_html_values_and_manifest(tmp_path):
    out = tmp_path / "reports"
    (res,) = runner.run(["00_data_overview"], params=["lang=en", "province=Jawa Tengah", "year_start=2016",
                                                      "year_end=2017"], output_dir=out, progress=False)
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
    assert rec["parameters"]["province"] == "33" and rec["status"] == "ok" and rec["reused"] is False
    assert rec["inputs_sha256"] == runner.input_hashes()
    assert rec["started"] <= rec["finished"] and rec["seconds"] > 0 and len(rec["cache_key"]) == 64
    assert man["packages"]["pandas"] and man["kernel"] == config.KERNEL_NAME
    assert rec["kernel"]["name"] == config.KERNEL_NAME and rec["kernel"]["argv0"]
    assert rec["values_file"] == "values/00_data_overview.en.json"
    values = json.loads((out / rec["values_file"]).read_text(encoding="utf-8"))
    assert values["parameters"]["province"] == "33" and values["lang"] == "en"
    executed = nbformat.read(out / "en" / "notebooks" / "00_data_overview.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'province = "33"' in injected[0].source  # normalised before injection


def test_every_notebook_runs_with_a_province_given_by_name_after_the_2022_split(tmp_path):
    """Issue 7: names, aliases and new provinces reach every notebook as a BPS code (all other forms are
    checked for every notebook without a kernel in test_runner_params)."""
    names = [nb.stem for nb in runner.available_notebooks() if "province" in runner.declared_parameters(nb)]
    assert len(names) >= len(runner.available_notebooks()) - 1  # all but the national brief
    results = runner.run(names, params=["province=Papua Pegunungan"], output_dir=tmp_path / "r", progress=False)
    assert len(results) == len(names)
    for r in results:
        assert r.status == "ok", r.error
        assert r.parameters["province"] == "97"


def test_cli_runs_02_for_dki_jakarta_by_name(tmp_path):
    res = CliRunner().invoke(app, ["run", "02_staffing_need", "-p", "province=DKI Jakarta", "--output-dir",
                                   str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert "[ok     ] 02_staffing_need (id)" in res.output
    executed = nbformat.read(tmp_path / "o" / "notebooks" / "02_staffing_need.ipynb", as_version=4)
    injected = next(c.source for c in executed.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'province = "31"' in injected


RECORD_CELL = ("from kesos_analysis.report.values import record\n"
               "record({'overview.year_start': year_start, 'overview.province': province, "
               "'overview.year_end': year_end}, unit='tahun')")


def test_two_regenerations_identical_and_jupyterlab_records_the_same_values(tmp_path):
    """Two regenerations from one commit give identical values and HTML identical apart from the one declared
    timestamp; executing the notebook as JupyterLab would (working directory notebooks/, kernel from its
    metadata, default parameters, nbclient, no injected cell) records the same values as the Papermill run."""
    from nbclient import NotebookClient

    src = tmp_path / "nb"
    nb = nbformat.read(NB00, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(RECORD_CELL))
    src.mkdir()
    nbformat.write(nb, src / "00_copy.ipynb")
    outs = []
    for i in range(2):
        (res,) = runner.run([str(src / "00_copy.ipynb")], output_dir=tmp_path / f"r{i}", progress=False, workers=1)
        assert res.status == "ok", res.error
        outs.append(tmp_path / f"r{i}")
    values = [(o / "values" / "00_copy.json").read_bytes() for o in outs]
    assert values[0] == values[1]
    html = [without_timestamp((o / "html" / "00_copy.html").read_text(encoding="utf-8")) for o in outs]
    assert html[0] == html[1]
    recorded = json.loads(values[0])["values"]
    assert recorded["overview.year_start"]["value"] == 2015 and recorded["overview.province"]["value"] == "all"
    assert isinstance(recorded["overview.year_end"]["value"], int)  # normalised from None in the notebook

    lab = nbformat.read(src / "00_copy.ipynb", as_version=4)
    client = NotebookClient(lab, kernel_name=lab.metadata["kernelspec"]["name"], timeout=600,
                            resources={"metadata": {"path": str(config.notebooks_dir())}})
    client.execute()
    assert extract(lab) == recorded


def test_failing_notebook_is_named_with_its_cell_and_exits_1(tmp_path):
    nb = tiny_notebook(tmp_path / "nb", "09_broken", ["x = 1", "raise ValueError('planted failure')"],
                       markdown=["# Broken"])
    result = CliRunner().invoke(app, ["run", str(nb), "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "09_broken.ipynb failed in cell 4 (counting from 1" in result.output and "planted failure" in result.output
    assert "raise ValueError" in result.output and "[FAILED ] 09_broken (id)" in result.output
    man = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert man["notebooks"]["09_broken"]["id"]["status"] == "failed"
    assert (tmp_path / "out" / "notebooks" / "09_broken.failed.ipynb").exists()  # saved with the error banner
    assert not (tmp_path / "out" / "html" / "09_broken.html").exists()


def test_failed_run_keeps_the_last_good_report(tmp_path):
    src, out = tmp_path / "nb", tmp_path / "out"
    tiny_notebook(src, "08_flaky", ["print(scale)"])
    (ok,) = runner.run([str(src / "08_flaky.ipynb")], output_dir=out, progress=False)
    assert ok.status == "ok", ok.error
    html_before = (out / "html" / "08_flaky.html").read_bytes()
    nb_before = (out / "notebooks" / "08_flaky.ipynb").read_bytes()
    tiny_notebook(src, "08_flaky", ["print(scale)", "1 / 0"])
    (bad,) = runner.run([str(src / "08_flaky.ipynb")], output_dir=out, progress=False)
    assert bad.status == "failed" and "ZeroDivisionError" in bad.error
    assert (out / "html" / "08_flaky.html").read_bytes() == html_before
    assert (out / "notebooks" / "08_flaky.ipynb").read_bytes() == nb_before
    rec = json.loads((out / "manifest.json").read_text())["notebooks"]["08_flaky"]["id"]
    assert rec["status"] == "failed" and rec["last_success"]["status"] == "ok"
    assert rec["last_success"]["html"] == "html/08_flaky.html"
    assert (out / "logs" / "08_flaky.log").exists()  # kernel log lines go here, not to the terminal


def test_output_with_a_nik_is_withheld_and_last_good_report_kept(tmp_path):
    src, out = tmp_path / "nb", tmp_path / "out"
    tiny_notebook(src, "07_leaky", ["print(scale)"])
    (ok,) = runner.run([str(src / "07_leaky.ipynb")], output_dir=out, progress=False)
    good_html = (out / "html" / "07_leaky.html").read_bytes()
    tiny_notebook(src, "07_leaky", ["print(scale)", f"print('NIK pegawai: {NIK}')"])
    (leak,) = runner.run([str(src / "07_leaky.ipynb")], output_dir=out, progress=False)
    assert leak.status == "failed" and "withheld" in leak.error and NIK not in leak.error
    assert (out / "html" / "07_leaky.html").read_bytes() == good_html
    # a failing run that printed a NIK is not kept either
    tiny_notebook(src, "07_leaky", ["print(scale)", f"print('NIK pegawai: {NIK}')", "raise RuntimeError('after')"])
    (bad,) = runner.run([str(src / "07_leaky.ipynb")], output_dir=out, progress=False)
    assert bad.status == "failed"
    assert not (out / "notebooks" / "07_leaky.failed.ipynb").exists()
    for f in out.rglob("*"):
        if f.is_file():
            assert NIK not in f.read_text(encoding="utf-8", errors="replace"), f
    assert not list(out.rglob(".*staged*")) and not list((out / "notebooks").glob(".*.ipynb"))  # no leftovers


def test_reports_are_never_written_into_data(tmp_path):
    with pytest.raises(KesosError, match="must not be written inside"):
        runner.run(["00_data_overview"], output_dir=config.data_raw() / "reports")


def test_runner_facade_keeps_its_public_names():
    for name in ("run", "run_cli", "verify", "resolve_parameters", "declared_parameters", "execute", "export_html",
                 "write_manifest", "input_hashes", "available_notebooks", "resolve_notebook", "lang_dir", "RunResult"):
        assert hasattr(runner, name), name


def test_cli_help_and_data_commands(tmp_path):
    cli = CliRunner()
    res = cli.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.startswith("kesos-analysis ")
    for args in (["--help"], ["data", "--help"], ["run", "--help"], ["data", "build", "--help"]):
        res = cli.invoke(app, args)
        assert res.exit_code == 0, (args, res.output)
    res = cli.invoke(app, ["data", "verify"])
    assert res.exit_code == 0 and re.search(r"\d+ raw files match", res.output)
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


def test_redact_masks_grouped_niks():
    text = f"a {NIK} b {NIK[:6]} {NIK[6:12]} {NIK[12:]} c Rp3.203.600 2025"
    red = runner.redact(text)
    assert NIK[:6] not in red and "Rp3.203.600" in red and "2025" in red
