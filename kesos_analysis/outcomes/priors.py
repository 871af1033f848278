"""Priors of the outcome model as data: ``kesos_analysis/parameters/priors.yaml``.

Every leaf of the priors file is checked by :func:`kesos_analysis.paramfile.load_file` (description, unit,
central value inside its range, source, evidence flag D/A/S/V), and here in addition for a ``distribution``
(``pert``, ``triangular``, ``uniform``, ``normal``, ``fixed``) and a ``group`` (the parameter group of the
EVPPI). A prior is addressed by its leaf name (``facilitation_share``), which is unique across the file.

Draws are made by inverse transform: one uniform stream per prior from
``numpy.random.SeedSequence(seed, spawn_key=(crc32(name),))``, so a prior's draws depend only on the seed, its
name and the number of draws (and the first ``n`` draws of a longer run are the draws of a run with ``n``).

A prior can be replaced by a recorded estimate of the effects notebook
(``reports/values/04_effects*.json``, keys ``effects.<estimator>.<outcome>.att`` and ``.se``): the replacement is
``normal(att, se)`` and the leaf records the key it came from (:func:`replace_with_effects`). The estimate
must be on the prior's scale (its ``unit``).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from .. import config
from ..errors import ParameterError
from ..paramfile import load_file

DISTRIBUTIONS = ("pert", "triangular", "uniform", "normal", "fixed")
#: z of the central 95 % interval: a normal prior's range is mean ± 1.96 sd.
Z95 = 1.959963984540054


def default_path() -> Path:
    """The bundled priors file."""
    return config.parameters_dir() / "priors.yaml"


@dataclass(frozen=True)
class Prior:
    """One prior: ``value`` (central), ``low``/``high`` (range), ``distribution``, ``unit``/``unit_en``,
    ``source``, ``flag`` (D/A/S/V), ``group`` (EVPPI group), bilingual ``description``, ``note``, ``origin``
    (the priors file, or the recorded-value key that replaced it)."""

    name: str
    value: float
    low: float
    high: float
    distribution: str
    unit: str
    unit_en: str
    source: str
    flag: str
    group: str
    description: str
    description_id: str
    note: str = ""
    origin: str = ""
    sd: float | None = None

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Quantiles of the prior at probabilities ``u`` (array in (0, 1)), same shape as ``u``."""
        u = np.asarray(u, dtype=float)
        lo, hi, m = self.low, self.high, self.value
        if self.distribution == "fixed" or hi == lo:
            return np.full_like(u, m)
        if self.distribution == "uniform":
            return lo + u * (hi - lo)
        if self.distribution == "normal":
            sd = self.sd if self.sd is not None else (hi - lo) / (2 * Z95)
            return stats.norm.ppf(u, loc=m, scale=sd)
        c = (m - lo) / (hi - lo)
        if self.distribution == "triangular":
            return stats.triang.ppf(u, c, loc=lo, scale=hi - lo)
        # Beta-PERT: alpha = 1 + 4 c, beta = 1 + 4 (1 - c) (mean (lo + 4 m + hi) / 6)
        return lo + (hi - lo) * stats.beta.ppf(u, 1 + 4 * c, 1 + 4 * (1 - c))

    def mean(self) -> float:
        """Mean of the prior's distribution."""
        if self.distribution in ("fixed", "normal") or self.high == self.low:
            return self.value
        if self.distribution == "uniform":
            return (self.low + self.high) / 2
        if self.distribution == "triangular":
            return (self.low + self.value + self.high) / 3
        return (self.low + 4 * self.value + self.high) / 6


def _walk(tree: Mapping, prefix: str = ""):
    for key, node in tree.items():
        if isinstance(node, dict) and "value" in node:
            yield key, f"{prefix}{key}", node
        elif isinstance(node, dict):
            yield from _walk(node, f"{prefix}{key}.")


def load_priors(path: str | Path | None = None) -> dict[str, Prior]:
    """Read and validate a priors file; ``{name: Prior}`` in file order.

    Raises :class:`ParameterError` naming the file and the leaf for a missing or bad field (see
    :func:`kesos_analysis.paramfile.load_file`), an unknown ``distribution``, a missing ``group``, a null
    value (every prior needs a number) or a name used twice.
    """
    path = Path(path) if path is not None else default_path()
    data = load_file(path)
    out: dict[str, Prior] = {}
    for name, dotted, leaf in _walk(data["parameters"]):
        where = f"{path.name}: {dotted}"
        if leaf["value"] is None:
            raise ParameterError(f"{where}: a prior needs a central value (got null)")
        dist = leaf.get("distribution")
        if dist not in DISTRIBUTIONS:
            raise ParameterError(f"{where}: distribution {dist!r} must be one of {', '.join(DISTRIBUTIONS)}")
        if not str(leaf.get("group", "")).strip():
            raise ParameterError(f"{where}: field 'group' (EVPPI parameter group) must be non-empty text")
        if name in out:
            raise ParameterError(f"{where}: prior name {name!r} is used twice (names must be unique)")
        lo, hi = (float(x) for x in leaf["range"])
        out[name] = Prior(name=name, value=float(leaf["value"]), low=lo, high=hi, distribution=dist,
                          unit=leaf["unit"], unit_en=leaf["unit_en"], source=leaf["source"], flag=str(leaf["flag"]),
                          group=str(leaf["group"]), description=leaf["description"],
                          description_id=leaf["description_id"], note=str(leaf.get("note", "")), origin=str(path.name))
    return out


