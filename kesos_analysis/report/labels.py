"""ONE bilingual label catalogue: display text of categorical codes and raw data values.

The catalogue is ``report/text/labels.yaml``: top-level keys are *groups* (``confidence``,
``coverage_status``, ``yes_no``, ``mkg_basis``, ``interpolation``, ``override``, ``no_data``, ``table``,
``data``); inside a group each code maps to ``{id: …, en: …}``. Analysis functions return codes
(``"medium-high"``, ``"not_surveyed"``, ``True``, ``"TKSK (tali asih)"``); the report layer labels them
here and nowhere else.

>>> label("confidence", "medium-high", "id")
'sedang–tinggi'
>>> label("yes_no", True, "en")
'yes'
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import KesosError
from ..io import read_yaml_mapping
from .fmt import MISSING, check_lang

LABELS_FILE = Path(__file__).resolve().parent / "text" / "labels.yaml"

#: Label group applied by default to a column of this name in tables and row templates
#: (:meth:`Text.table`, :meth:`Text.rows`); ``label_columns`` overrides or adds. Booleans use ``yes_no``.
COLUMN_GROUPS: dict[str, str] = {
    "confidence": "confidence",
    "status": "coverage_status",
    "mkg_basis": "mkg_basis",
    "cadre": "data",
    "staff_type": "data",
    "measure": "data",
    "employment_status": "data",
    "funding": "data",
    "indicator": "data",
    "country": "data",
    "component": "cost_component",
}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """The whole catalogue ``{group: {code: {"id": …, "en": …}}}``, checked on first use.

    Raises :class:`KesosError` naming the group and code if an entry lacks a language or has another key.
    """
    data = read_yaml_mapping(LABELS_FILE)
    for group, entries in data.items():
        if not isinstance(entries, dict):
            raise KesosError(f"{LABELS_FILE}: group {group!r} must map codes to {{id, en}}")
        for code, entry in entries.items():
            if not isinstance(entry, dict) or set(entry) != {"id", "en"} or not all(
                    isinstance(v, str) for v in entry.values()):
                raise KesosError(f"{LABELS_FILE}: {group}.{code!r} must have exactly the texts 'id' and 'en'")
    return data


def _code(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if bool(value) else "false"
    return str(value)


def label(group: str, value: Any, lang: str = "id") -> str:
    """Display text of code ``value`` in ``group``; a code not in the catalogue is returned as text,
    a missing value as ``–``. Raises :class:`KesosError` for an unknown group."""
    check_lang(lang)
    cat = catalogue()
    if group not in cat:
        raise KesosError(f"unknown label group {group!r}; groups in labels.yaml: {', '.join(cat)}")
    code = _code(value)
    if code is None:
        return MISSING
    entry = cat[group].get(code)
    return entry[lang] if entry else code


def labels(group: str, values: Iterable[Any], lang: str = "id") -> list[str]:
    """:func:`label` of every element (a pandas Series keeps its order)."""
    return [label(group, v, lang) for v in values]


def codes(group: str) -> list[str]:
    """The codes of ``group`` in catalogue order (e.g. the confidence levels, high first)."""
    check = catalogue()
    if group not in check:
        raise KesosError(f"unknown label group {group!r}")
    return list(check[group])


def as_dict(group: str) -> dict[str, dict[str, str]]:
    """``{code: {"id": …, "en": …}}`` of one group (a copy)."""
    return {k: dict(v) for k, v in catalogue()[group].items()}
