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
  rebase) has fewer than 12 points, in which case nothing is calculated.
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

from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from perflib.catalogue import Catalogue
from perflib.quarters import Quarter

#: Multiplier of the mean moving range for the process limits.
LIMIT = 2.66
#: Multiplier for the near limits: two thirds of the way to the process limits.
NEAR = LIMIT * 2 / 3
#: Moving ranges at or above this multiple of their mean are screened out.
SCREEN = 3.267
#: Fewest points for limits to be calculated.
MIN_POINTS = 12
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

_VARIATION_OF_CLASS = {COMMON: COMMON_CAUSE, IMPROVEMENT: SPECIAL_IMPROVEMENT, CONCERN: SPECIAL_CONCERN,
                       NEUTRAL: SPECIAL_NEUTRAL}

#: Per-point columns of :func:`spc_series`, in order.
POINT_COLUMNS: tuple[str, ...] = (
    "value", "segment", "moving_range", "mr_screened", "mean", "lcl", "ucl", "near_lcl", "near_ucl",
    "target", "target_upper", "side_of_mean", "outside", "trend", "two_of_three", "run", "special_cause",
    "rule", "signal", "point_class",
)

#: Catalogue columns that set a PI's baseline and rebase quarters.
CATALOGUE_COLUMNS: tuple[str, ...] = ("spc_baseline", "spc_rebase")


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


def _segments(y: np.ndarray, gid: np.ndarray, sign: np.ndarray, baseline: np.ndarray) -> dict[str, np.ndarray]:
    """SPC of every segment of every PI at once (rows sorted by segment, then time).

    ``gid`` numbers the segments 0, 1, ... in row order; ``sign`` and
    ``baseline`` are per row (NaN baseline: all the segment's points). Each
    segment is worked out on its own (mean and limits from its first
    ``baseline`` points, moving ranges and rules never crossing a segment
    start); segments under :data:`MIN_POINTS` points get no limits.
    """
    n = len(y)
    n_groups = int(gid[-1]) + 1 if n else 0
    starts = np.r_[True, gid[1:] != gid[:-1]] if n else np.zeros(0, dtype=bool)
    first = np.flatnonzero(starts)
    size = np.bincount(gid, minlength=n_groups)
    pos = np.arange(n) - first[gid]
    size_row = size[gid]
    k_row = np.where(np.isnan(baseline), size_row, np.minimum(np.nan_to_num(baseline, nan=0), size_row)).astype(int)
    ok_row = size_row >= MIN_POINTS

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
    mean, lcl, ucl, near_lcl, near_ucl = (np.where(ok_row, g[gid], np.nan)
                                           for g in (mean_g, lcl_g, ucl_g, nlcl_g, nucl_g))

    side = np.where(ok_row, np.sign(y - mean), 0).astype(int)
    outside = ok_row & ((y > ucl) | (y < lcl))
    close = ok_row & ~outside & ((y > near_ucl) | (y < near_lcl))
    run = ok_row & _runs_grouped(side, starts, RUN_LENGTH)

    step_in = np.zeros(n, dtype=int)                    # the step into each point (0 at a segment's start)
    if n:
        step_in[1:] = np.sign(np.diff(y)).astype(int)
    step_in[starts] = 0
    in_run = _runs_grouped(step_in, starts, TREND_LENGTH - 1)
    in_dir = np.where(in_run, step_in, 0)
    out_dir = np.zeros(n, dtype=int)                    # the step out of each point, if in a trend
    if n:
        out_dir[:-1] = np.where(starts[1:], 0, in_dir[1:])
    trend_dir = np.where(out_dir != 0, out_dir, in_dir)
    trend = ok_row & (trend_dir != 0)

    same_group2 = np.zeros(n, dtype=bool)               # rows i, i+1, i+2 in one segment
    if n > 2:
        same_group2[:-2] = (gid[:-2] == gid[2:])
    window = np.zeros(n, dtype=bool)
    if n > 2:
        window[:-2] = (same_group2[:-2] & (side[:-2] != 0) & (side[:-2] == side[1:-1]) & (side[1:-1] == side[2:])
                       & (close[:-2].astype(int) + close[1:-1] + close[2:] >= 2))
    member = window.copy()
    member[1:] |= window[:-1]
    member[2:] |= window[:-2]
    two = ok_row & member & close

    special = outside | trend | two | run
    rule = np.select([outside, trend, two, run], [RULE_OUTSIDE, RULE_TREND, RULE_TWO_OF_THREE, RULE_RUN],
                     default="").astype(object)
    signal = np.select([outside, trend, two, run], [side, trend_dir, side, side], default=0).astype(int)
    cls = np.where(sign == 0, np.where(special, NEUTRAL, COMMON),
                   np.where(~special, COMMON, np.where(signal == sign, IMPROVEMENT, CONCERN))).astype(object)
    cls[~ok_row] = None
    return {
        "moving_range": mr, "mr_screened": screened, "mean": mean, "lcl": lcl, "ucl": ucl,
        "near_lcl": near_lcl, "near_ucl": near_ucl, "side_of_mean": side, "outside": outside, "trend": trend,
        "two_of_three": two, "run": run, "special_cause": special, "rule": rule, "signal": signal,
        "point_class": cls,
    }


