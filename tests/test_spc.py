"""Statistical process control (perflib/spc.py) against hand-worked series.

Every expected figure below was worked out by hand from the definitions in
docs/methodology.md section 8 (NHS "Making Data Count" as NHSRplotthedots
defines it) before the code was run:

* mean of the points; moving ranges |x_i - x_(i-1)|; moving ranges at or above
  3.267 x their mean are screened out and the mean moving range recomputed;
* process limits = mean +/- 2.66 x mean moving range; near limits at two thirds
  of that distance (mean +/- 1.773333 x mean moving range);
* special cause: outside the limits; 7 points in a row on one side of the mean
  (a point on the mean breaks it); 7 points each strictly higher (or lower)
  than the one before (a tie breaks it); 2 of 3 consecutive points beyond the
  same near limit (inside the process limit) with all three on that side of
  the mean. Precedence for a point's direction: outside > trend > 2 of 3 > run.

The last part checks every sample PI against a second, deliberately simple
implementation written here with plain loops.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perflib.rules import spc, spc_panel

HIGHER, LOWER, RANGE = "higher", "lower", "range"


def _classes(points: pd.DataFrame) -> list:
    return points["point_class"].tolist()


def _special(points: pd.DataFrame) -> list[int]:
    return [i for i, s in enumerate(points["special_cause"]) if s]


# --------------------------------------------------------------------------- limits
def test_limits_with_moving_range_screening():
    values = [10, 12, 11, 13, 12, 10, 11, 30, 11, 12, 10, 11]
    # By hand: sum 153, mean 153 / 12 = 12.75.
    # Moving ranges: 2,1,2,1,2,1,19,19,1,2,1 -> sum 51, mean 51 / 11 = 4.636364.
    # Screen: 3.267 x 4.636364 = 15.147 -> both 19s are screened out.
    # Remaining nine: 2,1,2,1,2,1,1,2,1 -> sum 13, mean 13 / 9 = 1.444444.
    # Limits: 12.75 +/- 2.66 x 1.444444 = 12.75 +/- 3.842222 -> 8.907778 and 16.592222.
    # Near limits: 12.75 +/- 2.561481 -> 10.188519 and 15.311481.
    # (Without screening the limits would be 12.75 +/- 12.332727: 30 would not be outside.)
    p = spc.spc_series(values, HIGHER, target=15)
    assert p["mean"].iloc[-1] == pytest.approx(12.75, abs=1e-6)
    assert p["lcl"].iloc[-1] == pytest.approx(8.907778, abs=1e-6)
    assert p["ucl"].iloc[-1] == pytest.approx(16.592222, abs=1e-6)
    assert p["near_lcl"].iloc[-1] == pytest.approx(10.188519, abs=1e-6)
    assert p["near_ucl"].iloc[-1] == pytest.approx(15.311481, abs=1e-6)
    assert p["mr_screened"].tolist() == [False] * 7 + [True, True] + [False] * 3
    # Only 30 is special (outside the upper limit: high is good): the 10s are
    # beyond the near limit but never two of three together.
    assert _special(p) == [7]
    assert p["rule"].iloc[7] == spc.RULE_OUTSIDE
    assert p["point_class"].iloc[7] == spc.IMPROVEMENT
    assert p.attrs["variation"] == spc.COMMON_CAUSE
    assert p.attrs["assurance"] == spc.HIT_AND_MISS


def test_moving_range_exactly_at_the_screen_is_screened():
    values = [10, 10.773, 10, 10.773, 10, 10.773, 10, 10.773, 10, 10.773, 9.997, 13.264]
    # Moving ranges: nine of 0.773, then 0.776 and 3.267: sum 11, mean 1.
    # 3.267 x 1 = 3.267: the last moving range is AT the screen, so it goes.
    # Remaining ten: sum 7.733, mean 0.7733.
    # Mean: (5 x 10 + 5 x 10.773 + 9.997 + 13.264) / 12 = 127.126 / 12 = 10.593833.
    # Limits: 10.593833 +/- 2.66 x 0.7733 = +/- 2.056978 -> 8.536855 and 12.650811.
    p = spc.spc_series(values, LOWER)
    assert p["mr_screened"].tolist() == [False] * 11 + [True]
    assert p["mean"].iloc[0] == pytest.approx(10.593833, abs=1e-6)
    assert p["lcl"].iloc[0] == pytest.approx(8.536855, abs=1e-6)
    assert p["ucl"].iloc[0] == pytest.approx(12.650811, abs=1e-6)
    # 13.264 is above the upper limit; for a lower-is-better PI that is concern.
    assert p["outside"].iloc[-1] and p["point_class"].iloc[-1] == spc.CONCERN
    assert p.attrs["variation"] == spc.SPECIAL_CONCERN


def test_constant_series_has_limits_on_the_mean_and_no_special_cause():
    p = spc.spc_series([5.0] * 12, HIGHER, target=4)
    assert p["lcl"].iloc[0] == p["ucl"].iloc[0] == p["mean"].iloc[0] == 5.0
    assert not p["special_cause"].any()
    assert p.attrs["variation"] == spc.COMMON_CAUSE
    assert p.attrs["assurance"] == spc.PASSING


# --------------------------------------------------------------------------- runs
RUN_BROKEN = [9, 7, 9, 7, 9, 7, 10, 9, 11, 13, 11, 13, 11, 14]
RUN_OF_EIGHT = [9, 7, 9, 7, 9, 7, 8, 9, 11, 13, 11, 13, 11, 14]


def test_point_exactly_on_the_mean_breaks_a_run():
    # Sum 140, mean exactly 10. Points 0-5 below, point 6 ON the mean, point 7
    # below, points 8-13 above: 7 of 8 points below, but never 7 in a row.
    # Moving ranges sum 27, mean 2.076923: limits 10 +/- 5.524615, near 10 +/- 3.683077,
    # so only 14 is beyond a near limit, and alone.
    p = spc.spc_series(RUN_BROKEN, HIGHER)
    assert p["mean"].iloc[0] == 10.0
    assert p["side_of_mean"].iloc[6] == 0
    assert p["ucl"].iloc[0] == pytest.approx(15.524615, abs=1e-6)
    assert not p["special_cause"].any()
    assert set(_classes(p)) == {spc.COMMON}
    assert p.attrs["variation"] == spc.COMMON_CAUSE


@pytest.mark.parametrize(
    "direction,expected", [(HIGHER, spc.CONCERN), (LOWER, spc.IMPROVEMENT), (RANGE, spc.NEUTRAL), (None, spc.NEUTRAL)]
)
def test_run_of_eight_below_the_mean_marks_every_point(direction, expected):
    # The same series with 8 instead of 10 at point 6: sum 138, mean 9.857143.
    # Points 0-7 (9,7,9,7,9,7,8,9) are all below: a run of 8, every one marked.
    # Moving ranges 2,2,2,2,2,1,1,2,2,2,2,2,3: sum 25, mean 1.923077;
    # limits 9.857143 +/- 5.115385 = 4.741758 to 14.972527, near 6.446886 to 13.267399:
    # only 14 is beyond a near limit.
    p = spc.spc_series(RUN_OF_EIGHT, direction)
    assert p["ucl"].iloc[0] == pytest.approx(14.972527, abs=1e-6)
    assert p["lcl"].iloc[0] == pytest.approx(4.741758, abs=1e-6)
    assert _special(p) == list(range(8))
    assert set(p["rule"].iloc[:8]) == {spc.RULE_RUN}
    assert _classes(p) == [expected] * 8 + [spc.COMMON] * 6
    assert p.attrs["variation"] == spc.COMMON_CAUSE  # the last point is common cause


@pytest.mark.parametrize(
    "direction,variation",
    [
        (HIGHER, spc.SPECIAL_CONCERN),
        (LOWER, spc.SPECIAL_IMPROVEMENT),
        (RANGE, spc.SPECIAL_NEUTRAL),
        (None, spc.SPECIAL_NEUTRAL),
    ],
)
def test_variation_icon_comes_from_the_last_point(direction, variation):
    # RUN_OF_EIGHT reversed: same mean and limits, the run of 8 below is now at the end.
    p = spc.spc_series(RUN_OF_EIGHT[::-1], direction)
    assert _special(p) == list(range(6, 14))
    assert p.attrs["variation"] == variation
    assert spc.variation(p) == variation


# --------------------------------------------------------------------------- trends
TREND_UP = [10, 14, 9, 13, 10, 8, 9, 10, 11, 12, 13, 14]


@pytest.mark.parametrize(
    "direction,expected,variation",
    [(HIGHER, spc.IMPROVEMENT, spc.SPECIAL_IMPROVEMENT), (LOWER, spc.CONCERN, spc.SPECIAL_CONCERN)],
)
def test_seven_point_trend(direction, expected, variation):
    # Points 5-11 (8,9,...,14) each strictly higher than the one before: a trend of 7.
    # Sum 133, mean 11.083333; moving ranges 4,5,4,3,2,1,1,1,1,1,1: sum 24, mean 2.181818
    # (screen 7.128: none out); limits 11.083333 +/- 5.803636 = 5.279697 to 16.886970;
    # near 7.214242 to 14.952424: nothing beyond them. Points 4-8 are below the mean
    # (5 only: no run). Points 5-8 are below the mean but part of an upward trend:
    # the trend sets their direction (trend beats run).
    p = spc.spc_series(TREND_UP, direction)
    assert p["lcl"].iloc[0] == pytest.approx(5.279697, abs=1e-6)
    assert p["ucl"].iloc[0] == pytest.approx(16.886970, abs=1e-6)
    assert _special(p) == list(range(5, 12))
    assert set(p["rule"].iloc[5:]) == {spc.RULE_TREND}
    assert _classes(p) == [spc.COMMON] * 5 + [expected] * 7
    assert p.attrs["variation"] == variation


def test_downward_trend_is_improvement_when_lower_is_better():
    # TREND_UP reversed: points 0-6 fall 14, 13, ..., 8. Same mean and limits.
    p = spc.spc_series(TREND_UP[::-1], LOWER)
    assert _special(p) == list(range(7))
    assert _classes(p)[:7] == [spc.IMPROVEMENT] * 7
    assert p.attrs["variation"] == spc.COMMON_CAUSE


def test_tie_inside_a_trend_breaks_it():
    # 8, 9, 10, 10, 12, 13, 14: the repeated 10 breaks the trend (3 then 4 points).
    # Sum 132, mean 11; moving ranges 4,5,4,3,2,1,1,0,2,1,1: sum 24, mean 2.181818;
    # limits 11 +/- 5.803636 = 5.196364 to 16.803636; near 7.130909 to 14.869091.
    p = spc.spc_series([10, 14, 9, 13, 10, 8, 9, 10, 10, 12, 13, 14], HIGHER)
    assert p["lcl"].iloc[0] == pytest.approx(5.196364, abs=1e-6)
    assert not p["special_cause"].any()
    assert p.attrs["variation"] == spc.COMMON_CAUSE


# --------------------------------------------------------------------------- 2 of 3
TWO_OF_THREE = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 15.5, 15.5]


@pytest.mark.parametrize("direction,variation", [(HIGHER, spc.SPECIAL_IMPROVEMENT), (LOWER, spc.SPECIAL_CONCERN)])
def test_two_of_three_beyond_the_near_limit(direction, variation):
    # Sum 141, mean 11.75; moving ranges nine 2s, 3.5, 0: sum 21.5, mean 1.954545;
    # limits 11.75 +/- 5.199091 = 6.550909 to 16.949091; near 8.283939 to 15.216061.
    # Points 10 and 11 (15.5) are beyond the upper near limit but inside the limit,
    # and point 9 (12) is above the mean too: 2 of 3. Only the two are marked.
    p = spc.spc_series(TWO_OF_THREE, direction)
    assert p["near_ucl"].iloc[0] == pytest.approx(15.216061, abs=1e-6)
    assert p["ucl"].iloc[0] == pytest.approx(16.949091, abs=1e-6)
    assert _special(p) == [10, 11]
    assert set(p["rule"].iloc[10:]) == {spc.RULE_TWO_OF_THREE}
    assert p.attrs["variation"] == variation


def test_two_of_three_needs_the_third_point_on_the_same_side():
    # As above but point 9 is 10, below the mean (sum 139, mean 11.583333; limits
    # 11.583333 +/- 5.199091 = 6.384242 to 16.782424; near 15.049394): 15.5 and 15.5
    # are still beyond the near limit, but the three points are not all above the mean.
    p = spc.spc_series([10, 12, 10, 12, 10, 12, 10, 12, 10, 10, 15.5, 15.5], HIGHER)
    assert p["near_ucl"].iloc[0] == pytest.approx(15.049394, abs=1e-6)
    assert not p["special_cause"].any()
    assert p.attrs["variation"] == spc.COMMON_CAUSE


# --------------------------------------------------------------------------- precedence
PRECEDENCE = [14, 12, 15, 13, 14, 12, 15, 4, 5, 6, 7, 8, 9, 10]


@pytest.mark.parametrize("direction", [HIGHER, LOWER])
def test_precedence_when_rules_overlap(direction):
    # Sum 144, mean 10.285714. Moving ranges 2,3,2,1,2,3,11,1,1,1,1,1,1: sum 30,
    # mean 2.307692; screen 7.539231 removes the 11; twelve left sum 19, mean 1.583333.
    # Limits 10.285714 +/- 4.211667 = 6.074048 to 14.497381; near 7.477937 to 13.093492.
    # Points 0-6 are all above the mean (a run of 7); 2 and 6 (15) are also outside.
    # Points 7-13 rise 4,5,...,10 (a trend of 7) and are all below the mean (a run of 7);
    # 7, 8, 9 (4, 5, 6) are also below the lower limit.
    #   outside beats trend: 7, 8, 9 go low (below the limit) though the trend rises;
    #   trend beats run: 10-13 go up though they are below the mean.
    p = spc.spc_series(PRECEDENCE, direction)
    assert p["lcl"].iloc[0] == pytest.approx(6.074048, abs=1e-6)
    assert p["ucl"].iloc[0] == pytest.approx(14.497381, abs=1e-6)
    assert p["rule"].tolist() == [
        spc.RULE_RUN,
        spc.RULE_RUN,
        spc.RULE_OUTSIDE,
        spc.RULE_RUN,
        spc.RULE_RUN,
        spc.RULE_RUN,
        spc.RULE_OUTSIDE,
        spc.RULE_OUTSIDE,
        spc.RULE_OUTSIDE,
        spc.RULE_OUTSIDE,
        spc.RULE_TREND,
        spc.RULE_TREND,
        spc.RULE_TREND,
        spc.RULE_TREND,
    ]
    assert p["signal"].tolist() == [1] * 7 + [-1] * 3 + [1] * 4
    assert p["run"].iloc[7:].all() and p["trend"].iloc[7:].all()
    up = spc.IMPROVEMENT if direction == HIGHER else spc.CONCERN
    down = spc.CONCERN if direction == HIGHER else spc.IMPROVEMENT
    assert _classes(p) == [up] * 7 + [down] * 3 + [up] * 4


# --------------------------------------------------------------------------- too few
def test_eleven_points_are_too_few_twelve_are_enough():
    twelve = spc.spc_series(TWO_OF_THREE, HIGHER, target=11)
    assert twelve.attrs["variation"] == spc.SPECIAL_IMPROVEMENT
    assert twelve.attrs["assurance"] == spc.HIT_AND_MISS
    eleven = spc.spc_series(TWO_OF_THREE[1:], HIGHER, target=11)
    assert eleven.attrs["variation"] == spc.TOO_FEW
    assert eleven.attrs["assurance"] == spc.NO_ASSURANCE
    assert eleven[["mean", "lcl", "ucl", "near_lcl", "near_ucl"]].isna().all().all()
    assert not eleven["special_cause"].any()
    assert eleven["point_class"].isna().all()


def test_no_points():
    p = spc.spc_series([], HIGHER, target=1)
    assert len(p) == 0
    assert p.attrs["variation"] == spc.TOO_FEW and p.attrs["assurance"] == spc.NO_ASSURANCE


def test_missing_values_are_refused():
    with pytest.raises(ValueError, match="missing"):
        spc.spc_series([1.0] * 11 + [float("nan")], HIGHER)


# --------------------------------------------------------------------------- assurance
ALTERNATING = [9, 11] * 6  # mean 10, moving ranges all 2: limits 10 +/- 5.32 = 4.68 to 15.32


@pytest.mark.parametrize(
    "direction,target,upper,expected",
    [
        (HIGHER, 15.33, None, spc.FAILING),  # target above the upper limit: never reached
        (HIGHER, 15.32, None, spc.HIT_AND_MISS),  # exactly on the limit: hit and miss (our choice)
        (HIGHER, 10, None, spc.HIT_AND_MISS),
        (HIGHER, 4.68, None, spc.HIT_AND_MISS),
        (HIGHER, 4.67, None, spc.PASSING),
        (LOWER, 15.33, None, spc.PASSING),
        (LOWER, 15.32, None, spc.HIT_AND_MISS),
        (LOWER, 4.67, None, spc.FAILING),
        (HIGHER, None, None, spc.NO_ASSURANCE),
        (None, 20, None, spc.NO_ASSURANCE),
        (RANGE, 4.6, 15.4, spc.PASSING),  # the band holds both limits
        (RANGE, 4.68, 15.32, spc.HIT_AND_MISS),  # limits exactly on the band's edges
        (RANGE, 5, 20, spc.HIT_AND_MISS),
        (RANGE, 16, 20, spc.FAILING),  # limits entirely below the band
        (RANGE, 0, 4.6, spc.FAILING),  # limits entirely above the band
        (RANGE, 15.32, 20, spc.HIT_AND_MISS),  # the band touches the upper limit
        (RANGE, 4.6, None, spc.NO_ASSURANCE),
    ],
)
def test_assurance(direction, target, upper, expected):
    p = spc.spc_series(ALTERNATING, direction, target=target, target_upper=upper)
    assert (p["lcl"].iloc[-1], p["ucl"].iloc[-1]) == (4.68, 15.32)
    assert p.attrs["variation"] == spc.COMMON_CAUSE
    assert p.attrs["assurance"] == expected
    assert spc.assurance(4.68, 15.32, direction, target, upper) == expected


def test_assurance_uses_the_last_points_target():
    targets = [20] * 11 + [4]
    p = spc.spc_series(ALTERNATING, HIGHER, target=targets)
    assert p["target"].tolist() == targets
    assert p.attrs["assurance"] == spc.PASSING


# --------------------------------------------------------------------------- baseline, rebase
def test_fixed_baseline_fixes_mean_and_limits():
    values = ALTERNATING + [20, 10, 10]
    fixed = spc.spc_series(values, HIGHER, baseline=12)
    # The first 12 points fix mean 10 and limits 4.68 to 15.32 for all 15 points.
    assert set(fixed["mean"]) == {10.0}
    assert set(fixed["lcl"]) == {4.68} and set(fixed["ucl"]) == {15.32}
    assert _special(fixed) == [12]
    assert fixed.attrs["variation"] == spc.COMMON_CAUSE  # last point exactly on the mean
    # Without a baseline: mean 160 / 15 = 10.666667; moving ranges eleven 2s, 9, 10, 0:
    # sum 41, mean 2.928571, screen 9.567 removes the 10; thirteen left sum 31, mean
    # 2.384615; limits 10.666667 +/- 6.343077 = 4.323590 to 17.009744.
    free = spc.spc_series(values, HIGHER)
    assert free["lcl"].iloc[0] == pytest.approx(4.323590, abs=1e-6)
    assert free["ucl"].iloc[0] == pytest.approx(17.009744, abs=1e-6)


def test_baseline_needs_twelve_points():
    with pytest.raises(ValueError, match="12"):
        spc.spc_series(ALTERNATING, HIGHER, baseline=8)


def test_rebase_starts_a_new_mean_and_limits():
    values = ALTERNATING + [19, 21] * 6
    rebased = spc.spc_series(values, HIGHER, target=14, rebase_positions=[12])
    assert rebased["segment"].tolist() == [0] * 12 + [1] * 12
    assert (rebased["lcl"].iloc[0], rebased["ucl"].iloc[0]) == (4.68, 15.32)
    assert (rebased["mean"].iloc[-1], rebased["lcl"].iloc[-1], rebased["ucl"].iloc[-1]) == (20.0, 14.68, 25.32)
    assert not rebased["special_cause"].any()  # patterns never span a rebase
    assert rebased.attrs["variation"] == spc.COMMON_CAUSE
    assert rebased.attrs["assurance"] == spc.PASSING  # 14 is below the latest lower limit 14.68
    # Without the rebase: mean 15; moving ranges 22 x 2 and one 8 (sum 52, mean 2.26087,
    # screen 7.386 removes the 8): mean moving range 2, limits 9.68 to 20.32.
    # 21 is above 20.32: special cause improvement.
    one = spc.spc_series(values, HIGHER, target=14)
    assert (one["lcl"].iloc[-1], one["ucl"].iloc[-1]) == (9.68, 20.32)
    assert one.attrs["variation"] == spc.SPECIAL_IMPROVEMENT


def test_rebase_with_too_few_points_after_it():
    p = spc.spc_series(ALTERNATING + [19, 21] * 3, HIGHER, target=14, rebase_positions=[12])
    assert p["ucl"].iloc[0] == 15.32 and p["ucl"].iloc[-1] != p["ucl"].iloc[-1]
    assert p.attrs["variation"] == spc.TOO_FEW and p.attrs["assurance"] == spc.NO_ASSURANCE


@pytest.mark.parametrize("bad", [[0], [12], [-1]])
def test_rebase_positions_must_be_inside_the_series(bad):
    with pytest.raises(ValueError):
        spc.spc_series(ALTERNATING, HIGHER, rebase_positions=bad)


# --------------------------------------------------------------------------- the sample
REPORT = "2023-24 Q3"


@pytest.fixture(scope="module")
def sample():
    from perflib.build.prepared import prepare_quarter

    return prepare_quarter(REPORT)


def simple_spc(values, direction, target, upper):
    """A second implementation: plain loops over lists, written from the definitions."""
    values = [float(v) for v in values]
    n = len(values)
    if n < 12:
        return {"variation": "Too few points", "assurance": "None", "mean": None, "lcl": None, "ucl": None}
    mean = sum(values) / n
    mrs = [abs(values[i] - values[i - 1]) for i in range(1, n)]
    amr = sum(mrs) / len(mrs)
    if amr > 0:
        kept = [m for m in mrs if round(m, 6) < round(3.267 * amr, 6)]
        amr = sum(kept) / len(kept)
    lcl, ucl = round(mean - 2.66 * amr, 6), round(mean + 2.66 * amr, 6)
    nlcl, nucl = round(mean - 2.66 * 2 / 3 * amr, 6), round(mean + 2.66 * 2 / 3 * amr, 6)
    mean = round(mean, 6)
    side = [(v > mean) - (v < mean) for v in values]
    outside = [v > ucl or v < lcl for v in values]
    close = [not o and (v > nucl or v < nlcl) for v, o in zip(values, outside, strict=True)]
    rule = [None] * n
    direction_of = [0] * n
    # walk the rules from the lowest precedence up, so higher ones overwrite
    for i in range(n - 6):  # runs of 7
        window = side[i : i + 7]
        if window[0] != 0 and all(s == window[0] for s in window):
            for j in range(i, i + 7):
                rule[j], direction_of[j] = "run", side[j]
    for i in range(n - 2):  # 2 of 3
        window = range(i, i + 3)
        s = side[i]
        if s != 0 and all(side[j] == s for j in window) and sum(close[j] for j in window) >= 2:
            for j in window:
                if close[j]:
                    rule[j], direction_of[j] = "two of three", s
    trend_dir = [0] * n
    for i in range(n - 6):  # trends of 7; later windows win a shared point
        steps = [values[j + 1] - values[j] for j in range(i, i + 6)]
        for sign in (1, -1):
            if all(st * sign > 0 for st in steps):
                for j in range(i, i + 7):
                    if trend_dir[j] == 0 or j == i:
                        trend_dir[j] = sign
    for j in range(n):
        if trend_dir[j]:
            rule[j], direction_of[j] = "trend", trend_dir[j]
        if outside[j]:
            rule[j], direction_of[j] = "outside", side[j]
    last = direction_of[-1]
    if rule[-1] is None:
        variation = "Common cause"
    elif direction not in ("higher", "lower"):
        variation = "Special cause neutral"
    else:
        good = 1 if direction == "higher" else -1
        variation = "Special cause improvement" if last == good else "Special cause concern"
    if direction in ("higher", "lower") and target is not None and not math.isnan(target):
        bad_side_is_low = direction == "higher"
        if (target < lcl and bad_side_is_low) or (target > ucl and not bad_side_is_low):
            assurance = "Consistently passing"
        elif (target > ucl and bad_side_is_low) or (target < lcl and not bad_side_is_low):
            assurance = "Consistently failing"
        else:
            assurance = "Hit and miss"
    elif direction == "range" and not math.isnan(target) and not math.isnan(upper):
        if target < lcl and ucl < upper:
            assurance = "Consistently passing"
        elif ucl < target or lcl > upper:
            assurance = "Consistently failing"
        else:
            assurance = "Hit and miss"
    else:
        assurance = "None"
    return {
        "variation": variation,
        "assurance": assurance,
        "mean": mean,
        "lcl": lcl,
        "ucl": ucl,
        "rules": [r or "" for r in rule],
        "signals": direction_of,
    }


def simple_summary(panel: pd.DataFrame, quarter_index: int) -> dict:
    """Loop over the panel's rows PI by PI, oldest first."""
    out = {}
    rows = panel.sort_values(["pi_code", "quarter_index"]).to_dict("records")
    targets = {(r["pi_code"], r["quarter_index"]): r["target"] for r in rows}
    by_pi: dict[str, list] = {}
    for r in rows:
        by_pi.setdefault(r["pi_code"], []).append(r)
    for code, pi_rows in by_pi.items():
        values, last = [], None
        for r in pi_rows:
            if r["quarter_index"] > quarter_index or not r["due"]:
                continue
            figure = r["quarter_value"] if r["measure_type"] == "cumulative" else r["value"]
            if figure is None or math.isnan(figure):
                continue
            values.append(float(figure))
            last = r
        if last is None:
            out[code] = {"variation": "Too few points", "assurance": "None", "n": 0}
            continue
        target = last["target"]
        if last["measure_type"] == "cumulative" and last["unit"] == "count" and last["q"] > 1:
            target = target - targets.get((code, last["quarter_index"] - 1), float("nan"))
        upper = last["target_upper"]
        direction = last["good_direction"]
        res = simple_spc(values, direction, target, upper)
        res["n"] = len(values)
        out[code] = res
    return out