def prior_table(priors: Mapping[str, Prior]) -> pd.DataFrame:
    """One row per prior: ``name, group, value, low, high, distribution, unit, unit_en, flag, source, note,
    origin, description, description_id`` (for reports and the "every prior has a source" test)."""
    cols = ["name", "group", "value", "low", "high", "distribution", "unit", "unit_en", "flag", "source", "note",
            "origin", "description", "description_id"]
    return pd.DataFrame([{c: getattr(p, c) for c in cols} for p in priors.values()], columns=cols)


def fixed(priors: Mapping[str, Prior], values: Mapping[str, float] | None = None) -> dict[str, Prior]:
    """The priors with every distribution set to ``fixed`` at its central value (or at ``values[name]``)."""
    values = values or {}
    out = {}
    for n, p in priors.items():
        v = float(values.get(n, p.value))
        out[n] = replace(p, value=v, low=min(v, p.low), high=max(v, p.high), distribution="fixed")
    return out


def uniforms(names: list[str], n: int, seed: int) -> np.ndarray:
    """``(n, len(names))`` uniforms in (0, 1): one independent stream per name (see the module docstring)."""
    cols = []
    for name in names:
        ss = np.random.SeedSequence(int(seed), spawn_key=(zlib.crc32(name.encode()),))
        cols.append(np.random.default_rng(ss).random(n))
    u = np.column_stack(cols) if cols else np.empty((n, 0))
    return np.clip(u, 1e-12, 1 - 1e-12)


def draw(priors: Mapping[str, Prior], n: int, seed: int) -> dict[str, np.ndarray]:
    """``{name: array (n,)}`` of prior draws (seeded, vectorised; see the module docstring)."""
    if n < 1:
        raise ParameterError(f"n_draws must be at least 1, got {n}")
    names = list(priors)
    u = uniforms(names, n, seed)
    return {name: priors[name].ppf(u[:, j]) for j, name in enumerate(names)}


def from_uniforms(priors: Mapping[str, Prior], u: np.ndarray) -> dict[str, np.ndarray]:
    """Map a ``(n, k)`` matrix of probabilities (columns in the order of ``priors``) to prior draws."""
    return {name: priors[name].ppf(u[:, j]) for j, name in enumerate(priors)}


def read_effects(values_dir: str | Path | None = None) -> dict[str, float]:
    """Recorded values of the effects notebook: ``{key: value}`` from every ``04_effects*.json`` in
    ``values_dir`` (default ``reports/values``). Later files (sorted by name) do not override earlier ones."""
    d = Path(values_dir) if values_dir is not None else config.reports_dir() / "values"
    found: dict[str, float] = {}
    for f in sorted(d.glob("04_effects*.json")):
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ParameterError(f"{f}: cannot read recorded values ({exc})") from None
        for key, entry in data.items():
            v = entry.get("value") if isinstance(entry, Mapping) else entry
            if key not in found and isinstance(v, (int, float)) and not isinstance(v, bool):
                found[key] = float(v)
    return found


def replace_with_effects(priors: Mapping[str, Prior], mapping: Mapping[str, str],
                         values: Mapping[str, float] | None = None,
                         values_dir: str | Path | None = None) -> dict[str, Prior]:
    """Replace priors by recorded estimates: ``mapping`` is ``{prior name: "effects.<estimator>.<outcome>"}``;
    the prior becomes ``normal(att, se)`` with range att ± 1.96 se and ``origin`` the key.

    ``values`` (``{recorded key: number}``) defaults to :func:`read_effects`. Raises :class:`ParameterError`
    for an unknown prior name, a missing ``.att`` or ``.se`` key (listing the effects keys found) or an SE
    that is not positive.
    """
    values = read_effects(values_dir) if values is None else values
    out = dict(priors)
    for name, key in mapping.items():
        if name not in priors:
            raise ParameterError(f"cannot replace unknown prior {name!r}; priors: {', '.join(priors)}")
        att, se = values.get(f"{key}.att"), values.get(f"{key}.se")
        if att is None or se is None:
            known = sorted({k.rsplit(".", 1)[0] for k in values if k.startswith("effects.")})
            raise ParameterError(f"prior {name!r}: recorded estimate {key}.att / {key}.se not found; "
                                 f"effects keys available: {', '.join(known) or 'none (run 04_effects first)'}")
        if not se > 0:
            raise ParameterError(f"prior {name!r}: recorded SE {key}.se = {se!r} must be positive")
        p = priors[name]
        out[name] = replace(p, value=float(att), low=float(att - Z95 * se), high=float(att + Z95 * se),
                            distribution="normal", sd=float(se), origin=key,
                            source=f"recorded estimate {key} (ATT {att:.6g}, SE {se:.6g}); replaces: {p.source}",
                            flag="D")
    return out
