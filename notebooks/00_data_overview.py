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
# # 00 · Ikhtisar data / Data overview (catatan untuk pengguna notebook)
#
# *Notebook tipis: narasi ada di `kesos_analysis/report/text/00_data_overview.yaml` (id/en), logika di pustaka
# `kesos_analysis`. Jalankan dengan `kesos run 00_data_overview -p lang=en` untuk versi bahasa Inggris.*

# %% tags=["parameters"]
# Parameters (Papermill). lang: "id" or "en"; province: "all" or a 2-digit BPS code as text, e.g. "33".
lang = "id"
province = "all"
year_start = 2015
year_end = None        # None = the latest year in the data (a newly added BPS round shows up by itself)

# %%
from IPython.display import display

from kesos_analysis import __version__, overview, poverty, workforce
from kesos_analysis.data import load, regions
from kesos_analysis.report import Text, figures, set_theme, show
from kesos_analysis.report.values import record

set_theme()
t = Text("00_data_overview", lang)
pov, provinces = load("poverty_province"), load("provinces")
province = regions.normalise_province_parameter(province)
year_end = poverty.resolve_year_end(year_end, pov)
poverty.check_years(year_start, year_end)
t.md("title")
t.md("intro", province_label=t.province(province), year_start=year_start, year_end=year_end)

# %%
cat, conf = overview.catalogue(), overview.confidence_summary()
summary = overview.data_summary(cat, conf)
record({"data.tables": summary.n_tables, "data.rows": summary.n_rows}, unit="count")
t.md("catalogue_heading")
t.md("catalogue_text", summary)
t.table(cat, ["group", "file", "table", "rows", "columns", "sources", "sha256_12"], caption="catalogue_caption",
        source="src_datapackage", label_columns={"table": "table"})

# %%
t.md("confidence_heading")
t.md("confidence_text", summary)
t.table(conf, caption="confidence_caption", source="src_datapackage", headers="confidence")

# %%
cov = poverty.coverage(pov, year_start, year_end)
t.md("poverty_heading")
t.md("poverty_text", poverty.coverage_summary(cov))
t.table(cov, ["round", "expected_provinces", "provinces_p0", "provinces_poor", "national_p0_percent",
              "national_poor_thousand", "status"], caption="coverage_caption", source="src_poverty",
        label_columns={"status": "coverage_status"})

# %%
mat = overview.availability_matrix(pov, provinces, year_start, year_end, province=province)
show(figures.availability_heatmap(mat, title=t("heatmap_title"), xlabel=t("round"), ylabel=t("province"),
                                  source=t("src_poverty"), lang=lang, note=t("heatmap_legend")))

# %%
t.md("gaps_heading")
t.md("gaps_text", poverty.round_coverage(cov, 2022, 9))

# %%
ump = workforce.ump_summary(load("ump_province"), year_start, year_end, province)
t.md("other_heading")
t.md("other_text", ump_first=ump["year"].min(), ump_last=ump["year"].max())
t.table(ump, caption="ump_caption", source="src_ump")

# %%
hc = workforce.headcounts(load("workforce_national"))
t.table(hc, ["cadre", "year", "headcount", "measure", "employment_status", "confidence"],
        caption="workforce_caption", source="src_workforce",
        label_columns={"cadre": "data", "measure": "data", "employment_status": "data", "confidence": "confidence"})

# %%
add = overview.additions()
t.md("additions_heading")
if add.empty:
    t.md("additions_none")
else:
    t.md("additions_text", n=len(add))
    display(t.table(add, ["table", "date_added", "rounds", "rows_added", "rows_replaced", "source"],
                    caption="additions_caption", source="src_datapackage"))

# %%
t.md("sources_heading")
t.md("sources_text")
t.md("generated", version=__version__)
