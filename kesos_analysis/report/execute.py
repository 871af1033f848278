"""Execute one notebook with Papermill and stage, check and publish its outputs.

Per run (:func:`execute`):

* the kernel is the one the notebook names (the project kernel, :data:`config.KERNEL_NAME`); a missing
  kernel is reported with the command that registers it (:func:`check_kernel`);
* every cell has a finite timeout (``kesos.timeout_seconds`` in the notebook metadata, default
  :data:`~kesos_analysis.report.params.DEFAULT_CELL_TIMEOUT`);
* the kernel starts with ``TQDM_DISABLE=1`` and a start-up file that makes a failing shell escape
  (``!cmd`` with a non-zero exit status) raise, so it fails the run;
* stderr outputs (warnings, progress bars, font-fallback messages) are moved out of the notebook into
  ``<reports>/logs/<notebook>.log`` (repeated ``findfont`` lines collapsed to one), never published;
* the executed notebook records the kernel actually used (``metadata.kernelspec`` and
  ``metadata.kesos.kernel``) and its recorded values are read back (:mod:`kesos_analysis.report.values`);
* outputs are staged beside their targets, checked (no NIK/NIP or 16–18-digit identifier, every image
  embedded, no empty key table) and only then replace the previous report. A failing run is kept as
  ``<name>.failed.ipynb`` (with Papermill's error banner) unless a check withholds it.

A kernel start-up failure (port race, kernel died before replying) is retried twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import config
from ..errors import KesosError

#: Kernel start-up file: a failing shell escape raises (IPython only stores ``_exit_code``).
_STARTUP = '''\
def _kesos_strict_shell():
    ip = get_ipython()
    if ip is None:
        return
    plain = ip.system

    def system(cmd):
        plain(cmd)
        code = ip.user_ns.get("_exit_code", 0)
        if code:
            raise RuntimeError(f"shell command failed with exit status {code}: !{cmd}")

    ip.system = system
    plain_getoutput = ip.getoutput

    def getoutput(cmd, split=True, depth=0):
        # `x = !cmd`, `!!cmd` and `%sx cmd` capture the output and IPython ignores the exit status there:
        # append the status as a last line, take it off again and raise if it is not 0
        out = plain_getoutput(f"{cmd}\\necho __kesos_exit_status=$?", split=True, depth=depth + 1)
        status = out.pop() if out and str(out[-1]).startswith("__kesos_exit_status=") else "__kesos_exit_status=0"
        code = int(status.split("=", 1)[1] or 0)
        if code:
            raise RuntimeError(f"shell command failed with exit status {code}: !{cmd}")
        return out if split else out.n  # IPython's SList; .n is the LSString joined by newlines

    ip.getoutput = getoutput


_kesos_strict_shell()
del _kesos_strict_shell
'''

START_RETRIES = 2


@dataclass
class RunResult:
    """Outcome of one notebook run (paths relative to the reports folder where possible).

    ``status``: ``ok``, ``failed``, ``reused`` (cache hit, nothing executed) or ``skipped`` (a dependency
    failed)."""

    name: str
    lang: str
    status: str
    parameters: dict[str, Any]
    output_notebook: str | None = None
    html: str | None = None
    values_file: str | None = None
    extra_outputs: dict[str, str] = field(default_factory=dict)
    started: str | None = None
    finished: str | None = None
    seconds: float | None = None
    error: str | None = None
    failed_cell: dict[str, Any] | None = None
    kernel: dict[str, Any] | None = None
    cache_key: str | None = None
    reused: bool = False
    values: dict[str, Any] | None = None


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def lang_dir(out_dir: Path, lang: str) -> Path:
    """Reports sub-folder of a language: ``reports/`` for Indonesian, ``reports/en/`` for English."""
    return out_dir if lang == "id" else out_dir / lang


def values_path(out_dir: Path, name: str, lang: str) -> Path:
    """``<reports>/values/<notebook>.json`` (Indonesian) or ``<notebook>.<lang>.json``."""
    return out_dir / "values" / (f"{name}.json" if lang == "id" else f"{name}.{lang}.json")


def check_kernel(name: str | None = None) -> dict[str, Any]:
    """The kernelspec ``name`` (default: the project kernel) as ``{name, display_name, language, argv0}``.

    Raises :class:`KesosError` saying how to register the kernel when it is missing."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    name = name or config.KERNEL_NAME
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise KesosError(
            f"Jupyter kernel {name!r} is not registered. Register it with `make test` (or `make reports`), or run "
            f"`.venv/bin/python -m ipykernel install --sys-prefix --name {name} --display-name \"Python ({name})\"`"
        ) from None
    return {"name": name, "display_name": spec.display_name, "language": spec.language,
            "argv0": spec.argv[0] if spec.argv else None}


