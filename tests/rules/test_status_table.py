"""The hand-worked table of RAG cases (tests/rules/rules_cases.csv) and properties of the rules.

The expected statuses and thresholds in the CSV were worked out by hand from
docs/methodology.md, section 3, before the code was run.
"""

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perflib.rules import status as rules

CASES = list(csv.DictReader(open(Path(__file__).parent / "rules_cases.csv", encoding="utf-8")))


def _num(text):
    return float(text) if text != "" else np.nan


def _frame(rows):
    return pd.DataFrame(
        {
            "due": [True] * len(rows),
            "good_direction": [r["direction"] for r in rows],
            "value": [_num(r["value"]) for r in rows],
            "target": [_num(r["target"]) for r in rows],
            "target_upper": [_num(r["target_upper"]) for r in rows],
            "tolerance": [_num(r["tolerance"]) for r in rows],
            "tolerance_type": [r["tolerance_type"] for r in rows],
            "no_data_reason": ["left blank in the return"] * len(rows),
            "financial_year": ["2023-24"] * len(rows),
        }
    )


def test_table_is_big_enough_and_covers_every_polarity():
    assert len(CASES) >= 40
    assert {c["direction"] for c in CASES} == {"higher", "lower", "range"}
    for status in ("Green", "Amber", "Red", "No data", "Data only"):
        assert any(c["expected_status"] == status for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_hand_worked_case(case):
    out = rules.classify(_frame([case])).iloc[0]
    assert out["status"] == case["expected_status"]
    if case["expected_threshold"]:
        assert out["amber_threshold"] == pytest.approx(float(case["expected_threshold"]))
    if case["expected_threshold_upper"]:
        assert out["amber_threshold_upper"] == pytest.approx(float(case["expected_threshold_upper"]))


def test_whole_table_at_once_equals_row_by_row():
    together = rules.classify(_frame(CASES))["status"].tolist()
    assert together == [c["expected_status"] for c in CASES]


RANK = {"Red": 0, "Amber": 1, "Green": 2}
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: round(x, 2))
tolerances = st.floats(min_value=0, max_value=1e4, allow_nan=False).map(lambda x: round(x, 2))


def _status(direction, value, target, tol, tol_type="absolute", upper=np.nan):
    frame = _frame(
        [
            {
                "direction": direction,
                "value": str(value),
                "target": str(target),
                "target_upper": "" if np.isnan(upper) else str(upper),
                "tolerance": str(tol),
                "tolerance_type": tol_type,
            }
        ]
    )
    return rules.classify(frame).iloc[0]["status"]


@given(v1=values, v2=values, target=values, tol=tolerances, tol_type=st.sampled_from(["absolute", "percent"]))
def test_higher_is_better_raising_value_never_worsens(v1, v2, target, tol, tol_type):
    low, high = sorted((v1, v2))
    assert RANK[_status("higher", high, target, tol, tol_type)] >= RANK[_status("higher", low, target, tol, tol_type)]


@given(v1=values, v2=values, target=values, tol=tolerances)
def test_lower_is_better_lowering_value_never_worsens(v1, v2, target, tol):
    low, high = sorted((v1, v2))
    assert RANK[_status("lower", low, target, tol)] >= RANK[_status("lower", high, target, tol)]


@given(
    target=values,
    offset=st.floats(min_value=-1e4, max_value=1e4, allow_nan=False).map(lambda x: round(x, 2)),
    tol=tolerances,
)
def test_flipping_direction_and_side_mirrors_status(target, offset, tol):
    # a value `offset` above the target when higher is better is as good as
    # the same distance below the target when lower is better
    assert _status("higher", target + offset, target, tol) == _status("lower", target - offset, target, tol)


@given(value=values, lo=values, width=st.floats(min_value=0, max_value=1e4).map(lambda x: round(x, 2)), tol=tolerances)
def test_range_status_depends_only_on_distance_outside_band(value, lo, width, tol):
    hi = lo + width
    status = _status("range", value, lo, tol, upper=hi)
    if lo <= value <= hi:
        assert status == "Green"
    elif value < lo:
        assert status == _status("higher", value, lo, tol)
    else:
        assert status == _status("lower", value, hi, tol)
