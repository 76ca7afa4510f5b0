"""Plausibility: a percentage more than 10 times out of line with every earlier figure (worked by hand)."""

import math

import pytest

from perflib.rules.plausibility import LARGER, SMALLER, out_of_line


@pytest.mark.parametrize(
    ("value", "earlier", "expected"),
    [
        (0.044, [4.1, 4.6, 5.0], SMALLER),  # 0.044 x 10 = 0.44 < 4.1: the 0.0% slip of the issue
        (0.5, [4.1, 5.0], ""),  # 0.5 x 10 = 5.0 is not below the smallest earlier figure, 4.1
        (0.41, [4.1, 5.0], ""),  # 0.41 x 10 = 4.1, not below 4.1: the boundary is not queried
        (0.40, [4.1, 5.0], SMALLER),  # 4.0 < 4.1
        (51.0, [4.1, 5.1], ""),  # 10 x 5.1 = 51: the boundary is not queried
        (52.0, [4.1, 5.1], LARGER),
        (3.0, [0.5, 40.0], ""),  # within the range seen
        (0.0, [0.0, 2.0], ""),  # 0 x 10 = 0 is not below 0
        (7.0, [], ""),  # no history: nothing to compare with
        (7.0, [math.nan], ""),
    ],
)
def test_out_of_line(value, earlier, expected):
    assert out_of_line(value, earlier, 10) == expected