def test_summary_agrees_with_a_simple_loop_for_every_sample_pi(sample):
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    summary = spc_panel.spc_summary(sample.panel, qi).set_index("pi_code")
    expected = simple_summary(sample.panel, qi)
    assert list(summary.index) == sample.scorecard["pi_code"].tolist()
    for code, exp in expected.items():
        got = summary.loc[code]
        assert got["spc_variation"] == exp["variation"], code
        assert got["spc_assurance"] == exp["assurance"], code
        assert got["n_points"] == exp["n"], code
        for col in ("mean", "lcl", "ucl"):
            if exp.get(col) is None:
                assert pd.isna(got[col]), (code, col)
            else:
                assert got[col] == pytest.approx(exp[col], abs=1e-9), (code, col)


def test_summary_never_uses_later_quarters(sample):
    from perflib.core.quarters import Quarter

    earlier = Quarter.parse("2022-23 Q4").index
    full = spc_panel.spc_summary(sample.panel, earlier).set_index("pi_code")
    cut = spc_panel.spc_summary(sample.panel[sample.panel["quarter_index"] <= earlier], earlier).set_index("pi_code")
    pd.testing.assert_frame_equal(full, cut)
    assert full.loc["RF01", "n_points"] == 16
    assert full.loc["RF01", "spc_last_period"] == "2022-23 Q4"
    expected = simple_summary(sample.panel, earlier)
    for code, exp in expected.items():
        assert full.loc[code, "spc_variation"] == exp["variation"], code
        assert full.loc[code, "spc_assurance"] == exp["assurance"], code


