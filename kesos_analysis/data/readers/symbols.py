"""Missing-value symbols, header aliases and footnote markers of BPS/Kemensos tables (one place)."""

from __future__ import annotations

import re

from ..schemas import UMP_NOT_SET_NOTE

#: Missing-value symbols and their meaning. Source: BPS, *Statistik Indonesia*, "Penjelasan Umum /
#: Explanatory notes" (the legend printed in BPS publications and table footers): ``-`` nil, ``…`` data not
#: available, ``x`` data not available for publication; ``NA``/``n.a.`` are the English equivalents.
MISSING_SYMBOLS: dict[str, str] = {
    "-": "nil or not applicable (BPS symbol '-')",
    "–": "nil or not applicable (BPS symbol '-')",
    "—": "nil or not applicable (BPS symbol '-')",
    "…": "data not available (BPS symbol '…')",
    "...": "data not available (BPS symbol '…')",
    "x": "data not available for publication (BPS symbol 'x')",
    "X": "data not available for publication (BPS symbol 'x')",
    "NA": "not available ('NA')",
    "N/A": "not available ('N/A')",
    "n.a.": "not available ('n.a.')",
    "n.a": "not available ('n.a.')",
    "na": "not available ('NA')",
}

#: Header aliases accepted in long files (normalised header → canonical column).
COLUMN_ALIASES: dict[str, str] = {
    "kode": "bps_code", "kode_bps": "bps_code", "kode_provinsi": "bps_code", "kode_prov": "bps_code",
    "provinsi": "province", "nama_provinsi": "province", "propinsi": "province",
    "tahun": "year", "bulan": "month", "p0": "p0_percent",
    "sumber": "source_url", "catatan": "note", "keterangan": "note",
    # staff rosters (Dinas Sosial / Kemensos spreadsheets)
    "no_nik": "nik", "nomor_nik": "nik", "nomor_induk_kependudukan": "nik", "nama": "name", "nama_lengkap": "name",
    "alamat": "address", "alamat_lengkap": "address", "id_pegawai": "staff_id", "jenis_tenaga": "staff_type",
    "pendidikan": "education_level", "pendidikan_terakhir": "education_level", "jurusan": "education_field",
    "status_kepegawaian": "employment_status", "kode_kab": "kabkota_code", "kode_kabupaten_kota": "kabkota_code",
    "kode_kec": "kecamatan_code", "kode_kecamatan": "kecamatan_code", "tmt": "start_date",
    "tanggal_mulai": "start_date", "honor": "pay_rupiah_per_month", "gaji": "pay_rupiah_per_month",
    "beban_kasus": "caseload", "jumlah_kpm": "caseload",
    "nip": "nip", "nomor_induk_pegawai": "nip", "nip_baru": "nip", "jabatan": "staff_type",
    "nama_jabatan": "staff_type", "jenis_jabatan": "staff_type", "status": "employment_status",
    "status_pegawai": "employment_status", "tmt_jabatan": "start_date", "tmt_cpns": "start_date",
    "honor_per_bulan": "pay_rupiah_per_month", "honorarium": "pay_rupiah_per_month",
    "no": "_row_number", "no_urut": "_row_number", "nomor": "_row_number",
}

#: Roster position titles (``Jabatan``) → staff type of the roster schema (case-insensitive, start of text).
#: Functional titles follow PermenPANRB on JF Pekerja Sosial / Penyuluh Sosial (levels Terampil … Ahli Utama).
STAFF_TYPE_ALIASES: tuple[tuple[str, str], ...] = (
    (r"pekerja sosial masyarakat|psm\b", "PSM"),
    (r"pekerja sosial (ahli|terampil|mahir|penyelia|pemula)|peksos asn|jf pekerja sosial", "Pekerja Sosial ASN"),
    (r"penyuluh sosial", "Penyuluh Sosial"),
    (r"tenaga kesejahteraan sosial kecamatan|tksk\b", "TKSK"),
    (r"satuan bakti pekerja sosial|sakti peksos", "Sakti Peksos"),
    (r"pendamping (program keluarga harapan|pkh)", "Pendamping PKH"),
    (r"taruna siaga bencana|tagana\b", "Tagana"),
    (r"pendamping (rehabilitasi sosial|atensi)", "Pendamping Rehabilitasi Sosial (ATENSI)"),
)

