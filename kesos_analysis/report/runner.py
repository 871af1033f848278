"""Execute notebooks with Papermill and turn them into reports.

For each notebook and language: parameters are the notebook's own defaults (its cell tagged
``parameters``), overridden by a YAML file (``-f``) and then by ``-p NAME=VALUE``; unknown names are an
error. The notebook is executed on the project kernel (:data:`config.KERNEL_NAME`) into
``<reports>/notebooks/<name>.ipynb`` (English: ``<reports>/en/notebooks/``), exported to self-contained
HTML ``<reports>/html/<name>.html`` (code hidden, images embedded, no CDN scripts), and recorded in
``<reports>/manifest.json`` with its parameters, the sha256 of every input file, the git commit, package
versions, start/end time and status. A failing notebook is saved with Papermill's error banner, named
with its failing cell, and makes the run fail.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import os
import json
import platform
import re
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

import yaml

from .. import __version__, config
from ..errors import KesosError, NotebookExecutionError, ParameterError
from ..io import atomic_path, atomic_write_text, read_yaml_mapping

#: Packages whose versions are recorded in the manifest.
RECORDED_PACKAGES = (
    "kesos-analysis", "pandas", "numpy", "pandera", "pyarrow", "statsmodels", "scipy", "seaborn", "matplotlib",
    "papermill", "nbconvert", "nbclient", "nbformat", "ipykernel", "jupyterlab", "babel", "openpyxl", "pyyaml",
    "typer",
)

_CDN_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>\s*', re.IGNORECASE)


@dataclass
class RunResult:
    """Outcome of one notebook run (paths relative to the reports folder where possible)."""

    name: str
    lang: str
    status: str
    parameters: dict[str, Any]
    output_notebook: str | None = None
    html: str | None = None
    started: str | None = None
    finished: str | None = None
    error: str | None = None
    failed_cell: dict[str, Any] | None = field(default=None)


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


def declared_parameters(nb_path: Path) -> dict[str, dict[str, Any]]:
    """Parameters declared in the notebook's ``parameters`` cell: ``{name: {"default": value, "type": str}}``.

    Raises :class:`KesosError` if the notebook has no cell tagged ``parameters``.
    """
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise KesosError(f"{nb_path}: no cell tagged 'parameters' (Papermill needs one)")
    out: dict[str, dict[str, Any]] = {}
    for node in ast.parse(cells[0].source).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, SyntaxError):
                value = None
            for t in targets:
                if isinstance(t, ast.Name):
                    out[t.id] = {"default": value, "type": type(value).__name__}
    return out


def _short(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters for messages (a 50,000-character value is not echoed)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _coerce(name: str, raw: Any, declared: dict[str, Any], origin: str) -> Any:
    """Coerce a CLI/YAML value to the type of the declared default.

    Strings stay strings: ``-p province=33`` gives ``"33"`` (region codes are never numbers).
    """
    kind = declared["type"]
    if kind == "NoneType":  # "optional" parameters (default None): any YAML value, e.g. year_end=2024
        if isinstance(raw, str):
            try:
                raw = yaml.safe_load(raw)
            except yaml.YAMLError:
                pass
        if raw is not None and not isinstance(raw, (int, float, str)) or isinstance(raw, bool):
            raise ParameterError(f"{origin}: parameter {name!r} expects a single value; got {_short(raw)}")
        if name.startswith("year") and raw is not None:
            if isinstance(raw, float) and not raw.is_integer() or isinstance(raw, str):
                raise ParameterError(f"{origin}: parameter {name!r} expects an integer year; got {_short(raw)}")
            raw = int(raw)
        return raw
    if kind == "str":
        if isinstance(raw, float):
            raise ParameterError(f"{origin}: parameter {name!r} must be text; got {_short(raw)} (quote it)")
        return str(raw)
    if isinstance(raw, str):
        try:
            raw = yaml.safe_load(raw)
        except yaml.YAMLError:
            pass
    try:
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            raise ValueError
        if kind == "int":
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            return int(raw)
        if kind == "float":
            if isinstance(raw, bool):
                raise ValueError
            return float(raw)
        if kind in ("list", "tuple"):
            if not isinstance(raw, (list, tuple)):
                raise ValueError
            return list(raw)
        if kind == "dict":
            if not isinstance(raw, dict):
                raise ValueError
            return raw
    except (TypeError, ValueError):
        words = {"int": "an integer", "float": "a number", "bool": "true or false", "list": "a list", "dict": "a mapping"}
        raise ParameterError(
            f"{origin}: parameter {name!r} expects {words.get(kind, kind)} (default {declared['default']!r}); got {_short(raw)}"
        ) from None
    return raw


def resolve_parameters(nb_path: Path, params: Iterable[str] = (), params_file: Path | None = None,
                       overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Final parameters for one notebook: defaults ← YAML file ← ``-p`` items ← ``overrides``.

    Raises :class:`ParameterError` for an unknown name, a malformed ``-p`` item or a value of the wrong
    kind, naming the notebook and the valid parameters.
    """
    declared = declared_parameters(nb_path)
    values = {k: v["default"] for k, v in declared.items()}

    def put(name: str, raw: Any, origin: str) -> None:
        _refuse_nik(name, raw, origin)
        if name not in declared:
            raise ParameterError(
                f"{origin}: unknown parameter {name!r} for notebook {nb_path.stem}; valid: {', '.join(declared)}"
            )
        values[name] = _coerce(name, raw, declared[name], origin)

    if params_file is not None:
        loaded = read_yaml_mapping(params_file, "parameter file of NAME: VALUE", as_text=True)
        for k, v in loaded.items():
            put(str(k), v, str(params_file))
    seen: set[str] = set()
    for item in params:
        if "=" not in item:
            raise ParameterError(f"-p {item!r}: expected NAME=VALUE")
        k, _, v = item.partition("=")
        k = k.strip()
        if k in seen:
            raise ParameterError(f"-p {item}: parameter {k!r} given twice")
        seen.add(k)
        put(k, v, f"-p {item}")
    for k, v in (overrides or {}).items():
        if k in declared:
            values[k] = _coerce(k, v, declared[k], "run")
    check_values(values, nb_path.stem)
    return values


