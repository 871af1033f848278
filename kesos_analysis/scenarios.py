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

Baseline. The bundled parameters describe **current policy** (UU 20/2023: no new non-ASN staff; the
announced conversion of more than 33,000 PKH pendamping to ASN, 23 Sep 2025). ``status_quo`` is that
baseline with no change; ``honor_regime_hypothetical`` (every cadre kept as non-ASN on honor) is a labelled
hypothetical only, never the comparator. Every other scenario is a diff on the current-policy baseline, and its
incremental cost is measured against it.

Stable public API (used by the outcomes / Monte Carlo layer): ``run(name, overrides) -> ScenarioResult`` and
``compare(names, overrides) -> DataFrame``. Column contract of ``ScenarioResult.paths`` — one row per
``(cadre, year)``, year = calendar year of the horizon, stocks at the END of the year, flows during it;
headcounts in orang (persons), FTE in full-time equivalents, money in Rupiah per year:

=============================== ==============================================================================
column                          meaning
=============================== ==============================================================================
``cadre``, ``year``             cadre key (staffing_standards.yaml) and calendar year (int)
``target_posts``                professional (social-work-qualified PPPK) posts the scenario aims for, FTE
``pppk_professional_headcount`` PPPK with a social-work qualification (D4/S1 social work or upgraded)
``pppk_non_professional_headcount`` PPPK without that qualification (e.g. converted PKH pendamping)
``pppk_headcount``              sum of the two PPPK columns
``legacy_headcount``            non-ASN staff (honor, tali asih, contract, volunteer; PPPK paruh waktu paid as
                                today); same as ``honor_headcount``
``honor_headcount``             alias of ``legacy_headcount`` (status "honor")
``legacy_professional_headcount`` non-ASN staff with a social-work qualification (part of legacy_headcount)
``headcount``                   all staff of the cadre = pppk_headcount + legacy_headcount
``fte``                         full-time equivalents delivered (headcount × FTE per head by status)
``conversions``                 non-ASN incumbents moved into PPPK this year (current-policy conversion and
                                scenario conversions of already-qualified staff)
``upgrades``                    incumbents who completed a qualification route (RPL/D4 or D3/SMK) this year
                                and became professional PPPK (moves within or into PPPK)
``new_hires``                   new PPPK recruited from outside (graduates)
``honor_hires``                 non-ASN replacements (only in the hypothetical honor regime)
``leavers``                     exits by attrition (all statuses)
``displaced``                   incumbents whose post ends because the scenario requires a qualification they
                                do not have (exits that are not attrition)
``pppk_cost_nominal``           PPPK pay and on-costs (gaji, tunjangan incl. tukin, THR/gaji-13, BPJS,
                                JKK/JKM, pension/old-age savings), nominal Rupiah
``recruitment_cost_nominal``    one-off cost of new PPPK hires
``upgrade_cost_nominal``        tuition and study cost of qualification upgrades
``operating_cost_nominal``      per-worker operating cost (transport, supervision, training, certification)
``legacy_cost_nominal``         honor / tali asih of non-ASN staff
``total_cost_nominal``          sum of the five cost columns above
``baseline_cost_nominal``       total cost of the current-policy baseline in the same year
``status_quo_cost_nominal``     alias of ``baseline_cost_nominal`` (kept for compatibility)
``incremental_cost_nominal``    total_cost_nominal − baseline_cost_nominal
``cost_apbn_nominal``, ``cost_apbd_provinsi_nominal``, ``cost_apbd_kabkota_nominal``, ``cost_private_nominal``
                                total cost split by payer (pppk_costing.yaml ``payer``), sum = total
``*_real``                      every ``*_nominal`` column in constant prices of ``macro.price_base_year``
``deflator``                    (1 + inflation)^(year − price_base_year)
=============================== ==============================================================================

