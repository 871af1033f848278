"""Versioned YAML parameter files: load, validate, look up by dotted path, apply dated diffs.

A parameter file (``kesos_analysis/parameters/<name>.yaml``) has top-level ``version``, ``reference`` and
``description`` fields and a ``parameters`` tree. Any mapping in that tree that has a ``value`` key is a
*leaf* (one parameter); every leaf must carry:

``description``  what the number is (English);
``description_id`` the same in Bahasa Indonesia (reports show the description in the report's language);
``unit``         its unit in Bahasa Indonesia (``jam per tahun``, ``KPM per FTE``, ``persen``, ``Rupiah per bulan`` …);
``unit_en``      the same unit in English (``hours per year``, ``Rupiah per month`` …);
``value``        the central value (a number; a string only where ``choices`` lists the allowed strings;
                 ``null`` only with ``flag: S`` and a ``note`` saying that no figure exists);
``range``        ``[low, high]`` plausible range (numbers); the value must lie inside it;
``source``       where it comes from (docs/research/evidence.md section, URL, regulation);
``flag``         evidence flag as in ``docs/research/evidence.md``: ``D`` direct, ``A`` analogy, ``S`` assumption,
                 ``V`` unverified (several may be combined, e.g. ``D/S``).

Leaves are addressed by dotted paths prefixed with the file's stem, e.g.
``staffing_standards.cadres.pkh_pendamping.service_hours_per_client_per_year``.

Scenario diffs follow OpenFisca/PolicyEngine reforms: ``{path: {period: value}}`` where ``period`` is a
year; a diffed parameter takes its baseline value before its first period and the value of the latest
period ``<= year`` afterwards (:meth:`ParameterSet.get`).

Every problem raises :class:`~kesos_analysis.errors.ParameterError` naming the file, the key and the value.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import config
from .errors import ParameterError
from .io import read_yaml_mapping

#: Keys every leaf must have.
REQUIRED_LEAF_KEYS = ("description", "description_id", "unit", "unit_en", "value", "range", "source", "flag")
#: Allowed evidence flags (docs/research/evidence.md, "How to read this file").
FLAGS = ("D", "A", "S", "V")
#: Top-level keys every parameter file must have.
REQUIRED_FILE_KEYS = ("version", "reference", "description", "parameters")


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(float(x))


def _check_flag(flag: Any, where: str) -> None:
    parts = str(flag).replace("+", "/").replace(" ", "").split("/") if flag is not None else []
    if not parts or any(p not in FLAGS for p in parts):
        raise ParameterError(f"{where}: flag {flag!r} must be one of {'/'.join(FLAGS)} (or a combination like 'D/S')")


def check_value(leaf: Mapping[str, Any], value: Any, where: str) -> None:
    """Raise :class:`ParameterError` unless ``value`` is allowed for ``leaf`` (type, range or choices)."""
    if "choices" in leaf:
        if value not in leaf["choices"]:
            raise ParameterError(f"{where}: value {value!r} is not one of the allowed choices {leaf['choices']}")
        return
    if value is None:
        if leaf.get("value") is not None:
            raise ParameterError(f"{where}: value null is not allowed (baseline has a number)")
        return
    if not _is_number(value):
        raise ParameterError(f"{where}: value {value!r} is not a finite number")
    low, high = leaf["range"]
    if not (low <= value <= high):
        raise ParameterError(f"{where}: value {value!r} is outside its plausible range [{low}, {high}]")


def _validate_leaf(leaf: dict, where: str) -> None:
    missing = [k for k in REQUIRED_LEAF_KEYS if k not in leaf]
    if missing:
        raise ParameterError(f"{where}: missing field(s) {', '.join(missing)}")
    for k in ("description", "description_id", "unit", "unit_en", "source"):
        if not isinstance(leaf[k], str) or not leaf[k].strip():
            raise ParameterError(f"{where}: field '{k}' must be non-empty text, got {leaf[k]!r}")
    _check_flag(leaf["flag"], where)
    if "choices" in leaf:
        if not isinstance(leaf["choices"], list) or not leaf["choices"]:
            raise ParameterError(f"{where}: 'choices' must be a non-empty list")
    else:
        rng = leaf["range"]
        if leaf["value"] is None:
            if "S" not in str(leaf["flag"]) or not str(leaf.get("note", "")).strip():
                raise ParameterError(f"{where}: value null (no figure) needs flag S and a 'note' saying why")
            if rng is not None and not (isinstance(rng, list) and len(rng) == 2):
                raise ParameterError(f"{where}: range {rng!r} must be [low, high] or null")
            return
        if not (isinstance(rng, list) and len(rng) == 2 and all(_is_number(r) for r in rng) and rng[0] <= rng[1]):
            raise ParameterError(f"{where}: range {rng!r} must be [low, high] with low <= high")
    check_value(leaf, leaf["value"], where)


def _walk(tree: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, dict]]:
    for key, node in tree.items():
        path = f"{prefix}.{key}"
        if not isinstance(node, dict):
            continue
        if "value" in node:
            yield path, node
        else:
            yield from _walk(node, path)


def load_file(path: str | Path) -> dict[str, Any]:
    """Read and validate one parameter file; return its parsed content.

    Raises :class:`ParameterError` naming the file and key if a top-level field or a leaf field is
    missing, a flag is unknown, or a value lies outside its range.
    """
    path = Path(path)
    data = read_yaml_mapping(path, "parameter file")
    missing = [k for k in REQUIRED_FILE_KEYS if k not in data]
    if missing:
        raise ParameterError(f"{path}: missing top-level field(s) {', '.join(missing)}")
    for leaf_path, leaf in _walk(data["parameters"], path.stem):
        _validate_leaf(leaf, f"{path.name}: {leaf_path}")
    return data


@dataclass
class ParameterSet:
    """Parameters of one or more files, addressable by dotted path, with optional dated overrides.

    ``leaves`` maps a path to its leaf dict (``value``, ``range``, ``source`` …); ``periods`` maps a path to
    ``{year: value}`` set by scenario diffs; ``origin`` records which file every override came from.
    """

    leaves: dict[str, dict]
    files: dict[str, dict] = field(default_factory=dict)
    periods: dict[str, dict[int, Any]] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_files(cls, paths: list[str | Path]) -> ParameterSet:
        """Load and validate every file in ``paths`` (each file's stem becomes the path prefix)."""
        leaves: dict[str, dict] = {}
        files: dict[str, dict] = {}
        for p in paths:
            p = Path(p)
            data = load_file(p)
            files[p.stem] = {k: data[k] for k in ("version", "reference", "description", "parameters")}
            for leaf_path, leaf in _walk(data["parameters"], p.stem):
                leaf = copy.deepcopy(leaf)
                leaf["_file"] = p.name
                leaves[leaf_path] = leaf
        return cls(leaves=leaves, files=files)

    def node(self, path: str) -> Any:
        """The raw YAML node at ``path`` (structural fields such as a cadre's ``method`` or ``label``)."""
        stem, _, rest = path.partition(".")
        if stem not in self.files:
            raise ParameterError(f"unknown parameter file {stem!r} in path {path!r}")
        node: Any = self.files[stem]["parameters"]
        for part in rest.split(".") if rest else []:
            if not isinstance(node, dict) or part not in node:
                raise ParameterError(f"unknown parameter path {path!r}")
            node = node[part]
        return node

    def __contains__(self, path: str) -> bool:
        return path in self.leaves

    def leaf(self, path: str) -> dict:
        """The leaf dict at ``path``; :class:`ParameterError` (with close matches) if unknown."""
        try:
            return self.leaves[path]
        except KeyError:
            close = [p for p in self.leaves if p.rsplit(".", 1)[-1] == path.rsplit(".", 1)[-1]][:5]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ParameterError(f"unknown parameter path {path!r}{hint}") from None

    def get(self, path: str, year: int | None = None) -> Any:
        """Value of ``path`` in ``year``.

        Without diffs this is the baseline ``value``. With a diff ``{period: value}``: the value of the latest
        period ``<= year`` (the baseline before the first period); with ``year=None`` the value of the latest
        period (the scenario's end state).
        """
        leaf = self.leaf(path)
        dated = self.periods.get(path)
        if not dated:
            return leaf["value"]
        if year is None:
            return dated[max(dated)]
        eligible = [p for p in dated if p <= year]
        return dated[max(eligible)] if eligible else leaf["value"]

    def children(self, prefix: str) -> list[str]:
        """Names directly under ``prefix`` (e.g. the cadres under ``staffing_standards.cadres``)."""
        n = len(prefix) + 1
        out: list[str] = []
        for p in self.leaves:
            if p.startswith(prefix + "."):
                name = p[n:].split(".", 1)[0]
                if name not in out:
                    out.append(name)
        return out

    def apply_diff(self, diff: Mapping[str, Any], source: str = "<diff>") -> ParameterSet:
        """A new ParameterSet with ``diff`` applied (``{path: {period: value}}`` or ``{path: value}``).

        A plain value (no period mapping) replaces the baseline for every year. Raises
        :class:`ParameterError` naming ``source``, the path and the value for unknown paths, periods that
        are not years, and values outside their range or choices.
        """
        new = ParameterSet(leaves=copy.deepcopy(self.leaves), files=self.files,
                           periods=copy.deepcopy(self.periods), origin=dict(self.origin))
        for path, change in (diff or {}).items():
            if path not in new.leaves:
                close = [p for p in new.leaves if p.rsplit(".", 1)[-1] == str(path).rsplit(".", 1)[-1]][:3]
                hint = f" (did you mean {', '.join(close)}?)" if close else ""
                raise ParameterError(f"{source}: unknown parameter path {path!r}{hint}")
            leaf = new.leaves[path]
            if isinstance(change, dict):
                dated: dict[int, Any] = {}
                for period, value in change.items():
                    try:
                        year = int(str(period)[:4])
                    except ValueError:
                        raise ParameterError(f"{source}: {path}: period {period!r} is not a year") from None
                    if not 1990 <= year <= 2100:
                        raise ParameterError(f"{source}: {path}: period {period!r} is not a plausible year")
                    check_value(leaf, value, f"{source}: {path} (period {period})")
                    dated[year] = value
                merged = dict(new.periods.get(path, {}))
                merged.update(dated)
                new.periods[path] = merged
            else:
                check_value(leaf, change, f"{source}: {path}")
                new.leaves[path] = {**leaf, "value": change}
                new.periods.pop(path, None)
            new.origin[path] = source
        return new

    def table(self, prefix: str = "") -> list[dict[str, Any]]:
        """Rows ``{path, description, description_id, value, unit, unit_en, low, high, flag, source, note,
        choices, overridden_by}`` for reports (``description``/``unit_en`` English, ``description_id``/``unit``
        Indonesian)."""
        rows = []
        for path, leaf in self.leaves.items():
            if prefix and not path.startswith(prefix):
                continue
            rng = leaf.get("range") or [None, None]
            value = self.get(path)
            rows.append({
                "path": path,
                "description": leaf["description"],
                "description_id": leaf["description_id"],
                "value": value,
                "unit": leaf["unit"],
                "unit_en": leaf["unit_en"],
                "low": rng[0] if "choices" not in leaf else None,
                "high": rng[1] if "choices" not in leaf else None,
                "flag": leaf["flag"],
                "source": leaf["source"],
                "note": leaf.get("note", ""),
                "choices": leaf.get("choices"),
                "overridden_by": self.origin.get(path, ""),
            })
        return rows


def default_files() -> list[Path]:
    """The baseline parameter files: staffing standards and PPPK costing."""
    d = config.parameters_dir()
    return [d / "staffing_standards.yaml", d / "pppk_costing.yaml"]


def baseline() -> ParameterSet:
    """The validated baseline :class:`ParameterSet` (staffing standards + PPPK costing)."""
    return ParameterSet.from_files(default_files())
