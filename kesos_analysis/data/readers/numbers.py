"""Number texts in Indonesian (``1.234,56``) or English (``1,234.56``) format, decided once per file."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

#: Integer key columns that are parsed strictly (never with thousands separators).
INTEGER_KEYS = frozenset({"year", "month", "year_effective"})

_INT = re.compile(r"^[+-]?\d+$")
_ID_FULL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")
_EN_FULL = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$")
_ID_THOUS = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")
_EN_THOUS = re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}$")
_ONE_COMMA = re.compile(r"^[+-]?(\d+),(\d+)$")
_ONE_DOT = re.compile(r"^[+-]?(\d+)\.(\d+)$")


def classify_number(text: str) -> str:
    """Classify a numeric text: ``"int"``, ``"id"`` (only readable as Indonesian, decimal comma),
    ``"en"`` (only readable as English, decimal point), ``"ambiguous"`` (e.g. ``1.234`` or ``1,234``) or
    ``"invalid"``.
    """
    s = text.strip()
    if _INT.match(s):
        return "int"
    if _ID_FULL.match(s) or _ID_THOUS.match(s):
        return "id"
    if _EN_FULL.match(s) or _EN_THOUS.match(s):
        return "en"
    for rx, kind in ((_ONE_COMMA, "id"), (_ONE_DOT, "en")):
        m = rx.match(s)
        if m:
            lead, frac = m.group(1), m.group(2)
            if len(frac) == 3 and 1 <= len(lead) <= 3 and not (len(lead) > 1 and lead.startswith("0")) and lead != "0":
                return "ambiguous"
            return kind
    return "invalid"


def parse_number_text(text: str, decimal: str) -> str | None:
    """Canonical text (``.`` decimal, no thousands separator) of ``text`` read with ``decimal`` (``","``
    or ``"."``), or ``None`` if ``text`` is not a number in that format.

    Examples: ``parse_number_text("1.234,56", ",") == "1234.56"``; ``parse_number_text("1,234.56", ".")
    == "1234.56"``; ``parse_number_text("1.234,56", ".") is None``.
    """
    s = text.strip()
    kind = classify_number(s)
    if kind == "invalid":
        return None
    if kind == "int":
        return s.lstrip("+")
    thousands = "." if decimal == "," else ","
    if kind == ("en" if decimal == "," else "id"):
        return None
    # ambiguous or matching: strip thousands groups, then the decimal mark
    sign = "-" if s.startswith("-") else ""
    body = s.lstrip("+-")
    if thousands in body:
        head, _, tail = body.partition(decimal) if decimal in body else (body, "", "")
        groups = head.split(thousands)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return None
        body = "".join(groups) + (("." + tail) if tail else "")
    elif decimal in body:
        body = body.replace(decimal, ".")
    if not re.fullmatch(r"\d+(\.\d+)?", body):
        return None
    return sign + body


def parse_number(text: str, decimal: str) -> float:
    """Float value of ``text`` in the file's format; raises ``ValueError`` if it is not one."""
    canon = parse_number_text(text, decimal)
    if canon is None:
        raise ValueError(f"{text!r} is not a number with decimal mark {decimal!r}")
    return float(canon)


def detect_decimal(texts: list[tuple[str, Any]]) -> tuple[str | None, list[tuple[str, Any]], list[tuple[str, Any]], list[tuple[str, Any]]]:
    """Decide the decimal mark of a file from ``[(text, where), …]``.

    Returns ``(decimal, id_examples, en_examples, ambiguous_examples)``; ``decimal`` is ``","``, ``"."``
    or ``None`` when undecided (mixed formats, or only ambiguous cells), ``"int"`` when every number is
    a whole number without separators.
    """
    ids, ens, amb = [], [], []
    for text, where in texts:
        k = classify_number(text)
        if k == "id":
            ids.append((text, where))
        elif k == "en":
            ens.append((text, where))
        elif k == "ambiguous":
            amb.append((text, where))
    if ids and ens:
        return None, ids, ens, amb
    if ids:
        return ",", ids, ens, amb
    if ens:
        return ".", ids, ens, amb
    if amb:
        return None, ids, ens, amb
    return "int", ids, ens, amb


def number_cell_text(value: float | int) -> str:
    """Canonical text of a numeric spreadsheet cell (no exponent, no trailing ``.0``)."""
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return np.format_float_positional(float(value), trim="-")