Identity (tested for every cadre, year and scenario file; ``pppk_start``/``legacy_start`` = the previous
year's end stocks, 0 / today's headcount in the first year):
``pppk_headcount = pppk_start + new_hires + conversions + upgrades_from_legacy − pppk_leavers − displaced_pppk``;
``legacy_headcount = legacy_start + honor_hires − conversions − upgrades_from_legacy − (displaced −
displaced_pppk) − legacy_leavers``; hence ``headcount = pppk_start + legacy_start + new_hires + honor_hires −
leavers − displaced``. Extra columns: ``target_posts_full`` (un-ramped target), ``new_hires_professional``,
``pppk_leavers``, ``legacy_leavers``, ``displaced_pppk``, ``upgrades_from_legacy``, ``supply_scale`` (share of
the demanded professional hires that graduate supply allowed that year, 1 = not binding).
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


_BASELINE_CACHE: dict[tuple, ParameterSet] = {}


def _baseline() -> ParameterSet:
    """The bundled baseline parameters, parsed once per process while the files are unchanged (YAML parsing
    dominates a run; :meth:`ParameterSet.apply_diff` copies, so the cached set is never modified)."""
    from .paramfile import default_files

    key = tuple((str(f), f.stat().st_mtime_ns) for f in default_files())
    if key not in _BASELINE_CACHE:
        _BASELINE_CACHE.clear()
        _BASELINE_CACHE[key] = baseline()
    return _BASELINE_CACHE[key]


def apply(scenario: Scenario, base: ParameterSet | None = None) -> ParameterSet:
    """``base`` (default: the baseline parameters) with the scenario's diff applied."""
    base = _baseline() if base is None else base
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


BASELINE = "status_quo"


@dataclass
class ScenarioResult:
    """Results of one scenario: national ``need`` (per cadre), ``paths`` (per cadre and year; column contract in
    the module docstring), yearly ``summary``, the present values ``pv_total_real`` / ``pv_incremental_real``
    (Rupiah, real, discounted at ``macro.discount_rate_percent`` to ``horizon_first_year``; incremental = against
    the current-policy baseline), ``years_to_full_coverage`` (None if not reached in the horizon) and
    ``baseline_paths`` (the current-policy paths it is compared with)."""

    name: str
    params: ParameterSet
    need: pd.DataFrame
    paths: pd.DataFrame
    summary: pd.DataFrame
    pv_total_real: float
    pv_incremental_real: float
    years_to_full_coverage: int | None = None
    baseline_paths: pd.DataFrame | None = None
    extra: dict = field(default_factory=dict)


_NEED_CACHE: dict[tuple, pd.DataFrame] = {}


def _need(ps: ParameterSet, keys: pd.DataFrame, method: str) -> pd.DataFrame:
    """:func:`staffing.need_by_cadre`, memoised on everything it reads (staffing standards, policy switches)."""
    relevant = [p for p in ps.leaves if p.startswith(staffing.STAFFING) or p.startswith(staffing.POLICY)]
    key = (method, id(keys), tuple((p, repr(ps.get(p)), repr(sorted(ps.periods.get(p, {}).items()))) for p in relevant))
    if key not in _NEED_CACHE:
        if len(_NEED_CACHE) > 256:
            _NEED_CACHE.clear()
        _NEED_CACHE[key] = staffing.need_by_cadre(ps, keys=keys, method=method)
    return _NEED_CACHE[key].copy()


def _paths(ps: ParameterSet, keys: pd.DataFrame | None, method: str, baseline: pd.DataFrame | None):
    need = _need(ps, keys, method)
    return need, costing.budget_paths(ps, need, baseline=baseline)