@contextlib.contextmanager
def kernel_environment(log_path: Path | None):
    """Environment of the kernel process for one run: ``TQDM_DISABLE``, an IPython start-up file that
    makes failing shell escapes raise, and (when ``log_path`` is given) fd 2 sent to the run log."""
    import sys

    saved_env = {k: os.environ.get(k) for k in ("TQDM_DISABLE", "IPYTHONDIR")}
    with tempfile.TemporaryDirectory(prefix="kesos-ipython-") as ipydir:
        startup = Path(ipydir) / "profile_default" / "startup"
        startup.mkdir(parents=True)
        (startup / "00-kesos.py").write_text(_STARTUP, encoding="utf-8")
        os.environ.update({"TQDM_DISABLE": "1", "IPYTHONDIR": ipydir})
        saved_fd = None
        fh = None
        try:
            if log_path is not None:
                log_path.parent.mkdir(parents=True, exist_ok=True)
                sys.stderr.flush()
                saved_fd = os.dup(2)
                fh = open(log_path, "ab")
                os.dup2(fh.fileno(), 2)
            yield
        finally:
            if saved_fd is not None:
                sys.stderr.flush()
                os.dup2(saved_fd, 2)
                os.close(saved_fd)
            if fh is not None:
                fh.close()
            for k, v in saved_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def move_stderr_to_log(nb: Any, log_path: Path) -> int:
    """Remove stderr stream outputs from ``nb`` and append them to ``log_path`` (``findfont`` lines
    collapsed to the first one). Returns the number of outputs moved."""
    lines: list[str] = []
    moved = 0
    for i, cell in enumerate(nb.cells, start=1):
        keep = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                moved += 1
                text = out.get("text", "")
                lines += [f"[cell {i}] {ln}" for ln in ("".join(text) if isinstance(text, list) else text).splitlines()]
            else:
                keep.append(out)
        if "outputs" in cell:
            cell["outputs"] = keep
    if lines:
        fonts = [ln for ln in lines if "findfont" in ln]
        lines = [ln for ln in lines if "findfont" not in ln]
        if fonts:
            more = f"  [{len(fonts) - 1} more font-fallback lines omitted]" if len(fonts) > 1 else ""
            lines.append(fonts[0] + more)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    return moved


def _source_cell_number(source_nb: Path, failing_source: str, executed_index: int) -> int:
    """1-based number of the failing cell in the *source* notebook (found by its code: the executed
    notebook has an injected-parameters cell and an error banner the source does not)."""
    import nbformat

    try:
        source = nbformat.read(source_nb, as_version=4)
        for i, cell in enumerate(source.cells):
            if cell.cell_type == "code" and cell.source.strip() == failing_source.strip():
                return i + 1
    except Exception:  # unreadable source: fall back to Papermill's numbering
        pass
    return executed_index + 1


def _running_cell(tmp: Path) -> tuple[int | None, str]:
    """Index and source of the cell that was running when a timeout stopped the kernel."""
    import nbformat

    try:
        nb = nbformat.read(tmp, as_version=4)
    except Exception:
        return None, ""
    started = [(i, cell) for i, cell in enumerate(nb.cells)
               if cell.get("metadata", {}).get("papermill", {}).get("start_time")]
    if not started:
        return None, ""
    i, cell = started[-1]  # the last cell that started is the one that timed out
    return i, cell.source


def _start_failure(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}"
    return any(s in text for s in ("Kernel died before replying", "Address already in use", "ZMQError",
                                   "Kernel didn't respond", "kernel_info"))


def post_checks() -> tuple:
    """Checks applied to every staged output before it is published: the privacy module's public NIK check
    (:func:`kesos_analysis.data.privacy.assert_no_nik`) and the catch-all scan for any 16–18-digit
    identifier-like number (:func:`kesos_analysis.report.checks.assert_no_identifiers`)."""
    # Imported directly, so a broken privacy module fails loudly instead of silently dropping the check.
    # TODO(issue 12): add the data layer's NIP check here once its public function is on main.
    from ..data.privacy import assert_no_nik
    from .checks import assert_no_identifiers

    return (assert_no_nik, assert_no_identifiers)


