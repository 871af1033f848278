"""One look for every figure and table: seaborn theme, labelled axes with units, a source line.

Every figure says what it shows, in which unit, and where the numbers come from (``Sumber:`` /
``Source:``); every table gets a caption and a source line, with cells formatted for the report's
language.

Chart builders (use these instead of raw matplotlib in a notebook; each returns a finished figure — title,
axis label with unit, source line — to pass to :func:`show`):

* :func:`ranked_bars` — horizontal bars ranked by value, optional highlighted bars, muted bars and a dashed
  reference line (e.g. provinces by P0 with the national rate; pay as % of UMP with the 100% line);
* :func:`round_series` — one line per series over the Susenas rounds (gaps where a round is missing);
* :func:`stacked_paths` — stacked areas of a wide frame (index = year, one column per category);
* :func:`points_by_group` — one marker series per group (e.g. headcounts by cadre and year, log scale);
* :func:`availability_heatmap` — a 0/1/NaN matrix (value present / absent / not applicable).

Colours come from :data:`COLOURS` (one palette for the suite). Tables: :func:`table` formats each column
from the unit suffix of its name (:data:`UNIT_SUFFIXES`, :func:`column_format`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter

from . import labels as _labels
from .fmt import check_lang, formatter, placeholder, round_label
from .text import Text

#: Colour palette shared by all figures (colour-blind safe).
PALETTE = "colorblind"
_P = sns.color_palette(PALETTE)
#: Named colours of the suite: ``main`` bars/lines, ``highlight`` (the selected province, Indonesia's own
#: figure), ``second`` (a second series), ``muted`` (low-confidence or context bars), ``reference`` lines.
COLOURS: dict[str, Any] = {"main": _P[0], "second": _P[1], "third": _P[2], "highlight": _P[3], "muted": "#a6a6a6",
                           "reference": "#222222", "present": "#3a6ea5", "absent": "#ffffff",
                           "not_applicable": "#d9d9d9"}

#: Column-name suffixes → (format kind, decimals) used by :func:`table` when no format is given.
#: ``*_year`` / ``year``: calendar years without separator; ``*_pp``: percentage points.
UNIT_SUFFIXES: tuple[tuple[str, str, int | None], ...] = (
    ("_rupiah", "rupiah", 0),
    ("_percent", "percent", 2),
    ("_pp", "number", 2),
    ("_thousand", "number", 2),
    ("_fte", "number", 1),
    ("_orang", "int", 0),
    ("_persons", "int", 0),
    ("_per_10k", "number", 2),
    ("_ratio", "ratio", 2),
    ("_year", "year", 0),
    ("_count", "int", 0),
)


def column_format(name: str, dtype: Any = None) -> tuple[str, int | None]:
    """Format ``(kind, decimals)`` of a table column from its name (:data:`UNIT_SUFFIXES`), else its dtype:
    a column named ``year`` is a year, ``round`` a Susenas round key (``"2016-09"`` → ``Sep 2016``), integers are
    counts (``1.234``), other numbers get two decimals,
    anything else is text."""
    if name == "year":
        return "year", 0
    if name == "round":
        return "round", 0
    for suffix, kind, dec in UNIT_SUFFIXES:
        if name.endswith(suffix):
            return kind, dec
    if dtype is not None and pd.api.types.is_bool_dtype(dtype):
        return "text", None
    if dtype is not None and pd.api.types.is_integer_dtype(dtype):
        return "int", 0
    if dtype is not None and pd.api.types.is_float_dtype(dtype):
        return "number", 2
    return "text", None


def set_theme() -> None:
    """Apply the suite's seaborn/matplotlib theme (deterministic: fixed fonts, DPI and SVG hash salt)."""
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE, font="DejaVu Sans")
    matplotlib.rcParams.update(
        {
            "figure.figsize": (9, 5),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "svg.hashsalt": "kesos-analysis",
            "figure.constrained_layout.use": True,
        }
    )


