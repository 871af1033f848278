"""DOCX through pandoc (the pip package ``pypandoc-binary``), for reports a ministry edits.

Headings keep their levels (Word styles "Heading 1…"), figures are inline PNG images with the caption
"Gambar 1: …" / "Figure 1: …", tables are Word tables with the caption "Tabel 1: …" / "Table 1: …" above
and their source line below, in 9 pt. Pages are A4 (2 cm margins); a table too wide for a portrait page
(see :func:`.pdf.table_layout`) gets a landscape section of its own, with column widths in proportion to
their content. Creation and modification dates and all zip entry times are the fixed
:func:`.pdf.document_epoch`, so the same notebook gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from ..text import Text
from .blocks import Block, Figure, Preformatted, Table
from .pandoc import attr, document_ast, image_kind, inlines, run_pandoc
from .pdf import PORTRAIT_WIDTH_PT, breakable, column_widths, document_epoch, table_layout

#: Page set-up (twentieths of a point): A4, 2 cm margins; the landscape variant for wide tables.
_PAGE = '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1247" w:right="1134" w:bottom="1247" w:left="1134" ' \
        'w:header="709" w:footer="709" w:gutter="0"/>'
_LANDSCAPE = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1247" ' \
             'w:bottom="1134" w:left="1247" w:header="709" w:footer="709" w:gutter="0"/>'
_MARK = "KESOSSECTION{}"


def _rezip(files: dict[str, bytes], epoch: int) -> bytes:
    """A zip of ``files`` (in the given order) with every entry dated ``epoch``: same input, same bytes."""
    stamp = dt.datetime.fromtimestamp(max(epoch, 315_532_800), dt.UTC).timetuple()[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()


def _read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


def reference_docx(epoch: int) -> bytes:
    """Pandoc's default reference document with A4 pages and 9 pt table text."""
    files = _read_zip(run_pandoc(["--print-default-data-file", "reference.docx"], b""))
    doc = files["word/document.xml"].decode("utf-8")
    doc = re.sub(r"<w:sectPr>", "<w:sectPr>" + _PAGE, doc, count=1)
    files["word/document.xml"] = doc.encode("utf-8")
    styles = files["word/styles.xml"].decode("utf-8")
    table_style = re.search(r'<w:style w:type="table" w:default="1" w:styleId="Table">.*?</w:style>', styles, re.S)
    if table_style:
        size = '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'
        new = table_style.group(0).replace("<w:tblPr>", size + "<w:tblPr>", 1)
        styles = styles.replace(table_style.group(0), new)
    files["word/styles.xml"] = styles.encode("utf-8")
    return _rezip(files, epoch)


def _cell(c, align: str) -> list[Any]:
    return [attr(), {"t": "AlignLeft" if align == "left" else "AlignRight"}, c.rowspan, c.colspan,
            [{"t": "Plain", "c": inlines(breakable(c.text))}]]


def _table_nodes(table: Table, t: Text) -> list[dict[str, Any]]:
    landscape, _size, fractions = table_layout(table)
    n = table.ncols
    aligns = table.align or ["left"] * n
    if fractions is None and landscape:
        nat = column_widths(table)[1]
        fractions = [x / sum(nat) for x in nat]
    colspecs = [[{"t": "AlignLeft" if a == "left" else "AlignRight"},
                 {"t": "ColWidth", "c": f} if fractions else {"t": "ColWidthDefault"}]
                for a, f in zip(aligns, fractions or [0.0] * n, strict=False)]

    def rows(rs: list[list[Any]]) -> list[Any]:
        out = []
        for r in rs:
            j, cells = 0, []
            for c in r:
                cells.append(_cell(c, "left" if c.colspan > 1 else aligns[min(j, n - 1)]))
                j += c.colspan
            out.append([attr(), cells])
        return out

    caption = [{"t": "Plain", "c": [{"t": "Strong", "c": inlines(f"{t('table')} {table.number}:")}, {"t": "Space"},
                                    *inlines(table.caption)]}]
    node = {"t": "Table", "c": [attr(f"tabel-{table.number}"), [None, caption], colspecs,
                                [attr(), rows(table.header)], [[attr(), 0, [], rows(table.body)]], [attr(), []]]}
    out = [node]
    if table.source:
        out.append({"t": "Para", "c": [{"t": "Emph", "c": inlines(table.source)}]})
    if landscape:
        out = [{"t": "Para", "c": [{"t": "Str", "c": _MARK.format("START")}]}, *out,
               {"t": "Para", "c": [{"t": "Str", "c": _MARK.format("END")}]}]
    return out


