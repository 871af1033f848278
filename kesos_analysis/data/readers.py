"""Readers for the files researchers actually receive: BPS and Kemensos exports in CSV or XLSX.

:func:`read_table` turns one file into the canonical long table of a registered table (the columns of its
schema in :mod:`kesos_analysis.data.schemas`, every cell as text with ``.`` decimals and no thousands
separators, empty cells as ``None``), ready for :func:`~kesos_analysis.data.validation.validate_frame`.

What is recognised
    * **Formats**: CSV (delimiter ``,``, ``;`` or tab, detected) and XLSX (unless ``sheet`` is given: the
      active sheet if it is a visible worksheet, else the first visible worksheet; the sheet read is
      reported; merged cells are filled with their top-left value; hidden rows/columns holding data and
      formula cells without a saved value are errors; a cell with a percent number format is read as the
      displayed percentage, a literal ``"%"`` in the format is not a percent format). Encodings: UTF-8, UTF-8 with
      BOM, cp1252
      (Windows-1252, what Excel on Windows writes). A file mixing encodings, UTF-16, a legacy ``.xls`` or a
      binary file is refused.
    * **Layouts**: *long* (a header row with the table's column names; a few Indonesian aliases such as
      ``Provinsi``, ``Kode``, ``Tahun``, ``Bulan``) and, for the tables in :data:`WIDE_LAYOUTS`, the BPS
      *wide* layout: province names down the first column, one column per indicator × round, with a
      (possibly merged, multi-row) header such as "Persentase Penduduk Miskin (Persen)" over "Semester 1
      (Maret)" / "Semester 2 (September)" over "2025". Title rows above the header, regional aggregate rows
      (island groups, urban/rural, "Jumlah") and footnote rows below the data are recognised and reported.
      A footnote row *between* data rows is an error (a second table may follow). Columns of other
      indicators BPS prints in the same table (e.g. "Garis Kemiskinan", the poverty line) are skipped and
      reported. A column maps to a field only if its own header (or, when it names no indicator at all,
      the title above it) names that indicator: the poor count must say "miskin"/"poor", population must
      not, P0 must be a percentage of poor people. Urban/rural (Perkotaan/Perdesaan) columns are skipped
      when a total column exists and refused otherwise; a title naming one area only is refused. Count
      headers must give a unit: Ribu (thousands), Jiwa/Orang (persons, divided by 1,000) or Juta
      (millions, multiplied by 1,000); without one ``count_unit`` (``--unit``) is required. A province
      appearing twice and a September 2023 column are errors. For ``ump_province`` the national row
      (INDONESIA / an average) is skipped and reported. A column that is all ``…`` (a round not released
      yet) and a province row that is all ``…``
      (a province that did not exist yet) are not read. If no header names the year, a single year in the
      file name is used (BPS downloads are named "…, 2025.csv") and this is reported.
    * **Row width**: a CSV record with more fields than the header (typically a decimal comma in an
      unquoted cell of a comma-separated file) is an error naming the row.
    * **Numbers**: Indonesian (``1.234,56``) or English (``1,234.56``) format, decided **once per file**
      from the cells that can only be read one way; never guessed per cell. A file with both kinds is an
      error; a file whose numbers could be read either way (e.g. only ``1.234``) is an error asking for
      ``decimal=","`` or ``"."`` (``--decimal`` on the command line).
    * **Missing-value symbols** used in BPS tables (:data:`MISSING_SYMBOLS`) become missing cells; their
      meaning is kept in :attr:`ReadResult.missing` (and ``kesos data add`` writes it to the row's
      ``note``). Where the schema requires a value, the symbol is reported as a problem.

Errors
    Problems that stop reading (empty file, undecodable bytes, no recognisable header) raise
    :class:`~kesos_analysis.errors.DataValidationError` at once. Cell-level problems are collected in
    :attr:`ReadResult.problems` so that validation can report every problem in one go. Rows are spreadsheet
    rows of the *source* file (row 1 = first line); columns name the source header and cell.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataValidationError, Problem
from . import regions
from .schemas import TableSpec

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
}

_FOOTNOTE_RE = re.compile(
    r"^\s*(catatan|keterangan|ket\s*[.:]|sumber|source|note|notes|\*|¹|²|³|\(?\d\)|\(?[a-z]\)\s|"
    r"angka sementara|angka sangat sementara|provisional|preliminary)", re.IGNORECASE)


@dataclass(frozen=True)
class WideLayout:
    """How to read a BPS wide table: value columns are identified by patterns on their header text.

    ``values`` maps a canonical column to a regular expression searched in the normalised header text;
    ``excludes`` maps a column to a pattern that must *not* occur in that header (e.g. population must not
    mention "miskin"); ``keys`` are the columns taken from the header (``year``, and ``month`` for poverty
    rounds); ``months`` the allowed months; ``counts`` the columns held in thousands whose header must give
    a unit (Ribu / Jiwa, Orang / Juta; persons and millions are converted); ``wrong`` maps a pattern to an
    explanation for headers of an indicator that must not be read into this table (refused).
    """

    values: dict[str, str]
    keys: tuple[str, ...]
    months: tuple[int, ...] = ()
    excludes: dict[str, str] = field(default_factory=dict)
    counts: tuple[str, ...] = ()
    wrong: dict[str, str] = field(default_factory=dict)
    #: Other indicators BPS publishes in the same table (e.g. the poverty line): skipped and reported.
    ignore: str | None = None


_POOR = r"miskin|\bpoor\b|poverty"

#: BPS wide layouts by table name.
WIDE_LAYOUTS: dict[str, WideLayout] = {
    "poverty_province": WideLayout(
        values={
            "p1": r"kedalaman|\bp1\b|depth",
            "p2": r"keparahan|\bp2\b|severity",
            # P0 must be a percentage *of poor people*; the poor count must name the poor.
            "p0_percent": r"(persentase|percentage|\bpersen\b).*(miskin|\bpoor\b|poverty)|"
                          r"(miskin|\bpoor\b|poverty).*(persentase|percentage|\bpersen\b)|\bp0\b|headcount",
            "poor_thousand": r"penduduk miskin|orang miskin|number of poor|poor (people|population|persons)",
        },
        keys=("year", "month"),
        months=(3, 9),
        excludes={"p0_percent": r"kedalaman|keparahan|depth|severity",
                  "poor_thousand": r"persentase|percentage|\bpersen\b|kedalaman|keparahan|depth|severity"},
        counts=("poor_thousand",),
        wrong={r"penduduk|population": "total population, not a poverty indicator (the number of poor people "
                                       "is 'Jumlah Penduduk Miskin'); load it as population_province or delete "
                                       "the column"},
        ignore=r"garis kemiskinan|poverty line|\bgini\b",
    ),
    "ump_province": WideLayout(values={"ump_rupiah": r"\bump\b|upah minimum|minimum wage"}, keys=("year",)),
    "population_province": WideLayout(
        values={"population_thousand": r"penduduk|population"}, keys=("year",),
        excludes={"population_thousand": _POOR},
        counts=("population_thousand",),
        wrong={_POOR: "the number or share of poor people, not total population; load it as poverty_province"},
        ignore=r"laju pertumbuhan|growth|distribusi|distribution|kepadatan|density|rasio jenis kelamin|sex ratio",
    ),
}

#: Words that make a header name an indicator (then the shared/title header is not consulted).
_INDICATOR_WORDS = re.compile(
    r"penduduk|population|miskin|\bpoor\b|poverty|persentase|percentage|\bpersen\b|kedalaman|keparahan|depth|"
    r"severity|\bp[012]\b|headcount|\bump\b|upah|wage|garis|\bgini\b")
_URBAN = re.compile(r"\bperkotaan\b|\burban\b|\bkota\b")
_RURAL = re.compile(r"\bperdesaan\b|\bpedesaan\b|\brural\b|\bdesa\b")
_TOTAL = re.compile(r"\bjumlah\b|\btotal\b")

#: Units of count columns (``*_thousand``): factor to thousands.
COUNT_UNITS: dict[str, float] = {"thousand": 1.0, "persons": 0.001, "million": 1000.0}


def count_unit_of(text: str) -> tuple[str | None, str | None]:
    """Unit of a count header (normalised text): ``("thousand"|"million"|"persons", word)`` or
    ``(None, None)`` when the header gives no unit."""
    t = re.sub(r"poor people|orang miskin", " ", text)
    for unit, rx in (("thousand", r"\b(ribu|ribuan|thousands?|rb)\b"), ("million", r"\b(juta|millions?)\b"),
                     ("persons", r"\b(jiwa|orang|persons?|people)\b")):
        m = re.search(rx, t)
        if m:
            return unit, m.group(1)
    return None, None


_MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7, "agustus": 8, "august": 8, "agu": 8, "aug": 8, "agt": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "desember": 12, "december": 12, "des": 12, "dec": 12,
}
_SEMESTER = {r"\bsemester (1|i)\b": 3, r"\bsemester (2|ii)\b": 9}

#: Headers of a column holding Kemendagri (Dukcapil) province codes; converted to BPS codes on reading
#: (they differ for the six Papua-region provinces, see regions/SOURCES.md caveat 2).
KEMENDAGRI_CODE_HEADERS = frozenset({"kemendagri_code", "kode_kemendagri", "kode_dagri", "kode_wilayah_kemendagri"})


def _kemendagri_to_bps(value: Any, res: ReadResult, i: int) -> Any:
    valid = regions.known_codes("kemendagri")
    code, problem = regions.code_problem(float(value) if (i, "_kemendagri_code") in res.numeric_cells else value,
                                         width=2, valid=valid)
    if problem:
        res.cell_problem(i, "bps_code", value, problem.replace("regions/provinces.csv",
                                                               "regions/provinces.csv (kemendagri_code)"))
        return None
    return regions.kemendagri_to_bps(code)


#: Tables whose rows are provinces only: a national row (INDONESIA / an average) is skipped and reported.
NO_NATIONAL_ROW: dict[str, str] = {
    "ump_province": "national row not read (UMP is set per province; there is no national UMP — BPS prints an average)",
}

_MONTH_NAMES = {"3": "Maret", "9": "September"}

#: Codes 91–97 mean different Papua provinces in the BPS and the Kemendagri code lists.
_PAPUA_CODES = frozenset({"91", "92", "93", "94", "95", "96", "97"})

#: Integer key columns that are parsed strictly (never with thousands separators).
INTEGER_KEYS = frozenset({"year", "month", "year_effective"})


@dataclass
class MissingCell:
    """A cell holding a missing-value symbol: source row, canonical column, symbol and its meaning."""

    frame_row: int
    row: int
    column: str
    symbol: str
    meaning: str


@dataclass
class SkippedRow:
    """A source row that is not data: ``kind`` is ``"footnote"``, ``"aggregate"`` or ``"title"``."""

    row: int
    kind: str
    text: str


@dataclass
class ReadResult:
    """Outcome of :func:`read_table`.

    ``frame``: canonical columns, cells as text or ``None``, ``RangeIndex``. ``origin_row[i]`` is the
    source spreadsheet row of frame row ``i``; ``origin_cell[(i, column)]`` describes the source cell
    (e.g. ``"C7 under 'Semester 1 (Maret) 2025'"``). ``numeric_cells`` holds ``(i, column)`` of XLSX cells
    stored as numbers (used to refuse Excel-mangled NIKs). ``problems`` are cell-level problems not yet
    raised.
    """

    file: str
    table: str
    frame: pd.DataFrame
    layout: str
    file_format: str
    encoding: str | None
    decimal: str | None
    origin_row: list[int] = field(default_factory=list)
    origin_cell: dict[tuple[int, str], str] = field(default_factory=dict)
    numeric_cells: set[tuple[int, str]] = field(default_factory=set)
    missing: list[MissingCell] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bad_cells: set[tuple[int, str]] = field(default_factory=set)
    provided: set[str] = field(default_factory=set)
    #: ``(i, column)`` → factor to the column's unit (e.g. 0.001 for a count given in persons).
    scale: dict[tuple[int, str], float] = field(default_factory=dict)
    #: XLSX sheet read (``None`` for CSV).
    sheet: str | None = None
    #: ``(i, column)`` of XLSX cells holding a formula (with its cached value).
    formula_cells: dict[tuple[int, str], str] = field(default_factory=dict)

    def cell_problem(self, i: int, column: str, value: object, expected: str) -> None:
        """Record a problem in frame cell ``(i, column)`` (reported with its source row and cell)."""
        self.bad_cells.add((i, column))
        self.problems.append(Problem(self.file, self.row_of(i), self.where(i, column), value, expected))

    def row_of(self, i: int) -> int | None:
        """Source spreadsheet row of frame row ``i`` (``None`` if unknown)."""
        return self.origin_row[i] if 0 <= i < len(self.origin_row) else None

    def where(self, i: int, column: str) -> str:
        """Column label for messages: ``column`` plus the source cell when it differs."""
        src = self.origin_cell.get((i, column))
        return f"{column} [{src}]" if src else column


class _Fatal(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


# ------------------------------------------------------------------------------------------- numbers

_INT = re.compile(r"^[+-]?\d+$")
_ID_FULL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")
_EN_FULL = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$")
_ID_THOUS = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")
_EN_THOUS = re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}$")
_ONE_COMMA = re.compile(r"^[+-]?(\d+),(\d+)$")
_ONE_DOT = re.compile(r"^[+-]?(\d+)\.(\d+)$")


def classify_number(text: str) -> str:
    """Classify a numeric text: ``"int"``, ``"id"`` (only readable as Indonesian, decimal comma),
    ``"en"`` (only readable as English, decimal point), ``"ambiguous"`` (e.g. ``1.234`` or ``1,234``) or
    ``"invalid"``.
    """
    s = text.strip()
    if _INT.match(s):
        return "int"
    if _ID_FULL.match(s) or _ID_THOUS.match(s):
        return "id"
    if _EN_FULL.match(s) or _EN_THOUS.match(s):
        return "en"
    for rx, kind in ((_ONE_COMMA, "id"), (_ONE_DOT, "en")):
        m = rx.match(s)
        if m:
            lead, frac = m.group(1), m.group(2)
            if len(frac) == 3 and 1 <= len(lead) <= 3 and not (len(lead) > 1 and lead.startswith("0")) and lead != "0":
                return "ambiguous"
            return kind
    return "invalid"


def parse_number_text(text: str, decimal: str) -> str | None:
    """Canonical text (``.`` decimal, no thousands separator) of ``text`` read with ``decimal`` (``","``
    or ``"."``), or ``None`` if ``text`` is not a number in that format.

    Examples: ``parse_number_text("1.234,56", ",") == "1234.56"``; ``parse_number_text("1,234.56", ".")
    == "1234.56"``; ``parse_number_text("1.234,56", ".") is None``.
    """
    s = text.strip()
    kind = classify_number(s)
    if kind == "invalid":
        return None
    if kind == "int":
        return s.lstrip("+")
    thousands = "." if decimal == "," else ","
    if kind == ("en" if decimal == "," else "id"):
        return None
    # ambiguous or matching: strip thousands groups, then the decimal mark
    sign = "-" if s.startswith("-") else ""
    body = s.lstrip("+-")
    if thousands in body:
        head, _, tail = body.partition(decimal) if decimal in body else (body, "", "")
        groups = head.split(thousands)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return None
        body = "".join(groups) + (("." + tail) if tail else "")
    elif decimal in body:
        body = body.replace(decimal, ".")
    if not re.fullmatch(r"\d+(\.\d+)?", body):
        return None
    return sign + body


def parse_number(text: str, decimal: str) -> float:
    """Float value of ``text`` in the file's format; raises ``ValueError`` if it is not one."""
    canon = parse_number_text(text, decimal)
    if canon is None:
        raise ValueError(f"{text!r} is not a number with decimal mark {decimal!r}")
    return float(canon)