def test_summary_columns_and_cumulative_pis_use_the_quarters_own_figure(sample):
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    points = spc_panel.spc_points(sample.panel, qi)
    cs11 = points[points["pi_code"].eq("CS11")]
    panel = sample.panel.set_index(["pi_code", "quarter"])
    # CS11's year to date is incomplete in 2022-23 Q2-Q4, but its quarters' own figures exist
    assert len(cs11) == 18
    assert cs11["value"].tolist() == [panel.loc[("CS11", q), "quarter_value"] for q in cs11["quarter"]]
    # 2023-24 Q3's own target is the year-to-date target's step: 550 - 350
    assert cs11["target"].iloc[-1] == 200
    summary = spc_panel.spc_summary(sample.panel, qi)
    for col in ("pi_code", "spc_variation", "spc_assurance", "n_points", "mean", "lcl", "ucl"):
        assert col in summary
    assert set(summary["spc_variation"]) <= set(spc.VARIATIONS)
    assert set(summary["spc_assurance"]) <= set(spc.ASSURANCES)
    # annual, biennial PIs have too few points
    s = summary.set_index("pi_code")
    for code in ("RF11", "RF12", "CS09", "CS10", "NS16"):
        assert s.loc[code, "spc_variation"] == spc.TOO_FEW and s.loc[code, "spc_assurance"] == spc.NO_ASSURANCE
    # range PIs are neutral; data-only PIs have no assurance
    assert s.loc["RF09", "spc_variation"] in (spc.COMMON_CAUSE, spc.SPECIAL_NEUTRAL)
    assert s.loc["CS19", "spc_assurance"] == spc.NO_ASSURANCE


