"""Notebook parameters: declaration, one typing rule for every route, declarative checks.

A notebook declares its parameters in ONE code cell tagged ``parameters`` (Papermill's convention). A
value reaches it by three routes — ``kesos run -p NAME=VALUE``, a YAML file (``-f``) and the Python API
(:func:`resolve_parameters` ``overrides``) — and every route applies the same typing rule
(:func:`coerce`):

* text is typed by the **declared type** of the parameter (the type of its default, or its annotation
  such as ``year_end: int | None = None``), using YAML 1.2 *core* scalars only: ``010`` is the integer 10
  (never YAML 1.1 octal 8), ``0x21``/``0o17``/``1_000``/``1:30`` (YAML 1.1 hex, octal, separators,
  sexagesimal) are refused for numbers, booleans are ``true``/``false`` only (not ``yes``/``on``);
* a text parameter keeps the text as written (``province: 033`` stays ``"033"`` and is then refused by
  the province resolver); region codes are never numbers;
* ``None``/``null``/``~`` is Python ``None`` — only for a parameter whose default is ``None``;
* Python values (API route) must already have the declared type (``True`` is not an integer).

Values are then checked by a declarative :data:`SPECS` entry per parameter name (allowed values, range,
resolver) — the runner never calls into analysis modules. ``province`` is normalised to ``"all"`` or a
two-digit BPS code by the one province resolver (:mod:`kesos_analysis.data.regions`), so
``-p province="DKI Jakarta"`` reaches the notebook as ``"31"``. Year parameters cannot exceed the data.

Before anything runs, :func:`notebook_info` refuses a notebook with two ``parameters`` cells and one whose
later cell reassigns a parameter (the passed value would be silently replaced) — except a deliberate
normalisation ``name = f(name, …)`` of a name in :data:`NORMALISATION_ALLOWED` or in the notebook
metadata ``kesos.normalises``.

Raises :class:`~kesos_analysis.errors.ParameterError` (bad value; names the route and the parameter) or
:class:`~kesos_analysis.errors.KesosError` (bad notebook).
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import config
from ..errors import KesosError, ParameterError

#: Parameters a later cell may reassign when the new value is computed from the old one
#: (``year_end = resolve_year_end(year_end, pov)``): a deliberate normalisation, not a reset.
NORMALISATION_ALLOWED = frozenset({"year_end", "province"})

#: Per-cell timeout in seconds when the notebook's metadata gives no ``kesos.timeout_seconds``.
DEFAULT_CELL_TIMEOUT = 600

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), plus Python's None.
_NULL = re.compile(r"^(?:null|Null|NULL|~|None|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_YAML11_NUMBER = re.compile(r"^[-+]?(?:0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|"
                            r"[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|\.(?:inf|Inf|INF|nan|NaN|NAN))$")

_WORDS = {"int": "an integer", "float": "a number", "bool": "true or false", "list": "a list", "dict": "a mapping",
          "str": "text"}


def _short(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters for messages (a 50,000-character value is not echoed)."""
    text = repr(value) if not isinstance(value, str) or len(value) <= 4 * limit else repr(value[: 4 * limit])
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------------------------------ declaration
@dataclass(frozen=True)
class Declared:
    """One declared parameter: ``kind`` is ``int``/``float``/``str``/``bool``/``list``/``dict`` or ``None``
    (unknown: an optional parameter without annotation); ``optional`` means ``None`` is allowed."""

    name: str
    default: Any
    kind: str | None
    optional: bool

    def as_dict(self) -> dict[str, Any]:
        return {"default": self.default, "type": self.kind or "NoneType", "optional": self.optional}


@dataclass(frozen=True)
class NotebookInfo:
    """What the runner needs to know about one source notebook (read once, cheaply, without a kernel)."""

    path: Path
    name: str
    parameters: dict[str, Declared]
    kernel: str | None
    depends_on: tuple[str, ...] = ()
    timeout_seconds: int = DEFAULT_CELL_TIMEOUT
    normalises: frozenset[str] = field(default_factory=frozenset)
    source_sha256: str = ""


def _annotation_kind(node: ast.expr | None) -> tuple[str | None, bool]:
    """``(kind, optional)`` of an annotation such as ``int``, ``int | None`` or ``Optional[float]``."""
    if node is None:
        return None, False
    if isinstance(node, ast.Name) and node.id in _WORDS:
        return node.id, False
    if isinstance(node, ast.Constant) and node.value is None:
        return None, True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, lo = _annotation_kind(node.left)
        right, ro = _annotation_kind(node.right)
        return left or right, lo or ro or left is None or right is None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Optional":
        kind, _ = _annotation_kind(node.slice)
        return kind, True
    return None, False