def _as_array(values: float | Sequence[float] | np.ndarray | None, n: int, name: str) -> np.ndarray:
    if values is None:
        return np.full(n, np.nan)
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 0:
        return np.full(n, float(arr))
    if len(arr) != n:
        raise ValueError(f"{name} has {len(arr)} values for {n} points")
    return arr


def assurance(lcl: float, ucl: float, direction: str | None, target: float | None = None,
              target_upper: float | None = None) -> str:
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
        return x is None or pd.isna(x)

    if missing(lcl) or missing(ucl) or missing(target):
        return NO_ASSURANCE
    t = round(float(target), DECIMALS)
    if direction == "higher":
        return PASSING if t < lcl else FAILING if t > ucl else HIT_AND_MISS
    if direction == "lower":
        return PASSING if t > ucl else FAILING if t < lcl else HIT_AND_MISS
    if direction == "range":
        if missing(target_upper):
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


def spc_series(values: Sequence[float] | np.ndarray | pd.Series, direction: str | None,
               target: float | Sequence[float] | None = None, target_upper: float | Sequence[float] | None = None,
               baseline: int | None = None, rebase_positions: Iterable[int] = ()) -> pd.DataFrame:
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

    Returns
    -------
    DataFrame
        One row per point with the columns of :data:`POINT_COLUMNS`:
        ``segment``; ``moving_range`` and ``mr_screened`` (screened out of the
        mean moving range); ``mean``, ``lcl``, ``ucl``, ``near_lcl``,
        ``near_ucl`` (NaN in a segment of fewer than 12 points);
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
    if baseline is not None and not pd.isna(baseline) and int(baseline) < MIN_POINTS:
        raise ValueError(f"a baseline needs at least {MIN_POINTS} points, not {int(baseline)}")
    base = None if baseline is None or pd.isna(baseline) else int(baseline)
    cuts = sorted({int(p) for p in rebase_positions})
    if any(p < 1 or p >= n for p in cuts):
        raise ValueError(f"rebase positions must be between 1 and {n - 1}: {cuts}")
    segment = np.searchsorted(np.asarray(cuts, dtype=int), np.arange(n), side="right")
    res = _segments(y, segment, np.full(n, good_sign(direction)), np.full(n, np.nan if base is None else base,
                                                                           dtype=float))
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
        frame.attrs["assurance"] = assurance(last["lcl"], last["ucl"], direction, last["target"],
                                             last["target_upper"])
    else:
        frame.attrs["assurance"] = NO_ASSURANCE
    frame.attrs["direction"] = direction
    return frame