def test_methodology_example_online_transactions(sample):
    # docs/methodology.md section 8: RF10 improves past its old upper limit, yet the
    # target is above that limit, so the history's limits say "consistently failing".
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    rf10 = spc_panel.spc_summary(sample.panel, qi).set_index("pi_code").loc["RF10"]
    assert (rf10["spc_variation"], rf10["spc_assurance"]) == (spc.SPECIAL_IMPROVEMENT, spc.FAILING)
    assert rf10["spc_rule"] == spc.RULE_OUTSIDE and round(rf10["ucl"], 1) == 73.4 and rf10["spc_target"] == 75


def test_summary_takes_baseline_and_rebase_from_the_catalogue(sample):
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    cat = pd.DataFrame(
        {"pi_code": ["RF01", "RF02"], "spc_baseline": [12, pd.NA], "spc_rebase": [pd.NA, "2021-22 Q1; 2022-23 Q1"]}
    )
    summary = spc_panel.spc_summary(sample.panel, qi, catalogue=cat).set_index("pi_code")
    points = spc_panel.spc_points(sample.panel, qi)
    rf01 = points[points["pi_code"].eq("RF01")]
    direct = spc.spc_series(rf01["value"].to_numpy(), "lower", target=rf01["target"].to_numpy(), baseline=12)
    assert summary.loc["RF01", "mean"] == direct["mean"].iloc[-1]
    assert summary.loc["RF01", "spc_variation"] == direct.attrs["variation"]
    # RF02 rebased in 2021-22 Q1 (point 8) and 2022-23 Q1 (point 12): only 7 points left
    rf02 = points[points["pi_code"].eq("RF02")]
    direct = spc.spc_series(
        rf02["value"].to_numpy(), "lower", target=rf02["target"].to_numpy(), rebase_positions=[8, 12]
    )
    assert summary.loc["RF02", "spc_variation"] == direct.attrs["variation"] == spc.TOO_FEW
    # a rebase after the report quarter is ignored: never later data
    later = pd.DataFrame({"pi_code": ["RF02"], "spc_baseline": [pd.NA], "spc_rebase": ["2024-25 Q1"]})
    assert (
        spc_panel.spc_summary(sample.panel, qi, catalogue=later).set_index("pi_code").loc["RF02", "lcl"]
        == spc_panel.spc_summary(sample.panel, qi).set_index("pi_code").loc["RF02", "lcl"]
    )


