"""Schemas of the raw tables (pandera), and the registry that maps a table name to its file.

Each raw CSV in ``data/raw/`` is registered here once: its path (relative to ``data/raw``), a title, the
unit of its value columns, its primary key and a pandera schema. The schema is the single definition of
what a valid file looks like; ``datapackage.json`` is generated from it (``kesos data manifest``).

Conventions enforced everywhere:

* region codes (``bps_code``, ``kemendagri_code``) are 2-character strings (``"11"`` Aceh … ``"97"``
  Papua Pegunungan; ``"00"`` Indonesia) and are never parsed as numbers;
* poverty rounds are (year, month) with month 3 (Maret) or 9 (September);
* every row carries a ``source_url``; ``confidence`` (where present) is one of :data:`CONFIDENCE_LEVELS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandera.pandas as pa

from ..errors import UnknownTableError

#: Confidence labels used in ``../shared/data`` (high: official/legal; medium: mainstream news;
#: low: blogs, hearsay), with the intermediate grades that occur in the files.
CONFIDENCE_LEVELS = ("high", "medium-high", "medium", "medium-low", "low")

#: Regular expression of a BPS or Kemendagri province code (two digits, as a string).
PROVINCE_CODE_RE = r"^[0-9]{2}$"


def _code(nullable: bool = False) -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(PROVINCE_CODE_RE), nullable=nullable)


def _text(nullable: bool = False) -> pa.Column:
    checks = [] if nullable else [pa.Check.str_length(min_value=1)]
    return pa.Column(str, checks, nullable=nullable)


def _url() -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(r"^https?://"), nullable=False)


#: Source URLs: one or more ``http(s)://`` addresses separated by `` | `` (no other schemes: a ``file:``,
#: ``javascript:`` or bare text source is refused).
SOURCE_URLS_RE = r"^https?://[^\s|]+( \| https?://[^\s|]+)*$"


def _urls() -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(SOURCE_URLS_RE), nullable=False)


#: Name of the check that Rupiah amounts have at most 2 decimals (sen); worded in validation messages.
SEN_CHECK = "at_most_2_decimals"


def _rupiah(nullable: bool = False, positive: bool = False) -> pa.Column:
    """A Rupiah amount: decimal with at most 2 decimals (sen), e.g. the Jawa Tengah UMP 2023 decree's
    Rp1.958.169,69 is stored exactly as written (``1958169.69`` in the CSV); reports round for display."""
    sen = pa.Check(lambda s: ((s * 100 - (s * 100).round()).abs() < 1e-6), name=SEN_CHECK,
                   error="Rupiah with at most 2 decimals (sen)")
    return pa.Column("float64", [pa.Check.gt(0) if positive else pa.Check.ge(0), sen], nullable=nullable)


#: Note written for a UMP that the source gives as 0 ("not set"); the only reason a UMP may be empty.
UMP_NOT_SET_NOTE = "no UMP set"
_UMP_EMPTY_ONLY_IF_NOT_SET = pa.Check(
    lambda df: df["ump_rupiah"].notna() | df["note"].fillna("").str.contains(UMP_NOT_SET_NOTE, regex=False),
    name="ump_empty_only_if_not_set",
    error=("a UMP in Rupiah per month: ump_rupiah is empty. If the source says no UMP was set for this province "
           "and year (e.g. 'belum ditetapkan'), write the source's 0 in the cell: a 0 is stored as missing with the "
           "note 'no UMP set', never as Rp 0"))


def _year(nullable: bool = False) -> pa.Column:
    return pa.Column("Int64", pa.Check.in_range(1990, 2100), nullable=nullable)


def _nonneg(dtype: str = "float64", nullable: bool = False, max_value: float | None = None,
            zero: bool = True) -> pa.Column:
    """A non-negative number (at most ``max_value``). ``zero=False``: a 0 is refused too (:data:`NONZERO_CHECK`),
    for quantities that are never 0 for a province (P0, poor people, population): a source's 0 that
    means "not set" is turned into a missing value by the reader before validation
    (:data:`~kesos_analysis.data.readers.symbols.NOT_SET_ZEROS`), any other 0 is an error."""
    checks = [pa.Check.ge(0) if max_value is None else pa.Check.in_range(0, max_value)]
    if not zero:
        checks.append(pa.Check(lambda s: s != 0, name=NONZERO_CHECK))
    return pa.Column(dtype, checks, nullable=nullable)


#: Name of the check that a quantity is not 0; worded in validation messages.
NONZERO_CHECK = "not_zero"


def _confidence(nullable: bool = False) -> pa.Column:
    return pa.Column(str, pa.Check.isin(CONFIDENCE_LEVELS), nullable=nullable)


def _schema(columns: dict[str, pa.Column], unique: list[str] | None = None, checks=None) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, unique=unique, checks=checks or [], coerce=True, strict=True, ordered=False)


@dataclass(frozen=True)
class TableSpec:
    """A registered raw table.

    ``path`` is relative to ``data/raw``; ``primary_key`` lists the columns that identify a row (used by
    ``kesos data add`` to detect conflicting releases); ``units`` maps value columns to their unit.
    """

    name: str
    path: str
    title: str
    description: str
    schema: pa.DataFrameSchema
    primary_key: tuple[str, ...] = ()
    units: dict[str, str] = field(default_factory=dict)
    sources_doc: str = ""


def _panel_schema() -> pa.DataFrameSchema:
    # Shared shape of the province-level panel tables in data/raw/panel/.
    return _schema(
        {
            "indicator": _text(),
            "province": _text(),
            "bps_code": _code(),
            "year": _year(nullable=True),
            "value": _nonneg("float64"),
            "unit": _text(),
            "source_url": _url(),
            "note": _text(nullable=True),
            "confidence": _confidence(),
        }
    )


_SEPT_2023_ABSENT = pa.Check(
    lambda df: ~((df["year"] == 2023) & (df["month"] == 9)),
    name="no_september_2023_round",
    error="BPS did not compute poverty for September 2023; such a row cannot be real",
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in [
        TableSpec(
            name="provinces",
            path="regions/provinces.csv",
            title="Provinces of Indonesia: BPS and Kemendagri codes, names, 2022 split, admin counts, centroids",
            description="38 provinces (Kepmendagri 300.2.2-2430/2025); kab/kota/kecamatan counts; "
            "BPS and Kemendagri codes differ for the Papua provinces.",
            schema=_schema(
                {
                    "bps_code": _code(),
                    "kemendagri_code": _code(),
                    "name_id": _text(),
                    "name_bps": _text(),
                    "name_en": _text(),
                    "island_group": _text(),
                    "created_2022": pa.Column(str, pa.Check.isin(["yes", "no"])),
                    "parent_province_bps_code": _code(nullable=True),
                    "parent_province": _text(nullable=True),
                    "n_kabupaten": _nonneg("int64"),
                    "n_kota": _nonneg("int64"),
                    "n_kecamatan": _nonneg("int64"),
                    "admin_count_basis": _text(),
                    "latitude": pa.Column("float64", pa.Check.in_range(-11.5, 6.5)),
                    "longitude": pa.Column("float64", pa.Check.in_range(94.0, 141.5)),
                    "coord_type": _text(),
                    "source_url": _url(),
                },
                unique=["bps_code"],
            ),
            primary_key=("bps_code",),
            units={"n_kecamatan": "kecamatan", "latitude": "degrees", "longitude": "degrees"},
            sources_doc="regions/SOURCES.md",
        ),
        TableSpec(
            name="poverty_province",
            path="regions/poverty_province.csv",
            title="BPS poverty by province and round (P0, poor people, P1, P2), March 2015 onwards",
            description="BPS Susenas poverty rounds (March=3, September=9); national rows have bps_code '00'. "
            "September 2022 is partial; September 2023 does not exist; Papua split from March 2024.",
            schema=_schema(
                {
                    "bps_code": _code(),
                    "province": _text(),
                    "year": _year(),
                    "month": pa.Column("int64", pa.Check.isin([3, 9])),
                    "p0_percent": _nonneg("float64", nullable=True, max_value=100, zero=False),
                    "poor_thousand": _nonneg("float64", nullable=True, zero=False),
                    "p1": _nonneg("float64", nullable=True, max_value=100),
                    "p2": _nonneg("float64", nullable=True, max_value=100),
                    "source_url": _urls(),
                    "note": _text(nullable=True),
                },
                unique=["bps_code", "year", "month"],
                checks=[_SEPT_2023_ABSENT],
            ),
            primary_key=("bps_code", "year", "month"),
            units={"p0_percent": "persen", "poor_thousand": "ribu jiwa", "p1": "index", "p2": "index"},
            sources_doc="regions/SOURCES.md",
        ),
        TableSpec(
            name="ump_province",
            path="regions/ump_province.csv",
            title="Provincial minimum wage (UMP) by province and year",
            description=("UMP set by each governor, Rupiah per month (decimal: decrees may carry sen); empty where no UMP "
                         "was set (a 0 in the source) — the note says so."),
            schema=_schema(
                {
                    "bps_code": _code(),
                    "province": _text(),
                    "year": _year(),
                    "ump_rupiah": _rupiah(nullable=True, positive=True),
                    "source_url": _urls(),
                    "note": _text(nullable=True),
                },
                unique=["bps_code", "year"],
                checks=[_UMP_EMPTY_ONLY_IF_NOT_SET],
            ),
            primary_key=("bps_code", "year"),
            units={"ump_rupiah": "Rupiah per month"},
            sources_doc="regions/SOURCES.md",
        ),
        TableSpec(
            name="population_province",
            path="regions/population_province.csv",
            title="Population by province (2016 projection, 2020 census, 2024 projection)",
            description="Thousand persons (ribu jiwa). Three vintages that are not one consistent series.",
            schema=_schema(
                {
                    "bps_code": _code(),
                    "province": _text(),
                    "year": _year(),
                    "population_thousand": _nonneg("float64", zero=False),
                    "source_url": _urls(),
                    "note": _text(nullable=True),
                },
                unique=["bps_code", "year"],
            ),
            primary_key=("bps_code", "year"),
            units={"population_thousand": "ribu jiwa"},
            sources_doc="regions/SOURCES.md",
        ),
        TableSpec(
            name="workforce_national",
            path="kesos/workforce_national.csv",
            title="Social-welfare workforce headcounts, national (TKSK, Sakti Peksos, PKH, PSM, Tagana, …)",
            description="Do not add rows with different `measure` values (headcount vs target vs estimate).",
            schema=_schema(
                {
                    "staff_type": _text(),
                    "year": _year(nullable=True),
                    "headcount": _nonneg("int64"),
                    "scope": _text(),
                    "employment_status": _text(),
                    "source_url": _url(),
                    "note": _text(nullable=True),
                    "measure": _text(),
                    "source_date": _text(),
                    "confidence": _confidence(),
                }
            ),
            primary_key=("staff_type", "year", "measure", "source_date"),
            units={"headcount": "orang"},
            sources_doc="kesos/SOURCES.md",
        ),
        TableSpec(
            name="workforce_province",
            path="kesos/workforce_province.csv",
            title="Social-welfare workforce headcounts, scattered province (and district) points",
            description="Rows marked ONLY in `note` are district or city figures filed under their province.",
            schema=_schema(
                {
                    "staff_type": _text(),
                    "year": _year(nullable=True),
                    "province": _text(),
                    "headcount": _nonneg("int64"),
                    "source_url": _url(),
                    "note": _text(nullable=True),
                }
            ),
            primary_key=("staff_type", "year", "province"),
            units={"headcount": "orang"},
            sources_doc="kesos/SOURCES.md",
        ),
        TableSpec(
            name="compensation",
            path="kesos/compensation.csv",
            title="Pay of front-line staff today (TKSK tali asih, Sakti Peksos and PKH honor, top-ups)",
            description="Rupiah per `period` (month); confidence labels as in SOURCES.md.",
            schema=_schema(
                {
                    "staff_type": _text(),
                    "year": _year(),
                    "amount_rupiah": _rupiah(nullable=True),
                    "period": pa.Column(str, pa.Check.isin(["month", "year"]), nullable=True),
                    "funding": _text(),
                    "source_url": _url(),
                    "note": _text(nullable=True),
                    "confidence": _confidence(),
                }
            ),
            primary_key=("staff_type", "year", "funding"),
            units={"amount_rupiah": "Rupiah per period"},
            sources_doc="kesos/SOURCES.md",
        ),
        TableSpec(
            name="pppk_salary",
            path="kesos/pppk_salary.csv",
            title="PPPK pay: basic salary per golongan (Perpres 98/2020, Perpres 11/2024), entry golongan, JF Peksos",
            description="Sections: pppk_basic_salary, pppk_golongan_by_entry_education, pppk_golongan_by_jf_level, "
            "jf_pekerja_sosial_ladder, jf_pekerja_sosial_allowance, jf_allowance_comparator_other_jf, pppk_allowances_rule.",
            schema=_schema(
                {
                    "section": pa.Column(
                        str,
                        pa.Check.isin(
                            [
                                "pppk_basic_salary",
                                "pppk_golongan_by_entry_education",
                                "pppk_golongan_by_jf_level",
                                "jf_pekerja_sosial_ladder",
                                "jf_pekerja_sosial_allowance",
                                "jf_allowance_comparator_other_jf",
                                "pppk_allowances_rule",
                            ]
                        ),
                    ),
                    "regulation": _text(),
                    "year_effective": _year(nullable=True),
                    "level": _text(),
                    "min_monthly_rupiah": _rupiah(nullable=True),
                    "min_mkg_years": _nonneg("Int64", nullable=True),
                    "max_monthly_rupiah": _rupiah(nullable=True),
                    "max_mkg_years": _nonneg("Int64", nullable=True),
                    "entry_education": _text(nullable=True),
                    "amount_rupiah": _rupiah(nullable=True),
                    "source_url": _url(),
                    "note": _text(nullable=True),
                },
                checks=[
                    pa.Check(
                        lambda df: df["max_monthly_rupiah"].isna()
                        | df["min_monthly_rupiah"].isna()
                        | (df["max_monthly_rupiah"] >= df["min_monthly_rupiah"]),
                        name="max_not_below_min",
                        error="max_monthly_rupiah must not be below min_monthly_rupiah",
                    )
                ],
            ),
            primary_key=("section", "year_effective", "level"),
            units={"min_monthly_rupiah": "Rupiah per month", "max_monthly_rupiah": "Rupiah per month",
                   "amount_rupiah": "Rupiah per month", "min_mkg_years": "years", "max_mkg_years": "years"},
            sources_doc="kesos/SOURCES.md",
        ),
        TableSpec(
            name="programs",
            path="kesos/programs.csv",
            title="Social-welfare programmes: PKH, KUBE, KAT, ASLUT, ASODK, ATENSI, PKSA (beneficiaries, benefits, norms)",
            description="Value in `unit`; targets and actuals are separate indicators.",
            schema=_schema(
                {
                    "program": _text(),
                    "indicator": _text(),
                    "year": _year(),
                    "value": _nonneg("float64"),
                    "unit": _text(),
                    "scope": _text(),
                    "source_url": _url(),
                    "note": _text(nullable=True),
                    "confidence": _confidence(),
                }
            ),
            primary_key=("program", "indicator", "year", "scope"),
            sources_doc="kesos/SOURCES.md",
        ),
        TableSpec(
            name="institutions",
            path="kesos/institutions.csv",
            title="Institutions: Kemensos UPT/Sentra, LKSA, NAPZA balai, provincial units",
            description="Value in `unit`.",
            schema=_schema(
                {
                    "institution_type": _text(),
                    "indicator": _text(),
                    "year": _year(),
                    "value": _nonneg("float64"),
                    "unit": _text(),
                    "scope": _text(),
                    "source_url": _url(),
                    "note": _text(nullable=True),
                }
            ),
            primary_key=("institution_type", "indicator", "year", "scope"),
            sources_doc="kesos/SOURCES.md",
        ),
        TableSpec(
            name="benchmarks",
            path="kesos/benchmarks.csv",
            title="International and health-sector workforce benchmarks",
            description="Value in `unit` (per 10,000 or per 1,000 population, etc.).",
            schema=_schema(
                {
                    "indicator": _text(),
                    "country": _text(),
                    "year": _year(nullable=True),
                    "value": _nonneg("float64"),
                    "unit": _text(),
                    "source_url": _url(),
                    "note": _text(nullable=True),
                }
            ),
            primary_key=("indicator", "country", "year", "value"),
            sources_doc="kesos/SOURCES.md",
        ),
    ]
    + [
        TableSpec(
            name=name,
            path=f"panel/{name}.csv",
            title=title,
            description="Province-level panel facts where public data exists; value in `unit`.",
            schema=_panel_schema(),
            primary_key=("indicator", "bps_code", "year", "unit", "source_url"),
            sources_doc="panel/SOURCES.md",
        )
        for name, title in [
            ("budget_province", "Social-assistance budget facts by province"),
            ("institutions_province", "Institutions (LKSA, UPTD) by province"),
            ("pmks_province", "PMKS (people with social-welfare problems) by province"),
            ("psks_province", "PSKS workforce by province (kecamatan counts as TKSK basis, TKSK, PKH pendamping, Tagana, Sakti Peksos)"),
            ("social_assistance_province", "Social-assistance recipients (PKH KPM, sembako, BST) by province"),
        ]
    ]
}


def get_spec(name: str) -> TableSpec:
    """Return the :class:`TableSpec` of a registered table.

    Raises :class:`~kesos_analysis.errors.UnknownTableError` naming the known tables.
    """
    try:
        return TABLES[name]
    except KeyError:
        raise UnknownTableError(f"unknown table {name!r}; known tables: {', '.join(sorted(TABLES))}") from None


# ------------------------------------------------------------------------------------------ rosters
#: Staff types found in Kemensos / Dinas Sosial rosters (GUIDE.md glossary).
STAFF_TYPES = ("TKSK", "Pendamping PKH", "Sakti Peksos", "Pekerja Sosial ASN", "Penyuluh Sosial", "Tagana", "PSM",
               "Pendamping Rehabilitasi Sosial (ATENSI)", "Lainnya")
#: Highest education level (Indonesian degree ladder: SMA = upper secondary, D3 diploma, D4/S1 bachelor, S2/S3).
EDUCATION_LEVELS = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
#: Employment status: civil servant (PNS), government employee with work agreement (PPPK, full or part
#: time, UU 20/2023), contract or honorarium staff (non-ASN), volunteers.
EMPLOYMENT_STATUSES = ("PNS", "PPPK", "PPPK Paruh Waktu", "Kontrak", "Honorer", "Relawan")


def _roster_schema() -> pa.DataFrameSchema:
    opt_text = lambda: pa.Column(str, nullable=True, required=False)  # noqa: E731
    return _schema(
        {
            "staff_id": _text(),
            "staff_type": pa.Column(str, pa.Check.isin(STAFF_TYPES)),
            "education_level": pa.Column(str, pa.Check.isin(EDUCATION_LEVELS), nullable=True),
            "education_field": _text(nullable=True),
            "employment_status": pa.Column(str, pa.Check.isin(EMPLOYMENT_STATUSES)),
            "bps_code": _code(),
            "kabkota_code": pa.Column(str, pa.Check.str_matches(r"^[0-9]{4}$"), nullable=True),
            "kecamatan_code": pa.Column(str, pa.Check.str_matches(r"^[0-9]{7}$"), nullable=True),
            "start_date": pa.Column(str, pa.Check.str_matches(r"^(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]$"), nullable=True),
            "pay_rupiah_per_month": _rupiah(nullable=True),
            "caseload": _nonneg("Int64", nullable=True),
            # Personal data (UU 27/2022): accepted on input only, replaced by keyed pseudonyms at ingest.
            "province": opt_text(),
            "nik": opt_text(),
            "nip": opt_text(),
            "name": opt_text(),
            "address": opt_text(),
            "person_key": opt_text(),
            "nip_key": opt_text(),
            "name_key": opt_text(),
            "address_key": opt_text(),
            "is_synthetic": pa.Column(str, pa.Check.isin(["True", "False"]), nullable=True, required=False),
        },
        unique=["staff_id"],
        checks=[
            pa.Check(lambda df: df["kabkota_code"].isna() | (df["kabkota_code"].str[:2] == df["bps_code"]),
                     name="kabkota_in_province", error="kabkota_code must start with the row's bps_code"),
            pa.Check(lambda df: df["kecamatan_code"].isna() | df["kabkota_code"].isna()
                     | (df["kecamatan_code"].str[:4] == df["kabkota_code"]),
                     name="kecamatan_in_kabkota", error="kecamatan_code must start with the row's kabkota_code"),
        ],
    )


#: Columns of a pseudonymised roster as ``kesos data pseudonymise`` writes them, in this order (columns the
#: received roster lacks are written empty; ``is_synthetic`` only for synthetic rosters).
ROSTER_OUTPUT_COLUMNS = ("staff_id", "staff_type", "education_level", "education_field", "employment_status",
                         "bps_code", "kabkota_code", "kecamatan_code", "start_date", "pay_rupiah_per_month",
                         "caseload", "person_key", "nip_key", "name_key", "address_key")


#: Tables that can be validated (and pseudonymised) but are never stored in ``data/raw``: staff rosters
#: are microdata with personal data. Not part of :data:`TABLES` or ``datapackage.json``.
ROSTER_TABLES: dict[str, TableSpec] = {
    "staff_roster": TableSpec(
        name="staff_roster",
        path="",
        title="Staff roster of a Kemensos unit or Dinas Sosial (one row per person)",
        description="staff_id, staff_type, education, employment status, BPS province / kab-kota (4-digit) / "
        "kecamatan (7-digit) codes as text, start date (YYYY-MM-DD), pay (Rupiah per month), caseload "
        "(cases or beneficiary families assigned). NIK, NIP, name and address are replaced by keyed pseudonyms "
        "(person_key, nip_key, name_key, address_key); see ROSTER_OUTPUT_COLUMNS.",
        schema=_roster_schema(),
        primary_key=("staff_id",),
        units={"pay_rupiah_per_month": "Rupiah per month", "caseload": "cases or KPM assigned"},
    )
}


def get_any_spec(name: str) -> TableSpec:
    """Spec of a registered raw table (:data:`TABLES`) or roster (:data:`ROSTER_TABLES`)."""
    if name in ROSTER_TABLES:
        return ROSTER_TABLES[name]
    try:
        return TABLES[name]
    except KeyError:
        known = sorted([*TABLES, *ROSTER_TABLES])
        raise UnknownTableError(f"unknown table {name!r}; known tables: {', '.join(known)}") from None


# ------------------------------------------------------------------------------------------ appended tables
TABLES["tukin_kemensos"] = TableSpec(
    name="tukin_kemensos",
    path="kesos/tukin_kemensos.csv",
    title="Tunjangan kinerja (tukin) of Kemensos per kelas jabatan (Perpres 71/2023)",
    description="Rupiah per month per kelas jabatan 1–17, as published in the press from the Perpres annex.",
    schema=_schema(
        {
            "kelas_jabatan": pa.Column("int64", pa.Check.in_range(1, 17)),
            "amount_rupiah": _nonneg("int64"),
            "period": pa.Column(str, pa.Check.isin(["month"])),
            "regulation": _text(),
            "year_effective": _year(),
            "source_url": _url(),
            "note": _text(nullable=True),
            "confidence": _confidence(),
        },
        unique=["kelas_jabatan", "year_effective"],
    ),
    primary_key=("kelas_jabatan", "year_effective"),
    units={"amount_rupiah": "Rupiah per month"},
    sources_doc="kesos/SOURCES.md",
)
