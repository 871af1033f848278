"""WISN / ABK staffing model: published worked examples, errors, parameter file, need and gap."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from kesos_analysis import paramfile
from kesos_analysis import staffing as st
from kesos_analysis.data import load
from kesos_analysis.errors import ParameterError


@pytest.fixture(scope="module")
def ps():
    return paramfile.baseline()


@pytest.fixture(scope="module")
def keys():
    return st.allocation_keys()


# --- Kenya HIV clinic, docs/research/evidence.md §3.2 (HRH 2017, Table 3) --------------------------------------------

def test_kenya_available_working_time_is_179_days():
    assert st.available_working_time_days(234, 10, 30, 15, 0) == 179


def test_kenya_baseline_requirement_17_46():
    # 10,000 patients x 10 visits x 0.25 h = 25,000 h = 3,125 eight-hour days; AWT 179 days.
    awt_hours = st.available_working_time_hours(179, 8)
    sw_visits = st.standard_workload(awt_hours, 0.25)
    base = st.required_staff_fte([10_000 * 10], [sw_visits])
    assert round(base, 2) == 17.46
    assert round(3125 / 179, 2) == round(base, 2)


def test_kenya_cas_5_59_percent_and_caf_1_059():
    cas = st.category_allowance_percent(10 * 8, 179 * 8)  # 10 training days of 179, in hours
    assert round(cas, 2) == 5.59
    caf = st.category_allowance_factor(cas)
    assert round(caf, 3) == 1.059
    after = st.required_staff_fte([100_000], [st.standard_workload(179 * 8, 0.25)], caf=caf)
    assert round(after, 1) == 18.5  # docs/research/evidence.md's own arithmetic (≈ 18.5)


# --- Illustrative PKH facilitator calculation, docs/research/evidence.md §3.3 ---------------------------------------

def test_pkh_awt_217_days_1627_5_hours(ps):
    wt = st.working_time(ps)
    assert wt.awt_days == 217
    assert wt.awt_hours == 1627.5


@pytest.fixture(scope="module")
def ps_evidence(ps):
    """The docs/research/evidence.md §3.3 illustration used CAS 2.95% + 10% + 5% = 17.95% (inside the 15–40% range)."""
    return ps.apply_diff({"staffing_standards.cas.total_percent": 17.95}, "evidence §3.3")


def test_default_cas_is_25_percent(ps):
    wt = st.working_time(ps)
    assert wt.cas_percent == 25 and wt.caf == pytest.approx(4 / 3)
    assert ps.leaf("staffing_standards.cas.total_percent")["range"] == [15, 40]


def test_pkh_district_example_reproduces_evidence(ps_evidence):
    r = st.pkh_district_example(ps_evidence, kpm=10_000, current_staff=33)
    assert round(r["hours_per_kpm"], 2) == 5.94
    assert round(r["standard_workload_kpm"]) == 274
    assert round(r["cas_percent"], 2) == 17.95
    assert round(r["caf"], 3) == 1.219
    assert r["ias_hours"] == pytest.approx(1113.75)
    assert round(r["iaf"], 2) == 0.68
    assert round(r["a_req_fte"], 2) == 36.50
    assert round(r["required_fte"], 1) == 45.2
    assert round(r["kpm_per_fte"]) == 221
    assert round(r["wisn_difference"], 1) == -12.2
    assert round(r["wisn_ratio"], 2) == 0.73


def test_pkh_professional_variant_54_2_fte(ps_evidence):
    r = st.pkh_district_example(ps_evidence, kpm=10_000, current_staff=33, professional=True)
    assert round(r["extra_fte"], 2) == 7.37
    assert round(r["required_fte"], 1) == 54.2
    assert round(r["kpm_per_fte"]) == 185


def test_wisn_difference_and_ratio_signs():
    assert st.wisn_difference(12, 18) == -6
    assert st.wisn_ratio(12, 16) == 0.75
    assert st.wisn_ratio(20, 10) == 2


# --- errors -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [(-1, 10, 12, 5, 10), (260, -1, 12, 5, 10), (260, 16, 12, -5, 10)])
def test_negative_times_rejected(args):
    with pytest.raises(ParameterError, match="negative"):
        st.available_working_time_days(*args)


def test_absences_using_all_days_rejected():
    with pytest.raises(ParameterError, match="use up all possible working days"):
        st.available_working_time_days(100, 40, 30, 20, 10)


@pytest.mark.parametrize("cas", [100, 120.5])
def test_cas_of_100_percent_or_more_rejected(cas):
    with pytest.raises(ParameterError, match="below 100%"):
        st.category_allowance_factor(cas)


def test_zero_unit_time_and_hours_rejected():
    with pytest.raises(ParameterError, match="greater than zero"):
        st.standard_workload(1627.5, 0)
    with pytest.raises(ParameterError, match="exceed 24"):
        st.available_working_time_hours(217, 25)


def test_required_staff_rejects_caf_below_one_and_length_mismatch():
    with pytest.raises(ParameterError, match="CAF"):
        st.required_staff_fte([1], [1], caf=0.9)
    with pytest.raises(ParameterError, match="same length"):
        st.required_staff_fte([1, 2], [1])


# --- ABK ----------------------------------------------------------------------------------------------

def test_abk_divides_by_1200_effective_hours_without_personal_allowance():
    assert st.abk_required_fte(12_000, 1200) == 10
    assert st.abk_required_fte(12_000, 1200, work_caf=1.25) == 12.5


def test_abk_variant_uses_1200_hours_and_gives_more_staff(ps):
    abk = st.working_time(ps, "abk")
    assert abk.effective_hours == 1200
    wisn = st.working_time(ps, "wisn")
    # the same share of working time for support activities under both denominators
    assert abk.cas_percent == wisn.cas_percent == 25
    a = st.need_by_cadre(ps, method="abk").set_index("cadre")
    w = st.need_by_cadre(ps).set_index("cadre")
    assert a.at["pkh_pendamping", "required_fte"] > w.at["pkh_pendamping", "required_fte"]
    # caseload norms do not depend on the working-time method
    assert a.at["panti_asuhan_anak", "required_fte"] == w.at["panti_asuhan_anak", "required_fte"]


# --- parameter file -----------------------------------------------------------------------------------

def test_bundled_standards_have_all_cadres_and_versions(ps):
    assert set(st.cadres(ps)) == {
        "pkh_pendamping", "tksk", "pendamping_atensi", "lk3_counsellor", "panti_asuhan_anak", "panti_lanjut_usia",
        "panti_penyandang_disabilitas", "panti_korban_napza", "panti_karya_wanita", "panti_pamardi_putra",
        "panti_bina_remaja",
    }
    assert ps.files["staffing_standards"]["version"]
    assert ps.files["staffing_standards"]["reference"]
    for path, leaf in ps.leaves.items():
        for key in paramfile.REQUIRED_LEAF_KEYS:
            assert key in leaf, (path, key)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_cadre_labels_are_complete_and_distinct(ps, lang):
    labels = [st.cadre_label(ps, c)[lang] for c in st.cadres(ps)]
    assert list(st.cadre_labels(ps)[f"label_{lang}"]) == labels
    assert len(set(labels)) == len(labels)


def _write(tmp_path, body: str):
    p = tmp_path / "standards.yaml"
    p.write_text(textwrap.dedent(body), encoding="utf-8")
    return p


HEADER = """\
version: "0"
reference: test
description: test
parameters:
  x:
