"""Speed and peak memory of the outcome Monte Carlo (not a test: run by hand, numbers printed).

    .venv/bin/python benchmarks/bench_scenarios.py [--draws 100000] [--dtype float32] [--block 4096] [--ref-draws 2]

Measures the full projection of :func:`kesos_analysis.outcomes.engine.simulate` — every outcome of every
scenario (report 05's default scenarios, the current-policy status quo and the two same-budget comparators)
for draws × 38 provinces × 10 years, reduced to national series per draw and province means — its wall time and peak
memory (``tracemalloc``, which sees numpy's buffers), and its speed-up over the straightforward pandas
row-by-row implementation in ``tests/outcomes_reference.py`` run on a subsample (``--ref-draws`` draws × 38 ×
10 for one scenario), after checking that both give the same numbers on that subsample.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kesos_analysis.outcomes import engine, priors  # noqa: E402
from kesos_analysis.outcomes.summary import DEFAULT_SCENARIOS  # noqa: E402
from tests.outcomes_reference import COLUMNS, engine_frame, project_rowwise  # noqa: E402

SCENARIOS = list(DEFAULT_SCENARIOS)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--block", type=int, default=4096)
    ap.add_argument("--ref-draws", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    dtype = np.dtype(args.dtype).type

    t0 = time.perf_counter()
    m = engine.build_model(SCENARIOS)
    t_build = time.perf_counter() - t0
    pr = priors.load_priors()
    n, p, t = args.draws, len(m.codes), len(m.years)
    s = len(m.scenarios)

    t0 = time.perf_counter()
    theta, z = priors.draw(pr, n, args.seed), engine.poverty_z(n, p, args.seed)
    t_draw = time.perf_counter() - t0

    tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    sim = engine.simulate(m, theta, z, block=args.block, province_quantiles=False, dtype=dtype)
    t_proj, c_proj = time.perf_counter() - t0, time.process_time() - c0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    cells = n * p * t * s

    # row-by-row reference on a subsample: same numbers, then time per row
    k = args.ref_draws
    sub = {name: v[:k] for name, v in theta.items()}
    ref_s = "pkh_pendamping_pppk.same_budget_upgrade"
    t0, c0 = time.perf_counter(), time.process_time()
    ref = project_rowwise(m, sub, z[:k], ref_s)
    t_ref, c_ref = time.perf_counter() - t0, time.process_time() - c0
    got = engine_frame(engine.project(m, sub, z[:k], [ref_s])[ref_s], m, k)
    diff = float(np.max(np.abs(got[COLUMNS].to_numpy() - ref[COLUMNS].to_numpy())
                        / np.maximum(1.0, np.abs(ref[COLUMNS].to_numpy()))))
    ref_per_cell = c_ref / (k * p * t)  # CPU time; one scenario (with its status-quo reference) per row
    ref_full = ref_per_cell * n * p * t * (s - 1)

    print(f"model build (cost model, {len(SCENARIOS) + 1} scenarios + 2 comparators): {t_build:.2f} s")
    print(f"prior draws ({len(pr)} priors) + poverty-trend normals, {n:,} draws: {t_draw:.2f} s")
    print(f"full projection {n:,} draws x {p} provinces x {t} years x {s} scenarios "
          f"({args.dtype}, block {args.block}):"
          f" wall {t_proj:.2f} s, CPU {c_proj:.2f} s, peak traced memory {peak / 2**30:.2f} GiB")
    print(f"  per scenario: CPU {c_proj / s:.2f} s; {1e9 * c_proj / cells:.1f} ns CPU per draw-province-year-scenario")
    print(f"row-by-row pandas reference: {k} draws x {p} x {t} = {k * p * t} rows, "
          f"wall {t_ref:.2f} s, CPU {c_ref:.2f} s "
          f"({1e6 * ref_per_cell:.0f} us CPU per row); max relative difference to the engine {diff:.2e}")
    print(f"estimated row-by-row CPU time for the full run: {ref_full / 3600:.1f} h "
          f"-> speed-up x{ref_full / c_proj:,.0f}")
    print(f"(machine load while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    grads = sim.national["pkh_pendamping_pppk"]["additional_graduations"][:, -1]
    print(f"check: PKH PPPK additional graduations 2035, mean {grads.mean():,.0f}")


if __name__ == "__main__":
    main()
