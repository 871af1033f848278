"""``data/raw/datapackage.json``: the Frictionless Data Package descriptor of the raw inputs.

Each resource records its path, schema (generated from :mod:`kesos_analysis.data.schemas`), sources
(the folder's ``SOURCES.md`` and every distinct ``source_url`` of its rows), byte size and sha256. A raw
file whose sha256 no longer matches is refused with :class:`~kesos_analysis.errors.ChecksumMismatchError`.
Spec: https://specs.frictionlessdata.io/data-package/ (``hash`` with a ``sha256:`` prefix).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from .. import config
from ..errors import ChecksumMismatchError, KesosError
from ..io import atomic_write_text, sha256_file
from .schemas import TABLES, TableSpec

DESCRIPTOR_NAME = "datapackage.json"

_TYPE_MAP = {"str": "string", "int64": "integer", "Int64": "integer", "float64": "number"}


def descriptor_path(raw_dir: Path | None = None) -> Path:
    """Path of ``datapackage.json`` in ``raw_dir`` (default: :func:`config.data_raw`)."""
    return (raw_dir or config.data_raw()) / DESCRIPTOR_NAME


def read_descriptor(raw_dir: Path | None = None) -> dict[str, Any]:
    """Read ``datapackage.json``. Raises :class:`KesosError` if it is missing or not JSON."""
    path = descriptor_path(raw_dir)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KesosError(f"{path}: missing; run `kesos data manifest --write` to create it") from None
    except json.JSONDecodeError as exc:
        raise KesosError(f"{path}: not valid JSON ({exc})") from None


def resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    """The resource entry called ``name``; raises :class:`KesosError` if absent."""
    for res in descriptor.get("resources", []):
        if res.get("name") == name:
            return res
    raise KesosError(f"{DESCRIPTOR_NAME}: no resource named {name!r}")


def _schema_fields(spec: TableSpec) -> list[dict[str, Any]]:
    fields = []
    for name, col in spec.schema.columns.items():
        f: dict[str, Any] = {"name": name, "type": _TYPE_MAP.get(str(col.dtype), "string")}
        if name in spec.units:
            f["unit"] = spec.units[name]
        if not col.nullable:
            f["constraints"] = {"required": True}
        fields.append(f)
    return fields


def _row_sources(path: Path) -> list[str]:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=lambda c: c == "source_url")
    urls: list[str] = []
    for cell in df.get("source_url", pd.Series(dtype=str)):
        for part in cell.split("|"):
            part = part.strip()
            if part and part not in urls:
                urls.append(part)
    return urls


def build_resource(spec: TableSpec, raw_dir: Path, previous: dict[str, Any] | None = None,
                   file_path: Path | None = None) -> dict[str, Any]:
    """Descriptor entry for one table, from the file on disk. Keeps ``x-kesos`` history from ``previous``.

    ``file_path`` reads the bytes from another file (e.g. a staged copy that ``kesos data add`` is about to
    move into place) while the entry keeps ``spec.path``.
    """
    path = file_path or raw_dir / spec.path
    res: dict[str, Any] = {
        "name": spec.name,
        "path": spec.path,
        "title": spec.title,
        "description": spec.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": f"sha256:{sha256_file(path)}",
        "schema": {"fields": _schema_fields(spec)},
        "sources": [{"title": f"Sources, coverage and caveats ({spec.sources_doc})", "path": spec.sources_doc}]
        + [{"title": url.split("/")[2] if "://" in url else url, "path": url} for url in _row_sources(path)],
    }
    if spec.primary_key:
        res["schema"]["primaryKey"] = list(spec.primary_key)
    if previous and "x-kesos" in previous:
        res["x-kesos"] = previous["x-kesos"]
    return res


def build_descriptor(raw_dir: Path | None = None) -> dict[str, Any]:
    """Descriptor of every registered table, in registry order. Reuses history kept in the old file."""
    raw_dir = raw_dir or config.data_raw()
    try:
        old = read_descriptor(raw_dir)
    except KesosError:
        old = {}
    old_res = {r.get("name"): r for r in old.get("resources", [])}
    return {
        "profile": "tabular-data-package",
        "name": "kesos-analysis-raw",
        "title": "kesos-analysis raw inputs: BPS poverty, provinces, UMP, population; social-welfare workforce, pay, PPPK salary, programmes",
        "description": "Copied unchanged from the project's shared public-data collection; every row carries its "
        "source URL. Never edit these files: add a new release with `kesos data add`.",
        "resources": [build_resource(spec, raw_dir, old_res.get(spec.name)) for spec in TABLES.values()],
    }


def write_descriptor(descriptor: dict[str, Any], raw_dir: Path | None = None) -> Path:
    """Write ``datapackage.json`` atomically (sorted, 2-space JSON, trailing newline)."""
    path = descriptor_path(raw_dir)
    atomic_write_text(path, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    return path


def verify_file(spec: TableSpec, raw_dir: Path | None = None, descriptor: dict[str, Any] | None = None) -> str:
    """Check one raw file against its recorded sha256; return the sha256.

    Raises :class:`ChecksumMismatchError` naming the file, or :class:`KesosError` if it is missing.
    """
    raw_dir = raw_dir or config.data_raw()
    descriptor = descriptor or read_descriptor(raw_dir)
    expected = resource(descriptor, spec.name)["hash"].removeprefix("sha256:")
    path = raw_dir / spec.path
    if not path.exists():
        raise KesosError(f"{path}: raw file is missing (listed in {DESCRIPTOR_NAME})")
    actual = sha256_file(path)
    if actual != expected:
        raise ChecksumMismatchError(str(path), expected, actual)
    return actual


def verify_all(raw_dir: Path | None = None) -> dict[str, str]:
    """Verify every registered raw file; return ``{relative path: sha256}``."""
    raw_dir = raw_dir or config.data_raw()
    descriptor = read_descriptor(raw_dir)
    return {spec.path: verify_file(spec, raw_dir, descriptor) for spec in TABLES.values()}