def _refuse_nik(name: str, raw: Any, origin: str) -> None:
    """Refuse a parameter value that contains a NIK-like number (personal data must never reach a report)."""
    from ..data.privacy import find_nik_like

    if find_nik_like(str(raw)) or find_nik_like(str(name)):
        raise ParameterError(f"{origin.split('=')[0]}: parameter value looks like a NIK (personal data, UU 27/2022); "
                             "refused before anything runs or is written")


# ----------------------------------------------------------------------------------------- value checks
def _check_province(v, values):
    from ..data.regions import normalise_province_parameter

    normalise_province_parameter(v)


def _check_years(_v, values):
    from ..data import load

    if "year_start" not in values:
        return
    from ..poverty import check_years

    years = load("poverty_province")["year"]
    lo, hi = int(years.min()), int(years.max())
    ys = values["year_start"]
    ye = hi if values.get("year_end") is None else values["year_end"]
    if ys <= ye:
        check_years(ys, ye)
    if not (ys <= ye):
        raise ParameterError(f"year_start ({ys}) must not be after year_end ({ye})")
    if ye < lo or ys > hi:
        raise ParameterError(f"year range {ys}–{ye} has no poverty data; data cover {lo}–{hi}")


def _check_scenario(v, values):
    from ..scenarios import list_scenarios

    names = list_scenarios()
    if v not in names:
        raise ParameterError(f"scenario {v!r} not found; available: {', '.join(names)}")


def _range(lo, hi, what=""):
    def check(v, values):
        if not (lo <= v <= hi):
            raise ParameterError(f"must be between {lo} and {hi}{what}; got {v!r}")
    return check


def _yaml_range(path: str, v, what: str = "", scale: float = 1.0):
    """Check ``v`` (× ``scale``) against the plausible range of parameter ``path`` in the parameter YAML,
    so the front door and the model agree (e.g. discount rate 3–10 %, start year 2026–2035)."""
    from ..paramfile import baseline

    lo, hi = baseline().leaf(path)["range"]
    if not (lo <= v * scale <= hi):
        raise ParameterError(f"must be between {lo / scale:g} and {hi / scale:g}{what} "
                             f"(plausible range of {path}); got {_short(v)}")


def _one_of(v, allowed):
    if v not in allowed:
        raise ParameterError(f"must be one of {tuple(allowed)}; got {v!r}")


def _check_density_year(v, values):
    from ..data import load

    pop = load("population_province")
    ok = sorted(int(y) for y in pop.loc[pop["bps_code"] == "00", "year"])
    if v not in ok:
        raise ParameterError(f"density_year needs a national population figure; available years: {ok}; got {v!r}")


