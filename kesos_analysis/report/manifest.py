"""The run manifest ``<reports>/manifest.json``: what was run, with which inputs, code and environment.

One record per notebook and language: parameters, status, output paths, the sha256 of every raw input,
the git commit, Python and package versions, the kernel actually used, the cache key, whether the run was
reused from the cache, start/end time and run time. A failed run keeps a pointer to the last good one.
Every NIK-like number is redacted before the manifest is written.
"""

from __future__ import annotations

import json
import platform
import subprocess
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__, config
from ..io import atomic_write_text

#: Packages whose versions are recorded in the manifest.
RECORDED_PACKAGES = (
    "kesos-analysis", "pandas", "numpy", "pandera", "pyarrow", "statsmodels", "scipy", "seaborn", "matplotlib",
    "papermill", "nbconvert", "nbclient", "nbformat", "ipykernel", "jupyterlab", "babel", "openpyxl", "pyyaml",
    "typer",
)


def git_commit(root: Path | None = None) -> dict[str, Any]:
    """``{"commit": sha or None, "dirty": bool or None}`` of the checkout."""
    root = root or config.project_root()
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                             check=True).stdout.strip()
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


def environment() -> dict[str, Any]:
    """Generator, git commit, Python, package versions and project kernel (recorded once per run)."""
    return {"generator": f"kesos-analysis {__version__}", "git": git_commit(), "python": platform.python_version(),
            "packages": package_versions(), "kernel": config.KERNEL_NAME}


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest in ``out_dir`` (``{}`` if missing or unreadable)."""
    try:
        return json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def previous_record(manifest: dict[str, Any], name: str, lang: str) -> dict[str, Any] | None:
    return manifest.get("notebooks", {}).get(name, {}).get(lang)


def write_manifest(out_dir: Path, results: list, inputs: dict[str, str], env: dict[str, Any] | None = None, *,
                   requests: dict[str, list] | None = None, redact_text: bool = True) -> Path:
    """Merge ``results`` (:class:`~kesos_analysis.report.execute.RunResult`) into ``<out_dir>/manifest.json``
    (atomic). Entries of other notebooks are kept; a failed run keeps a pointer to the last good one.
    ``requests`` adds request keys → the runs that answered them (the no-change fast path)."""
    path = out_dir / "manifest.json"
    manifest = read_manifest(out_dir)
    env = env or environment()
    manifest.update(env)  # the latest run; every record below also carries its own copy
    nbs = manifest.setdefault("notebooks", {})
    for r in results:
        rec = asdict(r)
        rec.pop("values", None)
        previous = nbs.get(r.name, {}).get(r.lang)
        if r.status == "reused" and previous:
            rec = dict(previous, reused=True, status="ok", checked=rec["finished"])
            nbs.setdefault(r.name, {})[r.lang] = rec
            continue
        rec["inputs_sha256"] = inputs
        rec.update({k: v for k, v in env.items() if k != "generator" and not (k == "kernel" and rec.get("kernel"))})
        if r.status != "ok" and previous:
            # A failed run does not replace the last good report; keep a pointer to it.
            rec["last_success"] = previous if previous.get("status") == "ok" else previous.get("last_success")
        nbs.setdefault(r.name, {})[r.lang] = rec
    if requests:
        manifest["requests"] = dict(list(manifest.get("requests", {}).items())[-31:]) | requests
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True)
    atomic_write_text(path, (redact(text) if redact_text else text) + "\n")
    return path


def redact(text: str) -> str:
    """``text`` with every NIK/NIP-like or other 16–18-digit identifier withheld (UU 27/2022; one detector:
    :func:`kesos_analysis.data.privacy.redact_identifiers`)."""
    from ..data.privacy import redact_identifiers

    return redact_identifiers(text)


def redact_file(path: Path) -> None:
    """Redact NIK-like numbers in a text file in place (kernel logs)."""
    if path.exists():
        text = path.read_text(encoding="utf-8", errors="replace")
        clean = redact(text)
        if clean != text:
            atomic_write_text(path, clean)