def run(name: str, overrides: Mapping[str, Any] | None = None, directory: Path | None = None,
        keys: pd.DataFrame | None = None, method: str = "wisn",
        baseline_paths: pd.DataFrame | None = None) -> ScenarioResult:
    """Build scenario ``name`` and compute need, paths, yearly totals, present values and years to coverage.

    The comparator is the current-policy baseline (``status_quo`` = the bundled parameters) with the same
    ``overrides``; pass ``baseline_paths`` to reuse one already computed (as :func:`compare` does).
    """
    keys = staffing.allocation_keys() if keys is None else keys
    if baseline_paths is None:
        base_dir = directory if directory and (directory / f"{BASELINE}.yaml").exists() else None
        base_ps = build(BASELINE, overrides, base_dir)
        baseline_paths = _paths(base_ps, keys, method, None)[1]
    ps = build(name, overrides, directory)
    need, paths = _paths(ps, keys, method, baseline_paths)
    summary = costing.budget_summary(paths, ps)
    rate = ps.get("pppk_costing.macro.discount_rate_percent")
    first = int(ps.get("pppk_costing.macro.horizon_first_year"))
    pv_t = costing.present_value(summary["total_cost_real"], summary["year"], rate, first)
    pv_i = costing.present_value(summary["incremental_cost_real"], summary["year"], rate, first)
    return ScenarioResult(name, ps, need, paths, summary, pv_t, pv_i, costing.years_to_full_coverage(paths),
                          baseline_paths)


def compare(names: list[str] | None = None, overrides: Mapping[str, Any] | None = None,
            directory: Path | None = None) -> pd.DataFrame:
    """One row per scenario: ``scenario, label_id, label_en``, PPPK and non-ASN headcount at the end of the
    horizon, displaced incumbents (sum), nominal cost in the last year, cumulative nominal incremental cost,
    PV of the incremental real cost and years to full coverage."""
    names = names or list_scenarios(directory)
    keys = staffing.allocation_keys()
    base = run(BASELINE, overrides, None, keys=keys)
    rows = []
    for n in names:
        res = base if (n == BASELINE and directory is None) else run(n, overrides, directory, keys=keys,
                                                                      baseline_paths=base.paths)
        last = res.summary.iloc[-1]
        label = load_scenario(n, directory).label
        rows.append({
            "scenario": n, "label_id": label["id"], "label_en": label["en"],
            "pppk_headcount_last_year": float(last["pppk_headcount"]),
            "pppk_professional_last_year": float(last["pppk_professional_headcount"]),
            "legacy_headcount_last_year": float(last["legacy_headcount"]),
            "displaced_total": float(res.summary["displaced"].sum()),
            "total_cost_nominal_last_year": float(last["total_cost_nominal"]),
            "incremental_cost_nominal_last_year": float(last["incremental_cost_nominal"]),
            "cumulative_incremental_cost_nominal": float(res.summary["incremental_cost_nominal"].sum()),
            "pv_incremental_cost_real": res.pv_incremental_real,
            "years_to_full_coverage": res.years_to_full_coverage,
        })
    return pd.DataFrame(rows)


#: Parameters the tornado leaves out: horizon and price conventions (not uncertain), pay-table choice.
TORNADO_EXCLUDE = ("pppk_costing.macro.horizon_first_year", "pppk_costing.macro.horizon_last_year",
                   "pppk_costing.macro.price_base_year", "pppk_costing.pay.table_year",
                   "pppk_costing.policy.honor_regime", "pppk_costing.supply.constrained")


def tornado_parameters(ps: ParameterSet) -> list[str]:
    """Every numeric parameter with a range of positive width, except :data:`TORNADO_EXCLUDE` and the
    scenario switches (``policy.<cadre>.pppk_share`` / ``job_redesign``, which define scenarios) and payer
    shares (they split cost, not change it)."""
    out = []
    for path, leaf in ps.leaves.items():
        rng = leaf.get("range")
        if "choices" in leaf or not rng or rng[0] == rng[1] or path in TORNADO_EXCLUDE:
            continue
        if path.endswith((".pppk_share", ".job_redesign")) or ".payer_" in path:
            continue
        if ps.get(path) is None:
            continue
        out.append(path)
    return out


