"""segment_spc: limits and rules of many segments at once, each worked out on its own.

The methodology's worked examples are checked through one series in tests/rules/test_spc.py;
here the arithmetic is done on short hand-worked segments (with a small ``min_points``) and the
segments of several PIs are passed together, as spc_panel does.
"""

import numpy as np
import pytest

from perflib.rules import spc_rules as r

NAN = np.nan
SHORT = [1.0, 3.0, 2.0, 4.0, 3.0]
# By hand: mean 13 / 5 = 2.6. Moving ranges 2, 1, 2, 1: mean 6 / 4 = 1.5; screen 3.267 x 1.5 = 4.9005, none goes.
# Limits 2.6 +/- 2.66 x 1.5 = 2.6 +/- 3.99 -> -1.39 and 6.59.
# Near limits 2.6 +/- (2.66 x 2/3) x 1.5 = 2.6 +/- 2.66 -> -0.06 and 5.26.


def spc(*segments, sign=1, baseline=NAN, min_points=5):
    """segment_spc of the segments given (each a list of values), rows in order."""
    y = np.array([v for seg in segments for v in seg], dtype=float)
    gid = np.repeat(np.arange(len(segments)), [len(seg) for seg in segments])
    signs = np.broadcast_to(np.asarray(sign), y.shape).astype(int)
    base = np.broadcast_to(np.asarray(baseline, dtype=float), y.shape).copy()
    return r.segment_spc(y, gid, signs, base, min_points)


def test_constants_are_the_methodologys():
    # docs/methodology.md section 8: 2.66, near limits two thirds out (1.7733), screen 3.267, 7 points, 6 decimals
    assert (r.LIMIT, r.SCREEN, r.RUN_LENGTH, r.TREND_LENGTH, r.DECIMALS) == (2.66, 3.267, 7, 7, 6)
    assert round(r.NEAR, 4) == 1.7733
    assert r.RULES == ("outside limits", "trend", "two of three", "run")  # in order of precedence


def test_limits_and_near_limits_of_a_short_segment():
    out = spc(SHORT)
    assert out["mean"] == pytest.approx([2.6] * 5)
    assert out["lcl"] == pytest.approx([-1.39] * 5) and out["ucl"] == pytest.approx([6.59] * 5)
    assert out["near_lcl"] == pytest.approx([-0.06] * 5) and out["near_ucl"] == pytest.approx([5.26] * 5)
    assert np.isnan(out["moving_range"][0]) and out["moving_range"][1:].tolist() == [2, 1, 2, 1]
    assert out["side_of_mean"].tolist() == [-1, 1, -1, 1, 1]
    assert not out["special_cause"].any() and not out["mr_screened"].any()
    assert out["point_class"].tolist() == [r.COMMON] * 5
    assert out["rule"].tolist() == [""] * 5 and out["signal"].tolist() == [0] * 5


def test_every_output_has_one_entry_per_row():
    out = spc(SHORT, [5.0, 6.0])
    assert set(out) == {
        "moving_range", "mr_screened", "mean", "lcl", "ucl", "near_lcl", "near_ucl", "side_of_mean", "outside",
        "trend", "two_of_three", "run", "special_cause", "rule", "signal", "point_class",
    }  # fmt: skip
    assert all(len(v) == 7 for v in out.values())


def test_a_segment_under_min_points_gets_no_limits_beside_one_that_has_enough():
    out = spc([1.0, 3.0, 2.0, 4.0], SHORT)  # 4 points, then 5, with min_points 5
    assert np.isnan(out["mean"][:4]).all() and np.isnan(out["ucl"][:4]).all()
    assert out["point_class"][:4].tolist() == [None] * 4
    assert out["side_of_mean"][:4].tolist() == [0] * 4 and not out["special_cause"][:4].any()
    assert out["mean"][4:] == pytest.approx([2.6] * 5) and out["ucl"][4:] == pytest.approx([6.59] * 5)


def test_segments_do_not_share_moving_ranges_or_limits():
    out = spc(SHORT, [v + 100 for v in SHORT])
    assert out["mean"][5:] == pytest.approx([102.6] * 5)
    assert out["lcl"][5:] == pytest.approx([98.61] * 5) and out["ucl"][5:] == pytest.approx([106.59] * 5)
    assert np.isnan(out["moving_range"][5])  # not |101 - 3| = 98: a new segment starts
    assert not out["special_cause"].any()