def execute(nb_path: Path, parameters: dict[str, Any], out_dir: Path, checks_: tuple | None = None, *,
            timeout: int | None = None, kernel: str | None = None, redirect_stderr: bool = True,
            provenance: dict[str, Any] | None = None) -> RunResult:
    """Execute one notebook and publish its checked outputs (see the module docstring).

    ``checks_``: publication checks, each called with the list of staged files (default :func:`post_checks`);
    ``timeout``: per-cell timeout in seconds (default: the notebook's ``kesos.timeout_seconds``);
    ``provenance``: ``inputs_sha256``, ``git``, ``python``, ``packages`` of the run — the report then ends with
    the "Asal-usul data / Data provenance" section and figures and tables are numbered (formats layer).
    Returns a :class:`RunResult`; never raises for a failing cell, a failing check or a missing kernel.
    """
    import nbformat
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    from . import checks
    from .html import export_html
    from .manifest import redact, redact_file
    from .params import notebook_info
    from .values import extract

    t0 = time.perf_counter()
    checks_ = post_checks() if checks_ is None else checks_
    timeout = timeout or notebook_info(nb_path).timeout_seconds
    kernel = kernel or config.KERNEL_NAME
    lang = str(parameters.get("lang", "id"))
    base = lang_dir(out_dir, lang)
    name = nb_path.stem
    nb_out = base / "notebooks" / nb_path.name
    html_out = base / "html" / f"{name}.html"
    vals_out = values_path(out_dir, name, lang)
    nb_out.parent.mkdir(parents=True, exist_ok=True)
    result = RunResult(name=name, lang=lang, status="ok", parameters=parameters, started=now())
    log_path = base / "logs" / f"{name}.log"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".ipynb", dir=nb_out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    staged: list[Path] = []
    export_src = tmp
    try:
        try:
            result.kernel = check_kernel(kernel)
        except KesosError as exc:
            result.status, result.error = "failed", f"notebook {nb_path.name} could not be executed: {exc}"
        for attempt in range(START_RETRIES + 1):
            if result.status != "ok":
                break
            try:
                with kernel_environment(log_path if redirect_stderr else None):
                    pm.execute_notebook(str(nb_path), str(tmp), parameters=parameters, kernel_name=kernel,
                                        cwd=str(nb_path.parent), progress_bar=False, log_output=False,
                                        execution_timeout=timeout)
                break
            except PapermillExecutionError as exc:
                number = _source_cell_number(nb_path, exc.source, exc.cell_index)
                first_line = next((ln for ln in exc.source.splitlines() if ln.strip()), "")
                result.status = "failed"
                result.failed_cell = {"number": number, "execution_count": exc.exec_count,
                                      "error": f"{exc.ename}: {exc.evalue}", "source": exc.source[:500]}
                result.error = (f"notebook {nb_path.name} failed in cell {number} (counting from 1 in {nb_path.name}; "
                                f"execution count {exc.exec_count}; starts `{first_line[:80]}`): "
                                f"{exc.ename}: {exc.evalue}")
            except CellTimeoutError:
                index, source = _running_cell(tmp)
                number = _source_cell_number(nb_path, source, index) if index is not None else None
                where = f"cell {number}" if number else "a cell"
                result.status = "failed"
                result.failed_cell = {"number": number, "error": f"timeout after {timeout} s", "source": source[:500]}
                result.error = (f"notebook {nb_path.name} failed in {where}: no result within the per-cell timeout of "
                                f"{timeout} s (raise it with the notebook metadata kesos.timeout_seconds)")
            except Exception as exc:  # kernel start-up race, bad notebook JSON, …
                if attempt < START_RETRIES and _start_failure(exc):
                    time.sleep(0.5 * (attempt + 1))
                    continue
                result.status = "failed"
                result.error = f"notebook {nb_path.name} could not be executed: {type(exc).__name__}: {exc}"
        # Post-process the executed notebook: stderr to the log, the kernel actually used, recorded values.
        if tmp.exists() and tmp.stat().st_size > 0:
            nb = nbformat.read(tmp, as_version=4)
            move_stderr_to_log(nb, log_path)
            if result.kernel:
                nb.metadata["kernelspec"] = {k: result.kernel[k] for k in ("name", "display_name", "language")}
                nb.metadata.setdefault("kesos", {})["kernel"] = result.kernel
            problems = []
            if result.status == "ok":
                images = checks.unembedded_images(nb)
                if images:
                    problems.append(f"image(s) not embedded (a report must be self-contained): {'; '.join(images)}")
                empty = checks.empty_tables(nb)
                if empty:
                    problems.append(f"empty table in {', '.join(empty)} (a key table without rows is a failed report)")
                try:
                    result.values = extract(nb)
                except KesosError as exc:
                    problems.append(str(exc))
            nbformat.write(nb, tmp)  # the executed notebook as the kernel produced it (nbval re-runs it as is)
            staged.append(tmp)
            if result.status == "ok" and not problems and provenance is not None:
                # the exports (HTML, PDF, DOCX) get numbered captions and the provenance section
                _add_provenance(nb, provenance, name, lang, parameters, result.started)
                export_src = tmp.with_name(f"{tmp.stem}.export.ipynb")
                nbformat.write(nb, export_src)
            if problems:
                result.status = "failed"
                result.error = f"notebook {nb_path.name}: " + "; ".join(problems)
        staged_html = html_out.with_name(f".{name}.staged.html")
        if result.status == "ok" and staged:
            try:
                export_html(export_src, staged_html, resources_dir=nb_path.parent)
                staged.append(staged_html)
                staged += _export_formats(export_src, html_out, name, lang, result)
            except Exception as exc:  # nbconvert/format failure: report it, keep the last good outputs
                result.status = "failed"
                result.error = f"notebook {nb_path.name}: export failed: {type(exc).__name__}: {exc}"
        withheld = False
        try:
            for check in checks_:
                check(staged)
        except KesosError as exc:
            withheld = True
            result.status = "failed"
            result.error = f"notebook {nb_path.name}: output withheld: {exc}"
        if withheld:
            pass
        elif result.status == "ok":
            _publish(tmp, nb_out)
            os.replace(staged_html, html_out)
            for f in staged[2:]:
                final = f.with_name(f.name.replace(".staged", "").lstrip("."))
                os.replace(f, final)
                result.extra_outputs[final.suffix.lstrip(".")] = str(final.relative_to(out_dir))
            _write_values(vals_out, name, lang, parameters, result.values or {})
            result.output_notebook = str(nb_out.relative_to(out_dir))
            result.html = str(html_out.relative_to(out_dir))
            result.values_file = str(vals_out.relative_to(out_dir))
            nb_out.with_name(f"{name}.failed.ipynb").unlink(missing_ok=True)  # stale failure
        elif tmp in staged:
            failed = nb_out.with_name(f"{name}.failed.ipynb")
            _publish(tmp, failed)
            result.output_notebook = str(failed.relative_to(out_dir))
    finally:
        for f in [tmp, export_src, *staged]:
            f.unlink(missing_ok=True)
        redact_file(log_path)
    if result.error:
        result.error = redact(result.error)
    result.finished = now()
    result.seconds = round(time.perf_counter() - t0, 2)
    return result


