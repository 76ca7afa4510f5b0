"""SPC of one series: limits, screening, the four rules and their precedence, assurance, baselines, rebases.

Every expectation is worked out by hand from docs/methodology.md section 8.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from perflib.rules import spc

HIGHER, LOWER, RANGE = "higher", "lower", "range"
# --------------------------------------------------------------------------- runs
RUN_BROKEN = [9, 7, 9, 7, 9, 7, 10, 9, 11, 13, 11, 13, 11, 14]
RUN_OF_EIGHT = [9, 7, 9, 7, 9, 7, 8, 9, 11, 13, 11, 13, 11, 14]
# --------------------------------------------------------------------------- trends
TREND_UP = [10, 14, 9, 13, 10, 8, 9, 10, 11, 12, 13, 14]
# --------------------------------------------------------------------------- 2 of 3
TWO_OF_THREE = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 15.5, 15.5]
# --------------------------------------------------------------------------- precedence
PRECEDENCE = [14, 12, 15, 13, 14, 12, 15, 4, 5, 6, 7, 8, 9, 10]
# --------------------------------------------------------------------------- assurance
ALTERNATING = [9, 11] * 6  # mean 10, moving ranges all 2: limits 10 +/- 5.32 = 4.68 to 15.32
RULE_NAMES = {
    "outside": spc.RULE_OUTSIDE,
    "trend": spc.RULE_TREND,
    "two of three": spc.RULE_TWO_OF_THREE,
    "run": spc.RULE_RUN,
    "": "",
}


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
