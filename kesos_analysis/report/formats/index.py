"""``reports/index.html``: every report with language, parameters, run time, status and its files.

Self-contained (inline CSS, no script, no external resource), Indonesian first with the English label
under each column heading. A record reused from the cache (``reused``, or ``cached``, true) is shown as
such; ``skipped`` means a dependency failed. Links are relative to the reports folder and only to files
that exist: the record's ``html``, ``extra_outputs`` (``pdf``, ``docx``) and ``output_notebook`` paths,
or by convention ``<lang dir>/pdf/<name>.pdf`` and ``<lang dir>/docx/<name>.docx`` (``<lang dir>`` is
``reports/`` for Indonesian, ``reports/en/`` for English). A failed run links the last successful
report. The page holds no time of its own, so an unchanged manifest gives the same page.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from ...io import atomic_write_text
from ..text import Text

_CSS = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 2em auto; max-width: 75em; color: #222;
       padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; } p.en { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { border-bottom: 1px solid #ccc; padding: .45em .6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } th span.en { display: block; font-weight: normal; color: #555; font-size: .85em; }
td.num { text-align: right; white-space: nowrap; } code { font-size: .95em; }
.ok { color: #1b6e2a; font-weight: bold; } .failed { color: #a11; font-weight: bold; }
.cached { color: #345d9d; font-weight: bold; } small { color: #555; } a { margin-right: .6em; }
"""


def _esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _both(key: str, *, status: bool = False) -> str:
    """Indonesian text with the English under it (``<span class="en" lang="en">``); with ``status``,
    ``key`` is a code of the label group ``run_status`` (labels.yaml)."""
    if status:
        from ..labels import label

        i, e = label("run_status", key, "id"), label("run_status", key, "en")
    else:
        i, e = Text("formats", "id")(key), Text("formats", "en")(key)
    return _esc(i) if i == e else f'{_esc(i)}<span class="en" lang="en">{_esc(e)}</span>'


def _title(out_dir: Path, rec: dict[str, Any]) -> str | None:
    """The report title: the first level-1 heading of the executed notebook (None if unreadable)."""
    nb_rel = rec.get("output_notebook")
    if not nb_rel or str(nb_rel).endswith(".failed.ipynb"):
        return None
    try:
        import nbformat

        from .blocks import document_title, notebook_blocks

        return document_title(notebook_blocks(nbformat.read(out_dir / nb_rel, as_version=4)))
    except Exception:  # a missing or unreadable notebook only costs the title
        return None


def _links(out_dir: Path, name: str, lang: str, rec: dict[str, Any]) -> list[tuple[str, str]]:
    from ..execute import lang_dir

    base = lang_dir(out_dir, lang)
    extra = rec.get("extra_outputs") or {}
    candidates = [
        ("HTML", rec.get("html") or base / "html" / f"{name}.html"),
        ("PDF", extra.get("pdf") or rec.get("pdf") or base / "pdf" / f"{name}.pdf"),
        ("DOCX", extra.get("docx") or rec.get("docx") or base / "docx" / f"{name}.docx"),
        ("ipynb", rec.get("output_notebook") or base / "notebooks" / f"{name}.ipynb"),
    ]
    out = []
    for label, p in candidates:
        p = Path(p)
        full = p if p.is_absolute() else out_dir / p
        if full.is_file():
            out.append((label, full.relative_to(out_dir).as_posix() if full.is_relative_to(out_dir) else str(full)))
    return out


def _duration(rec: dict[str, Any]) -> str:
    if isinstance(rec.get("seconds"), (int, float)):
        return f"{rec['seconds']:.0f} s"
    try:
        a = dt.datetime.fromisoformat(str(rec["started"]))
        b = dt.datetime.fromisoformat(str(rec["finished"]))
    except (KeyError, TypeError, ValueError):
        return ""
    secs = (b - a).total_seconds()
    return f"{secs:.0f} s"


def _row(out_dir: Path, name: str, lang: str, rec: dict[str, Any]) -> str:
    title = _title(out_dir, rec)
    report = f"<strong>{_esc(title)}</strong><br><code>{_esc(name)}</code>" if title else f"<code>{_esc(name)}</code>"
    params = rec.get("parameters") or {}
    ptext = "<br>".join(f"<code>{_esc(k)}={_esc(v)}</code>" for k, v in sorted(params.items()) if k != "lang")
    started = str(rec.get("started") or "").replace("T", " ").replace("+00:00", "")
    run = f"{_esc(started)}<br><small>{_esc(_duration(rec))}</small>" if started else ""
    if rec.get("cached") or rec.get("reused") or rec.get("status") == "reused":
        status = f'<span class="cached">{_both("reused", status=True)}</span>'
    elif rec.get("status") == "skipped":
        status = f'<span class="failed">{_both("skipped", status=True)}</span>'
        if rec.get("error"):
            status += f"<br><small>{_esc(str(rec['error'])[:300])}</small>"
    elif rec.get("status") == "ok":
        status = f'<span class="ok">{_both("ok", status=True)}</span>'
    else:
        status = f'<span class="failed">{_both("failed", status=True)}</span>'
        if rec.get("error"):
            status += f"<br><small>{_esc(str(rec['error'])[:300])}</small>"
    links = " ".join(f'<a href="{_esc(href)}">{_esc(label)}</a>' for label, href in _links(out_dir, name, lang, rec))
    last = rec.get("last_success") or {}
    if rec.get("status") not in ("ok", "reused") and last.get("html"):
        links += (f'<br><small>{_both("index_last_success")}: '
                  f'<a href="{_esc(last["html"])}">HTML</a></small>')
    return (f"<tr><td>{report}</td><td>{_esc(lang)}</td><td>{ptext}</td><td class=\"num\">{run}</td>"
            f"<td>{status}</td><td>{links}</td></tr>")


def write_index(out_dir: Path, manifest: dict[str, Any]) -> Path:
    """Write ``<out_dir>/index.html`` listing every record of ``manifest`` (the content of
    ``manifest.json``); notebooks sorted by name, Indonesian before English. Returns the path."""
    out_dir = Path(out_dir)
    rows = []
    order = {"id": 0, "en": 1}
    for name in sorted(manifest.get("notebooks") or {}):
        langs = manifest["notebooks"][name] or {}
        for lang in sorted(langs, key=lambda x: (order.get(x, 9), x)):
            rows.append(_row(out_dir, name, lang, langs[lang] or {}))
    heads = ["report", "index_language", "index_parameters", "index_run", "index_status", "index_files"]
    thead = "".join(f"<th>{_both(h)}</th>" for h in heads)
    git = (manifest.get("git") or {}).get("commit")
    meta = _esc(manifest.get("generator", "kesos-analysis")) + (f" · commit <code>{_esc(git)}</code>" if git else "")
    id_t, en_t = Text("formats", "id"), Text("formats", "en")
    body = "\n".join(rows) if rows else f'<tr><td colspan="6">{_both("index_empty")}</td></tr>'
    page = f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(id_t('index_title'))}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{_esc(id_t('index_title'))}</h1>
<p class="en" lang="en">{_esc(en_t('index_title'))}</p>
<p>{_esc(id_t('index_intro'))}<br><small lang="en">{_esc(en_t('index_intro'))}</small></p>
<p><small>{meta}</small></p>
<table>
<thead><tr>{thead}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""
    path = out_dir / "index.html"
    atomic_write_text(path, page)
    return path
