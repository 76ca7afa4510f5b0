"""The funnel plot's arithmetic, worked by hand (docs/methodology.md section 9).

Worked example 1: five areas, the council first.

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
Over-dispersion: sorted z = -2.182, 0, 0, 0, 2.182. 10th percentile (type 7): position 0.1 x 4 = 0.4,
-2.182179 + 0.4 x 2.182179 = -1.309307; 90th: +1.309307. Winsorised z^2 = 0.36 x 100/21 = 36/21 for two
areas; phi = (2 x 36/21) / 5 = 24/35 = 0.685714.

Worked example 2: five areas of 1000 with 200, 250, 300, 350, 400: p0 = 1500/5000 = 0.3,
se = sqrt(0.21/1000) = 0.0144914, z = -6.900656, -3.450328, 0, 3.450328, 6.900656 (z^2 = 1000/21, 250/21).
10th percentile: -6.900656 + 0.4 x 3.450328 = -5.520524 (= 0.8 x -6.900656), z_w^2 = 0.64 x 1000/21 = 640/21.
phi = (2 x 640/21 + 2 x 250/21) / 5 = 356/21 = 16.952381.
"""

from __future__ import annotations

import numpy as np
import pytest

from perflib.rules.comparator_method import comparator_method
from perflib.rules.funnel_limits import (
    CURVE_COLUMNS,
    control_limits,
    coverage,
    limit_curves,
    overdispersion_factor,
    pooled_proportion,
    winsorise,
    z_scores,
)

NUM_1, DEN_1 = np.array([20.0, 60, 120, 40, 60]), np.array([100.0, 200, 400, 100, 200])


def test_worked_example_1_limits_and_z_scores():
    p0 = pooled_proportion(NUM_1, DEN_1)
    assert p0 == pytest.approx(0.3)
    lower, upper = control_limits(p0, 100, 1.960)
    assert (float(lower), float(upper)) == pytest.approx((21.01815, 38.98185), abs=1e-5)
    lower, upper = control_limits(p0, 100, 3.090)
    assert (float(lower), float(upper)) == pytest.approx((15.83984, 44.16016), abs=1e-5)
    z = z_scores(NUM_1, DEN_1, p0)
    assert z == pytest.approx([-2.182179, 0, 0, 2.182179, 0], abs=1e-6)
    assert z[0] ** 2 == pytest.approx(100 / 21)


def test_winsorising_at_the_10th_and_90th_percentiles():
    z = np.array([-2.182179, 0, 0, 0, 2.182179])
    assert winsorise(z, 0.10) == pytest.approx([-1.309307, 0, 0, 0, 1.309307], abs=1e-6)
    assert overdispersion_factor(z, 0.10) == pytest.approx(24 / 35, abs=1e-6)


def test_worked_example_2_overdispersion_factor():
    z = z_scores(np.array([200.0, 250, 300, 350, 400]), np.full(5, 1000.0), 0.3)
    assert z == pytest.approx([-6.900656, -3.450328, 0, 3.450328, 6.900656], abs=1e-6)
    assert winsorise(z, 0.10)[0] == pytest.approx(-5.520524, abs=1e-6)
    assert overdispersion_factor(z, 0.10) == pytest.approx(356 / 21)
    # phi widens the limits by sqrt(phi): at n = 1000, 0.3 +/- 3.090 x 4.117327 x 0.0144914 = 0.3 +/- 0.184367
    lower, upper = control_limits(0.3, 1000, 3.090, phi=356 / 21)
    assert (float(lower), float(upper)) == pytest.approx((11.5633, 48.4367), abs=1e-4)
    # phi at or below 1 changes nothing
    assert control_limits(0.3, 100, 3.090, phi=0.5)[1] == pytest.approx(control_limits(0.3, 100, 3.090)[1])


def test_limits_are_clipped_to_0_and_100():
    lower, upper = control_limits(0.95, np.array([5.0, 10000.0]), 3.090)
    assert lower.min() >= 0 and upper.max() == 100.0 and upper[1] < 100.0


def test_curves_cover_every_area_and_narrow_as_n_grows():
    curves = limit_curves(0.3, DEN_1, comparator_method())
    assert list(curves.columns) == list(CURVE_COLUMNS)
    assert set(DEN_1) <= set(curves["n"])
    # from half the smallest denominator (100 / 2 = 50) to 1.1 x the largest (440)
    assert curves["n"].min() == 50.0 and curves["n"].max() == pytest.approx(440.0)
    assert curves["upper_outer"].is_monotonic_decreasing and curves["lower_outer"].is_monotonic_increasing
    at_100 = curves[curves["n"] == 100.0].iloc[0]
    assert at_100["upper_inner"] == pytest.approx(38.98185, abs=1e-5)


def test_coverage_of_the_two_limits():
    # erf(1.96 / sqrt 2) = 0.9500; erf(3.09 / sqrt 2) = 0.9980
    assert round(coverage(1.960), 1) == 95.0 and round(coverage(3.090), 1) == 99.8