#: Checks applied before any kernel starts to parameters a notebook declares (name → check(value, all values)).
VALUE_CHECKS = {
    "lang": lambda v, values: _one_of(v, config.LANGUAGES),
    "province": _check_province,
    "year_start": _check_years,
    "scenario": _check_scenario,
    "top_n": _range(1, 38, " (provinces)"),
    "density_year": _check_density_year,
    "start_year": lambda v, values: _yaml_range("pppk_costing.recruitment.start_year", v),
    "rollout_years": lambda v, values: _yaml_range("pppk_costing.recruitment.rollout_years", v, " years"),
    "discount_rate": lambda v, values: _yaml_range("pppk_costing.macro.discount_rate_percent", v, " (a fraction: 0.06 = 6 %)",
                                                   scale=100),
    "method": lambda v, values: _one_of(v, ("wisn", "abk")),
}


def check_values(values: dict[str, Any], notebook: str) -> None:
    """Apply :data:`VALUE_CHECKS` to the parameters a notebook declares; raise :class:`ParameterError` naming
    the notebook and parameter."""
    for name, check in VALUE_CHECKS.items():
        if name in values:
            try:
                check(values[name], values)
            except ParameterError as exc:
                msg = str(exc).replace(repr(values[name]), _short(values[name]))
                prefix = "" if msg.startswith(name) else f"{name}: "
                raise ParameterError(f"notebook {notebook}: {prefix}{msg}") from None


# ------------------------------------------------------------------------------------------------ manifest
def git_commit(root: Path | None = None) -> dict[str, Any]:
    """``{"commit": sha or None, "dirty": bool or None}`` of the checkout."""
    root = root or config.project_root()
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                    capture_output=True, text=True, check=True).stdout.strip())
        return {"commit": sha, "dirty": dirty}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None}


def package_versions() -> dict[str, str | None]:
    """Installed versions of :data:`RECORDED_PACKAGES` (``None`` if absent)."""
    out: dict[str, str | None] = {}
    for name in RECORDED_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def input_hashes() -> dict[str, str]:
    """sha256 of every raw input (verified against ``datapackage.json``), keyed by path under data/raw."""
    from ..data.datapackage import verify_all

    return verify_all()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def write_manifest(out_dir: Path, results: list[RunResult], inputs: dict[str, str]) -> Path:
    """Merge ``results`` into ``<out_dir>/manifest.json`` (atomic). Entries of other notebooks are kept."""
    path = out_dir / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        manifest = {}
    env = {
        "generator": f"kesos-analysis {__version__}",
        "git": git_commit(),
        "python": platform.python_version(),
        "packages": package_versions(),
        "kernel": config.KERNEL_NAME,
    }
    manifest.update(env)  # the latest run; every record below also carries its own copy
    nbs = manifest.setdefault("notebooks", {})
    for r in results:
        rec = asdict(r)
        rec["inputs_sha256"] = inputs
        rec.update({k: v for k, v in env.items() if k != "generator"})
        previous = nbs.get(r.name, {}).get(r.lang)
        if r.status != "ok" and previous:
            # A failed run does not replace the last good report; keep a pointer to it.
            rec["last_success"] = previous if previous.get("status") == "ok" else previous.get("last_success")
        nbs.setdefault(r.name, {})[r.lang] = rec
    atomic_write_text(path, redact(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True)) + "\n")
    return path