def axis_formatter(kind: str, lang: str = "id", decimals: int | None = None) -> FuncFormatter:
    """A tick formatter using the report's number format (``kind`` as in :func:`fmt.formatter`)."""
    f = formatter(kind, lang, decimals)
    return FuncFormatter(lambda x, _pos: f(x))


def finish(ax: plt.Axes, *, title: str, xlabel: str | None, ylabel: str | None, source: str, lang: str = "id",
           note: str | None = None) -> plt.Figure:
    """Label ``ax`` (title, axis labels with units) and write the source (and optional note) under the figure."""
    t = Text("common", check_lang(lang))
    ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    fig = ax.figure
    fig._kesos_alt = title
    foot = f"{t('source')}: {source}"
    if note:
        foot += f"\n{note}"
    fig.text(0.0, -0.02, foot, ha="left", va="top", fontsize=8.5, color="#444444", wrap=True)
    return fig


def show(fig: plt.Figure | None = None, alt: str | None = None) -> None:
    """Display a finished figure as PNG with alternative text (for screen readers) and close it.

    ``alt`` defaults to the figure's title as set by :func:`finish`. The text travels in the output's
    metadata (``image/png`` → ``alt``) and the report runner writes it into the HTML ``<img alt>``.
    """
    import io

    from IPython.display import Image, display

    fig = fig or plt.gcf()
    if alt is None:
        alt = getattr(fig, "_kesos_alt", None) or " / ".join(a.get_title() for a in fig.axes if a.get_title())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    display(Image(data=buf.getvalue(), format="png"), metadata={"image/png": {"alt": alt}})


def table(df: pd.DataFrame, *, lang: str = "id", formats: Mapping[str, str | tuple[str, int]] | None = None,
          caption: str | None = None, source: str | None = None, labels: Mapping[str, str] | None = None,
          columns: Iterable[str] | None = None, label_columns: Mapping[str, str] | None = None,
          headers: str | None = None):
    """A pandas Styler for display: formatted cells, renamed headers, caption, source line, no index.

    Every column is formatted by :func:`column_format` (unit suffix of its name, else dtype) unless
    ``formats`` maps it to a kind (``"int"``, ``"percent"``, ``"rupiah"``, ``"number"``, ``"ratio"``,
    ``"year"``, ``"text"``) or ``(kind, decimals)``. ``columns`` selects and orders columns;
    ``label_columns`` maps a column to a label group of ``labels.yaml`` whose display text replaces the
    codes (booleans use ``yes_no`` by default). ``labels`` renames columns for display; ``headers`` names a
    label group whose display text renames the remaining columns (e.g. ``"confidence"`` for one column per
    confidence level).
    """
    check_lang(lang)
    shown = df[list(columns)].copy() if columns is not None else df.copy()
    label_columns = dict(label_columns or {})
    for col in shown.columns:
        if pd.api.types.is_bool_dtype(shown[col].dtype):
            label_columns.setdefault(col, "yes_no")
    for col, group in label_columns.items():
        shown[col] = _labels.labels(group, shown[col], lang)
    formats = dict(formats or {})
    fmt_map = {}
    for col in shown.columns:
        spec = formats.get(col) or column_format(col, shown[col].dtype)
        kind, dec = (spec, None) if isinstance(spec, str) else spec
        fmt_map[col] = formatter(kind, lang, dec)
    styler = shown.style.format(fmt_map, na_rep="–").hide(axis="index")
    if labels or headers:
        names = [(labels or {}).get(c, c) for c in shown.columns]
        if headers:
            names = [_labels.label(headers, c, lang) if n == c else n for c, n in zip(shown.columns, names)]
        styler = styler.relabel_index(names, axis="columns")
    cap = caption or ""
    if source:
        t = Text("common", lang)
        cap = f"{cap}<br><span style='font-weight:normal;font-size:85%'>{t('source')}: {source}</span>"
    if cap:
        styler = styler.set_caption(cap)
    # Deterministic element ids (pandas would draw a random uuid): same inputs, same HTML.
    key = f"{cap}|{list(shown.columns)}|{len(shown)}".encode()
    styler = styler.set_uuid(hashlib.sha1(key).hexdigest()[:10])
    styler = styler.set_table_styles(
        [
            {"selector": "caption",
             "props": "caption-side: top; text-align: left; font-weight: bold; padding-bottom: 4px;"},
            {"selector": "th", "props": "text-align: left; background: #f2f2f2;"},
            {"selector": "td", "props": "text-align: right; padding: 2px 8px;"},
        ]
    )
    return styler