def tornado(name: str, overrides: Mapping[str, Any] | None = None, params: list[str] | None = None,
            method: str = "wisn", outputs: tuple[str, ...] = ("need", "pv")) -> pd.DataFrame:
    """One-way sensitivity of the scenario's total required FTE (end state) and of the PV of its incremental
    real cost, each parameter set in turn to the low and the high end of its range (all others central).

    Integer-valued parameters (years, kelas) stay integers. Columns: ``path, description, description_id, unit,
    flag, low, central, high, need_low, need_central, need_high, need_swing, pv_low, pv_central, pv_high,
    pv_swing`` (swings = |high − low| of the output), sorted by the swing of the last output requested. Need in
    FTE, PV in Rupiah. ``outputs=("need",)`` varies only the parameters need depends on (staffing standards and
    policy switches) and leaves the ``pv_*`` columns out — fast enough for report 02.
    """
    keys = staffing.allocation_keys()
    base_ps = build(name, overrides)
    params = tornado_parameters(base_ps) if params is None else params
    if "pv" not in outputs:
        params = [p for p in params if p.startswith(staffing.STAFFING)]
        need_of = lambda ov: float(_need(build(name, ov), keys, method)["required_fte"].sum())  # noqa: E731
        need_c = need_of(overrides)
        rows = []
        for path in params:
            leaf = base_ps.leaf(path)
            lo, hi = leaf["range"]
            rows.append({"path": path, "description": leaf["description"], "description_id": leaf["description_id"],
                         "unit": leaf["unit_en"], "flag": leaf["flag"], "low": lo, "central": base_ps.get(path),
                         "high": hi, "need_low": need_of({**dict(overrides or {}), path: lo}),
                         "need_central": need_c, "need_high": need_of({**dict(overrides or {}), path: hi})})
        df = pd.DataFrame(rows)
        df["need_swing"] = (df["need_high"] - df["need_low"]).abs()
        return df.sort_values("need_swing", ascending=False).reset_index(drop=True)
    central = run(name, overrides, keys=keys, method=method)
    need_c = float(central.need["required_fte"].sum())
    rows = []
    for path in params:
        leaf = base_ps.leaf(path)
        lo, hi = leaf["range"]
        value = base_ps.get(path)
        if isinstance(value, int) and not isinstance(value, bool) and float(lo).is_integer() and float(hi).is_integer():
            lo, hi = int(lo), int(hi)
        out = {"path": path, "description": leaf["description"], "description_id": leaf["description_id"],
               "unit": leaf["unit_en"], "flag": leaf["flag"], "low": lo, "central": value, "high": hi,
               "need_central": need_c, "pv_central": central.pv_incremental_real}
        for tag, v in (("low", lo), ("high", hi)):
            ov = {**dict(overrides or {}), path: v}
            r = run(name, ov, keys=keys, method=method)
            out[f"need_{tag}"] = float(r.need["required_fte"].sum())
            out[f"pv_{tag}"] = r.pv_incremental_real
        out["need_swing"] = abs(out["need_high"] - out["need_low"])
        out["pv_swing"] = abs(out["pv_high"] - out["pv_low"])
        rows.append(out)
    return pd.DataFrame(rows).sort_values("pv_swing", ascending=False).reset_index(drop=True)


@dataclass
class CostReport:
    """Everything report 03 shows for one scenario, as raw numbers and frames (the report layer labels).

    ``result`` (graduate supply capped, the default) and ``unconstrained`` (no cap); ``comparison``
    (:func:`compare` of every bundled scenario); ``components`` (:func:`costing.cost_components`, professional
    post) and ``components_non_professional``; ``not_costed`` (known components left out, so totals are lower
    bounds); ``ump`` (:func:`costing.ump_comparison`) with ``provinces_basic_below_ump`` and
    ``provinces_take_home_below_ump``; ``displacement`` (per cadre, unconstrained path, labels added);
    ``supply`` (per year: professional PPPK with and without the cap and the full target, orang);
    ``payers`` (wide: index year, one column per payer, trillion Rupiah per year, nominal, capped path);
    ``budget_shares``
    (:func:`costing.budget_shares`); ``headline`` (dict of the figures a director needs)."""

    result: ScenarioResult
    unconstrained: ScenarioResult
    comparison: pd.DataFrame
    components: pd.DataFrame
    components_non_professional: pd.DataFrame
    not_costed: tuple[str, ...]
    ump: pd.DataFrame
    displacement: pd.DataFrame
    supply: pd.DataFrame
    payers: pd.DataFrame
    budget_shares: pd.DataFrame
    headline: dict


