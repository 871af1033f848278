"""Execute notebooks with Papermill and turn them into reports (the façade of :mod:`kesos_analysis.report`).

For each notebook and language: parameters are the notebook's own defaults (its cell tagged
``parameters``), overridden by a YAML file (``-f``) and then by ``-p NAME=VALUE``, typed and checked by
:mod:`.params`. Runs are planned first (every parameter of every run resolved before any kernel starts,
declared dependencies added and ordered), then each run is either **reused** — its cache key
(:mod:`.cache`) is unchanged and its outputs exist — or executed by :mod:`.execute`, in parallel on
``workers`` processes (default: the core count; one kernel per worker process; independent notebooks
and language variants run side by side; a run starts only after the runs it depends on succeeded).
A failure keeps the failed output notebook, still runs what does not depend on it, and is reported
naming the notebook, cell and error; runs that depend on it are ``skipped``.

Outputs: ``<reports>/notebooks/<name>.ipynb`` (English: ``<reports>/en/…``), ``<reports>/html/<name>.html``,
``<reports>/values/<name>[.<lang>].json`` (recorded values, tracked in git) and ``<reports>/manifest.json``
(:mod:`.manifest`). Progress is shown per run on the terminal only.

Modules: :mod:`.params` (declaration, typing, checks), :mod:`.execute` (one run), :mod:`.cache`,
:mod:`.manifest`, :mod:`.html`, :mod:`.checks` (publication checks), :mod:`.verify` (recorded values).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import config
from ..errors import KesosError
from . import cache
from .checks import find_identifiers
from .execute import RunResult, check_kernel, execute, lang_dir, now, post_checks, values_path
from .html import add_alt_text, export_html
from .manifest import (
    RECORDED_PACKAGES,
    environment,
    git_commit,
    input_hashes,
    package_versions,
    previous_record,
    read_manifest,
    redact,
    write_manifest,
)
from .params import (
    SPECS,
    check_values,
    coerce,
    declared_parameters,
    normalise_province,
    notebook_info,
    resolve_parameters,
)

__all__ = [
    "RECORDED_PACKAGES", "RunResult", "SPECS", "Task", "add_alt_text", "available_notebooks", "check_kernel",
    "check_values", "coerce", "declared_parameters", "execute", "export_html", "find_identifiers", "git_commit",
    "input_hashes", "lang_dir", "normalise_province", "notebook_info", "package_versions", "plan", "redact",
    "post_checks", "resolve_notebook", "resolve_parameters", "run", "run_cli", "values_path", "verify",
    "write_manifest",
]

#: Former name of :func:`post_checks` (kept for callers of the single-module runner).
_post_checks = post_checks


# ---------------------------------------------------------------------------------------------- notebooks
def available_notebooks(nb_dir: Path | None = None) -> list[Path]:
    """Source notebooks in ``notebooks/`` (sorted by name, e.g. ``00_…``, ``01_…``)."""
    nb_dir = nb_dir or config.notebooks_dir()
    return sorted(p for p in nb_dir.glob("*.ipynb") if not p.name.startswith("."))


def resolve_notebook(name: str, nb_dir: Path | None = None) -> Path:
    """Find a notebook by name (``01_poverty_and_workforce``, with or without ``.ipynb``) or path.

    Raises :class:`KesosError` listing the available notebooks.
    """
    nb_dir = nb_dir or config.notebooks_dir()
    p = Path(name)
    candidates = [p, p.with_suffix(".ipynb"), nb_dir / p.name, (nb_dir / p.name).with_suffix(".ipynb")]
    for c in candidates:
        if c.suffix == ".ipynb" and c.is_file():
            return c.resolve()
    names = ", ".join(x.stem for x in available_notebooks(nb_dir))
    raise KesosError(f"notebook {name!r} not found; available: {names}")


# ------------------------------------------------------------------------------------------------- plan
@dataclass
class Task:
    """One planned run: a notebook in one language with resolved parameters."""

    path: Path
    parameters: dict[str, Any]
    timeout: int
    kernel: str
    depends: list[tuple[str, str]] = field(default_factory=list)
    key: str = ""

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def lang(self) -> str:
        return str(self.parameters.get("lang", "id"))

    @property
    def id(self) -> tuple[str, str]:
        return self.name, self.lang


def plan(names: Iterable[str], *, langs: Iterable[str] | None = None, params: Iterable[str] = (),
         params_file: Path | None = None, overrides: dict[str, Any] | None = None) -> list[Task]:
    """Every run to do, dependencies first: parameters resolved (a typo fails before anything runs),
    declared ``kesos.depends_on`` notebooks added (with their defaults) and ordered. Raises
    :class:`KesosError` for an unknown notebook or a dependency cycle."""
    params = list(params)
    paths = [resolve_notebook(n) for n in names] if names else available_notebooks()
    if not paths:
        raise KesosError(f"no notebooks found in {config.notebooks_dir()}")
    langs = list(langs) if langs else [None]
    requested = {p.stem for p in paths}
    order: list[Path] = []
    visiting: list[str] = []

    def visit(p: Path) -> None:
        if p in order:
            return
        if p.stem in visiting:
            raise KesosError(f"notebooks depend on each other in a cycle: {' → '.join([*visiting, p.stem])}")
        visiting.append(p.stem)
        for dep in notebook_info(p).depends_on:
            visit(resolve_notebook(dep, p.parent))
        visiting.pop()
        order.append(p)

    for p in paths:
        visit(p)
    tasks: list[Task] = []
    for p in order:
        info = notebook_info(p)
        for lang in langs:
            extra = dict(overrides or {})
            if lang:
                extra["lang"] = lang
            if p.stem in requested:
                values = resolve_parameters(p, params, params_file, extra)
            else:  # a dependency not asked for: its defaults (and the language)
                values = resolve_parameters(p, (), None, extra)
            task = Task(p, values, info.timeout_seconds, info.kernel or config.KERNEL_NAME)
            for dep in info.depends_on:
                same = [t.id for t in tasks if t.name == dep and t.lang == task.lang]
                task.depends += same or [t.id for t in tasks if t.name == dep]
            tasks.append(task)
    return tasks


# -------------------------------------------------------------------------------------------- progress
class _Progress:
    """Per-run status and time on the terminal (rich live table); silent when stderr is not a terminal."""

    def __init__(self, tasks: list[Task], enabled: bool):
        self.rows = {t.id: ["queued", None, None] for t in tasks}
        self.live = None
        if enabled:
            from rich.console import Console
            from rich.live import Live

            self.live = Live(self._table(), console=Console(stderr=True), refresh_per_second=4, transient=False)
            self.live.start()

    def _table(self):
        from rich.table import Table

        table = Table(title="kesos run", show_edge=False)
        for col in ("notebook", "lang", "status", "time"):
            table.add_column(col)
        styles = {"ok": "green", "reused": "cyan", "failed": "bold red", "skipped": "yellow", "running": "magenta"}
        for (name, lang), (status, start, secs) in self.rows.items():
            if status == "running" and start:
                secs = time.perf_counter() - start
            table.add_row(name, lang, f"[{styles.get(status, '')}]{status}[/]", "" if secs is None else f"{secs:.1f} s")
        return table

    def update(self, task_id: tuple[str, str], status: str, seconds: float | None = None) -> None:
        row = self.rows[task_id]
        row[0] = status
        if status == "running":
            row[1] = time.perf_counter()
        if seconds is not None:
            row[2] = seconds
        if self.live is not None:
            self.live.update(self._table())

    def close(self) -> None:
        if self.live is not None:
            self.live.update(self._table())
            self.live.stop()


class _InlineExecutor:
    """``workers=1``: run in this process, one after another (no pool start-up)."""

    def submit(self, fn, *args, **kwargs) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # pragma: no cover - execute() does not raise for notebook errors
            fut.set_exception(exc)
        return fut

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _executor(kind: str, workers: int):
    if workers <= 1 or kind == "inline":
        return _InlineExecutor()
    if kind == "thread":
        return ThreadPoolExecutor(max_workers=workers)
    import multiprocessing as mp

    return ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("forkserver"))


def _run_task(task: Task, out_dir: Path, redirect_stderr: bool, provenance: dict[str, Any]) -> RunResult:
    result = execute(task.path, task.parameters, out_dir, timeout=task.timeout, kernel=task.kernel,
                     redirect_stderr=redirect_stderr, provenance=provenance)
    result.cache_key = task.key
    return result


# ---------------------------------------------------------------------------------------------------- run
def _check_output_dir(out_dir: Path) -> None:
    for protected in (config.data_raw(), config.data_processed(), config.project_root() / "data"):
        if out_dir == protected.resolve() or protected.resolve() in out_dir.parents:
            raise KesosError(f"--output-dir {out_dir}: reports must not be written inside {protected} "
                             "(data/raw is written only by `kesos data add`); choose another folder")


def run(names: Iterable[str], *, langs: Iterable[str] | None = None, params: Iterable[str] = (),
        params_file: Path | None = None, output_dir: Path | None = None, workers: int | None = None,
        force: bool = False, executor: str = "process", progress: bool | None = None,
        overrides: dict[str, Any] | None = None) -> list[RunResult]:
    """Run notebooks (all when ``names`` is empty), each in every language of ``langs``.

    ``langs=None`` runs the language the parameters give (default ``id``). ``workers`` defaults to the
    core count; ``executor`` is ``process`` (one kernel per worker process), ``thread`` or ``inline``.
    ``force`` re-runs even when the cache key is unchanged. ``progress`` defaults to "stderr is a
    terminal". Returns one :class:`RunResult` per run (status ``ok``, ``reused``, ``failed`` or
    ``skipped``) in plan order and updates ``manifest.json``.
    """
    out_dir = (output_dir or config.reports_dir()).resolve()
    _check_output_dir(out_dir)
    names = list(names)
    request = None
    if not force:
        pf = Path(params_file) if params_file else None
        requested = [resolve_notebook(n) for n in names]
        request = cache.request_key({
            "names": [str(p) for p in requested],
            "folders": sorted({str(p.parent) for p in requested}), "langs": list(langs) if langs else None,
            "params": list(params), "overrides": overrides,
            "params_file": (pf.read_bytes().decode("utf-8", "replace")
                            if pf and pf.is_file() and pf.stat().st_size < 65536 else str(pf)),
            "kernel_registered": _kernel_registered()})
        fast = _answer_from_manifest(request, out_dir)
        if fast is not None:
            return fast
    tasks = plan(list(names), langs=langs, params=params, params_file=params_file, overrides=overrides)
    inputs = input_hashes()
    library, lock = cache.library_version(), cache.environment_lock()
    manifest = read_manifest(out_dir)
    by_id = {t.id: t for t in tasks}
    for t in tasks:
        t.key = cache.run_key(notebook_sha256=notebook_info(t.path).source_sha256, parameters=t.parameters,
                              inputs=inputs, library=library, lock=lock, kernel=t.kernel,
                              depends=[by_id[d].key for d in t.depends])
    results: dict[tuple[str, str], RunResult] = {}
    todo: list[Task] = []
    for t in tasks:
        rec = previous_record(manifest, t.name, t.lang)
        if not force and cache.reusable(rec, t.key, out_dir):
            results[t.id] = RunResult(t.name, t.lang, "reused", t.parameters, rec.get("output_notebook"),
                                      rec.get("html"), rec.get("values_file"), dict(rec.get("extra_outputs") or {}),
                                      rec.get("started"), now(), rec.get("seconds"), cache_key=t.key, reused=True)
        else:
            todo.append(t)
    env = environment() if todo else {k: manifest.get(k) for k in ("generator", "git", "python", "packages", "kernel")}
    if results:
        write_manifest(out_dir, list(results.values()), inputs, env)
    if todo:
        _execute_all(todo, results, out_dir, inputs, env, workers, executor, progress)
    final = [results[t.id] for t in tasks]
    if request and all(r.status in ("ok", "reused") for r in final):
        write_manifest(out_dir, [], inputs, env, requests={request: [[r.name, r.lang, r.cache_key] for r in final]})
    _write_index(out_dir)
    return final


def _kernel_registered() -> bool:
    """Cheap test that the project kernel's spec folder exists (part of the request key)."""
    import sysconfig

    return (Path(sys.prefix) / "share" / "jupyter" / "kernels" / config.KERNEL_NAME).is_dir() or \
        (Path(sysconfig.get_path("data")) / "share" / "jupyter" / "kernels" / config.KERNEL_NAME).is_dir()


