"""readers.symbols: missing-value symbols, "not set" zeros, aggregate rows, formula-like text."""

from __future__ import annotations

from kesos_analysis.data.readers import MISSING_SYMBOLS
from kesos_analysis.data.readers.symbols import NOT_SET_ZEROS, aggregate_kind, formula_like, is_zero_text


def test_missing_symbols_are_documented():
    for sym in ["-", "…", "...", "x", "NA", "n.a."]:
        assert sym in MISSING_SYMBOLS and MISSING_SYMBOLS[sym]


def test_formula_like_text_is_recognised_and_numbers_are_not():
    for text in ['=HYPERLINK("http://x.example","SK")', "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3", "=1", "\t=1",
                 "＝HYPERLINK()"]:
        assert formula_like(text), text
    for text in ["-", "–", "…", "-12,5", "+3.5", "12%", "Kepgub 685/2024", "Aceh", "", None, 3.5]:
        assert not formula_like(text), text


def test_not_set_zeros_and_aggregates():
    assert NOT_SET_ZEROS[("ump_province", "ump_rupiah")].startswith("0 in the source: no UMP set")
    assert all(is_zero_text(t) for t in ["0", "0,00", "0.0", "Rp 0", "Rp0", "000"])
    assert not any(is_zero_text(t) for t in ["10", "0,5", "-", "…"])
    assert aggregate_kind("Kalimantan") == aggregate_kind("Bali dan Nusa Tenggara") == "island-group aggregate"
    assert aggregate_kind("Perkotaan") == "urban/rural aggregate"
    assert aggregate_kind("Rata-rata") == "total/average row"
