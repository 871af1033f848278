"""The numbers of the policy brief (report 06), taken only from the values recorded by report 05.

:func:`load_values` reads report 05's recorded values (``reports/values/05_scenarios[.en].json``, or, before
the runner writes that file, the executed ``reports/[en/]notebooks/05_scenarios.ipynb``). :func:`fields` picks
the values the brief quotes, by key, without arithmetic, so every figure in the brief *is* a recorded value of
05; :func:`quoted` returns them as recorded entries ``brief.<05 key>`` for report 06 (a test checks they
equal 05's values).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import config
from ..errors import KesosError
from .engine import CASELOAD, DEFAULT_LABELS, UPGRADE

NOTEBOOK = "05_scenarios"


def _key(s: str) -> str:
    return s.replace(".", "__")


#: Brief fields that are a cost per outcome: each has a ``<name>_status`` field (why it may be not defined) and
#: :func:`display` adds ``<name>_text`` (the formatted amount, or "not defined" with the reason).
COST_PER_OUTCOME = ("ref_cpg", "ref_cost_per_takeup", "qual_cpg")


def field_keys(reference: str = "pkh_pendamping_pppk", lksa: str = "sakti_peksos_all_panti",
               full: str = "full_professionalisation", qualification: str = "pkh_qualification_only") -> dict[str, str]:
    """``{placeholder name: recorded key of report 05}`` for every number the brief quotes."""
    r, c, u = _key(reference), _key(f"{reference}.{CASELOAD}"), _key(f"{reference}.{UPGRADE}")
    q = _key(qualification)
    k = {
        "n_draws": "n_draws", "discount_rate_pct": "discount_rate_percent", "first_year": "first_year",
        "last_year": "last_year",
        "ref_cost_pv": f"{r}.cost_pv.mean", "ref_bia": f"{r}.bia_5y.mean", "ref_bia_low": f"{r}.bia_5y.low",
        "ref_bia_high": f"{r}.bia_5y.high",
        "ref_grad": f"{r}.graduations.effect_pv.mean", "ref_grad_low": f"{r}.graduations.effect_pv.low",
        "ref_grad_high": f"{r}.graduations.effect_pv.high", "ref_grad_p": f"{r}.graduations.p_positive",
        "ref_cpg": f"{r}.graduations.cost_per_outcome", "ref_grad_per_miliar": f"{r}.graduations.per_miliar",
        "ref_cpg_status": f"{r}.graduations.cost_per_outcome_status",
        "ref_cost_per_takeup_status": f"{r}.takeup.cost_per_outcome_status",
        "qual_cpg": f"{q}.graduations.cost_per_outcome", "qual_cpg_status": f"{q}.graduations.cost_per_outcome_status",
        "qual_cost_pv": f"{q}.cost_pv.mean", "qual_bia": f"{q}.bia_5y.mean",
        "qual_grad_per_miliar": f"{q}.graduations.per_miliar", "qual_grad": f"{q}.graduations.effect_pv.mean",
        "case_grad_per_miliar": f"{c}.graduations.per_miliar", "up_grad_per_miliar": f"{u}.graduations.per_miliar",
        "ref_takeup_per_miliar": f"{r}.takeup.per_miliar", "up_takeup_per_miliar": f"{u}.takeup.per_miliar",
        "ref_cost_per_takeup": f"{r}.takeup.cost_per_outcome",
        "p_best_ref": f"best.{r}.probability_best", "p_best_case": f"best.{c}.probability_best",
        "p_best_up": f"best.{u}.probability_best", "ref_beats_case": "pairwise.ref_beats_caseload",
        "up_cost_pv": f"{u}.cost_pv.mean",
        "ref_lifted": f"benefit4.{r}.persons_lifted.mean", "ref_lifted_low": f"benefit4.{r}.persons_lifted.low",
        "ref_lifted_high": f"benefit4.{r}.persons_lifted.high", "ref_lifted_p": f"{r}.lifted.p_positive",
        "ref_poor_share": f"benefit4.{r}.poor_reduction_share.mean",
        "ref_stunting": f"benefit3.{r}.stunting_pp.mean", "ref_stunting_low": f"benefit3.{r}.stunting_pp.low",
        "ref_stunting_high": f"benefit3.{r}.stunting_pp.high",
        "ref_takeup": f"benefit3.{r}.additional_takeup.mean", "ref_takeup_low": f"benefit3.{r}.additional_takeup.low",
        "ref_takeup_high": f"benefit3.{r}.additional_takeup.high",
        "share_sq": "benefit1.status_quo.professional_share_services.mean",
        "share_ref": f"benefit1.{r}.professional_share_services.mean",
        "share_full": f"benefit1.{_key(full)}.professional_share_services.mean",
        "pppk_pay": "benefit2.pppk_entry.rupiah_per_month", "pppk_ump": "benefit2.pppk_entry.ratio_median",
        "pppk_ump_min": "benefit2.pppk_entry.ratio_min", "pppk_ump_max": "benefit2.pppk_entry.ratio_max",
        "pppk_np_pay": "benefit2.pppk_non_professional_entry.rupiah_per_month",
        "pppk_np_ump": "benefit2.pppk_non_professional_entry.ratio_median",
        "pkh_pay": "benefit2.pkh_pendamping.rupiah_per_month", "pkh_ump": "benefit2.pkh_pendamping.ratio_median",
        "tksk_pay": "benefit2.tksk.rupiah_per_month", "tksk_ump": "benefit2.tksk.ratio_median",
        "lksa_reint": f"benefit3.{_key(lksa)}.additional_reintegrations_cum.mean",
        "lksa_reint_low": f"benefit3.{_key(lksa)}.additional_reintegrations_cum.low",
        "lksa_reint_high": f"benefit3.{_key(lksa)}.additional_reintegrations_cum.high",
        "lksa_cost_pv": f"{_key(lksa)}.cost_pv.mean",
        "lksa_reint_per_miliar": f"{_key(lksa)}.reintegrations.per_miliar",
        "full_bia": f"{_key(full)}.bia_5y.mean", "full_cost_pv": f"{_key(full)}.cost_pv.mean",
        "tksk_bia": "tksk_pppk.bia_5y.mean",
        "voi_wtp": "voi.wtp", "evpi": "voi.evpi", "top_group": "voi.top_group",
        "top_group_evppi": "voi.top_group_evppi",
        "second_group": "voi.second_group", "second_group_evppi": "voi.second_group_evppi",
        "sobol_top_case": f"sobol.{CASELOAD}.top", "sobol_top_case_st": f"sobol.{CASELOAD}.top_st",
        "sobol_top_up": f"sobol.{UPGRADE}.top", "sobol_top_up_st": f"sobol.{UPGRADE}.top_st",
        "best_option": "best.option",
        "grad_effect_pp": "priors.graduation_effect_professional.value",
        "grad_effect_low": "priors.graduation_effect_professional.low",
        "grad_effect_high": "priors.graduation_effect_professional.high",
        "elasticity": "priors.caseload_elasticity.value", "upgrade_cost": "comparators.upgrade.unit_cost",
        "upgrade_years": "comparators.upgrade.duration_years", "upgrade_eligible": "comparators.upgrade.eligible_share",
        "upgrade_uptake": "comparators.upgrade.uptake", "up_upgraded": "comparators.upgrade.upgraded_last_year",
        "case_extra": "comparators.caseload.extra_last_year",
        "case_base": "comparators.caseload.baseline_pkh_last_year",
        "priors_count": "priors.count", "assumption_share": "priors.assumption_share",
    }
    return {name: f"scenarios.{key}" for name, key in k.items()}


def values_path(lang: str = "id") -> Path:
    """Where the runner writes report 05's recorded values for ``lang``."""
    return config.reports_dir() / "values" / (f"{NOTEBOOK}.json" if lang == "id" else f"{NOTEBOOK}.{lang}.json")


