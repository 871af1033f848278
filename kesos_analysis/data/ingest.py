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
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataValidationError, KesosError, Problem, dedupe_problems
from ..io import sha256_file
from . import datapackage, privacy
from .readers import COUNT_UNITS, ReadResult, read_table
from .schemas import ROSTER_TABLES, TableSpec, get_any_spec
from .validation import validate_frame

#: Folder (inside ``data/raw``) that exists only while an add is being committed or after it was killed.
PENDING_DIR = ".kesos-add-pending"

#: Columns that describe a row rather than measure something; differences there are not conflicts.
META_COLUMNS = frozenset({"source_url", "note", "province"})

_VALIDATE_ONLY_SOURCE = "(source to be given with --source)"


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
    """Outcome of :func:`add_file`: ``status`` is ``"added"``, ``"replaced"`` or ``"unchanged"``."""

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
                  raw_dir: Path | None = None) -> ValidatedFile:
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
    res = read_table(path, spec, decimal=decimal, encoding=encoding, sheet=sheet, source_url=source_url, label=label,
                     count_unit=unit, code_system=code_system)
    problems = list(res.problems)
    if unit is not None and res.layout == "long":
        problems.append(Problem(label, None, "--unit", unit,
                                "no --unit for a file with the table's own columns (their names give the unit, e.g. "
                                "poor_thousand is in thousands); convert the values instead"))
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
    if spec.name in ROSTER_TABLES:
        nik_probs = privacy.roster_problems(frame, file=label, rows=res.origin_row, numeric_cells=res.numeric_cells,
                                            cells={i: res.where(i, "nik") for i in range(len(frame))})
        problems.extend(nik_probs)
        for (i, col), formula in sorted(res.formula_cells.items()):
            if col == "nik":
                problems.append(Problem(label, res.row_of(i), res.where(i, "nik"), formula,
                                        "NIK typed as text, not a formula: this cell computes the NIK (a formula may "
                                        "have rounded it and hides its origin); paste the NIK as a Text value"))
        for col in privacy.PERSONAL_COLUMNS:
            if col in frame.columns:
                res.bad_cells.update((i, col) for i in range(len(frame)))
    typed = None
    try:
        typed = validate_frame(frame, spec, label)
    except DataValidationError as exc:
        for p in exc.problems:
            q = _remap(p, res, label)
            if q is not None:
                problems.append(q)
    if typed is not None and not problems:
        vf0 = ValidatedFile(spec, res, typed)
        if spec.name not in ROSTER_TABLES:
            problems.extend(_nik_problems(vf0, label))
        problems.extend(_plausibility_problems(vf0, Path(raw_dir) if raw_dir else config.data_raw(), label))
    if problems:
        problems = _merge_key_problems(dedupe_problems(problems), spec)
        problems.sort(key=lambda p: (p.row if p.row is not None else 0, str(p.column or "")))
        raise DataValidationError(label, problems)
    assert typed is not None
    return ValidatedFile(spec, res, typed)


def _merge_key_problems(problems: list[Problem], spec: TableSpec) -> list[Problem]:
    """One problem per duplicated row (pandera reports each key column separately)."""
    dup = "a unique key (duplicate row)"
    row_level = {chk.error for chk in spec.schema.checks if chk.error}
    # A cell already reported with its value: drop the follow-up "empty"/dtype complaints about it.
    valued = {(p.row, p.column) for p in problems if p.value is not None and p.row is not None}
    problems = [p for p in problems if not (p.value is None and (p.row, p.column) in valued)]
    merged_checks: dict[tuple, Problem] = {}
    kept: list[Problem] = []
    for p in problems:
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


#: Allowed ratio between the population implied by a poverty row (poor / P0) and the known population.
PLAUSIBLE_POPULATION_RATIO = (0.5, 2.0)


