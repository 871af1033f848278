"""``kesos`` command line: data building and checking, notebook runs.

    kesos data build                 validate data/raw and write data/processed/*.parquet
    kesos data verify                check every raw file against datapackage.json (sha256)
    kesos data manifest [--write]    show or regenerate data/raw/datapackage.json
    kesos data validate FILE --table NAME [options of add]   check a received file; list every problem
    kesos data add FILE --table NAME [--source URL] [--note TEXT] [--replace]   add a release to data/raw
    kesos data pseudonymise ROSTER --out OUT       roster with NIK/name/address pseudonymised
    kesos data synthetic-roster [--out-dir DIR]    write a SYNTHETIC roster
    kesos run [NOTEBOOK…] [-p NAME=VALUE…] [-f params.yaml] [--all] [--workers N] [--force]
    kesos verify [NOTEBOOK…]         re-execute and compare recorded values (reports/values/)

Errors that concern the user's input (bad data, unknown parameter, failing notebook) are printed as one
clear message and give exit status 1; nothing is half-written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from . import __version__, config
from .errors import KesosError

app = typer.Typer(
    help="kesos-analysis: reproducible policy research on Indonesia's social-welfare workforce.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="Build, verify and (with `add`) extend the bundled data.", no_args_is_help=True)
app.add_typer(data_app, name="data")


def fail(exc: Exception) -> None:
    """Print ``exc`` as a user-facing error and exit with status 1."""
    typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


@app.callback(invoke_without_command=True)
def _main(ctx: typer.Context,
          version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    if version:
        typer.echo(f"kesos-analysis {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


@data_app.command("build")
def data_build(
    raw_dir: Path | None = typer.Option(None, help="Raw data folder (default: data/raw)."),
    out_dir: Path | None = typer.Option(None, help="Output folder (default: data/processed)."),
) -> None:
    """Validate every raw table and write data/processed/*.parquet (atomically)."""
    from .data import build_processed
    from .data.ingest import recover_interrupted_add

    try:
        if recover_interrupted_add(raw_dir):
            typer.echo("restored data/raw after an interrupted `kesos data add`")
        written = build_processed(raw_dir, out_dir)
    except KesosError as exc:
        fail(exc)
    except PermissionError as exc:
        fail(f"cannot write {exc.filename}: permission denied")
    typer.echo(f"built {len(written)} tables in {(out_dir or config.data_processed())}")


@data_app.command("verify")
def data_verify(raw_dir: Path | None = typer.Option(None, help="Raw data folder (default: data/raw).")) -> None:
    """Check every raw file's sha256 against data/raw/datapackage.json."""
    from .data.datapackage import verify_all
    from .data.ingest import recover_interrupted_add

    try:
        if recover_interrupted_add(raw_dir):
            typer.echo("restored data/raw after an interrupted `kesos data add`")
        hashes = verify_all(raw_dir)
    except KesosError as exc:
        fail(exc)
    except PermissionError as exc:
        fail(f"cannot restore {exc.filename} after an interrupted `kesos data add`: permission denied")
    typer.echo(f"{len(hashes)} raw files match datapackage.json")


@data_app.command("manifest")
def data_manifest(
    write: bool = typer.Option(False, "--write", help="Rewrite data/raw/datapackage.json from the files on disk."),
    raw_dir: Path | None = typer.Option(None, help="Raw data folder (default: data/raw)."),
) -> None:
    """Show (or with --write regenerate) the Frictionless descriptor of data/raw."""
    import json

    from .data import datapackage

    try:
        desc = datapackage.build_descriptor(raw_dir)
        if write:
            path = datapackage.write_descriptor(desc, raw_dir)
            typer.echo(f"wrote {path}")
        else:
            typer.echo(json.dumps(desc, indent=2, ensure_ascii=False))
    except KesosError as exc:
        fail(exc)


# ------------------------------------------------------------------------------------- ingest (issue 3)

_DECIMAL_HELP = "Number format of the file: ',' (Indonesian 1.234,56) or '.' (English 1,234.56). Default: detected."
_UNIT_HELP = ("Unit of count columns (poor/population) in a BPS wide table whose header gives none: "
              "thousand, persons or million (converted to thousands).")
_CODE_SYSTEM_HELP = ("Code list of a generic code column (Kode/kode_provinsi) without province names: bps or "
                     "kemendagri (they differ for the Papua provinces 91-97).")


def _check_file(file: Path) -> None:
    if file.is_dir():
        fail(f"{file} is a folder; give a CSV or XLSX file")
    if not file.exists():
        fail(f"{file}: no such file")


_MAX_MB_HELP = ("Largest input read, in MB (default 50; see docs/ingest.md). Larger files are refused unless "
                "this is raised; progress is then shown on stderr.")


def _max_bytes(max_mb: float | None) -> int | None:
    return None if max_mb is None else int(max_mb * 1e6)


@data_app.command("validate")
def data_validate(
    file: Path = typer.Argument(..., help="CSV or XLSX file to check."),
    table: str = typer.Option(..., "--table", "-t", help="Registered table, e.g. poverty_province, ump_province, staff_roster."),
    source: str | None = typer.Option(None, "--source", help="URL of the release, checked as `add` checks it."),
    note: str | None = typer.Option(None, "--note", help="Note of the release, checked as `add` checks it."),
    replace: bool = typer.Option(False, "--replace", help="Check as `add --replace` would (differing values allowed)."),
    decimal: str | None = typer.Option(None, "--decimal", help=_DECIMAL_HELP),
    encoding: str | None = typer.Option(None, "--encoding", help="Force a CSV encoding (default: UTF-8, UTF-8-BOM or cp1252, detected)."),
    sheet: str | None = typer.Option(None, "--sheet", help="XLSX sheet name (default: the active sheet if visible, else the first visible one)."),
    unit: str | None = typer.Option(None, "--unit", help=_UNIT_HELP),
    code_system: str | None = typer.Option(None, "--code-system", help=_CODE_SYSTEM_HELP),
    raw_dir: Path | None = typer.Option(None, help="Raw data folder to compare with (default: data/raw)."),
    max_mb: float | None = typer.Option(None, "--max-mb", help=_MAX_MB_HELP),
) -> None:
    """Check FILE against a table as `add` would (every option of `add` is accepted) and list every problem
    (file, row, column, value, expected), including conflicts with stored rows. Writes nothing."""
    from .data.ingest import add_file, validate_file
    from .data.schemas import ROSTER_TABLES, get_any_spec

    _check_file(file)
    try:
        if get_any_spec(table).name in ROSTER_TABLES:
            vf = validate_file(file, table, decimal=decimal, encoding=encoding, sheet=sheet, unit=unit,
                               code_system=code_system, max_bytes=_max_bytes(max_mb))
            summary = vf.summary()
        else:
            res = add_file(file, table, source_url=source, note=note, replace=replace, decimal=decimal,
                           encoding=encoding, sheet=sheet, raw_dir=raw_dir, unit=unit, code_system=code_system,
                           max_bytes=_max_bytes(max_mb), dry_run=True)
            summary = res.summary + (f"\n  compared with {res.path}: {res.rows_added} new, {res.rows_replaced} to "
                                     f"replace, {res.rows_unchanged} unchanged")
    except KesosError as exc:
        fail(exc)
    typer.echo(summary)
    typer.echo("OK: no problems found")


@data_app.command("add")
def data_add(
    file: Path = typer.Argument(..., help="CSV or XLSX file with the new release."),
    table: str = typer.Option(..., "--table", "-t", help="Registered table, e.g. poverty_province."),
    source: str | None = typer.Option(None, "--source", help="URL of the release (required if the file has no source_url column)."),
    note: str | None = typer.Option(None, "--note", help="Free text kept in the table's history in datapackage.json."),
    replace: bool = typer.Option(False, "--replace", help="Replace values that differ for existing keys (old values kept in the history)."),
    decimal: str | None = typer.Option(None, "--decimal", help=_DECIMAL_HELP),
    encoding: str | None = typer.Option(None, "--encoding", help="Force a CSV encoding."),
    sheet: str | None = typer.Option(None, "--sheet", help="XLSX sheet name (default: the active sheet if visible, else the first visible one)."),
    unit: str | None = typer.Option(None, "--unit", help=_UNIT_HELP),
    code_system: str | None = typer.Option(None, "--code-system", help=_CODE_SYSTEM_HELP),
    raw_dir: Path | None = typer.Option(None, help="Raw data folder (default: data/raw)."),
    max_mb: float | None = typer.Option(None, "--max-mb", help=_MAX_MB_HELP),
) -> None:
    """Validate FILE and add it to data/raw (atomic; nothing written unless everything validates)."""
    from .data.ingest import add_file

    _check_file(file)
    try:
        res = add_file(file, table, source_url=source, note=note, replace=replace, decimal=decimal,
                       encoding=encoding, sheet=sheet, raw_dir=raw_dir, unit=unit, code_system=code_system,
                       max_bytes=_max_bytes(max_mb))
    except KesosError as exc:
        fail(exc)
    if res.summary:
        typer.echo(res.summary)
    for k in res.kept:
        typer.echo(f"  kept (missing in the new release): {k}")
    if res.status == "unchanged":
        typer.echo(f"unchanged: every row of {file} is already in {res.path} with the same values (nothing written)")
        return
    typer.echo(f"{res.status}: {res.rows_added} new rows, {res.rows_replaced} replaced, {res.rows_unchanged} unchanged "
               f"in {res.path}; datapackage.json updated. Run `kesos data build` (or `make reports`) to use it.")


@data_app.command("pseudonymise")
def data_pseudonymise(
    file: Path = typer.Argument(..., help="Staff roster (CSV or XLSX) with NIK / name / address columns."),
    out: Path = typer.Option(..., "--out", "-o", help="Output CSV (outside data/raw)."),
    decimal: str | None = typer.Option(None, "--decimal", help=_DECIMAL_HELP),
    sheet: str | None = typer.Option(None, "--sheet", help="XLSX sheet name."),
) -> None:
    """Validate a staff roster (NIK checks) and write a copy with NIK, name and address pseudonymised."""
    from .data.ingest import pseudonymise_file

    _check_file(file)
    try:
        path = pseudonymise_file(file, out, decimal=decimal, sheet=sheet)
    except KesosError as exc:
        fail(exc)
    typer.echo(f"wrote {path} (NIK, name, address replaced by keyed pseudonyms)")


@data_app.command("synthetic-roster")
def data_synthetic_roster(
    out_dir: Path = typer.Option(Path("."), "--out-dir", help="Folder for the SYNTHETIC roster CSV."),
    n: int = typer.Option(500, "--n", help="Number of synthetic staff."),
    seed: int = typer.Option(20261130, "--seed", help="Random seed (same seed, same roster)."),
) -> None:
    """Write a synthetic (clearly marked, not real) staff roster for demos and tests."""
    from .data.synthetic import write_synthetic_roster

    try:
        path = write_synthetic_roster(out_dir, n, seed)
    except KesosError as exc:
        fail(exc)
    typer.echo(f"wrote {path}")


@app.command("run")
def run(
    notebooks: list[str] | None = typer.Argument(None, help="Notebook names or paths (e.g. 01_poverty_and_workforce). Default: all."),
    all_: bool = typer.Option(False, "--all", help="Run every notebook in notebooks/, in both languages (id, then en)."),
    param: list[str] | None = typer.Option(None, "-p", "--param", help="Parameter NAME=VALUE (repeatable)."),
    params_file: Path | None = typer.Option(None, "-f", "--params-file", help="YAML file of parameters."),
    output_dir: Path | None = typer.Option(None, "--output-dir", help="Reports folder (default: reports/)."),
    workers: int | None = typer.Option(None, "--workers", "-j", min=1, help="Parallel runs (default: the number of cores)."),
    force: bool = typer.Option(False, "--force", help="Re-run even when notebook, parameters, inputs, library and environment are unchanged."),
) -> None:
    """Execute notebooks with Papermill on the project kernel; write executed notebooks, HTML, values and manifest.

    A run whose notebook, parameters, inputs, library and locked environment are unchanged (and whose outputs
    exist) is reused, not re-executed; --force re-runs it."""
    from .report import runner

    try:
        results = runner.run_cli(notebooks or [], all_=all_, params=param or [], params_file=params_file,
                                 output_dir=output_dir, workers=workers, force=force)
    except KesosError as exc:
        fail(exc)
    _print_results(results)
    reused = [r for r in results if r.status == "reused"]
    if reused:
        typer.echo(f"reused {len(reused)} of {len(results)} runs (notebook, parameters, inputs, library and environment "
                   "unchanged; --force re-runs them)")
    failed = [r for r in results if r.status in ("failed", "skipped")]
    if failed:
        for r in failed:
            typer.secho(f"error: {r.error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1)


def _print_results(results) -> None:
    marks = {"ok": "ok     ", "reused": "reused ", "failed": "FAILED ", "skipped": "skipped"}
    for r in results:
        secs = f" {r.seconds:.1f} s" if r.seconds is not None and r.status == "ok" else ""
        typer.echo(f"[{marks.get(r.status, r.status)}] {r.name} ({r.lang}){secs} → {r.html or r.output_notebook or '-'}")


@app.command("verify")
def verify(
    notebooks: list[str] | None = typer.Argument(None, help="Notebook names (default: every notebook with recorded values)."),
    values_dir: Path | None = typer.Option(None, "--values-dir", help="Folder of recorded values (default: reports/values)."),
    workers: int | None = typer.Option(None, "--workers", "-j", min=1, help="Parallel runs (default: the number of cores)."),
) -> None:
    """Re-execute notebooks (into a temporary folder) and compare their recorded values with reports/values/.

    Each value is compared within its own tolerance (rtol/atol); every drift is named; exit status 1 on drift
    or on a failed run. Published reports are not touched."""
    from .report import runner

    try:
        runs, drifts = runner.verify(notebooks or [], values_dir=values_dir, workers=workers)
    except KesosError as exc:
        fail(exc)
    failed = [r for r in runs if r.status in ("failed", "skipped")]
    for r in failed:
        typer.secho(f"error: {r.error}", fg=typer.colors.RED, err=True)
    for d in drifts:
        typer.secho(f"drift: {d}", fg=typer.colors.RED, err=True)
    if failed or drifts:
        typer.secho(f"verify: {len(drifts)} value(s) drifted, {len(failed)} run(s) failed", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1)
    typer.echo(f"verify: {len(runs)} runs re-executed; every recorded value within its tolerance")


@app.command("snapshot")
def snapshot_cmd(
    update: bool = typer.Option(False, "--update", help="Rewrite tests/snapshots/scenarios.json from the current model."),
) -> None:
    """Compare the headline model numbers per scenario with tests/snapshots/scenarios.json (or --update it)."""
    from . import snapshot

    try:
        if update:
            typer.echo(f"wrote {snapshot.write(snapshot.compute())}")
            return
        changes = snapshot.check()
    except KesosError as exc:
        fail(exc)
    if changes:
        typer.echo("\n".join(changes))
        typer.secho(f"{len(changes)} number(s) differ from the snapshot; if intended: kesos snapshot --update",
                    fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1)
    typer.echo("snapshot matches the model")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
