"""The real baseline of the outcome model: provinces, allocation keys and the poverty trend.

Everything here comes from ``data/raw`` through :func:`kesos_analysis.data.load` and the staffing module's
allocation keys (the same provincial spread the staffing and cost notebooks use).

Poverty trend (an assumption, not a forecast): per province, an ordinary least-squares line of
``log(poor_thousand)`` on time (``year + month / 12``) over the BPS rounds since ``first_year``; its slope and
standard error give a per-draw growth rate ``slope + se × z``. Provinces with fewer than four rounds (the
Papua provinces created in 2022) take the national slope and SE. The poor are projected from the latest round
in which every province has a count. The mean normalised poverty gap among the poor is ``P1 / P0`` of the
latest round with P1 (BPS; national value where a province lacks it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_ROUNDS = 4


@dataclass
class Baseline:
    """Province-level baseline (P provinces, order of ``codes``).

    ``codes``/``names`` (BPS code strings, names); ``shares`` ``{allocation key: array (P,)}`` (each sums to 1);
    ``poor_thousand`` (P,) at ``poverty_round`` (``(year, month)``); ``trend_slope``/``trend_se`` (P,) of
    log poor per year; ``gap_among_poor`` (P,) mean normalised poverty gap P1/P0 (fraction of the line);
    ``keys`` the allocation-keys frame.
    """

    codes: list[str]
    names: list[str]
    shares: dict[str, np.ndarray]
    poor_thousand: np.ndarray
    poverty_round: tuple[int, int]
    trend_slope: np.ndarray
    trend_se: np.ndarray
    gap_among_poor: np.ndarray
    keys: pd.DataFrame


def _ols_by_group(df: pd.DataFrame, x: str, y: str, by: str) -> pd.DataFrame:
    """Slope, SE and n of ``y ~ x`` per group (closed form, no loop): columns ``slope, se, n``."""
    g = df.groupby(by)
    n = g[x].count()
    mx, my = g[x].mean(), g[y].mean()
    d = df.assign(_dx=df[x] - df[by].map(mx), _dy=df[y] - df[by].map(my))
    sxx = (d["_dx"] ** 2).groupby(d[by]).sum()
    sxy = (d["_dx"] * d["_dy"]).groupby(d[by]).sum()
    slope = sxy / sxx
    resid = d["_dy"] - d[by].map(slope) * d["_dx"]
    s2 = (resid ** 2).groupby(d[by]).sum() / (n - 2)
    return pd.DataFrame({"slope": slope, "se": np.sqrt(s2 / sxx), "n": n})


def poverty_trend(poverty: pd.DataFrame, codes: list[str], first_year: int = 2015) -> pd.DataFrame:
    """Per province (rows in the order of ``codes``): ``slope`` and ``se`` of log poor per year, ``n`` rounds,
    ``basis`` (``"province"`` or ``"national"`` when fewer than four rounds)."""
    pov = poverty[(poverty["year"] >= first_year) & poverty["poor_thousand"].gt(0)].copy()
    pov["t"] = pov["year"] + pov["month"] / 12
    pov["log_poor"] = np.log(pov["poor_thousand"])
    fits = _ols_by_group(pov, "t", "log_poor", "bps_code")
    nat = fits.loc["00"] if "00" in fits.index else fits.median()
    out = fits.reindex(codes)
    ok = out["n"].fillna(0) >= MIN_ROUNDS
    out["basis"] = np.where(ok, "province", "national")
    out.loc[~ok, "slope"] = nat["slope"]
    out.loc[~ok, "se"] = nat["se"]
    return out


def load_baseline(keys: pd.DataFrame | None = None, poverty: pd.DataFrame | None = None) -> Baseline:
    """Build the :class:`Baseline` from ``data/raw`` (``regions/poverty_province.csv``, ``provinces.csv``)."""
    from .. import staffing
    from ..data import load

    keys = staffing.allocation_keys() if keys is None else keys
    poverty = load("poverty_province") if poverty is None else poverty
    codes = list(keys["bps_code"].astype(str))
    year, month = int(keys["poverty_year"].iloc[0]), int(keys["poverty_month"].iloc[0])
    trend = poverty_trend(poverty, codes)
    p1 = poverty[poverty["p1"].notna() & poverty["p0_percent"].gt(0)].sort_values(["year", "month"])
    last = p1.groupby("bps_code").tail(1).set_index("bps_code")
    gap = (last["p1"] / last["p0_percent"]).reindex(codes)
    nat_gap = float(last.loc["00", "p1"] / last.loc["00", "p0_percent"]) if "00" in last.index else float(gap.median())
    return Baseline(
        codes=codes, names=list(keys["province"]),
        shares={k: keys[f"share_{k}"].to_numpy(dtype=float) for k in ("poor_population", "kecamatan", "kabkota")},
        poor_thousand=keys["poor_thousand"].to_numpy(dtype=float), poverty_round=(year, month),
        trend_slope=trend["slope"].to_numpy(dtype=float), trend_se=trend["se"].to_numpy(dtype=float),
        gap_among_poor=gap.fillna(nat_gap).to_numpy(dtype=float), keys=keys,
    )
