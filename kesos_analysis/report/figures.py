"""One look for every figure and table: seaborn theme, labelled axes with units, a source line.

Every figure says what it shows, in which unit, and where the numbers come from (``Sumber:`` /
``Source:``); every table gets a caption and a source line, with cells formatted for the report's
language.
"""

from __future__ import annotations

import hashlib
from typing import Mapping

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter

from .fmt import check_lang, formatter
from .text import Text

#: Colour palette shared by all figures (colour-blind safe).
PALETTE = "colorblind"


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
    foot = f"{t('source')}: {source}"
    if note:
        foot += f"\n{note}"
    fig.text(0.0, -0.02, foot, ha="left", va="top", fontsize=8.5, color="#444444", wrap=True)
    return fig


def table(df: pd.DataFrame, *, lang: str = "id", formats: Mapping[str, str | tuple[str, int]] | None = None,
          caption: str | None = None, source: str | None = None, labels: Mapping[str, str] | None = None):
    """A pandas Styler for display: formatted cells, renamed headers, caption, source line, no index.

    ``formats`` maps a column to a kind (``"int"``, ``"percent"``, ``"rupiah"``, ``"number"``, ``"ratio"``)
    or ``(kind, decimals)``. ``labels`` renames columns for display (after formatting is attached).
    """
    check_lang(lang)
    formats = dict(formats or {})
    fmt_map = {}
    for col, spec in formats.items():
        kind, dec = (spec, None) if isinstance(spec, str) else spec
        fmt_map[col] = formatter(kind, lang, dec)
    shown = df.copy()
    styler = shown.style.format(fmt_map, na_rep="–").hide(axis="index")
    if labels:
        styler = styler.relabel_index([labels.get(c, c) for c in shown.columns], axis="columns")
    cap = caption or ""
    if source:
        t = Text("common", lang)
        cap = f"{cap}<br><span style='font-weight:normal;font-size:85%'>{t('source')}: {source}</span>"
    if cap:
        styler = styler.set_caption(cap)
    # Deterministic element ids (pandas would draw a random uuid): same inputs, same HTML.
    key = f"{cap}|{list(shown.columns)}|{len(shown)}".encode("utf-8")
    styler = styler.set_uuid(hashlib.sha1(key).hexdigest()[:10])
    styler = styler.set_table_styles(
        [
            {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: bold; padding-bottom: 4px;"},
            {"selector": "th", "props": "text-align: left; background: #f2f2f2;"},
            {"selector": "td", "props": "text-align: right; padding: 2px 8px;"},
        ]
    )
    return styler
