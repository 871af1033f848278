"""Report text in Bahasa Indonesia and English.

Narrative lives in YAML catalogues under ``kesos_analysis/report/text/`` — one file per notebook plus
``common.yaml`` — so a notebook stays thin and its report can be produced in either language from the
same code. Each key maps to ``{id: ..., en: ...}``; values are Markdown with ``{name}`` placeholders
filled by :meth:`Text.get`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import KesosError
from .fmt import check_lang

TEXT_DIR = Path(__file__).resolve().parent / "text"


@lru_cache(maxsize=None)
def _catalogue(name: str) -> dict[str, dict[str, str]]:
    path = TEXT_DIR / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise KesosError(f"no text catalogue {path}") from None
    for key, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != {"id", "en"}:
            raise KesosError(f"{path}: key {key!r} must have exactly the languages 'id' and 'en'")
    return data


class Text:
    """Look up narrative for one notebook (falls back to ``common``).

    >>> t = Text("common", "en"); t.get("source")
    'Source'
    """

    def __init__(self, notebook: str, lang: str = "id"):
        self.notebook = notebook
        self.lang = check_lang(lang)

    def get(self, key: str, **values: Any) -> str:
        """The text of ``key`` in this language, with ``{placeholders}`` filled from ``values``.

        Raises :class:`KesosError` if the key exists in neither this notebook's catalogue nor ``common``.
        """
        for cat in (self.notebook, "common"):
            entries = _catalogue(cat) if (TEXT_DIR / f"{cat}.yaml").exists() else {}
            if key in entries:
                return str(entries[key][self.lang]).format(**values).strip()
        raise KesosError(f"text key {key!r} not found in {self.notebook}.yaml or common.yaml")

    __call__ = get

    def value(self, raw: Any) -> Any:
        """Display form of a raw data value (e.g. ``"volunteer (unpaid)"`` → ``"relawan (tidak dibayar)"``)
        from ``values.yaml``; values not listed (and non-text values) are returned unchanged."""
        if not isinstance(raw, str):
            return raw
        entry = _catalogue("values").get(raw)
        return entry[self.lang] if entry else raw

    def values(self, series):
        """:meth:`value` applied to every element of a pandas Series (returns a new Series)."""
        return series.map(self.value)

    def labels(self, columns) -> dict[str, str]:
        """Display names for ``columns``: the text of key ``col_<name>`` where it exists, else the name."""
        out = {}
        for c in columns:
            try:
                out[c] = self.get(f"col_{c}")
            except KesosError:
                out[c] = c
        return out

    def md(self, key: str, **values: Any):
        """Display ``key`` as Markdown in the notebook (returns nothing, so it is shown once)."""
        from IPython.display import Markdown, display

        display(Markdown(self.get(key, **values)))
