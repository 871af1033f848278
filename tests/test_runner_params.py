"""report.params: declaration, one typing rule on every route, declarative checks, province resolution,
notebook structure checks, and the YAML limits of io.read_yaml_mapping. No kernel is started here."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
import yaml

from kesos_analysis import config
from kesos_analysis.errors import KesosError, ParameterError
from kesos_analysis.io import read_yaml_mapping
from kesos_analysis.report import params, runner

NB01 = config.notebooks_dir() / "01_poverty_and_workforce.ipynb"
CORPUS = Path(__file__).parent / "corpus" / "params"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
LAST_YEAR = params.data_years()[1]  # computed, so the tests survive a new poverty round


def _nb(tmp_path: Path, cells: list[tuple[str, str]], metadata: dict | None = None, name: str = "t") -> Path:
    """Write a small notebook; ``cells`` are ``(kind, source)`` with kind ``params``, ``code`` or ``md``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": config.KERNEL_NAME, "display_name": "Python (kesos-analysis)",
                                 "language": "python"}
    nb.metadata.update(metadata or {})
    for kind, src in cells:
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(src))
        else:
            cell = nbformat.v4.new_code_cell(src)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
            nb.cells.append(cell)
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


# ------------------------------------------------------------------------------------------- the corpus
def test_corpus_is_complete():
    files = {p.name for p in CORPUS.glob("*.yaml") if p.name != "expected.yaml"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_parameter_file_gives_its_exact_error_and_writes_nothing(name, tmp_path):
    with pytest.raises(ParameterError, match=EXPECTED[name]):
        runner.run(["01_poverty_and_workforce"], params_file=CORPUS / name, output_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_alias_bomb_is_refused_in_milliseconds():
    t0 = time.perf_counter()
    with pytest.raises(ParameterError, match="alias bomb"):
        read_yaml_mapping(CORPUS / "alias_bomb.yaml", as_text=True, max_nodes=10_000)
    assert time.perf_counter() - t0 < 0.5  # a limit, not a benchmark: the unguarded file took 82 s and 1,4 GB
    # the default limits apply to every YAML reader (parameter, scenario and run files)
    with pytest.raises(ParameterError, match="alias bomb"):
        read_yaml_mapping(CORPUS / "alias_bomb.yaml")


def test_large_parameter_file_is_refused(tmp_path):
    f = tmp_path / "big.yaml"
    f.write_text("province: '33'\n" + "# padding\n" * 10_000, encoding="utf-8")
    with pytest.raises(ParameterError, match="larger than 65,536 bytes; refused"):
        runner.resolve_parameters(NB01, [], f)


# --------------------------------------------------------------------------------- one rule, three routes
@pytest.mark.parametrize("text,expected", [("010", 10), ("+7", 7), ("12", 12)])
def test_integer_text_is_yaml_12_decimal_on_every_route(text, expected, tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text(f"top_n: {text}\n", encoding="utf-8")
    assert runner.resolve_parameters(NB01, [], f)["top_n"] == expected  # YAML file
    assert runner.resolve_parameters(NB01, [f"top_n={text}"])["top_n"] == expected  # CLI
    assert runner.resolve_parameters(NB01, overrides={"top_n": text})["top_n"] == expected  # Python, as text


@pytest.mark.parametrize("route", ["cli", "yaml", "python"])
@pytest.mark.parametrize("none", ["None", "null", "~"])
def test_none_is_none_on_every_route(route, none, tmp_path):
    if route == "python" and none != "None":
        pytest.skip("the Python route passes None itself")
    if route == "cli":
        got = runner.resolve_parameters(NB01, [f"year_end={none}"])
    elif route == "yaml":
        f = tmp_path / "p.yaml"
        f.write_text(f"year_end: {none}\n", encoding="utf-8")
        got = runner.resolve_parameters(NB01, [], f)
    else:
        got = runner.resolve_parameters(NB01, overrides={"year_end": None})
    assert got["year_end"] is None


@pytest.mark.parametrize("items,match", [
    (["provinse=33"], "unknown parameter 'provinse'.*valid: lang, province"),
    (["year_start=dua ribu"], "parameter 'year_start' expects an integer \\(default 2015\\); got 'dua ribu'"),
    (["province=3"], "province must be 'all', a two-digit BPS code as text \\(e.g. '33'\\), a Kemendagri code "
                     "\\('kemendagri:91'\\) or a province name; got '3'"),
    (["province=Atlantis"], "province must be 'all'.*got 'Atlantis'"),
    (["year_start=2030"], f"year_start: must be between 2015 and {LAST_YEAR} \\(years with poverty data\\); got 2030"),
    (["year_end=2030"], f"year_end: must be between 2015 and {LAST_YEAR} \\(years with poverty data\\); got 2030"),
    (["year_start=2020", "year_end=2018"], "year_start \\(2020\\) must not be after year_end \\(2018\\)"),
    (["top_n=0"], "top_n: must be between 1 and 38 \\(provinces\\); got 0"),
    (["top_n=010.5"], "parameter 'top_n' expects an integer"),
    (["top_n=0o17"], "got '0o17' \\(YAML 1.1 hex/octal/sexagesimal"),
    (["top_n=None"], "got None \\(only a parameter whose default is None accepts None\\)"),
    (["density_year=1990"], "density_year needs a national population figure; available years: .*got 1990"),
    (["lang=fr"], "lang: must be one of id, en; got 'fr'"),
    (["province=33", "province=34"], "given twice"),
    (["year_start=2016.5"], "parameter 'year_start' expects an integer"),
    (["year_end=.inf"], "parameter 'year_end' expects an integer"),
    (["province"], "expected NAME=VALUE"),
])
def test_bad_cli_parameters_are_named(items, match):
    with pytest.raises(ParameterError, match=match):
        runner.resolve_parameters(NB01, items)


@pytest.mark.parametrize("value,match", [
    (True, "parameter 'top_n' expects an integer \\(default 10\\); got True"),
    (10.0, "parameter 'top_n' expects an integer"),
    (None, "got None \\(only a parameter whose default is None"),
])
def test_python_route_checks_types_too(value, match):
    with pytest.raises(ParameterError, match=match):
        runner.resolve_parameters(NB01, overrides={"top_n": value})


def test_python_route_refuses_a_number_for_a_text_parameter():
    with pytest.raises(ParameterError,
                       match="parameter 'province' expects text \\(default 'all'\\); got 33 \\(quote it\\)"):
        runner.resolve_parameters(NB01, overrides={"province": 33})


def test_region_codes_stay_text_and_numbers_are_typed():
    p = runner.resolve_parameters(NB01, ["province=33", "year_start=2016", "lang=en"])
    assert p["province"] == "33" and isinstance(p["province"], str)
    assert p["year_start"] == 2016 and isinstance(p["year_start"], int)
    assert p["year_end"] is None  # default kept: the latest year in the data


def test_yaml_file_then_cli_then_python(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("province: '94'\nyear_start: 2018\ntop_n: 3\n", encoding="utf-8")
    p = runner.resolve_parameters(NB01, ["year_start=2019", "top_n=4"], f, {"top_n": 5})
    assert (p["province"], p["year_start"], p["top_n"]) == ("94", 2019, 5)


def test_annotation_gives_the_type_of_an_optional_parameter(tmp_path):
    nb = _nb(tmp_path, [("params", "limit: int | None = None\nshare: float = 1\nflag = False")])
    assert runner.resolve_parameters(nb, ["limit=010", "share=2", "flag=true"]) == {"limit": 10, "share": 2.0,
                                                                                  "flag": True}
    for item, match in [("limit=abc", "'limit' expects an integer"), ("flag=yes", "'flag' expects true or false"),
                        ("flag=on", "'flag' expects true or false")]:
        with pytest.raises(ParameterError, match=match):
            runner.resolve_parameters(nb, [item])


def test_scalar_from_text_is_yaml_12_core():
    s = params.scalar_from_text
    assert [s("010"), s("0x10"), s("1:30"), s("yes"), s("True"), s("~"), s("1e3"), s("33")] == \
        [10, "0x10", "1:30", "yes", True, None, 1000.0, 33]


# ----------------------------------------------------------------------------------- province resolver
@pytest.mark.parametrize("given,code", [("all", "all"), ("33", "33"), ("DKI Jakarta", "31"), ("NAD", "11"),
                                        ("Papua Pegunungan", "97"), ("jawa tengah", "33"), (" ALL ", "all"),
                                        ("Indonesia", "all"), ("kemendagri:91", "94")])
def test_province_is_normalised_to_its_bps_code_before_injection(given, code):
    for nb in runner.available_notebooks():
        if "province" in runner.declared_parameters(nb):
            assert runner.resolve_parameters(nb, [f"province={given}"])["province"] == code, nb.name


def test_long_province_values_are_cut_in_messages():
    with pytest.raises(ParameterError) as err:
        runner.resolve_parameters(NB01, ["province=" + "x" * 50_000])
    assert len(str(err.value)) < 400


def test_checks_are_declarative_and_do_not_import_analysis_modules():
    src = Path(params.__file__).read_text(encoding="utf-8")
    for module in ("poverty", "staffing", "workforce", "costing", "scenarios", "overview"):
        assert f"from ..{module}" not in src and f"import {module}" not in src, module
    assert set(params.SPECS) >= {"lang", "province", "year_start", "year_end", "top_n", "scenario", "discount_rate"}


@pytest.mark.parametrize("nb,items,match", [
    ("03_pppk_cost", ["scenario=nope"], "scenario: must be one of .*status_quo.*; got 'nope'"),
    ("03_pppk_cost", ["discount_rate=6"], "discount_rate: must be between 0.03 and 0.1"),
    ("03_pppk_cost", ["discount_rate=0.01"], "discount_rate: must be between 0.03 and 0.1"),
    ("03_pppk_cost", ["rollout_years=0"], "rollout_years: must be between 1 and 10"),
    ("03_pppk_cost", ["start_year=2036"], "start_year: must be between 2026 and 2035"),
    ("02_staffing_need", ["method=fte"], "method: must be one of wisn, abk; got 'fte'"),
])
def test_model_parameters_checked_before_running(nb, items, match):
    with pytest.raises(ParameterError, match=match):
        runner.resolve_parameters(config.notebooks_dir() / f"{nb}.ipynb", items)


NIK = "3171994501900012"  # NIK-shaped test number: Jakarta region code, a plausible birth date, serial 0012
NIP = "198507262010121002"  # NIP-shaped (18 digits: born 1985-07-26, appointed 2010-12, male, serial 002)


@pytest.mark.parametrize("items", [[f"year_end={NIK}"], [f"province={NIK}"],
                                   [f"province=Aceh {NIK[:6]} {NIK[6:12]} {NIK[12:]}"], [f"province={NIP}"]])
def test_identifier_like_parameter_is_refused_before_anything_is_written(items, tmp_path):
    with pytest.raises(ParameterError, match="looks like a NIK"):
        runner.run(["01_poverty_and_workforce"], params=items, output_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------------ notebook structure
def test_two_parameters_cells_are_an_error(tmp_path):
    nb = _nb(tmp_path, [("params", "x = 1"), ("code", "print(x)"), ("params", "x = 2")])
    with pytest.raises(KesosError, match="t.ipynb: 2 cells are tagged 'parameters' \\(cells 1, 3\\); Papermill "
                                         "injects after the first"):
        runner.resolve_parameters(nb, ["x=5"])


@pytest.mark.parametrize("src", ["x = 2", "x += 1", "for x in range(3): pass", "import os as x", "def x(): pass",
                                 "with open('f') as x: pass", "(x := 4)", "y, x = 1, 2", "!echo hi\nx = 3"])
def test_a_later_cell_reassigning_a_parameter_is_an_error(src, tmp_path):
    nb = _nb(tmp_path, [("params", "x = 1"), ("md", "text"), ("code", "print(x)\n" + src)])
    with pytest.raises(KesosError, match="t.ipynb: cell 3 \\(line \\d\\) reassigns parameter 'x' after the parameters "
                                         "cell, so a passed value would be silently replaced"):
        runner.notebook_info(nb)


def test_local_names_and_allowed_normalisation_are_not_reassignments(tmp_path):
    ok = ["def f(x):\n    x = 2\n    return x", "[x for x in range(3)]", "lambda x: x",
          "year_end = resolve(year_end, 3)"]
    nb = _nb(tmp_path, [("params", "x = 1\nyear_end = None"), ("code", "\n".join(ok))])
    assert set(runner.notebook_info(nb).parameters) == {"x", "year_end"}
    # a name outside the allow-list may be normalised only when the notebook lists it in kesos.normalises
    nb = _nb(tmp_path, [("params", "x = 1"), ("code", "x = int(x)")], name="u")
    with pytest.raises(KesosError, match="list 'x' in the notebook metadata kesos.normalises"):
        runner.notebook_info(nb)
    nb = _nb(tmp_path, [("params", "x = 1"), ("code", "x = int(x)")], {"kesos": {"normalises": ["x"]}}, name="v")
    assert runner.notebook_info(nb).normalises >= {"x"}
    # a plain reset of an allow-listed name is still an error
    nb = _nb(tmp_path, [("params", "year_end = None"), ("code", "year_end = 2030")], name="w")
    with pytest.raises(KesosError, match="reassigns parameter 'year_end'"):
        runner.notebook_info(nb)


@pytest.mark.parametrize("meta,match", [
    ({"kesos": {"timeout_seconds": 0}}, "timeout_seconds must be a whole number of seconds between 1 and 86400"),
    ({"kesos": {"timeout_seconds": None}}, "timeout_seconds must be a whole number"),
    ({"kesos": {"depends_on": [3]}}, "depends_on must be a list of notebook names"),
    ({"kesos": "x"}, "metadata 'kesos' must be a mapping"),
])
def test_bad_kesos_metadata_is_named(meta, match, tmp_path):
    with pytest.raises(KesosError, match=match):
        runner.notebook_info(_nb(tmp_path, [("params", "x = 1")], meta))


def test_every_real_notebook_passes_the_structure_checks_with_a_finite_timeout():
    for nb in runner.available_notebooks():
        info = runner.notebook_info(nb)
        assert info.kernel == config.KERNEL_NAME and 0 < info.timeout_seconds <= 86_400, nb.name
        national = nbformat.read(nb, as_version=4).metadata.get("kesos", {}).get("scope") == "national"
        assert ({"lang"} if national else {"lang", "province"}) <= set(info.parameters), nb.name


def test_plan_orders_dependencies_and_refuses_cycles(tmp_path):
    a = _nb(tmp_path, [("params", "lang = 'id'")], {"kesos": {"depends_on": ["b"]}}, name="a")
    _nb(tmp_path, [("params", "lang = 'id'")], name="b")
    tasks = runner.plan([str(a)], langs=["id", "en"])
    assert [t.id for t in tasks] == [("b", "id"), ("b", "en"), ("a", "id"), ("a", "en")]
    assert tasks[2].depends == [("b", "id")] and tasks[3].depends == [("b", "en")]
    _nb(tmp_path, [("params", "lang = 'id'")], {"kesos": {"depends_on": ["a"]}}, name="b")
    with pytest.raises(KesosError, match="cycle: a → b → a"):
        runner.plan([str(a)])
