"""Shared helpers for the ingest tests (copies of data/raw in a temp folder; never the real one)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL_RAW = REPO / "data" / "raw"
CORPUS = Path(__file__).resolve().parent / "corpus"


def tree_digest(folder: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under ``folder`` (hidden files included), plus every
    folder (value ``"dir"``), so a leftover empty folder or temp file is noticed too."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir")
            for p in sorted(folder.rglob("*"))}


def make_data_copy(root: Path, *, build: bool = True) -> tuple[Path, Path]:
    """Copy data/raw to ``root/raw`` and (optionally) build ``root/processed`` from it."""
    from kesos_analysis.data import build_processed

    raw = root / "raw"
    processed = root / "processed"
    shutil.copytree(REAL_RAW, raw)
    processed.mkdir()
    if build:
        build_processed(raw, processed)
    return raw, processed
