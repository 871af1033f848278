"""What the bundled PUBLIC data can support for effect estimation (coverage counts; no estimates).

The outcome side is rich: BPS P0 for every province and poverty round (``poverty_province``). The treatment
side is not: province staffing counts exist only as scattered points from news and official pages
(``workforce_province`` and the staff-count rows of ``psks_province``; sources in ``data/raw/*/SOURCES.md``),
several of them for one kab/kota only. :func:`staffing_points` lists them; :func:`support_summary` counts
what an estimator would have to work with.
"""

from __future__ import annotations

import pandas as pd

from ..data import load
from ..poverty import NATIONAL_CODE

#: ``psks_province`` indicators that are counts of staff in post (not allocation bases or requirements).
STAFF_COUNT_INDICATORS = ("pkh_pendamping_count", "tagana_count", "tksk_count", "sakti_peksos_count")


def staffing_points() -> pd.DataFrame:
    """Province staff counts in the bundled data: columns ``bps_code``, ``province``, ``year`` (Int64; missing
    when the source gives none), ``staff_type``, ``headcount`` (orang), ``sub_province`` (True when the note
    says the figure covers one kab/kota only), ``table``. Requirements/estimates and national rows excluded."""
    from ..data.regions import province_code_for_name

    w = load("workforce_province")
    w = w[~w["staff_type"].str.contains("requirement|before increase", case=False, regex=True)]
    a = pd.DataFrame({"bps_code": [province_code_for_name(p) for p in w["province"]], "province": w["province"],
                      "year": w["year"].astype("Int64"), "staff_type": w["staff_type"],
                      "headcount": w["headcount"].astype(float),
                      "sub_province": w["note"].fillna("").str.contains(r"\bONLY\b", regex=True),
                      "table": "workforce_province"})
    p = load("psks_province")
    p = p[p["indicator"].isin(STAFF_COUNT_INDICATORS) & (p["bps_code"] != NATIONAL_CODE)]
    b = pd.DataFrame({"bps_code": p["bps_code"], "province": p["province"], "year": p["year"].astype("Int64"),
                      "staff_type": p["indicator"].str.replace("_count", "", regex=False), "headcount": p["value"],
                      "sub_province": p["note"].fillna("").str.contains(r"\bONLY\b", regex=True),
                      "table": "psks_province"})
    return pd.concat([a, b], ignore_index=True).sort_values(["bps_code", "year"]).reset_index(drop=True)


def support_summary() -> pd.DataFrame:
    """Coverage of outcome vs treatment data, one row each: ``what`` (key), ``n_provinces``, ``n_periods``,
    ``n_cells`` (province-periods with a value), ``share_of_outcome_cells`` (fraction 0–1 of the P0 cells)."""
    pov = load("poverty_province")
    pov = pov[pov["bps_code"] != NATIONAL_CODE]
    pov_cells = pov[["bps_code", "year", "month"]].drop_duplicates()
    pts = staffing_points()
    dated = pts[pts["year"].notna() & ~pts["sub_province"]]
    cells = dated[["bps_code", "year"]].drop_duplicates()
    per_prov = cells.groupby("bps_code").size()
    rows = [
        {"what": "poverty_p0", "n_provinces": int(pov["bps_code"].nunique()),
         "n_periods": int(pov_cells[["year", "month"]].drop_duplicates().shape[0]), "n_cells": int(len(pov_cells))},
        {"what": "staff_counts_all", "n_provinces": int(pts["bps_code"].nunique()),
         "n_periods": int(pts["year"].dropna().nunique()), "n_cells": int(len(pts))},
        {"what": "staff_counts_province_dated", "n_provinces": int(cells["bps_code"].nunique()),
         "n_periods": int(cells["year"].nunique()), "n_cells": int(len(cells))},
        {"what": "provinces_with_2plus_years", "n_provinces": int((per_prov >= 2).sum()),
         "n_periods": int(cells["year"].nunique()), "n_cells": int(per_prov[per_prov >= 2].sum())},
    ]
    out = pd.DataFrame(rows)
    out["share_of_outcome_cells"] = out["n_cells"] / len(pov_cells)
    return out