_FOOTNOTE_RE = re.compile(
    r"^\s*(catatan|keterangan|ket\s*[.:]|sumber|source|note|notes|\*|¹|²|³|\(?\d\)|\(?[a-z]\)\s|"
    r"angka sementara|angka sangat sementara|provisional|preliminary)", re.IGNORECASE)



#: Tables whose rows are provinces only: a national row (INDONESIA / an average) is skipped and reported.
NO_NATIONAL_ROW: dict[str, str] = {
    "ump_province": "national row not read (UMP is set per province; there is no national UMP — BPS prints an average)",
}

_MONTH_NAMES = {"3": "Maret", "9": "September"}



#: Zeros that mean "not set" in a source, by (table, column): the cell is stored as missing and the meaning
#: goes to the row's note, never Rp 0. Source: regions/SOURCES.md — the BPS-derived UMP table (U-NABIL)
#: "records missing values as 0"; Kemnaker (U-BISNIS) states that Jawa Tengah, DI Yogyakarta and Jawa Timur
#: set no UMP in 2016, and the four provinces of the 2022 Papua split had no UMP before they existed.
NOT_SET_ZEROS: dict[tuple[str, str], str] = {
    ("ump_province", "ump_rupiah"): f"0 in the source: {UMP_NOT_SET_NOTE} for this province and year (not Rp 0)",
}

_ZERO = re.compile(r"^[+]?(rp\.?\s*)?0+([.,]0+)?$", re.IGNORECASE)


def is_zero_text(text: object) -> bool:
    """True for a cell reading zero (``0``, ``0,00``, ``Rp 0``)."""
    return bool(_ZERO.match(str(text).strip()))


#: Island groups and regional aggregates BPS prints between or below province rows (never a national row).
ISLAND_GROUPS = ("sumatera", "sumatra", "jawa", "java", "bali dan nusa tenggara", "bali nusa tenggara", "kalimantan",
                 "sulawesi", "maluku dan papua", "maluku papua", "papua pulau", "kawasan barat indonesia",
                 "kawasan timur indonesia", "kbi", "kti")
_URBAN_RURAL = ("perkotaan", "perdesaan", "perkotaan perdesaan", "kota", "desa", "kota desa", "urban", "rural")


def aggregate_kind(text: object) -> str:
    """What an aggregate row is: ``"island-group aggregate"`` (e.g. "Kalimantan"), ``"urban/rural
    aggregate"`` or ``"total/average row"`` (Jumlah, Total, Rata-rata); for the names of
    :data:`kesos_analysis.data.regions.AGGREGATE_NAMES`."""
    key = re.sub(r"\s+", " ", re.sub(r"[^0-9a-z]+", " ", str(text).casefold())).strip()
    if key in ISLAND_GROUPS:
        return "island-group aggregate"
    if key in _URBAN_RURAL:
        return "urban/rural aggregate"
    return "total/average row"


#: Text a spreadsheet would execute when the CSV is opened (OWASP "CSV injection"): a cell starting with
#: ``=``, ``+``, ``-``, ``@``, a tab or a carriage return that is not a number or a missing-value symbol.
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER_LIKE = re.compile(r"^[+-]?\s*[\d.,]+\s*%?\*?$")


def formula_like(text: object) -> bool:
    """True if ``text`` would be run as a formula by Excel/LibreOffice (e.g. ``=HYPERLINK(…)``, ``@SUM(…)``,
    ``+cmd``, ``-2+3``); numbers such as ``-12,5`` and the symbols of :data:`MISSING_SYMBOLS` are not."""
    if not isinstance(text, str) or not text:
        return False
    s = text.lstrip(" ")
    if not s.startswith(_FORMULA_LEAD) and not text.startswith(("\t", "\r")):
        return False
    if s.strip() in MISSING_SYMBOLS or _NUMBER_LIKE.match(s.strip()):
        return False
    return True


FORMULA_EXPECTED = ("text that a spreadsheet will not run as a formula: the cell starts with '=', '+', '-' or '@' "
                    "(e.g. =HYPERLINK(…), @SUM(…)); delete the leading character or the formula and keep the "
                    "plain text")