# ---------------------------------------------------------------------------------------------- execution
def export_html(executed: Path, html_path: Path) -> Path:
    """Export an executed notebook to self-contained HTML (inputs hidden, images embedded, no CDN scripts).

    Cells tagged ``report-hide`` (notes for notebook users) are left out of the HTML."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    for cell in nb.cells:  # Papermill gives the injected cell a random id; fix it so the HTML is reproducible
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    from traitlets.config import Config

    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = ("report-hide",)
    c.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(template_name="lab", embed_images=True, config=c)
    exporter.register_preprocessor("nbconvert.preprocessors.TagRemovePreprocessor", enabled=True)
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb)
    body = _CDN_SCRIPT.sub("", body)
    body = _add_alt_text(nb, body)
    atomic_write_text(html_path, body)
    return html_path


def _source_cell_number(source_nb: Path, failing_source: str, executed_index: int) -> int:
    """1-based number of the failing cell in the *source* notebook.

    Papermill's own index refers to the executed notebook, which has an injected-parameters cell (and, on
    failure, an error banner) that the source does not; so the cell is found by its code instead.
    """
    import nbformat

    try:
        source = nbformat.read(source_nb, as_version=4)
        for i, cell in enumerate(source.cells):
            if cell.cell_type == "code" and cell.source.strip() == failing_source.strip():
                return i + 1
    except Exception:  # unreadable source: fall back to Papermill's numbering
        pass
    return executed_index + 1


def _add_alt_text(nb, body: str) -> str:
    """Write each figure's alternative text (output metadata ``image/png.alt``) into its ``<img>`` tag;
    figures without one get a neutral "Grafik"/"Figure" instead of nbconvert's English placeholder."""
    import html as _html

    lang = "id"
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []) and 'lang = "en"' in cell.source:
            lang = "en"
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            png = out.get("data", {}).get("image/png")
            alt = out.get("metadata", {}).get("image/png", {}).get("alt")
            if png and alt:
                data = f'src="data:image/png;base64,{png.strip()}"'
                at = body.find(data)
                start = body.rfind("<img", 0, at)
                if at < 0 or start < 0:
                    continue
                tag = body[start:at]
                tag = re.sub(r'\salt="[^"]*"', "", tag)
                body = body[:start] + tag.replace("<img", f'<img alt="{_html.escape(alt, quote=True)}"', 1) + body[at:]
    generic = "Grafik" if lang == "id" else "Figure"
    return body.replace('alt="No description has been provided for this image"', f'alt="{generic}"')


def lang_dir(out_dir: Path, lang: str) -> Path:
    """Reports sub-folder of a language: ``reports/`` for Indonesian, ``reports/en/`` for English."""
    return out_dir if lang == "id" else out_dir / lang