def _flat(data: Mapping[str, Any]) -> dict[str, Any]:
    """``{key: value}`` from a values file: the runner's ``{"notebook", "lang", "parameters", "values": {key:
    entry}}`` or a plain ``{key: entry}`` mapping."""
    entries = data["values"] if isinstance(data.get("values"), Mapping) and "notebook" in data else data
    return {k: (v["value"] if isinstance(v, Mapping) else v) for k, v in entries.items()}


def load_values(lang: str = "id", recompute: bool = True) -> tuple[dict[str, Any], str]:
    """Report 05's recorded values ``{key: value}`` and their origin: ``"recorded"`` (the values file, or the
    executed notebook of report 05) or ``"recomputed"`` — when 05 has not been run in this checkout (e.g.
    notebook tests executing 06 on its own) and ``recompute`` is true, the values are computed with report
    05's default parameters, and the brief says so. Raises :class:`KesosError` otherwise."""
    for path in (values_path(lang), values_path("id")):
        if path.exists():
            return _flat(json.loads(path.read_text(encoding="utf-8"))), "recorded"
    import nbformat

    from ..report.values import extract

    for sub in ((["en"] if lang == "en" else []) + [""]):
        nb_path = config.reports_dir() / sub / "notebooks" / f"{NOTEBOOK}.ipynb"
        if nb_path.exists():
            found = extract(nbformat.read(nb_path, as_version=4))
            if found:
                return {k: v["value"] for k, v in found.items()}, "recorded"
    if not recompute:
        raise KesosError(f"no recorded values of {NOTEBOOK} ({values_path(lang)}); run `kesos run {NOTEBOOK}` first")
    from .summary import DEFAULT_SCENARIOS, analyse, headline_values

    values = headline_values(analyse(DEFAULT_SCENARIOS))
    return {k: v["value"] for k, v in values.items()}, "recomputed"


