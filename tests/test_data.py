"""Raw data: real values, coverage, types, checksums and validation errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kesos_analysis.data import TABLES, build_processed, load, load_raw
from kesos_analysis.data.datapackage import build_descriptor, read_descriptor, verify_all
from kesos_analysis.errors import ChecksumMismatchError, DataValidationError, UnknownTableError

from .conftest import RAW, snapshot


def test_every_table_loads_and_validates():
    for name in TABLES:
        df = load_raw(name)
        assert len(df) > 0, name


def test_national_poverty_september_2016_matches_bps_release():
    # BPS BRS No. 05/01/Th. XX (3 Jan 2017): 27.76 million poor, 10.70 %.
    pov = load("poverty_province")
    row = pov[(pov["bps_code"] == "00") & (pov["year"] == 2016) & (pov["month"] == 9)].iloc[0]
    assert row["p0_percent"] == pytest.approx(10.70)
    assert row["poor_thousand"] == pytest.approx(27764.32)


@pytest.mark.parametrize(
    "year,month,p0,poor",
    [(2016, 3, 10.86, 28005.39), (2018, 3, 9.82, 25949.80), (2021, 9, 9.71, 26503.65), (2024, 3, 9.03, 25219.20),
     (2025, 3, 8.47, 23854.56)],
)
def test_national_rounds_match_bps_releases(year, month, p0, poor):
    pov = load("poverty_province")
    row = pov[(pov["bps_code"] == "00") & (pov["year"] == year) & (pov["month"] == month)].iloc[0]
    assert row["p0_percent"] == pytest.approx(p0)
    assert row["poor_thousand"] == pytest.approx(poor)


def test_every_province_present_in_each_round_it_should_be():
    pov = load("poverty_province")
    provinces = load("provinces")
    old = set(provinces.loc[provinces["created_2022"] == "no", "bps_code"])
    new = set(provinces.loc[provinces["created_2022"] == "yes", "bps_code"])
    assert len(old) == 34 and new == {"92", "95", "96", "97"}
    for (y, m), sub in pov[pov["bps_code"] != "00"].groupby(["year", "month"]):
        codes = set(sub["bps_code"])
        if (y, m) == (2022, 9):
            continue  # partial round: only provinces reported in public sources (regions/SOURCES.md)
        expected = old | new if (y, m) >= (2024, 3) else old
        assert codes == expected, (y, m, sorted(codes ^ expected))
    assert not ((pov["year"] == 2023) & (pov["month"] == 9)).any(), "September 2023 was not surveyed"


def test_region_codes_are_two_character_strings():
    for name in ("provinces", "poverty_province", "ump_province", "population_province", "psks_province"):
        df = load(name)
        assert df["bps_code"].map(type).eq(str).all(), name
        assert df["bps_code"].str.fullmatch(r"\d{2}").all(), name
    prov = load("provinces")
    assert prov.set_index("bps_code").loc["11", "name_bps"] == "Aceh"
    # BPS and Kemendagri codes differ for the Papua provinces (regions/SOURCES.md §3.2).
    assert prov.set_index("bps_code").loc["94", "kemendagri_code"] == "91"


def test_pppk_salary_golongan_ix_2024():
    sal = load("pppk_salary")
    ix = sal[(sal["section"] == "pppk_basic_salary") & (sal["year_effective"] == 2024) & (sal["level"] == "IX")].iloc[0]
    assert (ix["min_monthly_rupiah"], ix["max_monthly_rupiah"]) == (3203600, 5261500)


def test_unknown_table_lists_known_ones():
    with pytest.raises(UnknownTableError, match="poverty_province"):
        load("poverty")


def test_datapackage_is_current_and_complete():
    desc = read_descriptor()
    assert desc == build_descriptor(), "datapackage.json is stale: run `kesos data manifest --write`"
    names = [r["name"] for r in desc["resources"]]
    assert names == list(TABLES)
    for res in desc["resources"]:
        assert res["hash"].startswith("sha256:") and len(res["hash"]) == 7 + 64
        assert res["sources"][0]["path"].endswith("SOURCES.md")
        assert all(s["path"].startswith("http") for s in res["sources"][1:])
        assert (RAW / res["path"]).exists()
    assert len(verify_all()) == len(TABLES)


def test_changed_raw_file_is_refused_naming_the_file(raw_copy):
    path = raw_copy / "regions" / "ump_province.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2118500", "2118501"), encoding="utf-8")
    with pytest.raises(ChecksumMismatchError, match="ump_province.csv"):
        load_raw("ump_province", raw_copy)


def _corrupt(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_corrupted_copy_names_file_row_column_and_value(raw_copy):
    path = raw_copy / "regions" / "poverty_province.csv"
    # Row 3 of the file (header = row 1) is Aceh, March 2015: P0 17.08.
    _corrupt(path, "11,Aceh,2015,3,17.08,", "11,Aceh,2015,3,17.08.1,")
    _corrupt(path, "12,Sumatera Utara,2015,3,10.53", "12,Sumatera Utara,2015,6,10.53")
    with pytest.raises(DataValidationError) as err:
        load_raw("poverty_province", raw_copy, verify=False)
    problems = err.value.problems
    text = str(err.value)
    assert "poverty_province.csv" in text
    month = [p for p in problems if p.column == "month"]
    assert month and month[0].row == 4 and month[0].value == 6 and "[3, 9]" in month[0].expected
    assert any(p.row == 3 for p in problems), text  # the shifted Aceh row is reported too


def test_letters_in_a_number_column(raw_copy):
    path = raw_copy / "regions" / "ump_province.csv"
    _corrupt(path, "11,Aceh,2016,2118500", "11,Aceh,2016,2.118.500")
    with pytest.raises(DataValidationError) as err:
        load_raw("ump_province", raw_copy, verify=False)
    (p,) = err.value.problems
    assert (p.row, p.column, p.value) == (2, "ump_rupiah", "2.118.500")
    assert p.expected == "a number"


def test_lost_leading_zero_and_september_2023(raw_copy):
    path = raw_copy / "regions" / "poverty_province.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text.append("11,Aceh,2023,9,12.00,800.00,,,https://example.org,")
    text[1] = text[1].replace("00,Indonesia", "0,Indonesia", 1)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load_raw("poverty_province", raw_copy, verify=False)
    msgs = [str(p) for p in err.value.problems]
    assert any("row 2" in m and "bps_code" in m and "'0'" in m for m in msgs), msgs
    assert any("September 2023" in m for m in msgs), msgs


def test_build_processed_writes_typed_parquet(tmp_path):
    out = tmp_path / "processed"
    written = build_processed(out_dir=out)
    assert set(written) == set(TABLES)
    pov = pd.read_parquet(out / "poverty_province.parquet")
    assert pov["bps_code"].map(type).eq(str).all()
    info = json.loads((out / "build_info.json").read_text())
    assert info["raw_sha256"]["regions/poverty_province.csv"] == read_descriptor()["resources"][1]["hash"][7:]
    # load() reads the fresh parquet and returns the same table as raw
    pd.testing.assert_frame_equal(load("poverty_province", out_dir=out), load_raw("poverty_province"), check_dtype=False)


def test_failed_build_leaves_processed_untouched(tmp_path, raw_copy):
    out = tmp_path / "processed"
    build_processed(raw_copy, out)
    before = snapshot(out)
    _corrupt(raw_copy / "kesos" / "compensation.csv", "TKSK (tali asih),2015,300000", "TKSK (tali asih),2015,-300000")
    with pytest.raises(ChecksumMismatchError):
        build_processed(raw_copy, out)
    # Even with the checksum re-recorded, validation fails before anything is written.
    from kesos_analysis.data.datapackage import write_descriptor

    write_descriptor(build_descriptor(raw_copy), raw_copy)
    with pytest.raises(DataValidationError, match="amount_rupiah"):
        build_processed(raw_copy, out)
    assert snapshot(out) == before


def test_decimal_comma_adds_a_field_and_is_named(raw_copy):
    path = raw_copy / "regions" / "poverty_province.csv"
    _corrupt(path, "11,Aceh,2015,3,17.08,", "11,Aceh,2015,3,17,08,")
    with pytest.raises(DataValidationError) as err:
        load_raw("poverty_province", raw_copy, verify=False)
    (p,) = err.value.problems
    assert p.row == 3 and "10 fields" in p.expected and "found 11" in p.expected


def test_non_utf8_file_is_refused(raw_copy):
    path = raw_copy / "regions" / "provinces.csv"
    path.write_bytes(path.read_bytes().replace(b"Papua", "Pap\xfaa".encode("cp1252"), 1))
    with pytest.raises(DataValidationError, match="UTF-8"):
        load_raw("provinces", raw_copy, verify=False)