def _add_provenance(nb: Any, provenance: dict[str, Any], name: str, lang: str, parameters: dict[str, Any],
                    started: str | None) -> None:
    """Number figures and tables and append the provenance section (formats layer, issue 11 §3). The run's
    start and end times are the only run-dependent text of a report (:data:`.html.TIMESTAMP_PATTERN`)."""
    from . import formats

    record = {**provenance, "name": name, "lang": lang, "parameters": parameters, "started": started,
              "finished": now(), "status": "ok"}
    formats.number_captions(nb, lang)
    formats.append_provenance(nb, record, lang)


def _publish(tmp: Path, target: Path) -> None:
    from ..io import _umask

    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, target)


def _write_values(path: Path, name: str, lang: str, parameters: dict[str, Any], values: dict[str, Any]) -> None:
    """``reports/values/<notebook>[.<lang>].json``: stable key order, no timestamps (a reviewable diff)."""
    import json

    from ..io import atomic_write_text

    doc = {"notebook": name, "lang": lang, "parameters": parameters, "values": values}
    atomic_write_text(path, json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n")


def _export_formats(executed: Path, html_out: Path, name: str, lang: str, result: RunResult) -> list[Path]:
    """PDF and DOCX beside the HTML, staged (``.<name>.staged.pdf``/``.docx``).

    Uses the formats layer (``export_pdf(executed, pdf_path, *, lang)``, ``export_docx(…)``)."""
    from . import formats

    staged = []
    for ext, fn in (("pdf", getattr(formats, "export_pdf", None)), ("docx", getattr(formats, "export_docx", None))):
        if fn is None:
            continue
        target = html_out.parent.parent / ext / f".{name}.staged.{ext}"
        target.parent.mkdir(parents=True, exist_ok=True)
        fn(executed, target, lang=lang)
        staged.append(target)
    return staged
