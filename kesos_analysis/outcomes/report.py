"""Report-layer helpers of reports 05 and 06: labelled tables and charts of an :class:`~.summary.Analysis`.

Formatting and labels only (the numbers come from :mod:`.summary`); narrative keys live in
``report/text/05_scenarios.yaml``. Charts use the suite's palette and :func:`kesos_analysis.report.figures.finish`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..report.figures import PALETTE, axis_formatter, finish
from ..report.text import Text
from .brief import option_label
from .summary import Analysis, benefits, national_paths, pay_comparison, voi_at_reference


def labels(a: Analysis, lang: str) -> dict[str, str]:
    """Display label of every scenario and comparator of the analysis."""
    return {s: option_label(s, lang) for s in a.sim.national}


def fan_chart(a: Analysis, outcome: str, t: Text, *, title: str, ylabel: str, source: str,
              scenarios: Sequence[str] | None = None, scale: float = 1.0, kind: str = "number",
              decimals: int = 0) -> plt.Figure:
    """Mean path and 90 % interval band per scenario over the horizon (values × ``scale``)."""
    df = national_paths(a, outcome, scenarios)
    names = labels(a, t.lang)
    fig, ax = plt.subplots(figsize=(10, 5))
    colours = sns.color_palette(PALETTE, df["scenario"].nunique())
    for (s, g), col in zip(df.groupby("scenario", sort=False), colours, strict=True):
        ax.plot(g["year"], g["mean"] * scale, color=col, label=names[s], lw=2)
        ax.fill_between(g["year"], g["low"] * scale, g["high"] * scale, color=col, alpha=0.18, lw=0)
    ax.yaxis.set_major_formatter(axis_formatter(kind, t.lang, decimals))
    ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    return finish(ax, title=title, xlabel=t("col_year"), ylabel=ylabel, source=source, lang=t.lang,
                  note=t("band_note"))


def tornado_chart(a: Analysis, t: Text, top: int = 10) -> plt.Figure:
    """One-way sensitivity of the ranking metric: bars from the low to the high end of each prior's 90 %
    range, largest swing on top."""
    df = a.tornado.head(top).iloc[::-1]
    desc = [getattr(a.priors[n], "description_id" if t.lang == "id" else "description").split(" (")[0][:60]
            for n in df["name"]]
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(df) + 1.8))
    y = np.arange(len(df))
    ax.barh(y, df["metric_low"] - df["base"], left=df["base"], color=sns.color_palette(PALETTE)[0], label=t("low_end"))
    ax.barh(y, df["metric_high"] - df["base"], left=df["base"], color=sns.color_palette(PALETTE)[1],
            label=t("high_end"))
    ax.axvline(float(df["base"].iloc[0]), color="#222222", lw=1)
    ax.set_yticks(y, desc, fontsize=8)
    ax.xaxis.set_major_formatter(axis_formatter("number", t.lang, 0))
    ax.legend(fontsize=8, loc="lower right")
    return finish(ax, title=t("tornado_title"), xlabel=t("tornado_xlabel"), ylabel=None, source=t("src_model"),
                  lang=t.lang)


def ceac_chart(a: Analysis, t: Text) -> plt.Figure:
    """Probability each option has the highest net benefit, over the willingness to pay per graduation."""
    df = a.ceac
    names = labels(a, t.lang)
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for (s, g), col in zip(df.groupby("scenario", sort=False), sns.color_palette(PALETTE, df["scenario"].nunique()),
                           strict=True):
        ax.plot(g["wtp"] / 1e6, g["probability"], color=col, lw=2, label=names[s])
    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(axis_formatter("ratio", t.lang, 1))
    ax.legend(fontsize=8, loc="center right")
    return finish(ax, title=t("ceac_title"), xlabel=t("ceac_xlabel"), ylabel=t("ceac_ylabel"), source=t("src_model"),
                  lang=t.lang)


def priors_table(a: Analysis, t: Text):
    """The priors with central value, range, distribution, flag and source."""
    df = pd.DataFrame([{"prior": p.description_id if t.lang == "id" else p.description,
                        "unit": p.unit if t.lang == "id" else p.unit_en, "value": p.value, "low": p.low, "high": p.high,
                        "distribution": p.distribution, "flag": p.flag, "source": p.source} for p in a.priors.values()])
    return t.table(df, caption="priors_caption", formats={"value": ("number", 3), "low": ("number", 3),
                                                          "high": ("number", 3)})


def benefits_table(a: Analysis, t: Text):
    """The essay's four benefits per scenario with 90 % intervals (benefit 2 in :func:`pay_table`)."""
    df = benefits(a)
    df = df.loc[df["benefit"].ne(2)].copy()
    df["scenario"] = df["scenario"].map(labels(a, t.lang))
    df["indicator"] = df["indicator"].map(lambda k: t(f"ind_{k}"))
    df["unit"] = df["unit"].map(lambda k: t(f"unit_{k}"))
    return t.table(df, ["benefit", "indicator", "scenario", "mean", "low", "high", "unit"], caption="benefits_caption",
                   formats={"benefit": "int", "mean": ("number", 3), "low": ("number", 3), "high": ("number", 3)})


