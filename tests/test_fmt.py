"""Indonesian and English number formats (GUIDE.md conventions)."""

import math

import pytest

from kesos_analysis.errors import ParameterError
from kesos_analysis.report import fmt


@pytest.mark.parametrize(
    "fn,args,expected",
    [
        (fmt.number, (1234567, "id"), "1.234.567"),
        (fmt.number, (1234567, "en"), "1,234,567"),
        (fmt.number, (27764.32, "id", 2), "27.764,32"),
        (fmt.percent, (10.7, "id"), "10,70%"),
        (fmt.percent, (10.7, "en"), "10.70%"),
        (fmt.rupiah, (3203600, "id"), "Rp3.203.600"),
        (fmt.rupiah, (3203600, "en"), "Rp3,203,600"),
        (fmt.number, (-5.8, "id", 2), "-5,80"),
        (fmt.number, (float("nan"), "id"), "–"),
        (fmt.rupiah, (None, "id"), "–"),
    ],
)
def test_formats(fn, args, expected):
    assert fn(*args) == expected


def test_unknown_language_and_kind():
    with pytest.raises(ParameterError):
        fmt.number(1, "fr")
    with pytest.raises(ParameterError):
        fmt.formatter("nope", "id")
    assert fmt.formatter("money", "id")(7_113_995_866_405.9) == "Rp7,11 triliun"
    assert fmt.formatter("percent", "id", 0)(15.87) == "16%"
    assert fmt.formatter("int", "en")(math.pi * 1000) == "3,142"
