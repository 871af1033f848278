"""Shared fixtures. Tests never modify the real ``data/raw``: they work on copies in ``tmp_path``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kesos_analysis import config

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
#: Frozen copy of data/raw for method tests (see tests/fixtures/README.md).
FROZEN_RAW = REPO / "tests" / "fixtures" / "raw"


@pytest.fixture(scope="session")
def frozen_processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/processed built once per session from the frozen raw copy."""
    from kesos_analysis.data import build_processed

    out = tmp_path_factory.mktemp("frozen_processed")
    build_processed(FROZEN_RAW, out)
    return out


@pytest.fixture(scope="module")
def frozen_data(frozen_processed: Path):
    """Point the package at the frozen data (tests/fixtures/raw) for a whole test module.

    Use it in a module with ``pytestmark = pytest.mark.usefixtures("frozen_data")`` for method tests whose
    worked values must not change when a new release is added to data/raw.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KESOS_DATA_RAW", str(FROZEN_RAW))
        mp.setenv("KESOS_DATA_PROCESSED", str(frozen_processed))
        assert config.data_raw() == FROZEN_RAW.resolve()
        yield {"raw": FROZEN_RAW, "processed": frozen_processed}


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of ``data/raw`` (with its datapackage.json)."""
    dst = tmp_path / "raw"
    shutil.copytree(RAW, dst)
    for p in dst.rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)
    return dst


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw_copy: Path) -> dict[str, Path]:
    """Point the package at copies: raw, processed and reports folders under ``tmp_path``."""
    processed = tmp_path / "processed"
    reports = tmp_path / "reports"
    monkeypatch.setenv("KESOS_DATA_RAW", str(raw_copy))
    monkeypatch.setenv("KESOS_DATA_PROCESSED", str(processed))
    monkeypatch.setenv("KESOS_REPORTS", str(reports))
    assert config.data_raw() == raw_copy.resolve()
    return {"raw": raw_copy, "processed": processed, "reports": reports}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (to prove nothing was written)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def frozen(frozen_processed: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Like :func:`frozen_data`, for one test function (returns the frozen raw folder)."""
    monkeypatch.setenv("KESOS_DATA_RAW", str(FROZEN_RAW))
    monkeypatch.setenv("KESOS_DATA_PROCESSED", str(frozen_processed))
    return FROZEN_RAW