# ----------------------------------------------------------------------------------------- chart builders

def _height(n: int, per: float = 0.38, base: float = 1.5) -> float:
    return max(3.0, per * n + base)


def ranked_bars(df: pd.DataFrame, value: str, label: str | list[str], *, title: str, xlabel: str, source: str,
                lang: str = "id", highlight: Iterable[Any] | str | None = None, muted: str | None = None,
                reference: float | None = None, reference_label: str | None = None, kind: str = "number",
                decimals: int = 0, note: str | None = None, sort: bool = True,
                reference_kind: str = "percent", omit_zero: bool = False) -> plt.Figure:
    """Horizontal bars of ``df[value]`` labelled by ``df[label]`` (or by a list of labels, one per row, e.g.
    from :meth:`Text.rows`), largest at the top (``sort=False`` keeps the frame's order, first row at the top).

    ``highlight``: labels to draw in the highlight colour, or the name of a boolean column. ``muted``: a
    boolean column whose True rows are drawn grey (e.g. low confidence; say so in ``note``).
    ``reference``: a value drawn as a dashed vertical line; with ``reference_label`` it is named in the
    legend, followed by the value formatted as placeholder kind ``reference_kind``. ``kind``/``decimals``
    format the value axis (:func:`fmt.formatter`). ``omit_zero`` leaves out bars whose value is 0 or missing.
    """
    if not isinstance(label, str):
        df, label = df.assign(_label=list(label)), "_label"
    if omit_zero:
        df = df[df[value].fillna(0) != 0]
    d = df.sort_values(value, ascending=False, kind="stable") if sort else df
    if isinstance(highlight, str):
        hi = d[highlight].astype(bool).tolist()
    else:
        marks = set(highlight or ())
        hi = [lab in marks for lab in d[label]]
    mu = d[muted].astype(bool).tolist() if muted else [False] * len(d)
    colours = [COLOURS["highlight"] if h else COLOURS["muted"] if m else COLOURS["main"] for h, m in zip(hi, mu)]
    fig, ax = plt.subplots(figsize=(10, _height(len(d), 0.4)))
    ax.barh(d[label].astype(str), d[value], color=colours)
    ax.invert_yaxis()
    if reference is not None:
        text = f"{reference_label} ({placeholder(reference, reference_kind, lang)})" if reference_label else None
        ax.axvline(reference, color=COLOURS["reference"], linestyle="--", linewidth=1, label=text)
        if text:
            ax.legend(loc="lower right")
    ax.xaxis.set_major_formatter(axis_formatter(kind, lang, decimals))
    return finish(ax, title=title, xlabel=xlabel, ylabel=None, source=source, lang=lang, note=note)


def round_series(series: Mapping[str, pd.DataFrame], value: str, *, title: str, ylabel: str,
                 rounds: pd.DataFrame | None = None,
                 source: str, lang: str = "id", kind: str = "number", decimals: int | None = None,
                 note: str | None = None) -> plt.Figure:
    """One line per entry of ``series`` (legend label → frame with ``year, month`` and ``value``) over the
    full grid of Susenas ``rounds`` (a frame with ``year, month`` in order, e.g. from
    :func:`kesos_analysis.poverty.coverage`; default: the rounds of the first frame, e.g. from
    :func:`kesos_analysis.poverty.series_for`), so that the line breaks where a round has no value or was not
    surveyed. The first series is drawn in the main colour, the second highlighted, further ones in palette
    order. The legend is shown when there is more than one series.
    """
    if rounds is None:
        rounds = next(iter(series.values()))
    grid = rounds[["year", "month"]].reset_index(drop=True)
    x = np.arange(len(grid))
    fig, ax = plt.subplots(figsize=(11, 4.5))
    colours = [COLOURS["main"], COLOURS["highlight"], COLOURS["second"], COLOURS["third"]]
    for i, (name, frame) in enumerate(series.items()):
        y = grid.merge(frame[["year", "month", value]], on=["year", "month"], how="left")[value]
        ax.plot(x, y.astype(float), marker="o", label=name, color=colours[i % len(colours)])
    ax.set_xticks(x, [round_label((y, m), lang) for y, m in zip(grid["year"], grid["month"])], rotation=90)
    ax.yaxis.set_major_formatter(axis_formatter(kind, lang, decimals))
    if len(series) > 1:
        ax.legend()
    return finish(ax, title=title, xlabel=None, ylabel=ylabel, source=source, lang=lang, note=note)


