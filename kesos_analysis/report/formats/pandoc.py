"""Pandoc (from the pip package ``pypandoc-binary``) as a library: Markdown → AST, AST → typst/DOCX.

All narrative of a report is parsed in ONE pandoc call: the Markdown blocks are joined with placeholder
paragraphs (``KESOSBLOCK0007``) standing for figures and tables, and each placeholder in the resulting
AST is replaced by the nodes the target format needs (raw typst for PDF, pandoc ``Figure``/``Table``
nodes for DOCX). Markdown is read as CommonMark with pandoc's extensions (``commonmark_x``), the dialect
closest to Jupyter's.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...errors import KesosError
from .blocks import Block, Markdown

#: Pin of the pip package that ships the pandoc binary (pyproject.toml).
PANDOC_PACKAGE = "pypandoc-binary==1.17"
MARKDOWN_FORMAT = "commonmark_x"
_PLACEHOLDER = "KESOSBLOCK{:04d}"


def pandoc_path() -> str:
    """Path of the pandoc binary shipped by ``pypandoc-binary``.

    Raises :class:`KesosError` naming the pip package if it is missing or does not run."""
    try:
        import pypandoc
    except ImportError:
        raise KesosError(f"PDF/DOCX export needs the pip package 'pypandoc-binary' (pandoc); "
                         f"install it with `pip install {PANDOC_PACKAGE}`") from None
    try:
        path = pypandoc.get_pandoc_path()
    except OSError as exc:
        raise KesosError(f"pandoc from the pip package 'pypandoc-binary' not found ({exc}); "
                         f"reinstall it with `pip install --force-reinstall {PANDOC_PACKAGE}`") from None
    return str(path)


def run_pandoc(args: list[str], stdin: bytes, *, cwd: Path | None = None, epoch: int | None = None) -> bytes:
    """Run pandoc with ``args`` on ``stdin``; return its stdout.

    ``epoch`` (Unix seconds) becomes ``SOURCE_DATE_EPOCH``: pandoc then writes it as the DOCX creation and
    modification date and as every zip entry's time, so the same input gives the same bytes.
    Raises :class:`KesosError` with pandoc's message if it fails."""
    exe = pandoc_path()
    env = dict(os.environ)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        proc = subprocess.run([exe, *args], input=stdin, capture_output=True, cwd=cwd, env=env, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        raise KesosError(f"pandoc (pip package 'pypandoc-binary') could not run: {exc}; "
                         f"reinstall it with `pip install --force-reinstall {PANDOC_PACKAGE}`") from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip()
        raise KesosError(f"pandoc {' '.join(args[:4])} failed (exit {proc.returncode}): {msg}")
    return proc.stdout


# ------------------------------------------------------------------------------------------------ AST nodes
def inlines(text: str) -> list[dict[str, Any]]:
    """Plain ``text`` as pandoc inlines (words and spaces; ``\\n`` becomes a line break)."""
    out: list[dict[str, Any]] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append({"t": "LineBreak"})
        for j, word in enumerate(line.split()):
            if j:
                out.append({"t": "Space"})
            out.append({"t": "Str", "c": word})
    return out


def attr(ident: str = "", classes: list[str] | None = None, kv: list[tuple[str, str]] | None = None) -> list[Any]:
    return [ident, classes or [], [list(p) for p in (kv or [])]]


_DATA_URI = re.compile(r"^data:image/(png|jpeg|jpg|gif|svg\+xml);base64,(.*)$", re.DOTALL)


def image_kind(data: bytes) -> str | None:
    """File extension of an image typst and Word can show (PNG with a header, JPEG, GIF, SVG), else None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 33 and data[12:16] == b"IHDR":
        return "png"
    if data[:3] == b"\xff\xd8\xff":
        return "jpg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if b"<svg" in data[:2048]:
        return "svg"
    return None


def _local_images(node: Any, folder: Path | None, found: list[str]) -> Any:
    """Images in narrative: an embedded image (``data:`` URI) is written to ``folder`` and linked; any other
    (remote, missing, unreadable) is replaced by its alternative text, so nothing is fetched at export
    time and a bad image never stops an export."""
    if isinstance(node, list):
        out = []
        for x in node:
            if isinstance(x, dict) and x.get("t") == "Image":
                m = _DATA_URI.match(str(x["c"][2][0]))
                data = None
                if m and folder is not None:
                    try:
                        data = base64.b64decode(m.group(2), validate=False)
                    except ValueError:
                        data = None
                kind = image_kind(data) if data else None
                if kind:
                    name = f"inline-{len(found) + 1:03d}.{kind}"
                    (folder / name).write_bytes(data)
                    found.append(name)
                    x = {"t": "Image", "c": [x["c"][0], x["c"][1], [name, x["c"][2][1]]]}
                    out.append(x)
                else:
                    out.extend(_local_images(x["c"][1], folder, found))
            else:
                out.append(_local_images(x, folder, found))
        return out
    if isinstance(node, dict):
        return {k: _local_images(v, folder, found) for k, v in node.items()}
    return node


def document_ast(blocks: list[Block], render: Callable[[Block], list[dict[str, Any]]],
                 meta: dict[str, Any] | None = None, folder: Path | None = None) -> dict[str, Any]:
    """A pandoc document (JSON AST) of ``blocks``: Markdown parsed by pandoc, every other block replaced by
    ``render(block)`` (a list of pandoc block nodes). Images embedded in the Markdown are written to
    ``folder`` (the compile folder); see :func:`_local_images`."""
    parts: list[str] = []
    others: dict[str, Block] = {}
    for b in blocks:
        if isinstance(b, Markdown):
            parts.append(b.text)
        else:
            key = _PLACEHOLDER.format(len(others) + 1)
            others[key] = b
            parts.append(key)
    source = "\n\n".join(parts) + "\n"
    doc = json.loads(run_pandoc(["-f", MARKDOWN_FORMAT, "-t", "json"], source.encode("utf-8")))
    body: list[dict[str, Any]] = []
    for node in _local_images(doc["blocks"], folder, []):
        c = node.get("c")
        if node.get("t") in ("Para", "Plain") and isinstance(c, list) and len(c) == 1 and c[0].get("t") == "Str" \
                and c[0]["c"] in others:
            body.extend(render(others.pop(c[0]["c"])))
        else:
            body.append(node)
    if others:  # a placeholder swallowed by the Markdown around it (e.g. an unclosed code fence)
        for b in others.values():
            body.extend(render(b))
    doc["blocks"] = body
    doc["meta"] = meta or {}
    return doc
