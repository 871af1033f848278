"""Recorded values: the key results of a notebook, for review diffs and ``kesos verify``.

A notebook calls :func:`record` for each headline number it publishes. The value is emitted as a cell
output with the private MIME type :data:`VALUES_MIME` (not rendered in HTML, PDF or DOCX), so the same
notebook records the same values whether it is executed by Papermill, nbclient or JupyterLab. The runner
collects them with :func:`extract` from the executed notebook and writes
``reports/values/<notebook>[.<lang>].json`` (tracked in git, so a changed number is a reviewable diff).

Each recorded entry is ``{"value": number | str | None, "unit": str, "rtol": float, "atol": float}``;
``rtol``/``atol`` are the tolerances ``kesos verify`` uses when it re-executes and compares.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..errors import KesosError

VALUES_MIME = "application/vnd.kesos.values+json"
#: Significant digits kept of a recorded float.
SIGNIFICANT_DIGITS = 12


def _plain(key: str, value: Any) -> float | int | str | bool | None:
    """``value`` as a JSON scalar (numpy scalars unwrapped; NaN becomes ``None``)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if hasattr(value, "item") and callable(value.item):  # numpy / pandas scalar
        value = value.item()
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        # 12 significant digits: far inside every tolerance, stable across platforms, and no 16-digit
        # fraction runs in a tracked file that look like an identifier to a reader or a scanner
        return None if math.isnan(value) else float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    raise KesosError(f"recorded value {key!r}: expected a number, text or None, got {type(value).__name__}")


def entry(key: str, value: Any, *, unit: str, rtol: float = 1e-9, atol: float = 0.0) -> dict[str, Any]:
    """One recorded entry (see the module docstring). Raises :class:`KesosError` on a non-scalar value."""
    if not key or not isinstance(key, str):
        raise KesosError(f"recorded value key must be non-empty text, got {key!r}")
    return {"value": _plain(key, value), "unit": str(unit), "rtol": float(rtol), "atol": float(atol)}


class Recorded(dict):
    """The entries :func:`record` returns: a plain ``dict`` that shows nothing when it is the last expression of
    a notebook cell (the values are already emitted, invisibly, by :func:`record`)."""

    def _ipython_display_(self) -> None:
        return None


def record(values: Mapping[str, Mapping[str, Any] | Any], *, unit: str | None = None,
           rtol: float = 1e-9, atol: float = 0.0) -> Recorded:
    """Record key results of the running notebook; returns the entries.

    ``values`` maps a dotted key (``"need.total_fte"``) either to an :func:`entry` dict or to a bare
    scalar, in which case ``unit`` (required then), ``rtol`` and ``atol`` apply. Emits one display output
    of type :data:`VALUES_MIME` (invisible in reports).
    """
    out = Recorded()
    for key, v in values.items():
        if isinstance(v, Mapping):
            out[key] = entry(key, v["value"], unit=v["unit"], rtol=v.get("rtol", rtol), atol=v.get("atol", atol))
        else:
            if unit is None:
                raise KesosError(f"recorded value {key!r}: give its unit")
            out[key] = entry(key, v, unit=unit, rtol=rtol, atol=atol)
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency
        return out
    display({VALUES_MIME: out}, raw=True)
    return out


def extract(nb: Any) -> dict[str, dict[str, Any]]:
    """All values recorded in an executed notebook (an ``nbformat`` node), merged in cell order.

    Raises :class:`KesosError` if one key is recorded twice with different values.
    """
    found: dict[str, dict[str, Any]] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if VALUES_MIME in data:
                for key, e in data[VALUES_MIME].items():
                    if key in found and found[key] != e:
                        raise KesosError(f"recorded value {key!r} recorded twice with different values")
                    found[key] = dict(e)
    return found
