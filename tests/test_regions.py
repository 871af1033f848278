"""Province names, codes and the 2022 Papua split crosswalk (on the real poverty data)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kesos_analysis.data import load, regions
from kesos_analysis.errors import DataValidationError, ParameterError

REF = load("provinces")
CODES = sorted(REF["bps_code"])
OFFICIAL = list(zip(REF["bps_code"], REF["name_bps"]))


@pytest.mark.parametrize("name, code", [
    ("DKI Jakarta", "31"), ("D.K.I. Jakarta", "31"), ("Daerah Khusus Ibukota Jakarta", "31"),
    ("Kep. Bangka Belitung", "19"),
    ("Nanggroe Aceh Darussalam", "11"), ("NAD", "11"), ("Irian Jaya Barat", "91"), ("Irian Jaya", "94"),
    ("DI Yogyakarta", "34"), ("D.I. Yogyakarta", "34"), ("Daerah Istimewa Yogyakarta", "34"), ("Jogja", "34"),
    ("Kepulauan Riau", "21"), ("Kepri", "21"), ("Nusa Tenggara Barat", "52"), ("NTB", "52"), ("West Java", "32"),
    ("  KALIMANTAN   TIMUR ", "64"), ("Prov. Jawa Barat", "32"), ("Papua Barat¹", "91"), ("Papua*", "94"),
    ("Papua Barat Daya", "92"), ("Highland Papua", "97"), ("INDONESIA", "00"), ("Sulawesi Tenggara", "74"),
])
def test_known_variants_resolve(name, code):
    assert regions.resolve_province(name) == code


def test_every_official_name_resolves_to_its_own_code_and_aliases_are_unambiguous():
    aliases = regions.province_aliases()  # raises if two provinces shared a spelling
    for code, name in OFFICIAL:
        assert regions.resolve_province(name) == code
    assert set(aliases.values()) == set(CODES) | {"00"}


def test_unknown_name_lists_closest_matches():
    with pytest.raises(DataValidationError) as info:
        regions.resolve_province("Sulawesi Tengahh", file="f.csv", row=7, column="province")
    p = info.value.problems[0]
    assert (p.file, p.row, p.column, p.value) == ("f.csv", 7, "province", "Sulawesi Tengahh")
    assert "closest matches: Sulawesi Tengah" in p.expected
    # A region that is not a province is not silently matched to one.
    assert regions.province_code_for_name("Jawa") is None and regions.is_aggregate_name("Jawa")
    assert regions.province_code_for_name("Sulawesi") is None


_case = st.sampled_from([str.upper, str.lower, str.title, lambda s: s])


@settings(max_examples=200, deadline=None)
@given(pair=st.sampled_from(OFFICIAL), case=_case, pad=st.text(" \t", max_size=3),
       sep=st.sampled_from([" ", "  ", " \u00a0"]))
def test_name_matching_ignores_case_and_spacing(pair, case, pad, sep):
    code, name = pair
    variant = pad + case(name).replace(" ", sep) + pad
    assert regions.resolve_province(variant) == code


@settings(max_examples=200, deadline=None)
@given(pair=st.sampled_from(OFFICIAL), i=st.integers(0, 40), ch=st.sampled_from(list("qzxj")))
def test_a_typo_never_resolves_to_another_province(pair, i, ch):
    code, name = pair
    i = i % len(name)
    typo = name[:i] + ch + name[i + 1:]
    got = regions.province_code_for_name(typo)
    assert got in (None, code)


@settings(max_examples=300, deadline=None)
@given(code=st.sampled_from(CODES + ["00"]), form=st.sampled_from(["str", "int", "float", "float_text", "padded"]))
def test_code_normalisation_round_trips(code, form):
    value = {"str": code, "int": int(code), "float": float(code), "float_text": f"{int(code)}.0",
             "padded": f" {code} "}[form]
    assert regions.normalise_code(value) == code


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 999))
def test_code_normalisation_refuses_unknown_or_ambiguous(n):
    valid = set(CODES) | {"00"}
    text = str(n)
    if text.rjust(2, "0") in valid and len(text) <= 2:
        assert regions.normalise_code(text) == text.rjust(2, "0")
    else:
        with pytest.raises(DataValidationError):
            regions.normalise_code(text)


def test_code_repair_is_only_for_the_unambiguous_case():
    assert regions.normalise_code(0) == "00" and regions.normalise_code("0") == "00"
    for bad in ("1", 1, 11.5, "1.1E+01", "93", "111", None, True):
        with pytest.raises(DataValidationError):
            regions.normalise_code(bad, file="x.csv", row=3, column="bps_code")


def test_bps_and_kemendagri_codes_differ_for_all_papua_provinces():
    pairs = {"91": "92", "92": "96", "94": "91", "95": "93", "96": "94", "97": "95"}
    for bps, kemendagri in pairs.items():
        assert regions.bps_to_kemendagri(bps) == kemendagri
        assert regions.kemendagri_to_bps(kemendagri) == bps
    assert regions.bps_to_kemendagri("32") == "32"
    assert regions.papua_split() == {"92": "91", "95": "94", "96": "94", "97": "94"}


@pytest.fixture(scope="module")
def poverty():
    return load("poverty_province")


def test_march_2024_on_34_province_basis_rederives_p0_from_counts(poverty):
    mar24 = poverty[(poverty["year"] == 2024) & (poverty["month"] == 3)].set_index("bps_code")
    # Independent arithmetic on the published figures (P0 %, poor in thousands).
    members = ["94", "95", "96", "97"]
    poor = sum(mar24.loc[c, "poor_thousand"] for c in members)
    pop = sum(mar24.loc[c, "poor_thousand"] / (mar24.loc[c, "p0_percent"] / 100) for c in members)
    assert poor == pytest.approx(152.91 + 92.20 + 308.48 + 365.44)
    expected_p0 = 100 * poor / pop
    simple_mean = sum(mar24.loc[c, "p0_percent"] for c in members) / 4

    out = regions.to_34_provinces(poverty)
    row = out[(out["year"] == 2024) & (out["month"] == 3) & (out["bps_code"] == "94")].iloc[0]
    assert row["poor_thousand"] == pytest.approx(919.03)
    assert row["p0_percent"] == pytest.approx(expected_p0, abs=1e-9)
    assert row["p0_percent"] == pytest.approx(25.82, abs=0.01)
    assert abs(row["p0_percent"] - simple_mean) > 0.5  # not the average of rates
    assert row["merged_from"] == "94+95+96+97" and row["province"] == "Papua"
    pb = out[(out["year"] == 2024) & (out["month"] == 3) & (out["bps_code"] == "91")].iloc[0]
    assert pb["poor_thousand"] == pytest.approx(110.16 + 102.27)
    assert pb["p0_percent"] == pytest.approx(100 * 212.43 / (110.16 / 0.2166 + 102.27 / 0.1813))
    # The recombined Papua is close to the last pre-split round (26.03 % in Mar 2023): a consistent series.
    mar23 = out[(out["year"] == 2023) & (out["month"] == 3) & (out["bps_code"] == "94")].iloc[0]
    assert mar23["p0_percent"] == 26.03 and mar23["merged_from"] == ""
    assert abs(row["p0_percent"] - mar23["p0_percent"]) < 1.0


def test_34_basis_has_34_provinces_every_round_and_keeps_national_rows(poverty):
    out = regions.to_34_provinces(poverty)
    full = out[(out["month"] == 3) & (out["bps_code"] != "00")].groupby("year").size()
    assert set(full) == {34}
    assert not out["bps_code"].isin(["92", "95", "96", "97"]).any()
    nat_in = poverty[poverty["bps_code"] == "00"].set_index(["year", "month"])["p0_percent"]
    nat_out = out[out["bps_code"] == "00"].set_index(["year", "month"])["p0_percent"]
    assert nat_out.equals(nat_in)


def test_incomplete_group_gives_missing_not_a_partial_sum(poverty):
    # Sept 2024: BPS gives no poor count for Papua Selatan/Tengah/Pegunungan.
    out = regions.to_34_provinces(poverty)
    row = out[(out["year"] == 2024) & (out["month"] == 9) & (out["bps_code"] == "94")].iloc[0]
    assert math.isnan(row["poor_thousand"]) and math.isnan(row["p0_percent"])


def test_38_basis_keeps_only_post_split_rounds(poverty):
    out = regions.on_38_basis(poverty)
    rounds = set(map(tuple, out[["year", "month"]].drop_duplicates().to_numpy().tolist()))
    # Every round from March 2024 (the first on the 38-province basis) to the latest in the data.
    latest = max(map(tuple, poverty[["year", "month"]].to_numpy().tolist()))
    expected = {(y, m) for y in range(2024, latest[0] + 1) for m in (3, 9) if (y, m) <= latest}
    assert rounds == expected and {(2024, 3), (2025, 9)} <= rounds
    assert out.groupby(["year", "month"]).size().eq(39).all()


# --- The one province resolver (records, notebook parameter)
# -----------------------------------------------------------

@pytest.mark.parametrize("value,code", [
    ("all", "all"), ("ALL", "all"), ("Indonesia", "all"), ("00", "all"),
    ("33", "33"), ("Jawa Tengah", "33"), ("jateng", "33"), ("DKI Jakarta", "31"), ("Jakarta", "31"),
    ("NAD", "11"), ("Aceh", "11"), ("Papua Pegunungan", "97"), ("Highland Papua", "97"),
    # Kemendagri codes (SOURCES.md caveat 2: they differ from BPS for the Papua region)
    ("kemendagri:91", "94"), ("Kemendagri 92", "91"), ("kemendagri:96", "92"), ("93", "95"), ("bps:91", "91"),
])
def test_province_parameter_is_normalised_to_a_bps_code(value, code):
    assert regions.normalise_province_parameter(value) == code


@pytest.mark.parametrize("bad", [33, 33.0, None, "3", "99", "330", "033", "Atlantis", "kemendagri:99", ""])
def test_bad_province_parameter_is_refused(bad):
    with pytest.raises(ParameterError, match="province must be 'all', a two-digit BPS code"):
        regions.normalise_province_parameter(bad)


def test_typo_lists_closest_official_names():
    with pytest.raises(ParameterError, match="closest matches: Jawa Tengah"):
        regions.normalise_province_parameter("Jawa Tngah")


def test_province_record_has_both_codes_and_one_display_name():
    ref = regions.province_reference()
    recs = regions.province_records()
    assert len(recs) == len(ref)
    for rec in recs:  # the record agrees with the reference table row by row
        row = ref[ref["bps_code"] == rec.bps_code].iloc[0]
        got = (rec.kemendagri_code, rec.name, rec.name_official)
        assert got == (row["kemendagri_code"], row["name_bps"], row["name_id"])
        assert regions.province_record(rec.name) == rec
        assert regions.province_record(f"kemendagri:{rec.kemendagri_code}") == rec
    jkt = regions.province_record("DKI Jakarta")
    assert (jkt.bps_code, jkt.name, jkt.name_official) == ("31", "DKI Jakarta", "Daerah Khusus Ibukota Jakarta")
    pp = regions.province_record("Papua Pegunungan")
    got = (pp.bps_code, pp.kemendagri_code, pp.parent_bps_code, pp.created_2022, pp.split_2022)
    assert got == ("97", "95", "94", True, True)
    assert not regions.province_record("33").split_2022 and regions.province_record("00").is_national
    assert regions.province_display_name("34") == "DI Yogyakarta"