def _parse_cell(source: str, where: str) -> ast.Module:
    """AST of a code cell; IPython syntax (``%magic``, ``!cmd``) is transformed first."""
    try:
        return ast.parse(source)
    except SyntaxError:
        pass
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError as exc:
        raise KesosError(f"{where}: not valid Python ({exc.msg}, line {exc.lineno})") from None


def _declared_from(source: str, where: str) -> dict[str, Declared]:
    out: dict[str, Declared] = {}
    for node in _parse_cell(source, where).body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        try:
            value = ast.literal_eval(node.value)
        except (ValueError, SyntaxError):
            value = None
        kind, optional = _annotation_kind(node.annotation if isinstance(node, ast.AnnAssign) else None)
        if kind is None:
            kind = None if value is None else {tuple: "list"}.get(type(value), type(value).__name__)
        optional = optional or value is None
        for t in targets:
            if isinstance(t, ast.Name):
                out[t.id] = Declared(t.id, value, kind, optional)
    return out


def _stored_names(tree: ast.Module) -> dict[str, ast.AST]:
    """Module-level names a cell binds (assignments, loops, imports, defs), with the binding node.
    Function bodies, lambdas and comprehensions have their own scope and are not descended into."""
    found: dict[str, ast.AST] = {}

    def visit(node: ast.AST, stmt: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.setdefault(node.name, node)
            return
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.setdefault(node.id, stmt)
        if isinstance(node, ast.alias):
            found.setdefault((node.asname or node.name).split(".")[0], stmt)
        for child in ast.iter_child_nodes(node):
            visit(child, stmt if not isinstance(node, ast.Module) else child)

    for stmt in tree.body:
        visit(stmt, stmt)
    return found


def _is_normalisation(name: str, stmt: ast.AST) -> bool:
    """``name = f(name, …)`` (or ``name = name.method(…)``): the new value is computed from the passed one."""
    if not isinstance(stmt, (ast.Assign, ast.AnnAssign)) or stmt.value is None:
        return False
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) for n in ast.walk(stmt.value))


def notebook_info(nb_path: Path) -> NotebookInfo:
    """Read a source notebook: declared parameters, kernel, ``kesos`` metadata, source hash.

    Raises :class:`KesosError` if the notebook has no or several ``parameters`` cells, a later cell
    reassigns a parameter (not an allowed normalisation), or the metadata is malformed.
    """
    nb_path = Path(nb_path)
    return _notebook_info(str(nb_path.resolve()), nb_path.stat().st_mtime_ns, nb_path.stat().st_size)


