"""The year-end outturn of each Performance Indicator, and whether it meets its target.

The outturn is the year's figure that the year-end target is judged on. It
depends on the PI's measure type (``docs/forecast.md``):

* ``cumulative`` count: the year to date at Q4, the sum of the four quarters'
  own figures;
* ``cumulative`` or ``in_quarter`` rate with a numerator and denominator: the
  pooled rate 100 x (sum of numerators) / (sum of denominators);
* ``in_quarter`` without a numerator and denominator: the mean of the four
  quarters' figures (the target of an in-quarter PI is a quarter's figure, so
  the mean keeps the outturn on the target's scale);
* ``snapshot``: the position at the end of Q4.

The same rule applied to the quarters so far gives the *figure so far* at the
end of Q1, Q2 and Q3, from which :mod:`perflib.forecast` works. A figure that
needs a quarter with no usable figure is missing (NaN).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perflib.quarters import fy_start

SUM, POOLED, MEAN, LAST = "sum", "pooled", "mean", "last"

#: The outturn rule of each rule code, in words.
RULE_WORDS: dict[str, str] = {
    SUM: "sum of the four quarters",
    POOLED: "pooled rate of the four quarters",
    MEAN: "mean of the four quarters",
    LAST: "position at the end of Q4",
}

_PI_COLUMNS = ["pi_code", "frequency", "measure_type", "unit", "decimals", "good_direction"]


def round_half_up(values: np.ndarray | pd.Series, decimals: np.ndarray | pd.Series) -> np.ndarray:
    """Round each value to its own number of decimals, halves away from zero (62.25 to 62.3).

    Parameters
    ----------
    values, decimals : array-like of the same length (or broadcastable)

    Returns
    -------
    ndarray of float
    """
    v = np.asarray(values, dtype=float)
    scale = 10.0 ** np.asarray(decimals, dtype=float)
    return np.sign(v) * np.floor(np.abs(v) * scale + 0.5 + 1e-9) / scale


def outturn_rule(frame: pd.DataFrame) -> pd.Series:
    """How each row's PI makes its year's figure: ``sum``, ``pooled``, ``mean`` or ``last``.

    Parameters
    ----------
    frame : DataFrame
        Columns ``measure_type`` and ``denominator_label`` (NA when the PI has
        no numerator and denominator).

    Returns
    -------
    Series of str
    """
    mt = frame["measure_type"]
    ratio = frame["denominator_label"].notna()
    rule = np.select([mt.eq("snapshot"), ratio, mt.eq("cumulative")], [LAST, POOLED, SUM], default=MEAN)
    return pd.Series(rule, index=frame.index)


def _wide(rows: pd.DataFrame, keys: pd.MultiIndex, column: str) -> np.ndarray:
    """``column`` as an array of (PI-year in ``keys`` order, quarter 1..4), NaN where the panel has no row."""
    series = rows.set_index(["pi_code", "fy_start", "q"])[column]
    series = series[~series.index.duplicated()]
    return series.unstack("q").reindex(index=keys, columns=[1, 2, 3, 4]).to_numpy(dtype=float)


def _so_far(rule: np.ndarray, value: np.ndarray, num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """The figure so far at the end of each quarter (columns Q1..Q4) by outturn rule."""
    present = np.where((rule == POOLED)[:, None], ~np.isnan(num) & ~np.isnan(den), ~np.isnan(value))
    complete = np.cumprod(present, axis=1).astype(bool)
    n = np.arange(1, 5, dtype=float)
    csum = np.cumsum(np.nan_to_num(value), axis=1)
    cnum, cden = np.cumsum(np.nan_to_num(num), axis=1), np.cumsum(np.nan_to_num(den), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.where(cden > 0, 100.0 * cnum / cden, np.nan)
    r = rule[:, None]
    figure = np.select([r == SUM, r == POOLED, r == MEAN], [csum, pooled, csum / n], default=value)
    return np.where(complete | (r == LAST), figure, np.nan)


def _first_gap(rule: np.ndarray, figure: np.ndarray) -> np.ndarray:
    """The first quarter (1..k) whose missing figure leaves the figure so far at Q``k`` missing, 0 if none.

    ``figure`` holds the figures so far at Q1..Q``k``; a snapshot needs only Q``k``'s own figure.
    """
    missing = np.isnan(figure)
    first = np.where(missing.any(axis=1), missing.argmax(axis=1) + 1, 0)
    last = np.where(missing[:, -1], figure.shape[1], 0)
    return np.where(rule == LAST, last, first)


def year_figures(panel: pd.DataFrame) -> pd.DataFrame:
    """One row per PI per financial year: the figure so far after each quarter and the outturn.

    Parameters
    ----------
    panel : DataFrame
        The rated panel (``perflib.pipeline.build_panel``): one row per PI per
        quarter with ``pi_code, fy_start, q, frequency, measure_type, unit,
        decimals, good_direction, denominator_label, due, quarter_value,
        numerator, denominator``.

    Returns
    -------
    DataFrame
        ``pi_code, fy_start`` and the PI's attributes, ``rule`` (see
        :data:`RULE_WORDS`), ``so_far_1`` .. ``so_far_4`` (unrounded; missing
        where a quarter needed has no usable figure), ``gap_1`` .. ``gap_4``
        (the first quarter whose figure is missing, 0 if none) and ``outturn``
        (``so_far_4`` rounded to the PI's decimals, halves away from zero).
    """
    rows = panel.assign(
        quarter_value=panel["quarter_value"].where(panel["due"]),
        numerator=panel["numerator"].where(panel["due"]),
        denominator=panel["denominator"].where(panel["due"]),
    )
    keys = rows.drop_duplicates(["pi_code", "fy_start"])[["pi_code", "fy_start"]]
    out = keys.merge(rows.drop_duplicates("pi_code")[_PI_COLUMNS + ["denominator_label"]], on="pi_code")
    rule = outturn_rule(out).to_numpy()
    index = pd.MultiIndex.from_frame(out[["pi_code", "fy_start"]])
    figure = _so_far(rule, *(_wide(rows, index, c) for c in ("quarter_value", "numerator", "denominator")))
    for k in range(4):
        out[f"so_far_{k + 1}"] = figure[:, k]
        out[f"gap_{k + 1}"] = _first_gap(rule, figure[:, : k + 1])
    out["rule"] = rule
    out["outturn"] = round_half_up(out["so_far_4"], out["decimals"])
    return out.drop(columns=["denominator_label"]).reset_index(drop=True)


def meets_target(values: np.ndarray, direction: np.ndarray, target: np.ndarray,
                 upper: np.ndarray) -> np.ndarray:
    """Whether each value is on or better than its target (Green), edges included.

    Parameters
    ----------
    values : ndarray
        Values already rounded to the PI's decimals; any shape whose trailing
        axis broadcasts against the other arguments, or the other arguments may
        carry a trailing axis of length 1.
    direction, target, upper : ndarray
        ``higher``, ``lower`` or ``range``; the target; the band's upper edge
        (range only).

    Returns
    -------
    ndarray of bool
        ``higher``: value >= target; ``lower``: value <= target; ``range``:
        target <= value <= upper. False where anything is missing.
    """
    with np.errstate(invalid="ignore"):
        higher = (direction == "higher") & (values >= target)
        lower = (direction == "lower") & (values <= target)
        band = (direction == "range") & (values >= target) & (values <= upper)
    return higher | lower | band


def year_end_targets(catalogue_targets: pd.DataFrame) -> pd.DataFrame:
    """The year-end target of each PI and year from the catalogue's ``targets.csv`` table.

    Parameters
    ----------
    catalogue_targets : DataFrame
        Columns ``pi_code``, ``financial_year`` (e.g. ``"2023-24"``) or
        ``fy_start``, ``target``, ``target_upper`` and optionally ``q4_target``.

    Returns
    -------
    DataFrame
        ``pi_code, fy_start, target, target_upper``: the Q4 profile target where
        given, otherwise the year's target.
    """
    t = catalogue_targets
    start = t["fy_start"] if "fy_start" in t else t["financial_year"].map(fy_start)
    q4 = t["q4_target"].astype(float) if "q4_target" in t else pd.Series(np.nan, index=t.index)
    return pd.DataFrame({"pi_code": t["pi_code"], "fy_start": start.astype(int),
                         "target": q4.fillna(t["target"].astype(float)),
                         "target_upper": t["target_upper"].astype(float)}).reset_index(drop=True)