# Two halves of 7: below, below, below, above x 4 | above x 4, below x 3 (each mean 29 / 7 = 4.142857).
# Each half: moving ranges 1, 1, 3, 1, 1, 1 (mean 1.333333): limits 4.142857 +/- 3.546667, near +/- 2.364444
# (1.778413 to 6.507302): nothing beyond a near limit, no trend, at most 4 in a row on one side.
# As one segment: moving ranges sum 16 over 13 (1.230769), mean 4.142857, near limits 1.960293 to
# 6.325421; points 4 to 11 are 8 in a row above the mean: a run.
HALF_A = [2.0, 3.0, 2.0, 5.0, 6.0, 5.0, 6.0]
HALF_B = [6.0, 5.0, 6.0, 5.0, 2.0, 3.0, 2.0]


def test_a_run_never_crosses_a_segment_start():
    apart = spc(HALF_A, HALF_B)
    assert not apart["special_cause"].any()
    together = spc(HALF_A + HALF_B)
    assert together["run"].tolist() == [False] * 3 + [True] * 8 + [False] * 3
    assert set(together["rule"][3:11]) == {r.RULE_RUN} and set(together["signal"][3:11]) == {1}


def test_a_trend_never_crosses_a_segment_start():
    # 1..4 then 5..7: six rising steps in a row if joined (7 points), but 3 and 2 steps apart
    apart = spc([3.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 6.5, 6.0], min_points=5)
    assert not apart["trend"].any()
    together = spc([3.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 6.5, 6.0], min_points=5)
    assert together["trend"].tolist() == [False] + [True] * 7 + [False] * 2  # 1 up to 7: seven points


def test_baseline_fixes_limits_from_the_first_points():
    # Baseline 5: mean and limits from SHORT alone (2.6, -1.39 to 6.59) for all seven rows;
    # 9 and 9 are above 6.59: outside. The step 3 -> 9 is not in the mean moving range.
    fixed = spc(SHORT + [9.0, 9.0], baseline=5)
    assert fixed["ucl"] == pytest.approx([6.59] * 7)
    assert fixed["outside"].tolist() == [False] * 5 + [True, True]
    assert fixed["point_class"][5:].tolist() == [r.IMPROVEMENT] * 2
    # Without it: mean 31 / 7 = 4.428571; moving ranges 2, 1, 2, 1, 6, 0 (mean 2, screen 6.534 keeps 6):
    # limits 4.428571 +/- 5.32 = -0.891429 to 9.748571, and the 9s are inside.
    free = spc(SHORT + [9.0, 9.0])
    assert free["ucl"][0] == pytest.approx(9.748571) and not free["outside"].any()
    # A baseline longer than the segment uses all its points.
    assert spc(SHORT, baseline=20)["ucl"] == pytest.approx([6.59] * 5)


@pytest.mark.parametrize("last,outside", [(6.59, False), (6.6, True), (-1.39, False), (-1.4, True)])
def test_a_point_exactly_on_a_limit_is_inside(last, outside):
    out = spc(SHORT + [last], baseline=5)
    assert bool(out["outside"][-1]) is outside
    assert bool(out["special_cause"][-1]) is outside


@pytest.mark.parametrize("sign,cls", [(1, r.IMPROVEMENT), (-1, r.CONCERN), (0, r.NEUTRAL)])
def test_the_direction_of_a_signal_and_which_way_is_good(sign, cls):
    out = spc(SHORT + [9.0, 9.0], baseline=5, sign=sign)
    assert out["signal"][5:].tolist() == [1, 1]  # high
    assert set(out["rule"][5:]) == {r.RULE_OUTSIDE}
    assert out["point_class"].tolist() == [r.COMMON] * 5 + [cls] * 2


@pytest.mark.parametrize(
    "jump,screened",
    [
        # 0, 7.733 alternating then a jump: ten moving ranges of 7.733 and one of `jump`.
        # 32.67: mean (77.33 + 32.67) / 11 = 10, screen 32.67: exactly at it, screened.
        (32.67, True),
        # 32.669: mean 9.999909, screen 32.669703: below it, kept.
        (32.669, False),
    ],
)
def test_a_moving_range_at_the_screen_is_screened(jump, screened):
    out = spc([0.0, 7.733] * 5 + [0.0, jump], min_points=12)
    assert out["mr_screened"].tolist() == [False] * 11 + [screened]
    # screened: the mean moving range is 7.733 (limits mean +/- 20.56978);
    # kept: (77.33 + 32.669) / 11 = 9.999909 (limits mean +/- 26.599758)
    mean = (5 * 7.733 + jump) / 12
    half_width = 2.66 * (7.733 if screened else (77.33 + jump) / 11)
    assert out["ucl"][0] == pytest.approx(mean + half_width, abs=1e-6)


def test_no_rows():
    out = r.segment_spc(np.array([]), np.array([], dtype=int), np.array([], dtype=int), np.array([]), 12)
    assert all(len(v) == 0 for v in out.values())
