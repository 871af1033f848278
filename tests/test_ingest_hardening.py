"""Regression tests for the adversarial review of the data layer (findings 1–8): wrong indicator mapping,
units and scale, national rows, XLSX traps, NIK leaks, --replace with missing values, commit robustness,
messages. Each test failed before its fix."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kesos_analysis.cli import app
from kesos_analysis.data import ingest, load, privacy
from kesos_analysis.data.datapackage import verify_all
from kesos_analysis.data.readers import read_table
from kesos_analysis.data.schemas import get_any_spec
from kesos_analysis.errors import DataValidationError
from kesos_analysis.report import fmt
from tests.corpus.make_corpus import simple_wide as _wide
from tests.ingest_support import CORPUS, make_data_copy, tree_digest

POVERTY = get_any_spec("poverty_province")
UMP = get_any_spec("ump_province")
POPULATION = get_any_spec("population_province")
SOURCE = "https://www.bps.go.id/id/statistics-table/x"
NIK = "3171994501900012"  # kecamatan 99 does not exist: nobody's NIK


@pytest.fixture
def data(tmp_path, monkeypatch):
    raw, processed = make_data_copy(tmp_path, build=False)
    monkeypatch.setenv("KESOS_DATA_RAW", str(raw))
    monkeypatch.setenv("KESOS_DATA_PROCESSED", str(processed))
    return raw, processed



# ------------------------------------------------------------------------ 1. indicator mapping

def test_urban_rural_table_reads_only_the_total_column(tmp_path):
    p = _wide(tmp_path / "t.xlsx", "Persentase Penduduk Miskin Menurut Provinsi dan Daerah, Maret 2026",
              ["Perkotaan", "Perdesaan", "Perkotaan+Perdesaan"], [("Aceh", "10,50", "16,20", "12,30")])
    res = read_table(p, POVERTY)
    assert not res.problems
    assert res.frame["p0_percent"].tolist() == ["12.30"]
    assert any("urban/rural breakdowns" in n and "total" in n for n in res.notes)
    assert sorted(s.text.split(":")[0] for s in res.skipped if s.kind == "sub-population") == \
        ["column B 'Perkotaan'", "column C 'Perdesaan'"]


def test_population_header_is_read_as_population_not_poverty(tmp_path):
    p = _wide(tmp_path / "pop.xlsx", "Jumlah Penduduk Menurut Provinsi", ["Jumlah Penduduk (Ribu Jiwa)"],
              [("Aceh", 5554.8)], sub=[2026])
    assert read_table(p, POPULATION).frame["population_thousand"].tolist() == ["5554.8"]
    with pytest.raises(DataValidationError, match="total population, not a poverty indicator"):
        ingest.validate_file(p, "poverty_province")


# ------------------------------------------------------------------------ 2. units and scale

@pytest.mark.parametrize("header,value,expected,word", [
    ("Jumlah Penduduk (Orang)", 5554800, "5554.8", "divided by 1,000"),
    ("Jumlah Penduduk (Jiwa)", 5554800, "5554.8", "divided by 1,000"),
    ("Jumlah Penduduk (juta)", 5.55, "5550", "multiplied by 1,000"),
    ("Jumlah Penduduk (Ribu Jiwa)", 5554.8, "5554.8", None),
])
def test_wide_count_units_are_converted_to_thousands(tmp_path, header, value, expected, word):
    p = _wide(tmp_path / "pop.xlsx", "Jumlah Penduduk Menurut Provinsi", [header], [("Aceh", value)], sub=[2026])
    res = read_table(p, POPULATION)
    assert not res.problems
    assert res.frame["population_thousand"].tolist() == [expected]
    if word:
        assert any(word in n for n in res.notes)


def test_count_without_unit_needs_unit_option(tmp_path):
    p = _wide(tmp_path / "pov.xlsx", "Jumlah Penduduk Miskin Menurut Provinsi", ["Jumlah Penduduk Miskin"],
              [("Aceh", 789500)], sub=["Maret 2026"])
    with pytest.raises(DataValidationError, match="--unit thousand"):
        ingest.validate_file(p, "poverty_province")
    res = read_table(p, POVERTY, count_unit="persons")
    assert res.frame["poor_thousand"].tolist() == ["789.5"]


def test_percent_number_format_uses_the_displayed_value(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["provinsi", "tahun", "bulan", "p0_percent", "poor_thousand", "p1", "p2"])
    ws.append(["Aceh", 2026, 3, 0.107, 600.5, 1.5, 0.35])
    ws["D2"].number_format = "0.00%"       # shows 10.70%: stored 0.107 → 10.7
    ws["F2"].number_format = '0.00"%"'     # shows 1.50%: a literal sign, stored 1.5 → 1.5
    ws["G2"].number_format = '0.00\\%'     # shows 0.35%: escaped sign → 0.35
    wb.save(tmp_path / "p.xlsx")
    res = read_table(tmp_path / "p.xlsx", POVERTY)
    row = res.frame.iloc[0]
    assert (row["p0_percent"], row["p1"], row["p2"]) == ("10.7", "1.5", "0.35")


def test_plausible_round_passes_the_population_check(data, tmp_path):
    p = tmp_path / "ok.csv"
    p.write_text("kode,provinsi,tahun,bulan,p0_percent,poor_thousand\n11,Aceh,2026,3,10.70,600.50\n"
                 "92,Papua Barat Daya,2026,3,17.00,100.10\n", encoding="utf-8")
    vf = ingest.validate_file(p, "poverty_province")  # 92 has no population row: previous round is used
    assert len(vf.frame) == 2


# ------------------------------------------------------------------------ 3. national rows

def test_national_row_of_ump_is_skipped_and_reported(data, tmp_path):
    p = tmp_path / "ump.csv"
    p.write_text("provinsi,tahun,ump_rupiah\nAceh,2027,3.900.000\nSumatera Utara,2027,3.100.000\n"
                 "INDONESIA,2027,3.200.000\n", encoding="utf-8")
    res = ingest.add_file(p, "ump_province", source_url=SOURCE)
    assert res.rows_added == 2
    assert "row 4 (national): INDONESIA" in res.summary and "no national UMP" in res.summary
    assert not (load("ump_province")["bps_code"] == "00").any()
    w = _wide(tmp_path / "ump.xlsx", "UMP Menurut Provinsi", ["Upah Minimum Provinsi (Rp)"],
              [("Aceh", 3900000), ("Rata-rata", 3200000), ("INDONESIA", 3200000)], sub=[2028])
    r = read_table(w, UMP)
    assert r.frame["bps_code"].tolist() == ["11"] and {s.kind for s in r.skipped} >= {"national"}


# ------------------------------------------------------------------------ 4. XLSX sheets

def test_hidden_first_sheet_is_not_read_and_sheet_is_named(tmp_path):
    wb = openpyxl.Workbook()
    old = wb.active
    old.title = "lama"
    old.append(["provinsi", "tahun", "ump_rupiah"])
    old.append(["Aceh", 2027, 1000000])
    old.sheet_state = "hidden"
    new = wb.create_sheet("UMP 2027")
    new.append(["provinsi", "tahun", "ump_rupiah"])
    new.append(["Aceh", 2027, 3900000])
    wb.active = 1
    wb.save(tmp_path / "u.xlsx")
    vf = ingest.validate_file(tmp_path / "u.xlsx", "ump_province")
    assert vf.read.frame["ump_rupiah"].tolist() == ["3900000"]
    assert "sheet 'UMP 2027'" in vf.summary()


def test_hidden_column_with_data_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["provinsi", "tahun", "ump_rupiah", "catatan"])
    ws.append(["Aceh", 2027, 3900000, "rahasia"])
    ws.column_dimensions["D"].hidden = True
    wb.save(tmp_path / "h.xlsx")
    with pytest.raises(DataValidationError, match="hidden columns with data"):
        ingest.validate_file(tmp_path / "h.xlsx", "ump_province")


# ------------------------------------------------------------------------ 5. NIK leaks

@pytest.fixture
def key_env(monkeypatch):
    monkeypatch.setenv("KESOS_PSEUDONYM_KEY", "k" * 40)


@pytest.mark.parametrize("column,value", [("staff_id", NIK), ("education_field", f"Pekerjaan Sosial (NIK {NIK})"),
                                          ("pay_rupiah_per_month", NIK)])
def test_pseudonymise_refuses_a_nik_left_in_any_output_column(key_env, tmp_path, column, value):
    src = pd.read_csv(CORPUS / "good" / "roster_valid.csv", dtype=str)
    src.loc[0, column] = value
    src.to_csv(tmp_path / "r.csv", index=False)
    out = tmp_path / "o.csv"
    with pytest.raises(DataValidationError) as info:
        ingest.pseudonymise_file(tmp_path / "r.csv", out)
    msg = str(info.value)
    assert "row 2" in msg and column in msg and "3171…0012" in msg and NIK not in msg
    assert not out.exists()


def test_pseudonymise_refuses_nik_formulas(key_env, tmp_path):
    src = pd.read_csv(CORPUS / "good" / "roster_valid.csv", dtype=str)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(src.columns))
    for rec in src.itertuples(index=False):
        ws.append(list(rec))
    ws["L2"] = f'=TEXT({NIK},"0")'  # no saved value (openpyxl does not calculate)
    wb.save(tmp_path / "r.xlsx")
    with pytest.raises(DataValidationError) as info:
        ingest.pseudonymise_file(tmp_path / "r.xlsx", tmp_path / "o.csv")
    assert "L2" in str(info.value) and "no saved result" in str(info.value) and NIK not in str(info.value)


def test_add_refuses_nik_in_source_and_note(data, tmp_path):
    raw, _ = data
    before = tree_digest(raw)
    p = tmp_path / "ump.csv"
    p.write_text("provinsi,tahun,ump_rupiah\nAceh,2027,3900000\n", encoding="utf-8")
    for kw in ({"note": "operator 3171 9945 0190 0012"}, {"source_url": f"https://x.org/{NIK}/brs"}):
        with pytest.raises(DataValidationError, match="no NIK") as info:
            ingest.add_file(p, "ump_province", **{"source_url": SOURCE, **kw})
        assert NIK not in str(info.value)
    assert tree_digest(raw) == before


@pytest.mark.parametrize("text", [NIK, "3171 9945 0190 0012", "3.171.994.501.900.012", "3,171,994,501,900,012",
                                  "317199-450190-0012", "NIK: 31-71-99-450190-0012."])
def test_find_nik_like_catches_grouped_forms(text):
    assert privacy.find_nik_like(text) == [NIK]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**17), st.sampled_from(["id", "en"]))
def test_no_nik_false_positive_on_formatted_rupiah(x, lang):
    assert privacy.find_nik_like(fmt.rupiah(x, lang)) == []
    assert privacy.find_nik_like(f"Total {fmt.rupiah(x, lang)} per bulan") == []


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**15 - 1), st.integers(0, 2), st.sampled_from(["id", "en"]))
def test_no_nik_false_positive_on_report_numbers(x, decimals, lang):
    assert privacy.find_nik_like(fmt.number(x, lang, decimals)) == []
    assert privacy.find_nik_like(fmt.number(x / 1000, lang, 3)) == []  # populations in thousands


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1990, max_value=2100), min_size=1, max_size=8))
def test_no_nik_false_positive_on_lists_of_years(years):
    assert privacy.find_nik_like(" ".join(map(str, years))) == []
    assert privacy.find_nik_like("-".join(map(str, years))) == []


# ------------------------------------------------------------------------ 6. --replace and missing values

def test_missing_value_never_overwrites_a_stored_value(data, tmp_path):
    raw, _ = data
    old = load("poverty_province")
    old_row = old[(old["bps_code"] == "12") & (old["year"] == 2024) & (old["month"] == 3)].iloc[0]
    p = tmp_path / "rev.csv"
    p.write_text(f"kode,provinsi,tahun,bulan,p0_percent,poor_thousand\n12,Sumatera Utara,2024,3,…,"
                 f"{old_row['poor_thousand'] + 0.5:.2f}\n", encoding="utf-8")
    res = ingest.add_file(p, "poverty_province", source_url=SOURCE, replace=True)
    assert res.status == "replaced"
    assert res.kept and "'…'" in res.kept[0] and "p0_percent" in res.kept[0]
    new_row = load("poverty_province").query("bps_code == '12' and year == 2024 and month == 3").iloc[0]
    assert new_row["p0_percent"] == old_row["p0_percent"]
    assert new_row["poor_thousand"] == pytest.approx(old_row["poor_thousand"] + 0.5)
    verify_all(raw)


# ------------------------------------------------------------------------ 8. messages

def test_directory_as_file_is_a_clear_error(tmp_path):
    r = CliRunner().invoke(app, ["data", "validate", str(tmp_path), "-t", "ump_province"])
    assert r.exit_code == 1 and "is a folder" in r.output and r.exception is None or isinstance(r.exception, SystemExit)
    with pytest.raises(DataValidationError, match="is a folder"):
        ingest.validate_file(tmp_path, "ump_province")


def test_code_system_option_converts_kemendagri_codes(tmp_path):
    p = tmp_path / "k.csv"
    p.write_text("kode_provinsi,tahun,ump_rupiah\n91,2027,4300000\n", encoding="utf-8")
    bps = ingest.validate_file(p, "ump_province", code_system="bps").frame["bps_code"].tolist()
    kem = ingest.validate_file(p, "ump_province", code_system="kemendagri").frame["bps_code"].tolist()
    assert bps == ["91"] and kem != ["91"]


def test_population_in_persons_is_refused_by_the_plausibility_check(data, tmp_path):
    p = tmp_path / "pop.csv"
    p.write_text("kode,provinsi,tahun,population_thousand\n11,Aceh,2026,5640000\n92,Papua Barat Daya,2026,640.5\n",
                 encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        ingest.validate_file(p, "population_province")
    assert len(info.value.problems) == 1
    assert "row 2" in str(info.value) and "5640000" in str(info.value) and "in persons or millions" in str(info.value)
