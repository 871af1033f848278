"""Number formatting for reports: Indonesian first (``1.234.567``, ``10,70%``, ``Rp3.203.600``), English
available (``1,234,567``, ``10.70%``, ``Rp3,203,600``). Uses Babel's CLDR locale data (``id_ID``,
``en_US``) with explicit patterns, so output does not depend on the machine's locale.
"""

from __future__ import annotations

import math
from typing import Callable

from babel.numbers import format_decimal

from ..errors import ParameterError

_LOCALES = {"id": "id_ID", "en": "en_US"}
MISSING = "–"


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is ``"id"`` or ``"en"``; raise :class:`ParameterError` otherwise."""
    if lang not in _LOCALES:
        raise ParameterError(f"lang must be 'id' or 'en', got {lang!r}")
    return lang


def _is_missing(x) -> bool:
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or (hasattr(x, "__class__") and str(x) in ("<NA>", "NaT"))
    except TypeError:
        return False


def number(x, lang: str = "id", decimals: int = 0) -> str:
    """``1234567.8`` → ``"1.234.568"`` (id) / ``"1,234,568"`` (en); ``decimals`` fixed digits after the mark."""
    if _is_missing(x):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(x, format=pattern, locale=_LOCALES[check_lang(lang)])


def percent(x, lang: str = "id", decimals: int = 2) -> str:
    """A value already in percent: ``10.7`` → ``"10,70%"`` (id) / ``"10.70%"`` (en)."""
    if _is_missing(x):
        return MISSING
    return number(x, lang, decimals) + "%"


def rupiah(x, lang: str = "id", decimals: int = 0) -> str:
    """``3203600`` → ``"Rp3.203.600"`` (id) / ``"Rp3,203,600"`` (en)."""
    if _is_missing(x):
        return MISSING
    return "Rp" + number(x, lang, decimals)


def ratio(x, lang: str = "id", decimals: int = 2) -> str:
    """A plain ratio with ``decimals`` digits: ``0.73`` → ``"0,73"`` (id)."""
    return number(x, lang, decimals)


def formatter(kind: str, lang: str = "id", decimals: int | None = None) -> Callable[[object], str]:
    """A one-argument formatter for ``kind`` in ``{"int", "number", "percent", "rupiah", "ratio", "text"}``.

    Used for table cells and axis ticks. ``decimals`` defaults to 0 for int/rupiah, 2 for percent/ratio,
    1 for number.
    """
    check_lang(lang)
    if kind == "text":
        return lambda x: MISSING if _is_missing(x) else str(x)
    table = {
        "int": (number, 0),
        "number": (number, 1),
        "percent": (percent, 2),
        "rupiah": (rupiah, 0),
        "ratio": (ratio, 2),
    }
    if kind not in table:
        raise ParameterError(f"unknown format kind {kind!r}; expected one of {sorted(table) + ['text']}")
    fn, default = table[kind]
    d = default if decimals is None else decimals
    return lambda x: fn(x, lang, d)
