"""The headline model numbers per scenario match tests/snapshots/scenarios.json (kesos_analysis.snapshot).

A failure lists every number that moved. If the change is intended, regenerate the snapshot with
``kesos snapshot --update`` and commit the diff (README, "Tests and snapshots").
"""

from __future__ import annotations

import json

import pytest

from kesos_analysis import snapshot
from kesos_analysis.errors import KesosError


def test_model_matches_the_snapshot():
    stored = snapshot.read()
    assert stored["schema_version"] == snapshot.SCHEMA_VERSION
    changes = snapshot.diff(stored, snapshot.compute())
    assert not changes, ("the model's headline numbers changed (if intended: kesos snapshot --update):\n"
                         + "\n".join(changes[:60]))


def test_a_one_parameter_change_shows_up_as_a_readable_diff():
    stored = snapshot.read()
    # One parameter: fewer TKSK taking a qualification route moves the PPPK posts of the first year (the
    # one-year RPL/D4 graduates are PPPK from the first year).
    from kesos_analysis.paramfile import baseline

    path = "pppk_costing.recruitment.upgrade_share_non_professional"
    changed = snapshot.compute(["tksk_pppk"], {path: baseline().get(path) / 2})
    lines = snapshot.diff({"scenarios": {"tksk_pppk": stored["scenarios"]["tksk_pppk"]}},
                          {"scenarios": changed["scenarios"]})
    first_year = min(stored["scenarios"]["tksk_pppk"]["years"])
    assert any(line.startswith(f"scenarios.tksk_pppk.years.{first_year}.pppk_posts: ") and "→" in line
               for line in lines), lines
    assert any(".pv_incremental_real." in line for line in lines)
    assert not any(".need_fte." in line for line in lines)  # upgrading does not change the staffing need


def test_diff_names_added_removed_and_moved_numbers():
    old = {"scenarios": {"a": {"need_fte": {"tksk": 100.0, "x": 1.0}}}}
    new = {"scenarios": {"a": {"need_fte": {"tksk": 101.0, "y": 2.0}}}}
    assert snapshot.diff(old, new) == ["scenarios.a.need_fte.tksk: 100.0 → 101.0 (+1.00%)",
                                       "scenarios.a.need_fte.x: 1.0 (removed)", "scenarios.a.need_fte.y: (new) 2.0"]
    assert snapshot.diff(old, json.loads(json.dumps(old))) == []


def test_other_schema_version_is_refused(tmp_path):
    p = tmp_path / "s.json"
    p.write_text(json.dumps({"schema_version": snapshot.SCHEMA_VERSION + 1}), encoding="utf-8")
    with pytest.raises(KesosError, match="kesos snapshot --update"):
        snapshot.read(p)
    with pytest.raises(KesosError, match="no snapshot"):
        snapshot.read(tmp_path / "missing.json")