@lru_cache(maxsize=64)
def _notebook_info(path_text: str, _mtime: int, _size: int) -> NotebookInfo:
    nb_path = Path(path_text)
    raw = nb_path.read_bytes()
    try:
        nb = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise KesosError(f"{nb_path}: not a valid notebook (JSON error: {exc})") from None
    numbered = [(i + 1, c) for i, c in enumerate(nb.get("cells", []))]
    tagged = [(n, c) for n, c in numbered if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not tagged:
        raise KesosError(f"{nb_path}: no cell tagged 'parameters' (Papermill needs one)")
    if len(tagged) > 1:
        raise KesosError(f"{nb_path.name}: {len(tagged)} cells are tagged 'parameters' (cells "
                         f"{', '.join(str(n) for n, _ in tagged)}); Papermill injects after the first, so a later one "
                         "would silently reset the passed values. Keep one.")
    first_n, first = tagged[0]
    src = lambda c: "".join(c.get("source", "")) if isinstance(c.get("source"), list) else c.get("source", "")  # noqa: E731
    declared = _declared_from(src(first), f"{nb_path.name}, cell {first_n}")
    meta = nb.get("metadata", {})
    kesos = meta.get("kesos", {}) or {}
    if not isinstance(kesos, dict):
        raise KesosError(f"{nb_path.name}: metadata 'kesos' must be a mapping; got {_short(kesos)}")
    depends = kesos.get("depends_on", [])
    if isinstance(depends, str):
        depends = [depends]
    if not isinstance(depends, list) or not all(isinstance(d, str) and d for d in depends):
        raise KesosError(f"{nb_path.name}: metadata kesos.depends_on must be a list of notebook names; "
                         f"got {_short(depends)}")
    timeout = kesos.get("timeout_seconds", DEFAULT_CELL_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, int) or not 1 <= timeout <= 86_400:
        raise KesosError(f"{nb_path.name}: metadata kesos.timeout_seconds must be a whole number of seconds "
                         f"between 1 and 86400 (a finite per-cell timeout); got {_short(timeout)}")
    normalises = frozenset(kesos.get("normalises", [])) | NORMALISATION_ALLOWED
    for n, cell in numbered:
        if cell.get("cell_type") != "code" or n <= first_n:
            continue
        tree = _parse_cell(src(cell), f"{nb_path.name}, cell {n}")
        for name, stmt in _stored_names(tree).items():
            if name in declared and not (name in normalises and _is_normalisation(name, stmt)):
                line = getattr(stmt, "lineno", "?")
                raise KesosError(
                    f"{nb_path.name}: cell {n} (line {line}) reassigns parameter {name!r} after the parameters cell, "
                    f"so a "
                    f"passed value would be silently replaced; use another name, or for a deliberate normalisation "
                    f"write `{name} = f({name}, …)` and list {name!r} in the notebook metadata kesos.normalises")
    kernel = (meta.get("kernelspec") or {}).get("name")
    return NotebookInfo(path=nb_path, name=nb_path.stem, parameters=declared, kernel=kernel,
                        depends_on=tuple(Path(d).stem for d in depends), timeout_seconds=timeout,
                        normalises=normalises, source_sha256=hashlib.sha256(raw).hexdigest())


def declared_parameters(nb_path: Path) -> dict[str, dict[str, Any]]:
    """Parameters declared in the notebook's ``parameters`` cell:
    ``{name: {"default": value, "type": str, "optional": bool}}`` (see :func:`notebook_info`)."""
    return {k: d.as_dict() for k, d in notebook_info(nb_path).parameters.items()}


# ----------------------------------------------------------------------------------------------- typing
def scalar_from_text(text: str) -> Any:
    """A YAML 1.2 core scalar from its text: null (or ``None``), ``true``/``false``, decimal integer, float;
    anything else stays text. YAML 1.1 forms (``0x21``, ``010`` as octal, ``1:30``) are NOT numbers here."""
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _INT.match(text):
        return int(text, 10)
    if _FLOAT.match(text):
        return float(text)
    return text


def _text_to(kind: str | None, text: str, name: str) -> Any:
    """Type ``text`` for a parameter of ``kind`` (see the module docstring). Raises ValueError."""
    t = text.strip()
    if kind == "str":
        return text
    if kind == "int":
        if _INT.match(t):
            return int(t, 10)
        raise ValueError
    if kind == "float":
        if _INT.match(t) or _FLOAT.match(t):
            return float(t)
        raise ValueError
    if kind == "bool":
        if _TRUE.match(t):
            return True
        if _FALSE.match(t):
            return False
        raise ValueError
    if kind in ("list", "dict"):
        from ..io import load_yaml_text

        return _typed_tree(load_yaml_text(t, f"parameter {name!r}"))
    value = scalar_from_text(t)
    if name.startswith("year") and not isinstance(value, int) or isinstance(value, bool):
        raise ValueError
    return value


def _typed_tree(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _typed_tree(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_typed_tree(v) for v in node]
    return scalar_from_text(node) if isinstance(node, str) else node


def coerce(name: str, raw: Any, declared: Declared, origin: str) -> Any:
    """Type ``raw`` (text from ``-p``/``-f``, or a Python value) for ``declared`` — one rule for every route.

    Raises :class:`ParameterError` naming ``origin``, the parameter, what it expects and the value.
    """
    kind = declared.kind
    if kind is None and name.startswith("year"):
        kind = "int"
    expects = _WORDS.get(kind or "", "a single value")
    hint = ""
    if raw is None or (isinstance(raw, str) and kind != "str" and _NULL.match(raw.strip())):
        if declared.optional:
            return None
        raise ParameterError(f"{origin}: parameter {name!r} expects {expects} (default {declared.default!r}); got None "
                             "(only a parameter whose default is None accepts None)")
    if isinstance(raw, str):
        if kind in ("int", "float") and _YAML11_NUMBER.match(raw.strip()):
            hint = (" (YAML 1.1 hex/octal/sexagesimal forms and digit separators are not read as numbers; "
                    "write it in decimal)")
        try:
            value = _text_to(kind, raw, name)
        except (ValueError, ParameterError):
            raise ParameterError(f"{origin}: parameter {name!r} expects {expects} (default {declared.default!r}); "
                                 f"got {_short(raw)}{hint}") from None
        if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
            raise ParameterError(f"{origin}: parameter {name!r} expects a finite number; got {_short(raw)}")
        if kind is None and not isinstance(value, (int, float, str)):
            raise ParameterError(f"{origin}: parameter {name!r} expects a single value; got {_short(raw)}")
        return value
    # Python route: the value must already have the declared type.
    ok = {
        "int": isinstance(raw, int) and not isinstance(raw, bool),
        "float": isinstance(raw, (int, float)) and not isinstance(raw, bool),
        "bool": isinstance(raw, bool),
        "str": isinstance(raw, str),
        "list": isinstance(raw, (list, tuple)),
        "dict": isinstance(raw, dict),
        None: isinstance(raw, (int, float, str)) and not isinstance(raw, bool),
    }.get(kind, True)
    if not ok:
        quote = " (quote it)" if kind == "str" else ""
        raise ParameterError(f"{origin}: parameter {name!r} expects {expects} (default {declared.default!r}); "
                             f"got {_short(raw)}{quote}")
    if kind == "float":
        return float(raw)
    if kind == "list":
        return list(raw)
    return raw


# ------------------------------------------------------------------------------------- declarative specs
@dataclass(frozen=True)
class Spec:
    """Declarative check of one parameter name (applied to every notebook that declares it).

    ``allowed``: the allowed values (or a callable giving them); ``bounds``: ``(low, high)`` inclusive (or a
    callable giving them, with ``what`` explaining them); ``scale``: bounds are given for ``value × scale``;
    ``resolver``: maps an accepted spelling to the canonical value (e.g. province name → BPS code) or raises
    :class:`ParameterError`."""

    allowed: Sequence[Any] | Callable[[], Sequence[Any]] | None = None
    bounds: tuple[float, float] | Callable[[], tuple[float, float]] | None = None
    what: str = ""
    scale: float = 1.0
    resolver: Callable[[Any], Any] | None = None

    def apply(self, value: Any) -> Any:
        if value is None:
            return value
        if self.resolver is not None:
            value = self.resolver(value)
        if self.allowed is not None:
            allowed = list(self.allowed() if callable(self.allowed) else self.allowed)
            if value not in allowed:
                raise ParameterError(f"must be one of {', '.join(map(str, allowed))}; got {_short(value)}")
        if self.bounds is not None:
            lo, hi = self.bounds() if callable(self.bounds) else self.bounds
            if not (lo <= value * self.scale <= hi):
                raise ParameterError(f"must be between {lo / self.scale:g} and {hi / self.scale:g}{self.what}; "
                                     f"got {_short(value)}")
        return value


def normalise_province(value: Any) -> str:
    """``"all"`` or the two-digit BPS code of a province given by BPS or Kemendagri code, name or known alias
    (``"DKI Jakarta"`` → ``"31"``, ``"NAD"`` → ``"11"``, ``"Papua Pegunungan"`` → ``"97"``; ``"Indonesia"`` →
    ``"all"``), by the one province resolver :func:`kesos_analysis.data.regions.normalise_province_parameter`.
    Raises :class:`ParameterError` (with the closest official names) otherwise.
    """
    from ..data import regions

    if not isinstance(value, str):
        raise ParameterError(f"province must be text ('all', a two-digit BPS code such as '33', or a name); "
                             f"got {_short(value)}")
    return regions.normalise_province_parameter(value[:200] if len(value) > 200 else value)


@lru_cache(maxsize=4)
def _years_of(table: str, column: str = "year", national_only: bool = False) -> tuple[int, ...]:
    from ..data import load

    df = load(table)
    if national_only:
        df = df[df["bps_code"] == "00"]
    return tuple(sorted({int(y) for y in df[column]}))


def data_years() -> tuple[int, int]:
    """First and last year with poverty data (the period every report can cover)."""
    years = _years_of("poverty_province")
    return years[0], years[-1]


def _yaml_bounds(path: str) -> Callable[[], tuple[float, float]]:
    def bounds() -> tuple[float, float]:
        from ..paramfile import baseline

        lo, hi = baseline().leaf(path)["range"]
        return lo, hi
    return bounds


def scenario_names() -> list[str]:
    """Scenario files shipped in ``parameters/scenarios/`` (names without ``.yaml``)."""
    return sorted(p.stem for p in (config.parameters_dir() / "scenarios").glob("*.yaml"))


#: One declarative entry per parameter name. A notebook parameter without an entry is only typed.
SPECS: dict[str, Spec] = {
    "lang": Spec(allowed=config.LANGUAGES),
    "province": Spec(resolver=normalise_province),
    "year_start": Spec(bounds=data_years, what=" (years with poverty data)"),
    "year_end": Spec(bounds=data_years, what=" (years with poverty data)"),
    "top_n": Spec(bounds=(1, 38), what=" (provinces)"),
    "density_year": Spec(allowed=lambda: _years_of("population_province", national_only=True),
                         what=" (years with a national population figure)"),
    "scenario": Spec(allowed=scenario_names),
    "start_year": Spec(bounds=_yaml_bounds("pppk_costing.recruitment.start_year"),
                       what=" (plausible range of pppk_costing.recruitment.start_year)"),
    "rollout_years": Spec(bounds=_yaml_bounds("pppk_costing.recruitment.rollout_years"), what=" years"),
    "discount_rate": Spec(bounds=_yaml_bounds("pppk_costing.macro.discount_rate_percent"), scale=100,
                          what=" (a fraction: 0.06 = 6 %)"),
    "method": Spec(allowed=("wisn", "abk")),
}


def check_values(values: dict[str, Any], notebook: str) -> dict[str, Any]:
    """Apply :data:`SPECS` to ``values`` (returns the resolved values) and the cross-checks (``year_start``
    not after ``year_end``). Raises :class:`ParameterError` naming the notebook and the parameter."""
    out = dict(values)
    for name, spec in SPECS.items():
        if name not in out:
            continue
        try:
            out[name] = spec.apply(out[name])
        except ParameterError as exc:
            msg = str(exc)
            if name == "density_year" and "must be one of" in msg:
                msg = msg.replace("must be one of", "density_year needs a national population figure; available years:")
            prefix = "" if msg.startswith(name) else f"{name}: "
            raise ParameterError(f"notebook {notebook}: {prefix}{msg}") from None
    if "year_start" in out and "year_end" in out:
        ys, ye = out["year_start"], out["year_end"] if out["year_end"] is not None else data_years()[1]
        if ys > ye:
            raise ParameterError(f"notebook {notebook}: year_start ({ys}) must not be after year_end ({ye})")
    return out


def refuse_personal_data(name: str, raw: Any, origin: str) -> None:
    """Refuse a parameter whose name or value holds a NIK-like or other 16–18-digit identifier-like number."""
    from .checks import find_identifiers

    text = raw if isinstance(raw, str) else repr(raw)
    if find_identifiers(text[:10_000]) or find_identifiers(str(name)):
        raise ParameterError(f"{origin.split('=')[0]}: parameter value looks like a NIK (personal data, UU 27/2022); "
                             "refused before anything runs or is written")


def resolve_parameters(nb_path: Path, params: Iterable[str] = (), params_file: Path | None = None,
                       overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Final parameters for one notebook: defaults ← YAML file ← ``-p`` items ← ``overrides`` (Python).

    Raises :class:`ParameterError` for an unknown name, a malformed ``-p`` item or a value of the wrong
    kind or out of range, naming the notebook, the route and the valid parameters.
    """
    info = notebook_info(nb_path)
    declared = info.parameters
    values = {k: d.default for k, d in declared.items()}

    def put(name: str, raw: Any, origin: str) -> None:
        refuse_personal_data(name, raw, origin)
        if name not in declared:
            raise ParameterError(
                f"{origin}: unknown parameter {name!r} for notebook {info.name}; valid: {', '.join(declared)}")
        values[name] = coerce(name, raw, declared[name], origin)

    if params_file is not None:
        from ..io import read_yaml_mapping

        loaded = read_yaml_mapping(params_file, "parameter file of NAME: VALUE", as_text=True, max_bytes=64 * 1024,
                                   max_nodes=10_000)
        for k, v in loaded.items():
            put(str(k), v, str(params_file))
    seen: set[str] = set()
    for item in params:
        if "=" not in item:
            raise ParameterError(f"-p {_short(item)}: expected NAME=VALUE")
        k, _, v = item.partition("=")
        k = k.strip()
        if k in seen:
            raise ParameterError(f"-p {_short(item)}: parameter {k!r} given twice")
        seen.add(k)
        put(k, v, f"-p {item[:120]}")
    for k, v in (overrides or {}).items():
        if k in declared:  # e.g. lang=en for a run in every language
            put(k, v, "run")
    return check_values(values, info.name)
