"""What the bundled PUBLIC data can support for effect estimation (coverage counts; no estimates).

The outcome side is rich: BPS P0 for every province and poverty round (``poverty_province``). The treatment
side is not: province staffing counts exist only as scattered points from news and official pages
(``workforce_province`` and the staff-count rows of ``psks_province``; sources in ``data/raw/*/SOURCES.md``),
several of them for one kab/kota only. :func:`staffing_points` lists them; :func:`support_summary` counts
what an estimator would have to work with.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..data import load
from ..poverty import NATIONAL_CODE

#: ``psks_province`` indicators that are counts of staff in post (not allocation bases or requirements).
STAFF_COUNT_INDICATORS = ("pkh_pendamping_count", "tagana_count", "tksk_count", "sakti_peksos_count")


def staffing_points(province: str = "all") -> pd.DataFrame:
    """Province staff counts in the bundled data: columns ``bps_code``, ``province``, ``year`` (Int64; missing
    when the source gives none), ``staff_type``, ``headcount_orang`` (orang), ``sub_province`` (True when the
    note says the figure covers one kab/kota only), ``table``. Requirements/estimates and national rows
    excluded. ``province``: ``"all"`` or a two-digit BPS code (rows of that province only)."""
    from ..data.regions import province_code_for_name

    w = load("workforce_province")
    w = w[~w["staff_type"].str.contains("requirement|before increase", case=False, regex=True)]
    a = pd.DataFrame({"bps_code": [province_code_for_name(p) for p in w["province"]], "province": w["province"],
                      "year": w["year"].astype("Int64"), "staff_type": w["staff_type"],
                      "headcount_orang": w["headcount"].astype(float),
                      "sub_province": w["note"].fillna("").str.contains(r"\bONLY\b", regex=True),
                      "table": "workforce_province"})
    p = load("psks_province")
    p = p[p["indicator"].isin(STAFF_COUNT_INDICATORS) & (p["bps_code"] != NATIONAL_CODE)]
    b = pd.DataFrame({"bps_code": p["bps_code"], "province": p["province"], "year": p["year"].astype("Int64"),
                      "staff_type": p["indicator"].str.replace("_count", "", regex=False),
                      "headcount_orang": p["value"],
                      "sub_province": p["note"].fillna("").str.contains(r"\bONLY\b", regex=True),
                      "table": "psks_province"})
    out = pd.concat([a, b], ignore_index=True).sort_values(["bps_code", "year"]).reset_index(drop=True)
    return out if province == "all" else out[out["bps_code"] == province].reset_index(drop=True)


@dataclass(frozen=True)
class Support:
    """Coverage of outcome vs treatment data (counts of province-periods)."""

    n_provinces_p0: int
    n_rounds_p0: int
    n_cells_p0: int
    n_staff_rows: int
    n_staff_provinces: int
    n_staff_cells: int
    n_provinces_two_years: int
    share_of_p0_cells_percent: float


def support_summary() -> Support:
    """How much the public data offers: P0 province-rounds vs dated, whole-province staff counts (province-years),
    and provinces with staff counts in at least two years (the minimum for any before/after comparison)."""
    pov = load("poverty_province")
    pov = pov[pov["bps_code"] != NATIONAL_CODE]
    pov_cells = pov[["bps_code", "year", "month"]].drop_duplicates()
    pts = staffing_points()
    dated = pts[pts["year"].notna() & ~pts["sub_province"]]
    cells = dated[["bps_code", "year"]].drop_duplicates()
    per_prov = cells.groupby("bps_code").size()
    return Support(n_provinces_p0=int(pov["bps_code"].nunique()),
                   n_rounds_p0=int(pov_cells[["year", "month"]].drop_duplicates().shape[0]),
                   n_cells_p0=int(len(pov_cells)), n_staff_rows=int(len(pts)),
                   n_staff_provinces=int(cells["bps_code"].nunique()), n_staff_cells=int(len(cells)),
                   n_provinces_two_years=int((per_prov >= 2).sum()),
                   share_of_p0_cells_percent=100 * len(cells) / len(pov_cells))
