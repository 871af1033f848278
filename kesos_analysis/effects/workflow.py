"""What the effects notebook needs, as data: the panel to analyse, estimates by name, planted-vs-estimated
comparison on the SYNTHETIC panel, recorded-value entries and small summaries for the narrative.

No formatting and no language here (the report layer does that).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..data.synthetic_panel import generate_panel
from . import design
from .estimators import EffectsError, callaway_santanna, did2s, dose_twfe, event_study, twfe
from .panel import PanelColumns, PanelWarning, check_panel, read_panel
from .results import Estimate, EventStudy
from .sensitivity import RobustnessValue, estimate_robustness

#: The synthetic default of the notebook: 120 units × 10 periods, three cohorts, 30 % never treated,
#: heterogeneous and dynamic effects, doses between 0.3 and 1 (see :func:`generate_panel`).
SYNTHETIC_DESIGN = dict(n_units=120, n_periods=10, cohorts=(4, 6, 8), never_share=0.3, effect=-1.0,
                        heterogeneity=0.5, dynamic=0.15, dose_range=(0.3, 1.0))
#: Estimator keys (notebook parameter ``estimators`` and recorded keys ``effects.<key>.<outcome>.*``).
ESTIMATOR_KEYS = ("twfe", "cs", "did2s")


@dataclass(frozen=True)
class PanelRun:
    """A checked panel and how to read it: ``synthetic`` is True for the generated default (``planted``
    then holds the true ATTs); ``label`` names the file (or "SYNTHETIC")."""

    frame: pd.DataFrame
    cols: PanelColumns
    synthetic: bool
    label: str
    planted: dict = field(default_factory=dict)


def prepare(panel_path: str | None, unit: str = "unit", outcome: str = "y", treatment: str = "treated",
            seed: int = 20261202) -> PanelRun:
    """The panel to analyse: the SYNTHETIC default (``panel_path`` None; columns ``unit``, ``period``, ``y``,
    ``treated``, dose in ``dose``) or a panel file (CSV/XLSX/Parquet) read with :func:`read_panel`, whose
    period column must be ``period`` or ``year``. Raises the panel's :class:`DataValidationError`."""
    if panel_path is None:
        df = generate_panel(**SYNTHETIC_DESIGN, seed=seed)
        cols = PanelColumns("unit", "period", "y", "treated", intensity="dose")
        return PanelRun(check_panel(df, cols, file="SYNTHETIC"), cols, True, "SYNTHETIC", df.attrs["planted"])
    head = pd.read_csv(panel_path, nrows=0).columns if str(panel_path).lower().endswith(".csv") else None
    period = "year" if head is not None and "year" in head and "period" not in head else "period"
    cols = PanelColumns(unit, period, outcome, treatment)
    return PanelRun(read_panel(panel_path, cols), cols, False, Path(panel_path).name, {})


def estimate(run: PanelRun, estimators: list[str] | tuple[str, ...]) -> dict[str, Estimate]:
    """Estimates by key (``twfe``, ``cs``, ``did2s``; unknown keys raise :class:`EffectsError`). Panel warnings
    (few clusters …) are kept in each estimate's ``notes`` rather than printed."""
    out = {}
    for key in estimators:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PanelWarning)
            if key == "twfe":
                out[key] = twfe(run.frame, run.cols)
            elif key == "cs":
                control = "never" if (run.frame["first_treat"] == 0).any() else "notyet"
                out[key] = callaway_santanna(run.frame, run.cols, control=control).overall
            elif key == "did2s":
                out[key] = did2s(run.frame, run.cols)
            else:
                raise EffectsError(f"unknown estimator {key!r}; known: {', '.join(ESTIMATOR_KEYS)}")
    return out