def pay_table(a: Analysis, t: Text):
    """Benefit 2: monthly pay against the provincial UMP."""
    df = pay_comparison(a)
    df["who"] = df["who"].map(lambda k: t(f"who_{k}"))
    return t.table(df, ["who", "rupiah_per_month", "ump_year", "ratio_median", "ratio_min", "ratio_max"],
                   caption="pay_caption", source="src_pay")


def ce_table(a: Analysis, t: Text):
    """Cost-effectiveness per scenario and outcome at the main discount rate (PV, Rupiah; intervals 90 %); a cost
    per outcome that is not defined is shown with its reason (``cost_per_outcome_status``)."""
    df = a.ce.loc[a.ce["effect_pv"].abs().gt(1e-6)].copy()
    df["scenario"] = df["scenario"].map(labels(a, t.lang))
    df["outcome"] = df["outcome"].map(lambda k: t(f"outcome_{k}"))
    for c in ("cost_pv", "cost_per_outcome"):
        df[c] = df[c] / 1e9
    # a cost per outcome that is not defined shows its reason, never a bare NaN
    df["cost_per_outcome_status"] = df["cost_per_outcome_status"].map(lambda k: t(f"status_{k}"))
    cols = ["scenario", "outcome", "cost_pv", "effect_pv", "effect_pv_low", "effect_pv_high", "p_positive",
            "per_miliar", "cost_per_outcome", "cost_per_outcome_status"]
    num = {c: ("number", 0) for c in ("effect_pv", "effect_pv_low", "effect_pv_high")}
    return t.table(df, cols, caption="ce_caption", source="src_model",
                   formats={**num, "cost_pv": ("number", 1), "p_positive": ("ratio", 2), "per_miliar": ("number", 1),
                            "cost_per_outcome": ("number", 4)}, rate=a.rate * 100)


def discount_table(a: Analysis, t: Text):
    """Graduations per Rp1 miliar at 3, 6 and 10 % real discount rates."""
    df = a.ce_rates.loc[a.ce_rates["outcome"].eq("graduations") & a.ce_rates["effect_pv"].abs().gt(1e-6)]
    wide = df.pivot(index="scenario", columns="rate", values="per_miliar").reset_index()
    wide.columns = ["scenario", *[f"r{int(round(r * 100))}" for r in wide.columns[1:]]]
    wide["scenario"] = wide["scenario"].map(labels(a, t.lang))
    return t.table(wide, caption="discount_caption", formats={c: ("number", 1) for c in wide.columns[1:]})


def bia_table(a: Analysis, t: Text):
    """Five-year budget impact, nominal and undiscounted (Rp miliar)."""
    df = a.bia.copy()
    df["scenario"] = df["scenario"].map(labels(a, t.lang))
    for c in ("mean", "low", "high"):
        df[c] = df[c] / 1e9
    return t.table(df, caption="bia_caption", formats={c: ("number", 1) for c in ("mean", "low", "high")})


def sobol_table(a: Analysis, t: Text, top: int = 6):
    """Top Sobol indices for each comparison."""
    rows = []
    for comp, df in a.sobol.items():
        d = df.head(top).copy()
        d.insert(0, "comparison", t(f"vs_{comp}"))
        rows.append(d)
    df = pd.concat(rows, ignore_index=True)
    return t.table(df, ["comparison", "name", "group", "S1", "ST"], caption="sobol_caption",
                   formats={"S1": ("number", 2), "ST": ("number", 2)})


def voi_table(a: Analysis, t: Text):
    """EVPI and EVPPI per parameter group at the reference scenario's cost per graduation (Rp miliar)."""
    df = voi_at_reference(a)
    df["value"] = df["value"] / 1e9
    df["group"] = df["group"].map(lambda g: t(f"group_{g.split(' ')[0].lower()}"))
    return t.table(df, ["group", "value"], caption="voi_caption", formats={"value": ("number", 1)},
                   wtp=float(df["wtp"].iloc[0]))


__all__ = ["bia_table", "bullets", "ce_table", "ceac_chart", "discount_table", "fan_chart", "labels", "pay_table",
           "priors_table", "sobol_table", "tornado_chart", "voi_table"]



def bullets(t: Text, key: str, **values) -> None:
    """Display the list entry ``key`` of the catalogue as a Markdown bullet list (placeholders filled)."""
    from IPython.display import Markdown, display

    display(Markdown("\n".join(f"- {item}" for item in t.items(key, **values))))
