"""The SPC arithmetic, vectorised: limits and the four special-cause rules for many series at once.

The method is described in :mod:`perflib.rules.spc` and ``docs/methodology.md``
section 8. This module works on every segment of every PI at once (one NumPy
pass, no loop over series); :func:`perflib.rules.spc.spc_series` and
:func:`perflib.rules.spc_panel.spc_points` both call :func:`segment_spc`, so the
rules are written once.
"""

from __future__ import annotations

import numpy as np

#: Multiplier of the mean moving range for the process limits.
LIMIT = 2.66
#: Multiplier for the near limits: two thirds of the way to the process limits.
NEAR = LIMIT * 2 / 3
#: Moving ranges at or above this multiple of their mean are screened out.
SCREEN = 3.267
#: Points in a run on one side of the mean, and in a trend.
RUN_LENGTH = 7
TREND_LENGTH = 7
#: Decimal places kept for mean, limits and the moving-range screen.
DECIMALS = 6

# point classes
COMMON = "common"
IMPROVEMENT = "improvement"
CONCERN = "concern"
NEUTRAL = "neutral"
POINT_CLASSES: tuple[str, ...] = (COMMON, IMPROVEMENT, CONCERN, NEUTRAL)

# variation (from the last point)
COMMON_CAUSE = "Common cause"
SPECIAL_IMPROVEMENT = "Special cause improvement"
SPECIAL_CONCERN = "Special cause concern"
SPECIAL_NEUTRAL = "Special cause neutral"
TOO_FEW = "Too few points"
VARIATIONS: tuple[str, ...] = (SPECIAL_IMPROVEMENT, SPECIAL_CONCERN, SPECIAL_NEUTRAL, COMMON_CAUSE, TOO_FEW)

# assurance
PASSING = "Consistently passing"
FAILING = "Consistently failing"
HIT_AND_MISS = "Hit and miss"
NO_ASSURANCE = "None"
ASSURANCES: tuple[str, ...] = (PASSING, HIT_AND_MISS, FAILING, NO_ASSURANCE)

# rules, in order of precedence
RULE_OUTSIDE = "outside limits"
RULE_TREND = "trend"
RULE_TWO_OF_THREE = "two of three"
RULE_RUN = "run"
RULES: tuple[str, ...] = (RULE_OUTSIDE, RULE_TREND, RULE_TWO_OF_THREE, RULE_RUN)


