"""Memoised province look-ups for the readers (one call per row of a large file must not re-scan the
reference table). Thin wrappers over :mod:`kesos_analysis.data.regions`, the one province resolver; the
cache is keyed by the raw-data folder, so a different ``data/raw`` gets its own entries."""

from __future__ import annotations

import os
from functools import lru_cache

from .. import regions


def _raw() -> str:
    # The folder is chosen by KESOS_DATA_RAW (see kesos_analysis.config); cheap to read per row.
    return os.environ.get("KESOS_DATA_RAW", "")


@lru_cache(maxsize=8192)
def _code_for_name(text: str, raw: str) -> str | None:
    return regions.province_code_for_name(text)


@lru_cache(maxsize=512)
def _name(code: str, raw: str) -> str:
    return regions.province_name(code)


@lru_cache(maxsize=8192)
def _aggregate(text: str) -> bool:
    return regions.is_aggregate_name(text)


def province_code_for_name(text: object) -> str | None:
    """:func:`regions.province_code_for_name`, memoised."""
    return _code_for_name(str(text), _raw()) if text is not None else None


def province_name(code: str) -> str:
    """:func:`regions.province_name`, memoised (raises like it for an unknown code)."""
    return _name(str(code), _raw())


def is_aggregate_name(text: object) -> bool:
    """:func:`regions.is_aggregate_name`, memoised."""
    return _aggregate(str(text))
