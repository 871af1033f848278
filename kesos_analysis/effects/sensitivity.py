"""Omitted-variable sensitivity: the Cinelli–Hazlett (2020) robustness value.

Cinelli, C. & Hazlett, C. (2020), "Making sense of sensitivity: extending omitted variable bias", *JRSS B*
82(1):39–67, §4–5. For a regression coefficient with t-statistic ``t`` on ``dof`` residual degrees of freedom:

* partial R² of the treatment with the outcome: ``R²_{Y~D|X} = t² / (t² + dof)``;
* partial Cohen's f: ``f = |t| / sqrt(dof)``;
* robustness value ``RV_q = ½ (sqrt(f_q⁴ + 4 f_q²) − f_q²)`` with ``f_q = q·f``: an unobserved confounder that
  explains ``RV_q`` of the residual variance of *both* treatment and outcome would reduce the estimate by
  ``100·q`` % (q = 1: to zero);
* ``RV_{q,α}``: the same for making the estimate no longer significant at level α: with
  ``f_{q,α} = f_q − t*_{α, dof−1} / sqrt(dof − 1)``, ``RV_{q,α} = 0`` if ``f_{q,α} ≤ 0``, else
  ``½ (sqrt(f_{q,α}⁴ + 4 f_{q,α}²) − f_{q,α}²)``.

Worked example (the paper's Darfur data, Table 1; also PySensemakr's documentation): t = 4.18, dof = 783 →
partial R² 2.2 %, RV₁ 13.9 %, RV₁,₀.₀₅ 7.6 % (checked in ``tests/test_effects_sensitivity.py``).

For a fixed-effects regression the formulas apply to the within (FE-demeaned) regression, which is OLS
(Frisch–Waugh–Lovell), with ``dof`` = observations − fixed effects − regressors. They assume homoskedastic
OLS t-statistics; with cluster-robust t they are an approximation (stated in the report).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

from .results import Estimate


@dataclass(frozen=True)
class RobustnessValue:
    """Sensitivity of one estimate: fractions in [0, 1] (``rv_q`` = share of residual variance)."""

    t_stat: float
    dof: int
    q: float
    alpha: float
    partial_r2: float
    rv_q: float
    rv_q_alpha: float


def _rv(f: float) -> float:
    if f <= 0:
        return 0.0
    return 0.5 * (math.sqrt(f**4 + 4 * f**2) - f**2)


def robustness_value(t_stat: float, dof: int, q: float = 1.0, alpha: float = 0.05) -> RobustnessValue:
    """Cinelli–Hazlett partial R², ``RV_q`` and ``RV_{q,α}`` for a t-statistic on ``dof`` residual df.

    Raises ``ValueError`` if ``dof`` < 2 or ``q`` ≤ 0.
    """
    if dof < 2:
        raise ValueError(f"dof must be at least 2, got {dof}")
    if q <= 0:
        raise ValueError(f"q must be positive, got {q}")
    f = abs(t_stat) / math.sqrt(dof)
    fq = q * f
    fcrit = float(stats.t.ppf(1 - alpha / 2, dof - 1)) / math.sqrt(dof - 1)
    return RobustnessValue(t_stat=float(t_stat), dof=int(dof), q=q, alpha=alpha,
                           partial_r2=t_stat**2 / (t_stat**2 + dof), rv_q=_rv(fq), rv_q_alpha=_rv(fq - fcrit))


def estimate_robustness(est: Estimate, n_covariates: int = 0, q: float = 1.0, alpha: float = 0.05) -> RobustnessValue:
    """:func:`robustness_value` of a TWFE-type estimate: ``dof`` = n_obs − n_units − n_periods − n_covariates
    (unit and period effects, the treatment and the covariates; the constant is one of the effects)."""
    dof = est.n_obs - est.n_units - est.n_periods - n_covariates
    return robustness_value(est.estimate / est.se, dof, q=q, alpha=alpha)
