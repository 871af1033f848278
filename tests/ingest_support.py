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


#: The data the ingest tests were written against: rows of later releases are dropped from the copies, so
#: that `kesos data add` of a real new release (a poverty round, a UMP year) never collides with the
#: illustrative "new release" files of tests/corpus/good (which are dated 2026–2027).
FROZEN_AT = {"regions/poverty_province.csv": (2025, 9), "regions/ump_province.csv": (2025, 12),
             "regions/population_province.csv": (2024, 12)}


def _freeze(raw: Path) -> None:
    """Drop the rows of releases after :data:`FROZEN_AT` from a copy of data/raw (line endings kept) and
    update its datapackage.json hashes."""
    import csv
    import io

    from kesos_analysis.data import datapackage
    from kesos_analysis.data.schemas import TABLES

    changed = []
    for rel, (year, month) in FROZEN_AT.items():
        path = raw / rel
        text = path.read_bytes().decode("utf-8")
        lines = text.splitlines(keepends=True)
        header = next(csv.reader(io.StringIO(lines[0])))
        iy, im = header.index("year"), (header.index("month") if "month" in header else None)
        keep = [lines[0]]
        for line in lines[1:]:
            rec = next(csv.reader(io.StringIO(line)))
            key = (int(rec[iy]), int(rec[im]) if im is not None else 12)
            if key <= (year, month):
                keep.append(line)
        if len(keep) != len(lines):
            path.write_bytes("".join(keep).encode("utf-8"))
            changed.append(rel)
    if changed:
        desc = datapackage.read_descriptor(raw)
        specs = {spec.path: spec for spec in TABLES.values()}
        for rel in changed:
            spec = specs[rel]
            new = datapackage.build_resource(spec, raw, datapackage.resource(desc, spec.name))
            desc["resources"] = [new if r["name"] == spec.name else r for r in desc["resources"]]
        datapackage.write_descriptor(desc, raw)


def make_data_copy(root: Path, *, build: bool = True) -> tuple[Path, Path]:
    """Copy data/raw as of :data:`FROZEN_AT` to ``root/raw`` and (optionally) build ``root/processed``."""
    from kesos_analysis.data import build_processed

    raw = root / "raw"
    processed = root / "processed"
    shutil.copytree(REAL_RAW, raw)
    _freeze(raw)
    processed.mkdir()
    if build:
        build_processed(raw, processed)
    return raw, processed
