"""Benchmark of the report runner (issue 11 §6). Not a test: it prints its figures.

    .venv/bin/python benchmarks/bench_runner.py [--skip-threads]

1. compute: every notebook × language executed cell by cell in ONE IPython shell in one process (the
   notebooks' own work: imports once, data loads, models, figures) — the floor a runner can approach;
2. cold full regeneration with the runner (``--force``, fresh output folder): process pool with one
   kernel per worker (default, workers = cores), a thread pool, and serial (``workers=1``);
3. the runner's overhead ratio = cold parallel regeneration / compute (goal ≤ 1.3);
4. warm no-change time: ``kesos run --all`` in a fresh process when nothing changed (goal < 3 s).
Outputs go to a temporary folder; published reports are not touched.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMPUTE = r'''
import json, os, sys, time, io, contextlib
import matplotlib
matplotlib.use("Agg")
from IPython.core.interactiveshell import InteractiveShell
from kesos_analysis import config
from kesos_analysis.report import runner
shell = InteractiveShell.instance()
os.chdir(config.notebooks_dir())
t0 = time.perf_counter()
for nb_path in runner.available_notebooks():
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for lang in config.LANGUAGES:
        values = runner.resolve_parameters(nb_path, overrides={"lang": lang})
        cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in cells:
                src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                res = shell.run_cell(src, silent=True)
                if "parameters" in cell.get("metadata", {}).get("tags", []):
                    shell.run_cell("\n".join(f"{k} = {v!r}" for k, v in values.items()), silent=True)
                if res.error_in_exec is not None:
                    raise SystemExit(f"{nb_path.name} ({lang}): {res.error_in_exec!r}")
        import matplotlib.pyplot as plt
        plt.close("all")
print(time.perf_counter() - t0)
'''


def compute_seconds() -> float:
    out = subprocess.run([sys.executable, "-c", COMPUTE], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def regenerate(out: Path, *, workers: int, executor: str) -> float:
    from kesos_analysis import config
    from kesos_analysis.report import runner

    t0 = time.perf_counter()
    results = runner.run([], langs=list(config.LANGUAGES), output_dir=out, workers=workers, executor=executor,
                         force=True, progress=False)
    secs = time.perf_counter() - t0
    bad = [r for r in results if r.status != "ok"]
    if bad:
        raise SystemExit(f"regeneration failed: {bad[0].error}")
    return secs


def warm(out: Path) -> float:
    kesos = str(Path(sys.executable).with_name("kesos"))
    t0 = time.perf_counter()
    res = subprocess.run([kesos, "run", "--all", "--output-dir", str(out)], cwd=ROOT, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if res.returncode != 0 or "reused" not in res.stdout:
        raise SystemExit(f"warm run did not reuse: {res.stdout}{res.stderr}")
    return secs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-threads", action="store_true", help="leave out the thread-pool regeneration")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}")
    comp = compute_seconds()
    print(f"compute (8 runs' code in one process):            {comp:7.1f} s")
    with tempfile.TemporaryDirectory(prefix="kesos-bench-") as tmp:
        tmp = Path(tmp)
        par = regenerate(tmp / "process", workers=cores, executor="process")
        print(f"cold regeneration, process pool ({cores} workers):    {par:7.1f} s   overhead ratio {par / comp:.2f}x "
              "(goal <= 1.3x)")
        if not args.skip_threads:
            thr = regenerate(tmp / "thread", workers=cores, executor="thread")
            print(f"cold regeneration, thread pool ({cores} workers):     {thr:7.1f} s")
        ser = regenerate(tmp / "serial", workers=1, executor="inline")
        print(f"cold regeneration, serial (1 worker):             {ser:7.1f} s   parallel speed-up {ser / par:.2f}x")
        w = min(warm(tmp / "process") for _ in range(3))
        print(f"warm no-change `kesos run --all` (best of 3):     {w:7.2f} s   (goal < 3 s)")


if __name__ == "__main__":
    main()