def stacked_paths(wide: pd.DataFrame, *, title: str, ylabel: str, source: str, lang: str = "id",
                  colours: Iterable[Any] | None = None, names: Mapping[str, str] | None = None,
                  kind: str = "number", decimals: int = 0, xlabel: str | None = None,
                  note: str | None = None) -> plt.Figure:
    """Stacked areas of ``wide`` (index = x, usually year; one column per category, in stacking order).

    ``names`` maps a column to its legend text; ``colours`` gives one colour per column (e.g.
    :func:`kesos_analysis.report.display.cadre_colours`), else the palette.
    """
    cols = list(wide.columns)
    fig, ax = plt.subplots(figsize=(10, 5))
    ax.stackplot(wide.index.to_numpy(), [wide[c].to_numpy(dtype=float) for c in cols],
                 labels=[(names or {}).get(c, str(c)) for c in cols],
                 colors=list(colours) if colours is not None else sns.color_palette(PALETTE, len(cols)))
    ax.yaxis.set_major_formatter(axis_formatter(kind, lang, decimals))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(v)) if float(v).is_integer() else ""))
    ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=9)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, lang=lang, note=note)


def points_by_group(df: pd.DataFrame, x: str, y: str, group: str, *, title: str, xlabel: str, ylabel: str,
                    source: str, lang: str = "id", legend_title: str | None = None, log: bool = False,
                    kind: str = "int", decimals: int = 0, note: str | None = None,
                    label_group: str | None = None) -> plt.Figure:
    """One marker series per value of ``group`` (e.g. headcount by year and cadre); ``log`` uses a log
    value axis (say so in ``ylabel``). Integer x values (years) are shown without separators.
    ``label_group`` (a group of ``labels.yaml``) translates the group codes for the legend."""
    d = df.assign(**{x: df[x].astype(float)})
    if label_group:
        d[group] = _labels.labels(label_group, d[group], lang)
    fig, ax = plt.subplots(figsize=(10, 5))
    sns.scatterplot(data=d, x=x, y=y, hue=group, style=group, s=90, ax=ax, palette=PALETTE)
    if log:
        ax.set_yscale("log")
    ax.yaxis.set_major_formatter(axis_formatter(kind, lang, decimals))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(v)) if float(v).is_integer() else ""))
    ax.legend(title=legend_title, bbox_to_anchor=(1.01, 1), loc="upper left")
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, lang=lang, note=note)


def availability_heatmap(matrix: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, source: str,
                         lang: str = "id", note: str | None = None,
                         column_labels: Iterable[str] | None = None) -> plt.Figure:
    """A matrix of 1 (present, blue), 0 (absent, white) and NaN (not applicable, grey) with a row per
    label of the index; ``column_labels`` replaces the column names on the x axis (round keys
    ``"YYYY-MM"`` are shown as ``Sep 2016`` by default)."""
    if column_labels is None and all(len(str(c)) == 7 and str(c)[4] == "-" for c in matrix.columns):
        column_labels = [round_label(str(c), lang) for c in matrix.columns]
    fig, ax = plt.subplots(figsize=(11, max(3.0, 0.26 * len(matrix) + 1.5)))
    ax.set_facecolor(COLOURS["not_applicable"])
    sns.heatmap(matrix, ax=ax, cmap=[COLOURS["absent"], COLOURS["present"]], cbar=False, linewidths=0.5,
                linecolor="#eeeeee", vmin=0, vmax=1)
    if column_labels is not None:
        ax.set_xticklabels(list(column_labels), rotation=90)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, lang=lang, note=note)