def estimates_table(ests: dict[str, Estimate], planted: dict | None = None) -> pd.DataFrame:
    """One row per estimate: ``key``, ``estimator``, ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n_units_count``,
    ``n_periods_count``, ``n_clusters_count``, ``inference``; with ``planted`` (synthetic) also ``planted``,
    ``bias`` (estimate − planted) and ``covers`` (True if the 95 % CI contains the planted ATT)."""
    rows = []
    for key, e in ests.items():
        row = {"key": key, "estimator": e.estimator, "estimate": e.estimate, "se": e.se, "ci_low": e.ci_low,
               "ci_high": e.ci_high, "n_units_count": e.n_units, "n_periods_count": e.n_periods,
               "n_clusters_count": e.n_clusters, "inference": e.inference}
        if planted:
            truth = planted["att"]
            row.update({"planted": truth, "bias": e.estimate - truth, "covers": e.covers(truth)})
        rows.append(row)
    return pd.DataFrame(rows)


def recorded_values(ests: dict[str, Estimate], run: PanelRun) -> dict[str, dict]:
    """Entries ``{"effects.<key>.<outcome>.att|se|ci_low|ci_high": {"value", "unit", "rtol"}}`` for
    :func:`kesos_analysis.report.values.record` (the priors loader reads these by name). The unit names the
    outcome column and says SYNTHETIC for the generated panel; rtol 1e-6 (iterative demeaning in pyfixest)."""
    unit = f"{run.cols.outcome} (outcome units" + ("; SYNTHETIC data)" if run.synthetic else f"; {run.label})")
    out = {}
    for key, e in ests.items():
        base = f"effects.{key}.{run.cols.outcome}"
        for name, v in (("att", e.estimate), ("se", e.se), ("ci_low", e.ci_low), ("ci_high", e.ci_high)):
            out[f"{base}.{name}"] = {"value": _sig(v), "unit": unit, "rtol": 1e-6}
    return out


def _sig(v: float | None, digits: int = 10) -> float | None:
    """``v`` rounded to ``digits`` significant digits: enough for ``rtol`` 1e-6, and no 16-digit runs that the
    personal-data check would take for a NIK (``data.privacy.find_nik_like``)."""
    return None if v is None else float(f"{float(v):.{digits}g}")


@dataclass(frozen=True)
class Headline:
    """Raw values for the summary: the preferred heterogeneity-robust estimate (did2s, else CS, else TWFE), the
    TWFE estimate when run, the event study and the robustness value of the preferred estimate."""

    key: str
    est: Estimate
    twfe: Estimate | None
    event: EventStudy
    robustness: RobustnessValue
    dose: Estimate | None

    @property
    def rv_percent(self) -> float:
        """Robustness value RV₁ in persen."""
        return 100 * self.robustness.rv_q

    @property
    def rv_alpha_percent(self) -> float:
        """Robustness value RV₁,₀.₀₅ in persen."""
        return 100 * self.robustness.rv_q_alpha


def headline(run: PanelRun, ests: dict[str, Estimate]) -> Headline:
    """:class:`Headline` of a panel run (event study by did2s when it was requested, else Callaway–Sant'Anna)."""
    key = next(k for k in ("did2s", "cs", "twfe") if k in ests)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PanelWarning)
        ev = event_study(run.frame, run.cols, estimator="did2s" if "did2s" in ests else "cs")
        dose = dose_twfe(run.frame, run.cols) if run.cols.intensity else None
    return Headline(key, ests[key], ests.get("twfe"), ev, estimate_robustness(ests[key]), dose)


def event_table(ev: EventStudy) -> pd.DataFrame:
    """The event-study table with a ``phase`` column: ``"pre"`` (before treatment) or ``"post"``."""
    tab = ev.table.copy()
    tab["phase"] = ["pre" if e < 0 else "post" for e in tab["rel_time"]]
    return tab


@dataclass(frozen=True)
class DesignSummary:
    """Raw values for the roll-out section (MDE in outcome units, persen points of P0 for the calibration)."""

    calibration: design.Calibration
    kabkota: design.Calibration
    grid: pd.DataFrame
    mde_all_random: float
    mde_100_random: float
    n_all: int
    n_periods_best: int
    poorest_first_bias: float
    poorest_first_bias_over_mde: float

    @property
    def noise_factor(self) -> float:
        """Kab/kota noise relative to province noise (assumption, :data:`design.KABKOTA_NOISE_FACTOR`)."""
        return self.kabkota.sd_noise / self.calibration.sd_noise


