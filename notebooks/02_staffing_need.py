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
# # 02 · Kebutuhan staf / Staffing need (catatan untuk pengguna notebook)
#
# *Notebook tipis: narasi di `kesos_analysis/report/text/02_staffing_need.yaml`, logika di `kesos_analysis.staffing` dan `kesos_analysis.scenarios`.*

# %% tags=["parameters"]
# Parameters (Papermill). lang: "id" or "en"; province: "all" or a 2-digit BPS code as text.
lang = "id"
province = "all"
scenario = "full_professionalisation"
start_year = 2026
rollout_years = 5
discount_rate = 0.06
method = "wisn"

# %%
from IPython.display import display

from kesos_analysis import scenarios, staffing
from kesos_analysis.data import regions
from kesos_analysis.report import Text, figures, set_theme, show
from kesos_analysis.report.display import assumptions_display
from kesos_analysis.report.values import record

set_theme()
t = Text("02_staffing_need", lang)
province = regions.normalise_province_parameter(province)
overrides = scenarios.notebook_overrides(start_year=start_year, rollout_years=rollout_years, discount_rate=discount_rate)
ps = scenarios.build(scenario, overrides)
label = scenarios.load_scenario(scenario).label[lang]
keys = staffing.allocation_keys()
s = staffing.need_summary(ps, keys)
sens = scenarios.tornado(scenario, overrides, method=method, outputs=("need",))
low, high = scenarios.tornado_range(sens, "need")

# %%
t.md("title")
t.md("summary", scenario=label, need_wisn=s.need_wisn_fte, need_abk=s.need_abk_fte, low=low, high=high,
     today=s.need_today_tasks_fte, prof=s.need_professional_fte, current=s.counted_current_fte,
     counted=s.counted_required_fte, missing=s.cadres_without_count)
record({"need.wisn_fte": s.need_wisn_fte, "need.abk_fte": s.need_abk_fte, "need.today_tasks_fte": s.need_today_tasks_fte,
        "need.professional_fte": s.need_professional_fte, "need.sensitivity_low_fte": low,
        "need.sensitivity_high_fte": high}, unit="FTE")

# %%
t.md("method_heading")
t.md("method_text", awt=s.awt_hours, cas=s.cas_percent, caf=s.caf)
t.md("need_heading")
display(t.table(staffing.need_table(ps, keys), [f"label_{lang}", "today_tasks_fte", "professional_fte", "required_fte",
                "abk_required_fte", "current_orang", "current_fte", "wisn_ratio"],
                caption="need_caption", source="src_need", scenario=label))
t.md("need_note")

# %%
t.md("tornado_heading")
show(figures.tornado(scenarios.tornado_chart_frame(sens, "need", lang), title=t("tornado_title"), xlabel=t("tornado_x"),
                     source=t("src_tornado"), lang=lang, low_label=t("low"), high_label=t("high")))

# %%
t.md("province_heading")
show(figures.ranked_bars(staffing.province_need(ps, keys, province), "required_fte", "province", highlight="selected",
                         title=t("province_title"), xlabel=t("province_x"), source=t("src_province"), lang=lang))

# %%
t.md("assumptions_heading")
t.table(assumptions_display(ps, ["staffing_standards"], lang), ["parameter", "value", "unit", "low", "high", "flag", "source"],
        caption="assumptions_caption", source="src_params")
