"""Validate a received file and add it as a new release of a raw table (``kesos data validate`` / ``add``).

``kesos data add`` is the only sanctioned writer of ``data/raw``. It

1. refuses to start if ``data/raw`` does not match ``datapackage.json`` (and first rolls back an add that
   was interrupted half-way, see below);
2. reads the file with :func:`~kesos_analysis.data.readers.read_table` (CSV/XLSX, long or BPS wide,
   Indonesian or English numbers, missing-value symbols) and validates it: reader problems and schema
   problems are reported together, each with file, row, column, value and what was expected;
3. compares it with the table on disk by primary key: rows with new keys are appended; rows whose key
   exists with the same values are ignored (so re-adding a release is a no-op and writes nothing); a
   different value for an existing key is an error unless ``replace=True``, and then the old values are
   kept in the history;
4. validates the merged table as a whole, then writes the table and ``datapackage.json`` (sha256, bytes
   and, in the resource's ``x-kesos.history``, one entry per release: date added, source, note, file
   name and sha256, rows added, replaced values).

Existing lines of the raw CSV are kept byte for byte; new rows are appended in the file's column order.

Atomicity: both files are first written completely to temporary files beside their targets. The commit
(two ``os.replace`` calls) runs with SIGINT/SIGTERM deferred, after copies of the old files and a journal
have been written to ``data/raw/.kesos-add-pending/``. Any exception rolls back at once; after a hard
kill the next ``kesos data add`` / ``verify`` / ``build`` restores the old files
(:func:`recover_interrupted_add`). ``data/processed`` is never touched (``kesos data build`` rebuilds it;
until then :func:`~kesos_analysis.data.loaders.load` reads the new raw table because the processed copy
no longer matches its hash).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataValidationError, KesosError, Problem, dedupe_problems
from ..io import sha256_file
from . import datapackage, plausibility, privacy, transaction
from .readers import COUNT_UNITS, ReadResult, read_table
from .schemas import ROSTER_TABLES, TableSpec, get_any_spec
from .transaction import PENDING_DIR, recover_interrupted_add  # noqa: F401  (public here too)
from .validation import validate_frame

#: Columns that describe a row rather than measure something; differences there are not conflicts.
META_COLUMNS = frozenset({"source_url", "note", "province"})

#: Placeholder source of a file validated without ``--source`` (``.invalid`` is reserved, RFC 2606); never stored.
_VALIDATE_ONLY_SOURCE = "https://source-to-be-given-with-source.invalid/"

#: Largest input read without ``max_bytes`` raised (``--max-mb`` on the command line): 50 MB. The reader
#: holds the whole grid in memory (about 20× the file size) and checks every cell; the largest real BPS/
#: Kemensos tables are well under 1 MB. Measured throughput: ``benchmarks/bench_data.py``.
MAX_INPUT_BYTES = 50 * 1024 * 1024
#: Inputs at least this large report their progress on stderr (never into reports).
PROGRESS_BYTES = 5 * 1024 * 1024


def _progress(label: str, size: int, message: str) -> None:
    if size >= PROGRESS_BYTES:
        import sys
        import time

        print(f"[{time.strftime('%H:%M:%S')}] {label}: {message}", file=sys.stderr, flush=True)


def _size_problem(path: Path, label: str, max_bytes: int | None) -> Problem | None:
    limit = MAX_INPUT_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size if path.is_file() else 0
    if size <= limit:
        return None
    return Problem(label, None, None, f"{size / 1e6:,.1f} MB",
                   f"a file of at most {limit / 1e6:,.0f} MB (the size limit of `kesos data validate/add`, see "
                   "docs/ingest.md): a release table is far smaller — is this the right file? To read it anyway "
                   f"pass --max-mb {int(size / 1e6) + 1} (it is then read in one pass, with progress on stderr)")


@dataclass
class ValidatedFile:
    """A file read and validated against a table: ``frame`` is typed (schema dtypes), ``read`` keeps the
    canonical text, source rows and the missing-value report."""

    spec: TableSpec
    read: ReadResult
    frame: pd.DataFrame

    def summary(self) -> str:
        """One paragraph describing what was read (for the CLI)."""
        r = self.read
        parts = [f"{r.file}: {len(self.frame)} valid rows for table {self.spec.name!r}",
                 f"({r.file_format.upper()}" + (f", sheet {r.sheet!r}" if r.sheet else "") + f", {r.layout} layout"
                 + (f", encoding {r.encoding}" if r.encoding else "")
                 + (f", decimal mark {r.decimal!r}" if r.decimal else "") + ")"]
        text = " ".join(parts)
        if r.missing:
            kinds: dict[str, int] = {}
            for m in r.missing:
                kinds[m.meaning] = kinds.get(m.meaning, 0) + 1
            text += "\n  missing cells: " + "; ".join(f"{n} × {k}" for k, n in kinds.items())
        for note in r.notes:
            text += f"\n  note: {note}"
        skipped = [s for s in r.skipped]
        if skipped:
            text += "\n  not read:" + "".join(f"\n    row {s.row} ({s.kind}): {s.text[:160]}" for s in skipped[:12])
            if len(skipped) > 12:
                text += f"\n    … {len(skipped) - 12} more"
        return text


@dataclass
class AddResult:
    """Outcome of :func:`add_file`: ``status`` is ``"added"``, ``"replaced"``, ``"unchanged"`` or (dry run)
    ``"valid"``."""

    status: str
    table: str
    path: Path
    rows_added: int = 0
    rows_replaced: int = 0
    rows_unchanged: int = 0
    history_entry: dict[str, Any] = field(default_factory=dict)
    #: Stored values kept because the new release has a missing-value symbol there (``"row R, column: '…'"``).
    kept: list[str] = field(default_factory=list)
    #: What the reader did not read (national rows, footnotes, …) and which sheet it read: from the summary.
    summary: str = ""


# ------------------------------------------------------------------------------------- validation

def _remap(problem: Problem, res: ReadResult, label: str) -> Problem | None:
    """Translate a problem of ``validate_frame`` (frame rows) into source rows and cells."""
    i = problem.row - 2 if problem.row is not None else None
    column = problem.column
    if i is not None and column is not None and (i, column) in res.bad_cells:
        return None  # already reported by the reader with the original text
    if i is not None and column is not None and column in res.frame.columns:
        if (i, column) in res.numeric_cells or res.origin_cell.get((i, column)):
            column = res.where(i, column)
    row = res.row_of(i) if i is not None else None
    return Problem(label, row, column, problem.value, problem.expected)


def validate_file(path: str | Path, table: str, *, decimal: str | None = None, encoding: str | None = None,
                  sheet: str | None = None, source_url: str | None = None, label: str | None = None,
                  require_source: bool = False, unit: str | None = None, code_system: str | None = None,
                  raw_dir: Path | None = None, max_bytes: int | None = None) -> ValidatedFile:
    """Read ``path`` and validate it as table ``table``; report every problem at once.

    Rosters (``staff_roster``) also get NIK checks (Excel-mangled NIKs refused with rows named); the
    personal columns are checked but never echoed in full. Raises :class:`DataValidationError` (problems
    sorted by row) or :class:`~kesos_analysis.errors.UnknownTableError`.
    """
    spec = get_any_spec(table)
    label = label or str(path)
    if Path(path).is_dir():
        raise DataValidationError(label, [Problem(label, None, None, f"{path} is a folder",
                                                  "a CSV or XLSX file (give the file, not the folder)")])
    if unit is not None and unit not in COUNT_UNITS:
        raise DataValidationError(label, [Problem(label, None, "--unit", unit, f"one of {', '.join(COUNT_UNITS)}")])
    too_big = _size_problem(Path(path), label, max_bytes)
    if too_big:
        raise DataValidationError(label, [too_big])
    size = Path(path).stat().st_size if Path(path).is_file() else 0
    _progress(label, size, f"reading {size / 1e6:,.1f} MB")
    res = read_table(path, spec, decimal=decimal, encoding=encoding, sheet=sheet, source_url=source_url, label=label,
                     count_unit=unit, code_system=code_system)
    problems = list(res.problems)
    if unit is not None and res.layout == "long":
        problems.append(Problem(label, None, "--unit", unit,
                                "no --unit for a file with the table's own columns (their names give the unit, e.g. "
                                "poor_thousand is in thousands); convert the values instead"))
    _progress(label, size, f"read {len(res.frame):,} rows ({res.layout} layout); validating")
    frame = res.frame.copy()
    for name, col in spec.schema.columns.items():
        if col.required and name not in frame.columns and name not in ("source_url", "note"):
            frame[name] = None  # reported by the reader as a missing column; not again per row
            res.bad_cells.update((i, name) for i in range(len(frame)))
    if "source_url" in spec.schema.columns:
        if "source_url" not in frame.columns or frame["source_url"].isna().all():
            if require_source and len(frame):
                problems.append(Problem(label, None, "source_url", None,
                                        "a source for the release: a 'source_url' column or --source URL"))
            frame["source_url"] = _VALIDATE_ONLY_SOURCE
    # The meaning of a source's "not set" 0 goes to the note (as `add` stores it), so the rule "an empty
    # UMP only with that note" holds for the validated frame too.
    zero_notes = {m.frame_row: f"{m.column}: {m.meaning}" for m in res.missing if m.symbol == "0"}
    if zero_notes and "note" in frame.columns:
        for i, text in zero_notes.items():
            old = frame.at[i, "note"]
            frame.at[i, "note"] = f"{old}; {text}" if isinstance(old, str) and old else text
    if spec.name in ROSTER_TABLES:
        nik_probs = privacy.roster_problems(frame, file=label, rows=res.origin_row, numeric_cells=res.numeric_cells,
                                            cells={i: res.where(i, "nik") for i in range(len(frame))},
                                            nip_cells={i: res.where(i, "nip") for i in range(len(frame))})
        problems.extend(nik_probs)
        for (i, col), formula in sorted(res.formula_cells.items()):
            if col in ("nik", "nip"):
                kind = col.upper()
                problems.append(Problem(label, res.row_of(i), res.where(i, col), formula,
                                        f"{kind} typed as text, not a formula: this cell computes the {kind} (a formula "
                                        f"may have rounded it and hides its origin); paste the {kind} as a Text value"))
        for col in privacy.PERSONAL_COLUMNS:
            if col in frame.columns:
                res.bad_cells.update((i, col) for i in range(len(frame)))
    typed = None
    try:
        typed = validate_frame(frame, spec, label)
    except DataValidationError as exc:
        row_level = {chk.error for chk in spec.schema.checks if chk.error}
        bad_rows = {i for i, c in res.bad_cells if c not in privacy.PERSONAL_COLUMNS}
        for p in exc.problems:
            if p.expected in row_level and p.row is not None and p.row - 2 in bad_rows:
                continue  # a whole-row check failing because a cell of the row was already refused
            q = _remap(p, res, label)
            if q is not None:
                problems.append(q)
    if typed is not None and not problems:
        vf0 = ValidatedFile(spec, res, typed)
        if spec.name not in ROSTER_TABLES:
            problems.extend(_nik_problems(vf0, label))
        _progress(label, size, f"read {len(typed):,} rows; checking plausibility")
        raw = Path(raw_dir) if raw_dir else config.data_raw()
        problems.extend(plausibility.problems(spec.name, typed, res, raw, label))
    if problems:
        problems = _merge_key_problems(dedupe_problems(problems), spec)
        problems.sort(key=lambda p: (p.row if p.row is not None else 0, str(p.column or "")))
        raise DataValidationError(label, problems)
    assert typed is not None
    return ValidatedFile(spec, res, typed)


def _merge_key_problems(problems: list[Problem], spec: TableSpec) -> list[Problem]:
    """One problem per duplicated row (pandera reports each key column separately)."""
    dup = "a unique key (duplicate row)"
    # A row already refused for its key (e.g. a missing or unknown province code) is not also a duplicate.
    key_cols = set(spec.primary_key) | {"province"}
    refused = {p.row for p in problems if p.expected != dup and p.row is not None
               and str(p.column or "").split(" [")[0].split(" (")[0] in key_cols}
    problems = [p for p in problems if not (p.expected == dup and p.row in refused)]
    row_level = {chk.error for chk in spec.schema.checks if chk.error}
    # A cell already reported with its value: drop the follow-up "empty"/dtype complaints about it.
    valued = {(p.row, p.column) for p in problems if p.value is not None and p.row is not None}
    problems = [p for p in problems if not (p.value is None and (p.row, p.column) in valued)]
    merged_checks: dict[tuple, Problem] = {}
    kept: list[Problem] = []
    cell_cols: dict[Any, set[str]] = {}
    for p in problems:
        if p.expected not in row_level and p.row is not None and p.column:
            cell_cols.setdefault(p.row, set()).add(str(p.column).split(" [")[0])
    for p in problems:
        if p.expected in row_level and any(c in p.expected for c in cell_cols.get(p.row, ())):
            continue  # a consequence of a cell already reported in this row (e.g. an unreadable UMP)
        if p.expected in row_level:
            k = (p.row, p.expected)
            if k not in merged_checks:
                merged_checks[k] = Problem(p.file, p.row, None, "(whole row)", p.expected)
                kept.append(merged_checks[k])
            continue
        kept.append(p)
    problems = kept
    out: list[Problem] = []
    by_row: dict[Any, list[Problem]] = {}
    for p in problems:
        if p.expected == dup:
            if p.row not in by_row:
                by_row[p.row] = []
                out.append(p)  # placeholder, replaced below
            by_row[p.row].append(p)
        else:
            out.append(p)
    result = []
    for p in out:
        if p.expected == dup:
            group = by_row[p.row]
            cols = [str(q.column).split(" [")[0] for q in group]
            result.append(Problem(p.file, p.row, ", ".join(cols), tuple(q.value for q in group),
                                  f"a unique key ({', '.join(spec.primary_key or cols)}): duplicate row"))
        else:
            result.append(p)
    return result


def _num(v: Any) -> str:
    return np.format_float_positional(float(v), trim="-")


def _nik_problems(vf: ValidatedFile, label: str) -> list[Problem]:
    """Every cell of a (non-roster) file that contains a NIK, a NIP or another 16–18-digit identifier-like
    number (value masked): personal data never reaches data/raw."""
    problems = []
    text = vf.read.frame
    for col in text.columns:
        for i, v in text[col].items():
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            found = privacy.identifier_problem(str(v))
            if found:
                problems.append(Problem(label, vf.read.row_of(i), vf.read.where(i, col), found[0], found[1]))
    return problems


def _option_problems(label: str, source: str | None, note: str | None) -> list[Problem]:
    """Problems of ``--source`` (an http(s) address, several separated by `` | ``) and ``--note`` (no NIK/NIP,
    no formula-like text: both are stored in datapackage.json)."""
    import re

    from .readers.symbols import FORMULA_EXPECTED, formula_like
    from .schemas import SOURCE_URLS_RE

    problems = _option_nik_problems(label, source=source, note=note)
    if source is not None and not re.match(SOURCE_URLS_RE, source.strip()):
        problems.append(Problem(label, None, "--source", source,
                                "a source address starting with http:// or https:// (several separated by ' | ')"))
    if note is not None and formula_like(note):
        problems.append(Problem(label, None, "--note", note, FORMULA_EXPECTED))
    return problems


def _option_nik_problems(label: str, **options: str | None) -> list[Problem]:
    problems = []
    for name, value in options.items():
        found = privacy.identifier_problem(value) if value else None
        if found:
            kind = "NIP" if "NIP" in found[1] else "NIK"
            problems.append(Problem(label, None, f"--{name}", found[0],
                                    f"no {kind} or other personal ID number in --{name}: it is stored in "
                                    "datapackage.json"))
    return problems


# ------------------------------------------------------------------------------------- merging

def _key_tuple(rec: dict[str, Any], key: tuple[str, ...]) -> tuple:
    out = []
    for k in key:
        v = rec[k]
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            out.append(None)
        elif isinstance(v, (int, np.integer)) or (isinstance(v, float) and float(v).is_integer()):
            out.append(str(int(v)))
        else:
            out.append(str(v))
    return tuple(out)


def _same(a: Any, b: Any) -> bool:
    na, nb = pd.isna(a), pd.isna(b)
    if na or nb:
        return bool(na and nb)
    if isinstance(a, (int, float, np.integer, np.floating)) and isinstance(b, (int, float, np.integer, np.floating)):
        return bool(np.isclose(float(a), float(b), rtol=0, atol=1e-9))
    return str(a) == str(b)


def _plain(v: Any) -> Any:
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    return v


def _csv_records(text: str) -> tuple[list[str], list[list[str]], list[tuple[int, int]], list[str]]:
    """Header, records, (first line, end line) of each record, and the physical lines of a CSV text."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(iter(lines))
    header = next(reader)
    records, spans = [], []
    start = reader.line_num
    for rec in reader:
        end = reader.line_num
        if rec:
            records.append(rec)
            spans.append((start, end))
        start = end
    return header, records, spans, lines


