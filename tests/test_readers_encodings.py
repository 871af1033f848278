"""readers.encodings: UTF-8, UTF-8 with BOM and cp1252; mixed encodings refused."""

from __future__ import annotations

import pytest

from kesos_analysis.data.readers import decode_bytes
from kesos_analysis.errors import DataValidationError


def test_encodings():
    text = "bps_code,province\n31,DKI Jakarta – Ibukota\n"
    assert decode_bytes(text.encode("utf-8"), "f") == (text, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), "f") == (text, "utf-8-sig")
    assert decode_bytes(text.encode("cp1252"), "f") == (text, "cp1252")
    with pytest.raises(DataValidationError, match="mixed encodings"):
        decode_bytes(b"\xef\xbb\xbf" + text.encode("cp1252"), "f")