def test_rebase_quarter_without_a_value_starts_at_the_next_point(sample):
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    # CS11 has no figure in 2022-23 Q2 (left blank): its rebase falls on 2022-23 Q3
    cat = pd.DataFrame({"pi_code": ["CS11"], "spc_baseline": [pd.NA], "spc_rebase": ["2022-23 Q2"]})
    points = spc_panel.spc_points(sample.panel, qi, catalogue=cat)
    cs11 = points[points["pi_code"].eq("CS11")].reset_index(drop=True)
    first_new = cs11.index[cs11["segment"].eq(1)][0]
    assert cs11.loc[first_new, "quarter"] == "2022-23 Q3"


# --------------------------------------------------------------------------- catalogue columns
def test_catalogue_accepts_the_optional_spc_columns(fresh_fixture):
    from perflib.core.config import load_config
    from perflib.inputs.catalogue import load_catalogue

    cat = load_catalogue(load_config(fresh_fixture))  # fixture has no spc columns: blank
    assert cat.indicators["spc_baseline"].isna().all() and cat.indicators["spc_rebase"].isna().all()
    path = fresh_fixture.parent / "catalogue" / "indicators.csv"
    lines = path.read_text().splitlines()
    lines[0] += ",spc_baseline,spc_rebase"
    lines[1] += ",12,2022-23 Q1; 2023/24 Q2"
    lines[2:] = [line + ",," for line in lines[2:]]
    path.write_text("\n".join(lines) + "\n")
    ind = load_catalogue(load_config(fresh_fixture)).indicators.set_index("pi_code")
    assert ind.loc["AA01", "spc_baseline"] == 12
    assert ind.loc["AA01", "spc_rebase"] == "2022-23 Q1;2023-24 Q2"
    assert pd.isna(ind.loc["AA02", "spc_baseline"]) and pd.isna(ind.loc["AA02", "spc_rebase"])


