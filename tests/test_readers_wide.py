"""readers.wide (and readers.table): BPS wide exports read into the long table."""

from __future__ import annotations

import openpyxl
import pytest

from kesos_analysis.data.readers import read_table
from kesos_analysis.data.schemas import get_spec
from tests.ingest_support import CORPUS

POVERTY = get_spec("poverty_province")


def test_bps_wide_xlsx_is_read_into_the_long_table():
    res = read_table(CORPUS / "good" / "bps_poverty_2026_maret.xlsx", POVERTY, source_url="https://bps.go.id/x")
    assert res.layout == "wide" and res.file_format == "xlsx" and res.decimal == ","
    assert not res.problems
    df = res.frame
    assert list(df.columns) == list(POVERTY.schema.columns)
    assert len(df) == 39 and set(df["month"]) == {"3"} and set(df["year"]) == {"2026"}
    aceh = df[df["bps_code"] == "11"].iloc[0]
    ws = openpyxl.load_workbook(CORPUS / "good" / "bps_poverty_2026_maret.xlsx").active
    assert ws["A5"].value == "ACEH"
    assert aceh["p0_percent"] == ws["B5"].value.replace(".", "").replace(",", ".")
    assert aceh["province"] == "Aceh"
    kinds = {s.kind for s in res.skipped}
    assert kinds == {"footnote", "aggregate", "empty-column"}
    assert [s.text for s in res.skipped if s.kind == "aggregate"] == [
        "Jawa: island-group aggregate, not a province and not the national row; not read"]
    assert res.origin_row[0] == 5 and "B5" in res.origin_cell[(0, "p0_percent")]


def test_bps_csv_wide_with_semicolons_and_two_rounds(tmp_path):
    p = tmp_path / "bps.csv"
    p.write_text(
        "Persentase Penduduk Miskin Menurut Provinsi (Persen);;\n"
        "Provinsi;Maret 2026;September 2026\n"
        "Aceh;12,10;11,90\n"
        "Papua Barat Daya;16,20;x\n"
        "INDONESIA;8,20;8,10\n"
        "Sumber: BPS;;\n", encoding="utf-8-sig")
    res = read_table(p, POVERTY, source_url="https://bps.go.id/x")
    assert not res.problems, res.problems
    df = res.frame.set_index(["bps_code", "month"])
    assert df.loc[("11", "9"), "p0_percent"] == "11.90"
    assert df.loc[("92", "9"), "p0_percent"] is None
    assert [m.symbol for m in res.missing] == ["x"] and res.missing[0].row == 4
    assert df.loc[("00", "3"), "p0_percent"] == "8.20"
    assert res.encoding == "utf-8-sig"


def test_wide_ump_with_years_as_columns_and_percent_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Upah Minimum Provinsi (Rupiah)", None, None])
    ws.append(["Provinsi", 2026, 2027])
    ws.append(["Aceh", 3_700_000, "3.900.000"])
    ws.append(["Kep. Riau", 3_600_000, "-"])
    p = tmp_path / "ump.xlsx"
    wb.save(p)
    res = read_table(p, get_spec("ump_province"), source_url="https://x.org")
    assert res.layout == "wide"
    df = res.frame.set_index(["bps_code", "year"])
    assert df.loc[("11", "2027"), "ump_rupiah"] == "3900000" and df.loc[("11", "2026"), "ump_rupiah"] == "3700000"
    assert any(pr.column.startswith("ump_rupiah") and pr.value == "-" for pr in res.problems)  # required value

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Provinsi", "Persentase Penduduk Miskin Maret 2026"])
    ws.append(["Aceh", 0.121])
    ws["B2"].number_format = "0.00%"
    p2 = tmp_path / "pct.xlsx"
    wb.save(p2)
    res = read_table(p2, POVERTY, source_url="https://x.org")
    assert float(res.frame.loc[0, "p0_percent"]) == pytest.approx(12.1)


def test_merged_footnote_rows_below_a_wide_table(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Provinsi", "Persentase Penduduk Miskin Maret 2026", "Jumlah Penduduk Miskin (Ribu Jiwa) Maret 2026"])
    ws.append(["Aceh", "12,10", "690,50"])
    ws.append(["INDONESIA", "8,20", "23.300,00"])
    ws.append([None, None, None])
    ws.append(["Sumber: Badan Pusat Statistik, Survei Sosial Ekonomi Nasional (Susenas) Maret 2026", None, None])
    ws.merge_cells("A5:C5")
    p = tmp_path / "merged_footnote.xlsx"
    wb.save(p)
    res = read_table(p, POVERTY, source_url="https://x.org")
    assert not res.problems, res.problems
    assert [s.kind for s in res.skipped] == ["footnote"] and res.skipped[0].row == 5
    assert res.frame.set_index("bps_code").loc["00", "poor_thousand"] == "23300.00"
