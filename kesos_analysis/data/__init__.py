"""Data layer: raw tables (immutable, sourced) → validated, typed DataFrames → ``data/processed``.

Public entry points: :func:`load` (for analysis and notebooks), :func:`load_raw`,
:func:`build_processed`, :data:`TABLES`.
"""

from .loaders import build_processed, load, load_raw
from .schemas import TABLES, get_spec

__all__ = ["TABLES", "build_processed", "get_spec", "load", "load_raw"]
