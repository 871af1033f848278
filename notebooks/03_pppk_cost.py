# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (kesos-analysis)
#     language: python
#     name: kesos-analysis
# ---

# %% [markdown] tags=["report-hide"]
# # 03 · Biaya PPPK / PPPK cost (catatan untuk pengguna notebook)
#
# *Notebook tipis: narasi di `kesos_analysis/report/text/03_pppk_cost.yaml`, logika di `kesos_analysis.costing` dan `kesos_analysis.scenarios`.*

# %% tags=["parameters"]
# Parameters (Papermill). lang: "id" or "en"; province: "all" or a 2-digit BPS code as text.
lang = "id"
province = "all"
scenario = "full_professionalisation"
start_year = 2026
rollout_years = 5
discount_rate = 0.06

# %%
from IPython.display import display

from kesos_analysis import scenarios
from kesos_analysis.data import regions
from kesos_analysis.report import Text, figures, set_theme, show
from kesos_analysis.report.display import assumptions_display
from kesos_analysis.report.values import record

set_theme()
t = Text("03_pppk_cost", lang)
province = regions.normalise_province_parameter(province)
overrides = scenarios.notebook_overrides(start_year=start_year, rollout_years=rollout_years, discount_rate=discount_rate)
rep = scenarios.cost_report(scenario, overrides)
h = rep.headline
label = scenarios.load_scenario(scenario).label[lang]
sens = scenarios.tornado(scenario, overrides)
pv_low, pv_high = scenarios.tornado_range(sens, "pv")
first, last = start_year, h["last_year"]

# %%
t.md("title")
t.md("summary", scenario=label, first=first, pv_low=pv_low, pv_high=pv_high, **h)
record(scenarios.recorded_values(rep))
record({"cost.pv_sensitivity_low": pv_low, "cost.pv_sensitivity_high": pv_high}, unit="Rupiah")

# %%
t.md("components_heading")
t.table(rep.components, ["component", "rupiah_per_year", "share", "legal_basis", "flag"], caption="components_caption",
                source="src_components", formats={"share": ("ratio", 3)})
t.md("not_costed_text")
t.md("not_costed_items")

# %%
t.md("ump_heading")
show(figures.ranked_bars(rep.ump, "take_home_to_ump", "province", reference=1.0, reference_label=t("ump_reference"),
                         title=t("ump_title", year=h["ump_year"]), xlabel=t("ump_x"), source=t("src_ump"), lang=lang,
                         kind="ratio", decimals=1))

# %%
t.md("compare_heading")
t.md("compare_text")
t.table(rep.comparison, [f"label_{lang}", "pppk_headcount_last_year", "pppk_professional_last_year", "legacy_headcount_last_year",
                         "displaced_total", "total_cost_nominal_last_year", "incremental_cost_nominal_last_year",
                         "pv_incremental_cost_real", "years_to_full_coverage"], caption="compare_caption", source="src_model",
        formats=scenarios.COMPARISON_FORMATS, first=first, last=last)

# %%
t.md("flows_heading")
t.md("flows_text", first=first, last=last)
t.table(rep.displacement, [f"label_{lang}", "conversions_orang", "upgrades_orang", "new_hires_orang", "displaced_orang",
                           "leavers_orang", "headcount_first_orang", "headcount_last_orang"], caption="flows_caption",
        source="src_model", scenario=label, first=first, last=last)

# %%
t.md("supply_heading")
t.md("supply_text", coverage=h["coverage_text"], coverage_free=h["uncapped_coverage_text"])
t.table(rep.supply, caption="supply_caption", source="src_model")

# %%
t.md("payers_heading")
t.md("payers_text")
show(figures.stacked_paths(rep.payers, names=dict(zip(rep.payers.columns, t.items("payer_names"))), title=t("payers_title", scenario=label),
                           ylabel=t("payers_y"), source=t("src_model"), lang=lang, decimals=1))
t.table(rep.budget_shares, [f"label_{lang}", "line_year", "amount_rupiah", "total_share", "incremental_share"],
        caption="budget_caption", source="src_budget", formats=scenarios.COMPARISON_FORMATS, last=last)

# %%
t.md("tornado_heading")
show(figures.tornado(scenarios.tornado_chart_frame(sens, "pv", lang), title=t("tornado_title"), xlabel=t("tornado_x"),
                     source=t("src_tornado"), lang=lang, scale=1e12, decimals=1, low_label=t("low"), high_label=t("high")))
t.table(assumptions_display(rep.result.params, ["pppk_costing"], lang), ["parameter", "value", "unit", "low", "high", "flag",
        "source"], caption="assumptions_caption", source="src_params")
