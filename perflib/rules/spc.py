"""Statistical process control (SPC): is a PI's latest figure signal or noise?

This is NHS England's "Making Data Count" method, as the R package
NHSRplotthedots implements it, applied to each PI's history up to and including
the report quarter. The rules, in plain English with worked examples, are in
``docs/methodology.md`` section 8; this module is their single implementation.

For one series of points (oldest first):

* **mean** of the points (of the first ``baseline`` points when a baseline is
  fixed);
* **moving ranges** ``|x_i - x_(i-1)|``; those **at or above 3.267 x their
  mean** are screened out and the mean moving range is recomputed;
* **process limits** ``mean +/- 2.66 x mean moving range``; **near limits** at
  two thirds of that distance (``mean +/- 1.7733 x mean moving range``);
* **special cause** (a point is marked when it is part of any of these):

  1. *outside the limits*: strictly above the upper or below the lower limit;
  2. *trend*: 7 points in a row each strictly higher (or each strictly lower)
     than the one before; a tie breaks it;
  3. *two of three*: 2 of 3 consecutive points beyond the same near limit but
     inside the process limit, with all three points on that side of the mean
     (only the points beyond the near limit are marked);
  4. *run*: 7 points in a row on the same side of the mean; a point exactly on
     the mean breaks it.

  A point's direction comes from the first rule in that order that it is part
  of: the side of the mean for 1, 3 and 4, the way the trend goes for 2 (a
  point that ends one trend and starts the opposite one takes the trend it
  starts, as NHSRplotthedots does). High or upward is an **improvement** for a
  *higher* PI and a **concern** for a *lower* one; PIs without a good
  direction (*range* PIs, or none given) are **neutral**.
* **variation** is the class of the **last** point: "Common cause",
  "Special cause improvement", "Special cause concern" or "Special cause
  neutral"; "Too few points" when the series (or its latest segment after a
  rebase) has fewer points than ``spc.min_points`` in ``data/methodology.yml``
  (12), in which case nothing is calculated.
* **assurance** compares the latest point's target with the latest limits:
  "Consistently passing" when the target lies beyond the limit on the bad side
  (every point inside the limits meets it), "Consistently failing" when it
  lies beyond the limit on the good side, otherwise "Hit and miss". **A
  target exactly on a limit is Hit and miss**, as in NHSRplotthedots. For a
  range PI: passing when the band strictly contains both limits, failing when
  both limits are strictly outside the band on the same side, otherwise hit
  and miss. "None" without a target, without a direction, or with too few
  points.

A **rebase** starts a new segment: its own mean and limits, and no pattern
spans two segments. A **baseline** of N points fixes each segment's mean and
limits from its first N points (N must be at least 12).

Mean and limits are kept to 6 decimal places, and moving ranges are compared
with the screen at 6 decimal places, so that binary arithmetic cannot move a
value that is exactly on the mean, a limit or the screen across it.

Cumulative PIs are charted on the **quarter's own figure**, not the year to
date, because a year to date climbs within each year and restarts in Q1 (the
Making Data Count guidance is not to put cumulative figures on an SPC chart).
For a cumulative count the quarter's own target is the step in the
year-to-date target (Q3's is the Q3 target minus the Q2 target).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from perflib.core.methodology import default_methodology
from perflib.rules.spc_rules import (
    ASSURANCES,
    COMMON,
    COMMON_CAUSE,
    CONCERN,
    DECIMALS,
    FAILING,
    HIT_AND_MISS,
    IMPROVEMENT,
    LIMIT,
    NEAR,
    NEUTRAL,
    NO_ASSURANCE,
    PASSING,
    POINT_CLASSES,
    RULE_OUTSIDE,
    RULE_RUN,
    RULE_TREND,
    RULE_TWO_OF_THREE,
    RULES,
    SCREEN,
    SPECIAL_CONCERN,
    SPECIAL_IMPROVEMENT,
    SPECIAL_NEUTRAL,
    TOO_FEW,
    VARIATIONS,
    segment_spc,
)

_VARIATION_OF_CLASS = {
    COMMON: COMMON_CAUSE,
    IMPROVEMENT: SPECIAL_IMPROVEMENT,
    CONCERN: SPECIAL_CONCERN,
    NEUTRAL: SPECIAL_NEUTRAL,
}

#: Per-point columns of :func:`spc_series`, in order.
POINT_COLUMNS: tuple[str, ...] = (
    "value",
    "segment",
    "moving_range",
    "mr_screened",
    "mean",
    "lcl",
    "ucl",
    "near_lcl",
    "near_ucl",
    "target",
    "target_upper",
    "side_of_mean",
    "outside",
    "trend",
    "two_of_three",
    "run",
    "special_cause",
    "rule",
    "signal",
    "point_class",
)


#: Catalogue columns that set a PI's baseline and rebase quarters.
CATALOGUE_COLUMNS: tuple[str, ...] = ("spc_baseline", "spc_rebase")


def min_points_or_default(min_points: int | None) -> int:
    """The fewest points for process limits: ``min_points``, or ``spc.min_points`` in ``data/methodology.yml``."""
    return default_methodology().spc_min_points if min_points is None else int(min_points)


def good_sign(direction: str | None) -> int:
    """+1 when higher is better, -1 when lower is better, 0 otherwise (neutral).

    Parameters
    ----------
    direction : str or None
        The catalogue's ``good_direction``.

    Returns
    -------
    int
    """
    return {"higher": 1, "lower": -1}.get(direction if isinstance(direction, str) else "", 0)


def _as_array(values: float | Sequence[float] | np.ndarray | None, n: int, name: str) -> np.ndarray:
    if values is None:
        return np.full(n, np.nan)
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 0:
        return np.full(n, float(arr))
    if len(arr) != n:
        raise ValueError(f"{name} has {len(arr)} values for {n} points")
    return arr


def assurance(
    lcl: float, ucl: float, direction: str | None, target: float | None = None, target_upper: float | None = None
) -> str:
    """Whether the process will meet the target, from the latest limits.

    Parameters
    ----------
    lcl, ucl : float
        The latest lower and upper process limits (NaN when too few points).
    direction : str or None
        ``"higher"``, ``"lower"`` or ``"range"``; anything else gives "None".
    target : float, optional
        The target (the band's lower edge for a range PI).
    target_upper : float, optional
        The band's upper edge (range PIs).

    Returns
    -------
    str
        :data:`PASSING`, :data:`FAILING`, :data:`HIT_AND_MISS` or
        :data:`NO_ASSURANCE`. A target exactly on a limit (or a band edge
        exactly on a limit) is Hit and miss.
    """

    def missing(x: float | None) -> bool:
        return x is None or bool(pd.isna(x))

    if target is None or missing(lcl) or missing(ucl) or missing(target):
        return NO_ASSURANCE
    t = round(float(target), DECIMALS)
    if direction == "higher":
        return PASSING if t < lcl else FAILING if t > ucl else HIT_AND_MISS
    if direction == "lower":
        return PASSING if t > ucl else FAILING if t < lcl else HIT_AND_MISS
    if direction == "range":
        if target_upper is None or missing(target_upper):
            return NO_ASSURANCE
        u = round(float(target_upper), DECIMALS)
        if t < lcl and ucl < u:
            return PASSING
        if ucl < t or lcl > u:
            return FAILING
        return HIT_AND_MISS
    return NO_ASSURANCE


def variation(points: pd.DataFrame) -> str:
    """The variation icon's wording, from the class of the last point.

    Parameters
    ----------
    points : DataFrame
        From :func:`spc_series` (or one PI's rows of :func:`spc_points`).

    Returns
    -------
    str
        One of :data:`VARIATIONS`.
    """
    return _variation_of(points["point_class"].iloc[-1]) if len(points) else TOO_FEW


def _variation_of(point_class: object) -> str:
    """The variation wording for the class of a PI's last point (None: too few points)."""
    return _VARIATION_OF_CLASS.get(point_class, TOO_FEW) if isinstance(point_class, str) else TOO_FEW


def spc_series(
    values: Sequence[float] | np.ndarray | pd.Series,
    direction: str | None,
    target: float | Sequence[float] | None = None,
    target_upper: float | Sequence[float] | None = None,
    baseline: int | None = None,
    rebase_positions: Iterable[int] = (),
    min_points: int | None = None,
) -> pd.DataFrame:
    """SPC of one series of points, oldest first.

    Parameters
    ----------
    values : sequence of float
        The points, in time order, with no missing values (leave out periods
        with no figure).
    direction : str or None
        The PI's good direction: ``"higher"``, ``"lower"``, or ``"range"`` /
        ``None`` for neutral.
    target, target_upper : float or sequence of float, optional
        The target per point (or one for all); ``target_upper`` is the upper
        edge of a range PI's band. Assurance uses the last point's.
    baseline : int, optional
        Fix each segment's mean and limits from its first ``baseline`` points
        (at least 12).
    rebase_positions : iterable of int
        Positions (0-based, 1 to ``len(values) - 1``) where a new segment
        starts with its own mean and limits.
    min_points : int, optional
        Fewest points for limits (default ``spc.min_points`` in
        ``data/methodology.yml``).

    Returns
    -------
    DataFrame
        One row per point with the columns of :data:`POINT_COLUMNS`:
        ``segment``; ``moving_range`` and ``mr_screened`` (screened out of the
        mean moving range); ``mean``, ``lcl``, ``ucl``, ``near_lcl``,
        ``near_ucl`` (NaN in a segment of fewer than ``min_points`` points);
        ``target``, ``target_upper``; ``side_of_mean`` (+1, -1, 0 on it);
        a flag per rule (``outside``, ``trend``, ``two_of_three``, ``run``) and
        ``special_cause``; ``rule`` (the rule with precedence, ``""`` if none);
        ``signal`` (+1 high or upward, -1 low or downward, 0 none);
        ``point_class`` (``common``, ``improvement``, ``concern``,
        ``neutral``; None where there are too few points).
        ``attrs["variation"]`` and ``attrs["assurance"]`` hold the verdicts.

    Raises
    ------
    ValueError
        Missing values, a baseline under 12, rebase positions outside the
        series, or targets of the wrong length.
    """
    y = np.asarray(values, dtype=float).reshape(-1)
    n = len(y)
    if np.isnan(y).any():
        raise ValueError("values must not be missing: leave out periods without a figure")
    fewest = min_points_or_default(min_points)
    if baseline is not None and not pd.isna(baseline) and int(baseline) < fewest:
        raise ValueError(f"a baseline needs at least {fewest} points, not {int(baseline)}")
    base = None if baseline is None or pd.isna(baseline) else int(baseline)
    cuts = sorted({int(p) for p in rebase_positions})
    if any(p < 1 or p >= n for p in cuts):
        raise ValueError(f"rebase positions must be between 1 and {n - 1}: {cuts}")
    segment = np.searchsorted(np.asarray(cuts, dtype=int), np.arange(n), side="right")
    res = segment_spc(
        y, segment, np.full(n, good_sign(direction)), np.full(n, np.nan if base is None else base, dtype=float), fewest
    )
    cols: dict[str, np.ndarray] = {"value": y, "segment": segment, **res}
    cols["target"] = _as_array(target, n, "target")
    cols["target_upper"] = _as_array(target_upper, n, "target_upper")
    frame = pd.DataFrame({c: cols[c] for c in POINT_COLUMNS})
    for c in ("segment", "side_of_mean", "signal"):
        frame[c] = frame[c].astype(int)
    for c in ("mr_screened", "outside", "trend", "two_of_three", "run", "special_cause"):
        frame[c] = frame[c].astype(bool)
    for c in ("rule", "point_class"):
        frame[c] = frame[c].astype(object)
    frame.attrs["variation"] = variation(frame)
    if n:
        last = frame.iloc[-1]
        frame.attrs["assurance"] = assurance(last["lcl"], last["ucl"], direction, last["target"], last["target_upper"])
    else:
        frame.attrs["assurance"] = NO_ASSURANCE
    frame.attrs["direction"] = direction
    return frame


__all__ = [
    "spc_series",
    "variation",
    "assurance",
    "good_sign",
    "VARIATIONS",
    "ASSURANCES",
    "POINT_CLASSES",
    "RULES",
    "POINT_COLUMNS",
    "CATALOGUE_COLUMNS",
    "COMMON",
    "IMPROVEMENT",
    "CONCERN",
    "NEUTRAL",
    "COMMON_CAUSE",
    "SPECIAL_IMPROVEMENT",
    "SPECIAL_CONCERN",
    "SPECIAL_NEUTRAL",
    "TOO_FEW",
    "PASSING",
    "FAILING",
    "HIT_AND_MISS",
    "NO_ASSURANCE",
    "RULE_OUTSIDE",
    "RULE_TREND",
    "RULE_TWO_OF_THREE",
    "RULE_RUN",
    "LIMIT",
    "NEAR",
    "SCREEN",
    "DECIMALS",
    "min_points_or_default",
]
