"""The journaled atomic commit of `kesos data add` (kesos_analysis.data.transaction): an interrupted add —
during staging, while writing the journal, between the two renames, or killed outright — leaves data/raw and
data/processed byte-identical, with no temporary files left."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from kesos_analysis.cli import app
from kesos_analysis.data import ingest, transaction
from kesos_analysis.errors import KesosError
from tests.ingest_support import CORPUS, make_data_copy, tree_digest

XLSX = CORPUS / "good" / "bps_poverty_2026_maret.xlsx"
SOURCE = "https://www.bps.go.id/id/statistics-table/2/MTkyIzI=/jumlah-penduduk-miskin.html"


@pytest.fixture
def data(tmp_path, monkeypatch):
    raw, processed = make_data_copy(tmp_path)
    monkeypatch.setenv("KESOS_DATA_RAW", str(raw))
    monkeypatch.setenv("KESOS_DATA_PROCESSED", str(processed))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01T00:00:00Z
    return raw, processed


def test_interrupted_commit_leaves_raw_and_processed_as_they_were(data, monkeypatch):
    raw, processed = data
    before_raw, before_proc = tree_digest(raw), tree_digest(processed)
    real_replace = os.replace
    calls = []

    def flaky_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # after the table was moved, before datapackage.json
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(transaction.os, "replace", flaky_replace)
    with pytest.raises(KeyboardInterrupt):
        ingest.add_file(XLSX, "poverty_province", source_url=SOURCE)
    monkeypatch.setattr(transaction.os, "replace", real_replace)
    assert len(calls) >= 2
    assert tree_digest(raw) == before_raw
    assert tree_digest(processed) == before_proc


def test_recovery_after_hard_kill(data):
    """Simulate a kill between the two renames: the journal restores the old files on the next command."""
    raw, _ = data
    before = tree_digest(raw)
    pending = raw / transaction.PENDING_DIR
    pending.mkdir()
    table = raw / "regions/poverty_province.csv"
    (pending / "table.csv").write_bytes(table.read_bytes())
    (pending / "datapackage.json").write_bytes((raw / "datapackage.json").read_bytes())
    (pending / "journal.json").write_text(json.dumps({"table_path": "regions/poverty_province.csv"}))
    table.write_bytes(table.read_bytes() + b"99,Half,2026,3,1,1,,,x,\n")  # the new table had been moved in
    result = CliRunner().invoke(app, ["data", "verify"])
    assert result.exit_code == 0, result.output
    assert "restored" in result.output
    assert tree_digest(raw) == before


@pytest.mark.parametrize("fail_at", ["stage", "journal"])
def test_interruption_while_staging_leaves_no_temp_files(data, monkeypatch, fail_at):
    raw, processed = data
    before_raw, before_proc = tree_digest(raw), tree_digest(processed)
    real = transaction._fsync_write
    calls = []

    def flaky(path, payload):
        calls.append(path)
        # stage: the second staged file (datapackage.json); journal: the backup copy of the table
        if (fail_at == "stage" and len(calls) == 2) or (fail_at == "journal" and len(calls) == 3):
            raise KeyboardInterrupt
        return real(path, payload)

    monkeypatch.setattr(transaction, "_fsync_write", flaky)
    with pytest.raises(KeyboardInterrupt):
        ingest.add_file(XLSX, "poverty_province", source_url=SOURCE)
    assert tree_digest(raw) == before_raw  # includes hidden files: no .tmp left, no pending folder
    assert tree_digest(processed) == before_proc


def test_recovery_removes_stale_temp_files(data):
    raw, _ = data
    before = tree_digest(raw)
    stale = raw / "regions" / ".poverty_province.csv.abc123.tmp"
    stale.write_text("half-written")
    (raw / ".datapackage.json.xyz.tmp").write_text("{")
    assert transaction.recover_interrupted_add(raw)
    assert tree_digest(raw) == before


@pytest.mark.parametrize("remove", ["table.csv", "datapackage.json", "journal.json"])
def test_partially_deleted_pending_folder_does_not_wedge_verify_build_add(data, tmp_path, remove):
    raw, processed = data
    before = tree_digest(raw)
    pending = raw / transaction.PENDING_DIR
    pending.mkdir()
    (pending / "table.csv").write_bytes((raw / "regions/poverty_province.csv").read_bytes())
    (pending / "datapackage.json").write_bytes((raw / "datapackage.json").read_bytes())
    (pending / "journal.json").write_text(json.dumps({"table_path": "regions/poverty_province.csv"}))
    (pending / remove).unlink()
    r = CliRunner().invoke(app, ["data", "verify", "--raw-dir", str(raw)])
    assert r.exit_code == 0, r.output
    assert tree_digest(raw) == before
    assert not transaction.recover_interrupted_add(raw)  # idempotent: nothing left to do


def test_truncated_journal_is_treated_as_not_committed(data):
    raw, _ = data
    before = tree_digest(raw)
    pending = raw / transaction.PENDING_DIR
    pending.mkdir()
    (pending / "table.csv").write_bytes(b"garbage")
    (pending / "journal.json").write_text('{"table_pa')
    assert transaction.recover_interrupted_add(raw)
    assert tree_digest(raw) == before


def test_permission_error_is_a_clear_error_and_leaves_nothing(data, tmp_path, monkeypatch):
    raw, _ = data
    before = tree_digest(raw)
    p = tmp_path / "ump.csv"
    p.write_text("provinsi,tahun,ump_rupiah\nAceh,2027,3900000\n", encoding="utf-8")
    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith("datapackage.json") and ".kesos-add-pending" not in str(src):
            raise PermissionError(1, "Operation not permitted", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(transaction.os, "replace", replace)
    with pytest.raises(KesosError) as info:
        ingest.add_file(p, "ump_province", source_url=SOURCE)
    assert "permission denied" in str(info.value) and "datapackage.json" in str(info.value)
    assert "Nothing was changed" in str(info.value)
    monkeypatch.setattr(transaction.os, "replace", real_replace)
    assert tree_digest(raw) == before


def test_read_only_raw_folder_is_a_clear_error(data, tmp_path, monkeypatch):
    raw, _ = data
    before = tree_digest(raw)
    p = tmp_path / "ump.csv"
    p.write_text("provinsi,tahun,ump_rupiah\nAceh,2027,3900000\n", encoding="utf-8")

    def mkstemp(*a, **k):
        raise PermissionError(13, "Permission denied", str(k.get("dir")))

    monkeypatch.setattr(transaction.tempfile, "mkstemp", mkstemp)
    r = CliRunner().invoke(app, ["data", "add", str(p), "-t", "ump_province", "--source", SOURCE])
    assert r.exit_code == 1 and "permission denied" in r.output and "Traceback" not in r.output
    assert tree_digest(raw) == before