def cost_report(name: str, overrides: Mapping[str, Any] | None = None) -> CostReport:
    """Build the :class:`CostReport` of scenario ``name`` with notebook ``overrides``."""
    keys = staffing.allocation_keys()
    ov = dict(overrides or {})
    res = run(name, ov, keys=keys)
    free_ov = {**ov, "pppk_costing.supply.constrained": 0}
    free = run(name, free_ov, keys=keys)
    ps = res.params
    comp = costing.cost_components(ps)
    comp_n = costing.cost_components(ps, professional=False)
    ump = costing.ump_comparison(ps)
    labels = staffing.cadre_labels(ps)
    disp = labels.merge(costing.displacement_table(free.paths), on="cadre")
    disp = disp.rename(columns={c: f"{c}_orang" for c in disp.columns if c not in ("cadre", "label_id", "label_en")})
    sup = pd.DataFrame({
        "year": res.summary["year"],
        "capped_orang": res.summary["pppk_professional_headcount"].to_numpy(),
        "uncapped_orang": free.summary["pppk_professional_headcount"].to_numpy(),
        "target_fte": free.summary["target_posts_full"].to_numpy(),
    })
    payers = costing.payer_paths(res.summary).pivot(index="year", columns="payer", values="cost_nominal")[
        list(costing.PAYERS)] / 1e12
    last = res.summary.iloc[-1]
    last_free = free.summary.iloc[-1]
    headline = {
        "cost_per_pppk_rupiah_per_year": float(comp["rupiah_per_year"].sum()),
        "take_home_rupiah_per_month": float(ump["pppk_take_home_rupiah_per_month"].iloc[0]),
        "last_year": int(last["year"]),
        "total_cost_last_year_nominal": float(last["total_cost_nominal"]),
        "baseline_cost_last_year_nominal": float(last["baseline_cost_nominal"]),
        "incremental_cost_last_year_nominal": float(last["incremental_cost_nominal"]),
        "pv_incremental_real": res.pv_incremental_real,
        "pppk_posts_last_year": float(last["pppk_headcount"]),
        "professional_posts_last_year": float(last["pppk_professional_headcount"]),
        "years_to_full_coverage": res.years_to_full_coverage,
        "uncapped_total_cost_last_year_nominal": float(last_free["total_cost_nominal"]),
        "uncapped_incremental_cost_last_year_nominal": float(last_free["incremental_cost_nominal"]),
        "uncapped_pv_incremental_real": free.pv_incremental_real,
        "uncapped_professional_posts_last_year": float(last_free["pppk_professional_headcount"]),
        "uncapped_years_to_full_coverage": free.years_to_full_coverage,
        "displaced_uncapped": float(free.summary["displaced"].sum()),
        "upgrades_uncapped": float(free.summary["upgrades"].sum()),
        "displaced_capped": float(res.summary["displaced"].sum()),
        "provinces": int(len(ump)),
        "ump_year": int(ump["ump_year"].iloc[0]),
        "discount_rate_percent": float(ps.get("pppk_costing.macro.discount_rate_percent")),
        "coverage_text": (str(res.years_to_full_coverage) if res.years_to_full_coverage else f"> {int(last['year'])}"),
        "uncapped_coverage_text": (str(free.years_to_full_coverage) if free.years_to_full_coverage
                                   else f"> {int(last['year'])}"),
    }
    return CostReport(res, free, compare(None, ov), comp, comp_n, costing.NOT_COSTED, ump, disp, sup, payers,
                      costing.budget_shares(res.summary, ps), headline | {
                          "provinces_basic_below_ump": int((ump["basic_to_ump"] < 1).sum()),
                          "provinces_take_home_below_ump": int((ump["take_home_to_ump"] < 1).sum())})