#: Number of kab/kota in Indonesia (416 kabupaten + 98 kota = 514). Source: Kepmendagri 300.2.2-2430/2025
#: via ``data/raw/regions/provinces.csv`` (``n_kabupaten``, ``n_kota``).
def _n_kabkota() -> int:
    from ..data.regions import province_reference

    ref = province_reference()
    return int(ref["n_kabupaten"].sum() + ref["n_kota"].sum())


def design_summary(seed: int = 20261202, reps: int = 200) -> DesignSummary:
    """Calibrate on the real province P0 panel, derive kab/kota parameters, and simulate the MDE grid
    (50, 100, 200 and all kab/kota × 4 and 6 years × random vs poorest-first, 3 waves). ``mde_*_random`` is the
    smaller MDE of the two durations (more years can *raise* the MDE: unit-specific trends accumulate)."""
    cal = design.calibrate_poverty_panel()
    kab = design.kabkota_parameters(cal)
    n_all = _n_kabkota()
    grid = design.mde_grid(kab, n_units=(50, 100, 200, n_all), n_periods=(4, 6), reps=reps, seed=seed)
    grid["design"] = grid["phasing"] + "_" + grid["n_periods"].astype(str)
    rnd = grid.loc[grid["phasing"] == "random"]
    best = rnd.loc[rnd.groupby("n_units")["mde"].idxmin()].set_index("n_units")
    pf = grid.loc[grid["phasing"] == "poorest_first"]
    worst = pf.loc[pf["bias"].abs().idxmax()]
    return DesignSummary(cal, kab, grid, float(best.at[n_all, "mde"]), float(best.at[100, "mde"]), n_all,
                         int(best.at[n_all, "n_periods"]), float(worst["bias"]),
                         float(abs(worst["bias"]) / worst["mde"]))


def design_values(ds: DesignSummary) -> dict[str, dict]:
    """Recorded entries of the design section (MDE and bias in persen points of P0 at kab/kota level)."""
    pp = "percentage points of P0 (kab/kota, simulated)"
    out = {"effects.design.kabkota.mde_all_random_pp": {"value": ds.mde_all_random, "unit": pp, "rtol": 1e-6},
            "effects.design.kabkota.mde_100_random_pp": {"value": ds.mde_100_random, "unit": pp, "rtol": 1e-6},
            "effects.design.kabkota.poorest_first_bias_pp": {"value": ds.poorest_first_bias, "unit": pp, "rtol": 1e-6},
            "effects.design.province.sd_noise_pp": {"value": ds.calibration.sd_noise, "unit": "percentage points of P0",
                                                    "rtol": 1e-6},
            "effects.design.province.rho": {"value": ds.calibration.rho, "unit": "autocorrelation (1 year)",
                                            "rtol": 1e-6},
            "effects.design.province.kappa_per_year": {"value": ds.calibration.kappa,
                                                       "unit": "pp a year per pp of P0 level", "rtol": 1e-6}}
    return {k: {**v, "value": _sig(v["value"])} for k, v in out.items()}


def calibration_table(ds: DesignSummary) -> pd.DataFrame:
    """Calibration parameters, province (estimated) and kab/kota (derived), one row each: ``parameter``,
    ``province``, ``kabkota``."""
    names = ["sd_unit", "sd_period", "kappa", "sd_trend", "sd_noise", "rho"]
    return pd.DataFrame({"parameter": names, "province": [getattr(ds.calibration, n) for n in names],
                         "kabkota": [getattr(ds.kabkota, n) for n in names]})


#: Design codes of the MDE figure, in legend order (``phasing_years``). Only randomised phasing: the MDE of a
#: biased design (poorest first) is not a meaningful figure; its bias is shown in :func:`mde_table`.
DESIGN_CODES = ("random_4", "random_6")


