"""Who delivers social services today: headcounts, pay against the minimum wage, TKSK coverage of
kecamatan, and workforce density next to health-sector benchmarks.

Inputs are the raw tables of :mod:`kesos_analysis.data` (``workforce_national``, ``workforce_province``,
``compensation``, ``ump_province``, ``psks_province``, ``provinces``, ``population_province``,
``benchmarks``). Sources are in ``data/raw/kesos/SOURCES.md`` and ``data/raw/panel/SOURCES.md``; every
output row keeps the source URL and confidence label of the row it came from. Nothing is interpolated:
where a year has no figure, the function says which year it used instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .data.regions import province_record
from .data.schemas import CONFIDENCE_LEVELS
from .errors import KesosError

#: Front-line cadres and the ``staff_type`` labels that count as their headcount in ``workforce_national``.
#: Source of the labels: data/raw/kesos/workforce_national.csv. "PKH SDM (all roles)" includes
#: coordinators and operators (39,625 in Dec 2018), so it is kept as its own cadre label.
FRONTLINE_CADRES: dict[str, tuple[str, ...]] = {
    "TKSK": ("TKSK",),
    "Sakti Peksos": ("Sakti Peksos",),
    "PKH pendamping": ("PKH pendamping (facilitators)", "PKH pendamping"),
    "PKH SDM (semua peran)": ("PKH SDM (all roles)",),
    "PSM": ("PSM (Pekerja Sosial Masyarakat)",),
    "Tagana": ("Tagana",),
}

#: Cadres that deliver direct services and are paid (volunteer PSM and Tagana are shown apart).
DIRECT_SERVICE_CADRES = ("TKSK", "Sakti Peksos", "PKH pendamping")


def is_headcount(measure: str) -> bool:
    """True for ``measure`` values that are real headcounts (``headcount``, ``headcount (approx.)``,
    ``headcount (verified active)`` …), False for targets, plans, recruitment and estimates."""
    return str(measure).strip().lower().startswith("headcount")


def headcounts(wf: pd.DataFrame, cadres: dict[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """Headcount observations of the front-line cadres, one row per source figure.

    Columns: ``cadre, year, headcount`` (orang), ``measure, employment_status, confidence, source_url``.
    Only rows whose ``measure`` is a headcount (:func:`is_headcount`); recruitment targets and plans are
    excluded because they must not be added to or compared with headcounts (kesos/SOURCES.md).
    """
    cadres = cadres or FRONTLINE_CADRES
    label_to_cadre = {label: cadre for cadre, labels in cadres.items() for label in labels}
    sub = wf[wf["staff_type"].isin(label_to_cadre) & wf["measure"].map(is_headcount) & wf["year"].notna()].copy()
    sub["cadre"] = sub["staff_type"].map(label_to_cadre)
    sub = sub.sort_values(["cadre", "year", "headcount"]).reset_index(drop=True)
    return sub[["cadre", "year", "headcount", "measure", "employment_status", "confidence", "source_url"]]


def closest_headcount(wf: pd.DataFrame, cadre: str, year: int, max_gap_years: int = 3) -> pd.Series | None:
    """The headcount of ``cadre`` observed closest to ``year`` (at most ``max_gap_years`` away).

    Ties are broken by confidence (high first), then by the earlier year. Returns the row (see
    :func:`headcounts`) or ``None`` if no headcount lies within the window.
    """
    hc = headcounts(wf)
    sub = hc[(hc["cadre"] == cadre) & ((hc["year"] - year).abs() <= max_gap_years)]
    if sub.empty:
        return None
    rank = {level: i for i, level in enumerate(CONFIDENCE_LEVELS)}  # high first
    sub = sub.assign(_gap=(sub["year"] - year).abs(), _c=sub["confidence"].map(rank))
    sub = sub.sort_values(["_gap", "_c", "year"])
    return sub.iloc[0].drop(labels=["_gap", "_c"])


def ump_summary(ump: pd.DataFrame, year_start: int | None = None, year_end: int | None = None,
                province: str = "all") -> pd.DataFrame:
    """UMP across provinces per year: ``year, provinces, ump_min_rupiah, ump_median_rupiah, ump_max_rupiah``
    (Rupiah per month), for the years in ``[year_start, year_end]`` (all when ``None``) and one province
    (BPS code) or ``"all"``.

    Only provinces that set a UMP that year are counted (2016: 30 of 34; regions/SOURCES.md §2); a
    national row (``"00"``) is ignored.
    """
    sel = ump[ump["bps_code"] != "00"]  # a national "average" row is not a UMP
    if year_start is not None:
        sel = sel[sel["year"] >= year_start]
    if year_end is not None:
        sel = sel[sel["year"] <= year_end]
    if province != "all":
        sel = sel[sel["bps_code"] == province]
    g = sel.groupby("year")["ump_rupiah"]
    return pd.DataFrame(
        {"provinces": g.count(), "ump_min_rupiah": g.min(), "ump_median_rupiah": g.median(), "ump_max_rupiah": g.max()}
    ).reset_index()


def pay_vs_ump(comp: pd.DataFrame, ump: pd.DataFrame, paid_only: bool = False) -> pd.DataFrame:
    """Monthly pay of front-line staff against the provincial minimum wage of the same year.

    Uses ``compensation`` rows with a monthly amount (``paid_only``: above zero). Columns: ``staff_type,
    year, amount_rupiah`` (Rupiah per month), ``funding, confidence, low_confidence`` (bool),
    ``ump_year, ump_min_rupiah, ump_median_rupiah, ump_max_rupiah`` (Rupiah per month, across provinces),
    ``pct_of_median_ump_percent`` (persen), ``ump_year_note``. When the pay year has no UMP data (before
    2016) the earliest UMP year is used and ``ump_year_note`` says so; nothing is interpolated.
    """
    pay = comp[(comp["period"] == "month") & comp["amount_rupiah"].notna()].copy()
    if paid_only:
        pay = pay[pay["amount_rupiah"] > 0]
    summ = ump_summary(ump)
    years = sorted(summ["year"])
    if not years:
        raise KesosError("ump_province has no rows; cannot compare pay with UMP")

    def pick(y: int) -> int:
        if y in years:
            return y
        later = [x for x in years if x > y]
        return later[0] if later else years[-1]

    pay["ump_year"] = [pick(int(y)) for y in pay["year"]]
    pay = pay.merge(summ.rename(columns={"year": "ump_year"}), on="ump_year", how="left")
    pay["pct_of_median_ump_percent"] = 100.0 * pay["amount_rupiah"].astype(float) / pay["ump_median_rupiah"]
    pay["low_confidence"] = pay["confidence"] == "low"
    pay["ump_year_note"] = [
        "" if int(y) == int(u) else f"UMP {int(u)} (earliest/nearest year with UMP data)"
        for y, u in zip(pay["year"], pay["ump_year"])
    ]
    cols = ["staff_type", "year", "amount_rupiah", "funding", "confidence", "low_confidence", "ump_year",
            "ump_min_rupiah", "ump_median_rupiah", "ump_max_rupiah", "pct_of_median_ump_percent", "ump_year_note"]
    return pay[cols].sort_values(["year", "staff_type"]).reset_index(drop=True)


def kecamatan_counts(psks: pd.DataFrame) -> pd.DataFrame:
    """Kecamatan counts per province and legal edition (the TKSK allocation basis: one TKSK per kecamatan).

    Columns: ``bps_code, year`` (year of the legal instrument), ``n_kecamatan``. Source: Permendagri /
    Kepmendagri editions listed in data/raw/panel/SOURCES.md.
    """
    k = psks[psks["indicator"].str.startswith("n_kecamatan")]
    return k[["bps_code", "year", "value"]].rename(columns={"value": "n_kecamatan"}).astype({"n_kecamatan": "int64"})


def tksk_per_kecamatan(wf_national: pd.DataFrame, wf_province: pd.DataFrame, psks: pd.DataFrame,
                       provinces: pd.DataFrame, province: str = "all") -> pd.DataFrame:
    """TKSK headcount against the number of kecamatan, nationally and where a province figure exists.

    Columns: ``level`` (THE display name of the province, ``"Indonesia"`` for the national row),
    ``bps_code, year, tksk`` (orang), ``kecamatan_edition_year`` (year of the kecamatan list used: the latest
    edition in or before the headcount year, else the earliest), ``n_kecamatan, tksk_per_kecamatan,
    source_url``. ``province`` (a BPS code) keeps the national row and that province's rows. District-only
    rows ("ONLY" in the note) are excluded: they are not province totals (kesos/SOURCES.md).
    """
    kec = kecamatan_counts(psks)
    rows = []
    nat = wf_national[(wf_national["staff_type"] == "TKSK") & wf_national["measure"].map(is_headcount)]
    for r in nat.itertuples():
        rows.append(("Indonesia", "00", int(r.year), int(r.headcount), r.source_url))
    prov = wf_province[(wf_province["staff_type"] == "TKSK") & ~wf_province["note"].fillna("").str.contains("ONLY")]
    for r in prov.itertuples():
        rows.append((r.province, province_record(r.province).bps_code, int(r.year), int(r.headcount), r.source_url))
    tk = psks[psks["indicator"] == "tksk_count"]
    for r in tk.itertuples():
        if not any(x[1] == r.bps_code and x[2] == r.year for x in rows):
            rows.append((r.province, r.bps_code, int(r.year), int(r.value), r.source_url))
    out = []
    for _level, code, year, tksk, url in rows:
        ed = kec[kec["bps_code"] == code]
        if ed.empty:
            continue
        before = ed[ed["year"] <= year]
        pick = before.loc[before["year"].idxmax()] if len(before) else ed.loc[ed["year"].idxmin()]
        out.append(
            {"level": province_record(code).name, "bps_code": code, "year": year, "tksk": tksk,
             "kecamatan_edition_year": int(pick["year"]),
             "n_kecamatan": int(pick["n_kecamatan"]), "tksk_per_kecamatan": tksk / int(pick["n_kecamatan"]),
             "source_url": url}
        )
    res = pd.DataFrame(out).sort_values(["bps_code", "year"]).reset_index(drop=True)
    return res if province == "all" else res[res["bps_code"].isin(["00", province])].reset_index(drop=True)


_PER = re.compile(r"per ([0-9,]+) (population|children)")


def per_10k_factor(unit: str) -> float | None:
    """Factor that converts a density in ``unit`` to "per 10,000": per 1,000 → 10, per 100,000 → 0.1.

    Returns ``None`` for units that are not a density per population (e.g. "health workers").
    """
    m = _PER.search(str(unit))
    if not m or m.group(2) != "population":
        return None
    base = float(m.group(1).replace(",", ""))
    return 10_000.0 / base


def density(wf: pd.DataFrame, population: pd.DataFrame, as_of_year: int = 2020,
            cadres: tuple[str, ...] = DIRECT_SERVICE_CADRES, max_gap_years: int = 3) -> tuple[pd.DataFrame, float]:
    """Direct-service workforce per 10,000 population, from each cadre's headcount closest to ``as_of_year``
    (within ``max_gap_years``; see :func:`closest_headcount`).

    Population is the national census count of ``as_of_year`` (2020: SP2020, 270,203.9 ribu jiwa;
    regions/SOURCES.md). Returns ``(table, total_per_10k)``; table columns: ``cadre, year, headcount,
    confidence, per_10k``. Raises KesosError if the national population of that year is missing.
    """
    pop = population[(population["bps_code"] == "00") & (population["year"] == as_of_year)]
    if pop.empty:
        raise KesosError(f"no national population for {as_of_year} in population_province")
    pop_persons = float(pop["population_thousand"].iloc[0]) * 1000.0
    rows = []
    for c in cadres:
        r = closest_headcount(wf, c, as_of_year, max_gap_years)
        if r is None:
            continue
        rows.append({"cadre": c, "year": int(r["year"]), "headcount": int(r["headcount"]),
                     "confidence": r["confidence"], "per_10k": 10_000.0 * int(r["headcount"]) / pop_persons})
    table = pd.DataFrame(rows)
    return table, float(table["per_10k"].sum()) if len(table) else 0.0


def benchmarks_per_10k(bench: pd.DataFrame) -> pd.DataFrame:
    """Benchmarks expressed per 10,000 population where their unit allows it.

    Columns: ``indicator, country, year, value, unit, per_10k, source_url``; rows whose unit is not a
    density per population are dropped.
    """
    b = bench.copy()
    b["factor"] = b["unit"].map(per_10k_factor)
    b = b[b["factor"].notna()].copy()
    b["per_10k"] = b["value"] * b["factor"]
    return b[["indicator", "country", "year", "value", "unit", "per_10k", "source_url"]].reset_index(drop=True)


# ------------------------------------------------------------------------------------- summaries (raw values)

#: Year of the PPPK pay table quoted next to front-line pay (Perpres 11/2024, in force from 2024).
PPPK_PAY_TABLE_YEAR = 2024


@dataclass(frozen=True)
class CadreSnapshot:
    """Headcounts (orang) of the main cadres closest to a year (:func:`closest_headcount`); ``None``
    where no headcount lies within three years."""

    tksk: int | None
    tksk_year: int | None
    pkh: int | None
    pkh_year: int | None
    sakti: int | None
    sakti_year: int | None
    psm: int | None
    psm_year: int | None


def cadre_snapshot(wf: pd.DataFrame, year: int) -> CadreSnapshot:
    """:class:`CadreSnapshot` of TKSK, PKH pendamping, Sakti Peksos and PSM around ``year``."""
    vals: list[int | None] = []
    for cadre in ("TKSK", "PKH pendamping", "Sakti Peksos", "PSM"):
        r = closest_headcount(wf, cadre, year)
        vals += [None, None] if r is None else [int(r["headcount"]), int(r["year"])]
    return CadreSnapshot(*vals)


@dataclass(frozen=True)
class PaySummary:
    """TKSK tali asih and Sakti Peksos pay as % of the median UMP (persen), Sakti Peksos pay (Rupiah per
    month) and the PPPK basic salary of golongan IX at 0 years of service (Rupiah per month)."""

    tksk_pct: float
    tksk_year: int
    ump_year: int
    sakti_pay: float
    sakti_year: int
    sakti_pct: float
    pppk_ix: float
    pppk_year: int


def pay_summary(pay: pd.DataFrame, salary: pd.DataFrame) -> PaySummary:
    """:class:`PaySummary` from :func:`pay_vs_ump` and the ``pppk_salary`` table: the earliest TKSK tali asih
    row, the latest Sakti Peksos row, and golongan IX of the :data:`PPPK_PAY_TABLE_YEAR` table.

    Raises KesosError if one of them is missing.
    """
    tk = pay[pay["staff_type"] == "TKSK (tali asih)"].sort_values("year")
    sk = pay[pay["staff_type"] == "Sakti Peksos"].sort_values("year")
    ix = salary[(salary["section"] == "pppk_basic_salary") & (salary["year_effective"] == PPPK_PAY_TABLE_YEAR)
                & (salary["level"] == "IX")]
    if tk.empty or sk.empty or ix.empty:
        raise KesosError("pay_summary needs a TKSK (tali asih) row, a Sakti Peksos row and PPPK golongan IX "
                         f"({PPPK_PAY_TABLE_YEAR})")
    t, k = tk.iloc[0], sk.iloc[-1]
    return PaySummary(float(t["pct_of_median_ump_percent"]), int(t["year"]), int(t["ump_year"]),
                      float(k["amount_rupiah"]), int(k["year"]), float(k["pct_of_median_ump_percent"]),
                      float(ix["min_monthly_rupiah"].iloc[0]), PPPK_PAY_TABLE_YEAR)


@dataclass(frozen=True)
class TkskSummary:
    """Range of TKSK per kecamatan over the rows shown, and persons per TKSK nationally in ``year`` (the
    national population of ``year`` over the national TKSK headcount closest to it; ``None`` without
    either)."""

    ratio_min: float
    ratio_max: float
    people_per_tksk: float | None
    year: int


def tksk_summary(tks: pd.DataFrame, population: pd.DataFrame, year: int) -> TkskSummary:
    """:class:`TkskSummary` of a :func:`tksk_per_kecamatan` table for population year ``year``."""
    nat = tks[tks["bps_code"] == "00"]
    pop = population[(population["bps_code"] == "00") & (population["year"] == year)]
    people = None
    if len(nat) and len(pop):
        r = nat.loc[(nat["year"] - year).abs().idxmin()]
        people = float(pop["population_thousand"].iloc[0]) * 1000.0 / int(r["tksk"])
    ratio = tks["tksk_per_kecamatan"]
    return TkskSummary(float(ratio.min()), float(ratio.max()), people, int(year))


def kecamatan_count(provinces: pd.DataFrame, bps_code: str) -> int:
    """Kecamatan in a province (``provinces.n_kecamatan``, Kepmendagri 300.2.2-2430/2025)."""
    return int(provinces.loc[provinces["bps_code"] == bps_code, "n_kecamatan"].iloc[0])


@dataclass(frozen=True)
class DensitySummary:
    """Direct-service workforce per 10,000 population next to health workers in Indonesia and social
    workers in Brazil (per 10,000), and how many times scarcer the social workforce is."""

    total_per_10k: float
    year: int
    id_health: float
    brazil: float
    times: float


#: Labels of the benchmark rows quoted in the narrative (data/raw/kesos/benchmarks.csv).
INDONESIA_HEALTH_INDICATOR = "Health worker density"
#: Label of the Indonesian direct-service workforce row added to the benchmarks by :func:`density_comparison`.
DIRECT_SERVICE_INDICATOR = "Direct-service workforce (TKSK + PKH pendamping + Sakti Peksos)"


def density_summary(total_per_10k: float, bench: pd.DataFrame, year: int) -> DensitySummary:
    """:class:`DensitySummary` from :func:`density` and :func:`benchmarks_per_10k`."""
    health = bench[bench["indicator"].str.contains(INDONESIA_HEALTH_INDICATOR, regex=False)]["per_10k"]
    brazil = bench[bench["country"] == "Brazil"]["per_10k"]
    if health.empty or brazil.empty:
        raise KesosError("benchmarks lack the Indonesian health-worker density or Brazil's social workers")
    return DensitySummary(total_per_10k, int(year), float(health.iloc[0]), float(brazil.iloc[0]),
                          float(health.iloc[0]) / total_per_10k)


def density_comparison(summary: DensitySummary, bench: pd.DataFrame) -> pd.DataFrame:
    """Benchmarks per 10,000 (:func:`benchmarks_per_10k`) plus the Indonesian direct-service workforce of a
    :class:`DensitySummary` (``indonesia`` True), largest first.

    Columns: ``indicator, country, year, per_10k, indonesia``.
    """
    own = pd.DataFrame([{"indicator": DIRECT_SERVICE_INDICATOR, "country": "Indonesia", "year": summary.year,
                         "per_10k": summary.total_per_10k, "indonesia": True}])
    rest = bench[["indicator", "country", "year", "per_10k"]].assign(indonesia=False)
    out = pd.concat([own, rest], ignore_index=True)
    return out.sort_values("per_10k", ascending=False, kind="stable").reset_index(drop=True)
