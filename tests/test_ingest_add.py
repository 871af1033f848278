"""Good inputs: a BPS-style XLSX export of a new poverty round is added with one command and flows into
load() and `kesos data build`; re-adding is a no-op; conflicts fail unless --replace, which keeps history;
an interrupted add leaves data/raw exactly as it was."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from kesos_analysis.cli import app
from kesos_analysis.data import build_processed, ingest, load
from kesos_analysis.data.datapackage import read_descriptor, resource, verify_all
from kesos_analysis.errors import DataValidationError
from tests.ingest_support import CORPUS, make_data_copy, tree_digest

GOOD = CORPUS / "good"
XLSX = GOOD / "bps_poverty_2026_maret.xlsx"
REVISED = GOOD / "bps_poverty_2026_maret_revised.xlsx"
SOURCE = "https://www.bps.go.id/id/statistics-table/2/MTkyIzI=/jumlah-penduduk-miskin.html"


@pytest.fixture
def data(tmp_path, monkeypatch):
    raw, processed = make_data_copy(tmp_path)
    monkeypatch.setenv("KESOS_DATA_RAW", str(raw))
    monkeypatch.setenv("KESOS_DATA_PROCESSED", str(processed))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01T00:00:00Z
    return raw, processed


def _export_values():
    """(name in the sheet, P0 text, count) straight from the XLSX, for an independent comparison."""
    ws = openpyxl.load_workbook(XLSX).active
    out = {}
    for row in ws.iter_rows(min_row=5, values_only=True):
        if row[0] and row[1] not in (None, "…") and row[0] != "Jawa" and not str(row[0]).startswith(("Catatan", "Sumber")):
            out[str(row[0])] = (float(row[1].replace(".", "").replace(",", ".")),
                                float(row[3].replace(".", "").replace(",", ".")))
    return out


def test_bps_xlsx_round_is_added_and_loaded(data):
    raw, processed = data
    before = load("poverty_province")
    assert not (before["year"] == 2026).any()
    result = ingest.add_file(XLSX, "poverty_province", source_url=SOURCE, note="BRS Juli 2026")
    assert result.status == "added" and result.rows_added == 39
    after = load("poverty_province")
    new = after[(after["year"] == 2026) & (after["month"] == 3)]
    assert len(new) == 39 and new["bps_code"].is_unique
    assert set(new["bps_code"]) == set(load("provinces")["bps_code"]) | {"00"}
    # Values equal the export's (Indonesian number format, upper-case names resolved).
    expected = _export_values()
    assert expected["ACEH"] == tuple(new.loc[new["bps_code"] == "11", ["p0_percent", "poor_thousand"]].iloc[0])
    assert expected["INDONESIA"] == (8.11, 23123.45)
    assert len(expected) == 39
    names = {n.casefold(): c for n, c in zip(load("provinces")["name_bps"], load("provinces")["bps_code"])}
    names["indonesia"] = "00"
    got = new.set_index("bps_code")
    for sheet_name, (p0, count) in expected.items():
        code = names[sheet_name.casefold()]
        assert (got.loc[code, "p0_percent"], got.loc[code, "poor_thousand"]) == (p0, count), sheet_name
    # Existing rows are untouched, byte for byte: the old file is a prefix of the new one.
    real = (CORPUS.parents[1] / "data/raw/regions/poverty_province.csv").read_bytes()
    assert (raw / "regions/poverty_province.csv").read_bytes().startswith(real)
    assert len(after) == len(before) + 39
    # The manifest is consistent and records the release.
    verify_all(raw)
    history = resource(read_descriptor(raw), "poverty_province")["x-kesos"]["history"]
    assert history[-1]["source"] == SOURCE and history[-1]["note"] == "BRS Juli 2026"
    assert history[-1]["date_added"] == "2026-12-01" and history[-1]["added"] == [{"year": "2026", "month": "3"}]
    assert history[-1]["rows_added"] == 39 and len(history[-1]["file_sha256"]) == 64
    # data/processed is untouched by add; build picks the round up with no code change.
    assert not (processed / "poverty_province.parquet").read_bytes() == b""
    build_processed(raw, processed)
    import pandas as pd

    built = pd.read_parquet(processed / "poverty_province.parquet")
    assert ((built["year"] == 2026) & (built["month"] == 3)).sum() == 39


def test_readd_is_noop(data):
    raw, processed = data
    ingest.add_file(XLSX, "poverty_province", source_url=SOURCE)
    snapshot = tree_digest(raw)
    again = ingest.add_file(XLSX, "poverty_province", source_url=SOURCE, note="again")
    assert again.status == "unchanged" and again.rows_unchanged == 39
    assert tree_digest(raw) == snapshot


def test_conflicting_add_fails_then_replace_keeps_history(data):
    raw, processed = data
    ingest.add_file(XLSX, "poverty_province", source_url=SOURCE)
    snapshot = tree_digest(raw)
    with pytest.raises(DataValidationError) as info:
        ingest.add_file(REVISED, "poverty_province", source_url=SOURCE + "?rev=1")
    text = str(info.value)
    assert "bps_code=11, year=2026, month=3" in text and "--replace" in text and "p0_percent" in text
    assert tree_digest(raw) == snapshot
    res = ingest.add_file(REVISED, "poverty_province", source_url=SOURCE + "?rev=1", replace=True, note="revisi BPS")
    assert res.status == "replaced" and res.rows_replaced == 1 and res.rows_added == 0
    now = load("poverty_province")
    aceh = now[(now["bps_code"] == "11") & (now["year"] == 2026)].iloc[0]
    assert (aceh["p0_percent"], aceh["poor_thousand"]) == (12.34, 700.01)
    entry = resource(read_descriptor(raw), "poverty_province")["x-kesos"]["history"][-1]
    old_p0 = _export_values()["ACEH"][0]
    assert entry["replaced"][0]["key"] == {"bps_code": "11", "year": "2026", "month": "3"}
    assert entry["replaced"][0]["old"]["p0_percent"] == old_p0
    assert entry["replaced"][0]["new"] == {"p0_percent": 12.34, "poor_thousand": 700.01}
    assert entry["note"] == "revisi BPS"
    verify_all(raw)


def test_indonesian_cp1252_semicolon_csv_with_name_variants(data):
    raw, _ = data
    res = ingest.add_file(GOOD / "ump_2027_id_semicolon_cp1252.csv", "ump_province", source_url=SOURCE)
    assert res.rows_added == 4
    ump = load("ump_province")
    new = ump[ump["year"] == 2027].set_index("bps_code")
    assert new.loc["11", "ump_rupiah"] == 3_900_000 and new.loc["11", "province"] == "Aceh"
    assert new.loc["31", "province"] == "DKI Jakarta" and new.loc["31", "note"] == "Kepgub – contoh"
    assert new.loc["34", "province"] == "DI Yogyakarta" and new.loc["19", "ump_rupiah"] == 3_800_000


def test_missing_symbols_keep_their_meaning_in_note(data, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15: the September 2026 round is published
    path = tmp_path / "sept2026.csv"
    path.write_text("bps_code,province,year,month,p0_percent,poor_thousand\n"
                    "0,INDONESIA,2026,9,8.25,23359.71\n"
                    "95,Papua Selatan,2026,9,19.10,…\n"
                    "96,Papua Tengah,2026,9,x,-\n", encoding="utf-8")
    res = ingest.add_file(path, "poverty_province", source_url=SOURCE)
    assert res.rows_added == 3
    df = load("poverty_province")
    sept = df[(df["year"] == 2026) & (df["month"] == 9)].set_index("bps_code")
    assert list(sept.index) == ["00", "95", "96"]  # national code "0" (Excel lost the zero) repaired to "00"
    assert sept.loc["95", "poor_thousand"] != sept.loc["95", "poor_thousand"]  # NaN
    assert "poor_thousand: data not available (BPS symbol '…')" in sept.loc["95", "note"]
    assert "p0_percent: data not available for publication (BPS symbol 'x')" in sept.loc["96", "note"]
    assert "poor_thousand: nil or not applicable (BPS symbol '-')" in sept.loc["96", "note"]


def test_cli_add_then_build(data):
    raw, processed = data
    runner = CliRunner()
    r = runner.invoke(app, ["data", "add", str(XLSX), "--table", "poverty_province", "--source", SOURCE])
    assert r.exit_code == 0, r.output
    assert "added: 39 new rows" in r.output
    r = runner.invoke(app, ["data", "add", str(XLSX), "--table", "poverty_province", "--source", SOURCE])
    assert r.exit_code == 0 and "unchanged" in r.output
    r = runner.invoke(app, ["data", "build"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["data", "validate", str(XLSX), "--table", "poverty_province"])
    assert r.exit_code == 0 and "39 valid rows" in r.output and "footnote" in r.output


def test_tampered_raw_is_refused(data):
    raw, _ = data
    table = raw / "regions/poverty_province.csv"
    table.write_bytes(table.read_bytes().replace(b"17.08", b"17.09", 1))
    with pytest.raises(Exception) as info:
        ingest.add_file(XLSX, "poverty_province", source_url=SOURCE)
    assert "sha256" in str(info.value)


def test_bps_table_for_an_existing_round_is_a_noop_despite_p1_p2(data, tmp_path):
    """A BPS P0/count table of March 2023 matches the stored round; P1/P2 it lacks are no conflict."""
    raw, _ = data
    df = load("poverty_province")
    m23 = df[(df["year"] == 2023) & (df["month"] == 3)]
    assert m23["p1"].notna().sum() == 34
    lines = ["Jumlah dan Persentase Penduduk Miskin Menurut Provinsi;;",
             "Provinsi;Persentase Penduduk Miskin (Persen) Maret 2023;Jumlah Penduduk Miskin (Ribu Jiwa) Maret 2023"]
    for rec in m23.itertuples():
        lines.append(f"{rec.province.upper()};{rec.p0_percent:.2f}".replace(".", ",") + ";"
                     + f"{rec.poor_thousand:,.2f}".replace(",", "_").replace(".", ",").replace("_", "."))
    path = tmp_path / "bps_2023.csv"
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    before = tree_digest(raw)
    res = ingest.add_file(path, "poverty_province", source_url=SOURCE)
    assert res.status == "unchanged" and res.rows_unchanged == 35
    assert tree_digest(raw) == before


def test_replace_keeps_columns_the_file_does_not_carry(data, tmp_path):
    path = tmp_path / "fix.csv"
    path.write_text("Provinsi;Persentase Penduduk Miskin Maret 2023\nAceh;14,50\n", encoding="utf-8")
    res = ingest.add_file(path, "poverty_province", source_url=SOURCE, replace=True)
    assert res.status == "replaced"
    row = load("poverty_province").query("bps_code == '11' and year == 2023 and month == 3").iloc[0]
    assert row["p0_percent"] == 14.50 and row["poor_thousand"] == 806.75 and row["p1"] == 2.76  # untouched
    old = resource(read_descriptor(data[0]), "poverty_province")["x-kesos"]["history"][-1]["replaced"][0]["old"]
    assert old["p0_percent"] == 14.45 and "p1" not in old


def test_kemendagri_codes_are_converted_to_bps_codes(data, tmp_path):
    path = tmp_path / "ump_dukcapil.csv"
    path.write_text("kode_kemendagri,year,ump_rupiah\n93,2027,4500000\n91,2027,4600000\n96,2027,4100000\n",
                    encoding="utf-8")
    ingest.add_file(path, "ump_province", source_url=SOURCE)
    new = load("ump_province").query("year == 2027").set_index("bps_code")
    # Kemendagri 93 Papua Selatan = BPS 95; Kemendagri 91 Papua = BPS 94; Kemendagri 96 Papua Barat Daya = BPS 92
    assert new.loc["95", "ump_rupiah"] == 4_500_000 and new.loc["95", "province"] == "Papua Selatan"
    assert new.loc["94", "ump_rupiah"] == 4_600_000 and new.loc["92", "ump_rupiah"] == 4_100_000


REAL_2025 = GOOD / "Jumlah dan Persentase Penduduk Miskin Menurut Provinsi, 2025.csv"


def test_real_bps_table_september_2025_is_in_data_raw_and_re_adding_is_a_no_op(data):
    """The real BPS 2025 table (P-AKB) was added to data/raw with `kesos data add` (history in
    datapackage.json); adding it again changes nothing. The year is only in the file name; poverty-line
    columns are skipped."""
    raw, processed = data
    before = tree_digest(raw)
    hist = resource(read_descriptor(raw), "poverty_province")["x-kesos"]["history"]
    assert hist[0]["added"] == [{"year": "2025", "month": "9"}] and hist[0]["rows_added"] == 39
    assert "akbaralqahri/Kemiskinan-Indonesia/blob/424c0a5" in hist[0]["source"]
    res = ingest.add_file(REAL_2025, "poverty_province", source_url=SOURCE)
    assert (res.status, res.rows_added, res.rows_unchanged) == ("unchanged", 0, 78)
    assert tree_digest(raw) == before
    df = load("poverty_province")
    sep = df[(df["year"] == 2025) & (df["month"] == 9)].set_index("bps_code")
    assert len(sep) == 39
    # National Sept 2025 as in regions/SOURCES.md: 8.25 % and 23,359.71 thousand.
    assert (sep.loc["00", "p0_percent"], sep.loc["00", "poor_thousand"]) == (8.25, 23359.71)
    assert (sep.loc["97", "p0_percent"], sep.loc["97", "poor_thousand"]) == (27.21, 308.19)
    # The new round is on the 38-province basis and can be recombined to 34 provinces.
    from kesos_analysis.data import regions

    papua = regions.to_34_provinces(df).query("year == 2025 and month == 9 and bps_code == '94'").iloc[0]
    parts = sep.loc[["94", "95", "96", "97"]]
    assert papua["poor_thousand"] == pytest.approx(parts["poor_thousand"].sum())
    assert papua["p0_percent"] == pytest.approx(
        100 * parts["poor_thousand"].sum() / (parts["poor_thousand"] / parts["p0_percent"] * 100).sum())
    vf = ingest.validate_file(REAL_2025, "poverty_province")
    assert "year 2025 taken from the file name" in vf.summary() and "Garis Kemiskinan" in vf.summary()


def test_real_bps_2023_table_adds_nothing_and_no_empty_rows(data):
    """September 2023 (not computed by BPS) and the not-yet-existing Papua provinces are all '...':
    no round, no empty rows are added; March 2023 matches data/raw exactly."""
    raw, _ = data
    before = tree_digest(raw)
    path = GOOD / "Jumlah dan Persentase Penduduk Miskin Menurut Provinsi, 2023.csv"
    res = ingest.add_file(path, "poverty_province", source_url=SOURCE)
    assert (res.status, res.rows_unchanged) == ("unchanged", 35)
    assert tree_digest(raw) == before
    vf = ingest.validate_file(path, "poverty_province")
    kinds = [s.kind for s in vf.read.skipped]
    assert kinds.count("empty-column") == 2 and kinds.count("no-values") == 4 and kinds.count("footnote") == 2
    assert not (vf.frame["month"] == 9).any()


@pytest.mark.notebook
def test_added_round_reaches_the_report_with_no_code_change(data, tmp_path, monkeypatch):
    """`kesos data add` + `kesos data build` + the poverty notebook: the new round is the report's latest."""
    from kesos_analysis.report import runner

    raw, processed = data
    monkeypatch.setenv("KESOS_REPORTS", str(tmp_path / "reports"))
    ingest.add_file(XLSX, "poverty_province", source_url=SOURCE, note="BRS Juli 2026 (illustrative)")
    build_processed(raw, processed)
    (res,) = runner.run(["01_poverty_and_workforce"], output_dir=tmp_path / "reports")
    assert res.status == "ok", res.error
    html = (tmp_path / "reports" / res.html).read_text(encoding="utf-8")
    assert "Provinsi yang paling tertinggal (Mar 2026)" in html  # the added round is the latest complete one


