"""RAG rules against hand-worked cases (docs/methodology.md)."""

import numpy as np
import pandas as pd
import pytest

from perflib.rules import status as rules


def rate(direction, value, target, tolerance, tol_type="absolute", upper=np.nan):
    frame = pd.DataFrame(
        {
            "good_direction": [direction],
            "value": [value],
            "target": [target],
            "target_upper": [upper],
            "tolerance": [tolerance],
            "tolerance_type": [tol_type],
        }
    )
    frame = pd.concat([frame, rules.amber_thresholds(frame)], axis=1)
    return rules.rag(frame).iloc[0], frame["amber_threshold"].iloc[0], frame["amber_threshold_upper"].iloc[0]


@pytest.mark.parametrize(
    "value,expected",
    [
        (90.0, "Green"),  # exactly on target
        (95.0, "Green"),
        (89.9, "Amber"),
        (85.0, "Amber"),  # exactly on the amber threshold 90 - 5
        (84.9, "Red"),
        (0.0, "Red"),
    ],
)
def test_higher_absolute(value, expected):
    status, threshold, _ = rate("higher", value, 90, 5)
    assert threshold == 85.0
    assert status == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        (60, "Green"),  # exactly on target
        (0, "Green"),  # zero is best for lower-is-better
        (61, "Amber"),
        (66, "Amber"),  # threshold 60 + 10% of 60 = 66
        (66.1, "Red"),
    ],
)
def test_lower_percent_tolerance(value, expected):
    status, threshold, _ = rate("lower", value, 60, 10, "percent")
    assert threshold == 66.0
    assert status == expected


def test_percent_tolerance_edge_is_exact():
    # 70 - 5% of 70 = 66.5 exactly, despite binary fractions
    status, threshold, _ = rate("higher", 66.5, 70, 5, "percent")
    assert threshold == 66.5 and status == "Amber"
    # 95 - 5% of 95 = 90.25
    assert rate("higher", 90.25, 95, 5, "percent")[0] == "Amber"
    assert rate("higher", 90.24, 95, 5, "percent")[0] == "Red"


@pytest.mark.parametrize(
    "value,expected",
    [
        (8.0, "Green"),
        (12.0, "Green"),
        (10.0, "Green"),  # band edges included
        (7.0, "Amber"),
        (13.0, "Amber"),  # exactly on either amber threshold
        (7.5, "Amber"),
        (12.5, "Amber"),
        (6.9, "Red"),
        (13.1, "Red"),
    ],
)
def test_range(value, expected):
    status, low, high = rate("range", value, 8, 1, upper=12)
    assert (low, high) == (7.0, 13.0)
    assert status == expected


def test_zero_target_with_zero_tolerance():
    assert rate("lower", 0, 0, 0)[0] == "Green"
    assert rate("lower", 1, 0, 0)[0] == "Red"
    # a percent tolerance of a zero target is zero
    assert rate("lower", 0.1, 0, 50, "percent")[0] == "Red"


def test_missing_value_or_target_is_not_rated():
    assert pd.isna(rate("higher", np.nan, 90, 5)[0])
    assert pd.isna(rate("higher", 50, np.nan, 5)[0])


def test_classify_precedence():
    frame = pd.DataFrame(
        {
            "due": [False, True, True, True],
            "value": [50.0, np.nan, 50.0, 50.0],
            "no_data_reason": [pd.NA, "not in the return", pd.NA, pd.NA],
            "target": [90.0, 90.0, np.nan, 40.0],
            "target_upper": [np.nan] * 4,
            "tolerance": [5.0, 5.0, np.nan, 5.0],
            "tolerance_type": ["absolute"] * 4,
            "good_direction": ["higher"] * 4,
            "financial_year": ["2023-24"] * 4,
        }
    )
    out = rules.classify(frame)
    assert out["status"].tolist() == ["Not due", "No data", "Data only", "Green"]
    assert out["status_reason"].tolist()[1] == "not in the return"
    assert out["status_reason"].tolist()[2] == "no target set for 2023-24"


def test_effective_target_profile_and_pro_rata():
    frame = pd.DataFrame(
        {
            "q": [3, 3, 2],
            "target": [400.0, 400.0, 40.0],
            "q1_target": [100.0, np.nan, np.nan],
            "q2_target": [200.0, np.nan, np.nan],
            "q3_target": [250.0, np.nan, np.nan],
            "q4_target": [400.0, np.nan, np.nan],
            "measure_type": ["cumulative", "cumulative", "cumulative"],
            "unit": ["count", "count", "percent"],
        }
    )
    # profile wins; unprofiled cumulative count is pro rata (400 x 3/4); a rate keeps the year's target
    assert rules.effective_target(frame).tolist() == [250.0, 300.0, 40.0]
