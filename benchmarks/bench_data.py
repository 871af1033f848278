"""Speed and peak memory of the data layer (not a test: run by hand, numbers printed).

    .venv/bin/python benchmarks/bench_data.py [--repeat 5]

Measures: validating every raw table (``load_raw``), building ``data/processed`` into a temp folder, and
loading the processed parquet (``load``). Peak memory is Python-allocated memory from ``tracemalloc``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from kesos_analysis.data import TABLES, build_processed, load, load_raw


def measure(fn, repeat: int) -> tuple[float, float]:
    """Median wall time (s) over ``repeat`` runs and peak traced memory (MiB) of one run."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cases = {
            "load_raw (all 16 tables, sha256 + validation)": lambda: [load_raw(n) for n in TABLES],
            "build_processed (validate + parquet)": lambda: build_processed(out_dir=out),
            "load (fresh parquet, all tables)": lambda: [load(n, out_dir=out) for n in TABLES],
        }
        build_processed(out_dir=out)
        print(f"{'case':50s} {'median s':>9s} {'peak MiB':>9s}")
        for name, fn in cases.items():
            t, m = measure(fn, args.repeat)
            print(f"{name:50s} {t:9.3f} {m:9.1f}")


if __name__ == "__main__":
    main()
