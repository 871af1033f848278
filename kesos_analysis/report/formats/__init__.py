"""Report formats besides HTML: PDF (typst), DOCX (pandoc), the report index and the provenance section.

Both PDF and DOCX come from pip packages only (``typst``, ``pypandoc-binary``): no LaTeX, no browser, no
system package. They show what the HTML shows — narrative, figures and tables, never code — with figures
and tables numbered and captioned ("Gambar 1: …", "Tabel 2: …"; "Figure 1", "Table 2" in English), wide
tables on landscape pages, and the same bytes for the same notebook (fixed document date, see
:func:`.pdf.document_epoch`).

Public API (used by the runner)::

    export_pdf(executed, pdf_path, lang="id")      export_docx(executed, docx_path, lang="id")
    write_index(out_dir, manifest)                  provenance_markdown(record, lang="id")
    append_provenance(nb, record, lang)            number_captions(nb, lang)   # HTML: same numbering
"""

from __future__ import annotations

from pathlib import Path

from ...errors import KesosError
from ...io import atomic_write_bytes
from ..fmt import check_lang
from .blocks import notebook_blocks, number_captions
from .index import write_index
from .provenance import PROVENANCE_TAG, append_provenance, provenance_markdown

__all__ = ["PROVENANCE_TAG", "append_provenance", "export_docx", "export_pdf", "number_captions", "provenance_markdown",
           "write_index"]


def _blocks(executed: Path):
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
    except (OSError, ValueError) as exc:
        raise KesosError(f"{executed}: cannot read the executed notebook ({exc})") from None
    return notebook_blocks(nb)


def export_pdf(executed: Path, pdf_path: Path, *, lang: str) -> Path:
    """Write the executed notebook ``executed`` as a PDF report to ``pdf_path`` (atomically); returns it.

    Raises :class:`KesosError` if the pip package ``typst`` or ``pypandoc-binary`` is missing or broken,
    or if the document cannot be typeset (nothing is written then)."""
    from .pdf import compile_pdf

    data = compile_pdf(_blocks(Path(executed)), check_lang(lang))
    atomic_write_bytes(pdf_path, data)
    return Path(pdf_path)


def export_docx(executed: Path, docx_path: Path, *, lang: str) -> Path:
    """Write the executed notebook ``executed`` as a DOCX report to ``docx_path`` (atomically); returns it.

    Raises :class:`KesosError` if the pip package ``pypandoc-binary`` is missing or pandoc fails."""
    from .docx import compile_docx

    data = compile_docx(_blocks(Path(executed)), check_lang(lang))
    atomic_write_bytes(docx_path, data)
    return Path(docx_path)
