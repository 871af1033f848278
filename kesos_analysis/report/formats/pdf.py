"""PDF through typst (the pip package ``typst``: no LaTeX, no browser, no system package).

Layout: A4 portrait, Libertinus Serif (embedded in typst) with DejaVu Sans (shipped with matplotlib) as
fallback for symbols such as ⚠; only these fonts are used, never the machine's, so the PDF is the same on
every machine. Figures are numbered "Gambar 1: …" / "Figure 1: …" under the image, tables
"Tabel 1: …" / "Table 1: …" above the table with their source line below. A table too wide for the
portrait text width at 8.5 pt is set on a landscape page, smaller if needed, with columns wrapped in
proportion to their content. The PDF's creation date is the fixed :data:`DOCUMENT_EPOCH` (or
``SOURCE_DATE_EPOCH``), so the same notebook gives the same bytes.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from ...errors import KesosError
from ..text import Text
from .blocks import Block, Figure, Preformatted, Table, document_title
from .pandoc import document_ast, image_kind, inlines, run_pandoc

#: Pin of the pip package (pyproject.toml).
TYPST_PACKAGE = "typst==0.15.2"

#: Creation date written into PDF and DOCX files (Unix seconds; 2000-01-01T00:00:00Z) unless the
#: environment sets ``SOURCE_DATE_EPOCH``: the documents carry no run time, the provenance section does.
DOCUMENT_EPOCH = 946_684_800

#: Text width and height of an A4 page with the margins below, in points.
PORTRAIT_WIDTH_PT = 595.3 - 2 * 56.7
LANDSCAPE_WIDTH_PT = 841.9 - 2 * 56.7
TEXT_HEIGHT_PT = 841.9 - 2 * 62.4 - 20

PREAMBLE = """\
#set document(title: {title})
#set page(paper: "a4", margin: (x: 2cm, y: 2.2cm), numbering: "1 / 1", number-align: center)
#set text(font: ("Libertinus Serif", "DejaVu Sans"), size: 10.5pt, lang: "{lang}", hyphenate: false)
#set par(justify: false, leading: 0.62em, spacing: 0.9em)
#show heading: set block(above: 1.3em, below: 0.7em)
#show heading: set par(justify: false)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 2): set text(size: 13.5pt)
#show heading.where(level: 3): set text(size: 11.5pt)
#show raw: set text(font: ("DejaVu Sans Mono", "DejaVu Sans"), size: 8pt)
#show link: set text(fill: rgb("#1a4f8b"))
#set table(stroke: (x, y) => (bottom: if y == 0 {{ 0.7pt }} else {{ 0.3pt + luma(190) }}), \
inset: (x: 4pt, y: 3pt))
#show table: set text(size: 8.5pt)
#show table: set par(justify: false, leading: 0.45em)
#show table.cell.where(y: 0): strong
#show figure.caption: set text(size: 9.5pt)
#show figure.caption: set par(justify: false)
"""


def typst_string(text: str) -> str:
    """``text`` as a typst string literal (shown verbatim: no markup is interpreted)."""
    return json.dumps(text, ensure_ascii=False)


def _content(text: str) -> str:
    """Typst content showing ``text`` verbatim, with ``\\n`` as line breaks."""
    return "[" + " \\ ".join(f"#{typst_string(line)}" for line in text.split("\n")) + "]"


# ----------------------------------------------------------------------------------------------- tables
_BREAK_AFTER = re.compile(r"([._/])(?=[^\s._/])")

#: Width of an average character, in em (Libertinus Serif digits are 0.5 em; bold header text wider).
CHAR_EM, HEAD_CHAR_EM = 0.5, 0.56
#: Horizontal cell padding (pt, both sides). A table that does not fit a portrait line stays portrait, its
#: text columns wrapped, if it has at most PORTRAIT_FEW_COLUMNS columns, or at most PORTRAIT_MAX_COLUMNS
#: and a natural width of at most PORTRAIT_WRAP_RATIO lines (else it goes landscape).
CELL_PAD_PT = 8.0
PORTRAIT_FEW_COLUMNS = 6
PORTRAIT_MAX_COLUMNS = 9
PORTRAIT_WRAP_RATIO = 2.2
#: Tables with more body rows than this may break across pages; shorter ones stay whole with their caption.
LONG_TABLE_ROWS = 25


def breakable(text: str) -> str:
    """``text`` with a zero-width space after ``.``, ``_`` and ``/`` inside long tokens (YAML keys, paths,
    URLs), and every 20 characters of a piece still longer than 24, so a narrow column can wrap them;
    the visible text is unchanged."""

    def split(word: str) -> str:
        if len(word) <= 16:
            return word
        pieces = _BREAK_AFTER.sub("\\1\u200b", word).split("\u200b")
        pieces = ["\u200b".join(p[i:i + 20] for i in range(0, len(p), 20)) if len(p) > 24 else p for p in pieces]
        return "\u200b".join(pieces)

    return " ".join(split(w) for w in text.split(" "))


def column_widths(table: Table) -> tuple[list[float], list[float]]:
    """(narrowest, natural) width of each column in em: the longest unbreakable word, the longest line."""
    n = table.ncols
    low, nat = [1.0] * n, [1.0] * n
    for rows, f in ((table.header, HEAD_CHAR_EM), (table.body, CHAR_EM)):
        for row in rows:
            j = 0
            for c in row:
                if c.colspan == 1 and j < n:
                    words = breakable(c.text).replace("\u200b", " ").split()
                    low[j] = max(low[j], max((len(w) for w in words), default=0) * f)
                    # headers may wrap at spaces: their natural width is their longest word
                    lines = words if rows is table.header else c.text.split("\n")
                    nat[j] = max(nat[j], max((len(x) for x in lines), default=0) * f)
                j += c.colspan
    return low, [max(a, b) for a, b in zip(low, nat, strict=True)]


def table_layout(table: Table) -> tuple[bool, float, list[float] | None]:
    """(landscape, font size in pt, column fractions or None for natural widths) for ``table``.

    In order: natural widths on a portrait page at 8.5 pt; wrapped on a portrait page if it has few
    columns or needs few lines (:data:`PORTRAIT_FEW_COLUMNS`, :data:`PORTRAIT_WRAP_RATIO`);
    natural widths on a landscape page at 8.5 or 7.5 pt; wrapped on a landscape page at 7.5 pt, else
    6.5 pt. Wrapped columns start at their
    narrowest width and share the rest of the line in proportion to how much more they need."""
    low, nat = column_widths(table)
    n = max(1, table.ncols)

    def fits(widths: list[float], size: float, landscape: bool) -> bool:
        page = LANDSCAPE_WIDTH_PT if landscape else PORTRAIT_WIDTH_PT
        return sum(widths) * size + n * CELL_PAD_PT <= page

    def wrapped(size: float, landscape: bool) -> list[float]:
        page = LANDSCAPE_WIDTH_PT if landscape else PORTRAIT_WIDTH_PT
        room = max(0.0, (page - n * CELL_PAD_PT) / size - sum(low))
        extra = [b - a for a, b in zip(low, nat, strict=True)]
        total = sum(extra) or 1.0
        # widths in pt including the cell padding: typst shares the whole line among fr columns
        w = [(a + room * e / total) * size + CELL_PAD_PT for a, e in zip(low, extra, strict=True)]
        return [x / sum(w) for x in w]

    if fits(nat, 8.5, False):
        return False, 8.5, None
    if fits(low, 8.5, False) and (n <= PORTRAIT_FEW_COLUMNS or n <= PORTRAIT_MAX_COLUMNS and
                                  sum(nat) * 8.5 <= PORTRAIT_WRAP_RATIO * (PORTRAIT_WIDTH_PT - n * CELL_PAD_PT)):
        return False, 8.5, wrapped(8.5, False)
    for size in (8.5, 7.5):
        if fits(nat, size, True):
            return True, size, None
    size = 7.5 if fits(low, 7.5, True) else 6.5
    return True, size, wrapped(size, True)


def _typst_table(table: Table, t: Text) -> str:
    landscape, size, fractions = table_layout(table)
    n = table.ncols
    if fractions is None:  # natural widths as estimated (typst's own auto widths would not wrap headers)
        cols = "(" + ", ".join(f"{w * size + CELL_PAD_PT:.1f}pt" for w in column_widths(table)[1]) + ",)"
    else:
        cols = "(" + ", ".join(f"{f * 100:.2f}fr" for f in fractions) + ",)"
    aligns = "(" + ", ".join(table.align or ["left"] * n) + ",)"

    def cell(c, head: bool) -> str:
        body = _content(breakable(c.text))
        if head:
            body = f"[#strong{body}]"
        if c.colspan > 1 or c.rowspan > 1:
            return f"table.cell(colspan: {c.colspan}, rowspan: {c.rowspan}, align: left)[{body}]"
        return body

    header = ", ".join(cell(c, True) for row in table.header for c in row)
    body = ",\n  ".join(cell(c, False) for row in table.body for c in row)
    nhead = len(table.header)
    caption = f"[#strong({typst_string(t('table') + ' ' + str(table.number) + ':')}) #{typst_string(table.caption)}]"
    parts = [
        "#figure(kind: table, supplement: none, numbering: none, gap: 0.5em,",
        f"  caption: figure.caption(position: top, {caption}),",
        f"  {{ set text(size: {size}pt)",
        f"  table(columns: {cols}, align: {aligns},",
        f"  fill: (x, y) => if y < {nhead} {{ luma(238) }},",
    ]
    if header:
        parts.append(f"  table.header({header}),")
    if body:
        parts.append(f"  {body},")
    parts.append("  )})")
    if table.source:
        parts.append(f"#block(above: 0.4em, below: 1.1em, text(size: 8pt, fill: luma(70), {_content(table.source)}))")
    code = "\n".join(parts)
    if len(table.body) > LONG_TABLE_ROWS:  # long tables may break across pages (header rows repeat)
        code = "#[#show figure: set block(breakable: true)\n" + code + "\n]"
    if landscape:
        code = f"#page(flipped: true)[\n{code}\n]"
    return code


def _typst_figure(fig: Figure, name: str, t: Text) -> str:
    w, h = fig.size_px
    size = "width: 100%"
    if w and h and h / w * PORTRAIT_WIDTH_PT > 0.8 * TEXT_HEIGHT_PT:
        size = f"height: {0.8 * TEXT_HEIGHT_PT:.0f}pt"
    caption = f"[#strong({typst_string(t('figure') + ' ' + str(fig.number) + ':')}) #{typst_string(fig.caption)}]"
    return (f"#figure(image({typst_string(name)}, {size}, alt: {typst_string(fig.caption)}), kind: image, "
            f"supplement: none, numbering: none, gap: 0.6em, caption: {caption})")


def typst_source(blocks: list[Block], lang: str, image_names: dict[int, str], folder: Path | None = None) -> str:
    """The complete typst document of ``blocks`` (``image_names`` maps figure number → file name in
    ``folder``, where images embedded in the narrative are written too)."""
    t = Text("formats", lang)

    def render(b: Block) -> list[dict[str, Any]]:
        if isinstance(b, Figure) and b.number not in image_names:  # not a readable image: caption only
            return [{"t": "Para", "c": [{"t": "Strong", "c": inlines(f"{t('figure')} {b.number}:")}, {"t": "Space"},
                                        *inlines(b.caption)]}]
        if isinstance(b, Figure):
            code = _typst_figure(b, image_names[b.number], t)
        elif isinstance(b, Table):
            code = _typst_table(b, t)
        elif isinstance(b, Preformatted):
            return [{"t": "CodeBlock", "c": [["", [], []], b.text]}]
        else:  # pragma: no cover - Markdown is parsed by pandoc
            raise TypeError(type(b))
        return [{"t": "RawBlock", "c": ["typst", code]}]

    ast = document_ast(blocks, render, folder=folder)
    body = run_pandoc(["-f", "json", "-t", "typst", "--wrap=none"], json.dumps(ast).encode("utf-8")).decode("utf-8")
    title = document_title(blocks) or ""
    return PREAMBLE.format(title=typst_string(title), lang=lang) + "\n" + body


def _fonts():
    """Typst fonts: those embedded in typst plus matplotlib's DejaVu (never the machine's own fonts)."""
    import typst
    from matplotlib import get_data_path

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True,
                       font_paths=[str(Path(get_data_path()) / "fonts" / "ttf")])


def document_epoch() -> int:
    """The creation date written into PDF/DOCX: ``SOURCE_DATE_EPOCH`` if set, else :data:`DOCUMENT_EPOCH`."""
    try:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    except (KeyError, ValueError):
        return DOCUMENT_EPOCH


def compile_pdf(blocks: list[Block], lang: str) -> bytes:
    """PDF bytes of ``blocks``. Raises :class:`KesosError` naming the pip package if typst is missing,
    or with typst's message if the document does not compile."""
    try:
        import typst
    except ImportError:
        raise KesosError(f"PDF export needs the pip package 'typst'; install it with `pip install {TYPST_PACKAGE}`") \
            from None
    with tempfile.TemporaryDirectory(prefix="kesos-pdf-") as tmp:
        root = Path(tmp)
        names = {}
        for b in blocks:
            if isinstance(b, Figure) and image_kind(b.png):
                names[b.number] = f"figure-{b.number:03d}.{image_kind(b.png)}"
                (root / names[b.number]).write_bytes(b.png)
        main = root / "report.typ"
        main.write_text(typst_source(blocks, lang, names, root), encoding="utf-8")
        try:
            pdf = typst.compile(str(main), root=str(root), font_paths=_fonts(), ignore_system_fonts=True,
                                format="pdf", timestamp=document_epoch())
        except typst.TypstError as exc:
            raise KesosError(f"typst could not typeset the report: {exc.message} {exc.diagnostic}".strip()) from None
        except (RuntimeError, OSError) as exc:
            raise KesosError(f"typst (pip package 'typst') failed: {exc}; reinstall it with "
                             f"`pip install --force-reinstall {TYPST_PACKAGE}`") from None
    return bytes(pdf)