def execute(nb_path: Path, parameters: dict[str, Any], out_dir: Path, post_checks=()) -> RunResult:
    """Execute one notebook with Papermill on the project kernel; export HTML on success.

    Outputs are staged beside their targets and checked by ``post_checks`` (e.g. no NIK-like number)
    before they replace the previous report; a failing run is saved as ``<name>.failed.ipynb`` (with
    Papermill's error banner) unless a check withholds it. The kernel log is redacted. Returns a
    :class:`RunResult`; never raises for a failing cell.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    lang = str(parameters.get("lang", "id"))
    base = lang_dir(out_dir, lang)
    nb_out = base / "notebooks" / nb_path.name
    html_out = base / "html" / f"{nb_path.stem}.html"
    nb_out.parent.mkdir(parents=True, exist_ok=True)
    result = RunResult(name=nb_path.stem, lang=lang, status="ok", parameters=parameters, started=_now())
    fd, tmp_name = tempfile.mkstemp(prefix=f".{nb_path.stem}.", suffix=".ipynb", dir=nb_out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    log_path = base / "logs" / f"{nb_path.stem}.log"
    try:
        with _kernel_stderr_to(log_path):
            pm.execute_notebook(
                str(nb_path), str(tmp), parameters=parameters, kernel_name=config.KERNEL_NAME,
                cwd=str(nb_path.parent), progress_bar=False, log_output=False,
            )
    except PapermillExecutionError as exc:
        number = _source_cell_number(nb_path, exc.source, exc.cell_index)
        first_line = next((ln for ln in exc.source.splitlines() if ln.strip()), "")
        result.status = "failed"
        result.failed_cell = {"number": number, "execution_count": exc.exec_count,
                              "error": f"{exc.ename}: {exc.evalue}", "source": exc.source[:500]}
        result.error = (f"notebook {nb_path.name} failed in cell {number} (counting from 1 in {nb_path.name}; "
                        f"execution count {exc.exec_count}; starts `{first_line[:80]}`): {exc.ename}: {exc.evalue}")
    except Exception as exc:  # kernel missing, bad notebook JSON, …
        result.status = "failed"
        result.error = f"notebook {nb_path.name} could not be executed: {type(exc).__name__}: {exc}"
    # Stage everything beside the targets, check it, then publish: a failed run or a failed check never
    # replaces the last good notebook and HTML.
    staged_html = html_out.with_name(f".{nb_path.stem}.staged.html")
    staged = [tmp] if tmp.exists() and tmp.stat().st_size > 0 else []
    if result.status == "ok" and staged:
        try:
            export_html(tmp, staged_html)
            staged.append(staged_html)
        except Exception as exc:  # nbconvert failure: report it, keep the last good outputs
            result.status = "failed"
            result.error = f"notebook {nb_path.name}: HTML export failed: {type(exc).__name__}: {exc}"
    withheld = False
    try:
        for check in post_checks:
            check(staged)
    except KesosError as exc:
        withheld = True
        result.status = "failed"
        result.error = f"notebook {nb_path.name}: output withheld: {exc}"
    if withheld:
        for f in staged:
            f.unlink(missing_ok=True)
    elif result.status == "ok":
        from ..io import _umask

        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, nb_out)
        os.replace(staged_html, html_out)
        result.output_notebook = str(nb_out.relative_to(out_dir))
        result.html = str(html_out.relative_to(out_dir))
        nb_out.with_name(f"{nb_path.stem}.failed.ipynb").unlink(missing_ok=True)  # stale failure
    else:
        staged_html.unlink(missing_ok=True)
        if staged:
            from ..io import _umask

            failed = nb_out.with_name(f"{nb_path.stem}.failed.ipynb")
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, failed)
            result.output_notebook = str(failed.relative_to(out_dir))
    tmp.unlink(missing_ok=True)
    _redact_file(log_path)
    if result.error:
        result.error = redact(result.error)
    result.finished = _now()
    return result


def redact(text: str) -> str:
    """``text`` with every NIK-like number replaced by ``[NIK disamarkan]`` (UU 27/2022)."""
    from ..data.privacy import find_nik_like

    for nik in set(find_nik_like(text)):
        text = re.sub(r"[ .\-]?".join(nik[i] for i in range(len(nik))), "[NIK disamarkan]", text)
    return text


def _redact_file(path: Path) -> None:
    """Redact NIK-like numbers in a text file in place (kernel logs)."""
    if path.exists():
        text = path.read_text(encoding="utf-8", errors="replace")
        clean = redact(text)
        if clean != text:
            atomic_write_text(path, clean)


@contextlib.contextmanager
def _kernel_stderr_to(log_path: Path):
    """Send file descriptor 2 (inherited by the kernel process) to ``log_path`` while a notebook runs.

    The kernel's own log lines (e.g. ipykernel's TCP notice, shutdown messages) then go to
    ``reports/logs/<notebook>.log`` instead of the terminal; errors still reach the user through
    Papermill's exception.
    """
    import sys

    log_path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log_path, "ab") as fh:
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def run(names: Iterable[str], *, langs: Iterable[str] | None = None, params: Iterable[str] = (),
        params_file: Path | None = None, output_dir: Path | None = None) -> list[RunResult]:
    """Run notebooks (all when ``names`` is empty), each in every language of ``langs``.

    ``langs=None`` runs the language the parameters give (default ``id``). Parameters are resolved for
    every notebook before any is executed, so a typo fails fast. Returns one :class:`RunResult` per run and
    updates ``manifest.json``.
    """
    out_dir = (output_dir or config.reports_dir()).resolve()
    for protected in (config.data_raw(), config.data_processed(), config.project_root() / "data"):
        if out_dir == protected.resolve() or protected.resolve() in out_dir.parents:
            raise KesosError(f"--output-dir {out_dir}: reports must not be written inside {protected} "
                             "(data/raw is written only by `kesos data add`); choose another folder")
    paths = [resolve_notebook(n) for n in names] if names else available_notebooks()
    if not paths:
        raise KesosError(f"no notebooks found in {config.notebooks_dir()}")
    plan: list[tuple[Path, dict[str, Any]]] = []
    for p in paths:
        for lang in (list(langs) if langs else [None]):
            overrides = {"lang": lang} if lang else None
            plan.append((p, resolve_parameters(p, params, params_file, overrides)))
    inputs = input_hashes()
    checks = _post_checks()
    results = []
    for p, values in plan:
        results.append(execute(p, values, out_dir, checks))
        write_manifest(out_dir, results[-1:], inputs)
    return results


def _post_checks():
    """Checks applied to every executed notebook and HTML (e.g. no NIK-like numbers, UU 27/2022)."""
    # --- issue 3 (privacy): fail the run if an output contains a NIK-like number. Imported directly, so a
    # broken privacy module fails loudly instead of silently dropping the check.
    from ..data.privacy import assert_no_nik

    return (assert_no_nik,)
    # --- end issue 3


def run_cli(names: list[str], *, all_: bool, params: list[str], params_file: Path | None,
            output_dir: Path | None) -> list[RunResult]:
    """Entry point of ``kesos run``: ``--all`` (or no names) runs every notebook in both languages."""
    langs = list(config.LANGUAGES) if (all_ or not names) and not any(p.startswith("lang=") for p in params) else None
    return run([] if all_ else names, langs=langs, params=params, params_file=params_file, output_dir=output_dir)
