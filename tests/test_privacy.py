"""NIK checks, keyed pseudonyms (key outside the repo), small-cell suppression, NIK leak check."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kesos_analysis.cli import app
from kesos_analysis.data import privacy
from kesos_analysis.data.ingest import pseudonymise_file
from tests.ingest_support import CORPUS, REPO

KEY = "k" * 40
# kecamatan digits 99 do not exist in the Kemendagri list: these cannot be real NIKs.
VALID = "3171994501900012"  # DKI (31), woman born 05-01-1990, serial 0012


@pytest.fixture
def key_env(monkeypatch):
    monkeypatch.setenv("KESOS_PSEUDONYM_KEY", KEY)


def test_missing_key_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.delenv("KESOS_PSEUDONYM_KEY", raising=False)
    monkeypatch.setenv("KESOS_PSEUDONYM_KEY_FILE", str(tmp_path / "nope.key"))
    with pytest.raises(privacy.PseudonymKeyError, match="no pseudonymisation key"):
        privacy.load_pseudonym_key()


def test_key_file_inside_repository_is_refused(monkeypatch, tmp_path):
    monkeypatch.delenv("KESOS_PSEUDONYM_KEY", raising=False)
    monkeypatch.setenv("KESOS_PROJECT_ROOT", str(tmp_path))
    inside = tmp_path / "pseudonym.key"
    inside.write_text("x" * 64)
    monkeypatch.setenv("KESOS_PSEUDONYM_KEY_FILE", str(inside))
    with pytest.raises(privacy.PseudonymKeyError, match="outside the repository"):
        privacy.load_pseudonym_key()


def test_key_file_and_short_key(monkeypatch, tmp_path):
    monkeypatch.delenv("KESOS_PSEUDONYM_KEY", raising=False)
    monkeypatch.setenv("KESOS_PROJECT_ROOT", str(tmp_path / "repo"))
    f = tmp_path / "home" / "pseudonym.key"
    f.parent.mkdir()
    f.write_text("a" * 64 + "\n")
    monkeypatch.setenv("KESOS_PSEUDONYM_KEY_FILE", str(f))
    assert privacy.load_pseudonym_key() == b"a" * 64
    monkeypatch.setenv("KESOS_PSEUDONYM_KEY", "short")
    with pytest.raises(privacy.PseudonymKeyError, match="too short"):
        privacy.load_pseudonym_key()


def test_no_key_is_shipped_in_the_repository():
    assert not list(REPO.glob("**/pseudonym.key"))


def test_pseudonym_is_hmac_sha256_deterministic_and_keyed():
    import hashlib
    import hmac

    p = privacy.pseudonymise(VALID, KEY.encode(), "nik")
    assert p == hmac.new(KEY.encode(), f"nik:{VALID}".encode(), hashlib.sha256).hexdigest()[:32]
    assert p == privacy.pseudonymise(VALID, KEY.encode(), "nik")
    assert p != privacy.pseudonymise(VALID, b"other" * 8, "nik")
    assert privacy.pseudonymise("Siti  Aminah", KEY.encode(), "name") == privacy.pseudonymise("siti aminah", KEY.encode(), "name")


@pytest.mark.parametrize("value, fragment", [
    (VALID, None),
    ("3171995501900012", None),  # woman, day 15
    (3171994501900012, "stored as a number"),
    ("3.17E+15", "scientific notation"),
    ("3171994501900012.0", "trailing '.0'"),
    ("317199450190001", "exactly 16 digits (found 15)"),
    ("31719945019000123", "found 17"),
    ("9971994501900012", "Kemendagri province code"),
    ("3171997201900012", "valid birth day"),   # day 72-40=32
    ("3171993002900012", "valid birth day"),   # 30 February
    ("3171994513900012", "birth month"),
    ("3171994501900000", "serial number"),
    ("3171-9945-0190", "16 digits"),
])
def test_nik_checks(value, fragment):
    problem = privacy.nik_problem(value)
    if fragment is None:
        assert problem is None
    else:
        assert fragment in problem


def test_nik_column_names_rows_and_masks_values():
    s = pd.Series([VALID, "3.17E+15", "317199450190001"])
    probs = privacy.check_nik_column(s, file="r.csv", column="nik")
    assert [p.row for p in probs] == [3, 4]
    assert all(VALID not in str(p) for p in probs)
    assert probs[1].value == "3171…0001"


@settings(max_examples=200, deadline=None)
@given(digits=st.from_regex(r"[0-9]{16}", fullmatch=True))
def test_find_nik_like_agrees_with_nik_check(digits):
    text = f"total {digits} orang"
    found = privacy.find_nik_like(text)
    assert (found == [digits]) == (privacy.nik_problem(digits) is None)


def test_find_nik_like_cases():
    assert privacy.find_nik_like(f"NIK: {VALID}.") == [VALID]
    assert privacy.find_nik_like("NIK 317199-450190-0012") == [VALID]
    # A 16-digit rupiah amount (e.g. APBN 3.600.000.000.000.000 written without separators) is not a NIK:
    assert privacy.find_nik_like("3600000000000000") == []
    assert privacy.find_nik_like(f"sha256:ab{VALID}cd") == []  # inside a hash
    assert privacy.find_nik_like(f"{VALID}7") == []  # 17 digits


def _notebook(tmp_path, text, image=False):
    out = {"output_type": "display_data", "data": {"text/plain": text}, "metadata": {}}
    if image:
        out["data"]["image/png"] = "iVBORw0KGgo" + VALID + "AAAA"
    nb = {"cells": [{"cell_type": "code", "source": "x", "outputs": [out], "metadata": {}, "execution_count": 1}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    p = tmp_path / "n.ipynb"
    p.write_text(json.dumps(nb))
    return p


def test_assert_no_nik(tmp_path):
    clean = _notebook(tmp_path, "Rp3.203.600 dan 10,70%", image=True)
    privacy.assert_no_nik([clean])
    html = tmp_path / "r.html"
    html.write_text(f"<img src='data:image/png;base64,AAAA{VALID}AAA='><td>{VALID}</td>")
    with pytest.raises(privacy.NikLeakError) as info:
        privacy.assert_no_nik([tmp_path])
    assert "r.html" in str(info.value) and "3171…0012" in str(info.value) and VALID not in str(info.value)
    leaky = _notebook(tmp_path, f"NIK {VALID}")
    with pytest.raises(privacy.NikLeakError, match="n.ipynb"):
        privacy.assert_no_nik([leaky])


def test_small_cells_are_suppressed_with_complementary_suppression():
    t = pd.DataFrame({"TKSK": [10, 3, 0], "PKH": [20, 30, 7], "Sakti": [12, 9, 8]}, index=["A", "B", "C"])
    pub, mask = privacy.suppress_small_cells(t)
    assert pd.isna(pub.loc["B", "TKSK"])  # 3 < 5
    assert pub.loc["C", "TKSK"] == 0  # zero kept
    # B has one suppressed cell -> its next smallest (Sakti 9) also goes; column TKSK -> A's 10 also goes
    assert mask.loc["B", "Sakti"] and mask.loc["A", "TKSK"]
    for axis in (0, 1):
        counts = mask.sum(axis=axis)
        assert not (counts == 1).any(), "a single suppressed cell could be recovered from a total"
    pub1, mask1 = privacy.suppress_small_cells(t, complementary=False)
    assert int(mask1.to_numpy().sum()) == 1


def test_pseudonymise_roster_file(key_env, tmp_path):
    out = tmp_path / "roster_pseudo.csv"
    pseudonymise_file(CORPUS / "good" / "roster_valid.csv", out)
    df = pd.read_csv(out, dtype=str)
    assert {"nik", "name", "address"}.isdisjoint(df.columns)
    assert {"person_key", "name_key", "address_key"} <= set(df.columns)
    assert df["person_key"].str.fullmatch(r"[0-9a-f]{32}").all() and df["person_key"].is_unique
    privacy.assert_no_nik([out])
    assert "Nama Contoh" not in out.read_text()


def test_cli_pseudonymise_refuses_bad_niks_and_data_raw(key_env, tmp_path):
    r = CliRunner().invoke(app, ["data", "pseudonymise", str(CORPUS / "bad" / "roster_nik_scientific.csv"),
                                 "--out", str(tmp_path / "o.csv")])
    assert r.exit_code == 1 and "scientific notation" in r.output and not (tmp_path / "o.csv").exists()
    r = CliRunner().invoke(app, ["data", "pseudonymise", str(CORPUS / "good" / "roster_valid.csv"),
                                 "--out", str(REPO / "data" / "raw" / "roster.csv")])
    assert r.exit_code == 1 and not (REPO / "data" / "raw" / "roster.csv").exists()


def test_runner_fails_a_notebook_that_prints_a_nik(tmp_path):
    """The notebook runner (kesos run) applies assert_no_nik to every executed notebook and its HTML."""
    import nbformat

    from kesos_analysis.report import runner

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("lang = 'id'", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(f"print('NIK', '{VALID[:8]}' + '{VALID[8:]}')")]
    nb.metadata["kernelspec"] = {"name": "kesos-analysis", "display_name": "Python (kesos-analysis)", "language": "python"}
    path = tmp_path / "leak.ipynb"
    nbformat.write(nb, path)
    checks = runner._post_checks()
    assert privacy.assert_no_nik in checks
    result = runner.execute(path, {"lang": "id"}, tmp_path / "reports", checks)
    assert result.status == "failed"
    assert "NIK-like" in result.error and "3171…0012" in result.error and VALID not in result.error


# ------------------------------------------------------------------------ NIP and any 16–18-digit identifier

NIP = "198503122010011002"  # born 1985-03-12, appointed 2010-01, man, no. 002 (illustrative)


def test_nip_checks():
    assert privacy.nip_problem(NIP) is None
    assert privacy.nip_problem("19850312 201001 1 002") is None  # as printed
    assert "scientific notation" in privacy.nip_problem("1.98E+17")
    assert "stored as a number" in privacy.nip_problem(1.9850312201001e17)
    assert "exactly 18 digits" in privacy.nip_problem(NIP[:17])
    assert "date of birth" in privacy.nip_problem("198513122010011002")  # month 13
    assert "appointment" in privacy.nip_problem("198503121999011002")  # appointed at 14
    assert "sex digit" in privacy.nip_problem("198503122010013002")
    assert "sequence" in privacy.nip_problem("198503122010011000")
    assert privacy.find_nip_like(f"NIP {NIP[:8]} {NIP[8:14]} {NIP[14]} {NIP[15:]}, Rp3.203.600") == [NIP]


def test_any_16_to_18_digit_identifier_is_found_even_if_implausible():
    bad_nik = "9971994501900012"  # province 99: fails the NIK checks, still somebody's mistyped NIK
    assert privacy.find_nik_like(bad_nik) == []
    text = f"a {bad_nik} b {NIP} c 12345678901234567 d 0.1234567890123456 e 3f{VALID}ab f 270.203.917"
    assert privacy.find_identifier_like(text) == [NIP, bad_nik, "12345678901234567"]
    red = privacy.redact_identifiers(f"NIK {VALID}, NIP {NIP[:8]} {NIP[8:14]} {NIP[14]} {NIP[15:]}, id {bad_nik}")
    assert red == "NIK [NIK disamarkan], NIP [NIP disamarkan], id [nomor identitas disamarkan]"


def test_assert_no_personal_ids_withholds_nip_and_implausible_numbers(tmp_path):
    assert privacy.assert_no_nik is privacy.assert_no_personal_ids
    for text in [f"Kepala Dinas, NIP {NIP}", "nomor 9971994501900012"]:
        html = tmp_path / "r.html"
        html.write_text(f"<td>{text}</td>")
        with pytest.raises(privacy.PersonalIdLeakError, match="r.html"):
            privacy.assert_no_nik([html])
    html.write_text("<td>0.1234567890123456</td><td>Rp3.203.600</td><td>270.203.917</td>")
    privacy.assert_no_nik([html])


def test_roster_in_the_dinas_sosial_layout_is_pseudonymised_to_the_documented_schema(key_env, tmp_path):
    from kesos_analysis.data.schemas import ROSTER_OUTPUT_COLUMNS

    out = tmp_path / "roster_pseudo.csv"
    r = CliRunner().invoke(app, ["data", "pseudonymise", str(CORPUS / "good" / "roster_dinsos_layout.csv"),
                                 "--out", str(out)])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out, dtype=str)
    assert tuple(df.columns) == ROSTER_OUTPUT_COLUMNS
    assert df["nip_key"].notna().sum() == 3 and df["person_key"].str.fullmatch(r"[0-9a-f]{32}").all()
    text = out.read_text()
    assert "Nama Contoh" not in text and "0812" not in text and "III/a" not in text
    privacy.assert_no_nik([out])
    r = CliRunner().invoke(app, ["data", "pseudonymise", str(CORPUS / "bad" / "roster_dinsos_damaged_ids.csv"),
                                 "--out", str(tmp_path / "o.csv")])
    assert r.exit_code == 1 and "row 6" in r.output and "row 7" in r.output and not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("text, digits", [
    (f"NIK{VALID}", VALID),  # right after a label, no separator
    (f"nik:{VALID}", VALID),
    (f"No.{VALID}", VALID),
    (f"ID#{VALID}", VALID),
    (f"KTP={VALID}", VALID),
    (f"{VALID[:4]}/{VALID[4:8]}/{VALID[8:12]}/{VALID[12:]}", VALID),  # slash grouping
    (f"NIP{NIP}", NIP),
    (f"{NIP}.0", NIP),  # the NIP went through a float format
    (f"nomor {VALID},0;", VALID),
])
def test_identifiers_after_labels_groupings_and_float_renderings_are_found(text, digits):
    assert privacy.find_identifier_like(text) == [digits]
    assert digits not in privacy.redact_identifiers(text)
    assert privacy.identifier_problem(text) is not None


def test_digit_runs_inside_hex_digests_are_not_identifiers():
    import hashlib

    # A sha256-like digest with a 17-digit run (as in manifests and provenance files), and real digests.
    digest = "ab" + "12345678901234567" + "cdef" * 11 + "a"
    assert len(digest) == 64
    texts = [digest, f"sha256:{digest}", f"sha256:ab{VALID}cd", "deadbeef" + NIP + "ab",
             *(hashlib.sha256(str(i).encode()).hexdigest() for i in range(200)), "0.1234567890123456",
             f"{NIP}.05"]
    for text in texts:
        assert privacy.find_identifier_like(text) == [], text
        assert privacy.redact_identifiers(text) == text