# --------------------------------------------------------------------------- panels
def _rebase_quarters(text: object) -> list[int]:
    """Quarter indices from ``"2021-22 Q1; 2022-23 Q3"`` (blank gives none)."""
    if text is None or (not isinstance(text, (str, list, tuple)) and pd.isna(text)):
        return []
    parts = text.split(";") if isinstance(text, str) else list(text)
    return [Quarter.parse(p).index for p in (str(x).strip() for x in parts) if p]


def _settings(panel: pd.DataFrame, catalogue: Catalogue | pd.DataFrame | None) -> pd.DataFrame:
    """Baseline and rebase quarters per PI, from the catalogue or the panel's own columns."""
    source = panel if catalogue is None else getattr(catalogue, "indicators", catalogue)
    first = source.drop_duplicates("pi_code").set_index("pi_code")
    out = pd.DataFrame(index=pd.Index(panel["pi_code"].drop_duplicates().to_numpy(), name="pi_code"))
    for col in CATALOGUE_COLUMNS:
        out[col] = out.index.map(first[col]) if col in first else pd.NA
    return out


def _figures(panel: pd.DataFrame, quarter_index: int, cumulative_own_figure: bool) -> pd.DataFrame:
    """Every due period with a figure, up to ``quarter_index``, with the target it is judged against."""
    codes, _ = pd.factorize(panel["pi_code"], sort=False)        # 0, 1, ... in the panel's PI order
    order = np.lexsort((panel["quarter_index"].to_numpy(), codes))  # by PI, then time (stable)
    needed = [c for c in ("pi_code", "quarter_index", "quarter", "q", "due", "value", "quarter_value", "measure_type",
                          "unit", "good_direction", "target", "target_upper") if c in panel]
    work = panel[needed].take(order)
    code = codes[order]
    same_pi = np.r_[False, code[1:] == code[:-1]]                   # the row before is the same PI's
    qi = work["quarter_index"].to_numpy(dtype=np.int64)
    measure = work["measure_type"].to_numpy(dtype=object)
    cumulative = (measure == "cumulative") if cumulative_own_figure else np.zeros(len(work), dtype=bool)
    figure = np.where(cumulative, work["quarter_value"].to_numpy(dtype=float), work["value"].to_numpy(dtype=float))
    target = work["target"].to_numpy(dtype=float)
    prev = np.r_[np.nan, target[:-1]]
    prev_q = np.r_[-1, qi[:-1]]
    count = cumulative & (work["unit"].to_numpy(dtype=object) == "count") & (work["q"].to_numpy() > 1)
    step = target - np.where(same_pi & (prev_q == qi - 1), prev, np.nan)
    target = np.where(count, step, target)
    upper = work["target_upper"].to_numpy(dtype=float) if "target_upper" in work else np.full(len(work), np.nan)
    keep = (qi <= quarter_index) & work["due"].to_numpy(dtype=bool) & ~np.isnan(figure)
    return pd.DataFrame({
        "pi_code": work["pi_code"].to_numpy(dtype=object)[keep], "quarter_index": qi[keep].astype(int),
        "quarter": work["quarter"].to_numpy(dtype=object)[keep],
        "good_direction": work["good_direction"].to_numpy(dtype=object)[keep],
        "figure": figure[keep], "target": target[keep], "target_upper": upper[keep],
    })


