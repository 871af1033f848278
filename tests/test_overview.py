"""Data catalogue and additions history shown in report 00."""

import pytest

from kesos_analysis import overview
from kesos_analysis.data import TABLES

# Worked values from the frozen copy of the data (tests/fixtures/raw): they survive a new release.
pytestmark = pytest.mark.usefixtures("frozen_data")


def test_catalogue_lists_every_table_with_rows_and_hash():
    cat = overview.catalogue().set_index("table")
    assert list(cat.index) == list(TABLES)
    assert cat.loc["poverty_province", "rows"] == 734  # 695 bundled + 39 of September 2025
    assert cat.loc["provinces", "rows"] == 38 and len(cat.loc["provinces", "sha256_12"]) == 12


def test_additions_history_records_september_2025():
    add = overview.additions()
    assert len(add) == 1
    row = add.iloc[0]
    got = (row["table"], row["rounds"], row["rows_added"], row["rows_replaced"])
    assert got == ("poverty_province", "2025-09", 39, 0)
    assert row["source"].startswith("https://github.com/akbaralqahri/Kemiskinan-Indonesia/blob/424c0a5")


def test_confidence_summary_counts_rows():
    conf = overview.confidence_summary().set_index("table")
    assert conf.loc["compensation", "total"] == 14 and conf.loc["compensation", "low"] == 4
    assert (conf[["high", "medium-high", "medium", "medium-low", "low"]].sum(axis=1) == conf["total"]).all()
