"""Vectorised numpy versions of TWFE + CRV1 and the two-stage (imputation) estimator with its clustered SE.

Used where thousands of fits are needed (coverage tests, the design simulation); each is tested to give the
same estimate **and** standard error as pyfixest (``tests/test_effects_estimators.py``), so a coverage test
of these is a coverage test of the pyfixest calls in :mod:`~.estimators`.

* :func:`twfe_crv1` — balanced panels: FWL with exact two-way demeaning; CRV1 with the fixest small-sample
  correction G/(G−1)·(N−1)/(N−k), k = 1 + number of periods (unit effects nested in unit clusters are not
  counted — pyfixest's default ``k_fixef="nonnested"``).
* :func:`two_stage` — Gardner (2022) / Butts & Gardner (2022, R Journal) did2s: first stage unit + period
  effects on untreated unit-periods, second stage on the residualised outcome; influence function per row
  ``ψ = (x₂ e₂ − x₁'v · e₁) / n₁`` with ``v = (X₁₀'X₁₀)⁻¹ X₁'X₂``, summed by cluster (no small-sample factor,
  as in R ``did2s`` and pyfixest).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import spsolve


def twfe_crv1(y: np.ndarray, d: np.ndarray) -> tuple[float, float]:
    """TWFE coefficient of ``d`` and its CRV1 SE clustered by unit; ``y``, ``d`` are (N units × T periods)."""
    n, t = y.shape

    def dm(a: np.ndarray) -> np.ndarray:
        return a - a.mean(axis=1, keepdims=True) - a.mean(axis=0, keepdims=True) + a.mean()

    yt, xt = dm(y), dm(d.astype(float))
    sxx = float((xt * xt).sum())
    b = float((xt * yt).sum() / sxx)
    e = yt - b * xt
    s = (xt * e).sum(axis=1)
    nobs, k = n * t, 1 + t
    adj = n / (n - 1) * (nobs - 1) / (nobs - k)
    return b, float(np.sqrt(adj * (s**2).sum()) / sxx)


def _fe_matrix(unit: np.ndarray, period: np.ndarray) -> sp.csr_matrix:
    u, ui = np.unique(unit, return_inverse=True)
    p, pi = np.unique(period, return_inverse=True)
    n = len(unit)
    rows = np.arange(n)
    a = sp.csr_matrix((np.ones(n), (rows, ui)), shape=(n, len(u)))
    b = sp.csr_matrix((np.ones(n), (rows, pi)), shape=(n, len(p)))[:, 1:]
    return sp.hstack([a, b]).tocsr()


def two_stage(y: np.ndarray, treated: np.ndarray, unit: np.ndarray, period: np.ndarray,
              cluster: np.ndarray | None = None) -> tuple[float, float]:
    """did2s static ATT and clustered SE from long arrays (one entry per unit-period). ``cluster`` defaults to
    ``unit``. Assumes every unit and period has untreated rows (checked by the callers)."""
    x1 = _fe_matrix(unit, period)
    m = ~treated.astype(bool)
    a = x1[m]
    ata = (a.T @ a).tocsc()
    gamma = spsolve(ata, a.T @ y[m])
    yt = y - x1 @ gamma
    tr = ~m
    n1 = tr.sum()
    beta = float(yt[tr].mean())
    e2 = yt - beta * tr
    e1 = np.where(m, yt, 0.0)
    v = spsolve(ata, np.asarray(x1[tr].sum(axis=0)).ravel())
    psi = (tr * e2 - (x1 @ v) * e1) / n1
    cl = unit if cluster is None else cluster
    _, ci = np.unique(cl, return_inverse=True)
    s = np.bincount(ci, weights=psi)
    return beta, float(np.sqrt((s**2).sum()))