# ------------------------------------------------------------------------ issues 7 and 12: releases as they come

@pytest.fixture
def raw_only(tmp_path, monkeypatch):
    raw, processed = make_data_copy(tmp_path, build=False)
    monkeypatch.setenv("KESOS_DATA_RAW", str(raw))
    monkeypatch.setenv("KESOS_DATA_PROCESSED", str(processed))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01T00:00:00Z
    return raw


def test_ump_with_sen_is_stored_exactly(raw_only, tmp_path):
    """Jawa Tengah's UMP 2023 decree says Rp1.958.169,69 (the bundled table holds the rounded 1958170)."""
    res = ingest.add_file(GOOD / "ump_2027_with_sen.csv", "ump_province", source_url=SOURCE)
    assert res.status == "added" and res.rows_added == 3
    text = (raw_only / "regions/ump_province.csv").read_text(encoding="utf-8")
    assert "33,Jawa Tengah,2027,2300000.45," in text and "51,Bali,2027,3200000.99," in text
    decree = tmp_path / "jateng_2023.csv"
    decree.write_text("provinsi;tahun;ump_rupiah\nJawa Tengah;2023;1.958.169,69\n", encoding="utf-8")
    ump = load("ump_province")
    stored = float(ump[(ump["bps_code"] == "33") & (ump["year"] == 2023)]["ump_rupiah"].iloc[0])
    if stored != 1958169.69:  # the bundled table holds the rounded 1958170 (until the decree value is added)
        with pytest.raises(DataValidationError, match=f"{stored:.0f}"):
            ingest.add_file(decree, "ump_province", source_url=SOURCE)  # differs: needs --replace
    ingest.add_file(decree, "ump_province", source_url=SOURCE, replace=True)
    ump = load("ump_province")
    row = ump[(ump["bps_code"] == "33") & (ump["year"] == 2023)].iloc[0]
    assert row["ump_rupiah"] == 1958169.69
    assert "33,Jawa Tengah,2023,1958169.69," in (raw_only / "regions/ump_province.csv").read_text(encoding="utf-8")
    verify_all(raw_only)


