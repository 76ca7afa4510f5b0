"""Funnel plots and their labels (perflib/rules/funnel.py), worked by hand.

The figures of worked examples 1 and 2 are in tests/rules/test_funnel_limits.py:
example 1 has the council at 20 of 100 with p0 = 30% (z = -2.182179, inside the
99.8% limits 15.840% to 44.160%); example 2 has the council at 400 of 1000 with
p0 = 30% (z = 6.900656, outside), phi = 356/21 = 16.952381, so with the
adjustment z = 6.900656 / sqrt(16.952381) = 6.900656 / 4.117327 = 1.676004.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from perflib.rules.comparator_method import comparator_method
from perflib.rules.funnel import (
    BETTER,
    POINT_COLUMNS,
    SIMILAR,
    WORSE,
    funnel_columns,
    funnel_gap,
    funnel_label,
    funnel_plot,
)

METHOD = comparator_method()


def group(numerators: list[float], denominators: list[float], codes: str = "OWN B C D E") -> pd.DataFrame:
    names = codes.split()
    return pd.DataFrame(
        {
            "area_code": names,
            "area_name": [f"Area {c}" for c in names],
            "numerator": [float(n) for n in numerators],
            "denominator": [float(d) for d in denominators],
        }
    )


EXAMPLE_1 = group([20, 60, 120, 40, 60], [100, 200, 400, 100, 200])
EXAMPLE_2 = group([200, 250, 300, 350, 400], [1000] * 5, "A B C D OWN")


def test_the_methodology_gives_the_limits():
    assert (METHOD.z_inner, METHOD.z_outer, METHOD.winsor_fraction, METHOD.funnel_min_areas) == (
        1.960,
        3.090,
        0.10,
        4,
    )


def test_worked_example_1_plot():
    plot = funnel_plot(EXAMPLE_1, "OWN", "higher", METHOD)
    assert plot.centre == pytest.approx(30.0)
    assert plot.own_limits == pytest.approx(
        {"lower_inner": 21.01815, "upper_inner": 38.98185, "lower_outer": 15.83984, "upper_outer": 44.16016}, abs=1e-5
    )
    assert plot.label == SIMILAR and float(plot.own["z"]) == pytest.approx(-2.182179, abs=1e-6)
    assert plot.phi == pytest.approx(24 / 35) and not plot.phi_applied
    assert list(plot.points.columns) == list(POINT_COLUMNS) and plot.points["own"].tolist() == [True] + [False] * 4
    assert plot.points["rate"].tolist() == [20.0, 30.0, 30.0, 40.0, 30.0]
    assert funnel_plot(EXAMPLE_1, "OWN", "lower", METHOD).label == SIMILAR
    assert funnel_plot(EXAMPLE_1, "OWN", "higher", METHOD, overdispersion=True).phi_applied is False  # phi <= 1


def test_worked_example_2_overdispersion():
    plain = funnel_plot(EXAMPLE_2, "OWN", "higher", METHOD)
    assert plain.label == BETTER and float(plain.own["z"]) == pytest.approx(6.900656, abs=1e-6)
    assert plain.outside() == (2, 2)  # 350 and 400 above, 200 and 250 below (|z| 3.45 and 6.90 > 3.090)
    adjusted = funnel_plot(EXAMPLE_2, "OWN", "higher", METHOD, overdispersion=True)
    assert adjusted.phi_applied and adjusted.phi == pytest.approx(356 / 21)
    assert float(adjusted.own["z"]) == pytest.approx(1.676004, abs=1e-6)
    assert adjusted.label == SIMILAR and adjusted.outside() == (0, 0)
    assert (adjusted.own_limits["lower_outer"], adjusted.own_limits["upper_outer"]) == pytest.approx(
        (11.5633, 48.4367), abs=1e-4
    )
    # a lower-is-better PI: the same council is worse than the group without adjustment
    assert funnel_plot(EXAMPLE_2, "OWN", "lower", METHOD).label == WORSE


@pytest.mark.parametrize(
    ("z", "direction", "label"),
    [
        (3.090, "higher", SIMILAR),  # on the 99.8% limit is inside
        (-3.090, "higher", SIMILAR),
        (3.0899, "higher", SIMILAR),
        (3.0901, "higher", BETTER),
        (-3.0901, "higher", WORSE),
        (3.0901, "lower", WORSE),
        (-3.0901, "lower", BETTER),
        (-3.0899, "lower", SIMILAR),
        (10.0, "range", ""),
        (float("nan"), "higher", ""),
    ],
)
def test_label_at_and_either_side_of_the_outer_limit(z, direction, label):
    assert funnel_label(z, direction, 3.090) == label


def test_label_by_rate_either_side_of_the_upper_limit():
    # 30% pooled over 1000 plans, council of 100: the upper 99.8% limit at n = 100 is 44.16%.
    # 44 of 100 (44%) is just inside; 45 of 100 (45%) just outside. The other areas make p0 exactly 0.3.
    for own, label in ((44, SIMILAR), (45, BETTER)):
        rows = group([own, 300 - own - 60, 30, 15, 15], [100, 700, 100, 50, 50])
        plot = funnel_plot(rows, "OWN", "higher", METHOD)
        assert plot.centre == pytest.approx(30.0)
        assert plot.own_limits["upper_outer"] == pytest.approx(44.16016, abs=1e-5)
        assert plot.label == label
        assert (plot.own["rate"] > plot.own_limits["upper_outer"]) == (label == BETTER)


def test_no_funnel_without_counts_or_enough_areas():
    no_own = EXAMPLE_1.assign(numerator=[np.nan, 60, 120, 40, 60])
    assert funnel_gap(no_own, "OWN", 4) == "the council's figure has no numerator and denominator"
    assert funnel_plot(no_own, "OWN", "higher", METHOD) is None
    assert "fewer than 4 areas" in funnel_gap(EXAMPLE_1.iloc[:3], "OWN", 4)
    assert funnel_gap(EXAMPLE_1.iloc[:3], "OWN", 3) == ""  # the minimum is the methodology's
    assert "no spread" in funnel_gap(EXAMPLE_1.assign(numerator=0.0), "OWN", 4)
    assert funnel_gap(EXAMPLE_1, "OWN", 4) == ""
    # an area without counts is left off the plot, not an obstacle
    assert funnel_plot(EXAMPLE_1.assign(numerator=[20, 60, 120, 40, np.nan]), "OWN", "higher", METHOD).n_areas == 4


def test_scorecard_columns():
    assert funnel_columns(funnel_plot(EXAMPLE_2, "OWN", "higher", METHOD)) == {
        "benchmark_funnel": BETTER,
        "benchmark_funnel_z": pytest.approx(6.900656, abs=1e-6),
    }
    empty = funnel_columns(None)
    assert empty["benchmark_funnel"] == "" and math.isnan(empty["benchmark_funnel_z"])