def _plausibility_problems(vf: ValidatedFile, raw_dir: Path, label: str) -> list[Problem]:
    """Poverty rows whose implied population (poor_thousand / (p0_percent / 100)) is not within a factor
    of 2 of the province's population (nearest year of ``population_province``) or of the population
    implied by its previous stored poverty round: catches P0 given as a fraction (0.107 for 10.7 %) and
    counts in persons instead of thousands."""
    if vf.spec.name == "population_province":
        return _population_plausibility(vf, raw_dir, label)
    if vf.spec.name != "poverty_province" or not {"p0_percent", "poor_thousand"} <= vf.read.provided:
        return []
    refs_tables = _population_references(raw_dir)
    if refs_tables is None:
        return []
    pop, pov = refs_tables
    lo, hi = PLAUSIBLE_POPULATION_RATIO
    problems = []
    for j, rec in enumerate(vf.frame.to_dict("records")):
        p0, poor, code = rec.get("p0_percent"), rec.get("poor_thousand"), rec.get("bps_code")
        if pd.isna(p0) or pd.isna(poor) or p0 <= 0 or poor <= 0:
            continue
        implied = float(poor) / (float(p0) / 100)
        year, month = int(rec["year"]), int(rec["month"])
        refs: list[tuple[str, float]] = []
        p = pop[pop["bps_code"] == code]
        if len(p):
            p = p.assign(_d=(p["year"].astype(int) - year).abs()).sort_values(["_d", "year"], ascending=[True, False])
            refs.append((f"population_province {int(p.iloc[0]['year'])}", float(p.iloc[0]["population_thousand"])))
        q = pov[(pov["bps_code"] == code) & pov["p0_percent"].notna() & pov["poor_thousand"].notna()
                & (pov["p0_percent"] > 0)]
        if len(q):
            rounds = q["year"].astype(int) * 100 + q["month"].astype(int)
            before = q[rounds < year * 100 + month]
            r0 = (before if len(before) else q).assign(_r=rounds).sort_values("_r").iloc[-1 if len(before) else 0]
            refs.append((f"the poverty round {int(r0['year'])}-{int(r0['month']):02d} (poor/P0)",
                         float(r0["poor_thousand"]) / (float(r0["p0_percent"]) / 100)))
        if not refs or any(lo <= implied / ref <= hi for _, ref in refs):
            continue
        basis = "; ".join(f"{name}: {ref:,.1f} thousand" for name, ref in refs)
        problems.append(Problem(
            label, vf.read.row_of(j), f"{vf.read.where(j, 'p0_percent')}, {vf.read.where(j, 'poor_thousand')}",
            f"p0_percent {_num(p0)}, poor_thousand {_num(poor)}",
            f"values consistent with the province's population: poor_thousand / (p0_percent / 100) implies a "
            f"population of {implied:,.1f} thousand, but {basis} (allowed factor {lo:g}–{hi:g}). Is P0 a fraction "
            "instead of a percentage (0.107 for 10.7), or the poor count in persons instead of thousands?"))
    return problems


def _population_references(raw_dir: Path):
    """``(population_province, poverty_province)`` as stored in ``raw_dir``, or ``None`` if unreadable
    (the plausibility checks then have nothing to compare with and are skipped)."""
    from .loaders import load_raw

    try:
        return load_raw("population_province", raw_dir, verify=False), load_raw("poverty_province", raw_dir, verify=False)
    except (KesosError, OSError):
        return None


