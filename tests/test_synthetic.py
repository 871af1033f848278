"""Synthetic roster: deterministic, schema-valid, clearly marked synthetic, no personal data."""

from __future__ import annotations

import pandas as pd

from kesos_analysis.data import privacy, synthetic
from kesos_analysis.data.ingest import validate_file
from kesos_analysis.data.schemas import EDUCATION_LEVELS, EMPLOYMENT_STATUSES, STAFF_TYPES


def test_deterministic_and_seed_dependent():
    a = synthetic.generate_roster(200, seed=7)
    b = synthetic.generate_roster(200, seed=7)
    c = synthetic.generate_roster(200, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_schema_valid_and_marked_synthetic(tmp_path):
    path = synthetic.write_synthetic_roster(tmp_path, n=300, seed=1)
    assert "SYNTHETIC" in path.name
    vf = validate_file(path, "staff_roster")
    df = vf.frame
    assert len(df) == 300 and (df["is_synthetic"] == "True").all()
    assert df["staff_id"].str.startswith("SYN-").all()
    assert set(df["staff_type"]) <= set(STAFF_TYPES) and set(df["employment_status"]) <= set(EMPLOYMENT_STATUSES)
    assert set(df["education_level"]) <= set(EDUCATION_LEVELS)
    assert (df["kabkota_code"].str[:2] == df["bps_code"]).all()
    assert (df["kecamatan_code"].str[:4] == df["kabkota_code"]).all()
    raw = pd.read_csv(path, dtype=str)
    assert raw["bps_code"].str.fullmatch(r"[0-9]{2}").all()
    privacy.assert_no_nik([path])
    assert not {"nik", "name", "address"} & set(raw.columns)


def test_attrs_and_banner():
    df = synthetic.generate_roster(10)
    assert df.attrs["synthetic"] and df.attrs["label"] == "SYNTHETIC"
    assert synthetic.is_synthetic(df) and synthetic.is_synthetic(df.drop(columns="is_synthetic"))
    assert "SINTETIS" in synthetic.synthetic_banner("id") and "SYNTHETIC" in synthetic.synthetic_banner("en")


def test_structure_is_plausible():
    df = synthetic.generate_roster(2000, seed=3)
    tksk = df[df["staff_type"] == "TKSK"]
    assert (tksk["employment_status"] == "Relawan").all() and (tksk["caseload"] == 1).all()
    pkh = df[df["staff_type"] == "Pendamping PKH"]
    assert pkh["pay_rupiah_per_month"].between(2_700_000, 3_400_000).all()
    prof = df[df["staff_type"].isin(["Sakti Peksos", "Pekerja Sosial ASN"])]
    assert (prof["education_field"] == "Pekerjaan Sosial / Kesejahteraan Sosial").all()
    assert df["start_date"].between("2009-01-01", "2026-12-31").all()