def test_not_set_zeros_are_missing_and_papua_rows_before_the_split_are_not_read(raw_only):
    """A BPS-derived UMP table where 0 means "no UMP set": DIY 2016 is stored empty with that meaning, the
    Papua provinces created in 2022 get no 2016 row, and the median UMP 2016 does not move."""
    from kesos_analysis import workforce

    before = workforce.ump_summary(load("ump_province")).set_index("year")
    vf = ingest.validate_file(GOOD / "ump_wide_zeros_2016.xlsx", "ump_province", source_url=SOURCE)
    skipped = {s.kind: s.text for s in vf.read.skipped}
    assert "Kalimantan: island-group aggregate" in skipped["aggregate"]
    assert skipped["national"].startswith("INDONESIA: national row not read")
    assert [s.text.split(":")[0] for s in vf.read.skipped if s.kind == "not-yet-created"] == [
        "Papua Selatan 2016", "Papua Barat Daya 2016"]
    res = ingest.add_file(GOOD / "ump_wide_zeros_2016.xlsx", "ump_province", source_url=SOURCE)
    assert (res.rows_added, res.rows_unchanged) == (1, 1)
    ump = load("ump_province")
    diy = ump[(ump["bps_code"] == "34") & (ump["year"] == 2016)].iloc[0]
    assert pd.isna(diy["ump_rupiah"]) and "no UMP set" in diy["note"]
    assert not ((ump["year"] == 2016) & ump["bps_code"].isin(["92", "95", "96", "97"])).any()
    after = workforce.ump_summary(ump).set_index("year")
    assert after.loc[2016].equals(before.loc[2016])


