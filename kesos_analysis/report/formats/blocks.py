"""An executed notebook as the blocks a printed report shows: narrative, figures, tables, plain text.

Code is never shown (as in the HTML). Cells tagged ``report-hide`` or ``injected-parameters`` are left
out; recorded values (:data:`..values.VALUES_MIME`) are invisible. Each figure is the PNG a cell displayed,
its caption the output's alternative text (``image/png`` → ``alt``, set by :func:`..figures.show` from the
figure title). Each table is parsed from the HTML a pandas Styler displays (:func:`..figures.table`): its
caption is the Styler caption up to ``<br>``, the rest (``Sumber: …``) is its source line; a table without
a caption takes the text of the heading above it. Figures and tables are numbered in order from 1.
"""

from __future__ import annotations

import base64
import html
import re
import struct
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from ..values import VALUES_MIME

#: Cell tags whose cell never appears in a printed report.
HIDDEN_TAGS = ("report-hide", "injected-parameters")

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)
_NUMERIC = re.compile(r"^[-+−–]?\s*(Rp\s?)?[-+−]?[\d.,\s]+\s*(%|‰|x|×)?$")
_REPR = re.compile(r"^<.*(object at 0x|Figure size|Axes).*>$", re.DOTALL)


@dataclass(frozen=True)
class Markdown:
    """Narrative in Markdown (a markdown cell or a ``text/markdown`` output)."""

    text: str


@dataclass(frozen=True)
class Figure:
    """A PNG figure: ``number`` counts from 1 in the report; ``caption`` is its alternative text."""

    number: int
    png: bytes
    caption: str

    @property
    def size_px(self) -> tuple[int, int]:
        """(width, height) in pixels, read from the PNG header."""
        if self.png[:8] != b"\x89PNG\r\n\x1a\n":
            return (0, 0)
        return struct.unpack(">II", self.png[16:24])


