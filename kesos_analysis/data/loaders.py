"""Read raw tables (checksum-verified, validated, typed) and the processed parquet built from them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataValidationError, KesosError, Problem
from ..io import atomic_path, atomic_write_text
from . import datapackage
from .schemas import TABLES, get_spec
from .validation import validate_frame

BUILD_INFO = "build_info.json"


def read_csv_text(path: Path) -> pd.DataFrame:
    """Read a canonical raw CSV (UTF-8, header row, ``.`` decimals) with every cell as text.

    Empty cells become NaN; nothing else is treated as missing (``NA`` stays the text ``"NA"`` and fails
    validation where a number is expected). Raises :class:`DataValidationError` if the file is not UTF-8,
    is empty, has duplicate or empty header names, or has rows with the wrong number of fields (every such
    row is named; a decimal comma in an unquoted cell typically adds a field).
    """
    label = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataValidationError(label, [Problem(label, None, None, f"byte 0x{exc.object[exc.start]:02x} at offset {exc.start}",
                                                  "UTF-8 text (convert the file, or use `kesos data add`, which reads cp1252)")]) from None
    text = text.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows = [r for r in rows if r]  # blank lines
    if not rows:
        raise DataValidationError(label, [Problem(label, None, None, "empty file", "a CSV table with a header row")])
    header, body = rows[0], rows[1:]
    problems = []
    seen = set()
    for name in header:
        if not name.strip() or name in seen:
            problems.append(Problem(label, 1, name, name, "unique, non-empty column names in the header row"))
        seen.add(name)
    for i, r in enumerate(body):
        if len(r) != len(header):
            problems.append(Problem(label, i + 2, None, ",".join(r)[:120],
                                    f"{len(header)} fields like the header, found {len(r)} (a decimal comma or an unquoted comma?)"))
    if problems:
        raise DataValidationError(label, problems)
    df = pd.DataFrame(body, columns=header, dtype=object)
    return df.where(df != "", other=np.nan)


def load_raw(name: str, raw_dir: Path | None = None, verify: bool = True) -> pd.DataFrame:
    """Load raw table ``name`` from ``data/raw`` as a validated, typed DataFrame.

    Columns and units are those of the table's schema (:mod:`kesos_analysis.data.schemas`). With
    ``verify`` the file's sha256 must match ``datapackage.json``.

    Raises :class:`~kesos_analysis.errors.UnknownTableError`, :class:`ChecksumMismatchError`,
    :class:`DataValidationError` (every problem, naming file, row, column, value, expectation).
    """
    spec = get_spec(name)
    raw_dir = raw_dir or config.data_raw()
    if verify:
        datapackage.verify_file(spec, raw_dir)
    path = raw_dir / spec.path
    return validate_frame(read_csv_text(path), spec, str(path))


def check_region_codes(tables: dict[str, pd.DataFrame]) -> None:
    """Cross-table check: every ``bps_code`` used is a province in ``provinces`` or ``"00"`` (Indonesia).

    Raises :class:`DataValidationError` naming the table, row and code.
    """
    known = set(tables["provinces"]["bps_code"]) | {"00"}
    problems = []
    for name, df in tables.items():
        if "bps_code" not in df.columns or name == "provinces":
            continue
        bad = ~df["bps_code"].isin(known)
        for idx in df.index[bad]:
            problems.append(Problem(TABLES[name].path, int(idx) + 2, "bps_code", df.at[idx, "bps_code"],
                                    "a BPS province code listed in regions/provinces.csv, or '00'"))
    if problems:
        raise DataValidationError("data/raw (region codes)", problems)


def build_processed(raw_dir: Path | None = None, out_dir: Path | None = None) -> dict[str, Path]:
    """Validate every raw table and write ``data/processed/<name>.parquet`` plus ``build_info.json``.

    All tables are validated before anything is written; each file is then written atomically, so a
    failure leaves ``data/processed`` as it was. Returns ``{table name: parquet path}``.
    """
    raw_dir = raw_dir or config.data_raw()
    out_dir = out_dir or config.data_processed()
    hashes = datapackage.verify_all(raw_dir)
    tables = {name: load_raw(name, raw_dir, verify=False) for name in TABLES}
    check_region_codes(tables)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, df in tables.items():
        target = out_dir / f"{name}.parquet"
        with atomic_path(target) as tmp:
            df.to_parquet(tmp, index=False)
        written[name] = target
    info = {"raw_sha256": hashes, "tables": sorted(written)}
    atomic_write_text(out_dir / BUILD_INFO, json.dumps(info, indent=2, sort_keys=True) + "\n")
    return written


def _processed_fresh(name: str, raw_dir: Path, out_dir: Path) -> bool:
    info_path = out_dir / BUILD_INFO
    target = out_dir / f"{name}.parquet"
    if not (info_path.exists() and target.exists()):
        return False
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
        spec = get_spec(name)
        recorded = info["raw_sha256"][spec.path]
        current = datapackage.resource(datapackage.read_descriptor(raw_dir), name)["hash"].removeprefix("sha256:")
    except (KeyError, json.JSONDecodeError, KesosError):
        return False
    return recorded == current


def load(name: str, raw_dir: Path | None = None, out_dir: Path | None = None) -> pd.DataFrame:
    """Load table ``name`` for analysis: the processed parquet if it is up to date with raw, else raw.

    Never writes. Same columns and dtypes either way (region codes as ``str``).
    """
    raw_dir = raw_dir or config.data_raw()
    out_dir = out_dir or config.data_processed()
    if _processed_fresh(name, raw_dir, out_dir):
        df = pd.read_parquet(out_dir / f"{name}.parquet")
        for col in df.columns[df.dtypes == object]:  # noqa: E721 - pandas dtype comparison, not a type check
            df[col] = df[col].where(df[col].notna(), np.nan)  # parquet gives None; raw gives NaN
        return df
    return load_raw(name, raw_dir)
