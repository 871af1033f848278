"""data.plausibility: UMP against neighbouring years and the national range; the stored data passes every
check it would apply to a new release (brute force over all stored rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kesos_analysis.data import ingest, load, plausibility
from kesos_analysis.errors import DataValidationError
from tests.ingest_support import REAL_RAW

SOURCE = "https://example.org/ump"


def test_every_stored_ump_passes_the_neighbouring_year_rule():
    """Each stored UMP compared with the same province's nearest other stored years (as a new row would be)."""
    ump = load("ump_province").dropna(subset=["ump_rupiah"])
    lo, hi = plausibility.UMP_YEAR_RATIO
    worst = 0.0
    for code, g in ump.groupby("bps_code"):
        g = g.sort_values("year")
        for (y0, v0), (y1, v1) in zip(zip(g["year"], g["ump_rupiah"]), zip(g["year"][1:], g["ump_rupiah"][1:])):
            d = min(int(y1 - y0), 4)
            assert lo ** d <= v1 / v0 <= hi ** d, (code, y0, y1, v0, v1)
            worst = max(worst, abs(v1 / v0 - 1) / d)
    assert worst < 0.2  # the docstring's claim: no year-on-year change of 20 % or more


@pytest.mark.parametrize("factor, refused", [(10, True), (0.1, True), (1.06, False)])
def test_ump_typo_against_the_latest_stored_year(tmp_path, factor, refused):
    ump = load("ump_province")
    latest = int(ump["year"].max())
    aceh = float(ump[(ump["bps_code"] == "11") & (ump["year"] == latest)]["ump_rupiah"].iloc[0])
    p = tmp_path / "u.csv"
    p.write_text(f"provinsi,tahun,ump_rupiah\nAceh,{latest + 1},{round(aceh * factor)}\n", encoding="utf-8")
    if refused:
        with pytest.raises(DataValidationError) as info:
            ingest.validate_file(p, "ump_province", source_url=SOURCE, raw_dir=Path(REAL_RAW))
        (problem,) = info.value.problems
        assert problem.row == 2 and problem.column == "ump_rupiah" and "×10" in problem.expected
        assert f"{latest}: Rp" in problem.expected
    else:
        ingest.validate_file(p, "ump_province", source_url=SOURCE, raw_dir=Path(REAL_RAW))