@pytest.mark.parametrize(
    "baseline,rebase,column",
    [
        ("ten", "", "spc_baseline"),
        ("8", "", "spc_baseline"),
        ("12.5", "", "spc_baseline"),
        ("", "2023 Q9", "spc_rebase"),
    ],
)
def test_catalogue_rejects_bad_spc_columns(fresh_fixture, baseline, rebase, column):
    from perflib.core.config import load_config
    from perflib.inputs.catalogue import CatalogueError, load_catalogue

    path = fresh_fixture.parent / "catalogue" / "indicators.csv"
    lines = path.read_text().splitlines()
    lines[0] += ",spc_baseline,spc_rebase"
    lines[1] += f",{baseline},{rebase}"
    lines[2:] = [line + ",," for line in lines[2:]]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(load_config(fresh_fixture))
    assert any(p.row == 2 and p.column == column for p in info.value.problems)


# --------------------------------------------------------------------------- chart
def test_spc_chart_has_alt_text_with_the_numbers(sample):
    from perflib.report.charts import Figure
    from perflib.report.spc_charts import spc_chart

    qi = int(sample.scorecard["quarter_index"].iloc[0])
    points = spc_panel.spc_points(sample.panel, qi)
    rf01 = points[points["pi_code"].eq("RF01")]
    fig = spc_chart(rf01, "RF01 Average time to answer calls", unit="seconds", decimals=0, direction="lower")
    assert isinstance(fig, Figure) and fig.png.startswith(b"\x89PNG")
    summary = spc_panel.spc_summary(sample.panel, qi).set_index("pi_code").loc["RF01"]
    assert f"mean {summary['mean']:,.0f} seconds" in fig.alt
    assert f"{summary['lcl']:,.0f} seconds to {summary['ucl']:,.0f} seconds" in fig.alt
    assert "237 seconds in 2023-24 Q3" in fig.alt
    assert summary["spc_variation"] in fig.alt and summary["spc_assurance"].lower() in fig.alt.lower()
    few = spc_chart(points[points["pi_code"].eq("RF11")], "RF11", unit="percent", decimals=0, direction="higher")
    assert "Too few points" in few.alt


