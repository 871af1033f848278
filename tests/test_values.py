"""Recorded values: emitted as a private MIME output, extracted from the executed notebook."""

import nbformat
import numpy as np
import pytest

from kesos_analysis.errors import KesosError
from kesos_analysis.report import values


def _nb_with(*payloads):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={values.VALUES_MIME: p}) for p in payloads]
    nb.cells.append(cell)
    return nb


def test_record_unwraps_numpy_and_nan():
    out = values.record({"a": np.float64(1.5), "b": np.int64(3), "c": float("nan")}, unit="orang")
    assert out == {"a": {"value": 1.5, "unit": "orang", "rtol": 1e-9, "atol": 0.0},
                   "b": {"value": 3, "unit": "orang", "rtol": 1e-9, "atol": 0.0},
                   "c": {"value": None, "unit": "orang", "rtol": 1e-9, "atol": 0.0}}
    assert isinstance(out["b"]["value"], int)


def test_record_needs_unit_and_scalars():
    with pytest.raises(KesosError, match="give its unit"):
        values.record({"a": 1})
    with pytest.raises(KesosError, match="expected a number"):
        values.record({"a": [1, 2]}, unit="x")


def test_extract_merges_and_refuses_conflicts():
    e1 = values.entry("a", 1, unit="u")
    e2 = values.entry("b", 2, unit="u")
    assert values.extract(_nb_with({"a": e1}, {"b": e2, "a": e1})) == {"a": e1, "b": e2}
    with pytest.raises(KesosError, match="twice"):
        values.extract(_nb_with({"a": e1}, {"a": values.entry("a", 9, unit="u")}))


def test_floats_are_kept_to_twelve_significant_digits():
    out = values.record({"a": 1.6251059750551284, "b": 7113995866405.936, "c": 0.1}, unit="x")
    assert out["a"]["value"] == 1.62510597506 and out["b"]["value"] == 7113995866410.0 and out["c"]["value"] == 0.1
