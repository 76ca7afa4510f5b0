"""Rounding halves away from zero, as council reports do."""

import pandas as pd

from perflib.rules.rounding import round_half_up


def test_round_half_up():
    s = pd.Series([62.25, 62.35, -1.25, 0.5, 2.5, 1.005])
    d = pd.Series([1, 1, 1, 0, 0, 2])
    assert round_half_up(s, d).tolist() == [62.3, 62.4, -1.3, 1.0, 3.0, 1.01]