def mde_table(ds: DesignSummary) -> pd.DataFrame:
    """One row per number of kab/kota: ``n_units_count``; ``mde_random_4y_pp``, ``mde_random_6y_pp`` (MDE at 80 %
    power, randomised order, 4 or 6 years); ``bias_poorest_first_4y_pp``, ``bias_poorest_first_6y_pp`` (mean
    estimate when the true effect is zero, poorest first). Persen points of P0."""
    g = ds.grid
    wide = g.pivot_table(index="n_units", columns=["phasing", "n_periods"], values=["mde", "bias"])
    out = pd.DataFrame({"n_units_count": wide.index.astype(int)})
    for t in sorted(g["n_periods"].unique()):
        out[f"mde_random_{t}y_pp"] = wide[("mde", "random", t)].to_numpy()
    for t in sorted(g["n_periods"].unique()):
        out[f"bias_poorest_first_{t}y_pp"] = wide[("bias", "poorest_first", t)].to_numpy()
    return out


def mde_long(ds: DesignSummary, names: dict[str, str]) -> pd.DataFrame:
    """The MDE of the randomised designs for a figure: ``n_units``, ``mde`` and ``design`` (display name from
    ``names``, keyed by :data:`DESIGN_CODES`)."""
    g = ds.grid[ds.grid["design"].isin(DESIGN_CODES)]
    return pd.DataFrame({"n_units": g["n_units"], "mde": g["mde"], "design": [names[c] for c in g["design"]]})


def narrative(run: PanelRun, head: Headline, support, ds: DesignSummary) -> dict[str, dict]:
    """Raw values for each text of the effects report, keyed by text key (``title`` holds the summary). Numbers
    stay numbers; the report layer formats them."""
    e, ev, cal = head.est, head.event, ds.calibration
    return {
        "title": {"outcome": run.cols.outcome, "estimator": e.estimator, "data": run.label, "att": e.estimate,
                  "ci_low": e.ci_low, "ci_high": e.ci_high, "n_units": e.n_units, "n_periods": e.n_periods,
                  "n_provinces": support.n_provinces_p0, "n_rounds": support.n_rounds_p0,
                  "n_staff_cells": support.n_staff_cells, "share": support.share_of_p0_cells_percent,
                  "n_all": ds.n_all, "mde_all": ds.mde_all_random, "mde_100": ds.mde_100_random,
                  "bias": ds.poorest_first_bias},
        "banner_file": {"label": run.label, "n_units": e.n_units, "n_periods": e.n_periods,
                        "outcome": run.cols.outcome, "treatment": run.cols.treatment},
        "event_text": {"estimator": ev.estimator, "stat": ev.pretrend_stat, "df": ev.pretrend_df, "p": ev.pretrend_p},
        "validation_text": {"planted": run.planted.get("att")},
        "sensitivity_text": {"estimator": e.estimator, "rv": head.rv_percent, "rva": head.rv_alpha_percent},
        "dose_text": {} if head.dose is None else {"est": head.dose.estimate, "lo": head.dose.ci_low,
                                                    "hi": head.dose.ci_high},
        "dose_planted": {"planted": run.planted.get("att_per_dose")},
        "public_text": {"n_provinces": support.n_provinces_p0, "n_rounds": support.n_rounds_p0,
                        "n_cells": support.n_cells_p0, "n_rows": support.n_staff_rows,
                        "n_staff_cells": support.n_staff_cells, "n_staff_provinces": support.n_staff_provinces,
                        "share": support.share_of_p0_cells_percent, "n_two": support.n_provinces_two_years},
        "design_text": {"first_year": cal.years[0], "last_year": cal.years[-1], "n_prov": cal.n_units,
                        "rho": cal.rho, "kappa": cal.kappa, "factor": ds.noise_factor},
        "recommendation": {"bias": ds.poorest_first_bias, "ratio": ds.poorest_first_bias_over_mde, "n_all": ds.n_all,
                           "mde_all": ds.mde_all_random, "years": ds.n_periods_best, "mde_100": ds.mde_100_random},
        "y_label": {"outcome": run.cols.outcome},
    }
