"""The poverty landscape from BPS Susenas rounds: national trend, provinces, coverage of the data.

Input is the ``poverty_province`` table (:mod:`kesos_analysis.data.schemas`): one row per BPS province
code (``"00"`` = Indonesia) and round (year, month ∈ {3, 9}); ``p0_percent`` in persen,
``poor_thousand`` in ribu jiwa. Source: BPS, "Jumlah dan Persentase Penduduk Miskin Menurut Provinsi"
(see ``data/raw/regions/SOURCES.md``).

Facts about the rounds that the functions encode (all from BPS, per ``regions/SOURCES.md`` §2–3):

* :data:`ROUNDS_NOT_SURVEYED` — September 2023: BPS did not compute poverty (footnote in the BPS table).
* :data:`PAPUA_SPLIT_FIRST_ROUND` — March 2024 is the first round on the 38-province basis; Papua (94)
  and Papua Barat (91) are on pre-split boundaries through March 2023, so their series break there.
"""

from __future__ import annotations

import pandas as pd

from .errors import ParameterError

NATIONAL_CODE = "00"
ROUNDS_NOT_SURVEYED: tuple[tuple[int, int], ...] = ((2023, 9),)
PAPUA_SPLIT_FIRST_ROUND: tuple[int, int] = (2024, 3)
#: Provinces whose boundaries changed in the 2022 split (BPS codes): parents 91, 94 and new 92, 95, 96, 97.
PAPUA_SPLIT_CODES = ("91", "92", "94", "95", "96", "97")
_MONTH_NAMES = {"id": {3: "Mar", 9: "Sep"}, "en": {3: "Mar", 9: "Sep"}}


def round_label(year: int, month: int, lang: str = "id") -> str:
    """``(2016, 9)`` → ``"Sep 2016"``; ``(2016, 3)`` → ``"Mar 2016"`` (same abbreviations in id and en)."""
    return f"{_MONTH_NAMES[lang][int(month)]} {int(year)}"


def round_key(year: int, month: int) -> str:
    """Sortable round key: ``(2016, 9)`` → ``"2016-09"``."""
    return f"{int(year)}-{int(month):02d}"


def resolve_year_end(year_end: int | None, pov: pd.DataFrame) -> int:
    """``year_end`` as given, or the latest year in the poverty data when it is ``None`` (the default), so
    a newly added BPS round appears in the reports without changing any parameter."""
    return int(pov["year"].max()) if year_end is None else int(year_end)


def check_years(year_start: int, year_end: int) -> None:
    """Raise ParameterError unless ``year_start <= year_end`` and both are plausible years."""
    if not (1990 <= int(year_start) <= int(year_end) <= 2100):
        raise ParameterError(f"year range must satisfy 1990 <= year_start <= year_end <= 2100; got {year_start}–{year_end}")


def in_years(pov: pd.DataFrame, year_start: int, year_end: int) -> pd.DataFrame:
    """Rows with ``year_start <= year <= year_end``, sorted by code and round, with ``round`` key column."""
    check_years(year_start, year_end)
    out = pov[(pov["year"] >= year_start) & (pov["year"] <= year_end)].copy()
    out["round"] = [round_key(y, m) for y, m in zip(out["year"], out["month"])]
    return out.sort_values(["bps_code", "year", "month"]).reset_index(drop=True)


def national_series(pov: pd.DataFrame, year_start: int = 2015, year_end: int = 2100) -> pd.DataFrame:
    """National P0 (persen) and poor people (ribu jiwa) per round.

    Columns: ``year, month, round, p0_percent, poor_thousand``. Rounds without a national value (e.g.
    the poor count for September 2022) keep NaN.
    """
    nat = in_years(pov, year_start, year_end)
    nat = nat[nat["bps_code"] == NATIONAL_CODE]
    return nat[["year", "month", "round", "p0_percent", "poor_thousand"]].reset_index(drop=True)


def province_series(pov: pd.DataFrame, bps_code: str, year_start: int = 2015, year_end: int = 2100) -> pd.DataFrame:
    """One province's rounds next to the national value. Columns: ``round, year, month, p0_percent,
    poor_thousand, p0_national_percent, gap_pp`` (province minus national, percentage points)."""
    df = in_years(pov, year_start, year_end)
    prov = df[df["bps_code"] == bps_code]
    nat = df[df["bps_code"] == NATIONAL_CODE][["round", "p0_percent"]].rename(columns={"p0_percent": "p0_national_percent"})
    out = prov.merge(nat, on="round", how="left")
    out["gap_pp"] = out["p0_percent"] - out["p0_national_percent"]
    return out[["round", "year", "month", "p0_percent", "poor_thousand", "p0_national_percent", "gap_pp"]]


def expected_provinces(year: int, month: int) -> int:
    """Number of provinces BPS reports in a round: 34 before March 2024, 38 from then (Papua split)."""
    return 38 if (int(year), int(month)) >= PAPUA_SPLIT_FIRST_ROUND else 34


