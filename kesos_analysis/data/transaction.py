"""The journaled, atomic commit of ``kesos data add``: two files of ``data/raw`` replaced together or not at all.

Protocol (:func:`commit`): both new files are first written completely to temporary files beside their
targets (``.<name>.<random>.tmp``, fsynced, same permissions). Then, with SIGINT/SIGTERM deferred, copies
of the old table and ``datapackage.json`` and a journal naming the table are written to
``data/raw/.kesos-add-pending/`` (journal last), the two ``os.replace`` calls run, and the folder is
removed. Any exception rolls back at once; after a hard kill, :func:`recover_interrupted_add` (run by the
next ``kesos data add`` / ``verify`` / ``build``) restores the old files, also when the recovery itself was
interrupted, and removes stale temporary files.

Errors: :class:`~kesos_analysis.errors.KesosError` if another add is running (the pending folder exists);
``PermissionError`` propagates (the caller turns it into a message naming the path).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import config
from ..errors import KesosError
from . import datapackage

#: Folder (inside ``data/raw``) that exists only while an add is being committed or after it was killed.
PENDING_DIR = ".kesos-add-pending"


@contextmanager
def _deferred_signals() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    sigs = [signal.SIGINT, signal.SIGTERM]
    old = {s: signal.getsignal(s) for s in sigs}

    def handler(signum, frame):  # pragma: no cover - timing dependent
        received.append(signum)

    for s in sigs:
        signal.signal(s, handler)
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        if received:  # pragma: no cover
            os.kill(os.getpid(), received[0])


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _stage(target: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``target`` (same permissions as ``target``), fsynced."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        _fsync_write(Path(tmp), data)
        if target.exists():
            shutil.copymode(target, tmp)
        else:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _stale_temp_files(raw_dir: Path) -> list[Path]:
    """Temporary files of :func:`_stage` (``.<target name>.<random>.tmp``) left beside raw files by a
    killed add."""
    out = []
    for tmp in raw_dir.rglob(".*.tmp"):
        if PENDING_DIR in tmp.parts or not tmp.is_file():
            continue
        if any(tmp.name.startswith(f".{sib.name}.") for sib in tmp.parent.iterdir()
               if sib.is_file() and not sib.name.startswith(".")):
            out.append(tmp)
    return out


def recover_interrupted_add(raw_dir: Path | None = None) -> bool:
    """Undo an add that was killed during its commit; return True if something was restored or cleaned.

    Restores the raw table and ``datapackage.json`` from ``data/raw/.kesos-add-pending`` (written before
    the commit) and removes that folder, leaving ``data/raw`` exactly as before the add. Idempotent: a
    recovery that was itself interrupted (folder partly deleted: a backup without journal, a journal
    without one of the backups, a truncated journal) is completed safely — the journal is written after
    both backups, so a journal without a backup means that file was already restored, and a missing or
    unreadable journal means the commit never replaced anything. Stale ``.*.tmp`` files beside the raw
    files are removed.
    """
    raw_dir = Path(raw_dir) if raw_dir else config.data_raw()
    pending = raw_dir / PENDING_DIR
    did = False
    if pending.exists():
        journal = pending / "journal.json"
        info = None
        if journal.is_file():
            try:
                info = json.loads(journal.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError):
                info = None  # killed while writing the journal: nothing was replaced yet
        if isinstance(info, dict) and isinstance(info.get("table_path"), str):
            for name, rel in (("table.csv", info["table_path"]), ("datapackage.json", datapackage.DESCRIPTOR_NAME)):
                backup = pending / name
                target = raw_dir / rel
                if not backup.is_file():
                    continue  # already restored by an earlier, interrupted recovery
                data = backup.read_bytes()
                if target.is_file() and target.read_bytes() == data:
                    continue
                tmp = _stage(target, data)
                os.replace(tmp, target)
        if pending.is_dir():
            shutil.rmtree(pending)
        else:
            pending.unlink()
        did = True
    for tmp in _stale_temp_files(raw_dir):
        tmp.unlink(missing_ok=True)
        did = True
    return did


def commit(raw_dir: Path, table_path: str, csv_bytes: bytes, descriptor_text: str) -> None:
    """Replace ``raw_dir/table_path`` and ``datapackage.json`` by the given contents, atomically together."""
    target = raw_dir / table_path
    desc = datapackage.descriptor_path(raw_dir)
    pending = raw_dir / PENDING_DIR
    csv_tmp: Path | None = None
    desc_tmp: Path | None = None
    created = False
    try:
        csv_tmp = _stage(target, csv_bytes)
        desc_tmp = _stage(desc, descriptor_text.encode("utf-8"))
        with _deferred_signals():
            try:
                pending.mkdir()
            except FileExistsError:
                raise KesosError(f"{pending} exists: another `kesos data add` is running (or was killed); "
                                 "wait for it, or run `kesos data verify` to restore data/raw") from None
            created = True
            _fsync_write(pending / "table.csv", target.read_bytes())
            _fsync_write(pending / "datapackage.json", desc.read_bytes())
            _fsync_write(pending / "journal.json", json.dumps({"table_path": table_path}).encode("utf-8"))
            os.replace(csv_tmp, target)
            os.replace(desc_tmp, desc)
            shutil.rmtree(pending)
    except BaseException:
        if created and pending.exists():
            recover_interrupted_add(raw_dir)
        raise
    finally:
        for tmp in (csv_tmp, desc_tmp):
            if tmp is not None:
                tmp.unlink(missing_ok=True)
