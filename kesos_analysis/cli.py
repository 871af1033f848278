"""``kesos`` command line: data building and checking, notebook runs.

    kesos data build                 validate data/raw and write data/processed/*.parquet
    kesos data verify                check every raw file against datapackage.json (sha256)
    kesos data manifest [--write]    show or regenerate data/raw/datapackage.json
    kesos run [NOTEBOOK…] [-p NAME=VALUE…] [-f params.yaml] [--all]

Errors that concern the user's input (bad data, unknown parameter, failing notebook) are printed as one
clear message and give exit status 1; nothing is half-written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

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
    raw_dir: Optional[Path] = typer.Option(None, help="Raw data folder (default: data/raw)."),
    out_dir: Optional[Path] = typer.Option(None, help="Output folder (default: data/processed)."),
) -> None:
    """Validate every raw table and write data/processed/*.parquet (atomically)."""
    from .data import build_processed

    try:
        written = build_processed(raw_dir, out_dir)
    except KesosError as exc:
        fail(exc)
    typer.echo(f"built {len(written)} tables in {(out_dir or config.data_processed())}")


@data_app.command("verify")
def data_verify(raw_dir: Optional[Path] = typer.Option(None, help="Raw data folder (default: data/raw).")) -> None:
    """Check every raw file's sha256 against data/raw/datapackage.json."""
    from .data.datapackage import verify_all

    try:
        hashes = verify_all(raw_dir)
    except KesosError as exc:
        fail(exc)
    typer.echo(f"{len(hashes)} raw files match datapackage.json")


@data_app.command("manifest")
def data_manifest(
    write: bool = typer.Option(False, "--write", help="Rewrite data/raw/datapackage.json from the files on disk."),
    raw_dir: Optional[Path] = typer.Option(None, help="Raw data folder (default: data/raw)."),
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


@app.command("run")
def run(
    notebooks: Optional[List[str]] = typer.Argument(None, help="Notebook names or paths (e.g. 01_poverty_and_workforce). Default: all."),
    all_: bool = typer.Option(False, "--all", help="Run every notebook in notebooks/, in both languages (id, then en)."),
    param: Optional[List[str]] = typer.Option(None, "-p", "--param", help="Parameter NAME=VALUE (repeatable)."),
    params_file: Optional[Path] = typer.Option(None, "-f", "--params-file", help="YAML file of parameters."),
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", help="Reports folder (default: reports/)."),
) -> None:
    """Execute notebooks with Papermill on the project kernel; write executed notebooks, HTML and manifest."""
    from .report import runner

    try:
        results = runner.run_cli(notebooks or [], all_=all_, params=param or [], params_file=params_file,
                                 output_dir=output_dir)
    except KesosError as exc:
        fail(exc)
    failed = [r for r in results if r.status != "ok"]
    for r in results:
        mark = "ok " if r.status == "ok" else "FAILED"
        typer.echo(f"[{mark}] {r.name} ({r.lang}) → {r.html or r.output_notebook}")
    if failed:
        for r in failed:
            typer.secho(f"error: {r.error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
