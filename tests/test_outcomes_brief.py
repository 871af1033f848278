"""The policy brief (report 06) quotes only values recorded by report 05."""

from __future__ import annotations

import json

import nbformat
import pytest

from kesos_analysis import config
from kesos_analysis.outcomes import brief, summary
from kesos_analysis.report.text import Text
from kesos_analysis.report.values import extract

SCENARIOS = list(summary.DEFAULT_SCENARIOS)


@pytest.fixture(scope="module")
def values05() -> dict:
    a = summary.analyse(SCENARIOS, n_draws=60, seed=5, sobol_base=16)
    return {k: v["value"] for k, v in summary.headline_values(a).items()}


def test_brief_fields_are_recorded_values_of_05(values05):
    f = brief.fields(values05)
    keys = brief.field_keys()
    assert set(f) == set(keys)
    for name, key in keys.items():
        assert f[name] == values05[key], name
    quoted = brief.quoted(values05)
    assert {k.removeprefix("brief.") for k in quoted} == set(keys.values())
    for k, e in quoted.items():
        assert e["value"] == values05[k.removeprefix("brief.")]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_brief_text_renders_from_the_recorded_values(values05, lang):
    f = brief.display(brief.fields(values05), lang)
    numbers = {k: v for k, v in brief.fields(values05).items() if isinstance(v, (int, float))}
    assert all(f[k] == v for k, v in numbers.items())  # display() changes only codes into labels
    t = Text("06_policy_brief", lang)
    for key in ("title", "summary", f["recommendation_key"], "trace_recorded", "trace_recomputed"):
        assert t(key, **f)
    for key in ("findings", "conditions", "change", "caveats"):
        assert all(t.items(key, **f))
    t5 = Text("05_scenarios", lang)
    for key in ("summary", "priors_text", "benefits_text", "ce_text", "sens_text"):
        assert t5(key, **f)


def test_no_nan_is_published_and_undefined_ratios_say_why(values05):
    """Every recorded value is a number, text or None — never NaN; a cost per outcome that is None has a status
    other than "defined" and the brief prints "not defined" with that reason instead of a number."""
    import math

    assert not [k for k, v in values05.items() if isinstance(v, float) and math.isnan(v)]
    for k, v in values05.items():
        if k.endswith(".cost_per_outcome"):
            status = values05[f"{k}_status"]
            assert (v is None) == (status != "defined"), k
    f = brief.fields(values05)
    for lang, word in (("id", "tidak terdefinisi"), ("en", "not defined")):
        d = brief.display(f, lang)
        for name in brief.COST_PER_OUTCOME:
            if f[f"{name}_status"] != "defined":
                assert d[f"{name}_text"].startswith(word), (name, d[f"{name}_text"])
            else:
                assert word not in d[f"{name}_text"] and d[f"{name}_text"].startswith("Rp")
    # the reason is the one recorded: a zero-cost scenario is a division by zero
    forced = brief.display({**f, "ref_cpg": None, "ref_cpg_status": "cost_not_positive"}, "en")
    assert "division by zero" in forced["ref_cpg_text"]


def test_missing_05_values_are_reported(values05, tmp_path, monkeypatch):
    from kesos_analysis.errors import KesosError

    with pytest.raises(KesosError, match="lack"):
        brief.fields({k: v for k, v in values05.items() if "voi" not in k})
    monkeypatch.setenv("KESOS_REPORTS", str(tmp_path))
    with pytest.raises(KesosError, match="run `kesos run 05_scenarios` first"):
        brief.load_values("id", recompute=False)
    (tmp_path / "values").mkdir()
    (tmp_path / "values" / "05_scenarios.json").write_text(json.dumps(
        {"notebook": "05_scenarios", "lang": "id", "parameters": {},
         "values": {k: {"value": v, "unit": "x"} for k, v in values05.items()}}), encoding="utf-8")
    got, origin = brief.load_values("en", recompute=False)
    assert origin == "recorded" and set(got) == set(values05)
    assert all(got[k] == v or (v != v and got[k] != got[k]) for k, v in values05.items())  # NaN == NaN here


def _recorded(notebook: str, lang: str) -> dict | None:
    name = notebook if lang == "id" else f"{notebook}.{lang}"
    path = config.reports_dir() / "values" / f"{name}.json"
    if path.exists():
        return brief._flat(json.loads(path.read_text(encoding="utf-8")))
    nb = config.reports_dir() / ("en" if lang == "en" else "") / "notebooks" / f"{notebook}.ipynb"
    if nb.exists():
        return {k: v["value"] for k, v in extract(nbformat.read(nb, as_version=4)).items()}
    return None


@pytest.mark.parametrize("lang", ["id", "en"])
def test_executed_brief_numbers_equal_05_recorded_values(lang):
    """After `make reports`: every number report 06 recorded equals report 05's value under the same key."""
    from kesos_analysis.errors import KesosError

    v06 = _recorded("06_policy_brief", lang)
    try:
        v05, _ = brief.load_values(lang, recompute=False)  # what report 06 read
    except KesosError:
        v05 = None
    if v05 is None or v06 is None:
        pytest.skip("reports 05/06 not executed in this checkout")
    quoted = {k.removeprefix("brief."): v for k, v in v06.items() if k.startswith("brief.")}
    assert quoted
    for k, v in quoted.items():
        assert v == v05[f"{k}"], k
