"""Display helpers for the staffing (02) and PPPK-cost (03) reports: parameter tables formatted by unit,
Rupiah in words (miliar/triliun), translated data labels and one fixed colour per cadre.

Conventions (both reports):

* **Parameter values** are formatted by unit: calendar years and pay-table years as plain integers
  (``2026``, never ``2.026``); whole numbers as integers with thousands separators (``10.000.000``);
  fractions with as many decimals as they have, at most four (``0,15``, ``7,5``, ``5,94``).
* **Money**: tables show *Rp miliar* with one decimal (``4.638,2``); narrative text uses
  :func:`rupiah_words` — ``Rp5,98 triliun`` from one trillion upwards, ``Rp661,2 miliar`` below, and full
  Rupiah (``Rp53.667.792``) below one billion.
* **Cadre colours**: :data:`CADRE_COLOURS` gives every cadre the same colour in every figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ..paramfile import ParameterSet
from . import fmt as _fmt
from . import labels as _labels
from .fmt import MISSING, check_lang, number

#: Units whose values are calendar years or durations in whole years: shown as plain integers (no separator).
YEAR_UNITS = ("tahun", "tahun tabel gaji")

#: Display text of categorical values per group — a view of the ONE label catalogue ``labels.yaml``
#: (:mod:`kesos_analysis.report.labels`); kept for older callers, do not extend it here.
LABELS: dict[str, dict[str, dict[str, str]]] = {g: _labels.as_dict(g) for g in _labels.catalogue()}

#: One colour per cadre (tab20-based, distinct for all 11 cadres), used by every figure of 02 and 03.
CADRE_COLOURS: dict[str, str] = {
    "pkh_pendamping": "#1f77b4",
    "tksk": "#ff7f0e",
    "pendamping_atensi": "#2ca02c",
    "lk3_counsellor": "#d62728",
    "panti_asuhan_anak": "#9467bd",
    "panti_lanjut_usia": "#8c564b",
    "panti_penyandang_disabilitas": "#e377c2",
    "panti_korban_napza": "#7f7f7f",
    "panti_karya_wanita": "#bcbd22",
    "panti_pamardi_putra": "#17becf",
    "panti_bina_remaja": "#aec7e8",
}


def label(kind: str, value: Any, lang: str = "id") -> str:
    """Display text of a categorical ``value`` of label group ``kind`` (:func:`kesos_analysis.report.labels.label`;
    an unknown group or value is returned unchanged)."""
    check_lang(lang)
    if kind not in _labels.catalogue():
        return MISSING if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    return _labels.label(kind, value, lang)


def cadre_colours(cadres: Iterable[str]) -> list[str]:
    """The fixed colours of ``cadres`` (a :class:`KeyError` names an unknown cadre)."""
    out = []
    for c in cadres:
        if c not in CADRE_COLOURS:
            raise KeyError(f"no colour for cadre {c!r}; add it to kesos_analysis.report.display.CADRE_COLOURS")
        out.append(CADRE_COLOURS[c])
    return out


def _decimals(x: float, most: int = 4) -> int:
    for d in range(most + 1):
        if abs(round(x, d) - x) < 1e-9:
            return d
    return most


def value_text(value: Any, unit: str, lang: str = "id") -> str:
    """A parameter value formatted by its (Indonesian) ``unit``.

    >>> value_text(2024, "tahun tabel gaji"), value_text(10_000_000, "KPM"), value_text(0.15, "proporsi")
    ('2024', '10.000.000', '0,15')
    """
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = str(value)
        text = label("interpolation", text, lang)
        return text.replace("(old)", "(lama)") if lang == "id" else text
    if unit in YEAR_UNITS and float(value).is_integer():
        return str(int(value))
    return number(value, lang, _decimals(float(value)))


def assumptions_display(ps: ParameterSet, prefixes: Iterable[str], lang: str = "id",
                        scenario_labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The parameters under ``prefixes`` as display text, one row each.

    Columns: ``parameter`` (description in ``lang``), ``key`` (dotted path without the file stem), ``value``,
    ``unit`` (in ``lang``), ``low``, ``high`` (formatted by unit; ``–`` for a choice among texts),
    ``flag``, ``source``, ``overridden_by`` (``parameter laporan`` / a scenario label from
    ``scenario_labels`` keyed by file stem). A parameter without a figure shows ``tidak ada data`` / ``no data``.
    """
    check_lang(lang)
    rows = []
    for pre in prefixes:
        for r in ps.table(pre):
            unit = r["unit"] if lang == "id" else r["unit_en"]
            if r["value"] is None:
                value = label("no_data", "", lang)
            else:
                value = value_text(r["value"], r["unit"], lang)
            low, high = (value_text(r[k], r["unit"], lang) for k in ("low", "high"))
            origin = str(r["overridden_by"] or "")
            if origin:
                stem = origin.rsplit("/", 1)[-1].removesuffix(".yaml")
                origin = (scenario_labels or {}).get(stem, label("override", origin.rsplit("/", 1)[-1], lang))
            rows.append({
                "parameter": r["description_id"] if lang == "id" else r["description"],
                "key": r["path"].split(".", 1)[1],
                "value": value, "unit": unit, "low": low, "high": high,
                "flag": r["flag"], "source": r["source"], "overridden_by": origin,
            })
    return pd.DataFrame(rows)


def rupiah_words(x: float, lang: str = "id") -> str:
    """Rupiah for narrative text (:func:`kesos_analysis.report.fmt.rupiah_words`; placeholder kind ``money``)."""
    return _fmt.rupiah_words(x, lang)