def _format_row(values: list[str | None], newline: str = "\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerow(["" if v is None else v for v in values])
    return buf.getvalue()


def _row_texts(vf: ValidatedFile, header: list[str]) -> list[list[str | None]]:
    """Canonical text of each incoming row in the column order of the existing file, notes extended with
    the meaning of missing-value symbols."""
    text = vf.read.frame
    notes: dict[int, list[str]] = {}
    for m in vf.read.missing:
        notes.setdefault(m.frame_row, []).append(f"{m.column}: {m.meaning}")
    rows = []
    for i in range(len(vf.frame)):
        out = []
        for col in header:
            if col in text.columns:
                v = text.at[i, col]
            elif col in vf.frame.columns:
                v = _plain(vf.frame.at[i, col])
                v = None if v is None else str(v)
            else:
                v = None
            if col == "source_url" and (v is None or v == _VALIDATE_ONLY_SOURCE):
                v = vf.frame.at[i, "source_url"]
            if col == "note" and i in notes:
                extra = "; ".join(dict.fromkeys(notes[i]))
                v = f"{v}; {extra}" if v else extra
            out.append(None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
        rows.append(out)
    return rows


# ------------------------------------------------------------------------------------- add

def _today() -> tuple[str, str]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return now.date().isoformat(), now.replace(microsecond=0).isoformat()


def add_file(path: str | Path, table: str, *, source_url: str | None = None, note: str | None = None,
             replace: bool = False, decimal: str | None = None, encoding: str | None = None,
             sheet: str | None = None, raw_dir: Path | None = None, unit: str | None = None,
             code_system: str | None = None, max_bytes: int | None = None, dry_run: bool = False) -> AddResult:
    """Add the release in ``path`` to raw table ``table`` (see module docstring for the whole contract).

    ``dry_run`` (``kesos data validate`` with the options of ``add``) does every check ``add`` does,
    including the comparison with the stored rows, and writes nothing (status ``"valid"``). ``max_bytes``
    raises the input size limit (:data:`MAX_INPUT_BYTES`).

    ``source_url`` fills the rows' ``source_url`` if the file has none and is recorded in the history;
    ``note`` is recorded in the history. With ``replace`` a different value for an existing key replaces
    the old one (old values kept in ``x-kesos.history``). Nothing is written unless everything validates.

    Raises :class:`DataValidationError` (every problem, incl. conflicts with rows already in the table),
    :class:`~kesos_analysis.errors.ChecksumMismatchError` if ``data/raw`` was edited by hand, or
    :class:`KesosError` (e.g. for rosters, which never go into ``data/raw``).
    """
    raw_dir = Path(raw_dir) if raw_dir else config.data_raw()
    spec = get_any_spec(table)
    if spec.name in ROSTER_TABLES:
        raise KesosError(f"{spec.name}: rosters are microdata with personal data and are never stored in data/raw; "
                         "use `kesos data pseudonymise FILE --out OUT` (writes a pseudonymised copy) instead")
    path = Path(path)
    label = str(path)
    opt_problems = _option_problems(label, source_url, note)
    if opt_problems:
        raise DataValidationError(label, opt_problems)
    try:
        return _add_file(path, spec, label, source_url=source_url, note=note, replace=replace, decimal=decimal,
                         encoding=encoding, sheet=sheet, raw_dir=raw_dir, unit=unit, code_system=code_system,
                         max_bytes=max_bytes, dry_run=dry_run)
    except PermissionError as exc:
        where = exc.filename or raw_dir
        raise KesosError(f"cannot write {where}: permission denied ({exc.strerror or exc}). Nothing was changed in "
                         f"{raw_dir}; make the folder and its files writable (check `ls -l`, and `lsattr` for an "
                         "immutable flag) and run the command again") from None


@dataclass
class _MergePlan:
    """How an incoming release merges with the stored table (frame rows ``j`` of the file, ``i`` of the table)."""

    appended: list[int] = field(default_factory=list)
    replacements: dict[int, tuple[int, list[str]]] = field(default_factory=dict)
    replaced: list[dict[str, Any]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    kept_cols: dict[int, list[str]] = field(default_factory=dict)
    unchanged: int = 0


def _add_file(path: Path, spec: TableSpec, label: str, *, source_url, note, replace, decimal, encoding, sheet,
              raw_dir: Path, unit, code_system, max_bytes, dry_run) -> AddResult:
    if not dry_run:
        recover_interrupted_add(raw_dir)
    descriptor = datapackage.read_descriptor(raw_dir)
    datapackage.verify_file(spec, raw_dir, descriptor)
    vf = validate_file(path, spec.name, decimal=decimal, encoding=encoding, sheet=sheet, source_url=source_url,
                       label=label, require_source=not dry_run, unit=unit, code_system=code_system, raw_dir=raw_dir,
                       max_bytes=max_bytes)

    from .loaders import load_raw

    target = raw_dir / spec.path
    old_typed = load_raw(spec.name, raw_dir, verify=False)
    old_text, newline, bom = _read_raw_text(target)
    header, records, spans, lines = _csv_records(old_text)
    if len(records) != len(old_typed):
        raise KesosError(f"{target}: could not align CSV records with the table ({len(records)} vs {len(old_typed)})")
    plan = _plan_merge(vf, old_typed, replace, label)
    if not plan.appended and not plan.replacements:
        return AddResult("unchanged", spec.name, target, rows_unchanged=plan.unchanged, kept=plan.kept,
                         summary=vf.summary())
    if dry_run:
        return AddResult("valid", spec.name, target, len(plan.appended), len(plan.replacements), plan.unchanged,
                         kept=plan.kept, summary=vf.summary())
    new_rows = _row_texts(vf, header)
    text = _compose_csv(header, records, spans, lines, new_rows, plan, newline)
    csv_bytes = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")

    # Validate the merged table as a whole before anything is written.
    with tempfile.TemporaryDirectory(prefix="kesos-add-") as td:
        staged = Path(td) / Path(spec.path).name
        staged.write_bytes(csv_bytes)
        from .loaders import check_region_codes, read_csv_text

        merged = validate_frame(read_csv_text(staged), spec, f"{spec.path} (after adding {path.name})")
        if "bps_code" in merged.columns:
            check_region_codes({"provinces": load_raw("provinces", raw_dir, verify=False), spec.name: merged})
        entry = _history_entry(vf, plan, path, target, source_url, note)
        previous = datapackage.resource(descriptor, spec.name)
        new_res = datapackage.build_resource(spec, raw_dir, previous, file_path=staged)
        entry["table_sha256_after"] = new_res["hash"].removeprefix("sha256:")
        xk = dict(previous.get("x-kesos") or {})
        xk["history"] = [*xk.get("history", []), entry]
        new_res["x-kesos"] = xk
    new_desc = dict(descriptor)
    new_desc["resources"] = [new_res if r.get("name") == spec.name else r for r in descriptor["resources"]]
    transaction.commit(raw_dir, spec.path, csv_bytes, json.dumps(new_desc, indent=2, ensure_ascii=False) + "\n")
    status = "replaced" if plan.replacements else "added"
    return AddResult(status, spec.name, target, len(plan.appended), len(plan.replacements), plan.unchanged, entry,
                     kept=plan.kept, summary=vf.summary())


def _read_raw_text(target: Path) -> tuple[str, str, bool]:
    """Text of a raw CSV exactly as stored (no newline translation), its line ending and whether it has a BOM."""
    data = target.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    first = text.find("\n")
    newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
    return text, newline, bom


def _plan_merge(vf: ValidatedFile, old_typed: pd.DataFrame, replace: bool, label: str) -> _MergePlan:
    """Compare the release with the stored rows by primary key; raise on conflicts unless ``replace``.

    Only the columns the file actually carries are compared and replaced: a BPS P0/count table says nothing
    about P1/P2 already in the table. A missing value in the new release never overwrites a stored value."""
    spec = vf.spec
    key = spec.primary_key
    old_index = {_key_tuple(r, key): i for i, r in enumerate(old_typed.to_dict("records"))}
    value_cols = [c for c in spec.schema.columns if c not in key and c not in META_COLUMNS and c in vf.read.provided]
    missing_text = {(m.frame_row, m.column): m.symbol for m in vf.read.missing}
    plan = _MergePlan()
    conflicts: list[Problem] = []
    for j, rec in enumerate(vf.frame.to_dict("records")):
        k = _key_tuple(rec, key)
        i = old_index.get(k)
        if i is None:
            plan.appended.append(j)
            continue
        old = old_typed.iloc[i]
        diffs = [c for c in value_cols if not _same(old[c], rec[c])]
        for c in [c for c in diffs if pd.isna(rec[c]) and not pd.isna(old[c])]:
            diffs.remove(c)
            plan.kept_cols.setdefault(j, []).append(c)
            sym = missing_text.get((j, c), "")
            plan.kept.append(f"row {vf.read.row_of(j)}, {vf.read.where(j, c)}: {sym!r} in the file; stored value "
                             f"{_plain(old[c])!r} kept")
        if not diffs:
            plan.unchanged += 1
            continue
        if not replace:
            key_text = ", ".join(f"{c}={v}" for c, v in zip(key, k, strict=True))
            for c in diffs:
                shown = vf.read.frame.at[j, c] if c in vf.read.frame.columns else None
                shown = missing_text.get((j, c), shown if shown is not None else _plain(rec[c]))
                conflicts.append(Problem(label, vf.read.row_of(j), vf.read.where(j, c), shown,
                                         f"the value already in {spec.path} for ({key_text}): {_plain(old[c])!r}; "
                                         "give --replace to replace it (the old value is kept in the history)"))
            continue
        plan.replacements[i] = (j, diffs)
        plan.replaced.append({"key": dict(zip(key, k, strict=True)),
                              "old": {c: _plain(old[c]) for c in [*value_cols, "source_url", "note"] if c in old.index},
                              "new": {c: _plain(rec[c]) for c in diffs}})
    if conflicts:
        raise DataValidationError(label, conflicts)
    return plan


def _compose_csv(header: list[str], records: list[list[str]], spans: list[tuple[int, int]], lines: list[str],
                 new_rows: list[list[str | None]], plan: _MergePlan, newline: str) -> str:
    """The new file: old lines byte for byte (line endings included), replaced records rewritten in place,
    new rows appended in the file's column order and with the file's line ending."""
    out: list[str] = []
    header_end = spans[0][0] if spans else len(lines)
    out.extend(lines[:header_end])
    for i, (start, end) in enumerate(spans):
        if i in plan.replacements:
            j, diffs = plan.replacements[i]
            row = list(records[i])
            for c in [*diffs, "source_url"]:
                if c in header:
                    row[header.index(c)] = new_rows[j][header.index(c)]
            if "note" in header and new_rows[j][header.index("note")]:
                note_text = new_rows[j][header.index("note")]
                # The meaning of a missing symbol whose stored value was kept does not describe the row.
                for c in plan.kept_cols.get(j, ()):
                    note_text = "; ".join(part for part in note_text.split("; ") if not part.startswith(f"{c}: "))
                if note_text:
                    row[header.index("note")] = note_text
            out.append(_format_row(row, newline))
        else:
            out.extend(lines[start:end])
    if out and not out[-1].endswith("\n"):
        out[-1] += newline
    out.extend(_format_row(new_rows[j], newline) for j in plan.appended)
    return "".join(out)


def _history_entry(vf: ValidatedFile, plan: _MergePlan, path: Path, target: Path, source_url: str | None,
                   note: str | None) -> dict[str, Any]:
    """The ``x-kesos.history`` entry of this release (``table_sha256_after`` filled in by the caller)."""
    key = vf.spec.primary_key
    new_recs = vf.frame.to_dict("records")
    date_added, added_at = _today()
    non_region = [c for c in key if c not in ("bps_code", "province")]
    releases = sorted({tuple(_key_tuple(new_recs[j], tuple(non_region))) for j in plan.appended})
    entry = {
        "date_added": date_added,
        "added_at": added_at,
        "source": source_url or sorted({str(r.get("source_url")) for r in new_recs})[0],
        "note": note,
        "file": path.name,
        "file_sha256": sha256_file(path),
        "file_format": vf.read.file_format,
        "layout": vf.read.layout,
        "decimal": vf.read.decimal,
        "rows_added": len(plan.appended),
        "rows_replaced": len(plan.replacements),
        "added": [dict(zip(non_region, r, strict=True)) for r in releases],
        "replaced": plan.replaced,
        "table_sha256_before": sha256_file(target),
        "table_sha256_after": None,
    }
    if plan.kept:
        entry["kept_missing"] = plan.kept
    return entry


def pseudonymise_file(path: str | Path, out: str | Path, *, decimal: str | None = None, encoding: str | None = None,
                      sheet: str | None = None) -> Path:
    """Validate a staff roster and write a pseudonymised canonical CSV to ``out`` (atomic).

    NIK, name and address become ``person_key``, ``name_key``, ``address_key`` (HMAC-SHA256 with the key
    from :func:`~kesos_analysis.data.privacy.load_pseudonym_key`). Refuses to write inside ``data/raw``.
    Raises :class:`DataValidationError`, :class:`~kesos_analysis.data.privacy.PseudonymKeyError`.
    """
    out = Path(out)
    if out.resolve().is_relative_to(config.data_raw().resolve()):
        raise KesosError(f"{out}: rosters are never written to data/raw")
    key = privacy.load_pseudonym_key()
    vf = validate_file(path, "staff_roster", decimal=decimal, encoding=encoding, sheet=sheet)
    text = vf.read.frame.copy()
    result = privacy.pseudonymise_roster(text, key)
    leaks = []
    for col in result.columns:
        if col in privacy.PERSONAL_COLUMNS.values():
            continue
        for i, v in result[col].items():
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            hits = privacy.find_identifier_like(str(v))
            if hits:
                leaks.append(Problem(str(path), vf.read.row_of(i), vf.read.where(i, col), privacy.mask_nik(hits[0]),
                                     f"no NIK or NIP outside the nik/nip columns: column {col!r} would keep an "
                                     "identifier-like number of 16–18 digits in the pseudonymised output; remove it "
                                     "(use a staff id that is not a NIK or NIP)"))
    if leaks:
        raise DataValidationError(str(path), leaks)
    from ..io import atomic_path
    from .schemas import ROSTER_OUTPUT_COLUMNS

    cols = [*ROSTER_OUTPUT_COLUMNS, *(["is_synthetic"] if "is_synthetic" in result.columns else [])]
    result = result.reindex(columns=cols)
    with atomic_path(out) as tmp:
        result.to_csv(tmp, index=False, lineterminator="\n")
    return out
