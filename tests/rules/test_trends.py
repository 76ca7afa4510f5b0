"""Direction of travel against hand-worked cases."""

import numpy as np
import pandas as pd

from perflib.rules import trends

RULES = {"percent": {"absolute": 1.0}, "count": {"relative": 5.0}}


def judge(cur, prev, direction, unit="percent", lo=np.nan, hi=np.nan):
    s = lambda x: pd.Series([x], dtype=float)  # noqa: E731
    return trends.judge(s(cur), s(prev), pd.Series([direction]), pd.Series([unit]), RULES, s(lo), s(hi)).iloc[0]


def test_higher_and_lower():
    assert judge(52.0, 50.0, "higher") == "Improving"
    assert judge(48.0, 50.0, "higher") == "Declining"
    assert judge(48.0, 50.0, "lower") == "Improving"
    assert judge(52.0, 50.0, "lower") == "Declining"


def test_materiality_edge():
    # a change of exactly the threshold counts; less does not
    assert judge(51.0, 50.0, "higher") == "Improving"
    assert judge(50.9, 50.0, "higher") == "No change"
    assert judge(50.0, 50.0, "higher") == "No change"
    # relative: 5% of 100 = 5
    assert judge(95, 100, "lower", "count") == "Improving"
    assert judge(96, 100, "lower", "count") == "No change"
    # relative threshold of a zero previous value is zero: any change counts
    assert judge(1, 0, "lower", "count") == "Declining"


def test_missing_is_not_comparable():
    assert judge(np.nan, 50.0, "higher") == "Not comparable"
    assert judge(50.0, np.nan, "higher") == "Not comparable"


def test_range_uses_distance_from_band():
    # band 8-12: 13.5 is 1.5 outside, 12.5 is 0.5 outside -> worse by 1.0
    assert judge(13.5, 12.5, "range", lo=8, hi=12) == "Declining"
    assert judge(12.5, 13.5, "range", lo=8, hi=12) == "Improving"
    # both inside the band: no change, however far they moved
    assert judge(11.5, 8.5, "range", lo=8, hi=12) == "No change"
    # range PI with no band (no target) cannot be judged
    assert judge(11.5, 8.5, "range") == "Not comparable"