"""


def test_loader_names_file_key_for_missing_field(tmp_path):
    p = _write(tmp_path, HEADER + "    description: d\n    description_id: d\n    unit: u\n    unit_en: u\n    value: 1\n    range: [0, 2]\n    flag: S\n")
    with pytest.raises(ParameterError, match=r"standards.yaml: standards.x: missing field\(s\) source"):
        paramfile.load_file(p)


def test_loader_rejects_value_outside_range_naming_value(tmp_path):
    p = _write(tmp_path, HEADER + "    description: d\n    description_id: d\n    unit: u\n    unit_en: u\n    value: 5\n    range: [0, 2]\n    source: s\n    flag: S\n")
    with pytest.raises(ParameterError, match=r"standards.x: value 5 is outside its plausible range \[0, 2\]"):
        paramfile.load_file(p)


def test_loader_rejects_unknown_flag_and_unexplained_null(tmp_path):
    p = _write(tmp_path, HEADER + "    description: d\n    description_id: d\n    unit: u\n    unit_en: u\n    value: 1\n    range: [0, 2]\n    source: s\n    flag: X\n")
    with pytest.raises(ParameterError, match="flag 'X'"):
        paramfile.load_file(p)
    p = _write(tmp_path, HEADER + "    description: d\n    description_id: d\n    unit: u\n    unit_en: u\n    value: null\n    range: null\n    source: s\n    flag: D\n")
    with pytest.raises(ParameterError, match="needs flag S and a 'note'"):
        paramfile.load_file(p)


def test_yaml_values_that_repeat_data_still_match_data(ps):
    wf = load("workforce_national")
    progs = load("programs")
    inst = load("institutions")

    def head(staff, year):
        return int(wf[(wf.staff_type == staff) & (wf.year == year)].headcount.iloc[0])

    c = "staffing_standards.cadres"
    assert ps.get(f"{c}.pkh_pendamping.current_headcount") == head("PKH pendamping", 2023) == 36000
    assert ps.get(f"{c}.tksk.current_headcount") == head("TKSK", 2020) == 7201
    assert ps.get(f"{c}.panti_asuhan_anak.current_headcount") == head("Sakti Peksos", 2019) == 710
    kpm = progs[(progs.program == "PKH") & (progs.indicator == "beneficiary families (KPM)") & (progs.year == 2020)]
    assert ps.get(f"{c}.pkh_pendamping.clients") == kpm.value.iloc[0]
    children = inst[(inst.indicator == "children in LKS-Anak care") & (inst.year == 2021)].value.iloc[0]
    assert ps.get(f"{c}.panti_asuhan_anak.clients") == children == 191696
    atensi = progs[(progs.program == "ATENSI") & (progs.year == 2023) & progs.indicator.str.startswith("beneficiaries")]
    assert atensi.value.sum() == 207441
    rehab = ps.get(f"{c}.pendamping_atensi.rehabilitation_cases_per_year")
    emergency = ps.get(f"{c}.pendamping_atensi.emergency_cases_per_year")
    assert (rehab, emergency) == (164736, 42705) and rehab + emergency == atensi.value.sum()
    assert atensi[atensi.indicator.str.contains("disaster")].value.sum() == emergency


# --- need and gap -------------------------------------------------------------------------------------

def test_allocation_keys_cover_38_provinces_with_string_codes(keys):
    assert len(keys) == 38
    assert keys.bps_code.map(type).eq(str).all()
    assert keys.n_kecamatan.sum() == 7285
    for col in ("share_poor_population", "share_kecamatan", "share_kabkota"):
        assert keys[col].sum() == pytest.approx(1.0)


def test_province_need_sums_to_national(ps, keys):
    prov = st.need_by_province(ps, keys=keys)
    nat = st.need_by_cadre(ps, keys=keys).set_index("cadre")
    sums = prov.groupby("cadre").required_fte.sum()
    for cadre, v in sums.items():
        assert v == pytest.approx(nat.at[cadre, "required_fte"])


def test_tksk_need_follows_kecamatan_counts(ps, keys):
    prov = st.need_by_province(ps, keys=keys)
    tksk = prov[prov.cadre == "tksk"].merge(keys, on="bps_code")
    per_kec = tksk.required_fte / tksk.n_kecamatan
    assert per_kec.max() == pytest.approx(per_kec.min())
    wt = st.working_time(ps)
    # a FLOW: 1,480 PMKS on the register × 30% becoming cases a year × 1 h per case
    assert per_kec.iloc[0] == pytest.approx(1480 * 0.3 * 1.0 / 1627.5 * wt.caf)


def test_atensi_need_counts_flows_by_case_type(ps, keys):
    nat = st.need_by_cadre(ps, keys=keys).set_index("cadre")
    wt = st.working_time(ps)
    hours = 164736 * 24 + 42705 * 2
    assert nat.at["pendamping_atensi", "required_fte"] == pytest.approx(hours / 1627.5 * wt.caf)


def test_national_gap_uses_real_headcounts(ps, keys):
    nat = st.need_by_cadre(ps, keys=keys).set_index("cadre")
    assert nat.at["tksk", "current_headcount"] == 7201
    # FTE, not headcount: TKSK volunteers give half a post each
    assert nat.at["tksk", "current_fte"] == pytest.approx(7201 * 0.5)
    assert nat.at["tksk", "wisn_ratio"] == pytest.approx(7201 * 0.5 / nat.at["tksk", "required_fte"])
    # Sakti Peksos are not the LKSA workforce: no ratio between unlike counts
    assert nat.at["panti_asuhan_anak", "required_fte"] == pytest.approx(191696 / 25)
    assert math.isnan(nat.at["panti_asuhan_anak", "wisn_ratio"])
    assert math.isnan(nat.at["panti_lanjut_usia", "wisn_ratio"])  # no count: no invented gap
    assert nat.at["pkh_pendamping", "professional_staff_today"] == pytest.approx(36000 * 0.25)


def test_changing_one_standard_changes_only_its_cadre(ps, keys):
    base = st.need_by_cadre(ps, keys=keys).set_index("cadre")
    changed = ps.apply_diff({"staffing_standards.cadres.tksk.service_hours_per_case_per_year": 2.0}, "test")
    new = st.need_by_cadre(changed, keys=keys).set_index("cadre")
    assert new.at["tksk", "required_fte"] == pytest.approx(2 * base.at["tksk", "required_fte"])
    others = base.index.drop("tksk")
    pd.testing.assert_frame_equal(base.loc[others], new.loc[others])


def test_shared_awt_change_moves_wisn_cadres_not_caseload_cadres(ps, keys):
    base = st.need_by_cadre(ps, keys=keys).set_index("cadre")
    changed = ps.apply_diff({"staffing_standards.awt.sick_leave_days": 10}, "test")
    new = st.need_by_cadre(changed, keys=keys).set_index("cadre")
    assert new.at["pkh_pendamping", "required_fte"] > base.at["pkh_pendamping", "required_fte"]
    assert new.at["tksk", "required_fte"] > base.at["tksk", "required_fte"]
    assert new.at["panti_asuhan_anak", "required_fte"] == base.at["panti_asuhan_anak", "required_fte"]
    assert new.at["lk3_counsellor", "required_fte"] == base.at["lk3_counsellor", "required_fte"]


def test_select_province_by_code_and_name(ps, keys):
    prov = st.need_by_province(ps, keys=keys)
    assert set(st.select_province(prov, "33").province) == {"Jawa Tengah"}
    assert set(st.select_province(prov, "jawa tengah").bps_code) == {"33"}
    assert set(st.select_province(prov, "Jateng").bps_code) == {"33"}
    with pytest.raises(ParameterError, match="province must be 'all'"):
        st.select_province(prov, "Atlantis")


# --- Citations point to the evidence file shipped in the repository ---------------------------------------------------

CITING_FILES = [
    "kesos_analysis/parameters/staffing_standards.yaml", "kesos_analysis/parameters/pppk_costing.yaml",
    *[f"kesos_analysis/parameters/scenarios/{p.name}" for p in sorted(
        (Path(__file__).resolve().parents[1] / "kesos_analysis/parameters/scenarios").glob("*.yaml"))],
    "kesos_analysis/report/text/02_staffing_need.yaml", "kesos_analysis/report/text/03_pppk_cost.yaml",
    "notebooks/02_staffing_need.ipynb", "notebooks/03_pppk_cost.ipynb",
]


def test_evidence_file_is_in_the_repository_with_provenance_header():
    repo = Path(__file__).resolve().parents[1]
    text = (repo / "docs/research/evidence.md").read_text(encoding="utf-8")
    header = text.splitlines()[:3]
    assert "copied from the project's shared reference folder" in header[0] and "2026-11-30" in header[0]
    assert text.splitlines()[3].startswith("# Evidence base")


@pytest.mark.parametrize("rel", CITING_FILES)
def test_every_evidence_citation_points_to_docs_research(rel):
    import re

    repo = Path(__file__).resolve().parents[1]
    text = (repo / rel).read_text(encoding="utf-8")
    evidence = (repo / "docs/research/evidence.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\b", evidence, flags=re.M))
    for m in re.finditer(r"(\S*)evidence\.md", text):
        assert m.group(1).endswith("docs/research/"), f"{rel}: citation {m.group(0)!r} must be docs/research/evidence.md"
    cited = re.findall(r"docs/research/evidence\.md §(\d+(?:\.\d+)?)", text)
    for sec in cited:
        assert sec in sections, f"{rel}: docs/research/evidence.md has no section §{sec}"


@pytest.mark.parametrize("missing", ["description_id", "unit_en"])
def test_loader_requires_indonesian_description_and_english_unit(tmp_path, missing):
    fields = {"description": "d", "description_id": "d", "unit": "u", "unit_en": "u", "value": 1, "range": "[0, 2]",
              "source": "s", "flag": "S"}
    del fields[missing]
    p = _write(tmp_path, HEADER + "".join(f"    {k}: {v}\n" for k, v in fields.items()))
    with pytest.raises(ParameterError, match=rf"standards.x: missing field\(s\) {missing}"):
        paramfile.load_file(p)
    fields[missing] = "''"
    p = _write(tmp_path, HEADER + "".join(f"    {k}: {v}\n" for k, v in fields.items()))
    with pytest.raises(ParameterError, match=rf"field '{missing}' must be non-empty text"):
        paramfile.load_file(p)


def test_every_parameter_has_indonesian_description_and_english_unit(ps):
    rows = pd.DataFrame(ps.table())
    assert len(rows) > 70
    assert (rows["description_id"] != rows["description"]).all()
    assert rows.set_index("path").at["staffing_standards.awt.working_days_per_week", "description_id"].startswith("Hari kerja")
    assert rows.set_index("path").at["pppk_costing.pay.table_year", "unit_en"] == "pay-table year"
    # no Indonesian unit word left in the English units
    assert not rows["unit_en"].str.contains(r"\b(?:tahun|persen|orang|jam|hari|bulan|metode|proporsi)\b").any()


def test_professional_shortfall_is_positive_persons(ps, keys):
    need = st.need_by_cadre(ps, keys=keys).set_index("cadre")
    pkh = need.loc["pkh_pendamping"]
    # 36,000 pendamping x 25% professionals = 9,000 against the professional-model requirement
    # 10 m KPM x (5.94 + 0.15 x 8) h / 1,627.5 h x CAF 4/3 + IAF 1,113.75 h per kab/kota / 1,627.5 h
    required = 10_000_000 * (5.94 + 0.15 * 8) / 1627.5 * 4 / 3 + 1113.75 * keys.n_kabkota.sum() / 1627.5
    assert pkh["required_fte_professional"] == pytest.approx(required)
    assert pkh["professional_gap"] == pytest.approx(9000 - required)
    assert pkh["professional_shortfall"] == pytest.approx(required - 9000)
    assert (need["professional_shortfall"].dropna() >= 0).all()
    assert math.isnan(need.at["lk3_counsellor", "professional_shortfall"])


def test_allocation_keys_record_the_poverty_round_as_year_and_month(keys):
    from kesos_analysis.poverty import round_label

    y, m = int(keys["poverty_year"].iloc[0]), int(keys["poverty_month"].iloc[0])
    assert keys["poverty_round"].iloc[0] == f"{y}-{m:02d}"
    assert round_label(y, m, "id") == "Sep 2025"  # the latest complete round (added with `kesos data add`)