def _answer_from_manifest(request: str, out_dir: Path) -> list[RunResult] | None:
    """Reused results of an unchanged request (see :func:`cache.request_key`), or ``None`` (plan fully)."""
    manifest = read_manifest(out_dir)
    entries = manifest.get("requests", {}).get(request)
    if not entries:
        return None
    results = []
    for name, lang, key in entries:
        rec = previous_record(manifest, name, lang)
        if not cache.reusable(rec, key, out_dir):
            return None
        results.append(RunResult(name, lang, "reused", rec.get("parameters") or {}, rec.get("output_notebook"),
                                 rec.get("html"), rec.get("values_file"), dict(rec.get("extra_outputs") or {}),
                                 rec.get("started"), now(), rec.get("seconds"), cache_key=key, reused=True))
    env = {k: manifest.get(k) for k in ("generator", "git", "python", "packages", "kernel")}
    write_manifest(out_dir, results, {}, env, redact_text=False)
    if not (out_dir / "index.html").exists():  # the index of the last full run lists the same reports
        _write_index(out_dir)
    return results


def _execute_all(todo: list[Task], results: dict, out_dir: Path, inputs: dict, env: dict, workers: int | None,
                 executor: str, progress: bool | None) -> None:
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    provenance = {"inputs_sha256": inputs, **{k: env.get(k) for k in ("git", "python", "packages")}}
    check_kernel(todo[0].kernel)  # a missing kernel is one clear message, not one per run
    show = _Progress(todo, sys.stderr.isatty() if progress is None else progress)
    pending = list(todo)
    running: dict[Future, Task] = {}
    try:
        with _executor(executor, workers) as pool:
            while pending or running:
                for t in list(pending):
                    bad = [d for d in t.depends if d in results and results[d].status in ("failed", "skipped")]
                    if bad:
                        pending.remove(t)
                        dep = f"{bad[0][0]} ({bad[0][1]})"
                        results[t.id] = RunResult(t.name, t.lang, "skipped", t.parameters, started=now(),
                                                  finished=now(),
                                                  error=f"notebook {t.name} ({t.lang}) not run: it depends on {dep}, "
                                                        "which failed", cache_key=t.key)
                        write_manifest(out_dir, [results[t.id]], inputs, env)
                        show.update(t.id, "skipped")
                for t in list(pending):
                    if len(running) >= workers:
                        break
                    if all(d in results for d in t.depends):
                        pending.remove(t)
                        show.update(t.id, "running")
                        running[pool.submit(_run_task, t, out_dir, executor != "thread", provenance)] = t
                if not running:
                    if pending:  # pragma: no cover - plan() orders dependencies first
                        raise KesosError(f"cannot schedule {', '.join(t.name for t in pending)}")
                    break
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for fut in done:
                    t = running.pop(fut)
                    try:
                        res = fut.result()
                    except Exception as exc:  # a worker process died (out of memory, killed)
                        res = RunResult(t.name, t.lang, "failed", t.parameters, started=now(), finished=now(),
                                        error=f"notebook {t.path.name} could not be executed: worker failed: "
                                              f"{type(exc).__name__}: {exc}", cache_key=t.key)
                    results[t.id] = res
                    write_manifest(out_dir, [res], inputs, env)
                    show.update(t.id, res.status, res.seconds)
    finally:
        show.close()


