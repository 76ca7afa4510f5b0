"""Funnel plot limits, z-scores, over-dispersion and labels (perflib/funnel.py), worked by hand.

Worked example 1 (docs/comparators.md): five areas, the council first.

    area  within/plans  rate
    OWN     20 / 100    20%
    B       60 / 200    30%
    C      120 / 400    30%
    D       40 / 100    40%
    E       60 / 200    30%
    total  300 / 1000   p0 = 0.3 (30%)

At n = 100: se = sqrt(0.3 x 0.7 / 100) = sqrt(0.0021) = 0.0458258.
95%:   0.3 +/- 1.960 x 0.0458258 = 0.3 +/- 0.0898185 -> 21.018% to 38.982%.
99.8%: 0.3 +/- 3.090 x 0.0458258 = 0.3 +/- 0.1416016 -> 15.840% to 44.160%.
z(OWN) = (0.2 - 0.3) / 0.0458258 = -2.182179 (z^2 = 0.01 / 0.0021 = 100/21); z(D) = +2.182179; B, C, E 0.
|z(OWN)| <= 3.090: "similar to the group" whichever way is better.
Over-dispersion: sorted z = -2.182, 0, 0, 0, 2.182. 10th percentile (type 7): position 0.1 x 4 = 0.4,
-2.182179 + 0.4 x 2.182179 = -1.309307; 90th: +1.309307. Winsorised z^2 = 0.36 x 100/21 = 36/21 for two
areas; phi = (2 x 36/21) / 5 = 24/35 = 0.685714 <= 1: no adjustment even when the setting is on.

Worked example 2: five areas of 1000 with 200, 250, 300, 350, 400 within 20 weeks: p0 = 1500/5000 = 0.3,
se = sqrt(0.21/1000) = 0.0144914, z = -6.900656, -3.450328, 0, 3.450328, 6.900656 (z^2 = 1000/21, 250/21).
10th percentile: -6.900656 + 0.4 x 3.450328 = -5.520524 (= 0.8 x -6.900656), z_w^2 = 0.64 x 1000/21 = 640/21.
phi = (2 x 640/21 + 2 x 250/21) / 5 = 356/21 = 16.952381. The council (400/1000, 40%): z = 6.900656,
"better than the group" without adjustment; with it z / sqrt(phi) = 6.900656 / 4.117327 = 1.676004,
"similar to the group"; limits at n = 1000: 0.3 +/- 3.090 x 4.117327 x 0.0144914 = 0.3 +/- 0.184367
-> 11.563% to 48.437%.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from perflib.funnel import (
    BETTER,
    CURVE_COLUMNS,
    POINT_COLUMNS,
    SIMILAR,
    WORSE,
    Z_95,
    Z_998,
    control_limits,
    funnel_alt_text,
    funnel_columns,
    funnel_gap,
    funnel_label,
    funnel_plot,
    overdispersion_factor,
    pooled_proportion,
    winsorise,
    z_scores,
)


def group(numerators: list[int], denominators: list[int], codes: str = "OWN B C D E") -> pd.DataFrame:
    names = codes.split()
    return pd.DataFrame({"area_code": names, "area_name": [f"Area {c}" for c in names],
                         "numerator": [float(n) for n in numerators], "denominator": [float(d) for d in denominators]})


EXAMPLE_1 = group([20, 60, 120, 40, 60], [100, 200, 400, 100, 200])
EXAMPLE_2 = group([200, 250, 300, 350, 400], [1000] * 5, "A B C D OWN")


def test_constants_are_the_normal_quantiles():
    assert (Z_95, Z_998) == (1.960, 3.090)


def test_worked_example_1_limits_and_z_scores():
    p0 = pooled_proportion(EXAMPLE_1["numerator"], EXAMPLE_1["denominator"])
    assert p0 == pytest.approx(0.3)
    lower, upper = control_limits(p0, 100, Z_95)
    assert (float(lower), float(upper)) == pytest.approx((21.01815, 38.98185), abs=1e-5)
    lower, upper = control_limits(p0, 100, Z_998)
    assert (float(lower), float(upper)) == pytest.approx((15.83984, 44.16016), abs=1e-5)
    z = z_scores(EXAMPLE_1["numerator"], EXAMPLE_1["denominator"], p0)
    assert z == pytest.approx([-2.182179, 0, 0, 2.182179, 0], abs=1e-6)
    assert z[0] ** 2 == pytest.approx(100 / 21)


def test_worked_example_1_plot():
    plot = funnel_plot(EXAMPLE_1, "OWN", "higher")
    assert plot.centre == pytest.approx(30.0)
    assert plot.own_limits == pytest.approx({"lower_95": 21.01815, "upper_95": 38.98185,
                                             "lower_998": 15.83984, "upper_998": 44.16016}, abs=1e-5)
    assert plot.label == SIMILAR and float(plot.own["z"]) == pytest.approx(-2.182179, abs=1e-6)
    assert plot.phi == pytest.approx(24 / 35) and not plot.phi_applied
    assert list(plot.points.columns) == list(POINT_COLUMNS) and plot.points["own"].tolist() == [True] + [False] * 4
    assert plot.points["rate"].tolist() == [20.0, 30.0, 30.0, 40.0, 30.0]
    assert funnel_plot(EXAMPLE_1, "OWN", "lower").label == SIMILAR
    assert funnel_plot(EXAMPLE_1, "OWN", "higher", overdispersion=True).phi_applied is False   # phi <= 1


def test_winsorising_at_the_10th_and_90th_percentiles():
    z = np.array([-2.182179, 0, 0, 0, 2.182179])
    assert winsorise(z) == pytest.approx([-1.309307, 0, 0, 0, 1.309307], abs=1e-6)
    assert overdispersion_factor(z) == pytest.approx(24 / 35, abs=1e-6)


def test_worked_example_2_overdispersion():
    p0 = 0.3
    z = z_scores(EXAMPLE_2["numerator"], EXAMPLE_2["denominator"], p0)
    assert z == pytest.approx([-6.900656, -3.450328, 0, 3.450328, 6.900656], abs=1e-6)
    assert winsorise(z)[0] == pytest.approx(-5.520524, abs=1e-6)
    assert overdispersion_factor(z) == pytest.approx(356 / 21)
    plain = funnel_plot(EXAMPLE_2, "OWN", "higher")
    assert plain.label == BETTER and float(plain.own["z"]) == pytest.approx(6.900656, abs=1e-6)
    assert plain.outside() == (2, 2)                             # 350 and 400 above, 200 and 250 below
    adjusted = funnel_plot(EXAMPLE_2, "OWN", "higher", overdispersion=True)
    assert adjusted.phi_applied and adjusted.phi == pytest.approx(356 / 21)
    assert float(adjusted.own["z"]) == pytest.approx(6.900656 / math.sqrt(356 / 21), abs=1e-6)
    assert float(adjusted.own["z"]) == pytest.approx(1.676004, abs=1e-6)
    assert adjusted.label == SIMILAR and adjusted.outside() == (0, 0)
    assert (adjusted.own_limits["lower_998"], adjusted.own_limits["upper_998"]) == pytest.approx(
        (11.5633, 48.4367), abs=1e-4)
    # a lower-is-better PI: the same council is worse than the group without adjustment
    assert funnel_plot(EXAMPLE_2, "OWN", "lower").label == WORSE


@pytest.mark.parametrize(("z", "direction", "label"), [
    (3.090, "higher", SIMILAR), (-3.090, "higher", SIMILAR),       # on the 99.8% limit is inside
    (3.0899, "higher", SIMILAR), (3.0901, "higher", BETTER), (-3.0901, "higher", WORSE),
    (3.0901, "lower", WORSE), (-3.0901, "lower", BETTER), (-3.0899, "lower", SIMILAR),
    (10.0, "range", ""), (float("nan"), "higher", ""),
])
def test_label_at_and_either_side_of_the_998_limit(z, direction, label):
    assert funnel_label(z, direction) == label


def test_label_by_rate_either_side_of_the_upper_limit():
    # 30% pooled over 1000 plans, council of 100: the upper 99.8% limit at n = 100 is 44.16%.
    # 44 of 100 (44%) is just inside; 45 of 100 (45%) just outside. The other areas make p0 exactly 0.3:
    for own, label in ((44, SIMILAR), (45, BETTER)):
        rows = group([own, 300 - own - 60, 30, 15, 15], [100, 700, 100, 50, 50])
        plot = funnel_plot(rows, "OWN", "higher")
        assert plot.centre == pytest.approx(30.0)
        assert plot.own_limits["upper_998"] == pytest.approx(44.16016, abs=1e-5)
        assert plot.label == label
        assert (plot.own["rate"] > plot.own_limits["upper_998"]) == (label == BETTER)


def test_limits_are_clipped_to_0_and_100():
    lower, upper = control_limits(0.95, np.array([5.0, 10000.0]), Z_998)
    assert lower.min() >= 0 and upper.max() == 100.0 and upper[1] < 100.0


def test_curves_cover_every_area_and_narrow_as_n_grows():
    plot = funnel_plot(EXAMPLE_1, "OWN", "higher")
    curves = plot.curves
    assert list(curves.columns) == list(CURVE_COLUMNS)
    assert set(EXAMPLE_1["denominator"]) <= set(curves["n"])
    assert curves["n"].min() == 50.0 and curves["n"].max() == pytest.approx(440.0)
    assert curves["upper_998"].is_monotonic_decreasing and curves["lower_998"].is_monotonic_increasing
    at_100 = curves[curves["n"] == 100.0].iloc[0]
    assert at_100["upper_95"] == pytest.approx(38.98185, abs=1e-5)


def test_no_funnel_without_counts_or_enough_areas():
    no_own = EXAMPLE_1.assign(numerator=[np.nan, 60, 120, 40, 60])
    assert funnel_gap(no_own, "OWN") == "the council's figure has no numerator and denominator"
    assert funnel_plot(no_own, "OWN", "higher") is None
    assert "fewer than 4 areas" in funnel_gap(EXAMPLE_1.iloc[:3], "OWN")
    assert "no spread" in funnel_gap(EXAMPLE_1.assign(numerator=0.0), "OWN")
    assert funnel_gap(EXAMPLE_1, "OWN") == ""
    # an area without counts is left off the plot, not an obstacle
    assert funnel_plot(EXAMPLE_1.assign(numerator=[20, 60, 120, 40, np.nan]), "OWN", "higher").n_areas == 4


def test_alt_text_states_the_numbers():
    text = funnel_alt_text(funnel_plot(EXAMPLE_1, "OWN", "higher"), "Ourtown", "EHC plans issued within 20 weeks",
                           "calendar year 2022")
    assert text == ("Funnel plot of EHC plans issued within 20 weeks, calendar year 2022: the rate of each of 5 "
                    "areas against its number of cases. Centre line: the group's pooled rate, 30.0%. Ourtown: 20.0% "
                    "(20 of 100); at that size the 95% limits are 21.0% to 39.0% and the 99.8% limits 15.8% to "
                    "44.2%, so Ourtown is similar to the group (z = -2.18). 0 area(s) lie above the upper 99.8% "
                    "limit and 0 below the lower.")
    adjusted = funnel_alt_text(funnel_plot(EXAMPLE_2, "OWN", "range", overdispersion=True), "Ourtown", "T", "2022")
    assert "no better or worse label" in adjusted and "phi = 16.95" in adjusted


def test_scorecard_columns():
    assert funnel_columns(funnel_plot(EXAMPLE_2, "OWN", "higher")) == {
        "benchmark_funnel": BETTER, "benchmark_funnel_z": pytest.approx(6.900656, abs=1e-6)}
    empty = funnel_columns(None)
    assert empty["benchmark_funnel"] == "" and math.isnan(empty["benchmark_funnel_z"])
