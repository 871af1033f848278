"""Small file utilities: sha256 and atomic writes (nothing is ever half-written)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def sha256_file(path: str | os.PathLike) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` atomically.

    If the body raises, the temporary file is removed and ``target`` is left exactly as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~_umask())
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(target: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(target: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``target`` atomically (UTF-8, ``\\n`` line endings)."""
    atomic_write_bytes(target, text.encode(encoding))


def _strict_loader(base):
    """A YAML loader class derived from ``base`` that refuses duplicate keys in a mapping."""
    import yaml

    class Strict(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return Strict


def read_yaml_mapping(path: str | os.PathLike, what: str = "file", *, as_text: bool = False):
    """Parse a YAML file that must hold a mapping at top level; duplicate keys are an error.

    With ``as_text`` every scalar stays the text written in the file (YAML's ``BaseLoader``), so ``033`` or
    ``0x21`` are not turned into numbers; callers then type values themselves (notebook parameters).

    Raises :class:`~kesos_analysis.errors.ParameterError` naming the file when it is missing, not valid
    YAML, has a duplicate key, or is not a mapping (``what`` describes the expected content).
    """
    import yaml

    from .errors import ParameterError

    path = Path(path)
    loader = _strict_loader(yaml.BaseLoader if as_text else yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except FileNotFoundError:
        raise ParameterError(f"{path}: {what} not found") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: not valid YAML ({exc})") from None
    if data is None or data == "":
        data = {}
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: expected a mapping ({what})")
    return data