def fields(values: Mapping[str, Any], **scenario_names: str) -> dict[str, Any]:
    """``{placeholder: value}`` for the brief, each value exactly report 05's recorded value. Raises
    :class:`KesosError` listing missing keys (report 05 run with other scenarios)."""
    keys = field_keys(**scenario_names)
    missing = [k for k in keys.values() if k not in values]
    if missing:
        raise KesosError(f"report 05's recorded values lack {', '.join(missing[:5])}"
                         f"{' …' if len(missing) > 5 else ''}; run 05 with the default scenarios")
    return {name: values[key] for name, key in keys.items()}


def quoted(values: Mapping[str, Any], **scenario_names: str) -> dict[str, dict[str, Any]]:
    """Recorded entries ``brief.<05 key>`` of every value the brief quotes (for report 06's ``record``)."""
    keys = field_keys(**scenario_names)
    out = {}
    for key in keys.values():
        v = values[key]
        out[f"brief.{key}"] = {"value": v, "unit": "as in 05_scenarios", "rtol": 1e-6}
    return out


def display(f: Mapping[str, Any], lang: str = "id") -> dict[str, Any]:
    """``f`` with its code-valued fields (best option, parameter groups, prior names) replaced by display text
    in ``lang``; numbers are unchanged. Adds ``<name>_text`` for each :data:`COST_PER_OUTCOME` field: the amount,
    or "not defined" with the reason (``*_status``), so a NaN is never published."""
    from ..report.fmt import placeholder
    from ..report.text import Text
    from .priors import load_priors

    t, pr = Text("05_scenarios", lang), load_priors()
    out = dict(f)
    for name in COST_PER_OUTCOME:
        status, v = str(f.get(f"{name}_status", "defined")), f.get(name)
        ok = status == "defined" and isinstance(v, (int, float)) and v == v
        out[f"{name}_text"] = placeholder(v, "money", lang) if ok else t(
            f"undefined_{status if status != 'defined' else 'effect_uncertain'}")
    out["best"] = option_label(str(f["best_option"]), lang)
    best = str(f["best_option"])
    out["recommendation_key"] = ("recommendation_upgrade" if best.endswith(UPGRADE) else
                                 "recommendation_caseload" if best.endswith(CASELOAD) else "recommendation_pppk")
    for k in ("top_group", "second_group"):
        out[k] = t(f"group_{f[k]}")
    for k in ("sobol_top_case", "sobol_top_up"):
        p = pr.get(str(f[k]))
        out[k] = (p.description_id if lang == "id" else p.description).split(" (")[0] if p else str(f[k])
    return out


def option_label(name: str, lang: str = "id") -> str:
    """Display label of a scenario or same-budget comparator name (``pkh_pendamping_pppk.same_budget_upgrade``)."""
    from .. import scenarios

    base, _, comp = name.partition(".")
    if comp in DEFAULT_LABELS:
        return DEFAULT_LABELS[comp][lang]
    return scenarios.load_scenario(base).label[lang]
