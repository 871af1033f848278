"""Speed and peak memory of the data layer (not a test: run by hand, numbers printed).

    .venv/bin/python benchmarks/bench_data.py [--repeat 5]

Measures: validating every raw table (``load_raw``), building ``data/processed`` into a temp folder,
loading the processed parquet (``load``), validating a BPS release (the 39-row XLSX of the test corpus) as
``kesos data validate`` does, and the reader's throughput on a generated long CSV of ``--rows`` rows (to
size the input limit of ``kesos data add``), and a full ``validate_file`` (identifier scan of every cell, UMP
plausibility) of a valid UMP CSV of about 14 MB (every stored province × 1990 to next year, long notes with
numbers). Peak memory is Python-allocated memory from
``tracemalloc``. The machine's core count and load average are printed with the figures: quote them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from kesos_analysis.data import TABLES, build_processed, load, load_raw
from kesos_analysis.data.ingest import validate_file
from kesos_analysis.data.readers import read_table
from kesos_analysis.data.schemas import get_spec

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"


def long_csv(path: Path, rows: int) -> int:
    """A long UMP-style CSV of ``rows`` rows (Indonesian numbers, province names); returns its size in bytes."""
    names = ["Aceh", "Sumatera Utara", "DKI Jakarta", "Jawa Tengah", "Papua"]
    with path.open("w", encoding="utf-8") as fh:
        fh.write("provinsi;tahun;ump_rupiah;catatan\n")
        for i in range(rows):
            fh.write(f"{names[i % 5]};{1990 + i % 100};{2_000_000 + i % 997:,}.{i % 100:02d};SK Gubernur {i}\n"
                     .replace(",", "."))
    return path.stat().st_size


def valid_ump_csv(path: Path, note_chars: int = 11_000) -> tuple[int, int]:
    """A valid long UMP CSV: every province of the stored UMP table outside the 2022 Papua split, years 1990 to
    next year, each with the province's stored UMP of the nearest year (so every plausibility check passes),
    and a note of ``note_chars`` characters with decree numbers, dates and amounts. Returns (rows, bytes)."""
    import csv
    from datetime import date

    stored = load_raw("ump_province")
    stored = stored[stored["ump_rupiah"].notna()]
    note = ("Pergub No. 561/2023 tgl 20-11-2023, Rp3.203.600, salinan arsip dinas tenaga kerja; " * 200)[:note_chars]
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["bps_code", "province", "year", "ump_rupiah", "source_url", "note"])
        for code, g in stored.groupby("bps_code"):
            if code in ("92", "95", "96", "97"):
                continue
            years = g["year"].astype(int).tolist()
            for y in range(1990, date.today().year + 2):
                k = min(range(len(years)), key=lambda i, t=y: abs(years[i] - t))
                w.writerow([code, g["province"].iloc[k], y, g["ump_rupiah"].iloc[k], "https://example.org", note])
                rows += 1
    return rows, path.stat().st_size


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
    ap.add_argument("--rows", type=int, default=50_000, help="rows of the generated CSV for the reader throughput")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}, load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cases = {
            "load_raw (all 16 tables, sha256 + validation)": lambda: [load_raw(n) for n in TABLES],
            "build_processed (validate + parquet)": lambda: build_processed(out_dir=out),
            "load (fresh parquet, all tables)": lambda: [load(n, out_dir=out) for n in TABLES],
            "validate a BPS release (39-row XLSX)": lambda: validate_file(
                CORPUS / "good" / "bps_poverty_2026_maret.xlsx", "poverty_province"),
        }
        build_processed(out_dir=out)
        print(f"{'case':50s} {'median s':>9s} {'peak MiB':>9s}")
        for name, fn in cases.items():
            t, m = measure(fn, args.repeat)
            print(f"{name:50s} {t:9.3f} {m:9.1f}")
        big = out / "long.csv"
        size = long_csv(big, args.rows)
        t, m = measure(lambda: read_table(big, get_spec("ump_province"), source_url="https://example.org"), 1)
        print(f"{f'read_table long CSV ({args.rows:,} rows, {size / 1e6:.1f} MB)':50s} {t:9.3f} {m:9.1f}"
              f"   -> {size / 1e6 / t:.2f} MB/s, {m / (size / 2**20):.0f}× file size in memory")
        ump = out / "ump_valid.csv"
        n, size = valid_ump_csv(ump)
        t, m = measure(lambda: validate_file(ump, "ump_province"), 1)
        print(f"{f'validate_file valid UMP CSV ({n:,} rows, {size / 1e6:.1f} MB)':50s} {t:9.3f} {m:9.1f}")
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
