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
# # 04 · Dampak tenaga profesional / Effects of professional staff (catatan untuk pengguna notebook)
#
# *Notebook tipis: narasi di `kesos_analysis/report/text/04_effects.yaml` (id/en), logika di `kesos_analysis.effects`
# (estimator, validasi, desain peluncuran). Tanpa `panel_path` notebook memakai panel SINTETIS dengan dampak yang ditanam.*

# %% tags=["parameters"]
# Parameters (Papermill / `kesos run 04_effects -p NAME=VALUE`)
lang = "id"                            # "id" (Bahasa Indonesia) or "en"
province = "all"                       # "all" or a 2-digit BPS code: staff counts shown in section 6
panel_path = None                      # None = the SYNTHETIC panel; else a unit × period panel (CSV, XLSX, Parquet)
unit = "unit"                          # unit column of the panel (codes as text)
outcome = "y"                          # outcome column
treatment = "treated"                  # 0/1 treatment column, 1 from the first treated period on
estimators = ["twfe", "cs", "did2s"]   # any of twfe, cs (Callaway–Sant'Anna), did2s (two-stage / imputation)
seed = 20261202                        # synthetic panel and roll-out simulation

# %%
from IPython.display import display

from kesos_analysis.effects import public, workflow
from kesos_analysis.report import Text, figures, set_theme, show
from kesos_analysis.report.values import record

set_theme()
t = Text("04_effects", lang)
run = workflow.prepare(panel_path, unit, outcome, treatment, seed)
ests = workflow.estimate(run, estimators)
head = workflow.headline(run, ests)
ds = workflow.design_summary(seed=seed)
nv = workflow.narrative(run, head, public.support_summary(), ds)
src = t("src_synthetic") if run.synthetic else t("src_file", label=run.label)
t.md("banner_synthetic") if run.synthetic else t.md("banner_file", **nv["banner_file"])
t.md("title", **nv["title"])

# %%
t.md("estimates_text")
tab = workflow.estimates_table(ests, run.planted)
display(t.table(tab, ["estimator", "estimate", "se", "ci_low", "ci_high", "n_units_count", "n_periods_count",
                      "n_clusters_count", "inference"], caption="estimates_caption"))
record(workflow.recorded_values(ests, run))
show(figures.estimates_with_ci(tab, "estimator", "estimate", "ci_low", "ci_high", title=t("fig_estimates_title"),
                               xlabel=t("col_estimator"), ylabel=t("fig_estimates_ylabel", **nv["y_label"]),
                               source=src, lang=lang))

# %%
t.md("event_text", **nv["event_text"])
show(figures.estimates_with_ci(workflow.event_table(head.event), "rel_time", "estimate", "ci_low", "ci_high",
                               split=-0.5, title=t("fig_event_title"), xlabel=t("fig_event_xlabel"),
                               ylabel=t("fig_estimates_ylabel", **nv["y_label"]), source=src, lang=lang))

# %%
if run.synthetic:
    t.md("validation_text", **nv["validation_text"])
    display(t.table(tab, ["estimator", "planted", "estimate", "bias", "ci_low", "ci_high", "covers"],
                    caption="validation_caption", source="src_synthetic"))
t.md("sensitivity_text", **nv["sensitivity_text"])
if head.dose is not None:
    t.md("dose_text", **nv["dose_text"])
    t.md("dose_planted", **nv["dose_planted"]) if run.synthetic else None

# %%
t.md("public_text", **nv["public_text"])
display(t.table(public.staffing_points(province), ["province", "year", "staff_type", "headcount_orang", "sub_province"],
                caption="points_caption", source="src_points", empty="points_empty"))

# %%
t.md("design_text", **nv["design_text"])
display(t.table(workflow.calibration_table(ds), caption="calibration_caption", source="src_design",
                formats={"province": ("number", 3), "kabkota": ("number", 3)}))
display(t.table(workflow.mde_table(ds), caption="mde_caption", source="src_design"))
names = dict(zip(workflow.DESIGN_CODES, t.items("design_labels")))
show(figures.points_by_group(workflow.mde_long(ds, names), "n_units", "mde", "design", title=t("fig_mde_title"),
                             xlabel=t("fig_mde_xlabel"), ylabel=t("fig_mde_ylabel"), source=t("src_design"),
                             lang=lang, kind="number", decimals=2))
record(workflow.design_values(ds))
t.md("recommendation", **nv["recommendation"])

# %%
t.md("guide_text")
