"""The one place where the outcome model reads the PPPK cost model.

:func:`cost_model_paths` calls :func:`kesos_analysis.scenarios.run` for each scenario and turns its documented
results (the budget-paths frame: ``cadre, year, pppk_headcount, legacy_headcount, conversions, new_hires,
total_cost_nominal, total_cost_real, status_quo_cost_nominal, status_quo_cost_real, legacy_cost_real,
deflator``; the ``need`` frame: ``current_headcount, professional_share_today, required_fte_professional``)
into plain arrays (cadre × year). If the cost model changes, only this module changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError

#: Cadres whose professionalisation drives modelled outcomes.
PKH = "pkh_pendamping"
LKSA = "panti_asuhan_anak"


@dataclass
class CostPaths:
    """One scenario of the cost model as arrays.

    ``cadres`` (C names), ``years`` (T); cadre × year arrays (persons or Rupiah per year): ``pppk``,
    ``legacy``, ``conversions``, ``new_hires``, ``cost_real``, ``cost_nominal`` (total cost of the cadre),
    ``sq_cost_real`` (the cost model's status-quo cost), ``legacy_pay_real`` (Rupiah per legacy worker per year,
    constant prices; 0 where no pay is sourced); ``deflator`` (T, nominal / real); per cadre (C):
    ``current`` (today's headcount, 0 if none), ``prof_share_today``, ``required_prof`` (required professional
    FTE, national), ``allocation`` (allocation key: ``poor_population``, ``kecamatan`` or ``kabkota``);
    ``pppk_annual_cost`` (employer cost of one entry PPPK, Rupiah per year, pay-table prices),
    ``pppk_monthly_gross`` (Rupiah per month), ``ump`` (``bps_code, ump_year, ump_rupiah_per_month``),
    ``kpm`` (PKH families, national) and ``lksa_children`` (children in LKSA, national) from the parameters.
    """

    name: str
    label: dict[str, str]
    cadres: list[str]
    years: np.ndarray
    pppk: np.ndarray
    legacy: np.ndarray
    conversions: np.ndarray
    new_hires: np.ndarray
    cost_real: np.ndarray
    cost_nominal: np.ndarray
    sq_cost_real: np.ndarray
    legacy_pay_real: np.ndarray
    deflator: np.ndarray
    current: np.ndarray
    prof_share_today: np.ndarray
    required_prof: np.ndarray
    allocation: list[str]
    pppk_annual_cost: float
    pppk_monthly_gross: float
    legacy_monthly_pay: dict[str, float]
    ump: pd.DataFrame
    kpm: float
    lksa_children: float

    def index(self, cadre: str) -> int:
        """Row of ``cadre``; :class:`ParameterError` if the cost model has no such cadre."""
        if cadre not in self.cadres:
            raise ParameterError(f"cost model scenario {self.name!r} has no cadre {cadre!r}; cadres: {self.cadres}")
        return self.cadres.index(cadre)


def _matrix(paths: pd.DataFrame, col: str, cadres: list[str], years: np.ndarray) -> np.ndarray:
    wide = paths.pivot(index="cadre", columns="year", values=col).reindex(index=cadres, columns=years)
    return wide.fillna(0.0).to_numpy(dtype=float)


def cost_model_paths(names: Sequence[str], overrides: Mapping[str, Any] | None = None,
                     keys: pd.DataFrame | None = None) -> dict[str, CostPaths]:
    """Run the cost model for each scenario name (``status_quo`` is added first if missing).

    ``overrides`` are passed to :func:`kesos_analysis.scenarios.run` (parameter paths, e.g.
    ``{"pppk_costing.macro.horizon_last_year": 2035}``). Returns ``{name: CostPaths}``.
    """
    from .. import costing, scenarios, staffing

    names = list(dict.fromkeys(["status_quo", *names]))
    keys = staffing.allocation_keys() if keys is None else keys
    out: dict[str, CostPaths] = {}
    for name in names:
        res = scenarios.run(name, overrides, keys=keys)
        sc = scenarios.load_scenario(name)
        paths, need, ps = res.paths, res.need.set_index("cadre"), res.params
        cadres = list(need.index)
        years = np.array(sorted(paths["year"].unique()), dtype=int)
        m = {c: _matrix(paths, c, cadres, years) for c in (
            "pppk_headcount", "legacy_headcount", "conversions", "new_hires", "total_cost_real",
            "total_cost_nominal", "status_quo_cost_real", "legacy_cost_real")}
        defl = paths.groupby("year")["deflator"].first().reindex(years).to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            pay = np.where(m["legacy_headcount"] > 0, m["legacy_cost_real"] / m["legacy_headcount"], 0.0)
        # A cadre's legacy pay per worker is the same in every scenario; fill years without legacy staff
        pay = pd.DataFrame(pay).replace(0.0, np.nan).ffill(axis=1).bfill(axis=1).fillna(0.0).to_numpy()
        cost = costing.annual_cost_per_person(ps, 0)
        ump = costing.ump_comparison(ps)[["bps_code", "ump_year", "ump_rupiah_per_month"]]
        cur_pay = costing.current_pay(ps).set_index("cadre")["rupiah_per_month"]
        out[name] = CostPaths(
            name=name, label=dict(sc.label), cadres=cadres, years=years,
            pppk=m["pppk_headcount"], legacy=m["legacy_headcount"], conversions=m["conversions"],
            new_hires=m["new_hires"], cost_real=m["total_cost_real"], cost_nominal=m["total_cost_nominal"],
            sq_cost_real=m["status_quo_cost_real"], legacy_pay_real=pay, deflator=defl,
            current=need["current_headcount"].fillna(0.0).to_numpy(dtype=float),
            prof_share_today=need["professional_share_today"].fillna(0.0).to_numpy(dtype=float),
            required_prof=need["required_fte_professional"].to_numpy(dtype=float),
            allocation=[ps.node(f"staffing_standards.cadres.{c}")["allocation"] for c in cadres],
            pppk_annual_cost=float(cost["total"]), pppk_monthly_gross=float(cost["monthly_gross"]),
            legacy_monthly_pay={str(k): float(v) for k, v in cur_pay.items()}, ump=ump,
            kpm=float(ps.get(f"staffing_standards.cadres.{PKH}.clients")),
            lksa_children=float(ps.get(f"staffing_standards.cadres.{LKSA}.clients")),
        )
    return out
