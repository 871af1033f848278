"""Treatment-effect estimators for unit × period panels, each returning an :class:`~.results.Estimate`.

=========================== ========================================================================================
:func:`twfe`                 two-way fixed effects, ``y ~ D | unit + period`` (pyfixest ``feols``), CRV1 cluster-robust
                             SEs; CRV3 (jackknife) with a warning when clusters are few. **Biased** under staggered
                             adoption with effects that differ by cohort or grow with exposure (Goodman-Bacon 2021;
                             de Chaisemartin & D'Haultfœuille 2020): shown here for comparison only.
:func:`twfe_statsmodels`     the same model with unit and period dummies in statsmodels OLS (the "simple model a
                             reviewer wants to see"; a second package for the same estimand).
:func:`callaway_santanna`    Callaway & Sant'Anna (2021, J. Econometrics 225:200–230) group-time ATT(g,t),
                             unconditional (no covariates), never-treated or not-yet-treated comparison group,
                             aggregated to the simple ATT and by event time; analytic influence-function SEs
                             clustered by unit (or a coarser cluster). Implemented here and checked against the
                             ``differences`` package (see ``tests/test_effects_estimators.py``).
:func:`did2s`                Gardner (2022) two-stage DiD (pyfixest ``did2s``): unit and period effects estimated on
                             untreated unit-periods, treatment effect from the residualised outcome. Its point
                             estimate equals the Borusyak, Jaravel & Spiess (2024, REStud) imputation estimator
                             (:func:`imputation_att`); SEs are Gardner's GMM-corrected, clustered.
:func:`event_study`          event-time coefficients (did2s or Callaway–Sant'Anna) and a Wald pre-trend test.
:func:`dose_twfe`            continuous intensity: ``y ~ dose | unit + period``. Caveats in its docstring.
=========================== ========================================================================================

All estimators check the panel first (:func:`~.panel.check_panel`) and raise
:class:`EffectsError` (a :class:`~kesos_analysis.errors.KesosError`) for designs that cannot identify an
effect (no treated units, treatment collinear with the fixed effects, no comparison units); they warn
(:class:`~.panel.PanelWarning`) for designs that can be estimated but need care (fewer than
:data:`MIN_CLUSTERS` clusters, covariates constant within units, cohorts without a pre-period).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import KesosError
from .panel import PanelColumns, PanelWarning, check_panel
from .results import Estimate, EventStudy

#: Below this many clusters CRV1 tests over-reject (Cameron, Gelbach & Miller 2008, REStat 90:414; MacKinnon &
#: Webb 2017, J. Appl. Econometrics 32:233); :func:`twfe` then switches to CRV3 and warns.
MIN_CLUSTERS = 30
#: Default panel columns (``unit``, ``period``, ``y``, ``treated``), the synthetic panel's names.
DEFAULT_COLUMNS = PanelColumns()
Z975 = float(stats.norm.ppf(0.975))


class EffectsError(KesosError):
    """A panel or design from which the requested effect cannot be estimated (message says why and what to do)."""


# ------------------------------------------------------------------------------------------------ helpers
def _prepare(df: pd.DataFrame, cols: PanelColumns, covariates: tuple[str, ...] = (), *, absorbing: bool = True,
             file: str = "<panel>") -> pd.DataFrame:
    d = check_panel(df, cols, covariates=covariates, file=file, require_absorbing=absorbing, derive=absorbing)
    if d[cols.treatment].sum() == 0:
        raise EffectsError(f"no treated unit-periods in column {cols.treatment!r}: nothing to estimate")
    if d[cols.treatment].min() == 1:
        raise EffectsError(f"every unit-period is treated in column {cols.treatment!r}: there is no comparison")
    return d


def _two_way_residual(d: pd.DataFrame, cols: PanelColumns, x: str, iters: int = 500, tol: float = 1e-10) -> np.ndarray:
    """``x`` with unit and period means swept out: one exact pass for a balanced panel, else alternating
    projections (numpy ``bincount``)."""
    v = d[x].to_numpy(float).copy()
    u, _ = pd.factorize(d[cols.unit])
    p, _ = pd.factorize(d[cols.period])
    nu, npd = np.bincount(u), np.bincount(p)
    if len(v) == len(nu) * len(npd):  # balanced (duplicates were refused by check_panel)
        return v - (np.bincount(u, v) / nu)[u] - (np.bincount(p, v) / npd)[p] + v.mean()
    for _ in range(iters):
        v_old = v.copy()
        v -= (np.bincount(u, v) / nu)[u]
        v -= (np.bincount(p, v) / npd)[p]
        if np.max(np.abs(v - v_old)) < tol:
            break
    return v


def _check_identified(d: pd.DataFrame, cols: PanelColumns, x: str) -> None:
    resid = _two_way_residual(d, cols, x)
    scale = max(float(np.std(d[x].to_numpy(float))), 1e-12)
    if float(np.std(resid)) < 1e-8 * scale:
        raise EffectsError(
            f"singular design: {x!r} is collinear with the unit and period fixed effects (e.g. every unit starts "
            "treatment in the same period and none stays untreated). Add never-treated units or units treated "
            "at other times; no effect can be separated from the period effects otherwise")


def _drop_unit_constant(d: pd.DataFrame, cols: PanelColumns, covariates: tuple[str, ...]) -> tuple[str, ...]:
    keep = []
    for c in covariates:
        if float(d.groupby(cols.unit)[c].std(ddof=0).max()) < 1e-12:
            warnings.warn(f"covariate {c!r} is constant within every unit: it is absorbed by the unit fixed effects "
                          "and is dropped (it cannot be estimated alongside unit effects)", PanelWarning, stacklevel=3)
        else:
            keep.append(c)
    return tuple(keep)


def _clusters(d: pd.DataFrame, cols: PanelColumns, cluster: str | None) -> tuple[str, int]:
    name = cluster or cols.unit
    if name not in d.columns:
        raise EffectsError(f"cluster column {name!r} not in the panel")
    g = int(d[name].nunique())
    if g < 2:
        raise EffectsError(f"only {g} cluster in {name!r}: cluster-robust standard errors need at least 2 (use ≥ "
                           f"{MIN_CLUSTERS})")
    return name, g


def _safe_name(c: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in c)


# ------------------------------------------------------------------------------------------------ TWFE
def twfe(df: pd.DataFrame, cols: PanelColumns = DEFAULT_COLUMNS, *, cluster: str | None = None,
         covariates: tuple[str, ...] = (), inference: str = "auto", x: str | None = None,
         file: str = "<panel>") -> Estimate:
    """Two-way fixed effects ``outcome ~ treatment (+ covariates) | unit + period`` with pyfixest.

    ``inference``: ``"CRV1"`` (cluster-robust, fixest small-sample correction, t with G−1 df), ``"CRV3"``
    (cluster jackknife; better with few clusters, MacKinnon, Nielsen & Webb 2023) or ``"auto"`` (CRV1, or CRV3
    with a :class:`PanelWarning` when there are fewer than :data:`MIN_CLUSTERS` clusters). ``cluster``
    defaults to the unit. ``x`` replaces the regressor of interest (used by :func:`dose_twfe`). Treatment may
    switch off here (TWFE does not need absorbing treatment).
    """
    import pyfixest as pf

    xname = x or cols.treatment
    d = _prepare(df, cols, covariates, absorbing=False, file=file)
    if x is not None and x not in d.columns:
        d[x] = pd.to_numeric(df[x], errors="coerce").to_numpy()
    covariates = _drop_unit_constant(d, cols, covariates)
    cname, g = _clusters(d, cols, cluster)
    notes = []
    kind = inference.upper()
    if kind == "AUTO":
        kind = "CRV1"
        if g < MIN_CLUSTERS:
            kind = "CRV3"
            msg = (f"only {g} clusters (< {MIN_CLUSTERS}): CRV1 over-rejects with few clusters; using CRV3 (cluster "
                   "jackknife) with t({g}−1) critical values").replace("{g}", str(g))
            warnings.warn(msg, PanelWarning, stacklevel=2)
            notes.append(msg)
    elif kind not in ("CRV1", "CRV3"):
        raise EffectsError(f"inference must be 'auto', 'CRV1' or 'CRV3', got {inference!r}")
    elif g < MIN_CLUSTERS:
        msg = f"only {g} clusters (< {MIN_CLUSTERS}): {kind} inference may be unreliable"
        warnings.warn(msg, PanelWarning, stacklevel=2)
        notes.append(msg)
    # integer codes: pyfixest factorises them much faster than text ids (the fit is identical)
    ucode = pd.factorize(d[cols.unit])[0]
    data = pd.DataFrame({"_y": d[cols.outcome].to_numpy(float), "_x": d[xname].to_numpy(float), "_u": ucode,
                         "_t": d[cols.period].to_numpy()})
    ccol = "_u" if cname == cols.unit else "_c"
    if ccol == "_c":
        data["_c"] = pd.factorize(d[cname])[0]
    for c in covariates:
        data[_safe_name(c)] = d[c].to_numpy(float)
    rhs = " + ".join(["_x", *[_safe_name(c) for c in covariates]])
    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            fit = pf.feols(f"_y ~ {rhs} | _u + _t", data=data, vcov={kind: ccol})
        ok = "_x" in list(fit.coef().index) and bool(np.isfinite(fit.se()["_x"]))
    except ValueError:  # pyfixest: "All variables are collinear"
        ok = False
    if not ok:
        _check_identified(d, cols, xname)  # names the problem precisely
        raise EffectsError(f"singular design: {xname!r} could not be estimated (collinear with the fixed effects "
                           "or the covariates)")
    return _from_pyfixest(fit, "_x", estimator="TWFE", outcome=cols.outcome, inference=kind,
                          n_units=d[cols.unit].nunique(),
                          n_periods=d[cols.period].nunique(), n_clusters=g, notes=tuple(notes),
                          specification=f"{cols.outcome} ~ {xname}{''.join(' + ' + c for c in covariates)} | "
                                        f"{cols.unit} + {cols.period}; cluster {cname}",
                          estimand="TWFE coefficient (a weighted average of 2×2 DiDs; not an ATT under "
                                   "heterogeneous staggered effects)")


def _from_pyfixest(fit, coef: str, *, estimator: str, outcome: str, inference: str, n_units: int, n_periods: int,
                   n_clusters: int, notes: tuple[str, ...], specification: str, estimand: str) -> Estimate:
    tidy = fit.tidy()
    row = tidy.loc[coef]
    df_t = float(getattr(fit, "_df_t", n_clusters - 1))
    return Estimate(estimator=estimator, specification=specification, outcome=outcome,
                    estimate=float(row["Estimate"]), se=float(row["Std. Error"]),
                    ci_low=float(row["2.5%"]), ci_high=float(row["97.5%"]), n_obs=int(fit._N), n_units=n_units,
                    n_periods=n_periods, n_clusters=n_clusters, inference=inference, estimand=estimand,
                    df=df_t, p_value=float(row["Pr(>|t|)"]), notes=notes)


def twfe_statsmodels(df: pd.DataFrame, cols: PanelColumns = DEFAULT_COLUMNS, *, cluster: str | None = None,
                     file: str = "<panel>") -> Estimate:
    """TWFE with unit and period dummies in statsmodels OLS, cluster-robust (CRV1) SEs.

    statsmodels' cluster correction is G/(G−1) · (N−1)/(N−K) with K counting every dummy, so its SE is
    slightly larger than fixest's (which does not count unit dummies nested in unit clusters); the point
    estimate is identical. Meant for small panels (it builds the full dummy matrix). t with G−1 df.
    """
    import statsmodels.formula.api as smf

    d = _prepare(df, cols, absorbing=False, file=file)
    _check_identified(d, cols, cols.treatment)
    cname, g = _clusters(d, cols, cluster)
    data = pd.DataFrame({"y": d[cols.outcome].to_numpy(float), "x": d[cols.treatment].to_numpy(float),
                         "u": d[cols.unit].astype(str).to_numpy(), "t": d[cols.period].astype(str).to_numpy()})
    groups = pd.factorize(d[cname])[0]
    fit = smf.ols("y ~ x + C(u) + C(t)", data=data).fit(cov_type="cluster", cov_kwds={"groups": groups},
                                                       use_t=True, df_correction=True)
    b, se = float(fit.params["x"]), float(fit.bse["x"])
    crit = float(stats.t.ppf(0.975, g - 1))
    return Estimate(estimator="TWFE (statsmodels dummies)", outcome=cols.outcome,
                    specification=f"OLS {cols.outcome} ~ {cols.treatment} + C({cols.unit}) + C({cols.period}); "
                                  f"cluster {cname}",
                    estimate=b, se=se, ci_low=b - crit * se, ci_high=b + crit * se, n_obs=int(fit.nobs),
                    n_units=int(d[cols.unit].nunique()), n_periods=int(d[cols.period].nunique()), n_clusters=g,
                    inference="CRV1 (statsmodels)", df=g - 1, p_value=float(2 * stats.t.sf(abs(b / se), g - 1)),
                    estimand="TWFE coefficient")


def dose_twfe(df: pd.DataFrame, cols: PanelColumns, *, cluster: str | None = None, inference: str = "auto",
              file: str = "<panel>") -> Estimate:
    """Continuous intensity: ``outcome ~ intensity | unit + period`` (pyfixest, CRV1/CRV3 as in :func:`twfe`).

    The coefficient is the change in the outcome per unit of intensity (e.g. per 1.0 = 100 percentage points
    of PPPK share). Caveats (Callaway, Goodman-Bacon & Sant'Anna 2024, "Difference-in-differences with a
    continuous treatment"): it is a causal average only under *strong* parallel trends (units at every dose
    would have had the outcome path of units at every other dose), it mixes comparisons between doses with
    comparisons over time, and under staggered timing or effects that are not linear in the dose its weights
    can be negative. Report it next to the binary estimators, never alone.
    """
    if cols.intensity is None:
        raise EffectsError("dose_twfe needs PanelColumns(intensity=...) naming the dose column")
    est = twfe(df, PanelColumns(cols.unit, cols.period, cols.outcome, cols.treatment, cols.intensity),
               cluster=cluster, inference=inference, x=cols.intensity, file=file)
    return Estimate(**{**est.__dict__, "estimator": "TWFE dose",
                       "estimand": "change in outcome per unit of intensity (strong parallel trends)"})


# ------------------------------------------------------------------------------------ Callaway–Sant'Anna
@dataclass(frozen=True)
class CSResult:
    """Callaway–Sant'Anna output: ``att_gt`` (columns ``group``, ``period``, ``rel_time``, ``att``, ``se``,
    ``ci_low``, ``ci_high``, ``n_treated``, ``n_control``, ``post``), the simple aggregate ``overall``
    (an :class:`Estimate`) and the event-time aggregation ``event`` (an :class:`EventStudy`)."""

    att_gt: pd.DataFrame
    overall: Estimate
    event: EventStudy


def _balanced_matrix(d: pd.DataFrame, cols: PanelColumns) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    wide = d.pivot(index=cols.unit, columns=cols.period, values=cols.outcome)
    if wide.isna().any().any():
        bad = wide.index[wide.isna().any(axis=1)].tolist()
        raise EffectsError(f"Callaway–Sant'Anna here needs a balanced panel: {len(bad)} unit(s) miss periods "
                           f"(e.g. {', '.join(map(str, bad[:5]))}); drop them or fill the missing periods")
    g = d.groupby(cols.unit)["first_treat"].first().reindex(wide.index).to_numpy()
    return wide.to_numpy(float), g, wide.columns.to_numpy(), wide.index.to_numpy()


def _cluster_se(inf: np.ndarray, cl: np.ndarray | None, n: int) -> np.ndarray:
    """SE(s) from influence functions ``inf`` (n × k): sqrt(Σ_c (Σ_{i∈c} ψ_i)²)/n, × √(G/(G−1)) if clustered."""
    if cl is None:
        return np.sqrt((inf**2).sum(axis=0)) / n
    s = pd.DataFrame(inf).groupby(cl).sum().to_numpy()
    gq = s.shape[0]
    return np.sqrt((s**2).sum(axis=0) * gq / (gq - 1)) / n


def _cluster_cov(inf: np.ndarray, cl: np.ndarray | None, n: int) -> np.ndarray:
    if cl is None:
        return inf.T @ inf / n**2
    s = pd.DataFrame(inf).groupby(cl).sum().to_numpy()
    gq = s.shape[0]
    return s.T @ s / n**2 * gq / (gq - 1)


def _aggregate(att: np.ndarray, inf: np.ndarray, keep: np.ndarray, cell_group: np.ndarray, unit_group: np.ndarray
               ) -> tuple[float, np.ndarray]:
    """Weighted average of ATT(g,t) cells ``keep`` with weights ∝ P(G=g), and its influence function including
    the estimated-weights term (as in the R package ``did``, ``wif``)."""
    n = unit_group.shape[0]
    groups = cell_group[keep]
    pg = np.array([(unit_group == gg).mean() for gg in groups])
    s = pg.sum()
    w = pg / s
    ind = (unit_group[:, None] == groups[None, :]).astype(float)
    if1 = (ind - pg[None, :]) / s
    if2 = (ind - pg[None, :]).sum(axis=1)[:, None] * (pg / s**2)[None, :]
    wif = if1 - if2
    theta = float(w @ att[keep])
    psi = inf[:, keep] @ w + wif @ att[keep]
    assert psi.shape == (n,)
    return theta, psi


def callaway_santanna(df: pd.DataFrame, cols: PanelColumns = DEFAULT_COLUMNS, *, control: str = "never",
                      cluster: str | None = None, file: str = "<panel>") -> CSResult:
    """Callaway–Sant'Anna (2021) ATT(g,t) without covariates on a balanced panel; simple and event-time aggregates.

    ``control``: ``"never"`` (never-treated units) or ``"notyet"`` (never-treated plus units not yet treated
    by period max(t, base)). Post-treatment cells use base period g−1; pre-treatment cells the previous period
    ("varying" base, as the R package ``did``), so pre-period event-time coefficients test parallel trends
    period by period. Cohorts treated in the first period have no pre-period and are left out (warned).
    SEs from influence functions, clustered by unit, or by ``cluster`` (a column constant within units).
    CIs are pointwise normal 95 %.
    """
    d = _prepare(df, cols, file=file)
    y, g_unit, periods, units = _balanced_matrix(d, cols)
    n = len(units)
    cl = None
    n_clusters = n
    if cluster is not None and cluster != cols.unit:
        cmap = d.groupby(cols.unit)[cluster].nunique()
        if (cmap > 1).any():
            raise EffectsError(f"cluster column {cluster!r} must be constant within each unit")
        cl = d.groupby(cols.unit)[cluster].first().reindex(units).to_numpy()
        n_clusters = int(pd.Series(cl).nunique())
        if n_clusters < 2:
            raise EffectsError(f"only {n_clusters} cluster in {cluster!r}")
    notes: list[str] = []
    if n_clusters < MIN_CLUSTERS:
        msg = f"only {n_clusters} clusters (< {MIN_CLUSTERS}): analytic influence-function SEs may be too small"
        warnings.warn(msg, PanelWarning, stacklevel=2)
        notes.append(msg)
    first = periods[0]
    cohorts = sorted(int(c) for c in np.unique(g_unit) if c > 0)
    dropped = [c for c in cohorts if c <= first]
    if dropped:
        msg = f"cohort(s) {dropped} treated in the first period have no pre-period and are left out"
        warnings.warn(msg, PanelWarning, stacklevel=2)
        notes.append(msg)
    cohorts = [c for c in cohorts if c > first]
    if not cohorts:
        raise EffectsError("no cohort has a pre-treatment period: nothing can be estimated")
    if control not in ("never", "notyet"):
        raise EffectsError(f"control must be 'never' or 'notyet', got {control!r}")
    if control == "never" and not (g_unit == 0).any():
        raise EffectsError("no never-treated units: use control='notyet' (not-yet-treated units as comparison) or "
                           "add never-treated units")
    pos = {int(p): k for k, p in enumerate(periods)}
    rows, infs = [], []
    for gg in cohorts:
        gi = pos.get(gg)
        if gi is None:
            raise EffectsError(f"first-treatment period {gg} is not a period of the panel")
        treat = g_unit == gg
        for ti in range(1, len(periods)):
            base = gi - 1 if ti >= gi else ti - 1
            t_val = periods[ti]
            if control == "never":
                ctrl = g_unit == 0
            else:
                later = periods[max(ti, base)]
                ctrl = (g_unit == 0) | ((g_unit > later) & (g_unit != gg))
            if not ctrl.any():
                continue
            dy = y[:, ti] - y[:, base]
            m_t, m_c = dy[treat].mean(), dy[ctrl].mean()
            nt, nc = int(treat.sum()), int(ctrl.sum())
            psi = np.where(treat, n / nt * (dy - m_t), 0.0) - np.where(ctrl, n / nc * (dy - m_c), 0.0)
            rows.append({"group": gg, "period": int(t_val), "rel_time": int(t_val) - gg, "att": m_t - m_c,
                         "n_treated": nt, "n_control": nc, "post": ti >= gi})
            infs.append(psi)
    if not rows:
        raise EffectsError("no comparison units for any group-time cell: every unit is treated by the last period "
                           "and none is never treated; Callaway–Sant'Anna cannot be estimated")
    att_gt = pd.DataFrame(rows)
    inf = np.column_stack(infs)
    se = _cluster_se(inf, cl, n)
    att_gt["se"] = se
    att_gt["ci_low"] = att_gt["att"] - Z975 * se
    att_gt["ci_high"] = att_gt["att"] + Z975 * se
    att = att_gt["att"].to_numpy()
    cell_group = att_gt["group"].to_numpy()
    post = att_gt["post"].to_numpy()
    if not post.any():
        raise EffectsError("no post-treatment group-time cell has comparison units (with control='notyet' every "
                           "later cohort is already treated); add never-treated units")
    theta, psi = _aggregate(att, inf, post, cell_group, g_unit)
    s = float(_cluster_se(psi[:, None], cl, n)[0])
    label = "never-treated" if control == "never" else "not-yet-treated"
    overall = Estimate(estimator="Callaway–Sant'Anna", outcome=cols.outcome,
                       specification=f"ATT(g,t), {label} comparison, no covariates, simple aggregation",
                       estimate=theta, se=s, ci_low=theta - Z975 * s, ci_high=theta + Z975 * s, n_obs=int(len(d)),
                       n_units=n, n_periods=len(periods), n_clusters=n_clusters,
                       inference="influence function"
                       + (" (unit clusters)" if cl is None else f" (clusters {cluster})"),
                       estimand="ATT over treated unit-periods", p_value=float(2 * stats.norm.sf(abs(theta / s))),
                       notes=tuple(notes))
    # event-time aggregation
    rel = att_gt["rel_time"].to_numpy()
    ev_rows, ev_psi = [], []
    for e in sorted(set(rel.tolist())):
        keep = rel == e
        th, ps = _aggregate(att, inf, keep, cell_group, g_unit)
        ev_rows.append({"rel_time": int(e), "estimate": th, "n_obs": int(att_gt.loc[keep, "n_treated"].sum())})
        ev_psi.append(ps)
    ev = pd.DataFrame(ev_rows)
    ev_inf = np.column_stack(ev_psi)
    ev["se"] = _cluster_se(ev_inf, cl, n)
    ev["ci_low"] = ev["estimate"] - Z975 * ev["se"]
    ev["ci_high"] = ev["estimate"] + Z975 * ev["se"]
    pre = (ev["rel_time"] < 0).to_numpy()
    stat, dfw, p = (_wald(ev["estimate"].to_numpy()[pre], _cluster_cov(ev_inf[:, pre], cl, n)) if pre.any()
                    else (None, None, None))
    event = EventStudy(estimator="Callaway–Sant'Anna", outcome=cols.outcome,
                       table=ev[["rel_time", "estimate", "se", "ci_low", "ci_high", "n_obs"]], reference=None,
                       pretrend_stat=stat, pretrend_df=dfw, pretrend_p=p, n_units=n, n_periods=len(periods),
                       n_clusters=n_clusters, inference=overall.inference, notes=tuple(notes))
    return CSResult(att_gt=att_gt, overall=overall, event=event)


def _wald(b: np.ndarray, v: np.ndarray) -> tuple[float, int, float]:
    """Wald χ² statistic that all of ``b`` are zero (pseudo-inverse if ``v`` is singular), df, p-value."""
    k = int(np.linalg.matrix_rank(v))
    stat = float(b @ np.linalg.pinv(v) @ b)
    return stat, k, float(stats.chi2.sf(stat, k))


# ------------------------------------------------------------------------------------- imputation / did2s
def imputation_att(df: pd.DataFrame, cols: PanelColumns = DEFAULT_COLUMNS, *,
                   file: str = "<panel>") -> tuple[float, pd.DataFrame]:
    """Borusyak–Jaravel–Spiess imputation point estimate (no SE): fit unit + period effects on untreated
    unit-periods by OLS, impute Y(0) for treated ones, average ``y − Ŷ(0)`` over treated unit-periods.

    Returns ``(att, frame)`` where ``frame`` holds the treated rows with ``tau_hat``. Used to cross-check
    pyfixest's did2s and by :mod:`~.design`. Raises :class:`EffectsError` when a treated unit has no
    untreated period or a treated period has no untreated unit (the effect is then not imputable).
    """
    import scipy.sparse as sp
    from scipy.sparse.linalg import lsqr

    d = _prepare(df, cols, file=file)
    untreated = d[d[cols.treatment] == 0]
    treated = d[d[cols.treatment] == 1]
    u_codes, u_index = pd.factorize(d[cols.unit])
    t_codes, t_index = pd.factorize(d[cols.period])
    miss_u = set(treated[cols.unit]) - set(untreated[cols.unit])
    miss_t = set(treated[cols.period]) - set(untreated[cols.period])
    if miss_u or miss_t:
        raise EffectsError("imputation needs an untreated period for every treated unit and an untreated unit in "
                           f"every treated period; missing for units {sorted(miss_u)[:5]} periods {sorted(miss_t)[:5]}")
    m = (d[cols.treatment] == 0).to_numpy()
    nu, nt = len(u_index), len(t_index)
    rows = np.arange(m.sum())
    a = sp.hstack([sp.csr_matrix((np.ones(m.sum()), (rows, u_codes[m])), shape=(m.sum(), nu)),
                   sp.csr_matrix((np.ones(m.sum()), (rows, t_codes[m])), shape=(m.sum(), nt))[:, 1:]]).tocsr()
    sol = lsqr(a, d[cols.outcome].to_numpy(float)[m], atol=1e-12, btol=1e-12, iter_lim=10000)[0]
    alpha, lam = sol[:nu], np.concatenate([[0.0], sol[nu:]])
    tm = ~m
    y0 = alpha[u_codes[tm]] + lam[t_codes[tm]]
    out = d[tm].copy()
    out["tau_hat"] = d[cols.outcome].to_numpy(float)[tm] - y0
    return float(out["tau_hat"].mean()), out


def did2s(df: pd.DataFrame, cols: PanelColumns = DEFAULT_COLUMNS, *, cluster: str | None = None,
          file: str = "<panel>") -> Estimate:
    """Gardner (2022) two-stage DiD with pyfixest: first stage ``y ~ 0 | unit + period`` on untreated unit-periods,
    second stage ``residual ~ treatment``; GMM-corrected SEs clustered by ``cluster`` (default: unit), normal CI.

    The point estimate is the BJS imputation ATT over treated unit-periods (equal to :func:`imputation_att`).
    """
    import pyfixest as pf

    d = _prepare(df, cols, file=file)
    cname, g = _clusters(d, cols, cluster)
    notes = []
    if g < MIN_CLUSTERS:
        msg = f"only {g} clusters (< {MIN_CLUSTERS}): clustered did2s SEs may be too small"
        warnings.warn(msg, PanelWarning, stacklevel=2)
        notes.append(msg)
    imputation_att(d, cols)  # raises a clear error when the effect is not imputable
    data = pd.DataFrame({"y": d[cols.outcome].to_numpy(float), "D": d[cols.treatment].to_numpy(int),
                         "u": pd.factorize(d[cols.unit])[0], "t": d[cols.period].to_numpy(),
                         "c": pd.factorize(d[cname])[0]})
    fit = pf.did2s(data, yname="y", first_stage="~ 0 | u + t", second_stage="~ D", treatment="D", cluster="c")
    b = float(fit.coef()["D"])
    s = float(fit.se()["D"])
    return Estimate(estimator="did2s (imputation)", outcome=cols.outcome,
                    specification=f"two-stage: {cols.outcome} ~ 0 | {cols.unit} + {cols.period} on untreated; "
                                  f"residual ~ {cols.treatment}; cluster {cname}",
                    estimate=b, se=s, ci_low=b - Z975 * s, ci_high=b + Z975 * s, n_obs=int(len(d)),
                    n_units=int(d[cols.unit].nunique()), n_periods=int(d[cols.period].nunique()), n_clusters=g,
                    inference=f"GMM two-stage, clustered by {cname}", estimand="ATT over treated unit-periods",
                    p_value=float(2 * stats.norm.sf(abs(b / s))), notes=tuple(notes))


def event_study(df: pd.DataFrame, cols: PanelColumns = DEFAULT_COLUMNS, *, estimator: str = "did2s",
                cluster: str | None = None, file: str = "<panel>") -> EventStudy:
    """Event-time effects and a pre-trend test.

    ``estimator="did2s"``: pyfixest two-stage event study, relative-time dummies for every observed event time
    of treated units with reference −1 (never-treated units carry no dummy), SEs clustered by ``cluster``;
    the pre-trend test is the Wald test that all leads (event times < −1) are zero. ``"cs"``: the event-time
    aggregation of :func:`callaway_santanna` (its test uses all pre-period coefficients).
    """
    if estimator == "cs":
        return callaway_santanna(df, cols, cluster=cluster, file=file,
                                 control="never" if (check_panel(df, cols, file=file)["first_treat"] == 0).any()
                                 else "notyet").event
    if estimator != "did2s":
        raise EffectsError(f"estimator must be 'did2s' or 'cs', got {estimator!r}")
    import pyfixest as pf

    d = _prepare(df, cols, file=file)
    cname, g = _clusters(d, cols, cluster)
    imputation_att(d, cols)
    rel = d["rel_time"].fillna(-1).astype(int)  # never treated: reference category (no dummy)
    data = pd.DataFrame({"y": d[cols.outcome].to_numpy(float), "D": d[cols.treatment].to_numpy(int),
                         "u": pd.factorize(d[cols.unit])[0], "t": d[cols.period].to_numpy(),
                         "c": pd.factorize(d[cname])[0], "rel": rel.to_numpy()})
    fit = pf.did2s(data, yname="y", first_stage="~ 0 | u + t", second_stage="~ i(rel, ref=-1)", treatment="D",
                   cluster="c")
    coefs, ses = fit.coef(), fit.se()
    names = list(coefs.index)
    vals = []
    for nm in names:
        e = int(float(nm.split("::")[-1].rstrip("]").split("T.")[-1]))
        vals.append(e)
    tab = pd.DataFrame({"rel_time": vals, "estimate": coefs.to_numpy(float), "se": ses.to_numpy(float)})
    tab["n_obs"] = tab["rel_time"].map(d.loc[d["first_treat"] > 0, "rel_time"].value_counts()).astype("Int64")
    ref = pd.DataFrame({"rel_time": [-1], "estimate": [0.0], "se": [np.nan],
                        "n_obs": [int((d["rel_time"] == -1).sum())]})
    tab = pd.concat([tab, ref], ignore_index=True).sort_values("rel_time").reset_index(drop=True)
    tab["n_obs"] = tab["n_obs"].astype("Int64")
    tab["ci_low"] = tab["estimate"] - Z975 * tab["se"]
    tab["ci_high"] = tab["estimate"] + Z975 * tab["se"]
    lead_idx = [i for i, e in enumerate(vals) if e < -1]
    if lead_idx:
        vcov = np.asarray(fit._vcov)
        stat, dfw, p = _wald(coefs.to_numpy(float)[lead_idx], vcov[np.ix_(lead_idx, lead_idx)])
    else:
        stat = dfw = p = None
    notes = []
    if g < MIN_CLUSTERS:
        notes.append(f"only {g} clusters (< {MIN_CLUSTERS})")
    return EventStudy(estimator="did2s", outcome=cols.outcome,
                      table=tab[["rel_time", "estimate", "se", "ci_low", "ci_high", "n_obs"]], reference=-1,
                      pretrend_stat=stat, pretrend_df=dfw, pretrend_p=p, n_units=int(d[cols.unit].nunique()),
                      n_periods=int(d[cols.period].nunique()), n_clusters=g,
                      inference=f"GMM two-stage, clustered by {cname}", notes=tuple(notes))


#: Estimators by the names used in notebook parameters and recorded keys.
ESTIMATORS = ("twfe", "cs", "did2s")


def estimate_all(df: pd.DataFrame, cols: PanelColumns, estimators: tuple[str, ...] | list[str] = ESTIMATORS, *,
                 cluster: str | None = None, file: str = "<panel>") -> list[Estimate]:
    """Run several estimators (names in :data:`ESTIMATORS`) on one panel; returns their estimates in order.

    ``cs`` uses never-treated comparison units when the panel has any, else not-yet-treated ones.
    """
    d = check_panel(df, cols, file=file)
    out = []
    for name in estimators:
        if name == "twfe":
            out.append(twfe(d, cols, cluster=cluster, file=file))
        elif name == "cs":
            control = "never" if (d["first_treat"] == 0).any() else "notyet"
            out.append(callaway_santanna(d, cols, cluster=cluster, control=control, file=file).overall)
        elif name == "did2s":
            out.append(did2s(d, cols, cluster=cluster, file=file))
        else:
            raise EffectsError(f"unknown estimator {name!r}; known: {', '.join(ESTIMATORS)}")
    return out
