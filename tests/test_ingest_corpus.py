"""Bad-input corpus: every file gives its exact expected error and leaves data/raw and data/processed
byte-identical (run against a temp copy selected with KESOS_DATA_RAW / KESOS_DATA_PROCESSED)."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from kesos_analysis.cli import app
from kesos_analysis.data.ingest import add_file, validate_file
from kesos_analysis.errors import DataValidationError, KesosError
from tests.ingest_support import CORPUS, make_data_copy, tree_digest

BAD = CORPUS / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    raw, processed = make_data_copy(root)
    return raw, processed, tree_digest(raw), tree_digest(processed)


@pytest.fixture(autouse=True)
def _env(data_copy, monkeypatch):
    raw, processed, _, _ = data_copy
    monkeypatch.setenv("KESOS_DATA_RAW", str(raw))
    monkeypatch.setenv("KESOS_DATA_PROCESSED", str(processed))


def test_corpus_is_complete():
    files = {p.name for p in BAD.iterdir() if p.name != "expected.yaml"}
    assert len(files) >= 30
    assert files == set(EXPECTED), "every corpus file needs an entry in expected.yaml and vice versa"
    for name, case in EXPECTED.items():
        assert case["expect"], name
        assert case["command"] in ("add", "validate"), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gives_expected_error_and_writes_nothing(name, data_copy):
    raw, processed, raw_before, processed_before = data_copy
    case = EXPECTED[name]
    options = dict(case.get("options") or {})
    no_source = options.pop("no_source", False)
    source = None if no_source else "https://example.org/release"
    with pytest.raises(KesosError) as info:
        if case["command"] == "add":
            add_file(BAD / name, case["table"], source_url=source, **options)
        else:
            validate_file(BAD / name, case["table"], **options)
    message = str(info.value)
    for fragment in case["expect"]:
        assert fragment in message, f"{name}: {fragment!r} not in\n{message}"
    problems = getattr(info.value, "problems", [])
    assert len(problems) == case["problems"], message
    for p in problems:
        assert p.file.endswith(name)
        assert p.expected
    if isinstance(info.value, DataValidationError):
        assert name in message
    assert tree_digest(raw) == raw_before, f"{name}: data/raw changed"
    assert tree_digest(processed) == processed_before, f"{name}: data/processed changed"


@pytest.mark.parametrize("name", ["negative_p0.csv", "roster_nik_15_digits.csv", "wide_month_juni.xlsx"])
def test_cli_validate_reports_problems_and_exits_1(name, data_copy):
    case = EXPECTED[name]
    result = CliRunner().invoke(app, ["data", "validate", str(BAD / name), "--table", case["table"]])
    assert result.exit_code == 1
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    for fragment in case["expect"]:
        assert fragment in out


def test_cli_add_of_bad_file_exits_1_and_writes_nothing(data_copy):
    raw, processed, raw_before, processed_before = data_copy
    result = CliRunner().invoke(app, ["data", "add", str(BAD / "duplicate_round.csv"), "--table", "poverty_province",
                                      "--source", "https://example.org/x"])
    assert result.exit_code == 1
    assert "duplicate row" in result.output + (result.stderr or "")
    assert tree_digest(raw) == raw_before
    assert tree_digest(processed) == processed_before
