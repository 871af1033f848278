"""Number formatting for reports: Indonesian first (``1.234.567``, ``10,70%``, ``Rp3.203.600``), English
available (``1,234,567``, ``10.70%``, ``Rp3,203,600``). Uses Babel's CLDR locale data (``id_ID``,
``en_US``) with explicit patterns, so output does not depend on the machine's locale.
"""

from __future__ import annotations

import math
from collections.abc import Callable

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
        return x is None or (isinstance(x, float) and math.isnan(x)) or str(x) in ("<NA>", "NaT")
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
    """A one-argument formatter for ``kind`` in
    ``{"int", "number", "percent", "rupiah", "money", "ratio", "year", "round", "text"}`` (``money``: Rupiah in
    words for large amounts, ``Rp7,11 triliun``).

    Used for table cells and axis ticks. ``decimals`` defaults to 0 for int/rupiah, 2 for percent/ratio,
    1 for number.
    """
    check_lang(lang)
    if kind == "text":
        return lambda x: MISSING if _is_missing(x) else str(x)
    table = {
        "year": (year, 0),
        "round": (round_label, 0),
        "int": (number, 0),
        "number": (number, 1),
        "percent": (percent, 2),
        "rupiah": (rupiah, 0),
        "ratio": (ratio, 2),
        "money": (lambda x, lang, d: MISSING if _is_missing(x) else rupiah_words(x, lang, d), 2),
    }
    if kind not in table:
        raise ParameterError(f"unknown format kind {kind!r}; expected one of {sorted(table) + ['text']}")
    fn, default = table[kind]
    d = default if decimals is None else decimals
    return lambda x: fn(x, lang, d)


def year(x, lang: str = "id", decimals: int = 0) -> str:
    """A calendar year without separators: ``2025`` → ``"2025"`` (never ``"2.025"``)."""
    check_lang(lang)
    if _is_missing(x):
        return MISSING
    return str(int(x))


#: Month abbreviations of the Susenas rounds (the same in Bahasa Indonesia and English).
ROUND_MONTHS = {3: "Mar", 9: "Sep"}


def round_label(year_month, lang: str = "id", decimals: int = 0) -> str:
    """A Susenas round ``(year, month)`` or round key ``"2016-09"`` → ``"Sep 2016"`` / ``"Mar 2016"``
    (same in id and en)."""
    check_lang(lang)
    if year_month is None or _is_missing(year_month):
        return MISSING
    if isinstance(year_month, str):
        year_month = year_month.split("-")
    y, m = year_month
    return f"{ROUND_MONTHS.get(int(m), str(int(m)))} {int(y)}"


def rupiah_words(x, lang: str = "id", decimals: int | None = None) -> str:
    """Rupiah for narrative text: ``Rp5,98 triliun`` (≥ 1 trillion, two decimals), ``Rp661,2 miliar``
    (≥ 1 billion, one decimal), else full Rupiah; English ``Rp5.98 trillion`` / ``Rp661.2 billion``."""
    check_lang(lang)
    if _is_missing(x):
        return MISSING
    words = {"id": ("triliun", "miliar"), "en": ("trillion", "billion")}[lang]
    if abs(x) >= 1e12:
        return f"Rp{number(x / 1e12, lang, 2 if decimals is None else decimals)} {words[0]}"
    if abs(x) >= 1e9:
        return f"Rp{number(x / 1e9, lang, 1 if decimals is None else decimals)} {words[1]}"
    return f"Rp{number(x, lang, 0)}"


#: Placeholder kinds of the narrative YAML (``{name:kind}`` or ``{name:kind.decimals}``) → (function,
#: default decimals). ``text`` (the default when no kind is given) inserts ``str(value)``.
PLACEHOLDER_KINDS: dict[str, tuple[Callable[..., str], int | None]] = {
    "number": (number, 0),
    "int": (number, 0),
    "percent": (percent, 2),
    "pp": (number, 2),
    "rupiah": (rupiah, 0),
    "money": (rupiah_words, None),
    "ratio": (ratio, 2),
    "year": (year, 0),
    "round": (round_label, 0),
}


def placeholder(value, kind: str, lang: str = "id", decimals: int | None = None) -> str:
    """Format ``value`` for a typed placeholder ``{name:kind[.decimals]}`` (see :data:`PLACEHOLDER_KINDS`).

    ``pp`` is a difference in percentage points, shown without sign (the narrative says up/down).
    Raises :class:`ParameterError` for an unknown kind.
    """
    if kind == "text":
        return MISSING if _is_missing(value) else str(value)
    if kind not in PLACEHOLDER_KINDS:
        kinds = [*sorted(PLACEHOLDER_KINDS), "text", "label.<group>"]
        raise ParameterError(f"unknown placeholder kind {kind!r}; expected one of {kinds}")
    fn, default = PLACEHOLDER_KINDS[kind]
    if kind == "pp" and not _is_missing(value):
        value = abs(value)
    d = default if decimals is None else decimals
    return fn(value, lang) if d is None else fn(value, lang, d)
