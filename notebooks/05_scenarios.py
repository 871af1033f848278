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
# # 05 · Skenario dan hasil / Scenarios and outcomes
#
# *Notebook tipis: narasi di `kesos_analysis/report/text/05_scenarios.yaml` (id/en), logika di `kesos_analysis.outcomes`,
# prior di `kesos_analysis/parameters/priors.yaml`.*

# %% tags=["parameters"]
# Parameters (papermill / `kesos run -p NAME=VALUE`)
lang = "id"                    # "id" (Bahasa Indonesia) or "en"
scenarios = "pkh_pendamping_pppk,pkh_qualification_only,tksk_pppk,sakti_peksos_all_panti,full_professionalisation"  # vs status_quo (current policy)
n_draws = 500                  # Monte Carlo draws
seed = 20261202                # random seed (numpy SeedSequence)
horizon = 2035                 # last projection year
discount_rate = 0.06           # real discount rate (fraction); 3 % and 10 % shown as sensitivities
priors_path = ""               # empty: kesos_analysis/parameters/priors.yaml
province = "all"               # "all" or a two-digit BPS code

# %%
from IPython.display import display
from kesos_analysis.data import regions
from kesos_analysis.outcomes import brief, report, summary
from kesos_analysis.report import Text, set_theme, show
from kesos_analysis.report.values import record

set_theme()
t = Text("05_scenarios", lang)
a = summary.analyse(scenarios.split(","), n_draws=n_draws, seed=seed, horizon=horizon, discount_rate=discount_rate,
                    priors_path=priors_path or None, province=province)
values = record(summary.headline_values(a))
f = brief.display(brief.fields({k: v["value"] for k, v in values.items()}), lang)
where = t("national") if province in ("all", "00") else regions.province_record(province).name
t.md("title")
t.md("summary", **f)
t.md("intro", province=where, reference=brief.option_label(a.reference, lang))

# %%
t.md("priors_heading")
t.md("priors_text", **f)
report.priors_table(a, t)

# %%
t.md("paths_heading")
show(report.fan_chart(a, "professional_share_services", t, title=t("share_title"), ylabel=t("share_ylabel"),
                      source=t("src_model"), kind="ratio", decimals=1))
show(report.fan_chart(a, "caseload", t, title=t("caseload_title"), ylabel=t("caseload_ylabel"), source=t("src_model"),
                      scenarios=a.options))
show(report.fan_chart(a, "additional_graduations", t, title=t("grad_title"), ylabel=t("grad_ylabel"),
                      source=t("src_model"), scenarios=a.options[1:]))
show(report.fan_chart(a, "vacancy_fte", t, title=t("vacancy_title"), ylabel=t("vacancy_ylabel"), source=t("src_model")))
show(report.fan_chart(a, "lksa_children", t, title=t("lksa_title"), ylabel=t("lksa_ylabel"), source=t("src_model"),
                      scenarios=["status_quo", "sakti_peksos_all_panti"]))
show(report.fan_chart(a, "poor_thousand", t, title=t("poor_title"), ylabel=t("poor_ylabel"), source=t("src_poverty"),
                      scenarios=["status_quo", a.reference]))
show(report.fan_chart(a, "incremental_cost_real", t, title=t("cost_title"), ylabel=t("cost_ylabel"),
                      source=t("src_model"), scale=1e-9))

# %%
t.md("benefits_heading")
t.md("benefits_text", **f)
display(report.benefits_table(a, t))
report.pay_table(a, t)

# %%
t.md("ce_heading")
t.md("ce_text", **f)
display(report.ce_table(a, t))
display(report.discount_table(a, t))
report.bia_table(a, t)

# %%
t.md("sens_heading")
t.md("sens_text", **f)
show(report.tornado_chart(a, t))
display(report.sobol_table(a, t))
show(report.ceac_chart(a, t))
report.voi_table(a, t)

# %%
t.md("caveats_heading")
report.bullets(t, "caveats")
