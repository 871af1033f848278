"""Policy scenarios as parameter diffs applied to the baseline (OpenFisca/PolicyEngine-style reforms).

A scenario is a small YAML file in ``kesos_analysis/parameters/scenarios/`` (or any folder passed as
``directory``)::

    name: tksk_pppk                      # must equal the file name without .yaml
    label: {id: TKSK menjadi PPPK, en: TKSK as PPPK}
    description: {id: Apa kebijakannya …, en: What the policy does …}
    changes:                             # {parameter path: {period (year): value}} or {path: value}
      pppk_costing.policy.tksk.pppk_share: {2026: 1.0}

Adding a scenario means dropping such a file in the folder; :func:`list_scenarios` finds it. Unknown
parameter paths, values outside a parameter's range and malformed files raise
:class:`~kesos_analysis.errors.ParameterError` naming the file and the path.

Notebook parameters (``start_year``, ``rollout_years``, ``discount_rate`` …) are applied last, as plain
overrides, by :func:`build`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import config, costing, staffing
from .errors import ParameterError
from .io import read_yaml_mapping
from .paramfile import ParameterSet, baseline

REQUIRED_KEYS = ("name", "label", "description", "changes")


def scenario_dir() -> Path:
    """Folder of the bundled scenario files."""
    return config.parameters_dir() / "scenarios"


@dataclass(frozen=True)
class Scenario:
    """One scenario file: ``name``, bilingual ``label`` and ``description`` (``{id: …, en: …}``),
    ``changes`` (the diff), ``path``."""

    name: str
    label: Mapping[str, str]
    description: Mapping[str, str]
    changes: Mapping[str, Any]
    path: Path


def _bilingual(value: Any, key: str, path: Path) -> dict[str, str]:
    """``{id: text, en: text}`` with both texts non-empty (stripped); :class:`ParameterError` otherwise."""
    if (not isinstance(value, dict) or set(value) != {"id", "en"}
            or not all(isinstance(v, str) and v.strip() for v in value.values())):
        raise ParameterError(f"{path}: {key} must have exactly the languages 'id' and 'en', each a non-empty text "
                             f"(got {value!r})")
    return {k: v.strip() for k, v in value.items()}


def list_scenarios(directory: Path | None = None) -> list[str]:
    """Names of the scenarios in ``directory`` (sorted; ``status_quo`` first if present)."""
    d = directory or scenario_dir()
    names = sorted(p.stem for p in d.glob("*.yaml"))
    return sorted(names, key=lambda n: (n != "status_quo", n))


def load_scenario(name: str, directory: Path | None = None) -> Scenario:
    """Read and check the scenario file ``<directory>/<name>.yaml``.

    Raises :class:`ParameterError` if the file is missing (listing the known scenarios), is not valid YAML,
    lacks a required key, has a ``name`` different from its file name, a label or description that is not
    ``{id: text, en: text}``, or ``changes`` that is not a mapping. Parameter paths are checked when the scenario is
    applied.
    """
    d = directory or scenario_dir()
    path = d / f"{name}.yaml"
    if not path.exists():
        raise ParameterError(f"unknown scenario {name!r}; available: {', '.join(list_scenarios(d))} (folder {d})")
    data = read_yaml_mapping(path, f"a scenario with keys {', '.join(REQUIRED_KEYS)}")
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise ParameterError(f"{path}: missing key(s) {', '.join(missing)}")
    if data["name"] != path.stem:
        raise ParameterError(f"{path}: name {data['name']!r} must equal the file name {path.stem!r}")
    label = _bilingual(data["label"], "label", path)
    description = _bilingual(data["description"], "description", path)
    changes = data["changes"] or {}
    if not isinstance(changes, dict):
        raise ParameterError(f"{path}: changes must be a mapping {{parameter path: {{year: value}}}}")
    return Scenario(data["name"], label, description, changes, path)


def apply(scenario: Scenario, base: ParameterSet | None = None) -> ParameterSet:
    """``base`` (default: the baseline parameters) with the scenario's diff applied."""
    base = baseline() if base is None else base
    return base.apply_diff(scenario.changes, source=str(scenario.path))


