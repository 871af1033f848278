"""What data is bundled: the catalogue of raw tables, their sources and confidence labels, and coverage.

Reads ``data/raw/datapackage.json`` and the tables themselves (through :func:`kesos_analysis.data.load`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .data import TABLES, load
from .data.datapackage import read_descriptor
from .data.schemas import CONFIDENCE_LEVELS


def catalogue(raw_dir: Path | None = None) -> pd.DataFrame:
    """One row per raw table: ``table, group, file, title, rows, columns, sources, sha256_12``.

    ``sources`` counts the distinct source URLs cited by its rows (plus its SOURCES.md); ``sha256_12`` is
    the first 12 hex digits of the file's sha256 recorded in ``datapackage.json``.
    """
    desc = read_descriptor(raw_dir)
    rows = []
    for res in desc["resources"]:
        df = load(res["name"], raw_dir=raw_dir) if raw_dir else load(res["name"])
        rows.append(
            {
                "table": res["name"],
                "group": res["path"].split("/")[0],
                "file": res["path"],
                "title": res["title"],
                "rows": len(df),
                "columns": len(df.columns),
                "sources": len(res.get("sources", [])) - 1,
                "sha256_12": res["hash"].removeprefix("sha256:")[:12],
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class DataSummary:
    """Size of the bundled data and its confidence labels: tables, rows, rows with a label, rows labelled
    ``high`` and ``low``/``medium-low`` (counts of rows) and their shares (persen)."""

    n_tables: int
    n_rows: int
    n_rated: int
    n_high: int
    n_low: int
    pct_high: float
    pct_low: float


def data_summary(cat: pd.DataFrame, conf: pd.DataFrame) -> DataSummary:
    """:class:`DataSummary` of a :func:`catalogue` and a :func:`confidence_summary`."""
    rated = int(conf["total"].sum())
    high, low = int(conf["high"].sum()), int((conf["low"] + conf["medium-low"]).sum())
    return DataSummary(len(cat), int(cat["rows"].sum()), rated, high, low, 100.0 * high / rated, 100.0 * low / rated)


def confidence_summary() -> pd.DataFrame:
    """Rows per confidence label for every table that has a ``confidence`` column.

    Columns: ``table`` then one column per label in :data:`CONFIDENCE_LEVELS` (counts of rows), ``total``.
    """
    out = []
    for name in TABLES:
        df = load(name)
        if "confidence" not in df.columns:
            continue
        counts = df["confidence"].value_counts()
        row = {"table": name, **{lvl: int(counts.get(lvl, 0)) for lvl in CONFIDENCE_LEVELS}}
        row["total"] = len(df)
        out.append(row)
    return pd.DataFrame(out)


def availability_matrix(pov: pd.DataFrame, provinces: pd.DataFrame, year_start: int, year_end: int,
                        column: str = "p0_percent", province: str = "all") -> pd.DataFrame:
    """Province × round matrix of availability for ``column``.

    1 = value present; 0 = province existed but no value was found; NaN = province did not exist yet (the
    four provinces created in 2022 exist from March 2024) or the round was not surveyed (September 2023).
    Index: ``"<bps_code> <province>"`` (national first; THE display name of each province); columns: round
    keys ``"YYYY-MM"`` of every round in the year range that exists in the data or is known not to have
    been surveyed. ``province`` (a BPS code) keeps the national row and that province.
    """
    from .data.regions import province_display_name
    from .poverty import NATIONAL_CODE, PAPUA_SPLIT_FIRST_ROUND, ROUNDS_NOT_SURVEYED, coverage, round_key, select_codes

    pov = select_codes(pov, province)

    cov = coverage(pov, year_start, year_end)
    rounds = list(zip(cov["year"], cov["month"]))
    new_codes = set(provinces.loc[provinces["created_2022"] == "yes", "bps_code"])
    codes = [c for c in [NATIONAL_CODE, *sorted(provinces["bps_code"])] if c in set(pov["bps_code"])]
    have = {(r.bps_code, int(r.year), int(r.month)): pd.notna(getattr(r, column)) for r in pov.itertuples()}
    data = {}
    for y, m in rounds:
        col = []
        for c in codes:
            if (y, m) in ROUNDS_NOT_SURVEYED or (c in new_codes and (y, m) < PAPUA_SPLIT_FIRST_ROUND):
                col.append(float("nan"))
            else:
                col.append(1.0 if have.get((c, y, m), False) else 0.0)
        data[round_key(y, m)] = col
    return pd.DataFrame(data, index=[f"{c} {province_display_name(c)}" for c in codes])


def series_years(df: pd.DataFrame, value: str, by: str = "bps_code") -> pd.DataFrame:
    """Years with a value per table key: ``year`` → number of distinct ``by`` with a non-missing ``value``."""
    sub = df[df[value].notna()]
    return sub.groupby("year")[by].nunique().rename("n").reset_index()


def additions(raw_dir: Path | None = None) -> pd.DataFrame:
    """Releases added to ``data/raw`` with ``kesos data add`` (from ``datapackage.json``, ``x-kesos.history``).

    Columns: ``table, date_added, rounds`` (e.g. ``"2025-09"``), ``rows_added, rows_replaced, source, note``.
    Empty (with those columns) when nothing was added since the data were first bundled.
    """
    cols = ["table", "date_added", "rounds", "rows_added", "rows_replaced", "source", "note"]
    rows = []
    for res in read_descriptor(raw_dir)["resources"]:
        for h in res.get("x-kesos", {}).get("history", []):
            keys = h.get("added", []) + h.get("replaced", [])
            rounds = ", ".join(sorted({"-".join(str(v).zfill(2) for v in k.values()) for k in keys}))
            rows.append({"table": res["name"], "date_added": h.get("date_added"), "rounds": rounds,
                         "rows_added": h.get("rows_added", 0), "rows_replaced": h.get("rows_replaced", 0),
                         "source": h.get("source"), "note": h.get("note")})
    return pd.DataFrame(rows, columns=cols)