def tornado_range(frame: pd.DataFrame, output: str) -> tuple[float, float]:
    """Lowest and highest value of ``output`` (``"need"`` or ``"pv"``) over a :func:`tornado` frame (one-way
    ranges, not a joint interval)."""
    cols = [f"{output}_low", f"{output}_high", f"{output}_central"]
    return float(frame[cols].min().min()), float(frame[cols].max().max())


def tornado_chart_frame(frame: pd.DataFrame, output: str, lang: str = "id", top: int = 15) -> pd.DataFrame:
    """The ``top`` parameters by swing of ``output`` as ``parameter, low, high, central`` (output values at
    the parameter's low and high end; description in ``lang``) for :func:`kesos_analysis.report.figures.tornado`."""
    d = frame.sort_values(f"{output}_swing", ascending=False).head(top)
    desc = d["description_id"] if lang == "id" else d["description"]
    label = [f"{t[:70]}{'…' if len(t) > 70 else ''} [{p.rsplit('.', 1)[-1]}]" for t, p in zip(desc, d["path"])]
    return pd.DataFrame({"parameter": label, "low": d[f"{output}_low"].to_numpy(),
                         "high": d[f"{output}_high"].to_numpy(), "central": d[f"{output}_central"].to_numpy()})


def recorded_values(report: CostReport) -> dict[str, dict[str, Any]]:
    """Headline figures of report 03 as entries for :func:`kesos_analysis.report.values.record` (dotted keys,
    each with its unit)."""
    h = report.headline
    rupiah = {"cost.per_pppk_rupiah_per_year": "cost_per_pppk_rupiah_per_year",
              "cost.total_last_year_nominal": "total_cost_last_year_nominal",
              "cost.incremental_last_year_nominal": "incremental_cost_last_year_nominal",
              "cost.pv_incremental_real": "pv_incremental_real",
              "cost.uncapped_total_last_year_nominal": "uncapped_total_cost_last_year_nominal",
              "cost.uncapped_pv_incremental_real": "uncapped_pv_incremental_real"}
    persons = {"posts.pppk_last_year": "pppk_posts_last_year",
               "posts.professional_last_year": "professional_posts_last_year",
               "posts.uncapped_professional_last_year": "uncapped_professional_posts_last_year",
               "flows.displaced_uncapped": "displaced_uncapped", "flows.upgrades_uncapped": "upgrades_uncapped"}
    out = {k: {"value": h[v], "unit": "Rupiah"} for k, v in rupiah.items()}
    out |= {k: {"value": h[v], "unit": "orang"} for k, v in persons.items()}
    out |= {"pay.provinces_basic_below_ump": {"value": h["provinces_basic_below_ump"], "unit": "provinces"},
            "pay.provinces_take_home_below_ump": {"value": h["provinces_take_home_below_ump"], "unit": "provinces"},
            "coverage.year_capped": {"value": h["years_to_full_coverage"], "unit": "year"},
            "coverage.year_uncapped": {"value": h["uncapped_years_to_full_coverage"], "unit": "year"}}
    return out


#: Display formats of the columns of :func:`compare` and of ``CostReport.budget_shares`` in report tables
#: (headcounts in orang as whole numbers; Rupiah amounts in words, e.g. ``Rp7,11 triliun``).
COMPARISON_FORMATS: dict[str, str] = {
    "pppk_headcount_last_year": "int", "pppk_professional_last_year": "int", "legacy_headcount_last_year": "int",
    "displaced_total": "int", "total_cost_nominal_last_year": "money", "incremental_cost_nominal_last_year": "money",
    "cumulative_incremental_cost_nominal": "money", "pv_incremental_cost_real": "money",
    "years_to_full_coverage": "year", "amount_rupiah": "money", "line_year": "year",
}
