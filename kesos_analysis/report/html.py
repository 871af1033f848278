"""Self-contained HTML export of an executed notebook.

Code inputs hidden, prompts hidden, cells tagged ``report-hide`` left out, images embedded as ``data:``
URIs (markdown images are read relative to the source notebook's folder), no CDN scripts, figure
alternative text from output metadata. An image that cannot be embedded fails the export naming it.

The only part of the HTML that may differ between two runs from one commit is :data:`TIMESTAMP_PATTERN`
(the generation time in the provenance section, when the formats layer adds one).
"""

from __future__ import annotations

import html as _html
import re
from pathlib import Path

from ..errors import KesosError
from ..io import atomic_write_text

_CDN_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>\s*', re.IGNORECASE)
_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*([\"'])(.*?)\1", re.IGNORECASE | re.DOTALL)

#: The one declared run-dependent part of a report: the run's UTC start/end time in the provenance section
#: (``2026-12-02 05:30:00`` or ISO ``2026-12-02T05:30:00+00:00``).
TIMESTAMP_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:\+00:00|Z)?")


class ImageNotEmbedded(KesosError):
    """A report image is a link, not embedded data."""


def export_html(executed: Path, html_path: Path, *, resources_dir: Path | None = None) -> Path:
    """Export ``executed`` to self-contained HTML at ``html_path`` (atomic).

    ``resources_dir``: folder relative to which markdown images are read (default: the notebook's).
    Raises :class:`ImageNotEmbedded` naming every image that is still a link after embedding.
    """
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    from .values import VALUES_MIME

    nb = nbformat.read(executed, as_version=4)
    for cell in nb.cells:  # recorded values are for review and `kesos verify`, never rendered
        if "outputs" in cell:
            cell["outputs"] = [o for o in cell["outputs"] if VALUES_MIME not in o.get("data", {})]
    from .formats import number_captions
    from .formats.blocks import notebook_language

    number_captions(nb, notebook_language(nb))  # "Gambar 1: …", "Tabel 2: …" as in the PDF and DOCX
    for cell in nb.cells:  # Papermill gives the injected cell a random id; fix it so the HTML is reproducible
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = ("report-hide",)
    c.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(template_name="lab", embed_images=True, config=c)
    exporter.register_preprocessor("nbconvert.preprocessors.TagRemovePreprocessor", enabled=True)
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    resources = {"metadata": {"path": str(resources_dir or Path(executed).parent)}}
    try:
        body, _ = exporter.from_notebook_node(nb, resources=resources)
    except (FileNotFoundError, OSError) as exc:  # nbconvert could not read a markdown image
        raise ImageNotEmbedded(f"{Path(executed).name}: image not found for embedding: {exc}") from None
    body = _CDN_SCRIPT.sub("", body)
    links = [m.group(2)[:120] for m in _IMG_SRC.finditer(body) if not m.group(2).startswith("data:")]
    if links:
        raise ImageNotEmbedded(f"{Path(executed).name}: image(s) not embedded (a report must be self-contained; "
                               f"use a figure output or a data: URI): {', '.join(links)}")
    body = add_alt_text(nb, body)
    atomic_write_text(html_path, body)
    return html_path


def add_alt_text(nb, body: str) -> str:
    """Write each figure's alternative text (output metadata ``image/png.alt``) into its ``<img>`` tag;
    figures without one get a neutral "Grafik"/"Figure" instead of nbconvert's English placeholder."""
    lang = "id"
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []) and 'lang = "en"' in cell.source:
            lang = "en"
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            png = out.get("data", {}).get("image/png")
            alt = out.get("metadata", {}).get("image/png", {}).get("alt")
            if png and alt:
                data = f'src="data:image/png;base64,{png.strip()}"'
                at = body.find(data)
                start = body.rfind("<img", 0, at)
                if at < 0 or start < 0:
                    continue
                tag = body[start:at]
                tag = re.sub(r'\salt="[^"]*"', "", tag)
                body = body[:start] + tag.replace("<img", f'<img alt="{_html.escape(alt, quote=True)}"', 1) + body[at:]
    generic = "Grafik" if lang == "id" else "Figure"
    return body.replace('alt="No description has been provided for this image"', f'alt="{generic}"')


def without_timestamp(text: str) -> str:
    """``text`` with the declared run timestamp masked (to compare two regenerations)."""
    return TIMESTAMP_PATTERN.sub("<timestamp>", text)
