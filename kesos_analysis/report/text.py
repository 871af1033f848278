"""Report text in Bahasa Indonesia and English.

Narrative lives in YAML catalogues under ``kesos_analysis/report/text/`` — one file per notebook plus
``common.yaml`` — so a notebook stays thin and its report can be produced in either language from the
same code. Each key maps to ``{id: ..., en: ...}``; a value is Markdown text, or a YAML *list* of texts
(items of a table or legend, read with :meth:`Text.items`).

Typed placeholders
    ``{name:kind}`` or ``{name:kind.decimals}`` formats a raw number passed to :meth:`Text.get` in the
    report's language: ``{p0:percent}`` → ``10,70%``, ``{p0:percent.1}`` → ``10,7%``, ``{n:number}`` →
    ``1.234``, ``{poor:number.2}`` → ``25.218,55``, ``{cost:rupiah}`` → ``Rp3.203.600``, ``{pv:money}`` →
    ``Rp5,98 triliun``, ``{gap:pp}`` → ``2,31`` (percentage points, no sign), ``{x:ratio.3}``,
    ``{year:year}`` → ``2025``, ``{last:round}`` (a ``(year, month)`` pair) → ``Sep 2025``,
    ``{level:label.confidence}`` → the label of a code in a group of ``labels.yaml``. Kinds are
    :data:`kesos_analysis.report.fmt.PLACEHOLDER_KINDS`. ``{name}`` inserts text as it is. A placeholder
    must have the same name and kind in ``id`` and ``en`` (``tests/test_text_catalogue.py`` checks every
    catalogue and every key a notebook uses).

Labels of codes (confidence levels, statuses, raw data values) are not narrative: they live in the one
label catalogue ``labels.yaml`` (:mod:`kesos_analysis.report.labels`), reached here through
:meth:`Text.label`, :meth:`Text.value` and :meth:`Text.values`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import KesosError
from ..io import read_yaml_mapping
from . import labels as _labels
from .fmt import check_lang, placeholder

TEXT_DIR = Path(__file__).resolve().parent / "text"

#: ``{name}``, ``{name:kind}``, ``{name:kind.decimals}`` or ``{name:label.group}``.
PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+)(?:\.(\w+))?)?\}")

#: Columns :meth:`Text.table` leaves out when no columns are given: source URLs (sources are listed under
#: each table and in SOURCES.md), codes beside their display names, and flags used only by figures.
HIDDEN_COLUMNS = ("source_url", "bps_code", "kemendagri_code", "low_confidence", "indonesia")

#: Catalogues in TEXT_DIR that are not narrative (they have their own reader).
NOT_NARRATIVE = ("labels",)


def placeholders(text: str) -> set[tuple[str, str]]:
    """``{(name, kind[.decimals])}`` used in ``text`` (kind ``""`` for an untyped placeholder)."""
    return {(m.group(1), (m.group(2) or "") + (f".{m.group(3)}" if m.group(3) else "")) for m in
            PLACEHOLDER.finditer(text)}


@cache
def _catalogue(name: str) -> dict[str, dict[str, Any]]:
    path = TEXT_DIR / f"{name}.yaml"
    if not path.exists():
        raise KesosError(f"no text catalogue {path}")
    data = read_yaml_mapping(path, "text catalogue")
    for key, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != {"id", "en"}:
            raise KesosError(f"{path}: key {key!r} must have exactly the languages 'id' and 'en'")
        kinds = {type(v) for v in entry.values()}
        if kinds - {str, list} or len(kinds) != 1:
            raise KesosError(f"{path}: key {key!r}: 'id' and 'en' must both be text or both be lists of text")
        if isinstance(entry["id"], list) and len(entry["id"]) != len(entry["en"]):
            raise KesosError(f"{path}: key {key!r}: the 'id' and 'en' lists differ in length")
    return data


def catalogue_names() -> list[str]:
    """Names of the narrative catalogues (file stems in TEXT_DIR, without the label catalogue)."""
    return sorted(p.stem for p in TEXT_DIR.glob("*.yaml") if p.stem not in NOT_NARRATIVE)


def fill(template: str, values: Mapping[str, Any], lang: str, *, where: str = "") -> str:
    """``template`` with every placeholder replaced (see the module docstring).

    Raises :class:`KesosError` naming ``where`` and the placeholder if a value is missing, or if a typed
    placeholder receives text (pass the raw number; the catalogue formats it).
    """

    def sub(m: re.Match) -> str:
        name, kind, dec = m.group(1), m.group(2) or "text", m.group(3)
        if name not in values:
            raise KesosError(f"text {where}: no value for placeholder {m.group(0)}")
        value = values[name]
        if kind == "label":
            return _labels.label(dec or "", value, lang)
        if kind != "text" and isinstance(value, str):
            raise KesosError(f"text {where}: placeholder {m.group(0)} takes a raw value to format, got text {value!r}")
        return placeholder(value, kind, lang, int(dec) if dec else None)

    return PLACEHOLDER.sub(sub, template)


def _merge(objs: tuple[Any, ...], values: Mapping[str, Any]) -> dict[str, Any]:
    """Fields of the dataclass instances ``objs`` (summaries), then ``values`` (which win)."""
    out: dict[str, Any] = {}
    for obj in objs:
        if obj is None:
            continue
        if not dataclasses.is_dataclass(obj):
            raise KesosError(f"text values: expected a summary dataclass, got {type(obj).__name__}")
        out.update({f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)})
    out.update(values)
    return out


class Text:
    """Look up narrative for one notebook (falls back to ``common``).

    >>> t = Text("common", "en"); t.get("source")
    'Source'
    """

    def __init__(self, notebook: str, lang: str = "id"):
        self.notebook = notebook
        self.lang = check_lang(lang)

    def _entry(self, key: str) -> tuple[str, Any]:
        for cat in (self.notebook, "common"):
            entries = _catalogue(cat) if (TEXT_DIR / f"{cat}.yaml").exists() else {}
            if key in entries:
                return cat, entries[key][self.lang]
        raise KesosError(f"text key {key!r} not found in {self.notebook}.yaml or common.yaml")

    def get(self, key: str, *summaries: Any, **values: Any) -> str:
        """The text of ``key`` in this language, placeholders filled from the fields of ``summaries`` (small
        dataclasses returned by analysis functions) and ``values`` (raw numbers for typed placeholders;
        they win over summary fields). A list entry is returned joined by ``"|"`` (kept for older callers;
        use :meth:`items`).

        Raises :class:`KesosError` if the key exists in neither this notebook's catalogue nor ``common``.
        """
        values = _merge(summaries, values)
        cat, entry = self._entry(key)
        if isinstance(entry, list):
            return "|".join(self.items(key, **values))
        return fill(str(entry), values, self.lang, where=f"{cat}.{key}").strip()

    __call__ = get

    def items(self, key: str, **values: Any) -> list[str]:
        """The items of a list entry (``key: {id: [...], en: [...]}``), placeholders filled."""
        cat, entry = self._entry(key)
        if not isinstance(entry, list):
            raise KesosError(f"text key {cat}.{key} is not a list")
        return [fill(str(e), values, self.lang, where=f"{cat}.{key}").strip() for e in entry]

    def province(self, code: str) -> str:
        """The display name of a ``province`` parameter: ``Indonesia (nasional)`` for ``"all"``, else THE
        display name of the BPS code (:func:`kesos_analysis.data.regions.province_display_name`)."""
        from ..data.regions import province_display_name

        return self.get("national") if code in ("all", "00") else province_display_name(code)

    def label(self, group: str, code: Any) -> str:
        """Display text of ``code`` in label ``group`` (:func:`kesos_analysis.report.labels.label`)."""
        return _labels.label(group, code, self.lang)

    def value(self, raw: Any, group: str = "data") -> Any:
        """Display form of a raw data value (``"volunteer (unpaid)"`` → ``"relawan (tidak dibayar)"``) from
        the ``data`` group of ``labels.yaml`` (confidence levels from ``confidence``); values not listed
        (and non-text values) are returned unchanged."""
        if not isinstance(raw, str):
            return raw
        for g in (group, "confidence"):
            if raw in _labels.catalogue().get(g, {}):
                return _labels.label(g, raw, self.lang)
        return raw

    def values(self, series, group: str = "data"):
        """:meth:`value` applied to every element of a pandas Series (returns a new Series)."""
        return series.map(lambda v: self.value(v, group))

    def labels(self, columns: Iterable[str]) -> dict[str, str]:
        """Display names for ``columns``: the text of key ``col_<name>`` where it exists, else the name."""
        out = {}
        for c in columns:
            try:
                self._entry(f"col_{c}")
            except KesosError:
                out[c] = c
            else:
                out[c] = self.get(f"col_{c}")
        return out

    def footer(self) -> None:
        """The closing line of every report (``generated`` with the package version)."""
        from .. import __version__

        self.md("generated", version=__version__)

    def md(self, key: str | list[str], *summaries: Any, **values: Any) -> None:
        """Display ``key`` (or each key of a list, e.g. ``["trend_heading", "trend_text"]``) as Markdown in
        the notebook (returns nothing, so it is shown once); values as in :meth:`get`."""
        from IPython.display import Markdown, display

        for k in [key] if isinstance(key, str) else key:
            if isinstance(self._entry(k)[1], list):  # a YAML list is shown as a bulleted list
                display(Markdown("\n".join(f"- {item}" for item in self.items(k, **_merge(summaries, values)))))
            else:
                display(Markdown(self.get(k, *summaries, **values)))

    def _text(self, spec: Any) -> Any:
        """A text key, or ``(key, {values})``, resolved to text; ``None`` stays ``None``."""
        if spec is None:
            return None
        if isinstance(spec, tuple):
            return self.get(spec[0], **spec[1])
        return self.get(spec)

    def show(self, builder, *args: Any, figure: str | None = None, source: Any, title: Any = None,
             xlabel: Any = None, ylabel: Any = None, note: Any = None, texts: Mapping[str, Any] | None = None,
             **kwargs: Any) -> None:
        """Build a figure with a chart builder of :mod:`kesos_analysis.report.figures` and show it.

        ``figure="ranking"`` takes the texts from the keys ``ranking_title``, ``ranking_xlabel``,
        ``ranking_ylabel``, ``ranking_note`` and ``ranking_reference_label`` where they exist (placeholders
        filled from ``texts``);
        ``title``, ``xlabel``, ``ylabel``, ``note`` and ``source`` name text keys explicitly (or
        ``(key, {values})``). The report's language is passed on; other arguments go to ``builder``, e.g.
        ``t.show(figures.ranked_bars, top, "p0_percent", "province", figure="ranking", source="src_poverty")``.
        """
        from .figures import show

        specs = {"title": title, "xlabel": xlabel, "ylabel": ylabel, "note": note, "reference_label": None}
        out = {"source": self._text(source)}
        for part, spec in specs.items():
            if part in kwargs:
                continue
            if spec is None and figure is not None and self._has(f"{figure}_{part}"):
                spec = (f"{figure}_{part}", dict(texts or {}))
            if spec is not None:
                out[part] = self._text(spec)
        if "title" not in out:
            raise KesosError(f"figure {figure!r}: no title (give title= or a key {figure}_title)")
        show(builder(*args, lang=self.lang, **out, **kwargs))

    def _has(self, key: str) -> bool:
        try:
            self._entry(key)
        except KesosError:
            return False
        return True

    def rows(self, key: str, df, label_columns: Mapping[str, str] | None = None) -> list[str]:
        """The text of ``key`` filled once per row of ``df`` (placeholders name columns), e.g. bar labels
        ``"{staff_type} ({year:year}) [{confidence}]"``; columns are labelled first by their default group
        (:data:`kesos_analysis.report.labels.COLUMN_GROUPS`) or the group ``label_columns`` gives."""
        groups = {**_labels.COLUMN_GROUPS, **(label_columns or {})}
        out = []
        for rec in df.to_dict("records"):
            rec = {k: (_labels.label(groups[k], v, self.lang) if k in groups else v) for k, v in rec.items()}
            out.append(self.get(key, **rec))
        return out

    def table(self, df, columns: Iterable[str] | None = None, *, caption: str | None = None,
              source: str | None = None, formats: Mapping[str, Any] | None = None,
              label_columns: Mapping[str, str] | None = None, headers: str | None = None,
              empty: str | None = None, **caption_values: Any) -> Shown:
        """Display a formatted table (:func:`kesos_analysis.report.figures.table`) with this notebook's texts.

        ``caption`` and ``source`` are text keys (the caption filled from ``caption_values``); headers come
        from ``col_<name>`` keys; cells are formatted from the unit suffix of each column name
        (:func:`kesos_analysis.report.figures.column_format`) unless ``formats`` says otherwise; codes are
        replaced by their labels for the columns of :data:`kesos_analysis.report.labels.COLUMN_GROUPS` and
        ``label_columns`` (column → label group);
        ``headers`` names a label group for headers without a ``col_`` key.
        ``empty`` names a text key shown INSTEAD of the table when ``df`` has no rows and no rows is a real
        finding (e.g. no staff counts for the province); without it an empty table is published as one, and
        the runner fails the report (an empty key table usually means a silent error).
        """
        from IPython.display import Markdown, display

        from .figures import table

        if empty is not None and len(df) == 0:
            display(Markdown(self.get(empty, **caption_values)))
            return SHOWN

        cols = list(columns) if columns is not None else [c for c in df.columns if c not in HIDDEN_COLUMNS]
        groups = {c: g for c, g in {**_labels.COLUMN_GROUPS, **(label_columns or {})}.items() if c in cols}
        display(table(df, columns=cols, lang=self.lang, formats=formats, labels=self.labels(cols),
                     label_columns=groups, headers=headers,
                     caption=self.get(caption, **caption_values) if caption else None,
                     source=self.get(source) if source else None))
        return SHOWN


class Shown:
    """What :meth:`Text.table` returns: the table is already displayed, so this object shows nothing — neither as
    the last expression of a cell nor wrapped in ``display(...)`` (no stray ``None`` in a report)."""

    def _ipython_display_(self) -> None:
        return None

    def __repr__(self) -> str:
        return ""


SHOWN = Shown()


def start(notebook: str, lang: str = "id", province: str = "all") -> tuple[Text, str]:
    """First call of a report notebook: applies the figure theme and returns ``(Text(notebook, lang),
    province)`` with the ``province`` parameter normalised to ``"all"`` or a BPS code
    (:func:`kesos_analysis.data.regions.normalise_province_parameter`; raises ParameterError with the closest
    names for an unknown province)."""
    from ..data.regions import normalise_province_parameter
    from .figures import set_theme

    set_theme()
    return Text(notebook, lang), normalise_province_parameter(province)