def spc_points(panel: pd.DataFrame, quarter_index: int, catalogue: Catalogue | pd.DataFrame | None = None,
               cumulative_own_figure: bool = True) -> pd.DataFrame:
    """SPC of every PI's history up to and including ``quarter_index``, point by point.

    Parameters
    ----------
    panel : DataFrame
        The rated panel (:func:`perflib.pipeline.build_panel`): ``pi_code``,
        ``quarter_index``, ``quarter``, ``q``, ``due``, ``value``,
        ``quarter_value``, ``measure_type``, ``unit``, ``good_direction``,
        ``target``, ``target_upper``.
    quarter_index : int
        The report quarter's :attr:`perflib.quarters.Quarter.index`; later
        rows are never used.
    catalogue : Catalogue or DataFrame, optional
        Gives ``spc_baseline`` and ``spc_rebase`` per ``pi_code``; by default
        they are taken from the panel's own columns when it has them.
    cumulative_own_figure : bool
        Chart cumulative PIs on the quarter's own figure (default) rather
        than the year to date.

    Returns
    -------
    DataFrame
        One row per PI per point (due periods with a figure, oldest first, in
        the panel's PI order): ``pi_code``, ``quarter_index``, ``quarter``,
        ``good_direction`` and the columns of :func:`spc_series`, where
        ``value`` is the figure charted and ``target`` the target it is
        judged against.
    """
    figures = _figures(panel, quarter_index, cumulative_own_figure)
    columns = ["pi_code", "quarter_index", "quarter", "good_direction", *POINT_COLUMNS]
    if figures.empty:
        return pd.DataFrame(columns=columns)
    settings = _settings(panel, catalogue)
    codes = figures["pi_code"].to_numpy()
    qis = figures["quarter_index"].to_numpy()
    n = len(figures)
    code_start = np.r_[True, codes[1:] != codes[:-1]]
    code_id = np.cumsum(code_start) - 1
    code_first = np.flatnonzero(code_start)
    pos_in_code = np.arange(n) - code_first[code_id]

    # Baselines and rebases, per PI (few PIs have them; SPC of each segment is then vectorised).
    baseline = pd.to_numeric(figures["pi_code"].map(settings["spc_baseline"]), errors="coerce").to_numpy(float)
    short = baseline[~np.isnan(baseline)]
    if (short < MIN_POINTS).any():
        raise ValueError(f"a baseline needs at least {MIN_POINTS} points, not {int(short.min())}")
    segment = np.zeros(n, dtype=int)
    rebased = settings["spc_rebase"].dropna()
    for code, text in rebased.items():
        rebase_at = _rebase_quarters(text)
        if not rebase_at:
            continue
        rows = np.flatnonzero(codes == code)
        if not len(rows):
            continue
        own = qis[rows]
        cuts = sorted({int(np.searchsorted(own, r, side="left")) for r in rebase_at if r <= quarter_index})
        cuts = [c for c in cuts if 0 < c < len(own)]
        segment[rows] = np.searchsorted(np.asarray(cuts, dtype=int), pos_in_code[rows], side="right")
    seg_start = code_start | np.r_[False, segment[1:] != segment[:-1]]
    gid = np.cumsum(seg_start) - 1

    y = figures["figure"].to_numpy(dtype=float)
    directions = figures["good_direction"].to_numpy(dtype=object)
    sign = np.where(directions == "higher", 1, np.where(directions == "lower", -1, 0))    # good_sign, vectorised
    res = _segments(y, gid, sign, baseline)
    cols: dict[str, object] = {
        "pi_code": codes, "quarter_index": qis.astype(int), "quarter": figures["quarter"].to_numpy(),
        "good_direction": figures["good_direction"].to_numpy(), "value": y, "segment": segment,
        **res,
        "target": figures["target"].to_numpy(dtype=float),
        "target_upper": figures["target_upper"].to_numpy(dtype=float),
    }
    kinds = {"segment": int, "side_of_mean": int, "signal": int, "mr_screened": bool, "outside": bool,
             "trend": bool, "two_of_three": bool, "run": bool, "special_cause": bool, "pi_code": object,
             "quarter": object, "good_direction": object, "rule": object, "point_class": object}
    return pd.DataFrame({c: np.asarray(cols[c], dtype=kinds.get(c, float if c != "quarter_index" else int))
                         for c in columns})