RULE_NAMES = {
    "outside": spc.RULE_OUTSIDE,
    "trend": spc.RULE_TREND,
    "two of three": spc.RULE_TWO_OF_THREE,
    "run": spc.RULE_RUN,
    "": "",
}


@pytest.mark.parametrize("seed", range(40))
def test_random_series_agree_with_the_simple_loop(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(12, 40))
    drift = np.cumsum(rng.normal(0, 1, n)) * rng.choice([0.0, 0.5, 2.0])
    values = np.round(rng.normal(50, 5, n) + drift, int(rng.integers(0, 2)))
    if seed % 3 == 0:  # plant a monotone stretch (a trend, maybe with a peak)
        k = int(rng.integers(0, n - 8))
        values[k : k + 8] = np.sort(values[k : k + 8])[:: int(rng.choice([1, -1]))]
    direction = rng.choice([HIGHER, LOWER])
    a = spc.spc_series(values, direction, target=48)
    pd.testing.assert_frame_equal(a, spc.spc_series(list(values), direction, target=48))
    res = simple_spc(list(values), direction, 48.0, float("nan"))
    assert a.attrs["variation"] == res["variation"] and a.attrs["assurance"] == res["assurance"]
    assert a["rule"].tolist() == [RULE_NAMES[r] for r in res["rules"]]
    assert a["signal"].tolist() == res["signals"]
    assert a["ucl"].iloc[0] == res["ucl"] and a["lcl"].iloc[0] == res["lcl"]


