"""report.execute and report.checks: one parallel run of small planted notebooks covers every failure
class (shell escape, timeout, unembedded image, empty table, identifier in the output, a dependency of
a failed run) next to a good run whose noise goes to the log, not into the report."""

from __future__ import annotations

import json

import nbformat
import pytest

from kesos_analysis import config
from kesos_analysis.errors import KesosError
from kesos_analysis.report import checks, runner

NIP = "198507262010121002"  # NIP-shaped (18 digits: born 1985-07-26, appointed 2010-12, male, serial 002)

GOOD = [
    ("md", "# Planted good notebook"),
    ("code", "import os, sys, warnings\nfrom kesos_analysis.report.values import record"),
    ("code", "warnings.warn('planted FutureWarning /tmp/kernel-path', FutureWarning)\n"
             "print('progress 50%', file=sys.stderr)\nfor _ in range(3):\n    print('findfont: Font family not found', "
             "file=sys.stderr)"),
    ("code", "record({'planted.total_fte': 1.5 * scale, 'planted.tqdm_disabled': os.environ.get('TQDM_DISABLE')}, "
             "unit='FTE')\nprint('visible output')"),
]
CASES = {
    "a_good": (GOOD, {}),
    "b_shell": ([("code", "x = 1"), ("code", "!exit 3")], {}),
    "c_timeout": ([("code", "import time\ntime.sleep(60)")], {"kesos": {"timeout_seconds": 3}}),
    "d_md_image": ([("md", "![plot](plot.png)"), ("code", "1")], {}),
    "e_html_image": ([("code", "from IPython.display import HTML, display\n"
                               "display(HTML('<img src=\"plot.png\">'))")], {}),
    "f_empty_table": ([("code", "from IPython.display import HTML, display\n"
                                "display(HTML('<table><thead><tr><th>a</th></tr></thead>"
                                "<tbody></tbody></table>'))")], {}),
    "g_nip": ([("code", f"print('NIP pegawai: {NIP}')")], {}),
    "h_after_shell": ([("code", "1")], {"kesos": {"depends_on": ["b_shell"]}}),
    "i_after_good": ([("code", "1")], {"kesos": {"depends_on": ["a_good"]}}),
}


def write_nb(folder, name, cells, metadata):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": config.KERNEL_NAME, "display_name": "Python (kesos-analysis)",
                                 "language": "python"}
    nb.metadata.update(metadata)
    p = nbformat.v4.new_code_cell("scale = 1.0")
    p.metadata["tags"] = ["parameters"]
    nb.cells.append(p)
    for kind, src in cells:
        nb.cells.append(nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src))
    nbformat.write(nb, folder / f"{name}.ipynb")
    return folder / f"{name}.ipynb"


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    src = tmp_path_factory.mktemp("nb")
    out = tmp_path_factory.mktemp("out")
    paths = [write_nb(src, n, cells, meta) for n, (cells, meta) in CASES.items()]
    results = runner.run([str(p) for p in paths], output_dir=out, workers=2, progress=False)
    return {r.name: r for r in results}, out


def test_good_run_publishes_values_and_keeps_noise_in_the_log(planted):
    res, out = planted
    good = res["a_good"]
    assert good.status == "ok", good.error
    values = json.loads((out / "values" / "a_good.json").read_text(encoding="utf-8"))
    assert values["values"]["planted.total_fte"]["value"] == 1.5 and values["parameters"] == {"scale": 1.0}
    assert values["values"]["planted.tqdm_disabled"]["value"] == "1"  # progress bars off in the kernel
    html = (out / "html" / "a_good.html").read_text(encoding="utf-8")
    executed = nbformat.read(out / "notebooks" / "a_good.ipynb", as_version=4)
    nb = json.dumps([c.get("outputs", []) for c in executed.cells])
    assert "visible output" in html
    for noise in ("FutureWarning", "progress 50%", "findfont", "/tmp/kernel-path"):
        assert noise not in html and noise not in nb, noise  # (code inputs are hidden in the HTML)
    log = (out / "logs" / "a_good.log").read_text(encoding="utf-8")
    assert "planted FutureWarning" in log and "progress 50%" in log
    assert log.count("findfont") == 1 and "2 more font-fallback lines omitted" in log


def test_executed_notebook_records_the_kernel_actually_used(planted):
    _, out = planted
    meta = nbformat.read(out / "notebooks" / "a_good.ipynb", as_version=4).metadata
    assert meta["kernelspec"]["name"] == config.KERNEL_NAME
    assert meta["kesos"]["kernel"]["name"] == config.KERNEL_NAME and meta["kesos"]["kernel"]["argv0"]


