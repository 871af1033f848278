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

from .encodings import decode_bytes
from .grid import KEMENDAGRI_CODE_HEADERS
from .long import _kemendagri_to_bps  # noqa: F401  (kept importable)
from .numbers import INTEGER_KEYS, classify_number, detect_decimal, number_cell_text, parse_number, parse_number_text
from .result import MissingCell, ReadResult, SkippedRow
from .symbols import COLUMN_ALIASES, MISSING_SYMBOLS, NO_NATIONAL_ROW
from .table import read_table
from .wide import COUNT_UNITS, WIDE_LAYOUTS, WideLayout, count_unit_of

__all__ = [
    "COLUMN_ALIASES", "COUNT_UNITS", "INTEGER_KEYS", "KEMENDAGRI_CODE_HEADERS", "MISSING_SYMBOLS", "NO_NATIONAL_ROW",
    "WIDE_LAYOUTS", "MissingCell", "ReadResult", "SkippedRow", "WideLayout", "classify_number", "count_unit_of",
    "decode_bytes", "detect_decimal", "number_cell_text", "parse_number", "parse_number_text", "read_table",
]
