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

from dataclasses import dataclass

import pandas as pd

from .errors import ParameterError

#: A Susenas round: ``(year, month)`` with month 3 (March) or 9 (September).
Round = tuple[int, int]

NATIONAL_CODE = "00"
ROUNDS_NOT_SURVEYED: tuple[tuple[int, int], ...] = ((2023, 9),)
PAPUA_SPLIT_FIRST_ROUND: tuple[int, int] = (2024, 3)
#: Provinces whose boundaries changed in the 2022 split (BPS codes): parents 91, 94 and new 92, 95, 96, 97.
PAPUA_SPLIT_CODES = ("91", "92", "94", "95", "96", "97")
#: The round that shows the COVID-19 rise of poverty (BPS, BRS Februari 2021: P0 10,19% in September 2020).
COVID_ROUND: Round = (2020, 9)


def round_label(year: int, month: int, *_ignored: object) -> str:
    """``(2016, 9)`` → ``"Sep 2016"`` (same in id and en). Kept for older notebooks; reports use the
    placeholder kind ``round`` or :func:`kesos_analysis.report.fmt.round_label`."""
    return f"{ {3: 'Mar', 9: 'Sep'}[int(month)]} {int(year)}"


def round_key(year: int, month: int) -> str:
    """Sortable round key: ``(2016, 9)`` → ``"2016-09"``."""
    return f"{int(year)}-{int(month):02d}"


def resolve_year_end(year_end: int | None, pov: pd.DataFrame) -> int:
    """``year_end`` as given, or the latest year in the poverty data when it is ``None`` (the default), so
    a newly added BPS round appears in the reports without changing any parameter."""
    return int(pov["year"].max()) if year_end is None else int(year_end)


def year_range(pov: pd.DataFrame, year_start: int, year_end: int | None) -> int:
    """``year_end`` resolved (:func:`resolve_year_end`) and the range checked (:func:`check_years`)."""
    end = resolve_year_end(year_end, pov)
    check_years(year_start, end)
    return end


def check_years(year_start: int, year_end: int) -> None:
    """Raise ParameterError unless ``year_start <= year_end`` and both are plausible years."""
    if not (1990 <= int(year_start) <= int(year_end) <= 2100):
        raise ParameterError("year range must satisfy 1990 <= year_start <= year_end <= 2100; "
                             f"got {year_start}–{year_end}")


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
    nat = df[df["bps_code"] == NATIONAL_CODE][["round", "p0_percent"]]
    nat = nat.rename(columns={"p0_percent": "p0_national_percent"})
    out = prov.merge(nat, on="round", how="left")
    out["gap_pp"] = out["p0_percent"] - out["p0_national_percent"]
    return out[["round", "year", "month", "p0_percent", "poor_thousand", "p0_national_percent", "gap_pp"]]


def expected_provinces(year: int, month: int) -> int:
    """Number of provinces BPS reports in a round: 34 before March 2024, 38 from then (Papua split)."""
    return 38 if (int(year), int(month)) >= PAPUA_SPLIT_FIRST_ROUND else 34


