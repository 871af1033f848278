"""The "Asal-usul data" / "Data provenance" section that ends every report, from a manifest record.

A record is one entry of ``reports/manifest.json`` (``notebooks.<name>.<lang>``): ``name``, ``lang``,
``parameters``, ``inputs_sha256`` (path under ``data/raw`` → sha256), ``git`` (``commit``, ``dirty``),
``python``, ``packages``, ``started``/``finished`` (UTC ISO), ``status`` and, from the cache, ``reused``
(or ``cached``).
Sources of the inputs come from ``data/raw/datapackage.json``, what each holds from the label group
``table`` (labels.yaml).
"""

from __future__ import annotations

from typing import Any

from ..text import Text

#: Markdown cell id and tag of the appended section (fixed, so the HTML is reproducible).
PROVENANCE_TAG = "kesos-provenance"


def _md_cell(text: Any) -> str:
    """``text`` safe inside a Markdown table cell (pipes escaped, one line)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _time(value: Any) -> str:
    """The recorded ISO time unchanged: the one declared timestamp of a report (html.TIMESTAMP_PATTERN)."""
    return str(value or "?")


def _descriptor() -> dict[str, dict[str, Any]]:
    """Resources of ``datapackage.json`` keyed by path ({} if it cannot be read)."""
    from ...data.datapackage import read_descriptor
    from ...errors import KesosError

    try:
        return {r.get("path"): r for r in read_descriptor().get("resources", [])}
    except KesosError:
        return {}


def _table_title(res: dict[str, Any], lang: str) -> str | None:
    """What a raw table holds, in ``lang`` (label group ``table``), else its English datapackage title."""
    from ..labels import label

    name = res.get("name")
    text = label("table", name, lang) if name else None
    return text if text and text != name else res.get("title")


def provenance_markdown(record: dict[str, Any], *, lang: str) -> str:
    """The provenance section of one report as Markdown (a level-2 heading, text and tables).

    Lists: the run (notebook, language, start and end time, status, reuse from cache), the git commit,
    the parameters, every input file with its content, sources and sha256, data added with
    ``kesos data add``, and the Python and package versions."""
    t = Text("formats", lang)
    none = t("prov_none")
    lines = [f"## {t('provenance_heading')}", "", t("provenance_intro"), ""]
    lines.append(t("prov_run", name=record.get("name", "?"), lang=record.get("lang", lang),
                   started=_time(record.get("started")), finished=_time(record.get("finished")),
                   status=record.get("status", "?")))
    if record.get("cached") or record.get("reused"):
        lines += ["", t("prov_cached")]
    git = record.get("git") or {}
    code = t("prov_commit", commit=git["commit"]) if git.get("commit") else t("prov_no_commit")
    if git.get("dirty"):
        code += " " + t("prov_dirty")
    lines += ["", f"**{t('prov_code')}:** {code}."]

    params = record.get("parameters") or {}
    lines += ["", f"**{t('prov_parameters')}**", ""]
    if params:
        lines += [f"| {t('prov_col_parameter')} | {t('prov_col_value')} |", "|:---|:---|"]
        lines += [f"| `{_md_cell(k)}` | `{_md_cell(repr(v) if isinstance(v, str) else v)}` |"
                  for k, v in sorted(params.items())]
    else:
        lines.append(none)

    inputs = record.get("inputs_sha256") or {}
    resources = _descriptor()
    lines += ["", f"**{t('prov_inputs')}**", "", t("prov_inputs_text"), ""]
    added: list[str] = []
    if inputs:
        # a list, not a table: a full sha256 fits on a line of every page format
        for path, sha in sorted(inputs.items()):
            res = resources.get(path, {})
            sources = res.get("sources") or []
            urls = [s for s in sources if str(s.get("path", "")).startswith(("http:", "https:"))]
            docs = [s.get("path", "") for s in sources if str(s.get("path", "")).endswith(".md") and s not in urls]
            src = "; ".join([f"`data/raw/{d}`" for d in docs] + ([t("prov_n_urls", n=len(urls))] if urls else []))
            title = _md_cell(_table_title(res, lang) or none).rstrip(".")
            lines.append(f"- `{path}` — {title}. {t('prov_col_sources')}: {src or none}.  ")
            lines.append(f"  sha256 `{sha}`")
            for h in (res.get("x-kesos") or {}).get("history", []) or []:
                added.append(f"- `{path}`, {h.get('date_added', '?')}: {_md_cell(h.get('note', ''))} "
                             f"<{h.get('source', '')}> (sha256 `{h.get('file_sha256', '?')}`)")
    else:
        lines.append(none)
    if added:
        lines += ["", f"*{t('prov_added')}:*", "", *added]

    pkgs = record.get("packages") or {}
    versions = [f"Python {record.get('python', '?')}"] + [f"{k} {v}" for k, v in sorted(pkgs.items()) if v]
    lines += ["", f"**{t('prov_versions')}:** " + ", ".join(versions) + "."]
    return "\n".join(lines) + "\n"


def append_provenance(nb: Any, record: dict[str, Any], lang: str) -> Any:
    """Add the provenance section as the last (markdown) cell of an executed notebook node; returns ``nb``.

    A provenance cell added before (tag :data:`PROVENANCE_TAG`) is replaced, so calling twice is harmless."""
    import nbformat

    nb.cells = [c for c in nb.cells if PROVENANCE_TAG not in c.get("metadata", {}).get("tags", [])]
    cell = nbformat.v4.new_markdown_cell(provenance_markdown(record, lang=lang),
                                         metadata={"tags": [PROVENANCE_TAG]})
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5):
        cell["id"] = PROVENANCE_TAG
    else:
        cell.pop("id", None)
    nb.cells.append(cell)
    return nb
