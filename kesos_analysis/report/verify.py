"""Recorded values: compare a re-execution with the published ``reports/values/*.json``.

``kesos verify [NOTEBOOK…]`` re-executes each notebook with the parameters stored in its values file
into a temporary folder (published reports are not touched) and compares every recorded value within
its own tolerances: numbers with ``|new - old| <= atol + rtol * |old|``, text and ``None`` exactly. A
key that appears or disappears is a drift too. Every drift is named.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import KesosError


@dataclass(frozen=True)
class Drift:
    """One value that differs: ``file`` (values file), ``key``, ``old``/``new`` entries and why."""

    file: str
    key: str
    old: Any
    new: Any
    why: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.why}"


def read_values(path: Path) -> dict[str, Any]:
    """A values file ``{"notebook", "lang", "parameters", "values"}``; :class:`KesosError` if unreadable."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KesosError(f"{path}: no recorded values (run `kesos run` first)") from None
    except json.JSONDecodeError as exc:
        raise KesosError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("values"), dict):
        raise KesosError(f"{path}: expected a mapping with 'notebook', 'parameters' and 'values'")
    return doc


def compare(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], file: str = "values") -> list[Drift]:
    """Drifts between recorded entries ``old`` (published) and ``new`` (re-executed), in key order."""
    drifts: list[Drift] = []
    for key in sorted(set(old) | set(new)):
        if key not in new:
            drifts.append(Drift(file, key, old[key], None, "recorded before, missing now"))
            continue
        if key not in old:
            drifts.append(Drift(file, key, None, new[key], f"new value {new[key].get('value')!r} not recorded before"))
            continue
        a, b = old[key].get("value"), new[key].get("value")
        unit = old[key].get("unit", "")
        rtol, atol = float(old[key].get("rtol", 0.0)), float(old[key].get("atol", 0.0))
        numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))
        if numbers:
            if not (math.isfinite(a) and math.isfinite(b)) or abs(b - a) > atol + rtol * abs(a):
                rel = abs(b - a) / abs(a) if a else math.inf
                drifts.append(Drift(file, key, a, b, f"{a!r} → {b!r} {unit} (difference {b - a:+.6g}, relative "
                                                     f"{rel:.3g}; tolerance rtol={rtol:g}, atol={atol:g})"))
        elif a != b:
            drifts.append(Drift(file, key, a, b, f"{a!r} → {b!r} {unit}".rstrip()))
    return drifts
