"""readers.long: long files with the table's columns or Indonesian headers, incl. rosters as Dinas Sosial send
them (title rows, No / Nama / NIK / NIP / Jabatan, columns the schema does not keep) and aggregate rows."""

from __future__ import annotations

from kesos_analysis.data.readers import read_table
from kesos_analysis.data.schemas import get_any_spec
from tests.ingest_support import CORPUS

ROSTER = get_any_spec("staff_roster")
UMP = get_any_spec("ump_province")


def test_dinas_sosial_roster_layout_is_read():
    res = read_table(CORPUS / "good" / "roster_dinsos_layout.csv", ROSTER)
    assert not res.problems, res.problems
    df = res.frame
    assert res.origin_row[0] == 5  # header on row 4 below two title rows and a blank row
    assert df["staff_id"].tolist() == ["1", "2", "3", "4", "5", "6"]  # from "No" (the roster has no staff id)
    # Jabatan → staff types of the schema
    assert df["staff_type"].tolist() == ["Pekerja Sosial ASN", "Penyuluh Sosial", "Pendamping PKH", "TKSK",
                                         "Pekerja Sosial ASN", "TKSK"]
    assert df["nip"].iloc[0] == "198503122010011901" and df["nik"].iloc[0] == "3171994501900012"
    assert df["pay_rupiah_per_month"].iloc[0] == "3000000.50"  # Rupiah with sen, exactly
    not_read = " ".join(s.text for s in res.skipped if s.kind == "column")
    assert "'Pangkat/Gol'" in not_read and "'No HP'" in not_read  # columns the schema does not keep
    assert "No HP" not in df.columns and "0812" not in df.to_csv()


def test_island_group_in_a_ump_file_is_named_as_such_not_as_the_national_row(tmp_path):
    p = tmp_path / "ump.csv"
    p.write_text("provinsi,tahun,ump_rupiah\nKalimantan,2027,3300000\nINDONESIA,2027,3100000\n"
                 "Aceh,2027,3900000\n", encoding="utf-8")
    res = read_table(p, UMP, source_url="https://example.org/x")
    kinds = {s.kind: s.text for s in res.skipped}
    assert kinds["aggregate"].startswith("Kalimantan: island-group aggregate, not a province and not the national row")
    assert kinds["national"].startswith("INDONESIA: national row not read")
    assert res.frame["bps_code"].tolist() == ["11"]
