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
# # 01 · Kemiskinan dan tenaga lini depan / Poverty and the front-line workforce (catatan untuk pengguna notebook)
#
# *Notebook tipis: narasi di `kesos_analysis/report/text/01_poverty_and_workforce.yaml` (id/en), logika di
# `kesos_analysis.poverty` dan `kesos_analysis.workforce`. Semua angka berasal dari `data/raw/` dengan sumber
# per baris.*

# %% tags=["parameters"]
# Parameters (Papermill). lang: "id" or "en"; province: "all" or a 2-digit BPS code as text, e.g. "94".
lang = "id"
province = "all"
year_start = 2015
year_end = None        # None = the latest year in the data (a newly added BPS round shows up by itself)
top_n = 10
density_year = 2020    # year of the population and the headcounts (closest within 3 years) for densities

# %%
from kesos_analysis import poverty, workforce
from kesos_analysis.data import load
from kesos_analysis.report import figures, record, start

t, province = start("01_poverty_and_workforce", lang, province)
pov, provinces, pop = load("poverty_province"), load("provinces"), load("population_province")
year_end, wf = poverty.year_range(pov, year_start, year_end), load("workforce_national")
t.md(["title", "intro"], province_label=t.province(province), year_start=year_start, year_end=year_end)

# %%
trend = poverty.trend_summary(pov, year_start, year_end)
lines = {t.province(code): s for code, s in poverty.series_for(pov, province, year_start, year_end).items()}
t.md(["trend_heading", "trend_text"], trend)
t.show(figures.round_series, lines, "p0_percent", figure="trend_p0", source="src_poverty")
t.show(figures.round_series, {t("national"): lines[t("national")]}, "poor_thousand", kind="int", figure="trend_poor",
       source="src_poverty")
t.table(lines[t("national")], ["round", "p0_percent", "poor_thousand"], caption="trend_caption", source="src_poverty")

# %%
latest, rank, ranking = poverty.latest_ranking(pov, year_start, year_end, provinces)
top = poverty.top_provinces(rank, top_n, province)
t.md(["provinces_heading", "provinces_text"], ranking)
t.show(figures.ranked_bars, top, "p0_percent", "province", highlight=[t.province(province)], reference=ranking.nat_p0,
       figure="ranking", texts={"n": len(top), "round": latest}, source="src_poverty")
t.table(rank, ["rank", "province", "p0_percent", "poor_thousand", "gap_pp", "island_group"],
        caption="ranking_caption", source="src_poverty", round=latest)

# %%
change, moved = poverty.change_since_first_complete(pov, year_start, year_end)
t.md(["change_heading", "change_text"], moved)
t.table(change, caption="change_caption", source="src_poverty", start=moved.start, end=moved.end)

# %%
if province != "all":
    t.md(["province_heading", "province_text"], poverty.province_summary(pov, province, year_start, year_end, rank))

# %%
cadres = workforce.cadre_snapshot(wf, density_year)
t.md(["workforce_heading", "workforce_text"], cadres)
t.show(figures.points_by_group, workforce.headcounts(wf), "year", "headcount", "cadre", label_group="data", log=True,
       legend_title=t("col_cadre"), figure="headcount", source="src_workforce")

# %%
pay = workforce.pay_vs_ump(load("compensation"), load("ump_province"))
pay_summary = workforce.pay_summary(pay, load("pppk_salary"))
t.md(["pay_heading", "pay_text"], pay_summary)
t.show(figures.ranked_bars, pay, "pct_of_median_ump_percent", t.rows("pay_bar_label", pay), omit_zero=True,
       muted="low_confidence", reference=100, sort=False, kind="percent", figure="pay", source="src_pay")
t.table(pay, ["staff_type", "year", "amount_rupiah", "funding", "confidence", "ump_year", "ump_median_rupiah",
              "pct_of_median_ump_percent"], caption="pay_caption", source="src_pay")

# %%
tksk = workforce.tksk_per_kecamatan(wf, load("workforce_province"), load("psks_province"), provinces, province)
t.md(["tksk_heading", "tksk_text"], workforce.tksk_summary(tksk, pop, density_year))
if province != "all" and province not in set(tksk["bps_code"]):
    t.md("tksk_province_none", province=t.province(province), n_kec=workforce.kecamatan_count(provinces, province))
t.table(tksk, caption="tksk_caption", source="src_tksk", formats={"tksk_per_kecamatan": ("ratio", 3)})

# %%
(dens, total), bench = workforce.density(wf, pop, density_year), workforce.benchmarks_per_10k(load("benchmarks"))
density = workforce.density_summary(total, bench, density_year)
comp = workforce.density_comparison(density, bench)
t.md(["density_heading", "density_text"], density)
t.show(figures.ranked_bars, comp, "per_10k", t.rows("density_bar_label", comp), highlight="indonesia",
       figure="density", source="src_density")
t.table(dens, ["cadre", "year", "headcount", "confidence", "per_10k"], caption="density_caption", source="src_density")
t.table(bench, caption="benchmark_caption", source="src_density")

# %%
record({"poverty.national_p0_latest": trend.p0_last, "poverty.province_p0_top": ranking.top1_p0}, unit="persen")
record({"workforce.direct_service_per_10k": total}, unit="per 10.000 penduduk")
t.md(["summary_heading", "summary_text"], trend, ranking, pay_summary, density, sakti=cadres.sakti)
t.footer()
