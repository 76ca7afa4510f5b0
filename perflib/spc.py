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


def _runs(labels: np.ndarray, min_length: int) -> np.ndarray:
    """Which elements belong to a run of at least ``min_length`` equal, non-zero labels."""
    n = len(labels)
    if n == 0:
        return np.zeros(0, dtype=bool)
    starts = np.r_[True, labels[1:] != labels[:-1]]
    run_id = np.cumsum(starts) - 1
    lengths = np.bincount(run_id)
    return (labels != 0) & (lengths[run_id] >= min_length)


def _segment(y: np.ndarray, sign: int, baseline: int | None) -> dict[str, np.ndarray]:
    """SPC of one segment (no rebase inside it); NumPy throughout."""
    n = len(y)
    nan = np.full(n, np.nan)
    mr = np.r_[np.nan, np.abs(np.diff(y))] if n else nan.copy()
    out: dict[str, np.ndarray] = {
        "moving_range": mr, "mr_screened": np.zeros(n, dtype=bool),
        "mean": nan, "lcl": nan, "ucl": nan, "near_lcl": nan, "near_ucl": nan,
        "side_of_mean": np.zeros(n, dtype=int), "outside": np.zeros(n, dtype=bool),
        "trend": np.zeros(n, dtype=bool), "two_of_three": np.zeros(n, dtype=bool),
        "run": np.zeros(n, dtype=bool), "special_cause": np.zeros(n, dtype=bool),
        "rule": np.full(n, "", dtype=object), "signal": np.zeros(n, dtype=int),
        "point_class": np.full(n, None, dtype=object),
    }
    if n < MIN_POINTS:
        return out

    # --- mean and limits (from the baseline when fixed) ---------------------------
    k = n if baseline is None else min(int(baseline), n)
    fixed_mr = mr[1:k]
    amr = float(np.mean(fixed_mr))
    screened = np.zeros(n, dtype=bool)
    if amr > 0:
        keep = np.round(fixed_mr, DECIMALS) < round(SCREEN * amr, DECIMALS)
        screened[1:k] = ~keep
        amr = float(np.mean(fixed_mr[keep]))
    exact = float(np.mean(y[:k]))
    mean = round(exact, DECIMALS)
    lcl, ucl = round(exact - LIMIT * amr, DECIMALS), round(exact + LIMIT * amr, DECIMALS)
    near_lcl, near_ucl = round(exact - NEAR * amr, DECIMALS), round(exact + NEAR * amr, DECIMALS)

    # --- the four rules --------------------------------------------------------------
    side = np.sign(y - mean).astype(int)
    outside = (y > ucl) | (y < lcl)
    close = ~outside & ((y > near_ucl) | (y < near_lcl))

    run = _runs(side, RUN_LENGTH)

    steps = np.sign(np.diff(y)).astype(int)
    step_in_trend = _runs(steps, TREND_LENGTH - 1)
    out_dir = np.r_[np.where(step_in_trend, steps, 0), 0]       # the trend a point starts or continues
    in_dir = np.r_[0, np.where(step_in_trend, steps, 0)]        # the trend a point ends or continues
    trend_dir = np.where(out_dir != 0, out_dir, in_dir)
    trend = trend_dir != 0

    same_side = (side[:-2] != 0) & (side[:-2] == side[1:-1]) & (side[1:-1] == side[2:])
    beyond = close[:-2].astype(int) + close[1:-1] + close[2:] >= 2
    window = same_side & beyond                                 # window starting at each point
    member = np.zeros(n, dtype=bool)
    member[:-2] |= window
    member[1:-1] |= window
    member[2:] |= window
    two = member & close

    special = outside | trend | two | run
    rule = np.select([outside, trend, two, run], [RULE_OUTSIDE, RULE_TREND, RULE_TWO_OF_THREE, RULE_RUN],
                     default="").astype(object)
    signal = np.select([outside, trend, two, run], [side, trend_dir, side, side], default=0).astype(int)
    if sign == 0:
        cls = np.where(special, NEUTRAL, COMMON)
    else:
        cls = np.where(~special, COMMON, np.where(signal == sign, IMPROVEMENT, CONCERN))

    out.update({
        "mr_screened": screened,
        "mean": np.full(n, mean), "lcl": np.full(n, lcl), "ucl": np.full(n, ucl),
        "near_lcl": np.full(n, near_lcl), "near_ucl": np.full(n, near_ucl),
        "side_of_mean": side, "outside": outside, "trend": trend, "two_of_three": two, "run": run,
        "special_cause": special, "rule": rule, "signal": signal, "point_class": cls.astype(object),
    })
    return out


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
    if len(points) == 0:
        return TOO_FEW
    cls = points["point_class"].iloc[-1]
    return _VARIATION_OF_CLASS.get(cls, TOO_FEW) if isinstance(cls, str) else TOO_FEW


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
    sign = good_sign(direction)
    bounds = [0, *cuts, n]
    parts = []
    for seg, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        part = _segment(y[a:b], sign, base)
        part["segment"] = np.full(b - a, seg)
        parts.append(part)
    cols: dict[str, np.ndarray] = {"value": y}
    for col in POINT_COLUMNS:
        if col in ("value", "target", "target_upper"):
            continue
        cols[col] = np.concatenate([p[col] for p in parts]) if parts else np.zeros(0)
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
    work = panel.sort_values(["pi_code", "quarter_index"], kind="stable")
    cumulative = work["measure_type"].eq("cumulative") if cumulative_own_figure else pd.Series(False, work.index)
    figure = work["value"].where(~cumulative, work["quarter_value"])
    target = work["target"].astype(float)
    prev = target.groupby(work["pi_code"]).shift(1)
    prev_q = work["quarter_index"].groupby(work["pi_code"]).shift(1)
    count = cumulative & work["unit"].eq("count") & work["q"].gt(1)
    step = target - prev.where(prev_q.eq(work["quarter_index"] - 1))
    target = target.where(~count, step)
    upper = work["target_upper"].astype(float) if "target_upper" in work else pd.Series(np.nan, work.index)
    keep = (work["quarter_index"] <= quarter_index) & work["due"].astype(bool) & figure.notna()
    order = {c: i for i, c in enumerate(panel["pi_code"].drop_duplicates())}
    out = pd.DataFrame({
        "pi_code": work["pi_code"], "quarter_index": work["quarter_index"].astype(int),
        "quarter": work["quarter"], "good_direction": work["good_direction"],
        "figure": figure.astype(float), "target": target, "target_upper": upper,
    })[keep]
    return out.sort_values(["pi_code", "quarter_index"], key=lambda s: s.map(order) if s.name == "pi_code" else s,
                           kind="stable").reset_index(drop=True)


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
    settings = _settings(panel, catalogue)
    frames = []
    for code, rows in figures.groupby("pi_code", sort=False):
        base = settings.at[code, "spc_baseline"] if code in settings.index else pd.NA
        rebase_at = _rebase_quarters(settings.at[code, "spc_rebase"]) if code in settings.index else []
        qis = rows["quarter_index"].to_numpy()
        positions = {int(np.searchsorted(qis, r, side="left")) for r in rebase_at if r <= quarter_index}
        positions = [p for p in positions if 0 < p < len(qis)]
        direction = rows["good_direction"].iloc[0]
        res = spc_series(rows["figure"].to_numpy(), direction, rows["target"].to_numpy(),
                         rows["target_upper"].to_numpy(), baseline=None if pd.isna(base) else int(base),
                         rebase_positions=positions)
        res.insert(0, "pi_code", code)
        res.insert(1, "quarter_index", qis)
        res.insert(2, "quarter", rows["quarter"].to_numpy())
        res.insert(3, "good_direction", direction)
        frames.append(res)
    if not frames:
        return pd.DataFrame(columns=["pi_code", "quarter_index", "quarter", "good_direction", *POINT_COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    out.attrs = {}
    return out


def spc_summary(panel: pd.DataFrame, quarter_index: int, catalogue: Catalogue | pd.DataFrame | None = None,
                cumulative_own_figure: bool = True) -> pd.DataFrame:
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
    points = spc_points(panel, quarter_index, catalogue, cumulative_own_figure)
    codes = panel["pi_code"].drop_duplicates().tolist()
    measure = panel.drop_duplicates("pi_code").set_index("pi_code")["measure_type"]
    direction = panel.drop_duplicates("pi_code").set_index("pi_code")["good_direction"]
    rows = []
    grouped = dict(tuple(points.groupby("pi_code", sort=False))) if len(points) else {}
    for code in codes:
        pts = grouped.get(code)
        own = cumulative_own_figure and measure.get(code) == "cumulative"
        row = {"pi_code": code, "spc_variation": TOO_FEW, "spc_assurance": NO_ASSURANCE, "n_points": 0,
               "mean": np.nan, "lcl": np.nan, "ucl": np.nan, "spc_rule": "", "spc_last_period": None,
               "spc_last_value": np.nan, "spc_target": np.nan, "spc_target_upper": np.nan,
               "spc_figure": "quarter's own figure" if own else "value"}
        if pts is not None and len(pts):
            last = pts.iloc[-1]
            row.update({
                "spc_variation": variation(pts),
                "spc_assurance": assurance(last["lcl"], last["ucl"], direction.get(code), last["target"],
                                           last["target_upper"]),
                "n_points": len(pts), "mean": last["mean"], "lcl": last["lcl"], "ucl": last["ucl"],
                "spc_rule": last["rule"], "spc_last_period": last["quarter"], "spc_last_value": last["value"],
                "spc_target": last["target"], "spc_target_upper": last["target_upper"],
            })
        rows.append(row)
    out = pd.DataFrame(rows)
    out["n_points"] = out["n_points"].astype(int)
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
