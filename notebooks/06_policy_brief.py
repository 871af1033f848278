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
# # 06 · Ringkasan kebijakan / Policy brief
#
# *Notebook tipis: setiap angka diambil dari nilai tercatat laporan 05 (`kesos_analysis.outcomes.brief`); narasi di
# `kesos_analysis/report/text/06_policy_brief.yaml`.*

# %% tags=["parameters"]
# Parameters (papermill / `kesos run -p NAME=VALUE`)
lang = "id"                    # "id" (Bahasa Indonesia) or "en"

# %%
from kesos_analysis.outcomes import brief, report
from kesos_analysis.report import Text
from kesos_analysis.report.values import record

t = Text("06_policy_brief", lang)
values, origin = brief.load_values(lang)
f = brief.display(brief.fields(values), lang)
record(brief.quoted(values))
t.md("title")
t.md("summary", **f)

# %%
t.md("findings_heading")
report.bullets(t, "findings", **f)

# %%
t.md("recommendation_heading")
t.md(f["recommendation_key"], **f)
report.bullets(t, "conditions", **f)

# %%
t.md("change_heading")
report.bullets(t, "change", **f)

# %%
t.md("caveats_heading")
report.bullets(t, "caveats", **f)
t.md(f"trace_{origin}")
