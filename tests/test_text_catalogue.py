"""The narrative catalogues, the label catalogue and the report-layer builders.

Every key has both languages with the same placeholders (name and kind); every key a notebook uses
exists; labels are defined once; typed placeholders and unit-suffix table formats give the report's
number formats.
"""

import json
import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from kesos_analysis.data.schemas import CONFIDENCE_LEVELS
from kesos_analysis.errors import KesosError
from kesos_analysis.report import figures, labels
from kesos_analysis.report.text import TEXT_DIR, Text, _catalogue, catalogue_names, placeholders

matplotlib.use("Agg")

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("name", catalogue_names())
def test_both_languages_have_the_same_placeholders(name):
    for key, entry in _catalogue(name).items():
        ids, ens = entry["id"], entry["en"]
        pairs = zip(ids, ens) if isinstance(ids, list) else [(ids, ens)]
        for a, b in pairs:
            assert placeholders(a) == placeholders(b), f"{name}.yaml {key}: {placeholders(a) ^ placeholders(b)}"
            assert a.strip() and b.strip(), f"{name}.yaml {key}: empty text"


def _used_keys(nb_path):
    src = "\n".join("".join(c["source"]) for c in json.loads(nb_path.read_text())["cells"] if c["cell_type"] == "code")
    calls = re.findall(r"\bt(?:\.md|\.get|\.items)?\(\s*\"([a-z0-9_]+)\"", src)
    kw = re.findall(r"\b(?:caption|source)=\"([a-z0-9_]+)\"", src)
    return set(calls) | set(kw)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_key_a_notebook_uses_exists(nb):
    keys = _used_keys(nb)
    assert keys, "the notebook uses no text keys?"
    known = set(_catalogue("common"))
    if (TEXT_DIR / f"{nb.stem}.yaml").exists():
        known |= set(_catalogue(nb.stem))
    assert keys <= known, f"{nb.stem}: keys missing from the catalogues: {sorted(keys - known)}"


def test_labels_defined_once_with_both_languages():
    cat = labels.catalogue()
    assert labels.codes("confidence") == list(CONFIDENCE_LEVELS)
    assert labels.label("confidence", "medium-high", "id") == "sedang–tinggi"
    assert labels.label("confidence", "medium-low", "en") == "medium–low"
    assert labels.label("yes_no", True, "id") == "ya" and labels.label("yes_no", False, "en") == "no"
    assert labels.label("data", "not in the catalogue", "id") == "not in the catalogue"
    with pytest.raises(KesosError, match="unknown label group"):
        labels.label("no_such_group", "x")
    # No narrative catalogue redefines a code of the label catalogue (statuses, table titles, confidence levels).
    moved = {f"status_{c}" for c in cat["coverage_status"]} | {f"table_{c}" for c in cat["table"]}
    drifted = {v for e in cat["confidence"].values() for v in e.values()} | {"sedang-tinggi", "sedang-rendah"}
    for name in catalogue_names():
        for key, entry in _catalogue(name).items():
            assert key not in moved, f"{name}.{key} belongs in labels.yaml"
            texts = {v for v in entry.values() if isinstance(v, str)}
            assert not texts & drifted or key.startswith("col_"), f"{name}.{key}: a label, not narrative"
    assert set(cat["confidence"]) == set(CONFIDENCE_LEVELS)


def test_typed_placeholders_format_raw_numbers():
    t = Text("common", "id")
    from kesos_analysis.report.text import fill

    got = fill("{p:percent} {p:percent.1} {n:number} {x:number.2} {c:rupiah} {v:money} {g:pp} {y:year} {r:round} {s}",
               {"p": 10.7, "n": 1234567, "x": 25218.546, "c": 3203600, "v": 5.98e12, "g": -2.314, "y": 2025,
                "r": (2025, 9), "s": "Jawa Tengah"}, "id")
    assert got == "10,70% 10,7% 1.234.567 25.218,55 Rp3.203.600 Rp5,98 triliun 2,31 2025 Sep 2025 Jawa Tengah"
    assert fill("{p:percent}", {"p": 10.7}, "en") == "10.70%"
    with pytest.raises(KesosError, match="no value for placeholder"):
        fill("{p:percent}", {}, "id")
    with pytest.raises(KesosError, match="takes a raw value"):
        fill("{p:percent}", {"p": "10,70%"}, "id")
    assert t.get("source") == "Sumber"


def test_list_entries_are_lists():
    t = Text("03_pppk_cost", "en")
    items = t.items("payer_names")
    assert items[0] == "APBN" and items[-1] == "private"
    assert t("payer_names").split("|") == items  # older callers


def test_table_formats_from_unit_suffixes():
    df = pd.DataFrame({"year": [2025], "amount_rupiah": [3203600], "p0_percent": [10.7], "poor_thousand": [25218.55],
                       "need_fte": [1234.56], "rank": [3], "comparable": [True], "confidence": ["medium-high"]})
    assert figures.column_format("year") == ("year", 0) and figures.column_format("x_pp") == ("number", 2)
    html = figures.table(df, lang="id", label_columns={"confidence": "confidence"}).to_html()
    for cell in ("2025", "Rp3.203.600", "10,70%", "25.218,55", "1.234,6", ">3<", ">ya<", "sedang–tinggi"):
        assert cell in html, cell
    assert "2.025" not in html


def test_chart_builders_label_units_and_source():
    df = pd.DataFrame({"province": ["A", "B", "C"], "p0_percent": [5.0, 20.0, 10.0]})
    fig = figures.ranked_bars(df, "p0_percent", "province", highlight=["C"], reference=9.0, reference_label="national",
                              title="T", xlabel="P0 (persen)", source="BPS", lang="id")
    ax = fig.axes[0]
    assert [tl.get_text() for tl in ax.get_yticklabels()] == ["B", "C", "A"]
    assert ax.get_xlabel() == "P0 (persen)" and any("Sumber: BPS" in t.get_text() for t in fig.texts)
    assert ax.patches[1].get_facecolor()[:3] == pytest.approx(figures.COLOURS["highlight"][:3])
    assert "national (9,00%)" in [t.get_text() for t in ax.get_legend().get_texts()]
    rounds = pd.DataFrame({"year": [2023, 2023, 2024], "month": [3, 9, 3]})
    fig = figures.round_series({"Indonesia": pd.DataFrame({"year": [2023, 2024], "month": [3, 3], "v": [9.4, 9.0]})},
                               "v", rounds=rounds, title="T", ylabel="P0 (persen)", source="BPS")
    line = fig.axes[0].lines[0].get_ydata()
    assert line[0] == 9.4 and pd.isna(line[1]) and line[2] == 9.0
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["Mar 2023", "Sep 2023", "Mar 2024"]
    wide = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}, index=[2026, 2027])
    fig = figures.stacked_paths(wide, title="T", ylabel="Rp miliar", source="model")
    assert len(fig.axes[0].collections) == 2
