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

import pandas as pd

from .data.regions import province_record
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
    rank = {"high": 0, "medium-high": 1, "medium": 2, "medium-low": 3, "low": 4}
    sub = sub.assign(_gap=(sub["year"] - year).abs(), _c=sub["confidence"].map(rank))
    sub = sub.sort_values(["_gap", "_c", "year"])
    return sub.iloc[0].drop(labels=["_gap", "_c"])


def ump_summary(ump: pd.DataFrame) -> pd.DataFrame:
    """UMP across provinces per year: ``year, provinces, ump_min, ump_median, ump_max`` (Rupiah per month).

    Only provinces that set a UMP that year are counted (2016: 30 of 34; regions/SOURCES.md §2); a
    national row (``"00"``) is ignored.
    """
    g = ump[ump["bps_code"] != "00"].groupby("year")["ump_rupiah"]  # a national "average" row is not a UMP
    return pd.DataFrame(
        {"provinces": g.count(), "ump_min": g.min(), "ump_median": g.median(), "ump_max": g.max()}
    ).reset_index()


def pay_vs_ump(comp: pd.DataFrame, ump: pd.DataFrame) -> pd.DataFrame:
    """Monthly pay of front-line staff against the provincial minimum wage of the same year.

    Uses ``compensation`` rows with a monthly amount. Columns: ``staff_type, year, amount_rupiah`` (Rupiah
    per month), ``funding, confidence, ump_year, ump_min, ump_median, ump_max`` (Rupiah per month, across
    provinces), ``pct_of_median_ump`` (persen), ``ump_year_note``. When the pay year has no UMP data
    (before 2016) the earliest UMP year is used and ``ump_year_note`` says so; nothing is interpolated.
    """
    pay = comp[(comp["period"] == "month") & comp["amount_rupiah"].notna()].copy()
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
    pay["pct_of_median_ump"] = 100.0 * pay["amount_rupiah"].astype(float) / pay["ump_median"]
    pay["ump_year_note"] = [
        "" if int(y) == int(u) else f"UMP {int(u)} (earliest/nearest year with UMP data)"
        for y, u in zip(pay["year"], pay["ump_year"])
    ]
    cols = ["staff_type", "year", "amount_rupiah", "funding", "confidence", "ump_year", "ump_min", "ump_median",
            "ump_max", "pct_of_median_ump", "ump_year_note"]
    return pay[cols].sort_values(["year", "staff_type"]).reset_index(drop=True)


def kecamatan_counts(psks: pd.DataFrame) -> pd.DataFrame:
    """Kecamatan counts per province and legal edition (the TKSK allocation basis: one TKSK per kecamatan).

    Columns: ``bps_code, year`` (year of the legal instrument), ``n_kecamatan``. Source: Permendagri /
    Kepmendagri editions listed in data/raw/panel/SOURCES.md.
    """
    k = psks[psks["indicator"].str.startswith("n_kecamatan")]
    return k[["bps_code", "year", "value"]].rename(columns={"value": "n_kecamatan"}).astype({"n_kecamatan": "int64"})


def tksk_per_kecamatan(wf_national: pd.DataFrame, wf_province: pd.DataFrame, psks: pd.DataFrame,
                       provinces: pd.DataFrame) -> pd.DataFrame:
    """TKSK headcount against the number of kecamatan, nationally and where a province figure exists.

    Columns: ``level`` ("nasional"/province name), ``bps_code, year, tksk`` (orang), ``kecamatan_edition``
    (year of the kecamatan list used: the latest edition in or before the headcount year, else the
    earliest), ``n_kecamatan, tksk_per_kecamatan, source_url``. District-only rows ("ONLY" in the note) are
    excluded: they are not province totals (kesos/SOURCES.md).
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
    for level, code, year, tksk, url in rows:
        ed = kec[kec["bps_code"] == code]
        if ed.empty:
            continue
        before = ed[ed["year"] <= year]
        pick = before.loc[before["year"].idxmax()] if len(before) else ed.loc[ed["year"].idxmin()]
        out.append(
            {"level": level, "bps_code": code, "year": year, "tksk": tksk, "kecamatan_edition": int(pick["year"]),
             "n_kecamatan": int(pick["n_kecamatan"]), "tksk_per_kecamatan": tksk / int(pick["n_kecamatan"]),
             "source_url": url}
        )
    return pd.DataFrame(out).sort_values(["bps_code", "year"]).reset_index(drop=True)


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
