"""Bytes to text (UTF-8, UTF-8 with BOM, cp1252) and CSV text to a grid of cells."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from ...errors import DataValidationError, Problem
from .result import _Fatal

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