@dataclass(frozen=True)
class Cell:
    """One table cell (text with line breaks as ``\\n``), spanning ``colspan`` × ``rowspan``."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Table:
    """A table: header rows, body rows, one alignment per column (``"left"``/``"right"``)."""

    number: int
    caption: str
    source: str | None
    header: list[list[Cell]]
    body: list[list[Cell]]
    align: list[str] = field(default_factory=list)

    @property
    def ncols(self) -> int:
        rows = self.header + self.body
        return max((sum(c.colspan for c in r) for r in rows), default=0)


@dataclass(frozen=True)
class Preformatted:
    """Plain text output (printed in a monospace block)."""

    text: str


Block = Markdown | Figure | Table | Preformatted


# -------------------------------------------------------------------------------------------- HTML tables
class _TableParser(HTMLParser):
    """Collect the ``<table>`` elements of a Styler/``DataFrame.to_html`` output (nested tables flattened)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[str, Any]] = []
        self._t: dict[str, Any] | None = None
        self._section = "body"
        self._row: list[Cell] | None = None
        self._cell: dict[str, Any] | None = None
        self._caption: list[str] | None = None
        self._skip = 0  # inside <style>/<script>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("style", "script"):
            self._skip += 1
        elif tag == "table" and self._t is None:
            self._t = {"caption": "", "header": [], "body": []}
        elif self._t is None:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._section = "header"
        elif tag in ("tbody", "tfoot"):
            self._section = "body"
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = {"text": [], "colspan": _int(a.get("colspan")), "rowspan": _int(a.get("rowspan")),
                          "th": tag == "th"}
        elif tag == "br":
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)
        elif self._t is None:
            return
        elif tag == "caption" and self._caption is not None:
            self._t["caption"] = "".join(self._caption)
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            text = "\n".join(" ".join(part.split()) for part in "".join(self._cell["text"]).split("\n")).strip()
            self._row.append(Cell(text, self._cell["colspan"], self._cell["rowspan"]))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                self._t[self._section].append(self._row)
            self._row = None
        elif tag == "thead":
            self._section = "body"
        elif tag == "table":
            self.tables.append(self._t)
            self._t = None

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._text(data)

    def _text(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"].append(data)
        elif self._caption is not None:
            self._caption.append(data)


def _int(v: str | None) -> int:
    try:
        return max(1, int(v or 1))
    except ValueError:
        return 1


def parse_html_tables(text: str) -> list[dict[str, Any]]:
    """The tables in an HTML fragment: ``[{"caption": str, "header": [[Cell]], "body": [[Cell]]}]``.

    The caption keeps ``<br>`` as ``\\n`` (title first, then the source line)."""
    p = _TableParser()
    p.feed(text)
    p.close()
    return p.tables


def _alignments(header: list[list[Cell]], body: list[list[Cell]]) -> list[str]:
    """Right for columns whose filled body cells are mostly numbers (Rp, %, separators), else left."""
    ncols = max((sum(c.colspan for c in r) for r in header + body), default=0)
    numeric = [0] * ncols
    filled = [0] * ncols
    for row in body:
        j = 0
        for c in row:
            if j < ncols and c.colspan == 1 and c.text and c.text not in ("–", "-", "—"):
                filled[j] += 1
                numeric[j] += bool(_NUMERIC.match(c.text))
            j += c.colspan
    return ["right" if filled[j] and numeric[j] * 2 >= filled[j] else "left" for j in range(ncols)]


# ------------------------------------------------------------------------------------------------ notebook
def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _is_hidden(cell: Any) -> bool:
    tags = cell.get("metadata", {}).get("tags", []) or []
    return any(t in tags for t in HIDDEN_TAGS)


def notebook_blocks(nb: Any) -> list[Block]:
    """The printed content of an executed notebook (an ``nbformat`` node), in order (see module doc)."""
    blocks: list[Block] = []
    n_fig = n_tab = 0
    last_heading = ""

    def markdown(text: str) -> None:
        nonlocal last_heading
        text = text.strip("\n")
        if not text.strip():
            return
        heads = _HEADING.findall(text)
        if heads:
            last_heading = _plain_markdown(heads[-1][1])
        blocks.append(Markdown(text))

    for cell in nb.cells:
        if _is_hidden(cell):
            continue
        if cell.cell_type == "markdown":
            markdown(_text(cell.source))
            continue
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "stream":
                if out.get("name") == "stdout" and _text(out.get("text", "")).strip():
                    blocks.append(Preformatted(_text(out["text"]).rstrip()))
                continue
            if kind not in ("display_data", "execute_result"):
                continue  # errors never reach a published report (a failed run is not exported)
            data = out.get("data", {})
            if VALUES_MIME in data or CAPTION_META in out.get("metadata", {}):
                continue
            if "image/png" in data:
                n_fig += 1
                alt = (out.get("metadata", {}).get("image/png", {}) or {}).get("alt") or last_heading
                png = base64.b64decode(_text(data["image/png"]))
                blocks.append(Figure(n_fig, png, " ".join(str(alt).split())))
            elif "text/html" in data and "<table" in _text(data["text/html"]).lower():
                for t in parse_html_tables(_text(data["text/html"])):
                    n_tab += 1
                    title, _, source = t["caption"].partition("\n")
                    title = _NUMBER_PREFIX.sub("", " ".join(title.split())) or last_heading
                    source = " ".join(source.split()) or None
                    blocks.append(Table(n_tab, title, source, t["header"], t["body"],
                                        _alignments(t["header"], t["body"])))
            elif "text/markdown" in data:
                markdown(_text(data["text/markdown"]))
            elif "text/html" in data:
                text = _html_to_text(_text(data["text/html"]))
                if text:
                    blocks.append(Markdown(text))
            elif "text/plain" in data and kind == "display_data":  # a bare execute_result is a repr, not content
                text = _text(data["text/plain"]).rstrip()
                if text and not _REPR.match(text.strip()):
                    blocks.append(Preformatted(text))
    return blocks


def _plain_markdown(text: str) -> str:
    """Heading text without Markdown emphasis/code marks or links."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text).strip()


def _html_to_text(fragment: str) -> str:
    text = re.sub(r"(?is)<(style|script)[^>]*>.*?</\1>", "", fragment)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def notebook_language(nb: Any, default: str = "id") -> str:
    """The report language of an executed notebook: Papermill's ``lang`` parameter, else ``default``."""
    params = nb.get("metadata", {}).get("papermill", {}).get("parameters", {}) or {}
    return str(params.get("lang", default))


def document_title(blocks: list[Block]) -> str | None:
    """The text of the first level-1 heading (the report title), if any."""
    for b in blocks:
        if isinstance(b, Markdown):
            for level, text in _HEADING.findall(b.text):
                if len(level) == 1:
                    return _plain_markdown(text)
    return None


# ------------------------------------------------------------------------------------------ HTML captions
#: Output metadata key marking a caption added by :func:`number_captions` (skipped by :func:`notebook_blocks`).
CAPTION_META = "kesos-caption"
_TABLE_CAPTION = re.compile(r"(<table\b[^>]*>)(\s*)(<caption[^>]*>)?(?:\s*<strong>[^<]*?\d+:</strong>\s*)?",
                            re.IGNORECASE)
_NUMBER_PREFIX = re.compile(r"^(Tabel|Table|Gambar|Figure)\s+\d+:\s*")


def number_captions(nb: Any, lang: str) -> Any:
    """Number figures and tables of an executed notebook node in place, as the PDF and DOCX do, for the
    HTML export: each figure gets a caption output "Gambar N: <alt text>" under it, each table caption
    starts with "Tabel N:" (a table without caption gets one from the heading above). Idempotent;
    :func:`notebook_blocks` reads the result as it reads the plain notebook. Returns ``nb``."""
    import nbformat

    from ..text import Text

    t = Text("formats", lang)
    n_fig = n_tab = 0
    last_heading = ""
    for cell in nb.cells:
        if _is_hidden(cell):
            continue
        if cell.cell_type == "markdown":
            heads = _HEADING.findall(_text(cell.source))
            last_heading = _plain_markdown(heads[-1][1]) if heads else last_heading
            continue
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            if CAPTION_META in out.get("metadata", {}):
                continue  # numbered before: number again
            outputs.append(out)
            data = out.get("data", {})
            if out.get("output_type") not in ("display_data", "execute_result") or VALUES_MIME in data:
                continue
            if "image/png" in data:
                n_fig += 1
                alt = (out.get("metadata", {}).get("image/png", {}) or {}).get("alt") or last_heading
                label = html.escape(f"{t('figure')} {n_fig}:")
                outputs.append(nbformat.v4.new_output(
                    "display_data", metadata={CAPTION_META: True},
                    data={"text/html": f'<p class="kesos-caption" style="text-align:center;font-size:95%">'
                                       f"<strong>{label}</strong> {html.escape(' '.join(str(alt).split()))}</p>"}))
            elif "text/html" in data and "<table" in _text(data["text/html"]).lower():
                def caption(m: re.Match, heading: str = last_heading) -> str:
                    nonlocal n_tab
                    n_tab += 1
                    label = f"<strong>{html.escape(t('table'))} {n_tab}:</strong> "
                    if m.group(3):
                        return m.group(1) + m.group(2) + m.group(3) + label
                    return m.group(1) + m.group(2) + f"<caption>{label}{html.escape(heading)}</caption>"

                data["text/html"] = _TABLE_CAPTION.sub(caption, _text(data["text/html"]))
            elif "text/markdown" in data:
                heads = _HEADING.findall(_text(data["text/markdown"]))
                last_heading = _plain_markdown(heads[-1][1]) if heads else last_heading
        cell.outputs = outputs
    return nb
