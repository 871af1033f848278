"""readers.numbers: Indonesian and English number formats, decided once per file (property tests)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kesos_analysis.data.readers import classify_number, detect_decimal, parse_number, parse_number_text


def fmt_en(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


def fmt_id(x: float, decimals: int) -> str:
    return fmt_en(x, decimals).replace(",", "_").replace(".", ",").replace("_", ".")


numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)



@settings(max_examples=500, deadline=None)
@given(x=numbers, decimals=st.integers(1, 4))
def test_both_formats_parse_to_the_same_value(x, decimals):
    en, idn = fmt_en(x, decimals), fmt_id(x, decimals)
    assert parse_number(en, ".") == pytest.approx(float(f"{x:.{decimals}f}"), abs=10 ** -decimals / 2)
    assert parse_number(idn, ",") == parse_number(en, ".")
    # text without thousands separators parses too
    plain = f"{x:.{decimals}f}"
    assert parse_number(plain, ".") == parse_number(en, ".")
    assert parse_number(plain.replace(".", ","), ",") == parse_number(en, ".")


@settings(max_examples=500, deadline=None)
@given(x=numbers, decimals=st.integers(1, 4))
def test_a_file_in_one_format_is_detected_and_never_read_in_the_other(x, decimals):
    en, idn = fmt_en(x, decimals), fmt_id(x, decimals)
    # Decimals other than 3 make the cell unambiguous, so the file's format is detected.
    if decimals != 3:
        assert detect_decimal([(en, 0)])[0] == "."
        assert detect_decimal([(idn, 0)])[0] == ","
    # Read with the wrong mark, a cell is either refused or (ambiguous 1.234 style) read as thousands.
    wrong = parse_number_text(idn, ".")
    if wrong is not None:
        assert classify_number(idn) == "ambiguous"


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 10**12))
def test_whole_numbers_with_thousands(n):
    en, idn = f"{n:,}", f"{n:,}".replace(",", ".")
    assert parse_number(en, ".") == n and parse_number(idn, ",") == n
    if n >= 1_000_000:  # two or more groups: only one reading
        assert classify_number(idn) == "id" and classify_number(en) == "en"


@settings(max_examples=300, deadline=None)
@given(a=st.integers(1, 999), b=st.integers(0, 999))
def test_single_group_of_three_is_ambiguous_and_needs_decimal(a, b):
    text = f"{a}.{b:03d}"
    assert classify_number(text) == "ambiguous"
    assert detect_decimal([(text, 0)])[0] is None
    assert parse_number(text, ".") == float(text)
    assert parse_number(text, ",") == a * 1000 + b


def test_mixed_formats_are_not_decided():
    dec, ids, ens, _ = detect_decimal([("1.234,5", "a"), ("12.5", "b")])
    assert dec is None and ids and ens
    assert detect_decimal([("12", 0), ("300", 1)])[0] == "int"


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1.2.3,4,5", "#DIV/0!", "12 345", "--1"])
def test_not_numbers(text):
    assert parse_number_text(text, ",") is None and parse_number_text(text, ".") is None