def _population_plausibility(vf: ValidatedFile, raw_dir: Path, label: str) -> list[Problem]:
    """Population rows not within a factor of 2 of the province's stored population (nearest year), or,
    for provinces without one, of the population implied by its latest poverty round (persons or millions
    given as thousands)."""
    refs_tables = _population_references(raw_dir)
    if refs_tables is None:
        return []
    pop, pov = refs_tables
    lo, hi = PLAUSIBLE_POPULATION_RATIO
    problems = []
    for j, rec in enumerate(vf.frame.to_dict("records")):
        value, code = rec.get("population_thousand"), rec.get("bps_code")
        if pd.isna(value) or value <= 0:
            continue
        p = pop[pop["bps_code"] == code]
        if len(p):
            p = p.assign(_d=(p["year"].astype(int) - int(rec["year"])).abs()).sort_values(["_d", "year"], ascending=[True, False])
            basis, ref = f"population_province {int(p.iloc[0]['year'])}", float(p.iloc[0]["population_thousand"])
        else:
            q = pov[(pov["bps_code"] == code) & pov["p0_percent"].notna() & pov["poor_thousand"].notna() & (pov["p0_percent"] > 0)]
            if not len(q):
                continue
            r0 = q.assign(_r=q["year"].astype(int) * 100 + q["month"].astype(int)).sort_values("_r").iloc[-1]
            basis = f"the poverty round {int(r0['year'])}-{int(r0['month']):02d} (poor/P0)"
            ref = float(r0["poor_thousand"]) / (float(r0["p0_percent"]) / 100)
        if lo <= float(value) / ref <= hi:
            continue
        problems.append(Problem(label, vf.read.row_of(j), vf.read.where(j, "population_thousand"), _num(value),
                                f"a population in thousands close to the province's ({basis}: {ref:,.1f} thousand; "
                                f"allowed factor {lo:g}–{hi:g}). Is it in persons or millions instead of thousands?"))
    return problems


def _num(v: Any) -> str:
    return np.format_float_positional(float(v), trim="-")


def _nik_problems(vf: ValidatedFile, label: str) -> list[Problem]:
    """Every cell of a (non-roster) file that contains a NIK-like number (value masked)."""
    problems = []
    text = vf.read.frame
    for col in text.columns:
        for i, v in text[col].items():
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            hits = privacy.find_nik_like(str(v))
            if hits:
                problems.append(Problem(label, vf.read.row_of(i), vf.read.where(i, col),
                                        privacy.mask_nik(hits[0]),
                                        "no NIK (personal ID number) in a data table: delete it from the cell "
                                        "(NIKs must never reach data/raw)"))
    return problems


def _option_nik_problems(label: str, **options: str | None) -> list[Problem]:
    problems = []
    for name, value in options.items():
        if value and privacy.find_nik_like(value):
            problems.append(Problem(label, None, f"--{name}", privacy.mask_nik(privacy.find_nik_like(value)[0]),
                                    f"no NIK (personal ID number) in --{name}: it is stored in datapackage.json"))
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


def _format_row(values: list[str | None]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["" if v is None else v for v in values])
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


# ------------------------------------------------------------------------------------- commit

