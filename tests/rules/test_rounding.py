"""Rounding halves away from zero, as council reports do."""

import numpy as np
import pandas as pd

from perflib.rules.rounding import round_half_up


def test_round_half_up():
    s = pd.Series([62.25, 62.35, -1.25, 0.5, 2.5, 1.005])
    d = pd.Series([1, 1, 1, 0, 0, 2])
    assert round_half_up(s, d).tolist() == [62.3, 62.4, -1.3, 1.0, 3.0, 1.01]


def test_round_half_up_of_an_array_with_one_number_of_decimals():
    # the forecast rounds arrays of possible outturns to the PI's places: 145.75 -> 146, -0.5 -> -1
    out = round_half_up(np.array([62.25, 145.75, -0.5]), 0)
    assert isinstance(out, np.ndarray) and out.tolist() == [62.0, 146.0, -1.0]
    assert round_half_up(np.array([62.25, 82.25]), np.array([1, 1])).tolist() == [62.3, 82.3]