def _write_index(out_dir: Path) -> None:
    """``reports/index.html`` from the manifest (formats layer): every report with language, parameters, run
    time, status, reuse and links to HTML/PDF/DOCX."""
    from . import formats

    formats.write_index(out_dir, read_manifest(out_dir))


def run_cli(names: list[str], *, all_: bool, params: list[str], params_file: Path | None, output_dir: Path | None,
            workers: int | None = None, force: bool = False) -> list[RunResult]:
    """Entry point of ``kesos run``: ``--all`` (or no names) runs every notebook in both languages."""
    langs = list(config.LANGUAGES) if (all_ or not names) and not any(p.startswith("lang=") for p in params) else None
    return run([] if all_ else names, langs=langs, params=params, params_file=params_file, output_dir=output_dir,
               workers=workers, force=force)


# ------------------------------------------------------------------------------------------------ verify
def verify(names: Iterable[str] = (), *, values_dir: Path | None = None, workers: int | None = None,
           executor: str = "process", progress: bool | None = None) -> tuple[list[RunResult], list]:
    """Re-execute notebooks with the parameters recorded in their values files, into a temporary folder,
    and compare the values (:func:`kesos_analysis.report.verify.compare`).

    ``names``: notebooks (default: every notebook with a values file). Returns ``(runs, drifts)``; a run
    that fails is returned with its error. Published reports are not touched.
    """
    from .verify import compare, read_values

    values_dir = values_dir or config.reports_dir() / "values"
    files = sorted(values_dir.glob("*.json"))
    wanted = {Path(n).stem for n in names}
    if wanted:
        known = {read_values(f)["notebook"] for f in files}
        missing = sorted(wanted - known)
        if missing:
            raise KesosError(f"no recorded values for {', '.join(missing)} in {values_dir}; run `kesos run` first")
        files = [f for f in files if read_values(f)["notebook"] in wanted]
    if not files:
        raise KesosError(f"no recorded values in {values_dir}; run `kesos run` first")
    docs = {f: read_values(f) for f in files}
    runs: list[RunResult] = []
    drifts = []
    with tempfile.TemporaryDirectory(prefix="kesos-verify-") as tmp:
        out = Path(tmp)
        for f, doc in docs.items():
            runs += run([doc["notebook"]], overrides=doc.get("parameters") or {}, output_dir=out / f.stem,
                        workers=workers, executor=executor, progress=progress, force=True)
        by = {(r.name, r.lang): r for r in runs}
        for f, doc in docs.items():
            r = by.get((doc["notebook"], doc.get("lang", "id")))
            if r is None or r.status != "ok":
                continue
            new = json.loads((out / f.stem / r.values_file).read_text(encoding="utf-8"))["values"]
            drifts += compare(doc["values"], new, file=str(f.relative_to(config.project_root()))
                              if config.project_root() in f.parents else f.name)
    return runs, drifts

