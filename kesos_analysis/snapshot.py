"""Snapshot of the headline model numbers per scenario, so that every model change is a reviewable diff.

The snapshot file (``tests/snapshots/scenarios.json``, schema :data:`SCHEMA_VERSION`) holds, for every
scenario in ``kesos_analysis/parameters/scenarios/`` (baseline parameters, notebook defaults):

* ``need_fte`` — national required FTE by cadre (:func:`kesos_analysis.staffing.need_by_cadre`, column
  ``required_fte``; FTE);
* ``years`` — per year of the horizon: ``pppk_posts`` (PPPK headcount, orang), ``total_cost_nominal`` and
  ``incremental_cost_nominal`` (Rupiah per year, nominal);
* ``pv_incremental_real`` — present value of the incremental real cost (Rupiah) at discount rates of 3, 6
  and 10 % per year (:data:`PV_RATES_PERCENT`).

Everything is computed through the public API of :mod:`kesos_analysis.scenarios` (:func:`~kesos_analysis.
scenarios.run` with the discount rate as a notebook override), on the **frozen test data**
(``tests/fixtures/raw``, :func:`frozen_data`), so a new data release does not move the snapshot while a
model or parameter change does. Regenerate with ``kesos snapshot --update`` after an intended model change
and commit the diff; ``kesos snapshot`` (and ``tests/test_snapshot.py``) lists every number that moved.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import config, scenarios, staffing
from .errors import KesosError
from .io import atomic_write_text

#: Version of the snapshot layout; bump it when the layout (not the numbers) changes.
SCHEMA_VERSION = 1
#: Discount rates (persen per year) of the present values in the snapshot.
PV_RATES_PERCENT = (3, 6, 10)
#: Relative tolerance of the comparison (numbers are stored rounded to 3 decimals).
RTOL = 1e-9


def snapshot_path() -> Path:
    """``tests/snapshots/scenarios.json`` in the project."""
    return config.project_root() / "tests" / "snapshots" / "scenarios.json"


def frozen_raw() -> Path:
    """The frozen copy of the data the snapshot is computed on (``tests/fixtures/raw``)."""
    return config.project_root() / "tests" / "fixtures" / "raw"


@contextmanager
def frozen_data() -> Iterator[Path]:
    """Point the package at the frozen data (``KESOS_DATA_RAW``) with its tables built once into a temporary
    ``KESOS_DATA_PROCESSED``; the environment is restored afterwards."""
    from .data import build_processed

    raw = frozen_raw()
    if not (raw / "datapackage.json").exists():
        raise KesosError(f"{raw}: frozen test data not found (see tests/fixtures/README.md)")
    saved = {k: os.environ.get(k) for k in ("KESOS_DATA_RAW", "KESOS_DATA_PROCESSED")}
    with tempfile.TemporaryDirectory(prefix="kesos-snapshot-") as tmp:
        try:
            os.environ["KESOS_DATA_RAW"] = str(raw)
            os.environ["KESOS_DATA_PROCESSED"] = tmp
            build_processed(raw, Path(tmp))
            yield raw
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def _num(x: Any) -> float | None:
    x = float(x)
    return None if math.isnan(x) else round(x, 3)


def compute(names: list[str] | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The snapshot of the current model on the frozen data (see the module docstring); ``overrides``
    (parameter path → value) are applied to every scenario (to show what a parameter change does)."""
    with frozen_data():
        return _compute(names, overrides)


def _compute(names: list[str] | None, overrides: dict[str, Any] | None) -> dict[str, Any]:
    names = names or scenarios.list_scenarios()
    keys = staffing.allocation_keys()
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "pv_rates_percent": list(PV_RATES_PERCENT),
                           "scenarios": {}}
    for name in names:
        res = scenarios.run(name, overrides, keys=keys)
        own_rate = float(res.params.get("pppk_costing.macro.discount_rate_percent"))
        pv = {}
        for rate in PV_RATES_PERCENT:
            if math.isclose(own_rate, rate):
                pv[str(rate)] = _num(res.pv_incremental_real)
                continue
            ov = {**(overrides or {}), **scenarios.notebook_overrides(discount_rate=rate / 100)}
            pv[str(rate)] = _num(scenarios.run(name, ov, keys=keys).pv_incremental_real)
        out["scenarios"][name] = {
            "need_fte": {str(r["cadre"]): _num(r["required_fte"]) for r in res.need.to_dict("records")},
            "years": {str(int(r["year"])): {"pppk_posts": _num(r["pppk_headcount"]),
                                            "total_cost_nominal": _num(r["total_cost_nominal"]),
                                            "incremental_cost_nominal": _num(r["incremental_cost_nominal"])}
                      for r in res.summary.to_dict("records")},
            "pv_incremental_real": pv,
        }
    return out


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for k, v in node.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: node}


def diff(old: dict[str, Any], new: dict[str, Any], rtol: float = RTOL) -> list[str]:
    """Readable differences between two snapshots, one line per number:
    ``scenarios.tksk_pppk.years.2030.pppk_posts: 8074.0 → 8100.0 (+0.32%)``; added and removed entries are
    listed too. Empty when they agree within ``rtol``."""
    a, b = _flatten(old), _flatten(new)
    lines = []
    for key in sorted(set(a) | set(b)):
        if key not in a:
            lines.append(f"{key}: (new) {b[key]}")
        elif key not in b:
            lines.append(f"{key}: {a[key]} (removed)")
        elif a[key] != b[key]:
            x, y = a[key], b[key]
            if isinstance(x, (int, float)) and isinstance(y, (int, float)):
                if math.isclose(x, y, rel_tol=rtol, abs_tol=1e-6):
                    continue
                rel = f" ({(y - x) / abs(x):+.2%})" if x else ""
                lines.append(f"{key}: {x:,} → {y:,}{rel}")
            else:
                lines.append(f"{key}: {x!r} → {y!r}")
    return lines


def read(path: Path | None = None) -> dict[str, Any]:
    """The stored snapshot; raises :class:`KesosError` naming the file (and the command that makes it) if it
    is missing or has another schema version."""
    path = path or snapshot_path()
    if not path.exists():
        raise KesosError(f"{path}: no snapshot; create it with `kesos snapshot --update`")
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("schema_version") != SCHEMA_VERSION:
        raise KesosError(f"{path}: schema_version {data.get('schema_version')!r}, expected {SCHEMA_VERSION}; "
                         "regenerate with `kesos snapshot --update`")
    return data


def write(data: dict[str, Any], path: Path | None = None) -> Path:
    """Write ``data`` (atomically, sorted keys, one number per line) and return the path."""
    path = path or snapshot_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return path


def check(path: Path | None = None) -> list[str]:
    """Differences between the stored snapshot and the current model (empty when they agree)."""
    return diff(read(path), compute())