@contextmanager
def _deferred_signals() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    sigs = [signal.SIGINT, signal.SIGTERM]
    old = {s: signal.getsignal(s) for s in sigs}

    def handler(signum, frame):  # pragma: no cover - timing dependent
        received.append(signum)

    for s in sigs:
        signal.signal(s, handler)
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        if received:  # pragma: no cover
            os.kill(os.getpid(), received[0])


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _stage(target: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``target`` (same permissions as ``target``), fsynced."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        _fsync_write(Path(tmp), data)
        if target.exists():
            shutil.copymode(target, tmp)
        else:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _stale_temp_files(raw_dir: Path) -> list[Path]:
    """Temporary files of :func:`_stage` (``.<target name>.<random>.tmp``) left beside raw files by a
    killed add."""
    out = []
    for tmp in raw_dir.rglob(".*.tmp"):
        if PENDING_DIR in tmp.parts or not tmp.is_file():
            continue
        if any(tmp.name.startswith(f".{sib.name}.") for sib in tmp.parent.iterdir()
               if sib.is_file() and not sib.name.startswith(".")):
            out.append(tmp)
    return out


def recover_interrupted_add(raw_dir: Path | None = None) -> bool:
    """Undo an add that was killed during its commit; return True if something was restored or cleaned.

    Restores the raw table and ``datapackage.json`` from ``data/raw/.kesos-add-pending`` (written before
    the commit) and removes that folder, leaving ``data/raw`` exactly as before the add. Idempotent: a
    recovery that was itself interrupted (folder partly deleted: a backup without journal, a journal
    without one of the backups, a truncated journal) is completed safely — the journal is written after
    both backups, so a journal without a backup means that file was already restored, and a missing or
    unreadable journal means the commit never replaced anything. Stale ``.*.tmp`` files beside the raw
    files are removed.
    """
    raw_dir = Path(raw_dir) if raw_dir else config.data_raw()
    pending = raw_dir / PENDING_DIR
    did = False
    if pending.exists():
        journal = pending / "journal.json"
        info = None
        if journal.is_file():
            try:
                info = json.loads(journal.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError):
                info = None  # killed while writing the journal: nothing was replaced yet
        if isinstance(info, dict) and isinstance(info.get("table_path"), str):
            for name, rel in (("table.csv", info["table_path"]), ("datapackage.json", datapackage.DESCRIPTOR_NAME)):
                backup = pending / name
                target = raw_dir / rel
                if not backup.is_file():
                    continue  # already restored by an earlier, interrupted recovery
                data = backup.read_bytes()
                if target.is_file() and target.read_bytes() == data:
                    continue
                tmp = _stage(target, data)
                os.replace(tmp, target)
        if pending.is_dir():
            shutil.rmtree(pending)
        else:
            pending.unlink()
        did = True
    for tmp in _stale_temp_files(raw_dir):
        tmp.unlink(missing_ok=True)
        did = True
    return did


def _commit(raw_dir: Path, spec: TableSpec, csv_bytes: bytes, descriptor_text: str) -> None:
    target = raw_dir / spec.path
    desc = datapackage.descriptor_path(raw_dir)
    pending = raw_dir / PENDING_DIR
    csv_tmp: Path | None = None
    desc_tmp: Path | None = None
    created = False
    try:
        csv_tmp = _stage(target, csv_bytes)
        desc_tmp = _stage(desc, descriptor_text.encode("utf-8"))
        with _deferred_signals():
            try:
                pending.mkdir()
            except FileExistsError:
                raise KesosError(f"{pending} exists: another `kesos data add` is running (or was killed); "
                                 "wait for it, or run `kesos data verify` to restore data/raw") from None
            created = True
            _fsync_write(pending / "table.csv", target.read_bytes())
            _fsync_write(pending / "datapackage.json", desc.read_bytes())
            _fsync_write(pending / "journal.json", json.dumps({"table_path": spec.path}).encode("utf-8"))
            os.replace(csv_tmp, target)
            os.replace(desc_tmp, desc)
            shutil.rmtree(pending)
    except BaseException:
        if created and pending.exists():
            recover_interrupted_add(raw_dir)
        raise
    finally:
        for tmp in (csv_tmp, desc_tmp):
            if tmp is not None:
                tmp.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------- add

def _today() -> tuple[str, str]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return now.date().isoformat(), now.replace(microsecond=0).isoformat()


def add_file(path: str | Path, table: str, *, source_url: str | None = None, note: str | None = None,
             replace: bool = False, decimal: str | None = None, encoding: str | None = None,
             sheet: str | None = None, raw_dir: Path | None = None, unit: str | None = None,
             code_system: str | None = None) -> AddResult:
    """Add the release in ``path`` to raw table ``table`` (see module docstring for the whole contract).

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
    opt_problems = _option_nik_problems(label, source=source_url, note=note)
    if opt_problems:
        raise DataValidationError(label, opt_problems)
    try:
        return _add_file(path, spec, label, source_url=source_url, note=note, replace=replace, decimal=decimal,
                         encoding=encoding, sheet=sheet, raw_dir=raw_dir, unit=unit, code_system=code_system)
    except PermissionError as exc:
        where = exc.filename or raw_dir
        raise KesosError(f"cannot write {where}: permission denied ({exc.strerror or exc}). Nothing was changed in "
                         f"{raw_dir}; make the folder and its files writable (check `ls -l`, and `lsattr` for an "
                         "immutable flag) and run the command again") from None


def _add_file(path: Path, spec: TableSpec, label: str, *, source_url, note, replace, decimal, encoding, sheet,
              raw_dir: Path, unit, code_system) -> AddResult:
    table = spec.name
    recover_interrupted_add(raw_dir)
    descriptor = datapackage.read_descriptor(raw_dir)
    datapackage.verify_file(spec, raw_dir, descriptor)
    vf = validate_file(path, table, decimal=decimal, encoding=encoding, sheet=sheet, source_url=source_url,
                       label=label, require_source=True, unit=unit, code_system=code_system, raw_dir=raw_dir)

    from .loaders import load_raw

    target = raw_dir / spec.path
    old_typed = load_raw(spec.name, raw_dir, verify=False)
    old_text = target.read_text(encoding="utf-8")
    header, records, spans, lines = _csv_records(old_text)
    if len(records) != len(old_typed):
        raise KesosError(f"{target}: could not align CSV records with the table ({len(records)} vs {len(old_typed)})")
    key = spec.primary_key
    old_index = {_key_tuple(r, key): i for i, r in enumerate(old_typed.to_dict("records"))}
    # Only the columns the file actually carries are compared and replaced: a BPS P0/count table says
    # nothing about P1/P2 already in the table.
    value_cols = [c for c in spec.schema.columns if c not in key and c not in META_COLUMNS and c in vf.read.provided]
    new_rows = _row_texts(vf, header)
    new_recs = vf.frame.to_dict("records")

    conflicts: list[Problem] = []
    kept: list[str] = []
    kept_cols: dict[int, list[str]] = {}
    missing_text = {(m.frame_row, m.column): m.symbol for m in vf.read.missing}
    replaced: list[dict[str, Any]] = []
    appended: list[int] = []
    unchanged = 0
    replacements: dict[int, tuple[int, list[str]]] = {}
    for j, rec in enumerate(new_recs):
        k = _key_tuple(rec, key)
        i = old_index.get(k)
        if i is None:
            appended.append(j)
            continue
        old = old_typed.iloc[i]
        diffs = [c for c in value_cols if not _same(old[c], rec[c])]
        # A missing value in the new release ('…', '-', 'x', empty) never overwrites a stored value.
        for c in [c for c in diffs if pd.isna(rec[c]) and not pd.isna(old[c])]:
            diffs.remove(c)
            kept_cols.setdefault(j, []).append(c)
            sym = missing_text.get((j, c), "")
            kept.append(f"row {vf.read.row_of(j)}, {vf.read.where(j, c)}: {sym!r} in the file; stored value "
                        f"{_plain(old[c])!r} kept")
        if not diffs:
            unchanged += 1
            continue
        if not replace:
            key_text = ", ".join(f"{c}={v}" for c, v in zip(key, k))
            for c in diffs:
                shown = vf.read.frame.at[j, c] if c in vf.read.frame.columns else None
                shown = missing_text.get((j, c), shown if shown is not None else _plain(rec[c]))
                conflicts.append(Problem(label, vf.read.row_of(j), vf.read.where(j, c), shown,
                                         f"the value already in {spec.path} for ({key_text}): {_plain(old[c])!r}; "
                                         "give --replace to replace it (the old value is kept in the history)"))
            continue
        replacements[i] = (j, diffs)
        replaced.append({"key": dict(zip(key, k)),
                         "old": {c: _plain(old[c]) for c in [*value_cols, "source_url", "note"] if c in old.index},
                         "new": {c: _plain(rec[c]) for c in diffs}})
    if conflicts:
        raise DataValidationError(label, conflicts)
    if not appended and not replacements:
        return AddResult("unchanged", spec.name, target, rows_unchanged=unchanged, kept=kept, summary=vf.summary())

    # Compose the new file: old lines byte for byte, replaced records rewritten in place, new rows appended.
    out: list[str] = []
    header_end = spans[0][0] if spans else len(lines)
    out.extend(lines[:header_end])
    for i, (start, end) in enumerate(spans):
        if i in replacements:
            j, diffs = replacements[i]
            row = list(records[i])
            for c in [*diffs, "source_url"]:
                if c in header:
                    row[header.index(c)] = new_rows[j][header.index(c)]
            if "note" in header and new_rows[j][header.index("note")]:
                note_text = new_rows[j][header.index("note")]
                # The meaning of a missing symbol whose stored value was kept does not describe the row.
                for c in kept_cols.get(j, ()):
                    note_text = "; ".join(part for part in note_text.split("; ") if not part.startswith(f"{c}: "))
                if note_text:
                    row[header.index("note")] = note_text
            out.append(_format_row(row))
        else:
            out.extend(lines[start:end])
    if out and not out[-1].endswith("\n"):
        out[-1] += "\n"
    out.extend(_format_row(new_rows[j]) for j in appended)
    csv_bytes = "".join(out).encode("utf-8")

    # Validate the merged table as a whole before anything is written.
    with tempfile.TemporaryDirectory(prefix="kesos-add-") as td:
        staged = Path(td) / Path(spec.path).name
        staged.write_bytes(csv_bytes)
        from .loaders import check_region_codes, read_csv_text

        merged = validate_frame(read_csv_text(staged), spec, f"{spec.path} (after adding {path.name})")
        if "bps_code" in merged.columns:
            check_region_codes({"provinces": load_raw("provinces", raw_dir, verify=False), spec.name: merged})
        date_added, added_at = _today()
        non_region = [c for c in key if c not in ("bps_code", "province")]
        releases = sorted({tuple(_key_tuple(new_recs[j], tuple(non_region))) for j in appended})
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
            "rows_added": len(appended),
            "rows_replaced": len(replacements),
            "added": [dict(zip(non_region, r)) for r in releases],
            "replaced": replaced,
            "table_sha256_before": sha256_file(target),
            "table_sha256_after": None,
        }
        previous = datapackage.resource(descriptor, spec.name)
        new_res = datapackage.build_resource(spec, raw_dir, previous, file_path=staged)
        entry["table_sha256_after"] = new_res["hash"].removeprefix("sha256:")
        if kept:
            entry["kept_missing"] = kept
        xk = dict(previous.get("x-kesos") or {})
        xk["history"] = [*xk.get("history", []), entry]
        new_res["x-kesos"] = xk
    new_desc = dict(descriptor)
    new_desc["resources"] = [new_res if r.get("name") == spec.name else r for r in descriptor["resources"]]
    _commit(raw_dir, spec, csv_bytes, json.dumps(new_desc, indent=2, ensure_ascii=False) + "\n")
    status = "replaced" if replacements else "added"
    return AddResult(status, spec.name, target, len(appended), len(replacements), unchanged, entry, kept=kept,
                     summary=vf.summary())


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
            hits = privacy.find_nik_like(str(v))
            if hits:
                leaks.append(Problem(str(path), vf.read.row_of(i), vf.read.where(i, col), privacy.mask_nik(hits[0]),
                                     f"no NIK outside the nik column: column {col!r} would keep a NIK-like number in "
                                     "the pseudonymised output; remove it (use a staff id that is not a NIK)"))
    if leaks:
        raise DataValidationError(str(path), leaks)
    from ..io import atomic_path

    with atomic_path(out) as tmp:
        result.to_csv(tmp, index=False, lineterminator="\n")
    return out
