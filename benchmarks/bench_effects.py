"""Speed and peak memory of TWFE + CRV1 on a village-sized panel (not a test: run by hand, figures printed).

    .venv/bin/python benchmarks/bench_effects.py [--villages 84000] [--years 12] [--repeat 3] [--sm-villages 1000]

Cases, all on the same SYNTHETIC panel (``unit`` text ids, ``year``, outcome ``y``, 0/1 ``treated`` with
staggered adoption):

1. the suite's call ``kesos_analysis.effects.twfe`` (panel checks, identification check, cluster count, then
   pyfixest ``feols``, result as an :class:`Estimate`);
2. pyfixest ``feols("y ~ treated | unit + year", vcov={"CRV1": "unit"})`` called directly;
3. statsmodels OLS with unit and year dummies and cluster-robust SEs on a subsample of ``--sm-villages``
   villages (a dense dummy matrix: it cannot run on the full panel).

Prints median wall time over ``--repeat`` runs, peak Python memory of one run (``tracemalloc``: memory
allocated by Python and numpy, not by native libraries outside its allocator) and the suite / pyfixest ratio
(goal ≤ 1.2).
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
import warnings

import numpy as np
import pandas as pd


def make_panel(villages: int, years: int, seed: int = 20261202) -> pd.DataFrame:
    """A SYNTHETIC village × year panel: unit shock, AR-free noise, staggered adoption (never, or year 4–11)."""
    rng = np.random.default_rng(seed)
    g = rng.choice(np.r_[0, np.arange(4, years)], size=villages)
    year = np.tile(np.arange(1, years + 1), villages)
    gg = np.repeat(g, years)
    treated = ((gg > 0) & (year >= gg)).astype(np.int64)
    y = np.repeat(rng.normal(0, 3, villages), years) + 0.1 * year + rng.normal(0, 1, villages * years) - 0.5 * treated
    return pd.DataFrame({"unit": np.repeat([f"V{i:06d}" for i in range(villages)], years), "year": year,
                         "y": y, "treated": treated})


def measure(fn, repeat: int) -> tuple[float, float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--villages", type=int, default=84_000)
    ap.add_argument("--years", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sm-villages", type=int, default=1_000)
    args = ap.parse_args()
    import pyfixest as pf
    import statsmodels.formula.api as smf

    from kesos_analysis.effects import PanelColumns, twfe

    df = make_panel(args.villages, args.years)
    cols = PanelColumns("unit", "year", "y", "treated")
    print(f"panel: {args.villages:,} villages × {args.years} years = {len(df):,} rows")
    warnings.simplefilter("ignore")
    pf.feols("y ~ treated | unit + year", data=df.head(10_000), vcov={"CRV1": "unit"})  # warm-up (imports, JIT)
    t_suite, m_suite, est = measure(lambda: twfe(df, cols), args.repeat)
    t_pf, m_pf, fit = measure(lambda: pf.feols("y ~ treated | unit + year", data=df, vcov={"CRV1": "unit"}),
                              args.repeat)
    sub = df[df["unit"].isin(df["unit"].unique()[: args.sm_villages])]

    def sm_fit():
        return smf.ols("y ~ treated + C(unit) + C(year)", data=sub).fit(
            cov_type="cluster", cov_kwds={"groups": pd.factorize(sub["unit"])[0]})

    t_sm, m_sm, smres = measure(sm_fit, 1)
    print(f"{'case':58s} {'rows':>10s} {'median s':>9s} {'peak MiB':>9s} {'coef':>9s} {'se':>8s}")
    print(f"{'suite effects.twfe (checks + pyfixest, CRV1)':58s} {len(df):>10,} {t_suite:9.2f} {m_suite:9.0f} "
          f"{est.estimate:9.4f} {est.se:8.5f}")
    print(f"{'pyfixest feols direct (CRV1)':58s} {len(df):>10,} {t_pf:9.2f} {m_pf:9.0f} "
          f"{fit.coef()['treated']:9.4f} {fit.se()['treated']:8.5f}")
    print(f"{'statsmodels OLS dummies (cluster), subsample':58s} {len(sub):>10,} {t_sm:9.2f} {m_sm:9.0f} "
          f"{smres.params['treated']:9.4f} {smres.bse['treated']:8.5f}")
    print(f"suite / pyfixest time ratio: {t_suite / t_pf:.2f} (goal ≤ 1.2); memory ratio {m_suite / m_pf:.2f}")


if __name__ == "__main__":
    main()