@pytest.mark.parametrize("name,message", [
    ("b_shell", "notebook b_shell.ipynb failed in cell 3 \\(counting from 1 in b_shell.ipynb; execution count \\d+; "
                "starts `!exit 3`\\): RuntimeError: shell command failed with exit status 3: !exit 3"),
    ("c_timeout", "notebook c_timeout.ipynb failed in cell 2: no result within the per-cell timeout of 3 s \\(raise it "
                  "with the notebook metadata kesos.timeout_seconds\\)"),
    ("d_md_image", "notebook d_md_image.ipynb: image\\(s\\) not embedded \\(a report must be self-contained\\): "
                   "cell 2: plot.png"),
    ("e_html_image", "notebook e_html_image.ipynb: image\\(s\\) not embedded .*cell 2: plot.png"),
    ("f_empty_table", "notebook f_empty_table.ipynb: empty table in cell 2 \\(a key table without rows is a failed "
                      "report\\)"),
    ("g_nip", "(?s)notebook g_nip.ipynb: output withheld: NIK-like numbers "
              "\\(NIK, NIP or any 16–18-digit identifier\\) found in outputs .*1985…1002"),
    ("h_after_shell", "notebook h_after_shell \\(id\\) not run: it depends on b_shell \\(id\\), which failed"),
])
def test_each_failure_class_is_named(planted, name, message):
    res, out = planted
    assert res[name].status in ("failed", "skipped")
    assert res[name].error and __import__("re").search(message, res[name].error), res[name].error
    assert not (out / "html" / f"{name}.html").exists()
    assert NIP not in res[name].error


def test_failed_runs_keep_their_notebook_except_when_withheld(planted):
    res, out = planted
    assert (out / "notebooks" / "b_shell.failed.ipynb").exists()
    assert res["b_shell"].failed_cell["number"] == 3
    assert not (out / "notebooks" / "g_nip.failed.ipynb").exists()
    for f in out.rglob("*"):
        if f.is_file():
            assert NIP not in f.read_text(encoding="utf-8", errors="replace"), f


def test_what_does_not_depend_on_a_failure_still_runs(planted):
    res, out = planted
    assert res["i_after_good"].status == "ok"
    man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["notebooks"]
    assert man["h_after_shell"]["id"]["status"] == "skipped" and man["b_shell"]["id"]["status"] == "failed"


def test_missing_kernel_says_how_to_register_it(tmp_path):
    nb = write_nb(tmp_path, "k", [("code", "1")], {})
    data = json.loads(nb.read_text(encoding="utf-8"))
    data["metadata"]["kernelspec"]["name"] = "kesos-not-registered"
    nb.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KesosError, match="Jupyter kernel 'kesos-not-registered' is not registered. Register it with "
                                         "`make test`.*ipykernel install --sys-prefix --name kesos-not-registered"):
        runner.run([str(nb)], output_dir=tmp_path / "out", progress=False)


@pytest.mark.parametrize("text,hits", [
    ("NIP 198507262010121002 x", ["198507262010121002"]),
    ("id 1234567890123456", ["1234567890123456"]),  # fails NIK plausibility, still withheld
    ("Rp3.203.600 and 270.203.917 and 0.30000000000000004 and 2025", []),
    ("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", []),
    ("1234567890123456789", []),  # 19 digits: not an identifier shape
])
def test_identifier_scan(text, hits):
    assert checks.find_identifiers(text) == hits


# ------------------------------------------------------------ cases found by the adversarial review
def test_svg_image_link_is_an_unembedded_image():
    from kesos_analysis.report.checks import unembedded_images

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("display(HTML(...))")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": '<svg><image href="plot.png"/></svg><img src="data:image/png;base64,AAAA">'})]
    nb.cells.append(cell)
    assert unembedded_images(nb) == ["cell 1: plot.png"]


def test_captured_shell_output_fails_on_a_nonzero_status():
    """`x = !cmd`, `!!cmd` and `%sx cmd` ignore the exit status in IPython; the kernel start-up file makes them
    raise like `!cmd` (variables still expand, output is unchanged)."""
    from IPython.testing.globalipapp import start_ipython

    from kesos_analysis.report.execute import _STARTUP

    ip = start_ipython()
    exec(_STARTUP, ip.user_ns)  # as the kernel's start-up file runs it
    assert ip.run_cell("v = 'abc'\ny = !echo $v; echo two").success and ip.user_ns["y"] == ["abc", "two"]
    for cell in ("z = !false", "w = !!false", "%sx false"):
        res = ip.run_cell(cell)
        assert not res.success and "shell command failed with exit status" in str(res.error_in_exec), cell
