"""Checks of an executed notebook and its exported files before they are published.

* :func:`find_identifiers` / :func:`assert_no_identifiers`: NIK-like numbers (with the privacy module's
  plausibility checks and 6-6-4 groupings) and ANY 16–18-digit identifier-like number (an 18-digit NIP
  carries a birth date; a 16-digit number failing NIK plausibility may still be a NIK with a typo) —
  the output is withheld (UU 27/2022 on personal data).
* :func:`unembedded_images`: every image in a report must be embedded (``data:`` URI or attachment);
  a markdown image or ``display(HTML('<img src="plot.png">'))`` left as a relative link is named.
* :func:`empty_tables`: an HTML table output with a header and no body rows is a failed report, not
  a published empty table (e.g. after a catch-all ``except``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import KesosError

_DATA_URI = re.compile(r"data:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=\s]+")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_IMG_SRC = re.compile(r"<(?:img\b[^>]*?\bsrc|image\b[^>]*?\b(?:xlink:)?href)\s*=\s*([\"'])(.*?)\1",
                      re.IGNORECASE | re.DOTALL)  # HTML <img src>, SVG <image href>/<image xlink:href>


class OutputWithheld(KesosError):
    """An output failed a publication check; the message names the file and the masked finding."""


def _mask(digits: str) -> str:
    return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]


def find_identifiers(text: str) -> list[str]:
    """NIK-, NIP- and other 16–18-digit identifier-like numbers in ``text`` (one detector:
    :func:`kesos_analysis.data.privacy.find_identifier_like`)."""
    from ..data.privacy import find_identifier_like

    return find_identifier_like(text)


def notebook_text(nb: Any) -> str:
    """Sources and non-image outputs of a notebook node (what a reader of the report or notebook sees)."""
    parts: list[str] = []
    for cell in nb.get("cells", []):
        parts.append(_join(cell.get("source", "")))
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append(_join(out["text"]))
            for mime, data in (out.get("data") or {}).items():
                if not mime.startswith("image/"):
                    parts.append(_join(data) if not isinstance(data, (dict, list)) or isinstance(data, list)
                                 and all(isinstance(x, str) for x in data) else json.dumps(data))
            if "traceback" in out:
                parts.append("\n".join(out["traceback"]))
            if "evalue" in out:
                parts.append(str(out["evalue"]))
    return _DATA_URI.sub(" ", "\n".join(parts))


def _join(x: Any) -> str:
    return "".join(x) if isinstance(x, list) else str(x)


def file_text(path: Path) -> str:
    """Readable text of an output file (notebook: see :func:`notebook_text`; other text: without
    ``data:`` URIs); ``""`` for binary files."""
    path = Path(path)
    if path.suffix == ".ipynb":
        try:
            return notebook_text(json.loads(path.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, UnicodeDecodeError):
            pass
    data = path.read_bytes()
    if b"\x00" in data[:1024]:
        return ""
    return _DATA_URI.sub(" ", data.decode("utf-8", errors="replace"))


def assert_no_identifiers(paths: Iterable[Path]) -> None:
    """Raise :class:`OutputWithheld` naming each file holding a NIK/NIP or 16–18-digit identifier-like
    number (masked). Called on every staged output before it is published."""
    hits = {}
    for p in paths:
        p = Path(p)
        if p.is_file():
            found = find_identifiers(file_text(p))
            if found:
                hits[p.name] = sorted({_mask(x) for x in (re.sub(r"\D", "", f) for f in found)})
    if hits:
        detail = "; ".join(f"{f}: {', '.join(v)}" for f, v in hits.items())
        raise OutputWithheld(f"contains a NIK/NIP or other 16–18-digit identifier-like number (personal data, "
                             f"UU 27/2022): {detail}")


def _source_cells(nb: Any):
    """``(number, cell)`` counting cells as in the source notebook (Papermill's injected cell skipped)."""
    n = 0
    for cell in nb.get("cells", []):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        n += 1
        yield n, cell


def unembedded_images(nb: Any) -> list[str]:
    """``["cell N: src", …]`` for every image that is not embedded (markdown image or ``<img>`` in an
    HTML/markdown output whose source is not a ``data:`` URI or a cell attachment)."""
    found: list[str] = []
    for i, cell in _source_cells(nb):
        texts = []
        if cell.get("cell_type") == "markdown":
            texts.append(_join(cell.get("source", "")))
        for out in cell.get("outputs", []):
            for mime in ("text/html", "text/markdown"):
                if mime in (out.get("data") or {}):
                    texts.append(_join(out["data"][mime]))
        for text in texts:
            srcs = [m.group(1) for m in _MD_IMAGE.finditer(text)] + [m.group(2) for m in _IMG_SRC.finditer(text)]
            for src in srcs:
                if not src.startswith(("data:", "attachment:")):
                    found.append(f"cell {i}: {src[:120]}")
    return found


def empty_tables(nb: Any) -> list[str]:
    """``["cell N", …]`` for code cells that display an HTML table with no data rows."""
    found = []
    for i, cell in _source_cells(nb):
        for out in cell.get("outputs", []):
            html = _join((out.get("data") or {}).get("text/html", ""))
            for table in re.findall(r"<table\b.*?</table>", html, flags=re.IGNORECASE | re.DOTALL):
                body = re.search(r"<tbody\b.*?</tbody>", table, flags=re.IGNORECASE | re.DOTALL)
                rows = re.findall(r"<tr\b", body.group(0) if body else "", flags=re.IGNORECASE)
                if body is not None and not rows:
                    found.append(f"cell {i}")
    return found