def test_add_keeps_crlf_line_endings_and_column_order(raw_only, tmp_path):
    """Adding 12 rows to a CRLF file changes 12 lines (not every line)."""
    from kesos_analysis.data import datapackage
    from kesos_analysis.data.schemas import get_spec

    table = raw_only / "regions/ump_province.csv"
    table.write_bytes(table.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))  # CRLF (it is already)
    desc = datapackage.read_descriptor(raw_only)
    spec = get_spec("ump_province")
    new = datapackage.build_resource(spec, raw_only, datapackage.resource(desc, "ump_province"))
    desc["resources"] = [new if r["name"] == "ump_province" else r for r in desc["resources"]]
    datapackage.write_descriptor(desc, raw_only)
    old_lines = table.read_bytes().split(b"\r\n")
    ump = load("ump_province")
    latest = int(ump["year"].max())
    base = ump[ump["year"] == latest].head(12)
    p = tmp_path / "ump_next.csv"  # columns in another order than the stored file
    p.write_text("tahun,provinsi,ump_rupiah\n" + "".join(
        f"{latest + 1},{r.province},{round(r.ump_rupiah * 1.05)}\n" for r in base.itertuples()), encoding="utf-8")
    res = ingest.add_file(p, "ump_province", source_url=SOURCE)
    assert res.rows_added == 12
    data = table.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")  # every line ends CRLF
    new_lines = data.split(b"\r\n")
    assert new_lines[: len(old_lines) - 1] == old_lines[:-1]  # old lines byte for byte
    assert len(new_lines) - len(old_lines) == 12
    assert new_lines[0] == b"bps_code,province,year,ump_rupiah,source_url,note"


