"""PDF (typst), DOCX (pandoc), the report index and the provenance section, from a small synthetic
executed notebook: headings, a PNG figure with alternative text, a Styler table with caption and source, a
wide table, a hidden cell and a recorded value."""

from __future__ import annotations

import base64
import io
import json
import re

import nbformat
import pandas as pd
import pytest

from kesos_analysis.errors import KesosError
from kesos_analysis.report.figures import table as styled_table
from kesos_analysis.report.formats import (
    append_provenance,
    export_docx,
    export_pdf,
    provenance_markdown,
    write_index,
)
from kesos_analysis.report.formats.blocks import Figure, Table, notebook_blocks
from kesos_analysis.report.formats.pdf import table_layout
from kesos_analysis.report.values import VALUES_MIME

SHA_A = "a" * 63 + "1"
SHA_B = "0123456789abcdef" * 4
COMMIT = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def _png(width: int = 120, height: int = 80) -> bytes:
    """A small real PNG drawn by matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width / 100, height / 100), dpi=100)
    ax.plot([0, 1], [0, 1])
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _record(lang: str = "id", **extra) -> dict:
    rec = {
        "name": "99_synthetic", "lang": lang, "status": "ok",
        "parameters": {"lang": lang, "province": "33", "year_start": 2019},
        "inputs_sha256": {"regions/provinces.csv": SHA_A, "kesos/compensation.csv": SHA_B},
        "git": {"commit": COMMIT, "dirty": False}, "python": "3.11.7",
        "packages": {"pandas": "2.3.3", "typst": "0.15.2"},
        "started": "2026-12-01T01:02:03+00:00", "finished": "2026-12-01T01:02:33+00:00",
        "output_notebook": "notebooks/99_synthetic.ipynb", "html": "html/99_synthetic.html",
    }
    rec.update(extra)
    return rec


def _notebook(lang: str = "id") -> nbformat.NotebookNode:
    v4 = nbformat.v4
    small = pd.DataFrame({"provinsi": ["Aceh", "Bali"], "p0": [14.23, 4.0], "biaya": [3203600.0, 1794900.0]})
    styler = styled_table(small, lang=lang, formats={"p0": "percent", "biaya": "rupiah"},
                          caption="Kemiskinan – ≥ contoh", source="BPS (data/raw/regions/poverty_province.csv)")
    wide = pd.DataFrame({f"kolom_panjang_{i}": [f"nilai panjang sekali {i}" * 2] * 3 for i in range(14)})
    wide_html = styled_table(wide, lang=lang, caption="Tabel lebar").to_html()
    hidden = v4.new_markdown_cell("# Catatan untuk pengguna notebook RAHASIA", metadata={"tags": ["report-hide"]})
    params = v4.new_code_cell(f'lang = "{lang}"', metadata={"tags": ["injected-parameters"]})
    code = v4.new_code_cell("t.md('intro'); show(fig); display(table(df))")
    code.outputs = [
        v4.new_output("display_data", data={"text/markdown": "# Judul laporan sintetis\n\nTeks **tebal** dan "
                                                             "daftar:\n\n- satu\n- dua\n\n[tautan](https://www.bps.go.id)"}),
        v4.new_output("display_data", data={"text/markdown": "## 1. Bagian pertama"}),
        v4.new_output("display_data", data={"image/png": base64.b64encode(_png()).decode(), "text/plain": "<Image>"},
                      metadata={"image/png": {"alt": "Penduduk miskin per provinsi (ribu jiwa)"}}),
        v4.new_output("display_data", data={"text/html": styler.to_html(), "text/plain": "<Styler>"}),
        v4.new_output("display_data", data={VALUES_MIME: {"x": {"value": 1, "unit": "orang", "rtol": 0, "atol": 0}}}),
        v4.new_output("display_data", data={"text/markdown": "## 2. Bagian lebar"}),
        v4.new_output("display_data", data={"text/html": wide_html, "text/plain": "<Styler>"}),
    ]
    nb = v4.new_notebook(cells=[hidden, params, code])
    nb.metadata["papermill"] = {"parameters": {"lang": lang}}
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    path = tmp_path_factory.mktemp("nb") / "99_synthetic.ipynb"
    nb = append_provenance(_notebook(), _record(), "id")
    nbformat.write(nb, path)
    return path


# ------------------------------------------------------------------------------------------------- blocks
def test_blocks_number_figures_and_tables_and_hide_code():
    blocks = notebook_blocks(_notebook())
    figs = [b for b in blocks if isinstance(b, Figure)]
    tabs = [b for b in blocks if isinstance(b, Table)]
    assert [(f.number, f.caption) for f in figs] == [(1, "Penduduk miskin per provinsi (ribu jiwa)")]
    assert [t.number for t in tabs] == [1, 2]
    small = tabs[0]
    assert small.caption == "Kemiskinan – ≥ contoh"
    assert small.source == "Sumber: BPS (data/raw/regions/poverty_province.csv)"
    assert [c.text for c in small.body[0]] == ["Aceh", "14,23%", "Rp3.203.600"]
    assert small.align == ["left", "right", "right"]
    text = json.dumps([getattr(b, "text", "") for b in blocks])
    assert "RAHASIA" not in text and 'lang = \\"id\\"' not in text and "t.md" not in text


def test_wide_table_goes_landscape_small_table_stays_portrait():
    tabs = [b for b in notebook_blocks(_notebook()) if isinstance(b, Table)]
    assert table_layout(tabs[0]) == (False, 8.5, None)
    landscape, size, fractions = table_layout(tabs[1])
    assert landscape and size < 8.5 and fractions and abs(sum(fractions) - 1) < 1e-9


# ------------------------------------------------------------------------------------------------------ PDF
def test_pdf_has_captions_headings_provenance_and_is_reproducible(executed, tmp_path):
    from pypdf import PdfReader

    pdf = export_pdf(executed, tmp_path / "r.pdf", lang="id")
    reader = PdfReader(pdf)
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    assert "Judul laporan sintetis" in flat and "1. Bagian pertama" in flat
    assert "Gambar 1: Penduduk miskin per provinsi (ribu jiwa)" in flat
    assert "Tabel 1: Kemiskinan – ≥ contoh" in flat and "Tabel 2: Tabel lebar" in flat
    assert "Rp3.203.600" in flat and "14,23%" in flat
    assert "Asal-usul data" in flat and COMMIT in flat.replace(" ", "")
    assert "RAHASIA" not in flat and "t.md" not in flat
    # the wide table is on a landscape page, the rest portrait
    shapes = [(float(p.mediabox.width) > float(p.mediabox.height)) for p in reader.pages]
    assert True in shapes and False in shapes
    images = sum(len(p.images) for p in reader.pages)
    assert images == 1
    assert reader.metadata.title == "Judul laporan sintetis"
    again = export_pdf(executed, tmp_path / "r2.pdf", lang="id")
    assert pdf.read_bytes() == again.read_bytes()


def test_pdf_in_english_says_figure_and_table(tmp_path):
    path = tmp_path / "en.ipynb"
    nbformat.write(_notebook("en"), path)
    from pypdf import PdfReader

    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(export_pdf(path, tmp_path / "en.pdf", lang="en"))
                             .pages).split())
    assert "Figure 1:" in flat and "Table 2:" in flat and "Gambar" not in flat


# ----------------------------------------------------------------------------------------------------- DOCX
def test_docx_has_headings_tables_images_captions_and_is_reproducible(executed, tmp_path):
    import docx

    path = export_docx(executed, tmp_path / "r.docx", lang="id")
    d = docx.Document(str(path))
    heads = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Judul laporan sintetis") in heads
    assert ("Heading 2", "1. Bagian pertama") in heads and ("Heading 2", "Asal-usul data") in heads
    captions = [p.text for p in d.paragraphs if "Caption" in p.style.name]
    assert "Gambar 1: Penduduk miskin per provinsi (ribu jiwa)" in captions
    assert "Tabel 1: Kemiskinan – ≥ contoh" in captions and "Tabel 2: Tabel lebar" in captions
    assert len(d.inline_shapes) == 1
    first = d.tables[0]
    assert [c.text for c in first.rows[1].cells] == ["Aceh", "14,23%", "Rp3.203.600"]
    assert len(d.tables[1].columns) == 14
    # the provenance section: parameters (a table) and inputs with their sha256 (a list)
    cells = {c.text for t in d.tables for r in t.rows for c in r.cells}
    assert {"province", "'33'"} <= cells
    listed = " ".join(p.text for p in d.paragraphs)
    assert f"sha256 {SHA_A}" in listed and f"sha256 {SHA_B}" in listed
    assert any(s.orientation == 1 for s in d.sections) and d.sections[-1].orientation == 0
    assert d.sections[0].page_width == 7560310  # A4 (210 mm in EMU)
    body = " ".join(p.text for p in d.paragraphs)
    assert "RAHASIA" not in body and COMMIT in body
    again = export_docx(executed, tmp_path / "r2.docx", lang="id")
    assert path.read_bytes() == again.read_bytes()


# ----------------------------------------------------------------------------------------------- provenance
def test_provenance_lists_commit_sha256_parameters_sources_and_versions():
    md = provenance_markdown(_record(), lang="id")
    assert md.startswith("## Asal-usul data")
    assert COMMIT in md and SHA_A in md and SHA_B in md
    assert "`province` | `'33'`" in md and "`year_start` | `2019`" in md  # province stays text
    assert "data/raw/regions/SOURCES.md" in md  # from datapackage.json
    assert "pandas 2.3.3" in md and "Python 3.11.7" in md
    en = provenance_markdown(_record("en", reused=True, git={"commit": COMMIT, "dirty": True}), lang="en")
    assert en.startswith("## Data provenance") and "uncommitted" in en and "Reused from the cache" in en


def test_append_provenance_is_idempotent():
    nb = _notebook()
    n = len(nb.cells)
    append_provenance(append_provenance(nb, _record(), "id"), _record(), "id")
    assert len(nb.cells) == n + 1 and nb.cells[-1].cell_type == "markdown"
    nbformat.validate(nb)


# ---------------------------------------------------------------------------------------------------- index
def test_index_lists_every_record_with_status_and_existing_links(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "99_synthetic.html").write_text("x")
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "99_synthetic.pdf").write_bytes(b"%PDF")
    manifest = {"generator": "kesos-analysis 0.1.0", "notebooks": {
        "99_synthetic": {"id": _record(extra_outputs={"pdf": "pdf/99_synthetic.pdf"}),
                         "en": _record("en", reused=True, html="en/html/99_synthetic.html")},
        "98_broken": {"id": _record(name="98_broken", status="failed", error="cell 3: ZeroDivisionError",
                                    html=None)},
    }}
    page = write_index(tmp_path, manifest).read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td>.*?</tr>", page, re.S)
    assert len(rows) == 3
    assert rows[0].count("98_broken") and "gagal" in rows[0] and "ZeroDivisionError" in rows[0]
    assert 'href="html/99_synthetic.html"' in rows[1] and 'href="pdf/99_synthetic.pdf"' in rows[1]
    assert "DOCX" not in rows[1]  # no such file
    assert "dipakai ulang" in rows[2] and "reused from cache" in rows[2]
    assert "province=33" in rows[1] and "2026-12-01 01:02:03" in rows[1] and "30 s" in rows[1]
    assert "<script" not in page and "http" not in page.replace('lang="en"', "")
    assert page.index("Laporan") < page.index("Report")


def test_missing_tool_is_a_clear_error(monkeypatch, executed, tmp_path):
    import builtins

    real = builtins.__import__

    def no_typst(name, *a, **k):
        if name == "typst":
            raise ImportError(name)
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_typst)
    with pytest.raises(KesosError, match="pip package 'typst'"):
        export_pdf(executed, tmp_path / "x.pdf", lang="id")
    assert not (tmp_path / "x.pdf").exists()


def test_number_captions_for_html_matches_pdf_numbering_and_is_idempotent():
    from nbconvert import HTMLExporter

    from kesos_analysis.report.formats.blocks import number_captions

    nb = _notebook()
    before = notebook_blocks(nb)
    number_captions(number_captions(nb, "id"), "id")
    body, _ = HTMLExporter(template_name="lab", exclude_input=True).from_notebook_node(nb)
    flat = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    assert flat.count("Gambar 1:") == 1 and "Gambar 1: Penduduk miskin per provinsi (ribu jiwa)" in flat
    assert flat.count("Tabel 1:") == 1 and "Tabel 1: Kemiskinan – ≥ contoh" in flat
    assert flat.count("Tabel 2:") == 1 and "Tabel 2: Tabel lebar" in flat
    # the numbered notebook converts to the same blocks (no caption twice in PDF/DOCX)
    assert notebook_blocks(nb) == before


def test_images_in_narrative_and_unreadable_images_never_stop_an_export(tmp_path):
    import docx
    from pypdf import PdfReader

    v4 = nbformat.v4
    good = base64.b64encode(_png()).decode()
    cell = v4.new_code_cell("x")
    cell.outputs = [
        v4.new_output("display_data", data={"text/markdown": "# Gambar dalam teks\n\n"
                                                             "![rusak](data:image/png;base64,iVBORw0KGgo=) "
                                                             f"![baik](data:image/png;base64,{good}) "
                                                             "![jauh](https://example.org/x.png)"}),
        v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="}, metadata={"image/png": {"alt": "Rusak"}}),
    ]
    path = tmp_path / "img.ipynb"
    nbformat.write(v4.new_notebook(cells=[cell]), path)
    reader = PdfReader(export_pdf(path, tmp_path / "img.pdf", lang="id"))
    flat = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "rusak" in flat and "jauh" in flat and "Gambar 1: Rusak" in flat
    assert sum(len(p.images) for p in reader.pages) == 1  # the readable embedded image only
    d = docx.Document(str(export_docx(path, tmp_path / "img.docx", lang="id")))
    assert len(d.inline_shapes) == 1 and "Gambar 1: Rusak" in " ".join(p.text for p in d.paragraphs)