def _figure_node(fig: Figure, name: str, t: Text) -> dict[str, Any]:
    w, h = fig.size_px
    # matplotlib figures are saved at 100 dpi: natural width in points = px × 0.72
    width = "100%" if w * 0.72 >= PORTRAIT_WIDTH_PT * 0.7 or not w else f"{w * 0.72:.0f}pt"
    if w and h and h / w > 1.1:
        width = f"{min(100, 110 * w / h):.0f}%"
    image = {"t": "Image", "c": [attr(kv=[("width", width)]), inlines(fig.caption), [name, ""]]}
    caption = [{"t": "Plain", "c": [{"t": "Strong", "c": inlines(f"{t('figure')} {fig.number}:")}, {"t": "Space"},
                                    *inlines(fig.caption)]}]
    return {"t": "Figure", "c": [attr(f"gambar-{fig.number}"), [None, caption], [{"t": "Plain", "c": [image]}]]}


def _sections(doc: str) -> str:
    """Turn the START/END marker paragraphs around wide tables into section breaks (landscape between)."""
    portrait = f"<w:p><w:pPr><w:sectPr>{_PAGE}</w:sectPr></w:pPr></w:p>"
    landscape = f"<w:p><w:pPr><w:sectPr>{_LANDSCAPE}</w:sectPr></w:pPr></w:p>"
    for mark, repl in (("START", portrait), ("END", landscape)):
        doc = re.sub(r"<w:p>(?:(?!<w:p>).)*?" + _MARK.format(mark) + r".*?</w:p>", repl, doc, flags=re.S)
    return doc


def compile_docx(blocks: list[Block], lang: str) -> bytes:
    """DOCX bytes of ``blocks`` (see module doc). Raises :class:`KesosError` if pandoc is missing or fails."""
    t = Text("formats", lang)
    epoch = document_epoch()
    with tempfile.TemporaryDirectory(prefix="kesos-docx-") as tmp:
        root = Path(tmp)
        names: dict[int, str] = {}
        for b in blocks:
            if isinstance(b, Figure) and image_kind(b.png):
                names[b.number] = f"figure-{b.number:03d}.{image_kind(b.png)}"
                (root / names[b.number]).write_bytes(b.png)

        def render(b: Block) -> list[dict[str, Any]]:
            if isinstance(b, Figure) and b.number not in names:  # not a readable image: caption only
                return [{"t": "Para", "c": [{"t": "Strong", "c": inlines(f"{t('figure')} {b.number}:")},
                                            {"t": "Space"}, *inlines(b.caption)]}]
            if isinstance(b, Figure):
                return [_figure_node(b, names[b.number], t)]
            if isinstance(b, Table):
                return _table_nodes(b, t)
            if isinstance(b, Preformatted):
                return [{"t": "CodeBlock", "c": [attr(), b.text]}]
            raise TypeError(type(b))  # pragma: no cover - Markdown is parsed by pandoc

        meta = {"lang": {"t": "MetaString", "c": "id-ID" if lang == "id" else "en-GB"}}
        ast = document_ast(blocks, render, meta, folder=root)
        (root / "reference.docx").write_bytes(reference_docx(epoch))
        out = root / "report.docx"
        run_pandoc(["-f", "json", "-t", "docx", "-o", str(out), "--reference-doc", str(root / "reference.docx"),
                    "--resource-path", str(root)], json.dumps(ast).encode("utf-8"), cwd=root, epoch=epoch)
        files = _read_zip(out.read_bytes())
    files["word/document.xml"] = _sections(files["word/document.xml"].decode("utf-8")).encode("utf-8")
    return _rezip(files, epoch)