def test_validate_accepts_every_option_of_add(raw_only):
    """`kesos data validate` takes --source/--note/--replace/--raw-dir like `add` and writes nothing."""
    before = tree_digest(raw_only)
    args = ["data", "validate", str(GOOD / "ump_2027_with_sen.csv"), "-t", "ump_province", "--source", SOURCE,
            "--note", "Kepgub 2026", "--replace", "--raw-dir", str(raw_only), "--max-mb", "5"]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "3 new, 0 to replace" in r.output and "OK: no problems found" in r.output
    bad = CliRunner().invoke(app, [*args[:5], "--source", "ftp://example.org/x"])
    assert bad.exit_code == 1 and "starting with http:// or https://" in bad.output
    assert tree_digest(raw_only) == before


def test_future_years_follow_the_calendar(raw_only, tmp_path, monkeypatch):
    """UMP for next year is decreed in November: allowed; the year after is not. Poverty rounds must have
    taken place. Computed from the date, not pinned."""
    from kesos_analysis.data import periods

    today = periods.today()
    p = tmp_path / "u.csv"
    p.write_text(f"provinsi,tahun,ump_rupiah\nAceh,{today.year + 2},3900000\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=f"a year not after {today.year + 1}"):
        ingest.validate_file(p, "ump_province", source_url=SOURCE)
    assert periods.future_problem("poverty_province", today.year - 1, 3) is None  # published July last year
    assert "round is published in January" in periods.future_problem("poverty_province", today.year, 9)
    assert periods.future_problem("ump_province", today.year + 1) is None


def test_september_round_is_refused_until_bps_publishes_it_in_january(data, tmp_path, monkeypatch):
    """On 2 December 2026 the September 2026 round is not published yet (BPS: January 2027)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796169600")  # 2026-12-02
    p = tmp_path / "sept.csv"
    p.write_text("bps_code,province,year,month,p0_percent,poor_thousand\n11,Aceh,2026,9,12.10,690.50\n",
                 encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        ingest.validate_file(p, "poverty_province", source_url=SOURCE)
    assert "row 2, column 'year': value 2026" in str(info.value)
    assert "the September 2026 round is published in January 2027, after today (2026-12-02)" in str(info.value)


def test_long_ump_zero_not_set_is_stored_as_missing_with_its_meaning(data, tmp_path):
    p = tmp_path / "ump.csv"
    p.write_text("provinsi,tahun,ump_rupiah,catatan\nJawa Timur,2027,0,belum ditetapkan\n", encoding="utf-8")
    ingest.add_file(p, "ump_province", source_url=SOURCE)
    row = load("ump_province").set_index(["bps_code", "year"]).loc[("35", 2027)]
    assert row["ump_rupiah"] != row["ump_rupiah"]  # NaN, not Rp 0
    assert row["note"].startswith("belum ditetapkan; ump_rupiah: 0 in the source: no UMP set")


def test_identifier_in_source_option_is_refused(data, tmp_path):
    p = tmp_path / "ump.csv"
    p.write_text("provinsi,tahun,ump_rupiah\nAceh,2027,3900000\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="--source.*3171…0012"):
        ingest.add_file(p, "ump_province", source_url="https://example.org/x?nik=NIK3171994501900012")
