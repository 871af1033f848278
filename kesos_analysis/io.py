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
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"a mapping key must be a plain name, got {type(key).__name__} {key!r}",
                        key_node.start_mark)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return Strict


#: Default limits of :func:`read_yaml_mapping`: file size in bytes and YAML nodes after alias expansion
#: (a 320-byte file of nested aliases expands to billions of nodes; it is refused before it is built).
YAML_MAX_BYTES = 2 * 1024 * 1024
YAML_MAX_NODES = 200_000


def _expanded_nodes(node, limit: int, what: str) -> int:
    """Number of nodes of a composed YAML graph with every alias expanded; raises ValueError past ``limit``.
    Aliases share the anchored node object, so sizes are memoised by identity: linear in the file size."""
    import yaml

    sizes: dict[int, int] = {}

    def size(n) -> int:
        key = id(n)
        if key in sizes:
            return sizes[key]
        if isinstance(n, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            total = 1 + sum(size(v) for v in n.value)
        else:
            total = 1
        if total > limit:
            raise ValueError(f"{what}: more than {limit:,} YAML values after expanding aliases (an alias bomb?)")
        sizes[key] = total
        return total

    return size(node) if node is not None else 0


def load_yaml_text(text: str, what: str = "YAML text", *, as_text: bool = True, max_nodes: int = YAML_MAX_NODES):
    """Parse YAML ``text`` (duplicate keys refused, aliases expanded at most to ``max_nodes`` values).

    With ``as_text`` every scalar stays the text written (YAML's ``BaseLoader``). Raises
    :class:`~kesos_analysis.errors.ParameterError` naming ``what``.
    """
    import yaml

    from .errors import ParameterError

    loader = _strict_loader(yaml.BaseLoader if as_text else yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        _expanded_nodes(node, max_nodes, what)
        return loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise ParameterError(f"{what}: not valid YAML ({exc})") from None
    except (ValueError, RecursionError) as exc:
        msg = str(exc) if isinstance(exc, ValueError) else f"{what}: YAML nested too deeply"
        raise ParameterError(f"{msg}; refused") from None
    finally:
        loader.dispose()


def read_yaml_mapping(path: str | os.PathLike, what: str = "file", *, as_text: bool = False,
                      max_bytes: int = YAML_MAX_BYTES, max_nodes: int = YAML_MAX_NODES):
    """Parse a YAML file that must hold a mapping at top level; duplicate keys are an error.

    With ``as_text`` every scalar stays the text written in the file (YAML's ``BaseLoader``), so ``033`` or
    ``0x21`` are not turned into numbers; callers then type values themselves (notebook parameters).
    Files larger than ``max_bytes`` and documents with more than ``max_nodes`` values after expanding
    aliases are refused before they are built (alias bombs are refused in milliseconds).

    Raises :class:`~kesos_analysis.errors.ParameterError` naming the file when it is missing, too large,
    not valid YAML, has a duplicate key, or is not a mapping (``what`` describes the expected content).
    """
    from .errors import ParameterError

    path = Path(path)
    try:
        with open(path, "rb") as fh:
            data_bytes = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ParameterError(f"{path}: {what} not found") from None
    except IsADirectoryError:
        raise ParameterError(f"{path}: is a folder; expected a YAML file ({what})") from None
    if len(data_bytes) > max_bytes:
        raise ParameterError(f"{path}: larger than {max_bytes:,} bytes; refused ({what})")
    try:
        text = data_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParameterError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    data = load_yaml_text(text, str(path), as_text=as_text, max_nodes=max_nodes)
    if data is None or data == "":
        data = {}
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: expected a mapping ({what})")
    return data