def notebook_overrides(*, start_year: int | None = None, rollout_years: int | None = None,
                       discount_rate: float | None = None, inflation: float | None = None,
                       attrition: float | None = None) -> dict[str, Any]:
    """Map notebook parameters to parameter paths (rates given as fractions, e.g. ``0.06``)."""
    out: dict[str, Any] = {}
    if start_year is not None:
        out["pppk_costing.recruitment.start_year"] = int(start_year)
    if rollout_years is not None:
        out["pppk_costing.recruitment.rollout_years"] = int(rollout_years)
    if discount_rate is not None:
        out["pppk_costing.macro.discount_rate_percent"] = round(float(discount_rate) * 100, 10)
    if inflation is not None:
        out["pppk_costing.macro.inflation_percent_per_year"] = round(float(inflation) * 100, 10)
    if attrition is not None:
        out["pppk_costing.recruitment.attrition_percent_per_year"] = round(float(attrition) * 100, 10)
    return out


def build(name: str, overrides: Mapping[str, Any] | None = None, directory: Path | None = None,
          base: ParameterSet | None = None) -> ParameterSet:
    """Baseline → scenario ``name`` → ``overrides`` (``{path: value}``, e.g. from notebook parameters)."""
    ps = apply(load_scenario(name, directory), base)
    return ps.apply_diff(dict(overrides or {}), source="notebook parameters")


@dataclass
class ScenarioResult:
    """Results of one scenario: national ``need`` (per cadre), budget ``paths`` (per cadre and year),
    yearly ``summary`` and the present values ``pv_total_real`` / ``pv_incremental_real`` (Rupiah)."""

    name: str
    params: ParameterSet
    need: pd.DataFrame
    paths: pd.DataFrame
    summary: pd.DataFrame
    pv_total_real: float
    pv_incremental_real: float
    extra: dict = field(default_factory=dict)


def run(name: str, overrides: Mapping[str, Any] | None = None, directory: Path | None = None,
        keys: pd.DataFrame | None = None) -> ScenarioResult:
    """Build scenario ``name`` and compute need, budget paths, yearly totals and present values."""
    ps = build(name, overrides, directory)
    need = staffing.need_by_cadre(ps, keys=keys)
    paths = costing.budget_paths(ps, need)
    summary = costing.budget_summary(paths, ps)
    rate = ps.get("pppk_costing.macro.discount_rate_percent")
    first = int(ps.get("pppk_costing.macro.horizon_first_year"))
    pv_t = costing.present_value(summary["total_cost_real"], summary["year"], rate, first)
    pv_i = costing.present_value(summary["incremental_cost_real"], summary["year"], rate, first)
    return ScenarioResult(name, ps, need, paths, summary, pv_t, pv_i)


def compare(names: list[str] | None = None, overrides: Mapping[str, Any] | None = None,
            directory: Path | None = None, lang: str = "id") -> pd.DataFrame:
    """One row per scenario: label, PPPK posts at the end of the horizon, required professional FTE of the
    converted cadres, nominal cost in the last year, cumulative nominal cost, PV of the incremental real cost.
    """
    names = names or list_scenarios(directory)
    keys = staffing.allocation_keys()
    rows = []
    for n in names:
        res = run(n, overrides, directory, keys=keys)
        last = res.summary.iloc[-1]
        rows.append({
            "scenario": n,
            "label": load_scenario(n, directory).label[lang],
            "pppk_headcount_last_year": float(last["pppk_headcount"]),
            "legacy_headcount_last_year": float(last["legacy_headcount"]),
            "total_cost_nominal_last_year": float(last["total_cost_nominal"]),
            "incremental_cost_nominal_last_year": float(last["incremental_cost_nominal"]),
            "cumulative_incremental_cost_nominal": float(res.summary["incremental_cost_nominal"].sum()),
            "pv_incremental_cost_real": res.pv_incremental_real,
        })
    return pd.DataFrame(rows)