# --------------------------------------------------------------------------- whole panel = one series at a time
def points_one_pi_at_a_time(panel, quarter_index, catalogue=None):
    """The reference: spc_series on each PI's figures in turn (how spc_points is defined)."""
    figures = spc_panel._figures(panel, quarter_index, True)
    settings = spc_panel._settings(panel, catalogue)
    frames = []
    for code, rows in figures.groupby("pi_code", sort=False):
        base = settings.at[code, "spc_baseline"]
        rebase_at = spc_panel._rebase_quarters(settings.at[code, "spc_rebase"])
        qis = rows["quarter_index"].to_numpy()
        positions = {int(np.searchsorted(qis, r, side="left")) for r in rebase_at if r <= quarter_index}
        res = spc.spc_series(
            rows["figure"].to_numpy(),
            rows["good_direction"].iloc[0],
            rows["target"].to_numpy(),
            rows["target_upper"].to_numpy(),
            baseline=None if pd.isna(base) else int(base),
            rebase_positions=[p for p in positions if 0 < p < len(qis)],
        )
        res.insert(0, "pi_code", code)
        res.insert(1, "quarter_index", qis)
        res.insert(2, "quarter", rows["quarter"].to_numpy())
        res.insert(3, "good_direction", rows["good_direction"].iloc[0])
        frames.append(res)
    out = pd.concat(frames, ignore_index=True)
    out.attrs = {}
    return out


def test_whole_panel_equals_one_pi_at_a_time_on_the_sample(sample):
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    cat = pd.DataFrame({"pi_code": sample.panel["pi_code"].drop_duplicates()})
    cat["spc_baseline"] = [12 if i % 5 == 0 else pd.NA for i in range(len(cat))]
    cat["spc_rebase"] = [("2021-22 Q1; 2022-23 Q1" if i % 7 == 1 else pd.NA) for i in range(len(cat))]
    for catalogue in (None, cat):
        pd.testing.assert_frame_equal(
            spc_panel.spc_points(sample.panel, qi, catalogue), points_one_pi_at_a_time(sample.panel, qi, catalogue)
        )


def _panel_of(series):
    rows = []
    for i, (values, direction, baseline, rebase) in enumerate(series):
        for j, v in enumerate(values):
            qi = 2019 * 4 + j
            rows.append(
                {
                    "pi_code": f"P{i}",
                    "quarter_index": qi,
                    "quarter": f"{qi // 4}-{qi % 100 // 4:02d} Q{qi % 4 + 1}",
                    "q": qi % 4 + 1,
                    "due": v is not None,
                    "value": v,
                    "quarter_value": v,
                    "measure_type": "snapshot",
                    "unit": "percent",
                    "good_direction": direction,
                    "target": 50.0,
                    "target_upper": 60.0 if direction == "range" else np.nan,
                    "spc_baseline": baseline,
                    "spc_rebase": rebase,
                }
            )
    return pd.DataFrame(rows)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(
                st.one_of(
                    st.none(),
                    st.sampled_from([40.0, 45.0, 50.0, 50.0, 55.0, 60.0]),
                    st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 1)),
                ),
                max_size=30,
            ),
            st.sampled_from(["higher", "lower", "range", None]),
            st.sampled_from([np.nan, 12.0, 15.0]),
            st.sampled_from([None, "2020-21 Q1", "2020-21 Q3; 2021-22 Q2"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_whole_panel_equals_one_pi_at_a_time(series):
    panel = _panel_of(series)
    if panel.empty or not panel["value"].notna().any():
        return
    qi = int(panel["quarter_index"].max())
    pd.testing.assert_frame_equal(spc_panel.spc_points(panel, qi), points_one_pi_at_a_time(panel, qi))
