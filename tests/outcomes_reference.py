"""A straightforward row-by-row pandas implementation of the outcome projection (reference for tests and the
benchmark): one row per draw × province × year, scalar arithmetic, the LKSA stock carried year to year.
It follows the formulas in the docstring of :mod:`kesos_analysis.outcomes.engine` independently of the
vectorised code."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

COLUMNS = ["caseload", "professional_share_services", "additional_graduations", "stunting_pp", "additional_takeup",
           "persons_lifted", "poor_thousand", "lksa_children", "additional_reintegrations", "cost_real",
           "incremental_cost_real"]


def _state(sc, m, th: dict, i: int, t: int) -> dict:
    tp, th_, phi = th["turnover_pppk"], th["turnover_honor"], th["separation_loss_share"]
    pkh_lp, all_lp = sc.pkh_leg_prof[i, t], sc.all_leg_prof[i, t]
    cost = sc.cost_real[i, t] + phi * th_ * sc.leg_bill[i, t] + phi * sc.disp_bill[i, t]
    eff = sc.pkh_pppk[i, t] * (1 - phi * tp) + sc.pkh_leg[i, t] * (1 - phi * th_) - phi * sc.pkh_disp[i, t]
    lksa_staff = sc.lksa_pppk[i, t] + sc.lksa_leg_prof[i, t]
    lksa_eff = sc.lksa_pppk[i, t] * (1 - phi * tp) + sc.lksa_leg_prof[i, t] * (1 - phi * th_)
    tau_bar = (sc.lksa_pppk[i, t] * tp + sc.lksa_leg_prof[i, t] * th_) / lksa_staff if lksa_staff > 0 else 0.0
    req = m.lksa_required[i]
    cov = min(1.0, lksa_eff / req) if req > 0 else 0.0
    prof = sc.all_pppk_prof[i, t] * (1 - phi * tp) + all_lp * (1 - phi * th_)
    tot = sc.all_pppk[i, t] * (1 - phi * tp) + sc.all_leg[i, t] * (1 - phi * th_) - phi * sc.all_disp[i, t]
    return {"eff": eff, "p": (sc.pkh_pppk_prof[i, t] + pkh_lp) / (sc.pkh_pppk[i, t] + sc.pkh_leg[i, t]), "cov": cov,
            "tau_bar": tau_bar, "share": prof / tot, "cost": cost}


def project_rowwise(m, theta: dict, z: np.ndarray, scenario: str) -> pd.DataFrame:
    """Outcomes of ``scenario`` (and the status quo as its reference) row by row; columns ``draw, province,
    year`` + :data:`COLUMNS`."""
    n = len(next(iter(theta.values())))
    grid = pd.DataFrame([(d, i, t) for d in range(n) for i in range(len(m.codes)) for t in range(len(m.years))],
                        columns=["draw", "province", "year_index"])
    stock: dict[tuple, float] = {}
    out = []
    for row in grid.itertuples(index=False):
        d, i, t = row.draw, row.province, row.year_index
        th = {k: float(v[d]) for k, v in theta.items()}
        s0 = _state(m.scenarios["status_quo"], m, th, i, t)
        s = _state(m.scenarios[scenario], m, th, i, t)
        ratio = (s["eff"] / s0["eff"]) ** (-th["caseload_elasticity"]) if scenario != "status_quo" else 1.0
        gain = (th["professional_multiplier"] - 1) * th["scaleup_fidelity"]
        d_f = (1 + gain * s["p"]) * ratio - (1 + gain * s0["p"])
        kpm = m.kpm[i]
        grad = kpm * min(1.0, max(0.0, th["graduation_rate_status_quo"] * ratio
                                  + th["graduation_effect_professional"] * (s["p"] - s0["p"])))
        grad0 = kpm * min(1.0, max(0.0, th["graduation_rate_status_quo"]))
        x = th["consumption_effect_relative"] * th["facilitation_share"] * d_f
        lifted = kpm * th["persons_per_kpm"] * th["poor_share_of_kpm"] * min(1.0, max(-1.0, x / (2 * m.gap[i])))
        slope = m.trend_slope[i] + m.trend_se[i] * z[d, i]
        poor = m.poor_thousand[i] * math.exp(slope * (m.years[t] + 0.5 - m.t_round)) - lifted / 1000
        r0, c0 = th["reintegration_rate_status_quo"], m.lksa_children[i]
        if scenario == "status_quo":
            rate = r0
            adm = r0 * c0
        else:
            d_cov = s["cov"] - s0["cov"]
            rate = min(0.95, max(0.0, r0 * (1 + th["reintegration_effect_relative"] * d_cov)
                                 * th["continuity_relative_risk"] ** (s["tau_bar"] - s0["tau_bar"])))
            adm = r0 * c0 * (1 + th["admission_effect_relative"] * d_cov)
        key = (d, i)
        c_t = c0 if t == 0 else stock[key]
        stock[key] = c_t * (1 - rate) + adm
        reint, reint0 = c_t * rate, c0 * r0
        out.append({"draw": d, "province": i, "year": int(m.years[t]), "caseload": kpm / s["eff"],
                    "professional_share_services": s["share"], "additional_graduations": grad - grad0,
                    "stunting_pp": 100 * th["stunting_effect_relative"] * th["facilitation_share"] * d_f
                    * th["stunting_prevalence_baseline"],
                    "additional_takeup": kpm * th["takeup_effect_professional"] * (s["p"] * ratio - s0["p"]),
                    "persons_lifted": lifted, "poor_thousand": poor, "lksa_children": c_t,
                    "additional_reintegrations": reint - reint0, "cost_real": s["cost"],
                    "incremental_cost_real": s["cost"] - s0["cost"]})
    return pd.DataFrame(out)


def engine_frame(res: dict, m, n: int) -> pd.DataFrame:
    """The vectorised engine's outcomes (one scenario's dict) in the same long layout."""
    d, p, t = np.meshgrid(np.arange(n), np.arange(len(m.codes)), np.arange(len(m.years)), indexing="ij")
    df = pd.DataFrame({"draw": d.ravel(), "province": p.ravel(), "year": m.years[t.ravel()]})
    for c in COLUMNS:
        df[c] = np.broadcast_to(res[c], (n, len(m.codes), len(m.years))).ravel()
    return df