def spc_summary(panel: pd.DataFrame, quarter_index: int, catalogue: Catalogue | pd.DataFrame | None = None,
                cumulative_own_figure: bool = True, points: pd.DataFrame | None = None) -> pd.DataFrame:
    """Variation and assurance of every PI for the report quarter.

    Parameters
    ----------
    panel : DataFrame
        The rated panel (see :func:`spc_points`).
    quarter_index : int
        The report quarter's index; later rows are never used.
    catalogue : Catalogue or DataFrame, optional
        ``spc_baseline`` and ``spc_rebase`` per PI (see :func:`spc_points`).
    cumulative_own_figure : bool
        See :func:`spc_points`.
    points : DataFrame, optional
        The panel's :func:`spc_points` with the same arguments, when already
        worked out (it is not worked out twice).

    Returns
    -------
    DataFrame
        One row per ``pi_code`` of the panel, in its order:
        ``spc_variation`` (one of :data:`VARIATIONS`), ``spc_assurance`` (one
        of :data:`ASSURANCES`), ``n_points`` (points in the whole history),
        ``mean``, ``lcl``, ``ucl`` (the latest segment's; NaN with too few
        points), ``spc_rule`` (the rule that marks the last point, ``""`` if
        none), ``spc_last_period`` and ``spc_last_value`` (the last point),
        ``spc_target`` and ``spc_target_upper`` (what assurance used) and
        ``spc_figure`` (``"quarter's own figure"`` for cumulative PIs,
        otherwise ``"value"``).
    """
    if points is None:
        points = spc_points(panel, quarter_index, catalogue, cumulative_own_figure)
    first = panel.drop_duplicates("pi_code").set_index("pi_code")
    codes = first.index
    own = (first["measure_type"] == "cumulative") & cumulative_own_figure
    out = pd.DataFrame({
        "pi_code": codes.to_numpy(), "spc_variation": TOO_FEW, "spc_assurance": NO_ASSURANCE, "n_points": 0,
        "mean": np.nan, "lcl": np.nan, "ucl": np.nan, "spc_rule": "", "spc_last_period": None,
        "spc_last_value": np.nan, "spc_target": np.nan, "spc_target_upper": np.nan,
        "spc_figure": np.where(own.to_numpy(), "quarter's own figure", "value"),
    })
    if len(points):
        last = points.drop_duplicates("pi_code", keep="last").set_index("pi_code")
        counts = points.groupby("pi_code", sort=False).size()
        where = out["pi_code"].isin(last.index).to_numpy()
        lx = last.loc[out.loc[where, "pi_code"]]
        directions = first["good_direction"].reindex(lx.index).to_numpy()
        out.loc[where, "spc_variation"] = [_variation_of(c) for c in lx["point_class"]]
        out.loc[where, "spc_assurance"] = [assurance(lo, up, d, t, tu) for lo, up, d, t, tu in
                                           zip(lx["lcl"], lx["ucl"], directions, lx["target"], lx["target_upper"])]
        out.loc[where, "n_points"] = counts.reindex(lx.index).to_numpy()
        for col, src in (("mean", "mean"), ("lcl", "lcl"), ("ucl", "ucl"), ("spc_rule", "rule"),
                         ("spc_last_period", "quarter"), ("spc_last_value", "value"), ("spc_target", "target"),
                         ("spc_target_upper", "target_upper")):
            out.loc[where, col] = lx[src].to_numpy()
    out["n_points"] = out["n_points"].astype(int)
    for col in ("mean", "lcl", "ucl", "spc_last_value", "spc_target", "spc_target_upper"):
        out[col] = out[col].astype(float)
    return out


__all__ = [
    "spc_series", "spc_points", "spc_summary", "variation", "assurance", "good_sign",
    "VARIATIONS", "ASSURANCES", "POINT_CLASSES", "RULES", "POINT_COLUMNS", "CATALOGUE_COLUMNS",
    "COMMON", "IMPROVEMENT", "CONCERN", "NEUTRAL",
    "COMMON_CAUSE", "SPECIAL_IMPROVEMENT", "SPECIAL_CONCERN", "SPECIAL_NEUTRAL", "TOO_FEW",
    "PASSING", "FAILING", "HIT_AND_MISS", "NO_ASSURANCE",
    "RULE_OUTSIDE", "RULE_TREND", "RULE_TWO_OF_THREE", "RULE_RUN",
    "LIMIT", "NEAR", "SCREEN", "MIN_POINTS",
]