def detect_decimal(texts: list[tuple[str, Any]]) -> tuple[str | None, list[tuple[str, Any]], list[tuple[str, Any]], list[tuple[str, Any]]]:
    """Decide the decimal mark of a file from ``[(text, where), …]``.

    Returns ``(decimal, id_examples, en_examples, ambiguous_examples)``; ``decimal`` is ``","``, ``"."``
    or ``None`` when undecided (mixed formats, or only ambiguous cells), ``"int"`` when every number is
    a whole number without separators.
    """
    ids, ens, amb = [], [], []
    for text, where in texts:
        k = classify_number(text)
        if k == "id":
            ids.append((text, where))
        elif k == "en":
            ens.append((text, where))
        elif k == "ambiguous":
            amb.append((text, where))
    if ids and ens:
        return None, ids, ens, amb
    if ids:
        return ",", ids, ens, amb
    if ens:
        return ".", ids, ens, amb
    if amb:
        return None, ids, ens, amb
    return "int", ids, ens, amb


def number_cell_text(value: float | int) -> str:
    """Canonical text of a numeric spreadsheet cell (no exponent, no trailing ``.0``)."""
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return np.format_float_positional(float(value), trim="-")


# ------------------------------------------------------------------------------------------- loading

_BOM = b"\xef\xbb\xbf"
_UTF8_MULTI = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _row_of_offset(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def decode_bytes(data: bytes, file: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a CSV file's bytes; return ``(text, encoding)`` with encoding ``"utf-8"``, ``"utf-8-sig"``
    or ``"cp1252"``.

    Raises :class:`DataValidationError` naming the row of the first bad byte for mixed encodings
    (e.g. a UTF-8 BOM followed by cp1252 bytes), UTF-16, or bytes that are neither UTF-8 nor cp1252.
    """
    def fail(row: int | None, value: object, expected: str) -> DataValidationError:
        return DataValidationError(file, [Problem(file, row, None, value, expected)])

    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise fail(1, "UTF-16 byte-order mark", "UTF-8, UTF-8 with BOM or cp1252 text (re-save as CSV UTF-8)")
    if b"\x00" in data[:4096]:
        raise fail(None, "NUL bytes (binary or UTF-16 file)", "UTF-8, UTF-8 with BOM or cp1252 text")
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            pos = getattr(exc, "start", 0)
            raise fail(_row_of_offset(data, pos), f"byte {data[pos:pos + 1]!r}", f"text in the declared encoding {encoding}") from None
    if data.startswith(_BOM):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            pos = exc.start + 3
            raise fail(_row_of_offset(data, pos), f"byte {data[pos:pos + 1]!r}",
                       "UTF-8 throughout (the file starts with a UTF-8 byte-order mark but contains non-UTF-8 "
                       "bytes, e.g. cp1252: mixed encodings; re-save the file as CSV UTF-8)") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_MULTI.search(data[:first_bad]):
        raise fail(_row_of_offset(data, first_bad), f"byte {data[first_bad:first_bad + 1]!r}",
                   "one encoding throughout (the file mixes UTF-8 and another encoding; re-save as CSV UTF-8)")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise fail(_row_of_offset(data, exc.start), f"byte {data[exc.start:exc.start + 1]!r}",
                   "UTF-8, UTF-8 with BOM or cp1252 text (re-save as CSV UTF-8)") from None


def _sniff_delimiter(text: str) -> str:
    lines = [ln for ln in text.splitlines()[:40] if ln.strip()]
    best, best_score = ",", -1
    for d in (",", ";", "\t"):
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        widths = [w for w in widths if w > 1]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = widths.count(mode)
        if score > best_score:
            best, best_score = d, score
    return best


def _read_csv_grid(path: Path, file: str, encoding: str | None) -> tuple[list[list[Any]], str, list[int]]:
    """Cells of a CSV file (``None`` for empty), its encoding and the number of fields of each record."""
    data = path.read_bytes()
    if not data.strip(_BOM + b" \r\n\t"):
        raise DataValidationError(file, [Problem(file, None, None, "empty file", "a table with a header row and data rows")])
    if data.startswith(b"PK\x03\x04"):
        raise _Fatal(Problem(file, None, None, "an XLSX (zip) file", "__xlsx__"))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DataValidationError(file, [Problem(file, None, None, "a legacy Excel .xls file",
                                                 "CSV or .xlsx (open it in Excel and save as .xlsx or CSV UTF-8)")])
    text, enc = decode_bytes(data, file, encoding)
    delim = _sniff_delimiter(text)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    start = 1
    try:
        for rec in reader:
            rows.append(rec)
            start = reader.line_num + 1
    except csv.Error as exc:
        if "end of data" in str(exc) or "newline inside string" in str(exc):
            line = text.splitlines()[start - 1] if start - 1 < len(text.splitlines()) else ""
            raise DataValidationError(file, [Problem(
                file, start, None, line[:80],
                f"a closed quote: unclosed quote starting row {start} (a '\"' opens a field that never ends, so "
                "every following line would be swallowed into it); close or remove the quote")]) from None
        raise DataValidationError(file, [Problem(file, start, None, str(exc), "a well-formed CSV file")]) from None
    grid = [[(c if c.strip() != "" else None) for c in r] for r in rows]
    return grid, enc, [len(r) for r in rows]


def _percent_format(number_format: object) -> bool:
    """True if an Excel number format multiplies by 100 for display (a ``%`` outside quotes/escapes).

    ``0.00%`` shows 0.107 as "10.70%"; ``0.00"%"`` or ``0.00\\%`` shows 0.35 as "0.35%" (a literal sign).
    """
    fmt = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", str(number_format or ""))
    return "%" in fmt


def _read_xlsx_grid(path: Path, file: str, sheet: str | None,
                    info: dict[str, Any] | None = None) -> list[list[Any]]:
    """Cells of one worksheet. ``info`` receives ``sheet`` (the sheet read) and ``formulas``
    (``{(row, col): formula}``, 0-based, for formula cells that have a saved value)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    from openpyxl.worksheet.worksheet import Worksheet

    try:
        wb = openpyxl.load_workbook(path, data_only=True)
        wb_f = openpyxl.load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataValidationError(file, [Problem(file, None, None, f"unreadable workbook ({exc})", "a valid .xlsx file")]) from None
    names = [ws.title for ws in wb.worksheets]
    if sheet is not None and sheet not in names:
        raise DataValidationError(file, [Problem(file, None, None, sheet, f"a sheet name, one of {names}")])
    if sheet is None:
        # The sheet Excel opens on (the active one) if it is a visible worksheet, else the first visible one.
        active = wb.active
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        if isinstance(active, Worksheet) and active.sheet_state == "visible":
            ws = active
        elif visible:
            ws = visible[0]
        else:
            raise DataValidationError(file, [Problem(file, None, None, f"sheets {names} (all hidden)",
                                                     "a visible worksheet (unhide the sheet, or pass --sheet NAME)")])
    else:
        ws = wb[sheet]
    ws_f = wb_f[ws.title]
    if info is not None:
        info["sheet"] = ws.title
        info["formulas"] = {}
    problems: list[Problem] = []
    grid: list[list[Any]] = []
    for row, row_f in zip(ws.iter_rows(), ws_f.iter_rows()):
        vals = []
        for cell, cell_f in zip(row, row_f):
            v = cell.value
            fv = cell_f.value
            is_formula = cell_f.data_type == "f" or (isinstance(fv, str) and fv.startswith("=")) \
                or type(fv).__name__ in ("ArrayFormula", "DataTableFormula")
            if is_formula:
                text = fv if isinstance(fv, str) else getattr(fv, "text", str(fv))
                from .privacy import mask_niks_in

                text = mask_niks_in(text)
                if v is None:
                    problems.append(Problem(file, cell.row, cell.coordinate, text,
                                            "a value: this formula cell has no saved result (the file was written by "
                                            "a program that does not calculate); open and save it in Excel/"
                                            "LibreOffice to compute it, or paste the values"))
                elif info is not None:
                    info["formulas"][(cell.row - 1, cell.column - 1)] = text
            # A cell formatted as a percentage stores a fraction (0.121 shown as 12.1%): use the shown value.
            # A literal "%" in the format (0.00"%") shows the stored number itself.
            if isinstance(v, (int, float)) and not isinstance(v, bool) and _percent_format(cell.number_format):
                v = round(v * 100, 10)
            vals.append(v)
        grid.append(vals)
    # Hidden rows and columns holding data: the user does not see what would be read.
    hidden_rows = sorted(r for r, d in ws.row_dimensions.items() if d.hidden)
    hidden_cols: set[int] = set()
    for key, d in ws.column_dimensions.items():
        if d.hidden:
            lo, hi = (d.min or 0), (d.max or 0)
            if not lo:
                from openpyxl.utils import column_index_from_string
                lo = hi = column_index_from_string(key)
            hidden_cols.update(range(lo, hi + 1))
    bad_rows = [r for r in hidden_rows if r - 1 < len(grid) and any(v is not None and str(v).strip() for v in grid[r - 1])]
    bad_cols = sorted(c for c in hidden_cols if any(c - 1 < len(g) and g[c - 1] is not None and str(g[c - 1]).strip()
                                                    for g in grid))
    if bad_rows:
        problems.append(Problem(file, bad_rows[0], None, f"hidden row(s) {', '.join(map(str, bad_rows))}",
                                "no hidden rows with data: unhide them (and keep or delete them) so what is read is "
                                "what you see"))
    if bad_cols:
        problems.append(Problem(file, None, ", ".join(_col_letter(c - 1) for c in bad_cols),
                                "hidden column(s) with data",
                                "no hidden columns with data: unhide them (and keep or delete them)"))
    if problems:
        raise DataValidationError(file, problems)
    for rng in ws.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else None
        for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
            for c in range(rng.min_col - 1, rng.max_col):
                while len(grid[r]) <= c:
                    grid[r].append(None)
                grid[r][c] = top
    out = []
    for row in grid:
        out.append([None if (v is None or (isinstance(v, str) and not v.strip())) else v for v in row])
    if not any(any(v is not None for v in r) for r in out):
        raise DataValidationError(file, [Problem(file, None, None, "empty sheet", "a table with a header row and data rows")])
    return out


def _col_letter(c: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(c + 1)


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, (datetime, date)):
        return v.date().isoformat() if isinstance(v, datetime) else v.isoformat()
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        return number_cell_text(v)
    return str(v).strip()


def _norm_text(v: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z]+", " ", str(v).casefold())).strip()


# ------------------------------------------------------------------------------------------- reader

def read_table(path: str | Path, spec: TableSpec, *, decimal: str | None = None, encoding: str | None = None,
               sheet: str | None = None, source_url: str | None = None, label: str | None = None,
               count_unit: str | None = None, code_system: str | None = None) -> ReadResult:
    """Read ``path`` (CSV or XLSX, long or BPS wide) into the canonical columns of ``spec``.

    ``decimal``: ``","`` or ``"."`` to declare the number format (default: detected per file);
    ``encoding``: force a CSV encoding; ``sheet``: XLSX sheet name; ``source_url``: fills ``source_url``
    when the file has no such column. ``label`` names the file in messages (default: the path).

    Returns a :class:`ReadResult`; raises :class:`DataValidationError` when the file cannot be read at all.
    """
    path = Path(path)
    file = label or str(path)
    if decimal not in (None, ",", "."):
        raise DataValidationError(file, [Problem(file, None, None, decimal, "--decimal ',' or '.'")])
    if not path.exists():
        raise DataValidationError(file, [Problem(file, None, None, str(path), "an existing file")])
    fmt = "xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else "csv"
    enc: str | None = None
    field_counts: list[int] | None = None
    xinfo: dict[str, Any] = {}
    try:
        if fmt == "csv":
            grid, enc, field_counts = _read_csv_grid(path, file, encoding)
        else:
            grid = _read_xlsx_grid(path, file, sheet, xinfo)
    except _Fatal:
        fmt = "xlsx"
        grid = _read_xlsx_grid(path, file, sheet, xinfo)
    while grid and not any(v is not None for v in grid[-1]):
        grid.pop()
    width = max((len(r) for r in grid), default=0)
    grid = [list(r) + [None] * (width - len(r)) for r in grid]
    ref = "cell" if fmt == "xlsx" else "field"
    res = ReadResult(file=file, table=spec.name, frame=pd.DataFrame(), layout="", file_format=fmt, encoding=enc,
                     decimal=decimal, sheet=xinfo.get("sheet"))
    formulas = xinfo.get("formulas") or {}
    header_row = _find_long_header(grid, spec)
    if header_row is not None:
        _read_long(grid, header_row, spec, res, field_counts, formulas, code_system)
    elif spec.name in WIDE_LAYOUTS:
        _read_wide(grid, spec, WIDE_LAYOUTS[spec.name], res, ref, path.stem, count_unit)
    else:
        raise DataValidationError(file, [Problem(file, 1, None, _preview(grid),
                                                 f"a header row with the columns of table {spec.name!r}: "
                                                 f"{', '.join(spec.schema.columns)}")])
    _finish(res, spec, decimal, source_url)
    return res


def _data_after_notes(file: str, r: int, cells: list, notes_row: int) -> Problem:
    """The problem reported for a data row (0-based ``r``) found below a footnote/notes row."""
    return Problem(file, r + 1, None, _preview([cells]),
                   f"no data rows after the footnote/notes row {notes_row} (move notes below the data or delete them)")


def _preview(grid: list[list[Any]]) -> str:
    for r in grid:
        vals = [str(v) for v in r if v is not None]
        if vals:
            return ", ".join(vals)[:120]
    return ""


def _header_map(row: list[Any], spec: TableSpec) -> dict[int, str]:
    cols = set(spec.schema.columns)
    out = {}
    for c, v in enumerate(row):
        if v is None:
            continue
        h = str(v).strip().casefold()
        h = re.sub(r"[^0-9a-z]+", "_", h).strip("_")
        if h in cols:
            out[c] = h
        elif COLUMN_ALIASES.get(h) in cols:
            out[c] = COLUMN_ALIASES[h]
        elif h in KEMENDAGRI_CODE_HEADERS and "bps_code" in cols:
            out[c] = "_kemendagri_code"
    return out


def _find_long_header(grid: list[list[Any]], spec: TableSpec) -> int | None:
    for r in range(min(len(grid), 15)):
        m = _header_map(grid[r], spec)
        names = set(m.values())
        if len(m) >= 2 and ("year" in names or len(m) >= 3) and len(m) * 2 >= sum(v is not None for v in grid[r]):
            return r
    return None


def _is_footnote(cells: list[Any]) -> bool:
    texts = list(dict.fromkeys(str(c) for c in cells if c is not None))  # merged cells repeat their text
    if not texts:
        return False
    return bool(_FOOTNOTE_RE.match(texts[0])) and len(texts) <= 2


def _read_long(grid, h, spec: TableSpec, res: ReadResult, field_counts: list[int] | None = None,
               formulas: dict[tuple[int, int], str] | None = None, code_system: str | None = None) -> None:
    res.layout = "long"
    file = res.file
    header = grid[h]
    mapping = _header_map(header, spec)
    code_cols = [c for c, n in mapping.items() if n == "bps_code"]
    if code_system not in (None, "bps", "kemendagri"):
        raise DataValidationError(file, [Problem(file, None, None, code_system, "--code-system bps or kemendagri")])
    if code_system == "kemendagri":
        for c in code_cols:
            mapping[c] = "_kemendagri_code"
    elif code_system is None and "province" not in mapping.values():
        for c in code_cols:
            generic = re.sub(r"[^0-9a-z]+", "_", str(header[c]).strip().casefold()).strip("_") not in ("bps_code", "kode_bps")
            papua = sorted({str(grid[r][c]).strip() for r in range(h + 1, len(grid))
                            if grid[r][c] is not None and str(grid[r][c]).strip() in _PAPUA_CODES})
            if generic and papua:
                res.problems.append(Problem(
                    file, h + 1, str(header[c]), ", ".join(papua),
                    "a stated code system: BPS and Kemendagri codes differ for the Papua provinces (91–97) and the "
                    "file has no province names to cross-check; pass --code-system bps or --code-system kemendagri "
                    "(or name the column bps_code / kemendagri_code, or add a province column)"))
    seen: dict[str, int] = {}
    width = max((c + 1 for c, v in enumerate(header) if v is not None), default=0)
    if field_counts is not None:  # CSV: compare the real number of fields with the header line
        width = max(width, field_counts[h])
        counts = {r: field_counts[r] for r in range(h + 1, len(grid))}
    else:
        counts = {r: max((c + 1 for c, v in enumerate(grid[r]) if v is not None), default=0) for r in range(h + 1, len(grid))}
    too_wide = {r for r, n in counts.items() if n > width and any(v is not None for v in grid[r])}
    for r in sorted(too_wide):
        n = counts[r]
        res.problems.append(Problem(file, r + 1, None, _preview([grid[r]]),
                                    f"{width} fields like the header row, found {n} (a decimal comma in an unquoted "
                                    "cell of a comma-separated file, e.g. 12,5?)"))
    if field_counts is not None:
        named = max((c + 1 for c, v in enumerate(header) if v is not None), default=0)
        for r, n in counts.items():
            if 1 < n < named and r not in too_wide and not _is_footnote(grid[r]):
                too_wide.add(r)  # not read: reported instead
                res.problems.append(Problem(file, r + 1, None, _preview([grid[r]]),
                                            f"{named} fields like the header row: {n} fields, expected {named} "
                                            "(a missing delimiter or a line break inside a cell?)"))
    for c, v in enumerate(header):
        if v is None:
            if c < width and any(grid[r][c] is not None for r in range(h + 1, len(grid))):
                res.problems.append(Problem(file, h + 1, f"column {c + 1}", None, "a column name in the header row"))
            continue
        name = mapping.get(c)
        if name is None:
            res.problems.append(Problem(file, h + 1, str(v), None,
                                        f"no extra columns (not part of table {spec.name!r}; its columns are "
                                        f"{', '.join(spec.schema.columns)})"))
        elif name in seen:
            res.problems.append(Problem(file, h + 1, str(v), None, f"each column once ({name!r} appears twice)"))
            del mapping[c]
        else:
            seen[name] = c
    records: list[dict[str, Any]] = []
    after_footnote: int | None = None
    for r in range(h + 1, len(grid)):
        cells = grid[r]
        if not any(v is not None for v in cells) or r in too_wide:
            continue
        if _is_footnote(cells):
            res.skipped.append(SkippedRow(r + 1, "footnote", str(next(v for v in cells if v is not None))))
            after_footnote = after_footnote or r + 1
            continue
        if after_footnote is not None:
            res.problems.append(_data_after_notes(file, r, cells, after_footnote))
            after_footnote = None
        if spec.name in NO_NATIONAL_ROW:
            label_texts = [str(cells[c]).strip() for c, n in mapping.items()
                           if n in ("province", "bps_code", "_kemendagri_code") and cells[c] is not None]
            if any(t in ("00", "0") or regions.province_code_for_name(t) == "00"
                   or (regions.is_aggregate_name(t) and not t.isdigit()) for t in label_texts):
                res.skipped.append(SkippedRow(r + 1, "national", f"{', '.join(label_texts)}: {NO_NATIONAL_ROW[spec.name]}"))
                continue
        i = len(records)
        rec: dict[str, Any] = {}
        for c, name in mapping.items():
            v = cells[c]
            if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
                res.numeric_cells.add((i, name))
            rec[name] = _text(v) if not isinstance(v, str) else v.strip()
            if formulas and (r, c) in formulas:
                res.formula_cells[(i, name)] = formulas[(r, c)]
            src = f"{_col_letter(c)}{r + 1}" if res.file_format == "xlsx" else None
            if src:
                res.origin_cell[(i, name)] = src
        records.append(rec)
        res.origin_row.append(r + 1)
    have = set(seen) | ({"bps_code"} if "_kemendagri_code" in seen else set())
    for name, col in spec.schema.columns.items():
        # A column that may be empty throughout (e.g. p1/p2 after 2023) may also be left out.
        if name not in have and col.required and not col.nullable and name not in ("bps_code", "province", "source_url", "note"):
            res.problems.append(Problem(file, h + 1, name, None, "the column to be present"))
    if "bps_code" in spec.schema.columns and "bps_code" not in have and "province" not in have:
        res.problems.append(Problem(file, h + 1, "bps_code", None, "the column to be present (or a 'province' column)"))
    if "_kemendagri_code" in seen:
        records = [{**{k: v for k, v in r.items() if k != "_kemendagri_code"},
                    "bps_code": _kemendagri_to_bps(r.get("_kemendagri_code"), res, i)} for i, r in enumerate(records)]
        seen["bps_code"] = seen.pop("_kemendagri_code")
    res.provided = set(seen)
    res.frame = pd.DataFrame.from_records(records, columns=[c for c in spec.schema.columns if c in seen])


def _classify_header_rows(grid, header_rows: list[int], value_cols: list[int]) -> dict[int, str]:
    kinds = {}
    for r in header_rows:
        vals = [grid[r][c] for c in value_cols]
        non_empty = [v for v in vals if v is not None]
        if not non_empty:
            kinds[r] = "title"
        elif len(value_cols) > 1 and len(non_empty) == len(vals) and len({str(v) for v in vals}) == 1:
            kinds[r] = "shared"
        else:
            kinds[r] = "specific"
    return kinds


def _find_months(text: str) -> set[int]:
    found = set()
    for rx, m in _SEMESTER.items():
        if re.search(rx, text):
            found.add(m)
    if found:
        return found
    for w in text.split():
        if w in _MONTHS:
            found.add(_MONTHS[w])
    return found


def _read_wide(grid, spec: TableSpec, layout: WideLayout, res: ReadResult, ref: str, file_name: str = "",
               count_unit: str | None = None) -> None:
    res.layout = "wide"
    file = res.file
    name_years = set(re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", file_name))
    file_year = name_years.pop() if len(name_years) == 1 else None
    data_start = label_col = None
    for r in range(min(len(grid), 40)):
        for c in range(min(3, len(grid[r]))):
            v = grid[r][c]
            if isinstance(v, str) and regions.province_code_for_name(v) is not None \
                    and any(x is not None for x in grid[r][c + 1:]):
                data_start, label_col = r, c
                break
        if data_start is not None:
            break
    if data_start is None:
        raise DataValidationError(file, [Problem(
            file, 1, None, _preview(grid),
            f"either a header row with the columns of {spec.name!r} ({', '.join(spec.schema.columns)}) or a BPS "
            "table with province names (e.g. 'Aceh', 'INDONESIA') in the first column")])
    header_rows = [r for r in range(data_start) if any(v is not None for v in grid[r])]
    width = len(grid[0])
    value_cols = [c for c in range(label_col + 1, width)
                  if any(grid[r][c] is not None for r in range(len(grid)))]
    if not header_rows:
        raise DataValidationError(file, [Problem(file, data_start + 1, None, _preview([grid[data_start]]),
                                                 "header rows naming the indicator and round above the data")])
    kinds = _classify_header_rows(grid, header_rows, value_cols)
    shared_text = " ".join(_norm_text(grid[r][c]) for r in header_rows if kinds[r] in ("shared", "title")
                           for c in range(width) if grid[r][c] is not None)
    # Urban/rural sub-populations: a title naming only one area means the whole table is not province totals.
    title_urban, title_rural = bool(_URBAN.search(shared_text)), bool(_RURAL.search(shared_text))
    col_area: dict[int, str | None] = {}
    for c in value_cols:
        own = _norm_text(" ".join(str(grid[r][c]) for r in header_rows if kinds[r] == "specific" and grid[r][c] is not None))
        u, rr = bool(_URBAN.search(own)), bool(_RURAL.search(own))
        col_area[c] = "total" if (u and rr) or (_TOTAL.search(own) and not _INDICATOR_WORDS.search(own)) else \
            "urban" if u else "rural" if rr else None
    breakdown = any(a in ("urban", "rural") for a in col_area.values())
    has_total = any(a == "total" for a in col_area.values()) or (breakdown and any(a is None for a in col_area.values()))
    single_area = (title_urban != title_rural)
    if breakdown and has_total:
        res.notes.append("the file has urban/rural breakdowns (Perkotaan/Perdesaan); only the total columns "
                         "(Perkotaan+Perdesaan / 'Jumlah' / 'Total') are read")
    # Identify every value column.
    columns: dict[int, dict[str, Any]] = {}
    for c in value_cols:
        parts = [str(grid[r][c]) for r in header_rows if kinds[r] == "specific" and grid[r][c] is not None]
        label = " / ".join(dict.fromkeys(str(grid[r][c]) for r in header_rows if grid[r][c] is not None and (
            kinds[r] == "specific" or (kinds[r] == "shared" and len(str(grid[r][c])) <= 30)))) or "(no header)"
        where = _col_letter(c) if ref == "cell" else str(c + 1)
        spec_text = _norm_text(" ".join(parts))
        hdr_row = header_rows[-1] + 1

        def problem(value, expected, hdr_row=hdr_row, where=where):
            res.problems.append(Problem(file, hdr_row, where, value, expected))

        if not any(grid[r][c] is not None for r in header_rows) and not parts:
            problem(None, "a header naming the indicator and round of this column")
            continue
        info: dict[str, Any] = {"label": label, "where": where}
        if layout.ignore and re.search(layout.ignore, spec_text):
            res.skipped.append(SkippedRow(hdr_row, "other-indicator", f"column {where} '{label}': not part of {spec.name}"))
            continue
        area = col_area[c]
        if area in ("urban", "rural"):
            which = "Perkotaan (urban)" if area == "urban" else "Perdesaan (rural)"
            if has_total:
                res.skipped.append(SkippedRow(hdr_row, "sub-population",
                                              f"column {where} '{label}': {which} only, not read (the total column is)"))
            else:
                problem(label, f"province totals: this column is for {which} areas only and the file has no total "
                               "(Perkotaan+Perdesaan / 'Jumlah') column; download the table for all areas")
            continue
        if single_area and area != "total" and not (breakdown and has_total):
            which = "Perkotaan (urban)" if title_urban else "Perdesaan (rural)"
            problem(label, f"province totals: the table title/header says {which} areas only; "
                           f"{spec.name} holds totals for all areas (Perkotaan+Perdesaan)")
            continue
        # The column's own header names the indicator; only a header that names none (e.g. just "Maret 2026")
        # takes the indicator from the shared header/title above it.
        text = spec_text if _INDICATOR_WORDS.search(spec_text) else shared_text

        def matches(t: str) -> list[str]:
            return [name for name, rx in layout.values.items() if re.search(rx, t)
                    and not (layout.excludes.get(name) and re.search(layout.excludes[name], t))]

        hits = matches(text)
        if not hits and len(layout.values) == 1 and not _INDICATOR_WORDS.search(text):
            hits = list(layout.values)
        if len(hits) != 1:
            why = next((msg for rx, msg in layout.wrong.items() if re.search(rx, text)), None) if not hits else None
            if why:
                problem(label, f"a column of {spec.name} ({', '.join(layout.values)}); this header is {why}")
            else:
                problem(label, f"a header naming exactly one indicator of {', '.join(layout.values)}"
                        + (f" (found {', '.join(hits)})" if hits else ""))
            continue
        info["column"] = hits[0]
        if hits[0] in layout.counts:
            unit_text = _norm_text(" ".join(str(grid[r][c]) for r in header_rows if grid[r][c] is not None))
            unit, word = count_unit_of(unit_text)
            if unit is None and count_unit is not None:
                unit, word = count_unit, f"--unit {count_unit}"
            elif unit is not None and count_unit is not None and unit != count_unit:
                problem(label, f"--unit {count_unit} to agree with the header, which gives '{word}' ({unit})")
                continue
            if unit is None:
                problem(label, f"a unit for {hits[0]} in the header: '(Ribu Jiwa)' (thousands), '(Jiwa)'/'(Orang)' "
                               "(persons) or '(Juta)' (millions); this header gives none — fix the header or pass "
                               "--unit thousand|persons|million")
                continue
            info["scale"] = COUNT_UNITS[unit]
            if unit != "thousand":
                msg = (f"column {where} '{label}': {hits[0]} given in {unit} ('{word}'); "
                       + ("divided by 1,000" if unit == "persons" else "multiplied by 1,000"))
                res.notes.append(msg)
        years = set(re.findall(r"\b((?:19|20)\d{2})\b", spec_text)) or set(re.findall(r"\b((?:19|20)\d{2})\b", shared_text))
        if not years and file_year:
            years = {file_year}
            if f"year {file_year} taken from the file name" not in res.notes:
                res.notes.append(f"year {file_year} taken from the file name")
        if len(years) != 1:
            problem(label, "a header with exactly one year (e.g. 2025)" + (f"; found {sorted(years)}" if years else ""))
            continue
        info["year"] = years.pop()
        if "month" in layout.keys:
            months = _find_months(spec_text) or _find_months(shared_text)
            if len(months) != 1:
                problem(label, "a header naming the round: 'Maret'/'Semester 1' (3) or 'September'/'Semester 2' (9)")
                continue
            month = months.pop()
            if layout.months and month not in layout.months:
                problem(label, f"a BPS poverty round month: Maret (3) or September (9); found month {month}")
                continue
            info["month"] = str(month)
        columns[c] = info
    # A round BPS has not released yet is printed as a column of '…': drop such columns (reported).
    data_rows = [r for r in range(data_start, len(grid)) if isinstance(grid[r][label_col], str)
                 and regions.province_code_for_name(grid[r][label_col]) is not None]
    for c in list(columns):
        cells = [grid[r][c] for r in data_rows]
        if all(v is None or (isinstance(v, str) and v.strip() in MISSING_SYMBOLS) for v in cells):
            res.skipped.append(SkippedRow(header_rows[-1] + 1, "empty-column",
                                          f"column {columns[c]['where']} '{columns[c]['label']}': no values, not read"))
            del columns[c]
    for c in list(columns):
        if columns[c]["year"] == "2023" and columns[c].get("month") == "9":
            res.problems.append(Problem(file, header_rows[-1] + 1, columns[c]["where"], columns[c]["label"],
                                        "no September 2023 column: BPS did not compute poverty for September 2023 "
                                        "(delete the column)"))
            del columns[c]
    # Data rows.
    records: dict[tuple, dict[str, Any]] = {}
    first_row_of: dict[str, tuple[int, str]] = {}
    order: list[tuple] = []
    position: dict[tuple, int] = {}
    after_footnote: int | None = None
    for r in range(data_start, len(grid)):
        cells = grid[r]
        if not any(v is not None for v in cells):
            continue
        name = cells[label_col]
        values = [cells[c] for c in value_cols]
        merged_text = name is not None and all(v is None or v == name for v in values)
        if _is_footnote(cells) or (merged_text and not (isinstance(name, str) and regions.province_code_for_name(name))):
            res.skipped.append(SkippedRow(r + 1, "footnote", str(next(v for v in cells if v is not None))))
            after_footnote = after_footnote or r + 1
            continue
        if after_footnote is not None:
            res.problems.append(_data_after_notes(file, r, cells, after_footnote))
            after_footnote = None
        if name is None:
            res.problems.append(Problem(file, r + 1, f"{_col_letter(label_col) if ref == 'cell' else label_col + 1} (province)",
                                        None, "a province name"))
            continue
        code = regions.province_code_for_name(name)
        if code is None:
            if regions.is_aggregate_name(name):
                res.skipped.append(SkippedRow(r + 1, "aggregate", str(name)))
                continue
            res.problems.append(regions.unknown_name_problem(name, file=file, row=r + 1,
                                                             column=f"{_col_letter(label_col) if ref == 'cell' else label_col + 1} (province)"))
            continue
        if columns and all(cells[c] is None or (isinstance(cells[c], str) and cells[c].strip() in MISSING_SYMBOLS)
                           for c in columns):
            # e.g. the provinces created in 2022 in a 2023 table: '…' everywhere because they did not exist yet
            res.skipped.append(SkippedRow(r + 1, "no-values", f"{name}: every value missing, row not read"))
            continue
        if code == "00" and spec.name in NO_NATIONAL_ROW:
            res.skipped.append(SkippedRow(r + 1, "national", f"{name}: {NO_NATIONAL_ROW[spec.name]}"))
            continue
        if code in first_row_of:
            r0, name0 = first_row_of[code]
            rounds = ", ".join(dict.fromkeys(
                f"{_MONTH_NAMES.get(info.get('month'), '')} {info['year']}".strip() for info in columns.values()))
            res.problems.append(Problem(file, r + 1, f"{_col_letter(label_col) if ref == 'cell' else label_col + 1} (province)",
                                        str(name), f"each province once: {regions.province_name(code)} (bps_code {code}) "
                                        f"is row {r0} ('{name0}') and row {r + 1} ('{name}') for {rounds}; delete one"))
            continue
        first_row_of[code] = (r + 1, str(name))
        for c, info in columns.items():
            key = (code, info["year"], info.get("month"), r)
            if key not in records:
                rec = {"bps_code": code, "province": regions.province_name(code), "year": info["year"]}
                if "month" in layout.keys:
                    rec["month"] = info["month"]
                records[key] = rec
                position[key] = len(order)
                order.append(key)
                res.origin_row.append(r + 1)
            i = position[key]
            col = info["column"]
            if col in records[key]:
                res.problems.append(Problem(file, r + 1, info["where"], info["label"],
                                            f"one column per indicator and round ({col} {info['year']} appears twice)"))
                continue
            v = cells[c]
            if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
                res.numeric_cells.add((i, col))
            records[key][col] = _text(v)
            if info.get("scale", 1.0) != 1.0:
                res.scale[(i, col)] = info["scale"]
            cell = f"{_col_letter(c)}{r + 1}" if ref == "cell" else f"field {info['where']}"
            res.origin_cell[(i, col)] = f"{cell} under '{info['label']}'"
    if not columns and not res.problems:
        res.problems.append(Problem(file, None, None, None, "at least one recognisable value column"))
    cols = [c for c in spec.schema.columns if c not in ("source_url", "note")]
    res.provided = {"bps_code", "province", *layout.keys, *(info["column"] for info in columns.values())}
    res.frame = pd.DataFrame.from_records([records[k] for k in order], columns=cols)


def _finish(res: ReadResult, spec: TableSpec, decimal: str | None, source_url: str | None) -> None:
    """Regions, numbers, missing symbols, derived columns; fills ``res.frame`` in canonical order."""
    file = res.file
    df = res.frame
    if df.empty and not res.problems:
        res.problems.append(Problem(file, None, None, "no data rows", "at least one data row below the header"))
    schema_cols = spec.schema.columns
    numeric = [c for c, col in schema_cols.items() if str(col.dtype) in ("int64", "Int64", "float64") and c in df.columns]
    # Missing symbols (numeric columns and region columns).
    for c in numeric:
        for i, v in df[c].items():
            if isinstance(v, str) and v.strip() in MISSING_SYMBOLS:
                sym = v.strip()
                res.missing.append(MissingCell(i, res.row_of(i), c, sym, MISSING_SYMBOLS[sym]))
                if not schema_cols[c].nullable:
                    res.cell_problem(i, c, sym,
                                                f"a value ({MISSING_SYMBOLS[sym]} is not allowed here)")
                df.at[i, c] = None
    # Footnote markers on values: "12,34*" → "12,34" (noted).
    for c in numeric:
        for i, v in df[c].items():
            if isinstance(v, str):
                s = v.strip().replace("\u2212", "-").rstrip("%").strip()  # U+2212 minus sign
                if s.endswith("*"):
                    s = s.rstrip("*").strip()
                    res.missing.append(MissingCell(i, res.row_of(i), c, "*", "marked '*' in source (provisional/footnote)"))
                df.at[i, c] = s
    # Decide the number format once for the whole file.
    value_cols = [c for c in numeric if c not in INTEGER_KEYS]
    texts = [(v, (i, c)) for c in value_cols for i, v in df[c].items()
             if isinstance(v, str) and (i, c) not in res.numeric_cells]
    found, ids, ens, amb = detect_decimal(texts)
    use = decimal
    if decimal is None:
        if found is None and ids and ens:
            (t1, (i1, c1)), (t2, (i2, c2)) = ids[0], ens[0]
            res.problems.append(Problem(
                file, res.row_of(i2), res.where(i2, c2), t2,
                f"one number format per file: row {res.row_of(i1)} {res.where(i1, c1)} has {t1!r} (Indonesian, "
                f"decimal comma) but this cell is English (decimal point); fix the file or give --decimal"))
            use = None
        elif found is None and amb:
            t, (i, c) = amb[0]
            res.problems.append(Problem(
                file, res.row_of(i), res.where(i, c), t,
                "an unambiguous number format: every number in this file could be read with a decimal comma or "
                "a decimal point; re-run with --decimal ',' (Indonesian 1.234,56) or --decimal '.' (English 1,234.56)"))
            use = None
        else:
            use = found if found in (",", ".") else "."
    res.decimal = use if use in (",", ".") else res.decimal
    for c in numeric:
        strict = c in INTEGER_KEYS
        for i, v in df[c].items():
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            s = str(v)
            if (i, c) in res.numeric_cells:
                continue
            if strict:
                m = re.fullmatch(r"[+]?(\d+)(?:\.0+)?", s)
                if m:
                    df.at[i, c] = m.group(1)
                else:
                    res.cell_problem(i, c, s, "a whole number")
                    df.at[i, c] = None
                continue
            if use is None:
                res.bad_cells.add((i, c))
                df.at[i, c] = None
                continue
            canon = parse_number_text(s, use)
            if canon is None:
                fmt = "decimal comma, e.g. 1.234,56" if use == "," else "decimal point, e.g. 1,234.56"
                declared = "declared with --decimal" if decimal else "detected for this file"
                res.cell_problem(i, c, s,
                                            f"a number in the format {declared} ({fmt})")
                df.at[i, c] = None
            else:
                df.at[i, c] = canon
    # Counts given in persons or millions: converted to thousands (the header's unit is reported in notes).
    for (i, c), factor in res.scale.items():
        v = df.at[i, c] if c in df.columns else None
        if v is None or (i, c) in res.bad_cells or (isinstance(v, float) and np.isnan(v)):
            continue
        try:
            df.at[i, c] = number_cell_text(round(float(v) * factor, 6))
        except ValueError:
            pass
    # Region columns: codes and names.
    if "bps_code" in schema_cols:
        valid = regions.known_codes("bps")
        has_code = "bps_code" in df.columns
        has_name = "province" in df.columns
        codes, names = [], []
        for i in range(len(df)):
            code = None
            if has_code and (i, "bps_code") in res.bad_cells:
                pass  # already reported (e.g. an unknown Kemendagri code)
            elif has_code:
                raw = df.at[i, "bps_code"]
                if (i, "bps_code") in res.numeric_cells:
                    raw = float(raw)
                code, problem = regions.code_problem(raw, width=2, valid=valid)
                if problem:
                    res.cell_problem(i, "bps_code", df.at[i, "bps_code"], problem)
            name = df.at[i, "province"] if has_name else None
            if has_name and name is not None:
                by_name = regions.province_code_for_name(name)
                if by_name is None:
                    res.problems.append(regions.unknown_name_problem(name, file=file, row=res.row_of(i),
                                                                     column=res.where(i, "province")))
                elif code is None and not has_code:
                    code = by_name
                elif code is not None and by_name != code:
                    res.cell_problem(i, "province", name,
                                                f"the province of bps_code {code!r} ({regions.province_name(code)})")
            codes.append(code)
            names.append(regions.province_name(code) if code else name)
            if code is None:
                res.bad_cells.update({(i, "bps_code"), (i, "province")})
        df["bps_code"] = codes
        if "province" in schema_cols:
            df["province"] = names
    if "source_url" in schema_cols:
        if "source_url" not in df.columns or df["source_url"].isna().all():
            df["source_url"] = source_url
        elif source_url:
            df["source_url"] = df["source_url"].fillna(source_url)
    for c, col in schema_cols.items():
        if c not in df.columns and col.required and col.nullable:
            df[c] = None
    res.frame = df[[c for c in schema_cols if c in df.columns]].reset_index(drop=True)