def coverage(pov: pd.DataFrame, year_start: int = 2015, year_end: int = 2100) -> pd.DataFrame:
    """Coverage of every round between the years, including rounds that do not exist.

    Columns: ``year, month, round, expected_provinces, provinces_p0, provinces_poor, national_p0_percent``
    (persen), ``national_poor_thousand`` (ribu jiwa), ``status`` where status is ``"complete"``, ``"partial"`` or
    ``"not_surveyed"``
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
                    "national_p0_percent": nat["p0_percent"].iloc[0] if len(nat) else float("nan"),
                    "national_poor_thousand": nat["poor_thousand"].iloc[0] if len(nat) else float("nan"),
                    "status": status,
                }
            )
    cols = ["year", "month", "round", "expected_provinces", "provinces_p0", "provinces_poor", "national_p0_percent",
            "national_poor_thousand", "status"]
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
    prov = _display_names(prov)
    cols = ["rank", "bps_code", "province", "p0_percent", "poor_thousand", "p0_national_percent", "gap_pp"]
    if provinces is not None:
        prov = prov.merge(provinces[["bps_code", "island_group"]], on="bps_code", how="left")
        cols.append("island_group")
    return prov[cols]


def change_between(pov: pd.DataFrame, start: tuple[int, int], end: tuple[int, int]) -> pd.DataFrame:
    """Change in P0 (percentage points) and poor people (ribu jiwa) per province between two rounds.

    Columns: ``bps_code, province, p0_start_percent, p0_end_percent`` (persen), ``change_pp`` (percentage
    points), ``poor_start_thousand, poor_end_thousand, change_thousand`` (ribu jiwa), ``comparable``. The national row
    is excluded. ``comparable`` is False for the Papua-region provinces when the rounds straddle the 2022
    split (boundaries changed; see :data:`PAPUA_SPLIT_FIRST_ROUND`). Only provinces present in both rounds.
    """
    a = pov[(pov["year"] == start[0]) & (pov["month"] == start[1])].set_index("bps_code")
    b = pov[(pov["year"] == end[0]) & (pov["month"] == end[1])].set_index("bps_code")
    codes = sorted((set(a.index) & set(b.index)) - {NATIONAL_CODE})
    out = pd.DataFrame(
        {
            "bps_code": codes,
            "province": [b.at[c, "province"] for c in codes],
            "p0_start_percent": [a.at[c, "p0_percent"] for c in codes],
            "p0_end_percent": [b.at[c, "p0_percent"] for c in codes],
            "poor_start_thousand": [a.at[c, "poor_thousand"] for c in codes],
            "poor_end_thousand": [b.at[c, "poor_thousand"] for c in codes],
        }
    )
    out["change_pp"] = out["p0_end_percent"] - out["p0_start_percent"]
    out["change_thousand"] = out["poor_end_thousand"] - out["poor_start_thousand"]
    straddles = tuple(start) < PAPUA_SPLIT_FIRST_ROUND <= tuple(end)
    out["comparable"] = ~(straddles & out["bps_code"].isin(PAPUA_SPLIT_CODES))
    out = _display_names(out)
    return out[["bps_code", "province", "p0_start_percent", "p0_end_percent", "change_pp", "poor_start_thousand",
                "poor_end_thousand",
                "change_thousand", "comparable"]]


# ------------------------------------------------------------------------------------- summaries (raw values)

def _display_names(df: pd.DataFrame) -> pd.DataFrame:
    """``province`` set to THE display name of each BPS code (:func:`regions.province_display_name`)."""
    from .data.regions import province_display_name

    return df.assign(province=[province_display_name(c) for c in df["bps_code"]])


@dataclass(frozen=True)
class CoverageSummary:
    """Rounds in a year range by status (see :func:`coverage`)."""

    n_rounds: int
    n_complete: int
    n_partial: int
    n_missing: int


def coverage_summary(cov: pd.DataFrame) -> CoverageSummary:
    """Counts of the rounds of a :func:`coverage` table by status."""
    st = cov["status"].value_counts()
    return CoverageSummary(len(cov), int(st.get("complete", 0)), int(st.get("partial", 0)),
                           int(st.get("not_surveyed", 0)))


@dataclass(frozen=True)
class RoundCoverage:
    """Provinces with P0 and with a poor count in one round, and the national P0 (persen); ``None`` where
    the round is outside the table."""

    provinces_p0: int | None
    provinces_poor: int | None
    national_p0: float | None


def round_coverage(cov: pd.DataFrame, year: int, month: int) -> RoundCoverage:
    """The :class:`RoundCoverage` of ``(year, month)`` in a :func:`coverage` table."""
    row = cov[(cov["year"] == year) & (cov["month"] == month)]
    if row.empty:
        return RoundCoverage(None, None, None)
    r = row.iloc[0]
    return RoundCoverage(int(r["provinces_p0"]), int(r["provinces_poor"]), float(r["national_p0_percent"]))


@dataclass(frozen=True)
class TrendSummary:
    """First and last national round with a poor count in the range: P0 (persen), poor (ribu jiwa), and the
    P0 of :data:`COVID_ROUND` (``None`` outside the range)."""

    round_first: Round
    round_last: Round
    p0_first: float
    p0_last: float
    poor_first: float
    poor_last: float
    p0_covid: float | None


def trend_summary(pov: pd.DataFrame, year_start: int, year_end: int) -> TrendSummary:
    """:class:`TrendSummary` of the national series between the years."""
    nat = national_series(pov, year_start, year_end).dropna(subset=["poor_thousand"])
    if nat.empty:
        raise ParameterError(f"no national poverty round with a poor count between {year_start} and {year_end}")
    first, last = nat.iloc[0], nat.iloc[-1]
    covid = national_series(pov, year_start, year_end).set_index(["year", "month"])["p0_percent"].get(COVID_ROUND)
    return TrendSummary((int(first["year"]), int(first["month"])), (int(last["year"]), int(last["month"])),
                        float(first["p0_percent"]), float(last["p0_percent"]), float(first["poor_thousand"]),
                        float(last["poor_thousand"]), None if covid is None else float(covid))


@dataclass(frozen=True)
class RankingSummary:
    """The three provinces with the highest P0 in a round, the national P0 (persen), how many provinces
    lie above it, and the province with most poor people (ribu jiwa)."""

    round: Round
    top1: str
    top1_p0: float
    top2: str
    top2_p0: float
    top3: str
    top3_p0: float
    nat_p0: float
    n_above: int
    n_prov: int
    most_poor: str
    most_poor_n: float


def ranking_summary(rank: pd.DataFrame, year: int, month: int) -> RankingSummary:
    """:class:`RankingSummary` of a :func:`province_ranking` table (at least three provinces)."""
    most = rank.sort_values("poor_thousand", ascending=False).iloc[0]
    top = rank.iloc[:3]
    tops = [v for _, r in top.iterrows() for v in (r["province"], float(r["p0_percent"]))]
    return RankingSummary((int(year), int(month)), *tops,
                          float(rank["p0_national_percent"].iloc[0]), int((rank["gap_pp"] > 0).sum()), len(rank),
                          str(most["province"]), float(most["poor_thousand"]))


def latest_ranking(pov: pd.DataFrame, year_start: int, year_end: int,
                   provinces: pd.DataFrame | None = None) -> tuple[Round, pd.DataFrame, RankingSummary]:
    """The latest complete round in the range (:func:`latest_complete_round`), its :func:`province_ranking`
    and :func:`ranking_summary`."""
    latest = latest_complete_round(pov, year_start, year_end)
    rank = province_ranking(pov, *latest, provinces)
    return latest, rank, ranking_summary(rank, *latest)


def top_provinces(rank: pd.DataFrame, n: int, include: str = "all") -> pd.DataFrame:
    """The first ``n`` rows of a ranking, plus the row of BPS code ``include`` if it is not among them."""
    top = rank.head(n)
    if include != "all" and include not in set(top["bps_code"]):
        top = pd.concat([top, rank[rank["bps_code"] == include]])
    return top.reset_index(drop=True)


@dataclass(frozen=True)
class ChangeSummary:
    """Change in P0 between two rounds over the comparable provinces: how many fell, and the largest fall
    (``best_pp`` in percentage points, negative = fall)."""

    start: Round
    end: Round
    n_down: int
    n_prov: int
    best: str
    best_pp: float


def change_since_first_complete(pov: pd.DataFrame, year_start: int,
                                year_end: int) -> tuple[pd.DataFrame, ChangeSummary]:
    """:func:`change_between` the first and the latest complete round in the range, comparable provinces
    first and largest fall first, with its :class:`ChangeSummary`."""
    cov = coverage(pov, year_start, year_end)
    done = cov[cov["status"] == "complete"]
    if done.empty:
        raise ParameterError(f"no complete poverty round between {year_start} and {year_end}")
    start = (int(done.iloc[0]["year"]), int(done.iloc[0]["month"]))
    end = (int(done.iloc[-1]["year"]), int(done.iloc[-1]["month"]))
    ch = change_between(pov, start, end).sort_values(["comparable", "change_pp"], ascending=[False, True])
    comp = ch[ch["comparable"]]
    return ch.reset_index(drop=True), ChangeSummary(start, end, int((comp["change_pp"] < 0).sum()), len(comp),
                                                    str(comp.iloc[0]["province"]), float(comp.iloc[0]["change_pp"]))


@dataclass(frozen=True)
class ProvinceSummary:
    """One province against the national P0: first and last round with a P0 (persen), the gap in the last
    round (percentage points, positive = above), its rank in ``rank`` (1 = highest P0; ``None`` if not
    ranked), ``direction`` ``"above"``/``"below"`` the national P0, and whether the 2022 Papua split changed
    its boundaries."""

    province: str
    round_first: Round
    round_last: Round
    p0_first: float
    p0_last: float
    gap_pp: float
    direction: str
    rank: int | None
    n_prov: int
    split: bool


def province_summary(pov: pd.DataFrame, bps_code: str, year_start: int, year_end: int,
                     rank: pd.DataFrame) -> ProvinceSummary:
    """:class:`ProvinceSummary` of one province (raises ParameterError if it has no P0 in the range)."""
    from .data.regions import province_display_name

    ps = province_series(pov, bps_code, year_start, year_end).dropna(subset=["p0_percent"])
    if ps.empty:
        raise ParameterError(f"province {bps_code} has no P0 between {year_start} and {year_end}")
    first, last = ps.iloc[0], ps.iloc[-1]
    hit = rank[rank["bps_code"] == bps_code]
    return ProvinceSummary(province_display_name(bps_code), (int(first["year"]), int(first["month"])),
                           (int(last["year"]), int(last["month"])), float(first["p0_percent"]),
                           float(last["p0_percent"]), float(last["gap_pp"]), "above" if last["gap_pp"] > 0 else "below",
                           int(hit["rank"].iloc[0]) if len(hit) else None, len(rank), bps_code in PAPUA_SPLIT_CODES)


def series_for(pov: pd.DataFrame, province: str, year_start: int, year_end: int) -> dict[str, pd.DataFrame]:
    """``{"00": national series, <code>: province series}`` (:func:`province_series`; national first, the
    province only when ``province`` is a code, not ``"all"``), each on the full grid of rounds of
    :func:`coverage` (a round without a value, or not surveyed, is a row with NaN), so a chart breaks there."""
    grid = coverage(pov, year_start, year_end)[["year", "month", "round"]]
    codes = [NATIONAL_CODE] + ([] if province in ("all", NATIONAL_CODE) else [province])
    return {c: grid.merge(province_series(pov, c, year_start, year_end), on=["year", "month", "round"], how="left")
            for c in codes}


def select_codes(df: pd.DataFrame, province: str, national: bool = True) -> pd.DataFrame:
    """Rows of ``df`` for ``province`` (``"all"`` keeps every row), with the national row when ``national``."""
    if province == "all":
        return df
    keep = [province, NATIONAL_CODE] if national else [province]
    return df[df["bps_code"].isin(keep)].reset_index(drop=True)