def tornado(df: pd.DataFrame, *, title: str, xlabel: str, source: str, lang: str = "id", kind: str = "number",
            decimals: int = 0, scale: float = 1.0, low_label: str = "low", high_label: str = "high",
            note: str | None = None) -> plt.Figure:
    """One-way sensitivity ("tornado"): for each row (``parameter``, ``low``, ``high``, ``central``; largest
    swing first) a bar from the central value to the output at the parameter's low end and one to its high
    end. Values are divided by ``scale`` (e.g. 1e12 for trillions; say so in ``xlabel``)."""
    d = df.reset_index(drop=True)
    central = float(d["central"].iloc[0]) / scale
    fig, ax = plt.subplots(figsize=(11, _height(len(d), 0.42)))
    y = np.arange(len(d))
    lo, hi = d["low"].to_numpy(float) / scale, d["high"].to_numpy(float) / scale
    ax.barh(y, lo - central, left=central, color=COLOURS["main"], label=low_label)
    ax.barh(y, hi - central, left=central, color=COLOURS["highlight"], label=high_label)
    ax.axvline(central, color=COLOURS["reference"], linewidth=1)
    ax.set_yticks(y, d["parameter"].astype(str), fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(axis_formatter(kind, lang, decimals))
    ax.legend(loc="lower right")
    return finish(ax, title=title, xlabel=xlabel, ylabel=None, source=source, lang=lang, note=note)


def estimates_with_ci(df: pd.DataFrame, x: str, estimate: str, low: str, high: str, *, title: str, xlabel: str,
                      ylabel: str, source: str, lang: str = "id", group: str | None = None, reference: float = 0.0,
                      split: float | None = None, kind: str = "number", decimals: int = 2,
                      note: str | None = None) -> plt.Figure:
    """Point estimates with confidence intervals (e.g. treatment effects by estimator, or an event study by
    event time): ``df[x]`` on the horizontal axis (text → one slot per row, numbers → numeric axis),
    ``estimate`` with a bar from ``low`` to ``high``; a horizontal line at ``reference`` (no effect) and,
    with ``split``, a dotted vertical line (e.g. −0.5 between before and after treatment). ``group`` (a
    column) colours the points by its values, in order of appearance, with a legend."""
    fig, ax = plt.subplots(figsize=(10, 4.8))
    numeric = pd.api.types.is_numeric_dtype(df[x])
    pos = df[x].to_numpy(dtype=float) if numeric else np.arange(len(df))
    groups = list(dict.fromkeys(df[group])) if group else [None]
    colours = [COLOURS["main"], COLOURS["highlight"], COLOURS["second"], COLOURS["third"]]
    for i, g in enumerate(groups):
        sel = (df[group] == g).to_numpy() if group else np.ones(len(df), dtype=bool)
        d = df[sel]
        err = np.vstack([(d[estimate] - d[low]).to_numpy(float), (d[high] - d[estimate]).to_numpy(float)])
        ax.errorbar(pos[sel], d[estimate].to_numpy(float), yerr=np.nan_to_num(err), fmt="o", capsize=4,
                    color=colours[i % len(colours)], label=None if g is None else str(g))
    ax.axhline(reference, color=COLOURS["reference"], linestyle="--", linewidth=1)
    if split is not None:
        ax.axvline(split, color=COLOURS["muted"], linestyle=":", linewidth=1)
    if not numeric:
        ax.set_xticks(pos, df[x].astype(str).tolist())
    if group:
        ax.legend()
    ax.yaxis.set_major_formatter(axis_formatter(kind, lang, decimals))
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, lang=lang, note=note)