def coverage(pov: pd.DataFrame, year_start: int = 2015, year_end: int = 2100) -> pd.DataFrame:
    """Coverage of every round between the years, including rounds that do not exist.

    Columns: ``year, month, round, expected_provinces, provinces_p0, provinces_poor, national_p0,
    national_poor, status`` where status is ``"complete"``, ``"partial"`` or ``"not_surveyed"``
    (September 2023). Counts exclude the national row.
    """
    check_years(year_start, year_end)
    df = in_years(pov, year_start, year_end)
    prov = df[df["bps_code"] != NATIONAL_CODE]
    rows = []
    for y in range(int(year_start), int(year_end) + 1):
        for m in (3, 9):
            sub = prov[(prov["year"] == y) & (prov["month"] == m)]
            nat = df[(df["bps_code"] == NATIONAL_CODE) & (df["year"] == y) & (df["month"] == m)]
            if (y, m) in ROUNDS_NOT_SURVEYED:
                status = "not_surveyed"
            elif sub.empty and nat.empty:
                continue  # beyond the data: not listed
            else:
                exp = expected_provinces(y, m)
                full = sub["p0_percent"].notna().sum() == exp and sub["poor_thousand"].notna().sum() == exp
                status = "complete" if full else "partial"
            rows.append(
                {
                    "year": y, "month": m, "round": round_key(y, m),
                    "expected_provinces": expected_provinces(y, m),
                    "provinces_p0": int(sub["p0_percent"].notna().sum()),
                    "provinces_poor": int(sub["poor_thousand"].notna().sum()),
                    "national_p0": nat["p0_percent"].iloc[0] if len(nat) else float("nan"),
                    "national_poor": nat["poor_thousand"].iloc[0] if len(nat) else float("nan"),
                    "status": status,
                }
            )
    cols = ["year", "month", "round", "expected_provinces", "provinces_p0", "provinces_poor", "national_p0",
            "national_poor", "status"]
    return pd.DataFrame(rows, columns=cols)


def latest_complete_round(pov: pd.DataFrame, year_start: int = 2015, year_end: int = 2100) -> tuple[int, int]:
    """The latest (year, month) in the range whose P0 and poor count are complete for every province.

    Raises ParameterError if no round in the range is complete.
    """
    cov = coverage(pov, year_start, year_end)
    done = cov[cov["status"] == "complete"]
    if done.empty:
        raise ParameterError(f"no complete poverty round between {year_start} and {year_end}")
    last = done.iloc[-1]
    return int(last["year"]), int(last["month"])


def province_ranking(pov: pd.DataFrame, year: int, month: int, provinces: pd.DataFrame | None = None) -> pd.DataFrame:
    """Provinces of one round ranked by P0, highest (furthest behind) first.

    Columns: ``rank, bps_code, province, p0_percent, poor_thousand, p0_national_percent, gap_pp`` and,
    if ``provinces`` is given, ``island_group``. Rank 1 = highest P0.
    """
    sub = pov[(pov["year"] == year) & (pov["month"] == month)]
    nat = sub[sub["bps_code"] == NATIONAL_CODE]["p0_percent"]
    nat_p0 = float(nat.iloc[0]) if len(nat) else float("nan")
    prov = sub[(sub["bps_code"] != NATIONAL_CODE) & sub["p0_percent"].notna()].copy()
    prov = prov.sort_values(["p0_percent", "bps_code"], ascending=[False, True]).reset_index(drop=True)
    prov["rank"] = range(1, len(prov) + 1)
    prov["p0_national_percent"] = nat_p0
    prov["gap_pp"] = prov["p0_percent"] - nat_p0
    cols = ["rank", "bps_code", "province", "p0_percent", "poor_thousand", "p0_national_percent", "gap_pp"]
    if provinces is not None:
        prov = prov.merge(provinces[["bps_code", "island_group"]], on="bps_code", how="left")
        cols.append("island_group")
    return prov[cols]


def change_between(pov: pd.DataFrame, start: tuple[int, int], end: tuple[int, int]) -> pd.DataFrame:
    """Change in P0 (percentage points) and poor people (ribu jiwa) per province between two rounds.

    Columns: ``bps_code, province, p0_start, p0_end, change_pp, poor_start, poor_end, change_thousand,
    comparable``. The national row is excluded. ``comparable`` is False for the Papua-region provinces when the rounds straddle the 2022
    split (boundaries changed; see :data:`PAPUA_SPLIT_FIRST_ROUND`). Only provinces present in both rounds.
    """
    a = pov[(pov["year"] == start[0]) & (pov["month"] == start[1])].set_index("bps_code")
    b = pov[(pov["year"] == end[0]) & (pov["month"] == end[1])].set_index("bps_code")
    codes = sorted((set(a.index) & set(b.index)) - {NATIONAL_CODE})
    out = pd.DataFrame(
        {
            "bps_code": codes,
            "province": [b.at[c, "province"] for c in codes],
            "p0_start": [a.at[c, "p0_percent"] for c in codes],
            "p0_end": [b.at[c, "p0_percent"] for c in codes],
            "poor_start": [a.at[c, "poor_thousand"] for c in codes],
            "poor_end": [b.at[c, "poor_thousand"] for c in codes],
        }
    )
    out["change_pp"] = out["p0_end"] - out["p0_start"]
    out["change_thousand"] = out["poor_end"] - out["poor_start"]
    straddles = tuple(start) < PAPUA_SPLIT_FIRST_ROUND <= tuple(end)
    out["comparable"] = ~(straddles & out["bps_code"].isin(PAPUA_SPLIT_CODES))
    return out[["bps_code", "province", "p0_start", "p0_end", "change_pp", "poor_start", "poor_end",
                "change_thousand", "comparable"]]
