"""Cache keys of notebook runs: a run is skipped when its key is unchanged and its outputs exist.

The key is the sha256 of: the notebook's source bytes, its resolved parameters (canonical JSON), the
sha256 of every raw input (``data/raw``, verified against ``datapackage.json``), the library source
version (every ``kesos_analysis/**/*.py`` and ``*.yaml`` — code, parameter YAMLs and narrative), the
locked environment (``requirements.lock``), the kernel name, and the keys of the runs it depends on.
Any change to one of these re-runs the notebook; ``kesos run --force`` re-runs regardless.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .. import config

KEY_VERSION = 1


def _hash_files(files: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.relative_to(root)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def library_version() -> str:
    """sha256 over the library sources and data files (``*.py``, ``*.yaml``, templates) in ``kesos_analysis/``."""
    pkg = config.PACKAGE_DIR
    files = sorted(p for p in pkg.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".yml", ".j2", ".css",
                                                                              ".typ", ".tpl")
                   and "__pycache__" not in p.parts)
    return _hash_files(files, pkg)


def environment_lock() -> str:
    """sha256 of ``requirements.lock`` (``"none"`` when the checkout has none)."""
    lock = config.project_root() / "requirements.lock"
    return hashlib.sha256(lock.read_bytes()).hexdigest() if lock.exists() else "none"


def run_key(*, notebook_sha256: str, parameters: dict[str, Any], inputs: dict[str, str], library: str, lock: str,
            kernel: str, depends: list[str]) -> str:
    """The cache key of one run (hex sha256 of the canonical JSON of its parts)."""
    parts = {"v": KEY_VERSION, "notebook": notebook_sha256, "parameters": parameters, "inputs": inputs,
             "library": library, "lock": lock, "kernel": kernel, "depends": sorted(depends)}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=True, default=str).encode()).hexdigest()


def reusable(record: dict[str, Any] | None, key: str, out_dir: Path) -> bool:
    """True if the manifest ``record`` has this ``key``, succeeded and every output it names exists."""
    if not record or record.get("cache_key") != key or record.get("status") != "ok":
        return False
    outs = [record.get("output_notebook"), record.get("html"), record.get("values_file")]
    outs += list((record.get("extra_outputs") or {}).values())
    return all(o and (out_dir / o).is_file() for o in outs[:3]) and all((out_dir / o).is_file() for o in outs[3:] if o)


def raw_inputs_digest(raw_dir: Path | None = None) -> str:
    """sha256 over every file under ``data/raw`` (names and bytes), without reading them as tables."""
    raw = Path(raw_dir or config.data_raw())
    return _hash_files(sorted(p for p in raw.rglob("*") if p.is_file()), raw) if raw.exists() else "none"


def request_key(request: dict[str, Any]) -> str:
    """Key of a whole ``kesos run`` request, from what the user typed and the bytes it depends on
    (every notebook in ``notebooks/`` and in the folders of the requested notebooks — dependencies live
    beside them —, parameter file, raw inputs, library, lock). Lets an unchanged request be answered from
    the manifest without importing the data layer (a no-change ``make reports`` takes well under 3 s)."""
    folders = {config.notebooks_dir(), *(Path(f) for f in request.get("folders", []))}
    notebooks = {str(d): _hash_files(sorted(d.glob("*.ipynb")), d) for d in sorted(folders)}
    parts = dict(request, v=KEY_VERSION, notebooks=notebooks,
                 raw=raw_inputs_digest(), library=library_version(), lock=environment_lock())
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=True, default=str).encode()).hexdigest()