def _group_mean(groups: np.ndarray, values: np.ndarray, mask: np.ndarray, n_groups: int) -> np.ndarray:
    """Mean of ``values[mask]`` per group, by a plain running sum in row order (NaN for none)."""
    sums = np.bincount(groups[mask], weights=values[mask], minlength=n_groups)
    counts = np.bincount(groups[mask], minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def _round_each(values: np.ndarray) -> np.ndarray:
    """Python's ``round(x, DECIMALS)`` of each value (a segment's mean and limits are rounded so)."""
    return np.array([round(float(v), DECIMALS) for v in values], dtype=float)


def _runs_grouped(labels: np.ndarray, starts: np.ndarray, min_length: int) -> np.ndarray:
    """Which elements belong to a run of at least ``min_length`` equal, non-zero labels.

    ``starts`` marks where each series begins: a run never crosses one.
    """
    n = len(labels)
    if n == 0:
        return np.zeros(0, dtype=bool)
    new = starts.copy()
    new[1:] |= labels[1:] != labels[:-1]
    run_id = np.cumsum(new) - 1
    lengths = np.bincount(run_id)
    return (labels != 0) & (lengths[run_id] >= min_length)


def segment_spc(
    y: np.ndarray, gid: np.ndarray, sign: np.ndarray, baseline: np.ndarray, min_points: int
) -> dict[str, np.ndarray]:
    """SPC of every segment of every PI at once (rows sorted by segment, then time).

    ``gid`` numbers the segments 0, 1, ... in row order; ``sign`` and
    ``baseline`` are per row (NaN baseline: all the segment's points). Each
    segment is worked out on its own (mean and limits from its first
    ``baseline`` points, moving ranges and rules never crossing a segment
    start); segments under ``min_points`` points get no limits.
    """
    n = len(y)
    n_groups = int(gid[-1]) + 1 if n else 0
    starts = np.r_[True, gid[1:] != gid[:-1]] if n else np.zeros(0, dtype=bool)
    first = np.flatnonzero(starts)
    size = np.bincount(gid, minlength=n_groups)
    pos = np.arange(n) - first[gid]
    size_row = size[gid]
    k_row = np.where(np.isnan(baseline), size_row, np.minimum(np.nan_to_num(baseline, nan=0), size_row)).astype(int)
    ok_row = size_row >= min_points

    mr = np.full(n, np.nan)
    if n:
        mr[1:] = np.abs(np.diff(y))
    mr[starts] = np.nan
    fixed = ok_row & (pos >= 1) & (pos < k_row)
    amr0 = _group_mean(gid, mr, fixed, n_groups)
    screen_at = _round_each(SCREEN * amr0)
    keep = np.round(mr, DECIMALS) < screen_at[gid]
    screening = (amr0 > 0)[gid]
    screened = fixed & screening & ~keep
    amr_kept = _group_mean(gid, mr, fixed & keep, n_groups)
    amr = np.where(amr0 > 0, amr_kept, amr0)
    exact = _group_mean(gid, y, ok_row & (pos < k_row), n_groups)
    mean_g = _round_each(exact)
    lcl_g, ucl_g = _round_each(exact - LIMIT * amr), _round_each(exact + LIMIT * amr)
    nlcl_g, nucl_g = _round_each(exact - NEAR * amr), _round_each(exact + NEAR * amr)
    mean, lcl, ucl, near_lcl, near_ucl = (
        np.where(ok_row, g[gid], np.nan) for g in (mean_g, lcl_g, ucl_g, nlcl_g, nucl_g)
    )

    side = np.where(ok_row, np.sign(y - mean), 0).astype(int)
    outside = ok_row & ((y > ucl) | (y < lcl))
    close = ok_row & ~outside & ((y > near_ucl) | (y < near_lcl))
    run = ok_row & _runs_grouped(side, starts, RUN_LENGTH)

    step_in = np.zeros(n, dtype=int)  # the step into each point (0 at a segment's start)
    if n:
        step_in[1:] = np.sign(np.diff(y)).astype(int)
    step_in[starts] = 0
    in_run = _runs_grouped(step_in, starts, TREND_LENGTH - 1)
    in_dir = np.where(in_run, step_in, 0)
    out_dir = np.zeros(n, dtype=int)  # the step out of each point, if in a trend
    if n:
        out_dir[:-1] = np.where(starts[1:], 0, in_dir[1:])
    trend_dir = np.where(out_dir != 0, out_dir, in_dir)
    trend = ok_row & (trend_dir != 0)

    same_group2 = np.zeros(n, dtype=bool)  # rows i, i+1, i+2 in one segment
    if n > 2:
        same_group2[:-2] = gid[:-2] == gid[2:]
    window = np.zeros(n, dtype=bool)
    if n > 2:
        window[:-2] = (
            same_group2[:-2]
            & (side[:-2] != 0)
            & (side[:-2] == side[1:-1])
            & (side[1:-1] == side[2:])
            & (close[:-2].astype(int) + close[1:-1] + close[2:] >= 2)
        )
    member = window.copy()
    member[1:] |= window[:-1]
    member[2:] |= window[:-2]
    two = ok_row & member & close

    special = outside | trend | two | run
    rule = np.select(
        [outside, trend, two, run], [RULE_OUTSIDE, RULE_TREND, RULE_TWO_OF_THREE, RULE_RUN], default=""
    ).astype(object)
    signal = np.select([outside, trend, two, run], [side, trend_dir, side, side], default=0).astype(int)
    cls = np.where(
        sign == 0,
        np.where(special, NEUTRAL, COMMON),
        np.where(~special, COMMON, np.where(signal == sign, IMPROVEMENT, CONCERN)),
    ).astype(object)
    cls[~ok_row] = None
    return {
        "moving_range": mr,
        "mr_screened": screened,
        "mean": mean,
        "lcl": lcl,
        "ucl": ucl,
        "near_lcl": near_lcl,
        "near_ucl": near_ucl,
        "side_of_mean": side,
        "outside": outside,
        "trend": trend,
        "two_of_three": two,
        "run": run,
        "special_cause": special,
        "rule": rule,
        "signal": signal,
        "point_class": cls,
    }
