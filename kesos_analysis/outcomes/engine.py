"""Vectorised, seeded Monte Carlo projection of outcomes per scenario, province and year (2026–2035).

Arrays are draws × provinces × years (D × P × T); there is no Python loop over draws, provinces or years (the
only loops are over the handful of scenarios and, for very large runs, over blocks of draws to bound memory).

Model (per draw d, province p, year t; docs/research/evidence.md section in brackets; θ = prior draws):

* Staff of each cadre come from the cost model (:mod:`.adapter`; every scenario against the current-policy
  baseline ``status_quo``, in which the PKH pendamping are PPPK without a social-work qualification): PPPK
  ``H_pppk`` (of whom ``H_pq`` social-work-qualified), non-ASN ``H_leg`` (of whom ``H_lp`` qualified), and the
  incumbents the cost model reports as **displaced** ``disp``.
  National paths are spread to provinces by each cadre's allocation key (an assumption, as in the staffing
  and cost notebooks).
* Turnover [§2.2 rows 2.1–2.3]: separations ``τ_h·H_leg + τ_p·H_pppk + disp``; each separation loses a share
  φ of a worker-year (vacancy, recruitment, lost experience). Effective PKH capacity
  ``eff = H_pppk(1 − φτ_p) + H_leg(1 − φτ_h) − φ·disp``; caseload ``L = KPM / eff``.
* Professional share of PKH pendamping ``p = (H_pq + H_lp) / (H_pppk + H_leg)``; status quo ``p0``, ``L0``.
* Facilitation [§1.2]: ``F = (1 + (M − 1)·g·p)·(L/L0)^ε``, ``F0 = 1 + (M − 1)·g·p0``; for each
  facilitation-mediated outcome ``ΔY = E_PKH × s_fac × (F − F0)`` — with ``L = L0`` this is
  ``E_PKH × s_fac × (M − 1) × Δp × g``. Stunting in percentage points = ΔY_stunting × baseline prevalence.
* Graduation [rows 1.8, 1.14]: rate ``clip(γ0·(L/L0)^ε + β_grad·(p − p0), 0, 1)``; graduates are replaced
  from the register (KPM held at the parameter's national count).
* Take-up [row 1.15]: additional families ``KPM·β_take·(p·(L/L0)^ε − p0)``.
* Poverty [row 1.6]: consumption gain ``x = E_cons × s_fac × (F − F0)`` (share of consumption ≈ share of the
  line near it); persons lifted ``KPM × persons per KPM × poor share × clip(x / (2·P1/P0), −1, 1)`` (gaps of
  the poor taken as uniform on [0, 2·P1/P0], BPS P0 and P1); poor population = BPS trend (:mod:`.baseline`)
  minus persons lifted.
* LKSA [rows 2.4, 2.12, 2.13]: coverage by professional case management ``cov = min(1, prof_eff /
  required)``; reintegration rate ``clip(r0·(1 + ρ·(cov − cov0))·RR^(τ̄ − τ̄0), 0, 0.95)`` (τ̄ turnover of the
  LKSA social workers); admissions ``r0·C0·(1 + α·(cov − cov0))`` (status quo steady at ``C0``); stock
  ``C[t+1] = C[t](1 − r[t]) + A[t]`` solved with cumulative products.
* Cost (Rupiah per year, constant prices): the cost model's total cost + honor-staff turnover cost
  ``φ·τ_h·Σ H_leg·pay`` + displacement cost ``φ·Σ disp·pay`` (PPPK replacement costs are in the cost model),
  + the same-budget comparators' spending.

Same-budget comparators (:func:`build_model`), both feasible under UU 20/2023 (no new non-ASN staff): the
incremental real budget of a reference scenario over the current-policy baseline, year by year, spent on
(a) extra PKH pendamping as PPPK without the qualification (lower caseloads), at the baseline's own cost per
PKH pendamping that year (pay, operating, supervision and replacement costs of the cost model), or (b) upgrading
and certifying incumbent PKH pendamping through the cost model's RPL/D4 and D3/SMK routes
(:func:`.adapter.upgrade_programme`: tuition, certification, duration, uptake, and the pay step to a
professional PPPK post), never more than the eligible incumbents.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..errors import ParameterError
from .adapter import BASELINE, LKSA, PKH, CostPaths, cost_model_paths, upgrade_programme
from .baseline import Baseline, load_baseline

#: Name suffixes of the same-budget comparators built from a reference scenario.
CASELOAD, UPGRADE = "same_budget_caseload", "same_budget_upgrade"
#: Upper bound of the annual reintegration rate (keeps the stock recursion well defined).
MAX_RATE = 0.95

#: Outcomes (province level) and how a national figure is formed: "sum" or a (numerator, denominator) pair.
OUTCOMES: dict[str, Any] = {
    "professional_share_services": ("prof_eff_all", "tot_eff_all"),
    "pkh_professional_share": ("pkh_prof", "pkh_staff"),
    "caseload": ("kpm", "eff"),
    "separations": "sum",
    "vacancy_fte": "sum",
    "displaced": "sum",
    "graduations": "sum",
    "additional_graduations": "sum",
    "stunting_pp": ("stunting_w", "kpm"),
    "out_of_school_relative": ("oos_w", "kpm"),
    "additional_takeup": "sum",
    "persons_lifted": "sum",
    "poor_thousand": "sum",
    "lksa_children": "sum",
    "lksa_reintegrations": "sum",
    "additional_reintegrations": "sum",
    "lksa_admissions": "sum",
    "admissions_averted": "sum",
    "cost_real": "sum",
    "cost_nominal": "sum",
    "incremental_cost_real": "sum",
    "incremental_cost_nominal": "sum",
}
#: Outcomes summarised per province and year (mean, and 5/50/95 % quantiles when all draws fit in one block).
PROVINCE_OUTCOMES = ("professional_share_services", "caseload", "separations", "vacancy_fte", "additional_graduations",
                     "stunting_pp", "out_of_school_relative", "additional_takeup", "persons_lifted", "poor_thousand",
                     "lksa_children", "additional_reintegrations", "admissions_averted", "incremental_cost_real")


@dataclass
class ScenarioArrays:
    """Deterministic inputs of one scenario, province × year (persons; Rupiah per year at constant prices).

    ``pkh_pppk``/``all_pppk`` are all PPPK (capacity, PPPK turnover); ``pkh_pppk_prof``/``all_pppk_prof`` those
    with a social-work qualification (``None``: all PPPK are qualified); ``lksa_pppk`` the qualified PPPK of LKSA."""

    name: str
    label: dict[str, str]
    kind: str
    pkh_pppk: np.ndarray
    pkh_leg: np.ndarray
    pkh_leg_prof: np.ndarray
    pkh_disp: np.ndarray
    lksa_pppk: np.ndarray
    lksa_leg_prof: np.ndarray
    all_pppk: np.ndarray
    all_leg: np.ndarray
    all_leg_prof: np.ndarray
    all_disp: np.ndarray
    cost_real: np.ndarray
    leg_bill: np.ndarray
    disp_bill: np.ndarray
    pkh_pppk_prof: np.ndarray | None = None
    all_pppk_prof: np.ndarray | None = None
    reference: str = ""
    hypothetical: bool = False

    def __post_init__(self) -> None:
        if self.pkh_pppk_prof is None:
            self.pkh_pppk_prof = self.pkh_pppk
        if self.all_pppk_prof is None:
            self.all_pppk_prof = self.all_pppk


@dataclass
class Model:
    """Everything the projection needs besides the prior draws.

    ``years`` (T), ``codes``/``names`` (P), ``kpm`` and ``lksa_children`` and ``lksa_required`` (P), ``deflator``
    (T), ``pppk_annual_cost`` (Rupiah per year), ``poor_thousand``/``trend_slope``/``trend_se``/``gap`` (P),
    ``t_round`` (decimal year of the poverty round), ``scenarios`` (``status_quo`` first), ``paths`` (the cost
    model's :class:`CostPaths`, for pay comparisons)."""

    years: np.ndarray
    codes: list[str]
    names: list[str]
    kpm: np.ndarray
    lksa_children: np.ndarray
    lksa_required: np.ndarray
    deflator: np.ndarray
    pppk_annual_cost: float
    poor_thousand: np.ndarray
    trend_slope: np.ndarray
    trend_se: np.ndarray
    gap: np.ndarray
    t_round: float
    scenarios: dict[str, ScenarioArrays]
    paths: dict[str, CostPaths] = field(default_factory=dict)
    baseline: Baseline | None = None

    def select_province(self, code: str) -> Model:
        """The model restricted to one province (BPS code string), for a province report."""
        if code not in self.codes:
            raise ParameterError(f"province {code!r} not in the model; codes: {', '.join(self.codes)}")
        i = [self.codes.index(code)]

        def cut(sc: ScenarioArrays) -> ScenarioArrays:
            kw = {k: (v[i] if isinstance(v, np.ndarray) else v) for k, v in vars(sc).items()}
            return ScenarioArrays(**kw)

        return replace(self, codes=[code], names=[self.names[i[0]]], kpm=self.kpm[i],
                       lksa_children=self.lksa_children[i], lksa_required=self.lksa_required[i],
                       poor_thousand=self.poor_thousand[i], trend_slope=self.trend_slope[i],
                       trend_se=self.trend_se[i], gap=self.gap[i],
                       scenarios={k: cut(v) for k, v in self.scenarios.items()})


def _spread(x_ct: np.ndarray, share_cp: np.ndarray) -> np.ndarray:
    """Cadre × year national arrays spread to provinces and summed over cadres → province × year."""
    return np.einsum("ct,cp->pt", x_ct, share_cp)


def _arrays(cp: CostPaths, base: Baseline) -> tuple[ScenarioArrays, dict[str, np.ndarray]]:
    share = np.vstack([base.shares[a] for a in cp.allocation])  # C × P
    disp, leg_prof, pppk = cp.displaced, np.minimum(cp.legacy_prof, cp.legacy), cp.pppk
    i, j = cp.index(PKH), cp.index(LKSA)

    def one(x: np.ndarray, k: int) -> np.ndarray:
        return x[k][None, :] * share[k][:, None]

    sc = ScenarioArrays(
        name=cp.name, label=cp.label, kind="cost_model",
        pkh_pppk=one(pppk, i), pkh_leg=one(cp.legacy, i), pkh_leg_prof=one(leg_prof, i), pkh_disp=one(disp, i),
        lksa_pppk=one(cp.pppk_prof, j), lksa_leg_prof=one(leg_prof, j),
        all_pppk=_spread(pppk, share), all_leg=_spread(cp.legacy, share), all_leg_prof=_spread(leg_prof, share),
        all_disp=_spread(disp, share), cost_real=_spread(cp.cost_real, share),
        leg_bill=_spread(cp.legacy * cp.legacy_pay_real, share), disp_bill=_spread(disp * cp.legacy_pay_real, share),
        pkh_pppk_prof=one(cp.pppk_prof, i), all_pppk_prof=_spread(cp.pppk_prof, share), hypothetical=cp.hypothetical,
    )
    return sc, {"share": share, "pkh_share": share[i], "lksa_share": share[j]}


def comparators(sq: ScenarioArrays, ref: ScenarioArrays, sq_cp: CostPaths, pkh_share: np.ndarray,
                labels: Mapping[str, Mapping[str, str]]) -> list[ScenarioArrays]:
    """The two same-budget comparators of ``ref`` (see the module docstring), built on the current-policy
    baseline ``sq`` with the cost model's paths ``sq_cp``; ``pkh_share`` (P) is the PKH allocation key.
    Raises :class:`ParameterError` if the baseline has no PKH pendamping to price the caseload comparator."""
    i = sq_cp.index(PKH)
    heads = sq_cp.headcount[i]
    if not np.all(heads > 0):
        raise ParameterError("same-budget caseload comparator needs PKH pendamping in the current-policy baseline")
    unit = sq_cp.cost_real[i] / heads  # T, Rupiah per pendamping per year (constant prices), baseline mix
    budget_t = np.maximum(0.0, ref.cost_real.sum(axis=0) - sq.cost_real.sum(axis=0))  # T, Rupiah per year
    budget = pkh_share[:, None] * budget_t[None, :]  # P × T
    extra = budget / unit[None, :]
    caseload = replace(sq, name=f"{ref.name}.{CASELOAD}", label=dict(labels[CASELOAD]), kind=CASELOAD,
                       pkh_pppk=sq.pkh_pppk + extra, all_pppk=sq.all_pppk + extra, cost_real=sq.cost_real + budget,
                       reference=ref.name)
    up_t, spend_t = upgrade_programme(budget_t, sq_cp.pppk_nonprof[i] + sq_cp.legacy[i] - sq_cp.legacy_prof[i],
                                      sq_cp.upgrade)
    up, spend = pkh_share[:, None] * up_t[None, :], pkh_share[:, None] * spend_t[None, :]
    upgrade = replace(sq, name=f"{ref.name}.{UPGRADE}", label=dict(labels[UPGRADE]), kind=UPGRADE,
                      pkh_pppk_prof=sq.pkh_pppk_prof + up, all_pppk_prof=sq.all_pppk_prof + up,
                      cost_real=sq.cost_real + spend, reference=ref.name)
    return [caseload, upgrade]


DEFAULT_LABELS = {
    CASELOAD: {"id": "Anggaran sama: beban kasus lebih rendah (pendamping PPPK non-gelar)",
               "en": "Same budget: lower caseloads (non-degree PPPK pendamping)"},
    UPGRADE: {"id": "Anggaran sama: peningkatan kualifikasi dan sertifikasi petahana",
              "en": "Same budget: upgrading and certifying incumbents"},
}


def build_model(names: Sequence[str], overrides: Mapping[str, Any] | None = None, *,
                comparator_for: str | None = "pkh_pendamping_pppk", paths: Mapping[str, CostPaths] | None = None,
                base: Baseline | None = None, labels: Mapping[str, Mapping[str, str]] | None = None) -> Model:
    """Baseline + cost-model paths of ``names`` (``status_quo``, the current-policy baseline, added) + same-budget
    comparators of ``comparator_for`` (``None``: none). Raises :class:`ParameterError` if ``comparator_for`` is not
    among the scenarios or is the baseline itself."""
    base = load_baseline() if base is None else base
    paths = dict(paths) if paths is not None else cost_model_paths(names, overrides, keys=base.keys)
    if BASELINE not in paths:
        raise ParameterError("the model needs the status_quo scenario (the current-policy baseline)")
    order = [BASELINE, *[n for n in paths if n != BASELINE]]
    built = {n: _arrays(paths[n], base) for n in order}
    scen = {n: built[n][0] for n in order}
    sq_cp, extra = paths["status_quo"], built["status_quo"][1]
    if comparator_for:
        if comparator_for not in scen or comparator_for == BASELINE:
            raise ParameterError(f"comparator_for {comparator_for!r} is not among the scenarios {list(scen)[1:]}")
        for c in comparators(scen[BASELINE], scen[comparator_for], sq_cp, extra["pkh_share"],
                             labels or DEFAULT_LABELS):
            scen[c.name] = c
    j = sq_cp.index(LKSA)
    y, m = base.poverty_round
    return Model(
        years=sq_cp.years, codes=base.codes, names=base.names, kpm=sq_cp.kpm * extra["pkh_share"],
        lksa_children=sq_cp.lksa_children * extra["lksa_share"],
        lksa_required=sq_cp.required_prof[j] * extra["lksa_share"], deflator=sq_cp.deflator,
        pppk_annual_cost=sq_cp.pppk_annual_cost, poor_thousand=base.poor_thousand, trend_slope=base.trend_slope,
        trend_se=base.trend_se, gap=base.gap_among_poor, t_round=y + m / 12, scenarios=scen, paths=paths,
        baseline=base,
    )


def poverty_z(n: int, n_provinces: int, seed: int) -> np.ndarray:
    """``(n, P)`` standard normals for the poverty-trend uncertainty (own SeedSequence stream)."""
    ss = np.random.SeedSequence(int(seed), spawn_key=(zlib.crc32(b"poverty_trend"),))
    return np.random.default_rng(ss).standard_normal((n, n_provinces))


def _col(th: Mapping[str, np.ndarray], name: str, dtype: Any = np.float64) -> np.ndarray:
    try:
        return np.asarray(th[name], dtype=dtype)[:, None, None]
    except KeyError:
        raise ParameterError(f"prior {name!r} is missing from the draws") from None


def _cast(sc: ScenarioArrays, dtype: Any) -> ScenarioArrays:
    return ScenarioArrays(**{k: (v.astype(dtype) if isinstance(v, np.ndarray) else v) for k, v in vars(sc).items()})


def _state(sc: ScenarioArrays, m: Model, th: Mapping[str, np.ndarray], dtype: Any) -> dict[str, np.ndarray]:
    """Staff, capacity, LKSA coverage and cost of one scenario for a block of draws (D × P × T; arrays that
    do not vary with the draws are kept as 1 × P × T)."""
    sc = _cast(sc, dtype)
    tp, th_ = _col(th, "turnover_pppk", dtype), _col(th, "turnover_honor", dtype)
    phi = _col(th, "separation_loss_share", dtype)
    keep_p, keep_h = 1 - phi * tp, 1 - phi * th_
    pkh_lp, all_lp = sc.pkh_leg_prof[None], sc.all_leg_prof[None]
    cost = sc.cost_real[None] + phi * (th_ * sc.leg_bill[None] + sc.disp_bill[None])
    eff = sc.pkh_pppk[None] * keep_p + sc.pkh_leg[None] * keep_h - phi * sc.pkh_disp[None]
    pkh_staff = (sc.pkh_pppk + sc.pkh_leg)[None]
    lksa_eff = sc.lksa_pppk[None] * keep_p + sc.lksa_leg_prof[None] * keep_h
    lksa_staff = sc.lksa_pppk + sc.lksa_leg_prof
    has = (lksa_staff > 0)[None]
    tau_bar = np.where(has, (sc.lksa_pppk[None] * tp + sc.lksa_leg_prof[None] * th_) / np.where(has, lksa_staff, 1), 0)
    req = m.lksa_required.astype(dtype)[None, :, None]
    cov = np.minimum(dtype(1.0), np.where(req > 0, lksa_eff / np.where(req > 0, req, 1), 0))
    separations = tp * sc.all_pppk[None] + th_ * sc.all_leg[None] + sc.all_disp[None]
    return {
        "eff": eff, "log_eff": np.log(eff), "pkh_prof": sc.pkh_pppk_prof[None] + pkh_lp, "pkh_staff": pkh_staff,
        "p": (sc.pkh_pppk_prof[None] + pkh_lp) / pkh_staff, "cov": cov, "tau_bar": tau_bar,
        "prof_eff_all": sc.all_pppk_prof[None] * keep_p + all_lp * keep_h,
        "tot_eff_all": sc.all_pppk[None] * keep_p + sc.all_leg[None] * keep_h - phi * sc.all_disp[None],
        "separations": separations, "vacancy_fte": phi * separations, "displaced": sc.all_disp[None],
        "cost_real": cost,
    }


def _lksa_stock(c0: np.ndarray, r: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Stock at the start of each year of ``C[t+1] = C[t](1 − r[t]) + A[t]`` (closed form, no year loop):
    ``C[t] = P[t]·(C0 + Σ_{s<t} A[s] / P[s+1])`` with ``P[t] = Π_{u<t}(1 − r[u])``."""
    surv = np.cumprod(1 - r, axis=-1)  # P[t+1]
    p_t = np.concatenate([np.ones_like(surv[..., :1]), surv[..., :-1]], axis=-1)
    inflow = np.cumsum(a / surv, axis=-1)
    inflow = np.concatenate([np.zeros_like(inflow[..., :1]), inflow[..., :-1]], axis=-1)
    return p_t * (c0[None, :, None] + inflow)


def _poverty_base(m: Model, z: np.ndarray, dtype: Any) -> np.ndarray:
    """BPS-trend poor population (thousand), D × P × T, shared by every scenario."""
    slope = (m.trend_slope[None, :] + m.trend_se[None, :] * z).astype(dtype)  # D × P
    horizon = (m.years + 0.5 - m.t_round).astype(dtype)[None, None, :]
    return m.poor_thousand.astype(dtype)[None, :, None] * np.exp(slope[:, :, None] * horizon)


def _outcomes(s: dict, s0: dict, m: Model, th: Mapping[str, np.ndarray], poor_base: np.ndarray,
              sq_out: dict | None, dtype: Any) -> dict[str, np.ndarray]:
    def c(name: str) -> np.ndarray:
        return _col(th, name, dtype)

    g, mult, s_fac = c("scaleup_fidelity"), c("professional_multiplier"), c("facilitation_share")
    if sq_out is None:
        ratio = np.ones_like(s["eff"])
    else:
        ratio = np.exp(c("caseload_elasticity") * (s0["log_eff"] - s["log_eff"]))  # (L / L0)^ε
    p, p0 = s["p"], s0["p"]
    gain = (mult - 1) * g
    d_f = (1 + gain * p) * ratio - (1 + gain * p0)
    kpm = m.kpm.astype(dtype)[None, :, None]
    stunting_pp = (100 * c("stunting_effect_relative") * s_fac * c("stunting_prevalence_baseline")) * d_f
    oos = (c("out_of_school_effect_relative") * s_fac) * d_f
    grad_rate = np.clip(c("graduation_rate_status_quo") * ratio + c("graduation_effect_professional") * (p - p0), 0, 1)
    graduations = kpm * grad_rate
    takeup = (kpm * c("takeup_effect_professional")) * (p * ratio - p0)
    gap2 = (2 * m.gap).astype(dtype)[None, :, None]
    lifted = (kpm * (c("persons_per_kpm") * c("poor_share_of_kpm"))) * np.clip(
        (c("consumption_effect_relative") * s_fac) * d_f / gap2, -1, 1)
    r0 = c("reintegration_rate_status_quo")
    c0 = m.lksa_children.astype(dtype)
    if sq_out is None:
        rate = np.broadcast_to(r0, s["cov"].shape[:1] + (len(m.codes), len(m.years)))
        adm = r0 * c0[None, :, None] * np.ones_like(rate)
        stock = np.broadcast_to(c0[None, :, None], rate.shape) * np.ones_like(rate)
    else:
        d_cov = s["cov"] - s0["cov"]
        rate = np.clip(r0 * (1 + c("reintegration_effect_relative") * d_cov)
                       * np.exp(np.log(c("continuity_relative_risk")) * (s["tau_bar"] - s0["tau_bar"])), 0, MAX_RATE)
        adm = (r0 * c0[None, :, None]) * (1 + c("admission_effect_relative") * d_cov)
        stock = _lksa_stock(c0, rate, adm)
    reint = stock * rate
    out = {
        "professional_share_services": s["prof_eff_all"] / s["tot_eff_all"], "pkh_professional_share": p,
        "caseload": kpm / s["eff"], "separations": s["separations"], "vacancy_fte": s["vacancy_fte"],
        "displaced": s["displaced"], "graduations": graduations, "stunting_pp": stunting_pp,
        "out_of_school_relative": oos, "additional_takeup": takeup, "persons_lifted": lifted,
        "poor_thousand": poor_base - lifted / 1000, "lksa_children": stock, "lksa_reintegrations": reint,
        "lksa_admissions": adm, "cost_real": s["cost_real"],
    }
    if sq_out is None:
        zero = np.zeros((1, len(m.codes), len(m.years)), dtype=dtype)
        out.update(additional_graduations=zero, additional_reintegrations=zero, admissions_averted=zero,
                   incremental_cost_real=zero)
    else:
        out["additional_graduations"] = graduations - sq_out["graduations"]
        out["additional_reintegrations"] = reint - sq_out["lksa_reintegrations"]
        out["admissions_averted"] = sq_out["lksa_admissions"] - adm
        out["incremental_cost_real"] = s["cost_real"] - sq_out["cost_real"]
    out.update({"prof_eff_all": s["prof_eff_all"], "tot_eff_all": s["tot_eff_all"], "pkh_prof": s["pkh_prof"],
                "pkh_staff": s["pkh_staff"], "kpm": kpm, "eff": s["eff"], "stunting_w": stunting_pp * kpm,
                "oos_w": oos * kpm})
    return out


def iter_project(m: Model, theta: Mapping[str, np.ndarray], z: np.ndarray, scenarios: Sequence[str] | None = None,
                 dtype: Any = np.float64) -> Iterator[tuple[str, dict[str, np.ndarray]]]:
    """Yield ``(scenario, {outcome: array})`` one scenario at a time (bounded memory; see :func:`project`)."""
    names = list(scenarios or m.scenarios)
    dtype = np.dtype(dtype).type
    s0 = _state(m.scenarios[BASELINE], m, theta, dtype)
    base = _poverty_base(m, z, dtype)
    sq = _outcomes(s0, s0, m, theta, base, None, dtype)
    for n in names:
        yield n, (sq if n == BASELINE else _outcomes(_state(m.scenarios[n], m, theta, dtype), s0, m, theta,
                                                         base, sq, dtype))


def project(m: Model, theta: Mapping[str, np.ndarray], z: np.ndarray, scenarios: Sequence[str] | None = None,
            dtype: Any = np.float64) -> dict[str, dict[str, np.ndarray]]:
    """Province-level outcomes ``{scenario: {outcome: array D × P × T}}`` for one block of draws (arrays that
    do not vary with the draws have a leading axis of length 1; broadcast them with ``np.broadcast_to``).

    ``theta`` maps prior names to arrays (D,); ``z`` is (D, P) (:func:`poverty_z`); ``dtype`` ``np.float64``
    or ``np.float32``. The status quo is always computed (it is the reference of every difference). Outcome
    names and units: :data:`OUTCOMES` and :func:`outcome_units` (nominal costs are formed nationally).
    """
    return dict(iter_project(m, theta, z, scenarios, dtype))


def _psum(x: np.ndarray) -> np.ndarray:
    """Sum over the province axis of a (D or 1) × P × T array, in its own dtype, as float64."""
    return np.add.reduce(x, axis=1).astype(np.float64)


def national(prov: Mapping[str, np.ndarray], deflator: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """National series (n × T) of each outcome: sums over provinces, or ratios of sums for shares, caseload
    and KPM-weighted PKH outcomes; nominal costs = real × ``deflator`` (T)."""
    out = {}
    sums: dict[str, np.ndarray] = {}

    def total(k: str) -> np.ndarray:
        if k not in sums:
            sums[k] = _psum(prov[k])
        return sums[k]

    for k, how in OUTCOMES.items():
        if k in ("cost_nominal", "incremental_cost_nominal"):
            continue
        v = total(k) if how == "sum" else total(how[0]) / total(how[1])
        out[k] = np.broadcast_to(v, (n, v.shape[-1]))
    out["cost_nominal"] = out["cost_real"] * deflator[None, :]
    out["incremental_cost_nominal"] = out["incremental_cost_real"] * deflator[None, :]
    return out


@dataclass
class Simulation:
    """Result of :func:`simulate`.

    ``national`` ``{scenario: {outcome: D × T}}``; ``province`` ``{scenario: {outcome: {"mean"|"q05"|"q50"|"q95":
    P × T}}}`` (quantiles only when all draws fit in one block); ``theta`` (prior draws), ``z``; ``model``.
    """

    national: dict[str, dict[str, np.ndarray]]
    province: dict[str, dict[str, dict[str, np.ndarray]]]
    theta: dict[str, np.ndarray]
    z: np.ndarray
    model: Model
    seed: int | None = None

    @property
    def n_draws(self) -> int:
        return len(next(iter(self.theta.values())))


def simulate(m: Model, theta: Mapping[str, np.ndarray], z: np.ndarray, *, block: int = 4096,
             province_quantiles: bool = True, scenarios: Sequence[str] | None = None,
             dtype: Any = np.float64, on_block: Callable[[dict], None] | None = None) -> Simulation:
    """Run :func:`project` over blocks of ``block`` draws and keep national series and province summaries.

    Results do not depend on ``block``. Province quantiles (5 %, 50 %, 95 %) are kept when
    ``province_quantiles`` and all draws fit in one block; otherwise only province means. National series
    are stored in ``dtype`` (float32 halves their memory in very large runs).
    """
    n = len(next(iter(theta.values())))
    names = list(scenarios or m.scenarios)
    starts = range(0, n, block)
    nat: dict[str, dict[str, list]] = {s: {k: [] for k in OUTCOMES} for s in names}
    sums: dict[str, dict[str, np.ndarray]] = {}
    prov: dict[str, dict[str, dict[str, np.ndarray]]] = {}
    quant = province_quantiles and n <= block
    for a in starts:
        sl = slice(a, min(n, a + block))
        d = sl.stop - sl.start
        for s, o in iter_project(m, {k: np.asarray(v)[sl] for k, v in theta.items()}, z[sl], names, dtype):
            if on_block is not None:
                on_block({s: o})
            for k, v in national(o, m.deflator, d).items():
                nat[s][k].append(v.astype(dtype, copy=False))
            acc = sums.setdefault(s, {})
            for k in PROVINCE_OUTCOMES:
                x = o[k]
                acc[k] = acc.get(k, 0.0) + (x[0].astype(np.float64) * d if x.shape[0] == 1 else
                                            np.add.reduce(x, axis=0).astype(np.float64))
            if quant:
                prov[s] = {k: dict(zip(("q05", "q50", "q95"), np.quantile(
                    np.broadcast_to(o[k], (d,) + o[k].shape[1:]), [0.05, 0.5, 0.95], axis=0)))
                    for k in PROVINCE_OUTCOMES}
            del o
    for s in names:
        prov.setdefault(s, {k: {} for k in PROVINCE_OUTCOMES})
        for k in PROVINCE_OUTCOMES:
            prov[s][k]["mean"] = sums[s][k] / n
    return Simulation(national={s: {k: np.concatenate(v, axis=0) for k, v in d.items()} for s, d in nat.items()},
                      province=prov, theta={k: np.asarray(v) for k, v in theta.items()}, z=z, model=m)


def outcome_units() -> dict[str, str]:
    """Unit of each outcome (English; reports label them through the text catalogue)."""
    return {
        "professional_share_services": "share of effective direct-service capacity (0–1)",
        "pkh_professional_share": "share of PKH pendamping (0–1)", "caseload": "KPM per effective pendamping",
        "separations": "persons per year", "vacancy_fte": "FTE lost per year", "displaced": "persons per year",
        "graduations": "KPM per year", "additional_graduations": "KPM per year",
        "stunting_pp": "percentage points", "out_of_school_relative": "relative change (fraction)",
        "additional_takeup": "families", "persons_lifted": "persons", "poor_thousand": "thousand persons",
        "lksa_children": "children", "lksa_reintegrations": "children per year",
        "additional_reintegrations": "children per year", "lksa_admissions": "children per year",
        "admissions_averted": "children per year", "cost_real": "Rupiah per year (constant prices)",
        "cost_nominal": "Rupiah per year (nominal)", "incremental_cost_real": "Rupiah per year (constant prices)",
        "incremental_cost_nominal": "Rupiah per year (nominal)",
    }


__all__ = ["CASELOAD", "OUTCOMES", "UPGRADE", "Model", "ScenarioArrays", "Simulation", "build_model", "comparators",
           "national", "outcome_units", "poverty_z", "project", "simulate"]

